"""Use cases of the improvement plan. Plain values in, domain objects out; every
change is a lead's, runs in one unit of work, and is kept in the history with
who made it and when. Leads and funders read the plan (Permission.READ_PLAN); only a
lead changes it or reads its change history (Permission.LEAD). Every use case reads
the acting account's membership again first (usecases/access.py).

Stable for other modules (the progress page and the PDF read these):
    list_targets(db, actor, task_force_id) -> list[Target]
    function_outcomes(db, actor, task_force_id) -> list[FunctionOutcome]
    plan_for_cycle(db, actor, task_force_id, cycle_id, today=None, standings_from=None) -> CyclePlan
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from assessments.domain import plan_rules, text
from assessments.domain.model import (
    Action,
    ActionChange,
    ActionStatus,
    Actor,
    Cycle,
    DomainError,
    FunctionOutcome,
    Member,
    NotFound,
    Target,
    TargetChange,
    check_cycle_label,
    utc_now,
)
from assessments.domain.permissions import Permission
from assessments.domain.plan_rules import EDITABLE_FIELDS, FIELD_LABELS, CyclePlan, PlanItem, Proposal, Standing
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import frameworks, results
from assessments.usecases.access import member_of, member_of_cycle, member_of_owner
from roadmap.model import Framework

# reading: targets, outcomes, standings ---------------------------------------------


def list_targets(db: Database, actor: Actor | None, task_force_id: int) -> list[Target]:
    """The task force's target per element (elements without one are left out)."""
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.READ_PLAN)
        return uow.plans.list_targets(task_force_id)


def function_outcomes(db: Database, actor: Actor | None, task_force_id: int) -> list[FunctionOutcome]:
    """What success would look like for the community, per function, in framework order."""
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.READ_PLAN)
        return _outcomes(db, uow, task_force_id)


def element_standings(db: Database, actor: Actor | None, task_force_id: int, cycle_id: int) -> dict[str, Standing]:
    """Each element's current stage (from the one scoring path), target and disagreement."""
    with UnitOfWork(db) as uow:
        _, cycle = _plan_cycle(uow, actor, task_force_id, cycle_id, Permission.READ_PLAN)
        return _standings(db, uow, actor, cycle)


def target_history(
    db: Database, actor: Actor | None, task_force_id: int, element_id: str | None = None,
) -> list[TargetChange]:
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        return uow.plans.target_changes(task_force_id, element_id)


# targets -------------------------------------------------------------------------------


def set_target(
    db: Database, actor: Actor | None, task_force_id: int, cycle_id: int, element_id: str,
    target_stage: int | None = None, by_cycle_label: str | None = None, at: datetime | None = None,
) -> Target:
    """Set an element's target, defaulting to one stage up, two quarters after ``cycle_id``."""
    with UnitOfWork(db, writes=True) as uow:
        lead, cycle = _plan_cycle(uow, actor, task_force_id, cycle_id, Permission.LEAD)
        element = _element(_framework_of_task_force(db, uow, task_force_id), element_id)
        standing = _standings(db, uow, actor, cycle).get(element_id)
        if target_stage is None:
            if standing is None or standing.stage is None:
                raise DomainError(
                    f"{element.id} {element.name} has no score in {cycle.label} yet, so there is no default target. "
                    "Choose a target stage from 1 to 5."
                )
            target_stage = plan_rules.default_target_stage(standing.stage)
        if isinstance(target_stage, bool) or not isinstance(target_stage, int) or not 1 <= target_stage <= 5:
            raise DomainError(f"Target stage {target_stage!r} does not exist; choose a stage from 1 to 5.")
        default_by = plan_rules.quarter_after(cycle.label, plan_rules.DEFAULT_QUARTERS_OUT)
        label = check_cycle_label(default_by if by_cycle_label is None else by_cycle_label)
        if label <= cycle.label:
            raise DomainError(
                f"The target date {label} is not after the current cycle {cycle.label}; choose a later quarter, "
                f"for example {default_by}."
            )
        at = at or utc_now()
        old = uow.plans.get_target(task_force_id, element_id)
        target = uow.plans.put_target(task_force_id, element_id, target_stage, label, lead.id, at)
        uow.changed(task_force_id)
        for field in ("target_stage", "by_cycle_label"):
            before = "" if old is None else plan_rules.as_text(getattr(old, field))
            after = plan_rules.as_text(getattr(target, field))
            if before != after:
                uow.plans.add_target_change(TargetChange(
                    task_force_id=task_force_id, element_id=element_id, changed_at=at, changed_by=lead.id,
                    field=field, old_value=before, new_value=after,
                ))
        uow.commit()
    return target


