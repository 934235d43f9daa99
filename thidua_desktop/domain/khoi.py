"""Khối / cụm thi đua: the score sheet, the scoring and the ranking (pure).

A khối's **bảng chấm điểm** is an outline of criteria (:class:`Criterion`:
Tiêu chuẩn 1 → 1.1 → a …, each at its ``level``; a line's parent is the
nearest line above it at a lower level). Each line is a scored item
(``cham``: its điểm chuẩn is the most it may get), a bonus (``cong``) or a
penalty (``tru``); a heading over bonuses or penalties caps what its lines
add up to (``+10`` for a Cờ thi đua of the province, ``+15`` for the
Government's, "tổng điểm cộng không quá 20"). The total is either the sum of
the items plus the bonuses minus the penalties (``tong``) or a base of 100
plus bonuses minus penalties (``co_so``) — data of the sheet, as is every
number (HD 1479/HD-BTĐKT leaves both to the khối).

Scores are :class:`~decimal.Decimal` with at most two decimals: totals are
compared for equality to find ties, and a float sum of 0,1-point items would
split a real tie or make a false one. A member's agreed score of a line is
the khối's appraisal (thẩm định) when there is one, else its self-score.

**Ranking** (:func:`rank`): members by agreed total, highest first; equal
totals share a rank and are shown as a tie until a :class:`TieResolution`
(the khối's rule or a vote, with who decided) orders exactly that group at
that total. Nothing breaks a tie silently; a resolution whose group no longer
ties (a score changed) no longer applies. :func:`proposals` gives the Cờ thi
đua and Bằng khen proposals by the khối's quota, refusing a cut inside an
open tie.

No Qt, no SQL.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .limits import date_errors, text_errors, year_errors
from .vntext import clean

LOAI = {"cham": "Chấm điểm", "cong": "Điểm cộng", "tru": "Điểm trừ"}
CACH_TINH = {"tong": "Tổng điểm các mục (+ cộng − trừ)", "co_so": "100 điểm + điểm cộng − điểm trừ"}
VAI_TRO = {"truong": "Khối trưởng", "pho": "Khối phó", "thanh_vien": "Thành viên"}
#: how a tie was resolved
CACH_GIAI_QUYET = {"quy_tac": "Theo quy tắc của khối", "bieu_quyet": "Biểu quyết trong khối"}
#: the tie rules the program can apply by itself (the khối chooses one; a vote is always possible)
QUY_TAC_DONG_DIEM = {
    "": "Không có quy tắc (biểu quyết)",
    "diem_cham": "Đơn vị có điểm chấm (chưa tính cộng, trừ) cao hơn xếp trên",
    "it_diem_tru": "Đơn vị bị trừ ít điểm hơn xếp trên",
    "nhieu_diem_cong": "Đơn vị có nhiều điểm cộng hơn xếp trên",
}
ZERO = Decimal(0)
_CENT = Decimal("0.01")
MAX_SCORE = Decimal(1000)


class ScoreError(ValueError):
    """A typed or imported score that cannot be one (the message is Vietnamese)."""


def parse_score(value: object, label: str = "Điểm") -> Decimal | None:
    """A score from a cell or a text box: ``None``/blank → ``None``; ``12,5``
    and ``12.5`` alike; at most two decimals (an Excel float such as
    ``0.30000000000000004`` is read as ``0,3``); never negative."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ScoreError(f"{label} “{value}” không phải là số")
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
        rounded = d.quantize(_CENT, rounding=ROUND_HALF_UP)
        if abs(rounded - d) < Decimal("1e-9"):
            d = rounded
    else:
        text = clean(str(value)).replace(" ", "")
        if not text:
            return None
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise ScoreError(f"{label} “{clean(str(value))}” không phải là số") from None
    if not d.is_finite():
        raise ScoreError(f"{label} “{value}” không phải là số")
    if d < 0:
        raise ScoreError(f"{label} không được âm (đang là {fmt(d)})")
    if d > MAX_SCORE:
        raise ScoreError(f"{label} {fmt(d)} quá lớn")
    if d != d.quantize(_CENT, rounding=ROUND_HALF_UP):
        raise ScoreError(f"{label} {fmt(d)} có quá hai chữ số thập phân")
    return d.quantize(_CENT)


