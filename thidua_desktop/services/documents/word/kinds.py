"""The kinds of Word documents, as data (``resources/templates/docx/kinds.json``), and where each template is.

A kind has a key (``quyet_dinh``), a Vietnamese name, a template file, its
ký hiệu (QĐ, TTr, BB …), who issues it (``agency``: the agency's ký hiệu after
the dash, e.g. 12/QĐ-BDT; ``council``: the council's, e.g. …/BB-HĐTĐKT) and
what it is made from (``meeting``, ``decision``, ``campaign`` or ``proposal``).

Templates follow the certificate templates' pattern: the bundled copy in
``resources/templates/docx/`` is used unless the user keeps her own copy of
the same file name in :func:`~thidua_desktop.paths.user_docx_templates_dir`
(:func:`copy_for_editing` makes one, :func:`reset_template` deletes it).
"""
from __future__ import annotations

import functools
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ....paths import resource_path, user_docx_templates_dir
from ....store.db import StoreError

__all__ = ["NEEDS", "DocumentKind", "bundled_path", "copy_for_editing", "get_kind", "kinds", "reset_template",
           "template_path", "user_path"]

#: what a document is made from, and how the window and the CLI name it
NEEDS = {"meeting": "cuộc họp", "decision": "quyết định", "campaign": "phong trào", "proposal": "đề nghị cấp trên",
         "khoi": "khối thi đua"}
ISSUERS = ("agency", "council")


@dataclass(frozen=True)
class DocumentKind:
    key: str
    name: str  # "Quyết định khen thưởng, công nhận danh hiệu"
    template: str  # file name in resources/templates/docx/
    ky_hieu: str  # "QĐ", "TTr", "BB" … ("" for a form that carries no number)
    needs: str  # a key of NEEDS
    issuer: str = "agency"  # ISSUERS
    note: str = ""  # when to use it


def _registry_file() -> Path:
    return resource_path("templates", "docx", "kinds.json")


@functools.cache
def _load(path: Path) -> tuple[DocumentKind, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in data["kinds"]:
        kind = DocumentKind(**item)
        if kind.needs not in NEEDS or kind.issuer not in ISSUERS:
            raise ValueError(f"{path.name}: {kind.key}: needs/issuer không hợp lệ")
        out.append(kind)
    return tuple(out)


def kinds() -> tuple[DocumentKind, ...]:
    """Every kind, in the order of the registry."""
    return _load(_registry_file())


def get_kind(key: str) -> DocumentKind:
    for kind in kinds():
        if kind.key == key:
            return kind
    raise StoreError(f"Không có loại văn bản “{key}”; xem danh sách bằng: thidua document --list.")


def bundled_path(kind: DocumentKind) -> Path:
    return resource_path("templates", "docx", kind.template)


def user_path(kind: DocumentKind) -> Path:
    """Where the user's own copy of ``kind``'s template is (or would be) kept."""
    return user_docx_templates_dir() / kind.template


def template_path(kind: DocumentKind) -> Path:
    """The template the program uses: the user's copy when she has one, else the bundled one."""
    mine = user_path(kind)
    return mine if mine.is_file() else bundled_path(kind)


def copy_for_editing(kind: DocumentKind) -> Path:
    """The user's copy of ``kind``'s template (made from the bundled one when she has none yet)."""
    mine = user_path(kind)
    if not mine.is_file():
        mine.parent.mkdir(parents=True, exist_ok=True)
        tmp = mine.with_name(f".{mine.name}.tmp")
        shutil.copyfile(bundled_path(kind), tmp)
        tmp.replace(mine)
    return mine


def reset_template(kind: DocumentKind) -> bool:
    """Delete the user's copy (back to the bundled template); returns whether there was one."""
    mine = user_path(kind)
    if mine.is_file():
        mine.unlink()
        return True
    return False
