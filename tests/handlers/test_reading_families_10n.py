"""The families reader10n fixed, as the supplier sees them: casting, forging and sheet-metal shops
writing by voice input (no punctuation, numbers as a speech engine writes them) or by handwriting
input (characters of like shape). A message in, records and replies out, on both engines. Each
family in words of its own (never a corpus's phrase), so a fix of the family shows here.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import FakeClock
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    Talker,
    add_order,
    count,
    milestone,
    payloads,
    rows,
    texts,
)
from tests.handlers.test_reading_conversations import button
from tests.handlers.test_reading_families import asks


async def _only_reading(world: Database) -> dict[str, Any]:
    [report] = await rows(world, ProgressReport)
    reading: dict[str, Any] = report.details["reading"]
    return reading


# --- numbers as a speech engine writes them: digits with their unit words ------------------------------------

@pytest.mark.parametrize(("text", "field", "value"), [
    ("1001 做好了1千3百个", "qty_done", 1300),
    ("1001 发了1千零20件", "qty", 1020),
    ("1001 发货3百6十件", "qty", 360),
])
async def test_a_count_in_digits_and_unit_words_is_one_number(
        wang: Talker, world: Database, text: str, field: str, value: int) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    assert (await _only_reading(world))[field] == value


async def test_an_order_in_digits_then_a_spoken_count_are_two_numbers(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001两千个里车好了一千四")

    assert not asks(replies)
    reading = await _only_reading(world)
    assert reading["po"] == "1001"
    assert (reading["qty_total"], reading["qty_done"]) == (2000, 1400)


async def test_a_spoken_count_before_the_word_order_is_its_size_not_a_second_order(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001两千的单子做好了一千五")

    assert not asks(replies)
    reading = await _only_reading(world)
    assert (reading["qty_total"], reading["qty_done"]) == (2000, 1500)
    assert "also" not in reading


async def test_a_spoken_decimal_weight_is_the_weight(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 铝棒到了 二点五吨")

    assert not asks(replies)
    reading = await _only_reading(world)
    assert (reading["amount"], reading["node"]) == (2.5, "material_ready")
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


# --- ordinary run-on reports that needed no question -------------------------------------------------------------

@pytest.mark.parametrize(("text", "node", "done"), [
    ("1001端盖的首件出来了 质检看过了 合格", "first_process", True),   # the part named, the check the first article's
    ("1001首件还没开始做 夹具在改", "first_process", False),          # the tooling is why, the step is the first
    ("1001 你们送来的锻件坯收到了", "material_ready", True),          # the buyer's stock arrived at the supplier
    ("单号1001 钢板到厂了", "material_ready", True),                  # 单号 names the order
])
async def test_an_ordinary_voice_report_is_recorded_without_asking_first(
        wang: Talker, world: Database, text: str, node: str, done: bool) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    reading = await _only_reading(world)
    assert (reading["po"], reading["node"], reading.get("done")) == ("1001", node, done)


# --- investment casting and forging steps ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "status"), [
    ("1001 组树完了 在沾浆", "in_progress"),   # one step done, the next under way: the making goes on
    ("1001 正在脱蜡", "in_progress"),
])
async def test_casting_steps_are_the_making(wang: Talker, world: Database, text: str, status: str) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    assert (await _only_reading(world))["node"] == "in_process"
    assert (await milestone(world, "PO-1001", "in_process")).status == status


async def test_a_casting_defect_word_with_a_count_is_a_defect(wang: Talker, world: Database) -> None:
    await wang.says("1001 错型 4件")

    reading = await _only_reading(world)
    assert reading["defect_qty"] == 4
    assert (await milestone(world, "PO-1001", "in_process")).qty_done in (None, 0)


# --- handwriting input: a character of like shape where its neighbours leave one reading ------------------------

async def test_a_like_shaped_already_and_pallet_read_as_meant(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 己发货 六百件 三拖")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "shipment"
    reading = report.details["reading"]
    assert (reading["qty"], reading["packages"], reading["package_unit"]) == (600, 3, "托")


async def test_a_like_shaped_not_yet_is_not_yet(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料还末到")

    assert (await milestone(world, "PO-1001", "material_ready")).status != "done"


# --- staff asking in free words: late orders, trouble, today's deliveries, their own orders --------------------

@pytest.mark.parametrize("text", ["延误的订单有几个", "拖了交期的都列一下给我看看", "这几天出了什么问题没", "今天有几家来送货"])
async def test_staff_questions_in_free_words_record_nothing(world: Database, clock: FakeClock, text: str) -> None:
    buyer = Talker(world, clock, BUYERS_CHAT, "601", "李娟")

    replies = await buyer.says(text)

    assert replies
    assert "没看懂" not in "\n".join(texts(replies))
    assert await count(world, ProgressReport) == 0


# --- undo in speech: the message went to the wrong chat --------------------------------------------------------

@pytest.mark.parametrize("text", ["不好意思发错群了", "这条不算 发错群了"])
async def test_a_message_sent_to_the_wrong_chat_is_taken_back(wang: Talker, world: Database, text: str) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says(text)

    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"
    assert "已撤回" in "\n".join(texts(replies))


# --- a making that cannot finish by a day is a delay of the making ---------------------------------------------

async def test_a_making_that_cannot_finish_is_a_delay_to_the_later_day(wang: Talker, world: Database) -> None:
    await wang.says("1001 周五做不完了 得下周三")  # with 搞, the verb of any work, no node (Y's ruling, reader14z)

    [report] = await rows(world, ProgressReport)
    assert report.kind == "delay"
    assert report.details["reading"]["node"] == "in_process"
    assert report.details["reading"]["new_date"] == "2026-12-02"


# --- a stock's thickness and its truck on the way ----------------------------------------------------------------

async def test_a_stocks_thickness_is_no_count(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 铝板到了 3个厚的")

    assert not asks(replies)
    reading = await _only_reading(world)
    assert reading["node"] == "material_ready"
    assert "qty_done" not in reading


async def test_a_truck_of_stock_on_its_way_is_the_materials_plan(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 钢材车在半路上 明天能卸")

    if asks(replies):  # the order's own check may show a plan first (handlers/reading_checks.py)
        [question] = [r for r in replies if any(p.endswith(":yes") for p in payloads(r))]
        await wang.clicks(button(question, "yes"))
    reading = await _only_reading(world)
    assert (reading["intent"], reading["node"], reading["new_date"]) == ("plan", "material_ready", "2026-11-25")
    assert (await milestone(world, "PO-1001", "material_ready")).status != "done"


# --- a second order "also short" is a shortage of its own ------------------------------------------------------

async def test_a_second_order_also_short_is_its_own_shortage(wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")

    await wang.says("1001 缺料 1002也缺料")

    reports = await rows(world, ProgressReport)
    assert sorted(r.kind for r in reports) == ["shortage", "shortage"]


# --- orders run into their clauses by voice: each order its own fact ------------------------------------------

async def test_orders_glued_to_their_clauses_are_each_their_own_fact(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")

    replies = await wang.says("1001回火完了 1002礼拜五回火")

    if asks(replies):
        [question] = [r for r in replies if any(p.endswith(":yes") for p in payloads(r))]
        await wang.clicks(button(question, "yes"))
    kinds = {r.details["reading"].get("po"): r.kind for r in await rows(world, ProgressReport)}
    assert kinds.get("1001") == "progress"
    assert kinds.get("1002") == "plan"
    assert all(r.details["reading"].get("qty_done") != 1002 for r in await rows(world, ProgressReport))
