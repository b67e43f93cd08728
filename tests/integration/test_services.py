"""Use cases: each either succeeds whole or leaves the database exactly as it was."""

from __future__ import annotations

import pytest

from assessments.domain.model import NOTE_MAX_CHARS, Discipline, DomainError, NotAllowed, Role
from assessments.usecases import cycles, frameworks, members, questionnaire, task_forces
from tests.conftest import SMALL_FRAMEWORK_FILE, make_member, snapshot


@pytest.fixture
def cycle(db, task_force):
    return cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")


def test_answering_saves_at_once_and_reads_back(db, task_force, cycle):
    member = make_member(db, task_force, "Aisha")
    questionnaire.record_answer(db, member.actor, cycle.id, "IF-1", 3, "MOU signed in May")
    questionnaire.record_answer(db, member.actor, cycle.id, "IF-2", None)
    answers = {a.element_id: a for a in questionnaire.my_answers(db, member.actor, cycle.id)}
    assert answers["IF-1"].stage == 3 and answers["IF-1"].note == "MOU signed in May"
    assert answers["IF-2"].is_dont_know


@pytest.mark.parametrize(
    "use_case, message",
    [
        (lambda db, tf, c, m: questionnaire.record_answer(db, m.actor, c.id, "IF-1", 3, "x" * (NOTE_MAX_CHARS + 1)), "5,001 characters"),
        (lambda db, tf, c, m: questionnaire.record_answer(db, m.actor, c.id, "IF-1", 6), "Stage 6 does not exist"),
        (lambda db, tf, c, m: questionnaire.record_answer(db, m.actor, c.id, "XX-9", 2), "not part of the framework"),
        (lambda db, tf, c, m: cycles.open_cycle_unchecked(db, tf.id, "2027-Q1"), "still open"),
        (lambda db, tf, c, m: cycles.open_cycle_unchecked(db, tf.id, "2026 Q4"), "YYYY-QN"),
        (lambda db, tf, c, m: task_forces.create_task_force(db, tf.name, "Elsewhere", frameworks.get_framework(db, tf.framework_id, tf.framework_version)), "already exists"),
        (lambda db, tf, c, m: members.add_member(db, tf.id, "Aisha", Discipline.NGO, Role.MEMBER, email="aisha@county.example"), "already a member"),
        (lambda db, tf, c, m: members.add_member(db, tf.id, "Bo", "astrologer", Role.MEMBER), "disciplines"),
        (lambda db, tf, c, m: members.add_member(db, tf.id, "Bo", Discipline.NGO, Role.MEMBER, email="bo at county"), "not an email address"),
        (lambda db, tf, c, m: members.add_member(db, tf.id, "  ", Discipline.NGO, Role.MEMBER), "name"),
        (lambda db, tf, c, m: frameworks.add_framework(db, b"id: [", "broken.yaml"), "broken.yaml: cannot be used as a framework; fix this problem [^\n]*:\n  not valid YAML"),
    ],
)
def test_a_refused_use_case_changes_nothing(db, task_force, cycle, use_case, message):
    member = make_member(db, task_force, "Aisha", email="aisha@county.example")
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        use_case(db, task_force, cycle, member)
    assert snapshot(db) == before


def test_answering_a_closed_cycle_is_refused_and_writes_nothing(db, task_force, cycle):
    member = make_member(db, task_force, "Aisha")
    cycles.close_cycle_unchecked(db, cycle.id)
    before = snapshot(db)
    with pytest.raises(DomainError, match="closed"):
        questionnaire.record_answer(db, member.actor, cycle.id, "IF-1", 2)
    assert snapshot(db) == before


def test_a_member_of_another_task_force_cannot_answer_or_read(db, framework, task_force, cycle):
    other = task_forces.create_task_force(db, "Other", "Elsewhere", framework)
    outsider = make_member(db, other, "Outsider")
    with pytest.raises(NotAllowed):
        questionnaire.record_answer(db, outsider.actor, cycle.id, "IF-1", 2)
    with pytest.raises(NotAllowed):
        questionnaire.my_answers(db, outsider.actor, cycle.id)


def test_a_signed_out_actor_can_neither_answer_nor_read(db, task_force, cycle):
    make_member(db, task_force, "Aisha")
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        questionnaire.record_answer(db, None, cycle.id, "IF-1", 2)
    with pytest.raises(NotAllowed):
        questionnaire.my_answers(db, None, cycle.id)
    assert snapshot(db) == before


def test_a_cycle_records_the_framework_version_it_opened_with(db, task_force, cycle):
    assert (cycle.framework_id, cycle.framework_version) == (task_force.framework_id, task_force.framework_version)


def test_storing_the_same_framework_twice_is_harmless_but_changed_content_needs_a_new_version(db, framework):
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), "again.yaml")
    changed = SMALL_FRAMEWORK_FILE.read_text(encoding="utf-8").replace("Shared goals", "Common goals")
    before = snapshot(db)
    with pytest.raises(DomainError, match="new id or version"):
        frameworks.add_framework(db, changed, "changed.yaml")
    assert snapshot(db) == before
    bumped = changed.replace("version: '0.1'", "version: '0.2'")
    assert frameworks.add_framework(db, bumped, "bumped.yaml").version == "0.2"
    assert [f.version for f in frameworks.list_frameworks(db)] == ["0.1", "0.2"]
