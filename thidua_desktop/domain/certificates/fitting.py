"""Fitting a certificate field's text into its box.

:func:`fit_text` wraps by words at the largest size, from ``size_pt`` down to
``min_size_pt`` in 0.5 pt steps, that fits in ``max_lines``; when nothing
fits it returns the wrap at the minimum size with ``fits=False`` so that the
caller reports it (text is never cut silently). Measuring is injected, so
the function is pure and testable without fonts.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str, float], float]


@dataclass(frozen=True)
class Fit:
    lines: tuple[str, ...]
    size: float
    fits: bool


_EPS = 1e-6


def wrap_words(text: str, width_pt: float, size: float, measure: Measure) -> tuple[list[str], bool]:
    """Greedy word wrap of ``text`` at ``size``; explicit line breaks are kept.
    Returns the lines and whether every line is within ``width_pt`` (a single
    word wider than the box is left on its own line, over-wide)."""
    lines: list[str] = []
    within = True
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            continue
        joined = " ".join(words)
        if measure(joined, size) <= width_pt + _EPS:
            lines.append(joined)  # the common case: the whole paragraph fits
            continue
        current = words[0]
        for word in words[1:]:
            candidate = f"{current} {word}"
            if measure(candidate, size) <= width_pt + _EPS:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    for line in lines:
        if " " not in line and measure(line, size) > width_pt + _EPS:
            within = False
            break
    return lines, within


def _sizes(size: float, min_size: float) -> list[float]:
    """``size``, ``size − 0.5`` … down to ``min_size`` (always included)."""
    steps = int(math.floor((size - min_size) / 0.5 + 1e-9))
    out = [size - 0.5 * k for k in range(steps + 1)]
    if out[-1] > min_size + 1e-9:
        out.append(min_size)
    return out


def fit_text(text: str, width_pt: float, max_lines: int, size: float, min_size: float,
             measure: Measure) -> Fit:
    """Wrap ``text`` by words at the largest size from ``size`` down to
    ``min_size`` (0.5 pt steps) at which it takes at most ``max_lines`` lines
    no wider than ``width_pt``. If no size fits, the wrap at ``min_size`` with
    ``fits=False`` (the caller reports it; nothing is cut).
    ``measure(text, size)`` gives a string's width in points."""
    if max_lines < 1:
        raise ValueError("max_lines phải từ 1 trở lên")
    min_size = min(min_size, size)
    if not text.strip():
        return Fit((), size, True)
    lines: list[str] = []
    for s in _sizes(size, min_size):
        lines, within = wrap_words(text, width_pt, s, measure)
        if within and len(lines) <= max_lines:
            return Fit(tuple(lines), s, True)
    return Fit(tuple(lines), min_size, False)
