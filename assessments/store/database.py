"""Engine, schema migrations and sessions for whichever database DATABASE_URL names."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[2]


def default_database_url() -> str:
    """The embedded SQLite file: data/waypoint.db, or in WAYPOINT_DATA_DIR where the host sets one."""
    folder = Path(os.environ.get("WAYPOINT_DATA_DIR") or ROOT / "data")
    return f"sqlite:///{folder / 'waypoint.db'}"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or default_database_url()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked; WAL lets the app read while a member saves.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (creating it on an empty database)."""
    command.upgrade(alembic_config(engine), "head")


class Database:
    """One engine and its session factory; the UI caches one of these per process."""

    def __init__(self, url: str | None = None, *, run_migrations: bool = True) -> None:
        self.engine = make_engine(url)
        if run_migrations:
            migrate(self.engine)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()
