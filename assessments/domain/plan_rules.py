"""The improvement plan's rules, as pure functions: gaps and targets in, proposals,
order and validation out. Nothing here touches the database or the UI."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from assessments.domain import text
from assessments.domain.model import (
    NOTE_MAX_CHARS,
    Action,
    ActionChange,
    ActionStatus,
    FunctionOutcome,
    Target,
    TargetChange,
    check_cycle_label,
)
from assessments.domain.scoring import CycleScores
from roadmap.model import Framework

STAGE_RULE = (
    "An element's current stage is its score rounded down. A median of 2.5 means members are split "
    "between stages 2 and 3: the task force has not fully reached stage 3 yet, so it stands at stage 2 "
    "and the next steps from stage 2 apply."
)
PRIORITY_RULE = (
    "Pinned actions come first. Then actions for the elements with the largest gap between the current "
    "stage and the target; then elements where members disagree; then the earliest due date "
    "(actions without a due date last)."
)
DEFAULT_TARGET_RULE = "By default a target is one stage above the current stage, to be reached two quarters out."
DEFAULT_QUARTERS_OUT = 2
TITLE_MAX_CHARS = text.ACTION_TITLE.limit
OWNER_MAX_CHARS = text.ACTION_OWNER.limit
STATUS_LABELS = {
    ActionStatus.PLANNED: "planned",
    ActionStatus.IN_PROGRESS: "in progress",
    ActionStatus.DONE: "done",
    ActionStatus.DROPPED: "dropped",
}
# The fields of an action a lead edits as content; ``pinned`` is a separate toggle.
EDITABLE_FIELDS = ("element_id", "title", "owner", "due_date", "status", "note")
FIELD_LABELS = {
    "element_id": "element",
    "title": "title",
    "owner": "owner",
    "due_date": "due date",
    "status": "status",
    "note": "note",
    "pinned": "pinned",
    "created": "created",
}


class _Plain(BaseModel):
    model_config = ConfigDict(frozen=True)


# stages and quarters ----------------------------------------------------------


def current_stage(score: float | None) -> int | None:
    """The stage an element has fully reached: its score rounded down (see STAGE_RULE)."""
    return None if score is None else max(1, min(5, math.floor(score)))


def default_target_stage(stage: int) -> int:
    return min(stage + 1, 5)


def quarter_after(label: str, quarters: int = 1) -> str:
    year, quarter = _quarter(label)
    index = year * 4 + (quarter - 1) + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def quarter_end(label: str) -> date:
    year, quarter = _quarter(label)
    return date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)


def _quarter(label: str) -> tuple[int, int]:
    year, quarter = check_cycle_label(label).split("-Q")
    return int(year), int(quarter)


# where each element stands ------------------------------------------------------


class Standing(_Plain):
    """An element in a cycle: where it is, where the task force wants it, and whether members agree."""

    element_id: str
    function_id: str
    score: float | None
    stage: int | None
    target_stage: int | None = None
    by_cycle_label: str | None = None
    disagreement: bool = False

    @property
    def gap(self) -> int:
        """Stages still to climb; 0 when at or above the target, or when either is unknown."""
        if self.stage is None or self.target_stage is None:
            return 0
        return max(self.target_stage - self.stage, 0)

    @property
    def below_target(self) -> bool:
        return self.gap > 0


def standings(framework: Framework, scores: CycleScores, targets: Iterable[Target]) -> dict[str, Standing]:
    by_element = {t.element_id: t for t in targets}
    out: dict[str, Standing] = {}
    for element in framework.elements:
        score = scores.element(element.id)
        target = by_element.get(element.id)
        out[element.id] = Standing(
            element_id=element.id,
            function_id=score.function_id,
            score=score.score,
            stage=current_stage(score.score),
            target_stage=target.target_stage if target else None,
            by_cycle_label=target.by_cycle_label if target else None,
            disagreement=score.disagreement,
        )
    return out


# proposals ------------------------------------------------------------------------


class Proposal(_Plain):
    """A next step from the framework, suggested as an action for an element below its target."""

    element_id: str
    function_id: str
    title: str
    from_stage: int
    target_stage: int
    by_cycle_label: str
    due_date: date


def propose(framework: Framework, standing: Mapping[str, Standing], existing: Iterable[Action]) -> list[Proposal]:
    """Next steps from each element's current stage, for every element below its target.

    A step already taken up as an action (in any status, including dropped) is not proposed again.
    """
    taken = {(a.element_id, _same(a.title)) for a in existing}
    out: list[Proposal] = []
    for element in framework.elements:
        s = standing.get(element.id)
        if s is None or not s.below_target:
            continue
        for step in element.next_steps_from(s.stage):
            if (element.id, _same(step)) in taken:
                continue
            out.append(Proposal(
                element_id=element.id, function_id=s.function_id, title=step, from_stage=s.stage,
                target_stage=s.target_stage, by_cycle_label=s.by_cycle_label, due_date=quarter_end(s.by_cycle_label),
            ))
    return order_proposals(out, standing)


def order_proposals(proposals: Sequence[Proposal], standing: Mapping[str, Standing]) -> list[Proposal]:
    def key(p: Proposal) -> tuple:
        s = standing[p.element_id]
        return (-s.gap, not s.disagreement, p.due_date, p.element_id)
    return sorted(proposals, key=key)


def _same(title: str) -> str:
    return " ".join(title.split()).casefold()


# order ----------------------------------------------------------------------------


def priority_key(action: Action, standing: Standing | None) -> tuple:
    """The sort key that implements PRIORITY_RULE."""
    gap = standing.gap if standing else 0
    disagreement = standing.disagreement if standing else False
    return (
        not action.pinned,
        -gap,
        not disagreement,
        action.due_date is None,
        action.due_date or date.max,
        action.id,
    )


def order_actions(actions: Iterable[Action], standing: Mapping[str, Standing]) -> list[Action]:
    return sorted(actions, key=lambda a: priority_key(a, standing.get(a.element_id)))


# validation -----------------------------------------------------------------------


class Problem(_Plain):
    """Something wrong with an action row. A blocking problem keeps the row from being saved."""

    field: str
    message: str
    blocking: bool = True


def check_action(
    title: str,
    owner: str,
    status: ActionStatus,
    due_date: date | None,
    note: str,
    today: date,
    due_date_changed: bool = True,
) -> list[Problem]:
    """Every problem with an action's values, blocking ones first.

    A past due date on a planned action blocks a save when it is being entered (almost
    always a typo); on an action carried over unchanged it is only flagged as overdue,
    so an overdue action can still be given an owner or a new note.
    """
    problems: list[Problem] = []
    if not title.strip():
        problems.append(Problem(field="title", message="Give the action a title."))
    elif len(title) > TITLE_MAX_CHARS:
        problems.append(Problem(field="title", message=f"The title has {len(title):,} characters; the limit is {TITLE_MAX_CHARS}. Put the detail in the note."))
    if len(owner) > OWNER_MAX_CHARS:
        problems.append(Problem(field="owner", message=f"The owner has {len(owner):,} characters; the limit is {OWNER_MAX_CHARS}."))
    if status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE) and not owner.strip():
        problems.append(Problem(
            field="owner",
            message=f"Name an owner (a member or a partner agency) before marking it {STATUS_LABELS[status]}.",
        ))
    if len(note) > NOTE_MAX_CHARS:
        problems.append(Problem(
            field="note", message=f"The note has {len(note):,} characters; the limit is {NOTE_MAX_CHARS:,}. Shorten it.",
        ))
    if status is ActionStatus.PLANNED and due_date is not None and due_date < today:
        if due_date_changed:
            problems.append(Problem(
                field="due_date",
                message=f"The due date {due_date.isoformat()} is in the past. Choose a date from today on, "
                "or mark the action in progress or done.",
            ))
        else:
            problems.append(Problem(
                field="due_date", message=f"Overdue: it was due {due_date.isoformat()} and is still planned.",
                blocking=False,
            ))
    return sorted(problems, key=lambda p: not p.blocking)


def is_overdue(action: Action, today: date) -> bool:
    return action.status.is_open and action.due_date is not None and action.due_date < today


# history ---------------------------------------------------------------------------


def as_text(value: object) -> str:
    """How a field's value is written into the history."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, ActionStatus):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def diff(action: Action, values: Mapping[str, object]) -> dict[str, tuple[str, str]]:
    """The fields ``values`` would change, as (old, new) history text."""
    out = {}
    for field, new in values.items():
        old = getattr(action, field)
        if as_text(old) != as_text(new):
            out[field] = (as_text(old), as_text(new))
    return out