def fmt(value: Decimal | None) -> str:
    """``Decimal('12.50')`` → ``12,5``; ``None`` → ``""`` (Vietnamese decimal comma)."""
    if value is None:
        return ""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    text = format(d.quantize(_CENT), "f").rstrip("0").rstrip(".")
    return text.replace(".", ",")


def to_text(value: Decimal | None) -> str | None:
    """How a score is stored (``12.5``); ``None`` stays ``None``."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def from_text(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


# --- the khối and its members --------------------------------------------------------

def _cleaned(record):
    return dataclasses.replace(record, **{f.name: clean(getattr(record, f.name)) for f in dataclasses.fields(record)
                                          if isinstance(getattr(record, f.name), str)})


@dataclass(frozen=True)
class Khoi:
    """A khối thi đua in one year, and the quota of its proposals."""

    ten: str
    nam: int
    so_co: int = 1  # Cờ thi đua của UBND tỉnh proposed (one per khối by default)
    so_bang_khen: int = 0  # Bằng khen của Chủ tịch UBND tỉnh proposed after them
    quy_tac_dong_diem: str = ""  # a key of QUY_TAC_DONG_DIEM
    ghi_chu: str = ""
    ngay_hop: dt.date | None = None  # the khối's meeting that agrees the scores (its biên bản)
    dia_diem_hop: str = ""
    id: int | None = None

    def normalised(self) -> Khoi:
        return _cleaned(self)

    def errors(self) -> list[str]:
        out = [] if clean(self.ten) else ["Tên khối thi đua không được để trống"]
        out += year_errors(self.nam, "Năm")
        for n, label in ((self.so_co, "Số Cờ thi đua đề nghị"), (self.so_bang_khen, "Số Bằng khen đề nghị")):
            if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 50:
                out.append(f"{label} phải từ 0 đến 50")
        if self.quy_tac_dong_diem not in QUY_TAC_DONG_DIEM:
            out.append(f"Quy tắc khi đồng điểm “{self.quy_tac_dong_diem}” không có")
        return out + date_errors(self.ngay_hop, "Ngày họp khối") + text_errors(self)


@dataclass(frozen=True)
class Member:
    """A member agency of a khối — another agency, not a unit of this file;
    ``la_co_quan_minh`` marks our own agency, and ``unit_id`` the collective
    of this file whose profile its rank feeds (the one registered for Cờ thi đua)."""

    ten: str
    vai_tro: str = "thanh_vien"
    la_co_quan_minh: bool = False
    unit_id: int | None = None
    thu_tu: int = 0
    ghi_chu: str = ""
    id: int | None = None

    def normalised(self) -> Member:
        return _cleaned(self)

    def errors(self) -> list[str]:
        out = [] if clean(self.ten) else ["Tên cơ quan thành viên không được để trống"]
        if self.vai_tro not in VAI_TRO:
            out.append(f"Vai trò “{self.vai_tro}” không có")
        if self.unit_id is not None and not self.la_co_quan_minh:
            out.append("Chỉ cơ quan mình mới gắn với một đơn vị trong tệp dữ liệu")
        return out + text_errors(self)


def member_errors(members: Sequence[Member]) -> list[str]:
    """What a khối's list of members may not be: one khối trưởng, one khối phó, one of ours, no name twice."""
    out = []
    for role in ("truong", "pho"):
        named = [m.ten for m in members if m.vai_tro == role]
        if len(named) > 1:
            out.append(f"Khối chỉ có một {VAI_TRO[role].lower()} (đang có: {', '.join(named)})")
    ours = [m.ten for m in members if m.la_co_quan_minh]
    if len(ours) > 1:
        out.append(f"Chỉ một thành viên là cơ quan mình (đang có: {', '.join(ours)})")
    seen: set[str] = set()
    for m in members:
        key = clean(m.ten).casefold()
        if key in seen:
            out.append(f"“{m.ten}” có hai lần trong khối")
        seen.add(key)
    return out


