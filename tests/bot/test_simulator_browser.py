"""A new user tries the product in a real browser: plays a supplier, presses a button."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser


async def test_a_supplier_reports_in_the_simulator_and_sees_the_bot_answer(
    sqlite_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, simulator=True, photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    server = TestServer(build_app(settings, clock=clock, database=database))
    await server.start_server()
    try:
        async with browser_page() as page:
            await page.goto(f"http://127.0.0.1:{server.port}/simulator?persona=supplier-huada")
            await page.wait_for_selector(".persona.active")
            assert "华达精密" in await page.inner_text("header")
            await page.fill("#text", "PO-1001 原材料到了")
            await page.click("#send")
            bot_message = page.locator(".msg.bot .text").first
            await bot_message.wait_for(timeout=15_000)
            assert "1001" in await bot_message.inner_text()
            assert await page.locator(".msg.user").count() == 1
            await page.screenshot(path=str(tmp_path / "simulator.png"))
    finally:
        await server.close()
