"""The layers point one way: core imports nothing of the project, no lower layer imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "illdesk"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", ["core", "store", "services", "interop"])
def test_no_qt_below_the_ui(layer: str) -> None:
    for path in (SRC / layer).rglob("*.py"):
        assert not any(name.startswith("PySide6") for name in imports_of(path)), path


def test_core_depends_on_nothing_else_of_the_project() -> None:
    for path in (SRC / "core").rglob("*.py"):
        project = {n for n in imports_of(path) if n.startswith("illdesk")}
        assert all(n.startswith("illdesk.core") for n in project), (path, project)


def test_store_never_imports_services_or_ui() -> None:
    for path in (SRC / "store").rglob("*.py"):
        bad = {n for n in imports_of(path) if n.startswith(("illdesk.services", "illdesk.ui"))}
        assert not bad, (path, bad)
