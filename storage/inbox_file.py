"""On SQLite, accepted messages wait in a file of their own with its own writer.

SQLite has one writer per file, and processing holds the main file's most of the time: a
webhook storing into the main inbox waited behind it. Here storing never waits for processing.
Processing moves a batch into the main inbox inside its own transaction (deduplicated on
the inbox's unique key), and only after that commits marks the batch moved here. A crash
between the two leaves the batch waiting here; moving it again finds it already in the main
inbox and skips it, so a message is neither lost nor processed twice.

Moved rows keep their platform and id (not their body) so a platform's re-delivery is still
recognised as a duplicate; retention deletes them on the main inbox's schedule.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    Row,
    Select,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    func,
    literal,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Compiled, make_url
from sqlalchemy.schema import CreateIndex, CreateTable

from storage.db import Database, rows_changed
from storage.models import InboxMessage
from storage.sqlite_driver import bound, write_at_once

SUFFIX = "-inbox"
OFF = "off"  # the setting that keeps the inbox in the main database
MARK_AT_ONCE = 500  # ids one UPDATE names (SQLite's statements have a length limit)


class Waiting(StrEnum):
    """A row's state in the inbox file (the main inbox has its own, `InboxState`)."""

    PENDING = "pending"  # stored, answered 200, not yet in the main inbox
    MOVED = "moved"  # in the main inbox; kept (without its body) to recognise re-deliveries


def _table() -> Table:
    """The main inbox's columns and unique key; ids of its own, never reused (AUTOINCREMENT)."""
    main = InboxMessage.__table__
    columns = [Column(c.name, c.type, nullable=c.nullable) for c in main.columns if c.name != "id"]
    return Table(
        "inbox", MetaData(), Column("id", Integer, primary_key=True), *columns,
        UniqueConstraint("platform", "external_id"), Index("ix_inbox_waiting", "state", "id"),
        sqlite_autoincrement=True,
    )


INBOX = _table()
BODY = ("platform", "external_id", "chat_id", "sender_id", "received_at", "message", "raw", "state", "attempts")


def inbox_file_url(database_url: str, setting: str = "") -> str | None:
    """Where the inbox file is: `setting` (a path or URL), or beside a SQLite database
    (`var/supplierbot.db` -> `var/supplierbot-inbox.db`); None on PostgreSQL or when `off`."""
    if setting.strip().lower() == OFF:
        return None
    if setting.strip():
        return setting if "://" in setting else f"sqlite+aiosqlite:///{setting.strip()}"
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    path = Path(url.database)
    return url.set(database=str(path.with_name(f"{path.stem}{SUFFIX}{path.suffix or '.db'}"))).render_as_string(
        hide_password=False)


def inbox_file_path(url: str) -> Path:
    database = make_url(url).database
    assert database, "the inbox file is a file"
    return Path(database)


class InboxFile:
    """The inbox file: its own engine (one writer, WAL, synchronous=FULL), its own table."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = inbox_file_path(url)
        self.database = Database(url)
        self.table = INBOX
        self._created = False
        self._marks: dict[int, Compiled] = {}  # `mark_moved`'s UPDATE for so many ids, compiled once
        self._waiting: dict[tuple[int, bool], Select[Any]] = {}  # `waiting`'s SELECT, by its limit and kind

    async def create(self) -> None:
        """Make the folder, the file and its table if missing (idempotent, cheap after the first)."""
        if self._created:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The edge and the work process both make the file at start. On a new file each first
        # connection turns it to WAL, which needs the file alone: two at once can wait out the
        # busy timeout and fail. So the making is taken in turn, under a lock beside the file;
        # IF NOT EXISTS lets the second find the first one's table.
        with self.path.with_name(self.path.name + ".lock").open("a") as lock:
            await asyncio.to_thread(fcntl.flock, lock, fcntl.LOCK_EX)
            try:
                async with self.database.writer.begin() as conn:
                    await conn.execute(CreateTable(INBOX, if_not_exists=True))
                    for index in INBOX.indexes:
                        await conn.execute(CreateIndex(index, if_not_exists=True))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self._created = True

    async def waiting(self, limit: int, *, decoded: bool = True) -> list[Row[Any]]:
        """The oldest rows not yet moved, in arrival order; `message_json` is `message` as stored
        (the JSON text), which moving writes into the main inbox as it is instead of encoding
        the decoded message again (~40 µs a message, most of what a move costs in Python).
        `decoded=False`: without `message`, for a reader that decodes `message_json` itself, only
        when it has not already (processing reads each row twice: ahead of its batch, then in it)."""
        statement = self._waiting.get((limit, decoded))
        if statement is None:  # built once for each length and kind (processing asks the same every batch)
            names = ("id", *BODY) if decoded else ("id", *(name for name in BODY if name != "message"))
            statement = self._waiting[limit, decoded] = (
                select(*(INBOX.c[name] for name in names), type_coerce(INBOX.c.message, Text).label("message_json"))
                .where(INBOX.c.state == Waiting.PENDING.value).order_by(INBOX.c.id).limit(limit))
        async with self.database.reader.connect() as conn:
            return list((await conn.execute(statement)).all())

    async def mark_moved(self, ids: Sequence[int]) -> int:
        """After the main inbox committed them: keep the key, drop the body. One hand-off to the
        driver's thread (`write_at_once`): the work process marks a batch while its event loop
        runs a long job, and the edge storing a webhook waits for this file's one writer."""
        if not ids:
            return 0
        return sum(await write_at_once(self.database.writer, [
            bound(self._mark(len(chunk)), {f"id{k}": int(i) for k, i in enumerate(chunk)})
            for chunk in (ids[start:start + MARK_AT_ONCE] for start in range(0, len(ids), MARK_AT_ONCE))]))

    def _mark(self, count: int) -> Compiled:
        """The UPDATE that marks `count` ids moved, compiled the first time a mark names so many (a batch
        is mostly as long as the last: compiling it for every batch cost more than running it)."""
        compiled = self._marks.get(count)
        if compiled is None:
            emptied = literal(json.dumps({}), Text)  # the JSON column's `{}`, as its type would write it
            statement = (update(INBOX)
                         .where(INBOX.c.id.in_([bindparam(f"id{k}") for k in range(count)]),
                                INBOX.c.state == Waiting.PENDING.value)
                         .values(state=Waiting.MOVED.value, message=emptied, raw=""))
            compiled = self._marks[count] = statement.compile(dialect=self.database.writer.dialect)
        return compiled

    async def count_waiting(self) -> int:
        await self.create()
        async with self.database.reader.connect() as conn:
            value = await conn.scalar(select(func.count()).select_from(INBOX)
                                      .where(INBOX.c.state == Waiting.PENDING.value))
            return int(value or 0)

    async def prune(self, cutoff: datetime, size: int = 1000) -> int:
        """Delete moved rows received before `cutoff`, `size` at a time (short write transactions)."""
        deleted = 0
        while True:
            async with self.database.writer.begin() as conn:
                ids: list[int] = list((await conn.execute(
                    select(INBOX.c.id).where(INBOX.c.state == Waiting.MOVED.value, INBOX.c.received_at < cutoff)
                    .order_by(INBOX.c.id).limit(size))).scalars())
                if not ids:
                    return deleted
                deleted += rows_changed(await conn.execute(delete(INBOX).where(INBOX.c.id.in_(ids))))

    async def check(self) -> None:
        """A read that fails when the file cannot be read (for /readyz)."""
        await self.create()
        async with self.database.reader.connect() as conn:
            await conn.scalar(select(INBOX.c.id).limit(1))

    async def dispose(self) -> None:
        await self.database.dispose()

