"""``thidua document``: --list, a document written, and exit 2 with one line when something is missing."""
from __future__ import annotations

from docx import Document

from thidua_desktop import cli
from thidua_desktop.services.documents.word import kinds as word_kinds
from thidua_desktop.store import decisions as store


def _decision(db) -> int:
    return next(r["id"] for r in store.list_decisions(db) if r["cap"] == "co_quan")


def test_list_names_each_kind_key_first(capsys):
    assert cli.main(["document", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [k.key for k in word_kinds.kinds()]
    assert all(line.split("\t")[2].endswith(".docx") for line in lines)


def test_a_decision_written_from_the_command_line(decisions_demo, db_path, tmp_path, capsys):
    did = _decision(decisions_demo)
    decisions_demo.close()
    out = tmp_path / "qd.docx"
    assert cli.main(["document", "quyet_dinh", "--db", str(db_path), "--decision", str(did), str(out)]) == 0
    assert "Đã ghi" in capsys.readouterr().out
    assert any(p.text == "QUYẾT ĐỊNH" for p in Document(str(out)).paragraphs)
    blank = tmp_path / "qd-trong.docx"
    assert cli.main(["document", "quyet_dinh", "--db", str(db_path), "--decision", str(did), "--blank-number",
                     str(blank)]) == 0
    xml = Document(str(blank)).element.body.xml
    assert "/QĐ-BDT" in xml and "143/QĐ-BDT" not in xml


def test_missing_reference_field_or_setting_is_exit_2_and_nothing_written(decisions_demo, db_path, tmp_path,
                                                                         capsys):
    db = decisions_demo
    did = _decision(db)
    out = tmp_path / "qd.docx"
    assert cli.main(["document", "quyet_dinh", "--db", str(db_path), str(out)]) == cli.EXIT_ERROR
    assert "--decision" in capsys.readouterr().err
    assert cli.main(["document", "khong_co", "--db", str(db_path), "--decision", "1", str(out)]) == cli.EXIT_ERROR
    assert "thidua document --list" in capsys.readouterr().err
    mine = word_kinds.copy_for_editing(word_kinds.get_kind("quyet_dinh"))
    doc = Document(str(mine))
    doc.add_paragraph("{{ so_cong_van }}")
    doc.save(str(mine))
    assert cli.main(["document", "quyet_dinh", "--db", str(db_path), "--decision", str(did), str(out)]) \
        == cli.EXIT_ERROR
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "so_cong_van" in err
    word_kinds.reset_template(word_kinds.get_kind("quyet_dinh"))
    db["org_settings"].update(1, {"co_quan": ""})
    db.close()
    assert cli.main(["document", "quyet_dinh", "--db", str(db_path), "--decision", str(did), str(out)]) \
        == cli.EXIT_ERROR
    assert "Thông tin cơ quan" in capsys.readouterr().err
    assert not out.exists()
