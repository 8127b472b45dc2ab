"""Engines and sessions for SQLite (embedded default) and PostgreSQL (scale-out).

SQLite is single-replica: WAL, synchronous=FULL, a busy timeout, and every write in
`BEGIN IMMEDIATE` on one writer connection, so concurrent writers queue instead of
failing with "database is locked" halfway through a transaction. Reads use their own
pool and never take the write lock. On PostgreSQL reads have a pool of their own too: a long
job's read (the digest over 100,000 late nodes read ~100 s) otherwise held one of the writer's
connections, in an open transaction, for the whole read. Report pages (a thousand suppliers' figures, a month's
exports) read on a third, small pool of their own: four heavy pages at once wait for each
other there instead of taking every read connection that message processing needs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import CursorResult, Result, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import InterfaceError as SAInterfaceError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from storage.sqlite_driver import one_trip_dbapi

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_CONNECTIONS = 5  # PostgreSQL: connections reads keep in their own pool (and as many more at a burst)
REPORT_CONNECTIONS = 2  # heavy report queries at once; more pages queue for these (both engines)
REPORT_QUEUE_SECONDS = 120  # how long a report page waits for one of them before failing
# Report connections read SQLite's pages through a memory map: a page's joins look up rows all
# over large tables, and mapped pages cost no read() call each (about 2x faster for such joins).
REPORT_SQLITE_MMAP_BYTES = 256 * 1024 * 1024


def _sqlite_pragmas(*, immediate: bool):
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event own transaction control (pysqlite's own BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return on_connect, on_begin


def _map_pages(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA mmap_size={REPORT_SQLITE_MMAP_BYTES}")
    cursor.close()


def _make_engine(url: str, *, writer: bool, reports: bool = False, pool_size: int | None = None,
                 **kwargs: Any) -> AsyncEngine:
    parsed = make_url(url)
    if reports:
        kwargs = {k: v for k, v in kwargs.items() if k != "null_pool"}
        kwargs.update(pool_size=REPORT_CONNECTIONS, max_overflow=0, pool_timeout=REPORT_QUEUE_SECONDS)
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        if memory:
            raise ValueError("use a file for SQLite: an in-memory database is not shared between connections")
        kwargs.setdefault("pool_size", 1 if writer else 4)
        kwargs.setdefault("max_overflow", 0)
        if parsed.get_driver_name() == "aiosqlite":
            kwargs.setdefault("module", one_trip_dbapi())  # a statement is one hand-off to the driver's thread
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        on_connect, on_begin = _sqlite_pragmas(immediate=writer)
        event.listen(engine.sync_engine, "connect", on_connect)
        event.listen(engine.sync_engine, "begin", on_begin)
        if reports:
            event.listen(engine.sync_engine, "connect", _map_pages)
        return engine
    pool_kwargs: dict[str, Any] = {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True}
    if not writer and not reports:
        pool_kwargs.update(pool_size=READ_CONNECTIONS, max_overflow=READ_CONNECTIONS)
    if pool_size is not None:
        pool_kwargs.update(pool_size=pool_size, max_overflow=0)
    if kwargs.pop("null_pool", False):
        pool_kwargs = {"poolclass": NullPool}
    return create_async_engine(url, **{**pool_kwargs, **kwargs})


class Database:
    """The service's connection to its store: a writer and a reader side.

    Both sides are engines of their own: on SQLite the writer is a single connection; on
    PostgreSQL the writer has `pool_size` connections (when given: a budget of its own that
    other work cannot exhaust) and reads have `READ_CONNECTIONS` of their own. So a job's read
    on either engine never holds a writer connection: on PostgreSQL, when both were one engine,
    the digest's read of every late node was the longest transaction on the writer's pool
    (102 s at 100,000 open orders, beside chunks of milliseconds).
    Report pages have a pool of their own on both (`reports()`), made on first use.
    """

    def __init__(self, url: str, *, pool_size: int | None = None, **engine_kwargs: Any) -> None:
        self.url = url
        self._engine_kwargs = engine_kwargs
        self._reports: AsyncEngine | None = None
        self._report_sessions: async_sessionmaker[AsyncSession] | None = None
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self.writer = _make_engine(url, writer=True, pool_size=pool_size, **engine_kwargs)
        self.reader = _make_engine(url, writer=False, **engine_kwargs)
        self._write_sessions = async_sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.reader, expire_on_commit=False)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits as one transaction, or not at all."""
        async with self._write_sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._read_sessions() as session:
            yield session

    @property
    def reports_engine(self) -> AsyncEngine:
        if self._reports is None:
            self._reports = _make_engine(self.url, writer=False, reports=True, **self._engine_kwargs)
            self._report_sessions = async_sessionmaker(self._reports, expire_on_commit=False)
        return self._reports

    @asynccontextmanager
    async def reports(self) -> AsyncIterator[AsyncSession]:
        """A read session for a report page, on the report pool (`REPORT_CONNECTIONS`): a page
        that waits here for a connection never holds one that a message needs."""
        self.reports_engine  # noqa: B018 - made on first use
        assert self._report_sessions is not None
        async with self._report_sessions() as session:
            yield session

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()
        if self._reports is not None:
            await self._reports.dispose()


