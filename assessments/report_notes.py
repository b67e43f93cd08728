"""Which evidence notes go into the PDF's appendix: the lead chooses, note by note.

A note leaves here with its element and text only, never with its author, so
neither the Reports page nor the PDF can show who wrote it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessments import services
from assessments.database import Database
from assessments.model import NotFound
from assessments.store import UnitOfWork
from assessments.tables import AnswerRow


class EvidenceNote(BaseModel):
    """An evidence note as a report sees it: anonymous. ``key`` only lets the lead toggle it."""

    model_config = ConfigDict(frozen=True)

    key: int
    element_id: str
    text: str
    in_report: bool


class NotesStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def notes(self, cycle_id: int, only_in_report: bool = False) -> list[EvidenceNote]:
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

    def set_in_report(self, cycle_id: int, key: int, in_report: bool) -> bool:
        result = self.session.execute(
            update(AnswerRow).where(AnswerRow.id == key, AnswerRow.cycle_id == cycle_id, AnswerRow.note != "")
            .values(note_in_report=in_report)
        )
        return result.rowcount == 1


def _in_framework_order(db: Database, cycle_id: int, notes: list[EvidenceNote]) -> list[EvidenceNote]:
    # Framework order, then the text itself: a stable order that says nothing about who wrote what.
    framework = services.framework_of_cycle(db, services.get_cycle(db, cycle_id))
    order = {element.id: index for index, element in enumerate(framework.elements)}
    return sorted(notes, key=lambda n: (order.get(n.element_id, len(order)), n.element_id, n.text, n.key))


def notes_for_lead(db: Database, member_id: int, cycle_id: int) -> list[EvidenceNote]:
    """Every evidence note of a cycle, without authors, for the lead to choose from."""
    _check_lead(db, member_id, cycle_id)
    with UnitOfWork(db) as uow:
        notes = NotesStore(uow.session).notes(cycle_id)
    return _in_framework_order(db, cycle_id, notes)


def set_note_in_report(db: Database, member_id: int, cycle_id: int, key: int, in_report: bool) -> EvidenceNote:
    """Include a note in the PDF appendix, or leave it out. Lead only."""
    _check_lead(db, member_id, cycle_id)
    with UnitOfWork(db) as uow:
        store = NotesStore(uow.session)
        if not store.set_in_report(cycle_id, key, in_report):
            raise NotFound("That note is no longer in this cycle; its author may have removed it. Reload the page.")
        note = next(n for n in store.notes(cycle_id) if n.key == key)
        uow.commit()
    return note


def notes_in_report(db: Database, cycle_id: int) -> list[EvidenceNote]:
    """The notes the lead chose for the report, anonymous, in framework order."""
    with UnitOfWork(db) as uow:
        notes = NotesStore(uow.session).notes(cycle_id, only_in_report=True)
    return _in_framework_order(db, cycle_id, notes)


def count_notes(db: Database, cycle_id: int) -> int:
    with UnitOfWork(db) as uow:
        return len(NotesStore(uow.session).notes(cycle_id))


def _check_lead(db: Database, member_id: int, cycle_id: int) -> None:
    with UnitOfWork(db) as uow:
        uow.store.current_lead(member_id, uow.store.get_cycle(cycle_id).task_force_id)
