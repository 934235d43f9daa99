"""A :class:`RuleSet`: its scope, legal basis, catalogue and parameters; its JSON form
(:func:`ruleset_to_dict`, :func:`save_ruleset`), validation of a parsed file and loading
(:func:`load_ruleset`, the shipped sets: :func:`builtin_rulesets`).

Imports ``domain.titles``, ``domain.dates``, :mod:`.params` and :mod:`.catalogue`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..dates import DateError, parse_full_date
from ..titles import BUILTIN_CODES, Title
from .catalogue import _check_title, _title_to_dict
from .params import (
    PARAM_SPECS,
    RETIRED_PARAMS,
    _SPEC_BY_NAME,
    RuleParams,
    _check_param,
    _is_int,
    _is_text,
    _param_to_json,
)


FORMAT = "thidua-ruleset"

FORMAT_VERSION = 1

SCOPE_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "national": "Toàn quốc",
        "province": "Tỉnh, thành phố",
        "agency": "Cơ quan, đơn vị",
    }
)


class RuleSetError(ValueError):
    """A rule set that cannot be used; ``errors`` lists Vietnamese reasons."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        super().__init__("Bộ quy tắc không hợp lệ:\n" + "\n".join(f"– {e}" for e in self.errors))


# ---------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------


def _norm_name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


@dataclass(frozen=True)
class Scope:
    """Whom a rule set belongs to: ``national``, a ``province`` (by name) or
    an ``agency`` (by name)."""

    kind: str = "national"
    name: str = ""

    @property
    def is_national(self) -> bool:
        return self.kind == "national"

    @property
    def label(self) -> str:
        if self.is_national:
            return SCOPE_KINDS["national"]
        return f"{SCOPE_KINDS.get(self.kind, self.kind)}: {self.name}"

    def matches(self, wanted: Scope | str) -> bool:
        """Same scope; a bare name matches a province or agency of that name
        (case, spacing and Unicode form ignored)."""
        if isinstance(wanted, str):
            return not self.is_national and _norm_name(self.name) == _norm_name(wanted)
        if wanted.is_national:
            return self.is_national
        return self.kind == wanted.kind and _norm_name(self.name) == _norm_name(wanted.name)


NATIONAL = Scope()


# ---------------------------------------------------------------------------
# Rule set
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RuleSet:
    name: str
    scope: Scope
    effective_from: dt.date
    legal_basis: tuple[str, ...]
    titles: tuple[Title, ...]
    params: RuleParams = field(default_factory=RuleParams)
    notes: tuple[str, ...] = ()
    id: str = ""
    based_on: str | None = None
    #: shipped with the app (read-only in the settings dialog); not saved
    builtin: bool = False
    _by_code: Mapping[str, Title] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({t.code: t for t in self.titles}))

    def title(self, code: str) -> Title:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(
                f"Bộ quy tắc “{self.name}” không có danh hiệu/hình thức {code}"
            ) from None

    def get_title(self, code: str) -> Title | None:
        return self._by_code.get(code)

    def title_name(self, code: str) -> str:
        t = self._by_code.get(code)
        return t.name if t else code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def errors(self) -> list[str]:
        """Vietnamese reasons why this set is not usable (empty when fine)."""
        return validate_ruleset_dict(ruleset_to_dict(self))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return ruleset_to_dict(self) == ruleset_to_dict(other) and self.builtin == other.builtin

    __hash__ = object.__hash__


# ---------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------


