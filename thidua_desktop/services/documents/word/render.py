"""Render a Word template (docxtpl: Jinja fields inside a real .docx) into a file, or refuse before writing.

* :func:`template_fields` — the fields a template names at its top level
  (``get_undeclared_template_variables``), so a template the user edited is
  checked against the data before anything is rendered;
* :func:`render_docx` — checks that every field the template names is in the
  context and has a value (``None`` is a missing value), renders in memory
  with strict undefined values (a field inside a list row that the data
  lacks is refused too), checks that no ``{{`` / ``{%`` is left in the text,
  and only then writes the file through
  :func:`~thidua_desktop.services.documents.output.atomic_write`.

A refusal is a :class:`MissingFieldsError` (a
:class:`~thidua_desktop.store.db.StoreError`) whose text is one Vietnamese
sentence naming the missing fields and the template; nothing is written.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from ....store.db import StoreError
from ..output import atomic_write

__all__ = ["MissingFieldsError", "TemplateBroken", "leftover_tags", "render_docx", "template_fields"]

PathLike = str | os.PathLike


class MissingFieldsError(StoreError):
    """A template names fields the data does not give; nothing was written."""

    def __init__(self, fields: list[str], template: PathLike):
        self.fields = fields
        self.template = Path(template)
        names = ", ".join(f"“{f}”" for f in fields)
        super().__init__(
            f"Mẫu văn bản “{self.template.name}” cần trường {names} mà dữ liệu không có nên chưa ghi tệp nào; "
            "hãy sửa mẫu (Sửa → Mẫu văn bản Word…) hoặc bổ sung dữ liệu.")


class TemplateBroken(StoreError):
    """The template cannot be read or its Jinja text is wrong."""


def _open(template: PathLike) -> DocxTemplate:
    path = Path(template)
    if not path.is_file():
        raise TemplateBroken(f"Không tìm thấy mẫu văn bản “{path}”; chưa ghi tệp nào.")
    try:
        return DocxTemplate(os.fspath(path))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateBroken(f"Mẫu văn bản “{path.name}” không phải tệp Word (.docx) đọc được ({exc}); "
                             "chưa ghi tệp nào.") from None


def _syntax_error(path: PathLike, exc: jinja2.TemplateSyntaxError) -> TemplateBroken:
    return TemplateBroken(f"Mẫu văn bản “{Path(path).name}” có trường viết sai ({exc.message}); hãy gõ lại trường "
                          "trong Word thành một lượt, ví dụ {{ trich_yeu }}. Chưa ghi tệp nào.")


def template_fields(template: PathLike) -> set[str]:
    """The top-level fields ``template`` names."""
    tpl = _open(template)
    try:
        return set(tpl.get_undeclared_template_variables(jinja2.Environment()))
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(template, exc) from None


_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'|'([^']+)' is undefined")


def leftover_tags(data: bytes) -> list[str]:
    """``{{ … }}`` / ``{% … %}`` fragments left in the text of a rendered .docx."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts += [p.text for cell in row.cells for p in cell.paragraphs]
    return [t for t in texts if "{{" in t or "{%" in t or "}}" in t or "%}" in t]


def render_bytes(template: PathLike, context: Mapping[str, object]) -> bytes:
    """The rendered document as bytes, or a refusal (nothing written anywhere)."""
    fields = template_fields(template)
    missing = sorted(f for f in fields if context.get(f) is None)
    if missing:
        raise MissingFieldsError(missing, template)
    tpl = _open(template)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(dict(context), env)
    except jinja2.UndefinedError as exc:
        match = _ATTRIBUTE.search(str(exc))
        raise MissingFieldsError([next(g for g in match.groups() if g) if match else str(exc)], template) from None
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(template, exc) from None
    out = io.BytesIO()
    tpl.save(out)
    data = out.getvalue()
    if left := leftover_tags(data):
        raise TemplateBroken(f"Mẫu văn bản “{Path(template).name}” còn trường không điền được: “{left[0][:80]}” "
                             "(trường bị Word tách khi sửa; hãy gõ lại trường thành một lượt). Chưa ghi tệp nào.")
    return data


def render_docx(template: PathLike, context: Mapping[str, object], path: PathLike) -> Path:
    """Render ``template`` with ``context`` into ``path`` (atomically), or refuse before writing."""
    data = render_bytes(template, context)
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return Path(path)
