"""Queries over the foundation tables: settings, units, staff, campaigns.

Functions take the sqlite-utils ``Database`` and domain records; text is
normalised by the records before it is written. Callers group several calls
in one :func:`~thidua_desktop.store.db.transaction` per user action; every
write function here is also atomic on its own.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

import sqlite_utils

from ..domain.dates import PartialDate
from ..domain.models import Campaign, OrgSettings, Staff, Unit
from ..domain.vntext import search_key
from .db import StoreError, save_row


class ValidationError(StoreError):
    """A record failed validation; ``errors`` lists the Vietnamese reasons."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


class InUseError(StoreError):
    pass


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# --- organisation settings -------------------------------------------------

def get_settings(db: sqlite_utils.Database) -> OrgSettings:
    row = db["org_settings"].get(1)
    row.pop("id")
    return OrgSettings(**row)


class MissingSettingsError(StoreError):
    """A document was asked for while the agency's details it prints are missing."""


def check_document_settings(settings: OrgSettings) -> OrgSettings:
    """``settings`` if a document can print its header and its place and date,
    else :class:`MissingSettingsError` saying what is missing and where to type it.
    Every export and document that prints them goes through here."""
    missing = settings.missing_for_documents()
    if missing:
        raise MissingSettingsError(
            f"Chưa có thông tin cơ quan ({', '.join(missing)}) nên không in được tiêu đề và ngày tháng của văn bản; "
            "chưa ghi tệp nào. Hãy nhập ở Tệp → Thông tin cơ quan… (dòng lệnh: thidua settings)."
        )
    return settings


def document_settings(db: sqlite_utils.Database) -> OrgSettings:
    """The agency's details for a document (refused when they are missing)."""
    return check_document_settings(get_settings(db))


def save_settings(db: sqlite_utils.Database, settings: OrgSettings) -> None:
    settings = settings.normalised()
    if errs := settings.errors():
        raise ValidationError(errs)
    values = dataclasses.asdict(settings)
    with db.atomic():
        db["org_settings"].update(1, values)


# --- units -----------------------------------------------------------------

def _unit_from_row(row: dict) -> Unit:
    return Unit(
        id=row["id"], ten=row["ten"], parent_id=row["parent_id"],
        thu_tu=row["thu_tu"], ghi_chu=row["ghi_chu"], ten_in=row.get("ten_in") or "",
    )


def list_units(db: sqlite_utils.Database) -> list[Unit]:
    return [
        _unit_from_row(r)
        for r in db.query("SELECT * FROM units ORDER BY thu_tu, id")
    ]


def unit_by_key(db: sqlite_utils.Database) -> dict[str, Unit]:
    """Units by accent-insensitive name key (for imports)."""
    return {search_key(u.ten): u for u in list_units(db)}


def save_unit(db: sqlite_utils.Database, unit: Unit) -> int:
    unit = unit.normalised()
    if errs := unit.errors():
        raise ValidationError(errs)
    values = {
        "ten": unit.ten, "ten_key": search_key(unit.ten), "parent_id": unit.parent_id,
        "thu_tu": unit.thu_tu, "ghi_chu": unit.ghi_chu,
    }
    if unit.ten_in or unit.id is not None:  # a new unit without a name to print keeps the column's default ('')
        values["ten_in"] = unit.ten_in
    try:
        with db.atomic():
            if unit.id is None:
                if values["thu_tu"] == 0:
                    values["thu_tu"] = (
                        db.execute("SELECT coalesce(max(thu_tu), 0) + 1 FROM units").fetchone()[0]
                    )
                return db["units"].insert(values).last_pk
            if unit.parent_id is not None and _would_cycle(db, unit.id, unit.parent_id):
                raise ValidationError(["Đơn vị cấp trên không thể là chính nó hoặc đơn vị con của nó"])
            db["units"].update(unit.id, values)
            return unit.id
    except sqlite3.IntegrityError as exc:
        if "UNIQUE" in str(exc):
            raise ValidationError([f"Đã có đơn vị tên “{unit.ten}”"]) from exc
        if "FOREIGN KEY" in str(exc):
            raise ValidationError(["Đơn vị cấp trên không còn tồn tại"]) from exc
        raise


