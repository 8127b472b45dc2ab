"""Signed outbound events: what a factory's receiver gets, on SQLite and PostgreSQL.

The receiver is a loopback aiohttp server that verifies every request by the README's
recipe; the sender is the real relay (feed, queue, webhook sink) driven tick by tick on a
fake clock. A receiver that fails and recovers gets every event, each verified by its
signature; nothing is lost, and a repeat is only ever the same event id with the same body.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.event_relay import EventRelay
from bot.webhooks import new_secret, webhook_sinks
from storage.db import Database
from storage.models import EventDelivery, OutboxState
from storage.webhook_endpoints import add_endpoint, remove_endpoint
from tests.events import world
from tests.fakes.event_receiver import FakeEventReceiver


async def _relay(database: Database, clock: FakeClock, http: aiohttp.ClientSession, **kwargs) -> EventRelay:  # noqa: ANN003
    return EventRelay(database, clock, webhook_sinks(database, http, clock, timeout=2.0), **kwargs)


async def _register(database: Database, clock: FakeClock, url: str, secret: str, events: tuple[str, ...] = ()) -> int:
    async with database.write() as session:
        endpoint = await add_endpoint(session, url=url, secret=secret, events=events, description="ERP", now=clock.now())
        return endpoint.id


async def _tick(relay: EventRelay, clock: FakeClock, step: timedelta = timedelta(minutes=3)) -> None:
    await relay.publish_once()
    while await relay.deliver_once():
        pass
    clock.advance(step)


async def _make_one_of_each(database: Database, clock: FakeClock, order_id: int) -> set[str]:
    report_id = await world.report(database, clock, order_id)
    lot_id, receipt_id = await world.ship_and_receive(database, clock, order_id)
    inspection_id = await world.inspect(database, clock, order_id, lot_id)
    exception_id = await world.open_exception(database, clock, order_id)
    change_id = await world.change_due_date(database, clock, order_id)
    await world.acknowledge(database, clock, exception_id)
    return {f"report.recorded:{report_id}", f"lot.shipped:{lot_id}", f"lot.received:{receipt_id}",
            f"inspection.recorded:{inspection_id}", f"exception.opened:{exception_id}",
            f"order.changed:{change_id}", f"exception.acknowledged:{exception_id}"}


async def test_every_kind_of_record_reaches_the_receiver_signed_and_described(database: Database,
                                                                               clock: FakeClock) -> None:
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        await _register(database, clock, receiver.url, secret)
        relay = await _relay(database, clock, http)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()  # switched on: history before this is not replayed
        expected = await _make_one_of_each(database, clock, order_id)
        await _tick(relay, clock)

        assert receiver.event_ids == expected
        assert receiver.bad_signatures == 0
        by_type = {t.event_type: t.payload for t in receiver.taken}
        received = by_type["lot.received"]
        assert received["type"] == "lot.received" and received["id"] in expected
        assert received["data"]["po"] == "PO-8001"
        assert received["data"]["supplier"] == {"code": "HD", "name": "华达精密"}
        assert received["data"]["qty"] == 200 and received["data"]["received_by"] == "仓库小李"
        assert by_type["order.changed"]["data"]["new_value"] == "2026-12-24"
        assert by_type["exception.acknowledged"]["data"]["acknowledged_by"] == "采购 李"
        assert by_type["inspection.recorded"]["data"]["verdict"] == "fail"

        # nothing new: nothing more is sent, however often the relay runs
        for _ in range(3):
            await _tick(relay, clock, timedelta(minutes=7))
        assert len(receiver.taken) == len(expected)


async def test_a_receiver_that_fails_and_recovers_gets_every_event_once_per_id(database: Database,
                                                                               clock: FakeClock) -> None:
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        await _register(database, clock, receiver.url, secret)
        relay = EventRelay(database, clock, webhook_sinks(database, http, clock, timeout=0.3), max_attempts=50)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()

        expected: set[str] = set()
        expected |= await _make_one_of_each(database, clock, order_id)
        receiver.faults.extend(["503", "500_after_taking", "429", "400", "500_after_taking"])
        await _tick(relay, clock)
        await receiver.down()  # the factory's server is off for a while; records keep coming
        for n in range(5):
            expected.add(f"report.recorded:{await world.report(database, clock, order_id, f'第{n}批')}")
            await _tick(relay, clock, timedelta(minutes=20))
        exception_id = await world.open_exception(database, clock, order_id, "尺寸超差")
        await world.resolve(database, clock, exception_id)
        expected |= {f"exception.opened:{exception_id}", f"exception.resolved:{exception_id}"}
        await receiver.up()
        receiver.faults.extend(["hang", "500_after_taking"])
        for _ in range(40):
            await _tick(relay, clock, timedelta(hours=1))
            if receiver.event_ids == expected and await _all_delivered(database):
                break

        assert receiver.event_ids == expected  # nothing lost
        assert receiver.bad_signatures == 0  # every request verified
        repeats = [event_id for event_id, n in Counter(t.event_id for t in receiver.taken).items() if n > 1]
        assert repeats  # the receiver answered 500 after taking some: those came again...
        for event_id in repeats:  # ...as the same event, byte for byte
            assert len({t.body for t in receiver.taken if t.event_id == event_id}) == 1
        assert await _all_delivered(database)


async def _all_delivered(database: Database) -> bool:
    async with database.read() as session:
        states = set((await session.execute(select(EventDelivery.state))).scalars())
    return states == {OutboxState.SENT.value}


async def test_a_row_committed_late_with_a_lower_id_is_still_published(database: Database, clock: FakeClock) -> None:
    """Ids are handed out at insert and committed later: a scan that saw id 12 must still find 11."""
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        await _register(database, clock, receiver.url, secret)
        relay = await _relay(database, clock, http)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        await world.report(database, clock, order_id, "十", row_id=1010)
        await world.report(database, clock, order_id, "十二", row_id=1012)
        await _tick(relay, clock, timedelta(minutes=1))
        await world.report(database, clock, order_id, "十一", row_id=1011)  # its transaction was slower
        await _tick(relay, clock, timedelta(minutes=1))
        assert receiver.event_ids == {"report.recorded:1010", "report.recorded:1011", "report.recorded:1012"}


async def test_an_unreachable_receiver_ends_as_a_dead_letter_and_the_rest_goes_on(database: Database,
                                                                                  clock: FakeClock) -> None:
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as good, \
            aiohttp.ClientSession() as http:
        await _register(database, clock, "http://127.0.0.1:9/nobody-listens", secret)
        await _register(database, clock, good.url, secret, events=("report.recorded",))
        relay = await _relay(database, clock, http, max_attempts=3)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        report_id = await world.report(database, clock, order_id)
        await world.open_exception(database, clock, order_id)  # not wanted by the good receiver
        for _ in range(8):
            await _tick(relay, clock, timedelta(hours=2))
        assert good.event_ids == {f"report.recorded:{report_id}"}
        async with database.read() as session:
            rows = (await session.execute(select(EventDelivery.sink, EventDelivery.state))).all()
        assert sorted(rows) == [("webhook:1", "dead"), ("webhook:1", "dead"), ("webhook:2", "sent")]


async def test_a_removed_endpoint_gets_nothing_more(database: Database, clock: FakeClock) -> None:
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        endpoint_id = await _register(database, clock, receiver.url, secret)
        relay = await _relay(database, clock, http)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        await world.report(database, clock, order_id)
        await relay.publish_once()  # queued, not yet sent
        async with database.write() as session:
            assert await remove_endpoint(session, endpoint_id, now=clock.now()) == (True, 1)
        await world.report(database, clock, order_id)
        await _tick(relay, clock)
        assert receiver.taken == []


@pytest.mark.parametrize("tampered", ["body", "timestamp", "secret"])
async def test_the_readme_recipe_refuses_what_was_not_signed_by_us(tampered: str) -> None:
    from bot.webhooks import sign, verify

    body, timestamp, secret = b'{"id":"report.recorded:1"}', "1764790000", "whsec_abc"
    signature = sign(secret, timestamp, body)
    assert verify(secret, timestamp, body, signature, now=1764790000)
    changed = {"body": (secret, timestamp, body + b" "), "timestamp": (secret, "1764790001", body),
               "secret": ("whsec_abd", timestamp, body)}[tampered]
    assert not verify(*changed, signature, now=1764790000)
    assert not verify(secret, timestamp, body, signature, now=1764790000 + 301)  # stale


async def test_a_report_whose_transaction_commits_after_a_later_one_is_published(database: Database,
                                                                                  clock: FakeClock) -> None:
    """PostgreSQL, for real: transaction A takes an id and stays open while B takes the next id
    and commits; the relay sees B, then A commits; A is still published."""
    if not database.url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: a transaction cannot commit past another")
    from storage.models import ProgressReport

    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        await _register(database, clock, receiver.url, secret)
        relay = await _relay(database, clock, http)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        slow_done = asyncio.Event()
        slow_inserted = asyncio.Event()

        async def slow() -> int:
            async with database.write() as session:
                row = ProgressReport(order_id=order_id, kind="progress", reporter="慢", platform="wecom",
                                     reported_at=clock.now(), text="慢", details={})
                session.add(row)
                await session.flush()  # the id is taken now...
                slow_inserted.set()
                await slow_done.wait()  # ...and committed only later
                return row.id

        task = asyncio.create_task(slow())
        await slow_inserted.wait()
        fast_id = await world.report(database, clock, order_id, "快")
        await _tick(relay, clock, timedelta(minutes=1))
        assert receiver.event_ids == {f"report.recorded:{fast_id}"}
        slow_done.set()
        slow_id = await task
        assert slow_id < fast_id
        await _tick(relay, clock, timedelta(minutes=1))
        assert receiver.event_ids == {f"report.recorded:{fast_id}", f"report.recorded:{slow_id}"}
