"""hypothesis: whatever a backup or a paper-round file is mutated into, the import either
succeeds or refuses with its own ImportRefused; it never raises anything else (a crash in the
store, a KeyError, an overflow), and a refusal changes nothing."""

from __future__ import annotations

import itertools
import json
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from assessments.domain.imports import ImportRefused
from assessments.domain.model import Discipline, Role
from assessments.store.database import Database
from assessments.usecases import accounts, backups, consensus, cycles, frameworks, paper_round, planning, questionnaire
from tests.conftest import POSTGRES_URL, SMALL_FRAMEWORK_FILE, make_member, make_task_force, snapshot

PASSWORD = "the world's shared passphrase"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["M001", "M999", "IF-1", "2026-Q4", "2026-11-01T09:00:00", "2026-11-01T09:00:00+02:00",
                       "lead", "member", "funder", "open", "closed", "done", 2**70, -1, 0, 6, "", "\x00"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


@contextmanager
def scratch_postgres() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server: set WAYPOINT_TEST_POSTGRES_URL (bash .ci/run starts one)")
    name = f"waypoint_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_URL.rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def world(request, tmp_path_factory, framework):
    """One task force with a little of everything, and its backup renamed (on each backend: PostgreSQL
    refuses some text SQLite keeps, so a crash could hide on one)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('properties') / 'world.db'}"
        else:
            url = stack.enter_context(scratch_postgres())
        db = Database(url)
        stack.callback(db.dispose)
        yield _world(db, framework)


def _world(db: Database, framework) -> dict:
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = make_task_force(db, framework)
    lead = make_member(db, task_force, "Dana", Discipline.LAW_ENFORCEMENT, Role.LEAD, email="dana@tf.example")
    member = make_member(db, task_force, "Aisha", Discipline.VICTIM_SERVICES, email="aisha@tf.example")
    make_member(db, task_force, "Fay", None, Role.FUNDER, email="fay@tf.example")
    closed = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q3")
    for who in (lead, member):
        questionnaire.save_answer(db, who.actor, closed.id, "IF-1", 3, "Seen in two cases")
    consensus.record_consensus(db, lead.actor, closed.id, "IF-1", 4, "agreed at the meeting")
    questionnaire.submit_answers(db, member.actor, closed.id)
    cycles.close_cycle_unchecked(db, closed.id)
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    planning.set_target(db, lead.actor, task_force.id, cycle.id, "IF-1", 4, "2027-Q2")
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Write the MOU", cycle_id=cycle.id)
    planning.update_action(db, lead.actor, action.id, 1, {"note": "Patrol sergeant agreed"})
    planning.set_function_outcome(db, lead.actor, task_force.id, "IF", "Survivors are safer.")
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada").account
    document = json.loads(backups.backup_task_force(db, admin.actor, task_force.id))
    document["task_force"]["name"] = "Restored"
    return {"db": db, "admin": admin, "lead": lead, "cycle": cycle, "document": document}


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


NAMES = itertools.count()


def _mutated(document: dict, data) -> bytes:
    document = json.loads(json.dumps(document))
    document["task_force"]["name"] = f"Restored {next(NAMES):08d}"  # one length always; so that a restore is not refused for its name alone
    for _ in range(data.draw(st.integers(0, 3))):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "duplicate", "retype"]))
        if action == "retype" and isinstance(parent[path[-1]], str):  # a text for a text: often still valid
            parent[path[-1]] = data.draw(st.text(max_size=40))
        elif action == "delete":
            del parent[path[-1]]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[path[-1]])))
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)
    raw = json.dumps(document, ensure_ascii=False).encode()
    if data.draw(st.integers(0, 3)) == 0:
        cut = data.draw(st.integers(0, len(raw)))
        raw = raw[:cut] + data.draw(st.binary(max_size=4)) + raw[cut + 1:]
    return raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_backup_is_restored_or_refused_never_anything_else(world, data):
    raw = _mutated(world["document"], data)
    before = snapshot(world["db"])
    try:
        backups.restore_backup(world["db"], world["admin"].actor, raw, "mutated.json")
        event("restored")
    except ImportRefused as refused:
        event("refused")
        assert refused.problems and len(refused.problems) <= 50
        assert snapshot(world["db"]) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_any_text_in_a_backup_is_restored_exactly_or_refused(world, data):
    """Texts changed to anything: a restore that succeeds backs up to the same texts, cleaned."""
    document = json.loads(json.dumps(world["document"]))
    document["task_force"]["name"] = f"Retyped {next(NAMES):08d}"
    texts = [p for p in _paths(document) if p and isinstance(_at(document, p), str)
             and p[-1] in ("note", "rationale", "title", "owner", "text", "jurisdiction", "organisation", "new_value")]
    for path in data.draw(st.lists(st.sampled_from(texts), min_size=1, max_size=4)):
        _at(document, path[:-1])[path[-1]] = data.draw(st.text(max_size=60))
    try:
        restored = backups.restore_backup(world["db"], world["admin"].actor, json.dumps(document).encode())
    except ImportRefused as refused:
        event("refused")
        assert all(": " in problem for problem in refused.problems)
        return
    event("restored")
    again = json.loads(backups.backup_task_force(world["db"], world["admin"].actor, restored.task_force.id))
    for path in texts:
        typed, stored = _at(document, path), _at(again, path)
        typed = unicodedata.normalize("NFC", typed.replace("\r\n", "\n").replace("\r", "\n"))
        assert stored in (typed.strip(), " ".join(typed.split())), (path, typed, stored)  # as clean() stores it


def _at(document, path):
    for step in path:
        document = document[step]
    return document


ODD_CELLS = st.sampled_from(["", "=1+1", "\"", ",", "\n", "\x00", "7", "M999"]) | st.text(max_size=12)


def _mostly(*valid: str):
    return st.one_of(*[st.sampled_from(valid)] * 12, ODD_CELLS)


GOOD_ROWS = st.tuples(
    _mostly("M001", "M002", "M003", "dana@tf.example", "AISHA@tf.example"),
    _mostly("", "Law enforcement", "victim_services"),
    _mostly("IF-1", "IF-2", "CO-1", "CO-2", "DR-1"),
    _mostly("1", "3", "5", "don't know"),
    _mostly("", "Seen in two cases", "=HYPERLINK(1)", "ok, \"quoted\""),
).map(lambda cells: ",".join('"' + c.replace('"', '""') + '"' if c.startswith("ok") else c for c in cells))
ROWS = st.one_of(GOOD_ROWS, GOOD_ROWS, GOOD_ROWS, st.lists(ODD_CELLS, max_size=7).map(",".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROWS, max_size=4), header=st.sampled_from([True, True, True, False]),
       tail=st.just(b"") | st.binary(max_size=6))
def test_a_random_paper_round_is_imported_or_refused_never_anything_else(world, rows, header, tail):
    lines = (["member,discipline,element_id,stage,note"] if header else []) + rows
    raw = "\n".join(lines).encode() + tail
    before = snapshot(world["db"])
    try:
        paper_round.import_paper_round(world["db"], world["lead"].actor, world["cycle"].id, raw, "random.csv")
        event("imported")
    except ImportRefused as refused:
        event("refused")
        assert refused.problems
        assert snapshot(world["db"]) == before
