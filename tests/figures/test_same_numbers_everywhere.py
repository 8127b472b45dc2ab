"""Chat, pages, API and digest give the same numbers for the same period: one definition
per figure (storage.kpis), each surface passing its clock's `now`."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.ports import ChatKind, ChatRef, InboundMessage, Platform, SenderRef
from bot.settings import Settings, load_settings
from handlers.buyer_queries import answer_query
from handlers.context import HandlerContext
from handlers.identity import identify
from handlers.parsing import read_message
from scheduler.jobs import JobConfig, daily_digest
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import ChatBinding, ChatIdentity, OutboxMessage, Person
from tests.figures.world import NOW, SH, December, seed_december

AUTH = {"Authorization": "Bearer t"}
BUYERS = ChatRef(Platform.TELEGRAM, "-100buy", ChatKind.GROUP, "采购跟单群")
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "photos")


@pytest.fixture
async def december(database: Database) -> December:
    world = await seed_december(database)
    async with database.write() as session:
        buyer = Person(name="李娟", role="buyer", language="zh", created_at=NOW)
        session.add(buyer)
        await session.flush()
        session.add(ChatIdentity(person_id=buyer.id, platform="telegram", user_id="100"))
        session.add(ChatBinding(platform="telegram", chat_id=BUYERS.chat_id, chat_kind="group", role="buyers",
                                title=BUYERS.title, language="zh", created_at=NOW))
    return world


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings,
                 december: December) -> TestClient[Any, Any]:
    clock = FakeClock(NOW)
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    web = await aiohttp_client(app)
    response = await web.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)
    assert response.status == 303
    return web


async def chat(database: Database, text: str) -> str:
    message = InboundMessage(platform=Platform.TELEGRAM, external_id="1", chat=BUYERS, sender=SenderRef("100", ""),
                             sent_at=NOW, text=text)
    ctx = HandlerContext(now=NOW, timezone=SH, language="zh", inbox_id=1, ladder=Ladder())
    async with database.write() as session:
        speaker = await identify(session, message, "zh")
        reading = read_message(text, role="buyer", now=NOW, tz=SH)
        replies = await answer_query(session, message, speaker, reading, ctx)
    return "\n".join(r.text for r in replies)


async def test_december_so_far_is_the_same_on_the_kpi_page_the_api_and_the_digest(
    client: TestClient[Any, Any], database: Database,
) -> None:
    api = await (await client.get("/api/v1/kpis?from=2026-12-01&to=2026-12-31", headers=AUTH)).json()
    assert api["period"]["counted_until"] == NOW.isoformat()
    figures = api["kpis"]
    assert (figures["node_on_time"]["numerator"], figures["node_on_time"]["denominator"]) == (2, 4)
    assert (figures["on_time_delivery"]["numerator"], figures["on_time_delivery"]["denominator"]) == (1, 2)
    # weeks not begun have no value (a gap in the chart), not 0 %
    assert [week["future"] for week in api["trend"]] == [False, True, True, True, True]
    assert all(rate["ratio"] is None for week in api["trend"][1:] for rate in week["kpis"].values())

    page = await (await client.get("/kpis?from=2026-12-01&to=2026-12-31")).text()
    assert "16.1%" not in page
    rows = dict(re.findall(r'data-kpi="(\w+)"[^>]*>\s*<div class="label">[^<]*</div>\s*<div class="value">([^<]+)</div>',
                           page))
    assert rows.get("node_on_time") == "50.0%", rows
    assert rows.get("on_time_delivery") == "50.0%", rows

    monthly = await client.get("/reports/monthly?month=2026-12")
    assert monthly.status == 200

    assert await daily_digest(database, NOW, JobConfig()) == 1
    async with database.read() as session:
        digest = (await session.scalars(select(OutboxMessage))).one().payload["text"]
    assert "本月至今（12-01起）：订单进度达成率 50.0%（2/4），交货准时率 50.0%（1/2）" in digest


async def test_the_chat_scorecard_equals_the_suppliers_page_and_the_api(
    client: TestClient[Any, Any], database: Database,
) -> None:
    text = await chat(database, "/supplier 华达")
    assert text.splitlines()[0] == "📊 华达精密 评分（09-05 ~ 12-03）"
    assert "综合评分：54.6" in text
    assert "节点达成率：50%（2/4）" in text
    assert "交货准时率：50%（1/2）" in text
    assert "一次合格率：66.7%（2/3）" in text
    assert "填报及时率：50%（1/2）" in text
    assert "延期原因：停电×1" in text

    page = await (await client.get("/suppliers")).text()
    row = re.search(r'<tr data-supplier="HD" data-score="([^"]*)">(.*?)</tr>', page, re.S)
    assert row is not None and row.group(1) == "54.6"
    assert re.findall(r"(\d+)/(\d+)</div>", row.group(2)) == [
        ("1", "2"), ("2", "4"), ("2", "3"), ("0", "0"), ("0", "0"), ("1", "2")]

    api = await (await client.get("/api/v1/kpis?from=2026-09-05&to=2026-12-03&supplier=HD", headers=AUTH)).json()
    assert (api["kpis"]["node_on_time"]["numerator"], api["kpis"]["node_on_time"]["denominator"]) == (2, 4)
    assert (api["kpis"]["first_pass_yield"]["numerator"], api["kpis"]["first_pass_yield"]["denominator"]) == (2, 3)


async def sheets(client: TestClient[Any, Any], path: str) -> Any:
    import io

    import openpyxl

    response = await client.get(path)
    assert response.status == 200, await response.text()
    return openpyxl.load_workbook(io.BytesIO(await response.read()))


async def test_the_kpi_export_and_the_monthly_report_carry_the_pages_numbers(
    client: TestClient[Any, Any], database: Database, december: December,
) -> None:
    """README: one definition "for chat, pages, API, digest and exports"; and the report's
    exceptions say the level each reached (a step that fired), not the next one pending."""
    from storage.models import EscalationStep, ExceptionTicket

    async with database.write() as session:
        late = ExceptionTicket(order_id=december.order_id, kind="overdue", title="PO-7001 首道工序逾期",
                               opened_at=NOW.replace(hour=9), opened_by="bot", level=2)  # L2 pending
        session.add(late)
        await session.flush()
        session.add_all([EscalationStep(exception_id=late.id, level=level, repeat=0, fired_at=NOW.replace(hour=h),
                                        target="buyers:1") for level, h in ((0, 9), (1, 13))])
    labels = {"Node on-time rate": (2, 4), "On-time delivery rate": (1, 2)}
    for path in ("/kpis?from=2026-12-01&to=2026-12-31&format=xlsx&lang=en", "/reports/monthly?month=2026-12&lang=en"):
        summary = (await sheets(client, path)).worksheets[0]
        found = {row[0]: (row[1], row[2]) for row in summary.iter_rows(min_row=2, values_only=True) if row[0] in labels}
        assert found == labels, path
    report = await sheets(client, "/reports/monthly?month=2026-12&lang=en")
    exceptions = report.worksheets[-1]
    header = [cell.value for cell in exceptions[1]]
    assert header[-1] == "Level reached"
    levels = {row[2]: row[-1] for row in exceptions.iter_rows(min_row=2, values_only=True)}
    assert levels == {"Overdue: PO-7001 首道工序逾期": 1, "Delay: PO-7001 延期": None}  # the withdrawn one is left out
