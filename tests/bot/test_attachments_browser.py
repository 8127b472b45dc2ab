"""A supplier's drawing on the order page, in a real browser at a phone's and a laptop's width:
listed with its name, size and sender, downloadable, and nothing wider than the screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import RUNTIME, build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import Attachment, Order
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser
LONG_NAME = "华达精密_支架BRK-2201_第三版_冲压工艺图纸_含公差标注_最终确认版本_rev-C_2026-11-24.pdf"


async def test_the_order_page_lists_a_drawing_at_390_and_1366_px(sqlite_url: str, clock: FakeClock,
                                                                 tmp_path: Path) -> None:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t", language="zh", photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    pdf = b"%PDF-1.7\n" + b"1 0 obj\n<<>>\nendobj\n" * 4000 + b"%%EOF\n"
    stored = app[RUNTIME].pipeline.attachment_store.accept(pdf, LONG_NAME)
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-1017"))
        assert order is not None
        session.add(Attachment(sha256=stored.sha256, kind=stored.kind, file_name=stored.file_name,
                               mime_type=stored.mime_type, size=stored.size, path=stored.path,
                               supplier_id=order.supplier_id, order_id=order.id, uploaded_by="王工",
                               uploaded_at=clock.now()))
    server = TestServer(app)
    await server.start_server()
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with browser_page() as page:
            await page.goto(f"{base}/login")
            await page.fill("#token", "t")
            await page.click("button[type=submit]")
            for width in (390, 1366):
                await page.set_viewport_size({"width": width, "height": 900})
                await page.goto(f"{base}/orders/PO-1017")
                link = page.locator("#files a")
                assert LONG_NAME in await link.inner_text()
                assert "PDF" in await page.inner_text("#files") and "王工" in await page.inner_text("#files")
                # the files list itself stays within the screen (the nodes table is another matter)
                right = await page.evaluate("Math.max(...Array.from(document.querySelectorAll('#files, #files *'))"
                                            ".map(e => e.getBoundingClientRect().right))")
                assert right <= width, f"the files list reaches {right}px at {width}px"
                await page.screenshot(path=str(tmp_path / f"order-files-{width}.png"), full_page=True)
            async with page.expect_download() as info:
                await link.click()
            download = await info.value
            saved = await download.path()
            assert await asyncio.to_thread(Path(saved).read_bytes) == pdf
            assert download.suggested_filename == LONG_NAME
    finally:
        await server.close()
        await database.dispose()
