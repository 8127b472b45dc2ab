"""Lookups a SQLite batch hands to the next (`storage.batch_cache.CarriedLookups`) write
exactly the rows that reading afresh in every batch writes, also when someone else changes
what was looked up between two batches: this process's other sessions (an ORM change, a
plain SQL statement, one whose table cannot be told) and another connection (another
process: the dashboard's edge, a CLI import).

The day's mixed traffic of `tests/bot/pipeline_replay.py` is replayed in rounds of 40 messages,
drained in batches of 20; between rounds an order is cancelled and reopened, a node is
finished, reports are added and removed by hand, the buyers' group loses its binding, a
person is disabled. Every row of every
table must come out as with the carrying turned off (on PostgreSQL nothing is carried: the
comparison holds trivially there, and the test says so).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text, update

import bot.pipeline
from bot.adapters.telegram_adapter import inbound_from_update
from bot.clock import FakeClock
from bot.pipeline import InboundPipeline
from bot.ports import Platform
from bot.settings import Settings
from handlers.router import handle_message
from storage.batch_cache import written_table
from storage.db import Database
from storage.models import ChatBinding, Milestone, MilestoneChange, Order, OrderStatus, Person, ProgressReport
from storage.photo_store import PhotoStore
from tests.bot.pipeline_replay import BUYERS, GROUP, PHOTO, empty, every_row, mixed_messages, seed
from tests.fakes.memory_channel import MemoryChannel
from tests.fakes.photos import noise_jpeg

ROUND = 40
BATCH = 20

Change = Callable[[Database, Database], Awaitable[None]]


async def cancel_1002_here(database: Database, _other: Database) -> None:
    """This process, another session, through the ORM."""
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-1002"))
        assert order is not None
        order.status = OrderStatus.CANCELLED.value


async def finish_a_node_of_1003_elsewhere(_database: Database, other: Database) -> None:
    """Another connection (another process): the node being worked on is finished."""
    async with other.write() as session:
        order_id = await session.scalar(select(Order.id).where(Order.po == "PO-1003"))
        first = await session.scalar(select(Milestone.id).where(Milestone.order_id == order_id,
                                                                Milestone.status != "done").order_by(Milestone.seq))
        await session.execute(update(Milestone).where(Milestone.id == first).values(status="done", percent=100.0))


async def unbind_the_buyers_here(database: Database, _other: Database) -> None:
    """This process, plain SQL: the buyers' group is unbound (its questions go unanswered)."""
    async with database.write() as session:
        await session.execute(text("DELETE FROM chat_bindings WHERE chat_id = :chat"), {"chat": str(BUYERS)})


async def cancel_1004_untold(database: Database, _other: Database) -> None:
    """This process, a statement whose table is not read from its first words."""
    async with database.write() as session:
        await session.execute(text(
            "WITH target AS (SELECT id FROM orders WHERE po = 'PO-1004') "
            "UPDATE orders SET status = 'cancelled' WHERE id IN (SELECT id FROM target)"))


async def reopen_1002_elsewhere(_database: Database, other: Database) -> None:
    async with other.write() as session:
        await session.execute(update(Order).where(Order.po == "PO-1002").values(status=OrderStatus.IN_PROGRESS.value))


async def rebind_the_buyers_and_disable_the_admin_here(database: Database, _other: Database) -> None:
    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id=str(BUYERS), role="buyers",
                                created_at=datetime(2026, 11, 24, tzinfo=UTC)))
        person = await session.scalar(select(Person).where(Person.role == "admin"))
        assert person is not None
        person.disabled_at = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


async def report_by_hand_elsewhere(_database: Database, other: Database) -> None:
    """Another connection adds a report and takes back the last one (the dashboard): the
    next batch's reports get their ids after these, as SQLite would give them."""
    async with other.write() as session:
        order_id = await session.scalar(select(Order.id).where(Order.po == "PO-1005"))
        assert order_id is not None
        session.add(ProgressReport(order_id=order_id, kind="noted", reporter="采购", platform="web",
                                   reported_at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), text="电话确认"))
        last = await session.scalar(select(func.max(ProgressReport.id)))
        await session.execute(delete(ProgressReport).where(ProgressReport.id == last))
        session.add(ProgressReport(order_id=order_id, kind="noted", reporter="采购", platform="web",
                                   reported_at=datetime(2026, 11, 24, 2, 1, tzinfo=UTC), text="再次确认"))


CHANGES: list[Change] = [cancel_1002_here, finish_a_node_of_1003_elsewhere, report_by_hand_elsewhere,
                         unbind_the_buyers_here, cancel_1004_untold, reopen_1002_elsewhere,
                         rebind_the_buyers_and_disable_the_admin_here]


