"""Round 20b: registers the reader has not seen, read by the grammar of a report rather than its words.

A treatment gone out and come back (`锌镍件回来了`) and a step of three or four characters under way with 中
(`动平衡中`) stand in the step's slot as any step would; so do English words of work before `done` or a share
(`box build done`, `bending 50%`). A step the reader lacks is still a step: `in_process`, read without asking."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import MilestoneStatus
from tests.handlers.supplier_world import Talker, milestone
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["9906 锌镍件回来了", "9879 锌镍回来了", "7001 达克罗件回来了", "7002 微弧氧化回来了"])
def test_an_unknown_treatment_come_back_is_the_processing_done(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "in_process", True, None)


@pytest.mark.parametrize(("text", "percent"), [("10163 动平衡中", None), ("10182 定子嵌线中 百分之四十", 40),
                                               ("10122 铁芯叠压中 做了一半", 50)])
def test_an_unknown_step_of_three_or_four_characters_under_way(text: str, percent: int | None) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.percent, reading.confirm) == ("in_process", False, percent, None)


@pytest.mark.parametrize(("text", "qty"), [("10194 动平衡完了 1800个", 1800), ("10159 叠压完了 两万三千五百个", 23500)])
def test_an_unknown_step_done_with_its_count_is_the_processing_done(text: str, qty: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, qty)


@pytest.mark.parametrize("text", ["8967 cold heding done", "7003 knurling done", "7004 edge banding finished"])
def test_english_words_of_work_before_done_are_the_processing_done(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


def test_an_english_step_under_way_with_its_share() -> None:
    reading = read_message("9004 heading 45% done", role="supplier", now=_NOW)
    assert (reading.node, reading.percent) == ("in_process", 45)


@pytest.mark.parametrize("text", ["8964 finsh 80%", "6184 wancheng 50%", "7005 packing done", "7006 FAI done",
                                  "7007 管料拉回来了"])
def test_a_slip_of_done_packing_a_first_article_or_stock_is_no_step(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).node != "in_process"


async def test_a_treatment_come_back_is_recorded_without_asking(wang: Talker, world: Database) -> None:
    assert not asks(await wang.says("1001 锌镍件回来了"))
    assert (await milestone(world, "PO-1001", "in_process")).status == MilestoneStatus.DONE
