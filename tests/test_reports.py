"""Statistics and the statistical forms, on small files where every answer is known."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from thidua_desktop import paths
from thidua_desktop.domain import reportforms
from thidua_desktop.domain.decisions import Awardee, Decision
from thidua_desktop.domain.models import Campaign, OrgSettings, Staff, Unit
from thidua_desktop.domain.registrations import AwardEntry
from thidua_desktop.services.demo import build_demo
from thidua_desktop.services.reports import form_xlsx, forms, stats
from thidua_desktop.store import decisions, merit, records
from thidua_desktop.store.records import ValidationError

T = "Có thành tích xuất sắc"


@pytest.fixture
def agency(db):
    """A Ban with a Phòng (which has a Tổ), five people and awards of 2024–2025 from every source."""
    records.save_settings(db, OrgSettings(co_quan_chu_quan="UBND TỈNH KHÁNH HÒA", co_quan="BAN DÂN TỘC",
                                          dia_danh="Khánh Hòa", chuc_danh_thu_truong="Trưởng Ban",
                                          ten_thu_truong="Nguyễn Văn Trưởng"))
    office = records.save_unit(db, Unit("Văn phòng", thu_tu=1))
    room = records.save_unit(db, Unit("Phòng Chính sách", thu_tu=2))
    team = records.save_unit(db, Unit("Tổ Tuyên truyền", parent_id=room, thu_tu=3))
    people = {
        "head": records.save_staff(db, Staff("Nguyễn Văn Trưởng", gioi_tinh="nam", chuc_vu="Trưởng Ban",
                                             unit_id=office, dan_toc="Kinh")),
        "deputy": records.save_staff(db, Staff("Mấu Thị Hoa", gioi_tinh="nu", chuc_vu="Phó Trưởng phòng",
                                               unit_id=room, dan_toc="Raglai")),
        "a": records.save_staff(db, Staff("Y Bhin Niê", gioi_tinh="nam", chuc_vu="Chuyên viên", unit_id=team,
                                          dan_toc="Ê Đê")),
        "b": records.save_staff(db, Staff("Trần Thị Lan", gioi_tinh="nu", chuc_vu="Chuyên viên", unit_id=team,
                                          dan_toc="Kinh", phan_loai="lanh_dao_khac")),
        "c": records.save_staff(db, Staff("Lê Văn Tư", gioi_tinh="nam", chuc_vu="Chuyên viên", unit_id=office)),
    }
    # 2025: the agency's Giấy khen (decided 30/11/2025) and the province's Bằng khen (decided 01/12/2025)
    decisions.save_decision(db, Decision(so="10/QĐ-BDT", ngay=dt.date(2025, 11, 30), nam=2025, ma="GK", awardees=(
        Awardee(staff_id=people["a"], thanh_tich=T, tien_thuong=700_000),
        Awardee(staff_id=people["b"], thanh_tich=T, tien_thuong=700_000),
        Awardee(unit_id=team, thanh_tich=T, tien_thuong=1_400_000))))
    decisions.save_decision(db, Decision(so="99/QĐ-UBND", ngay=dt.date(2025, 12, 1), nam=2025, ma="BK_TINH",
                                         cap="tinh", co_quan_ban_hanh="Chủ tịch UBND tỉnh", awardees=(
        Awardee(staff_id=people["deputy"], thanh_tich=T, tien_thuong=2_340_000),
        Awardee(unit_id=room, thanh_tich=T, tien_thuong=4_680_000))))
    # history: 2024 LĐTT for four people (imported, dated 20/12/2024), a CSTĐ cấp tỉnh typed without a date,
    # and the Giấy khen of "a" typed again by hand for 2025 (the decision already gives it: counted once)
    merit.save_awards(db, [AwardEntry(nam=2024, ma="LDTT", staff_id=people[k], so_quyet_dinh="50/QĐ-BDT",
                                      ngay_quyet_dinh=dt.date(2024, 12, 20), nguon="nhap_excel")
                           for k in ("head", "deputy", "a", "b")])
    merit.save_awards(db, [AwardEntry(nam=2024, ma="CSTD_TINH", staff_id=people["head"], nguon="nhap_tay")])
    records.save_campaign(db, Campaign("Thi đua năm 2025", loai="thuong_xuyen", nam_bat_dau=2025,
                                       ngay_ban_hanh=dt.date(2025, 1, 10)))
    records.save_campaign(db, Campaign("Thi đua 2021–2025", loai="thuong_xuyen", nam_bat_dau=2021,
                                       nam_ket_thuc=2025, ngay_ban_hanh=dt.date(2024, 12, 1)))
    records.save_campaign(db, Campaign("Chuyên đề dân vận khéo", loai="chuyen_de", nam_bat_dau=2025))
    records.save_campaign(db, Campaign("Năm sau", nam_bat_dau=2026, ngay_ban_hanh=dt.date(2025, 12, 2)))
    return {"db": db, "office": office, "room": room, "team": team, **people}


def _table(t: stats.StatsTable) -> dict:
    return {r.label: (r.individuals, r.collectives, r.money) for r in t.rows}


def test_by_title_each_figure_is_the_records_behind_it(agency):
    db = agency["db"]
    t = stats.statistics(db, 2024, 2025, by="title")
    assert _table(t) == {
        "Lao động tiên tiến": (4, 0, 0), "Chiến sĩ thi đua cấp tỉnh": (1, 0, 0), "Giấy khen": (2, 1, 2_800_000),
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh": (1, 1, 7_020_000)}
    assert (t.total.individuals, t.total.collectives, t.total.by_year) == (8, 2, {2024: 5, 2025: 5})
    for row in t.rows:
        behind = stats.records_behind(db, t, row)
        assert len(behind) == row.total and {f.ma for f in behind} == {row.key}
        for year, n in row.by_year.items():
            assert len(stats.records_behind(db, t, row, year=year)) == n
        assert len(stats.records_behind(db, t, row, individuals=False)) == row.collectives
    assert len(stats.records_behind(db, t)) == t.total.total == 10


def test_by_level_unit_gender_dan_toc_phan_loai(agency):
    db = agency["db"]
    assert _table(stats.statistics(db, 2024, 2025, by="level")) == {
        "Cơ sở": (6, 1, 2_800_000), "Cấp tỉnh (bộ, ban, ngành, tỉnh)": (2, 1, 7_020_000)}
    # the Tổ rolls up into its Phòng: its people and the Tổ's own Giấy khen
    units = stats.statistics(db, 2024, 2025, by="unit")
    assert _table(units) == {"Văn phòng": (2, 0, 0), "Phòng Chính sách": (6, 2, 9_820_000)}
    room = next(r for r in units.rows if r.label == "Phòng Chính sách")
    assert {f.ten for f in stats.records_behind(db, units, room)} == {
        "Mấu Thị Hoa", "Y Bhin Niê", "Trần Thị Lan", "Tổ Tuyên truyền", "Phòng Chính sách"}
    assert _table(stats.statistics(db, 2025, by="gender")) == {
        "Nam": (1, 0, 700_000), "Nữ": (2, 0, 3_040_000), "Tập thể (không phân loại)": (0, 2, 6_080_000)}
    assert _table(stats.statistics(db, 2024, 2025, by="dan_toc")) == {
        "Kinh": (4, 0, 700_000), "Raglai": (2, 0, 2_340_000), "Ê Đê": (2, 0, 700_000),
        "Tập thể (không phân loại)": (0, 2, 6_080_000)}
    phan_loai = stats.statistics(db, 2024, 2025, by="phan_loai")
    assert _table(phan_loai) == {
        "Lãnh đạo cấp vụ, sở và tương đương": (2, 0, 0),  # Trưởng Ban, from the chức vụ
        "Lãnh đạo khác (từ phó trưởng phòng và tương đương trở lên)": (4, 0, 3_040_000),  # Phó phòng; Lan chosen
        "Người trực tiếp lao động, công tác": (2, 0, 700_000),
        "Tập thể (không phân loại)": (0, 2, 6_080_000)}
    chosen = next(r for r in phan_loai.rows if r.key == "lanh_dao_khac")
    assert sorted(f.ten for f in stats.records_behind(db, phan_loai, chosen)) == [
        "Mấu Thị Hoa", "Mấu Thị Hoa", "Trần Thị Lan", "Trần Thị Lan"]
    assert [r.label for r in stats.statistics(db, 2024, 2025, by="year").rows] == ["Năm 2024", "Năm 2025"]


def test_years_are_checked_and_an_empty_file_has_an_empty_table(db):
    t = stats.statistics(db, 2025, by="unit")
    assert t.rows == [] and t.total.total == 0
    with pytest.raises(ValidationError, match="trước từ năm"):
        stats.statistics(db, 2025, 2024)
    with pytest.raises(ValidationError, match="Không thống kê"):
        stats.statistics(db, 2025, by="mood")


def test_form_0603_counts_the_period_from_1_december_to_30_november(agency):
    db = agency["db"]
    f2025 = forms.fill_form(db, "0603.N", 2025)
    assert f2025.period == (dt.date(2024, 12, 1), dt.date(2025, 11, 30))
    # the undated CSTĐ cấp tỉnh of 2024 falls in the period ending 30/11/2025; the Bằng khen of 01/12/2025 not
    assert f2025.value("01", "1") == 1 and f2025.value("01", "3") == 1 and f2025.value("01", "2") == 0
    f2026 = forms.fill_form(db, "0603.N", 2026)
    assert [f2026.value("01", c) for c in "12345"] == [2, 2, 0, 0, 0]
    assert (f2026.value("02", "1"), f2026.value("05", "1")) == (1, 1)  # the Phòng; Mấu Thị Hoa
    assert f2026.value("09", "2") == 1 and f2026.value("10", "2") == 0  # a Phó Trưởng phòng: lãnh đạo khác
    assert f2026.value("11", "1") == 2  # thường xuyên (công trạng)


def test_form_0601_counts_campaigns_and_0605_the_people_of_thi_dua(agency):
    db = agency["db"]
    f = forms.fill_form(db, "0601.N", 2025)
    assert [f.value("01", c) for c in "1234"] == [3, 0, 0, 3]
    assert (f.value("06", "1"), f.value("07", "1"), f.value("10", "1")) == (1, 1, 1)
    assert (f.value("11", "1"), f.value("12", "1")) == (1, 2)
    records.save_staff(db, Staff("Thư Ký", gioi_tinh="nu", chuc_vu="Chuyên viên", trinh_do="Thạc sĩ",
                                 ngay_sinh=None, ghi_chu="Thư ký Hội đồng Thi đua - Khen thưởng"))
    f = forms.fill_form(db, "0605.N", 2025)
    assert (f.value("01", "1"), f.value("01", "2"), f.value("12", "1"), f.value("11", "1")) == (1, 1, 1, 0)
    assert f.value("13", "1") is None  # thâm niên: not in the data, left blank


def test_form_workbook_has_the_standard_header_and_footer(agency, tmp_path):
    db = agency["db"]
    out = tmp_path / "0603.xlsx"
    n = form_xlsx.write_form(forms.fill_form(db, "0603.N", 2026), out)
    ws = openpyxl.load_workbook(out).active
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert n == 18
    for wanted in ("Biểu số: 0603.N/BNV-TĐKT", "Đơn vị báo cáo: BAN DÂN TỘC", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ",
                   "KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH", "(Từ ngày 01/12/2025 đến ngày 30/11/2026)",
                   "Nguyễn Văn Trưởng"):
        assert any(wanted in t for t in text), wanted
    assert any("Thông tư số 02/2023/TT-BNV" in t for t in text)
    assert any(t.startswith("Đơn vị nhận báo cáo") for t in text)
    assert int(ws.page_setup.paperSize) == 9  # A4
    first = next(r for r in range(1, 40) if ws.cell(r, 2).value == "01")
    assert [ws.cell(first, c).value for c in range(4, 9)] == [2, 2, 0, 0, 0]


def test_a_form_of_a_new_thong_tu_is_added_as_a_file(agency, tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_DATA_DIR", str(tmp_path))
    data = json.loads((paths.resource_path("rules", "forms") / "0603.N-tt02-2023.json").read_text("utf-8"))
    data.update(id="0603.N-TT18-2025", legal_basis="Thông tư số 18/2025/TT-BNV", effective_from="2025-10-08",
                form_number="Biểu số: 0603.N/BNV-TĐKT (TT 18)")
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "0603-tt18.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert forms.find_form("0603.N", 2024).legal_basis.startswith("Ban hành kèm theo Thông tư số 02/2023")
    assert forms.fill_form(agency["db"], "0603.N", 2026).form.id == "0603.N-TT18-2025"
    data["rows"][0]["where"] = {"mood": "happy"}
    (tmp_path / "forms" / "0603-tt18.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(ValidationError, match="0603-tt18.json: Dòng 1 \\(01\\): trường “mood”"):
        forms.fill_form(agency["db"], "0603.N", 2026)


def test_form_data_is_validated_on_load():
    shipped = reportforms.load_forms_dir(paths.resource_path("rules", "forms"))
    assert {f.code for f in shipped} == {"0601.N", "0602.N", "0603.N", "0605.N"}
    for f in shipped:
        assert f.fields <= set(reportforms.FIELDS[f.source])
    bad = {"format": reportforms.FORMAT, "format_version": 1, "id": "x", "code": "X", "name": "X",
           "form_number": "X", "legal_basis": "X", "effective_from": "2025-13-01", "source": "facts",
           "period": {"start": "12-32"}, "columns": [{"code": "1", "label": "a", "where": {"level": {"near": 1}}}],
           "rows": [{"code": "01", "label": "a", "where": {"all": []}}, {"code": "01", "label": "b"}]}
    with pytest.raises(reportforms.FormError) as err:
        reportforms.load_form(bad)
    text = "; ".join(err.value.errors)
    for part in ("effective_from", "period.start", "“near”", "“all” cần", "cần “where” hoặc “no_data”",
                 "Mã số dòng bị trùng: 01"):
        assert part in text, part
    with pytest.raises(reportforms.FormError, match="không phải tệp biểu mẫu|Không phải tệp"):
        reportforms.load_form({"format": "other"})


def test_predicates():
    m = reportforms.matches
    assert m({"level": "tinh"}, {"level": "tinh"}) and not m({"level": ["co_so"]}, {"level": "tinh"})
    assert m({"tuoi": {"gte": 31, "lte": 40}}, {"tuoi": 40}) and not m({"tuoi": {"gt": 60}}, {"tuoi": None})
    assert m({"trinh_do": {"contains": ["thac si"]}}, {"trinh_do": "Thạc sĩ Luật"})
    assert m({"not": {"any": [{"ma": {"prefix": ["BK"]}}, {"ma": "GK"}]}}, {"ma": "LDTT"})
    assert not m({"all": [{"ma": "GK"}, {"subject": "tap_the"}]}, {"ma": "GK", "subject": "ca_nhan"})


def test_demo_forms_and_statistics_agree(db):
    build_demo(db, staff=150, seed=2, year=2026)
    t = stats.statistics(db, 2025, by="title")
    for row in t.rows:
        assert len(stats.records_behind(db, t, row)) == row.total
    f = forms.fill_form(db, "0603.N", 2026)
    assert f.value("01", "1") == sum(f.value(code, "1") for code in ("02", "04", "05"))


def test_cli_stats_and_report_form(agency, db_path, tmp_path, capsys):
    from thidua_desktop import cli

    assert cli.main(["stats", "--db", str(db_path), "--year", "2024", "--to-year", "2025", "--by", "title",
                     "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {r["key"]: r["tong"] for r in out["rows"]} == {"LDTT": 4, "CSTD_TINH": 1, "GK": 3, "BK_TINH": 2}
    assert out["total"]["tien_thuong"] == 9_820_000 and out["total"]["theo_nam"] == {"2024": 5, "2025": 5}
    assert cli.main(["stats", "--db", str(db_path), "--year", "2025", "--by", "unit"]) == 0
    text = capsys.readouterr().out
    assert "Phòng Chính sách" in text and "9.820.000" in text
    out_file = tmp_path / "bieu.xlsx"
    assert cli.main(["report-form", "--db", str(db_path), "--form", "0603.N", "--year", "2026", str(out_file)]) == 0
    assert "0603.N/BNV-TĐKT năm 2026 (từ 01/12/2025 đến 30/11/2026)" in capsys.readouterr().out
    assert out_file.exists()
    assert cli.main(["report-form", "--db", str(db_path), "--form", "0609.N", "--year", "2026",
                     str(tmp_path / "x.xlsx")]) == 2
    assert "Không có biểu 0609.N" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_campaign_report_fills_the_statistics_and_leaves_the_narrative(agency, tmp_path):
    import docx

    from thidua_desktop.services.documents.word.documents import write_document
    from thidua_desktop.services.reports.campaign_report import ROOM, campaign_report_context

    db = agency["db"]
    campaign = next(c for c in records.list_campaigns(db) if c.nam_ket_thuc == 2025 and c.nam_bat_dau == 2021)
    ctx = campaign_report_context(db, campaign.id, today=dt.date(2025, 12, 10))
    assert ctx["loai_bao_cao"] == "tổng kết" and ctx["trich_yeu"].startswith("Tổng kết phong trào thi đua")
    assert campaign_report_context(db, campaign.id, today=dt.date(2024, 6, 1))["loai_bao_cao"] == "sơ kết"
    assert [(r["nam"], r["co_so"], r["tinh"], r["tong"], r["ca_nhan"], r["tap_the"]) for r in ctx["so_lieu"]] == [
        ("2021", "0", "0", "0", "0", "0"), ("2022", "0", "0", "0", "0", "0"), ("2023", "0", "0", "0", "0", "0"),
        ("2024", "4", "1", "5", "5", "0"), ("2025", "3", "2", "5", "3", "2")]
    assert (ctx["tong_cong"], ctx["tong_tinh"], ctx["tong_tien"]) == ("10", "3", "9.820.000")
    assert "cho 4 cá nhân và 2 tập thể" in ctx["khen_thuong_tong"]  # the head, Hoa, Bhin and Lan; not Tư
    assert [r["hinh_thuc"] for r in ctx["khen_cao"]] == [
        "Chiến sĩ thi đua cấp tỉnh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
    out = write_document(db, "bao_cao_tong_ket", campaign.id, tmp_path / "bc.docx")
    tables = [[c.text for c in row.cells] for t in docx.Document(out).tables for row in t.rows]
    text = "\n".join([p.text for p in docx.Document(out).paragraphs] + [c for row in tables for c in row])
    for wanted in ("BÁO CÁO", "III. CÔNG TÁC KHEN THƯỞNG", "VI. ĐỀ XUẤT, KIẾN NGHỊ", ROOM, "Nơi nhận:",
                   "Số:", "/BC", "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG CẤP TỈNH TRỞ LÊN"):
        assert wanted in text, wanted
    assert "{{" not in text and "{%" not in text
    assert ["Cộng", "7", "3", "0", "10", "8", "2", "9.820.000"] in tables


def test_a_campaign_named_phong_trao_is_not_wrapped_or_dated_twice():
    from thidua_desktop.services.reports.campaign_report import campaign_phrase

    assert campaign_phrase("Vì người nghèo", 2021, 2025) == "phong trào thi đua “Vì người nghèo” giai đoạn 2021–2025"
    assert campaign_phrase("Phong trào thi đua năm 2026", 2026, 2026) == "phong trào thi đua năm 2026"
    assert campaign_phrase("PHONG TRÀO thi đua “Dân vận khéo”", 2026, 2026) == \
        "phong trào thi đua “Dân vận khéo” năm 2026"
