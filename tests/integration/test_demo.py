"""The demo task force tells a true, uneven story that every chart can show."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.domain import scoring
from assessments.domain.model import NotAllowed, Role
from assessments.domain.stage_counts import counts_of
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, demo, frameworks, installation


@pytest.fixture(scope="module")
def demo_scores(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    task_force = demo.load_demo(db, today=date(2026, 11, 23))
    framework = frameworks.framework_of_task_force(db, task_force)
    with UnitOfWork(db) as uow:
        demo_members = uow.task_forces.list_members(task_force.id)
        demo_cycles = uow.cycles.list_cycles(task_force.id)
    scores = {}
    for cycle in demo_cycles:
        with UnitOfWork(db) as uow:
            scores[cycle.label] = scoring.score_cycle(framework, counts_of(uow.cycles.cycle_answers(cycle.id), demo_members))
    yield db, task_force, framework, demo_members, demo_cycles, scores
    db.dispose()


def test_the_demo_has_enough_members_disciplines_and_cycles(demo_scores):
    db, task_force, framework, members, cycles, scores = demo_scores
    assert task_force.is_demo
    assert len(members) >= 12
    assert len({m.discipline for m in members}) >= 5
    assert sum(m.is_lead for m in members) == 1
    assert [m.name for m in members if m.role is Role.FUNDER] == [demo.DEMO_FUNDER]
    assert [c.label for c in cycles] == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [c.is_open for c in cycles] == [False] * 5 + [True]


def test_the_demo_shows_improvement_stalls_and_one_regression(demo_scores):
    db, task_force, framework, members, cycles, scores = demo_scores
    first, last_closed = scores["2025-Q3"], scores["2026-Q3"]
    change = {e.id: last_closed.element(e.id).score - first.element(e.id).score for e in framework.elements}
    improved = [e for e, delta in change.items() if delta >= 1]
    flat = [e for e, delta in change.items() if abs(delta) < 1]
    assert len(improved) >= 5 and len(flat) >= 3
    regressing = demo.regressing_element(framework)
    peak = max(scores[label].element(regressing).score for label in ("2025-Q4", "2026-Q1"))
    assert last_closed.element(regressing).score < peak
    assert last_closed.overall > first.overall


def test_the_demo_has_dont_knows_notes_and_non_latin_text(demo_scores):
    db, task_force, framework, members, cycles, scores = demo_scores
    with UnitOfWork(db) as uow:
        answers = uow.cycles.cycle_answers(cycles[-2].id)
    assert any(a.is_dont_know for a in answers)
    notes = [a.note for a in answers if a.note]
    assert notes
    assert any(a.note_in_report for a in answers)


def test_law_enforcement_and_victim_services_disagree_somewhere(demo_scores):
    *_, scores = demo_scores
    reasons = [r for e in scores["2026-Q3"].elements for r in e.disagreement_reasons]
    assert any("Law enforcement" in r and "Victim services" in r for r in reasons)


def test_the_demos_people_belong_to_the_demo_alone_and_explore_only_while_it_is_alone(demo_scores):
    db, task_force, *_ = demo_scores
    for role in (Role.LEAD, Role.MEMBER, Role.FUNDER):
        token = demo.explore_as(db, role)
        account = accounts.session_account(db, token)
        [(membership, held)] = accounts.my_task_forces(db, account.actor)
        assert held.id == task_force.id and membership.role is role and not account.is_admin
        assert not account.has_password  # nobody can sign in to the demo with a password
    frameworks.install_bundled_frameworks(db)
    installation.create_task_force_from_command_line(db, "A Real Task Force", "Real County", "r@real.example", "R", "labor")
    assert not demo.demo_alone(db)
    with pytest.raises(NotAllowed):
        demo.explore_as(db, Role.LEAD)


def test_exploring_as_the_demo_lead_cannot_reach_a_real_account(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'demo.db'}")
    demo.load_demo(db, today=date(2026, 11, 23), cycle_count=2)
    admin = accounts.create_first_administrator(db, "ada@county.example", "admin passphrase 12", "Ada").account
    demo_lead = accounts.session_account(db, demo.explore_as(db, Role.LEAD))
    [(membership, task_force)] = accounts.my_task_forces(db, demo_lead.actor)
    from assessments.usecases import team

    with pytest.raises(NotAllowed, match="existing account"):
        team.invite(db, demo_lead.actor, task_force.id, "ada@county.example", "Ada", "member", "labor")
    assert all(row.email != admin.email for row in team.team_status(db, demo_lead.actor, task_force.id).members)
    db.dispose()