async def replay_in_rounds(database: Database, tmp_path: Path) -> tuple[dict[str, list[tuple[Any, ...]]], int]:
    """The mix in rounds, someone else changing something between rounds: every row, and how
    many answers batches were handed."""
    start = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    clock = FakeClock(start)
    await empty(database)
    await seed(database, start)
    other = Database(database.url)  # another connection to the same database: another process
    channel = MemoryChannel(Platform.TELEGRAM, files={PHOTO: noise_jpeg(400, 300)})
    pipeline = InboundPipeline(database, clock, Settings(), handle_message, {Platform.TELEGRAM: channel},
                               PhotoStore(tmp_path / "photos"))
    try:
        messages = mixed_messages(start)
        for index in range(0, len(messages), ROUND):
            for message, raw in messages[index:index + ROUND]:
                clock.advance(timedelta(seconds=1))
                await pipeline.accept(message, raw)
            clock.advance(timedelta(seconds=5))
            while await pipeline.process_pending(limit=BATCH):
                pass
            await CHANGES[index // ROUND % len(CHANGES)](database, other)
        return await every_row(database), pipeline.carried.carried if pipeline.carried else 0
    finally:
        if pipeline.carried is not None:
            pipeline.carried.close()
        await other.dispose()


async def test_carried_lookups_write_every_row_as_reading_afresh_does(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(bot.pipeline, "CARRY_LOOKUPS", False)
    expected, none = await replay_in_rounds(database, tmp_path)
    assert none == 0
    monkeypatch.setattr(bot.pipeline, "CARRY_LOOKUPS", True)
    caplog.set_level("INFO", logger="supplierbot.pipeline")
    got, carried = await replay_in_rounds(database, tmp_path)
    for table, rows in expected.items():
        assert got[table] == rows, f"{table} differs when batches hand their lookups on"
    # no batch fell back to one message at a time (that would hide what carrying does)
    assert "one message at a time" not in caplog.text
    if database.is_sqlite:
        assert carried > 100, carried  # the comparison is worth something: answers were handed on
    else:
        assert carried == 0


async def test_what_each_change_makes_the_next_batch_read_again(database: Database, tmp_path: Path) -> None:
    """The changes above are the kind that matter: each one, made with nothing dropped, would
    have written other rows (so the comparison above would see a cache that misses them)."""
    if not database.is_sqlite:
        pytest.skip("nothing is carried on PostgreSQL")
    kept, _ = await replay_in_rounds(database, tmp_path)
    import storage.batch_cache as batch_cache

    def blind(self: Any, *_args: object) -> None:  # noqa: ARG001 - sees no write and no other connection
        return None

    original_begin = batch_cache.CarriedLookups.begin

    async def begin_blind(self: Any, session: Any, cache: Any) -> None:
        entries = self._entries
        await original_begin(self, session, cache)
        if entries and not cache._entries:  # dropped: hand them on anyway
            for key, entry in entries.items():
                found: list[Any] = []
                if batch_cache._rows_in(entry[0], found):
                    for row in found:
                        session.sync_session.add(row)
                    cache._entries[key] = entry
                    self.carried += 1

    mp = pytest.MonkeyPatch()
    mp.setattr(batch_cache.CarriedLookups, "_on_statement", blind)
    mp.setattr(batch_cache.CarriedLookups, "begin", begin_blind)
    try:
        stale, _ = await replay_in_rounds(database, tmp_path)
    finally:
        mp.undo()
    assert stale != kept


@pytest.mark.parametrize(("statement", "table"), [
    ("INSERT INTO orders (po) VALUES (?)", "orders"),
    ("insert or ignore into \"people\" (name) values (?)", "people"),
    ("UPDATE milestones SET status=? WHERE milestones.id = ?", "milestones"),
    ("DELETE FROM chat_bindings WHERE id = ?", "chat_bindings"),
    ("  REPLACE INTO lots VALUES (1)", "lots"),
    ("SELECT * FROM orders", ""),
    ("PRAGMA data_version", ""),
    ("BEGIN IMMEDIATE", ""),
    ("SAVEPOINT sa_savepoint_1", ""),
    ("WITH x AS (SELECT 1) UPDATE orders SET status = 'cancelled'", None),
    ("CREATE TABLE t (id INTEGER)", None),
])
def test_which_table_a_statement_writes(statement: str, table: str | None) -> None:
    assert written_table(statement) == table


def _undo_day(start: datetime) -> list[tuple[Any, str]]:
    """Reports and their undoing, some in the batch that wrote the report, some in the next:
    an undo reads back the history rows a batch holds as Core rows until its next flush."""
    group = {"id": GROUP, "type": "supergroup", "title": "华达精密 外协群"}
    supplier = {"id": 42, "is_bot": False, "first_name": "王工"}
    out = []
    for i in range(60):
        body = "撤回" if i % 7 == 6 or i % 11 == 10 else f"PO-{1001 + i % 3} 完成{10 + i}%"
        update_ = {"update_id": 9000 + i, "message": {"message_id": 700 + i, "chat": group, "from": supplier,
                                                      "date": int((start + timedelta(seconds=i)).timestamp()),
                                                      "text": body}}
        message = inbound_from_update(update_)
        assert message is not None
        out.append((message, str(update_)))
    return out


async def replay_undoing(database: Database, tmp_path: Path, limit: int) -> dict[str, list[tuple[Any, ...]]]:
    start = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    clock = FakeClock(start)
    await empty(database)
    await seed(database, start)
    pipeline = InboundPipeline(database, clock, Settings(), handle_message, {}, PhotoStore(tmp_path / "photos"))
    try:
        for message, raw in _undo_day(start):
            clock.advance(timedelta(seconds=1))
            await pipeline.accept(message, raw)
        while await pipeline.process_pending(limit=limit):
            pass
        return await every_row(database)
    finally:
        if pipeline.carried is not None:
            pipeline.carried.close()


async def test_undoing_in_batches_reads_back_the_history_rows_held(
    database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """History rows are ORM objects one message at a time and Core rows in a batch: the same
    rows either way, and an undo in the batch that wrote its report finds them."""
    expected = await replay_undoing(database, tmp_path, 1)
    undone = [row for row in expected["progress_reports"] if row[-1] is not None]
    assert len(undone) >= 5, "the undos were meant to undo something"
    source = [column.name for column in MilestoneChange.__table__.columns].index("source")
    assert any(row[source] == "undo" for row in expected["milestone_changes"])
    caplog.set_level("INFO", logger="supplierbot.pipeline")
    for limit in (8, 20):  # without and with ids given by the batch
        got = await replay_undoing(database, tmp_path, limit)
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs in batches of {limit}"
    assert "one message at a time" not in caplog.text


async def test_a_batch_that_ends_after_another_began_leaves_nothing(database: Database) -> None:
    """The next batch's writes are its own, not counted against what the one before leaves:
    if it began before that one handed its answers on, they are not handed on."""
    if not database.is_sqlite:
        pytest.skip("nothing is carried on PostgreSQL")
    from storage.batch_cache import CarriedLookups, remember_lookups

    carried = CarriedLookups(database.writer)
    try:
        async with database.write() as session:
            cache = remember_lookups(session)
            await carried.begin(session, cache)
            cache._store(("binding", "telegram", "1"), None, frozenset({"chat_bindings"}), frozenset())
            first = carried.end(session, cache)
        async with database.write() as session:
            cache = remember_lookups(session)
            await carried.begin(session, cache)  # began before the first handed its answers on
            carried.keep(first)
            second = carried.end(session, cache)
        assert not carried._entries
        carried.keep(second)
        async with database.write() as session:
            cache = remember_lookups(session)
            await carried.begin(session, cache)
            assert ("binding", "telegram", "1") not in cache._entries
            carried.keep(carried.end(session, cache))
        async with database.write() as session:
            cache = remember_lookups(session)
            cache._store(("binding", "telegram", "1"), None, frozenset({"chat_bindings"}), frozenset())
            # (stored before `begin` only to keep the test short: a batch's answer it leaves)
            await carried.begin(session, cache)
            left = carried.end(session, cache)
        carried.keep(left)
        async with database.write() as session:
            cache = remember_lookups(session)
            await carried.begin(session, cache)
            assert ("binding", "telegram", "1") in cache._entries  # handed on when nothing came between
    finally:
        carried.close()


async def test_two_answers_holding_one_row_are_both_handed_on(database: Database) -> None:
    """A chat's binding and the list of every binding hold the same row: handing the first on
    attaches it to the next batch's session, which does not keep the second from being handed on
    (the list was read again in every batch that opened an exception)."""
    if not database.is_sqlite:
        pytest.skip("nothing is carried on PostgreSQL")
    from storage.batch_cache import CarriedLookups, remember_lookups

    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id="1", role="buyers", created_at=datetime.now(UTC)))
    carried = CarriedLookups(database.writer)
    try:
        async with database.write() as session:
            cache = remember_lookups(session)
            await carried.begin(session, cache)
            binding = await session.scalar(select(ChatBinding))
            cache._store(("binding", "telegram", "1"), binding, frozenset({"chat_bindings"}), frozenset())
            cache._store("all_bindings", [binding], frozenset({"chat_bindings"}), frozenset())
            left = carried.end(session, cache)
        carried.keep(left)
        async with database.write() as session:
            cache = remember_lookups(session)
            await carried.begin(session, cache)
            assert set(cache._entries) == {("binding", "telegram", "1"), "all_bindings"}
            assert cache._entries["all_bindings"][0][0] is cache._entries[("binding", "telegram", "1")][0]
            assert binding in session.sync_session
            carried.keep(carried.end(session, cache))
    finally:
        carried.close()
