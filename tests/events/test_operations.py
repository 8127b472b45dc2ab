"""Running the events: the `webhooks` commands, `doctor`'s lines, two replicas, a dead letter
told to the ops chat, and a service that stays up while its receiver is down."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.__main__ import build_parser
from bot.app import build_app
from bot.checks import format_check
from bot.clock import FakeClock
from bot.event_checks import check_events
from bot.event_relay import EventRelay
from bot.metrics import StoreCollector
from bot.settings import load_settings
from bot.webhooks import new_secret, webhook_sinks
from bot.webhooks_cli import webhooks_command
from storage.db import Database
from storage.models import BindingRole, ChatBinding, EventDelivery, OutboxMessage, WebhookEndpoint
from storage.webhook_endpoints import add_endpoint
from tests.events import world
from tests.fakes.event_receiver import FakeEventReceiver
from tests.fakes.jiandaoyun import FakeJiandaoyunAPI

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


async def _cli(database: Database, clock: FakeClock, *argv: str) -> tuple[int, str]:
    lines: list[str] = []
    settings = load_settings(database_url=database.url)
    code = await webhooks_command(settings, build_parser().parse_args(["webhooks", *argv]), lines.append, clock)
    return code, "\n".join(lines)


async def test_webhooks_are_added_listed_retried_and_removed_from_the_command_line(database: Database,
                                                                                   clock: FakeClock) -> None:
    code, said = await _cli(database, clock, "add", "https://erp.example.com/hooks", "--events",
                            "lot.received,exception.opened", "--description", "金蝶中转")
    assert code == 0 and "whsec_" in said and "lot.received, exception.opened" in said
    code, said = await _cli(database, clock, "list")
    assert code == 0 and "1  active  https://erp.example.com/hooks" in said and "dead 0" in said
    code, said = await _cli(database, clock, "retry", "1")
    assert code == 0 and "0 dead event(s)" in said
    code, said = await _cli(database, clock, "remove", "1")
    assert code == 0 and "removed webhook 1" in said
    code, said = await _cli(database, clock, "remove", "1")
    assert code == 1 and "no webhook with id 1" in said


async def test_webhooks_test_sends_a_signed_ping_and_says_what_came_back(database: Database, clock: FakeClock) -> None:
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver:
        code, said = await _cli(database, clock, "add", receiver.url, "--secret", secret)
        assert code == 0
        code, said = await _cli(database, clock, "test", "1")
        assert code == 0 and "took the signed ping" in said
        assert [t.event_type for t in receiver.taken] == ["ping"] and receiver.bad_signatures == 0
        receiver.faults.append("400")
        code, said = await _cli(database, clock, "test", "1")
        assert code == 1 and "answered 400" in said
    code, said = await _cli(database, clock, "test", "7")
    assert code == 1 and "no webhook with id 7" in said


async def test_a_bad_webhook_is_refused_with_the_reason_and_nothing_is_added(database: Database,
                                                                           clock: FakeClock) -> None:
    for argv, reason in [(("add", "ftp://erp.example.com/x"), "http:// or https://"),
                         (("add", "https://erp.example.com/x", "--events", "lot.recieved"), "unknown event type"),
                         (("add", "https://erp.example.com/x", "--secret", "short"), "at least 16")]:
        code, said = await _cli(database, clock, *argv)
        assert code == 1 and "not added" in said and reason in said, said
    async with database.read() as session:
        assert list((await session.execute(select(WebhookEndpoint))).scalars()) == []


async def test_doctor_names_misconfigured_jiandaoyun_settings_in_one_line(tmp_path: Any) -> None:
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/none.db", jiandaoyun_api_key="k",
                             jiandaoyun_events="report.recorded,lot.recieved")
    [check] = await check_events(settings)
    line = format_check(check)
    assert line.startswith("✘ jiandaoyun: ")
    assert "APP_ID" in line and "FIELD_MAP" in line and "lot.recieved" in line


async def test_doctor_reads_the_form_with_the_key_and_says_when_it_cannot(tmp_path: Any) -> None:
    async with FakeJiandaoyunAPI("right-key", "app1", "entry1") as api:
        common = dict(database_url=f"sqlite+aiosqlite:///{tmp_path}/none.db", jiandaoyun_api_base=api.base_url,
                      jiandaoyun_app_id="app1", jiandaoyun_entry_id="entry1", jiandaoyun_field_map={"id": "_w1"})
        [good] = await check_events(load_settings(jiandaoyun_api_key="right-key", **common))
        [bad] = await check_events(load_settings(jiandaoyun_api_key="wrong-key", **common))
    assert good.status == "ok" and "entry1" in good.detail
    assert bad.status == "fail" and "8301" in bad.detail


async def test_doctor_names_a_webhook_with_dead_letters(database: Database, clock: FakeClock) -> None:
    async with aiohttp.ClientSession() as http:
        async with database.write() as session:
            await add_endpoint(session, url="http://127.0.0.1:9/down", secret=new_secret(), events=(),
                               description="", now=clock.now())
        relay = EventRelay(database, clock, webhook_sinks(database, http, clock, timeout=0.5), max_attempts=1)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        await world.report(database, clock, order_id)
        await relay.publish_once()
        await relay.deliver_once()
    [check] = await check_events(load_settings(database_url=database.url))
    assert check.status == "warn" and "1 event(s) could not be delivered" in check.detail
    assert "webhooks retry 1" in check.fix
    collector = StoreCollector(database, clock)  # and /metrics counts it
    await collector.refresh()
    [family] = [f for f in collector.collect() if f.name == "supplierbot_event_deliveries"]
    assert [(s.labels, s.value) for s in family.samples] == [({"sink": "webhook:1", "state": "dead"}, 1)]


async def test_a_dead_letter_is_told_to_the_ops_chat(database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id="-100777", chat_kind="group", role=BindingRole.OPS.value,
                                created_at=clock.now()))
        await add_endpoint(session, url="http://127.0.0.1:9/down", secret=new_secret(), events=(), description="",
                           now=clock.now())
    async with aiohttp.ClientSession() as http:
        relay = EventRelay(database, clock, webhook_sinks(database, http, clock, timeout=0.5), max_attempts=1)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        report_id = await world.report(database, clock, order_id)
        await relay.publish_once()
        await relay.deliver_once()
    async with database.read() as session:
        [alert] = (await session.execute(select(OutboxMessage))).scalars()
    assert alert.chat_id == "-100777" and f"report.recorded:{report_id}" in alert.payload["text"]


async def test_two_replicas_deliver_every_event_once(database: Database, clock: FakeClock) -> None:
    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        async with database.write() as session:
            await add_endpoint(session, url=receiver.url, secret=secret, events=(), description="", now=clock.now())
        replicas = [EventRelay(database, clock, webhook_sinks(database, http, clock), batch_size=3) for _ in range(2)]
        order_id = await world.seed_order(database, clock)
        await asyncio.gather(*(r.publish_once() for r in replicas))
        expected = {f"report.recorded:{await world.report(database, clock, order_id, str(n))}" for n in range(12)}
        for _ in range(6):
            await asyncio.gather(*(r.publish_once() for r in replicas))
            await asyncio.gather(*(r.deliver_once() for r in replicas))
            clock.advance(timedelta(seconds=5))
    assert Counter(t.event_id for t in receiver.taken) == Counter(expected)  # each once, none lost
    assert sum(r.delivered for r in replicas) == len(expected)


async def test_the_service_stays_up_while_its_receiver_is_down(aiohttp_client: ClientFactory, database: Database,
                                                               clock: FakeClock) -> None:
    async with database.write() as session:
        await add_endpoint(session, url="http://127.0.0.1:9/down", secret=new_secret(), events=(), description="",
                           now=clock.now())
    order_id = await world.seed_order(database, clock)
    settings = load_settings(database_url=database.url, api_token="t" * 24, scheduler=False, events_poll_seconds=0.2,
                             webhook_timeout_seconds=0.5)
    client = await aiohttp_client(build_app(settings, clock=clock, database=database, channels={}))
    await asyncio.sleep(0.5)  # the relay's first tick: the cursors start here
    await world.report(database, clock, order_id)
    for _ in range(100):
        async with database.read() as session:
            tried = (await session.execute(select(EventDelivery.attempts))).scalars().first()
        if tried:
            break
        await asyncio.sleep(0.1)
    assert tried, "the relay never tried the receiver"
    response = await client.get("/healthz")
    assert response.status == 200


async def test_events_older_than_the_retention_are_pruned_unless_still_waiting(database: Database,
                                                                                clock: FakeClock) -> None:
    from storage.models import OutboundEvent

    secret = new_secret()
    async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
            aiohttp.ClientSession() as http:
        async with database.write() as session:
            await add_endpoint(session, url=receiver.url, secret=secret, events=(), description="", now=clock.now())
        relay = EventRelay(database, clock, webhook_sinks(database, http, clock), retention=timedelta(days=30))
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        await world.report(database, clock, order_id, "早")
        await relay.publish_once()
        await relay.deliver_once()  # sent
        receiver.faults.append("503")
        await world.report(database, clock, order_id, "晚")
        await relay.publish_once()
        await relay.deliver_once()  # waiting: the receiver said 503
        clock.advance(timedelta(days=31))
        assert await relay.prune_once() == 1
    async with database.read() as session:
        kept = [e.payload["data"]["text"] for e in (await session.execute(select(OutboundEvent))).scalars()]
    assert kept == ["晚"]
