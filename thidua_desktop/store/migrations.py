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


MIGRATIONS = [_v1_foundation]
