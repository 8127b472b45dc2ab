"""Round 32 (r32cz): stop 37's CZ, Dongguan and Huizhou suppliers writing in WeCom, whose messages carry the chat's own
text: quoted replies, @mentions, stickers, and the Cantonese-area words of the shop floor.

A quoted reply is read as its answer; the quote is context. What the answer names stands, and only the order and the
step it leaves out come from the quote, and only from a quote that asks: a statement quoted is answered (收到), never
restated. A correction quoting the message it corrects stays a correction. Mentions opening the message, or standing
alone as a word, are who is told. Beside these: Cantonese 冇 before 够 is not enough (a shortage), 话 after the one who
says it is hearsay, one material come and another not is asked first, and goods brought 到你们仓 are received there.
The lines below are written in the corpora's style, not copied from them.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_quotes import split_quote, topic_of
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import Talker, rows, texts

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday
_RULE = "- - - - - - - - - - - - - - -"


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def _quoting(speaker: str, quote: str, answer: str) -> str:
    """A reply as WeChat and WeCom write it when copied out: the quote in 「」, a rule of spaced dashes, the answer."""
    return f"「{speaker}：{quote}」\n{_RULE}\n{answer}"


# --- the shapes of a quoted reply ---------------------------------------------------------------

def test_a_bracketed_quote_splits_into_who_was_quoted_what_they_said_and_the_answer() -> None:
    quoted = split_quote(_quoting("采购-周姐", "6611几时走货", "后日"))
    assert quoted is not None
    assert (quoted.speaker, quoted.quote, quoted.answer) == ("采购-周姐", "6611几时走货", "后日")


def test_a_typed_reply_line_splits_the_same_way() -> None:
    quoted = split_quote("回复 刘经理：6612电镀好了没？\n好了 [强]")
    assert quoted is not None
    assert (quoted.speaker, quoted.quote, quoted.answer) == ("刘经理", "6612电镀好了没？", "好了 [强]")


@pytest.mark.parametrize("text", ["6613 已回复客户 明天发", "「6614」首件过了", "回复：", "6615 发了\n- - - -\n"])
def test_a_message_that_quotes_nothing_is_not_split(text: str) -> None:
    assert split_quote(text) is None


def test_the_topic_of_a_quoted_question_is_its_order_and_step() -> None:
    assert topic_of("6616几时出货") == "6616 出货"
    assert topic_of("6617首件过了没？") == "6617首件过"


def test_a_quoted_statement_has_no_topic() -> None:
    assert topic_of("6618 已出货") is None


# --- the answer read in the quote's context -----------------------------------------------------

def test_a_day_answering_when_it_ships_plans_the_shipping_of_the_quoted_order() -> None:
    reading = _read(_quoting("采购-周姐", "6621几时出货", "听日"))
    assert (reading.intent, reading.po, reading.node, reading.new_date) == ("plan", "6621", "shipped", date(2026, 12, 3))


def test_yes_to_whether_the_first_article_passed_is_the_first_article_passed() -> None:
    reading = _read("回复 刘经理：6622首件过了没？\n过咗 [OK]")
    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", "6622", "first_process", True)


def test_not_yet_and_a_day_answering_whether_it_shipped_plans_the_shipping() -> None:
    reading = _read(_quoting("采购-周姐", "6623 发了没", "还没 后日发 [抱拳]"))
    assert (reading.intent, reading.po, reading.node, reading.new_date) == ("plan", "6623", "shipped", date(2026, 12, 4))


def test_an_answer_naming_its_own_order_and_step_is_read_as_it_says() -> None:
    reading = _read(_quoting("采购-周姐", "6624 发了没", "6625 发了"))
    assert (reading.intent, reading.po, reading.node) == ("shipment", "6625", "shipped")


def test_a_buyer_acknowledging_a_quoted_shipment_records_nothing() -> None:
    reading = _read(_quoting("供应商-何生", "6626 已出货", "收到 [OK]"), role="buyer")
    assert reading.intent == "noted"


def test_a_correction_quoting_the_slip_corrects_it_without_reading_the_slip_again() -> None:
    reading = _read(_quoting("我", "6627 喷油完成70%", "打错了 是百分之四十"))
    assert (reading.intent, reading.percent, reading.po) == ("correct", 40, None)


def test_a_buyer_asking_after_a_quoted_delay_asks_of_the_quoted_order() -> None:
    reading = _read("回复 何生：6628要晚三天\n现在到哪一步了", role="buyer")
    assert (reading.intent, reading.po) == ("status_query", "6628")


# --- mentions and the Cantonese-area words ------------------------------------------------------

def test_mentions_opening_a_message_leave_the_order_its_order() -> None:
    reading = _read("@采购-周姐 @品质部 6631 首件过了")
    assert (reading.po, reading.node, reading.done, reading.qty_done) == ("6631", "first_process", True, None)


def test_a_mention_after_the_report_is_no_part_of_it() -> None:
    reading = _read("6632 发了 @采购-周姐")
    assert (reading.intent, reading.po, reading.node) == ("shipment", "6632", "shipped")


@pytest.mark.parametrize("text", ["6633 胶料冇够 等料", "6634 纸箱冇够"])
def test_cantonese_not_enough_is_a_shortage(text: str) -> None:
    assert _read(text).intent == "shortage"


def test_what_a_supplier_says_in_cantonese_is_their_word_not_the_senders_plan() -> None:
    reading = _read("6635 五金件还冇到 厂家话听日送")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


@pytest.mark.parametrize("text", ["6636 彩盒到了 胶袋还冇到", "6637 螺丝到了，但系弹片仲未到"])
def test_one_material_come_and_another_not_is_asked_first(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done, reading.confirm) == ("material_ready", False, True)


def test_goods_brought_to_the_buyers_store_are_received_there() -> None:
    reading = _read("6638 周五送货到你们仓")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "received", date(2026, 12, 4))


# --- in the conversation ------------------------------------------------------------------------

async def test_a_quoted_question_answered_with_a_day_plans_the_quoted_orders_shipping(wang: Talker, world: Database) -> None:
    replies = await wang.says(_quoting("采购-周姐", "1001几时出货", "12月5号 [OK]"))

    assert texts(replies)[0].startswith("PO-1001 发货 预计 12-05 ✔")


async def test_a_quoted_report_acknowledged_records_no_second_report(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 原材料到了")
    await wang.says(_quoting("王工", "PO-1001 原材料到了", "收到 [强]"))

    assert len(await rows(world, ProgressReport)) == 1
