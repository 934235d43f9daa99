"""The shape of the code, read from its source with ``ast``: no import circles
inside ``thidua_desktop``, and the layers point one way
(domain → store → services → ui; cli beside ui)."""
from __future__ import annotations

import ast
from pathlib import Path

import thidua_desktop

PACKAGE = Path(thidua_desktop.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imported(name: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement of module ``name`` names (absolute)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        base = node.module or ""
    else:
        package = name.split(".") if _is_package(name) else name.split(".")[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    # ``from pkg import mod`` imports the module pkg.mod when there is one
    return [base] + [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]


def _imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import of a module, those inside functions too (a circle through a
    function's import is still a circle), but not those under ``if TYPE_CHECKING:``."""
    typing_only = {id(inner) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                   for statement in node.body for inner in ast.walk(statement)}
    return [node for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in typing_only]


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


def import_graph(trees: dict[str, ast.Module]) -> dict[str, set[str]]:
    """Module → the project's modules it imports."""
    graph: dict[str, set[str]] = {}
    for name, tree in trees.items():
        targets = {t for node in _imports(tree) for t in _imported(name, node)}
        graph[name] = {t for t in targets if t in MODULES and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_no_import_circle_inside_the_package():
    assert cycles(import_graph(_trees())) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


#: layer → what none of its modules may import
FORBIDDEN = {
    "domain": ("thidua_desktop.store", "thidua_desktop.services", "thidua_desktop.ui", "thidua_desktop.cli",
               "PySide6", "shiboken6", "sqlite3", "sqlite_utils", "openpyxl", "reportlab"),
    "store": ("thidua_desktop.services", "thidua_desktop.ui", "thidua_desktop.cli", "PySide6", "shiboken6"),
    "services": ("thidua_desktop.ui", "thidua_desktop.cli", "PySide6", "shiboken6"),
    "ui": ("thidua_desktop.cli",),
    "cli": ("thidua_desktop.ui", "PySide6", "shiboken6"),
}


def test_the_layers_point_one_way():
    wrong = []
    for name, tree in _trees().items():
        parts = name.split(".")
        layer = parts[1] if len(parts) > 1 else ""
        for node in _imports(tree):
            for target in _imported(name, node):
                for forbidden in FORBIDDEN.get(layer, ()):
                    if target == forbidden or target.startswith(forbidden + "."):
                        wrong.append(f"{name} imports {target} (line {node.lineno})")
    assert wrong == []


def test_every_import_of_the_package_names_a_module_that_exists():
    """A relative import inside a function (run only when the user gets there) still points somewhere."""
    missing = []
    for name, tree in _trees().items():
        for node in _imports(tree):
            for target in _imported(name, node)[:1]:
                if target.startswith("thidua_desktop") and target not in MODULES:
                    missing.append(f"{name} line {node.lineno}: {target}")
    assert missing == []