# proposals --------------------------------------------------------------------------


def proposals_for_cycle(db: Database, actor: Actor | None, task_force_id: int, cycle_id: int) -> list[Proposal]:
    """The framework's next steps for every element below its target, not yet taken up. Lead only."""
    with UnitOfWork(db) as uow:
        _, cycle = _plan_cycle(uow, actor, task_force_id, cycle_id, Permission.LEAD)
        actions = uow.plans.list_actions(task_force_id)
        standings = _standings(db, uow, actor, cycle)
    return plan_rules.propose(frameworks.framework_of_cycle(db, cycle), standings, actions)


def accept_proposal(
    db: Database, actor: Actor | None, task_force_id: int, cycle_id: int, element_id: str, title: str,
    owner: str = "", due_date: date | None = None, at: datetime | None = None,
) -> Action:
    """Take a proposed next step into the plan, due by the end of its target quarter unless told otherwise."""
    proposal = next(
        (p for p in proposals_for_cycle(db, actor, task_force_id, cycle_id)
         if p.element_id == element_id and p.title == title),
        None,
    )
    if proposal is None:
        raise DomainError(
            "That proposal is no longer open: it is already in the plan, or its element reached its target. "
            "Reload the plan."
        )
    return add_action(
        db, actor, task_force_id, element_id, title, owner=owner, due_date=due_date or proposal.due_date,
        note=f"From the framework's next steps for stage {proposal.from_stage}.", cycle_id=cycle_id, at=at,
    )


# actions --------------------------------------------------------------------------------


def list_actions(db: Database, actor: Actor | None, task_force_id: int) -> list[Action]:
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.READ_PLAN)
        return uow.plans.list_actions(task_force_id)


def add_action(
    db: Database, actor: Actor | None, task_force_id: int, element_id: str, title: str, owner: str = "",
    due_date: date | str | None = None, status: ActionStatus | str = ActionStatus.PLANNED, note: str = "",
    cycle_id: int | None = None, at: datetime | None = None,
) -> Action:
    at = at or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        lead = member_of(uow, actor, task_force_id, Permission.LEAD)
        values = _clean({"title": title, "owner": owner, "due_date": due_date, "status": status, "note": note})
        _refuse_problems(values, at.date(), due_date_changed=True)
        _element(_framework_of_task_force(db, uow, task_force_id), element_id)
        if cycle_id is None:
            started = [c for c in uow.cycles.list_cycles(task_force_id) if c.opened_at <= at]
            cycle_id = started[-1].id if started else None
        elif _cycle_task_force(uow, cycle_id) != task_force_id:
            raise NotFound(f"No cycle with id {cycle_id} in this task force.")
        uow.changed(task_force_id)
        action = uow.plans.add_action(task_force_id, element_id, values["title"], values["owner"], values["due_date"],
                                      values["status"], values["note"], cycle_id, at)
        uow.plans.add_changes([ActionChange(action_id=action.id, changed_at=at, changed_by=lead.id, field="created",
                                            new_value=action.title)])
        uow.commit()
    return action


