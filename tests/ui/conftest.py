"""The real app through AppTest, on a copy of a real SQLite file with the demo in it."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessments.domain import plan_rules
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, cycles, demo, task_forces

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
PAGES = sorted(set(re.findall(r'page\("(ui/[a-z_]+\.py)"', APP.read_text(encoding="utf-8"))))
TIMEOUT = 60


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = Database(f"sqlite:///{path}")
    demo.load_demo(db, today=date(2026, 11, 23))
    db.dispose()
    return path


def copy_for_the_app(template: Path, tmp_path: Path, monkeypatch) -> str:
    """A fresh copy of a prepared database, which the app under AppTest opens (DATABASE_URL)."""
    path = tmp_path / "waypoint.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path, monkeypatch) -> str:
    return copy_for_the_app(demo_template, tmp_path, monkeypatch)


def open_the_next_quarter(db: Database):
    """The demo's current quarter closed on 31 December and the next opened on 1 January, no answer yet."""
    lead = demo_member(db, demo.DEMO_LEAD)
    closed = cycles.list_cycles(db, lead.actor, lead.task_force_id)[-1]
    cycles.close_cycle_unchecked(db, closed.id, closed_at=datetime(2026, 12, 31, 17))
    opened = cycles.open_cycle_unchecked(db, lead.task_force_id, plan_rules.quarter_after(closed.label),
                                         opened_at=datetime(2027, 1, 1, 9))
    return lead, closed, opened


@pytest.fixture
def demo_db(demo_url: str):
    db = Database(demo_url)
    yield db
    db.dispose()


def app(page: str | None = None, member_id: int | None = None, token: str | None = None) -> AppTest:
    """The app, signed in as the account of this membership (through a real session) and
    working in its task force; or with the given session token."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if token is not None:
        at.session_state["session_token"] = token
    if member_id is not None:
        db = Database(os.environ["DATABASE_URL"])
        member = db_member(db, member_id)
        at.session_state["session_token"] = accounts.issue_session(db, member.account_id)
        at.session_state["task_force_id"] = member.task_force_id
        db.dispose()
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def db_member(db: Database, member_id: int):
    with UnitOfWork(db) as uow:
        return uow.task_forces.get_member(member_id)


def demo_member(db: Database, name: str):
    task_force = task_forces.find_task_force(db, demo.DEMO_TASK_FORCE)
    with UnitOfWork(db) as uow:
        return next(m for m in uow.task_forces.list_members(task_force.id) if m.name == name)
