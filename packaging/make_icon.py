"""Draw the app icon (resources/icons/thidua.png and .ico). Run once: uv run python packaging/make_icon.py"""
from __future__ import annotations

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPolygonF  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#c8102e"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(0, 0, size, size, size * 0.18, size * 0.18)
    c, r = size / 2, size * 0.30
    star = QPolygonF([QPointF(c + (r if i % 2 == 0 else r * 0.42) * math.sin(math.pi * i / 5),
                              c * 0.92 - (r if i % 2 == 0 else r * 0.42) * math.cos(math.pi * i / 5))
                      for i in range(10)])
    p.setBrush(QColor("#ffcd00"))
    p.drawPolygon(star)
    if size >= 48:
        font = QFont("DejaVu Sans", max(6, int(size * 0.13)))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#ffcd00"))
        p.drawText(0, int(size * 0.72), size, int(size * 0.25), Qt.AlignmentFlag.AlignHCenter, "TĐKT")
    p.end()
    return img


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts need it)
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(out / "thidua.png"))
    draw(256).save(str(out / "thidua.ico"))  # Qt's ico writer: one 256 px image, Windows scales it
    print(f"wrote {out / 'thidua.png'} and {out / 'thidua.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
