"""A whole task force in and out of the store, as the backup document (domain/backup.py).

Reading lists everything in a fixed order (members in the order they joined, which is
also their pseudonym; cycles by label; answers by element and member; histories by time),
so one task force always gives the same document. Writing inserts rows in that order with
the times the document gives, so a restored task force reads back as the same document.
Rows never leave this module."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.domain import backup as b
from assessments.domain.model import TaskForce, utc_now
from assessments.store.rows import (
    AccountRow,
    ActionChangeRow,
    ActionRow,
    AnswerRow,
    ConsensusRow,
    CycleRow,
    FrameworkRow,
    FunctionOutcomeRow,
    FunctionRelevanceRow,
    MemberRow,
    SubmissionRow,
    TargetChangeRow,
    TargetRow,
    TaskForceRow,
    get_row,
)
from assessments.store.task_forces import _task_force


def read_task_force(session: Session, task_force_id: int) -> b.Backup:
    tf = get_row(session, TaskForceRow, task_force_id, "task force")
    member_rows = list(session.scalars(select(MemberRow).where(MemberRow.task_force_id == tf.id).order_by(MemberRow.id)))
    names = {row.id: b.pseudonym(n) for n, row in enumerate(member_rows, start=1)}
    accounts = {row.id: row for row in session.scalars(
        select(AccountRow).where(AccountRow.id.in_([m.account_id for m in member_rows])))}
    cycle_rows = list(session.scalars(select(CycleRow).where(CycleRow.task_force_id == tf.id).order_by(CycleRow.label)))
    labels = {row.id: row.label for row in cycle_rows}
    action_rows = list(session.scalars(select(ActionRow).where(ActionRow.task_force_id == tf.id).order_by(ActionRow.id)))

    def who(member_id: int | None) -> str | None:
        return names.get(member_id) if member_id is not None else None

    used = {(tf.framework_id, tf.framework_version)} | {(c.framework_id, c.framework_version) for c in cycle_rows}
    framework_rows = [row for row in session.scalars(select(FrameworkRow).order_by(FrameworkRow.framework_id,
                                                                                   FrameworkRow.version))
                      if (row.framework_id, row.version) in used]
    return b.Backup(
        format=b.FORMAT, schema_version=b.SCHEMA_VERSION,
        task_force=b.BackupTaskForce(
            name=tf.name, jurisdiction=tf.jurisdiction, framework_id=tf.framework_id,
            framework_version=tf.framework_version, is_demo=tf.is_demo, created_at=tf.created_at,
        ),
        settings=b.BackupSettings(
            reporting_threshold=tf.reporting_threshold, notes_threshold=tf.notes_threshold,
            function_relevance=[
                b.FunctionRelevance(discipline=row.discipline, function=row.function_id, relevant=row.relevant)
                for row in session.scalars(select(FunctionRelevanceRow).where(FunctionRelevanceRow.task_force_id == tf.id)
                                           .order_by(FunctionRelevanceRow.discipline, FunctionRelevanceRow.function_id))
            ],
        ),
        frameworks=[b.BackupFramework(id=row.framework_id, version=row.version, shared=row.task_force_id is None,
                                      source=row.source) for row in framework_rows],
        members=[
            b.BackupMember(
                id=names[row.id],
                account=b.BackupAccount(email=accounts[row.account_id].email, name=accounts[row.account_id].display_name),
                name=row.name, discipline=row.discipline, role=row.role, organisation=row.organisation,
                removed_at=row.removed_at,
            )
            for row in member_rows
        ],
        cycles=[_cycle(session, row, who) for row in cycle_rows],
        targets=[
            b.BackupTarget(element=row.element_id, target_stage=row.target_stage, by_cycle=row.by_cycle_label,
                           set_by=who(row.set_by), set_at=row.set_at)
            for row in session.scalars(select(TargetRow).where(TargetRow.task_force_id == tf.id).order_by(TargetRow.element_id))
        ],
        target_history=[
            b.BackupTargetChange(element=row.element_id, changed_at=row.changed_at, changed_by=who(row.changed_by),
                                 field=row.field, old_value=row.old_value, new_value=row.new_value)
            for row in session.scalars(select(TargetChangeRow).where(TargetChangeRow.task_force_id == tf.id)
                                       .order_by(TargetChangeRow.id))
        ],
        actions=[
            b.BackupAction(
                element=row.element_id, title=row.title, owner=row.owner, due_date=row.due_date, status=row.status,
                note=row.note, pinned=row.pinned, created_in_cycle=labels.get(row.created_in_cycle_id),
                created_at=row.created_at, updated_at=row.updated_at, completed_at=row.completed_at,
                version=row.version,
                history=[
                    b.BackupChange(changed_at=c.changed_at, changed_by=who(c.changed_by), field=c.field,
                                   old_value=c.old_value, new_value=c.new_value)
                    for c in session.scalars(select(ActionChangeRow).where(ActionChangeRow.action_id == row.id)
                                             .order_by(ActionChangeRow.id))
                ],
            )
            for row in action_rows
        ],
        outcomes=[
            b.BackupOutcome(function=row.function_id, text=row.text, updated_by=who(row.updated_by),
                            updated_at=row.updated_at)
            for row in session.scalars(select(FunctionOutcomeRow).where(FunctionOutcomeRow.task_force_id == tf.id)
                                       .order_by(FunctionOutcomeRow.function_id))
        ],
    )


def _cycle(session: Session, row: CycleRow, who: Callable[[int | None], str | None]) -> b.BackupCycle:
    answers = sorted(
        session.scalars(select(AnswerRow).where(AnswerRow.cycle_id == row.id)),
        key=lambda a: (a.element_id, who(a.member_id)),
    )
    submissions = sorted(session.scalars(select(SubmissionRow).where(SubmissionRow.cycle_id == row.id)),
                         key=lambda s: who(s.member_id))
    return b.BackupCycle(
        label=row.label, framework_id=row.framework_id, framework_version=row.framework_version, status=row.status,
        opened_at=row.opened_at, closed_at=row.closed_at,
        functions=None if row.functions is None else json.loads(row.functions),
        answers=[b.BackupAnswer(member=who(a.member_id), element=a.element_id, stage=a.stage, note=a.note,
                                note_in_report=a.note_in_report, updated_at=a.updated_at) for a in answers],
        submissions=[b.BackupSubmission(member=who(s.member_id), submitted_at=s.submitted_at) for s in submissions],
        consensus=[
            b.BackupConsensus(element=c.element_id, stage=c.stage, rationale=c.rationale,
                              recorded_by=who(c.recorded_by), recorded_at=c.recorded_at)
            for c in session.scalars(select(ConsensusRow).where(ConsensusRow.cycle_id == row.id)
                                     .order_by(ConsensusRow.element_id))
        ],
    )


# writing ----------------------------------------------------------------------------------


def conflicts(session: Session, backup: b.Backup) -> list[str]:
    """What in this installation stands in the way of restoring the backup."""
    problems = []
    name = backup.task_force.name
    if session.scalar(select(TaskForceRow.id).where(TaskForceRow.name == name)) is not None:
        problems.append(f"$.task_force.name: a task force named {name!r} is already in this installation; "
                        "rename or remove that one first (a backup is restored beside other task forces, never over one)")
    for index, framework in enumerate(backup.frameworks):
        row = session.scalar(select(FrameworkRow).where(FrameworkRow.framework_id == framework.id,
                                                        FrameworkRow.version == framework.version))
        if row is not None and row.source != framework.source:
            problems.append(f"$.frameworks[{index}]: this installation holds framework {framework.id!r} version "
                            f"{framework.version!r} with different content; cycles scored on either must stay readable")
    return problems


def write_task_force(session: Session, checked: b.CheckedBackup,
                     progress: Callable[[float, str], None]) -> tuple[TaskForce, list[int]]:
    """Insert the backup's task force and everything of it; the task force and the ids of the accounts
    that were created for it (they have no password yet)."""
    backup = checked.backup
    tf_data = backup.task_force
    tf = TaskForceRow(
        name=tf_data.name, jurisdiction=tf_data.jurisdiction, framework_id=tf_data.framework_id,
        framework_version=tf_data.framework_version, is_demo=tf_data.is_demo, created_at=tf_data.created_at,
        reporting_threshold=backup.settings.reporting_threshold, notes_threshold=backup.settings.notes_threshold,
    )
    session.add(tf)
    session.flush()
    for framework in backup.frameworks:
        exists = session.scalar(select(FrameworkRow.id).where(FrameworkRow.framework_id == framework.id,
                                                              FrameworkRow.version == framework.version))
        if exists is None:
            title = checked.frameworks[(framework.id, framework.version)].title
            session.add(FrameworkRow(framework_id=framework.id, version=framework.version, title=title,
                                     source=framework.source, added_at=utc_now(),
                                     task_force_id=None if framework.shared else tf.id))
    for relevance in backup.settings.function_relevance:
        session.add(FunctionRelevanceRow(task_force_id=tf.id, discipline=relevance.discipline.value,
                                         function_id=relevance.function, relevant=relevance.relevant))
    progress(0.1, "People and their roles")
    member_ids: dict[str, int] = {}
    new_accounts = []
    for member in backup.members:
        account = None
        if member.account.email is not None:
            account = session.scalar(select(AccountRow).where(AccountRow.email == member.account.email))
        if account is None:
            account = AccountRow(email=member.account.email, display_name=member.account.name, password_hash=None,
                                 is_admin=False, created_at=utc_now())
            session.add(account)
            session.flush()
            new_accounts.append(account.id)
        row = MemberRow(task_force_id=tf.id, account_id=account.id, name=member.name,
                        discipline=member.discipline.value if member.discipline else None, role=member.role.value,
                        organisation=member.organisation, removed_at=member.removed_at)
        session.add(row)
        session.flush()  # one at a time: the row id is the member's place in the order, hence the pseudonym
        member_ids[member.id] = row.id

    def who(pseudonym: str | None) -> int | None:
        return member_ids[pseudonym] if pseudonym is not None else None

    cycle_ids = {}
    for index, cycle in enumerate(backup.cycles):
        progress(0.15 + 0.7 * index / max(1, len(backup.cycles)), f"Cycle {cycle.label}")
        row = CycleRow(task_force_id=tf.id, label=cycle.label, framework_id=cycle.framework_id,
                       framework_version=cycle.framework_version, status=cycle.status.value,
                       opened_at=cycle.opened_at, closed_at=cycle.closed_at,
                       functions=None if cycle.functions is None else json.dumps(cycle.functions))
        session.add(row)
        session.flush()
        cycle_ids[cycle.label] = row.id
        session.add_all(AnswerRow(cycle_id=row.id, member_id=who(a.member), element_id=a.element, stage=a.stage,
                                  note=a.note, note_in_report=a.note_in_report, updated_at=a.updated_at)
                        for a in cycle.answers)
        session.add_all(SubmissionRow(cycle_id=row.id, member_id=who(s.member), submitted_at=s.submitted_at)
                        for s in cycle.submissions)
        session.add_all(ConsensusRow(cycle_id=row.id, element_id=c.element, stage=c.stage, rationale=c.rationale,
                                     recorded_by=who(c.recorded_by), recorded_at=c.recorded_at)
                        for c in cycle.consensus)
        session.flush()
    progress(0.9, "The improvement plan")
    session.add_all(TargetRow(task_force_id=tf.id, element_id=t.element, target_stage=t.target_stage,
                              by_cycle_label=t.by_cycle, set_by=who(t.set_by), set_at=t.set_at) for t in backup.targets)
    session.add_all(TargetChangeRow(task_force_id=tf.id, element_id=c.element, changed_at=c.changed_at,
                                    changed_by=who(c.changed_by), field=c.field, old_value=c.old_value,
                                    new_value=c.new_value) for c in backup.target_history)
    for action in backup.actions:
        row = ActionRow(
            task_force_id=tf.id, element_id=action.element, title=action.title, owner=action.owner,
            due_date=action.due_date, status=action.status.value, note=action.note, pinned=action.pinned,
            created_in_cycle_id=cycle_ids.get(action.created_in_cycle), created_at=action.created_at,
            updated_at=action.updated_at, completed_at=action.completed_at, version=action.version,
        )
        session.add(row)
        session.flush()
        session.add_all(ActionChangeRow(action_id=row.id, changed_at=c.changed_at, changed_by=who(c.changed_by),
                                        field=c.field, old_value=c.old_value, new_value=c.new_value)
                        for c in action.history)
    session.add_all(FunctionOutcomeRow(task_force_id=tf.id, function_id=o.function, text=o.text,
                                       updated_by=who(o.updated_by), updated_at=o.updated_at) for o in backup.outcomes)
    session.flush()
    return _task_force(tf), new_accounts
