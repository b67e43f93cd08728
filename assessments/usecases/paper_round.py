"""A lead brings a round answered on paper into the open cycle (assessments/domain/paper_round.py
says what the file holds and what is refused).

The answers count like any other: each is saved as its member's answer, and each member on
the sheet is marked submitted, as if they had confirmed the questionnaire. The audit log
says that they came from a file, which file, and how many. All or nothing: the whole file
is checked first, and written in one transaction."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import IntegrityError

from assessments.domain import backup, paper_round
from assessments.domain.imports import ImportRefused, Progress, no_progress
from assessments.domain.model import Actor, Answer, DomainError, Role, utc_now
from assessments.domain.permissions import Permission
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, frameworks

CHUNK = 500


class PaperImport(BaseModel):
    model_config = ConfigDict(frozen=True)

    cycle_label: str
    answers: int
    members: int


class Respondent(BaseModel):
    """A member a sheet may name, as the lead's page lists them."""

    model_config = ConfigDict(frozen=True)

    pseudonym: str
    name: str
    email: str | None
    discipline: str


def respondents(db: Database, actor: Actor | None, task_force_id: int) -> list[Respondent]:
    """The members who answer (leads and members), with the pseudonym a sheet may use for each."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.LEAD)
        found = _respondents(uow, task_force_id)
    return [Respondent(pseudonym=r.pseudonym, name=r.member.name, email=r.email,
                       discipline=r.member.discipline.label if r.member.discipline else "") for r in found]


def _respondents(uow: UnitOfWork, task_force_id: int) -> list[paper_round.Respondent]:
    current = {m.id for m in uow.task_forces.list_members(task_force_id)}
    out = []
    # Pseudonyms count every membership, removed ones included, as a backup does: they never change.
    for ordinal, member in enumerate(uow.task_forces.members_with_answers_counted(task_force_id), start=1):
        if member.id in current and member.role in (Role.LEAD, Role.MEMBER):
            email = uow.accounts.get_account(member.account_id).email
            out.append(paper_round.Respondent(member=member, pseudonym=backup.pseudonym(ordinal), email=email))
    return out


def import_paper_round(db: Database, actor: Actor | None, cycle_id: int, data: bytes, file_name: str = "file",
                       progress: Progress = no_progress) -> PaperImport:
    """Check the whole file, then save its answers and submissions in one transaction."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.LEAD)
        if not cycle.is_open:
            raise DomainError(f"Cycle {cycle.label} is closed; a paper round goes into the open cycle.")
        people = _respondents(uow, cycle.task_force_id)
        element_ids = frameworks.element_ids(uow, db.engine, cycle)
        answered = {(a.member_id, a.element_id) for a in uow.cycles.cycle_answers(cycle_id)}
    answers = paper_round.read_paper_round(data, people, element_ids, answered, progress)
    now = utc_now()
    progress(0.8, f"Saving {len(answers):,} answers")
    with UnitOfWork(db, writes=True) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.LEAD, lock=True)
        if not cycle.is_open:
            raise DomainError(f"Cycle {cycle.label} closed meanwhile; nothing was imported.")
        answered = {(a.member_id, a.element_id) for a in uow.cycles.cycle_answers(cycle_id)}
        late = [f"row {a.row}: this member answered {a.element_id} in the app meanwhile; remove the row"
                for a in answers if (a.member.id, a.element_id) in answered]
        if late:
            raise ImportRefused(paper_round.WHAT, late)
        try:
            for start in range(0, len(answers), CHUNK):
                uow.cycles.add_answers(
                    Answer(cycle_id=cycle_id, member_id=a.member.id, element_id=a.element_id, stage=a.stage,
                           note=a.note, updated_at=now)
                    for a in answers[start:start + CHUNK]
                )
                done = min(len(answers), start + CHUNK)
                progress(0.8 + 0.15 * done / len(answers), f"Saved {done:,} of {len(answers):,} answers")
        except IntegrityError:
            raise ImportRefused(paper_round.WHAT, [
                "file: a member answered one of these elements in the app while the file was saved; import it again "
                "to see which row"]) from None
        members = sorted({a.member.id for a in answers})
        for member_id in members:
            uow.cycles.add_submission(cycle_id, member_id, at=now)
        uow.changed(cycle.task_force_id)
        access.audit(uow, actor, "answers imported from a file",
                     f"{cycle.label}: {len(answers)} answers from {len(members)} members, from {file_name[:100]}",
                     cycle.task_force_id, at=now)
        uow.commit()
    progress(1.0, "Imported")
    return PaperImport(cycle_label=cycle.label, answers=len(answers), members=len(members))
