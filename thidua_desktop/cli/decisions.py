"""``thidua decisions``, ``decide``, ``edit-decision``, ``delete-decision``, ``export-decision``,
``export-awards``; ``proposals``, ``propose``, ``submit-proposal``, ``record-decision``:
the agency's decisions and award book, and proposals to the level above."""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import CliError, Commands, as_json, dmy_date, iso_date, on_data_file
from .council import MEETING_HELP

DECISION_HELP = "mã quyết định (xem lệnh decisions)"
PROPOSAL_HELP = "mã đề nghị (xem lệnh proposals)"


def add_parsers(commands: Commands) -> None:
    p = commands.add("decisions", cmd_decisions, "liệt kê các quyết định khen thưởng và mã số")
    p.add_argument("--json", action="store_true", help="in dạng JSON, kèm người được khen, tiền thưởng, số sổ vàng")
    p = commands.add("decide", cmd_decide,
                     "lập quyết định của cơ quan từ những người được Hội đồng xét đạt trong một cuộc họp")
    p.add_argument("--meeting", type=int, required=True, help=MEETING_HELP)
    p.add_argument("--title", required=True, help="mã danh hiệu, hình thức (ví dụ CSTDCS)")
    p.add_argument("--number", required=True, help="số quyết định, ví dụ 12/QĐ-BDT")
    p.add_argument("--date", required=True, type=iso_date, help="ngày ký, YYYY-MM-DD")
    p.add_argument("--signer", default="", help="người ký (mặc định: thủ trưởng trong Thông tin cơ quan)")

    p = commands.add("proposals", cmd_proposals, "liệt kê các đề nghị khen thưởng gửi cấp trên")
    p.add_argument("--json", action="store_true", help="in dạng JSON, kèm người được đề nghị và kết quả")
    p = commands.add("propose", cmd_propose, "lập đề nghị cấp trên từ những người được Hội đồng xét đạt "
                     "(danh hiệu do cấp trên quyết định)")
    p.add_argument("--meeting", type=int, required=True, help=MEETING_HELP)
    p.add_argument("--title", required=True, help="mã danh hiệu, hình thức (ví dụ BK_TINH)")
    p = commands.add("submit-proposal", cmd_submit_proposal, "ghi số, ngày tờ trình đã gửi cấp trên")
    p.add_argument("--proposal", type=int, required=True, help=PROPOSAL_HELP)
    p.add_argument("--number", required=True, help="số tờ trình, ví dụ 15/TTr-BDT")
    p.add_argument("--date", required=True, type=iso_date, help="ngày tờ trình, YYYY-MM-DD")
    p = commands.add("record-decision", cmd_record_decision,
                     "ghi quyết định của cấp trên cho một đề nghị (ví dụ 2715/QĐ-UBND)")
    p.add_argument("--proposal", type=int, required=True, help=PROPOSAL_HELP)
    p.add_argument("--number", required=True, help="số quyết định của cấp trên")
    p.add_argument("--date", required=True, type=iso_date, help="ngày ký, YYYY-MM-DD")
    p.add_argument("--issuer", default="", help="cấp ban hành (mặc định theo danh hiệu, ví dụ Chủ tịch UBND tỉnh)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--all", action="store_true", help="cấp trên khen tất cả những người được đề nghị")
    who.add_argument("--list", metavar="XLSX", help="danh sách kèm quyết định của cấp trên (.xlsx, cột Họ và tên)")
    who.add_argument("--registrations", help="mã các đăng ký được khen, cách nhau bằng dấu phẩy")
    p = commands.add("export-awards", cmd_export_awards, "xuất sổ khen thưởng (sổ vàng) của một năm ra .xlsx")
    p.add_argument("--year", type=int, required=True, help="năm (đến --to-year nếu có)")
    p.add_argument("--to-year", type=int, help="năm cuối của khoảng")
    p.add_argument("out", help="tệp .xlsx sẽ ghi")
    p = commands.add("edit-decision", cmd_edit_decision,
                     "sửa số, ngày, người ký, người được khen của một quyết định chưa in; quyết định đã in "
                     "thì hủy và ban hành quyết định thay thế (cần --reissue và số mới)")
    p.add_argument("--decision", type=int, required=True, help=DECISION_HELP)
    p.add_argument("--so", help="số quyết định mới, ví dụ 151/QĐ-BDT")
    p.add_argument("--ngay", help="ngày ký mới, ví dụ 22/12/2026")
    p.add_argument("--nguoi-ky", help="họ tên người ký")
    p.add_argument("--chuc-danh-ky", help="chức danh người ký; hai dòng cách nhau bởi \\n, ví dụ "
                   "\"KT. TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN\"")
    p.add_argument("--remove-staff", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã cán bộ bỏ khỏi quyết định")
    p.add_argument("--add-staff", type=int, nargs="*", default=[], metavar="MÃ", help="mã cán bộ thêm vào quyết định")
    p.add_argument("--remove-unit", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã đơn vị (tập thể) bỏ khỏi quyết định")
    p.add_argument("--add-unit", type=int, nargs="*", default=[], metavar="MÃ",
                   help="mã đơn vị (tập thể) thêm vào quyết định")
    p.add_argument("--reissue", action="store_true",
                   help="quyết định đã in: hủy nó (giữ nhật ký in) và ghi quyết định thay thế")
    p = commands.add("delete-decision", cmd_delete_decision, "xóa một quyết định chưa in giấy khen nào")
    p.add_argument("--decision", type=int, required=True, help=DECISION_HELP)
    p = commands.add("export-decision", cmd_export_decision,
                     "xuất danh sách kèm theo một quyết định ra .xlsx, hoặc phụ lục PDF khi tệp có đuôi .pdf")
    p.add_argument("--decision", type=int, required=True, help=DECISION_HELP)
    p.add_argument("out", help="tệp .xlsx (bảng tính) hoặc .pdf (phụ lục kèm theo quyết định) sẽ ghi")


@on_data_file()
def cmd_decisions(db, args: argparse.Namespace) -> str | list[str]:
    from ..domain.votes import format_money
    from ..store.decisions import awardee_rows, list_decisions

    rows = list_decisions(db)
    if args.json:
        return as_json([{"id": r["id"], "so": r["so"], "ngay": r["ngay"], "nam": r["nam"], "title": r["ma"],
                         "total": r["tong_tien"],
                         "awardees": [{"id": a["id"], "ten": a["ten"], "staff_id": a["staff_id"],
                                       "unit_id": a["unit_id"], "so_so_vang": a["so_so_vang"],
                                       "tien_thuong": a["tien_thuong"], "huy": bool(a["huy"])}
                                      for a in awardee_rows(db, r["id"])]}
                        for r in rows])
    if not rows:
        return ["Chưa có quyết định khen thưởng nào."]
    return [f"{r['id']}\t{r['so']}\t{r['ngay']}\t{r['ma']}\tnăm {r['nam']}\t{r['so_nguoi']} người\t"
            f"{format_money(r['tong_tien'])} đồng" for r in rows]


@on_data_file(write=True)
def cmd_decide(db, args: argparse.Namespace) -> str:
    from ..services.decisions.service import agency_title, create_decision, meeting_passed_registrations
    from ..store import council
    from ..store.decisions import get_decision

    meeting = council.get_meeting(db, args.meeting)
    agency_title(db, meeting.nam, args.title)
    regs = meeting_passed_registrations(db, args.meeting, args.title)
    if not regs:
        raise CliError(f"Cuộc họp {args.meeting} không có ai được xét đạt {args.title} mà chưa có quyết định")
    did = create_decision(db, so=args.number, ngay=args.date, nam=meeting.nam, ma=args.title,
                          registration_ids=regs, nguoi_ky=args.signer, meeting_id=args.meeting)
    d = get_decision(db, did)
    return f"Đã lập quyết định {d.so} (mã {did}): {len(d.awardees)} người, tập thể."


@on_data_file()
def cmd_proposals(db, args: argparse.Namespace) -> str | list[str]:
    from ..services.decisions import proposals as ps
    from ..store import proposals

    rows = proposals.list_proposals(db)
    if args.json:
        return as_json([{"id": p["id"], "nam": p["nam"], "title": p["ma"], "meeting_id": p["meeting_id"],
                         "state": ps.state(p), "so_to_trinh": p["so_to_trinh"] or None, "ngay_trinh": p["ngay_trinh"],
                         "decision": p["so_quyet_dinh"], "issuer": p["co_quan_ban_hanh"],
                         "items": [{"registration_id": i["registration_id"], "ten": i["ten"], "ket_qua": i["ket_qua"]}
                                   for i in proposals.proposal_items(db, p["id"])]} for p in rows])
    if not rows:
        return ["Chưa có đề nghị khen thưởng nào gửi cấp trên."]
    lines = []
    for p in rows:
        sent = f"tờ trình {p['so_to_trinh']}" if p["so_to_trinh"] else "chưa trình"
        answer = f"; quyết định {p['so_quyet_dinh']}: {p['so_duoc_khen']} được khen" if p["so_quyet_dinh"] else ""
        lines.append(f"{p['id']}\t{p['ma']}\tnăm {p['nam']}\t{p['so_de_nghi']} đề nghị\t{sent}{answer}")
    return lines


@on_data_file(write=True)
def cmd_propose(db, args: argparse.Namespace) -> str:
    from ..services.decisions.proposals import create_proposal
    from ..store import council

    meeting = council.get_meeting(db, args.meeting)
    pid = create_proposal(db, nam=meeting.nam, ma=args.title, meeting_id=args.meeting)
    return f"Đã lập đề nghị mã {pid}. Ghi tờ trình: thidua submit-proposal --proposal {pid} --number … --date …"


@on_data_file(write=True)
def cmd_submit_proposal(db, args: argparse.Namespace) -> str:
    from ..services.decisions.proposals import submit_proposal

    submit_proposal(db, args.proposal, so_to_trinh=args.number, ngay=args.date)
    return f"Đã ghi tờ trình {args.number} cho đề nghị {args.proposal}."


@on_data_file(write=True)
def cmd_record_decision(db, args: argparse.Namespace) -> str:
    from ..services.decisions import proposals as ps
    from ..store import proposals

    items = proposals.proposal_items(db, args.proposal)
    if args.all:
        awarded = [i["registration_id"] for i in items]
    elif args.list:
        match = ps.read_awarded_names(db, args.proposal, args.list)
        if match.errors:
            raise CliError("danh sách của cấp trên chưa khớp đề nghị, chưa ghi gì:\n  " + "\n  ".join(match.errors))
        awarded = list(match.awarded)
    else:
        try:
            awarded = [int(x) for x in args.registrations.split(",") if x.strip()]
        except ValueError:
            raise CliError(f"--registrations phải là các mã số cách nhau bằng dấu phẩy: “{args.registrations}”")
    did = ps.record_higher_decision(db, args.proposal, so=args.number, ngay=args.date, issuer=args.issuer,
                                    awarded=awarded)
    refused = len(items) - len(awarded)
    return (f"Đã ghi quyết định {args.number} (mã {did}): {len(awarded)} được khen"
            + (f", {refused} không được khen" if refused else "") + ".")


@on_data_file(write=True)
def cmd_edit_decision(db, args: argparse.Namespace) -> str:
    from ..domain.vntext import clean
    from ..services.decisions.service import correct_decision
    from ..store import decisions as store

    d = store.get_decision(db, args.decision)
    ngay = dmy_date(args.ngay, "ngày ký") if args.ngay else d.ngay
    printed = store.print_count(db, d.id)
    if printed and not args.reissue:
        raise CliError(f"Quyết định số {d.so} đã in giấy khen ({printed} lần): thêm --reissue và --so SỐ_MỚI "
                       "để hủy nó và ban hành quyết định thay thế.")
    by_staff = {a.staff_id: a.id for a in d.awardees if a.staff_id is not None and not a.huy}
    by_unit = {a.unit_id: a.id for a in d.awardees if a.unit_id is not None and not a.huy}
    for what, wanted, present in (("cán bộ", args.remove_staff, by_staff), ("đơn vị", args.remove_unit, by_unit)):
        missing = [i for i in wanted if i not in present]
        if missing:
            raise CliError(f"{what} mã {', '.join(map(str, missing))} không có trong Quyết định số {d.so}")
    new_id = correct_decision(
        db, d.id, so=clean(args.so) if args.so else d.so, ngay=ngay,
        nguoi_ky=args.nguoi_ky if args.nguoi_ky is not None else d.nguoi_ky,
        chuc_danh_ky=args.chuc_danh_ky.replace("\\n", "\n") if args.chuc_danh_ky is not None else d.chuc_danh_ky,
        remove_awardee_ids=[by_staff[i] for i in args.remove_staff] + [by_unit[i] for i in args.remove_unit],
        staff_ids=args.add_staff, unit_ids=args.add_unit)
    new = store.get_decision(db, new_id)
    if new_id != args.decision:
        return (f"Đã hủy Quyết định số {d.so} (giữ nhật ký in) và ghi Quyết định số {new.so} thay thế "
                f"(mã {new_id}, {sum(not a.huy for a in new.awardees)} người).")
    cancelled = sum(a.huy for a in new.awardees)
    return (f"Đã sửa Quyết định số {new.so} ngày {new.ngay:%d/%m/%Y} ({len(new.awardees) - cancelled} người"
            + (f", không kể {cancelled} giấy khen đã hủy" if cancelled else "") + ").")


@on_data_file(write=True)
def cmd_delete_decision(db, args: argparse.Namespace) -> str:
    from ..services.decisions.service import delete_decision
    from ..store import decisions as store

    d = store.get_decision(db, args.decision)
    delete_decision(db, d.id)
    return f"Đã xóa Quyết định số {d.so}; các đăng ký của quyết định trở về Đạt."


@on_data_file(out=(".xlsx",))
def cmd_export_awards(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.decisions.service import export_award_book

    return f"Đã xuất sổ khen thưởng ({export_award_book(db, out, args.year, args.to_year)} dòng) ra “{out}”."


@on_data_file(out=(".xlsx", ".pdf"))
def cmd_export_decision(db, args: argparse.Namespace, out: Path) -> str:
    from ..services.decisions.service import export_decision_list
    from ..services.documents.decision_pdf import export_decision_annex

    export = export_decision_annex if out.suffix.lower() == ".pdf" else export_decision_list
    return f"Đã xuất danh sách kèm theo quyết định ({export(db, args.decision, out)} người) ra “{out}”."
