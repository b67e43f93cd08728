"""Migration 0003 turns access-code members into accounts without losing a member or an answer,
on SQLite (whose table copies must not cascade) and on PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from assessments.store.database import Database, alembic_config, make_engine
from assessments.usecases import accounts

NOW = datetime(2026, 10, 1, 9, 0)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


def _database_at_0002(url: str) -> None:
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0002")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO task_forces (id, name, jurisdiction, framework_id, framework_version, is_demo, created_at) "
            "VALUES (1, 'Old Task Force', 'Old County', 'small', '1.0', false, :now)"), {"now": NOW})
        for member_id, name, role in [(1, 'Lena Lead', 'lead'), (2, 'Mo Member', 'member'), (3, 'Nia Member', 'member')]:
            connection.execute(text(
                "INSERT INTO members (id, task_force_id, name, discipline, role, organisation, access_code_hash) "
                "VALUES (:id, 1, :name, 'labor', :role, '', 'scrypt$c2FsdA==$ZGlnZXN0')"),
                {"id": member_id, "name": name, "role": role})
        connection.execute(text(
            "INSERT INTO cycles (id, task_force_id, label, framework_id, framework_version, status, opened_at) "
            "VALUES (1, 1, '2026-Q4', 'small', '1.0', 'open', :now)"), {"now": NOW})
        for member_id in (1, 2, 3):
            connection.execute(text(
                "INSERT INTO answers (cycle_id, member_id, element_id, stage, note, note_in_report, updated_at) "
                "VALUES (1, :member, 'A.1', :stage, 'a note', false, :now)"), {"member": member_id, "stage": member_id, "now": NOW})
            connection.execute(text(
                "INSERT INTO submissions (cycle_id, member_id, submitted_at) VALUES (1, :member, :now)"),
                {"member": member_id, "now": NOW})
        connection.execute(text(
            "INSERT INTO consensus (cycle_id, element_id, stage, rationale, recorded_by, recorded_at) "
            "VALUES (1, 'A.1', 2, 'agreed', 1, :now)"), {"now": NOW})
    engine.dispose()


def test_every_member_and_answer_survives_and_access_codes_go(url):
    _database_at_0002(url)
    db = Database(url)  # migrates to the newest revision
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answers")).scalar() == 3
        assert connection.execute(text("SELECT count(*) FROM submissions")).scalar() == 3
        assert connection.execute(text("SELECT recorded_by FROM consensus")).scalar() == 1
        rows = connection.execute(text(
            "SELECT m.name, a.display_name, a.email, a.password_hash FROM members m JOIN accounts a ON a.id = m.account_id "
            "ORDER BY m.id")).all()
    assert [tuple(r) for r in rows] == [
        ("Lena Lead", "Lena Lead", None, None), ("Mo Member", "Mo Member", None, None), ("Nia Member", "Nia Member", None, None),
    ]
    assert "access_code_hash" not in {c["name"] for c in inspect(db.engine).get_columns("members")}
    # Nobody can sign in until the host creates the administrator from the command line (the
    # sign-in page must not let a stranger claim an installation that holds a real task force),
    # and a link reaches each member.
    assert not accounts.needs_administrator(db)
    db.dispose()
