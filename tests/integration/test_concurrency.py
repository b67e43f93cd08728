"""Saves that race each other, and a close that races saves, with forced interleavings,
on a real SQLite file and a real PostgreSQL server.

A Gate holds one named thread just before a chosen statement, so the interleaving
that loses answers with select-then-insert, or lets one land after a close, happens
every time instead of one run in twenty.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import event, select

from assessments.domain.model import Discipline, DomainError
from assessments.store.database import Database
from assessments.store.rows import AnswerRow
from assessments.usecases import cycles, questionnaire
from tests.conftest import make_member


class Gate:
    """Stops the thread named ``thread`` just before its first statement that starts with
    ``prefix`` (case-insensitive), until released."""

    def __init__(self, db: Database, thread: str, prefix: str) -> None:
        self.thread, self.prefix = thread, prefix.upper()
        self.reached, self.released = threading.Event(), threading.Event()
        self._engine = db.engine
        event.listen(self._engine, "before_cursor_execute", self._hold)

    def _hold(self, _connection, _cursor, statement, *_args) -> None:
        if threading.current_thread().name == self.thread and not self.reached.is_set() \
                and statement.lstrip().upper().startswith(self.prefix):
            self.reached.set()
            self.released.wait(30)

    def open(self) -> None:
        self.released.set()

    def remove(self) -> None:
        """After the threads are done: removing a listener while one runs would break the other."""
        event.remove(self._engine, "before_cursor_execute", self._hold)


class Worker(threading.Thread):
    """A thread that runs one use case and keeps what it returned or raised."""

    def __init__(self, name: str, work: Callable[[], object]) -> None:
        super().__init__(name=name, daemon=True)
        self.work, self.result, self.error = work, None, None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as error:  # noqa: BLE001 - the test reports whatever reached the member
            self.error = error


@pytest.fixture
def world(open_cycle_world):
    w = open_cycle_world
    return w["db"], w["cycle"], w["lead"], w["member"]


def _answer_rows(db: Database) -> list[tuple]:
    with db.engine.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(
            select(AnswerRow.cycle_id, AnswerRow.member_id, AnswerRow.element_id, AnswerRow.stage, AnswerRow.note)
        ))


def test_two_racing_first_saves_of_one_answer_leave_one_row_and_no_error(world):
    db, cycle, _, member = world
    gate = Gate(db, "first", "INSERT INTO answers")
    first = Worker("first", lambda: questionnaire.save_answer(db, member.actor, cycle.id, "IF-1", 2, "from the laptop"))
    second = Worker("second", lambda: questionnaire.save_answer(db, member.actor, cycle.id, "IF-1", 4, "from the phone"))
    try:
        first.start()
        assert gate.reached.wait(10), "the first save never reached its insert"
        second.start()
        second.join(1.0)  # it either saved already (PostgreSQL) or waits for the first's lock (SQLite)
    finally:
        gate.open()
    first.join(30)
    second.join(30)
    gate.remove()
    assert (first.error, second.error) == (None, None)
    rows = _answer_rows(db)
    assert len(rows) == 1
    # Whichever committed last is what the member sees; both saves were whole.
    assert rows[0][3:] in {(2, "from the laptop"), (4, "from the phone")}


def test_a_close_waits_for_a_save_that_checked_the_cycle_open(world):
    db, cycle, lead, member = world
    questionnaire.save_answer(db, member.actor, cycle.id, "IF-2", 3)
    gate = Gate(db, "save", "INSERT INTO answers")
    at_close: list[list[tuple]] = []

    def close_and_look():
        closed = cycles.close_cycle(db, lead.actor, cycle.id)
        at_close.append(_answer_rows(db))
        return closed

    save = Worker("save", lambda: questionnaire.save_answer(db, member.actor, cycle.id, "IF-1", 4, "late but in time"))
    close = Worker("close", close_and_look)
    try:
        save.start()
        assert gate.reached.wait(10), "the save never reached its insert"
        close.start()
        close.join(1.0)  # with the lock, the close cannot finish while the save holds the cycle
    finally:
        gate.open()
    save.join(30)
    close.join(30)
    gate.remove()
    assert (save.error, close.error) == (None, None)
    # Nothing changed after the close committed: what it saw is what stays.
    assert _answer_rows(db) == at_close[0]
    assert (cycle.id, member.id, "IF-1", 4, "late but in time") in at_close[0]


def test_a_save_after_the_close_is_refused_and_changes_nothing(world):
    db, cycle, lead, member = world
    questionnaire.save_answer(db, member.actor, cycle.id, "IF-1", 2)
    cycles.close_cycle(db, lead.actor, cycle.id)
    before = _answer_rows(db)
    with pytest.raises(DomainError, match="closed"):
        questionnaire.save_answer(db, member.actor, cycle.id, "IF-1", 5)
    assert _answer_rows(db) == before


def test_many_members_saving_at_once_lose_and_double_nothing(open_cycle_world, framework):
    db, cycle = open_cycle_world["db"], open_cycle_world["cycle"]
    people = [make_member(db, open_cycle_world["task_force"], f"Member {i}", Discipline.NGO) for i in range(8)]
    elements = [e.id for e in framework.elements]

    def answer_all(person):
        for element_id in elements:
            questionnaire.save_answer(db, person.actor, cycle.id, element_id, 3)
            questionnaire.save_answer(db, person.actor, cycle.id, element_id, 4)

    workers = [Worker(f"member-{i}", lambda p=p: answer_all(p)) for i, p in enumerate(people)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.error for w in workers] == [None] * len(workers)
    rows = _answer_rows(db)
    assert len(rows) == len(people) * len(elements)
    assert {row[3] for row in rows} == {4}