def update_action(
    db: Database, actor: Actor | None, action_id: int, expected_version: int, changes: dict[str, Any],
    at: datetime | None = None,
) -> Action:
    """Save a lead's edits to one action, provided nobody changed it since it was loaded.

    ``expected_version`` is the version the lead's screen showed. If another save came
    in between, this one is refused with who changed what and when: no silent overwrite.
    """
    at = at or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        lead, action = _action_of(uow, actor, action_id, Permission.LEAD)
        unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
        if unknown:
            raise DomainError(
                f"Cannot change {', '.join(unknown)} of an action; editable: {', '.join(EDITABLE_FIELDS)}."
            )
        if action.version != expected_version:
            raise DomainError(_stale_message(uow, action))
        values = _clean({**{f: getattr(action, f) for f in EDITABLE_FIELDS}, **changes})
        changed = plan_rules.diff(action, values)
        if not changed:
            return action
        _refuse_problems(values, at.date(), due_date_changed=bool({"due_date", "status"} & set(changed)), title=action.title)
        if "element_id" in changed:
            _element(_framework_of_task_force(db, uow, action.task_force_id), values["element_id"])
        update = {field: values[field] for field in changed}
        if "status" in changed:
            update["completed_at"] = at if values["status"] is ActionStatus.DONE else None
        uow.changed(action.task_force_id)
        if not uow.plans.update_action_if_version(action_id, expected_version, update, at):
            raise DomainError(_stale_message(uow, uow.plans.get_action(action_id)))
        uow.plans.add_changes(
            ActionChange(action_id=action_id, changed_at=at, changed_by=lead.id, field=field, old_value=old, new_value=new)
            for field, (old, new) in changed.items()
        )
        saved = uow.plans.get_action(action_id)
        uow.commit()
    return saved


def pin_action(db: Database, actor: Actor | None, action_id: int, at: datetime | None = None) -> Action:
    return _set_pinned(db, actor, action_id, True, at)


def unpin_action(db: Database, actor: Actor | None, action_id: int, at: datetime | None = None) -> Action:
    return _set_pinned(db, actor, action_id, False, at)


def _set_pinned(db: Database, actor: Actor | None, action_id: int, pinned: bool, at: datetime | None) -> Action:
    # Pinning is a toggle, not content: it does not bump the version, so pinning never
    # makes another lead's edit of the title or date stale (the two touch different fields).
    with UnitOfWork(db, writes=True) as uow:
        lead, action = _action_of(uow, actor, action_id, Permission.LEAD)
        if action.pinned == pinned:
            return action
        uow.plans.set_pinned(action_id, pinned)
        uow.changed(action.task_force_id)
        uow.plans.add_changes([ActionChange(
            action_id=action_id, changed_at=at or utc_now(), changed_by=lead.id, field="pinned",
            old_value=plan_rules.as_text(action.pinned), new_value=plan_rules.as_text(pinned),
        )])
        saved = uow.plans.get_action(action_id)
        uow.commit()
    return saved


def action_history(db: Database, actor: Actor | None, action_id: int) -> list[ActionChange]:
    """Every change to an action, oldest first, with who made it and when. Lead only."""
    with UnitOfWork(db) as uow:
        _action_of(uow, actor, action_id, Permission.LEAD)
        return uow.plans.action_changes([action_id])


# outcomes --------------------------------------------------------------------------------


def set_function_outcome(
    db: Database, actor: Actor | None, task_force_id: int, function_id: str, outcome_text: str,
    at: datetime | None = None,
) -> FunctionOutcome:
    with UnitOfWork(db, writes=True) as uow:
        lead = member_of(uow, actor, task_force_id, Permission.LEAD)
        outcome_text = text.clean(outcome_text, text.OUTCOME)
        if function_id not in _function_order(_framework_of_task_force(db, uow, task_force_id)):
            raise DomainError(f"Function {function_id!r} is not part of the task force's framework.")
        uow.changed(task_force_id)
        outcome = uow.plans.put_outcome(task_force_id, function_id, outcome_text, lead.id, at)
        uow.commit()
    return outcome


# the plan of a cycle ------------------------------------------------------------------


