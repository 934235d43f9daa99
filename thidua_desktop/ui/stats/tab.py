"""Tab “Thống kê”: the awards of a year or a range of years grouped one way (title, level, unit …), with its
chart; a double-click on a figure lists the records behind it; the table and chart go to .xlsx, the chart to
PNG; the statistical forms (Biểu 0601.N …) are filled for a reporting year."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.limits import record_years
from ...domain.votes import format_money
from ...services.reports import stats as report_stats
from ...services.reports.forms import available_forms
from ...services.reports.stats import BY, StatRow, StatsTable
from ...store.records import ValidationError
from ..fast_table import FastTableModel
from ..widgets import FlowLayout, action_buttons, fit_combo, labelled, remember_splitter, table_view
from .chart import StatsChart

#: records listed under the table at most (a figure of ten years can be half a million)
DRILL_LIMIT = 20_000


class StatsModel(FastTableModel):
    """The rows of a :class:`StatsTable`: the group, a column per year (a range), individuals, collectives,
    total and money. Kept in the table's own order."""

    def __init__(self, parent=None):
        super().__init__(parent, sort_column=-1)
        self.table: StatsTable | None = None
        self.COLUMNS = (("label", "Nhóm"), ("ca_nhan", "Cá nhân"), ("tap_the", "Tập thể"), ("tong", "Tổng"),
                        ("tien", "Tiền thưởng (đồng)"))

    def show(self, table: StatsTable | None) -> None:
        self.table = table
        years = table.years if table is not None and len(table.years) > 1 else []
        label = BY[table.by] if table is not None else "Nhóm"
        self.COLUMNS = (("label", label), *((f"y{y}", f"Năm {y}") for y in years), ("ca_nhan", "Cá nhân"),
                        ("tap_the", "Tập thể"), ("tong", "Tổng"), ("tien", "Tiền thưởng (đồng)"))
        rows = []
        for i, r in enumerate(table.rows if table is not None else []):
            row = {"id": i, "label": r.label, "ca_nhan": r.individuals, "tap_the": r.collectives, "tong": r.total,
                   "tien": r.money}
            row.update({f"y{y}": r.by_year.get(y, 0) for y in years})
            rows.append(row)
        self.load(rows)

    def display(self, row: dict, field: str) -> str:
        value = row[field]
        if field == "tien":
            return format_money(value) if value else "0"
        return str(value)

    def role_data(self, row: dict, field: str, role):
        if role == Qt.ItemDataRole.TextAlignmentRole and field != "label":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def stat_row(self, view_row: int) -> StatRow:
        return self.table.rows[self.row_id(view_row)]


class RecordsModel(FastTableModel):
    """The award facts behind a figure."""

    COLUMNS = (("nam", "Năm"), ("danh_hieu", "Danh hiệu, hình thức"), ("ten", "Họ tên / tập thể"),
               ("don_vi", "Đơn vị"), ("cap", "Cấp"), ("so", "Số quyết định"), ("ngay", "Ngày"),
               ("nguon", "Nguồn, cơ quan ban hành"), ("tien", "Tiền thưởng (đồng)"))
    NAME_FIELDS = frozenset({"ten"})

    def show(self, facts) -> None:
        self.load([{"id": i, "nam": f.nam, "danh_hieu": f.ten_danh_hieu, "ten": f.ten, "don_vi": f.don_vi,
                    "cap": f.level_label, "so": f.so, "ngay": f.ngay.strftime("%d/%m/%Y") if f.ngay else "",
                    "nguon": f.co_quan_ban_hanh or f.source_label,
                    "tien": format_money(f.tien_thuong) if f.tien_thuong else ""} for i, f in enumerate(facts)])

    def sort_key(self, row: dict, field: str):
        if field == "nam":
            return row["nam"]
        return super().sort_key(row, field)