# --- the score sheet ---------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    """One line of a bảng chấm điểm."""

    muc: str  # as printed: "I", "1", "1.1", "a" …
    noi_dung: str
    level: int = 1  # 0 = a section (I, II …); the parent is the nearest line above at a lower level
    loai: str = "cham"
    diem_chuan: Decimal | None = None  # the most a line may get; over bonuses or penalties: their cap
    minh_chung: str = ""  # the evidence the line needs
    id: int | None = None

    def normalised(self) -> Criterion:
        return _cleaned(self)

    @property
    def label(self) -> str:
        return f"Mục {self.muc}" if self.muc else f"“{self.noi_dung[:40]}”"


@dataclass(frozen=True)
class ScoreSheet:
    """A version of a khối's bảng chấm điểm."""

    criteria: tuple[Criterion, ...]
    cach_tinh: str = "tong"
    diem_co_so: Decimal = Decimal(100)  # the base of "100 + cộng − trừ"
    phien_ban: int = 1
    ten: str = ""
    can_cu: str = ""  # legal basis / the khối's text it comes from
    id: int | None = None

    def normalised(self) -> ScoreSheet:
        return dataclasses.replace(_cleaned(self), criteria=tuple(c.normalised() for c in self.criteria))

    def parents(self) -> list[int | None]:
        out: list[int | None] = []
        stack: list[int] = []
        for i, c in enumerate(self.criteria):
            while stack and self.criteria[stack[-1]].level >= c.level:
                stack.pop()
            out.append(stack[-1] if stack else None)
            stack.append(i)
        return out

    def children(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.criteria]
        for i, p in enumerate(self.parents()):
            if p is not None:
                out[p].append(i)
        return out

    def leaves(self) -> list[int]:
        """The lines that are scored (no line under them)."""
        return [i for i, kids in enumerate(self.children()) if not kids]

    def errors(self) -> list[str]:
        out: list[str] = []
        if self.cach_tinh not in CACH_TINH:
            out.append(f"Cách tính tổng điểm “{self.cach_tinh}” không có")
        if not self.criteria:
            return out + ["Bảng chấm điểm chưa có mục nào"]
        if self.cach_tinh == "co_so" and not (ZERO < self.diem_co_so <= MAX_SCORE):
            out.append("Điểm cơ sở phải lớn hơn 0")
        parents, children = self.parents(), self.children()
        for i, c in enumerate(self.criteria):
            if c.loai not in LOAI:
                out.append(f"{c.label}: loại “{c.loai}” không có")
                continue
            if not clean(c.noi_dung):
                out.append(f"{c.label}: chưa có nội dung")
            if c.level < 0 or c.level > 6:
                out.append(f"{c.label}: cấp {c.level} không hợp lệ (0 đến 6)")
            if c.diem_chuan is not None and not (ZERO <= c.diem_chuan <= MAX_SCORE):
                out.append(f"{c.label}: điểm chuẩn {fmt(c.diem_chuan)} không hợp lệ")
            p = parents[i]
            if p is not None and self.criteria[p].loai != c.loai:
                out.append(f"{c.label} là {LOAI[c.loai].lower()} nhưng nằm trong "
                           f"{self.criteria[p].label} là {LOAI.get(self.criteria[p].loai, '?').lower()}")
            if self.cach_tinh == "co_so" and c.loai == "cham":
                out.append(f"{c.label}: bảng tính 100 + cộng − trừ chỉ có mục cộng và mục trừ")
            if not children[i]:
                if c.diem_chuan is None or c.diem_chuan <= 0:
                    out.append(f"{c.label} ({clean(c.noi_dung)[:40]}) chưa có điểm chuẩn")
            elif c.loai == "cham" and c.diem_chuan is not None:
                kids = [self.criteria[k].diem_chuan for k in children[i]]
                if all(k is not None for k in kids) and sum(kids, ZERO) != c.diem_chuan:
                    out.append(f"{c.label} có điểm chuẩn {fmt(c.diem_chuan)} nhưng các mục con cộng lại "
                               f"{fmt(sum(kids, ZERO))}")
            out += [f"{c.label}: {e}" for e in text_errors(c)]
        return out + text_errors(self)

    def max_total(self) -> Decimal:
        """The điểm chuẩn of the whole sheet (without bonuses): the base, or the items' maxima."""
        if self.cach_tinh == "co_so":
            return self.diem_co_so
        parents = self.parents()
        return sum((c.diem_chuan or ZERO for i, c in enumerate(self.criteria)
                    if parents[i] is None and c.loai == "cham"), ZERO)

    def score_problem(self, index: int, value: Decimal | None) -> str:
        """Why ``value`` cannot be the score of line ``index`` ("" when it can)."""
        if value is None:
            return ""
        c = self.criteria[index]
        if self.children()[index]:
            return f"{c.label} là mục tổng hợp, chỉ chấm các mục con"
        if c.diem_chuan is not None and value > c.diem_chuan:
            what = {"cham": "điểm chuẩn", "cong": "điểm cộng tối đa", "tru": "điểm trừ tối đa"}[c.loai]
            return f"{c.label}: {fmt(value)} điểm vượt {what} {fmt(c.diem_chuan)}"
        return ""


