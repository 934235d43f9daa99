"""Who each row of a staff roster is, and what an update changes.

Matching rules (documented for the UI):

* A file row is the same person as a stored one when the names are equal
  and the birth dates are *compatible*: equal, or one is a refinement of the
  other (no date ⊑ year only ⊑ full date of that year). Names are compared
  letter for letter (case and spacing aside) first; only when no such
  person has a compatible date are they compared without accents
  (:func:`vntext.search_key`), so a roster typed without accents still
  finds "Nguyễn Văn An", while "Dung" and "Dũng" stay two people. An exact
  match (same date) always wins over a compatible one; if several stored
  people are compatible the row is an error (the user adds the full date to
  tell them apart).
* A more precise date in the file replaces a less precise stored one
  (``1980`` → ``12/03/1980``); a less precise date in the file never
  overwrites a precise stored one.
* UPDATE changes only what the file provides: a missing column or an empty
  cell never blanks a stored value. A name that differs only by letter case
  is not a change.
* A name in the file with fewer accents than the stored one ("Nguyen Van
  Trung" for "Nguyễn Văn Trùng") never replaces it.
* Two rows of the file that are the same person (same key and date, or the
  same stored person) are an error on the later row: "trùng với dòng N".
  Rows that these rules would match had they come in two files (case,
  accents, a year-only or missing date) are an error too — a probable
  duplicate for the user to decide — unless they match two stored people.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ...domain.dates import PartialDate
from ...domain.models import CONTRACTS, GENDERS, PHAN_LOAI, Staff, Unit
from .people import PersonIndex, compatible_dates, date_label, fewer_accents, name_key, unit_key
from .roster_read import PlannedRow, ParsedStaff
from .sheet import RowStatus

__all__ = ["match_rows"]

_LABELS = {
    "ho_ten": "Họ tên", "ngay_sinh": "Ngày sinh", "gioi_tinh": "Giới tính", "chuc_vu": "Chức vụ",
    "ngach": "Ngạch", "trinh_do": "Trình độ", "unit": "Đơn vị", "loai_hop_dong": "Loại hợp đồng",
    "dang_cong_tac": "Trạng thái", "ngay_nghi": "Ngày nghỉ", "ghi_chu": "Ghi chú", "dan_toc": "Dân tộc",
    "phan_loai": "Phân loại đối tượng",
}



def match_rows(planned: list[PlannedRow], parsed: dict[int, ParsedStaff], staff_rows, units) -> None:
    people = PersonIndex(staff_rows)

    def pool(p: ParsedStaff) -> list[tuple] | tuple:
        return people.pool(p.name, p.key, p.birth)
    unit_names = {uid: name for uid, name in units.values()}

    def who(s: tuple) -> str:  # a stored person as a message names them: name, birth, unit (never the id)
        unit = unit_names.get(s[8])
        return f"{s[1]} ({date_label(s[4])}{f', {unit}' if unit else ', chưa xếp đơn vị'})"
    first_seen: dict[tuple[str, str | None], int] = {}
    claimed: dict[int, int] = {}  # staff id -> excel row
    pending: list[int] = []
    exact: dict[int, tuple] = {}
    # Pass 1: duplicates within the file, exact matches.
    for idx, p in parsed.items():
        iso = p.birth.iso() if p.birth else None
        dup = first_seen.get((name_key(p.name), iso))
        if dup is not None:
            p.errors.append(f"Trùng với dòng {dup} (cùng họ tên và ngày sinh); nếu là hai người "
                            "khác nhau, hãy ghi đủ ngày tháng năm sinh để phân biệt")
            continue
        first_seen[(name_key(p.name), iso)] = p.excel_row
        candidates = pool(p)
        same = [s for s in candidates if s[4] == iso]
        if len(same) > 1:
            p.errors.append(f"Dữ liệu đã có {len(same)} người trùng họ tên và ngày sinh "
                            f"({'; '.join(who(s) for s in same[:6])}), "
                            "không biết dòng này là ai; hãy sửa ngày sinh của họ trong chương trình "
                            "(hoặc xóa người bị nhập trùng) rồi nhập lại")
        elif same and same[0][0] in claimed:
            p.errors.append(f"Trùng với dòng {claimed[same[0][0]]} (cùng người trong dữ liệu)")
        elif same:
            exact[idx] = same[0]
            claimed[same[0][0]] = p.excel_row
        else:
            pending.append(idx)
    # Pass 2: compatible dates (year only, no date) among the unclaimed.
    for idx in pending:
        p = parsed[idx]
        compatible = [s for s in pool(p) if compatible_dates(p.birth, PartialDate.from_iso(s[4]))]
        cands = [s for s in compatible if s[0] not in claimed]
        taken = [s for s in compatible if s[0] in claimed]
        if len(cands) == 1:
            exact[idx] = cands[0]
            claimed[cands[0][0]] = p.excel_row
        elif len(cands) > 1:
            p.errors.append(f"Có {len(cands)} người cùng tên “{p.name}” trong dữ liệu "
                            f"({'; '.join(who(s) for s in cands[:6])}); "
                            "hãy ghi đủ ngày sinh để biết là ai")
        elif taken and not p.birth:
            p.errors.append(f"Trùng với dòng {claimed[taken[0][0]]} (cùng người trong dữ liệu)")
    # Pass 3: rows the rules above would take for one person had they come in
    # two files (case, accents, a year-only or missing date) are probable
    # duplicates for the user to decide — unless they are two stored people.
    seen = PersonIndex(())
    for idx, p in parsed.items():
        iso = p.birth.iso() if p.birth else None
        if not p.errors:
            mine = exact.get(idx)
            hits = [s for s in seen.find(p.name, p.birth, p.key)
                    if mine is None or exact.get(s[5]) is None or exact[s[5]][0] == mine[0]]
            if hits:
                first = hits[0]
                p.errors.append(
                    f"Có thể trùng người với dòng {first[0]} (“{first[1]}”, {date_label(first[4])}): cùng họ tên "
                    "khi bỏ qua chữ hoa, dấu hoặc ngày sinh chưa đủ. Nếu là một người, hãy bỏ một dòng; nếu là "
                    "hai người, hãy ghi đủ ngày tháng năm sinh của cả hai")
        seen.add((p.excel_row, p.name, p.key, None, iso, idx))
    # Build the planned rows.
    for idx, p in parsed.items():
        row = planned[idx]
        existing = exact.get(idx)
        if existing is None:
            staff, unit_name = _new_staff(p, units)
            row.status = RowStatus.NEW
            row.staff = staff
            row.unit_name = unit_name
        else:
            staff, changes, unit_name = _merge(existing, p, units, unit_names)
            row.existing_id = existing[0]
            row.staff = staff
            row.unit_name = unit_name
            row.changes = changes
            row.status = RowStatus.UPDATE if changes else RowStatus.UNCHANGED
        if not p.errors:
            p.errors.extend(staff.errors())
            if row.unit_name and staff.unit_id is None:  # a unit the import will create
                p.errors.extend(Unit(row.unit_name).errors())
        if p.errors:
            row.status = RowStatus.ERROR
            row.reason = "; ".join(dict.fromkeys(p.errors))
            row.changes = []



def _unit_lookup(units, name: str) -> tuple[int | None, str]:
    hit = units.get(unit_key(name))
    return (hit[0], hit[1]) if hit else (None, name)


def _new_staff(p: ParsedStaff, units) -> tuple[Staff, str]:
    v = p.values
    unit_id, unit_name = (None, "")
    if "unit" in v:
        unit_id, unit_name = _unit_lookup(units, v["unit"])
    staff = Staff(
        ho_ten=p.name, gioi_tinh=v.get("gioi_tinh"), ngay_sinh=p.birth,
        chuc_vu=v.get("chuc_vu", ""), ngach=v.get("ngach", ""), trinh_do=v.get("trinh_do", ""),
        unit_id=unit_id, loai_hop_dong=v.get("loai_hop_dong"),
        dang_cong_tac=v.get("dang_cong_tac", True), ngay_nghi=v.get("ngay_nghi"),
        ghi_chu=v.get("ghi_chu", ""), dan_toc=v.get("dan_toc", ""), phan_loai=v.get("phan_loai"),
    )
    return staff, unit_name


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


def _merge(existing: tuple, p: ParsedStaff, units, unit_names) -> tuple[Staff, list[str], str]:
    (sid, ho_ten, _k, gioi_tinh, ngay_sinh, chuc_vu, ngach, trinh_do, unit_id, loai_hop_dong,
     dang_cong_tac, ngay_nghi, ghi_chu, _updated, dan_toc, phan_loai) = existing
    old = Staff(
        id=sid, ho_ten=ho_ten, gioi_tinh=gioi_tinh, ngay_sinh=PartialDate.from_iso(ngay_sinh),
        chuc_vu=chuc_vu, ngach=ngach, trinh_do=trinh_do, unit_id=unit_id,
        loai_hop_dong=loai_hop_dong, dang_cong_tac=bool(dang_cong_tac),
        ngay_nghi=dt.date.fromisoformat(ngay_nghi) if ngay_nghi else None, ghi_chu=ghi_chu,
        dan_toc=dan_toc, phan_loai=phan_loai,
    )
    new: dict = {}
    changes: list[str] = []

    def change(fld, label_old, label_new):
        changes.append(f"{_LABELS[fld]}: {_show(label_old)} → {_show(label_new)}")

    if p.name != old.ho_ten and p.name.casefold() != old.ho_ten.casefold() and not fewer_accents(p.name, old.ho_ten):
        new["ho_ten"] = p.name
        change("ho_ten", old.ho_ten, p.name)
    if p.birth is not None and p.birth != old.ngay_sinh:
        if old.ngay_sinh is None or (old.ngay_sinh.year_only and not p.birth.year_only):
            new["ngay_sinh"] = p.birth
            change("ngay_sinh", old.ngay_sinh, p.birth)
    v = p.values
    for fld in ("gioi_tinh", "chuc_vu", "ngach", "trinh_do", "loai_hop_dong", "ghi_chu", "dan_toc", "phan_loai"):
        if fld in v and v[fld] != getattr(old, fld):
            new[fld] = v[fld]
            labels = {"gioi_tinh": GENDERS, "loai_hop_dong": CONTRACTS, "phan_loai": PHAN_LOAI}.get(fld)
            change(fld, labels.get(getattr(old, fld)) if labels else getattr(old, fld),
                   labels[v[fld]] if labels else v[fld])
    if "dang_cong_tac" in v:
        if v["dang_cong_tac"] != old.dang_cong_tac:
            new["dang_cong_tac"] = v["dang_cong_tac"]
            change("dang_cong_tac", "Đang công tác" if old.dang_cong_tac else "Đã nghỉ",
                   "Đang công tác" if v["dang_cong_tac"] else "Đã nghỉ")
        want_date = v["ngay_nghi"]
        if v["dang_cong_tac"] is False and want_date is None:
            want_date = old.ngay_nghi  # "Đã nghỉ" without a date keeps a stored date
        if want_date != old.ngay_nghi:
            new["ngay_nghi"] = want_date
            change("ngay_nghi", old.ngay_nghi, want_date)
    unit_name = unit_names.get(old.unit_id, "") if old.unit_id is not None else ""
    if "unit" in v:
        target_id, target_name = _unit_lookup(units, v["unit"])
        if target_id is None or target_id != old.unit_id:
            new["unit_id"] = target_id
            change("unit", unit_name, target_name)
        unit_name = target_name
    staff = dataclasses.replace(old, **new) if new else old
    return staff, changes, unit_name
