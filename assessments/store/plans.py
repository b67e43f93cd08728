"""Repository for the improvement plan: targets, actions, their history, and outcomes.

Used inside a unit of work as ``uow.plans``; rows never leave this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessments.domain.model import (
    Action,
    ActionChange,
    ActionStatus,
    FunctionOutcome,
    NotFound,
    Target,
    TargetChange,
    utc_now,
)
from assessments.store.rows import ActionChangeRow, ActionRow, FunctionOutcomeRow, TargetChangeRow, TargetRow


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # targets -------------------------------------------------------------
    def list_targets(self, task_force_id: int) -> list[Target]:
        rows = self.session.scalars(
            select(TargetRow).where(TargetRow.task_force_id == task_force_id).order_by(TargetRow.element_id)
        )
        return [_target(row) for row in rows]

    def get_target(self, task_force_id: int, element_id: str) -> Target | None:
        row = self._target_row(task_force_id, element_id)
        return _target(row) if row else None

    def put_target(self, task_force_id: int, element_id: str, target_stage: int, by_cycle_label: str,
                   set_by: int | None, at: datetime | None = None) -> Target:
        row = self._target_row(task_force_id, element_id)
        if row is None:
            row = TargetRow(task_force_id=task_force_id, element_id=element_id)
            self.session.add(row)
        row.target_stage, row.by_cycle_label, row.set_by, row.set_at = target_stage, by_cycle_label, set_by, at or utc_now()
        self.session.flush()
        return _target(row)

    def add_target_change(self, change: TargetChange) -> None:
        self.session.add(TargetChangeRow(**change.model_dump()))
        self.session.flush()

    def target_changes(self, task_force_id: int, element_id: str | None = None) -> list[TargetChange]:
        query = select(TargetChangeRow).where(TargetChangeRow.task_force_id == task_force_id)
        if element_id is not None:
            query = query.where(TargetChangeRow.element_id == element_id)
        rows = self.session.scalars(query.order_by(TargetChangeRow.changed_at, TargetChangeRow.id))
        return [_target_change(row) for row in rows]

    def _target_row(self, task_force_id: int, element_id: str) -> TargetRow | None:
        return self.session.scalar(
            select(TargetRow).where(TargetRow.task_force_id == task_force_id, TargetRow.element_id == element_id)
        )

    # actions -------------------------------------------------------------
    def add_action(self, task_force_id: int, element_id: str, title: str, owner: str, due_date: date | None,
                   status: ActionStatus, note: str, created_in_cycle_id: int | None, at: datetime | None = None) -> Action:
        at = at or utc_now()
        row = ActionRow(
            task_force_id=task_force_id, element_id=element_id, title=title, owner=owner, due_date=due_date,
            status=status.value, note=note, pinned=False, created_in_cycle_id=created_in_cycle_id,
            created_at=at, updated_at=at, completed_at=at if status is ActionStatus.DONE else None, version=1,
        )
        self.session.add(row)
        self.session.flush()
        return _action(row)

    def get_action(self, action_id: int) -> Action:
        row = self.session.get(ActionRow, action_id)
        if row is None:
            raise NotFound(f"No action with id {action_id}; it may have been removed. Reload the plan.")
        self.session.refresh(row)
        return _action(row)

    def list_actions(self, task_force_id: int) -> list[Action]:
        rows = self.session.scalars(
            select(ActionRow).where(ActionRow.task_force_id == task_force_id).order_by(ActionRow.id)
        )
        return [_action(row) for row in rows]

    def update_action_if_version(self, action_id: int, expected_version: int, values: Mapping[str, Any],
                                 at: datetime) -> bool:
        """Compare-and-set in one statement, so two saves racing cannot both win."""
        stored = {key: (value.value if isinstance(value, ActionStatus) else value) for key, value in values.items()}
        result = self.session.execute(
            update(ActionRow)
            .where(ActionRow.id == action_id, ActionRow.version == expected_version)
            .values(**stored, updated_at=at, version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        self.session.expire_all()
        return result.rowcount == 1

    def set_pinned(self, action_id: int, pinned: bool) -> None:
        self.session.execute(
            update(ActionRow).where(ActionRow.id == action_id).values(pinned=pinned)
            .execution_options(synchronize_session=False)
        )
        self.session.expire_all()

    def add_changes(self, changes: Iterable[ActionChange]) -> None:
        self.session.add_all(ActionChangeRow(**change.model_dump()) for change in changes)
        self.session.flush()

    def action_changes(self, action_ids: Iterable[int]) -> list[ActionChange]:
        ids = list(action_ids)
        if not ids:
            return []
        rows = self.session.scalars(
            select(ActionChangeRow).where(ActionChangeRow.action_id.in_(ids))
            .order_by(ActionChangeRow.changed_at, ActionChangeRow.id)
        )
        return [_action_change(row) for row in rows]

    # outcomes ------------------------------------------------------------
    def list_outcomes(self, task_force_id: int) -> list[FunctionOutcome]:
        rows = self.session.scalars(
            select(FunctionOutcomeRow).where(FunctionOutcomeRow.task_force_id == task_force_id)
            .order_by(FunctionOutcomeRow.function_id)
        )
        return [_outcome(row) for row in rows]

    def put_outcome(self, task_force_id: int, function_id: str, text: str, updated_by: int | None,
                    at: datetime | None = None) -> FunctionOutcome:
        row = self.session.scalar(
            select(FunctionOutcomeRow).where(
                FunctionOutcomeRow.task_force_id == task_force_id, FunctionOutcomeRow.function_id == function_id
            )
        )
        if row is None:
            row = FunctionOutcomeRow(task_force_id=task_force_id, function_id=function_id)
            self.session.add(row)
        row.text, row.updated_by, row.updated_at = text, updated_by, at or utc_now()
        self.session.flush()
        return _outcome(row)


def _target(row: TargetRow) -> Target:
    return Target(
        task_force_id=row.task_force_id, element_id=row.element_id, target_stage=row.target_stage,
        by_cycle_label=row.by_cycle_label, set_by=row.set_by, set_at=row.set_at,
    )


def _target_change(row: TargetChangeRow) -> TargetChange:
    return TargetChange(
        task_force_id=row.task_force_id, element_id=row.element_id, changed_at=row.changed_at,
        changed_by=row.changed_by, field=row.field, old_value=row.old_value, new_value=row.new_value,
    )


def _action(row: ActionRow) -> Action:
    return Action(
        id=row.id, task_force_id=row.task_force_id, element_id=row.element_id, title=row.title, owner=row.owner,
        due_date=row.due_date, status=ActionStatus(row.status), note=row.note, pinned=row.pinned,
        created_in_cycle_id=row.created_in_cycle_id, created_at=row.created_at, updated_at=row.updated_at,
        completed_at=row.completed_at, version=row.version,
    )


def _action_change(row: ActionChangeRow) -> ActionChange:
    return ActionChange(
        action_id=row.action_id, changed_at=row.changed_at, changed_by=row.changed_by, field=row.field,
        old_value=row.old_value, new_value=row.new_value,
    )


def _outcome(row: FunctionOutcomeRow) -> FunctionOutcome:
    return FunctionOutcome(
        task_force_id=row.task_force_id, function_id=row.function_id, text=row.text,
        updated_by=row.updated_by, updated_at=row.updated_at,
    )
