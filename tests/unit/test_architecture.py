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


# ---------------------------------------------------------------- the window through services
# (docs/decisions/0005-window-through-services.md; ruff's banned-api rule in src/illdesk/ui and
# src/illdesk/cli says the same at lint time)

DATABASE_LAYER = ("illdesk.store", "sqlalchemy", "alembic")


def _front_ends() -> list[Path]:
    return [*(SRC / "ui").rglob("*.py"), *(SRC / "cli").rglob("*.py"), SRC / "app.py"]


@pytest.mark.parametrize("path", _front_ends(), ids=lambda p: str(p.relative_to(SRC)))
def test_the_window_and_the_command_line_never_import_the_database_layer(path: Path) -> None:
    # Every import counts, the ones inside functions too: a late import is still a way past
    # the services.
    bad = {n for n in imports_of(path) if n.startswith(DATABASE_LAYER)}
    assert not bad, (path, bad)


def test_no_unit_of_work_is_made_in_the_window_or_the_command_line() -> None:
    for path in _front_ends():
        assert "UnitOfWork(" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(
    "layer",
    ["ui", "cli", "core", "store", "services", "printing", "devices", "interop", "resources"],
)
def test_modules_stay_small(layer: str) -> None:
    """One job per module: past about 450 lines a module is split by responsibility."""
    modules = list((SRC / layer).rglob("*.py"))
    assert modules, layer
    for path in modules:
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 450, (path, lines)


def test_the_package_root_holds_only_entry_points() -> None:
    loose = {path.name for path in SRC.glob("*.py")}
    assert loose <= {"__init__.py", "__main__.py", "app.py"}, loose


def _loaded_after(statement: str) -> set[str]:
    import subprocess
    import sys

    probe = (
        f"import sys; {statement}; "
        "print(' '.join(m for m in ('sqlalchemy', 'alembic', 'reportlab', 'keyring') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return set(done.stdout.split())


def test_the_first_screen_loads_no_database_or_pdf_library() -> None:
    # What the window needs before it is on screen (the cold start of docs/performance.md).
    assert _loaded_after("import illdesk.app, illdesk.ui.main_window") == set()


def test_reading_the_command_line_loads_no_database_or_pdf_library() -> None:
    # `illdesk` with no command is the window: parsing must not load what the window defers.
    assert _loaded_after("from illdesk.cli import build_parser; build_parser()") == set()


def test_the_command_line_spells_desk_modes_and_documents_as_the_services_do() -> None:
    from illdesk.cli.parser import DESK_MODES
    from illdesk.cli.print_parser import PRINT_DOCUMENTS
    from illdesk.services.desk.scan import DeskMode
    from illdesk.services.printing.documents import DocumentType

    assert set(DESK_MODES) == {m.value for m in DeskMode}
    assert set(PRINT_DOCUMENTS) == {d.value for d in DocumentType}


def test_the_gui_thread_never_reads_the_scan_workers_state() -> None:
    # ScanDesk._state belongs to the writer thread: only functions handed to it (nested in a
    # method) touch it; the GUI keeps the copy each answer brings (`shown_state`).
    tree = ast.parse((SRC / "ui" / "scan_desk.py").read_text(encoding="utf-8"))
    desk = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ScanDesk")
    on_gui_thread: list[str] = []
    for method in desk.body:
        if not isinstance(method, ast.FunctionDef) or method.name == "__init__":
            continue
        nested = {
            id(inner)
            for node in ast.walk(method)
            if isinstance(node, ast.FunctionDef | ast.Lambda) and node is not method
            for inner in ast.walk(node)
        }
        for node in ast.walk(method):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "_state"
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and id(node) not in nested
            ):
                on_gui_thread.append(f"{method.name}:{node.lineno}")
    assert on_gui_thread == []
