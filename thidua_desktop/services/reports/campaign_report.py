"""The fields of the Báo cáo sơ kết / tổng kết of a campaign (Word kind ``bao_cao_tong_ket``).

The statistics part is filled from the award facts of the campaign's years
(achievement years ``nam_bat_dau`` … ``nam_ket_thuc``): the counts by year and
level, by title, the people and collectives rewarded, the share of
individuals who are người trực tiếp lao động, công tác, the tiền thưởng, the
sáng kiến recognised; the list of those rewarded at the provincial level and
above goes to the annex. The narrative parts are headings with room for the
secretary to write. A sơ kết while the campaign runs, a tổng kết from its
last year on.
"""
from __future__ import annotations

import datetime as dt

import sqlite_utils

from ...domain.vntext import search_key
from ...domain.votes import format_money
from ...store import awards, records
from ..documents.word.parts import agency_name, nd30_parts
from .stats import statistics

__all__ = ["campaign_report_context"]


def _distinct_subjects(db: sqlite_utils.Database, first: int, last: int) -> tuple[int, int]:
    """How many different people and collectives were rewarded in the years."""
    sql, params = awards.facts_query(awards.Filter(first_year=first, last_year=last))
    return db.execute(f"SELECT count(DISTINCT staff_id), count(DISTINCT unit_id) FROM ({sql})", params).fetchone()

#: the levels counted in the table, highest last as reports list them
_LEVELS = ("co_so", "tinh", "toan_quoc")
#: room left for the secretary's own text
ROOM = "…………………………………………………………………………………………………………"


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def _span(first: int, last: int) -> str:
    return f"năm {first}" if first == last else f"giai đoạn {first}–{last}"


def campaign_phrase(name: str, first: int, last: int) -> str:
    """The campaign as a report names it: “phong trào thi đua “Vì người nghèo” giai đoạn 2021–2025”; a name
    that already says "Phong trào …" is not wrapped again, and its years are not repeated."""
    span = _span(first, last)
    if search_key(name).startswith("phong trao"):
        phrase = "phong trào" + name[len("phong trào"):]
        return phrase if str(last) in name else f"{phrase} {span}"
    return f"phong trào thi đua “{name}” {span}"


