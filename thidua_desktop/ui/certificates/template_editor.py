"""Sửa mẫu giấy khen: a template's fields with their numbers, edited with a
live preview (QtPdf) of a real awardee of the selected decision.

Edits are kept in memory until "Lưu mẫu": the template then goes to the
user's template folder, where it replaces the bundled one of the same code
(:func:`~thidua_desktop.services.documents.certificates.save_user_template`);
"Về mẫu gốc" removes that copy. The preview outlines every field's box,
the selected one in red, and is redrawn 150 ms after the last change.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from ...domain.certificates import (
    ALIGNS,
    FONTS,
    CertificateData,
    FieldSpec,
    Template,
    TemplateError,
    format_size,
    template_from_dict,
    template_to_dict,
)
from ...services.documents import certificates as pdf
from ...services.decisions import service as ds
from ...store import decisions as decision_store
from ...store.db import StoreError
from .dialog import layout_with_preview
from ..widgets import confirm, fit_to_screen

ALIGN_LABELS = {"left": "Trái", "center": "Giữa", "right": "Phải"}
FONT_LABELS = {"regular": "Thường", "bold": "Đậm", "italic": "Nghiêng", "bold_italic": "Đậm nghiêng"}
MODE_LABELS = {("full", "phoi"): "Cả hai", ("full",): "Đầy đủ", ("phoi",): "Phôi"}
VN = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)

#: shown when no decision is selected
SAMPLE = CertificateData(
    ten="Nguyễn Thị Phương Thảo", danh_xung="Bà", chuc_vu="Phó Trưởng phòng Chính sách dân tộc",
    thanh_tich="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
    hinh_thuc="GIẤY KHEN", tang="TẶNG", nguoi_quyet_dinh="TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA",
    so_quyet_dinh="125/QĐ-BDT", ngay_quyet_dinh=dt.date(2026, 12, 20), so_so_vang="12", dia_danh="Khánh Hòa",
    ngay_ky=dt.date(2026, 12, 20), chuc_danh_ky="KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", nguoi_ky="Nguyễn Văn An")


class FieldTableModel(QAbstractTableModel):
    """The fields of a template with their numbers (read-only: edited in the panel)."""

    HEADERS = ("Trường", "In khi", "X", "Y", "Rộng", "Cỡ chữ", "Nhỏ nhất", "Dòng", "Căn", "Kiểu chữ")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fields: tuple[FieldSpec, ...] = ()

    def set_fields(self, fields: tuple[FieldSpec, ...]) -> None:
        if len(fields) == len(self.fields):
            self.fields = fields
            self.dataChanged.emit(self.index(0, 0), self.index(len(fields) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self.fields = fields
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self.fields[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (f.display_label, MODE_LABELS.get(tuple(f.modes), ""), format_size(f.x_mm), format_size(f.y_mm),
                format_size(f.width_mm), format_size(f.size_pt), format_size(f.min_pt), str(f.max_lines),
                ALIGN_LABELS.get(f.align, f.align), FONT_LABELS.get(f.font, f.font))[index.column()]


def _spin(name: str, low: float, high: float, step: float = 0.5, suffix: str = " mm") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setLocale(VN)
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)  # typing "12" does not redraw at "1"
    return box


class TemplateEditor(QDialog):
    """Edit one certificate template with a live preview."""

    PREVIEW_DELAY_MS = 150

    def __init__(self, parent, window, decision_id: int | None = None):
        super().__init__(parent)
        self.window = window
        self.db = window.db
        self.setWindowTitle("Sửa mẫu giấy khen, bằng khen")
        self.resize(1280, 760)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        self.templates = pdf.load_templates()
        self.template: Template | None = None
        self.saved: Template | None = None
        self.errors: list[str] = []
        self._loading = False

        self.choice = QComboBox()
        self.choice.setObjectName("templateChoice")
        for code, t in self.templates.items():
            self.choice.addItem(t.name, code)
        self.origin = QLabel()
        self.origin.setObjectName("templateOrigin")
        self.sample = QComboBox()
        self.sample.setObjectName("sampleChoice")
        self.samples: list[CertificateData] = []
        self.full = QCheckBox("In đầy đủ (bỏ chọn: xem như in phôi)")
        self.full.setObjectName("previewFull")
        self.full.setChecked(True)
        self.page_w = _spin("pageWidth", 50, 1000, 1)
        self.page_h = _spin("pageHeight", 50, 1000, 1)

        self.model = FieldTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setObjectName("fieldTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        for column in range(1, len(FieldTableModel.HEADERS)):
            self.table.setColumnWidth(column, 56)

        self.x_mm = _spin("fieldX", 0, 1000)
        self.y_mm = _spin("fieldY", 0, 1000)
        self.width_mm = _spin("fieldWidth", 1, 1000)
        self.size_pt = _spin("fieldSize", 4, 150, 0.5, " pt")
        self.min_pt = _spin("fieldMinSize", 4, 150, 0.5, " pt")
        self.lines = QSpinBox()
        self.lines.setObjectName("fieldLines")
        self.lines.setRange(1, 20)
        self.align = QComboBox()
        self.align.setObjectName("fieldAlign")
        for code in ALIGNS:
            self.align.addItem(ALIGN_LABELS[code], code)
        self.face = QComboBox()
        self.face.setObjectName("fieldFont")
        for code in FONTS:
            self.face.addItem(FONT_LABELS[code], code)
        self.in_full = QCheckBox("giấy trắng")
        self.in_phoi = QCheckBox("phôi")
        self.in_full.setObjectName("fieldInFull")
        self.in_phoi.setObjectName("fieldInPhoi")
        modes = QWidget()
        modes_layout = QHBoxLayout(modes)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        modes_layout.addWidget(self.in_full)
        modes_layout.addWidget(self.in_phoi)
        modes_layout.addStretch(1)

        self.error = QLabel()
        self.error.setObjectName("templateErrors")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.save_button = QPushButton("&Lưu mẫu")
        self.save_button.setObjectName("saveTemplate")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("Về mẫu &gốc")
        self.reset_button.setObjectName("resetTemplate")
        self.reset_button.clicked.connect(self.reset)

        top = QFormLayout()
        top.addRow("&Mẫu:", self.choice)
        top.addRow("", self.origin)
        page = QWidget()
        page_layout = QHBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page_w)
        page_layout.addWidget(QLabel("×"))
        page_layout.addWidget(self.page_h)
        top.addRow("&Khổ giấy:", page)
        top.addRow("&Dữ liệu mẫu:", self.sample)
        top.addRow("", self.full)
        edit = QFormLayout()
        edit.addRow("&X (từ mép trái):", self.x_mm)
        edit.addRow("&Y (từ mép trên):", self.y_mm)
        edit.addRow("&Rộng:", self.width_mm)
        edit.addRow("&Cỡ chữ:", self.size_pt)
        edit.addRow("Cỡ nhỏ nhất khi th&u:", self.min_pt)
        edit.addRow("&Số dòng tối đa:", self.lines)
        edit.addRow("Că&n lề:", self.align)
        edit.addRow("K&iểu chữ:", self.face)
        edit.addRow("In &trên:", modes)
        self.preview = layout_with_preview(
            self, [top, (self.table, 1), QLabel("Trường đang chọn (số đo tính bằng mm, từ góc trên bên trái trang):"),
                   edit, self.error], [self.save_button, self.reset_button], 640)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.redraw)
        self.choice.currentIndexChanged.connect(lambda *_: self.load_template())
        self.sample.currentIndexChanged.connect(lambda *_: self._timer.start())
        self.full.toggled.connect(lambda *_: self._timer.start())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_field())
        for box in (self.x_mm, self.y_mm, self.width_mm, self.size_pt, self.min_pt, self.lines):
            box.valueChanged.connect(lambda *_: self.field_changed())
        for combo in (self.align, self.face):
            combo.currentIndexChanged.connect(lambda *_: self.field_changed())
        for check in (self.in_full, self.in_phoi):
            check.toggled.connect(lambda *_: self.field_changed())
        for box in (self.page_w, self.page_h):
            box.valueChanged.connect(lambda *_: self.page_changed())

        self._decision_id = decision_id
        code = self._decision_template(decision_id)
        if code and self.choice.findData(code) >= 0:
            self.choice.setCurrentIndex(self.choice.findData(code))
        self.load_template()

    # --- loading ----------------------------------------------------------------
    def _decision_template(self, decision_id: int | None) -> str | None:
        if decision_id is None:
            return None
        try:
            return ds.template_code(self.db, decision_store.get_decision(self.db, decision_id))
        except StoreError:
            return None

    def load_template(self) -> None:
        code = self.choice.currentData()
        self.template = self.saved = self.templates[code]
        user = pdf.user_template_path(code)
        self.origin.setText(f"Bản đã sửa, lưu tại {user}" if user.is_file() else "Mẫu gốc của chương trình")
        self.reset_button.setEnabled(user.is_file())
        self._load_samples(code)
        self._loading = True
        self.page_w.setValue(self.template.page_w_mm)
        self.page_h.setValue(self.template.page_h_mm)
        self._loading = False
        self.model.set_fields(self.template.fields)
        self.table.selectRow(0)
        self.show_field()
        self._validate()
        self.redraw()

    def _load_samples(self, code: str) -> None:
        self.samples = []
        if self._decision_id is not None and self._decision_template(self._decision_id) == code:
            try:
                d = decision_store.get_decision(self.db, self._decision_id)
                self.samples = ds.certificate_items(self.db, d, code)[:500]
            except StoreError:
                self.samples = []
        if not self.samples:
            self.samples = [SAMPLE]
        self.sample.blockSignals(True)
        self.sample.clear()
        self.sample.addItems([s.nguoi_nhan or s.ten for s in self.samples])
        self.sample.blockSignals(False)

    def current_field(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else 0

    def show_field(self) -> None:
        if self.template is None or not self.template.fields:
            return
        f = self.template.fields[self.current_field()]
        self._loading = True
        for box in (self.x_mm, self.y_mm, self.width_mm):
            box.setMaximum(max(self.template.page_w_mm, self.template.page_h_mm))
        self.x_mm.setValue(f.x_mm)
        self.y_mm.setValue(f.y_mm)
        self.width_mm.setValue(f.width_mm)
        self.size_pt.setValue(f.size_pt)
        self.min_pt.setValue(f.min_pt)
        self.lines.setValue(f.max_lines)
        self.align.setCurrentIndex(self.align.findData(f.align))
        self.face.setCurrentIndex(self.face.findData(f.font))
        self.in_full.setChecked("full" in f.modes)
        self.in_phoi.setChecked("phoi" in f.modes)
        self._loading = False
        self._timer.start()

    # --- editing ----------------------------------------------------------------
    def field_changed(self) -> None:
        if self._loading or self.template is None:
            return
        row = self.current_field()
        old = self.template.fields[row]
        modes = tuple(m for m, box in (("full", self.in_full), ("phoi", self.in_phoi)) if box.isChecked())
        new = dataclasses.replace(
            old, x_mm=round(self.x_mm.value(), 1), y_mm=round(self.y_mm.value(), 1), width_mm=round(self.width_mm.value(), 1),
            size_pt=round(self.size_pt.value(), 1),
            min_size_pt=None if self.min_pt.value() >= self.size_pt.value() and old.min_size_pt is None
            else round(min(self.min_pt.value(), self.size_pt.value()), 1),
            max_lines=self.lines.value(), align=self.align.currentData(), font=self.face.currentData(), modes=modes)
        fields = list(self.template.fields)
        fields[row] = new
        self._set(dataclasses.replace(self.template, fields=tuple(fields)))

    def page_changed(self) -> None:
        if self._loading or self.template is None:
            return
        self._set(dataclasses.replace(self.template, page_w_mm=round(self.page_w.value(), 1),
                                      page_h_mm=round(self.page_h.value(), 1)))

    def _set(self, template: Template) -> None:
        self.template = template
        self.model.set_fields(template.fields)
        self._validate()
        self._timer.start()

    def _validate(self) -> None:
        """Every problem of the edited template (the same checks as loading a file)."""
        try:
            template_from_dict(template_to_dict(self.template))
            self.errors = []
        except TemplateError as exc:
            self.errors = exc.errors
        self.error.setText("\n".join(self.errors))
        self.save_button.setEnabled(not self.errors and self.template != self.saved)

    def redraw(self) -> None:
        """The selected sample on the edited template, boxes outlined."""
        self._timer.stop()
        if self.template is None:
            return
        item = self.samples[max(0, self.sample.currentIndex())]
        field = self.template.fields[self.current_field()] if self.template.fields else None
        out = io.BytesIO()
        try:
            pdf.write_certificates([item], self.template, out, mode="full" if self.full.isChecked() else "phoi",
                                   guides=True, highlight=field.name if field else None)
        except ValueError as exc:
            self.error.setText(f"Không vẽ được bản xem trước: {exc}")
            return
        self.preview.show_pdf(out.getvalue())

    # --- saving -----------------------------------------------------------------
    def save(self) -> None:
        if self.errors or self.template is None:
            return
        try:
            path = pdf.save_user_template(self.template)
        except OSError as exc:
            QMessageBox.warning(self, "Không lưu được mẫu", f"Không ghi được tệp mẫu: {exc.strerror}")
            return
        self.templates[self.template.code] = self.saved = self.template
        self.origin.setText(f"Bản đã sửa, lưu tại {path}")
        self.reset_button.setEnabled(True)
        self._validate()
        self.window.statusBar().showMessage(f"Đã lưu mẫu “{self.template.name}”", 8000)

    def reset(self) -> None:
        code = self.choice.currentData()
        if not confirm(self, "Về mẫu gốc", "Bỏ bản đã sửa của mẫu này và dùng lại mẫu gốc của chương trình?"):
            return
        pdf.remove_user_template(code)
        self.templates = pdf.load_templates()
        self.load_template()

    def reject(self) -> None:
        if self.template is not None and self.template != self.saved and not confirm(
                self, "Chưa lưu", "Mẫu đã sửa nhưng chưa lưu. Đóng và bỏ các thay đổi?"):
            return
        super().reject()
