"""The demo's khối: seven provincial agencies (ours the khối trưởng), a bảng
chấm điểm of five tiêu chuẩn with capped bonuses and penalties, each member's
self-scores and the khối's appraisals with notes where they differ, and one
tie left open (two members at 106 points, across the Bằng khen quota's cut),
so a new user sees the whole of the feature and has a tie to resolve."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import sqlite_utils

from ...domain.khoi import Criterion, Khoi, LineScore, Member, ScoreSheet
from ...domain.vntext import unit_name_case
from ...store import records
from . import service


def _c(muc, text, level, loai="cham", diem=None, minh_chung=""):
    return Criterion(muc, text, level, loai, D(diem), minh_chung)


SHEET = ScoreSheet((
    _c("I", "ĐIỂM CHẤM CÁC TIÊU CHUẨN", 0, diem=100),
    _c("1", "Tiêu chuẩn 1: Thực hiện nhiệm vụ chính trị được giao", 1, diem=40),
    _c("1.1", "Hoàn thành các chỉ tiêu, nhiệm vụ của kế hoạch năm", 2, diem=25,
       minh_chung="Báo cáo tổng kết năm; kế hoạch năm được giao"),
    _c("1.2", "Tham mưu UBND tỉnh ban hành văn bản đúng hạn, đúng quy định", 2, diem=15,
       minh_chung="Danh mục văn bản tham mưu, thời hạn giao"),
    _c("2", "Tiêu chuẩn 2: Phong trào thi đua và công tác khen thưởng", 1, diem=20),
    _c("2.1", "Ban hành kế hoạch, phát động phong trào thi đua", 2, diem=10, minh_chung="Kế hoạch phát động"),
    _c("2.2", "Ký kết giao ước thi đua của khối", 2, diem=5, minh_chung="Bản giao ước thi đua"),
    _c("2.3", "Báo cáo sơ kết, tổng kết gửi khối đúng hạn", 2, diem=5, minh_chung="Báo cáo, ngày gửi"),
    _c("3", "Tiêu chuẩn 3: Cải cách hành chính, chuyển đổi số", 1, diem=20),
    _c("3.1", "Chỉ số cải cách hành chính (PAR Index) của cơ quan", 2, diem=10,
       minh_chung="Kết quả công bố PAR Index"),
    _c("3.2", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", 2, diem=10),
    _c("4", "Tiêu chuẩn 4: Xây dựng tổ chức đảng, đoàn thể vững mạnh", 1, diem=10,
       minh_chung="Kết quả đánh giá, xếp loại tổ chức đảng"),
    _c("5", "Tiêu chuẩn 5: Tham gia các hoạt động của khối", 1, diem=10),
    _c("II", "ĐIỂM CỘNG (tổng điểm cộng tối đa 20 điểm)", 0, "cong", 20),
    _c("1", "Được tặng Cờ thi đua của UBND tỉnh năm trước", 1, "cong", 10, "Quyết định tặng Cờ"),
    _c("2", "Được tặng Cờ thi đua của Chính phủ", 1, "cong", 15, "Quyết định của Thủ tướng"),
    _c("3", "Làm khối trưởng", 1, "cong", 5),
    _c("4", "Làm khối phó", 1, "cong", 3),
    _c("III", "ĐIỂM TRỪ (tổng điểm trừ tối đa 20 điểm)", 0, "tru", 20),
    _c("1", "Chậm gửi báo cáo theo quy định (mỗi lần trừ 1 điểm)", 1, "tru", 5),
    _c("2", "Có cán bộ bị kỷ luật từ khiển trách trở lên", 1, "tru", 10),
), cach_tinh="tong", ten="Bảng chấm điểm thi đua Khối các cơ quan tổng hợp",
    can_cu="Hướng dẫn 1479/HD-BTĐKT; thống nhất tại hội nghị khối đầu năm")

# line index by short key, for the scores below
L = {"1.1": 2, "1.2": 3, "2.1": 5, "2.2": 6, "2.3": 7, "3.1": 9, "3.2": 10, "4": 11, "5": 12,
     "co_tinh": 14, "co_cp": 15, "truong": 16, "pho": 17, "cham_bc": 19, "ky_luat": 20}
#: (name, role, self-score deficits, the appraisal's further deficits, bonuses, penalties)
MEMBERS = (
    (None, "truong", {"1.1": 1}, {"1.2": D("0.5")}, {"co_tinh": 10, "truong": 5}, {}),
    ("Sở Nội vụ", "pho", {"3.1": 1}, {"3.1": 1}, {"co_tinh": 10, "pho": 3}, {}),
    ("Văn phòng Ủy ban nhân dân tỉnh", "thanh_vien", {"1.1": 2}, {"2.3": 1}, {"co_tinh": 10}, {}),
    ("Sở Tài chính", "thanh_vien", {"1.1": 2, "2.1": 1}, {"3.1": 1}, {"co_tinh": 10}, {}),
    ("Thanh tra tỉnh", "thanh_vien", {"1.2": 1}, {"1.1": D("0.5"), "3.2": D("0.5")}, {"co_tinh": 10},
     {"cham_bc": 2}),
    ("Sở Tư pháp", "thanh_vien", {"1.1": 3, "2.2": 1}, {"2.1": 2}, {"co_tinh": 10}, {}),
    ("Sở Kế hoạch và Đầu tư", "thanh_vien", {"1.2": 1, "3.2": 1}, {"1.1": 1}, {}, {}),
)


def build(db: sqlite_utils.Database, year: int) -> int:
    """The demo khối of ``year``; returns its id."""
    ours = unit_name_case(records.get_settings(db).co_quan) or "Ban Dân tộc"
    row = db.execute("SELECT unit_id FROM registrations WHERE ma = 'CO_TINH' AND nam = ? AND unit_id IS NOT NULL "
                     "ORDER BY id LIMIT 1", [year]).fetchone()
    khoi_id = service.save_khoi(db, Khoi("Khối các cơ quan tổng hợp", year, so_co=1, so_bang_khen=3,
                                         quy_tac_dong_diem="diem_cham",
                                         ghi_chu="Khối thi đua số 1 của tỉnh",
                                         ngay_hop=dt.date(year, 12, 10), dia_diem_hop=f"Hội trường {ours}"))
    service.save_sheet(db, khoi_id, SHEET)
    sheet = service.store.current_sheet(db, khoi_id)
    spare = iter(("Sở Tài nguyên và Môi trường", "Sở Văn hóa, Thể thao và Du lịch"))
    for order, (name, role, own, appraised, bonus, penalty) in enumerate(MEMBERS, start=1):
        mine = name is None
        if not mine and name.casefold() == ours.casefold():  # the user's own agency is one of the demo's names
            name = next(spare)
        member_id = service.save_member(db, khoi_id, Member(
            ours if mine else name, role, la_co_quan_minh=mine, unit_id=row[0] if mine and row else None,
            thu_tu=order))
        lines = {}
        for i in sheet.leaves():
            c = sheet.criteria[i]
            key = next(k for k, v in L.items() if v == i)
            if c.loai == "cham":
                self_score = c.diem_chuan - D(own.get(key, 0))
                agreed = self_score - D(appraised.get(key, 0))
            else:
                self_score = agreed = D((bonus if c.loai == "cong" else penalty).get(key, 0))
            note = "Minh chứng chưa đầy đủ, khối thống nhất trừ điểm" if agreed != self_score else ""
            lines[i] = LineScore(self_score, agreed, c.minh_chung and f"{c.minh_chung} năm {year}", note)
        service.save_scores(db, member_id, lines)
    return khoi_id
