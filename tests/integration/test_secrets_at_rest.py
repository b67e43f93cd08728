"""Passwords and tokens never reach the database file, the log or the audit trail in clear."""

from __future__ import annotations

import logging
from pathlib import Path

from assessments.domain.model import Role
from assessments.usecases import accounts, team
from tests.conftest import make_member

ADMIN_PASSWORD = "admin passphrase 7 horses"
MEMBER_PASSWORD = "member passphrase 9 rivers"


def test_no_password_or_token_is_stored_or_logged_in_clear(db, task_force, sqlite_url, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    admin = accounts.create_administrator(db, "ada@county.example", ADMIN_PASSWORD, "Ada")
    lead = make_member(db, task_force, "Lee Lead", role=Role.LEAD, email="lee@county.example")
    invite = team.invite(db, lead.actor, task_force.id, "mo@county.example", "Mo", "member", "labor")
    signed = accounts.accept_link(db, invite.token, MEMBER_PASSWORD)
    session = accounts.sign_in(db, "mo@county.example", MEMBER_PASSWORD).token
    reset = team.new_link(db, lead.actor, task_force.id, _member_id(db, lead))
    secrets = [ADMIN_PASSWORD, MEMBER_PASSWORD, invite.token, signed.token, session, admin.token, reset.token]

    db.engine.dispose()  # let SQLite fold the write-ahead log into the file, then read every file it keeps
    folder = Path(sqlite_url.removeprefix("sqlite:///")).parent
    stored = b"".join(path.read_bytes() for path in folder.iterdir() if path.name.startswith("waypoint.db"))
    assert b"argon2id" in stored  # the hashes are there...
    for secret in secrets:
        assert secret.encode() not in stored  # ...and nothing in clear

    logged = caplog.text + "".join(capsys.readouterr())
    events = team.audit_log(db, admin.account.actor)
    trail = " ".join(f"{e.who} {e.action} {e.detail}" for e in events)
    assert events
    for secret in secrets:
        assert secret not in logged
        assert secret not in trail


def _member_id(db, lead) -> int:
    status = team.team_status(db, lead.actor, lead.task_force_id)
    return next(row.member.id for row in status.members if row.email == "mo@county.example")
