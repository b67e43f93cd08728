"""The consensus meeting: the lead records the stage the task force agreed on.

A recorded consensus stage replaces the median of answers as the element's score
(assessments/domain/scoring.py); clearing it brings the median back.

The element review follows the reporting threshold (assessments/domain/confidentiality.py)
like every other output: the lead sees no distribution, median or count from fewer
than k answers, and no discipline median the breakdown would not show.

Anonymity of evidence notes in the element review: a note is shown as its text
only, never with the member's name, stage or time, and in text order so the order
says nothing about who wrote it. The notes appear only once the element has the
notes threshold of answers. A note's discipline is shown beside it only when the
discipline breakdown shows that group's median (the group and the rest each gave
at least k answers); otherwise a label could point at one or two people, so the
note says "discipline not shown" instead.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assessments.domain.model import (
    Actor,
    Consensus,
    Cycle,
    DomainError,
    Member,
    NotFound,
    check_rationale,
)
from assessments.domain.permissions import Permission
from assessments.domain.scoring import (
    ElementScore,
    GroupMedian,
    discipline_breakdown,
    elements_whose_notes_show,
    score_element,
)
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import frameworks
from assessments.usecases.access import audit, member_of_cycle

STAGES = (1, 2, 3, 4, 5)


class ReviewNote(BaseModel):
    """One evidence note, anonymous: the text, and the discipline only when its group is big enough."""

    model_config = ConfigDict(frozen=True)
    text: str
    discipline: str | None = None

    @property
    def attribution(self) -> str:
        if self.discipline is not None:
            return self.discipline
        return "discipline not shown: too few answers from it or from the rest of the task force"


class ElementReview(BaseModel):
    """What the lead brings to the consensus meeting for one element."""

    model_config = ConfigDict(frozen=True)
    cycle_id: int
    cycle_label: str
    element_id: str
    score: ElementScore
    groups: tuple[GroupMedian, ...]
    """Only the disciplines the threshold lets show."""
    notes: tuple[ReviewNote, ...]
    notes_withheld: bool
    """True when the element has fewer answers than the notes threshold, so no note is shown."""
    notes_threshold: int
    consensus: Consensus | None


def record_consensus(
    db: Database, actor: Actor | None, cycle_id: int, element_id: str, stage: int, rationale: str,
) -> Consensus:
    """Record (or replace) the agreed stage for one element of a cycle. Lead only.

    Allowed on closed cycles too: the meeting usually happens after answering closes.
    """
    with UnitOfWork(db, writes=True) as uow:
        lead, cycle = _lead_cycle(db, uow, actor, cycle_id, element_id)
        rationale = check_rationale(rationale)
        if stage not in STAGES:
            raise DomainError(f"Stage {stage} does not exist; choose a stage from 1 to 5. Nothing was saved.")
        consensus = uow.cycles.put_consensus(cycle.id, element_id, stage, rationale, lead.id)
        uow.changed(cycle.task_force_id)
        audit(uow, actor, "consensus recorded", f"{cycle.label}: element {element_id} -> stage {stage}",
              cycle.task_force_id)
        uow.commit()
    return consensus


def clear_consensus(db: Database, actor: Actor | None, cycle_id: int, element_id: str) -> None:
    """Remove the agreed stage, so the element is scored by the median of answers again. Lead only."""
    with UnitOfWork(db, writes=True) as uow:
        _, cycle = _lead_cycle(db, uow, actor, cycle_id, element_id)
        if not any(c.element_id == element_id for c in uow.cycles.consensus_for(cycle.id)):
            raise NotFound(f"No consensus stage is recorded for {element_id} in {cycle.label}; nothing to clear.")
        uow.cycles.delete_consensus(cycle.id, element_id)
        uow.changed(cycle.task_force_id)
        audit(uow, actor, "consensus cleared", f"{cycle.label}: element {element_id}", cycle.task_force_id)
        uow.commit()


def recorded_consensus(db: Database, actor: Actor | None, cycle_id: int) -> list[Consensus]:
    """The agreed stages and rationales of a cycle, for every role of its task force."""
    with UnitOfWork(db) as uow:
        member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        return uow.cycles.consensus_for(cycle_id)


def element_review(db: Database, actor: Actor | None, cycle_id: int, element_id: str) -> ElementReview:
    """The distribution of answers and the anonymous evidence notes for one element. Lead only."""
    with UnitOfWork(db) as uow:
        _, cycle = _lead_cycle(db, uow, actor, cycle_id, element_id)
        task_force = uow.task_forces.get_task_force(cycle.task_force_id)
        counts = uow.cycles.stage_counts([cycle_id])[cycle_id]
        consensus = next((c for c in uow.cycles.consensus_for(cycle_id) if c.element_id == element_id), None)
        notes_shown = element_id in elements_whose_notes_show(counts, task_force.notes_shown_from)
        # The notes are the one thing here read answer by answer, and only when they may show.
        answers = [a for a in uow.cycles.cycle_answers(cycle_id) if a.element_id == element_id] if notes_shown else []
        members = uow.task_forces.members_with_answers_counted(cycle.task_force_id) if notes_shown else []
    k = task_force.reporting_threshold
    framework = frameworks.framework_of_cycle(db, cycle)
    # _lead_cycle refused an element the cycle does not assess, so its score is this cycle's own, never carried.
    score = score_element(element_id, framework.function_of(element_id).id, counts.by_discipline(element_id),
                          consensus.stage if consensus else None, k)
    groups = tuple(g for g in discipline_breakdown(framework, counts, k) if g.element_id == element_id)
    shown_groups = {g.group for g in groups}
    disciplines = {m.id: m.discipline for m in members if m.discipline is not None}
    notes = []
    for answer in answers:
        text = answer.note.strip()
        if not text:
            continue
        group = disciplines.get(answer.member_id)
        notes.append(ReviewNote(text=text, discipline=group.label if group and group.value in shown_groups else None))
    notes.sort(key=lambda n: (n.text.casefold(), n.discipline or ""))
    return ElementReview(
        cycle_id=cycle.id, cycle_label=cycle.label, element_id=element_id, score=score, groups=groups,
        notes=tuple(notes), notes_withheld=not notes_shown, notes_threshold=task_force.notes_shown_from,
        consensus=consensus,
    )


def _lead_cycle(
    db: Database, uow: UnitOfWork, actor: Actor | None, cycle_id: int, element_id: str,
) -> tuple[Member, Cycle]:
    """The lead's membership and the cycle, once the element is known to be in the cycle's framework."""
    lead, cycle = member_of_cycle(uow, actor, cycle_id, Permission.LEAD)
    framework = frameworks.framework_of_cycle(db, cycle)
    if element_id not in {e.id for e in framework.elements}:
        raise DomainError(f"Element {element_id!r} is not part of the framework cycle {cycle.label} uses.")
    function = framework.function_of(element_id)
    if not cycle.covers(function.id):
        # Rotation: the element's score is carried from an earlier cycle, which a consensus here would not change.
        raise DomainError(
            f"Cycle {cycle.label} does not assess {function.name}; element {element_id} keeps the score carried from "
            "an earlier cycle. Record its consensus in the cycle that assessed it. Nothing was saved."
        )
    return lead, cycle
