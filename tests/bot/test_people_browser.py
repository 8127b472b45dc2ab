"""The People page in Chromium at 390×844 and 1366×900: it fits the width, every control is
big enough to tap, and a token issued there is shown once, whole, on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from tests.bot.test_pages_on_phones import CONTROLS, SIZES, TAP, measure
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser


@pytest.fixture
async def server(sqlite_url: str, clock: FakeClock, tmp_path: Path) -> Any:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t" * 24, language="zh", photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    running = TestServer(build_app(settings, clock=clock, database=database))
    await running.start_server()
    yield running
    await running.close()
    await database.dispose()


async def test_the_people_page_fits_a_phone_and_a_pc_and_shows_a_new_token_once(
        server: TestServer, tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{server.port}"
    async with browser_page() as page:
        await page.goto(f"{base}/login")
        await page.fill("#token", "t" * 24)
        await page.click("button[type=submit]")
        await page.wait_for_url(f"{base}/board")
        for width, height in SIZES:
            await page.set_viewport_size({"width": width, "height": height})
            await page.goto(f"{base}/people")
            assert "李娟" in await page.inner_text("#people")
            box = await measure(page)
            assert box["scroll"] <= box["inner"] == width, (width, box)
            assert box["left"] >= 0 and box["right"] <= width, (width, box)
            small = [c for c in await page.evaluate(CONTROLS) if c["height"] < TAP]
            assert not small, (width, small[:5])

            card = page.locator("#people li", has_text="李娟")
            await card.locator("form.token button").click()
            await page.wait_for_selector("#new-token")
            token = await page.input_value("#new-token")
            field = await page.locator("#new-token").bounding_box()
            assert len(token) >= 40 and field is not None and field["x"] + field["width"] <= width
            box = await measure(page)
            assert box["scroll"] <= box["inner"] == width, (width, box)
            await page.screenshot(path=str(tmp_path / f"people-{width}.png"), full_page=True)
            await page.goto(f"{base}/people")
            assert token not in await page.content()  # shown once
