"""SQLite through aiosqlite with one hand-off to its thread a statement.

aiosqlite runs each call on a thread of its own, and SQLAlchemy's adapter makes four calls of
every statement that returns rows (make a cursor, execute, fetch all, close) and three of one
that does not: each a queue put, a thread wake-up and a wake-up of the event loop through its
self-pipe (~30 µs of CPU, most of it in the kernel, before SQLAlchemy's own await). A processing
batch of 32 WeCom progress reports made ~55 such hand-offs, ~37 of them for cursors alone.

Here the adapter's cursor does all of it in one call on the driver's thread: the same sqlite3
cursor calls in the same order, the rows fetched whole as before (the adapter always buffered
them), the cursor closed before the answer comes back. What SQLAlchemy reads of a cursor
(`description`, `rowcount`, `lastrowid`, the rows) is what sqlite3 said at that point, as the
stock adapter read it; errors are sqlite3's own, raised where they were. Server-side cursors
(`stream_results`) keep the stock adapter's calls.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ClauseElement
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import Compiled
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# what a statement leaves: description, rows, rowcount, lastrowid
Outcome = tuple[Any, list[Any], int, int | None]
# a statement as the driver takes it: its SQL (placeholders in the driver's positional style) and their values
Bound = tuple[str, tuple[Any, ...]]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """On the driver's thread: the statement, from its cursor to that cursor's close."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description and not many else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """The stock adapter's cursor, each statement one call on the driver's thread (see above)."""

    __slots__ = ("_description", "_rowcount", "_lastrowid", "_arraysize")

    def __init__(self, adapt_connection: Any) -> None:
        # no driver cursor is made here: each statement makes and closes its own
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1  # sqlite3's

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        """Nothing to close: the driver's cursor was closed with its statement."""

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._one_trip(operation, parameters, False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            return await_(self._one_trip(operation, seq_of_parameters, True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _one_trip(self, operation: Any, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            connection = self._connection
            outcome: Outcome = await connection._execute(_run, connection._conn, operation, parameters, many)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def nextset(self) -> None:
        return None  # sqlite3 has one result set a statement

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None  # sqlite3's does nothing


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor

    def rollback(self) -> None:
        """No hand-off when no transaction is open (the pool's reset of a connection whose work
        was committed): sqlite3's own `rollback` does nothing then either."""
        driver = self._connection._connection  # the sqlite3 connection; None once closed
        if driver is not None and not driver.in_transaction:
            return
        super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite adapter module, its connections' cursors `OneTripCursor`."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    """For `create_async_engine(..., module=...)` on a `sqlite+aiosqlite` URL."""
    import aiosqlite

    return OneTripDBAPI(aiosqlite, sqlite3)


def _in_one_transaction(connection: sqlite3.Connection, statements: Sequence[str | Bound]) -> list[int]:
    """On the driver's thread: BEGIN IMMEDIATE, each statement, COMMIT; ROLLBACK if any fails."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        counts = [(connection.execute(statement) if isinstance(statement, str) else connection.execute(*statement))
                  .rowcount for statement in statements]
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return counts


def bound(compiled: Compiled, values: dict[str, Any]) -> Bound:
    """A statement compiled once (for the engine's dialect), with `values` for its parameters, as the
    driver takes it: for a statement written again and again whose compiling would cost more than
    running it (`write_at_once` compiles a `ClauseElement` every time: ~1 ms for a batch's mark in the
    inbox file, 30 µs a message). Only for parameters the dialect sends as they are (numbers,
    strings: no bind processor), in a positional style (SQLite's `?`)."""
    names = compiled.positiontup if isinstance(compiled, SQLCompiler) else None
    if names is None or any(compiled._bind_processors.get(name) for name in names):  # type: ignore[attr-defined]
        raise ValueError("only a positional statement whose values need no processing is bound here")
    parameters = compiled.construct_params(values)
    assert parameters is not None
    return compiled.string, tuple(parameters[name] for name in names)


async def write_at_once(engine: AsyncEngine, statements: Sequence[ClauseElement | Bound]) -> list[int]:
    """`statements` as one write transaction done whole in one hand-off to the driver's thread;
    the rows each changed. Each is either `bound` already, or a statement whose values SQLAlchemy
    can render inline (numbers, strings), compiled here with `literal_binds`.

    Why: a transaction on an async engine takes the file's write lock with its BEGIN and lets it
    go at its COMMIT, and between its statements the event loop runs whatever else is ready. In
    the work process that is a long job's CPU (a digest, an escalation tick), so marking a batch
    moved in the inbox file held that file's one writer for tens to hundreds of milliseconds
    (`bench.long_jobs`: 44 ms median, 174 ms worst during a tick over 10,000 late nodes), and
    the edge storing a webhook into the same file waited it out, slept further by SQLite's busy
    handler. Done on the driver's thread at once, the lock is held for the statements and the
    commit's fsync only, however busy the loop is."""
    compiled: list[str | Bound] = [
        statement if isinstance(statement, tuple)
        else str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
        for statement in statements]
    async with engine.connect() as connection:
        adapted = (await connection.get_raw_connection()).dbapi_connection
        if not isinstance(adapted, OneTripConnection):  # not our adapter: an ordinary transaction
            async with connection.begin():
                return [(await (connection.exec_driver_sql(sql) if isinstance(sql, str)
                                else connection.exec_driver_sql(*sql))).rowcount for sql in compiled]
        driver = adapted._connection  # aiosqlite's connection; its thread runs the whole transaction
        async with adapted._execute_mutex:
            counts: list[int] = await driver._execute(_in_one_transaction, driver._conn, compiled)
        return counts
