"""Engine, schema migrations, sessions and locks for whichever database DATABASE_URL names.

SQLite: Python's sqlite3 module opens transactions late and on its own terms, so
the engine turns that off and issues BEGIN itself (SQLAlchemy's documented recipe).
A unit of work that writes starts with BEGIN IMMEDIATE: it holds SQLite's one write
lock from its first read, so what it checked (a cycle is open) is still true when it
writes, and it never fails half way with "database is locked" because another
writer got in between. Readers start a plain BEGIN and never wait (WAL).
PostgreSQL: READ COMMITTED, with row locks (SELECT ... FOR UPDATE) where a check
must hold until commit, and advisory locks for start-up work that must run once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's own waiting only
    fcntl = None

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[2]
# How a transaction begins on SQLite, as a connection execution option.
SQLITE_BEGIN = "waypoint_sqlite_begin"
# PostgreSQL advisory lock keys: one per kind of start-up work that must not run twice at once.
MIGRATION_LOCK = 7_246_001
DEMO_LOCK = 7_246_002
# The execution options of a connection that will write (PostgreSQL ignores them).
WRITING = {SQLITE_BEGIN: "IMMEDIATE"}


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
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # The driver must not open transactions itself; _sqlite_begin does, with the right kind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked; WAL lets the app read while a member saves.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    kind = connection.get_execution_options().get(SQLITE_BEGIN, "")
    connection.exec_driver_sql(f"BEGIN {kind}".strip())



@contextmanager
def sqlite_writer_turn(engine: Engine) -> Iterator[None]:
    """Wait for this process's turn to write to an SQLite file.

    SQLite has one write lock, and a writer that finds it taken polls, sleeping up to 100 ms
    between tries: with dozens of members saving at once some wait for seconds. Writers queue
    on a file lock beside the database first, which the kernel hands on the moment it is
    released, so SQLite's own lock is nearly always free when asked for. (PostgreSQL: no-op.)"""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if fcntl is None or not database or database == ":memory:":
        yield
        return
    with open(f"{database}-writers.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_for_start_up(connection: Connection, key: int) -> None:
    """Begin the connection's transaction holding the lock that start-up work of this kind
    takes, so a second process doing the same waits and then finds it done.
    SQLite: BEGIN EXCLUSIVE. PostgreSQL: an advisory lock released at commit."""
    if connection.dialect.name == "sqlite":
        connection.execution_options(**{SQLITE_BEGIN: "EXCLUSIVE"})
        connection.begin()
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (creating it on an empty database).
    Safe when several app processes start at once: see migrations/env.py."""
    command.upgrade(alembic_config(engine), "head")


class Database:
    """One engine and its session factory; the UI caches one of these per process."""

    def __init__(self, url: str | None = None, *, run_migrations: bool = True) -> None:
        self.engine = make_engine(url)
        if run_migrations:
            migrate(self.engine)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self._connection: Connection | None = None  # set on the Database that one_transaction yields

    @contextmanager
    def one_transaction(self, lock_key: int | None = None) -> Iterator[Database]:
        """A Database whose units of work all run inside one outer transaction: their commits
        become savepoints, and nothing is kept unless the whole block succeeds. With
        ``lock_key``, the transaction starts holding the start-up lock of that kind. Inside one
        already, it is the same transaction (the lock is held, or taken now on PostgreSQL)."""
        if self._connection is not None:
            if lock_key is not None and self._connection.dialect.name != "sqlite":
                lock_for_start_up(self._connection, lock_key)
            yield self
            return
        with sqlite_writer_turn(self.engine), self.engine.connect() as connection:
            if lock_key is not None:
                lock_for_start_up(connection, lock_key)
            else:
                connection.execution_options(**WRITING)
                connection.begin()
            inner = object.__new__(Database)
            inner.engine, inner._connection = self.engine, connection
            inner.sessions = sessionmaker(
                bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint",
            )
            try:
                yield inner
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    @property
    def in_one_transaction(self) -> bool:
        return self._connection is not None

    def dispose(self) -> None:
        self.engine.dispose()
