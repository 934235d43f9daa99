"""Ordered schema migrations. Entry *n* brings a file from version *n* to *n + 1*.

Never edit a released migration: add a new one. Each runs inside a
transaction opened by :func:`thidua_desktop.store.db.migrate`.
"""
from __future__ import annotations

import sqlite_utils


def _v1_foundation(db: sqlite_utils.Database) -> None:
    for statement in (
        """CREATE TABLE org_settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            co_quan_chu_quan TEXT NOT NULL DEFAULT '',
            co_quan TEXT NOT NULL DEFAULT '',
            ky_hieu TEXT NOT NULL DEFAULT '',
            dia_danh TEXT NOT NULL DEFAULT '',
            chuc_danh_thu_truong TEXT NOT NULL DEFAULT '',
            ten_thu_truong TEXT NOT NULL DEFAULT ''
        )""",
        "INSERT INTO org_settings (id) VALUES (1)",
        """CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            ten TEXT NOT NULL CHECK (ten <> ''),
            ten_key TEXT NOT NULL UNIQUE,
            parent_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            thu_tu INTEGER NOT NULL DEFAULT 0,
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            ho_ten TEXT NOT NULL CHECK (ho_ten <> ''),
            ten_key TEXT NOT NULL,
            gioi_tinh TEXT CHECK (gioi_tinh IN ('nam', 'nu')),
            ngay_sinh TEXT,
            chuc_vu TEXT NOT NULL DEFAULT '',
            ngach TEXT NOT NULL DEFAULT '',
            trinh_do TEXT NOT NULL DEFAULT '',
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            loai_hop_dong TEXT CHECK (loai_hop_dong IN ('bien_che', 'hop_dong')),
            dang_cong_tac INTEGER NOT NULL DEFAULT 1 CHECK (dang_cong_tac IN (0, 1)),
            ngay_nghi TEXT,
            ghi_chu TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now'))
        )""",
        "CREATE INDEX staff_match ON staff (ten_key, ngay_sinh)",
        "CREATE INDEX staff_unit ON staff (unit_id)",
        """CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            ten TEXT NOT NULL CHECK (ten <> ''),
            so_ke_hoach TEXT NOT NULL DEFAULT '',
            ngay_ban_hanh TEXT,
            loai TEXT NOT NULL CHECK (loai IN ('thuong_xuyen', 'chuyen_de')),
            nam_bat_dau INTEGER NOT NULL,
            nam_ket_thuc INTEGER NOT NULL,
            chu_de TEXT NOT NULL DEFAULT '',
            han_dang_ky TEXT,
            han_sang_kien TEXT,
            han_ho_so TEXT,
            ghi_chu TEXT NOT NULL DEFAULT '',
            CHECK (nam_ket_thuc >= nam_bat_dau)
        )""",
    ):
        db.execute(statement)


