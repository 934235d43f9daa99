"""Build the Word templates of ``resources/templates/docx/`` (run once: ``uv run python resources/templates/docx/build.py``).

The committed .docx files are what the program reads (and what a secretary
copies and edits in Word); this script is how they were first laid out:
A4, Nghị định 30/2020 margins and header, Times New Roman 14, Jinja fields
(docxtpl) typed as whole runs. The fields each document gets are listed by
``thidua document --list`` and checked before a document is written.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from nd30_layout import (  # noqa: E402
    CENTER, LEFT, body, grid, header, loop, new_document, numbered, page_break, para, rule, signature, title,
)


def can_cu(doc) -> None:
    loop(doc, "{%p for c in can_cu %}", "{{ c }}", italic=True)


def quyet_dinh(doc) -> None:
    header(doc)
    title(doc, "QUYẾT ĐỊNH")
    para(doc, "{{ tham_quyen }}", align=CENTER, bold=True, size=14, before=6, after=12)
    can_cu(doc)
    para(doc, "QUYẾT ĐỊNH:", align=CENTER, bold=True, size=14, before=6, after=6)
    numbered(doc, "Điều 1.", "{{ dieu_1 }}")
    numbered(doc, "Điều 2.", "{{ dieu_2 }}")
    numbered(doc, "Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng, đơn vị "
                             "thuộc {{ co_quan_ten }}, các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi "
                             "hành Quyết định này./.")
    signature(doc)
    page_break(doc)
    para(doc, "{{ co_quan }}", align=LEFT, bold=True, size=13)
    para(doc, "DANH SÁCH", align=CENTER, bold=True, size=14, before=12)
    para(doc, "{{ danh_sach_tieu_de }}", align=CENTER, bold=True, size=14)
    para(doc, "(Kèm theo Quyết định số {{ so }} {{ ngay_chu }} của {{ tham_quyen_ten }})", align=CENTER,
         italic=True, size=14, after=10)
    grid(doc, [("STT", 11), ("{{ cot_ten }}", 44), ("Năm sinh", 21), ("Chức vụ, đơn vị", 48), ("Số sổ vàng", 17),
               ("Tiền thưởng (đồng)", 24)],
         ["{{ r.stt }}", "{{ r.ten }}", "{{ r.nam_sinh }}", "{{ r.chuc_vu_don_vi }}", "{{ r.so_so_vang }}",
          "{{ r.tien_thuong }}"], loop_var="danh_sach", centred=(0, 2, 4), right=(5,),
         total=["", "Tổng cộng: {{ tong_doi_tuong }}", "", "", "", "{{ tong_tien }}"])
    body(doc, "{{ ghi_chu_danh_sach }}", italic=True, indent=False, before=6)


TEMPLATES = {
    "quyet_dinh.docx": quyet_dinh,
}


def main() -> None:
    for name, build in TEMPLATES.items():
        doc = new_document()
        build(doc)
        doc.save(HERE / name)
        print(HERE / name)


if __name__ == "__main__":
    main()
