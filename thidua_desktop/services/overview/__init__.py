"""Tổng quan: the facts of the first tab — the running campaign and its deadlines, what is left to do and where,
figures of the year. May import domain, store and services.backup; never ui.
"""