def _v2_registrations(db: sqlite_utils.Database) -> None:
    """Yearly evaluation, discipline, award history, initiatives, registrations, rule sets.

    A record about "a person or a unit" has ``staff_id`` and ``unit_id`` with
    exactly one set (CHECK). Title codes (``ma``) are the codes of the rule
    sets (``LDTT``, ``CSTDCS`` …); they are not foreign keys because rule sets
    live in JSON (shipped in ``resources/rules`` or stored in ``rulesets``).
    """
    one_subject = "CHECK ((staff_id IS NULL) <> (unit_id IS NULL))"
    for statement in (
        """CREATE TABLE evaluations (
            staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
            nam INTEGER NOT NULL,
            xep_loai TEXT CHECK (xep_loai IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
            so_thang INTEGER CHECK (so_thang BETWEEN 0 AND 12),
            thai_san_thang INTEGER NOT NULL DEFAULT 0 CHECK (thai_san_thang BETWEEN 0 AND 12),
            ghi_chu TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (staff_id, nam)
        )""",
        """CREATE TABLE unit_evaluations (
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
            nam INTEGER NOT NULL,
            xep_loai TEXT CHECK (xep_loai IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
            xep_hang_cum INTEGER CHECK (xep_hang_cum >= 1),
            ghi_chu TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (unit_id, nam)
        )""",
        f"""CREATE TABLE disciplines (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            hinh_thuc TEXT NOT NULL,
            tu_ngay TEXT NOT NULL,
            den_ngay TEXT,
            so_quyet_dinh TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT '',
            {one_subject}
        )""",
        f"""CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            loai TEXT NOT NULL CHECK (loai IN ('ky_luat', 'thanh_tra', 'dieu_tra', 'khieu_nai')),
            tu_ngay TEXT,
            ket_thuc TEXT,
            ghi_chu TEXT NOT NULL DEFAULT '',
            {one_subject}
        )""",
        f"""CREATE TABLE awards (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            nam INTEGER NOT NULL,
            ma TEXT NOT NULL,
            so_quyet_dinh TEXT NOT NULL DEFAULT '',
            ngay_quyet_dinh TEXT,
            co_so TEXT NOT NULL DEFAULT 'cong_trang' CHECK (co_so IN ('cong_trang', 'chuyen_de', 'dot_xuat')),
            nguon TEXT NOT NULL DEFAULT 'nhap_tay' CHECK (nguon IN ('nhap_tay', 'nhap_excel', 'quyet_dinh')),
            ghi_chu TEXT NOT NULL DEFAULT '',
            {one_subject}
        )""",
        "CREATE UNIQUE INDEX awards_once ON awards (coalesce(staff_id, 0), coalesce(unit_id, 0), nam, ma)",
        "CREATE INDEX awards_unit ON awards (unit_id)",
        """CREATE TABLE initiatives (
            id INTEGER PRIMARY KEY,
            ten TEXT NOT NULL CHECK (ten <> ''),
            nam INTEGER NOT NULL,
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            loai TEXT NOT NULL DEFAULT 'sang_kien',
            cap TEXT CHECK (cap IN ('co_so', 'tinh', 'toan_quoc')),
            so_quyet_dinh TEXT NOT NULL DEFAULT '',
            ngay_quyet_dinh TEXT,
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE initiative_authors (
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
            thu_tu INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (initiative_id, staff_id)
        )""",
        "CREATE INDEX initiative_authors_staff ON initiative_authors (staff_id)",
        f"""CREATE TABLE registrations (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
            nam INTEGER NOT NULL,
            staff_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            ma TEXT NOT NULL,
            trang_thai TEXT NOT NULL DEFAULT 'dang_ky'
                CHECK (trang_thai IN ('dang_ky', 'de_nghi', 'dat', 'khong_dat', 'quyet_dinh')),
            co_so TEXT NOT NULL DEFAULT 'cong_trang' CHECK (co_so IN ('cong_trang', 'chuyen_de', 'dot_xuat')),
            ly_do_giu TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (datetime('now')),
            updated_at TEXT NOT NULL DEFAULT (datetime('now')),
            {one_subject}
        )""",
        """CREATE UNIQUE INDEX registrations_once
           ON registrations (campaign_id, nam, coalesce(staff_id, 0), coalesce(unit_id, 0), ma)""",
        "CREATE INDEX registrations_staff ON registrations (staff_id)",
        "CREATE INDEX registrations_unit ON registrations (unit_id)",
        """CREATE TABLE rulesets (
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            updated_at TEXT NOT NULL DEFAULT (datetime('now'))
        )""",
    ):
        db.execute(statement)


