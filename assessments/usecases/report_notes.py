"""Which evidence notes go into the PDF's appendix: the lead chooses, note by note.

A note leaves here with its element and text only, never with its author, so
neither the Reports page nor the PDF can show who wrote it.
"""

from __future__ import annotations

from assessments.domain.model import EvidenceNote, NotFound
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, frameworks


def _in_framework_order(db: Database, cycle_id: int, notes: list[EvidenceNote]) -> list[EvidenceNote]:
    # Framework order, then the text itself: a stable order that says nothing about who wrote what.
    framework = frameworks.framework_of_cycle(db, cycles.get_cycle(db, cycle_id))
    order = {element.id: index for index, element in enumerate(framework.elements)}
    return sorted(notes, key=lambda n: (order.get(n.element_id, len(order)), n.element_id, n.text, n.key))


def notes_for_lead(db: Database, member_id: int, cycle_id: int) -> list[EvidenceNote]:
    """Every evidence note of a cycle, without authors, for the lead to choose from."""
    _check_lead(db, member_id, cycle_id)
    with UnitOfWork(db) as uow:
        notes = uow.cycles.evidence_notes(cycle_id)
    return _in_framework_order(db, cycle_id, notes)


def set_note_in_report(db: Database, member_id: int, cycle_id: int, key: int, in_report: bool) -> EvidenceNote:
    """Include a note in the PDF appendix, or leave it out. Lead only."""
    _check_lead(db, member_id, cycle_id)
    with UnitOfWork(db) as uow:
        if not uow.cycles.set_note_in_report(cycle_id, key, in_report):
            raise NotFound("That note is no longer in this cycle; its author may have removed it. Reload the page.")
        note = next(n for n in uow.cycles.evidence_notes(cycle_id) if n.key == key)
        uow.commit()
    return note


def notes_in_report(db: Database, cycle_id: int) -> list[EvidenceNote]:
    """The notes the lead chose for the report, anonymous, in framework order."""
    with UnitOfWork(db) as uow:
        notes = uow.cycles.evidence_notes(cycle_id, only_in_report=True)
    return _in_framework_order(db, cycle_id, notes)


def count_notes(db: Database, cycle_id: int) -> int:
    with UnitOfWork(db) as uow:
        return len(uow.cycles.evidence_notes(cycle_id))


def _check_lead(db: Database, member_id: int, cycle_id: int) -> None:
    with UnitOfWork(db) as uow:
        uow.task_forces.current_lead(member_id, uow.cycles.get_cycle(cycle_id).task_force_id)
