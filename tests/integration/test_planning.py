"""The improvement plan on a real database: carried over, never silently overwritten,
and changed only by the lead."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from assessments.domain.model import ActionStatus, DomainError, NotAllowed, NotFound, Role
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, planning
from assessments.usecases.demo import quarters_ending
from tests.conftest import make_member, make_task_force, snapshot

TODAY = date.today()
(PREVIOUS, PREVIOUS_START), (CURRENT, CURRENT_START) = quarters_ending(TODAY, 2)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)


@pytest.fixture
def setting(any_db, framework):
    """A task force with a lead, a member, a closed previous cycle and an open current one,
    where IF-1 stands at stage 2 and IF-2 at stage 4 by consensus."""
    db = any_db
    task_force = make_task_force(db, framework)
    lead = make_member(db, task_force, "Dana Whitfield", role=Role.LEAD)
    member = make_member(db, task_force, "Aisha Karimi")
    previous = cycles.open_cycle_unchecked(db, task_force.id, PREVIOUS, opened_at=at(PREVIOUS_START))
    cycles.close_cycle_unchecked(db, previous.id, closed_at=at(CURRENT_START - timedelta(days=2)))
    current = cycles.open_cycle_unchecked(db, task_force.id, CURRENT, opened_at=at(CURRENT_START))
    with UnitOfWork(db, writes=True) as uow:
        for cycle in (previous, current):
            uow.cycles.put_consensus(cycle.id, "IF-1", 2, "", lead.id)
            uow.cycles.put_consensus(cycle.id, "IF-2", 4, "", lead.id)
        uow.changed(task_force.id)
        uow.commit()
    return db, task_force, lead, member, previous, current


def test_an_open_action_is_carried_into_the_next_cycle_once_with_its_history_and_a_done_one_is_not(setting):
    db, task_force, lead, member, previous, current = setting
    during_previous = at(PREVIOUS_START + timedelta(days=10))
    open_action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals",
                                      owner="Aisha Karimi", due_date=TODAY + timedelta(days=60), at=during_previous)
    done_action = planning.add_action(db, lead.actor, task_force.id, "IF-2", "Name a backup contact per agency",
                                      owner="County Health Department", at=during_previous)
    planning.update_action(db, lead.actor, open_action.id, 1, {"due_date": TODAY + timedelta(days=90)},
                           at=during_previous + timedelta(days=20))
    planning.update_action(db, lead.actor, done_action.id, 1, {"status": "done"}, at=during_previous + timedelta(days=30))

    plan = planning.plan_for_cycle(db, lead.actor, task_force.id, current.id)

    assert [item.action.id for item in plan.open_actions] == [open_action.id]
    carried = plan.open_actions[0]
    assert carried.carried_over
    assert [c.field for c in carried.history] == ["created", "due_date"]
    assert carried.history[-1].changed_by == lead.id
    assert [item.action.id for item in plan.done_since_last_cycle] == [done_action.id]
    assert plan.previous_cycle_label == PREVIOUS


def test_an_older_cycle_shows_its_plan_as_it_stood_then(setting):
    db, task_force, lead, member, previous, current = setting
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals", owner="Aisha Karimi",
                                 at=at(PREVIOUS_START + timedelta(days=10)))
    planning.update_action(db, lead.actor, action.id, 1, {"status": ActionStatus.DONE}, at=at(CURRENT_START + timedelta(days=3)))

    then = planning.plan_for_cycle(db, lead.actor, task_force.id, previous.id)
    now = planning.plan_for_cycle(db, lead.actor, task_force.id, current.id)

    assert [(i.action.id, i.action.status) for i in then.open_actions] == [(action.id, ActionStatus.PLANNED)]
    assert not then.done_since_last_cycle
    assert not now.open_actions and [i.action.id for i in now.done_since_last_cycle] == [action.id]


def test_the_second_of_two_leads_editing_the_same_action_is_refused_and_told_why(setting, framework):
    db, task_force, lead, member, previous, current = setting
    second_lead = make_member(db, task_force, "Helen Okafor", role=Role.LEAD)
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals")
    loaded_by_both = action.version

    planning.update_action(db, lead.actor, action.id, loaded_by_both, {"owner": "County Health Department"})
    before = snapshot(db)
    with pytest.raises(DomainError, match=r"changed by Dana Whitfield .*\(owner\) after you loaded it.*Nothing was saved"):
        planning.update_action(db, second_lead.actor, action.id, loaded_by_both, {"owner": "Aisha Karimi", "title": "Other"})

    assert snapshot(db) == before
    [saved] = planning.list_actions(db, lead.actor, task_force.id)
    assert (saved.owner, saved.title, saved.version) == ("County Health Department", "Draft the shared goals", 2)


def test_every_changed_field_is_kept_with_who_and_when(setting):
    db, task_force, lead, member, previous, current = setting
    moment = at(TODAY)
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals",
                                 due_date=TODAY + timedelta(days=30), at=moment - timedelta(hours=1))
    saved = planning.update_action(db, lead.actor, action.id, 1, {
        "owner": "Nguyễn Thị Mai", "due_date": (TODAY + timedelta(days=75)).isoformat(),
        "status": "in_progress", "title": "Draft the shared goals",  # unchanged: no history line
    }, at=moment)
    planning.pin_action(db, lead.actor, action.id, at=moment + timedelta(hours=1))

    history = planning.action_history(db, lead.actor, action.id)
    assert [(c.field, c.old_value, c.new_value) for c in history[1:4]] == [
        ("owner", "", "Nguyễn Thị Mai"),
        ("due_date", (TODAY + timedelta(days=30)).isoformat(), (TODAY + timedelta(days=75)).isoformat()),
        ("status", "planned", "in_progress"),
    ]
    assert all(c.changed_by == lead.id and c.changed_at == moment for c in history[1:4])
    assert history[-1].field == "pinned"
    assert saved.version == 2 and planning.list_actions(db, lead.actor, task_force.id)[0].version == 2  # pinning is not content


def test_a_target_defaults_to_one_stage_up_two_quarters_out_and_keeps_its_history(setting):
    db, task_force, lead, member, previous, current = setting
    target = planning.set_target(db, lead.actor, task_force.id, current.id, "IF-1")
    two_out = quarters_ending(TODAY + timedelta(days=190), 1)[0][0]
    assert (target.target_stage, target.by_cycle_label, target.set_by) == (3, two_out, lead.id)

    planning.set_target(db, lead.actor, task_force.id, current.id, "IF-1", 4, "2099-Q1")
    assert [(t.element_id, t.target_stage) for t in planning.list_targets(db, lead.actor, task_force.id)] == [("IF-1", 4)]
    history = planning.target_history(db, lead.actor, task_force.id, "IF-1")
    assert [(c.field, c.old_value, c.new_value) for c in history[2:]] == [
        ("target_stage", "3", "4"), ("by_cycle_label", two_out, "2099-Q1"),
    ]


def test_proposals_follow_the_targets_and_an_accepted_one_is_not_proposed_again(setting, framework):
    db, task_force, lead, member, previous, current = setting
    assert planning.proposals_for_cycle(db, lead.actor, task_force.id, current.id) == []
    planning.set_target(db, lead.actor, task_force.id, current.id, "IF-1", 3)
    planning.set_target(db, lead.actor, task_force.id, current.id, "IF-2", 4)  # already there

    proposals = planning.proposals_for_cycle(db, lead.actor, task_force.id, current.id)
    assert [p.title for p in proposals] == framework.element("IF-1").next_steps_from(2)

    action = planning.accept_proposal(db, lead.actor, task_force.id, current.id, "IF-1", proposals[0].title)
    assert action.due_date == proposals[0].due_date and action.created_in_cycle_id == current.id
    assert planning.proposals_for_cycle(db, lead.actor, task_force.id, current.id) == []
    with pytest.raises(DomainError, match="no longer open"):
        planning.accept_proposal(db, lead.actor, task_force.id, current.id, "IF-1", proposals[0].title)


def test_outcomes_are_kept_per_function_in_framework_order(setting):
    db, task_force, lead, member, previous, current = setting
    planning.set_function_outcome(db, lead.actor, task_force.id, "DR", "Fewer survivors re-victimised <by> the process & more heard.")
    planning.set_function_outcome(db, lead.actor, task_force.id, "IF", "Partners act on one shared picture.")
    outcomes = planning.function_outcomes(db, lead.actor, task_force.id)
    assert [(o.function_id, o.text) for o in outcomes] == [
        ("IF", "Partners act on one shared picture."),
        ("DR", "Fewer survivors re-victimised <by> the process & more heard."),
    ]
    assert planning.plan_for_cycle(db, lead.actor, task_force.id, current.id).outcomes == tuple(outcomes)


REFUSED_FOR_A_MEMBER = [
    ("set_target", lambda db, tf, c, who, a: planning.set_target(db, who, tf.id, c.id, "IF-1")),
    ("add_action", lambda db, tf, c, who, a: planning.add_action(db, who, tf.id, "IF-1", "Mine now")),
    ("update_action", lambda db, tf, c, who, a: planning.update_action(db, who, a.id, a.version, {"title": "Mine"})),
    ("pin_action", lambda db, tf, c, who, a: planning.pin_action(db, who, a.id)),
    ("unpin_action", lambda db, tf, c, who, a: planning.unpin_action(db, who, a.id)),
    ("set_function_outcome", lambda db, tf, c, who, a: planning.set_function_outcome(db, who, tf.id, "IF", "x")),
    ("proposals_for_cycle", lambda db, tf, c, who, a: planning.proposals_for_cycle(db, who, tf.id, c.id)),
    ("accept_proposal", lambda db, tf, c, who, a: planning.accept_proposal(db, who, tf.id, c.id, "IF-1", "x")),
    ("action_history", lambda db, tf, c, who, a: planning.action_history(db, who, a.id)),
    ("target_history", lambda db, tf, c, who, a: planning.target_history(db, who, tf.id)),
]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FUNDER])
@pytest.mark.parametrize("name, use_case", REFUSED_FOR_A_MEMBER, ids=[n for n, _ in REFUSED_FOR_A_MEMBER])
def test_a_member_or_funder_who_is_not_a_lead_is_refused_and_nothing_changes(setting, name, use_case, role):
    db, task_force, lead, member, previous, current = setting
    if role is Role.FUNDER:
        member = make_member(db, task_force, "Frances Funder", None, role=Role.FUNDER)
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals")
    planning.pin_action(db, lead.actor, action.id)
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="Only a lead of this task force"):
        use_case(db, task_force, current, member.actor, planning.list_actions(db, lead.actor, task_force.id)[0])
    assert snapshot(db) == before


PLAN_READS = [
    ("list_targets", lambda db, tf, c, who: planning.list_targets(db, who, tf.id)),
    ("function_outcomes", lambda db, tf, c, who: planning.function_outcomes(db, who, tf.id)),
    ("element_standings", lambda db, tf, c, who: planning.element_standings(db, who, tf.id, c.id)),
    ("plan_for_cycle", lambda db, tf, c, who: planning.plan_for_cycle(db, who, tf.id, c.id)),
    ("list_actions", lambda db, tf, c, who: planning.list_actions(db, who, tf.id)),
]


@pytest.mark.parametrize("name, read", PLAN_READS, ids=[n for n, _ in PLAN_READS])
def test_a_funder_reads_the_plan_and_a_member_does_not(setting, name, read):
    db, task_force, lead, member, previous, current = setting
    planning.set_target(db, lead.actor, task_force.id, current.id, "IF-1", 3)
    planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals")
    funder = make_member(db, task_force, "Frances Funder", None, role=Role.FUNDER)
    assert read(db, task_force, current, funder.actor) == read(db, task_force, current, lead.actor)
    with pytest.raises(NotAllowed, match="Only the leads and funders"):
        read(db, task_force, current, member.actor)


@pytest.mark.parametrize(
    "name, use_case",
    [*PLAN_READS, *((n, lambda db, tf, c, who, u=u: u(db, tf, c, who, None)) for n, u in REFUSED_FOR_A_MEMBER
                    if n not in ("update_action", "pin_action", "unpin_action", "action_history"))],
    ids=[n for n, _ in PLAN_READS] + [n for n, _ in REFUSED_FOR_A_MEMBER
                                      if n not in ("update_action", "pin_action", "unpin_action", "action_history")],
)
def test_a_member_of_another_task_force_and_a_signed_out_actor_are_refused(setting, framework, name, use_case):
    db, task_force, lead, member, previous, current = setting
    outsider = make_member(db, make_task_force(db, framework, "Other"), "Olga", role=Role.LEAD)
    before = snapshot(db)
    for who in (outsider.actor, None):
        with pytest.raises(NotAllowed):
            use_case(db, task_force, current, who)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "use_case",
    [
        lambda db, who, a: planning.update_action(db, who, a.id, a.version, {"title": "Taken over"}),
        lambda db, who, a: planning.pin_action(db, who, a.id),
        lambda db, who, a: planning.action_history(db, who, a.id),
    ],
    ids=["update_action", "pin_action", "action_history"],
)
def test_another_task_forces_lead_and_a_signed_out_actor_cannot_touch_an_action(setting, framework, use_case):
    db, task_force, lead, member, previous, current = setting
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals")
    outsider = make_member(db, make_task_force(db, framework, "Other"), "Olga", role=Role.LEAD)
    before = snapshot(db)
    for who in (outsider.actor, None):
        with pytest.raises(NotAllowed):
            use_case(db, who, action)
    assert snapshot(db) == before


def test_a_lead_of_two_task_forces_cannot_plan_one_on_the_others_cycle(setting, framework):
    db, task_force, lead, member, previous, current = setting
    other = make_task_force(db, framework, "Other")
    make_member(db, other, "Dana Whitfield", role=Role.LEAD, email="dana@example.org")
    both = make_member(db, task_force, "Dana W.", role=Role.LEAD, email="dana@example.org")
    before = snapshot(db)
    with pytest.raises(NotFound, match="No cycle with id"):
        planning.set_target(db, both.actor, other.id, current.id, "IF-1", 3)
    with pytest.raises(NotFound, match="No cycle with id"):
        planning.plan_for_cycle(db, both.actor, other.id, current.id)
    assert snapshot(db) == before


def test_a_lead_of_another_task_force_is_refused(setting, framework):
    db, task_force, lead, member, previous, current = setting
    other_lead = make_member(db, make_task_force(db, framework, "Other"), "Other Lead", role=Role.LEAD)
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals")
    with pytest.raises(NotAllowed):
        planning.update_action(db, other_lead.actor, action.id, 1, {"title": "Taken over"})


@pytest.mark.parametrize(
    "use_case, message",
    [
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "IF-1", 6), "choose a stage from 1 to 5"),
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "IF-1", 0), "choose a stage from 1 to 5"),
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "IF-1", 3, c.label), "not after the current cycle"),
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "IF-1", 3, "2020-Q1"), "not after the current cycle"),
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "IF-1", 3, "next spring"), "YYYY-QN"),
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "CO-1"), "no score"),
        (lambda db, tf, c, l, a: planning.set_target(db, l, tf.id, c.id, "XX-1", 3), "not part of"),
        (lambda db, tf, c, l, a: planning.add_action(db, l, tf.id, "IF-1", "  "), "Give the action a title"),
        (lambda db, tf, c, l, a: planning.add_action(db, l, tf.id, "IF-1", "x", due_date=date(2020, 1, 1)), "in the past"),
        (lambda db, tf, c, l, a: planning.add_action(db, l, tf.id, "IF-1", "x", due_date="31/12/2027"), "YYYY-MM-DD"),
        (lambda db, tf, c, l, a: planning.add_action(db, l, tf.id, "IF-1", "x", status="finished"), "does not exist"),
        (lambda db, tf, c, l, a: planning.update_action(db, l, a.id, a.version, {"status": "in_progress"}), "Name an owner"),
        (lambda db, tf, c, l, a: planning.update_action(db, l, a.id, a.version, {"note": "n" * 5_001}), "5,001 characters"),
        (lambda db, tf, c, l, a: planning.update_action(db, l, a.id, a.version, {"element_id": "XX-1"}), "not part of"),
        (lambda db, tf, c, l, a: planning.update_action(db, l, a.id, a.version, {"pinned": True}), "Cannot change pinned"),
        (lambda db, tf, c, l, a: planning.update_action(db, l, a.id + 99, 1, {"title": "x"}), "not one of your task force's"),
        (lambda db, tf, c, l, a: planning.set_function_outcome(db, l, tf.id, "IF", "o" * 5_001), "5,001 characters"),
        (lambda db, tf, c, l, a: planning.set_function_outcome(db, l, tf.id, "ZZ", "x"), "not part of"),
    ],
)
def test_bad_input_is_refused_with_what_to_fix_and_changes_nothing(setting, use_case, message):
    db, task_force, lead, member, previous, current = setting
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals")
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        use_case(db, task_force, current, lead.actor, action)
    assert snapshot(db) == before


def test_an_overdue_action_carried_over_can_still_be_edited_and_is_listed_as_overdue(setting):
    db, task_force, lead, member, previous, current = setting
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", "Draft the shared goals",
                                 due_date=PREVIOUS_START + timedelta(days=40), at=at(PREVIOUS_START + timedelta(days=5)))
    saved = planning.update_action(db, lead.actor, action.id, 1, {"owner": "County Health Department"})
    assert saved.owner == "County Health Department"
    plan = planning.plan_for_cycle(db, lead.actor, task_force.id, current.id)
    assert [i.action.id for i in plan.overdue] == [action.id]