def _v3_council(db: sqlite_utils.Database) -> None:
    """The council (by founding decision), its meetings, candidates, vote rounds and tie decisions.

    A round belongs to one title of one meeting; round 1 holds every
    candidate of the title, later rounds only those tied before. A chair's
    decision on a tie is kept apart, with who decided. Registrations keep the
    figures that decided their result (``ket_qua_binh_xet``)."""
    for statement in (
        """CREATE TABLE councils (
            id INTEGER PRIMARY KEY,
            so_quyet_dinh TEXT NOT NULL,
            ngay_quyet_dinh TEXT NOT NULL,
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE council_members (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
            ho_ten TEXT NOT NULL,
            vai_tro TEXT NOT NULL CHECK (vai_tro IN ('chu_tich', 'pho_chu_tich', 'uy_vien', 'thu_ky')),
            chuc_vu TEXT NOT NULL DEFAULT '',
            gioi_tinh TEXT,
            staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
            thu_tu INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
            nam INTEGER NOT NULL,
            ngay TEXT NOT NULL,
            gio TEXT NOT NULL DEFAULT '',
            dia_diem TEXT NOT NULL DEFAULT '',
            ket_luan TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE meeting_attendance (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES council_members(id) ON DELETE CASCADE,
            trang_thai TEXT NOT NULL DEFAULT 'co_mat' CHECK (trang_thai IN ('co_mat', 'van_ban', 'vang')),
            ly_do TEXT NOT NULL DEFAULT '',
            kiem_phieu TEXT NOT NULL DEFAULT '' CHECK (kiem_phieu IN ('', 'truong_ban', 'uy_vien')),
            PRIMARY KEY (meeting_id, member_id)
        )""",
        """CREATE TABLE meeting_titles (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            ma TEXT NOT NULL,
            chi_tieu INTEGER CHECK (chi_tieu IS NULL OR chi_tieu >= 0),
            PRIMARY KEY (meeting_id, ma)
        )""",
        """CREATE TABLE meeting_candidates (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
            ma TEXT NOT NULL,
            thu_tu INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, registration_id)
        )""",
        """CREATE TABLE vote_rounds (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            ma TEXT NOT NULL,
            so_vong INTEGER NOT NULL CHECK (so_vong >= 1),
            phat_ra INTEGER NOT NULL CHECK (phat_ra >= 0),
            thu_vao INTEGER NOT NULL CHECK (thu_vao >= 0 AND thu_vao <= phat_ra),
            hop_le INTEGER NOT NULL CHECK (hop_le >= 0),
            khong_hop_le INTEGER NOT NULL CHECK (khong_hop_le >= 0 AND hop_le + khong_hop_le = thu_vao),
            UNIQUE (meeting_id, ma, so_vong)
        )""",
        """CREATE TABLE round_votes (
            round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
            candidate_id INTEGER NOT NULL REFERENCES meeting_candidates(id) ON DELETE CASCADE,
            dong_y INTEGER NOT NULL CHECK (dong_y >= 0),
            PRIMARY KEY (round_id, candidate_id)
        )""",
        """CREATE TABLE tie_decisions (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            ma TEXT NOT NULL,
            chon TEXT NOT NULL,
            nguoi_quyet_dinh TEXT NOT NULL,
            PRIMARY KEY (meeting_id, ma)
        )""",
        "ALTER TABLE registrations ADD COLUMN ket_qua_binh_xet TEXT NOT NULL DEFAULT ''",
    ):
        db.execute(statement)


def _v4_audit(db: sqlite_utils.Database) -> None:
    """Nhật ký thay đổi: the ``audit_log`` table and a trigger per action on every audited table."""
    from . import audit

    audit.create_table(db)
    audit.install_triggers(db)


