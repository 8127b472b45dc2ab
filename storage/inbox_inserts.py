"""On PostgreSQL, a group commit's inbox rows go in as one prepared statement on one held connection.

Through the ORM engine a batch cost six or seven round trips: the pool's ping on checkout
(BEGIN, `;`, ROLLBACK), BEGIN, the INSERT (its SQL rendered anew for each batch size, so often
prepared again), COMMIT. On a loaded machine each round trip is a wait in the run queue on both
sides, and storing ran at 0.34-0.36x of a server that only group-commits (issue 20). Here a batch
is one round trip: one INSERT ... SELECT FROM unnest(...) whose text never changes (prepared once
per connection), run outside a transaction block, so PostgreSQL commits it as its own
transaction before it answers. The rows, the dedupe (ON CONFLICT DO NOTHING on the inbox's key)
and the all-or-nothing of a batch are those of the INSERT it replaces.

The connection is checked out of the given engine (its pool, its ping) when a burst begins and
given back when no webhook came for a while (`release`, `bot.pipeline.HOLD_IDLE_SECONDS`), so an
idle edge holds nothing and a restarted server is found by the pool's ping, as before; one closed
while held is replaced before a batch is sent on it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.models import InboxMessage

# the inbox's columns a stored message fills, and the type of the array each is sent in
COLUMNS: tuple[tuple[str, str], ...] = (
    ("platform", "varchar"),
    ("external_id", "varchar"),
    ("chat_id", "varchar"),
    ("sender_id", "varchar"),
    ("received_at", "timestamptz"),
    ("message", "text"),  # the JSON text, cast to the column's json below
    ("raw", "text"),
    ("state", "varchar"),
    ("attempts", "int4"),
)
_NAMES = ", ".join(name for name, _ in COLUMNS)
_ARRAYS = ", ".join(f"${index}::{kind}[]" for index, (_, kind) in enumerate(COLUMNS, start=1))
_PICKED = ", ".join("message::json" if name == "message" else name for name, _ in COLUMNS)
# WITH ORDINALITY and ORDER BY: the rows take their ids in the order they arrived
STATEMENT = (
    f"INSERT INTO {InboxMessage.__tablename__} ({_NAMES}) "
    f"SELECT {_PICKED} FROM unnest({_ARRAYS}) WITH ORDINALITY AS given({_NAMES}, arrived) ORDER BY arrived "
    "ON CONFLICT (platform, external_id) DO NOTHING RETURNING platform, external_id"
)


class InboxUnreachable(ConnectionError):
    """The held connection broke under a batch: the store counts as down (503, the platform retries)."""


def columns_of(rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The statement's arguments: one list a column, in `COLUMNS`' order. The message is the
    same JSON text the ORM's JSON type wrote (`json.dumps` with its defaults)."""
    out: list[list[Any]] = []
    for name, _ in COLUMNS:
        if name == "message":
            out.append([json.dumps(row[name]) for row in rows])
        else:
            out.append([row[name] for row in rows])
    return out


class InboxInserts:
    """The PostgreSQL side of the edge's group commit: `insert` a batch, `release` after a burst."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._driver: asyncpg.Connection | None = None

    async def insert(self, rows: Sequence[dict[str, Any]]) -> set[tuple[str, str]]:
        """Store `rows` (committed when this returns); the (platform, external_id) of those that were new.

        The statement is prepared once per connection (asyncpg's statement cache), so a batch is
        one round trip."""
        driver = await self._held()
        try:
            stored = await driver.fetch(STATEMENT, *columns_of(rows))
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            await self._failed(driver, exc)
            raise
        return {(record[0], record[1]) for record in stored}

    async def _failed(self, driver: asyncpg.Connection, exc: Exception) -> None:
        """After a failed statement: the connection back to its pool, or dropped if it broke, and
        `InboxUnreachable` raised then (the ORM counted such an error as the store being down).
        Any other error (a constraint, a value too long) is the statement's own and passes on."""
        broken = isinstance(exc, asyncpg.InterfaceError | OSError) or driver.is_closed()
        await self.release(invalidate=broken)
        if broken:
            raise InboxUnreachable(f"{type(exc).__name__}: {exc}") from exc

    async def release(self, *, invalidate: bool = False) -> None:
        """Give the connection back to its pool (or drop it, if it broke)."""
        connection, self._connection, self._driver = self._connection, None, None
        if connection is None:
            return
        if invalidate:
            await connection.invalidate()
        await connection.close()

    async def _held(self) -> asyncpg.Connection:
        """The held connection; a new one from the pool (pinged) if none is held or the held one was
        closed meanwhile (the server restarted while the edge held it): no batch is sent on it then."""
        if self._driver is not None and not self._driver.is_closed():
            return self._driver
        await self.release(invalidate=self._driver is not None)
        self._connection = await self.engine.connect()
        driver = (await self._connection.get_raw_connection()).driver_connection
        assert isinstance(driver, asyncpg.Connection), "PostgreSQL's inbox is stored through asyncpg"
        self._driver = driver
        return driver
