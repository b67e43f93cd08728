"""Repository for cycles and everything answered in them: answers, submissions,
consensus stages and the evidence notes a report may carry. Rows in, domain objects out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from assessments.domain.model import Answer, Consensus, Cycle, CycleStatus, EvidenceNote, NotFound, utc_now
from assessments.domain.stage_counts import NO_ANSWERS, STAGES, CycleCounts, Tally
from assessments.store.rows import AnswerRow, ConsensusRow, CycleRow, MemberRow, SubmissionRow, get_row
from assessments.store.upsert import insert_for, upsert


class CycleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # cycles -------------------------------------------------------------
    def add_cycle(
        self, task_force_id: int, label: str, framework_id: str, framework_version: str,
        opened_at: datetime | None = None, functions: Sequence[str] | None = None,
    ) -> Cycle:
        row = CycleRow(
            task_force_id=task_force_id, label=label, framework_id=framework_id,
            framework_version=framework_version, status=CycleStatus.OPEN.value, opened_at=opened_at or utc_now(),
            functions=None if functions is None else json.dumps(list(functions)),
        )
        self.session.add(row)
        self.session.flush()
        return _cycle(row)

    def get_cycle(self, cycle_id: int) -> Cycle:
        return _cycle(get_row(self.session, CycleRow, cycle_id, "cycle"))

    def lock_cycle(self, cycle_id: int, *, to_change: bool = False) -> Cycle:
        """The cycle as it is now, locked until this transaction ends. A save reads it FOR SHARE:
        saves do not wait for each other, but a close (FOR UPDATE, then UPDATE) waits for the
        saves in flight, and a save that comes after waits for the close and then sees it.
        On SQLite the writer's BEGIN IMMEDIATE already holds the one write lock."""
        row = self.session.scalar(
            select(CycleRow).where(CycleRow.id == cycle_id).with_for_update(read=not to_change)
            .execution_options(populate_existing=True)
        )
        if row is None:
            raise NotFound("That cycle does not exist.")
        return _cycle(row)

    def list_cycles(self, task_force_id: int) -> list[Cycle]:
        """Oldest first, which is the order every trend reads them in."""
        rows = self.session.scalars(
            select(CycleRow).where(CycleRow.task_force_id == task_force_id).order_by(CycleRow.label)
        )
        return [_cycle(row) for row in rows]

    def cycles_of(self, task_force_ids: Iterable[int]) -> dict[int, list[Cycle]]:
        """Several task forces' cycles in one statement: task force id -> its cycles, oldest first."""
        ids = sorted(set(task_force_ids))
        out: dict[int, list[Cycle]] = {task_force_id: [] for task_force_id in ids}
        rows = self.session.scalars(
            select(CycleRow).where(CycleRow.task_force_id.in_(ids)).order_by(CycleRow.task_force_id, CycleRow.label)
        )
        for row in rows:
            out[row.task_force_id].append(_cycle(row))
        return out

    def open_cycle(self, task_force_id: int) -> Cycle | None:
        """The cycle members answer now; a task force has at most one open."""
        return next((c for c in self.list_cycles(task_force_id) if c.is_open), None)

    def set_cycle_status(self, cycle_id: int, status: CycleStatus, at: datetime | None = None) -> Cycle:
        row = get_row(self.session, CycleRow, cycle_id, "cycle")
        row.status = status.value
        row.closed_at = (at or utc_now()) if status is CycleStatus.CLOSED else None
        self.session.flush()
        return _cycle(row)

    # answers ------------------------------------------------------------
    def put_answer(self, cycle_id: int, member_id: int, element_id: str, stage: int | None, note: str, at: datetime | None = None) -> Answer:
        """One statement, first save or not: two racing first saves of the same answer both
        succeed and leave one row (INSERT ... ON CONFLICT DO UPDATE)."""
        changes = {"stage": stage, "note": note, "updated_at": at or utc_now()}
        statement = upsert(self.session, AnswerRow, ["cycle_id", "member_id", "element_id"], changes, {
            "cycle_id": cycle_id, "member_id": member_id, "element_id": element_id, "note_in_report": False,
        })
        row = self.session.execute(statement.returning(*_ANSWER_COLUMNS)).one()
        return Answer(**row._mapping)

    def delete_answer(self, cycle_id: int, member_id: int, element_id: str) -> None:
        self.session.execute(
            delete(AnswerRow).where(
                AnswerRow.cycle_id == cycle_id, AnswerRow.member_id == member_id, AnswerRow.element_id == element_id
            )
        )

    def member_answers(self, cycle_id: int, member_id: int) -> list[Answer]:
        rows = self.session.scalars(
            select(AnswerRow).where(AnswerRow.cycle_id == cycle_id, AnswerRow.member_id == member_id).order_by(AnswerRow.element_id)
        )
        return [_answer(row) for row in rows]

    def cycle_answers(self, cycle_id: int) -> list[Answer]:
        """Every member's answers for a cycle. Only scoring and lead-only views may
        read these; use cases decide who gets them."""
        rows = self.session.scalars(
            select(AnswerRow).where(AnswerRow.cycle_id == cycle_id).order_by(AnswerRow.element_id, AnswerRow.member_id)
        )
        return [_answer(row) for row in rows]

    def stage_counts(self, cycle_ids: Iterable[int]) -> dict[int, CycleCounts]:
        """Every answer of the cycles counted, for scoring (domain/stage_counts.py), in two grouped
        statements whatever the number of cycles: per cycle x element x discipline, the answers at
        each stage and "don't know"; per cycle x discipline, the members who answered anything.
        The discipline is the member's now (None for a member without one). Cycles without
        answers map to empty counts. No single answer leaves the database."""
        ids = sorted(set(cycle_ids))
        if not ids:
            return {}
        answered = AnswerRow.cycle_id.in_(ids)
        by_member = MemberRow.id == AnswerRow.member_id
        counted = select(
            AnswerRow.cycle_id, AnswerRow.element_id, MemberRow.discipline,
            *(func.sum(case((AnswerRow.stage == stage, 1), else_=0)) for stage in STAGES),
            func.sum(case((AnswerRow.stage.is_(None), 1), else_=0)),
        ).join(MemberRow, by_member).where(answered).group_by(
            AnswerRow.cycle_id, AnswerRow.element_id, MemberRow.discipline,
        )
        elements: dict[int, dict[str, dict[str | None, Tally]]] = {cycle_id: {} for cycle_id in ids}
        # Equal tallies and ids are shared, not repeated: a national program has ~10^6 groups.
        tallies: dict[tuple, Tally] = {}
        names: dict[str, str] = {}
        for row in self.session.connection().execute(counted):
            key = row[3:]
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = Tally(tuple(int(n) for n in key[:-1]), int(key[-1]))
            element_id = names.setdefault(row[1], row[1])
            elements[row[0]].setdefault(element_id, {})[row[2]] = tally
        respondents: dict[int, dict[str | None, int]] = {cycle_id: {} for cycle_id in ids}
        # Distinct (cycle, member) pairs first: the unique index on answers covers them.
        answered_pairs = select(AnswerRow.cycle_id, AnswerRow.member_id).where(answered).distinct().subquery()
        who = select(answered_pairs.c.cycle_id, MemberRow.discipline, func.count()) \
            .join(MemberRow, MemberRow.id == answered_pairs.c.member_id) \
            .group_by(answered_pairs.c.cycle_id, MemberRow.discipline)
        for cycle_id, discipline, count in self.session.execute(who):
            respondents[cycle_id][discipline] = int(count)
        return {
            cycle_id: CycleCounts(elements[cycle_id], respondents[cycle_id]) if elements[cycle_id] else NO_ANSWERS
            for cycle_id in ids
        }

    def members_who_answered(self, cycle_id: int) -> set[int]:
        """The ids of the members with at least one answer in the cycle."""
        return set(self.session.scalars(select(AnswerRow.member_id).where(AnswerRow.cycle_id == cycle_id).distinct()))

    def add_answers(self, answers: Iterable[Answer]) -> None:
        """Bulk insert for imports and demo data."""
        self.session.add_all(
            AnswerRow(
                cycle_id=a.cycle_id, member_id=a.member_id, element_id=a.element_id, stage=a.stage,
                note=a.note, note_in_report=a.note_in_report, updated_at=a.updated_at,
            )
            for a in answers
        )
        self.session.flush()

    # evidence notes, as a report sees them: no author ----------------------------
    def evidence_notes(self, cycle_id: int, only_in_report: bool = False) -> list[EvidenceNote]:
        query = select(AnswerRow.id, AnswerRow.element_id, AnswerRow.note, AnswerRow.note_in_report).where(
            AnswerRow.cycle_id == cycle_id, AnswerRow.note != ""
        )
        if only_in_report:
            query = query.where(AnswerRow.note_in_report.is_(True))
        return [
            EvidenceNote(key=key, element_id=element_id, text=note, in_report=bool(in_report))
            for key, element_id, note, in_report in self.session.execute(query)
            if note.strip()
        ]

    def set_note_in_report(self, cycle_id: int, key: int, in_report: bool) -> bool:
        result = self.session.execute(
            update(AnswerRow).where(AnswerRow.id == key, AnswerRow.cycle_id == cycle_id, AnswerRow.note != "")
            .values(note_in_report=in_report)
        )
        return result.rowcount == 1

    # submissions --------------------------------------------------------------
    def add_submission(self, cycle_id: int, member_id: int, at: datetime | None = None) -> None:
        """Submitting twice (two tabs) keeps the first time."""
        self.session.execute(
            insert_for(self.session, SubmissionRow)
            .values(cycle_id=cycle_id, member_id=member_id, submitted_at=at or utc_now())
            .on_conflict_do_nothing(index_elements=["cycle_id", "member_id"])
        )

    def remove_submission(self, cycle_id: int, member_id: int) -> bool:
        """True if there was a submission to withdraw."""
        result = self.session.execute(
            delete(SubmissionRow).where(SubmissionRow.cycle_id == cycle_id, SubmissionRow.member_id == member_id)
        )
        return result.rowcount > 0

    def submitted_at(self, cycle_id: int, member_id: int) -> datetime | None:
        return self.session.scalar(
            select(SubmissionRow.submitted_at).where(SubmissionRow.cycle_id == cycle_id, SubmissionRow.member_id == member_id)
        )

    def submitted_member_ids(self, cycle_id: int) -> set[int]:
        return set(self.session.scalars(select(SubmissionRow.member_id).where(SubmissionRow.cycle_id == cycle_id)))

    # consensus ----------------------------------------------------------------
    def put_consensus(self, cycle_id: int, element_id: str, stage: int, rationale: str, recorded_by: int | None, at: datetime | None = None) -> Consensus:
        changes = {"stage": stage, "rationale": rationale, "recorded_by": recorded_by, "recorded_at": at or utc_now()}
        statement = upsert(self.session, ConsensusRow, ["cycle_id", "element_id"], changes,
                           {"cycle_id": cycle_id, "element_id": element_id})
        row = self.session.execute(statement.returning(*_CONSENSUS_COLUMNS)).one()
        return Consensus(**row._mapping)

    def delete_consensus(self, cycle_id: int, element_id: str) -> None:
        self.session.execute(
            delete(ConsensusRow).where(ConsensusRow.cycle_id == cycle_id, ConsensusRow.element_id == element_id)
        )

    def consensus_stages(self, cycle_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """The agreed stage per element of each cycle, in one statement (cycles without any map to {})."""
        ids = sorted(set(cycle_ids))
        out: dict[int, dict[str, int]] = {cycle_id: {} for cycle_id in ids}
        if ids:
            query = select(ConsensusRow.cycle_id, ConsensusRow.element_id, ConsensusRow.stage) \
                .where(ConsensusRow.cycle_id.in_(ids))
            for cycle_id, element_id, stage in self.session.execute(query):
                out[cycle_id][element_id] = stage
        return out

    def consensus_for(self, cycle_id: int) -> list[Consensus]:
        return self.consensus_of([cycle_id])[cycle_id]

    def consensus_of(self, cycle_ids: Iterable[int]) -> dict[int, list[Consensus]]:
        """Each cycle's consensus records, by element, in one statement (cycles without any map to [])."""
        ids = sorted(set(cycle_ids))
        out: dict[int, list[Consensus]] = {cycle_id: [] for cycle_id in ids}
        if ids:
            rows = self.session.scalars(select(ConsensusRow).where(ConsensusRow.cycle_id.in_(ids))
                                        .order_by(ConsensusRow.cycle_id, ConsensusRow.element_id))
            for row in rows:
                out[row.cycle_id].append(_consensus(row))
        return out


_ANSWER_COLUMNS = [getattr(AnswerRow, name) for name in
                   ("cycle_id", "member_id", "element_id", "stage", "note", "note_in_report", "updated_at")]
_CONSENSUS_COLUMNS = [getattr(ConsensusRow, name) for name in
                      ("cycle_id", "element_id", "stage", "rationale", "recorded_by", "recorded_at")]


def _cycle(row: CycleRow) -> Cycle:
    return Cycle(
        id=row.id, task_force_id=row.task_force_id, label=row.label, framework_id=row.framework_id,
        framework_version=row.framework_version, status=CycleStatus(row.status), opened_at=row.opened_at,
        closed_at=row.closed_at, functions=None if row.functions is None else tuple(json.loads(row.functions)),
    )


def _answer(row: AnswerRow) -> Answer:
    return Answer(
        cycle_id=row.cycle_id, member_id=row.member_id, element_id=row.element_id, stage=row.stage,
        note=row.note, note_in_report=row.note_in_report, updated_at=row.updated_at,
    )


def _consensus(row: ConsensusRow) -> Consensus:
    return Consensus(
        cycle_id=row.cycle_id, element_id=row.element_id, stage=row.stage, rationale=row.rationale,
        recorded_by=row.recorded_by, recorded_at=row.recorded_at,
    )
