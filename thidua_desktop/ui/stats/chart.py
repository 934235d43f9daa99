"""The chart of a statistics table (Qt Charts): a bar per group for one year, bars per year for a range (the
trend of each group). Without Qt Charts (a build that left PySide6-Addons out) a plain note stands in its place."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from ...services.reports.stats import StatsTable

try:  # PySide6-Addons
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QChartView,
        QHorizontalBarSeries,
        QValueAxis,
    )
except ImportError:  # pragma: no cover - the wheel always has it; a trimmed build may not
    QChart = None

#: groups shown by name; the rest are summed as "Khác"
MAX_GROUPS = 8


def charts_available() -> bool:
    return QChart is not None


def _short(label: str, n: int = 28) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


class StatsChart(QStackedWidget):
    """The chart of the table shown, or a note when there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statsChart")
        self.note = QLabel()
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #6b6b6b;")
        self.addWidget(self.note)
        self.view = None
        if charts_available():
            self.view = QChartView()
            self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.view.setMinimumHeight(180)
            self.addWidget(self.view)
        self.show_table(None)

    def show_table(self, table: StatsTable | None) -> None:
        if self.view is None:
            self.note.setText("Không có thành phần vẽ biểu đồ (Qt Charts) trong bản cài đặt này; bảng số liệu và "
                              "tệp Excel (có biểu đồ) vẫn dùng được.")
            self.setCurrentWidget(self.note)
            return
        if table is None or not table.rows:
            self.note.setText("Biểu đồ hiện khi có số liệu.")
            self.setCurrentWidget(self.note)
            return
        self.view.setChart(self._chart(table))
        self.setCurrentWidget(self.view)

    @staticmethod
    def _chart(table: StatsTable):
        chart = QChart()
        chart.setTitle(table.title[0].upper() + table.title[1:])
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        rows = sorted(table.rows, key=lambda r: -r.total)
        shown, rest = rows[:MAX_GROUPS], rows[MAX_GROUPS:]
        top = 0
        if len(table.years) > 1:  # a set per group over the years: the trend
            series = QBarSeries()
            for row in shown:
                bar = QBarSet(_short(row.label))
                bar.append([float(row.by_year.get(y, 0)) for y in table.years])
                series.append(bar)
                top = max([top, *row.by_year.values()])
            if rest:
                bar = QBarSet("Khác")
                values = [float(sum(r.by_year.get(y, 0) for r in rest)) for y in table.years]
                bar.append(values)
                series.append(bar)
                top = max([top, *values])
            categories = [str(y) for y in table.years]
        else:  # one year: a bar per group
            series = QHorizontalBarSeries()
            bar = QBarSet("Số lượt")
            labels = [_short(r.label) for r in shown] + (["Khác"] if rest else [])
            values = [float(r.total) for r in shown] + ([float(sum(r.total for r in rest))] if rest else [])
            bar.append(values[::-1])
            series.append(bar)
            categories = labels[::-1]
            top = max(values, default=0)
            chart.legend().hide()
        chart.addSeries(series)
        categories_axis = QBarCategoryAxis()
        categories_axis.append(categories)
        values_axis = QValueAxis()
        values_axis.setRange(0, max(1, top * 1.1))
        values_axis.setLabelFormat("%d")
        values_axis.applyNiceNumbers()
        horizontal = isinstance(series, QHorizontalBarSeries)
        chart.addAxis(categories_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories_axis)
        series.attachAxis(values_axis)
        return chart

    def has_chart(self) -> bool:
        return self.view is not None and self.currentWidget() is self.view

    def save_png(self, path: Path | str) -> None:
        """The chart as shown on screen, as a PNG (written whole or not at all)."""
        from ...services.documents.output import atomic_write

        pixmap = self.view.grab()
        if pixmap.isNull():
            raise OSError("không vẽ được biểu đồ")

        def write(tmp: Path) -> None:
            if not pixmap.save(str(tmp), "PNG"):
                raise OSError(f"không ghi được ảnh “{tmp.name}”")
        atomic_write(path, write)