def campaign_report_context(db: sqlite_utils.Database, campaign_id: int, *, blank: bool = False,
                            today: dt.date | None = None) -> dict[str, object]:
    campaign = records.get_campaign(db, campaign_id)
    first, last = campaign.nam_bat_dau, campaign.nam_ket_thuc or campaign.nam_bat_dau
    today = today or dt.date.today()
    kind = "tổng kết" if today.year >= last else "sơ kết"
    settings = records.document_settings(db)
    agency = agency_name(settings)
    span = _span(first, last)
    phrase = campaign_phrase(campaign.ten, first, last)
    trich_yeu = f"{kind[:1].upper()}{kind[1:]} {phrase}"
    parts = nd30_parts(settings, ky_hieu="BC", trich_yeu=trich_yeu, date=today, blank=blank,
                       recipients=["Sở Nội vụ (Ban Thi đua - Khen thưởng)", "Lãnh đạo Ban",
                                   "Các phòng, đơn vị thuộc Ban"], archive="VT, HĐTĐKT")
    by_level = statistics(db, first, last, by="level")
    by_year = {r.key: r for r in statistics(db, first, last, by="year").rows}
    by_title = statistics(db, first, last, by="title")
    by_kind = statistics(db, first, last, by="phan_loai")
    rows = []
    for year in by_level.years:
        counts = {r.key: r.by_year.get(year, 0) for r in by_level.rows}
        y = by_year.get(year)
        rows.append({"nam": str(year), **{lv: _n(counts.get(lv, 0)) for lv in _LEVELS},
                     "tong": _n(sum(counts.values())), "ca_nhan": _n(y.individuals if y else 0),
                     "tap_the": _n(y.collectives if y else 0), "tien": format_money(y.money if y else 0)})
    t = by_level.total
    level_counts = {r.key: r.total for r in by_level.rows}
    distinct_people, distinct_units = _distinct_subjects(db, first, last)
    direct = next((r.individuals for r in by_kind.rows if r.key == "truc_tiep"), 0)
    share = f"{100 * direct / t.individuals:.1f}".replace(".", ",") if t.individuals else "0"
    initiatives = db.execute("SELECT count(*) FROM initiatives WHERE nam BETWEEN ? AND ? AND cap IS NOT NULL",
                             [first, last]).fetchone()[0]
    cat = awards.catalogue(db)
    honoured = awards.facts(db, awards.Filter(first_year=first, last_year=last,
                                              codes=cat.codes_where(levels=("tinh", "toan_quoc"))), cat=cat)
    if t.total:
        summary = (f"{span[:1].upper()}{span[1:]}, {agency} đã khen thưởng và đề nghị cấp trên khen thưởng "
                   f"{_n(t.total)} lượt ({_n(t.individuals)} lượt cá nhân, {_n(t.collectives)} lượt tập thể) cho "
                   f"{_n(distinct_people)} cá nhân và {_n(distinct_units)} tập thể, trong đó: cấp Nhà nước "
                   f"{_n(level_counts.get('toan_quoc', 0))} lượt, cấp tỉnh {_n(level_counts.get('tinh', 0))} lượt, "
                   f"cấp cơ sở {_n(level_counts.get('co_so', 0))} lượt.")
        if t.money:
            summary += f" Tổng số tiền thưởng đã chi: {format_money(t.money)} đồng."
        share_text = (f"Trong số {_n(t.individuals)} lượt cá nhân được khen thưởng có {_n(direct)} lượt là người "
                      f"trực tiếp lao động, công tác (chiếm {share} %).")
    else:
        summary = f"{span[:1].upper()}{span[1:]}, chưa có khen thưởng nào được ghi trong dữ liệu."
        share_text = ""
    return {
        **parts,
        "co_quan_ten": agency,
        "loai_bao_cao": kind,
        "loai_bao_cao_hoa": kind.upper(),
        "phong_trao": campaign.ten,
        "giai_doan": span,
        "ten_phong_trao": phrase,
        "mo_dau": f"{agency} báo cáo {kind} {phrase} như sau:",
        "cho_viet": ROOM,
        "khen_thuong_tong": summary,
        "khen_thuong_ty_le": share_text,
        "so_lieu": rows,
        "tong_co_so": _n(level_counts.get("co_so", 0)), "tong_tinh": _n(level_counts.get("tinh", 0)),
        "tong_toan_quoc": _n(level_counts.get("toan_quoc", 0)), "tong_cong": _n(t.total),
        "tong_ca_nhan": _n(t.individuals), "tong_tap_the": _n(t.collectives), "tong_tien": format_money(t.money),
        "danh_hieu": [{"ten": r.label, "ca_nhan": _n(r.individuals), "tap_the": _n(r.collectives),
                       "tong": _n(r.total)} for r in by_title.rows],
        "sang_kien": (f"Có {_n(initiatives)} sáng kiến được công nhận {span}." if initiatives
                      else f"Chưa có sáng kiến nào được công nhận {span} trong dữ liệu."),
        "khen_cao": [{"stt": str(i), "nam": str(f.nam), "ten": f.ten, "don_vi": f.don_vi,
                      "hinh_thuc": f.ten_danh_hieu,
                      "quyet_dinh": " ".join(p for p in (f.so, f"ngày {f.ngay:%d/%m/%Y}" if f.ngay else "") if p)}
                     for i, f in enumerate(honoured, 1)],
        "ghi_chu_khen_cao": (f"Có {_n(len(honoured))} lượt khen thưởng cấp tỉnh trở lên." if honoured
                             else "Chưa có khen thưởng cấp tỉnh trở lên."),
        "nguon_so_lieu": ("Số liệu tính theo năm thành tích, từ các quyết định khen thưởng của cơ quan, quyết định "
                          "của cấp trên đã ghi nhận và lịch sử khen thưởng trong dữ liệu của chương trình; mỗi "
                          "khen thưởng được tính một lần."),
    }
