"""The host's commands: the administrator from standard input, a task force with its first lead."""

from __future__ import annotations

import re
import subprocess
import sys

from assessments.store.database import ROOT, Database
from assessments.usecases import accounts

PASSWORD = "scripted install passphrase"


def run(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assessments", "--db", url, *args], input=stdin, capture_output=True, text=True,
        cwd=ROOT, timeout=120,
    )


def test_admin_create_reads_the_password_from_standard_input(sqlite_url):
    done = run(sqlite_url, "admin", "create", "IT@County.example", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "it@county.example" in done.stdout and PASSWORD not in done.stdout + done.stderr
    db = Database(sqlite_url)
    assert accounts.sign_in(db, "it@county.example", PASSWORD).account.is_admin
    db.dispose()


def test_admin_create_refuses_a_weak_password_and_changes_nothing(sqlite_url):
    done = run(sqlite_url, "admin", "create", "it@county.example", stdin="short\n")
    assert done.returncode == 1
    assert "at least 12 characters" in done.stderr
    db = Database(sqlite_url)
    assert accounts.needs_administrator(db)
    db.dispose()


def test_task_force_create_prints_a_link_the_lead_uses_to_sign_in(sqlite_url):
    done = run(sqlite_url, "task-force", "create", "Harbor City Task Force", "--lead", "nia@harbor.example",
               "--lead-name", "Nia Lead", "--base-url", "https://waypoint.harbor.example/")
    assert done.returncode == 0, done.stderr
    token = re.search(r"https://waypoint\.harbor\.example/\?link=([A-Za-z0-9_-]{43,})", done.stdout).group(1)
    db = Database(sqlite_url)
    signed = accounts.accept_link(db, token, PASSWORD)
    [(membership, task_force)] = accounts.my_task_forces(db, signed.account.actor)
    assert membership.is_lead and task_force.name == "Harbor City Task Force"
    db.dispose()
    again = run(sqlite_url, "task-force", "create", "Harbor City Task Force", "--lead", "x@harbor.example")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run(sqlite_url, "task-force", "create", "Bay Task Force", "--lead", "not-an-email")
    assert bad.returncode == 1 and "not an email address" in bad.stderr