def plan_for_cycle(
    db: Database, actor: Actor | None, task_force_id: int, cycle_id: int, today: date | None = None,
    standings_from: int | None = None,
) -> CyclePlan:
    """The plan as it stood in a cycle; each item's gap and disagreement from the scores of
    ``standings_from`` (default: the same cycle), and "done since the last cycle" counted from the
    cycle before that one. The plan page shows today's plan with the standings of the cycle it
    plans from, which is last quarter's on the day a new one opens.

    Actions belong to the task force, not to a cycle, so an open action simply shows
    up in every later cycle until it is done or dropped: once, with its whole history.
    For the newest cycle that is the plan as it is now; for an older one, the plan as it
    stood when the next cycle opened, replayed from the history.
    "Done since the last cycle" counts from the day the previous cycle opened.
    """
    with UnitOfWork(db) as uow:
        _, cycle = _plan_cycle(uow, actor, task_force_id, cycle_id, Permission.READ_PLAN)
        scored = cycle if standings_from is None else _plan_cycle(
            uow, actor, task_force_id, standings_from, Permission.READ_PLAN)[1]
        task_force_cycles = uow.cycles.list_cycles(task_force_id)
        index = next(i for i, c in enumerate(task_force_cycles) if c.id == cycle.id)
        following = task_force_cycles[index + 1] if index + 1 < len(task_force_cycles) else None
        # "Done since the last cycle" looks back from the cycle the standings come from.
        scored_index = next(i for i, c in enumerate(task_force_cycles) if c.id == scored.id)
        previous = task_force_cycles[scored_index - 1] if scored_index > 0 else None
        moment = following.opened_at if following else utc_now()
        today = min(today or date.today(), moment.date()) if following else (today or date.today())
        done_since = previous.opened_at if previous else scored.opened_at

        actions = uow.plans.list_actions(task_force_id)
        history = uow.plans.action_changes(a.id for a in actions)
        targets = plan_rules.targets_as_of(uow.plans.list_targets(task_force_id), uow.plans.target_changes(task_force_id), moment)
        outcomes = _outcomes(db, uow, task_force_id)
    framework = frameworks.framework_of_cycle(db, scored)
    standing = plan_rules.standings(framework, results.cycle_scores(db, actor, scored.id), targets)

    by_action: dict[int, list[ActionChange]] = {}
    for change in history:
        if change.changed_at <= moment:
            by_action.setdefault(change.action_id, []).append(change)
    items: list[PlanItem] = []
    for action in actions:
        then = plan_rules.as_of(action, history, moment)
        if then is None:
            continue
        items.append(PlanItem(
            action=then, standing=standing.get(then.element_id), history=tuple(by_action.get(then.id, ())),
            carried_over=then.created_at < cycle.opened_at, overdue=plan_rules.is_overdue(then, today),
        ))
    open_items = sorted((i for i in items if i.action.status.is_open),
                        key=lambda i: plan_rules.priority_key(i.action, i.standing))
    done = [i for i in items if i.action.status is ActionStatus.DONE and i.action.completed_at
            and done_since <= i.action.completed_at <= moment]
    dropped = [i for i in items if i.action.status is ActionStatus.DROPPED and _last_status_change(i) >= done_since]
    return CyclePlan(
        task_force_id=task_force_id, cycle_id=cycle.id, cycle_label=cycle.label,
        previous_cycle_label=previous.label if previous else None, done_since=done_since, as_of=moment,
        outcomes=tuple(outcomes), targets=tuple(targets),
        open_actions=tuple(open_items),
        done_since_last_cycle=tuple(sorted(done, key=lambda i: i.action.completed_at, reverse=True)),
        overdue=tuple(i for i in open_items if i.overdue),
        dropped=tuple(dropped),
    )


# helpers ---------------------------------------------------------------------------------


def _plan_cycle(
    uow: UnitOfWork, actor: Actor | None, task_force_id: int, cycle_id: int, permission: Permission,
) -> tuple[Member, Cycle]:
    """The acting membership and the cycle, which must be the task force's own: an actor in
    two task forces cannot mix one's plan with the other's cycle."""
    member, cycle = member_of_cycle(uow, actor, cycle_id, permission)
    if cycle.task_force_id != task_force_id:
        raise NotFound(f"No cycle with id {cycle_id} in this task force.")
    return member, cycle


