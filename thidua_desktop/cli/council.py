"""``thidua meetings``, ``results``, ``ballots``, ``minutes`` (``--blank``: the tally sheet to fill by hand),
``tally``, ``export-results``, ``export-proposals``: the council meeting (Hội đồng Thi đua – Khen thưởng)
and its documents."""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import CliError, Commands, as_json, campaign, on_data_file
from .registrations import CAMPAIGN_HELP

MEETING_HELP = "mã cuộc họp (xem lệnh meetings)"


def add_parsers(commands: Commands) -> None:
    commands.add("meetings", cmd_meetings, "liệt kê các cuộc họp Hội đồng (thành viên, có mặt, túc số)")
    p = commands.add("results", cmd_results, "kết quả bình xét của một cuộc họp, theo từng vòng")
    p.add_argument("--meeting", type=int, required=True, help=MEETING_HELP)
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    for name, run, help_text in (("ballots", cmd_ballots, "in phiếu bầu (PDF) cho các thành viên bỏ phiếu"),
                                 ("minutes", cmd_minutes,
                                  "in biên bản kiểm phiếu và biên bản họp Hội đồng (PDF)")):
        p = commands.add(name, run, help_text)
        p.add_argument("--meeting", type=int, required=True, help=MEETING_HELP)
        p.add_argument("out", help="tệp .pdf sẽ ghi")
        if name == "minutes":
            p.add_argument("--blank", action="store_true",
                           help="in biên bản kiểm phiếu để trống cho Ban kiểm phiếu ghi tay (cuộc họp chưa kiểm phiếu)")
    p = commands.add("export-results", cmd_export_results,
                     "xuất kết quả bình xét của một cuộc họp ra .xlsx (từng vòng, Chủ tịch Hội đồng ký)")
    p.add_argument("--meeting", type=int, required=True, help=MEETING_HELP)
    p.add_argument("out", help="tệp .xlsx sẽ ghi")
    p = commands.add("tally", cmd_tally, "nhập kết quả kiểm phiếu từ tệp CSV (kiểm tra như trên màn hình)")
    p.add_argument("--meeting", type=int, required=True, help=MEETING_HELP)
    p.add_argument("csv", help="tệp CSV: ma, vong, phat_ra, thu_vao, hop_le, khong_hop_le, dang_ky hoặc ho_ten, dong_y")
    p.add_argument("--reopen", action="store_true",
                   help="mở lại cuộc họp đã ghi kết quả để nhập lại số phiếu (ghi vào nhật ký; không được khi "
                        "kết quả đã dùng cho quyết định khen thưởng)")
    p = commands.add("export-proposals", cmd_export_proposals, "xuất danh sách đề nghị khen thưởng ra .xlsx")
    p.add_argument("--campaign", type=int, required=True, help=CAMPAIGN_HELP)
    p.add_argument("out", help="tệp .xlsx sẽ ghi")


@on_data_file()
def cmd_meetings(db, args: argparse.Namespace) -> list[str]:
    from ..services.council.service import meeting_state
    from ..store import council

    meetings = council.list_meetings(db)
    if not meetings:
        return ["Chưa có cuộc họp Hội đồng nào."]
    lines = []
    for m in meetings:
        state = meeting_state(db, m.id)
        q = state.quorum
        lines.append(f"{m.id}\t{m.ngay:%d/%m/%Y}\tnăm {m.nam}\t{q.total} thành viên, có mặt {q.present}, "
                     f"ý kiến bằng văn bản {q.written}, túc số {'đủ' if q.met else 'KHÔNG đủ'} (cần {q.needed})\t"
                     f"{state.council.decision_text}"
                     + ("\tđã ghi kết quả (mở lại: tally --reopen)" if state.closed else ""))
    return lines


