"""A cycle's scores, read one way for every screen, the PDF and the exports.

Only aggregates leave here, and only those the task force's reporting threshold lets
show (assessments/domain/confidentiality.py): the threshold is applied while scoring,
so no caller can get a figure the rule withholds. No function returns another member's
individual answers: scores come from answers counted in SQL (CycleRepository.stage_counts),
one grouped read for every cycle a use case needs. Reading needs Permission.READ_RESULTS
in the cycle's task force: its members, leads and funders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments.domain import confidentiality, cycle_choice, rotation, scoring
from assessments.domain.cycle_choice import CycleChoice
from assessments.domain.model import Actor, Consensus, Cycle, NotAllowed, TaskForce
from assessments.domain.permissions import REFUSALS, Permission, may
from assessments.domain.rotation import Scored
from assessments.domain.scoring import CycleScores, GroupMedian
from assessments.domain.stage_counts import CycleCounts
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, frameworks
from roadmap.model import Framework


@dataclass(frozen=True)
class CycleResults:
    """Everything a results screen, export or PDF shows about one cycle, read in one go
    (reports/tables.py calls it CycleReport)."""

    task_force: TaskForce
    cycle: Cycle
    framework: Framework
    scores: CycleScores
    breakdown: tuple[GroupMedian, ...]
    consensus: tuple[Consensus, ...]
    respondents_by_discipline: dict[str, int]
    """Head counts as they may be shown: small disciplines pooled (confidentiality.head_counts);
    the total is ``scores.respondents``."""

    @property
    def threshold(self) -> int:
        return self.scores.threshold

    @property
    def withheld_text(self) -> str:
        return confidentiality.fewer_than(self.threshold)

    @property
    def rationale(self) -> dict[str, str]:
        return {c.element_id: c.rationale for c in self.consensus}


def cycle_scores(db: Database, actor: Actor | None, cycle_id: int) -> CycleScores:
    """The scores of one cycle: consensus where recorded, else the median of answers."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        return _scores(uow, cycle, uow.task_forces.get_task_force(cycle.task_force_id))


def cycle_results(db: Database, actor: Actor | None, cycle_id: int) -> CycleResults:
    """One cycle's scores, discipline breakdown, consensus and head counts from one unit of work:
    one permission check, the framework read once and the answers counted once."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(cycle.task_force_id)
        (read,) = results_in(uow, task_force, _cycles_scored_with(uow, cycle), shown=[cycle.id])
    return read


def cycle_breakdown(db: Database, actor: Actor | None, cycle_id: int) -> list[GroupMedian]:
    """Each element's median per discipline, for the disciplines the threshold lets show."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(cycle.task_force_id)
        counts = uow.cycles.stage_counts([cycle_id])[cycle_id]
        framework = frameworks.framework_in(uow, cycle.framework_id, cycle.framework_version)
    return scoring.discipline_breakdown(framework, counts, task_force.reporting_threshold)


def scores_by_cycle(db: Database, actor: Actor | None, task_force_id: int) -> list[Scored]:
    """Every cycle of a task force, oldest first, with the framework it was scored on.
    Every cycle is scored with today's threshold, so a raised threshold also covers the past."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(task_force_id)
        return _history(uow, task_force, uow.cycles.list_cycles(task_force_id))


def histories(db: Database, actor: Actor | None, task_force_ids: Iterable[int]) -> dict[int, list[Scored]]:
    """Several task forces' histories, each as scores_by_cycle gives it, from one grouped read of
    all their answers (a state or national program). Needs READ_RESULTS in every one of them;
    one refusal refuses the whole read."""
    if actor is None:
        raise NotAllowed(access.SIGN_IN_FIRST)
    wanted = sorted(set(task_force_ids))
    with UnitOfWork(db) as uow:
        memberships = {m.task_force_id: m for m in uow.task_forces.memberships_of(actor.account_id)}
        if not all(may(memberships.get(task_force_id), Permission.READ_RESULTS) for task_force_id in wanted):
            raise NotAllowed(REFUSALS[Permission.READ_RESULTS])
        thresholds = {t.id: t.reporting_threshold for t in uow.task_forces.list_task_forces() if t.id in wanted}
        by_task_force = uow.cycles.cycles_of(wanted)
        fresh, _ = _fresh(uow, thresholds, [c for task_force_id in wanted for c in by_task_force[task_force_id]])
    grouped: dict[int, list[Scored]] = {task_force_id: [] for task_force_id in wanted}
    for scored in fresh:
        grouped[scored[0].task_force_id].append(scored)
    return {task_force_id: _carried(own) for task_force_id, own in grouped.items()}


def starting_cycle(db: Database, actor: Actor | None, task_force_id: int) -> CycleChoice | None:
    """The cycle Results, Progress and the plan start from, with why (domain/cycle_choice.py);
    None when the task force has no cycle. The whole history is scored from one grouped read,
    which costs less than a read per cycle even when only the newest cycles decide."""
    history = scores_by_cycle(db, actor, task_force_id)
    return cycle_choice.choose([(cycle, scores) for cycle, _, scores in history])


def respondents_by_discipline(db: Database, actor: Actor | None, cycle_id: int) -> tuple[dict[str, int], int | None]:
    """How many members answered at least one element, per discipline label, with disciplines
    under the threshold pooled; and the total, None when it is under the threshold."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(cycle.task_force_id)
        counts = uow.cycles.stage_counts([cycle_id])[cycle_id]
    return scoring.respondents_by_discipline(counts, task_force.reporting_threshold)