# --- scores ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LineScore:
    """One member's scores of one line."""

    tu_cham: Decimal | None = None
    tham_dinh: Decimal | None = None
    minh_chung: str = ""  # the evidence the member gives
    ghi_chu: str = ""  # the khối's note (why the appraisal differs)

    @property
    def agreed(self) -> Decimal | None:
        return self.tham_dinh if self.tham_dinh is not None else self.tu_cham

    @property
    def difference(self) -> Decimal | None:
        """Appraisal minus self-score, when both are there."""
        if self.tu_cham is None or self.tham_dinh is None:
            return None
        return self.tham_dinh - self.tu_cham


@dataclass(frozen=True)
class Totals:
    diem_chuan: Decimal  # X: the base, or the scored items achieved
    cong: Decimal  # Y, after caps
    tru: Decimal  # Z, after caps
    scored: int = 0  # lines with a score
    lines: int = 0  # lines to score

    @property
    def tong(self) -> Decimal:
        return self.diem_chuan + self.cong - self.tru

    def sentence(self) -> str:
        return (f"Điểm chuẩn {fmt(self.diem_chuan)}, cộng {fmt(self.cong)}, trừ {fmt(self.tru)}, "
                f"thống nhất đạt {fmt(self.tong)} điểm")


def line_values(sheet: ScoreSheet, scores: Mapping[int, Decimal | None]) -> list[Decimal | None]:
    """What each line comes to: a scored line its score, a heading the sum of
    its lines (capped at its điểm chuẩn); ``None`` where nothing under it is scored."""
    children = sheet.children()
    values: list[Decimal | None] = [None] * len(sheet.criteria)
    for i in range(len(sheet.criteria) - 1, -1, -1):  # children come after their parent
        if not children[i]:
            values[i] = scores.get(i)
            continue
        got = [values[k] for k in children[i] if values[k] is not None]
        if not got:
            continue
        total = sum(got, ZERO)
        cap = sheet.criteria[i].diem_chuan
        values[i] = min(total, cap) if cap is not None else total
    return values


def totals(sheet: ScoreSheet, scores: Mapping[int, Decimal | None]) -> Totals:
    """X, Y, Z of one member from the scores of its lines (line index → score)."""
    values = line_values(sheet, scores)
    parents = sheet.parents()
    top = {"cham": ZERO, "cong": ZERO, "tru": ZERO}
    for i, c in enumerate(sheet.criteria):
        if parents[i] is None and values[i] is not None:
            top[c.loai] += values[i]
    base = sheet.diem_co_so if sheet.cach_tinh == "co_so" else top["cham"]
    leaves = sheet.leaves()
    return Totals(base, top["cong"], top["tru"], sum(1 for i in leaves if scores.get(i) is not None), len(leaves))


