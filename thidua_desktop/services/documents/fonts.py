"""The one place where PDF fonts are chosen and registered with reportlab.

Nghị định 30/2020 asks for Times New Roman. It cannot be shipped (licence),
so :func:`register_fonts` uses the copy installed on the machine when its
four faces are found (Windows always has them) and falls back to the bundled
Liberation Serif, which is metric-compatible (same advances, same vertical
metrics), so a layout computed with one holds for the other.

``THIDUA_PDF_FONT=bundled`` forces the bundled font (tests use it so the
output does not depend on the machine).

Each family is registered once per process under four face names::

    family              regular        e.g. "TimesNewRoman", "LiberationSerif"
    family-Bold         bold
    family-Italic       italic
    family-BoldItalic   bold italic

with :func:`reportlab.pdfbase.pdfmetrics.registerFontFamily`, so ``<b>`` and
``<i>`` in Paragraph markup pick the right face. :func:`face_name` gives the
name of a face from the styles used by the certificate templates
(``regular``, ``bold``, ``italic``, ``bold_italic``).
"""
from __future__ import annotations

import functools
import logging
import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...paths import resource_path

__all__ = ["BUNDLED_FAMILY", "ENV_VAR", "STYLES", "SYSTEM_FAMILY", "face_file", "face_name", "find_system_times",
           "font_ascent", "register_fonts"]

log = logging.getLogger(__name__)

ENV_VAR = "THIDUA_PDF_FONT"
BUNDLED_FAMILY = "LiberationSerif"
SYSTEM_FAMILY = "TimesNewRoman"
#: The four styles, in the order regular, bold, italic, bold italic.
STYLES = ("regular", "bold", "italic", "bold_italic")
_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}
_BUNDLED_FILES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}

#: How the four Times New Roman files are named: Windows / Office,
#: macOS, Debian's ttf-mscorefonts-installer, and a few other packagings.
_TIMES_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
     "Times New Roman Bold Italic.ttf"),
    ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
     "Times_New_Roman_Bold_Italic.ttf"),
    ("TimesNewRoman.ttf", "TimesNewRomanBold.ttf", "TimesNewRomanItalic.ttf", "TimesNewRomanBoldItalic.ttf"),
    ("TimesNewRomanPSMT.ttf", "TimesNewRomanPS-BoldMT.ttf", "TimesNewRomanPS-ItalicMT.ttf",
     "TimesNewRomanPS-BoldItalicMT.ttf"),
)

_registered: set[str] = set()
_files: dict[str, Path] = {}  # face name → its TrueType file
_system_failed = False  # the installed Times New Roman could not be read


def face_name(family: str, style: str = "regular") -> str:
    """The reportlab font name of one face: ``face_name("LiberationSerif", "bold")``
    is ``"LiberationSerif-Bold"``."""
    try:
        return family + _SUFFIX[style]
    except KeyError:
        raise ValueError(f"Kiểu chữ không hợp lệ: {style!r} (dùng {', '.join(STYLES)})") from None


def _font_dirs() -> list[Path]:
    """Folders where an installed Times New Roman may live, most likely first."""
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only" (Windows 10 1809+)
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"), home / "Library" / "Fonts",
                 Path("/System/Library/Fonts")]
    else:
        data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
        dirs += [Path("/usr/share/fonts/truetype/msttcorefonts"), Path("/usr/share/fonts/msttcore"),
                 Path("/usr/share/fonts/truetype/msttcore"), Path("/usr/share/fonts/TTF"),
                 Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                 data_home / "fonts", home / ".fonts"]
    return dirs


def _listing(folder: Path) -> dict[str, Path]:
    """File names of a folder (lower-cased, for case-insensitive matching) → path."""
    try:
        return {entry.name.lower(): Path(entry.path) for entry in os.scandir(folder) if entry.is_file()}
    except OSError:
        return {}


