"""The shape of the code: no import loops, and imports only go downwards.

Every ``import`` statement of ``src/faqdesk`` counts — at module level, inside functions and
under ``TYPE_CHECKING`` — because each is a dependency a reader must hold in their head.
Layers, top to bottom: ``cli`` → ``commands`` / ``ui`` → ``core``. The core imports neither Qt
nor the package root; among the core's domains only the listed dependencies exist; the modules
at the top of ``core/`` (problems, text, paths, log, scripts, version) import no domain.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: Which core domain may import which (new domains add a line).
DOMAIN_DEPENDENCIES: dict[str, set[str]] = {
    "content": set(),
    "search": {"content"},
    "contacts": set(),
    "compose": {"content"},
    "cases": {"contacts", "compose"},
    "sync": {"contacts", "cases"},
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``root``, by dotted name."""
    return {module_name(path, root): path for path in sorted((root / package).rglob("*.py"))}


def imports_of(name: str, path: Path, known: Iterable[str]) -> Iterator[str]:
    """The modules of ``known`` that ``name`` (at ``path``) imports, one per import statement
    target (``from a import b`` names ``a.b`` when that is a module, else ``a``)."""
    known = set(known)
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                yield target if target in known else base


def graph(root: Path, package: str) -> dict[str, set[str]]:
    """``module -> the package's modules it imports``."""
    found = modules(root, package)
    return {
        name: {target for target in imports_of(name, path, found) if target in found}
        for name, path in found.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module, and modules importing
    themselves (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges.get(node, ()):
                    found.append(sorted(group))
    return found


def layer_violations(root: Path, package: str = "faqdesk") -> list[str]:
    """Imports that go the wrong way, as ``importer -> imported`` lines."""
    found = modules(root, package)
    wrong: list[str] = []
    for name, path in found.items():
        for target in set(imports_of(name, path, found)):
            if _forbidden(name, target):
                wrong.append(f"{name} -> {target}")
    return sorted(wrong)


def _domain(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 3 and parts[1] == "core" and parts[2] in DOMAIN_DEPENDENCIES:
        return parts[2]
    return None


def _forbidden(importer: str, target: str) -> bool:
    def under(name: str, prefix: str) -> bool:
        return name == prefix or name.startswith(prefix + ".")

    root = importer.split(".")[0]
    if target == root and importer != root:
        return True  # nothing imports the package root
    if under(importer, f"{root}.core"):
        if any(under(target, f"{root}.{top}") for top in ("ui", "commands", "cli")):
            return True
        if target.split(".")[0] in {"PySide6", "PyQt6", "shiboken6"}:
            return True
        mine, theirs = _domain(importer), _domain(target)
        if theirs is not None and mine != theirs:
            return mine is None or theirs not in DOMAIN_DEPENDENCIES[mine]
    if under(importer, f"{root}.ui"):
        return under(target, f"{root}.commands") or under(target, f"{root}.cli")
    if under(importer, f"{root}.commands"):
        return under(target, f"{root}.ui") or under(target, f"{root}.cli")
    return False


# --------------------------------------------------------------------------- the real tree


def test_faqdesk_has_no_import_loop() -> None:
    assert cycles(graph(SRC, "faqdesk")) == []


def test_imports_only_go_downwards() -> None:
    assert layer_violations(SRC) == []


MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80


def test_no_file_or_function_is_too_long_to_read() -> None:
    """A file past 500 lines or a function past 80 is asking to be split along its jobs."""
    too_long: list[str] = []
    for path in sorted((SRC / "faqdesk").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(SRC)
        if source.count("\n") > MAX_FILE_LINES:
            too_long.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    assert too_long == []


# --------------------------------------------------------------------------- the checker itself


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_loop_through_a_function_level_and_a_type_checking_import_is_found(
    tmp_path: Path,
) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/a.py": "def f():\n    from pkg.core import b\n",
            "core/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from .a import f\n",
            "core/c.py": "from pkg.core.a import f\n",
        },
    )
    assert cycles(graph(root, "pkg")) == [["pkg.core.a", "pkg.core.b"]]


@pytest.mark.parametrize(
    ("importer", "line", "expected"),
    [
        ("core/search/x.py", "from pkg.ui.thing import y\n", ["pkg.core.search.x -> pkg.ui.thing"]),
        ("core/search/x.py", "from pkg import anything\n", ["pkg.core.search.x -> pkg"]),
        ("core/search/x.py", "from PySide6.QtCore import QObject\n", None),
        ("core/contacts/x.py", "from pkg.core.search import y\n", None),
        ("core/problems.py", "from pkg.core.content import y\n", None),
        ("ui/w.py", "from pkg.commands import c\n", ["pkg.ui.w -> pkg.commands.c"]),
        ("core/search/x.py", "from pkg.core.content import y\n", []),
        ("ui/w.py", "from pkg.core.search import y\n", []),
    ],
)
def test_upward_and_sideways_imports_are_found(
    tmp_path: Path, importer: str, line: str, expected: list[str] | None
) -> None:
    files = {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/search/__init__.py": "",
        "core/search/y.py": "",
        "core/content/__init__.py": "",
        "core/content/y.py": "",
        "ui/__init__.py": "",
        "ui/thing.py": "",
        "commands/__init__.py": "",
        "commands/c.py": "",
        importer: line,
    }
    found = layer_violations(_tree(tmp_path, files), "pkg")
    if expected is None:
        assert len(found) == 1, found  # the exact target name is the checker's business
    else:
        assert found == expected
