"""Where people see the ERP pull: `supplierbot doctor` says in one line whether Kingdee answers
and how the sync stands, /metrics carries the sync state per system, and the ERP page shows
cursor, last success, last error and the conflicts, each settled there (keep ours, or take the
ERP's through the order lifecycle) so the next sync does not raise it again. The page fits a
phone (390 px) and a PC (1366 px)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.app import RUNTIME, build_app
from bot.clock import FakeClock
from bot.doctor import check_erps
from bot.settings import Settings
from handlers.order_changes import Change, change_order
from handlers.receiving import Actor
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import ErpConflict, Order
from tests.bot.test_erp_kingdee import kingdee, line, settings_for, syncer  # noqa: F401  (fixture)
from tests.browser import browser_page
from tests.fakes.kingdee_api import Bill, FakeKingdee

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


async def a_conflict(database: Database, settings: Settings, clock: FakeClock, fake: FakeKingdee) -> None:
    """WW1/1 synced; a buyer moves its due date here; the ERP moves it elsewhere."""
    fake.add(Bill("WW1", "2026-11-20T00:00:00", "2026-11-20T09:00:00", [line(1, finish="2026-12-15T00:00:00")]))
    assert (await syncer(database, settings, clock).run()).counts["created"] == 1
    clock.advance(timedelta(minutes=5))
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "WW1/1").options(
            selectinload(Order.supplier), selectinload(Order.milestones)))
        assert order is not None
        who = Actor(label="buyer", person_id=None, language="zh", source="chat", ladder=Ladder())
        assert (await change_order(session, order, Change(due_date=date(2026, 12, 20)), who, clock.now())).ok
    fake.bills["WW1"].modified = "2026-11-21T09:00:00"
    fake.bills["WW1"].lines[0].finish = "2026-12-24T00:00:00"
    assert (await syncer(database, settings, clock).run()).counts["conflicts"] == 1


async def test_doctor_metrics_and_the_page_show_the_sync_and_settle_conflicts(
        aiohttp_client: ClientFactory, database: Database, clock: FakeClock, kingdee: FakeKingdee) -> None:  # noqa: F811
    settings = settings_for(database.url, kingdee)
    await a_conflict(database, settings, clock, kingdee)

    checks = await check_erps(settings)
    assert [(c.status, c.name) for c in checks] == [("warn", "ERP kingdee")]
    assert "answered (SUB_SUBREQORDER" in checks[0].detail and "1 conflict(s)" in checks[0].detail
    wrong = settings_for(database.url, kingdee, kingdee_app_secret="f" * 32)
    assert [c.status for c in await check_erps(wrong)] == ["fail"]
    assert "Kingdee refused the login" in (await check_erps(wrong))[0].detail

    scheduled = build_app(settings_for(database.url, kingdee, kingdee_sync_minutes=15), clock=clock, database=database)
    runtime = scheduled[RUNTIME]
    assert "erp_sync:kingdee" in runtime.scheduler.jobs and "ERP sync: kingdee every 15 min" in runtime.notices
    assert "erp_sync:kingdee" not in build_app(settings, clock=clock, database=database)[RUNTIME].scheduler.jobs

    client = await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))
    metrics = await (await client.get("/metrics")).text()
    assert 'supplierbot_erp_sync_conflicts{system="kingdee"} 1.0' in metrics
    assert 'supplierbot_erp_sync_failing{system="kingdee"} 0.0' in metrics
    assert 'supplierbot_erp_sync_last_run_lines{outcome="conflicts",system="kingdee"} 1.0' in metrics

    login = await client.post("/login", data={"token": "t", "next": "/setup/erp"}, allow_redirects=False)
    assert login.status == 303
    page = await (await client.get("/setup/erp")).text()
    assert "2026-11-21T09:00:00" in page and "WW1/1" in page and "2026-12-24" in page
    async with database.read() as session:
        conflict_id = await session.scalar(select(ErpConflict.id))
    for bad in ({"conflict": str(conflict_id), "action": "drop"}, {"conflict": "1 OR 1=1", "action": "ours"}):
        assert (await client.post("/setup/erp", data=bad)).status == 400
    assert (await client.post("/setup/erp", data={"conflict": "999", "action": "ours"})).status == 409
    settled = await client.post("/setup/erp", data={"conflict": str(conflict_id), "action": "theirs"},
                                allow_redirects=False)
    assert settled.status == 303
    again = await client.post("/setup/erp", data={"conflict": str(conflict_id), "action": "ours"})
    assert again.status == 409  # settled once only
    async with database.read() as session:
        order = await session.scalar(select(Order).where(Order.po == "WW1/1"))
        assert order is not None and order.due_date == date(2026, 12, 24)
        assert await session.scalar(select(func.count()).select_from(ErpConflict)
                                    .where(ErpConflict.settled_at.is_(None))) == 0

    kingdee.bills["WW1"].modified = "2026-11-22T09:00:00"  # touched again, same values: no new conflict
    report = await syncer(database, settings, clock).run()
    assert report.counts["conflicts"] == 0 and report.counts["updated"] == 0, report.summary()


@pytest.mark.browser
async def test_the_erp_page_fits_a_phone_and_a_pc(sqlite_url: str, clock: FakeClock, kingdee: FakeKingdee,  # noqa: F811
                                                  tmp_path: Path) -> None:
    database = Database(sqlite_url)
    settings = settings_for(sqlite_url, kingdee, photo_dir=tmp_path / "photos", kingdee_sync_minutes=15)
    server = None
    try:
        await a_conflict(database, settings, clock, kingdee)
        server = TestServer(build_app(settings, clock=clock, database=database, run_workers=False))
        await server.start_server()
        base = f"http://127.0.0.1:{server.port}"
        async with browser_page() as page:
            await page.goto(f"{base}/login")
            await page.fill("#token", "t")
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/board")
            for width in (390, 1366):
                await page.set_viewport_size({"width": width, "height": 900})
                await page.goto(f"{base}/setup/erp")
                scroll = await page.evaluate("() => document.scrollingElement.scrollWidth")
                assert scroll <= width, (width, scroll)
                buttons = await page.evaluate("""() => [...document.querySelectorAll('#conflicts button')]
                    .map(b => b.getBoundingClientRect()).map(r => [r.right, r.height])""")
                assert buttons and all(right <= width and height >= 40 for right, height in buttons), buttons
                await page.screenshot(path=str(tmp_path / f"erp-{width}.png"), full_page=True)
    finally:
        if server is not None:
            await server.close()
        await database.dispose()