@on_data_file()
def cmd_results(db, args: argparse.Namespace) -> str | list[str]:
    from ..domain.council import OUTCOMES
    from ..services.council.service import meeting_state

    state = meeting_state(db, args.meeting)
    total = state.quorum.total
    rows = []
    for t in state.titles:
        names = {r["id"]: r for r in t.candidates}
        for rnd in t.rounds:
            for c in rnd.candidates:
                r = names[c.key]
                chair = t.decision[1] if rnd is t.chair_round else ""
                rows.append({
                    "round": rnd.number, "registration_id": r["registration_id"], "name": r["ten"], "title": t.code,
                    "votes": c.votes, "base": total, "percent": c.pct,
                    "threshold_pct": str(t.rule.pct) if t.rule.pct is not None else None,
                    "vote_rule": t.rule.requirement,
                    "reached": c.reached, "passed": c.outcome == "dat", "outcome": c.outcome, "rank": c.rank,
                    "tie": ("chair: " + chair) if chair else ("new round" if c.outcome == "bang_phieu" else ""),
                    "note": c.note,
                })
    if args.json:
        return as_json({"meeting": args.meeting, "quorum_met": state.quorum.met, "problems": state.problems(),
                        "results": rows}, indent=2)
    return ([state.quorum.text]
            + [f"{row['title']}\tvòng {row['round']}\t{row['name']}\t{row['votes']}/{row['base']}\t{row['percent']}\t"
               f"{OUTCOMES[row['outcome']]}\t{row['note']}" for row in rows]
            + [f"Chưa xong: {problem}" for problem in state.problems()])


@on_data_file(out=(".pdf",))
def cmd_ballots(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.council.service import meeting_view
    from ..services.documents.council_pdf import write_ballots

    view = meeting_view(db, args.meeting)
    if not any(t.candidates for t in view.titles):
        raise CliError("cuộc họp chưa có danh sách người được bầu")
    pages = write_ballots(view, out)
    return f"Đã in phiếu bầu ({pages} trang, {view.present + view.written} phiếu mỗi danh hiệu) ra “{out}”."


@on_data_file(out=(".pdf",))
def cmd_minutes(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.council.service import meeting_view
    from ..services.documents.council_pdf import write_count_minutes, write_meeting_minutes

    view = meeting_view(db, args.meeting)
    if args.blank:
        from ..services.documents.council_pdf import write_tally_sheet

        if not any(t.candidates for t in view.titles):
            raise CliError("cuộc họp chưa có danh sách người được bầu")
        pages = write_tally_sheet(view, out)
        return f"Đã in biên bản kiểm phiếu để trống ({pages} trang) ra “{out}”."
    count_path = out.with_name(f"{out.stem}-kiem-phieu.pdf")
    pages = write_count_minutes(view, count_path) + write_meeting_minutes(view, out)
    return f"Đã in biên bản họp Hội đồng ra “{out}” và biên bản kiểm phiếu ra “{count_path}” ({pages} trang)."


@on_data_file(write=True)
def cmd_tally(db, args: argparse.Namespace) -> list[str]:
    from ..services.council.service import import_tally_csv, reopen_meeting
    from ..store import council

    council.get_meeting(db, args.meeting)
    closed = council.meeting_closed(db, args.meeting)
    if closed and not args.reopen:
        raise CliError(f"cuộc họp {args.meeting} đã ghi kết quả bình xét vào đăng ký; số phiếu không sửa được. "
                       "Muốn sửa, thêm --reopen để mở lại cuộc họp (việc mở lại được ghi vào nhật ký). "
                       "Chưa ghi gì.")
    with db.atomic():  # reopened and counted, or neither
        if closed:
            reopen_meeting(db, args.meeting)
        written = import_tally_csv(db, args.meeting, args.csv)
    counted = "Đã ghi kết quả kiểm phiếu: " + ", ".join(f"{code} vòng {n}" for code, n in written) + "."
    if not closed:
        return [counted]
    return [f"Đã mở lại cuộc họp {args.meeting} (ghi vào nhật ký thay đổi).", counted,
            "Kết quả trong đăng ký vẫn là kết quả cũ: hãy “Ghi kết quả” lại trên màn hình Kết quả bình xét."]


@on_data_file(out=(".xlsx",))
def cmd_export_results(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.council.service import meeting_view
    from ..services.documents.council_xlsx import export_results

    view = meeting_view(db, args.meeting)
    if not any(t.rounds for t in view.titles):
        raise CliError(f"cuộc họp {args.meeting} chưa có kết quả kiểm phiếu (nhập bằng lệnh tally hoặc trên màn "
                       "hình Kết quả bình xét); biên bản để trống: minutes --blank")
    count = export_results(db, args.meeting, out)
    return f"Đã xuất kết quả bình xét ({count} dòng) ra “{out}”."


@on_data_file(out=(".xlsx",))
def cmd_export_proposals(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.documents.council_xlsx import export_proposals

    c = campaign(db, args.campaign)
    count = export_proposals(db, c.id, out)
    return f"Đã xuất danh sách đề nghị khen thưởng của “{c.ten}” ({count} dòng) ra “{out}”."