def as_of(action: Action, changes: Iterable[ActionChange], moment: datetime) -> Action | None:
    """The action as it stood at ``moment``, replayed backwards from its history;
    None if it did not exist yet. This is what lets an old cycle's plan show the
    statuses of that time rather than today's."""
    if action.created_at > moment:
        return None
    restored: dict[str, str] = {}
    for change in sorted(changes, key=lambda c: c.changed_at):
        if change.action_id == action.id and change.changed_at > moment and change.field not in restored:
            restored[change.field] = change.old_value
    values: dict[str, object] = {}
    for field, old_text in restored.items():
        if field == "status":
            values[field] = ActionStatus(old_text)
        elif field == "due_date":
            values[field] = date.fromisoformat(old_text) if old_text else None
        elif field == "pinned":
            values[field] = old_text == "yes"
        elif field in ("title", "owner", "note", "element_id"):
            values[field] = old_text
    status = values.get("status", action.status)
    if status is not ActionStatus.DONE:
        values["completed_at"] = None
    return action.model_copy(update=values)


# the plan of one cycle ---------------------------------------------------------------


class PlanItem(_Plain):
    action: Action
    standing: Standing | None
    history: tuple[ActionChange, ...] = ()
    carried_over: bool = False
    overdue: bool = False


class CyclePlan(_Plain):
    """Everything the plan page and the PDF show for one cycle."""

    task_force_id: int
    cycle_id: int
    cycle_label: str
    previous_cycle_label: str | None
    done_since: datetime
    as_of: datetime
    priority_rule: str = PRIORITY_RULE
    outcomes: tuple[FunctionOutcome, ...]
    targets: tuple[Target, ...]
    open_actions: tuple[PlanItem, ...]
    done_since_last_cycle: tuple[PlanItem, ...]
    overdue: tuple[PlanItem, ...]
    dropped: tuple[PlanItem, ...]


def targets_as_of(targets: Iterable[Target], changes: Iterable[TargetChange], moment: datetime) -> list[Target]:
    """The targets as they stood at ``moment``, replayed backwards from their history."""
    later: dict[tuple[str, str], str] = {}
    for change in sorted(changes, key=lambda c: c.changed_at):
        key = (change.element_id, change.field)
        if change.changed_at > moment and key not in later:
            later[key] = change.old_value
    out = []
    for target in targets:
        stage = later.get((target.element_id, "target_stage"))
        label = later.get((target.element_id, "by_cycle_label"))
        if stage == "" or label == "":
            continue  # set after the moment
        update: dict[str, object] = {}
        if stage is not None:
            update["target_stage"] = int(stage)
        if label is not None:
            update["by_cycle_label"] = label
        out.append(target.model_copy(update=update))
    return out
