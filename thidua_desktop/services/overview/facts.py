"""Where the year stands, for the Tổng quan tab: the running campaign and its
three deadlines, what is left to do (units without registrations, registrations
not considered yet, the council's meeting, decisions not printed, tờ trình
awaiting the higher level, the last backup), a few figures of the year and the
awards of the last five years. Each item names the place to act (a tab key,
optionally what to select there, or a window action).

A handful of aggregate queries over indexed columns: a moment on the 50,000-person
demo. Eligibility (registrations not meeting their conditions) takes a whole
season's load and is left to the caller to compute in the background
(:func:`thidua_desktop.services.eligibility.check_registrations`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ...domain.models import Campaign
from ...store import awards, records

#: days left from which a deadline is shown as close, then very close
SOON_DAYS, URGENT_DAYS = 30, 7
#: how many names an item lists before "…"
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Deadline:
    label: str
    day: dt.date | None
    days_left: int | None
    level: str  # "none" | "past" | "urgent" | "soon" | "later"

    @property
    def text(self) -> str:
        if self.day is None:
            return f"{self.label}: chưa đặt hạn"
        when = self.day.strftime("%d/%m/%Y")
        left = self.days_left or 0
        rest = ("hôm nay" if left == 0 else f"còn {left} ngày" if left > 0 else f"đã qua {-left} ngày")
        return f"{self.label}: {when} — {rest}"


@dataclass(frozen=True)
class Item:
    """One line: ``level`` "ok" | "todo" | "warn" | "info"; ``link``: where to act
    ("tab:KEY", "tab:KEY:ID" to select a row there, or "action:OBJECT_NAME")."""

    key: str
    text: str
    level: str
    link: str = ""


@dataclass(frozen=True)
class Overview:
    today: dt.date
    year: int
    campaign: Campaign | None
    deadlines: tuple[Deadline, ...]
    items: tuple[Item, ...]
    figures: tuple[tuple[str, str], ...]
    chart: tuple[tuple[str, int], ...]  # (year, awards) oldest first
    first_steps: tuple[Item, ...] = field(default=())


def _deadline(label: str, day: dt.date | None, today: dt.date) -> Deadline:
    if day is None:
        return Deadline(label, None, None, "none")
    left = (day - today).days
    level = "past" if left < 0 else "urgent" if left <= URGENT_DAYS else "soon" if left <= SOON_DAYS else "later"
    return Deadline(label, day, left, level)


def running_campaign(campaigns: list[Campaign], today: dt.date) -> Campaign | None:
    """The campaign of this year: a yearly one before a topical one, the newest
    first (the Đăng ký tab's order); None when none runs this year."""
    running = [c for c in campaigns if c.nam_bat_dau <= today.year <= (c.nam_ket_thuc or c.nam_bat_dau)]
    running.sort(key=lambda c: (c.loai != "thuong_xuyen", -(c.nam_bat_dau or 0), -(c.id or 0)))
    return running[0] if running else None


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (f" và {len(names) - NAMES_SHOWN} nơi khác" if len(names) > NAMES_SHOWN else "")


def _units_without_registrations(db, campaign: Campaign) -> Item | None:
    units = {uid: ten for uid, ten in db.execute(
        """SELECT u.id, u.ten FROM units u WHERE EXISTS (SELECT 1 FROM staff s WHERE s.unit_id = u.id
           AND s.dang_cong_tac = 1) ORDER BY u.thu_tu, u.id""")}
    if not units:
        return None
    sent = {r[0] for r in db.execute(
        """SELECT DISTINCT coalesce(r.unit_id, s.unit_id) FROM registrations r LEFT JOIN staff s ON s.id = r.staff_id
           WHERE r.campaign_id = ?""", [campaign.id])}
    missing = [ten for uid, ten in units.items() if uid not in sent]
    if not missing:
        return Item("units", f"Cả {len(units)} đơn vị đã có đăng ký thi đua.", "ok", "tab:registrations")
    return Item("units", f"{len(missing)}/{len(units)} đơn vị chưa gửi đăng ký (chưa có đăng ký nào trong phong "
                         f"trào): {_names(missing)}.", "todo", "tab:registrations")


def _registrations(db, campaign: Campaign) -> Item:
    total, waiting = db.execute(
        "SELECT count(*), coalesce(sum(trang_thai = 'dang_ky'), 0) FROM registrations WHERE campaign_id = ?",
        [campaign.id]).fetchone()
    if not total:
        return Item("registrations", "Chưa có đăng ký thi đua nào trong phong trào.", "todo", "tab:registrations")
    if waiting:
        return Item("registrations", f"{waiting}/{total} đăng ký chưa xét (còn ở trạng thái Đăng ký).", "todo",
                    "tab:registrations")
    return Item("registrations", f"Cả {total} đăng ký đã được xét.", "ok", "tab:registrations")


def _council(db, campaign: Campaign, today: dt.date) -> Item:
    row = db.execute("SELECT id, ngay, da_ghi_ket_qua FROM meetings WHERE campaign_id = ? ORDER BY ngay DESC, id DESC",
                     [campaign.id]).fetchone()
    if row is None:
        return Item("council", "Hội đồng Thi đua - Khen thưởng chưa họp xét phong trào này.", "todo", "tab:council")
    meeting_id, day, closed = row
    when = dt.date.fromisoformat(day[:10])
    text = when.strftime("%d/%m/%Y")
    if closed:
        return Item("council", f"Hội đồng đã họp ngày {text} và đã ghi kết quả bình xét.", "ok",
                    f"tab:council:{meeting_id}")
    if when > today:
        return Item("council", f"Hội đồng sẽ họp ngày {text}.", "info", f"tab:council:{meeting_id}")
    return Item("council", f"Cuộc họp Hội đồng ngày {text} chưa ghi kết quả bình xét.", "todo",
                f"tab:council:{meeting_id}")


def _decisions(db) -> Item | None:
    rows = db.execute(
        """SELECT d.id, d.so FROM decisions d
           WHERE d.cap = 'co_quan' AND NOT EXISTS (SELECT 1 FROM print_log p WHERE p.decision_id = d.id)
             AND EXISTS (SELECT 1 FROM decision_awardees a WHERE a.decision_id = d.id AND a.huy = 0)
             AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.thay_the = d.id)
           ORDER BY d.ngay DESC, d.id DESC""").fetchall()
    if rows:
        return Item("decisions", f"{len(rows)} quyết định chưa in giấy khen, bằng: {_names([r[1] for r in rows])}.",
                    "todo", f"tab:decisions:{rows[0][0]}")
    if db.execute("SELECT 1 FROM decisions WHERE cap = 'co_quan' LIMIT 1").fetchone():
        return Item("decisions", "Mọi quyết định của cơ quan đã in giấy khen, bằng.", "ok", "tab:decisions")
    return None


def _proposals(db) -> Item | None:
    waiting = db.execute("""SELECT id, so_to_trinh FROM proposals WHERE so_to_trinh <> '' AND decision_id IS NULL
                            ORDER BY ngay_trinh, id""").fetchall()
    unsent = db.execute("SELECT count(*) FROM proposals WHERE so_to_trinh = ''").fetchone()[0]
    parts, level, link = [], "ok", "tab:proposals"
    if waiting:
        parts.append(f"{len(waiting)} tờ trình đã gửi cấp trên, chờ quyết định: "
                     f"{_names(['số ' + r[1] for r in waiting])}")
        level, link = "info", f"tab:proposals:{waiting[0][0]}"
    if unsent:
        parts.append(f"{unsent} đề nghị chưa có tờ trình")
        level = "todo"
    if not parts:
        if db.execute("SELECT 1 FROM proposals LIMIT 1").fetchone():
            return Item("proposals", "Mọi đề nghị gửi cấp trên đã có quyết định.", "ok", link)
        return None
    return Item("proposals", "; ".join(parts) + ".", level, link)


def _backup(db_file: Path | None, now: dt.datetime) -> Item | None:
    from ..backup import list_backups

    if db_file is None:
        return None
    try:
        backups = list_backups(db_file)
    except OSError:
        backups = []
    if not backups:
        return Item("backup", "Chưa có bản sao lưu nào của tệp dữ liệu này — bấm để sao lưu ngay.", "warn",
                    "action:actionBackup")
    last = backups[0].created
    days = (now.date() - last.date()).days
    ago = "hôm nay" if days <= 0 else f"{days} ngày trước"
    level = "ok" if days <= 7 else "warn"
    return Item("backup", f"Sao lưu gần nhất: {last:%H:%M %d/%m/%Y} ({ago}, {backups[0].kind_label.lower()}).",
                level, "action:actionBackup")


def _first_steps(db, settings, has_campaign: bool) -> tuple[Item, ...]:
    staff = records.count_staff(db)
    registered = db.execute("SELECT 1 FROM registrations LIMIT 1").fetchone() is not None
    steps = (
        Item("org", "Nhập thông tin cơ quan (in trên mọi văn bản)", "todo" if settings.missing_for_documents() else "ok",
             "action:actionOrgSettings"),
        Item("staff", "Nhập danh sách cán bộ từ Excel (Tệp → Nhập danh sách cán bộ…)", "ok" if staff else "todo",
             "action:actionImportStaff"),
        Item("campaign", "Tạo phong trào thi đua của năm, với ba hạn", "ok" if has_campaign else "todo",
             "tab:campaigns"),
        Item("register", "Đăng ký thi đua cho cán bộ, đơn vị", "ok" if registered else "todo", "tab:registrations"),
    )
    return steps if any(s.level == "todo" for s in steps) else ()


def overview(db: sqlite_utils.Database, *, db_file: Path | None = None, now: dt.datetime | None = None) -> Overview:
    """The facts of the Tổng quan tab (``db_file``: where backups are looked for)."""
    now = now or dt.datetime.now()
    today = now.date()
    campaigns = records.list_campaigns(db)
    campaign = running_campaign(campaigns, today)
    year = today.year
    deadlines: tuple[Deadline, ...] = ()
    items: list[Item] = []
    if campaign is not None:
        deadlines = (_deadline("Hạn đăng ký thi đua", campaign.han_dang_ky, today),
                     _deadline("Hạn gửi sáng kiến", campaign.han_sang_kien, today),
                     _deadline("Hạn nộp hồ sơ khen thưởng", campaign.han_ho_so, today))
        items += [i for i in (_units_without_registrations(db, campaign), _registrations(db, campaign),
                              _council(db, campaign, today)) if i is not None]
    elif campaigns:
        items.append(Item("campaign", f"Chưa có phong trào thi đua nào của năm {year}.", "todo", "tab:campaigns"))
    working = db.execute("SELECT count(*) FROM staff WHERE dang_cong_tac = 1").fetchone()[0]
    units = db.execute("SELECT count(*) FROM units").fetchone()[0]
    holds_data = bool(working or units or campaigns)  # a file with nothing in it is never backed up
    items += [i for i in (_decisions(db), _proposals(db), _backup(db_file, now) if holds_data else None)
              if i is not None]
    regs, passed = db.execute(
        "SELECT count(*), coalesce(sum(trang_thai IN ('dat', 'quyet_dinh')), 0) FROM registrations WHERE nam = ?",
        [year]).fetchone()
    per_year = {nam: n for nam, n, _paid in awards.counts(db, ["nam"], awards.Filter(first_year=year - 4,
                                                                                    last_year=year))}
    figures = (("Cán bộ đang công tác", f"{working:,}".replace(",", ".")), ("Đơn vị", str(units)),
               (f"Đăng ký năm {year}", f"{regs:,}".replace(",", ".")),
               (f"Đạt, đã có quyết định năm {year}", f"{passed:,}".replace(",", ".")),
               (f"Khen thưởng năm {year}", f"{per_year.get(year, 0):,}".replace(",", ".")))
    chart = tuple((str(y), per_year.get(y, 0)) for y in range(year - 4, year + 1))
    settings = records.get_settings(db)
    return Overview(today, year, campaign, deadlines, tuple(items), figures, chart,
                    _first_steps(db, settings, bool(campaigns)))