def _year_spin(name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(*record_years())
    spin.setValue(dt.date.today().year)
    spin.setKeyboardTracking(False)  # a year typed is taken when whole (Enter, Tab), not digit by digit
    return spin


class StatsTab(QWidget):
    counts_changed = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.stale = True
        self._defaults_set = False
        self.first_year = _year_spin("statsFirstYear")
        self.last_year = _year_spin("statsLastYear")
        self.by_combo = fit_combo(QComboBox())
        self.by_combo.setObjectName("statsBy")
        for key, label in BY.items():
            self.by_combo.addItem(label, key)
        for control in (self.first_year, self.last_year):
            control.valueChanged.connect(lambda *_: self.reload())
        self.by_combo.currentIndexChanged.connect(lambda *_: self.reload())

        self.model = StatsModel(self)
        self.table = table_view("statsTable", self.model, (260,),
                                empty="Chưa có khen thưởng nào trong những năm này. Khen thưởng được ghi khi ban "
                                      "hành quyết định (tab Quyết định), ghi quyết định của cấp trên (tab Đề nghị "
                                      "cấp trên) hoặc nhập lịch sử khen thưởng (Tệp → Nhập).")
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setDefaultSectionSize(84)  # figures: a year a column fits at 1024 px
        self.table.doubleClicked.connect(lambda index: self.show_records(index.row(), index.column()))
        self.chart = StatsChart()
        self.total_label = QLabel()
        self.total_label.setObjectName("statsTotal")
        self.total_label.setWordWrap(True)

        self.records_model = RecordsModel(self)
        self.records = table_view("statsRecords", self.records_model, (50, 190, 190, 170, 80, 110, 80, 170),
                                  sort_column=0,
                                  empty="Bấm đúp vào một con số của bảng trên để xem các khen thưởng làm nên nó.")
        self.records_label = QLabel("Các khen thưởng của con số đang chọn")
        self.records_label.setObjectName("statsRecordsLabel")

        self.actions, buttons = action_buttons(self, "stats", (
            ("records", "Xem &chi tiết", QKeySequence(Qt.Key.Key_Return), self.show_selected_records),
            ("export", "Xuất E&xcel…", QKeySequence("Ctrl+Alt+E"), self.export_table),
            ("png", "Lưu biểu đồ &PNG…", QKeySequence("Ctrl+Alt+P"), self.save_chart),
        ))
        form_actions, form_button = action_buttons(self, "stats", (
            ("form", "&Lập biểu…", QKeySequence("Ctrl+Alt+L"), self.export_form),
            ("report", "Báo cáo ph&ong trào…", QKeySequence("Ctrl+Alt+O"), self.export_campaign_report),
        ))
        self.actions.update(form_actions)
        self.form_combo = fit_combo(QComboBox(), 30)
        self.form_combo.setObjectName("statsForm")
        self.report_year = _year_spin("statsReportYear")
        self.report_year.setToolTip("Kỳ báo cáo từ 01/12 năm trước đến 30/11 năm này")
        self.campaign_combo = fit_combo(QComboBox(), 24)
        self.campaign_combo.setObjectName("statsCampaign")
        self.campaign_combo.setToolTip("Phong trào của Báo cáo sơ kết / tổng kết (.docx)")

        controls = FlowLayout()
        controls.addWidget(labelled("Từ nă&m:", self.first_year))
        controls.addWidget(labelled("Đến &năm:", self.last_year))
        controls.addWidget(labelled("Nhóm t&heo:", self.by_combo))
        forms_row = FlowLayout()
        forms_row.addWidget(labelled("Biểu &số:", self.form_combo))
        forms_row.addWidget(labelled("Năm &báo cáo:", self.report_year))
        forms_row.addWidget(form_button.takeAt(0).widget())  # each button beside what it makes
        forms_row.addWidget(labelled("Phong trào:", self.campaign_combo))
        forms_row.addWidget(form_button.takeAt(0).widget())

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.chart)
        top.setSizes([560, 440])
        remember_splitter(top, "statsTop")
        bottom = QWidget()
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.records_label)
        column.addWidget(self.records, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([420, 220])
        remember_splitter(split, "statsRecords")
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.total_label)
        layout.addLayout(buttons)
        layout.addLayout(forms_row)
        self.current: StatsTable | None = None

    @property
    def db(self):
        return self.window.db

    def _set_defaults(self) -> None:
        """The first time: the last year that has awards, and the forms the program knows."""
        self._defaults_set = True
        latest = report_stats.latest_year(self.db) or dt.date.today().year
        for spin in (self.first_year, self.last_year):
            spin.blockSignals(True)
            spin.setValue(latest)
            spin.blockSignals(False)
        self.report_year.setValue(latest + 1)  # a year's titles are decided in the period ending next 30/11
        try:
            for form in available_forms():
                self.form_combo.addItem(f"{form.code} — {form.name}", form.code)
        except Exception as exc:  # a broken form file of the user's: the tab still works, the list says why
            self.form_combo.addItem(f"Biểu mẫu hỏng: {exc}", None)

    def _fill_campaigns(self) -> None:
        from ...store.records import list_campaigns

        chosen = self.campaign_combo.currentData()
        self.campaign_combo.clear()
        for c in list_campaigns(self.db):
            self.campaign_combo.addItem(f"{c.ten} ({c.period_label})", c.id)
        if chosen is not None and (i := self.campaign_combo.findData(chosen)) >= 0:
            self.campaign_combo.setCurrentIndex(i)
        self.actions["report"].setEnabled(self.campaign_combo.count() > 0)

    def reload(self) -> None:
        if not self._defaults_set:
            self._set_defaults()
        self._fill_campaigns()
        first, last = self.first_year.value(), self.last_year.value()
        try:
            table = report_stats.statistics(self.db, first, max(first, last), by=self.by_combo.currentData())
        except ValidationError as exc:
            table = None
            self.total_label.setText(str(exc))
        self.current = table
        self.model.show(table)
        self.table.setColumnWidth(0, 260)
        self.chart.show_table(table)
        self.records_model.show([])
        self.records_label.setText("Các khen thưởng của con số đang chọn")
        if table is not None:
            self.total_label.setText(self._total_text(table.total))
        for key in ("export", "records"):
            self.actions[key].setEnabled(bool(table and table.rows))
        self.actions["png"].setEnabled(self.chart.has_chart())
        self.counts_changed.emit(f"Thống kê: {table.total.total} lượt khen thưởng" if table else "Thống kê")

    @staticmethod
    def _total_text(t: StatRow) -> str:
        def n(x: int) -> str:
            return f"{x:,}".replace(",", ".")
        money = f", tiền thưởng {format_money(t.money)} đồng" if t.money else ""
        return (f"Tổng cộng {n(t.total)} lượt khen thưởng ({n(t.individuals)} cá nhân, {n(t.collectives)} tập thể)"
                f"{money}. Bấm đúp một con số để xem từng khen thưởng.")

    # --- drill-down ---------------------------------------------------------------------------------------
    def show_selected_records(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.show_records(index.row(), index.column())

    def show_records(self, view_row: int, column: int) -> None:
        """The records behind the figure at ``view_row``, ``column`` (the group's label: all of the row)."""
        table = self.current
        if table is None or not (0 <= view_row < self.model.rowCount()):
            return
        row = self.model.stat_row(view_row)
        field = self.model.COLUMNS[column][0]
        year = int(field[1:]) if field.startswith("y") else None
        individuals = {"ca_nhan": True, "tap_the": False}.get(field)
        facts = report_stats.records_behind(self.db, table, row, year=year, individuals=individuals,
                                            limit=DRILL_LIMIT)
        self.records_model.show(facts)
        what = {"ca_nhan": "cá nhân", "tap_the": "tập thể"}.get(field, "")
        scope = f"năm {year}" if year else (f"năm {table.first_year}" if table.first_year == table.last_year
                                             else f"{table.first_year}–{table.last_year}")
        more = f" (hiện {DRILL_LIMIT:,} lượt đầu; xuất Excel để có đủ)".replace(",", ".") \
            if len(facts) >= DRILL_LIMIT else ""
        self.records_label.setText(f"{row.label}{', ' + what if what else ''}, {scope}: {len(facts)} lượt{more}")

    # --- exports ------------------------------------------------------------------------------------------
    def _save_path(self, title: str, name: str, filters: str, suffix: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        if not path:
            return None
        return Path(path if path.lower().endswith(suffix) else path + suffix)

    def export_table(self) -> None:
        from ...services.reports.stats_xlsx import export_stats

        table = self.current
        if table is None or not table.rows:
            return
        path = self._save_path("Xuất bảng thống kê", f"thong-ke-{table.by}-{table.first_year}-{table.last_year}.xlsx",
                               "Excel (*.xlsx)", ".xlsx")
        if path and self.window.perform(lambda: export_stats(self.db, table, path)):
            self.window.statusBar().showMessage(f"Đã xuất bảng thống kê và biểu đồ ra {path}", 8000)

    def save_chart(self) -> None:
        if not self.chart.has_chart():
            return
        path = self._save_path("Lưu biểu đồ", "bieu-do-thong-ke.png", "Ảnh PNG (*.png)", ".png")
        if path and self.window.perform(lambda: self.chart.save_png(path)):
            self.window.statusBar().showMessage(f"Đã lưu biểu đồ ra {path}", 8000)

    def export_form(self) -> None:
        from ...services.reports.form_xlsx import write_form
        from ...services.reports.forms import fill_form

        code, year = self.form_combo.currentData(), self.report_year.value()
        if not code:
            return
        path = self._save_path(f"Lập biểu {code}", f"bieu-{code}-{year}.xlsx", "Excel (*.xlsx)", ".xlsx")
        if path and self.window.perform(lambda: write_form(fill_form(self.db, code, year), path)):
            self.window.statusBar().showMessage(f"Đã lập biểu {code} năm {year} ra {path}", 8000)

    def export_campaign_report(self) -> None:
        from ...services.documents.word.documents import write_document

        campaign_id = self.campaign_combo.currentData()
        if campaign_id is None:
            return
        path = self._save_path("Báo cáo sơ kết / tổng kết phong trào", "bao-cao-phong-trao.docx",
                               "Word (*.docx)", ".docx")
        if path and self.window.perform(lambda: write_document(self.db, "bao_cao_tong_ket", campaign_id, path)):
            self.window.statusBar().showMessage(f"Đã lập báo cáo phong trào ra {path}; các phần nhận xét để "
                                                "trống cho người soạn viết.", 8000)

    def printable_list(self):
        """Tệp → In danh sách: the statistics table as shown."""
        from ..list_print import PrintableList

        return PrintableList("Thống kê khen thưởng", self.table,
                             [self.current.title[0].upper() + self.current.title[1:]] if self.current else [])
