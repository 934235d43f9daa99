"""Certificate templates as files: the bundled ones in ``resources/templates/*.json`` and the user's
edited copies in the data folder's ``templates/``, which override them by code."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ....domain.certificates import Template, TemplateError, template_from_dict, template_to_dict
from ....paths import resource_path, user_templates_dir

PathLike = str | os.PathLike


def load_templates(folders: Iterable[PathLike] | None = None) -> dict[str, Template]:
    """Every ``*.json`` template (by code) from ``folders``, a later folder's
    template replacing an earlier one of the same code (default: the bundled
    ``resources/templates``, then the user's own copies in
    :func:`~thidua_desktop.paths.user_templates_dir`, written by the template
    editor). A broken file raises :class:`TemplateError` naming the file; so
    does a code used twice within one folder."""
    dirs = [Path(f) for f in folders] if folders is not None else [resource_path("templates"), user_templates_dir()]
    out: dict[str, Template] = {}
    for folder in dirs:
        seen: set[str] = set()
        for path in sorted(folder.glob("*.json")):
            template = read_template(path)
            if template.code in seen:
                raise TemplateError([f"{path.name}: mã mẫu “{template.code}” đã dùng cho mẫu khác"])
            seen.add(template.code)
            out[template.code] = template
    return out


def read_template(path: PathLike) -> Template:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TemplateError([f"{path.name}: không đọc được tệp mẫu ({exc})"]) from None
    try:
        return template_from_dict(data)
    except TemplateError as exc:
        raise TemplateError([f"{path.name}: {m}" for m in exc.errors]) from None


def user_template_path(code: str) -> Path:
    """Where the user's copy of template ``code`` is (or would be) kept."""
    return user_templates_dir() / f"{code}.json"


def save_user_template(template: Template) -> Path:
    """Write ``template`` as the user's copy (it then replaces the bundled one of its code)."""
    path = user_template_path(template.code)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(template_to_dict(template), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def remove_user_template(code: str) -> bool:
    """Drop the user's copy of ``code`` (back to the bundled template); returns whether there was one."""
    path = user_template_path(code)
    if path.is_file():
        path.unlink()
        return True
    return False


def bundled_template(code: str) -> Template | None:
    return load_templates([resource_path("templates")]).get(code)
