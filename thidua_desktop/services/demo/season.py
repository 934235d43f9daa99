"""The demo season: three past years of xếp loại and awards, initiatives, a discipline, this year's
registrations; the council with last year's meeting and this year's ready to vote, and its decisions."""
from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from ...domain.models import Campaign
from ...store import records
from ...store.db import transaction


# --- the registration season -------------------------------------------------------------

#: xếp loại drawn for a year, with weights
_XEP_LOAI = (("HTXSNV", 0.18), ("HTTNV", 0.70), ("HTNV", 0.10), ("KHTNV", 0.02))
_INITIATIVE_TOPICS = (
    "Số hóa hồ sơ chính sách dân tộc", "Ứng dụng bản đồ số theo dõi vùng đặc biệt khó khăn",
    "Quy trình tiếp nhận đơn thư của đồng bào", "Sổ tay tuyên truyền song ngữ Việt – Raglai",
    "Mẫu báo cáo nhanh kết quả giảm nghèo", "Cải tiến lưu trữ văn bản đi, đến",
)


def _season(db: sqlite_utils.Database, rng: random.Random, year: int, campaign_id: int) -> dict[str, int]:
    """Three past years of xếp loại and award history, initiatives, a discipline
    and an open review, and this year's registrations — some of which break a
    rule the way real ones do (a gap in a chain, no initiative, a person under
    review, a unit under 70 %)."""
    staff = db.execute("SELECT id, unit_id, dang_cong_tac FROM staff ORDER BY id").fetchall()
    active = [sid for sid, _, on in staff if on]
    unit_of = {sid: uid for sid, uid, _ in staff}
    units = [r[0] for r in db.execute("SELECT id FROM units ORDER BY thu_tu, id")]
    codes, weights = zip(*_XEP_LOAI)
    evaluations, awards, registrations, rated = [], [], [], {}
    for y in range(year - 3, year + 1):
        for sid in active:
            if y == year and rng.random() < 0.15:  # this year's xếp loại not in yet
                continue
            xl = rng.choices(codes, weights)[0]
            rated[(sid, y)] = xl
            evaluations.append((sid, y, xl, 12 if rng.random() > 0.03 else rng.randint(6, 11), 0, ""))
    initiatives, authors = [], []
    for sid in rng.sample(active, max(1, len(active) // 12)) if active else []:
        y = rng.randint(year - 3, year)
        level = None if y == year and rng.random() < 0.4 else ("tinh" if rng.random() < 0.1 else "co_so")
        initiatives.append((f"{rng.choice(_INITIATIVE_TOPICS)} ({sid})", y, unit_of[sid], level,
                            f"{rng.randint(5, 90)}/QĐ-BDT" if level else ""))
        authors.append(sid)
    has_initiative = {(sid, row[1]) for sid, row in zip(authors, initiatives) if row[3]}
    for y in range(year - 3, year):
        qd = f"{rng.randint(100, 180)}/QĐ-BDT"
        for sid in active:
            xl = rated.get((sid, y))
            if xl in ("HTXSNV", "HTTNV"):
                awards.append((sid, None, y, "LDTT", qd))
                if (xl == "HTXSNV" or (sid, y) in has_initiative) and rng.random() < 0.5:
                    awards.append((sid, None, y, "CSTDCS", qd))
        for uid in units:
            if rng.random() < 0.8:
                awards.append((None, uid, y, "TTLDTT", qd))
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO evaluations (staff_id, nam, xep_loai, so_thang, thai_san_thang, ghi_chu) VALUES (?,?,?,?,?,?)",
            evaluations,
        )
        db.conn.executemany(
            "INSERT INTO awards (staff_id, unit_id, nam, ma, so_quyet_dinh, nguon) VALUES (?,?,?,?,?, 'quyet_dinh')",
            awards,
        )
        for (ten, y, uid, level, qd), sid in zip(initiatives, authors):
            iid = db.execute(
                "INSERT INTO initiatives (ten, nam, unit_id, cap, so_quyet_dinh) VALUES (?,?,?,?,?)",
                [ten, y, uid, level, qd],
            ).lastrowid
            db.execute("INSERT INTO initiative_authors (initiative_id, staff_id) VALUES (?, ?)", [iid, sid])
        if len(active) >= 20:
            punished, reviewed = rng.sample(active, 2)
            db.execute(
                "INSERT INTO disciplines (staff_id, hinh_thuc, tu_ngay, so_quyet_dinh) VALUES (?, 'khien_trach', ?, ?)",
                [punished, f"{year}-04-10", "12/QĐ-BDT"],
            )
            db.execute(
                "INSERT INTO reviews (staff_id, loai, tu_ngay, ghi_chu) VALUES (?, 'ky_luat', ?, ?)",
                [reviewed, f"{year}-10-02", "Đang xem xét theo đơn phản ánh"],
            )
        for sid in active:
            if rng.random() < 0.88:
                registrations.append((sid, None, "LDTT"))
            xl = rated.get((sid, year))
            roll = rng.random()
            if roll < 0.07 or (xl == "HTXSNV" and roll < 0.25):
                registrations.append((sid, None, "CSTDCS"))
            elif roll < 0.09:
                registrations.append((sid, None, "GK"))
            elif roll < 0.095:
                registrations.append((sid, None, "BK_TINH"))
            elif roll < 0.097:
                registrations.append((sid, None, "CSTD_TINH"))
        for i, uid in enumerate(units):
            registrations.append((None, uid, "TTLDTT"))
            if i % 4 == 1:
                registrations.append((None, uid, "TTLDXS"))
        if units:
            registrations.append((None, units[min(2, len(units) - 1)], "CO_TINH"))
        db.conn.executemany(
            f"INSERT INTO registrations (campaign_id, nam, staff_id, unit_id, ma) VALUES ({campaign_id}, {year}, ?, ?, ?)",
            registrations,
        )
    return {"registrations": len(registrations), "awards": len(awards), "initiatives": len(initiatives)}


def _council(db: sqlite_utils.Database, year: int, campaign_id: int) -> int:
    """The council (9 members, set up in January last year), last year's meeting with
    its counts — a tie at the CSTĐCS cut settled by a second round — and this year's
    meeting ready to vote. Returns the number of meetings."""
    from ...domain.council import Council, CouncilMember, Meeting, Tally
    from ..council import service as council_service
    from ...store import council as cstore

    people = db.execute(
        """SELECT s.id, s.ho_ten, s.chuc_vu, s.gioi_tinh FROM staff s JOIN units u ON u.id = s.unit_id
           WHERE s.dang_cong_tac = 1 AND (s.chuc_vu LIKE 'Trưởng%' OR s.chuc_vu LIKE 'Phó%'
                 OR s.chuc_vu LIKE 'Chánh%' OR s.chuc_vu LIKE 'Giám đốc%')
           ORDER BY u.thu_tu, u.id, s.id LIMIT 9""").fetchall()
    if len(people) < 9:
        return 0
    roles = ["chu_tich", "pho_chu_tich"] + ["uy_vien"] * 6 + ["thu_ky"]
    head = next((p for p in people if p[2] == "Trưởng Ban"), people[0])
    ordered = [head] + [p for p in people if p is not head]
    members = tuple(CouncilMember(ho_ten=name, vai_tro=role, chuc_vu=cv, gioi_tinh=g, staff_id=sid)
                    for (sid, name, cv, g), role in zip(ordered, roles))
    council_id = cstore.save_council(db, Council("05/QĐ-BDT", dt.date(year - 1, 1, 10), members))
    council = cstore.get_council(db, council_id)
    ids = [m.id for m in council.members]

    # last year: five CSTĐCS proposals, a cap of three, 9 / 8 / 8 / 8 / 6 votes → a second round
    last = year - 1
    past_id = records.save_campaign(db, Campaign(f"Phong trào thi đua thường xuyên năm {last}", so_ke_hoach="08/KH-BDT",
                                                 nam_bat_dau=last))
    chosen = [r[0] for r in db.execute(
        "SELECT staff_id FROM evaluations WHERE nam = ? AND xep_loai = 'HTXSNV' ORDER BY staff_id LIMIT 5", [last])]
    if len(chosen) < 5:
        return 0
    db.execute(f"DELETE FROM awards WHERE nam = ? AND ma = 'CSTDCS' AND staff_id IN ({','.join('?' * 5)})",
               [last, *chosen])
    db.conn.executemany(
        "INSERT INTO registrations (campaign_id, nam, staff_id, ma, trang_thai) VALUES (?, ?, ?, 'CSTDCS', 'de_nghi')",
        [(past_id, last, sid) for sid in chosen])
    past = cstore.save_meeting(db, Meeting(council_id, past_id, last, dt.date(last, 12, 16), gio="14 giờ 00",
                                           dia_diem="Phòng họp Ban Dân tộc",
                                           ket_luan="Hội đồng thống nhất đề nghị Trưởng Ban công nhận danh hiệu "
                                                    "Chiến sĩ thi đua cơ sở cho các cá nhân đạt."))
    cstore.set_attendance(db, past, {mid: ("co_mat", "", "truong_ban" if i == 2 else "uy_vien" if i in (3, 4) else "")
                                     for i, mid in enumerate(ids)})
    council_service.propose_candidates(db, past)
    cstore.set_quota(db, past, "CSTDCS", 3)
    cand = [r["id"] for r in cstore.candidate_rows(db, past)]
    council_service.save_counts(db, past, "CSTDCS", 1, Tally(9, 9, 9, 0, dict(zip(cand, (9, 8, 8, 8, 6)))))
    council_service.save_counts(db, past, "CSTDCS", 2, Tally(9, 9, 8, 1, dict(zip(cand[1:4], (8, 5, 7)))))
    council_service.apply_results(db, past)
    # last year's decisions: the CSTĐCS the council passed, and a Giấy khen for 60+ people (seed 001's size)
    from ..decisions import service as decision_service

    decision_service.create_decision(
        db, so="142/QĐ-BDT", ngay=dt.date(last, 12, 22), nam=last, ma="CSTDCS", meeting_id=past,
        registration_ids=decision_service.passed_registrations(db, last, "CSTDCS"))
    honoured = [r[0] for r in db.execute(
        """SELECT staff_id FROM awards WHERE nam = ? AND ma = 'LDTT' AND staff_id IS NOT NULL
           AND staff_id NOT IN (SELECT staff_id FROM registrations WHERE nam = ? AND ma = 'CSTDCS')
           ORDER BY staff_id LIMIT 64""", [last, last])]
    if honoured:
        decision_service.create_decision(db, so="143/QĐ-BDT", ngay=dt.date(last, 12, 22), nam=last, ma="GK",
                                         staff_ids=honoured)

    # this year: proposals of the titles the council votes on, the meeting set up, nobody counted yet
    for code, n in (("CSTDCS", 12), ("CSTD_TINH", 2), ("CO_TINH", 1)):
        db.execute("""UPDATE registrations SET trang_thai = 'de_nghi' WHERE id IN (
                        SELECT id FROM registrations WHERE campaign_id = ? AND ma = ? ORDER BY id LIMIT ?)""",
                   [campaign_id, code, n])
    now = cstore.save_meeting(db, Meeting(council_id, campaign_id, year, dt.date(year, 12, 15), gio="08 giờ 00",
                                          dia_diem="Phòng họp Ban Dân tộc"))
    cstore.set_attendance(db, now, {mid: (("van_ban", "Đi công tác", "") if i == 5 else
                                          ("co_mat", "", "truong_ban" if i == 2 else "uy_vien" if i in (3, 4) else ""))
                                    for i, mid in enumerate(ids)})
    council_service.propose_candidates(db, now)
    return 2
