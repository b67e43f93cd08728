"""The plan's rules as tables: proposals, order, validation, quarters and replayed history."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assessments.domain import plan_rules
from assessments.domain.model import Action, ActionChange, ActionStatus, Target, TargetChange
from assessments.domain.plan_rules import Standing

TODAY = date(2026, 11, 23)
T0 = datetime(2026, 7, 1, 9)


def standing(element_id: str, score: float | None, target: int | None, disagreement: bool = False) -> Standing:
    return Standing(
        element_id=element_id, function_id=element_id.split("-")[0], score=score, stage=plan_rules.current_stage(score),
        target_stage=target, by_cycle_label="2027-Q2" if target else None, disagreement=disagreement,
    )


def action(id: int, element_id: str = "IF-1", pinned: bool = False, due: date | None = None, **extra) -> Action:
    return Action(
        id=id, task_force_id=1, element_id=element_id, title=extra.pop("title", f"Action {id}"),
        due_date=due, status=extra.pop("status", ActionStatus.PLANNED), pinned=pinned,
        created_at=extra.pop("created_at", T0), updated_at=T0, **extra,
    )


@pytest.mark.parametrize(
    "score, target, expected",
    [
        (1.0, 2, ["Move shared goals from stage 1 to stage 2."]),
        (2.0, 4, ["Move shared goals from stage 2 to stage 3."]),
        (2.5, 3, ["Move shared goals from stage 2 to stage 3."]),  # a median between stages has not reached the upper one
        (3.9, 4, ["Move shared goals from stage 3 to stage 4."]),
        (4.5, 5, ["Move shared goals from stage 4 to stage 5."]),
        (3.0, 3, []),  # at its target
        (3.5, 3, []),  # above its target
        (4.0, 2, []),
        (5.0, 5, []),
        (None, 3, []),  # not scored this cycle: no current stage to start from
        (2.0, None, []),  # no target set
    ],
)
def test_proposals_come_from_the_next_steps_of_the_current_stage_and_only_below_target(framework, score, target, expected):
    proposals = plan_rules.propose(framework, {"IF-1": standing("IF-1", score, target)}, existing=[])
    assert [p.title for p in proposals] == expected
    assert all(p.from_stage == plan_rules.current_stage(score) and p.due_date == date(2027, 6, 30) for p in proposals)


def test_a_step_already_in_the_plan_is_not_proposed_again_whatever_its_status(framework):
    standings = {"IF-1": standing("IF-1", 1.0, 3)}
    taken = action(1, title="  move shared goals from stage 1 to  stage 2. ", status=ActionStatus.DROPPED)
    assert plan_rules.propose(framework, standings, existing=[taken]) == []


def test_proposals_for_the_biggest_gap_come_first(framework):
    standings = {"IF-1": standing("IF-1", 3.0, 4), "IF-2": standing("IF-2", 1.0, 4)}
    assert [p.element_id for p in plan_rules.propose(framework, standings, [])] == ["IF-2", "IF-1"]


@pytest.mark.parametrize(
    "actions, standings, expected",
    [
        # pinned beats everything else
        ([action(1, "IF-1"), action(2, "IF-2", pinned=True)], {"IF-1": standing("IF-1", 1, 4), "IF-2": standing("IF-2", 3, 3)}, [2, 1]),
        # then the larger gap to target
        ([action(1, "IF-1"), action(2, "IF-2")], {"IF-1": standing("IF-1", 3, 4), "IF-2": standing("IF-2", 1, 4)}, [2, 1]),
        # then disagreement
        ([action(1, "IF-1"), action(2, "IF-2")], {"IF-1": standing("IF-1", 2, 3), "IF-2": standing("IF-2", 2, 3, True)}, [2, 1]),
        # then the earliest due date, undated last
        ([action(1, due=None), action(2, due=date(2027, 3, 1)), action(3, due=date(2026, 12, 1))], {"IF-1": standing("IF-1", 2, 3)}, [3, 2, 1]),
        # an element without a target or score counts as no gap
        ([action(1, "XX-1"), action(2, "IF-1")], {"IF-1": standing("IF-1", 2, 3)}, [2, 1]),
        # two pinned: the rest of the rule orders them
        ([action(1, "IF-1", pinned=True), action(2, "IF-2", pinned=True)], {"IF-1": standing("IF-1", 3, 4), "IF-2": standing("IF-2", 1, 3)}, [2, 1]),
    ],
)
def test_actions_are_ordered_by_the_stated_priority_rule(actions, standings, expected):
    assert [a.id for a in plan_rules.order_actions(actions, standings)] == expected


def test_the_priority_rule_names_every_key_in_order():
    rule = plan_rules.PRIORITY_RULE.lower()
    positions = [rule.index(word) for word in ("pinned", "gap", "disagree", "due date")]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "title, owner, status, due, note, changed, expected",
    [
        ("Draft MOU", "", ActionStatus.PLANNED, date(2027, 1, 15), "", True, []),
        ("", "Dana", ActionStatus.PLANNED, None, "", True, [("title", True)]),
        ("   ", "Dana", ActionStatus.PLANNED, None, "", True, [("title", True)]),
        ("Draft MOU", "", ActionStatus.IN_PROGRESS, None, "", True, [("owner", True)]),
        ("Draft MOU", " ", ActionStatus.DONE, None, "", True, [("owner", True)]),
        ("Draft MOU", "", ActionStatus.DROPPED, None, "", True, []),
        ("Draft MOU", "County Health Department", ActionStatus.IN_PROGRESS, date(2026, 1, 1), "", True, []),
        ("Draft MOU", "", ActionStatus.PLANNED, date(2026, 11, 22), "", True, [("due_date", True)]),
        ("Draft MOU", "", ActionStatus.PLANNED, date(2026, 11, 22), "", False, [("due_date", False)]),
        ("Draft MOU", "", ActionStatus.PLANNED, TODAY, "", True, []),
        ("Draft MOU", "", ActionStatus.PLANNED, None, "x" * 5_000, True, []),
        ("Draft MOU", "", ActionStatus.PLANNED, None, "x" * 5_001, True, [("note", True)]),
        ("x" * 501, "", ActionStatus.PLANNED, None, "", True, [("title", True)]),
        ("Протокол & <план>", "Служба 🛟", ActionStatus.IN_PROGRESS, None, "", True, []),
        ("", "", ActionStatus.IN_PROGRESS, date(2026, 1, 1), "", False, [("title", True), ("owner", True)]),
    ],
)
def test_action_rows_are_checked(title, owner, status, due, note, changed, expected):
    problems = plan_rules.check_action(title, owner, status, due, note, TODAY, due_date_changed=changed)
    assert [(p.field, p.blocking) for p in problems] == expected
    assert all(p.message.strip() for p in problems)


@pytest.mark.parametrize(
    "score, stage",
    [(None, None), (1.0, 1), (1.5, 1), (2.5, 2), (2.99, 2), (3.0, 3), (4.5, 4), (5.0, 5)],
)
def test_the_current_stage_is_the_score_rounded_down(score, stage):
    assert plan_rules.current_stage(score) == stage


@pytest.mark.parametrize(
    "label, quarters, after, end",
    [("2026-Q4", 2, "2027-Q2", date(2026, 12, 31)), ("2026-Q1", 1, "2026-Q2", date(2026, 3, 31)),
     ("2026-Q3", 5, "2027-Q4", date(2026, 9, 30)), ("2026-Q2", 0, "2026-Q2", date(2026, 6, 30))],
)
def test_quarters_count_forward_across_years(label, quarters, after, end):
    assert plan_rules.quarter_after(label, quarters) == after
    assert plan_rules.quarter_end(label) == end


def test_an_action_is_replayed_to_how_it_stood_at_a_moment():
    now = action(1, status=ActionStatus.DONE, due=date(2026, 12, 31), owner="Aisha", completed_at=datetime(2026, 10, 5))
    history = [
        ActionChange(action_id=1, changed_at=datetime(2026, 8, 1), field="due_date", old_value="2026-09-30", new_value="2026-12-31"),
        ActionChange(action_id=1, changed_at=datetime(2026, 10, 5), field="status", old_value="planned", new_value="done"),
        ActionChange(action_id=1, changed_at=datetime(2026, 10, 5), field="owner", old_value="", new_value="Aisha"),
    ]
    assert plan_rules.as_of(now, history, datetime(2026, 6, 1)) is None
    july = plan_rules.as_of(now, history, datetime(2026, 7, 15))
    assert (july.status, july.due_date, july.owner, july.completed_at) == (ActionStatus.PLANNED, date(2026, 9, 30), "", None)
    september = plan_rules.as_of(now, history, datetime(2026, 9, 1))
    assert (september.status, september.due_date) == (ActionStatus.PLANNED, date(2026, 12, 31))
    assert plan_rules.as_of(now, history, datetime(2026, 11, 1)) == now


def test_targets_are_replayed_too():
    target = Target(task_force_id=1, element_id="IF-1", target_stage=4, by_cycle_label="2027-Q3", set_at=datetime(2026, 10, 1))
    history = [
        TargetChange(task_force_id=1, element_id="IF-1", changed_at=datetime(2026, 7, 1), field="target_stage", new_value="3"),
        TargetChange(task_force_id=1, element_id="IF-1", changed_at=datetime(2026, 7, 1), field="by_cycle_label", new_value="2027-Q1"),
        TargetChange(task_force_id=1, element_id="IF-1", changed_at=datetime(2026, 10, 1), field="by_cycle_label", old_value="2027-Q1", new_value="2027-Q3"),
        TargetChange(task_force_id=1, element_id="IF-1", changed_at=datetime(2026, 10, 1), field="target_stage", old_value="3", new_value="4"),
    ]
    assert plan_rules.targets_as_of([target], history, datetime(2026, 6, 1)) == []
    [august] = plan_rules.targets_as_of([target], history, datetime(2026, 8, 1))
    assert (august.target_stage, august.by_cycle_label) == (3, "2027-Q1")
    assert plan_rules.targets_as_of([target], history, datetime(2026, 11, 1)) == [target]
