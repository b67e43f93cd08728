"""Repository for which functions a task force asks each discipline to answer.

A row marks a (discipline, function) pair; no row means the function is relevant.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.model import Discipline
from assessments.tables import FunctionRelevanceRow


class RelevanceStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def not_relevant(self, task_force_id: int) -> dict[Discipline, set[str]]:
        """Function ids marked not relevant, per discipline."""
        rows = self.session.scalars(
            select(FunctionRelevanceRow).where(
                FunctionRelevanceRow.task_force_id == task_force_id, FunctionRelevanceRow.relevant.is_(False)
            )
        )
        out: dict[Discipline, set[str]] = {}
        for row in rows:
            out.setdefault(Discipline(row.discipline), set()).add(row.function_id)
        return out

    def set_relevant(self, task_force_id: int, discipline: Discipline, function_id: str, relevant: bool) -> None:
        row = self.session.scalar(
            select(FunctionRelevanceRow).where(
                FunctionRelevanceRow.task_force_id == task_force_id,
                FunctionRelevanceRow.discipline == discipline.value,
                FunctionRelevanceRow.function_id == function_id,
            )
        )
        if row is None:
            row = FunctionRelevanceRow(task_force_id=task_force_id, discipline=discipline.value, function_id=function_id)
            self.session.add(row)
        row.relevant = relevant
        self.session.flush()
