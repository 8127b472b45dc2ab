"""The outbox dispatcher delivers at least once, within limits, and dead-letters the hopeless."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.clock import FakeClock
from bot.dispatcher import OutboxDispatcher
from bot.ports import ChatKind, ChatRef, Platform, Reply, SendError
from storage import outbox
from storage.db import Database
from storage.models import BindingRole, ChatBinding, OutboxMessage, OutboxState
from tests.fakes.memory_channel import MemoryChannel

GROUP = ChatRef(Platform.TELEGRAM, "-100500", ChatKind.GROUP)
OPS = ChatRef(Platform.TELEGRAM, "-100999", ChatKind.GROUP)


async def queue(database: Database, clock: FakeClock, key: str, text: str, chat: ChatRef = GROUP) -> bool:
    async with database.write() as session:
        return await outbox.enqueue(session, key, Reply(chat=chat, text=text), now=clock.now())


async def rows(database: Database) -> list[OutboxMessage]:
    async with database.read() as session:
        return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def test_the_same_idempotency_key_queues_one_message(database: Database, clock: FakeClock) -> None:
    assert await queue(database, clock, "k1", "a")
    assert not await queue(database, clock, "k1", "a again")
    assert len(await rows(database)) == 1


async def test_a_queued_reply_is_sent_and_recorded_with_the_platform_id(database: Database, clock: FakeClock) -> None:
    channel = MemoryChannel(Platform.TELEGRAM)
    dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: channel})
    await queue(database, clock, "k1", "PO-1001 原材料到位 ✔")
    assert await dispatcher.dispatch_once() == 1
    assert channel.texts == ["PO-1001 原材料到位 ✔"]
    [row] = await rows(database)
    assert row.state == OutboxState.SENT and row.platform_message_id == "1" and row.lease_owner is None


async def test_retry_after_is_honoured_without_spending_an_attempt(database: Database, clock: FakeClock) -> None:
    channel = MemoryChannel(Platform.TELEGRAM)
    channel.faults.append(SendError("Too Many Requests: retry after 7", retry_after=7))
    dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: channel})
    await queue(database, clock, "k1", "hello")
    await dispatcher.dispatch_once()
    [row] = await rows(database)
    assert row.state == OutboxState.PENDING and row.attempts == 0
    assert row.next_attempt_at == clock.now() + timedelta(seconds=7)
    assert await dispatcher.dispatch_once() == 0
    clock.advance(timedelta(seconds=7))
    await dispatcher.dispatch_once()
    assert channel.texts == ["hello"]


async def test_server_errors_back_off_then_deliver(database: Database, clock: FakeClock) -> None:
    channel = MemoryChannel(Platform.TELEGRAM)
    channel.faults.extend([SendError("502"), SendError("500")])
    dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: channel})
    await queue(database, clock, "k1", "hello")
    for _ in range(3):
        clock.advance(timedelta(minutes=30))
        await dispatcher.dispatch_once()
    [row] = await rows(database)
    assert channel.texts == ["hello"] and row.state == OutboxState.SENT and row.attempts == 3


async def test_a_permanent_error_dead_letters_once_and_alerts_the_ops_chat_once(
    database: Database, clock: FakeClock
) -> None:
    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id=OPS.chat_id, role=BindingRole.OPS.value,
                                created_at=clock.now()))
    channel = MemoryChannel(Platform.TELEGRAM)
    channel.faults.append(SendError("Bad Request: chat not found", permanent=True))
    dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: channel})
    await queue(database, clock, "k1", "to a vanished chat")
    for _ in range(3):
        await dispatcher.dispatch_once()
        clock.advance(timedelta(seconds=2))
    states = [(r.idempotency_key, r.state) for r in await rows(database)]
    assert states == [("k1", OutboxState.DEAD), ("dead:1:1", OutboxState.SENT)]
    assert len(channel.sent) == 1 and "delivery failed" in channel.texts[0]


async def test_too_many_transient_failures_end_in_the_dead_letters(database: Database, clock: FakeClock) -> None:
    channel = MemoryChannel(Platform.TELEGRAM)
    channel.faults.extend(SendError("timeout") for _ in range(10))
    dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: channel}, max_attempts=3)
    await queue(database, clock, "k1", "x")
    for _ in range(5):
        clock.advance(timedelta(hours=1))
        await dispatcher.dispatch_once()
    [row] = await rows(database)
    assert row.state == OutboxState.DEAD and row.attempts == 3


async def test_one_message_per_second_reaches_a_telegram_chat(database: Database, clock: FakeClock) -> None:
    channel = MemoryChannel(Platform.TELEGRAM, clock=clock)
    dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: channel})
    for i in range(3):
        await queue(database, clock, f"k{i}", f"m{i}")
    for _ in range(16):  # eight simulated seconds for three messages
        await dispatcher.dispatch_once()
        clock.advance(timedelta(milliseconds=500))
    times = [at for _, at in channel.sent]
    assert channel.texts == ["m0", "m1", "m2"]
    assert all(b - a >= timedelta(seconds=1) for a, b in zip(times, times[1:], strict=False))


async def test_a_second_replica_cannot_claim_a_leased_row(database: Database, clock: FakeClock) -> None:
    await queue(database, clock, "k1", "x")
    async with database.write() as session:
        first = await outbox.claim_due(session, now=clock.now(), lease_now=clock.now(), owner="a",
                                       lease=timedelta(seconds=60), limit=10)
    async with database.write() as session:
        second = await outbox.claim_due(session, now=clock.now(), lease_now=clock.now(), owner="b",
                                        lease=timedelta(seconds=60), limit=10)
    assert len(first) == 1 and second == []


async def test_a_replica_that_lost_its_lease_cannot_record_the_send(database: Database, clock: FakeClock) -> None:
    await queue(database, clock, "k1", "x")
    async with database.write() as session:
        await outbox.claim_due(session, now=clock.now(), lease_now=clock.now(), owner="a",
                               lease=timedelta(seconds=60), limit=10)
    later = clock.now() + timedelta(seconds=61)
    async with database.write() as session:
        stolen = await outbox.claim_due(session, now=later, lease_now=later, owner="b",
                                        lease=timedelta(seconds=60), limit=10)
        assert len(stolen) == 1
    async with database.write() as session:
        assert not await outbox.mark_sent(session, 1, owner="a", lease_now=later, sent_at=later,
                                          platform_message_id="9")
        assert await outbox.mark_sent(session, 1, owner="b", lease_now=later, sent_at=later,
                                      platform_message_id="10")


async def test_a_burst_cannot_straddle_a_window_boundary(database: Database, clock: FakeClock) -> None:
    """Telegram counts in sliding windows: two sends 100 ms apart across a second boundary are too many.
    The estimate errs on the safe side: after a send late in one window, the next window stays shut."""
    from storage.rate_limits import Limit, reserve

    one_per_second = [Limit("telegram:chat:-1", 1, timedelta(seconds=1))]
    clock.set(clock.now().replace(microsecond=950_000))
    async with database.write() as session:
        assert await reserve(session, one_per_second, clock.now()) is None
    async with database.write() as session:
        assert await reserve(session, one_per_second, clock.now() + timedelta(milliseconds=100)) is not None
    async with database.write() as session:
        assert await reserve(session, one_per_second, clock.now() + timedelta(milliseconds=900)) is not None
    async with database.write() as session:
        assert await reserve(session, one_per_second, clock.now() + timedelta(milliseconds=1050)) is None


async def test_a_replica_cannot_renew_a_lease_another_has_taken_over(database: Database, clock: FakeClock) -> None:
    await queue(database, clock, "k1", "x")
    lease = timedelta(seconds=60)
    async with database.write() as session:
        await outbox.claim_due(session, now=clock.now(), lease_now=clock.now(), owner="a", lease=lease, limit=10)
        assert await outbox.renew_lease(session, 1, owner="a", lease_now=clock.now(), lease=lease)
    later = clock.now() + timedelta(seconds=61)
    async with database.write() as session:
        assert len(await outbox.claim_due(session, now=later, lease_now=later, owner="b", lease=lease, limit=10)) == 1
        assert not await outbox.renew_lease(session, 1, owner="a", lease_now=later, lease=lease)
