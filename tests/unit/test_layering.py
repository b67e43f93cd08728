"""The layers import one way only: ui -> usecases -> store -> domain, and only ui/
and the router import Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "streamlit_app.py"}
ASSESSMENTS = ROOT / "assessments"


def _python_files(under: Path = ROOT):
    for path in under.rglob("*.py"):
        relative = path.relative_to(ROOT)
        # The tests and the benchmark drive the app through Streamlit's AppTest, as a user's browser would.
        if relative.parts[0] in {"ui", "tests", "bench", ".git", "data", "node_modules"} or path in ALLOWED:
            continue
        yield path


def _modules(path: Path) -> set[str]:
    """Every module a file imports, with its full dotted name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


def _offenders(wing: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ASSESSMENTS / wing).rglob("*.py")
        for name in _modules(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_no_module_outside_ui_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in _python_files() if "streamlit" in _imports(p)]
    assert offenders == []


def test_the_core_never_imports_the_ui():
    offenders = [str(p.relative_to(ROOT)) for p in _python_files() if "ui" in _imports(p)]
    assert offenders == []


def test_the_check_sees_the_core_packages():
    seen = {p.relative_to(ROOT).parts[0] for p in _python_files()}
    assert {"roadmap", "assessments", "migrations"} <= seen


def test_assessments_holds_exactly_the_three_wings_and_the_command_line():
    modules = {p.name for p in ASSESSMENTS.glob("*.py")}
    folders = {p.name for p in ASSESSMENTS.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert modules == {"__init__.py", "__main__.py"}
    assert folders == {"domain", "store", "usecases"}


@pytest.mark.parametrize(
    ("wing", "forbidden"),
    [
        ("domain", ("assessments.store", "assessments.usecases", "sqlalchemy", "alembic", "streamlit", "reports")),
        ("store", ("assessments.usecases", "streamlit", "reports")),
        ("usecases", ("streamlit", "reports")),
    ],
)
def test_each_wing_imports_only_the_wings_below_it(wing, forbidden):
    assert _offenders(wing, forbidden) == []


def test_the_wing_check_sees_every_module_of_each_wing():
    for wing in ("domain", "store", "usecases"):
        assert len(list((ASSESSMENTS / wing).glob("*.py"))) >= 3, wing