def self_totals(sheet: ScoreSheet, lines: Mapping[int, LineScore]) -> Totals:
    return totals(sheet, {i: s.tu_cham for i, s in lines.items()})


def agreed_totals(sheet: ScoreSheet, lines: Mapping[int, LineScore]) -> Totals:
    return totals(sheet, {i: s.agreed for i, s in lines.items()})


# --- ranking -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TieResolution:
    """How a group of members tied at ``total`` was put in order, and who decided."""

    order: tuple[int, ...]  # member ids, best first
    total: Decimal
    cach: str  # a key of CACH_GIAI_QUYET
    nguoi_quyet_dinh: str
    ghi_chu: str = ""
    ngay: dt.date | None = None
    id: int | None = None

    def normalised(self) -> TieResolution:
        return _cleaned(self)

    def errors(self) -> list[str]:
        out = []
        if self.cach not in CACH_GIAI_QUYET:
            out.append(f"Cách giải quyết “{self.cach}” không có")
        if not clean(self.nguoi_quyet_dinh):
            out.append("Cần ghi ai quyết định thứ tự (khối trưởng, hội nghị khối …)")
        if len(set(self.order)) != len(self.order) or len(self.order) < 2:
            out.append("Thứ tự phải gồm ít nhất hai thành viên, mỗi thành viên một lần")
        return out + text_errors(self)


@dataclass(frozen=True)
class RankRow:
    member_id: int
    total: Decimal | None
    rank: int | None  # None: not scored yet
    tied_with: tuple[int, ...] = ()  # the others at the same total
    resolution: TieResolution | None = None

    @property
    def open_tie(self) -> bool:
        return bool(self.tied_with) and self.resolution is None


def rank(totals_by_member: Mapping[int, Decimal | None],
         resolutions: Iterable[TieResolution] = ()) -> list[RankRow]:
    """Members in order (``totals_by_member`` in the order to list equals and
    the unscored): highest total first, equal totals sharing a rank unless a
    resolution orders exactly that group at that total."""
    resolutions = list(resolutions)
    groups: dict[Decimal, list[int]] = {}
    unscored = []
    for mid, total in totals_by_member.items():
        if total is None:
            unscored.append(mid)
        else:
            groups.setdefault(total, []).append(mid)
    rows: list[RankRow] = []
    position = 1
    for total in sorted(groups, reverse=True):
        ids = groups[total]
        if len(ids) == 1:
            rows.append(RankRow(ids[0], total, position))
        else:
            found = next((r for r in resolutions if set(r.order) == set(ids) and r.total == total), None)
            if found is None:
                rows += [RankRow(m, total, position, tuple(o for o in ids if o != m)) for m in ids]
            else:
                rows += [RankRow(m, total, position + k, tuple(o for o in found.order if o != m), found)
                         for k, m in enumerate(found.order)]
        position += len(ids)
    return rows + [RankRow(m, None, None) for m in unscored]


def open_ties(rows: Sequence[RankRow]) -> list[tuple[int, ...]]:
    """The groups still tied, each once, in ranking order."""
    out: list[tuple[int, ...]] = []
    for r in rows:
        if r.open_tie:
            group = tuple(sorted((r.member_id, *r.tied_with)))
            if group not in out:
                out.append(group)
    return out


def unused_resolutions(rows: Sequence[RankRow], resolutions: Iterable[TieResolution]) -> list[TieResolution]:
    """Resolutions that order no current tie (a score changed since)."""
    used = {id(r.resolution) for r in rows if r.resolution is not None}
    return [r for r in resolutions if id(r) not in used]


def order_by_rule(rule: str, group: Sequence[int], details: Mapping[int, Totals]) -> tuple[int, ...] | None:
    """The khối's tie rule applied to ``group``: their order, or ``None`` when
    the rule does not separate every one of them (then only a vote can)."""
    keys = {
        "diem_cham": lambda t: -t.diem_chuan,
        "it_diem_tru": lambda t: t.tru,
        "nhieu_diem_cong": lambda t: -t.cong,
    }
    key = keys.get(rule)
    if key is None or any(m not in details for m in group):
        return None
    values = [key(details[m]) for m in group]
    if len(set(values)) != len(values):
        return None
    return tuple(m for _, m in sorted(zip(values, group)))


