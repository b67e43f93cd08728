"""The member questionnaire: answer, see progress, submit, reopen, compare.

Who sees what: every use case here takes the acting account and works on that
account's own membership of the cycle's task force (Permission.ANSWER): it returns
only that member's own answers, or aggregates that come from results.cycle_scores.
There is no parameter through which one member can ask for another's answers.
Which functions each discipline is asked to answer is the lead's (Permission.LEAD).

Changing an answer after submitting (cycle still open): the page shows submitted
answers locked behind a "Reopen my answers" button, so this only happens from a
second tab or browser that still shows the editable form. The change is saved
(refusing it would lose what the member typed) and the submission is withdrawn,
so "submitted" always means "the member confirmed exactly these answers"; the
page tells the member and they submit again when done. Their answers count in
the scores either way, so nothing is lost from the results meanwhile.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from assessments.domain.model import Actor, Answer, Cycle, Discipline, DomainError, Member, NotAllowed, check_note
from assessments.domain.permissions import Permission
from assessments.domain.scoring import ScoreSource
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, frameworks, results
from roadmap import reading
from roadmap.model import Framework, Function


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True)


class FunctionProgress(_Value):
    function_id: str
    name: str
    answered: int
    total: int
    relevant: bool

    @property
    def complete(self) -> bool:
        return self.answered == self.total


class Progress(_Value):
    """Answered / total per function; the overall count covers the functions the
    member is asked to answer, and answers in optional functions are counted apart."""

    functions: tuple[FunctionProgress, ...]

    @property
    def answered(self) -> int:
        return sum(f.answered for f in self.functions if f.relevant)

    @property
    def total(self) -> int:
        return sum(f.total for f in self.functions if f.relevant)

    @property
    def optional_answered(self) -> int:
        return sum(f.answered for f in self.functions if not f.relevant)

    def function(self, function_id: str) -> FunctionProgress:
        return next(f for f in self.functions if f.function_id == function_id)


class Sheet(_Value):
    """Everything the questionnaire page shows for one member and one cycle."""

    member: Member
    cycle: Cycle
    framework: Framework
    answers: dict[str, Answer]
    submitted_at: datetime | None
    progress: Progress

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def editable(self) -> bool:
        return self.cycle.is_open and not self.submitted

    @property
    def functions(self) -> list[Function]:
        """The functions this cycle assesses (rotation): the only ones the questionnaire shows."""
        return [f for f in self.framework.functions if self.cycle.covers(f.id)]

    def reading_minutes(self, function_id: str) -> float:
        """Estimated reading time of one function's text, glossary definitions included (roadmap/reading.py)."""
        return reading.sitting(self.framework, [function_id]).minutes


class SavedAnswer(_Value):
    answer: Answer
    # True when the member had submitted and this change withdrew the submission.
    reopened: bool


class ElementComparison(_Value):
    element_id: str
    function_id: str
    answered: bool
    my_stage: int | None
    task_force_score: float | None
    source: ScoreSource
    answers: int | None
    """Stage answers behind the score; None when fewer than the threshold (then so is the median)."""
    hidden_reason: str = ""


# reading ---------------------------------------------------------------------


def member_sheet(db: Database, actor: Actor | None, cycle_id: int) -> Sheet:
    with UnitOfWork(db) as uow:
        member, cycle = _answering(uow, actor, cycle_id)
        answers = {a.element_id: a for a in uow.cycles.member_answers(cycle_id, member.id)}
        submitted_at = uow.cycles.submitted_at(cycle_id, member.id)
        not_relevant = uow.task_forces.functions_not_relevant(cycle.task_force_id).get(member.discipline, set())
    framework = frameworks.framework_of_cycle(db, cycle)
    return Sheet(
        member=member, cycle=cycle, framework=framework, answers=answers, submitted_at=submitted_at,
        progress=_progress(framework, answers, not_relevant, cycle),
    )


def progress(db: Database, actor: Actor | None, cycle_id: int) -> Progress:
    return member_sheet(db, actor, cycle_id).progress