def _would_cycle(db: sqlite_utils.Database, unit_id: int, parent_id: int) -> bool:
    current: int | None = parent_id
    seen = set()
    while current is not None and current not in seen:
        if current == unit_id:
            return True
        seen.add(current)
        row = db.execute("SELECT parent_id FROM units WHERE id = ?", [current]).fetchone()
        current = row[0] if row else None
    return False


def delete_unit(db: sqlite_utils.Database, unit_id: int) -> None:
    staff = db.execute("SELECT count(*) FROM staff WHERE unit_id = ?", [unit_id]).fetchone()[0]
    if staff:
        raise InUseError(f"Đơn vị còn {staff} cán bộ; hãy chuyển họ sang đơn vị khác trước khi xóa.")
    try:
        with db.atomic():
            db["units"].delete(unit_id)
    except sqlite3.IntegrityError as exc:
        raise InUseError("Đơn vị đang được dùng (có đơn vị con hoặc hồ sơ liên quan), không xóa được.") from exc


# --- staff -----------------------------------------------------------------

STAFF_COLUMNS = (
    "id", "ho_ten", "gioi_tinh", "ngay_sinh", "chuc_vu", "ngach", "trinh_do",
    "unit_id", "loai_hop_dong", "dang_cong_tac", "ngay_nghi", "ghi_chu", "dan_toc", "phan_loai",
)


def staff_from_row(row: dict) -> Staff:
    return Staff(
        id=row["id"], ho_ten=row["ho_ten"], gioi_tinh=row["gioi_tinh"],
        ngay_sinh=PartialDate.from_iso(row["ngay_sinh"]), chuc_vu=row["chuc_vu"],
        ngach=row["ngach"], trinh_do=row["trinh_do"], unit_id=row["unit_id"],
        loai_hop_dong=row["loai_hop_dong"], dang_cong_tac=bool(row["dang_cong_tac"]),
        ngay_nghi=_date(row["ngay_nghi"]), ghi_chu=row["ghi_chu"],
        dan_toc=row.get("dan_toc") or "", phan_loai=row.get("phan_loai"),
    )


def staff_values(staff: Staff) -> dict:
    """Column values for a (normalised, valid) staff record, id excluded."""
    return {
        "ho_ten": staff.ho_ten, "ten_key": search_key(staff.ho_ten),
        "gioi_tinh": staff.gioi_tinh,
        "ngay_sinh": staff.ngay_sinh.iso() if staff.ngay_sinh else None,
        "chuc_vu": staff.chuc_vu, "ngach": staff.ngach, "trinh_do": staff.trinh_do,
        "unit_id": staff.unit_id, "loai_hop_dong": staff.loai_hop_dong,
        "dang_cong_tac": int(staff.dang_cong_tac), "ngay_nghi": _iso(staff.ngay_nghi),
        "ghi_chu": staff.ghi_chu, "dan_toc": staff.dan_toc, "phan_loai": staff.phan_loai,
    }


def get_staff(db: sqlite_utils.Database, staff_id: int) -> Staff:
    return staff_from_row(db["staff"].get(staff_id))


