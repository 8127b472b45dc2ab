"""The families reader14ab fixed, the silent misrecords of blind corpora AA, AB and AC: a receipt counted in
packages or weight is a count, not the receipt made; the receiving side's 来料 and its own check are the receipt;
a yes-no particle at the end asks; a last batch or a rest still to ship sets no "all"; a step done and sent on to
the next goes on; a first article sent over to the buyer awaits its verdict; counts of tens and tons said in
Chinese numerals. Each family in words of its own (never a corpus's phrase), then the chat, message in, records and
replies out.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from handlers.parsing import read_message
from storage.db import Database
from storage.models import BindingRole, ChatBinding, ProgressReport, Role
from tests.handlers.supplier_world import BUYERS_CHAT, Talker, add_staff, count, milestone, texts

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- a receipt counted in packages or weight ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["4401 收到5托", "4402 到货 12箱 卸完了", "4403 收货8包 每包40个", "4404 收到两吨半"])
def test_packages_or_a_weight_taken_in_are_a_count_not_the_receipt_made(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.intent, reading.node) == ("progress", "received")
    assert reading.done is None, "the chat compares the count with the order before it closes the receipt"


@pytest.mark.parametrize("text", ["4405 到了6箱 已入库", "4406 12托 签收了", "4407 已收到4箱"])
def test_packages_booked_in_or_signed_for_are_the_receipt_made(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)


# --- the receiving side ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["qc", "warehouse", "buyer"])
def test_incoming_goods_passed_on_the_receiving_side_are_the_receipt(role: str) -> None:
    reading = read_message("4408 进料合格", role=role, now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)


def test_the_suppliers_own_material_in_stays_material_ready() -> None:
    assert read_message("4408 来料合格", role="supplier", now=_NOW).node == "material_ready"


@pytest.mark.parametrize("text", ["4409 检验合格 已入库", "4410 抽了20个 都合格 入库了"])
def test_a_check_that_names_no_step_beside_the_receipt_is_the_receipts_own(text: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)
    assert reading.also is None and reading.qty_done is None, "the sample checked is no count received"


def test_a_final_inspection_by_name_beside_the_receipt_is_still_two_facts() -> None:
    reading = read_message("4411 终检合格 已入库", role="qc", now=_NOW)
    assert reading.node == "final_inspection"
    assert reading.also is not None and reading.also[0].node == "received"


# --- a yes-no particle at the end asks ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["4412 到咗未", "4413 做好了没", "4414 首件过咗未呀", "4415 点解仲未到"])
def test_a_report_that_ends_on_or_not_yet_is_a_question(text: str) -> None:
    reading = read_message(text, role="buyer", now=_NOW)
    assert reading.intent == "status_query"


@pytest.mark.parametrize("text", ["4416 还未发", "4417 仲未到"])
def test_not_yet_at_the_end_is_the_answer_not_the_question(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.intent != "status_query"


# --- a last batch or a rest still to ship ---------------------------------------------------------------------------

def test_the_last_batch_in_a_clause_still_to_ship_sets_no_all_on_the_shipment_beside_it() -> None:
    reading = read_message("4418 第二批发了 最后一批下周五发", now=_NOW)
    assert reading.intent == "shipment" and reading.all is None
    assert reading.also is not None and reading.also[0].intent == "plan"


def test_the_last_batch_shipped_is_all() -> None:
    assert read_message("4419 最后一批今天发了", now=_NOW).all is True


def test_a_rest_whose_ship_verb_bears_no_past_is_still_to_go() -> None:
    reading = read_message("4420 先发了300 剩下的慢慢发", now=_NOW)
    assert (reading.intent, reading.qty, reading.all) == ("shipment", 300, False)


# --- a step done and sent on ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["4421 车床做完 送电镀了", "4422 焊好了 拉去喷粉"])
def test_a_step_done_and_sent_on_to_the_next_goes_on(text: str) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert reading.confirm is None


# --- a first article sent over to the buyer -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["4423 首件寄过去了", "4424 首件好了 送你们看"])
def test_a_first_article_sent_to_the_buyer_is_shown_first(text: str) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.node, reading.confirm) == ("first_process", True)


def test_a_first_article_the_buyer_passed_is_recorded_as_said() -> None:
    reading = read_message("4425 首件送过去了 你们确认过了", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("first_process", True, None)


# --- counts of tens and tons in Chinese numerals ------------------------------------------------------------------

def test_a_count_of_tens_said_last_is_the_count_done_of_the_total_before_it() -> None:
    reading = read_message("4426 两百件做完了六十", now=_NOW)
    assert (reading.qty_total, reading.qty_done) == (200, 60)


def test_tons_and_tenths_in_chinese_numerals_are_a_weight() -> None:
    reading = read_message("4427 钢板到了三吨五", now=_NOW)
    assert (reading.amount, reading.unit) == (3.5, "吨")


# --- the chat ---------------------------------------------------------------------------------------------------

@pytest.fixture
async def buyer(world: Database, clock: FakeClock) -> Talker:
    await add_staff(world, clock, "601", "李娟", Role.BUYER)
    return Talker(world, clock, BUYERS_CHAT, "601", "李娟")


async def test_a_buyer_asking_shipped_or_not_yet_hears_the_orders_state_and_nothing_is_recorded(
        buyer: Talker, world: Database) -> None:
    replies = await buyer.says("1001 发咗未")

    [answer] = texts(replies, BUYERS_CHAT)
    assert "PO-1001" in answer and "计划" in answer
    assert await count(world, ProgressReport) == 0


async def test_a_step_sent_on_to_the_next_starts_the_processing_and_finishes_nothing(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 CNC完成 送去发黑了")

    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"
    assert (await milestone(world, "PO-1001", "in_process")).done_at is None


async def test_a_first_article_sent_over_is_shown_first_and_recorded_only_on_yes(
        wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 首件做好了 寄给你们了")

    assert "请确认" in question.text
    assert await count(world, ProgressReport) == 0
    assert (await milestone(world, "PO-1001", "first_process")).status == "pending"


async def test_the_warehouse_counting_pallets_in_does_not_close_the_receipt(
        world: Database, clock: FakeClock) -> None:
    async with world.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id="-4001", role=BindingRole.WAREHOUSE.value,
                                title="仓库收货群", language="zh", created_at=clock.now()))
    await add_staff(world, clock, "801", "仓库老陈", Role.WAREHOUSE)
    dock = Talker(world, clock, "-4001", "801", "仓库老陈")

    await dock.says("1001 收到4托")

    assert (await milestone(world, "PO-1001", "received")).status != "done"


# --- words of time the families lean on ----------------------------------------------------------------------------

def test_a_rest_to_go_in_a_few_days_is_not_all() -> None:
    reading = read_message("4428 发了800 剩下的过两天发", now=_NOW)
    assert (reading.qty, reading.all) == (800, False)


def test_weeks_counted_as_in_church_are_a_duration() -> None:
    reading = read_message("4429 要晚两个礼拜 模具在修", now=_NOW)
    assert (reading.intent, reading.delay_days) == ("delay", 14)