def relevant_functions(db: Database, actor: Actor | None, cycle_id: int) -> list[str]:
    """Ids of the functions the member is asked to answer; the others are optional."""
    return [f.function_id for f in progress(db, actor, cycle_id).functions if f.relevant]


def _progress(framework: Framework, answers: dict[str, Answer], not_relevant: set[str], cycle: Cycle) -> Progress:
    return Progress(functions=tuple(
        FunctionProgress(
            function_id=function.id, name=function.name,
            answered=sum(1 for e in function.elements if e.id in answers), total=len(function.elements),
            relevant=function.id not in not_relevant,
        )
        for function in framework.functions
        if cycle.covers(function.id)
    ))


# answering ---------------------------------------------------------------------


def record_answer(
    db: Database, actor: Actor | None, cycle_id: int, element_id: str, stage: int | None, note: str = "",
    at: datetime | None = None,
) -> Answer:
    """Save the actor's own answer at once. ``stage=None`` records "don't know".
    Unlike save_answer it leaves a submission as it is (tests and set-up use it to write answers)."""
    with UnitOfWork(db, writes=True) as uow:
        member, cycle = _answering(uow, actor, cycle_id, lock=True)
        answer = _put_answer(db, uow, member, cycle, element_id, stage, note, at)
        uow.commit()
    return answer


def my_answers(db: Database, actor: Actor | None, cycle_id: int) -> list[Answer]:
    """The actor's own answers; there is deliberately no way to ask for another's."""
    with UnitOfWork(db) as uow:
        member, _ = _answering(uow, actor, cycle_id)
        return uow.cycles.member_answers(cycle_id, member.id)


def save_answer(
    db: Database, actor: Actor | None, cycle_id: int, element_id: str, stage: int | None, note: str = "",
) -> SavedAnswer:
    """Save one answer at once; a change after submitting withdraws the submission (see module docstring).

    One transaction and four statements: the cycle read under a lock that closing also takes (so no
    answer lands in a cycle that closed meanwhile), the membership, one upsert, and the withdrawal."""
    with UnitOfWork(db, writes=True) as uow:
        member, cycle = _answering(uow, actor, cycle_id, lock=True)
        answer = _put_answer(db, uow, member, cycle, element_id, stage, note)
        reopened = uow.cycles.remove_submission(cycle_id, member.id)
        uow.commit()
    return SavedAnswer(answer=answer, reopened=reopened)


def _put_answer(
    db: Database, uow: UnitOfWork, member: Member, cycle: Cycle, element_id: str, stage: int | None, note: str,
    at: datetime | None = None,
) -> Answer:
    note = check_note(note)
    if stage is not None and stage not in (1, 2, 3, 4, 5):
        raise DomainError(f"Stage {stage} does not exist; choose a stage from 1 to 5 or \"don't know\".")
    if not cycle.is_open:
        raise DomainError(f"Cycle {cycle.label} is closed; its answers can no longer be changed.")
    if element_id not in frameworks.element_ids(uow, db.engine, cycle):
        raise DomainError(f"Element {element_id!r} is not part of the framework this cycle uses.")
    if cycle.functions is not None:
        function = frameworks.framework_in(uow, cycle.framework_id, cycle.framework_version).function_of(element_id)
        if not cycle.covers(function.id):
            raise DomainError(
                f"Cycle {cycle.label} does not assess {function.name} (its functions: {', '.join(cycle.functions)}); "
                f"element {element_id!r} keeps the score carried from an earlier cycle. Nothing was saved."
            )
    uow.changed(cycle.task_force_id)
    return uow.cycles.put_answer(cycle.id, member.id, element_id, stage, note, at)


def submit_answers(db: Database, actor: Actor | None, cycle_id: int) -> datetime:
    """Mark the actor's answers final for the cycle. Unanswered elements stay gaps."""
    with UnitOfWork(db, writes=True) as uow:
        member, cycle = _answering(uow, actor, cycle_id, lock=True)
        if not cycle.is_open:
            raise DomainError(f"Cycle {cycle.label} is closed; its answers are already final.")
        if not uow.cycles.member_answers(cycle_id, member.id):
            raise DomainError("You have not answered any element yet; answer at least one before submitting.")
        uow.cycles.add_submission(cycle_id, member.id)
        uow.changed(cycle.task_force_id)
        submitted_at = uow.cycles.submitted_at(cycle_id, member.id)
        uow.commit()
    return submitted_at


