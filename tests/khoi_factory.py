"""Khối thi đua test material: the seven member agencies, the score sheet a khối circulates, a member's answer."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from thidua_desktop.services.khoi import workbooks

NAMES = ("Ban Dân tộc", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tài chính", "Thanh tra tỉnh", "Sở Tư pháp",
         "Sở Kế hoạch và Đầu tư")


def circulated_sheet(path):
    """The .xlsx a khối circulates: a title, a header, column numbers, sections, a total row, a signature."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG CHẤM ĐIỂM THI ĐUA KHỐI CÁC CƠ QUAN TỔNG HỢP NĂM 2026"])
    ws.append([])
    ws.append(["TT", "Nội dung tiêu chí", "Điểm chuẩn", "Tự chấm", "Thẩm định", "Ghi chú"])
    ws.append([1, 2, 3, 4, 5, 6])
    ws.append(["I", "ĐIỂM CHẤM", 50])
    ws.append(["1", "Tiêu chuẩn 1: Thực hiện nhiệm vụ", 30])
    ws.append([1.1, "Hoàn thành kế hoạch", 20])
    ws.append([1.2, "Báo cáo đúng hạn", 10])
    ws.append(["2", "Tiêu chuẩn 2: Thi đua", 20])
    ws.append(["a", "Phát động thi đua", 12])
    ws.append(["b", "Giao ước thi đua", 8])
    ws.append(["II", "ĐIỂM CỘNG (tối đa 15 điểm)", None])
    ws.append(["1", "Cờ thi đua của UBND tỉnh", 10])
    ws.append(["2", "Cờ thi đua của Chính phủ", 15])
    ws.append(["III", "ĐIỂM TRỪ", None])
    ws.append(["1", "Chậm báo cáo", 5])
    ws.append([None, "Tổng cộng", 50])
    ws.append([None, "Người lập biểu"])
    wb.save(path)
    return path


def fill(path: Path, minus: float) -> None:
    """A member's answer: full marks on every scored line but ``minus`` off the first, no bonus or penalty."""
    wb = openpyxl.load_workbook(path)
    ws = wb[workbooks.SHEET]
    first = True
    for r in range(1, ws.max_row + 1):
        cell = ws.cell(r, workbooks.SCORE_COL)
        if str(ws.cell(r, 1).value or "").startswith("TC") and not cell.protection.locked:
            kind, full = ws.cell(r, 4).value, float(str(ws.cell(r, 5).value).replace(",", "."))
            cell.value = (full - minus if first else full) if kind == "Chấm điểm" else 0
            ws.cell(r, workbooks.EVIDENCE_COL).value = "Báo cáo tổng kết năm"
            first = False
    wb.save(path)
