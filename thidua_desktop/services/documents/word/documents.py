"""One way to write any Word document of the registry: :func:`write_document`.

Each kind of ``kinds.json`` has a context builder here (by key); the builder
reads the data (a meeting, a decision, a campaign or a proposal), the NĐ 30
parts come from :mod:`.parts`, and :func:`.render.render_docx` checks the
template's fields against them before writing atomically.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from ....store.records import ValidationError
from .kinds import NEEDS, DocumentKind, get_kind, template_path
from .render import PathLike, render_docx

__all__ = ["BUILDERS", "build_context", "write_document"]


def _decision(db, ref, blank):
    from .decision import decision_context

    return decision_context(db, ref, blank=blank)


def _meeting(name):
    def build(db, ref, blank):
        from . import meeting

        return getattr(meeting, f"{name}_context")(db, ref, blank=blank)

    return build


def _proposal(name):
    def build(db, ref, blank):
        from . import proposal, report

        module = proposal if name == "to_trinh_cap_tren" else report
        return getattr(module, f"{name}_context")(db, ref, blank=blank)

    return build


def _khoi(key):
    def build(db, ref, blank):
        from ...khoi.word import khoi_context

        return khoi_context(db, ref, key, blank=blank)
    return build


def _campaign_report(db, ref, blank):
    from ...reports.campaign_report import campaign_report_context

    return campaign_report_context(db, ref, blank=blank)


#: key → builder(db, id of what the kind needs, blank number?) → context
BUILDERS: dict[str, Callable[[sqlite_utils.Database, int, bool], dict]] = {
    "quyet_dinh": _decision,
    **{key: _proposal(key) for key in ("to_trinh_cap_tren", "bao_cao_thanh_tich", "trich_ngang")},
    **{key: _meeting(key) for key in ("to_trinh", "bien_ban", "giay_moi", "thong_bao", "phieu_y_kien")},
    "bien_ban_khoi": _khoi("bien_ban_khoi"),
    "to_trinh_khoi": _khoi("to_trinh_khoi"),
    "bao_cao_tong_ket": _campaign_report,
}


def build_context(db: sqlite_utils.Database, kind: DocumentKind, ref: int | None, *, blank: bool = False) -> dict:
    """The fields of ``kind`` for the meeting/decision/campaign/proposal ``ref``."""
    if ref is None:
        raise ValidationError([f"{kind.name}: chưa chọn {NEEDS[kind.needs]} (dòng lệnh: --{kind.needs} MÃ)"])
    builder = BUILDERS.get(kind.key)
    if builder is None:
        raise ValidationError([f"Chương trình chưa có cách lập “{kind.name}”"])
    return builder(db, ref, blank)


def write_document(db: sqlite_utils.Database, key: str, ref: int | None, path: PathLike, *,
                   blank: bool = False, template: PathLike | None = None) -> Path:
    """Write the document ``key`` for ``ref`` to ``path`` (from the user's copy of the template when she has
    one, or ``template``); refused before writing when a field the template names is missing."""
    kind = get_kind(key)
    context = build_context(db, kind, ref, blank=blank)
    return render_docx(template or template_path(kind), context, path)