def get_staff_many(db: sqlite_utils.Database, ids: Iterable[int]) -> list[Staff]:
    ids = list(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [staff_from_row(r) for r in db.query(f"SELECT * FROM staff WHERE id IN ({marks})", ids)]


def list_staff_rows(db: sqlite_utils.Database) -> list[dict]:
    """Every staff row with its unit's name, for the table model and exports."""
    return list(db.query(
        """SELECT s.id, s.ho_ten, s.ten_key, s.gioi_tinh, s.ngay_sinh, s.chuc_vu, s.ngach,
                  s.trinh_do, s.unit_id, coalesce(u.ten, '') AS unit_ten, s.loai_hop_dong,
                  s.dang_cong_tac, s.ngay_nghi, s.ghi_chu, s.dan_toc, s.phan_loai
           FROM staff s LEFT JOIN units u ON u.id = s.unit_id
           ORDER BY coalesce(u.thu_tu, 1e9), s.id"""
    ))


def save_staff(db: sqlite_utils.Database, staff: Staff) -> int:
    """Insert (``id is None``) or update one person; returns the id."""
    staff = staff.normalised()
    if errs := staff.errors():
        raise ValidationError(errs)
    values = staff_values(staff)
    values["updated_at"] = _now()
    if staff.id is None:
        values["created_at"] = values["updated_at"]
    try:
        return save_row(db, "staff", staff.id, values)
    except sqlite3.IntegrityError as exc:
        if "FOREIGN KEY" in str(exc):
            raise ValidationError(["Đơn vị công tác không còn tồn tại"]) from exc
        raise


def move_staff(db: sqlite_utils.Database, staff_ids: Sequence[int], unit_id: int | None) -> None:
    with db.atomic():
        db.execute(
            f"UPDATE staff SET unit_id = ?, updated_at = ? WHERE id IN ({','.join('?' * len(staff_ids))})",
            [unit_id, _now(), *staff_ids],
        )


def mark_left(db: sqlite_utils.Database, staff_ids: Sequence[int], when: dt.date) -> None:
    with db.atomic():
        db.execute(
            f"""UPDATE staff SET dang_cong_tac = 0, ngay_nghi = ?, updated_at = ?
                WHERE id IN ({','.join('?' * len(staff_ids))})""",
            [when.isoformat(), _now(), *staff_ids],
        )


def delete_staff(db: sqlite_utils.Database, staff_ids: Sequence[int]) -> None:
    """Delete people who have no records attached; otherwise refuse (mark them as left instead)."""
    try:
        with db.atomic():
            db.execute(
                f"DELETE FROM staff WHERE id IN ({','.join('?' * len(staff_ids))})", list(staff_ids)
            )
    except sqlite3.IntegrityError as exc:
        raise InUseError(
            "Có người đã có đăng ký hoặc khen thưởng nên không xóa được; "
            "hãy đánh dấu “Đã nghỉ” thay vì xóa."
        ) from exc


def count_staff(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM staff").fetchone()[0]


# --- campaigns -------------------------------------------------------------

def _campaign_from_row(row: dict) -> Campaign:
    return Campaign(
        id=row["id"], ten=row["ten"], loai=row["loai"], nam_bat_dau=row["nam_bat_dau"],
        nam_ket_thuc=row["nam_ket_thuc"], so_ke_hoach=row["so_ke_hoach"],
        ngay_ban_hanh=_date(row["ngay_ban_hanh"]), chu_de=row["chu_de"],
        han_dang_ky=_date(row["han_dang_ky"]), han_sang_kien=_date(row["han_sang_kien"]),
        han_ho_so=_date(row["han_ho_so"]), ghi_chu=row["ghi_chu"],
    )


def list_campaigns(db: sqlite_utils.Database) -> list[Campaign]:
    return [
        _campaign_from_row(r)
        for r in db.query("SELECT * FROM campaigns ORDER BY nam_bat_dau DESC, id DESC")
    ]


def get_campaign(db: sqlite_utils.Database, campaign_id: int) -> Campaign:
    return _campaign_from_row(db["campaigns"].get(campaign_id))


def save_campaign(db: sqlite_utils.Database, campaign: Campaign) -> int:
    campaign = campaign.normalised()
    if errs := campaign.errors():
        raise ValidationError(errs)
    values = {
        "ten": campaign.ten, "loai": campaign.loai, "nam_bat_dau": campaign.nam_bat_dau,
        "nam_ket_thuc": campaign.nam_ket_thuc, "so_ke_hoach": campaign.so_ke_hoach,
        "ngay_ban_hanh": _iso(campaign.ngay_ban_hanh), "chu_de": campaign.chu_de,
        "han_dang_ky": _iso(campaign.han_dang_ky), "han_sang_kien": _iso(campaign.han_sang_kien),
        "han_ho_so": _iso(campaign.han_ho_so), "ghi_chu": campaign.ghi_chu,
    }
    return save_row(db, "campaigns", campaign.id, values)


def delete_campaign(db: sqlite_utils.Database, campaign_id: int) -> None:
    try:
        with db.atomic():
            db["campaigns"].delete(campaign_id)
    except sqlite3.IntegrityError as exc:
        raise InUseError("Phong trào đã có đăng ký, không xóa được.") from exc
