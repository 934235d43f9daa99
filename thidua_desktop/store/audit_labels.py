"""The audit log in words (``AuditLabels``): names for ids, labels for codes and
Vietnamese field names — for the Nhật ký thay đổi window and its export alike.

Apart from :mod:`.audit` (the log and its triggers, which opening a file needs)
so that the log's writers do not import the rule sets and records these read."""
from __future__ import annotations

import json
import re
import sqlite3

import sqlite_utils

#: column → its name in a sentence of the log (a table may say it its own way, below)
FIELD_LABELS: dict[str, str] = {
    "co_quan_chu_quan": "cơ quan chủ quản", "co_quan": "tên cơ quan", "ky_hieu": "ký hiệu", "dia_danh": "địa danh",
    "chuc_danh_thu_truong": "chức danh thủ trưởng", "ten_thu_truong": "họ tên thủ trưởng",
    "ten": "tên", "parent_id": "thuộc đơn vị", "thu_tu": "thứ tự", "ghi_chu": "ghi chú",
    "ho_ten": "họ tên", "gioi_tinh": "giới tính", "ngay_sinh": "ngày sinh", "chuc_vu": "chức vụ", "ngach": "ngạch",
    "dan_toc": "dân tộc", "phan_loai": "phân loại đối tượng",
    "trinh_do": "trình độ", "unit_id": "đơn vị", "loai_hop_dong": "loại hợp đồng", "dang_cong_tac": "đang công tác",
    "ngay_nghi": "ngày nghỉ", "so_ke_hoach": "số kế hoạch", "ngay_ban_hanh": "ngày ban hành", "loai": "loại",
    "nam_bat_dau": "từ năm", "nam_ket_thuc": "đến năm", "chu_de": "chủ đề", "han_dang_ky": "hạn đăng ký",
    "han_sang_kien": "hạn sáng kiến", "han_ho_so": "hạn hồ sơ", "staff_id": "cán bộ", "nam": "năm",
    "xep_loai": "xếp loại", "so_thang": "số tháng công tác", "thai_san_thang": "số tháng nghỉ thai sản",
    "xep_hang_cum": "thứ hạng trong cụm, khối", "ma": "danh hiệu", "so_quyet_dinh": "số quyết định",
    "ngay_quyet_dinh": "ngày quyết định", "co_so": "căn cứ", "nguon": "nguồn", "cap": "mức công nhận",
    "hinh_thuc": "hình thức", "tu_ngay": "từ ngày", "den_ngay": "đến ngày", "ket_thuc": "kết thúc",
    "campaign_id": "phong trào", "trang_thai": "trạng thái", "ly_do_giu": "lý do giữ lại",
    "ket_qua_binh_xet": "kết quả bình xét", "data": "nội dung", "council_id": "Hội đồng", "vai_tro": "vai trò",
    "meeting_id": "cuộc họp", "ngay": "ngày", "gio": "giờ", "dia_diem": "địa điểm", "ket_luan": "kết luận",
    "member_id": "thành viên", "ly_do": "lý do", "kiem_phieu": "ban kiểm phiếu", "registration_id": "đăng ký",
    "chi_tieu": "chỉ tiêu", "so_vong": "vòng", "phat_ra": "số phiếu phát ra", "thu_vao": "số phiếu thu vào",
    "hop_le": "số phiếu hợp lệ", "khong_hop_le": "số phiếu không hợp lệ", "round_id": "vòng",
    "candidate_id": "người được bầu", "dong_y": "số phiếu đồng ý", "chon": "người được chọn",
    "nguoi_quyet_dinh": "người quyết định", "so": "số", "nguoi_ky": "người ký", "chuc_danh_ky": "chức danh người ký",
    "trich_yeu": "trích yếu", "decision_id": "quyết định", "thanh_tich": "thành tích", "so_so_vang": "số sổ vàng",
    "so_series": "loại sổ", "so_nam": "số trong năm", "huy": "đã hủy", "tien_thuong": "tiền thưởng",
    "thoi_gian": "thời gian", "may_in": "máy in", "che_do": "chế độ in", "in_lai": "in lại",
    "lech_x": "độ lệch ngang (mm)", "lech_y": "độ lệch dọc (mm)", "thuoc_ngang": "thước ngang (mm)",
    "thuoc_doc": "thước dọc (mm)", "co_quan_ban_hanh": "cơ quan ban hành", "so_to_trinh": "số tờ trình",
    "ngay_trinh": "ngày trình", "proposal_id": "tờ trình", "ket_qua": "kết quả",
    "initiative_id": "sáng kiến", "da_ghi_ket_qua": "đã ghi kết quả", "thu_ky": "thư ký", "thay_the": "thay thế quyết định",
    "so_co": "số Cờ thi đua đề nghị", "so_bang_khen": "số Bằng khen đề nghị",
    "quy_tac_dong_diem": "quy tắc khi đồng điểm", "la_co_quan_minh": "cơ quan mình", "khoi_id": "khối thi đua",
    "phien_ban": "phiên bản", "cach_tinh": "cách tính tổng điểm", "diem_co_so": "điểm cơ sở", "can_cu": "căn cứ",
    "sheet_id": "bảng chấm điểm", "muc": "mục", "noi_dung": "nội dung", "diem_chuan": "điểm chuẩn",
    "minh_chung": "minh chứng", "criterion_id": "mục chấm điểm", "tu_cham": "điểm tự chấm",
    "tham_dinh": "điểm thẩm định", "thu_tu_thanh_vien": "thứ tự thành viên", "tong_diem": "tổng điểm",
    "cach": "cách giải quyết", "ngay_hop": "ngày họp khối", "dia_diem_hop": "địa điểm họp khối",
}
_TABLE_FIELD_LABELS: dict[tuple[str, str], str] = {
    ("units", "ten"): "tên đơn vị", ("units", "ten_in"): "tên in",
    ("campaigns", "ten"): "tên phong trào", ("initiatives", "ten"): "tên sáng kiến",
    ("campaigns", "loai"): "loại phong trào", ("reviews", "loai"): "loại vụ việc",
    ("meeting_attendance", "trang_thai"): "dự họp", ("meetings", "ngay"): "ngày họp",
    ("decisions", "ngay"): "ngày ký", ("printer_calibration", "ngay"): "ngày hiệu chỉnh",
    ("initiatives", "unit_id"): "đơn vị áp dụng", ("decisions", "cap"): "cấp quyết định",
    ("proposals", "decision_id"): "quyết định của cấp trên",
    ("khoi_criteria", "cap"): "cấp mục", ("khoi_members", "ten"): "tên cơ quan", ("khoi_criteria", "loai"): "loại mục",
    ("khoi_scores", "member_id"): "cơ quan thành viên",
}
_YES_NO = ("dang_cong_tac", "huy", "in_lai", "kiem_phieu", "da_ghi_ket_qua", "la_co_quan_minh")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?")
_NOT_SHOWN = {"id"}


