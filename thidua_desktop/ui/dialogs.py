"""Edit dialogs built from the Designer forms in ``forms/``.

Each dialog fills its form from a domain record, builds a new record on
Lưu, validates it (record rules + date parsing), and calls ``on_save``
(a store write). Errors stay in the dialog, in Vietnamese; nothing is
written until the record is valid.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..domain.dates import DateError, PartialDate, parse_full_date, parse_partial_date
from ..domain.models import (
    CAMPAIGN_KINDS,
    CONTRACTS,
    GENDERS,
    PHAN_LOAI,
    Campaign,
    OrgSettings,
    Staff,
    Unit,
)
from ..store.db import StoreError
from .forms import load_form


class FormDialog:
    """A dialog loaded from a ``.ui`` file, with a validated Save."""

    form_name = ""

    def __init__(self, parent: QWidget | None, on_save: Callable[[object], object]):
        self.dialog: QDialog = load_form(self.form_name, parent)
        self._on_save = on_save
        self.saved_result = None
        self.record = None
        buttons: QDialogButtonBox = self.w(QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.dialog.reject)

    def w(self, cls, name):
        child = self.dialog.findChild(cls, name)
        if child is None:
            raise LookupError(f"{self.form_name}: thiếu {name}")
        return child

    def text(self, name: str) -> str:
        widget = self.dialog.findChild(QWidget, name)
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def show_errors(self, errors: Sequence[str]) -> None:
        self.w(QLabel, "errorLabel").setText("\n".join(errors))

    def build(self) -> tuple[object | None, list[str]]:
        raise NotImplementedError

    def save(self) -> None:
        record, errors = self.build()
        if record is not None:
            errors = errors + record.errors() if hasattr(record, "errors") else errors
        if errors:
            self.show_errors(errors)
            return
        try:
            self.record = record
            self.saved_result = self._on_save(record)
        except StoreError as exc:
            self.show_errors([str(exc)])
            return
        self.dialog.accept()

    def exec(self) -> bool:
        return self.dialog.exec() == QDialog.DialogCode.Accepted


def _fill_combo(combo: QComboBox, items: Sequence[tuple[str, object]], current: object) -> None:
    combo.clear()
    for label, data in items:
        combo.addItem(label, data)
    idx = combo.findData(current)
    combo.setCurrentIndex(max(idx, 0))


def _date_text(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _parse_date_field(text: str, label: str, errors: list[str]) -> dt.date | None:
    try:
        return parse_full_date(text)
    except DateError as exc:
        errors.append(f"{label}: {exc}")
        return None


class StaffDialog(FormDialog):
    form_name = "staff_form.ui"

    def __init__(self, parent, staff: Staff, units: Sequence[Unit], on_save):
        super().__init__(parent, on_save)
        self.original = staff
        self.dialog.setWindowTitle("Thêm cán bộ" if staff.id is None else f"Sửa: {staff.ho_ten}")
        self.w(QLineEdit, "hoTenEdit").setText(staff.ho_ten)
        _fill_combo(self.w(QComboBox, "gioiTinhCombo"), [("—", None), *((v, k) for k, v in GENDERS.items())], staff.gioi_tinh)
        self.w(QLineEdit, "ngaySinhEdit").setText(staff.ngay_sinh.display() if staff.ngay_sinh else "")
        self.w(QLineEdit, "chucVuEdit").setText(staff.chuc_vu)
        self.w(QLineEdit, "ngachEdit").setText(staff.ngach)
        self.w(QLineEdit, "trinhDoEdit").setText(staff.trinh_do)
        self.w(QLineEdit, "danTocEdit").setText(staff.dan_toc)
        _fill_combo(self.w(QComboBox, "phanLoaiCombo"), [("Theo chức vụ", None), *((v, k) for k, v in PHAN_LOAI.items())],
                    staff.phan_loai)
        _fill_combo(self.w(QComboBox, "donViCombo"), [("— Chưa xếp đơn vị —", None), *((u.ten, u.id) for u in units)], staff.unit_id)
        _fill_combo(self.w(QComboBox, "loaiHopDongCombo"), [("—", None), *((v, k) for k, v in CONTRACTS.items())], staff.loai_hop_dong)
        active = self.w(QCheckBox, "dangCongTacCheck")
        active.setChecked(staff.dang_cong_tac)
        left = self.w(QLineEdit, "ngayNghiEdit")
        left.setText(_date_text(staff.ngay_nghi))
        left.setEnabled(not staff.dang_cong_tac)
        active.toggled.connect(lambda on: left.setEnabled(not on))
        self.w(QPlainTextEdit, "ghiChuEdit").setPlainText(staff.ghi_chu)

    def build(self):
        errors: list[str] = []
        birth: PartialDate | None = None
        try:
            birth = parse_partial_date(self.text("ngaySinhEdit"))
        except DateError as exc:
            errors.append(f"Ngày sinh: {exc}")
        active = self.w(QCheckBox, "dangCongTacCheck").isChecked()
        left = None if active else _parse_date_field(self.text("ngayNghiEdit"), "Ngày nghỉ", errors)
        if not active and left is None and not errors:
            errors.append("Ngày nghỉ: hãy nhập ngày thôi công tác (dd/mm/yyyy)")
        staff = Staff(
            id=self.original.id,
            ho_ten=self.text("hoTenEdit"),
            gioi_tinh=self.w(QComboBox, "gioiTinhCombo").currentData(),
            ngay_sinh=birth,
            chuc_vu=self.text("chucVuEdit"),
            ngach=self.text("ngachEdit"),
            trinh_do=self.text("trinhDoEdit"),
            dan_toc=self.text("danTocEdit"),
            phan_loai=self.w(QComboBox, "phanLoaiCombo").currentData(),
            unit_id=self.w(QComboBox, "donViCombo").currentData(),
            loai_hop_dong=self.w(QComboBox, "loaiHopDongCombo").currentData(),
            dang_cong_tac=active,
            ngay_nghi=left,
            ghi_chu=self.text("ghiChuEdit"),
        )
        return staff, errors


class CampaignDialog(FormDialog):
    form_name = "campaign_form.ui"
    _DATES = (
        ("ngayBanHanhEdit", "ngay_ban_hanh", "Ngày ban hành"),
        ("hanDangKyEdit", "han_dang_ky", "Hạn đăng ký"),
        ("hanSangKienEdit", "han_sang_kien", "Hạn sáng kiến"),
        ("hanHoSoEdit", "han_ho_so", "Hạn hồ sơ"),
    )

    def __init__(self, parent, campaign: Campaign, on_save):
        super().__init__(parent, on_save)
        self.original = campaign
        self.dialog.setWindowTitle("Thêm phong trào" if campaign.id is None else f"Sửa: {campaign.ten}")
        self.w(QLineEdit, "tenEdit").setText(campaign.ten)
        self.w(QLineEdit, "soKeHoachEdit").setText(campaign.so_ke_hoach)
        _fill_combo(self.w(QComboBox, "loaiCombo"), [(v, k) for k, v in CAMPAIGN_KINDS.items()], campaign.loai)
        self.w(QSpinBox, "namBatDauSpin").setValue(campaign.nam_bat_dau)
        self.w(QSpinBox, "namKetThucSpin").setValue(campaign.nam_ket_thuc or campaign.nam_bat_dau)
        self.w(QPlainTextEdit, "chuDeEdit").setPlainText(campaign.chu_de)
        self.w(QPlainTextEdit, "ghiChuEdit").setPlainText(campaign.ghi_chu)
        for widget, field, _ in self._DATES:
            self.w(QLineEdit, widget).setText(_date_text(getattr(campaign, field)))
        start = self.w(QSpinBox, "namBatDauSpin")
        end = self.w(QSpinBox, "namKetThucSpin")
        start.valueChanged.connect(lambda v: end.setValue(max(end.value(), v)))

    def build(self):
        errors: list[str] = []
        dates = {field: _parse_date_field(self.text(widget), label, errors) for widget, field, label in self._DATES}
        campaign = Campaign(
            id=self.original.id,
            ten=self.text("tenEdit"),
            so_ke_hoach=self.text("soKeHoachEdit"),
            loai=self.w(QComboBox, "loaiCombo").currentData(),
            nam_bat_dau=self.w(QSpinBox, "namBatDauSpin").value(),
            nam_ket_thuc=self.w(QSpinBox, "namKetThucSpin").value(),
            chu_de=self.text("chuDeEdit"),
            ghi_chu=self.text("ghiChuEdit"),
            **dates,
        )
        return campaign, errors


class OrgSettingsDialog(FormDialog):
    form_name = "org_settings.ui"
    _FIELDS = (
        ("coQuanChuQuanEdit", "co_quan_chu_quan"),
        ("coQuanEdit", "co_quan"),
        ("kyHieuEdit", "ky_hieu"),
        ("diaDanhEdit", "dia_danh"),
        ("chucDanhEdit", "chuc_danh_thu_truong"),
        ("tenThuTruongEdit", "ten_thu_truong"),
    )

    def __init__(self, parent, settings: OrgSettings, on_save, emblem: tuple[str, bytes] | None = None):
        super().__init__(parent, on_save)
        for widget, field in self._FIELDS:
            self.w(QLineEdit, widget).setText(getattr(settings, field))
        #: the emblem as it will be saved: (file name, image bytes) or None
        self.emblem = emblem
        self.w(QPushButton, "chooseEmblemButton").clicked.connect(self.choose_emblem)
        self.w(QPushButton, "removeEmblemButton").clicked.connect(lambda: self.set_emblem(None))
        self.set_emblem(emblem)

    def set_emblem(self, emblem: tuple[str, bytes] | None) -> None:
        self.emblem = emblem
        preview = self.w(QLabel, "emblemPreview")
        image = QImage.fromData(emblem[1]) if emblem else QImage()
        if image.isNull():
            preview.setPixmap(QPixmap())
            preview.setText("(chưa có)")
        else:
            preview.setPixmap(QPixmap.fromImage(image).scaled(
                60, 60, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.w(QPushButton, "removeEmblemButton").setEnabled(emblem is not None)

    def choose_emblem(self) -> None:
        from ..services.documents.certificates import check_emblem

        path, _ = QFileDialog.getOpenFileName(self.dialog, "Chọn ảnh quốc huy hoặc biểu trưng", str(Path.home()),
                                              "Ảnh (*.png *.jpg *.jpeg *.bmp *.gif)")
        if not path:
            return
        try:
            data = Path(path).read_bytes()
            check_emblem(data)
        except OSError as exc:
            self.show_errors([f"Không đọc được tệp “{path}”: {exc.strerror}"])
            return
        except ValueError as exc:
            self.show_errors([str(exc)])
            return
        self.show_errors([])
        self.set_emblem((Path(path).name, data))

    def build(self):
        values = {field: self.text(widget) for widget, field in self._FIELDS}
        errors = [] if values["co_quan"].strip() else ["Tên cơ quan không được để trống"]
        return OrgSettings(**values), errors


class UnitDialog(FormDialog):
    form_name = "unit_form.ui"

    def __init__(self, parent, unit: Unit, units: Sequence[Unit], on_save):
        super().__init__(parent, on_save)
        self.original = unit
        self.dialog.setWindowTitle("Thêm đơn vị" if unit.id is None else f"Sửa: {unit.ten}")
        self.w(QLineEdit, "tenEdit").setText(unit.ten)
        choices = [("— Không có —", None), *((u.ten, u.id) for u in units if u.id != unit.id)]
        _fill_combo(self.w(QComboBox, "parentCombo"), choices, unit.parent_id)
        self.w(QLineEdit, "tenInEdit").setText(unit.ten_in)
        self.w(QLineEdit, "ghiChuEdit").setText(unit.ghi_chu)

    def build(self):
        unit = Unit(
            id=self.original.id,
            ten=self.text("tenEdit"),
            parent_id=self.w(QComboBox, "parentCombo").currentData(),
            thu_tu=self.original.thu_tu,
            ghi_chu=self.text("ghiChuEdit"),
            ten_in=self.text("tenInEdit"),
        )
        return unit, []
