"""The pages people use on a phone and on a PC, measured in Chromium: the simulator, the
board, an order and the exception list at 390×844 and 1366×900. The main content fits the
width (no sideways scrolling) and everything one taps is at least 40 px high."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from PIL import Image
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import Lot, Order, Photo
from storage.photo_store import PhotoStore
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1366, 900)]
PAGES = ["/simulator?persona=supplier-huada", "/board", "/orders/PO-1017", "/exceptions"]
TAP = 40

# Every visible control, with its box; hidden ones (display:none, type=hidden) have no box.
CONTROLS = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map(([e, r]) => ({what: e.outerHTML.slice(0, 90), height: r.height}))"""


async def measure(page: Any) -> dict[str, Any]:
    return await page.evaluate("""() => {
      const main = document.querySelector('main').getBoundingClientRect();
      return {scroll: document.scrollingElement.scrollWidth, inner: innerWidth,
              left: main.left, right: main.right};
    }""")


async def add_a_photo_and_a_lot(database: Database, settings: Settings, clock: FakeClock, po: str) -> None:
    """So the order page shows a photo with its lot/defect form and a lot row, as real orders do."""
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 90, 90)).save(out, "JPEG")
    stored = PhotoStore(settings.photo_dir).accept(out.getvalue())
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == po))
        assert order is not None
        lot = Lot(order_id=order.id, lot_no="L2611-PHONE-0001", qty=250, shipped_at=clock.now())
        session.add(lot)
        await session.flush()
        session.add(Photo(sha256=stored.sha256, size=stored.size, mime_type=stored.mime_type, width=stored.width,
                          height=stored.height, path=stored.path, thumb_path=stored.thumb_path, order_id=order.id,
                          lot_id=lot.id, uploaded_by="王工", uploaded_at=clock.now()))


@pytest.fixture
async def server(sqlite_url: str, clock: FakeClock, tmp_path: Path) -> Any:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t", simulator=True, language="zh",
                        photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    await add_a_photo_and_a_lot(database, settings, clock, "PO-1017")
    running = TestServer(build_app(settings, clock=clock, database=database))
    await running.start_server()
    yield running
    await running.close()
    await database.dispose()


async def test_the_pages_fit_a_phone_and_a_pc_with_big_enough_tap_targets(server: TestServer,
                                                                          tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{server.port}"
    async with browser_page() as page:
        await page.goto(f"{base}/login")
        await page.fill("#token", "t")
        await page.click("button[type=submit]")
        await page.wait_for_url(f"{base}/board")
        for width, height in SIZES:
            await page.set_viewport_size({"width": width, "height": height})
            for path in PAGES:
                await page.goto(base + path)
                await page.wait_for_load_state("networkidle")
                box = await measure(page)
                assert box["scroll"] <= box["inner"] == width, (path, width, box)
                assert box["left"] >= 0 and box["right"] <= width, (path, width, box)
                small = [c for c in await page.evaluate(CONTROLS) if c["height"] < TAP]
                assert not small, (path, width, small[:5])
                name = path.strip("/").split("?")[0].replace("/", "_")
                await page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)


async def test_on_a_phone_the_chat_takes_the_width_and_send_is_on_screen(server: TestServer) -> None:
    """At 390 px the chat column used to be ~110 px wide, one character per line, Send off-screen."""
    async with browser_page() as page:
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.goto(f"http://127.0.0.1:{server.port}/simulator?persona=supplier-huada")
        await page.wait_for_selector(".persona.active")
        log = await page.locator("#log").bounding_box()
        assert log is not None and log["width"] >= 360
        send = await page.locator("#send").bounding_box()
        assert send is not None and send["x"] + send["width"] <= 390 and send["y"] + send["height"] <= 844
        text = await page.locator("#text").bounding_box()
        assert text is not None and text["width"] >= 150
        await page.fill("#text", "PO-1001 原材料到了")
        await page.click("#send")
        answer = page.locator(".msg.bot .text").first
        await answer.wait_for(timeout=15_000)
        bubble = await page.locator(".msg.bot .bubble").first.bounding_box()
        assert bubble is not None and bubble["width"] >= 200  # the answer reads in lines, not a column of characters
        assert bubble["x"] + bubble["width"] <= 390
