"""The counts CSV of `thidua tally` (issue 15, item 13): whatever a secretary
or Excel writes is read or refused by line number in Vietnamese — never a
traceback, never a silent choice."""
from __future__ import annotations

import unicodedata

import pytest

from thidua_desktop import cli
from thidua_desktop.services.council import service as cs
from thidua_desktop.services.demo import build_demo
from thidua_desktop.store import council as store
from thidua_desktop.store.records import ValidationError

HEADER = ["ma", "vong", "phat_ra", "thu_vao", "hop_le", "khong_hop_le", "dang_ky", "ho_ten", "dong_y"]


@pytest.fixture
def demo(db):
    build_demo(db, staff=300, seed=2)
    return db


def meeting(db):
    return store.list_meetings(db)[0]  # this year's, ready for counts


def lines(db, sep=",", *, names=False, override=None):
    """The header and one row per candidate of the first title, round 1."""
    t = cs.meeting_state(db, meeting(db).id).titles[0]
    out = [HEADER]
    for i, r in enumerate(t.candidates):
        counts = ["9", "9", "9", "0"] if i == 0 else ["", "", "", ""]
        who = ["", r["ten"]] if names else [str(r["registration_id"]), ""]
        out.append([t.code, "1", *counts, *who, str(9 if i < 3 else 5)])
    for (row, col), value in (override or {}).items():
        out[row][HEADER.index(col)] = value
    return [sep.join(r) for r in out], t


def write(tmp_path, rows, encoding="utf-8", name="k.csv"):
    path = tmp_path / name
    path.write_bytes("\r\n".join(rows).encode(encoding) if isinstance(encoding, str) else encoding(rows))
    return path


def refused(db, path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        cs.import_tally_csv(db, meeting(db).id, path)
    assert store.rounds(db, meeting(db).id) == {}
    return info.value.errors


@pytest.mark.parametrize("vong", ["0", "-1", "21"])
def test_a_round_out_of_range_is_refused_by_line(demo, tmp_path, vong):
    rows, _t = lines(demo, override={(2, "vong"): vong})
    errors = refused(demo, write(tmp_path, rows))
    assert f"Dòng 3: vòng phải từ 1 đến 20 (đang là {vong})" in errors


def test_a_candidate_twice_in_a_round_is_refused(demo, tmp_path):
    rows, _t = lines(demo)
    rows.append(rows[2].rsplit(",", 1)[0] + ",3")  # the second candidate again, other count
    errors = refused(demo, write(tmp_path, rows))
    assert any(e.startswith(f"Dòng {len(rows)}: ") and "đã ghi ở dòng 3" in e for e in errors), errors


def test_id_and_name_of_different_people_are_refused(demo, tmp_path):
    rows, t = lines(demo)
    other = t.candidates[1]["ten"]
    first = rows[1].split(",")
    first[HEADER.index("ho_ten")] = other
    rows[1] = ",".join(first)
    errors = refused(demo, write(tmp_path, rows))
    assert (f"Dòng 2: mã đăng ký {t.candidates[0]['registration_id']} là “{t.candidates[0]['ten']}”, "
            f"không phải “{other}”") in errors
    # the same person by id and name (another spelling) is fine
    first[HEADER.index("ho_ten")] = unicodedata.normalize("NFD", t.candidates[0]["ten"].upper())
    rows[1] = ",".join(first)
    assert cs.import_tally_csv(demo, meeting(demo).id, write(tmp_path, rows, name="ok.csv")) == [(t.code, 1)]


def _cp1258(rows) -> bytes:
    """As a Vietnamese Windows writes "CSV (Comma delimited)": code page 1258,
    a tone as a combining mark after its letter."""
    out = bytearray()
    for ch in "\r\n".join(rows):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = next(m for m in d if m in "\u0300\u0301\u0303\u0309\u0323")
            out += unicodedata.normalize("NFC", d.replace(tone, "")).encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(("sep", "encoding"), [
    (";", "utf-8-sig"), (";", _cp1258), ("\t", "utf-8"), (",", "utf-8-sig"), (";", "utf-8"),
])
def test_separator_bom_and_code_page_are_read(demo, tmp_path, sep, encoding):
    rows, t = lines(demo, sep, names=True)
    path = write(tmp_path, rows, encoding)
    assert cs.import_tally_csv(demo, meeting(demo).id, path) == [(t.code, 1)]
    [(number, tally)] = store.rounds(demo, meeting(demo).id)[t.code]
    assert sorted(tally.votes.values(), reverse=True)[:3] == [9, 9, 9]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "Tệp CSV trống"),
    (b"\r\n  \r\n", "Tệp CSV trống"),
    (b"ma,vong,so_phieu\r\nCSTDCS,1,3\r\n", "Dòng 1: cột “so_phieu” không có trong mẫu"),
    (b"vong,dang_ky,dong_y\r\n1,1,3\r\n", "Dòng 1: thiếu cột “ma” (mã danh hiệu)"),
    (b"ma,ma,vong\r\n", "Dòng 1: cột “ma” ghi hai lần"),
    (b"ma,vong\r\n\r\nCSTDCS,1,9,9\r\n", "Dòng 3: có 4 ô, nhiều hơn 2 cột của dòng tiêu đề"),
    (b"PK\x03\x04\x00\x00\x00\x00\xff\xfe", "Tệp CSV không phải văn bản"),
])
def test_files_that_are_not_counts(demo, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    errors = refused(demo, path)
    assert any(message in e for e in errors), errors


def test_counts_that_are_not_numbers_name_the_line(demo, tmp_path):
    rows, _t = lines(demo, override={(1, "phat_ra"): "chín"})
    assert "Dòng 2: số phiếu phát ra (“phat_ra”) phải là số nguyên (đang là “chín”)" in refused(
        demo, write(tmp_path, rows))


def test_cli_refuses_with_the_lines_and_writes_nothing(demo, db_path, tmp_path, capsys):
    m = meeting(demo)
    rows, t = lines(demo, override={(1, "vong"): "0"})
    bad = write(tmp_path, rows)
    demo.close()
    before = db_path.read_bytes()
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(m.id), str(bad)]) == 2
    assert "Dòng 2: vòng phải từ 1 đến 20 (đang là 0)" in capsys.readouterr().err
    assert db_path.read_bytes() == before
    good = write(tmp_path, lines_semicolon(rows), "utf-8-sig", "excel.csv")
    assert cli.main(["tally", "--db", str(db_path), "--meeting", str(m.id), str(good)]) == 0
    assert f"Đã ghi kết quả kiểm phiếu: {t.code} vòng 1." in capsys.readouterr().out


def lines_semicolon(rows):
    fixed = [r.split(",") for r in rows]
    fixed[1][HEADER.index("vong")] = "1"
    return [";".join(r) for r in fixed]
