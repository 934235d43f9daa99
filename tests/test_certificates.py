"""Certificates: templates, text fitting, the PDF (read back with pypdf:
page size, text, fonts, field positions, printer offset), the calibration
sheet, and the font choice of :mod:`thidua_desktop.services.documents.fonts`."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from thidua_desktop.domain.certificates import (CertificateData, FieldSpec, Template, TemplateError, fit_text,
                                                ngay_thang_nam, template_from_dict, template_to_dict,
                                                wrap_words)
from thidua_desktop.paths import resource_path
from thidua_desktop.services.documents import fonts as pdf_fonts
from thidua_desktop.services.documents.certificates import (
    CALIBRATION_STEPS,
    check_fit,
    layout,
    load_templates,
    measure,
    place_field,
    write_calibration_sheet,
    write_certificates,
)

MM = 72 / 25.4
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựv"
              "xyỳỷỹýỵ")


@pytest.fixture(autouse=True)
def _bundled_font(monkeypatch):  # the output must not depend on the fonts of the machine
    monkeypatch.setenv("THIDUA_PDF_FONT", "bundled")


def _base(**changes) -> CertificateData:
    data = CertificateData(
        danh_xung="Ông", ten="Nguyễn Văn An", chuc_vu="Chuyên viên chính",
        don_vi="Phòng Kế hoạch – Tài chính, Ban Dân tộc tỉnh Khánh Hòa",
        thanh_tich="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
        hinh_thuc="GIẤY KHEN", tang="TẶNG", nguoi_quyet_dinh="Trưởng Ban Dân tộc tỉnh Khánh Hòa",
        so_quyet_dinh="125/QĐ-BDT", ngay_quyet_dinh=dt.date(2026, 12, 20), so_so_vang="GK-2026/017",
        dia_danh="Khánh Hòa", ngay_ky=dt.date(2026, 12, 20), chuc_danh_ky="KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
        nguoi_ky="Trần Thị Thu Hằng")
    return dataclasses.replace(data, **changes)


ITEMS = [
    _base(),
    _base(danh_xung="Bà", ten="H'Hen Niê", chuc_vu="Phó Trưởng phòng", don_vi="Phòng Chính sách",
          so_so_vang="18"),
    _base(danh_xung="", ten="Phòng Tổng hợp", chuc_vu="", don_vi="Ban Dân tộc tỉnh Khánh Hòa", so_so_vang="19",
          chuc_danh_ky="TRƯỞNG BAN", nguoi_ky="Lê Văn Thành"),
]


@pytest.fixture(scope="module")
def templates() -> dict[str, Template]:
    return load_templates()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, templates):
    """The three items as Giấy khen, full (with an emblem: every line where the
    template puts it) and phôi, and full moved by (+3, −2) mm."""
    from PIL import Image

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_PDF_FONT", "bundled")
        folder = tmp_path_factory.mktemp("gk")
        emblem = folder / "quoc_huy.png"
        Image.new("RGBA", (60, 60), (200, 0, 0, 255)).save(emblem)
        out = {}
        for name, kw in {"full": {"emblem": emblem}, "phoi": {"mode": "phoi"},
                         "moved": {"offset_mm": (3.0, -2.0), "emblem": emblem}}.items():
            out[name] = folder / f"{name}.pdf"
            assert write_certificates(ITEMS, templates["giay_khen"], out[name], **kw) == 3
        return out


def _fields(templates, code="giay_khen") -> dict[str, FieldSpec]:
    return {f.name: f for f in templates[code].fields}


def _valid_dict() -> dict:
    return {"code": "thu", "name": "Thử", "kind": "giay_khen", "page_w_mm": 297, "page_h_mm": 210,
            "fields": [{"name": "ten", "source": "nguoi_nhan", "x_mm": 20, "y_mm": 50, "width_mm": 257,
                        "font": "bold", "size_pt": 20, "min_size_pt": 14}]}


# ---------------------------------------------------------------- fonts
def test_bundled_font_forced_and_idempotent():
    assert pdf_fonts.register_fonts() == pdf_fonts.register_fonts() == "LiberationSerif"
    assert pdf_fonts.face_name("LiberationSerif", "bold_italic") == "LiberationSerif-BoldItalic"
    assert pdf_fonts.font_ascent("LiberationSerif-Bold") == pytest.approx(0.891, abs=0.001)
    with pytest.raises(ValueError):
        pdf_fonts.face_name("LiberationSerif", "heavy")


def test_every_vietnamese_letter_is_in_every_face():
    from reportlab.pdfbase import pdfmetrics
    family = pdf_fonts.register_fonts()
    letters = set(VIETNAMESE + VIETNAMESE.upper() + "–“”‘’…−→")
    for style in pdf_fonts.STYLES:
        cmap = pdfmetrics.getFont(pdf_fonts.face_name(family, style)).face.charToGlyph
        assert not [ch for ch in letters if ord(ch) not in cmap], style


@pytest.mark.parametrize("names", [("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
                                   ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
                                    "Times New Roman Bold Italic.ttf"),
                                   ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf",
                                    "Times_New_Roman_Italic.ttf", "Times_New_Roman_Bold_Italic.ttf")])
def test_system_times_is_found_only_with_all_four_faces(tmp_path, names):
    folder = tmp_path / "fonts" / "msttcorefonts"  # one level down, as Linux packages put them
    folder.mkdir(parents=True)
    for name in names[:3]:
        (folder / name.upper()).write_bytes(b"")  # case does not matter (Windows: TIMES.TTF)
    assert pdf_fonts.find_system_times([tmp_path / "fonts"]) is None
    (folder / names[3]).write_bytes(b"")
    found = pdf_fonts.find_system_times([tmp_path / "nowhere", tmp_path / "fonts"])
    assert found is not None and [p.name.lower() for p in found] == [n.lower() for n in names]


def test_unreadable_system_times_falls_back_to_bundled(tmp_path, monkeypatch, caplog):
    fake = tuple(tmp_path / n for n in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"))
    for path in fake:
        path.write_bytes(b"not a font")
    monkeypatch.delenv("THIDUA_PDF_FONT")
    monkeypatch.setattr(pdf_fonts, "_system_times", lambda: fake)
    monkeypatch.setattr(pdf_fonts, "_system_failed", False)
    assert pdf_fonts.register_fonts() == "LiberationSerif"
    assert pdf_fonts._system_failed and pdf_fonts.SYSTEM_FAMILY not in pdf_fonts._registered
    assert "Times New Roman" in caplog.text


# ---------------------------------------------------------------- templates
def test_template_validation_collects_every_error():
    data = _valid_dict()
    data["fields"] += [
        {"name": "a", "source": "don_vi", "x_mm": 20, "y_mm": 80, "width_mm": 300, "font": "heavy"},
        {"name": "b", "source": "khong_co", "x_mm": 20, "y_mm": 100, "width_mm": 100, "size_pt": 12,
         "min_size_pt": 14},
        {"name": "c", "source": "Quyết định số {so_qd}", "x_mm": 20, "y_mm": 205, "width_mm": 100},
        {"name": "d", "source": "chuc_vu", "x_mm": 20, "y_mm": 120, "width_mm": 100, "color": "red",
         "align": "middle", "modes": ["in"], "mau": 1},
        {"name": "ten", "source": "ten", "x_mm": 20, "y_mm": 140, "width_mm": 100, "max_lines": 0},
    ]
    data["kind"] = "bang_vang"
    with pytest.raises(TemplateError) as info:
        template_from_dict(data)
    text = "\n".join(info.value.errors)
    for expected in ("Loại (kind) “bang_vang”", "kiểu chữ “heavy” không có", "vượt ra ngoài trang theo chiều ngang",
                     "nguồn dữ liệu không có: “khong_co”", "cỡ chữ nhỏ nhất (14) lớn hơn cỡ chữ (12)",
                     "dùng trường không có: “so_qd”", "vượt ra ngoài trang theo chiều dọc",
                     "màu chữ (color) phải có dạng #RRGGBB", "căn lề “middle”", "chế độ in (modes)",
                     "khóa không biết “mau”", "max_lines"):
        assert expected in text, expected


def test_template_overlap_duplicates_and_defaults():
    data = _valid_dict()
    data["fields"].append({"name": "cv", "source": "chuc_vu", "x_mm": 20, "y_mm": 55, "width_mm": 100})
    data["fields"].append({"name": "cv", "source": "text:Cố định", "x_mm": 20, "y_mm": 150, "width_mm": 100})
    with pytest.raises(TemplateError) as info:
        template_from_dict(data)
    assert any("chồng lên nhau" in e for e in info.value.errors)
    assert any("“cv” bị trùng" in e for e in info.value.errors)
    data["fields"][1]["y_mm"] = 70
    data["fields"][2]["name"] = "co_dinh"
    template = template_from_dict(data)
    fixed, cv = template.fields[2], template.fields[1]
    assert fixed.modes == ("full",) and cv.modes == ("full", "phoi")  # fixed text is pre-printed on phôi
    assert cv.min_pt == cv.size_pt == 14 and cv.align == "center" and cv.line_gap == 1.2
    assert template_from_dict(template_to_dict(template)) == template


def test_template_rejects_non_objects():
    with pytest.raises(TemplateError):
        template_from_dict([])
    with pytest.raises(TemplateError) as info:
        template_from_dict({**_valid_dict(), "fields": []})
    assert "fields" in str(info.value)


def test_shipped_templates(templates):
    assert set(templates) == {"giay_khen", "cstdcs", "bang_khen_tinh"}
    assert {t.kind for t in templates.values()} == {"giay_khen", "cstdcs", "bang_khen"}
    for template in templates.values():
        path = resource_path("templates", f"{template.code}.json")
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert raw["ghi_chu"].strip() and template.ghi_chu == raw["ghi_chu"]
        assert (template.page_w_mm, template.page_h_mm) == (297, 210) and template.border and template.emblem
        assert template_from_dict(template_to_dict(template)) == template
        f = {x.name: x for x in template.fields}
        # a collective's parent body (don_vi) above its name; a person's position and unit joined in chuc_vu
        order = ["quoc_hieu", "tieu_ngu", "nguoi_quyet_dinh", "tang", "hinh_thuc", "don_vi", "nguoi_nhan",
                 "chuc_vu", "thanh_tich"]
        assert [f[n].y_mm for n in order] == sorted(f[n].y_mm for n in order)
        assert f["quoc_hieu"].source == f"text:{QUOC_HIEU}" and f["quoc_hieu"].font == "bold"
        assert f["tieu_ngu"].rule_below and f["tieu_ngu"].font == "bold"
        assert f["nguoi_quyet_dinh"].color == f["hinh_thuc"].color == "#C00000"
        assert f["tang"].color == f["quoc_hieu"].color == "#000000"
        assert f["hinh_thuc"].size_pt >= 36 and f["thanh_tich"].font == "italic" and f["thanh_tich"].max_lines == 3
        assert f["quyet_dinh"].font == f["so_so_vang"].font == "bold_italic"
        assert f["quyet_dinh"].align == "left" and f["quyet_dinh"].x_mm < template.page_w_mm / 3
        assert f["noi_ngay_ky"].x_mm > template.page_w_mm / 2
        gap = f["nguoi_ky"].y_mm - (f["chuc_danh_ky"].y_mm + f["chuc_danh_ky"].height_mm)
        assert 30 <= gap <= 40  # room to sign and seal
        assert f["nguoi_nhan"].max_lines == 2  # a long collective name takes two lines
        # the signer's name clear of the border and of the "Số sổ vàng" line
        assert f["nguoi_ky"].y_mm + f["nguoi_ky"].height_mm <= template.page_h_mm - 11 - 3
        assert f["so_so_vang"].y_mm + f["so_so_vang"].height_mm < f["nguoi_ky"].y_mm
        assert all(not x.prints_in("phoi") for x in template.fields if x.is_fixed)


def test_broken_template_file_names_the_file(tmp_path):
    (tmp_path / "hong.json").write_text(json.dumps({**_valid_dict(), "kind": "x"}), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_templates([tmp_path])
    assert info.value.errors[0].startswith("hong.json: ")


# ---------------------------------------------------------------- data
def test_certificate_data_normalised_and_dates():
    nfd = unicodedata.normalize("NFD", "Nguyễn  Thị\u200b Ánh Tuyết ")
    data = _base(ten=nfd, chuc_danh_ky=" KT. TRƯỞNG BAN \r\n\n PHÓ TRƯỞNG BAN").normalised()
    assert data.ten == "Nguyễn Thị Ánh Tuyết" and unicodedata.is_normalized("NFC", data.ten)
    assert data.chuc_danh_ky == "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
    assert data.ngay_quyet_dinh_text == "ngày 20 tháng 12 năm 2026"
    assert ngay_thang_nam(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert ngay_thang_nam(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert data.noi_ngay_ky == "Khánh Hòa, ngày 20 tháng 12 năm 2026"
    assert data.nguoi_nhan == "Ông Nguyễn Thị Ánh Tuyết"
    assert CertificateData(ten="Phòng Tổng hợp").nguoi_nhan == "Phòng Tổng hợp"
    assert CertificateData().errors() and not data.errors()


def test_field_text_sources():
    data = _base(so_so_vang="").normalised()
    fmt = FieldSpec("qd", "Quyết định số {so_quyet_dinh} {ngay_quyet_dinh_text}", 0, 0, 100)
    assert fmt.text_for(data) == "Quyết định số 125/QĐ-BDT ngày 20 tháng 12 năm 2026"
    assert FieldSpec("sv", "Số sổ vàng: {so_so_vang}", 0, 0, 100).text_for(data) == ""  # nothing to say
    assert FieldSpec("t", "nguoi_quyet_dinh", 0, 0, 100, uppercase=True).text_for(data) == \
        "TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA"
    assert FieldSpec("q", f"text:{QUOC_HIEU}", 0, 0, 100).text_for(data) == QUOC_HIEU


# ---------------------------------------------------------------- fitting
def _mono(text: str, size: float) -> float:
    return len(text) * size * 0.5


words = st.lists(st.text(alphabet="aăâbcdđeêơưxyzÁẾỘ", min_size=1, max_size=9), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=words, width=st.floats(30, 400), max_lines=st.integers(1, 4), size=st.sampled_from([12, 14, 20, 44]),
       shrink=st.sampled_from([0, 0.5, 2, 6, 10]))
def test_fit_text_properties(words, width, max_lines, size, shrink):
    text = " ".join(words)
    min_size = size - shrink
    fit = fit_text(text, width, max_lines, size, min_size, _mono)
    assert " ".join(fit.lines).split() == text.split()  # nothing lost, nothing cut
    assert min_size <= fit.size <= size
    if fit.fits:
        assert len(fit.lines) <= max_lines
        assert all(_mono(line, fit.size) <= width + 1e-6 for line in fit.lines)
        if fit.size < size:  # the largest size that fits: half a point more does not
            bigger, within = wrap_words(text, width, fit.size + 0.5, _mono)
            assert not within or len(bigger) > max_lines
    else:
        assert fit.size == min_size


def test_fit_text_shrinks_before_overflowing_and_reports_misfits():
    text = "Ông Nguyễn Văn An"  # 17 characters: 17 × 7 = 119 pt at 14 pt
    fit = fit_text(text, 200, 1, 14, 10, _mono)
    assert fit.lines == (text,) and fit.size == 14 and fit.fits
    shrunk = fit_text(text, 110, 1, 14, 10, _mono)  # one line at 12.5 pt (106 pt), never two
    assert shrunk.lines == (text,) and shrunk.size == 12.5 and shrunk.fits
    wrapped = fit_text(text, 110, 2, 14, 10, _mono)  # two lines allowed: the size stays
    assert len(wrapped.lines) == 2 and wrapped.size == 14 and wrapped.fits
    absurd = fit_text(" ".join(["Nguyễn Văn An"] * 40), 110, 2, 14, 10, _mono)
    assert not absurd.fits and absurd.size == 10 and len(absurd.lines) > 2
    long_word = fit_text("Hoooooooooooooooooooooooooooooooooooooooooooooooa", 50, 3, 14, 10, _mono)
    assert not long_word.fits and long_word.lines == ("Hoooooooooooooooooooooooooooooooooooooooooooooooa",)
    assert fit_text("", 50, 1, 14, 10, _mono) == fit_text("   ", 50, 1, 14, 10, _mono)
    assert fit_text("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", 500, 2, 14, 14, _mono).lines == \
        ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")  # explicit line breaks are kept
    assert fit_text("a b", 10, 1, 14.2, 13.9, _mono).size == 13.9  # the minimum is always tried


def test_check_fit(templates):
    template = templates["giay_khen"]
    assert check_fit(ITEMS, template) == []
    long_unit = " ".join(["Phòng Kế hoạch – Tài chính, Ban Dân tộc tỉnh Khánh Hòa"] * 6)
    problems = check_fit([ITEMS[0], _base(ten="Trần Văn Bình", don_vi=long_unit), CertificateData()], template)
    assert "Ông Trần Văn Bình: “Đơn vị chủ quản” quá dài, không vừa 1 dòng ở cỡ chữ 11" in problems
    assert any(p.startswith("Bản thứ 3: ") for p in problems) and len(problems) == 2
    shrunk = place_field(_fields(templates)["don_vi"], "Phòng " * 40, "LiberationSerif")
    assert shrunk.size_pt < 15


# ---------------------------------------------------------------- the PDF
def _page_text(path, i=0) -> str:
    return PdfReader(path).pages[i].extract_text()


def test_pages_size_text_and_fonts(pdfs):
    for name in ("full", "phoi"):
        reader = PdfReader(pdfs[name])
        assert len(reader.pages) == 3
        for page in reader.pages:
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx((841.89, 595.28), abs=0.01)
            fonts = page["/Resources"]["/Font"]
            names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
            assert names and all("LiberationSerif" in n for n in names), names
            assert all("/FontFile2" in f.get_object()["/FontDescriptor"].get_object() for f in fonts.values())
        assert reader.metadata.title.startswith("Giấy khen")
    for i, item in enumerate(ITEMS):
        full, phoi = _page_text(pdfs["full"], i), _page_text(pdfs["phoi"], i)
        assert unicodedata.is_normalized("NFC", full)
        expected = [item.nguoi_nhan, item.don_vi, item.thanh_tich, "TRƯỞNG BAN DÂN TỘC TỈNH KHÁNH HÒA",
                    "Khánh Hòa, ngày 20 tháng 12 năm 2026", item.nguoi_ky, f"Số sổ vàng: {item.so_so_vang}",
                    "Quyết định số 125/QĐ-BDT ngày 20 tháng 12 năm 2026", *item.chuc_danh_ky.split("\n")]
        for text in expected + ([item.chuc_vu] if item.chuc_vu else []):
            assert text in full and text in phoi, text
        assert QUOC_HIEU in full and "Độc lập - Tự do - Hạnh phúc" in full and "GIẤY KHEN" in full
        assert QUOC_HIEU not in phoi and "GIẤY KHEN" not in phoi and "TẶNG\n" not in phoi


def _positions(path, page=0) -> dict[str, tuple[float, float]]:
    """Each drawn line → its start (x, y) in mm from the top-left of the page."""
    reader = PdfReader(path)
    height = float(reader.pages[page].mediabox.height)
    out: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and text.strip() not in out:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out[text.strip()] = (x / MM, (height - y) / MM)

    reader.pages[page].extract_text(visitor_text=visit)
    return out


def _expected(field: FieldSpec, text: str) -> tuple[float, float]:
    """Where the module docstring says the first line starts (mm from top-left)."""
    font = pdf_fonts.face_name("LiberationSerif", field.font)
    placed = place_field(field, text, "LiberationSerif")
    width = measure(font, text, placed.size_pt) / MM
    x = {"left": field.x_mm, "center": field.x_mm + (field.width_mm - width) / 2,
         "right": field.x_mm + field.width_mm - width}[field.align]
    return x, field.y_mm + pdf_fonts.font_ascent(font) * placed.size_pt / MM


def test_field_positions_follow_the_template(pdfs, templates):
    fields = _fields(templates)
    name_field, decision_field = fields["nguoi_nhan"], fields["quyet_dinh"]
    assert name_field.align == "center" and decision_field.align == "left"
    for page, item in enumerate(ITEMS):
        at = _positions(pdfs["full"], page)
        decision = "Quyết định số 125/QĐ-BDT ngày 20 tháng 12 năm 2026"
        for field, text in ((name_field, item.nguoi_nhan), (decision_field, decision)):
            x, y = at[text]
            ex, ey = _expected(field, text)
            assert x == pytest.approx(ex, abs=0.5) and y == pytest.approx(ey, abs=0.5), (text, x, y, ex, ey)
        # centred: the middle of the name is the middle of its box
        x, _ = at[item.nguoi_nhan]
        width = measure("LiberationSerif-Bold", item.nguoi_nhan, name_field.size_pt) / MM
        assert x + width / 2 == pytest.approx(name_field.x_mm + name_field.width_mm / 2, abs=0.5)
        assert at[decision][0] == pytest.approx(decision_field.x_mm, abs=0.05)
        # phôi prints the same fields at the same places
        assert _positions(pdfs["phoi"], page)[item.nguoi_nhan] == pytest.approx(at[item.nguoi_nhan], abs=0.01)


def test_offset_moves_every_field_exactly(pdfs):
    for page in range(3):
        base, moved = _positions(pdfs["full"], page), _positions(pdfs["moved"], page)
        assert base.keys() == moved.keys()
        for text, (x, y) in base.items():
            mx, my = moved[text]
            assert mx - x == pytest.approx(3.0, abs=0.05) and my - y == pytest.approx(-2.0, abs=0.05), text


def test_layout_matches_the_pdf(pdfs, templates):
    at = _positions(pdfs["full"], 1)
    for placed in layout(ITEMS[1], templates["giay_khen"], "full"):
        for line in placed.lines:
            assert at[line.text] == pytest.approx((line.x_mm, line.baseline_mm), abs=0.01), line.text


def test_emblem_and_errors(tmp_path, templates):
    from PIL import Image
    image = tmp_path / "quoc_huy.png"
    Image.new("RGBA", (60, 60), (200, 0, 0, 255)).save(image)
    out = tmp_path / "cstdcs.pdf"
    items = [_base(hinh_thuc="Chiến sĩ thi đua cơ sở", tang="Tặng danh hiệu")] * 2
    assert write_certificates(items, templates["cstdcs"], out, emblem=image) == 2
    reader = PdfReader(out)
    assert all(list(p.images) for p in reader.pages)
    assert "TẶNG DANH HIỆU" in reader.pages[0].extract_text()
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in reader.pages[0].extract_text()
    with pytest.raises(ValueError, match="Không tìm thấy ảnh"):
        write_certificates(items, templates["cstdcs"], out, emblem=tmp_path / "khong_co.png")
    with pytest.raises(ValueError, match="Không có ai"):
        write_certificates([], templates["cstdcs"], out)
    with pytest.raises(ValueError, match="Chế độ in"):
        write_certificates(items, templates["cstdcs"], out, mode="nhap")
    phoi = tmp_path / "phoi.pdf"
    write_certificates(items, templates["cstdcs"], phoi, mode="phoi", emblem=image)  # no emblem on phôi
    assert not list(PdfReader(phoi).pages[0].images)


def test_calibration_sheet(tmp_path):
    out = tmp_path / "canh_chinh.pdf"
    assert write_calibration_sheet(out) == 1
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((841.89, 595.28), abs=0.01)
    text = " ".join(page.extract_text().split())
    for expected in ("In trang này ở tỉ lệ 100 % (không co giãn)", "đến tâm mỗi dấu chữ thập",
                     "nhập độ lệch X, Y (mm)", "X = 20 mm; Y = 20 mm", "X = 148,5 mm; Y = 105 mm",
                     "X = 277 mm; Y = 190 mm", "phải đúng 100 mm", "290"):
        assert expected in text, expected
    assert len(CALIBRATION_STEPS) >= 4
