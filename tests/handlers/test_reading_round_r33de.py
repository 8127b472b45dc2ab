"""Round 33 (r33de): stop 37's DE (order clerks of Wuxi, Changzhou and Jiangyin) answer several orders at once in
lists and in rows pasted from Excel or an ERP. Such a message is read item by item (handlers/reading_lists.py): each
item's facts on its own order in `also`; the list's numbering is never an order, a count or a day; a header row says
which column is the order and which the count; a total line says nothing of its own; a ditto mark repeats the item
above; a row with no verb takes the heading's, or the step of the row above. The lines below are written in the
register's style, not copied from the exam.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from handlers.parsing import Reading, read_message
from handlers.reading_lists import list_shape
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, add_order, milestone, order, rows, texts

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def _orders(reading: Reading) -> list[str | None]:
    return [item.po for item in (reading, *(reading.also or ()))]


# --- the shape of a list -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1、31001 发了200件\n2、31002 周五发", "1. 31001 发了200件\n2. 31002 周五发",
                                  "①31001 发了200件\n②31002 周五发", "• 31001 发了200件\n• 31002 周五发",
                                  "(1)31001 发了200件\n(2)31002 周五发"])
def test_list_numbering_is_never_part_of_the_order(text: str) -> None:
    reading = _read(text)
    assert _orders(reading) == ["31001", "31002"]
    assert (reading.intent, reading.qty) == ("shipment", 200)
    assert reading.also is not None and reading.also[0].new_date is not None


def test_a_header_row_says_which_column_is_the_order_and_which_the_count() -> None:
    reading = _read("订单号\t数量\t状态\n31003\t450\t已发\n31004\t1300\t已发")
    assert _orders(reading) == ["31003", "31004"]
    assert [item.qty for item in (reading, *(reading.also or ()))] == [450, 1300]


def test_a_total_line_is_no_fact_of_its_own() -> None:
    reading = _read("单号     数量    状态\n31005    700     已发\n31006    300     已发\n合计：2单 1000件")
    assert [(item.po, item.qty) for item in (reading, *(reading.also or ()))] == [("31005", 700), ("31006", 300)]


@pytest.mark.parametrize("mark", ["〃", "同上"])
def test_a_ditto_mark_repeats_the_item_above(mark: str) -> None:
    reading = _read(f"31007 下周二发\n31008 {mark}")
    assert _orders(reading) == ["31007", "31008"]
    assert {(item.intent, item.node, item.new_date) for item in (reading, *(reading.also or ()))} == {
        ("plan", "shipped", reading.new_date)}


def test_a_ditto_in_a_pasted_cell_repeats_the_cell_above() -> None:
    reading = _read("单号\t数量\t状态\n31009\t500\t已发货\n31010\t250\t同上")
    assert [(item.intent, item.po, item.qty) for item in (reading, *(reading.also or ()))] == [
        ("shipment", "31009", 500), ("shipment", "31010", 250)]


def test_a_row_with_only_a_day_plans_what_the_row_above_planned() -> None:
    reading = _read("31011 周四发\n31012 〃\n31013 下周一")
    assert reading.also is not None
    last = reading.also[-1]
    assert (last.intent, last.po, last.node, str(last.new_date)) == ("plan", "31013", "shipped", "2026-12-07")


def test_a_row_with_only_a_state_is_of_the_step_the_row_above_named() -> None:
    reading = _read("①31014 钢材到了\n②31015 还没到")
    assert reading.also is not None
    assert (reading.also[0].node, reading.also[0].done) == ("material_ready", False)


def test_a_heading_lends_its_verb_to_rows_of_counts_alone() -> None:
    reading = _read("今日出货清单：\n31016  600件\n31017  240件\n共计840件")
    assert [(item.intent, item.po, item.qty) for item in (reading, *(reading.also or ()))] == [
        ("shipment", "31016", 600), ("shipment", "31017", 240)]


def test_an_order_heading_a_numbered_list_owns_every_fact_in_it() -> None:
    reading = _read("31018 目前情况：\n1、原料已到\n2、首件OK了\n3、大货在做 60%")
    assert [(item.po, item.node) for item in (reading, *(reading.also or ()))] == [
        ("31018", "material_ready"), ("31018", "first_process"), ("31018", "in_process")]


@pytest.mark.parametrize("text", ["31019 发了300件\n明天再发200", "31020 料到了\n首件在做", "单号 31021\n发了100件",
                                  "31022 外径\n1# 24.98\n2# 25.01"])
def test_lines_that_are_not_a_list_are_not_cut_into_items(text: str) -> None:
    assert list_shape(text) is None


# --- in the conversation -----------------------------------------------------------------------------------------

async def test_a_numbered_list_of_orders_records_each_order_and_answers_once(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    await add_order(world, clock, "PO-1003")

    replies = await wang.says("1、1001 原材料已到\n2、1002 原材料已到\n3、1003 还没到")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1002", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1003", "material_ready")).status != "done"
    reported = {r.order_id for r in await rows(world, ProgressReport)}
    assert reported == {(await order(world, po)).id for po in ("PO-1001", "PO-1002", "PO-1003")}
    assert len(texts(replies, HUADA_CHAT)) == 1  # one reply for every order of the list