def find_system_times(dirs: Iterable[os.PathLike | str] | None = None) -> tuple[Path, Path, Path, Path] | None:
    """The four Times New Roman files (regular, bold, italic, bold italic)
    found together in one folder, or ``None``.

    ``dirs`` defaults to the usual font folders of the running system; each
    folder and its direct sub-folders are looked at (Linux packages put fonts
    one level down), never deeper."""
    folders = [Path(d) for d in dirs] if dirs is not None else _font_dirs()
    seen: set[Path] = set()
    for folder in folders:
        candidates = [folder]
        try:
            candidates += sorted(Path(e.path) for e in os.scandir(folder) if e.is_dir())
        except OSError:
            continue
        for candidate in candidates:
            if candidate in seen:
                continue
            seen.add(candidate)
            files = _listing(candidate)
            for names in _TIMES_NAMES:
                paths = [files.get(n.lower()) for n in names]
                if all(paths):
                    return tuple(paths)  # type: ignore[return-value]
    return None


@functools.cache
def _system_times() -> tuple[Path, Path, Path, Path] | None:
    return find_system_times()


def _register(family: str, files: dict[str, Path]) -> None:
    fonts = [TTFont(face_name(family, style), str(files[style])) for style in STYLES]  # may raise: all or none
    for font in fonts:
        pdfmetrics.registerFont(font)
    _files.update((face_name(family, style), Path(files[style])) for style in STYLES)
    pdfmetrics.registerFontFamily(family, normal=face_name(family, "regular"), bold=face_name(family, "bold"),
                                  italic=face_name(family, "italic"),
                                  boldItalic=face_name(family, "bold_italic"))
    _registered.add(family)


def _register_bundled() -> str:
    if BUNDLED_FAMILY not in _registered:
        _register(BUNDLED_FAMILY, {style: resource_path("fonts", f"LiberationSerif-{suffix}.ttf")
                                   for style, suffix in _BUNDLED_FILES.items()})
    return BUNDLED_FAMILY


def register_fonts() -> str:
    """Register the PDF font family (once per process) and return its name.

    Times New Roman from the system when all four faces are installed, else
    the bundled Liberation Serif; ``THIDUA_PDF_FONT=bundled`` forces the
    latter. A Times New Roman that reportlab cannot read (damaged file,
    embedding forbidden) is logged once and the bundled font used instead."""
    if os.environ.get(ENV_VAR, "").strip().lower() == "bundled":
        return _register_bundled()
    if SYSTEM_FAMILY in _registered:
        return SYSTEM_FAMILY
    global _system_failed
    files = None if _system_failed else _system_times()
    if files is not None:
        try:
            _register(SYSTEM_FAMILY, dict(zip(STYLES, files)))
            return SYSTEM_FAMILY
        except Exception as exc:  # noqa: BLE001 — any unreadable font means "use ours"
            log.warning("Không dùng được Times New Roman của máy (%s): %s; dùng Liberation Serif", files[0], exc)
            _system_failed = True
    return _register_bundled()


def face_file(face: str) -> Path:
    """The TrueType file of a registered face (for drawing the same glyphs
    outside reportlab, e.g. printing through Qt)."""
    try:
        return _files[face]
    except KeyError:
        raise ValueError(f"Phông chữ “{face}” chưa được nạp") from None


@functools.cache
def font_ascent(font: str) -> float:
    """The ascender of a registered TrueType face as a fraction of the font
    size, from the font's ``hhea`` table (the line-spacing ascender, which
    clears the stacked marks of Vietnamese capitals such as ``Ấ``; reportlab's
    own ``ascent`` is the OS/2 typographic value, lower). 0.891 for both
    Times New Roman and Liberation Serif."""
    face = pdfmetrics.getFont(font).face
    try:
        hhea, head = face.get_table("hhea"), face.get_table("head")
        ascender = struct.unpack(">h", hhea[4:6])[0]
        units = struct.unpack(">H", head[18:20])[0]
        return ascender / units
    except Exception:  # noqa: BLE001 — a font without the tables: reportlab's value
        return face.ascent / 1000
