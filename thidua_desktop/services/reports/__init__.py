"""Reports: statistics over the award facts (by year, title, level, unit, gender, dân tộc, phân loại) with the
records behind each figure, the statistical forms (06xx) filled from their data files, and their workbooks.

May import domain, store (chiefly ``store.awards``), services.documents and openpyxl; never Qt.
"""
