"""The report pages (quality, KPIs, supplier scorecards), now rendered off the event loop, still
render whole and fit a phone (390×844) and a PC (1366×900) in Chromium: the page itself never
scrolls sideways (a wide table scrolls inside its own box), every supplier has its row, and the
KPI figures and trend chart are there, and each says when its figures were computed ("数据截至
HH:MM", `bot.web.page_cache`) with its link to fresh ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import Supplier
from tests.bot.test_pages_on_phones import SIZES, measure
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser

PAGES = {"/suppliers": "#scorecards tbody tr", "/kpis": "svg", "/quality": "svg"}


@pytest.fixture
async def server(sqlite_url: str, clock: FakeClock, tmp_path: Path) -> Any:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t", language="zh", photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    running = TestServer(build_app(settings, clock=clock, database=database))
    await running.start_server()
    yield running, database
    await running.close()
    await database.dispose()


async def test_the_report_pages_render_whole_and_fit_a_phone_and_a_pc(server: Any, tmp_path: Path) -> None:
    running, database = server
    async with database.read() as session:
        suppliers = int(await session.scalar(select(func.count()).select_from(Supplier)) or 0)
    assert suppliers > 1
    base = f"http://127.0.0.1:{running.port}"
    async with browser_page() as page:
        await page.goto(f"{base}/login")
        await page.fill("#token", "t")
        await page.click("button[type=submit]")
        await page.wait_for_url(f"{base}/board")
        for width, height in SIZES:
            await page.set_viewport_size({"width": width, "height": height})
            for path, content in PAGES.items():
                response = await page.goto(base + path)
                assert response is not None and response.status == 200, path
                await page.wait_for_load_state("networkidle")
                assert await page.locator(content).count() > 0, (path, content)
                box = await measure(page)
                assert box["scroll"] <= box["inner"] == width, (path, width, box)
                assert box["left"] >= 0 and box["right"] <= width, (path, width, box)
                stamp = page.locator("#as-of")  # when the figures were computed, and a way to fresh ones
                assert await stamp.is_visible(), (path, width)
                assert "数据截至 10:00" in await stamp.inner_text(), (path, width)
                seen = await stamp.bounding_box()
                assert seen is not None and 0 <= seen["x"] and seen["x"] + seen["width"] <= width, (path, width, seen)
                assert await page.locator("#refresh").is_visible(), (path, width)
                await page.screenshot(path=str(tmp_path / f"{path.strip('/')}-{width}.png"), full_page=True)
            await page.goto(base + "/suppliers")
            assert await page.locator("#scorecards tbody tr").count() == suppliers
