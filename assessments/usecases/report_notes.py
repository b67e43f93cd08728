"""Which evidence notes go into the PDF's appendix: the lead chooses, note by note.

A note leaves here with its element and text only, never with its author, so
neither the Reports page nor the PDF can show who wrote it. Reading every note
needs Permission.READ_NOTES, choosing them Permission.LEAD; the notes the lead
chose, and how many were written, are part of the funder report (Permission.READ_PLAN).
Every read shows only the notes on elements that at least the task force's notes
threshold of members answered (assessments/domain/confidentiality.py): a note chosen
earlier drops out of the report if the lead raises the threshold above its element's count.
"""

from __future__ import annotations

from assessments.domain.model import Actor, Cycle, EvidenceNote, NotFound
from assessments.domain.permissions import Permission
from assessments.domain.scoring import elements_whose_notes_show
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, frameworks


def _in_framework_order(db: Database, cycle: Cycle, notes: list[EvidenceNote]) -> list[EvidenceNote]:
    # Framework order, then the text itself: a stable order that says nothing about who wrote what.
    framework = frameworks.framework_of_cycle(db, cycle)
    order = {element.id: index for index, element in enumerate(framework.elements)}
    return sorted(notes, key=lambda n: (order.get(n.element_id, len(order)), n.element_id, n.text, n.key))


def _shown(uow: UnitOfWork, cycle: Cycle, notes: list[EvidenceNote]) -> list[EvidenceNote]:
    threshold = uow.task_forces.get_task_force(cycle.task_force_id).notes_shown_from
    shown = elements_whose_notes_show(uow.cycles.stage_counts([cycle.id])[cycle.id], threshold)
    return [n for n in notes if n.element_id in shown]


def notes_for_lead(db: Database, actor: Actor | None, cycle_id: int) -> list[EvidenceNote]:
    """Every evidence note of a cycle, without authors, for the lead to choose from."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_NOTES)
        notes = _shown(uow, cycle, uow.cycles.evidence_notes(cycle_id))
    return _in_framework_order(db, cycle, notes)


def set_note_in_report(db: Database, actor: Actor | None, cycle_id: int, key: int, in_report: bool) -> EvidenceNote:
    """Include a note in the PDF appendix, or leave it out. Lead only."""
    with UnitOfWork(db, writes=True) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.LEAD)
        if not any(n.key == key for n in _shown(uow, cycle, uow.cycles.evidence_notes(cycle_id))):
            raise NotFound("That note is not shown in this cycle: its author may have removed it, or its element has "
                           "fewer answers than the notes threshold. Reload the page.")
        if not uow.cycles.set_note_in_report(cycle_id, key, in_report):
            raise NotFound("That note is no longer in this cycle; its author may have removed it. Reload the page.")
        note = next(n for n in uow.cycles.evidence_notes(cycle_id) if n.key == key)
        uow.changed(cycle.task_force_id)
        uow.commit()
    return note


def notes_in_report(db: Database, actor: Actor | None, cycle_id: int) -> list[EvidenceNote]:
    """The notes the lead chose for the report, anonymous, in framework order."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_PLAN)
        notes = _shown(uow, cycle, uow.cycles.evidence_notes(cycle_id, only_in_report=True))
    return _in_framework_order(db, cycle, notes)


def count_notes(db: Database, actor: Actor | None, cycle_id: int) -> int:
    """How many notes the lead could choose from (the notes threshold applied). The funder report
    prints this count ("2 of the 7 evidence notes members wrote"), so it needs READ_PLAN, not READ_NOTES."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_PLAN)
        return len(_shown(uow, cycle, uow.cycles.evidence_notes(cycle_id)))
