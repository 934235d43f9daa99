"""Báo cáo thành tích (the mẫu of Nghị định 152/2025) for each one proposed to a higher level, and the danh sách trích ngang.

The parts the app knows are filled — identity, position, unit, trình độ, the
years of xếp loại, the danh hiệu and hình thức received with their decisions,
the sáng kiến — and the narrative parts are left as headings with room for the
person to write. One document holds every person or collective of the
proposal, each from a new page.
"""
from __future__ import annotations

import datetime as dt

import sqlite_utils

from ....domain.titles import INITIATIVE_LEVELS, XEP_LOAI
from ....store import merit
from ....store import proposals as store
from ....store import records
from ....store.rules import ruleset_for_year
from .parts import agency_name, nd30_parts

__all__ = ["bao_cao_thanh_tich_context", "trich_ngang_context"]

DOTS = "…" * 60
#: how many years of xếp loại and awards a report lists (the proposal's year and those before it)
YEARS = 5


def _decision(so: str, ngay: dt.date | None) -> str:
    if not so:
        return ""
    return f"Quyết định số {so}" + (f" ngày {ngay:%d/%m/%Y}" if ngay else "")


def _subjects(db: sqlite_utils.Database, proposal_id: int):
    p = store.get_proposal(db, proposal_id)
    rs = ruleset_for_year(db, p["nam"])
    units = {u.id: u for u in records.list_units(db)}
    evaluations: dict[int, dict[int, str]] = {}
    for e in merit.evaluations_all(db):
        if e.xep_loai:
            evaluations.setdefault(e.staff_id, {})[e.nam] = e.xep_loai
    initiatives = merit.initiatives_all(db)
    first = p["nam"] - YEARS + 1
    for item in store.proposal_items(db, proposal_id):
        sid, uid = item["staff_id"], item["unit_id"]
        person = records.get_staff(db, sid) if sid is not None else None
        awards = merit.awards_of(db, staff_id=sid) if sid is not None else merit.awards_of(db, unit_id=uid)
        awards = [a for a in awards if a.nam >= first]
        years = [{"nam": str(y), "ma": evaluations.get(sid, {}).get(y, ""),
                  "xep_loai": XEP_LOAI.get(evaluations.get(sid, {}).get(y, ""), "")}
                 for y in range(first, p["nam"] + 1)] if sid is not None else []
        rows = [{"nam": str(a.nam), "ten": rs.title_name(a.ma), "quyet_dinh": _decision(a.so_quyet_dinh,
                                                                                      a.ngay_quyet_dinh)}
                for a in sorted(awards, key=lambda a: a.nam)]
        ideas = [{"nam": str(i.nam), "ten": i.ten, "cap": INITIATIVE_LEVELS.get(i.cap or "", "chưa công nhận"),
                  "quyet_dinh": _decision(i.so_quyet_dinh, i.ngay_quyet_dinh)}
                 for i in initiatives if sid is not None and sid in i.tac_gia and i.nam >= first]
        yield p, rs, item, person, units, years, rows, ideas


def _born(person) -> str:
    if person is None or person.ngay_sinh is None:
        return ""
    return person.ngay_sinh.display()


SEX = {"nam": "Nam", "nu": "Nữ"}


def _born_short(person) -> str:
    """"1980 (Nam)"."""
    if person is None:
        return ""
    year = str(person.ngay_sinh.year) if person.ngay_sinh is not None else ""
    sex = SEX.get(person.gioi_tinh or "", "")
    return f"{year} ({sex})" if year and sex else year or sex


def bao_cao_thanh_tich_context(db: sqlite_utils.Database, proposal_id: int, *, blank: bool = False) -> dict:
    settings = records.document_settings(db)
    reports = []
    p = None
    for p, rs, item, person, units, years, awards, ideas in _subjects(db, proposal_id):
        unit = units.get(person.unit_id).ten if person is not None and person.unit_id in units else item["don_vi"]
        reports.append({
            "ho_ten": item["ten"],
            "ca_nhan": person is not None,
            "ngay_sinh": _born(person) or DOTS[:20],
            "gioi_tinh": SEX.get(person.gioi_tinh or "", DOTS[:10]) if person else "",
            "chuc_vu": (person.chuc_vu if person else "") or DOTS[:30],
            "don_vi": f"{unit}, {agency_name(settings)}" if unit else agency_name(settings),
            "trinh_do": (person.trinh_do if person else "") or DOTS[:30],
            "xep_loai": years,
            "khen_thuong": awards or [{"nam": "", "ten": "Chưa có trong dữ liệu", "quyet_dinh": ""}],
            "sang_kien": ideas or [{"nam": "", "ten": "Chưa có trong dữ liệu", "cap": "", "quyet_dinh": ""}],
        })
    title = rs.get_title(p["ma"])
    name = title.name if title else p["ma"]
    verb = f"CÔNG NHẬN DANH HIỆU “{name.upper()}”" if title and title.is_danh_hieu else f"TẶNG {name.upper()}"
    parts = nd30_parts(settings, ky_hieu="", trich_yeu="", date=None, blank=True)
    return {**parts, "de_nghi": f"ĐỀ NGHỊ {verb} NĂM {p['nam']}", "bao_cao": reports,
            "ky_chuc_danh": "THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ", "nguoi_bao_cao": "NGƯỜI BÁO CÁO THÀNH TÍCH"}


def trich_ngang_context(db: sqlite_utils.Database, proposal_id: int, *, blank: bool = False) -> dict:
    settings = records.document_settings(db)
    rows = []
    p = None
    for p, rs, item, person, _units, years, awards, ideas in _subjects(db, proposal_id):
        rated = "; ".join(f"{y['nam']}: {y['ma']}" for y in years if y["ma"])
        rows.append({
            "stt": str(len(rows) + 1),
            "ten": item["ten"],
            "nam_sinh": _born_short(person),
            "chuc_vu_don_vi": ", ".join(x for x in (item["chuc_vu"], item["don_vi"]) if x and x != item["ten"]),
            "xep_loai": rated,
            "khen_thuong": "; ".join(f"{a['nam']}: {a['ten']}" for a in awards),
            "sang_kien": "; ".join(f"{i['nam']}: {i['ten']}" for i in ideas),
        })
    title = rs.get_title(p["ma"])
    name = title.name if title else p["ma"]
    sent = dt.date.fromisoformat(p["ngay_trinh"][:10]) if p["ngay_trinh"] else None
    parts = nd30_parts(settings, ky_hieu="TTr", trich_yeu="", date=sent, so=p["so_to_trinh"],
                       blank=not p["so_to_trinh"])
    return {**parts, "co_quan_ten": agency_name(settings), "danh_sach": rows,
            "tieu_de": f"Trích ngang các trường hợp đề nghị “{name}” năm {p['nam']}"}
