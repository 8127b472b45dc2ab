"""A warehouse clerk and a QC inspector record a receipt and an incoming inspection on the
order page in a real browser, on a phone (390 px) and on a laptop (1366 px); what the page
shows afterwards is what the REST API says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import Lot, Order, Supplier
from storage.order_intake import OrderDraft, create_orders
from tests.browser import browser_page

pytestmark = pytest.mark.browser
AUTH = {"Authorization": "Bearer t"}


async def api(server: TestServer, path: str) -> Any:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{server.port}{path}",
                                                               headers=AUTH) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def seed(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    today = now.date()
    async with database.write() as session:
        session.add(Supplier(code="HD", name="华达精密", created_at=now))
        await session.flush()
        await create_orders(session, [OrderDraft(
            po="PO-1001", supplier="HD", part_no="BRK-2201", part_name="冲压支架", process="stamping", quantity=1000,
            unit="件", release_date=today - timedelta(days=3), due_date=today + timedelta(days=14))],
            actor="test", now=now, today=today)
        order = (await session.execute(select(Order).where(Order.po == "PO-1001"))).scalar_one()
        for lot_no in ("L2311-01", "L2311-02"):
            session.add(Lot(order_id=order.id, lot_no=lot_no, qty=500, shipped_at=datetime(2026, 11, 23, tzinfo=UTC)))


async def no_sideways_scroll(page: Any) -> None:
    width = await page.evaluate("document.documentElement.clientWidth")
    wide = await page.evaluate("""w => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 0.5 && !e.closest('.scroll') && !e.parentElement.closest('table'))
        .map(e => e.tagName + '#' + e.id + '.' + e.className)""", width)
    assert await page.evaluate("document.documentElement.scrollWidth") <= width, wide


@pytest.mark.parametrize("width", [390, 1366])
async def test_a_receipt_and_an_inspection_recorded_on_the_order_page(
    sqlite_url: str, clock: FakeClock, tmp_path: Path, width: int,
) -> None:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t", language="zh", photo_dir=tmp_path / "photos")
    await seed(database, clock)
    server = TestServer(build_app(settings, clock=clock, database=database, run_workers=False))
    await server.start_server()
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with browser_page() as page:
            await page.set_viewport_size({"width": width, "height": 900})
            await page.goto(f"{base}/orders/PO-1001")
            await page.fill("#token", "t")
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/orders/PO-1001")
            await no_sideways_scroll(page)
            await page.locator("#receipt-form").scroll_into_view_if_needed()
            assert await page.locator("#receipt-form button").is_visible()

            # the first lot arrives complete
            await page.fill("#receipt-form input[name=lot]", "L2311-01")
            await page.fill("#receipt-form input[name=qty]", "500")
            await page.click("#receipt-form button[type=submit]")
            await page.wait_for_url("**done=**")
            assert "收货 500件（累计 500/500）" in await page.inner_text("#notice")
            row = page.locator('tr.lot[data-lot="L2311-01"]')
            assert await row.get_attribute("data-received") == "500"

            # more than shipped on the second lot: the page asks before it records
            await page.fill("#receipt-form input[name=lot]", "L2311-02")
            await page.fill("#receipt-form input[name=qty]", "510")
            await page.click("#receipt-form button[type=submit]")
            assert "多收 10" in await page.inner_text("#notice")
            assert await page.locator('tr.lot[data-lot="L2311-02"]').get_attribute("data-received") == "0"
            await page.click("#confirm-record")
            await page.wait_for_url("**done=**")
            assert await page.locator('tr.lot[data-lot="L2311-02"]').get_attribute("data-received") == "510"

            # QC: quantities that don't add up are refused with the arithmetic, then recorded right
            await page.fill("#inspection-form input[name=lot]", "L2311-01")
            await page.fill("#inspection-form input[name=accepted]", "480")
            await page.fill("#inspection-form input[name=rework]", "10")
            await page.click("#inspection-form button[type=submit]")
            notice = await page.inner_text("#notice")
            assert "合格480 + 返工10 = 490" in notice and "待检 500" in notice
            await page.fill("#inspection-form input[name=lot]", "L2311-01")
            await page.fill("#inspection-form input[name=accepted]", "480")
            await page.fill("#inspection-form input[name=rework]", "10")
            await page.fill("#inspection-form input[name=rejected]", "10")
            await page.click("#inspection-form button[type=submit]")
            await page.wait_for_url("**done=**")
            assert "来料检验：合格480，返工10，不合格10" in await page.inner_text("#notice")
            row = page.locator('tr.lot[data-lot="L2311-01"]')
            assert [await row.get_attribute(f"data-{k}") for k in ("accepted", "rework", "rejected")] == [
                "480", "10", "20"]
            await no_sideways_scroll(page)
            await page.screenshot(path=str(tmp_path / f"order-{width}.png"), full_page=True)

            detail = await api(server, "/api/v1/orders/PO-1001")
            lots = {lot["lot_no"]: lot for lot in detail["lots"]}
            assert (lots["L2311-01"]["qty_accepted"], lots["L2311-02"]["qty_received"]) == (480, 510)
            assert [e["lot_no"] for e in detail["exceptions"]] == ["L2311-01"]
            assert [i["stage"] for i in detail["inspections"]] == ["incoming"]
    finally:
        await server.close()
        await database.dispose()
