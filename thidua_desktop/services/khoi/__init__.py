"""Khối / cụm thi đua: scoring view and writes, score-sheet import, member workbooks, the summary table.

May import domain, store, services.imports.sheet (reading) and services.documents (writing files); no Qt.
"""
