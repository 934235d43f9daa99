"""The Qt binding must not corrupt Python's reference counts.

PySide6 6.12.0 released one reference to ``None`` on every call of a method
returning nothing; on Python 3.11 (where None is not immortal) the app then
died at exit or mid-session with "Fatal Python error: none_dealloc". This
guards the pinned version and any upgrade."""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem


def test_void_calls_keep_the_reference_count_of_none(qapp):
    table = QTableWidget(0, 3)
    item = QTableWidgetItem("x")
    combo = QComboBox()
    combo.addItem("a", None)
    before = sys.getrefcount(None)
    for _ in range(200):
        table.setRowCount(2)
        table.setItem(0, 0, QTableWidgetItem("y"))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight)
        table.resizeColumnsToContents()
        combo.currentData()
    assert sys.getrefcount(None) >= before - 5
