"""Tổng quan, the first tab: the running campaign and its three deadlines
(coloured as they approach), what is left to do — each line a link to the
place to act —, figures of the year with the awards of the last five years as
a small bar chart, and first steps while the file is still being set up.

The facts come from :mod:`thidua_desktop.services.overview.facts` (a moment
on the 50,000-person demo); how many registrations do not meet their
conditions needs the whole season and is checked in the background, with the
Đăng ký tab's job.
"""
from __future__ import annotations

import time
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, QThread
from PySide6.QtGui import QAction, QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...services.overview.facts import Item, Overview, overview
from ...store.db import db_path
from ..registrations.checks import EligibilityJob

#: seconds the eligibility check waits before it starts
PAINT_FIRST_S = 0.3

#: colour of a deadline by how close it is, of an item by its level
DEADLINE_COLOURS = {"none": "#6b6b6b", "past": "#6b6b6b", "urgent": "#b00020", "soon": "#a15c00", "later": "#1b7f3b"}
ITEM_MARKS = {"ok": ("✓", "#1b7f3b"), "todo": ("●", "#a15c00"), "warn": ("⚠", "#b00020"), "info": ("ℹ", "#1a5fb4")}


class BarChart(QWidget):
    """A small painted bar chart of (label, value) pairs."""

    def __init__(self):
        super().__init__()
        self.setObjectName("overviewChart")
        self.values: tuple[tuple[str, int], ...] = ()
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 170)

    def set_values(self, values) -> None:
        self.values = tuple(values)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(6, line + 4, -6, -line - 4)
        if not self.values or area.width() <= 0:
            return
        if not any(v for _, v in self.values):
            painter.setPen(QColor("#6b6b6b"))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "Chưa có khen thưởng nào trong 5 năm.")
            return
        top = max(v for _, v in self.values)
        slot = area.width() / len(self.values)
        for i, (label, value) in enumerate(self.values):
            height = area.height() * value / top
            bar = QRectF(area.left() + i * slot + slot * 0.2, area.bottom() - height, slot * 0.6, height)
            painter.fillRect(bar, QColor("#3b6fb6"))
            painter.setPen(QColor("#202020"))
            painter.drawText(QRectF(bar.left() - slot * 0.2, bar.top() - line - 2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, f"{value:,}".replace(",", "."))
            painter.drawText(QRectF(area.left() + i * slot, area.bottom() + 2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, label)
        painter.end()


class _LaterJob(EligibilityJob):
    """The Đăng ký tab's check, started once the page is on screen: loading a
    season holds the interpreter a while, the page is drawn first."""

    def run(self) -> None:
        time.sleep(PAINT_FIRST_S)  # sleeping lets the main thread run
        super().run()


def _link(item: Item) -> str:
    mark, colour = ITEM_MARKS.get(item.level, ("•", "#202020"))
    text = escape(item.text)
    body = f"<a href='{escape(item.link)}'>{text}</a>" if item.link else text
    return f"<span style='color:{colour}'>{mark}</span>&nbsp;{body}"


class OverviewTab(QWidget):
    """The first tab."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.stale = True
        self.facts: Overview | None = None
        self._jobs: list = []
        self._generation = 0
        self._next_check: int | None = None  # a campaign to check once the running check ends

        self.heading = QLabel()
        self.heading.setObjectName("overviewHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.linkActivated.connect(self.follow)
        self.deadlines = QHBoxLayout()
        self.todo = QVBoxLayout()
        self.steps_box = QGroupBox("Bắt đầu")
        self.steps_box.setObjectName("overviewSteps")
        self.steps = QVBoxLayout(self.steps_box)
        self.figures = QGridLayout()
        self.chart = BarChart()
        chart_title = QLabel("Khen thưởng 5 năm gần đây (cá nhân và tập thể)")
        chart_title.setObjectName("overviewChartTitle")

        todo_box = QGroupBox("Việc cần làm")
        todo_box.setObjectName("overviewTodo")
        todo_box.setLayout(self.todo)
        year_box = QGroupBox("Số liệu trong năm")
        year_box.setObjectName("overviewFigures")
        year_layout = QVBoxLayout(year_box)
        year_layout.addLayout(self.figures)
        year_layout.addSpacing(8)
        year_layout.addWidget(chart_title)
        year_layout.addWidget(self.chart)
        year_layout.addStretch()

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.steps_box)
        left.addWidget(todo_box)
        left.addStretch()
        columns.addLayout(left, 3)
        columns.addWidget(year_box, 2)

        lookup = QPushButton("Tra cứu thành tíc&h… (Ctrl+K)")
        lookup.setObjectName("overviewLookup")
        lookup.setToolTip("Tìm một người hoặc một đơn vị và xem toàn bộ thành tích")
        lookup.clicked.connect(lambda: window.lookup())
        refresh = QPushButton("Làm &mới")
        refresh.setObjectName("overviewRefresh")
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(lookup, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(refresh, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        content.setObjectName("overviewContent")
        layout = QVBoxLayout(content)
        layout.addLayout(top)
        layout.addLayout(self.deadlines)
        layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- loading ----------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1  # a check still running is for data no longer shown
        self.facts = facts = overview(self.window.db, db_file=db_path(self.window.db))
        campaign = facts.campaign
        if campaign is None:
            self.heading.setText(f"<h2>Năm {facts.year}</h2><p>Chưa có phong trào thi đua nào đang diễn ra — "
                                 "<a href='tab:campaigns'>tạo phong trào ở tab Phong trào</a>.</p>")
        else:
            plan = f"{escape(campaign.so_ke_hoach)} — " if campaign.so_ke_hoach else ""
            self.heading.setText(f"<h2>Năm {facts.year}</h2><p>Phong trào đang diễn ra: "
                                 f"<a href='tab:registrations'>{plan}{escape(campaign.ten)}</a> "
                                 f"({escape(campaign.period_label)})</p>")
        _clear(self.deadlines)
        for d in facts.deadlines:
            label = QLabel(escape(d.text))
            label.setObjectName(f"overviewDeadline_{d.level}")
            colour = DEADLINE_COLOURS[d.level]
            label.setStyleSheet(f"QLabel {{ border: 2px solid {colour}; border-radius: 4px; padding: 6px; "
                                f"color: {colour}; font-weight: bold; }}")
            label.setWordWrap(True)
            self.deadlines.addWidget(label, 1)
        _clear(self.todo)
        self.item_labels: dict[str, QLabel] = {}
        for item in facts.items:
            self.todo.addWidget(self._item_label(item))
        if campaign is not None:
            self.eligibility_label = self._item_label(Item("eligibility", "Đang kiểm tra điều kiện của các đăng ký…",
                                                           "info", "tab:registrations"))
            self.todo.insertWidget(2, self.eligibility_label)
            self._check_in_background(campaign.id)
        if not facts.items:
            self.todo.addWidget(QLabel("Chưa có việc nào."))
        _clear(self.steps)
        for item in facts.first_steps:
            self.steps.addWidget(self._item_label(item))
        self.steps_box.setVisible(bool(facts.first_steps))
        _clear(self.figures)
        for row, (label, value) in enumerate(facts.figures):
            self.figures.addWidget(QLabel(label), row, 0)
            number = QLabel(f"<b>{escape(value)}</b>")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures.addWidget(number, row, 1)
        self.chart.set_values(facts.chart)

    def _item_label(self, item: Item) -> QLabel:
        label = QLabel(_link(item))
        label.setObjectName(f"overviewItem_{item.key}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.linkActivated.connect(self.follow)
        self.item_labels[item.key] = label
        return label

    # --- eligibility in the background ---------------------------------------------
    def _check_in_background(self, campaign_id: int) -> None:
        """One check at a time: asked again while one runs, the next starts when it ends."""
        path = db_path(self.window.db)
        if path is None:
            return
        if self._jobs:
            self._next_check = campaign_id
            return
        job = _LaterJob(path, campaign_id, self._generation)
        thread = QThread(self)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(self._checked)
        job.failed.connect(lambda generation, message: self._check_failed(generation, message))
        for signal in (job.done, job.failed):
            signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        self._jobs.append((thread, job))
        thread.finished.connect(lambda: self._forget(thread, job))
        thread.start()

    def _forget(self, thread, job) -> None:
        if (thread, job) in self._jobs:
            self._jobs.remove((thread, job))
        thread.deleteLater()
        campaign_id, self._next_check = self._next_check, None
        if campaign_id is not None and not getattr(self.window, "_closed", False):
            self._check_in_background(campaign_id)

    def wait_for_checks(self, timeout_ms: int = 60_000) -> None:
        """Block until the background checks end (tests, closing)."""
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        while self._jobs:
            for thread, _ in list(self._jobs):
                thread.wait(timeout_ms)
            QApplication.processEvents()  # delivers the results; a check asked for meanwhile starts
        QApplication.processEvents()

    def _checked(self, generation: int, checks, _data) -> None:
        if generation != self._generation:
            return
        blocked = sum(1 for c in checks.values() if c.status == "blocked" and not c.kept)
        if not checks:
            item = Item("eligibility", "Chưa có đăng ký nào để kiểm tra điều kiện.", "info", "tab:registrations")
        elif blocked:
            item = Item("eligibility", f"{blocked}/{len(checks)} đăng ký không đủ điều kiện (chưa giữ lại kèm lý do).",
                        "warn", "tab:registrations:blocked")
        else:
            item = Item("eligibility", f"Cả {len(checks)} đăng ký đủ điều kiện hoặc chỉ chờ dữ liệu.", "ok",
                        "tab:registrations")
        self.eligibility_label.setText(_link(item))

    def _check_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.eligibility_label.setText(escape(f"Không kiểm tra được điều kiện: {message}"))

    # --- links -------------------------------------------------------------------
    def follow(self, link: str) -> None:
        """Go where a line says: a tab (and what to select there) or a window command."""
        kind, _, rest = link.partition(":")
        if kind == "action":
            action = self.window.findChild(QAction, rest)
            if action is not None and action.isEnabled():
                action.trigger()
            return
        if kind != "tab":
            return
        key, _, what = rest.partition(":")
        self.window.select_tab(key)
        tab = self.window.tab(key)
        if not what:
            return
        if key == "registrations" and what == "blocked":
            combo = tab.elig_combo
            combo.setCurrentIndex(max(combo.findData("blocked"), 0))
        elif key == "council":
            combo = tab.meeting_combo
            combo.setCurrentIndex(max(combo.findData(int(what)), 0))
        elif what.isdigit():
            tab.reload(int(what))


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
