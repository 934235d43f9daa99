"""The printer calibration sheet: rulers, crosshairs labelled with their position and 100 mm scale bars,
printed to measure a printer's offset and scale (:class:`thidua_desktop.domain.certificates.Calibration`)."""
from __future__ import annotations

from reportlab.lib.units import mm

from ....domain.certificates import PT_TO_MM, fit_text, format_size
from ..fonts import face_name, register_fonts
from .layout import measure
from .templates import PathLike
from .writer import _binary_streams, _color, _new_canvas, _Page, _to_file

CALIBRATION_TITLE = "TRANG CANH CHỈNH MÁY IN"
CALIBRATION_STEPS = (
    "1. In trang này ở tỉ lệ 100 % (không co giãn): trong hộp thoại in chọn “Kích thước thực” (Actual size), "
    "bỏ “Vừa trang” (Fit to page); dùng đúng khổ giấy, hướng giấy và khay giấy sẽ dùng để in giấy khen.",
    "2. Kiểm tra tỉ lệ: hai thước kiểm tra (ngang và dọc) phải dài đúng 100 mm. Nếu đo được khác 100 mm, máy in "
    "đang co giãn: sửa cài đặt in rồi in lại trang này.",
    "3. Dùng thước đo khoảng cách thực tế từ mép trái và từ mép trên của tờ giấy đến tâm mỗi dấu chữ thập; "
    "bên cạnh mỗi dấu có ghi vị trí đúng của nó.",
    "4. Trong phần cài đặt máy in của chương trình, nhập độ lệch X, Y (mm) = vị trí ghi bên dấu − khoảng cách "
    "đo được (X: ngang, sang phải là dương; Y: dọc, xuống dưới là dương). Ví dụ: dấu ghi X = 20 mm, đo được "
    "22 mm → nhập X = −2. Lấy trung bình các dấu.",
    "5. Mỗi máy in, mỗi khay giấy có độ lệch riêng. Thước ở mép trên và mép trái cho thấy nhanh độ lệch: "
    "vạch số 0 phải trùng mép giấy (sát mép giấy máy in có thể không in được).",
)


def write_calibration_sheet(path: PathLike, page_w_mm: float = 297, page_h_mm: float = 210) -> int:
    """One page to measure a printer: millimetre rulers along the top and left
    edges, crosshairs 20 mm from each corner and at the centre labelled with
    their coordinates, a 100 mm scale bar and the instructions. Returns 1."""
    if page_w_mm < 120 or page_h_mm < 120:
        raise ValueError("Khổ giấy quá nhỏ cho trang canh chỉnh (cần tối thiểu 120 × 120 mm)")
    with _binary_streams():
        family = register_fonts()
        _to_file(path, lambda target: _write_calibration(target, page_w_mm, page_h_mm, family))
    return 1


def _write_calibration(path: PathLike, page_w_mm: float, page_h_mm: float, family: str) -> None:
    regular, bold = face_name(family, "regular"), face_name(family, "bold")
    c = _new_canvas(path, page_w_mm, page_h_mm, "Trang canh chỉnh máy in",
                    f"Canh chỉnh máy in – khổ {format_size(page_w_mm)} × {format_size(page_h_mm)} mm", family)
    page = _Page(c, page_h_mm, (0.0, 0.0))
    w, h = page_w_mm, page_h_mm
    black = _color("#000000")
    c.setStrokeColor(black)
    c.setFillColor(black)

    # rulers: a tick every mm, longer every 5 and 10 mm, numbers every 10 mm
    c.setLineWidth(0.25)
    c.setFont(regular, 6.5)
    for i in range(int(w) + 1):
        length = 5.0 if i % 10 == 0 else 3.5 if i % 5 == 0 else 2.0
        c.line(page.x(i), page.y(0), page.x(i), page.y(length))
        if i % 10 == 0 and 0 < i < w - 3:
            c.drawCentredString(page.x(i), page.y(7.6), str(i))
    for i in range(int(h) + 1):
        length = 5.0 if i % 10 == 0 else 3.5 if i % 5 == 0 else 2.0
        c.line(page.x(0), page.y(i), page.x(length), page.y(i))
        if i % 10 == 0 and 0 < i < h - 3:
            c.drawString(page.x(5.8), page.y(i + 0.8), str(i))

    # crosshairs
    marks = [(20.0, 20.0), (w - 20, 20.0), (20.0, h - 20), (w - 20, h - 20), (w / 2, h / 2)]
    for x, y in marks:
        c.setLineWidth(0.3)
        c.line(page.x(x - 7), page.y(y), page.x(x + 7), page.y(y))
        c.line(page.x(x), page.y(y - 7), page.x(x), page.y(y + 7))
        c.circle(page.x(x), page.y(y), 3 * mm)
        label = f"X = {format_size(x)} mm; Y = {format_size(y)} mm"
        c.setFont(bold, 8)
        if x > w / 2 + 1:
            c.drawRightString(page.x(x - 4), page.y(y + 3.2), label)
        else:
            c.drawString(page.x(x + 4), page.y(y + 3.2), label)

    # instructions, wrapped to the text block
    left, right = 35.0, w - 62.0
    size = 10.5
    c.setFont(bold, 15)
    c.drawCentredString(page.x(w / 2), page.y(36), CALIBRATION_TITLE)
    c.setFont(regular, size)
    y = 44.0
    pitch = size * 1.3 * PT_TO_MM
    for step in CALIBRATION_STEPS:
        fit = fit_text(step, (right - left) * mm, 20, size, size, lambda t, s: measure(regular, t, s))
        for line in fit.lines:
            if abs(y - h / 2) < 9:  # leave the centre crosshair clear
                y = h / 2 + 9
            c.drawString(page.x(left), page.y(y), line)
            y += pitch
        y += 1.2

    # the 100 mm scale bars, horizontal (under the text) and vertical (right of it)
    y = max(y + 8, h - 48)
    x0 = (right + left) / 2 - 50
    c.setLineWidth(0.8)
    c.line(page.x(x0), page.y(y), page.x(x0 + 100), page.y(y))
    c.setLineWidth(0.3)
    c.setFont(regular, 7)
    for i in range(101):
        length = 4.0 if i % 10 == 0 else 2.5 if i % 5 == 0 else 1.5
        c.line(page.x(x0 + i), page.y(y), page.x(x0 + i), page.y(y - length))
        if i % 10 == 0:
            c.drawCentredString(page.x(x0 + i), page.y(y + 3.2), str(i))
    c.setFont(bold, 9)
    c.drawCentredString(page.x(x0 + 50), page.y(y + 8), "Thước kiểm tra tỉ lệ: từ vạch 0 đến vạch 100 phải đúng 100 mm")
    vx, vy0 = w - 42.0, (h - 100) / 2
    c.setLineWidth(0.8)
    c.line(page.x(vx), page.y(vy0), page.x(vx), page.y(vy0 + 100))
    c.setLineWidth(0.3)
    c.setFont(regular, 7)
    for i in range(101):
        length = 4.0 if i % 10 == 0 else 2.5 if i % 5 == 0 else 1.5
        c.line(page.x(vx), page.y(vy0 + i), page.x(vx - length), page.y(vy0 + i))
        if i % 10 == 0:
            c.drawString(page.x(vx + 1.5), page.y(vy0 + i + 0.9), str(i))
    c.saveState()
    c.translate(page.x(vx + 9), page.y(vy0 + 50))
    c.rotate(-90)
    c.setFont(bold, 9)
    c.drawCentredString(0, 0, "Thước dọc: 100 mm")
    c.restoreState()
    c.showPage()
    c.save()
