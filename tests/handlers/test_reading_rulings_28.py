"""Stop 28's rulings by count (docs/reading-corpus.md): a first article made or sent while the buyer's verdict
is awaited is the first-article node begun, not passed, and it is shown first; once its verdict is given, it is
passed. Reading, then the chat on both engines (the `database` fixture runs each on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import MilestoneStatus, ProgressReport
from tests.handlers.supplier_world import Talker, milestone, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", [
    "5801 首件做好了 等你们确认", "5802 首件已经寄过去了 等客户回复", "5803 样件打出来了 送你们确认",
    "5804 first article sent to you for approval",
])
def test_a_first_article_awaiting_the_buyers_verdict_is_begun_and_shown_first(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)
    assert reading.confirm is True


@pytest.mark.parametrize("text", ["5805 首件客户确认了", "5806 首件已确认 开始批量", "5807 首件送检合格了"])
def test_a_first_article_whose_verdict_is_given_is_passed(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("first_process", True)


async def test_a_first_article_sent_for_approval_starts_the_node_and_passes_nothing(
        wang: Talker, world: Database) -> None:
    assert asks(await wang.says("1001 首件做好了 等你们确认"))
    await wang.clicks("c:1:yes")

    [report] = await rows(world, ProgressReport)
    assert report.kind == "progress"
    assert (await milestone(world, "PO-1001", "first_process")).status == MilestoneStatus.IN_PROGRESS
