"""What to look at before certificates are printed (warnings, not refusals):
an awardee who signs their own decision, a person with no gender (no Ông/Bà),
a template with room for an emblem while none is set, the signer's name too
close to the frame or on the line of "Số sổ vàng"."""
from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from ...domain.certificates import Template
from ...domain.decisions import Decision
from ...domain.vntext import search_key
from ...store import decisions as store
from ...store import printing as printing_store

__all__ = ["certificate_warnings", "template_warnings"]

#: the inner line of the decorative border, from each edge of the page (mm): services.documents.certificates
INNER_FRAME_MM = 11.0
#: the signer's name stays this far inside the inner frame (mm)
FRAME_CLEARANCE_MM = 3.0


def _box(template: Template, name: str):
    return next((f for f in template.fields if f.name == name or f.source == name), None)


def template_warnings(template: Template, mode: str = "full", *, emblem_set: bool = True) -> list[str]:
    """The template's own problems for this print: room for an emblem while
    none is set (full mode), the signer's name against the border or on the
    same line as "Số sổ vàng"."""
    out: list[str] = []
    if mode == "full" and template.emblem is not None and not emblem_set:
        out.append(f"Mẫu “{template.name}” có chỗ cho quốc huy/biểu trưng nhưng chưa chọn ảnh (Tệp → Thông tin "
                   "cơ quan): phần trên giấy sẽ để trống")
    signer = _box(template, "nguoi_ky")
    if signer is None or not signer.prints_in(mode):
        return out
    bottom = signer.y_mm + signer.height_mm
    if mode == "full" and template.border and bottom > template.page_h_mm - INNER_FRAME_MM - FRAME_CLEARANCE_MM:
        out.append(f"Mẫu “{template.name}”: họ tên người ký sát viền dưới (cách viền dưới "
                   f"{FRAME_CLEARANCE_MM:.0f} mm trở lên thì mới rõ): sửa mẫu, kéo dòng người ký lên")
    book = _box(template, "Số sổ vàng: {so_so_vang}") or _box(template, "so_so_vang")
    if book is not None and book.prints_in(mode):
        if signer.y_mm < book.y_mm + book.height_mm and book.y_mm < bottom:
            out.append(f"Mẫu “{template.name}”: họ tên người ký cùng hàng với dòng “Số sổ vàng”: sửa mẫu để hai "
                       "dòng không ngang nhau")
    return out


def certificate_warnings(db: sqlite_utils.Database, d: Decision, template: Template, mode: str = "full",
                         awardee_ids: Sequence[int] | None = None) -> list[str]:
    """Everything to look at before printing the certificates of decision ``d``
    (or of ``awardee_ids`` in it), in Vietnamese, one sentence each."""
    out = template_warnings(template, mode, emblem_set=printing_store.get_emblem(db) is not None)
    signer = search_key(d.nguoi_ky)
    for r in store.awardee_rows(db, d.id):
        if r["huy"] or (awardee_ids is not None and r["id"] not in awardee_ids) or r["staff_id"] is None:
            continue
        if signer and search_key(r["ten"]) == signer:
            out.append(f"{r['ten']} được khen trong quyết định do chính mình ký ({d.so}): nên để cấp phó hoặc "
                       "người khác ký (KT. …), hoặc đề nghị cấp trên khen")
        if not r["gioi_tinh"]:
            out.append(f"{r['ten']}: chưa ghi giới tính nên giấy khen không có “Ông”/“Bà” — ghi giới tính ở tab "
                       "Cán bộ rồi mở lại")
    return out
