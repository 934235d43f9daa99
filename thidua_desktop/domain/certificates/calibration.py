"""Printer calibration: the offset and scale a user measured on a printer's
calibration sheet (the sheet itself is drawn by
:mod:`thidua_desktop.services.documents.certificates`), checked in Vietnamese."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..vntext import clean
from .templates import format_size

MAX_OFFSET_MM = 30.0
#: the calibration sheet's scale bars are this long
SCALE_BAR_MM = 100.0
#: a bar measured further than this from 100 mm means the printer scales the page
SCALE_TOLERANCE_MM = 0.5


def _mm(value: float) -> str:
    return format_size(round(value, 2))


@dataclass(frozen=True)
class Calibration:
    """What the user measured on a printer's calibration sheet: the offset to
    apply (x right, y down, mm) and, for the scale check, the printed length of
    the two 100 mm bars (``None`` when not measured)."""

    may_in: str
    lech_x: float = 0.0
    lech_y: float = 0.0
    thuoc_ngang: float | None = None
    thuoc_doc: float | None = None
    ngay: str = ""

    @property
    def offset(self) -> tuple[float, float]:
        return (self.lech_x, self.lech_y)

    def errors(self) -> list[str]:
        out = []
        if not clean(self.may_in):
            out.append("Chưa có tên máy in")
        for label, value in (("X", self.lech_x), ("Y", self.lech_y)):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                out.append(f"Độ lệch {label} phải là một số (mm)")
            elif abs(value) > MAX_OFFSET_MM:
                out.append(f"Độ lệch {label} = {_mm(value)} mm quá lớn (tối đa {_mm(MAX_OFFSET_MM)} mm): hãy đo lại "
                           "trên trang hiệu chỉnh")
        for label, value in (("ngang", self.thuoc_ngang), ("dọc", self.thuoc_doc)):
            if value is None:
                continue
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) \
                    or not SCALE_BAR_MM / 2 <= value <= SCALE_BAR_MM * 1.5:
                out.append(f"Thước {label} phải đo được khoảng {_mm(SCALE_BAR_MM)} mm (nhập số mm đo được)")
        return out

    def scale_warnings(self) -> list[str]:
        """A bar that did not print 100 mm long: the printer scales the page
        ("Fit to page"), so no offset can make the forms line up."""
        out = []
        for label, value in (("ngang", self.thuoc_ngang), ("dọc", self.thuoc_doc)):
            if value is None or self.errors():
                continue
            if abs(value - SCALE_BAR_MM) > SCALE_TOLERANCE_MM:
                change = (value - SCALE_BAR_MM) / SCALE_BAR_MM * 100
                verb = "phóng to" if change > 0 else "thu nhỏ"
                out.append(f"Thước {label} in ra dài {_mm(value)} mm thay vì {_mm(SCALE_BAR_MM)} mm: máy in đang "
                           f"{verb} {_mm(abs(change))} %. Bỏ chọn “Vừa trang” (Fit to page), chọn tỉ lệ 100 % "
                           "rồi in lại trang hiệu chỉnh.")
        return out
