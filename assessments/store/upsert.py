"""INSERT ... ON CONFLICT in the dialect of the database the session is on.

Select-then-insert loses a race: two first saves both find nothing and both insert,
and one fails on the unique key. One upsert statement cannot."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session, row_class: type):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(row_class)


def upsert(session: Session, row_class: type, key: list[str], changes: dict[str, Any], new_only: dict[str, Any]):
    """Insert key + changes + new_only; on a row with the same key, set only ``changes``."""
    statement = insert_for(session, row_class).values(**new_only, **changes)
    return statement.on_conflict_do_update(index_elements=key, set_=changes)
