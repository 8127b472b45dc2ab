"""History in people's words: a node's change rows become sentences with local times, in
Chinese and English, on the order page — never `pending → done`, `0 → 2000`, ISO time
stamps or `implied by in_process`, and not everything labelled 日期变更."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import load_settings
from bot.web.change_words import describe
from storage.db import Database
from tests.handlers.supplier_world import HUADA_CHAT, WANG, Talker, seed_world

SH = ZoneInfo("Asia/Shanghai")
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


def row(at: datetime, field: str, old: str | None, new: str | None, reason: str = "", source: str = "chat",
        actor: str = "王工") -> dict[str, Any]:
    return {"at": at.astimezone(UTC).isoformat(), "actor": actor, "field": field, "old_value": old,
            "new_value": new, "reason": reason, "source": source}


def test_a_date_move_and_an_implied_completion_read_as_sentences() -> None:
    moved = datetime(2026, 12, 3, 15, 52, tzinfo=SH)
    changes = [row(moved, "planned_date", "2026-12-01", "2026-12-03", "停电")]
    [line] = describe(changes, node="final_inspection", zone=SH, language="zh")
    assert line.render("zh") == "12-03 15:52 王工：最终质检 计划 12-01 → 12-03（原因：停电）"
    [line] = describe(changes, node="final_inspection", zone=SH, language="en")
    assert line.render("en") == "12-03 15:52 王工: Final inspection plan 12-01 → 12-03 (reason: 停电)"
    # the supplier in Berlin reads the same change in its own zone
    [line] = describe(changes, node="final_inspection", zone=ZoneInfo("Europe/Berlin"), language="zh")
    assert line.render("zh").startswith("12-03 08:52 王工：")

    done = datetime(2026, 12, 3, 16, 10, tzinfo=SH)
    implied = [row(done, field, old, new, "implied by in_process") for field, old, new in [
        ("status", "pending", "done"), ("percent", "0", "100"), ("qty_done", "0", "2000"),
        ("done_at", None, done.astimezone(UTC).isoformat())]]
    [line] = describe(implied, node="material_ready", zone=SH, language="zh")
    assert line.render("zh") == "12-03 16:10 王工：原材料到位 自动完成（因为后续节点已完成）"
    [line] = describe(implied, node="material_ready", zone=SH, language="en")
    assert line.render("en") == "12-03 16:10 王工: Material ready done automatically (a later node was reported done)"


def test_progress_an_inspection_and_an_undo_read_as_sentences() -> None:
    at = datetime(2026, 12, 2, 9, 5, tzinfo=SH)
    progress = [row(at, "status", "pending", "in_progress"), row(at, "percent", "0", "60"),
                row(at, "qty_done", "0", "1200")]
    failed = [row(at + timedelta(hours=1), "status", "done", "in_progress", "inspection failed"),
              row(at + timedelta(hours=1), "done_at", "2026-12-02T01:00:00+00:00", None, "inspection failed")]
    undo = [row(at + timedelta(hours=2), "percent", "60", "0", "undo of report #7", "undo"),
            row(at + timedelta(hours=2), "status", "in_progress", "pending", "undo of report #7", "undo")]
    lines = [line.render("zh") for line in describe(progress + failed + undo, node="in_process", zone=SH,
                                                    language="zh")]
    assert lines == ["12-02 09:05 王工：半成品加工 开始，进度 60%，完成数量 1200",
                     "12-02 10:05 王工：半成品加工 重新打开（检验不合格）",
                     "12-02 11:05 王工：半成品加工 撤回：恢复为未开始"]


async def test_the_order_page_tells_the_history_in_words(
    aiohttp_client: ClientFactory, database: Database, clock: FakeClock, tmp_path: Path,
) -> None:
    await seed_world(database, clock)
    wang = Talker(database, clock, HUADA_CHAT, WANG, "王工", photo_dir=tmp_path / "photos")
    await wang.says("1001 首道工序完成")  # implies 原材料到位
    clock.advance(timedelta(minutes=5))
    await wang.says("1001 半成品 完成60%")
    clock.advance(timedelta(minutes=5))
    await wang.says("1001 延期到12月3号 停电")

    settings = load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "p")
    client = await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))
    assert (await client.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)).status == 303
    page = await (await client.get("/orders/PO-1001")).text()
    history = [re.sub(r"\s+", " ", h).strip() for h in re.findall(r'class="small history-line">([^<]+)<', page)]
    assert "11-24 10:00 王工：原材料到位 自动完成（因为后续节点已完成）" in history, history
    assert "11-24 10:00 王工：首道工序完成 完成" in history, history
    assert any(h.startswith("11-24 10:10 王工：") and "计划" in h and "→ 12-03（原因：停电）" in h for h in history), history
    for debug in ("pending → done", "0 → 2000", "+00:00", "implied by", "日期变更", "→ done", "undo of report"):
        assert debug not in page, debug
    assert "计划变更" in page and "节点进度" in page
    english = await (await client.get("/orders/PO-1001?lang=en")).text()
    assert "Material ready done automatically (a later node was reported done)" in english
