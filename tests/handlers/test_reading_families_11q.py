"""The families reader11q fixed, as the supplier sees them: heavy forgings and weldments, a few pieces counted
in 台/套/根, non-destructive testing (UT/MT/PT 探伤) as a step of the work, crates broken on the way, work
resumed after a breakdown. A message in, records and replies out. Each family in words of its own (never a
corpus's phrase), so a fix of the family shows here and not a fix of a phrase.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, milestone, rows, texts
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# --- NDT is a step of the work; only what it finds is a defect, and that is the material's ---------------------


@pytest.mark.parametrize("text", ["1001 焊好了 在做磁粉探伤", "1001 正在超声波探伤"])
async def test_testing_under_way_is_work_under_way_not_a_defect(wang: Talker, world: Database, text: str) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says(text)

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"
    assert all(report.kind != "defect" for report in await rows(world, ProgressReport))


@pytest.mark.parametrize("text", ["1001 超声波探伤发现3件有白点", "1001 UT查出2件夹渣", "1001 MT有1件锻造折叠"])
def test_what_testing_finds_inside_is_a_material_defect(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "defect"
    assert reading.category == "material"


@pytest.mark.parametrize("text", ["1001 有3件内孔镗大了", "1001 2件磨小了"])
def test_a_size_missed_by_the_cut_is_a_dimension_defect(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "defect"
    assert reading.category == "dimension"


# --- the rest waiting for a step is no fact ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1001 先发了300 其余的等镀锌完再发", "1001 发了200 剩下的等探伤完再发"])
def test_the_rest_waiting_for_a_step_records_only_the_shipment(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "shipment"
    assert reading.qty in (300, 200)
    assert not reading.also


# --- a few big pieces went out: shipped, whatever the counter word ----------------------------------------------


@pytest.mark.parametrize(("text", "qty"), [("1001 今天走了4套", 4), ("1001 这车走了两根", 2), ("1001 走了6台", 6)])
async def test_pieces_that_went_out_in_any_counter_are_shipped(
    wang: Talker, world: Database, text: str, qty: int,
) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "shipment"
    assert report.details["reading"].get("qty") == qty
    assert texts(replies, HUADA_CHAT)


# --- a crate broken on the way is packaging damage, never a count of work ---------------------------------------


@pytest.mark.parametrize("text", ["1001 1个托盘断了", "1001 有2件包装箱碎了", "1001 木架散了一个"])
def test_a_broken_crate_is_packaging_damage(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)

    assert reading.intent == "defect"
    assert reading.category == "packaging"
    assert reading.qty_done is None


# --- work resumed after a breakdown is under way, never done -----------------------------------------------------


@pytest.mark.parametrize("text", ["1001 机床修好了 继续加工", "1001 行车修好了 接着组焊"])
async def test_work_resumed_after_a_repair_is_under_way(wang: Talker, world: Database, text: str) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says(text)

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"


# --- the crew on the job is no quantity ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1001 加了4个师傅在焊", "1001 今天上了5个人在磨"])
def test_a_crew_count_is_no_quantity(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.qty_done is None
    assert reading.qty is None
    assert reading.node == "in_process"


# --- plate or bar stock short is a shortage, whatever the stock's name --------------------------------------------


@pytest.mark.parametrize("text", ["1001 圆钢不够了 还差三根", "1001 中厚板不够 差一张"])
def test_stock_that_runs_short_is_a_shortage(text: str) -> None:
    assert read_message(text, now=_NOW).intent == "shortage"


# --- the stock arrived, then the forging begun: two facts, the arrival done ---------------------------------------


async def test_stock_arrived_then_forging_begun_records_both(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 圆钢前天就到了 今天开始锻")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"


@pytest.mark.parametrize("text", ["1001 入厂检验做完了 没问题", "1001 进货检验合格"])
def test_the_buyers_incoming_inspection_is_the_received_step(text: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)

    assert reading.node == "received"


# --- a weekday's numeral before a word with 天 is no count of days ------------------------------------------------


@pytest.mark.parametrize(("text", "days"), [("1001 延期到下周四 天车坏了", None), ("1001 晚两天 天车坏了", 2)])
def test_a_weekday_before_the_crane_is_a_date_not_days(text: str, days: int | None) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "delay"
    assert reading.delay_days == days
    assert (reading.new_date is not None) == (days is None)
    assert "天车" in (reading.reason or "")