@dataclass(frozen=True)
class Proposals:
    co: tuple[int, ...]  # Cờ thi đua của UBND tỉnh
    bang_khen: tuple[int, ...]  # Bằng khen của Chủ tịch UBND tỉnh
    blocked: str = ""  # why the list cannot be made yet (a cut inside an open tie)


def proposals(rows: Sequence[RankRow], so_co: int, so_bang_khen: int,
              names: Mapping[int, str] | None = None) -> Proposals:
    """The top ``so_co`` members for the Cờ, the next ``so_bang_khen`` for
    Bằng khen, by the ranking; refused while a cut falls inside an open tie."""
    names = names or {}
    ranked = [r for r in rows if r.rank is not None]
    for cut, what in ((so_co, "Cờ thi đua"), (so_co + so_bang_khen, "Bằng khen")):
        if 0 < cut < len(ranked):
            last, after = ranked[cut - 1], ranked[cut]
            if last.open_tie and after.member_id in last.tied_with:
                tied = ", ".join(names.get(m, str(m)) for m in (last.member_id, *last.tied_with))
                return Proposals((), (), f"Đồng điểm {fmt(last.total)} ({tied}) ở ranh giới đề nghị {what}: "
                                         "cần giải quyết thứ tự trước khi đề nghị")
    return Proposals(tuple(r.member_id for r in ranked[:so_co]),
                     tuple(r.member_id for r in ranked[so_co:so_co + so_bang_khen]))


# --- reading a circulated sheet's outline ----------------------------------------------------

_ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}


def muc_kind(muc: str) -> tuple[str, int]:
    """What a printed Mục looks like: ``("roman", 0)``, ``("number", dots)``,
    ``("letter", 0)``, ``("letter_number", 0)``, ``("bullet", 0)`` or ``("", 0)``."""
    text = clean(muc).rstrip(".):").strip()
    lower = text.lower()
    for prefix in ("tiêu chuẩn", "tiêu chí", "phần"):
        if lower.startswith(prefix):
            text = text[len(prefix):].strip()
            lower = text.lower()
    if not text:
        return "", 0
    if text.upper() in _ROMAN and text.isupper():
        return "roman", 0
    parts = text.split(".")
    if all(p.isdigit() for p in parts):
        return "number", len(parts) - 1
    if len(text) == 1 and text.isalpha():
        return "letter", 0
    if text[0].isalpha() and text[1:].isdigit():
        return "letter_number", 0
    if text in {"-", "+", "*", "•", "–"}:
        return "bullet", 0
    return "", 0


def outline_levels(mucs: Sequence[str]) -> list[int]:
    """The level of each line from its printed Mục: sections (I, II) at 0,
    ``1`` / ``Tiêu chuẩn 1`` at 1, ``1.1`` at 2, then letters one below the
    last numbered line, ``a1`` below the last letter, bullets below the last
    line that is not one; an unrecognised Mục stays at the level before."""
    levels: list[int] = []
    last = {"roman": None, "number": None, "letter": None, "letter_number": None}
    base = 1
    current = base
    for muc in mucs:
        kind, dots = muc_kind(muc)
        if kind == "roman":
            level = 0
        elif kind == "number":
            level = base + dots
        elif kind == "letter":
            level = (last["number"] if last["number"] is not None else base - 1) + 1
        elif kind == "letter_number":
            level = (last["letter"] if last["letter"] is not None else current) + 1
        elif kind == "bullet":
            level = current + 1
        else:
            level = current if levels else base
        if kind in last and kind != "bullet":
            last[kind] = level
            if kind == "roman":
                last.update(number=None, letter=None, letter_number=None)
            elif kind == "number":
                last.update(letter=None, letter_number=None)
        if kind != "bullet":
            current = level
        levels.append(level)
    return levels
