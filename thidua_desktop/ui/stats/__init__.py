"""The Thống kê tab: statistics of a year or a range grouped one way, with a chart, the records behind a figure,
the export of the table and chart (.xlsx, PNG) and the statistical forms (06xx).

May import domain, store, services (chiefly ``services.reports``) and the shared ui modules; PySide6.QtCharts if present.
"""
