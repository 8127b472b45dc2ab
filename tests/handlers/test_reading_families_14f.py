"""Two silent misrecords from blind set AF, each closed by a general mechanism.

- The sender's side of 收到: a supplier who says he got something, naming no one else, got his own
  material; the customer's receipt is said with their side (你们收到, 客户收到).
- A step done and a day to send: two facts, the progress and a plan of shipping, whatever verb of
  sending is used.

The conversation world is the one of test_reading_conversations.py: 王工 of 华达精密 with PO-1001."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import TODAY, Talker, milestone, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["5101 铝板今天收到了 开始下料", "5102 法兰收到了 在车", "5103 钢管收到了"])
def test_what_a_supplier_says_he_received_is_his_own_material(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


@pytest.mark.parametrize("text", ["5104 你们收到了", "5105 客户那边已经收到货了"])
def test_the_customer_receiving_said_with_their_side_stays_the_receipt(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)


@pytest.mark.parametrize(("text", "days"), [("5106 焊好了 后天送过去", 2), ("5107 喷涂完成 明天送货", 1)])
def test_a_step_done_then_a_day_to_send_are_progress_and_a_shipping_plan(text: str, days: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    [plan] = reading.also or ()
    assert (plan.intent, plan.node, plan.new_date) == ("plan", "shipped", TODAY + timedelta(days=days))


def test_a_day_to_send_alone_is_the_shipping_planned() -> None:
    reading = read_message("5108 明天送过去", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", TODAY + timedelta(days=1))


async def test_a_supplier_receiving_his_stock_records_his_material_not_the_buyers_receipt(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 铝板今天收到了 开始下料")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "received")).status != "done", "the buyer has received nothing"


async def test_a_step_done_and_a_day_to_send_record_the_step_and_plan_the_shipping(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 抛光完成 明天送过去")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    shipped = await milestone(world, "PO-1001", "shipped")
    assert shipped.status != "done", "a plan ships nothing"
    plans = [r for r in await rows(world, ProgressReport) if r.kind == "plan"]
    assert [p.details["expected_date"] for p in plans] == [(TODAY + timedelta(days=1)).isoformat()]


# --- a share done said before the reason of a delay --------------------------------------------------------------

@pytest.mark.parametrize(("text", "percent", "days"), [("5201 做了60% 机器坏了 要晚两天", 60, 2),
                                                       ("5202 完成三成 缺垫片 晚一天", 30, 1)])
def test_a_share_done_before_a_delay_is_kept_as_progress_with_the_delay_beside_it(
        text: str, percent: int, days: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.percent) == ("progress", percent)
    [late] = reading.also or ()
    assert (late.intent, late.delay_days) == ("delay", days)
    assert late.reason is not None and "%" not in late.reason, "the share done is no part of why it is late"


# --- waiting, in English ------------------------------------------------------------------------------------------

def test_done_before_waiting_on_a_check_is_the_step_before_the_check_in_english_too() -> None:
    reading = read_message("5203 everything finished waiting for final inspection", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


# --- a batch said done --------------------------------------------------------------------------------------------

def test_a_batch_said_shipped_in_full_is_that_batch_not_the_whole_order() -> None:
    reading = read_message("5204 第二批发完了 60件", role="supplier", now=_NOW)
    assert (reading.intent, reading.lot_seq, reading.qty) == ("shipment", 2, 60)
    assert reading.all is None


def test_the_order_said_shipped_in_full_beside_a_batch_stays_all() -> None:
    reading = read_message("5205 第三批发了 40件 全部发完了", role="supplier", now=_NOW)
    assert (reading.intent, reading.lot_seq, reading.all) == ("shipment", 3, True)


# --- a defect of no order and no count ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["尺寸有问题", "表面有划伤"])
def test_a_defect_with_no_order_and_no_count_is_shown_first(text: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)
    assert reading.intent == "clarify" or reading.confirm is True
