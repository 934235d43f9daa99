"""Printer offsets on the command line (issue 15, item 15): negative offsets
are accepted with or without "=", non-finite and absurd numbers are refused
with a message — never a traceback, never a PDF moved by nan."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from thidua_desktop import cli
from thidua_desktop.store import decisions as store
from thidua_desktop.store import printing

MM = 72 / 25.4


@pytest.fixture
def cstd(decisions_demo):
    return next(r["id"] for r in store.list_decisions(decisions_demo) if r["ma"] == "CSTDCS")


def first_text_at(path) -> tuple[float, float]:
    found = []
    PdfReader(path).pages[0].extract_text(visitor_text=lambda text, cm, tm, f, s: found.append(
        (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])) if text.strip() else None)
    return found[0]


def certificates(db_path, decision, out, *offset_args) -> int:
    return cli.main(["certificates", "--db", str(db_path), "--decision", str(decision), "--mode", "phoi",
                     *offset_args, str(out)])


@pytest.mark.parametrize("form", ["separate", "equals"])
def test_a_negative_offset_is_accepted_both_ways(decisions_demo, cstd, db_path, tmp_path, capsys, form):
    plain, moved = tmp_path / "plain.pdf", tmp_path / "moved.pdf"
    assert certificates(db_path, cstd, plain) == 0
    args = ["--printer-offset", "-1.5,-0.8"] if form == "separate" else ["--printer-offset=-1.5,-0.8"]
    assert certificates(db_path, cstd, moved, *args) == 0, capsys.readouterr().err
    (x0, y0), (x1, y1) = first_text_at(plain), first_text_at(moved)
    assert (x1 - x0) / MM == pytest.approx(-1.5, abs=0.01) and (y0 - y1) / MM == pytest.approx(-0.8, abs=0.01)  # y down on paper


@pytest.mark.parametrize(("value", "message"), [
    ("nan,0", "phải là hai số mm (không phải nan hay inf)"),
    ("0,inf", "phải là hai số mm (không phải nan hay inf)"),
    ("-inf,0", "phải là hai số mm (không phải nan hay inf)"),
    ("1e999,0", "phải là hai số mm (không phải nan hay inf)"),
    ("-nan,1", "phải là hai số mm (không phải nan hay inf)"),
    ("55,0", "quá lớn"),
    ("-1.5,-80", "quá lớn"),
    ("1,2,3", "phải có dạng X,Y (mm)"),
])
def test_nonsense_offsets_are_refused(decisions_demo, cstd, db_path, tmp_path, capsys, value, message):
    out = tmp_path / "x.pdf"
    for args in (["--printer-offset", value], [f"--printer-offset={value}"]):
        assert certificates(db_path, cstd, out, *args) == 2
        assert message in capsys.readouterr().err
    assert not out.exists()


def test_calibrate_takes_negative_offsets_and_refuses_nan(decisions_demo, db_path, capsys):
    assert cli.main(["calibrate", "--db", str(db_path), "--printer", "HP", "--offset", "-1.5,0.8",
                     "--bars", "100,99.8"]) == 0
    assert "X -1,5 mm, Y 0,8 mm" in capsys.readouterr().out
    assert printing.get_calibration(decisions_demo, "HP").offset == (-1.5, 0.8)
    for offset in ("nan,0", "-inf,1"):
        assert cli.main(["calibrate", "--db", str(db_path), "--printer", "HP", "--offset", offset]) == 2
        assert "không phải nan hay inf" in capsys.readouterr().err
    assert cli.main(["calibrate", "--db", str(db_path), "--printer", "HP", "--offset", "1,1",
                     "--bars", "nan,100"]) == 2
    assert "không phải nan hay inf" in capsys.readouterr().err
    assert printing.get_calibration(decisions_demo, "HP").offset == (-1.5, 0.8)


def test_other_arguments_starting_with_a_minus_are_left_alone():
    assert cli.join_negative_pairs(["certificates", "--printer-offset", "--force", "x.pdf"]) == \
        ["certificates", "--printer-offset", "--force", "x.pdf"]
    assert cli.join_negative_pairs(["calibrate", "--offset", "-1,-2", "--bars", "-.5,1"]) == \
        ["calibrate", "--offset=-1,-2", "--bars=-.5,1"]
