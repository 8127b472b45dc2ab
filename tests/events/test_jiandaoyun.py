"""Jiandaoyun (简道云) both ways, against loopback fakes that speak its wire, on both engines.

Out: reports, receipts, inspections and exceptions become one record each in the factory's
form, through the real client and relay, across a rate-limit refusal (8303), a 429 and a
gateway failure, with no record made twice. In: orders arrive by the form's data push,
signed like the real one; a forged or stale push is 403 and changes nothing, a malformed
one 400, an order the intake refuses 400 with its problems.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.event_relay import EventRelay, fixed
from bot.jiandaoyun import JiandaoyunClient, JiandaoyunSink
from bot.settings import load_settings
from storage.db import Database
from storage.models import EventDelivery, Order, OrderChange, OrderStatus, Supplier
from tests.events import world
from tests.fakes.jiandaoyun import FakeJiandaoyunAPI, push

FIELDS = {"id": "_widget_1001", "type": "_widget_1002", "summary": "_widget_1003", "po": "_widget_1004",
          "qty": "_widget_1005", "occurred_at": "_widget_1006", "supplier_name": "_widget_1007"}
PUSH_SECRET = "jdy-push-secret-0123"
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


async def test_records_become_one_form_row_each_across_rate_limits_and_failures(database: Database,
                                                                                clock: FakeClock) -> None:
    async with FakeJiandaoyunAPI("k-123", "app1", "entry1", per_second=3) as api, aiohttp.ClientSession() as http:
        client = JiandaoyunClient(http, "k-123", api.base_url, per_second=50)  # faster than the form allows
        sink = JiandaoyunSink(client, "app1", "entry1", FIELDS,
                              types=("report.recorded", "lot.received", "inspection.recorded", "exception.opened"))
        relay = EventRelay(database, clock, fixed(sink), max_attempts=30)
        order_id = await world.seed_order(database, clock)
        await relay.publish_once()
        expected = set()
        for n in range(4):
            expected.add(f"report.recorded:{await world.report(database, clock, order_id, f'第{n}道工序完成')}")
        lot_id, receipt_id = await world.ship_and_receive(database, clock, order_id, qty=120)
        expected |= {f"lot.received:{receipt_id}",
                     f"inspection.recorded:{await world.inspect(database, clock, order_id, lot_id)}",
                     f"exception.opened:{await world.open_exception(database, clock, order_id)}"}
        await world.change_due_date(database, clock, order_id)  # not wanted by this sink
        api.faults.extend(["8303", "429", "502"])
        for _ in range(30):
            limited = api.limited
            await relay.publish_once()
            while await relay.deliver_once():
                pass
            if api.limited > limited:
                await asyncio.sleep(1.0)  # the form's rate is counted in real seconds
            if len(api.values(FIELDS["id"])) >= len(expected) and not await _waiting(database):
                break
            clock.advance(timedelta(minutes=10))

        ids = api.values(FIELDS["id"])
        assert sorted(ids) == sorted(expected)  # each exactly once
        assert api.limited >= 1 and api.failed >= 3  # it was refused for the rate and failed, and got through
        received = next(r for r in api.forms["entry1"] if r[FIELDS["id"]]["value"] == f"lot.received:{receipt_id}")
        assert received[FIELDS["qty"]]["value"] == 120
        assert received[FIELDS["po"]]["value"] == "PO-8001"
        assert received[FIELDS["supplier_name"]]["value"] == "华达精密"
        assert "收货" in received[FIELDS["summary"]]["value"]


async def _waiting(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(EventDelivery)
                                        .where(EventDelivery.state == "pending")) or 0)


async def test_a_retry_after_a_lost_answer_does_not_make_a_second_record(database: Database,
                                                                         clock: FakeClock) -> None:
    """batch_create's transaction_id is the event's: the same event again creates nothing."""
    from bot.connectors.event_sink import Event

    async with FakeJiandaoyunAPI("k-123", "app1", "entry1") as api, aiohttp.ClientSession() as http:
        sink = JiandaoyunSink(JiandaoyunClient(http, "k-123", api.base_url), "app1", "entry1", FIELDS)
        event = Event("report.recorded:7", "report.recorded",
                      {"id": "report.recorded:7", "type": "report.recorded", "occurred_at": "2026-11-24T02:00:00Z",
                       "data": {"po": "PO-1", "supplier": {"code": "HD", "name": "华达"}, "text": "好了"}})
        await sink.deliver(event, attempt=1)
        await sink.deliver(event, attempt=2)
        assert api.values(FIELDS["id"]) == ["report.recorded:7"]


# --- orders in, by the data push -----------------------------------------------------------

@pytest.fixture
async def service(aiohttp_client: ClientFactory, database: Database, clock: FakeClock) -> TestClient[Any, Any]:
    settings = load_settings(database_url=database.url, api_token="t" * 24, language="zh",
                             jiandaoyun_push_secret=PUSH_SECRET,
                             jiandaoyun_order_fields={"po": "_widget_po", "supplier": "_widget_supplier",
                                                      "quantity": "_widget_qty", "due_date": "_widget_due"})
    async with database.write() as session:
        session.add(Supplier(code="HD", name="华达精密", aliases=[], created_at=clock.now()))
    return await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))


def pushed_order(**changes: Any) -> dict[str, Any]:
    return {"_id": "6530a1b2c3d4e5f601234567", "appId": "app1", "entryId": "orders", "_widget_po": "PO-9100",
            "_widget_supplier": "HD", "part_no": "BRK-9", "process": "stamping", "_widget_qty": 800,
            "_widget_due": "2026-12-19T16:00:00.000Z", "creator": {"name": "小简", "username": "xiaojian"},
            **changes}


async def orders(database: Database) -> list[Order]:
    async with database.read() as session:
        return list((await session.execute(select(Order).order_by(Order.id))).scalars())


async def test_a_pushed_record_becomes_an_order_once_and_its_update_changes_it(
        service: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    now = int(clock.now().timestamp())
    status, answer = await push(service, "/webhooks/jiandaoyun", "data_create", pushed_order(), PUSH_SECRET,
                                timestamp=now)
    assert (status, answer["action"]) == (200, "create"), answer
    [order] = await orders(database)
    assert (order.po, order.quantity, order.due_date.isoformat()) == ("PO-9100", 800, "2026-12-20")  # UTC → Shanghai

    status, answer = await push(service, "/webhooks/jiandaoyun", "data_create", pushed_order(), PUSH_SECRET,
                                timestamp=now)  # pushed again
    assert (status, answer["action"]) == (200, "same")
    assert len(await orders(database)) == 1

    status, answer = await push(service, "/webhooks/jiandaoyun", "data_update", pushed_order(_widget_qty=900),
                                PUSH_SECRET, timestamp=now + 60)
    assert (status, answer["action"]) == (200, "update")
    [order] = await orders(database)
    assert order.quantity == 900
    async with database.read() as session:
        change = (await session.execute(select(OrderChange).where(OrderChange.field == "quantity"))).scalar_one()
    assert (change.old_value, change.new_value, change.actor) == ("800", "900", "jiandaoyun")

    status, answer = await push(service, "/webhooks/jiandaoyun", "data_remove", {"_widget_po": "PO-9100"},
                                PUSH_SECRET, timestamp=now + 120)
    assert (status, answer["action"]) == (200, "cancelled")
    [order] = await orders(database)
    assert order.status == OrderStatus.CANCELLED.value

    second = pushed_order(_widget_po="PO-9101")
    status, answer = await push(service, "/webhooks/jiandaoyun", "data_create", second, PUSH_SECRET, timestamp=now)
    assert (status, answer["action"]) == (200, "create")
    for expected in ("closed", "unchanged"):  # 状态 → 短交关闭 closes it short, once
        status, answer = await push(service, "/webhooks/jiandaoyun", "data_update", {**second, "status": "短交关闭"},
                                    PUSH_SECRET, timestamp=now + 180)
        assert (status, answer["action"]) == (200, expected)
    assert [(o.po, o.status) for o in await orders(database)] == [("PO-9100", "cancelled"), ("PO-9101", "closed")]


async def test_a_push_we_cannot_trust_is_refused_and_changes_nothing(
        service: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    import json

    from tests.fakes.jiandaoyun import signature

    now = int(clock.now().timestamp())
    statuses = {}
    statuses["forged"], _ = await push(service, "/webhooks/jiandaoyun", "data_create", pushed_order(), PUSH_SECRET,
                                       timestamp=now, signed_with="guessed-secret")
    statuses["stale"], _ = await push(service, "/webhooks/jiandaoyun", "data_create", pushed_order(), PUSH_SECRET,
                                      timestamp=now - 3600)
    body = json.dumps({"op": "data_create", "data": pushed_order()}, ensure_ascii=False)
    response = await service.post(  # signed for 800, carries 80000
        f"/webhooks/jiandaoyun?timestamp={now}&nonce=abc123", data=body.replace("800", "80000").encode(),
        headers={"X-JDY-Signature": signature("abc123", body, PUSH_SECRET, str(now))})
    statuses["tampered"] = response.status
    response = await service.post("/webhooks/jiandaoyun", json={"op": "data_create", "data": pushed_order()})
    statuses["unsigned"] = response.status
    assert statuses == {"forged": 403, "stale": 403, "tampered": 403, "unsigned": 403}
    assert await orders(database) == []


async def test_a_signed_but_malformed_push_is_400(service: TestClient[Any, Any], database: Database,
                                                  clock: FakeClock) -> None:
    for body in ["not json", "[1, 2]", '{"op": "data_create"}', '{"op": 5, "data": {}}', '{"op": "data_remove", '
                 '"data": {"x": 1}}']:
        status, _ = await push(service, "/webhooks/jiandaoyun", "", {}, PUSH_SECRET,
                               timestamp=int(clock.now().timestamp()), body=body)
        assert status == 400, body
    assert await orders(database) == []


async def test_an_order_the_intake_refuses_is_400_with_its_problems(service: TestClient[Any, Any],
                                                                    database: Database, clock: FakeClock) -> None:
    status, answer = await push(service, "/webhooks/jiandaoyun", "data_create",
                                pushed_order(_widget_supplier="无名厂", _widget_qty=-5), PUSH_SECRET,
                                timestamp=int(clock.now().timestamp()))
    assert status == 400
    fields = {p["field"] for p in answer["problems"]}
    assert "quantity" in fields and all(p["message_zh"] and p["message_en"] for p in answer["problems"])
    assert await orders(database) == []
