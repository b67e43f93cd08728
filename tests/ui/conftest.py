"""The real app through AppTest, on a copy of a real SQLite file with the demo in it."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessments.store.database import Database
from assessments.usecases import demo, members, task_forces

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
PAGES = re.findall(r'st\.Page\("(ui/[a-z_]+\.py)"', APP.read_text(encoding="utf-8"))
TIMEOUT = 60


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = Database(f"sqlite:///{path}")
    demo.load_demo(db, today=date(2026, 11, 23))
    db.dispose()
    return path


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path, monkeypatch) -> str:
    path = tmp_path / "waypoint.db"
    shutil.copy(demo_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def demo_db(demo_url: str):
    db = Database(demo_url)
    yield db
    db.dispose()


def app(page: str | None = None, member_id: int | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if member_id is not None:
        at.session_state["signed_in_member_id"] = member_id
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def demo_member(db: Database, name: str):
    task_force = task_forces.find_task_force(db, demo.DEMO_TASK_FORCE)
    return next(m for m in members.list_members(db, task_force.id) if m.name == name)
