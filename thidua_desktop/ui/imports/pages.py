"""The import wizard's first pages: the file (and sheet, year), then the header rows
and the column of each field."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...services.imports import roster as ri
from ...store.db import StoreError

if TYPE_CHECKING:
    from .wizard import ImportWizard


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Chọn tệp Excel")
        self.setSubTitle(wizard.importer.subtitle)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText("Đường dẫn tệp .xlsx")
        self.path_edit.editingFinished.connect(self._load_sheets)
        browse = QPushButton("&Chọn tệp…")
        browse.clicked.connect(self._browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("importYear")
        self.year_spin.setRange(0, 2200)
        self.year_spin.setSpecialValueText("— theo tệp (cột Năm hoặc tiêu đề) —")
        self.year_spin.setToolTip("Năm cho các dòng không ghi năm (khi tệp không có cột Năm)")
        self.year_spin.setMaximumWidth(320)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        file_label = QLabel("&Tệp:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        form.addRow("Tr&ang tính:", self.sheet_combo)
        if wizard.importer.year_option:
            form.addRow("&Năm cho cả trang:", self.year_spin)
        else:
            self.year_spin.hide()
        form.addRow(self.message)
        self.registerField("path*", self.path_edit)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.w.importer.title, str(Path.home()),
                                              "Excel (*.xlsx *.xlsm);;Mọi tệp (*)")
        if path:
            self.path_edit.setText(path)
            self._load_sheets()

    def _load_sheets(self) -> None:
        self.sheet_combo.clear()
        self.message.clear()
        text = self.path_edit.text().strip()
        if not text:
            return
        try:
            self.sheet_combo.addItems(ri.list_sheets(Path(text)))
        except (StoreError, OSError) as exc:
            self.message.setText(str(exc) if isinstance(exc, StoreError) else f"Không đọc được tệp: {exc}")

    def validatePage(self) -> bool:  # noqa: N802
        if self.sheet_combo.count() == 0:
            self._load_sheets()
            if self.sheet_combo.count() == 0:
                return False
        importer = self.w.importer
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                data = importer.read_sheet(Path(self.path_edit.text().strip()), self.sheet_combo.currentText())
                layout = importer.detect_layout(data)
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.w.sheet_data = data
        self.w.layout = layout
        self.w.year = self.year_spin.value() or None
        self.w.resolutions.clear()
        self.w.value_map.clear()
        self.w.remembered.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Dòng tiêu đề và các cột")
        self.setSubTitle("Chương trình đã tự nhận ra các cột. Kiểm tra và sửa nếu cần.")
        self.first_spin = QSpinBox()
        self.last_spin = QSpinBox()
        for spin in (self.first_spin, self.last_spin):
            spin.setRange(1, 1_048_576)
        self.combos: dict[str, QComboBox] = {}
        inner = QWidget()
        self.form = QFormLayout(inner)
        header_row = QHBoxLayout()
        header_row.addWidget(QLabel("từ dòng"))
        header_row.addWidget(self.first_spin)
        header_row.addWidget(QLabel("đến dòng"))
        header_row.addWidget(self.last_spin)
        header_row.addStretch()
        self.form.addRow("Tiêu đề bảng:", header_row)
        for field_code, label in wizard.importer.headers.fields.items():
            combo = QComboBox()
            combo.setObjectName(f"map_{field_code}")
            self.combos[field_code] = combo
            self.form.addRow(f"{label}:", combo)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.message)

    def initializePage(self) -> None:  # noqa: N802
        data, layout = self.w.sheet_data, self.w.layout
        self.first_spin.setValue(layout.header_first_row)
        self.last_spin.setValue(layout.header_last_row)
        width = max((len(r) for r in data.rows), default=0)
        choices = [("— không có —", 0)]
        for col in range(1, width + 1):
            texts = []
            for r in range(layout.header_first_row, layout.header_last_row + 1):
                row = data.rows[r - 1] if r - 1 < len(data.rows) else ()
                value = row[col - 1] if col - 1 < len(row) else None
                if value not in (None, "") and str(value).strip() not in texts:
                    texts.append(" ".join(str(value).split()))
            choices.append((f"Cột {get_column_letter(col)}: {' / '.join(texts)[:60]}", col))
        for field_code, combo in self.combos.items():
            combo.clear()
            for label, value in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(layout.columns.get(field_code, 0)), 0))
        self.message.clear()

    def validatePage(self) -> bool:  # noqa: N802
        headers = self.w.importer.headers
        columns = {f: c.currentData() for f, c in self.combos.items() if c.currentData()}
        if headers.required not in columns:
            self.message.setText(f"Cần chọn cột “{headers.required_label}”.")
            return False
        if self.last_spin.value() < self.first_spin.value():
            self.message.setText("Dòng cuối của tiêu đề phải sau dòng đầu.")
            return False
        self.w.layout = ri.Layout(
            header_first_row=self.first_spin.value(),
            header_last_row=self.last_spin.value(),
            columns=columns,
        )
        return self.w.make_plan(convert_legacy=True, message=self.message)
