"""QC and buyers edit their settings in Chromium: a process template gets its own steps
(车 → 铣 → 热处理 → 磨) on a PC, a part's inspection plan is typed on a phone; a mistake is
refused with a message on the page and the history shows who changed what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import PartInspectionItem, ProcessTemplate
from tests.bot.test_pages_on_phones import CONTROLS, TAP, measure
from tests.browser import browser_page
from tests.demo_rows import seed_demo

pytestmark = pytest.mark.browser


@pytest.fixture
async def running(sqlite_url: str, clock: FakeClock, tmp_path: Path) -> Any:
    database = Database(sqlite_url)
    settings = Settings(database_url=sqlite_url, api_token="t", language="zh", photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    server = TestServer(build_app(settings, clock=clock, database=database, run_workers=False))
    await server.start_server()
    yield server, database
    await server.close()
    await database.dispose()


async def log_in(page: Any, base: str, target: str) -> None:
    await page.goto(f"{base}/login?next={target}")
    await page.fill("#token", "t")
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{base}{target}")


async def fits(page: Any, width: int) -> None:
    box = await measure(page)
    assert box["scroll"] <= width and box["left"] >= 0 and box["right"] <= width, box
    small = [c for c in await page.evaluate(CONTROLS) if c["height"] < TAP]
    assert not small, small[:5]


async def test_a_buyer_gives_machining_its_own_steps_in_the_template_editor(running: Any, tmp_path: Path) -> None:
    server, database = running
    base = f"http://127.0.0.1:{server.port}"
    async with browser_page() as page:
        await page.set_viewport_size({"width": 1366, "height": 900})
        await log_in(page, base, "/setup")
        await page.click("#setup-templates")
        await page.click("li[data-code=machining] a")
        await page.wait_for_url(f"{base}/setup/templates/machining")
        await fits(page, 1366)
        rows = page.locator("tr.node-edit")
        # The third node (in process) becomes 车, and two more in-process steps are typed into blank lines
        await rows.nth(2).locator("input[name=step-2]").fill("车")
        await rows.nth(2).locator("input[name=at-2]").fill("45")
        for index, (step, at) in enumerate([("铣", "55"), ("磨", "65")], start=6):
            await rows.nth(index).locator(f"input[name=step-{index}]").fill(step)
            await rows.nth(index).locator(f"select[name=stage-{index}]").select_option("in_process")
            await rows.nth(index).locator(f"input[name=at-{index}]").fill(at)
        await page.click("#save")
        # 铣 and 磨 were typed after 到货验收: the stages are out of order, and the page says so
        assert "阶段顺序不对" in await page.inner_text("#errors")
        await page.screenshot(path=str(tmp_path / "template-refused.png"), full_page=True)
        async with database.read() as session:
            template = await session.scalar(select(ProcessTemplate).where(ProcessTemplate.code == "machining"))
            assert template is not None and len(template.nodes) == 6  # nothing saved

        # Put them where they belong: replace the plan with the steps in order
        wanted = [("", "material_ready", "15"), ("", "first_process", "30"), ("车", "in_process", "45"),
                  ("铣", "in_process", "55"), ("磨", "in_process", "65"), ("", "final_inspection", "85"),
                  ("", "shipped", "95"), ("", "received", "100")]
        rows = page.locator("tr.node-edit")
        assert await rows.count() >= len(wanted)
        for index in range(await rows.count()):
            step, stage, at = wanted[index] if index < len(wanted) else ("", "", "")
            await page.fill(f"input[name=step-{index}]", step)
            await page.select_option(f"select[name=stage-{index}]", stage)
            await page.fill(f"input[name=at-{index}]", at)
        await page.click("#save")
        await page.wait_for_selector("#saved")
        assert "API" in await page.inner_text("#history") and "半成品加工·磨 65%" in await page.inner_text("#history")
        await page.screenshot(path=str(tmp_path / "template-saved.png"), full_page=True)
    async with database.read() as session:
        template = await session.scalar(select(ProcessTemplate).where(ProcessTemplate.code == "machining"))
    assert template is not None
    assert [(n["node"], n.get("step")) for n in template.nodes][2:5] == [
        ("in_process", "车"), ("in_process", "铣"), ("in_process", "磨")]


async def test_qc_types_a_parts_inspection_plan_on_a_phone(running: Any, tmp_path: Path) -> None:
    server, database = running
    base = f"http://127.0.0.1:{server.port}"
    async with browser_page() as page:
        await page.set_viewport_size({"width": 390, "height": 844})
        await log_in(page, base, "/setup/inspection-plans")
        await fits(page, 390)
        await page.fill("#part", "BRK-2201")
        await page.press("#part", "Enter")
        await page.wait_for_url(f"{base}/setup/inspection-plans/BRK-2201")
        await fits(page, 390)
        await page.fill("input[name=name-0]", "孔径")
        await page.fill("input[name=nominal-0]", "8")
        await page.fill("input[name=tol_minus-0]", "0.02")
        await page.fill("input[name=tol_plus-0]", "0,02")  # a comma where a point belongs
        await page.fill("input[name=name-1]", "毛刺")
        await page.select_option("select[name=kind-1]", "passfail")
        await page.click("#save")
        assert "第 1 行：上公差必须是数字" in await page.inner_text("#errors")
        await fits(page, 390)
        assert await page.input_value("input[name=name-1]") == "毛刺"  # what was typed is kept
        await page.fill("input[name=tol_plus-0]", "0.02")
        await page.click("#save")
        await page.wait_for_selector("#saved")
        await fits(page, 390)
        assert "孔径 8 +0.02/-0.02 mm; 毛刺 合格/不合格" in await page.inner_text("#history")
        await page.screenshot(path=str(tmp_path / "plan-phone.png"), full_page=True)
    async with database.read() as session:
        items = (await session.scalars(select(PartInspectionItem).order_by(PartInspectionItem.seq))).all()
    assert [(i.part_no, i.name, i.kind, i.nominal, i.tol_plus) for i in items] == [
        ("BRK-2201", "孔径", "measure", 8.0, 0.02), ("BRK-2201", "毛刺", "passfail", None, None)]