def reopen_answers(db: Database, actor: Actor | None, cycle_id: int) -> None:
    """Withdraw the submission so the member can change answers; the answers stay as they are."""
    with UnitOfWork(db, writes=True) as uow:
        member, cycle = _answering(uow, actor, cycle_id, lock=True)
        if not cycle.is_open:
            raise DomainError(f"Cycle {cycle.label} is closed; its answers can no longer be changed.")
        uow.cycles.remove_submission(cycle_id, member.id)
        uow.changed(cycle.task_force_id)
        uow.commit()


# comparing ------------------------------------------------------------------


def member_comparison(db: Database, actor: Actor | None, cycle_id: int) -> list[ElementComparison]:
    """The actor's own answers beside the task force's score, per element.

    Only after the member submitted (or the cycle closed), so the median cannot
    anchor an answer still being given. The task force's figure is the one every
    page shows (results.cycle_scores), so it follows the reporting threshold: with
    fewer than k answers it is withheld, since with the member's own answer known it
    could reveal a colleague's. A consensus stage was agreed in the open and is shown.
    """
    with UnitOfWork(db) as uow:
        member, cycle = _answering(uow, actor, cycle_id)
        submitted = uow.cycles.submitted_at(cycle_id, member.id) is not None
        mine = {a.element_id: a for a in uow.cycles.member_answers(cycle_id, member.id)}
    if not (submitted or not cycle.is_open):
        raise NotAllowed("Submit your answers first; the comparison with the task force appears after you submit.")
    out = []
    for score in results.cycle_scores(db, actor, cycle_id).elements:
        answer = mine.get(score.element_id)
        out.append(ElementComparison(
            element_id=score.element_id, function_id=score.function_id, answered=answer is not None,
            my_stage=answer.stage if answer else None, task_force_score=score.score, source=score.source,
            answers=score.answers,
            hidden_reason=f"{score.withheld_text}, so no one's answer can be worked out" if score.is_gap else "",
        ))
    return out


# which functions each discipline is asked to answer (the lead's team page) -----------


def function_relevance(db: Database, actor: Actor | None, task_force_id: int) -> dict[Discipline, dict[str, bool]]:
    """For each discipline, each function of the task force's framework: relevant or not."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.LEAD)
        task_force = uow.task_forces.get_task_force(task_force_id)
        not_relevant = uow.task_forces.functions_not_relevant(task_force_id)
    framework = frameworks.framework_of_task_force(db, task_force)
    return {
        discipline: {f.id: f.id not in not_relevant.get(discipline, set()) for f in framework.functions}
        for discipline in Discipline
    }


def set_function_relevance(
    db: Database, actor: Actor | None, task_force_id: int, discipline: Discipline | str, function_id: str, relevant: bool,
) -> None:
    """Mark a function relevant or not for a discipline; not relevant makes it optional, never hidden."""
    with UnitOfWork(db, writes=True) as uow:
        access.member_of(uow, actor, task_force_id, Permission.LEAD)
        try:
            discipline = Discipline(discipline)
        except ValueError:
            raise DomainError(f"{discipline!r} is not a discipline; choose one of the listed disciplines.") from None
        framework = frameworks.framework_of_task_force(db, uow.task_forces.get_task_force(task_force_id))
        if function_id not in {f.id for f in framework.functions}:
            raise DomainError(f"Function {function_id!r} is not part of the task force's framework.")
        uow.task_forces.set_function_relevant(task_force_id, discipline, function_id, bool(relevant))
        uow.changed(task_force_id)
        uow.commit()


def _answering(uow: UnitOfWork, actor: Actor | None, cycle_id: int, lock: bool = False) -> tuple[Member, Cycle]:
    """The actor's membership of the cycle's task force, if it may answer, and the cycle."""
    return access.member_of_cycle(uow, actor, cycle_id, Permission.ANSWER, lock=lock)
