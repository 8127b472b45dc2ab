"""Stop 28's rulings by count (docs/reading-corpus.md): a first article made or sent while the buyer's verdict
is awaited is the first-article node begun, not passed, and it is shown first; once its verdict is given, it is
passed. Reading, then the chat on both engines (the `database` fixture runs each on SQLite and PostgreSQL).
And a defect the stop's exams showed: a Latin piece unit is a word of its own, so `7410 PCB光板到了` is order 7410."""

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


@pytest.mark.parametrize(("text", "po"), [("7410 PCB光板到了", "7410"), ("7453 PCBA 已ship 1000pcs", "7453"),
                                          ("3233 PCB还差料", "3233")])
def test_a_word_that_starts_like_a_latin_unit_is_no_unit_and_the_order_stays_the_order(text: str, po: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.po == po
    assert reading.qty_done != int(po) and reading.qty != int(po), "a PO is never a quantity"


@pytest.mark.parametrize(("text", "count"), [("1001 done 1200pcs", 1200), ("1001 500pc 完成", 500), ("1001 做了300 PCS", 300)])
def test_a_latin_unit_standing_alone_still_counts_pieces(text: str, count: int) -> None:
    assert read_message(text, role="supplier", now=_NOW).qty_done == count