class ReportReader:
    """Report pages' reads from another process (a render process, `bot.web.page_work`): read
    connections of its own, never the writer, never the pools of the process that answers
    webhooks.

    SQLite: read-only connections (`mode=ro`, `query_only`) to the same file; WAL lets them read
    while the service writes, and they see each commit as it lands. PostgreSQL: a small pool of
    its own (`connections`), every transaction read-only. One page runs at a time in a render
    process, so one connection is enough; a second is there for a page that opens two sessions.
    """

    def __init__(self, url: str, *, connections: int = 1) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if not parsed.database or parsed.database == ":memory:":
                raise ValueError("report reads need a database file")
            path = parsed.database.removeprefix("file:").split("?", 1)[0]
            ro = parsed.set(database=f"file:{path}", query={"mode": "ro", "uri": "true"})
            self.engine = create_async_engine(ro, pool_size=connections, max_overflow=1,
                                              connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(self.engine.sync_engine, "connect", _read_only_sqlite)
            event.listen(self.engine.sync_engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
        else:
            self.engine = create_async_engine(
                url, pool_size=connections, max_overflow=1, pool_pre_ping=True,
                connect_args={"server_settings": {"default_transaction_read_only": "on"}})
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def reports(self) -> AsyncIterator[AsyncSession]:
        """A read session, as `Database.reports` gives one."""
        async with self._sessions() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def _read_only_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # "begin" runs BEGIN, as on the service's own readers
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute(f"PRAGMA mmap_size={REPORT_SQLITE_MMAP_BYTES}")
    cursor.close()


def is_database_down(exc: BaseException) -> bool:
    """Whether an error means the store could not be reached or locked, not that our SQL was wrong.

    Only errors that come from the database layer count: a handler's own OSError (a missing
    file) must fail that one message, not stall the whole inbox as if the database were down.
    """
    if isinstance(exc, OperationalError | SAInterfaceError | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated)
    if isinstance(exc, ConnectionError | asyncpg.PostgresConnectionError | asyncpg.CannotConnectNowError):
        return True
    return isinstance(exc, OSError) and _raised_by_a_driver(exc)


def _raised_by_a_driver(exc: BaseException) -> bool:
    """A bare OSError counts when it surfaced from inside a database driver (connecting to it)."""
    traceback = exc.__traceback__
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        if module.startswith(("asyncpg", "aiosqlite", "sqlalchemy")):
            return True
        traceback = traceback.tb_next
    return False


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched: the fence of every conditional write."""
    assert isinstance(result, CursorResult), "an UPDATE/DELETE answers with a cursor result"
    return result.rowcount