def ruleset_to_dict(rs: RuleSet) -> dict:
    """The JSON-ready form; :func:`load_ruleset` reads it back unchanged."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": rs.id,
        "name": rs.name,
        "scope": {"kind": rs.scope.kind, "name": rs.scope.name},
        "effective_from": rs.effective_from.isoformat(),
        "based_on": rs.based_on,
        "legal_basis": list(rs.legal_basis),
        "notes": list(rs.notes),
        "params": {s.name: _param_to_json(s, getattr(rs.params, s.name)) for s in PARAM_SPECS},
        "titles": [_title_to_dict(t) for t in rs.titles],
    }


def save_ruleset(rs: RuleSet, path: str | Path) -> None:
    text = json.dumps(ruleset_to_dict(rs), ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Validation (dict level: what a user-edited file holds) and loading
# ---------------------------------------------------------------------------


_TOP_KEYS = {
    "format",
    "format_version",
    "id",
    "name",
    "scope",
    "effective_from",
    "based_on",
    "legal_basis",
    "notes",
    "params",
    "titles",
}


def _build(data: object) -> tuple[RuleSet | None, list[str]]:
    errors: list[str] = []
    if not isinstance(data, Mapping):
        return None, ["Tệp bộ quy tắc không đúng định dạng (cần một đối tượng JSON)"]
    if data.get("format", FORMAT) != FORMAT:
        errors.append(
            f"Không phải tệp bộ quy tắc thi đua – khen thưởng (format = “{data.get('format')}”)"
        )
    version = data.get("format_version", FORMAT_VERSION)
    if not _is_int(version) or version > FORMAT_VERSION or version < 1:
        errors.append(f"Phiên bản định dạng {version} không được hỗ trợ; hãy cập nhật phần mềm")
    for key in sorted(set(data) - _TOP_KEYS):
        errors.append(f"Khóa “{key}” không được hỗ trợ")
    name = data.get("name")
    if not _is_text(name):
        errors.append("Bộ quy tắc chưa có tên")
    rs_id = data.get("id", "")
    if not isinstance(rs_id, str):
        errors.append("Mã bộ quy tắc (id) phải là văn bản")
        rs_id = ""
    based_on = data.get("based_on")
    if based_on is not None and not isinstance(based_on, str):
        errors.append("“based_on” phải là văn bản")
    # scope
    scope = NATIONAL
    raw_scope = data.get("scope", {"kind": "national"})
    if not isinstance(raw_scope, Mapping) or raw_scope.get("kind") not in SCOPE_KINDS:
        errors.append("Phạm vi áp dụng (scope) phải có kind là national, province hoặc agency")
    else:
        sname = raw_scope.get("name") or ""
        if not isinstance(sname, str):
            errors.append("Tên phạm vi áp dụng phải là văn bản")
            sname = ""
        if raw_scope["kind"] != "national" and not sname.strip():
            errors.append(
                f"Phạm vi “{SCOPE_KINDS[raw_scope['kind']]}” cần ghi tên tỉnh hoặc cơ quan"
            )
        scope = Scope(raw_scope["kind"], " ".join(sname.split()))
    # date
    effective = None
    raw_date = data.get("effective_from")
    if raw_date is None or raw_date == "":
        errors.append("Thiếu ngày có hiệu lực (effective_from)")
    else:
        try:
            effective = parse_full_date(raw_date) if isinstance(raw_date, str) else None
        except DateError as exc:
            errors.append(f"Ngày có hiệu lực “{raw_date}” không hợp lệ: {exc}")
        else:
            if effective is None:
                errors.append(f"Ngày có hiệu lực “{raw_date}” không hợp lệ (dùng YYYY-MM-DD)")
    # legal basis, notes
    basis = data.get("legal_basis")
    if not isinstance(basis, list) or not basis or not all(_is_text(b) for b in basis):
        errors.append("Căn cứ pháp lý phải là danh sách văn bản, ít nhất một văn bản")
        basis = []
    notes = data.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        errors.append("Ghi chú (notes) phải là danh sách văn bản")
        notes = []
    # params
    params = RuleParams()
    raw_params = data.get("params", {})
    if not isinstance(raw_params, Mapping):
        errors.append("Tham số (params) phải là bảng tên → giá trị")
    else:
        changes = {}
        for key in raw_params:
            if key not in _SPEC_BY_NAME and key not in RETIRED_PARAMS:
                errors.append(f"Tham số “{key}” không được hỗ trợ")
        for spec in PARAM_SPECS:
            if spec.name in raw_params:
                value, err = _check_param(spec, raw_params[spec.name])
                if err:
                    errors.append(err)
                else:
                    changes[spec.name] = value
        params = dataclasses.replace(params, **changes)
    # titles
    titles: list[Title] = []
    raw_titles = data.get("titles")
    if not isinstance(raw_titles, list):
        errors.append("Danh mục danh hiệu, hình thức khen thưởng (titles) phải là danh sách")
        raw_titles = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_titles, start=1):
        t = _check_title(i, raw, errors)
        if t is None:
            continue
        if t.code in seen:
            errors.append(f"Mã {t.code} bị trùng trong danh mục")
            continue
        seen.add(t.code)
        titles.append(t)
    codes_given = {
        r.get("code")
        for r in raw_titles
        if isinstance(r, Mapping) and isinstance(r.get("code"), str)
    }
    for code in BUILTIN_CODES:
        if code not in codes_given:
            errors.append(f"Danh mục thiếu {code} (bắt buộc phải có, có thể sửa tên và tham số)")
    for t in titles:
        for p in t.prerequisites:
            if p not in codes_given:
                errors.append(
                    f"Danh hiệu/hình thức {t.code}: điều kiện trước “{p}” không có trong danh mục"
                )
        if t.quota and t.quota.base_title and t.quota.base_title not in codes_given:
            errors.append(
                f"Danh hiệu/hình thức {t.code}: chỉ tiêu tính theo “{t.quota.base_title}” không có trong danh mục"
            )
    if errors:
        return None, errors
    rs = RuleSet(
        name=" ".join(name.split()),  # type: ignore[union-attr]
        scope=scope,
        effective_from=effective,  # type: ignore[arg-type]
        legal_basis=tuple(" ".join(b.split()) for b in basis),
        titles=tuple(titles),
        params=params,
        notes=tuple(notes),
        id=rs_id or slugify(name),  # type: ignore[arg-type]
        based_on=based_on,
    )
    return rs, []


def validate_ruleset_dict(data: object) -> list[str]:
    """Vietnamese reasons why ``data`` (a parsed JSON file) is not a usable
    rule set; empty when it is."""
    return _build(data)[1]


def load_ruleset(source: str | Path | Mapping[str, Any]) -> RuleSet:
    """A rule set from a JSON file path or an already parsed dict.

    Raises :class:`RuleSetError` (with ``errors``, Vietnamese) for a file
    that is not JSON or does not validate."""
    if isinstance(source, Mapping):
        data: object = source
    else:
        path = Path(source)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise RuleSetError([f"Không đọc được tệp {path.name}: {exc.strerror or exc}"]) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = (
                f" (dòng {exc.lineno}, cột {exc.colno})"
                if isinstance(exc, json.JSONDecodeError)
                else ""
            )
            raise RuleSetError([f"Tệp {path.name} không phải JSON hợp lệ{where}"]) from None
    rs, errors = _build(data)
    if errors:
        raise RuleSetError(errors)
    assert rs is not None
    return rs


def load_rulesets_dir(folder: str | Path, *, builtin: bool = False) -> list[RuleSet]:
    """Every ``*.json`` rule set of a folder, sorted by effective date then
    name. A bad file raises :class:`RuleSetError` naming the file."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            rs = load_ruleset(path)
        except RuleSetError as exc:
            raise RuleSetError([f"{path.name}: {e}" for e in exc.errors]) from None
        out.append(dataclasses.replace(rs, builtin=builtin) if builtin else rs)
    out.sort(key=lambda r: (r.effective_from, r.name))
    return out


def builtin_rulesets() -> list[RuleSet]:
    """The national defaults shipped in ``resources/rules/``."""
    from ...paths import resource_path

    return load_rulesets_dir(resource_path("rules"), builtin=True)


def slugify(text: object) -> str:
    """ASCII id from a Vietnamese name: ``"Bắc Ninh 2025"`` → ``bac-ninh-2025``."""
    s = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "bo-quy-tac"