def _action_of(uow: UnitOfWork, actor: Actor | None, action_id: int, permission: Permission) -> tuple[Member, Action]:
    return member_of_owner(uow, actor, lambda: uow.plans.get_action(action_id), "action", permission)


def _cycle_task_force(uow: UnitOfWork, cycle_id: int) -> int | None:
    try:
        return uow.cycles.get_cycle(cycle_id).task_force_id
    except NotFound:
        return None


def _framework_of_task_force(db: Database, uow: UnitOfWork, task_force_id: int) -> Framework:
    return frameworks.framework_of_task_force(db, uow.task_forces.get_task_force(task_force_id))


def _outcomes(db: Database, uow: UnitOfWork, task_force_id: int) -> list[FunctionOutcome]:
    order = _function_order(_framework_of_task_force(db, uow, task_force_id))
    return sorted(uow.plans.list_outcomes(task_force_id), key=lambda o: order.get(o.function_id, len(order)))


def _standings(db: Database, uow: UnitOfWork, actor: Actor | None, cycle: Cycle) -> dict[str, Standing]:
    framework = frameworks.framework_of_cycle(db, cycle)
    targets = uow.plans.list_targets(cycle.task_force_id)
    return plan_rules.standings(framework, results.cycle_scores(db, actor, cycle.id), targets)


def _element(framework: Framework, element_id: str):
    try:
        return framework.element(element_id)
    except KeyError:
        raise DomainError(f"Element {element_id!r} is not part of the task force's framework; choose one from the list.") from None


def _function_order(framework: Framework) -> dict[str, int]:
    return {function.id: index for index, function in enumerate(framework.functions)}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    fields = {"title": text.ACTION_TITLE, "owner": text.ACTION_OWNER, "note": text.ACTION_NOTE}
    for name, field in fields.items():
        if name in out:
            value = out[name]
            out[name] = text.clean("" if value is None else value if isinstance(value, str) else str(value), field)
    if "status" in out:
        try:
            out["status"] = ActionStatus(out["status"])
        except ValueError:
            choices = ", ".join(plan_rules.STATUS_LABELS.values())
            raise DomainError(f"Status {out['status']!r} does not exist; choose one of: {choices}.") from None
    if "due_date" in out:
        out["due_date"] = _as_date(out["due_date"])
    return out


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(f"Due date {value!r} is not a date; write it as YYYY-MM-DD, for example 2027-03-31.") from None


def _refuse_problems(values: dict[str, Any], today: date, due_date_changed: bool, title: str = "") -> None:
    problems = plan_rules.check_action(values["title"], values["owner"], values["status"], values["due_date"],
                                 values["note"], today, due_date_changed)
    blocking = [p.message for p in problems if p.blocking]
    if blocking:
        name = f"“{title or values['title']}”: " if (title or values["title"]) else ""
        raise DomainError(name + " ".join(blocking) + " Nothing was saved.")


def _stale_message(uow: UnitOfWork, action: Action) -> str:
    content = [c for c in uow.plans.action_changes([action.id]) if c.field not in ("pinned", "created")]
    if not content:
        return (f"“{action.title}” was changed by someone else after you loaded it. Nothing was saved: "
                "reload the plan, check their change, and make yours again.")
    last = content[-1]
    fields = sorted({FIELD_LABELS.get(c.field, c.field) for c in content if (c.changed_at, c.changed_by) == (last.changed_at, last.changed_by)})
    who = "someone"
    if last.changed_by is not None:
        try:
            who = uow.task_forces.get_member(last.changed_by).name
        except NotFound:
            who = "a former member"
    return (
        f"“{action.title}” was changed by {who} at {last.changed_at:%Y-%m-%d %H:%M} UTC ({', '.join(fields)}) "
        "after you loaded it. Nothing was saved, so their change is kept: reload the plan, check it, "
        "and make yours again."
    )


def _last_status_change(item: PlanItem) -> datetime:
    times = [c.changed_at for c in item.history if c.field == "status"]
    return times[-1] if times else item.action.created_at
