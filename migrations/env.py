"""Alembic environment: runs against the engine the app hands in, or alembic.ini's URL.

The whole upgrade is one transaction that starts holding the migration lock
(BEGIN EXCLUSIVE on SQLite, an advisory lock on PostgreSQL). Several app processes
starting at once on an empty database therefore queue: the first creates the
schema, the others find it at head and do nothing. A failed upgrade leaves the
database as it was, on both backends.
"""

from alembic import context
from sqlalchemy import engine_from_config, pool

from assessments.store.database import MIGRATION_LOCK, lock_for_start_up
from assessments.store.rows import Base

config = context.config
target_metadata = Base.metadata


def _sqlite_pragma(connection, statement: str) -> None:
    # Straight to the driver, outside any transaction: inside one SQLite ignores
    # PRAGMA foreign_keys without a word.
    connection.connection.driver_connection.execute(statement)


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode copies a table and drops the old one; with foreign keys on, that drop
            # would cascade and delete every answer of every member. Off for the migration only.
            _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            lock_for_start_up(connection, MIGRATION_LOCK)
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                # SQLite cannot ALTER most things in place; batch mode copies the table instead.
                render_as_batch=sqlite,
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"The migration would leave rows whose references are broken: {problems[:5]}")
            connection.commit()
        finally:
            if connection.in_transaction():
                connection.rollback()
            if sqlite:
                _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")


run_migrations_online()