# helpers of the use cases above: the caller already checked the actor ------------------------------

def results_in(uow: UnitOfWork, task_force: TaskForce, cycles: Sequence[Cycle],
               shown: Iterable[int] | None = None) -> list[CycleResults]:
    """The results of the cycles ``shown`` (default: all of ``cycles``), each as the Results page
    shows it, with the scores rotation carries from the other ``cycles``; answers counted in one
    grouped read. For a use case that already checked the actor (and the task force's exports)."""
    wanted = [c.id for c in cycles] if shown is None else list(shown)
    consensus = {cycle_id: tuple(rows) for cycle_id, rows in uow.cycles.consensus_of(wanted).items()}
    k = task_force.reporting_threshold
    fresh, counts = _fresh(uow, {task_force.id: k}, cycles,
                           {cycle_id: {c.element_id: c.stage for c in rows} for cycle_id, rows in consensus.items()},
                           keep_counts=wanted)
    return [
        CycleResults(
            task_force=task_force, cycle=cycle, framework=framework, scores=scores,
            breakdown=tuple(scoring.discipline_breakdown(framework, counts[cycle.id], k)),
            consensus=consensus[cycle.id],
            respondents_by_discipline=scoring.respondents_by_discipline(counts[cycle.id], k)[0],
        )
        for cycle, framework, scores in _carried(fresh) if cycle.id in consensus
    ]


def _scores(uow: UnitOfWork, cycle: Cycle, task_force: TaskForce) -> CycleScores:
    """Score a cycle, with the functions it does not assess carried from earlier cycles
    (assessments/domain/rotation.py): it and those cycles counted in one read."""
    fresh, _ = _fresh(uow, {task_force.id: task_force.reporting_threshold}, _cycles_scored_with(uow, cycle))
    return next(scores for c, _, scores in _carried(fresh) if c.id == cycle.id)


def _cycles_scored_with(uow: UnitOfWork, cycle: Cycle) -> list[Cycle]:
    """The cycle, and the earlier cycles on its framework version its rotation may carry scores from."""
    if cycle.functions is None:
        return [cycle]
    return [c for c in uow.cycles.list_cycles(cycle.task_force_id)
            if c.id == cycle.id or (c.label < cycle.label and _version(c) == _version(cycle))]


def _history(uow: UnitOfWork, task_force: TaskForce, cycles: Sequence[Cycle]) -> list[Scored]:
    fresh, _ = _fresh(uow, {task_force.id: task_force.reporting_threshold}, cycles)
    return _carried(fresh)


def _fresh(
    uow: UnitOfWork, thresholds: Mapping[int, int], cycles: Sequence[Cycle],
    consensus: Mapping[int, Mapping[str, int]] | None = None, keep_counts: Iterable[int] = (),
) -> tuple[list[Scored], dict[int, CycleCounts]]:
    """Each cycle's scores from its own answers and consensus only, in the order given, and the
    counts of the cycles in ``keep_counts``. ``thresholds``: task force id -> its reporting
    threshold. Every cycle's answers are counted in one grouped read, the consensus stages not
    given in one more, and each framework version is read once."""
    ids = [c.id for c in cycles]
    counts = uow.cycles.stage_counts(ids)
    given = consensus or {}
    agreed = {**uow.cycles.consensus_stages([i for i in ids if i not in given]), **given}
    kept = {cycle_id: counts[cycle_id] for cycle_id in keep_counts}
    read: dict[tuple[str, str], Framework] = {}
    fresh = []
    for cycle in cycles:
        version = _version(cycle)
        if version not in read:
            read[version] = frameworks.framework_in(uow, *version)
        # Each cycle's counts go once scored: a national program's would otherwise all wait for the last.
        scores = scoring.score_cycle(read[version], counts.pop(cycle.id), agreed.get(cycle.id),
                                     thresholds[cycle.task_force_id])
        fresh.append((cycle, read[version], scores))
    return fresh, kept


def _carried(fresh: list[Scored]) -> list[Scored]:
    """One task force's cycles with the scores rotation carries forward. Carried from the fresh
    scores only: a source cycle assessed the function it lends."""
    return [(cycle, framework, rotation.carry_forward(cycle, scores, fresh)) for cycle, framework, scores in fresh]


def _version(cycle: Cycle) -> tuple[str, str]:
    return cycle.framework_id, cycle.framework_version
