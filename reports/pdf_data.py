"""Everything the PDF shows, read once: scores through assessments/usecases/results.py
(the one scoring path), the plan through assessments/usecases/planning.py, and the
notes the lead chose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessments.domain import change_summary
from assessments.domain.change_summary import ChangeSummary
from assessments.domain.model import Actor, Consensus, Cycle, EvidenceNote, NotFound, TaskForce
from assessments.domain.plan_rules import CyclePlan
from assessments.domain.scoring import CycleScores, ElementScore
from assessments.store.database import Database
from assessments.usecases import consensus, cycles, planning, report_notes, results, task_forces
from roadmap.model import Framework


@dataclass(frozen=True)
class CyclePoint:
    """One earlier or later cycle, for the trend: its scores and the framework they were scored on."""

    cycle: Cycle
    framework: Framework
    scores: CycleScores


@dataclass(frozen=True)
class ReportData:
    task_force: TaskForce
    cycle: Cycle
    framework: Framework
    scores: CycleScores
    history: tuple[CyclePoint, ...]
    head_counts: dict[str, int]
    """Members who answered, per discipline, as the reporting threshold lets them show: disciplines
    under k pooled as "Other disciplines", a pool still under k only in ``respondents``."""
    respondents: int | None
    """Members who answered anything; None when fewer than k (the threshold)."""
    consensus: tuple[Consensus, ...]
    notes: tuple[EvidenceNote, ...]
    notes_written: int
    plan: CyclePlan
    report_date: date

    @property
    def up_to_cycle(self) -> tuple[CyclePoint, ...]:
        """The cycles up to and including the reported one, oldest first."""
        return tuple(p for p in self.history if p.cycle.label <= self.cycle.label)

    @property
    def previous(self) -> CyclePoint | None:
        earlier = self.up_to_cycle[:-1]
        return earlier[-1] if earlier else None

    @property
    def first(self) -> CyclePoint | None:
        earlier = self.up_to_cycle[:-1]
        return earlier[0] if earlier else None

    @property
    def change(self) -> ChangeSummary | None:
        """Since the previous cycle, classified as the Progress page does (domain/change_summary.py)."""
        before = self.previous
        if before is None:
            return None
        return change_summary.summarise((before.cycle, before.framework, before.scores),
                                        (self.cycle, self.framework, self.scores))

    @property
    def threshold(self) -> int:
        """k: the task force's reporting threshold, which the scores were computed with."""
        return self.scores.threshold

    @property
    def rationale(self) -> dict[str, str]:
        return {c.element_id: c.rationale for c in self.consensus if c.rationale.strip()}

    def element_name(self, element_id: str) -> str:
        try:
            return self.framework.element(element_id).name
        except KeyError:
            return element_id

    def strengths(self, count: int = 3) -> list[ElementScore]:
        """The highest-scoring elements; on a tie, the one more members answered."""
        scored = [e for e in self.scores.elements if not e.is_gap]
        order = {e.element_id: i for i, e in enumerate(self.scores.elements)}
        return sorted(scored, key=lambda e: (-e.score, -_answers(e), order[e.element_id]))[:count]

    def weakest(self, count: int = 3) -> list[ElementScore]:
        """The lowest-scoring elements: the largest room to grow. Gaps are listed apart."""
        scored = [e for e in self.scores.elements if not e.is_gap]
        order = {e.element_id: i for i, e in enumerate(self.scores.elements)}
        return sorted(scored, key=lambda e: (e.score, -_answers(e), order[e.element_id]))[:count]


def _answers(e: ElementScore) -> int:
    """For ordering ties only, never printed: a withheld count (a consensus stage from fewer than k
    answers) sorts after every shown one, which tells nothing beyond "fewer than k"."""
    return -1 if e.answers is None else e.answers


def read_report(db: Database, actor: Actor | None, task_force_id: int, cycle_id: int, report_date: date) -> ReportData:
    """Everything the PDF shows, read with the actor's rights: READ_RESULTS and READ_PLAN (a lead or a funder)."""
    # The first read checks the actor's membership, before anything about the cycle is told.
    history = tuple(CyclePoint(c, f, s) for c, f, s in results.scores_by_cycle(db, actor, task_force_id))
    task_force = task_forces.get_task_force(db, actor, task_force_id)
    cycle = cycles.get_cycle(db, actor, cycle_id)
    if cycle.task_force_id != task_force_id:
        raise NotFound(f"Cycle {cycle.label} does not belong to {task_force.name}.")
    point = next(p for p in history if p.cycle.id == cycle_id)
    head_counts, respondents = results.respondents_by_discipline(db, actor, cycle_id)
    # The plan answering a cycle's scores is made in the cycle after it (a lead plans from the quarter just
    # closed), so the report prints the plan of the following cycle when it had opened by the report date,
    # measured against the reported cycle's scores; of an older cycle, as it stood when the next but one opened.
    following = next((p.cycle for p in history if p.cycle.label > cycle.label), None)
    plan_cycle = following if following is not None and following.opened_at.date() <= report_date else cycle
    return ReportData(
        task_force=task_force,
        cycle=cycle,
        framework=point.framework,
        scores=point.scores,
        history=history,
        head_counts=head_counts,
        respondents=respondents,
        consensus=tuple(consensus.recorded_consensus(db, actor, cycle_id)),
        notes=tuple(report_notes.notes_in_report(db, actor, cycle_id)),
        notes_written=report_notes.count_notes(db, actor, cycle_id),
        plan=planning.plan_for_cycle(db, actor, task_force_id, plan_cycle.id, today=report_date, standings_from=cycle_id),
        report_date=report_date,
    )
