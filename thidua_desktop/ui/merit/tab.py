"""Tab “Hồ sơ thi đua”: the yearly xếp loại of a unit entered in a grid, the
award history (lịch sử khen thưởng), sáng kiến, kỷ luật and matters under way —
one page each, in this package."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .discipline import DisciplinePage
from .evaluations import EvaluationPage
from .history import HistoryPage
from .initiatives import InitiativePage


class MeritTab(QWidget):
    counts_changed = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.evaluations = EvaluationPage(window)
        self.history = HistoryPage(window)
        self.initiatives = InitiativePage(window)
        self.disciplines = DisciplinePage(window)
        self.pages = QTabWidget()
        self.pages.addTab(self.evaluations, "Xếp loại hằng năm")
        self.pages.addTab(self.history, "Lịch sử khen thưởng")
        self.pages.addTab(self.initiatives, "Sáng kiến")
        self.pages.addTab(self.disciplines, "Kỷ luật, vụ việc")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def unsaved_work(self) -> str:
        return self.evaluations.unsaved_work()

    def save_unsaved_work(self) -> bool:
        """Lưu before closing; False when something is still not saved."""
        self.evaluations.save()
        return not self.evaluations.pending()

    def reload(self) -> None:
        self.evaluations.reload()
        self.history.reload()
        self.initiatives.reload()
        self.disciplines.reload()
        self.counts_changed.emit(f"Lịch sử khen thưởng: {self.history.model.rowCount()} dòng")
