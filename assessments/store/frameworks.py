"""Repository for stored framework files: rows in, StoredFramework out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.domain.model import StoredFramework, utc_now
from assessments.store.rows import FrameworkRow
from assessments.store.upsert import insert_for


class FrameworkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_framework(self, framework_id: str, version: str, title: str, source: str,
                      task_force_id: int | None = None) -> StoredFramework:
        row = FrameworkRow(framework_id=framework_id, version=version, title=title, source=source, added_at=utc_now(),
                           task_force_id=task_force_id)
        self.session.add(row)
        self.session.flush()
        return _framework(row)

    def add_framework_if_missing(self, framework_id: str, version: str, title: str, source: str) -> None:
        """A shared framework, unless this id and version is stored already (one statement, race-free)."""
        self.session.execute(
            insert_for(self.session, FrameworkRow)
            .values(framework_id=framework_id, version=version, title=title, source=source, added_at=utc_now())
            .on_conflict_do_nothing(index_elements=["framework_id", "version"])
        )

    def get_framework(self, framework_id: str, version: str) -> StoredFramework | None:
        row = self.session.scalar(
            select(FrameworkRow).where(FrameworkRow.framework_id == framework_id, FrameworkRow.version == version)
        )
        return _framework(row) if row else None

    def list_frameworks(self, task_force_id: int | None = None) -> list[StoredFramework]:
        """The installation's frameworks, and the given task force's own uploads."""
        owner = FrameworkRow.task_force_id.is_(None)
        if task_force_id is not None:
            owner = owner | (FrameworkRow.task_force_id == task_force_id)
        rows = self.session.scalars(select(FrameworkRow).where(owner).order_by(FrameworkRow.framework_id, FrameworkRow.id))
        return [_framework(row) for row in rows]


def _framework(row: FrameworkRow) -> StoredFramework:
    return StoredFramework(
        framework_id=row.framework_id, version=row.version, title=row.title, source=row.source, added_at=row.added_at,
        task_force_id=row.task_force_id,
    )
