"""The inbox file: where it is, what storing and moving leave in it, what retention, backup
and the doctor do with it. (That processing through it writes what the main inbox would,
crashes included, is tests/bot/test_pipeline_batches.py.)"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.backup import fold_in_waiting
from bot.clock import FakeClock
from bot.doctor import check_inbox_file
from bot.pipeline import InboundPipeline
from bot.ports import ChatKind, ChatRef, InboundMessage, Platform, Reply, SenderRef
from bot.settings import Settings
from handlers.context import HandlerContext
from storage import inbox_file as inbox_file_module
from storage.db import Database
from storage.inbox_file import INBOX, InboxFile, Waiting, inbox_file_path, inbox_file_url
from storage.models import InboxMessage, InboxState
from storage.photo_store import PhotoStore
from tests.fakes.memory_channel import MemoryChannel


def test_the_inbox_file_sits_beside_a_sqlite_database_unless_told_otherwise() -> None:
    assert inbox_file_url("sqlite+aiosqlite:///./var/supplierbot.db") == "sqlite+aiosqlite:///var/supplierbot-inbox.db"
    assert inbox_file_url("sqlite+aiosqlite:////srv/bot/data.sqlite3") == "sqlite+aiosqlite:////srv/bot/data-inbox.sqlite3"
    assert inbox_file_url("sqlite+aiosqlite:///x.db", "/fast/inbox.db") == "sqlite+aiosqlite:////fast/inbox.db"
    assert inbox_file_url("sqlite+aiosqlite:///x.db", "OFF") is None
    assert inbox_file_url("postgresql+asyncpg://bot@db/supplierbot") is None
    assert inbox_file_path("sqlite+aiosqlite:///var/supplierbot-inbox.db") == Path("var/supplierbot-inbox.db")


def a_message(n: int, clock: FakeClock) -> InboundMessage:
    return InboundMessage(platform=Platform.TELEGRAM, external_id=str(n),
                          chat=ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP, "华达"),
                          sender=SenderRef("42", "王工"), sent_at=clock.now(), text=f"PO-1001 完成{n}%")


async def no_replies(session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
    return []


async def test_stored_moved_pruned_and_folded_into_a_backup(sqlite_url: str, tmp_path: Path, clock: FakeClock) -> None:
    database = Database(sqlite_url)
    url = inbox_file_url(sqlite_url)
    assert url is not None
    inbox_file = InboxFile(url)
    pipeline = InboundPipeline(database, clock, Settings(), no_replies, {Platform.TELEGRAM: MemoryChannel(
        Platform.TELEGRAM)}, PhotoStore(tmp_path / "photos"), inbox_file=inbox_file)
    try:
        for n in range(1, 4):
            assert await pipeline.accept(a_message(n, clock), f"raw {n}")
        assert not await pipeline.accept(a_message(1, clock), "raw 1")  # a re-delivery
        assert await inbox_file.count_waiting() == 3

        # a backup taken now carries the three as pending inbox rows of its one database
        copy = tmp_path / "copy.db"
        with sqlite3.connect(copy) as target, sqlite3.connect(Path(sqlite_url.split("///", 1)[1])) as source:
            source.backup(target)
        assert fold_in_waiting(inbox_file.path, copy) == 3
        with sqlite3.connect(copy) as folded:
            assert folded.execute("SELECT external_id, state, raw FROM inbox ORDER BY id").fetchall() == [
                ("1", "pending", "raw 1"), ("2", "pending", "raw 2"), ("3", "pending", "raw 3")]
        assert fold_in_waiting(inbox_file.path, copy) == 0  # already there: skipped

        assert await pipeline.process_pending(limit=2) == 2
        assert await pipeline.process_pending() == 1
        assert await pipeline.process_pending() == 0
        async with database.read() as session:
            rows = (await session.execute(select(InboxMessage.external_id, InboxMessage.state, InboxMessage.raw)
                                          .order_by(InboxMessage.id))).all()
        assert [tuple(r) for r in rows] == [(str(n), InboxState.PROCESSED.value, f"raw {n}") for n in (1, 2, 3)]
        async with inbox_file.database.read() as session:
            left = (await session.execute(select(INBOX.c.state, INBOX.c.raw))).all()
        assert [tuple(r) for r in left] == [(Waiting.MOVED.value, "")] * 3  # the keys stay, the bodies go

        clock.advance(timedelta(days=3))
        assert await pipeline.accept(a_message(4, clock), "raw 4")
        assert await inbox_file.prune(clock.now() - timedelta(days=1)) == 3  # moved and old: gone
        assert await inbox_file.prune(clock.now() + timedelta(days=1)) == 0  # waiting: kept however old
        assert await inbox_file.count_waiting() == 1
    finally:
        await inbox_file.dispose()
        await database.dispose()


def test_the_doctor_reads_the_inbox_file_without_making_it(sqlite_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url)
    [missing] = check_inbox_file(settings)
    assert missing.status == "ok" and "made when the service starts" in missing.detail
    url = inbox_file_url(sqlite_url)
    assert url is not None and not inbox_file_path(url).exists()
    [off] = check_inbox_file(Settings(database_url=sqlite_url, inbox_file="off"))
    assert off.status == "ok" and "main database" in off.detail


async def test_the_doctor_counts_what_waits(sqlite_url: str, tmp_path: Path, clock: FakeClock) -> None:
    url = inbox_file_url(sqlite_url)
    assert url is not None
    inbox_file = InboxFile(url)
    database = Database(sqlite_url)
    pipeline = InboundPipeline(database, clock, Settings(), no_replies, {}, PhotoStore(tmp_path / "photos"),
                               inbox_file=inbox_file)
    try:
        await pipeline.accept(a_message(1, clock), "raw")
    finally:
        await inbox_file.dispose()
        await database.dispose()
    [check] = check_inbox_file(Settings(database_url=sqlite_url))
    assert check.status == "ok" and "1 messages waiting" in check.detail
    [stranded] = check_inbox_file(Settings(database_url=sqlite_url, inbox_file="off"))
    assert stranded.status == "fail" and "1 messages still wait" in stranded.detail  # turned off too early
    assert "unset SUPPLIERBOT_INBOX_FILE" in stranded.fix


async def test_the_edge_and_the_work_process_may_both_make_the_file_at_once(tmp_path: Path) -> None:
    url = inbox_file_url(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    assert url is not None
    files = [InboxFile(url) for _ in range(8)]  # each with its own engine, as two processes have
    try:
        await asyncio.gather(*(inbox_file.create() for inbox_file in files))
        await files[0].create()
        assert await files[-1].count_waiting() == 0
    finally:
        for inbox_file in files:
            await inbox_file.database.dispose()


async def test_marking_moved_never_holds_the_file_s_writer_while_the_event_loop_is_busy(
    sqlite_url: str, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The work process marks a batch moved while its event loop runs a long job's CPU; the edge
    stores webhooks into the same file. So the file's write lock is taken and let go on the
    driver's thread: whenever it is seen held, it is free again once the loop has been blocked
    a while (before, it stayed held until the loop came back to send the next statement)."""
    monkeypatch.setattr(inbox_file_module, "MARK_AT_ONCE", 2, raising=False)  # three ids: two UPDATEs, one transaction
    url = inbox_file_url(sqlite_url)
    assert url is not None
    inbox_file = InboxFile(url)
    pipeline = InboundPipeline(Database(sqlite_url), clock, Settings(), no_replies, {},
                               PhotoStore(tmp_path / "photos"), inbox_file=inbox_file)
    probe = sqlite3.connect(inbox_file.path, timeout=0, isolation_level=None)

    def locked() -> bool:
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        probe.execute("ROLLBACK")
        return False

    try:
        for n in range(1, 4):
            assert await pipeline.accept(a_message(n, clock), f"raw {n}")
        ids = [row.id for row in await inbox_file.waiting(10)]
        marking = asyncio.create_task(inbox_file.mark_moved([*ids, 999]))
        held_over_a_busy_loop = 0
        while not marking.done():
            if locked():
                time.sleep(0.5)  # noqa: ASYNC251 - the loop busy with something else, as with a job's CPU
                held_over_a_busy_loop += locked()
            await asyncio.sleep(0)
        assert await marking == 3
        assert held_over_a_busy_loop == 0
        async with inbox_file.database.read() as session:
            left = (await session.execute(select(INBOX.c.state, INBOX.c.message, INBOX.c.raw).order_by(INBOX.c.id))).all()
        assert [tuple(r) for r in left] == [(Waiting.MOVED.value, {}, "")] * 3  # as the JSON column writes `{}`
        assert await inbox_file.mark_moved(ids) == 0  # moved already: nothing changes
    finally:
        probe.close()
        await inbox_file.dispose()
        await pipeline.database.dispose()


