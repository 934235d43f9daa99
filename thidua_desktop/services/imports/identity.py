"""What a workbook the program sends out carries to be known when it comes back.

Each such workbook (a unit's registration workbook, a khối member's score
workbook) names what it was made for — the data file's UUID and its own
keys — twice: in a very hidden sheet and in its document properties
(Tệp → Thông tin → Thuộc tính). A returned workbook without them, or whose
two copies disagree (tampered with), is refused whole.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.packaging.custom import StringProperty

from ...domain import vntext
from ...store.db import StoreError
from ..documents.xlsx import write_text


def write_identity(wb: openpyxl.Workbook, sheet_name: str, keys: Sequence[str], values: Sequence[str]) -> None:
    sheet = wb.create_sheet(sheet_name)
    for i, (key, value) in enumerate(zip(keys, values, strict=True), start=1):
        sheet.cell(row=i, column=1, value=key)
        write_text(sheet.cell(row=i, column=2), value)
        wb.custom_doc_props.append(StringProperty(name=key, value=value))
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def read_identity(wb, path: Path, sheet_name: str, keys: Sequence[str], *, what: str, renew: str) -> list[str]:
    """The values of ``keys`` a workbook carries, from its hidden sheet and its
    document properties, which must agree. ``what`` names the workbook in the
    refusal ("phiếu"), ``renew`` says what to do instead ("hãy xuất phiếu mới gửi đơn vị")."""
    props = {p.name: vntext.clean(p.value) for p in getattr(wb.custom_doc_props, "props", ()) if p.name in keys}
    sheet: dict[str, str] = {}
    if sheet_name in wb.sheetnames:
        try:
            for row in wb[sheet_name].iter_rows(max_col=2, values_only=True):
                if row and row[0] in keys:
                    sheet[row[0]] = vntext.clean(row[1] if len(row) > 1 else "")
        except Exception as exc:
            raise StoreError(f"“{path.name}” bị hỏng, không đọc được trang “{sheet_name}”: {exc}") from exc
    if not props and not sheet:
        raise StoreError(f"“{path.name}” không mang mã nhận dạng của {what} do chương trình xuất ({what} của phiên "
                         f"bản cũ hoặc đã bị sửa); {renew}. Chưa ghi gì.")
    if any(props.get(k) != sheet.get(k) or not props.get(k) for k in keys):
        raise StoreError(f"Mã nhận dạng của “{path.name}” đã bị sửa (trang ẩn và thuộc tính của tệp không khớp "
                         f"nhau); không nhập {what} này. {renew[0].upper()}{renew[1:]}. Chưa ghi gì.")
    return [props[k] for k in keys]