class AuditLabels:
    """Says a log row in words: who or what it is about (names, not ids), and
    each change with the field's Vietnamese name and the values' labels
    ("Nguyễn Văn An: trạng thái Đề nghị → Đạt"). Names are read once from the
    file, and from the log itself for what was deleted since."""

    def __init__(self, db: sqlite_utils.Database):
        from ..domain.council import ATTENDANCE, ROLES
        from ..domain.eligibility import BASES, REVIEW_KINDS
        from ..domain.khoi import CACH_GIAI_QUYET, CACH_TINH, LOAI, QUY_TAC_DONG_DIEM, VAI_TRO
        from ..domain.models import CAMPAIGN_KINDS, CONTRACTS, GENDERS, PHAN_LOAI
        from ..domain.registrations import AWARD_SOURCES, INITIATIVE_KINDS, STATUSES
        from ..domain.titles import DECIDED_AT, DISCIPLINE_FORMS, INITIATIVE_LEVELS, XEP_LOAI
        from .rules import all_rulesets

        def names(sql: str) -> dict:
            try:
                return {r[0]: r[1] for r in db.execute(sql).fetchall()}
            except sqlite3.Error:  # an old file without the table
                return {}

        def from_log(table: str, field: str) -> dict:
            return names(f"SELECT ban_ghi, coalesce(json_extract(moi, '$.{field}'), json_extract(cu, '$.{field}')) "
                         f"FROM audit_log WHERE bang = '{table}' AND ban_ghi IS NOT NULL ORDER BY id")

        self.staff = from_log("staff", "ho_ten") | names("SELECT id, ho_ten FROM staff")
        self.units = from_log("units", "ten") | names("SELECT id, ten FROM units")
        self.campaigns = from_log("campaigns", "ten") | names("SELECT id, ten FROM campaigns")
        self.members = from_log("council_members", "ho_ten") | names("SELECT id, ho_ten FROM council_members")
        self.councils = names("SELECT id, 'theo quyết định số ' || so_quyet_dinh FROM councils")
        self.meetings = names("SELECT id, ngay FROM meetings")
        self.decisions = from_log("decisions", "so") | names("SELECT id, so FROM decisions")
        self.proposals = from_log("proposals", "so_to_trinh") | names("SELECT id, so_to_trinh FROM proposals")
        self.initiatives = from_log("initiatives", "ten") | names("SELECT id, ten FROM initiatives")
        self.khoi_members = from_log("khoi_members", "ten") | names("SELECT id, ten FROM khoi_members")
        self.khoi = from_log("khoi", "ten") | names("SELECT id, ten FROM khoi")
        self.khoi_criteria = from_log("khoi_criteria", "muc") | names("SELECT id, muc FROM khoi_criteria")
        self.khoi_sheets = from_log("khoi_sheets", "phien_ban") | names("SELECT id, phien_ban FROM khoi_sheets")
        self.registrations = {r[0]: (r[1], r[2], r[3]) for r in db.execute(
            "SELECT id, staff_id, unit_id, ma FROM registrations").fetchall()}
        self.candidates = names("SELECT id, registration_id FROM meeting_candidates")
        self.rounds = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, so_vong, ma FROM vote_rounds").fetchall()}
        self.titles: dict[str, str] = {}
        try:
            for rs in all_rulesets(db):
                for t in rs.titles:
                    self.titles.setdefault(t.code, t.name)
        except Exception:  # a damaged user rule set must not hide the log
            pass
        self.values: dict[tuple[str | None, str], dict] = {
            (None, "gioi_tinh"): GENDERS, (None, "loai_hop_dong"): CONTRACTS, (None, "phan_loai"): PHAN_LOAI,
            ("campaigns", "loai"): CAMPAIGN_KINDS, ("initiatives", "loai"): INITIATIVE_KINDS,
            ("reviews", "loai"): REVIEW_KINDS, 
            ("registrations", "trang_thai"): STATUSES, ("meeting_attendance", "trang_thai"): ATTENDANCE,
            (None, "vai_tro"): ROLES, (None, "xep_loai"): XEP_LOAI, (None, "hinh_thuc"): DISCIPLINE_FORMS,
            (None, "co_so"): BASES, (None, "nguon"): AWARD_SOURCES,
            (None, "che_do"): {"full": "in đầy đủ trên giấy trắng", "phoi": "in trên phôi"},
            ("decisions", "cap"): DECIDED_AT, ("initiatives", "cap"): INITIATIVE_LEVELS,
            ("khoi_members", "vai_tro"): VAI_TRO, ("khoi_criteria", "loai"): LOAI,
            ("khoi_sheets", "cach_tinh"): CACH_TINH, ("khoi", "quy_tac_dong_diem"): QUY_TAC_DONG_DIEM,
            ("khoi_ties", "cach"): CACH_GIAI_QUYET,
            ("proposal_items", "ket_qua"): {"cho": "chờ quyết định", "duoc_khen": "được khen",
                                            "khong_duoc_khen": "không được khen"},
        }

    # --- pieces ---------------------------------------------------------------------
    def field(self, table: str, column: str) -> str:
        return _TABLE_FIELD_LABELS.get((table, column)) or FIELD_LABELS.get(column) or column.replace("_", " ")

    def person_or_unit(self, staff_id, unit_id) -> str:
        if staff_id is not None:
            return self.staff.get(staff_id) or "(cán bộ đã xóa)"
        if unit_id is not None:
            return self.units.get(unit_id) or "(đơn vị đã xóa)"
        return ""

    def registration(self, rid) -> str:
        reg = self.registrations.get(rid)
        if reg is None:
            return "(đăng ký đã xóa)"
        return f"{self.person_or_unit(reg[0], reg[1])} ({self.titles.get(reg[2], reg[2])})"

    def value(self, table: str, column: str, v) -> str:
        if v is None or v == "":
            return "(trống)"
        if column in _YES_NO:
            return "có" if v else "không"
        labels = self.values.get((table, column)) or self.values.get((None, column))
        if labels is not None:
            return str(labels.get(v, v))
        if table == "khoi_scores" and column == "member_id":
            return self.khoi_members.get(v) or "(đã xóa)"
        if column == "criterion_id":
            return f"mục {self.khoi_criteria.get(v) or '(đã xóa)'}"
        if column == "sheet_id":
            return f"phiên bản {self.khoi_sheets.get(v) or '(đã xóa)'}"
        if column == "khoi_id":
            return self.khoi.get(v) or "(đã xóa)"
        if column == "thu_tu_thanh_vien":
            try:
                return ", ".join(self.khoi_members.get(m) or "(đã xóa)" for m in json.loads(v))
            except (TypeError, ValueError):
                return str(v)
        refs = {"staff_id": self.staff, "unit_id": self.units, "parent_id": self.units,
                "campaign_id": self.campaigns, "member_id": self.members, "council_id": self.councils,
                "meeting_id": self.meetings, "decision_id": self.decisions, "proposal_id": self.proposals,
                "initiative_id": self.initiatives, "thay_the": self.decisions}
        if column in refs:
            name = refs[column].get(v)
            if column in ("decision_id", "thay_the") and name:
                return f"số {name}"
            if column == "proposal_id" and name:
                return f"số {name}"
            if column == "meeting_id" and name:
                return f"ngày {self._dates(str(name))}"
            return self._dates(str(name)) if name else "(đã xóa)"
        if column == "so_series" and isinstance(v, str):  # "GK", or "GK#000000007": numbered per decision
            code, _, decision = v.partition("#")
            title = self.titles.get(code, code)
            if decision.isdigit():
                return f"{title}, đánh số riêng theo quyết định số {self.decisions.get(int(decision), '…')}"
            return title
        if column == "ma" and table != "printer_calibration":
            return self.titles.get(v, str(v))
        if column == "registration_id":
            return self.registration(v)
        if column == "candidate_id":
            return self.registration(self.candidates.get(v))
        if column == "round_id":
            number, ma = self.rounds.get(v, (None, None))
            return f"{number} ({self.titles.get(ma, ma)})" if number else "(đã xóa)"
        if column == "chon":
            try:
                chosen = json.loads(v)
            except (TypeError, ValueError):
                return str(v)
            return ", ".join(self.registration(r) for r in chosen) if isinstance(chosen, list) else str(v)
        if column == "data" and table == "rulesets":
            return "(nội dung bộ quy tắc)"
        if column == "tien_thuong" and isinstance(v, (int, float)):
            from ..domain.votes import format_money

            return f"{format_money(v)} đồng"
        return self._dates(str(v))

    @staticmethod
    def when(text: str) -> str:
        """A log time as people write it: ``04/12/2026 18:05:09``."""
        return AuditLabels._dates(text or "")

    @staticmethod
    def _dates(text: str) -> str:
        m = _ISO_DATE.match(text)
        if not m:
            return text
        return f"{m[3]}/{m[2]}/{m[1]}" + (f" {m[4]}" if m[4] else "") + text[m.end():]

    def subject(self, row) -> str:
        """Who or what the row is about, by name."""
        table = row["bang"]
        values = {**(json.loads(row["cu"]) if row["cu"] else {}), **(json.loads(row["moi"]) if row["moi"] else {})}
        if row["thao_tac"] == "ghi_chu":
            return ""
        if table == "org_settings":
            return "Thông tin cơ quan"
        if table in ("staff", "council_members"):
            return values.get("ho_ten") or ""
        if table == "initiative_authors":
            return self.person_or_unit(values.get("staff_id"), None)
        if table in ("units", "campaigns", "initiatives"):
            return values.get("ten") or ""
        if table in ("evaluations", "unit_evaluations", "awards", "disciplines", "reviews", "registrations",
                     "decision_awardees"):
            who = self.person_or_unit(values.get("staff_id"), values.get("unit_id"))
            return f"{who}, năm {values['nam']}" if table.endswith("evaluations") and values.get("nam") else who
        if table == "councils":
            return f"Hội đồng theo quyết định số {values.get('so_quyet_dinh') or '…'}"
        if table == "meetings":
            return f"Cuộc họp {self._dates(str(values.get('ngay') or ''))}".strip()
        if table == "meeting_attendance":
            return self.members.get(values.get("member_id"), "")
        if table == "meeting_candidates":
            return self.registration(values.get("registration_id"))
        if table in ("vote_rounds", "meeting_titles", "tie_decisions"):
            title = self.titles.get(values.get("ma"), values.get("ma") or "")
            return f"{title}, vòng {values['so_vong']}" if values.get("so_vong") else title
        if table == "round_votes":
            return self.registration(self.candidates.get(values.get("candidate_id")))
        if table == "decisions":
            return f"Quyết định số {values.get('so') or '…'}"
        if table == "proposals":
            title = self.titles.get(values.get("ma"), values.get("ma") or "")
            return f"Tờ trình số {values.get('so_to_trinh') or '…'} ({title})"
        if table == "proposal_items":
            return self.registration(values.get("registration_id"))
        if table == "print_log":
            return f"Quyết định {self.value(table, 'decision_id', values.get('decision_id'))}"
        if table == "printer_calibration":
            return values.get("may_in") or ""
        if table == "khoi":
            return f"{values.get('ten') or ''} năm {values.get('nam') or '…'}"
        if table == "khoi_members":
            return values.get("ten") or ""
        if table == "khoi_sheets":
            return f"Bảng chấm điểm khối, phiên bản {values.get('phien_ban') or '…'}"
        if table == "khoi_criteria":
            return f"Mục {values.get('muc') or ''} {(values.get('noi_dung') or '')[:40]}".strip()
        if table == "khoi_scores":
            member = self.khoi_members.get(values.get("member_id")) or "(đã xóa)"
            return f"{member}, mục {self.khoi_criteria.get(values.get('criterion_id')) or '…'}"
        if table == "khoi_ties":
            return f"Thứ tự khi đồng điểm {values.get('tong_diem') or ''} điểm"
        if table == "rulesets":
            try:
                return str(json.loads(values.get("data") or "{}").get("name", ""))
            except ValueError:
                return ""
        return ""

    def describe(self, row) -> str:
        """What changed, in words: ``Nguyễn Văn An: trạng thái Đề nghị → Đạt``; a
        new or deleted row with its values; a note: its text."""
        old = json.loads(row["cu"]) if row["cu"] else {}
        new = json.loads(row["moi"]) if row["moi"] else {}
        if row["thao_tac"] == "ghi_chu":
            return str(new.get("ghi_chu", ""))
        table = row["bang"]
        if row["thao_tac"] == "sua":
            parts = [f"{self.field(table, k)} {self.value(table, k, old.get(k))} → {self.value(table, k, v)}"
                     for k, v in new.items() if old.get(k) != v and k not in _NOT_SHOWN]
        subject = self.subject(row)
        if row["thao_tac"] != "sua":  # a new or deleted row: its values (the name is said once, in front)
            parts = [f"{self.field(table, k)} {self.value(table, k, v)}" for k, v in (new or old).items()
                     if v not in (None, "") and k not in _NOT_SHOWN
                     and not (k in ("ho_ten", "ten", "staff_id", "unit_id")
                              and subject.startswith(self.value(table, k, v)))]
        text = "; ".join(parts)
        return f"{subject}: {text}" if subject else text
