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


#: a line of dots for a hand to write on (one line of the 165 mm text width at 14 pt)
DOT_LINE = "…" * 44


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


def heading(doc, text: str, **kw) -> None:
    kw.setdefault("before", 6)
    kw.setdefault("after", 3)
    para(doc, text, bold=True, keep=True, **kw)


def lines(doc, var: str, **kw) -> None:
    """One paragraph per item of the list ``var``."""
    loop(doc, f"{{%p for x in {var} %}}", "{{ x }}", **kw)


def dashes(doc, var: str, **kw) -> None:
    loop(doc, f"{{%p for x in {var} %}}", "- {{ x }}", **kw)


def bien_ban(doc) -> None:
    header(doc)
    title(doc, "BIÊN BẢN", line=False)
    heading(doc, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    body(doc, "- Thời gian: {{ thoi_gian }}.")
    body(doc, "- Địa điểm: {{ dia_diem }}.")
    body(doc, "- Chủ trì: {{ chu_tri }}; thư ký: {{ thu_ky }}.")
    body(doc, "- {{ hoi_dong }} được thành lập theo {{ quyet_dinh_thanh_lap }}.")
    dashes(doc, "thanh_phan")
    grid(doc, [("TT", 10), ("Họ và tên", 45), ("Chức vụ", 38), ("Vai trò trong Hội đồng", 36), ("Tham dự", 36)],
         ["{{ r.stt }}", "{{ r.ten }}", "{{ r.chuc_vu }}", "{{ r.vai_tro }}", "{{ r.tham_du }}"],
         loop_var="thanh_vien")
    heading(doc, "II. NỘI DUNG", before=10)
    lines(doc, "noi_dung")
    heading(doc, "III. Ý KIẾN THẢO LUẬN")
    for _ in range(4):
        body(doc, DOT_LINE, indent=False, align=LEFT)
    heading(doc, "IV. KẾT QUẢ BỎ PHIẾU")
    para(doc, "{%p for t in danh_hieu %}")
    heading(doc, "{{ t.tieu_de }}")
    body(doc, "{{ t.nguong }}")
    para(doc, "{%p for v in t.vong %}")
    body(doc, "{{ v.tieu_de }}", italic=True, bold=True, keep=True)
    body(doc, "{{ v.phieu }}")
    grid(doc, [("TT", 10), ("{{ t.cot_ten }}", 44), ("Chức vụ, đơn vị", 49), ("Số phiếu", 17), ("Tỉ lệ", 21),
               ("Kết quả", 24)],
         ["{{ c.stt }}", "{{ c.ten }}", "{{ c.chuc_vu_don_vi }}", "{{ c.so_phieu }}", "{{ c.ti_le }}",
          "{{ c.ket_qua }}"], loop_var="v.ung_vien", var="c", centred=(0, 3, 4, 5))
    body(doc, "{{ v.ghi_chu }}", italic=True, before=3)
    para(doc, "{%p endfor %}")
    body(doc, "{{ t.ket_qua }}", bold=True)
    para(doc, "{%p endfor %}")
    heading(doc, "V. KẾT LUẬN")
    lines(doc, "ket_luan")
    body(doc, "Cuộc họp kết thúc vào hồi …… giờ …… cùng ngày. Biên bản đã được thông qua trước Hội đồng, các thành "
              "viên dự họp nhất trí với nội dung biên bản./.", before=6)
    signature(doc, noi_nhan=False, left_title="{{ ky_thu_ky }}", left_name="{{ thu_ky }}", title="{{ ky_chuc_danh }}",
              name="{{ chu_tri }}")


def giay_moi(doc) -> None:
    header(doc)
    title(doc, "GIẤY MỜI", line=False)
    body(doc, "{{ hoi_dong }} trân trọng kính mời:")
    dashes(doc, "thanh_phan_moi")
    body(doc, "Tới dự họp {{ hoi_dong }} xét thi đua, khen thưởng năm {{ nam }}.")
    numbered(doc, "1. Thời gian:", "{{ thoi_gian }}.")
    numbered(doc, "2. Địa điểm:", "{{ dia_diem }}.")
    numbered(doc, "3. Nội dung:", "")
    lines(doc, "noi_dung")
    numbered(doc, "4. Tài liệu gửi kèm:", "")
    dashes(doc, "tai_lieu")
    body(doc, "Đề nghị các thành viên Hội đồng nghiên cứu tài liệu, sắp xếp thời gian tham dự đầy đủ, đúng giờ. "
              "Thành viên vắng mặt có lý do gửi Phiếu lấy ý kiến về Thường trực Hội đồng trước giờ họp./.")
    signature(doc)


def to_trinh(doc) -> None:
    header(doc)
    title(doc, "TỜ TRÌNH")
    para(doc, "Kính gửi: {{ kinh_gui }}.", align=CENTER, size=14, before=6, after=10)
    can_cu(doc)
    body(doc, "{{ tom_tat }}")
    dashes(doc, "ket_qua")
    lines(doc, "de_nghi")
    signature(doc)
    page_break(doc)
    para(doc, "DANH SÁCH", align=CENTER, bold=True, size=14)
    para(doc, "Đề nghị khen thưởng năm {{ nam }}", align=CENTER, bold=True, size=14)
    para(doc, "(Kèm theo Tờ trình số {{ so }} {{ ngay_chu }} của {{ hoi_dong }})", align=CENTER, italic=True,
         after=10)
    grid(doc, [("STT", 11), ("Họ và tên / Tên tập thể", 45), ("Chức vụ, đơn vị", 50), ("Danh hiệu, hình thức", 31),
               ("Số phiếu (tỉ lệ)", 28)],
         ["{{ r.stt }}", "{{ r.ten }}", "{{ r.chuc_vu_don_vi }}", "{{ r.danh_hieu }}", "{{ r.so_phieu }}"],
         loop_var="danh_sach", centred=(0, 4))


def to_trinh_cap_tren(doc) -> None:
    header(doc)
    title(doc, "TỜ TRÌNH")
    para(doc, "Kính gửi: {{ kinh_gui }}", align=CENTER, size=14, before=6)
    para(doc, "(qua {{ qua }})", align=CENTER, italic=True, size=14, after=10)
    can_cu(doc)
    body(doc, "{{ tom_tat }}")
    body(doc, "{{ de_nghi }}")
    signature(doc)
    page_break(doc)
    para(doc, "{{ co_quan }}", align=LEFT, bold=True, size=13)
    para(doc, "DANH SÁCH", align=CENTER, bold=True, size=14, before=12)
    para(doc, "{{ danh_sach_tieu_de }}", align=CENTER, bold=True, size=14)
    para(doc, "(Kèm theo Tờ trình số {{ so }} {{ ngay_chu }} của {{ co_quan_ten }})", align=CENTER, italic=True,
         after=10)
    grid(doc, [("STT", 11), ("Họ và tên / Tên tập thể", 50), ("Năm sinh", 22), ("Chức vụ, đơn vị", 56),
               ("Ghi chú", 26)],
         ["{{ r.stt }}", "{{ r.ten }}", "{{ r.nam_sinh }}", "{{ r.chuc_vu_don_vi }}", ""],
         loop_var="danh_sach", centred=(0, 2), total=["", "Tổng cộng: {{ tong_doi_tuong }}", "", "", ""])


def bao_cao_thanh_tich(doc) -> None:
    para(doc, "{%p for b in bao_cao %}")
    para(doc, "{%p if not loop.first %}")
    page_break(doc)
    para(doc, "{%p endif %}")
    header(doc, number=False)
    para(doc, "BÁO CÁO THÀNH TÍCH", align=CENTER, bold=True, size=14, before=18)
    para(doc, "{{ de_nghi }}", align=CENTER, bold=True, size=14)
    rule(doc, 40, 165)
    heading(doc, "I. SƠ LƯỢC LÝ LỊCH")
    body(doc, "- Họ và tên (hoặc tên tập thể): {{ b.ho_ten }}")
    para(doc, "{%p if b.ca_nhan %}")
    body(doc, "- Sinh ngày, tháng, năm: {{ b.ngay_sinh }}; giới tính: {{ b.gioi_tinh }}")
    body(doc, "- Quê quán: " + "…" * 36, align=LEFT)
    body(doc, "- Chức vụ (Đảng, chính quyền, đoàn thể): {{ b.chuc_vu }}")
    body(doc, "- Trình độ chuyên môn, nghiệp vụ: {{ b.trinh_do }}")
    para(doc, "{%p endif %}")
    body(doc, "- Đơn vị công tác: {{ b.don_vi }}")
    heading(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    heading(doc, "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận", italic=True)
    for _ in range(3):
        body(doc, DOT_LINE, indent=False, align=LEFT)
    heading(doc, "2. Thành tích đạt được (kết quả thực hiện nhiệm vụ; giải pháp, sáng kiến; phong trào thi đua)",
            italic=True)
    for _ in range(5):
        body(doc, DOT_LINE, indent=False, align=LEFT)
    para(doc, "{%p if b.ca_nhan %}")
    heading(doc, "3. Kết quả đánh giá, xếp loại", italic=True)
    grid(doc, [("Năm", 25), ("Kết quả đánh giá, xếp loại", 140)], ["{{ x.nam }}", "{{ x.xep_loai }}"],
         loop_var="b.xep_loai", var="x")
    heading(doc, "4. Sáng kiến, đề tài", italic=True, before=6)
    grid(doc, [("Năm", 18), ("Tên sáng kiến, đề tài", 67), ("Cấp công nhận", 35), ("Quyết định", 45)],
         ["{{ x.nam }}", "{{ x.ten }}", "{{ x.cap }}", "{{ x.quyet_dinh }}"], loop_var="b.sang_kien", var="x")
    para(doc, "{%p endif %}")
    heading(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", before=8)
    grid(doc, [("Năm", 18), ("Danh hiệu thi đua, hình thức khen thưởng", 72),
               ("Số, ngày quyết định; cơ quan ban hành", 75)],
         ["{{ x.nam }}", "{{ x.ten }}", "{{ x.quyet_dinh }}"], loop_var="b.khen_thuong", var="x")
    signature(doc, noi_nhan=False, left_title="{{ ky_chuc_danh }}", left_name="", title="{{ nguoi_bao_cao }}",
              name="{{ b.ho_ten }}")
    para(doc, "{%p endfor %}")


def trich_ngang(doc) -> None:
    header(doc, number=False)
    para(doc, "DANH SÁCH TRÍCH NGANG", align=CENTER, bold=True, size=14, before=12)
    para(doc, "{{ tieu_de }}", align=CENTER, bold=True, size=14)
    para(doc, "(Kèm theo Tờ trình số {{ so }} {{ ngay_chu }} của {{ co_quan_ten }})", align=CENTER, italic=True,
         after=10)
    grid(doc, [("STT", 10), ("Họ và tên / Tên tập thể", 32), ("Năm sinh", 17), ("Chức vụ, đơn vị", 30),
               ("Xếp loại các năm", 27), ("Khen thưởng đã nhận", 27), ("Sáng kiến", 22)],
         ["{{ r.stt }}", "{{ r.ten }}", "{{ r.nam_sinh }}", "{{ r.chuc_vu_don_vi }}", "{{ r.xep_loai }}",
          "{{ r.khen_thuong }}", "{{ r.sang_kien }}"], loop_var="danh_sach", centred=(0, 2), size=11)
    signature(doc, noi_nhan=False)


def thong_bao(doc) -> None:
    header(doc)
    title(doc, "THÔNG BÁO")
    body(doc, "Ngày {{ ngay_hop }}, {{ hoi_dong }} đã họp xét thi đua, khen thưởng năm {{ nam }}. Hội đồng thông báo "
              "công khai danh sách {{ so_truong_hop }} tập thể, cá nhân đạt số phiếu đề nghị khen thưởng như sau:")
    grid(doc, [("STT", 11), ("Họ và tên / Tên tập thể", 45), ("Chức vụ, đơn vị", 50), ("Danh hiệu, hình thức", 31),
               ("Số phiếu (tỉ lệ)", 28)],
         ["{{ r.stt }}", "{{ r.ten }}", "{{ r.chuc_vu_don_vi }}", "{{ r.danh_hieu }}", "{{ r.so_phieu }}"],
         loop_var="danh_sach", centred=(0, 4))
    body(doc, "Trong thời hạn 05 ngày làm việc kể từ ngày thông báo, tập thể, cá nhân có ý kiến về danh sách trên "
              "gửi về Thường trực Hội đồng (qua Văn phòng) để tổng hợp, báo cáo Hội đồng trước khi trình quyết định "
              "khen thưởng./.", before=6)
    signature(doc)


def phieu_y_kien(doc) -> None:
    header(doc, number=False)
    title(doc, "PHIẾU LẤY Ý KIẾN", trich_yeu="Xét thi đua, khen thưởng năm {{ nam }}", line=False)
    para(doc, "(Dành cho thành viên {{ hoi_dong }} vắng mặt tại cuộc họp ngày {{ ngay_hop }})", align=CENTER,
         italic=True, after=8)
    body(doc, "Họ và tên thành viên Hội đồng: {{ thanh_vien }}")
    body(doc, "Ghi dấu × vào cột “Đồng ý” hoặc “Không đồng ý” cho từng trường hợp; ý kiến bằng văn bản này được "
              "tính như một phiếu bầu khi kiểm phiếu. Phiếu ghi cả hai cột hoặc không ghi cột nào là không hợp lệ.",
         italic=True)
    para(doc, "{%p for t in danh_hieu %}")
    heading(doc, "{{ t.tieu_de }}")
    grid(doc, [("STT", 11), ("{{ t.cot_ten }}", 50), ("Chức vụ, đơn vị", 58), ("Đồng ý", 22), ("Không đồng ý", 24)],
         ["{{ c.stt }}", "{{ c.ten }}", "{{ c.chuc_vu_don_vi }}", "", ""], loop_var="t.ung_vien", var="c")
    para(doc, "{%p endfor %}")
    body(doc, "Ý kiến khác: " + "…" * 36, indent=False, before=6, align=LEFT)
    signature(doc, noi_nhan=False)


def _khoi_header(doc) -> None:
    """The khối's documents: the khối under the cơ quan chủ quản, numbered by the khối trưởng's văn thư."""
    header(doc)


def _khoi_table(doc) -> None:
    grid(doc, [("Thứ hạng", 18), ("Cơ quan, đơn vị", 62), ("Tự chấm", 20), ("Thống nhất", 22), ("Ghi chú", 43)],
         ["{{ r.hang }}", "{{ r.ten }}", "{{ r.tu_cham }}", "{{ r.tong }}", "{{ r.ghi_chu }}"],
         loop_var="bang_xep_hang", centred=(0, 2, 3))


def bien_ban_khoi(doc) -> None:
    _khoi_header(doc)
    title(doc, "BIÊN BẢN", trich_yeu="{{ trich_yeu }}")
    body(doc, "{{ thoi_gian_dia_diem }}")
    body(doc, "Thành phần: đại diện lãnh đạo {{ so_thanh_vien }} cơ quan thành viên của {{ khoi_ten }}:", keep=True)
    loop(doc, "{%p for t in thanh_phan %}", "- {{ t }}")
    body(doc, "Chủ trì: {{ chu_tri }}. Thư ký: {{ thu_ky_text }}.")
    body(doc, "Nội dung: khối đã thống nhất kết quả chấm điểm theo {{ bang_diem }}; điểm tự chấm của từng cơ quan "
              "được thẩm định, các mục chênh lệch được trao đổi và thống nhất như sau:")
    _khoi_table(doc)
    para(doc, "", after=6)
    loop(doc, "{%p for t in dong_diem %}", "{{ t }}")
    body(doc, "Kết luận: {{ ket_luan }}")
    body(doc, "Biên bản kết thúc lúc …… giờ …… cùng ngày, đã thông qua trước các thành viên dự họp và nhất trí "
              "100%./.")
    signature(doc, noi_nhan=False, left_title="THƯ KÝ", left_name="{{ thu_ky }}")


def to_trinh_khoi(doc) -> None:
    _khoi_header(doc)
    title(doc, "TỜ TRÌNH", trich_yeu="{{ trich_yeu }}")
    para(doc, "Kính gửi: {{ kinh_gui }}", align=CENTER, size=14, before=6, after=10)
    can_cu(doc)
    body(doc, "{{ mo_dau }}")
    _khoi_table(doc)
    para(doc, "", after=6)
    body(doc, "{{ de_nghi }}")
    body(doc, "Kính trình {{ kinh_gui_ngan }} xem xét, quyết định./.")
    signature(doc)


def bao_cao_tong_ket(doc) -> None:
    """Báo cáo sơ kết / tổng kết of a campaign: the statistics filled, the narrative left to write."""
    header(doc)
    title(doc, "BÁO CÁO")
    body(doc, "{{ mo_dau }}")
    sections = (
        ("I. ĐẶC ĐIỂM TÌNH HÌNH", ("1. Khái quát chức năng, nhiệm vụ, tổ chức bộ máy",
                                   "2. Thuận lợi, khó khăn")),
        ("II. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA", ("1. Công tác lãnh đạo, chỉ đạo, triển khai, tuyên truyền",
                                                     "2. Kết quả thực hiện các nội dung, chỉ tiêu thi đua",
                                                     "3. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến")),
    )
    for head, subs in sections:
        para(doc, head, bold=True, before=6, after=6, keep=True)
        for sub in subs:
            body(doc, sub, bold=True, keep=True)
            body(doc, "{{ cho_viet }}")
    para(doc, "III. CÔNG TÁC KHEN THƯỞNG", bold=True, before=6, after=6, keep=True)
    body(doc, "{{ khen_thuong_tong }}")
    body(doc, "{{ khen_thuong_ty_le }}")
    body(doc, "1. Số lượt khen thưởng theo năm và cấp khen thưởng", bold=True, keep=True)
    grid(doc, [("Năm", 14), ("Cấp cơ sở", 20), ("Cấp tỉnh", 18), ("Cấp Nhà nước", 20), ("Tổng", 16),
               ("Cá nhân", 18), ("Tập thể", 18), ("Tiền thưởng (đồng)", 41)],
         ["{{ r.nam }}", "{{ r.co_so }}", "{{ r.tinh }}", "{{ r.toan_quoc }}", "{{ r.tong }}", "{{ r.ca_nhan }}",
          "{{ r.tap_the }}", "{{ r.tien }}"], loop_var="so_lieu", centred=(0, 1, 2, 3, 4, 5, 6), right=(7,),
         total=["Cộng", "{{ tong_co_so }}", "{{ tong_tinh }}", "{{ tong_toan_quoc }}", "{{ tong_cong }}",
                "{{ tong_ca_nhan }}", "{{ tong_tap_the }}", "{{ tong_tien }}"])
    body(doc, "2. Số lượt khen thưởng theo danh hiệu, hình thức", bold=True, keep=True, before=6)
    grid(doc, [("Danh hiệu, hình thức khen thưởng", 89), ("Cá nhân", 25), ("Tập thể", 25), ("Tổng", 26)],
         ["{{ r.ten }}", "{{ r.ca_nhan }}", "{{ r.tap_the }}", "{{ r.tong }}"], loop_var="danh_hieu",
         centred=(1, 2, 3))
    body(doc, "3. Sáng kiến", bold=True, keep=True, before=6)
    body(doc, "{{ sang_kien }}")
    body(doc, "{{ nguon_so_lieu }}", italic=True, size=12)
    for head, subs in (("IV. ĐÁNH GIÁ CHUNG", ("1. Ưu điểm", "2. Hạn chế, nguyên nhân")),
                       ("V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", ()),
                       ("VI. ĐỀ XUẤT, KIẾN NGHỊ", ())):
        para(doc, head, bold=True, before=6, after=6, keep=True)
        for sub in subs:
            body(doc, sub, bold=True, keep=True)
            body(doc, "{{ cho_viet }}")
        if not subs:
            body(doc, "{{ cho_viet }}")
    body(doc, "Trên đây là báo cáo {{ loai_bao_cao }} {{ ten_phong_trao }} của "
              "{{ co_quan_ten }}./.", keep=True)  # never a signature alone on its page
    signature(doc)
    page_break(doc)
    para(doc, "{{ co_quan }}", align=LEFT, bold=True, size=13)
    para(doc, "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG CẤP TỈNH TRỞ LÊN", align=CENTER, bold=True, size=14,
         before=12)
    para(doc, "(Kèm theo Báo cáo {{ loai_bao_cao }} {{ ten_phong_trao }})",
         align=CENTER, italic=True, size=14, after=10)
    grid(doc, [("STT", 11), ("Năm", 13), ("Họ và tên / Tên tập thể", 40), ("Đơn vị", 36),
               ("Hình thức khen thưởng", 36), ("Quyết định", 29)],
         ["{{ r.stt }}", "{{ r.nam }}", "{{ r.ten }}", "{{ r.don_vi }}", "{{ r.hinh_thuc }}", "{{ r.quyet_dinh }}"],
         loop_var="khen_cao", centred=(0, 1))
    body(doc, "{{ ghi_chu_khen_cao }}", italic=True, indent=False, before=6)


TEMPLATES = {
    "quyet_dinh.docx": quyet_dinh,
    "to_trinh.docx": to_trinh,
    "to_trinh_cap_tren.docx": to_trinh_cap_tren,
    "bien_ban.docx": bien_ban,
    "giay_moi.docx": giay_moi,
    "thong_bao.docx": thong_bao,
    "bao_cao_thanh_tich.docx": bao_cao_thanh_tich,
    "trich_ngang.docx": trich_ngang,
    "phieu_y_kien.docx": phieu_y_kien,
    "bien_ban_khoi.docx": bien_ban_khoi,
    "to_trinh_khoi.docx": to_trinh_khoi,
    "bao_cao_tong_ket.docx": bao_cao_tong_ket,
}


def main(names: list[str] | None = None) -> None:
    """Build every template, or only those ``names`` (``build.py bien_ban_khoi.docx``)."""
    for name, build in TEMPLATES.items():
        if names and name not in names:
            continue
        doc = new_document()
        build(doc)
        doc.save(HERE / name)
        print(HERE / name)


if __name__ == "__main__":
    main(sys.argv[1:])
