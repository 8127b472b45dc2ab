"""The families reader12r fixed: what in a message carries no fact of the order (chat markers, money beside a
count, how it is paid, regional particles), south-western Mandarin's own words, a part named before its step,
and corrections in other words. The reader used to ask first on these (a sticker was an unexplained word, a
price a second count, `月底` a day no fact held), so ordinary traffic of a new register was asked about one
message in five. Each family in words of its own (never a corpus's phrase), so a fix of the family shows here
and not a fix of a phrase.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from handlers.reading_filler import blank_filler, fold_dialect
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, milestone, rows, texts
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- chat markers: stickers and captions written as words carry no fact --------------------------------------


@pytest.mark.parametrize("text", ["1001 料齐了[呲牙]", "[微笑] 1001 料齐了", "1001 料齐了 [语音]", "【图片】1001 料齐了"])
def test_a_sticker_or_caption_in_brackets_is_no_word_of_the_report(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", "1001", "material_ready", True)
    assert not reading.confirm


def test_an_ok_sticker_is_no_done() -> None:
    reading = read_message("1001 在车外圆 [OK]", now=_NOW)

    assert (reading.node, reading.done, reading.confirm) == ("in_process", False, None)


def test_a_lot_code_in_brackets_is_kept() -> None:
    assert "B-7731" in blank_filler("1001 [B-7731] 发了300件")


# --- money beside a count: a price, a charge or how it is paid is never a count or a day -----------------------


@pytest.mark.parametrize(("text", "qty"), [
    ("1001 发了400件 运费220元", 400),
    ("1001 今天发了360套 工费一共1080块", 360),
    ("1001 发了200个 每个两块五", 200),
    ("1001 发了150件 ¥3.6一件 货款下个月一起结算", 150),
])
def test_a_price_beside_a_shipped_count_is_no_second_count(text: str, qty: int) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.qty) == ("shipment", qty)
    assert reading.amount is None
    assert not reading.confirm


@pytest.mark.parametrize("text", ["1001 原料到了 价格还是按4块3", "1001 原料到了 月底一起结账", "1001 原料到了 运费到付"])
def test_a_price_or_settlement_beside_an_arrival_is_no_count_and_no_day(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.node, reading.done, reading.qty_done, reading.new_date) == ("material_ready", True, None, None)
    assert not reading.confirm


@pytest.mark.parametrize("text", ["1001 元旦前发", "1001 元材料到了", "1001 1000块板子做好了"])
def test_words_that_only_look_like_money_stay(text: str) -> None:
    assert blank_filler(text) == text


async def test_a_shipment_with_its_price_and_a_sticker_is_recorded_without_asking(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 发了500件 加工费1500块 月底一起结[抱拳]")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "shipment"
    assert report.details["reading"].get("qty") == 500
    assert texts(replies, HUADA_CHAT)


async def test_an_arrival_with_the_unit_price_is_recorded_without_asking(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 钢料到了 单价按3块2算哈")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    [report] = await rows(world, ProgressReport)
    assert report.details["reading"].get("qty_done") is None


# --- regional particles and words: the tone of the message, folded to the standard word ------------------------


@pytest.mark.parametrize(("said", "standard"), [
    ("啷个还没到", "怎么还没到"), ("有啥子问题", "有什么问题"), ("莫来头", "没问题"), ("料还没得", "料还没有"),
    ("周五怕是不得行", "周五可能不行 "), ("我也不晓得", "我也不知道"), ("弄好了", "做好了"),
])
def test_south_western_words_fold_to_the_standard_word_of_the_same_length(said: str, standard: str) -> None:
    assert fold_dialect(said) == standard


@pytest.mark.parametrize("text", ["1001 开始攻丝了撒", "1001 在攻丝了嘛", "1001 正在攻丝哟"])
def test_a_particle_that_ends_a_clause_leaves_the_state(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.node, reading.done) == ("in_process", False)
    assert not reading.confirm


def test_a_regional_done_particle_is_done() -> None:
    reading = read_message("1001 淬火搞完咯", now=_NOW)

    assert (reading.node, reading.done) == ("in_process", True)


@pytest.mark.parametrize("text", ["1001 发了没得嘛", "1001 到了没得"])
def test_a_question_in_regional_words_is_never_a_report(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == "status_query"


def test_a_day_that_will_not_do_then_the_day_that_will_is_a_delay_to_it() -> None:
    reading = read_message("1001 周三怕是不得行哦 周五嘛", now=_NOW)

    assert (reading.intent, reading.new_date) == ("delay", date(2026, 11, 27))


def test_a_buyer_asking_how_a_supplier_does_in_regional_words() -> None:
    reading = read_message("顺达机加这个月啷个样", role="manager", now=_NOW)

    assert (reading.intent, reading.supplier) == ("supplier_query", "顺达机加")


# --- a part named before its step: the part is no count, the step keeps its state -----------------------------


@pytest.mark.parametrize("text", ["1001 齿轮在插齿", "1001 连杆在精磨", "1001 刹车盘在抛丸"])
def test_a_step_under_way_after_the_part_it_is_done_to(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.po, reading.node, reading.done) == ("1001", "in_process", False)
    assert not reading.confirm


@pytest.mark.parametrize("text", ["1001 支架喷涂好了", "1001 套筒淬火回来了"])
def test_a_part_whose_name_begins_with_a_counter_is_no_count(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.po, reading.node, reading.done, reading.qty_done) == ("1001", "in_process", True, None)


def test_a_step_done_then_the_next_under_way_is_one_step_under_way() -> None:
    reading = read_message("1001 铸好了 在切浇口", now=_NOW)

    assert (reading.node, reading.done, reading.also) == ("in_process", False, None)


@pytest.mark.parametrize(("text", "total"), [("1001 1800件弄了一半", 1800), ("1001 900套搞了一半", 900)])
def test_a_count_before_its_share_done_in_colloquial_words_is_the_total(text: str, total: int) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.qty_total, reading.percent, reading.qty_done) == (total, 50, None)


# --- a homophone of a label stands only before what it labels ------------------------------------------------


@pytest.mark.parametrize("text", ["1001 这批好像没问题", "1001 这批好了"])
def test_this_batch_followed_by_a_word_is_no_lot_label(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.lot is None
    assert reading.intent == "progress"


def test_a_fragment_saying_something_is_a_bit_wrong_is_asked_back() -> None:
    assert read_message("今天这个有点问题", now=_NOW).intent == "clarify"


# --- corrections in other words ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["上条删了", "上条不算 重新报"])
def test_the_last_message_taken_back_as_the_upper_one(text: str) -> None:
    assert read_message(text, now=_NOW).intent == "undo"


def test_a_defect_named_in_the_correction_corrects_the_defect_count() -> None:
    reading = read_message("刚才报的毛刺是6个 不是16个", now=_NOW)

    assert (reading.intent, reading.defect_qty, reading.qty_done) == ("correct", 6, None)


def test_the_right_order_after_is_corrects_the_order() -> None:
    reading = read_message("弄错了 不是1001 是1002才对", now=_NOW)

    assert (reading.intent, reading.po, reading.qty_done) == ("correct", "1002", None)


@pytest.mark.parametrize(("text", "field", "value"), [
    ("实际发了380件", "qty", 380), ("其实是12箱", "packages", 12), ("实际上是百分之六十", "percent", 60)])
def test_what_actually_happened_said_first_is_a_correction(text: str, field: str, value: int) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "correct"
    assert getattr(reading, field) == value


def test_a_corrected_figure_keeps_its_count_whatever_counter_word_follows() -> None:
    reading = read_message("不良数写错了 是12副", now=_NOW)

    assert (reading.intent, reading.defect_qty) == ("correct", 12)


def test_a_corrected_order_said_as_its_own_is_no_count() -> None:
    reading = read_message("刚才那条是1002的 不是1001", now=_NOW)

    assert (reading.po, reading.qty_done) == ("1002", None)


def test_actually_last_friday_stays_a_report_of_that_day() -> None:
    reading = read_message("1001 实际上周五就发了", now=_NOW)

    assert (reading.intent, reading.happened_on) == ("shipment", date(2026, 11, 20))


async def test_a_shipment_corrected_by_what_actually_went_out(wang: Talker, world: Database) -> None:
    await wang.says("1001 发了400件")

    replies = await wang.says("实际发了450件")

    shipments = [r for r in await rows(world, ProgressReport) if r.kind == "shipment"]
    assert [r.undone_at is not None for r in shipments] == [True, False]
    assert shipments[-1].details["reading"].get("qty") == 450
    assert texts(replies, HUADA_CHAT)
