"""Alembic environment: runs against the engine the app hands in, or alembic.ini's URL."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from assessments.store.rows import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch mode copies a table and drops the old one; with foreign keys on, that drop
            # would cascade and delete every answer of every member. Off for the migration only.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things in place; batch mode copies the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if connection.dialect.name == "sqlite":
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"The migration left rows whose references are broken: {problems[:5]}")
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations_online()
