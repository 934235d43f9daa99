"""Printing certificates: preview, the template editor, printer calibration and the QPainter drawing.

May import domain, store, services and the shared ui modules."""
