"""The pure core never imports Streamlit; only ui/ and the router do."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "streamlit_app.py"}


def _python_files():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"ui", "tests", ".git", "data"} or path in ALLOWED:
            continue
        yield path


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_ui_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in _python_files() if "streamlit" in _imports(p)]
    assert offenders == []


def test_the_core_never_imports_the_ui():
    offenders = [str(p.relative_to(ROOT)) for p in _python_files() if "ui" in _imports(p)]
    assert offenders == []


def test_the_check_sees_the_core_packages():
    seen = {p.relative_to(ROOT).parts[0] for p in _python_files()}
    assert {"roadmap", "assessments", "migrations"} <= seen