def _v5_decisions(db: sqlite_utils.Database) -> None:
    """Decisions, their awardees with award-book numbers, and the print log.

    An award-book number is unique in its series (the title's code) and year
    and never reused: a cancelled certificate keeps it (``huy``)."""
    from . import audit

    for statement in (
        """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            so TEXT NOT NULL CHECK (so <> ''),
            ngay TEXT NOT NULL,
            nam INTEGER NOT NULL,
            ma TEXT NOT NULL,
            nguoi_ky TEXT NOT NULL DEFAULT '',
            chuc_danh_ky TEXT NOT NULL DEFAULT '',
            trich_yeu TEXT NOT NULL DEFAULT '',
            meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE UNIQUE INDEX decisions_number ON decisions (so, substr(ngay, 1, 4))",
        """CREATE TABLE decision_awardees (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
            staff_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT,
            unit_id INTEGER REFERENCES units(id) ON DELETE RESTRICT,
            registration_id INTEGER REFERENCES registrations(id) ON DELETE SET NULL,
            thanh_tich TEXT NOT NULL DEFAULT '',
            so_so_vang INTEGER,
            so_series TEXT,
            so_nam INTEGER,
            huy INTEGER NOT NULL DEFAULT 0 CHECK (huy IN (0, 1)),
            tien_thuong INTEGER,
            thu_tu INTEGER NOT NULL DEFAULT 0,
            CHECK ((staff_id IS NULL) <> (unit_id IS NULL))
        )""",
        """CREATE UNIQUE INDEX award_book_number ON decision_awardees (so_series, so_nam, so_so_vang)
           WHERE so_so_vang IS NOT NULL""",
        """CREATE TABLE award_book_numbers (
            so_series TEXT NOT NULL,
            so_nam INTEGER NOT NULL,
            cao_nhat INTEGER NOT NULL,
            PRIMARY KEY (so_series, so_nam)
        )""",
        """CREATE TABLE print_log (
            id INTEGER PRIMARY KEY,
            thoi_gian TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')),
            decision_id INTEGER REFERENCES decisions(id) ON DELETE SET NULL,
            may_in TEXT NOT NULL DEFAULT '',
            che_do TEXT NOT NULL DEFAULT 'full',
            so_so_vang TEXT NOT NULL DEFAULT '',
            in_lai INTEGER NOT NULL DEFAULT 0
        )""",
    ):
        db.execute(statement)
    audit.install_triggers(db)


def _v6_printing(db: sqlite_utils.Database) -> None:
    """Each printer's calibration (offset and the measured 100 mm bars) and the
    organisation's emblem image (Quốc huy or logo) that full-mode certificates draw."""
    from . import audit

    for statement in (
        """CREATE TABLE printer_calibration (
            may_in TEXT PRIMARY KEY CHECK (may_in <> ''),
            lech_x REAL NOT NULL DEFAULT 0,
            lech_y REAL NOT NULL DEFAULT 0,
            thuoc_ngang REAL,
            thuoc_doc REAL,
            ngay TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d', 'now', 'localtime'))
        )""",
        """CREATE TABLE org_images (
            ten TEXT PRIMARY KEY,
            ten_tep TEXT NOT NULL DEFAULT '',
            du_lieu BLOB NOT NULL
        )""",
    ):
        db.execute(statement)
    audit.install_triggers(db)


def _v7_file_identity(db: sqlite_utils.Database) -> None:
    """The data file's own identity: a UUID that travels with the file (moved,
    renamed, restored), so its backups and the workbooks it sent out can be
    recognised. ``store.db.file_uuid`` may have made the table already."""
    import uuid

    db.execute("CREATE TABLE IF NOT EXISTS file_identity (uuid TEXT NOT NULL)")
    if not db.execute("SELECT 1 FROM file_identity WHERE uuid <> ''").fetchone():
        db.execute("DELETE FROM file_identity")
        db.execute("INSERT INTO file_identity (uuid) VALUES (?)", [str(uuid.uuid4())])



def _v8_proposals(db: sqlite_utils.Database) -> None:
    """Who decides (Luật Thi đua, khen thưởng 2022, Điều 80): a decision is the
    agency's own (``cap = 'co_quan'``) or a higher level's recorded here
    (``tinh`` / ``trung_uong``, with its issuer); proposals (đề nghị, Điều 84)
    of the council's results to the level that decides, their tờ trình and the
    outcome of each proposed registration."""
    from . import audit

    for statement in (
        "ALTER TABLE decisions ADD COLUMN cap TEXT NOT NULL DEFAULT 'co_quan'",
        "ALTER TABLE decisions ADD COLUMN co_quan_ban_hanh TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            nam INTEGER NOT NULL,
            ma TEXT NOT NULL,
            meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
            so_to_trinh TEXT NOT NULL DEFAULT '',
            ngay_trinh TEXT,
            decision_id INTEGER REFERENCES decisions(id) ON DELETE SET NULL,
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE proposal_items (
            id INTEGER PRIMARY KEY,
            proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE RESTRICT,
            ket_qua TEXT NOT NULL DEFAULT 'cho' CHECK (ket_qua IN ('cho', 'duoc_khen', 'khong_duoc_khen')),
            thu_tu INTEGER NOT NULL DEFAULT 0,
            UNIQUE (registration_id)
        )""",
    ):
        db.execute(statement)
    audit.install_triggers(db)


def _v9_meeting_reopen(db: sqlite_utils.Database) -> None:
    """A meeting's results, once recorded, close it (``meetings.da_ghi_ket_qua``):
    counts are refused until it is explicitly reopened. Meetings whose results
    are already on their registrations are closed. A registration on a
    meeting's candidate list or in a decision can no longer be deleted (the
    delete used to cascade into the votes and unlink the award)."""
    from . import audit

    for statement in (
        """ALTER TABLE meetings ADD COLUMN da_ghi_ket_qua INTEGER NOT NULL DEFAULT 0
           CHECK (da_ghi_ket_qua IN (0, 1))""",
        """UPDATE meetings SET da_ghi_ket_qua = 1 WHERE EXISTS (
             SELECT 1 FROM meeting_candidates c JOIN registrations r ON r.id = c.registration_id
             WHERE c.meeting_id = meetings.id AND r.ket_qua_binh_xet <> '' AND r.trang_thai <> 'de_nghi')""",
        """CREATE TRIGGER registrations_keep_used BEFORE DELETE ON registrations
           WHEN EXISTS (SELECT 1 FROM meeting_candidates WHERE registration_id = OLD.id)
             OR EXISTS (SELECT 1 FROM decision_awardees WHERE registration_id = OLD.id)
           BEGIN
             SELECT RAISE(ABORT, 'đăng ký đã vào cuộc họp Hội đồng hoặc quyết định khen thưởng, không xóa được');
           END""",
    ):
        db.execute(statement)
    audit.install_triggers(db)  # the meetings trigger lists the new column


def _v10_decisions_council(db: sqlite_utils.Database) -> None:
    """The meeting's secretary (thư ký, signs the minutes); a decision that
    replaces a printed one (cancel and reissue: ``thay_the`` is the decision it
    replaces, whose certificates are cancelled and whose print log stays); the
    authors of an initiative join the audit log, so undo brings them back."""
    from . import audit

    db.execute("ALTER TABLE meetings ADD COLUMN thu_ky TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE decisions ADD COLUMN thay_the INTEGER REFERENCES decisions(id) ON DELETE SET NULL")
    audit.install_triggers(db)


def _v11_unit_print_name(db: sqlite_utils.Database) -> None:
    """A unit's name to print (``units.ten_in``, empty: its own name): the
    leadership group "Lãnh đạo Ban" prints as the agency on certificates and lists."""
    from . import audit

    db.execute("ALTER TABLE units ADD COLUMN ten_in TEXT NOT NULL DEFAULT ''")
    audit.install_triggers(db)


def _v12_khoi(db: sqlite_utils.Database) -> None:
    """Khối / cụm thi đua: a khối per year with its quota and tie rule; its
    member agencies (other agencies; ours flagged, with the unit of this file
    its rank feeds); score sheets as numbered versions of an outline of
    criteria; each member's self-score and appraisal per line with evidence
    and note; the order of tied members with who decided. Scores are text
    (``12.5``): exact decimals, so equal totals stay equal."""
    from . import audit

    for statement in (
        """CREATE TABLE khoi (
            id INTEGER PRIMARY KEY,
            ten TEXT NOT NULL CHECK (ten <> ''),
            nam INTEGER NOT NULL,
            so_co INTEGER NOT NULL DEFAULT 1 CHECK (so_co >= 0),
            so_bang_khen INTEGER NOT NULL DEFAULT 0 CHECK (so_bang_khen >= 0),
            quy_tac_dong_diem TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT '',
            ngay_hop TEXT,
            dia_diem_hop TEXT NOT NULL DEFAULT '',
            UNIQUE (ten, nam)
        )""",
        """CREATE TABLE khoi_members (
            id INTEGER PRIMARY KEY,
            khoi_id INTEGER NOT NULL REFERENCES khoi(id) ON DELETE CASCADE,
            ten TEXT NOT NULL CHECK (ten <> ''),
            vai_tro TEXT NOT NULL DEFAULT 'thanh_vien' CHECK (vai_tro IN ('truong', 'pho', 'thanh_vien')),
            la_co_quan_minh INTEGER NOT NULL DEFAULT 0 CHECK (la_co_quan_minh IN (0, 1)),
            unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
            thu_tu INTEGER NOT NULL DEFAULT 0,
            ghi_chu TEXT NOT NULL DEFAULT '',
            UNIQUE (khoi_id, ten)
        )""",
        "CREATE UNIQUE INDEX khoi_one_truong ON khoi_members (khoi_id) WHERE vai_tro = 'truong'",
        "CREATE UNIQUE INDEX khoi_one_pho ON khoi_members (khoi_id) WHERE vai_tro = 'pho'",
        "CREATE UNIQUE INDEX khoi_one_ours ON khoi_members (khoi_id) WHERE la_co_quan_minh = 1",
        """CREATE TABLE khoi_sheets (
            id INTEGER PRIMARY KEY,
            khoi_id INTEGER NOT NULL REFERENCES khoi(id) ON DELETE CASCADE,
            phien_ban INTEGER NOT NULL CHECK (phien_ban >= 1),
            ten TEXT NOT NULL DEFAULT '',
            cach_tinh TEXT NOT NULL DEFAULT 'tong' CHECK (cach_tinh IN ('tong', 'co_so')),
            diem_co_so TEXT NOT NULL DEFAULT '100',
            can_cu TEXT NOT NULL DEFAULT '',
            UNIQUE (khoi_id, phien_ban)
        )""",
        """CREATE TABLE khoi_criteria (
            id INTEGER PRIMARY KEY,
            sheet_id INTEGER NOT NULL REFERENCES khoi_sheets(id) ON DELETE CASCADE,
            thu_tu INTEGER NOT NULL,
            muc TEXT NOT NULL DEFAULT '',
            noi_dung TEXT NOT NULL,
            cap INTEGER NOT NULL DEFAULT 1,
            loai TEXT NOT NULL CHECK (loai IN ('cham', 'cong', 'tru')),
            diem_chuan TEXT,
            minh_chung TEXT NOT NULL DEFAULT '',
            UNIQUE (sheet_id, thu_tu)
        )""",
        """CREATE TABLE khoi_scores (
            id INTEGER PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES khoi_members(id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES khoi_criteria(id) ON DELETE CASCADE,
            tu_cham TEXT,
            tham_dinh TEXT,
            minh_chung TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT '',
            UNIQUE (member_id, criterion_id)
        )""",
        """CREATE TABLE khoi_ties (
            id INTEGER PRIMARY KEY,
            khoi_id INTEGER NOT NULL REFERENCES khoi(id) ON DELETE CASCADE,
            thu_tu_thanh_vien TEXT NOT NULL,
            tong_diem TEXT NOT NULL,
            cach TEXT NOT NULL CHECK (cach IN ('quy_tac', 'bieu_quyet')),
            nguoi_quyet_dinh TEXT NOT NULL CHECK (nguoi_quyet_dinh <> ''),
            ngay TEXT,
            ghi_chu TEXT NOT NULL DEFAULT ''
        )""",
    ):
        db.execute(statement)
    audit.install_triggers(db)


def _v13_staff_report_fields(db: sqlite_utils.Database) -> None:
    """What the statistical reports count people by: dân tộc (free text, empty
    when not known) and phân loại đối tượng (``models.PHAN_LOAI``; NULL: as the
    chức vụ says)."""
    from . import audit

    db.execute("ALTER TABLE staff ADD COLUMN dan_toc TEXT NOT NULL DEFAULT ''")
    db.execute("""ALTER TABLE staff ADD COLUMN phan_loai TEXT CHECK (phan_loai IN
                  ('lanh_dao_bo_tinh', 'lanh_dao_vu_so', 'doanh_nhan', 'lanh_dao_khac', 'truc_tiep'))""")
    audit.install_triggers(db)  # the staff trigger lists the new columns


MIGRATIONS = [_v1_foundation, _v2_registrations, _v3_council, _v4_audit, _v5_decisions, _v6_printing,
              _v7_file_identity, _v8_proposals, _v9_meeting_reopen, _v10_decisions_council,
              _v11_unit_print_name, _v12_khoi, _v13_staff_report_fields]
