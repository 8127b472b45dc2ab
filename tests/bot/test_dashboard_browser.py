"""A buyer uses the dashboard in a real browser: logs in, filters the board, searches a PO,
opens the order, reads the KPIs, and every figure shown equals what the REST API says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from bot.web.dashboard_kpis import RATE_KEYS, percent
from storage.board import node_state
from storage.db import Database
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser
AUTH = {"Authorization": "Bearer t"}


async def api(server: TestServer, path: str) -> Any:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{server.port}{path}",
                                                               headers=AUTH) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def board_total(page: Any) -> int:
    return int(await page.get_attribute("#board-total", "data-total"))


async def test_a_buyer_follows_an_order_from_the_board_to_its_history(
    sqlite_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t", language="zh", photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    server = TestServer(app)
    await server.start_server()
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with browser_page() as page:
            await page.set_viewport_size({"width": 1440, "height": 900})
            await page.goto(f"{base}/board")
            assert "/login" in page.url
            await page.fill("#token", "wrong")
            await page.click("button[type=submit]")
            assert await page.locator(".error").count() == 1
            await page.fill("#token", "t")
            await page.click("button[type=submit]")
            await page.wait_for_url(f"{base}/board")

            everything = await api(server, "/api/v1/orders?status=open&limit=1")
            assert await board_total(page) == everything["total"] == await page.locator("tr.order").count()
            header = await page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")
            assert header == "rgb(17, 24, 39)"  # the stylesheet is served and applied
            await page.screenshot(path=str(tmp_path / "board.png"), full_page=True)

            await page.select_option("#f-supplier", "HD")
            await page.click("#apply")
            await page.wait_for_url("**supplier=HD**")
            huada = await api(server, "/api/v1/orders?status=open&supplier=HD&limit=1000")
            assert await board_total(page) == huada["total"] > 0
            shown = await page.locator("tr.order").evaluate_all("rows => rows.map(r => r.dataset.po)")
            assert sorted(shown) == sorted(o["po"] for o in huada["items"])

            await page.goto(f"{base}/board")
            await page.fill("#q", "1017")
            await page.press("#q", "Enter")
            await page.wait_for_url("**q=1017**")
            assert await board_total(page) == 1
            chips = await page.locator("tr.order .chip").evaluate_all("cs => cs.map(c => c.dataset.state)")

            await page.click("tr.order td.po a")
            await page.wait_for_url(f"{base}/orders/PO-1017")
            detail = await api(server, "/api/v1/orders/PO-1017")
            rows = page.locator("tr.node-row")
            statuses = await rows.evaluate_all("rs => rs.map(r => [r.dataset.node, r.dataset.status, r.dataset.state])")
            today = clock.now().astimezone(settings.zone).date()
            from datetime import date

            expected = [[m["node"], m["status"], str(node_state(m["status"], date.fromisoformat(m["planned_date"]),
                                                                date.fromisoformat(m["original_planned_date"]),
                                                                today))]
                        for m in detail["milestones"]]
            assert statuses == expected
            assert chips == [state for _, _, state in expected]  # the board's colours are the order's states
            assert await page.locator("#timeline li").count() >= len(detail["reports"])

            period = "from=2026-10-01&to=2026-11-24"
            report = await api(server, f"/api/v1/kpis?{period}")
            await page.goto(f"{base}/kpis?{period}")
            for key in RATE_KEYS:
                card = page.locator(f'.kpi[data-kpi="{key}"]')
                figure = report["kpis"][key]
                assert await card.locator(".value").inner_text() == percent(figure["ratio"]), key
                assert await card.locator(".parts").inner_text() == f"{figure['numerator']} / {figure['denominator']}"

            for path, heading in (("/quality", "按周趋势"), ("/suppliers", "综合评分")):
                await page.goto(f"{base}{path}")
                assert heading in await page.inner_text("main")
            await page.click("text=English")
            assert "Supplier scorecards" in await page.inner_text("header")
    finally:
        await server.close()
        await database.dispose()
