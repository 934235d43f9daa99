"""Word documents from docxtpl templates: read back with python-docx, refused before writing when data is missing."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from docx import Document

from thidua_desktop.services.documents.word import kinds as word_kinds
from thidua_desktop.services.documents.word.documents import BUILDERS, write_document
from thidua_desktop.services.documents.word.render import MissingFieldsError, template_fields
from thidua_desktop.store import decisions as store
from thidua_desktop.store import records
from thidua_desktop.store.records import MissingSettingsError


def texts(path) -> list[str]:
    """Every paragraph of the body, table cells included, in order (NFC)."""
    doc = Document(str(path))
    out: list[str] = []

    def visit(parent):
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            elif tag in ("tbl", "tr", "tc", "sdt", "sdtContent"):
                visit(child)

    visit(doc.element.body)
    return [unicodedata.normalize("NFC", t) for t in out]


def breaks_in(path, text: str) -> list[str]:
    """The lines of the paragraph that contains ``text``, split at its line breaks."""
    doc = Document(str(path))
    for p in doc.element.body.iter():
        if p.tag.endswith("}p"):
            parts, line = [], ""
            for el in p.iter():
                if el.tag.endswith("}t"):
                    line += el.text or ""
                elif el.tag.endswith("}br"):
                    parts.append(line)
                    line = ""
            parts.append(line)
            if any(text in part for part in parts):
                return parts
    return []


def assert_filled(lines: list[str]) -> None:
    joined = "\n".join(lines)
    assert "{{" not in joined and "{%" not in joined and "}}" not in joined and "%}" not in joined
    assert "None" not in joined


def _own(db, ma: str):
    return next(r for r in store.list_decisions(db) if r["ma"] == ma and r["cap"] == "co_quan")


def test_decision_has_every_part_of_nd30(decisions_demo, tmp_path):
    db = decisions_demo
    d = _own(db, "GK")
    out = write_document(db, "quyet_dinh", d["id"], tmp_path / "qd.docx")
    lines = texts(out)
    assert_filled(lines)
    settings = records.get_settings(db)
    for part in ("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "BAN DÂN TỘC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", f"Số: {d['so']}", "QUYẾT ĐỊNH", "QUYẾT ĐỊNH:",
                 "TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA", "Nơi nhận:", "DANH SÁCH"):
        assert part in lines, part
    assert any(line.startswith("Khánh Hòa, ngày ") for line in lines)
    assert any(line.startswith("Về việc tặng Giấy khen năm 2025") for line in lines)
    assert any(line.startswith("Căn cứ Luật Thi đua, khen thưởng") for line in lines)
    assert any(line.startswith("Căn cứ Nghị định số 152/2025/NĐ-CP") for line in lines)
    first = next(line for line in lines if line.startswith("Điều 1."))
    assert "64 cá nhân" in first and "(có danh sách kèm theo)" in first
    second = next(line for line in lines if line.startswith("Điều 2."))
    assert "45.440.000 đồng" in second and "Quỹ thi đua, khen thưởng" in second
    assert any(line.startswith("Điều 3.") for line in lines)
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như Điều 3;"
    assert lines[-1].startswith("Danh sách có 64 cá nhân") or "Danh sách có 64 cá nhân." in lines
    assert settings.ten_thu_truong in lines
    assert any(f"Kèm theo Quyết định số {d['so']}" in line for line in lines)
    assert sum(1 for line in lines if line == "710.000") == 64


def test_number_left_blank_for_the_clerk(decisions_demo, tmp_path):
    d = _own(decisions_demo, "GK")
    lines = texts(write_document(decisions_demo, "quyet_dinh", d["id"], tmp_path / "qd.docx", blank=True))
    assert "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/QĐ-BDT" in lines
    assert not any(d["so"] in line for line in lines)
    assert any("ngày …… tháng …… năm ……" in line for line in lines)  # the annex waits for the date too


def test_signature_keeps_kt_on_two_lines(decisions_demo, tmp_path):
    db = decisions_demo
    d = _own(db, "GK")
    db["decisions"].update(d["id"], {"chuc_danh_ky": "KT. Trưởng Ban\nPhó Trưởng Ban", "nguoi_ky": "Nguyễn Ngọc Nhi"})
    out = write_document(db, "quyet_dinh", d["id"], tmp_path / "qd.docx")
    assert breaks_in(out, "KT. TRƯỞNG BAN") == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert "Nguyễn Ngọc Nhi" in texts(out)


def test_missing_field_is_refused_before_writing(decisions_demo, tmp_path):
    kind = word_kinds.get_kind("quyet_dinh")
    mine = word_kinds.copy_for_editing(kind)
    doc = Document(str(mine))
    doc.add_paragraph("Kèm theo Công văn số {{ so_cong_van }}")
    doc.save(str(mine))
    target = tmp_path / "out" / "qd.docx"
    target.parent.mkdir()
    with pytest.raises(MissingFieldsError) as err:
        write_document(decisions_demo, "quyet_dinh", _own(decisions_demo, "GK")["id"], target)
    assert "so_cong_van" in str(err.value) and "chưa ghi tệp nào" in str(err.value)
    assert not list(target.parent.iterdir())


def test_user_copy_is_used_and_reset_restores_the_bundled_one(decisions_demo, tmp_path):
    kind = word_kinds.get_kind("quyet_dinh")
    ref = _own(decisions_demo, "GK")["id"]
    mine = word_kinds.copy_for_editing(kind)
    assert word_kinds.template_path(kind) == mine != word_kinds.bundled_path(kind)
    doc = Document(str(mine))
    doc.add_paragraph("Bản mẫu của văn phòng {{ co_quan_ten }}")
    doc.save(str(mine))
    assert "Bản mẫu của văn phòng Ban Dân tộc tỉnh Khánh Hòa" in texts(
        write_document(decisions_demo, "quyet_dinh", ref, tmp_path / "a.docx"))
    assert word_kinds.reset_template(kind)
    assert word_kinds.template_path(kind) == word_kinds.bundled_path(kind)
    assert not any("Bản mẫu của văn phòng" in line
                   for line in texts(write_document(decisions_demo, "quyet_dinh", ref, tmp_path / "b.docx")))
    assert not word_kinds.reset_template(kind)


def test_missing_settings_are_refused(decisions_demo, tmp_path):
    db = decisions_demo
    settings = records.get_settings(db)
    db["org_settings"].update(1, {"dia_danh": ""})
    with pytest.raises(MissingSettingsError):
        write_document(db, "quyet_dinh", _own(db, "GK")["id"], tmp_path / "qd.docx")
    assert not (tmp_path / "qd.docx").exists()
    assert settings.dia_danh


def test_every_kind_has_a_template_and_a_builder():
    for kind in word_kinds.kinds():
        assert word_kinds.bundled_path(kind).is_file(), kind.template
        assert kind.key in BUILDERS
        fields = template_fields(word_kinds.bundled_path(kind))
        assert {"dia_danh_ngay", "co_quan", "quoc_hieu", "tieu_ngu"} <= fields
        assert ("so_ky_hieu" in fields) == bool(kind.ky_hieu), kind.key  # a form without ký hiệu has no number


def _closed_meeting(db) -> int:
    return db.execute("SELECT id FROM meetings WHERE da_ghi_ket_qua = 1 ORDER BY id LIMIT 1").fetchone()[0]


def test_meeting_minutes_show_every_round_with_round_one_as_the_basis(decisions_demo, tmp_path):
    db = decisions_demo
    lines = texts(write_document(db, "bien_ban", _closed_meeting(db), tmp_path / "bb.docx"))
    assert_filled(lines)
    for part in ("BAN DÂN TỘC", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "BIÊN BẢN", "Số:\u00a0" * 1 + "\u00a0" * 5
                 + "/BB-HĐTĐKT", "III. Ý KIẾN THẢO LUẬN", "IV. KẾT QUẢ BỎ PHIẾU", "THƯ KÝ", "CHỦ TRÌ"):
        assert part in lines, part
    assert any(line.startswith("Khánh Hòa, ngày 16 tháng 12 năm 2025") for line in lines)
    rounds = [line for line in lines if line.startswith("Lần bỏ phiếu thứ ")]
    assert rounds[0].startswith("Lần bỏ phiếu thứ 1 (căn cứ xác định người đạt số phiếu")
    assert all("xếp thứ tự giữa những người đã đạt số phiếu ở lần 1" in r for r in rounds[1:])
    assert any(line.startswith("Cuộc họp kết thúc") and "Biên bản đã được thông qua" in line for line in lines)
    assert "Có mặt" in lines
    assert "88,89\u00a0%" in lines  # a percentage never breaks before its sign


@pytest.mark.parametrize("key, name", [("to_trinh", "TỜ TRÌNH"), ("giay_moi", "GIẤY MỜI"),
                                       ("thong_bao", "THÔNG BÁO"), ("phieu_y_kien", "PHIẾU LẤY Ý KIẾN")])
def test_each_meeting_document_is_filled(decisions_demo, tmp_path, key, name):
    db = decisions_demo
    lines = texts(write_document(db, key, _closed_meeting(db), tmp_path / f"{key}.docx"))
    assert_filled(lines)
    assert name in lines and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    if key != "phieu_y_kien":
        assert "Nơi nhận:" in lines and any(line.startswith("Số:") for line in lines)
    if key in ("to_trinh", "thong_bao"):  # the list of those who passed, numbered 1, 2, 3 …
        doc = Document(str(tmp_path / f"{key}.docx"))
        listed = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        numbers = [row.cells[0].text for row in listed.rows[1:]]
        assert numbers == [str(i) for i in range(1, len(numbers) + 1)] and len(numbers) >= 3
    if key == "to_trinh":
        assert "Kính gửi: Trưởng Ban Dân tộc tỉnh Khánh Hòa." in lines
        assert breaks_in(tmp_path / f"{key}.docx", "KT. CHỦ TỊCH") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        assert any(line.startswith("Kính đề nghị Trưởng Ban quyết định") for line in lines)


@pytest.fixture
def proposal(decisions_demo):
    """Three people of the demo marked đạt for Bằng khen tỉnh 2026, proposed."""
    from thidua_desktop.domain.registrations import Registration
    from thidua_desktop.services.decisions import proposals as ps
    from thidua_desktop.store import registrations

    db = decisions_demo
    campaign = db.execute("SELECT id FROM campaigns WHERE nam_bat_dau <= 2026 AND nam_ket_thuc >= 2026 "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    people = [r[0] for r in db.execute("SELECT id FROM staff WHERE dang_cong_tac = 1 ORDER BY id LIMIT 3")]
    for p in people:
        registrations.save_registration(db, Registration(campaign, 2026, "BK_TINH", staff_id=p, trang_thai="dat"))
    return ps.create_proposal(db, nam=2026, ma="BK_TINH")


def test_to_trinh_to_the_province_from_a_proposal(decisions_demo, proposal, tmp_path):
    from thidua_desktop.services.decisions import proposals as ps

    db, pid = decisions_demo, proposal
    out = tmp_path / "tt.docx"
    lines = texts(write_document(db, "to_trinh_cap_tren", pid, out))
    assert_filled(lines)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa" in lines
    assert "(qua Sở Nội vụ tỉnh Khánh Hòa)" in lines
    assert "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TTr-BDT" in lines  # not sent up yet: the number is left blank
    assert any("3 cá nhân" in line and line.startswith("Ban Dân tộc tỉnh Khánh Hòa kính trình") for line in lines)
    ps.submit_proposal(db, pid, so_to_trinh="15/TTr-BDT", ngay=dt.date(2026, 12, 20))
    lines = texts(write_document(db, "to_trinh_cap_tren", pid, out))
    assert "Số: 15/TTr-BDT" in lines and "Khánh Hòa, ngày 20 tháng 12 năm 2026" in lines


def test_achievement_reports_one_per_person_with_their_years(decisions_demo, proposal, tmp_path):
    from thidua_desktop.store import proposals

    db = decisions_demo
    items = proposals.proposal_items(db, proposal)
    out = write_document(db, "bao_cao_thanh_tich", proposal, tmp_path / "bc.docx")
    lines = texts(out)
    assert_filled(lines)
    assert lines.count("BÁO CÁO THÀNH TÍCH") == len(items) == 3
    assert lines.count("ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NĂM 2026") == 3
    for item in items:
        assert f"- Họ và tên (hoặc tên tập thể): {item['ten']}" in lines
    for part in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                 "3. Kết quả đánh giá, xếp loại", "NGƯỜI BÁO CÁO THÀNH TÍCH"):
        assert part in lines
    assert "Hoàn thành tốt nhiệm vụ" in lines or "Hoàn thành xuất sắc nhiệm vụ" in lines  # the demo's xếp loại
    assert any(line.startswith("Quyết định số 143/QĐ-BDT") for line in lines)  # last year's Giấy khen
    body = Document(str(out)).element.body.xml
    assert body.count('w:type="page"') == 2  # each person from a new page


def test_danh_sach_trich_ngang(decisions_demo, proposal, tmp_path):
    lines = texts(write_document(decisions_demo, "trich_ngang", proposal, tmp_path / "tn.docx"))
    assert_filled(lines)
    assert "DANH SÁCH TRÍCH NGANG" in lines
    assert any(line.startswith("(Kèm theo Tờ trình số ") and "/TTr-BDT ngày …… tháng" in line for line in lines)
    assert sum(1 for line in lines if line in ("1", "2", "3")) >= 3
    assert any("HTTNV" in line or "HTXSNV" in line for line in lines)


def test_nd30_parts_number_date_issuer_and_signer():
    from thidua_desktop.domain.models import OrgSettings
    from thidua_desktop.services.documents.word.parts import nd30_parts

    settings = OrgSettings(co_quan_chu_quan="Ủy ban nhân dân tỉnh Khánh Hòa", co_quan="Ban Dân tộc",
                           ky_hieu="BDT", dia_danh="Khánh Hòa", chuc_danh_thu_truong="KT. Trưởng Ban\nPhó Trưởng Ban",
                           ten_thu_truong="Nguyễn Ngọc Nhi")
    day = dt.date(2026, 2, 5)
    parts = nd30_parts(settings, ky_hieu="QĐ", trich_yeu=" Về việc x ", date=day, so="12/QĐ-BDT",
                       recipients=["Như Điều 3", ""])
    assert parts["so_ky_hieu"] == "Số: 12/QĐ-BDT" and parts["dia_danh_ngay"] == "Khánh Hòa, ngày 05 tháng 02 năm 2026"
    assert parts["co_quan_chu_quan"] == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" and parts["co_quan"] == "BAN DÂN TỘC"
    assert parts["ky_chuc_danh"] == "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN" and parts["trich_yeu"] == "Về việc x"
    assert parts["noi_nhan"] == ["Như Điều 3;", "Lưu: VT."]
    blank = nd30_parts(settings, ky_hieu="QĐ", trich_yeu="", date=day, so="12/QĐ-BDT", blank=True)
    assert blank["so_ky_hieu"] == "Số:" + "\u00a0" * 6 + "/QĐ-BDT"
    assert blank["dia_danh_ngay"] == "Khánh Hòa, ngày" + "\u00a0" * 6 + "tháng 02 năm 2026"
    council = nd30_parts(settings, ky_hieu="BB", trich_yeu="", date=day, issuer="council", blank=True)
    assert council["co_quan_chu_quan"] == "BAN DÂN TỘC" and council["co_quan"] == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
    assert council["so_ky_hieu"].endswith("/BB-HĐTĐKT")
    assert nd30_parts(settings, ky_hieu="", trich_yeu="", date=day)["so_ky_hieu"] == ""
