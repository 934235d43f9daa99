"""What printing needs to remember: each printer's calibration and the
organisation's emblem image (schema v6)."""
from __future__ import annotations

import sqlite_utils

from ..domain.certificates import Calibration
from ..domain.vntext import clean
from . import audit
from .records import ValidationError

EMBLEM = "quoc_huy"
#: an emblem larger than this is refused (a scanned A4 page, not a logo)
MAX_EMBLEM_BYTES = 8 * 1024 * 1024


def get_calibration(db: sqlite_utils.Database, printer: str) -> Calibration | None:
    row = db.execute("SELECT may_in, lech_x, lech_y, thuoc_ngang, thuoc_doc, ngay FROM printer_calibration "
                     "WHERE may_in = ?", [clean(printer)]).fetchone()
    return Calibration(*row) if row else None


def list_calibrations(db: sqlite_utils.Database) -> list[Calibration]:
    return [Calibration(*r) for r in db.execute(
        "SELECT may_in, lech_x, lech_y, thuoc_ngang, thuoc_doc, ngay FROM printer_calibration ORDER BY may_in")]


def save_calibration(db: sqlite_utils.Database, calibration: Calibration) -> None:
    """Insert or replace the calibration of ``calibration.may_in`` (dated today)."""
    errors = calibration.errors()
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        db.execute(
            """INSERT INTO printer_calibration (may_in, lech_x, lech_y, thuoc_ngang, thuoc_doc)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (may_in) DO UPDATE SET lech_x = excluded.lech_x, lech_y = excluded.lech_y,
                   thuoc_ngang = excluded.thuoc_ngang, thuoc_doc = excluded.thuoc_doc,
                   ngay = strftime('%Y-%m-%d', 'now', 'localtime')""",
            [clean(calibration.may_in), float(calibration.lech_x), float(calibration.lech_y),
             calibration.thuoc_ngang, calibration.thuoc_doc])


def delete_calibration(db: sqlite_utils.Database, printer: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM printer_calibration WHERE may_in = ?", [clean(printer)])


def get_emblem(db: sqlite_utils.Database) -> tuple[str, bytes] | None:
    """(file name, image bytes) of the emblem, or None."""
    row = db.execute("SELECT ten_tep, du_lieu FROM org_images WHERE ten = ?", [EMBLEM]).fetchone()
    return (row[0], bytes(row[1])) if row else None


def set_emblem(db: sqlite_utils.Database, file_name: str, data: bytes | None) -> None:
    """Keep ``data`` as the emblem (``None`` removes it). The image itself is
    checked by the caller (it must be one reportlab and Qt can read); the
    change is noted in the audit log, without the bytes."""
    with db.atomic():
        if data is None:
            db.execute("DELETE FROM org_images WHERE ten = ?", [EMBLEM])
            audit.note(db, "Bỏ ảnh quốc huy/biểu trưng", "org_images")
            return
        if not data or len(data) > MAX_EMBLEM_BYTES:
            raise ValidationError([f"Ảnh quốc huy/biểu trưng phải nhỏ hơn {MAX_EMBLEM_BYTES // (1024 * 1024)} MB"])
        db.execute("INSERT OR REPLACE INTO org_images (ten, ten_tep, du_lieu) VALUES (?, ?, ?)",
                   [EMBLEM, clean(file_name), data])
        audit.note(db, f"Đặt ảnh quốc huy/biểu trưng: {clean(file_name)}", "org_images")
