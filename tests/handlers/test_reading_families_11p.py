"""The families reader11p fixed, as the supplier sees them: the tidy QA register of a precision shop
(material grades, heat numbers, certificates, AQL sampling) and tired short lines. A message in,
records and replies out. Each family in words of its own (never a corpus's phrase), so a fix of the
family shows here and not a fix of a phrase.

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
from tests.handlers.supplier_world import Talker, milestone, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# --- a material grade, a heat or certificate number, an AQL level: codes, never counts -------------------------


@pytest.mark.parametrize("text", ["1001 304L圆棒到了 质保书也到了", "1001 15-5PH的料到齐了", "1001 TA2钛板到厂 炉号H88231"])
async def test_stock_named_by_its_grade_and_heat_arrives_without_a_count(wang: Talker, world: Database, text: str) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    reading = report.details["reading"]
    assert reading.get("node") == "material_ready"
    assert reading.get("qty_done") is None
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


def test_stock_still_on_its_way_is_no_shipment_of_the_goods() -> None:
    reading = read_message("1001 40Cr的料没到 还在路上", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)
    assert not reading.also


def test_an_aql_level_and_a_clean_sample_are_no_defect() -> None:
    reading = read_message("1001 出货检验通过 AQL 1.0 抽了125件 零不良", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)
    assert not reading.also
    assert not reading.confirm


# --- the register's papers, stock and steps are known words, asked about no more ------------------------------

@pytest.mark.parametrize(("text", "node", "done"), [
    ("1001 钛合金棒料到了 材证随箱", "material_ready", True),
    ("1001 电化学抛光做完了", "in_process", True),
    ("1001 在做超声清洗", "in_process", False),
])
def test_papers_stock_and_finishing_steps_of_the_register_read_without_doubt(text: str, node: str, done: bool) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", node, done)
    assert not reading.confirm


def test_a_report_sent_by_mail_is_no_shipment() -> None:
    reading = read_message("1001 首件合格 检验报告已发你邮箱", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", True)
    assert not reading.also


# --- a counted receipt booked in is a receipt made ---------------------------------------------------------------

@pytest.mark.parametrize("text", ["1001 收到800件 已入库", "1001 今天到货 1500pcs 已签收"])
def test_a_counted_receipt_booked_in_is_done(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)


def test_a_receipt_not_yet_booked_in_is_not_done() -> None:
    assert read_message("1001 到货800件 还没入库", role="warehouse", now=_NOW).done is not True


# --- a day that says only when the sender will look again is no plan -------------------------------------------

async def test_material_not_in_and_a_look_again_tomorrow_is_not_a_plan(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 料还没来 后天再说")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    reading = report.details["reading"]
    assert (reading.get("intent"), reading.get("node"), reading.get("done")) == ("progress", "material_ready", False)
    assert reading.get("new_date") is None


def test_a_clean_sample_zero_is_no_count_to_ask_about() -> None:
    reading = read_message("1001 首件检验OK 抽5件 0不良", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", True)
    assert not reading.confirm


# --- 待X is a wait, like 等X: the step before it is the one done ----------------------------------------------

async def test_all_done_then_pending_inspection_completes_the_making(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 所有工序都做完了 待质检")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "in_process")).status == "done"


# --- a diameter sign before measured values; a size of stock is a code --------------------------------------------

def test_first_article_sizes_with_diameter_signs_are_inspection_values() -> None:
    reading = read_message("1001 首件实测 Ø12.004 Ø11.998 Ø12.001", role="qc", now=_NOW)

    assert reading.intent == "inspection_values"
    assert reading.values == (12.004, 11.998, 12.001)


def test_a_size_of_stock_short_is_a_shortage_not_a_count() -> None:
    reading = read_message("1001 缺φ10圆棒", now=_NOW)

    assert reading.intent == "shortage"
    assert reading.qty_done is None


# --- 今天到的: the cleft past of an arrival is an arrival made -----------------------------------------------------

async def test_stock_that_came_in_today_said_as_a_cleft_is_arrived(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 钢带今天到的")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


# --- 抛, the polishing said in one character as 磨 and 车 are -------------------------------------------------

@pytest.mark.parametrize(("text", "done"), [("1001 今天还在抛", False), ("1001 抛好了", True)])
def test_polishing_said_in_one_character_is_the_making(text: str, done: bool) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", done)


# --- a remedy to do by redoing the step (要重打, 需要重印) is rework ----------------------------------------------

async def test_a_defect_to_be_redone_is_recorded_as_rework(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 刻字不清 8件 要重刻")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "defect"
    assert report.details["reading"].get("rework")