async def test_marking_moved_names_exactly_the_ids_given_however_often_a_batch_of_that_length_comes(
        sqlite_url: str, tmp_path: Path, clock: FakeClock) -> None:
    """A mark of so many ids is compiled once and bound to each batch's ids: each marks its own rows only."""
    url = inbox_file_url(sqlite_url)
    assert url is not None
    inbox_file = InboxFile(url)
    pipeline = InboundPipeline(Database(sqlite_url), clock, Settings(), no_replies, {},
                               PhotoStore(tmp_path / "photos"), inbox_file=inbox_file)
    try:
        for n in range(1, 8):
            assert await pipeline.accept(a_message(n, clock), f"raw {n}")
        ids = [row.id for row in await inbox_file.waiting(10)]
        assert await inbox_file.mark_moved(ids[0:2]) == 2
        assert await inbox_file.mark_moved([ids[3], ids[5]]) == 2  # the same length: the same statement, other ids
        assert await inbox_file.mark_moved([ids[0], ids[6]]) == 1  # one moved already
        assert await inbox_file.mark_moved([ids[2]]) == 1
        async with inbox_file.database.read() as session:
            left = (await session.execute(select(INBOX.c.state, INBOX.c.message, INBOX.c.raw).order_by(INBOX.c.id))).all()
        moved: tuple[str, dict[str, str], str] = (Waiting.MOVED.value, {}, "")
        waiting = Waiting.PENDING.value
        assert [tuple(r) if r.state == moved[0] else r.state for r in left] == [
            moved, moved, moved, moved, waiting, moved, moved]
        assert [row.raw for row in await inbox_file.waiting(10)] == ["raw 5"]
    finally:
        await inbox_file.dispose()
        await pipeline.database.dispose()
