"""Round 29 (r29pk): Pakistan's Urdu in Latin letters read (handlers/reading_pakistan.py).

Subcontractors in Sialkot, Lahore and Gujranwala write English with Urdu: the verbs of goods sent by their tense, the
words of days and weeks, `kal` by its own clause's verb, dates day first, the order's `ka` and the goods' `maal` beside
a verb of sending no words of their own. Messages of no Urdu word are left as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_pakistan import as_written, in_english

_TZ = ZoneInfo("Asia/Karachi")
_NOW = datetime(2026, 10, 14, 11, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW, tz=_TZ)


@pytest.mark.parametrize("text", ["4411 ka maal bhej diya", "4411 saara maal rawana kar diya"])
def test_goods_sent_in_the_past_are_shipped(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.po, reading.node) == ("shipment", "4411", "shipped")


def test_a_count_before_the_verb_of_sending_is_what_was_sent_not_an_order() -> None:
    reading = _read("4412 800 bhej diye, baqi agle hafte")
    assert (reading.intent, reading.po, reading.qty) == ("shipment", "4412", 800)
    assert not reading.also


def test_goods_to_be_sent_on_a_weekday_are_a_plan_of_the_shipping() -> None:
    reading = _read("4413 Friday ko bhej denge")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 10, 16))


def test_days_late_in_urdu_are_a_delay_of_the_shipping() -> None:
    reading = _read("4414 delivery 3 din late, bijli ka masla")
    assert (reading.intent, reading.node, reading.delay_days) == ("delay", "shipped", 3)


def test_kal_is_read_by_the_verb_of_its_own_clause() -> None:
    assert in_english("4415 polishing ho gayi, kal packing inshallah").endswith("tomorrow packing")
    assert "yesterday" in in_english("4415 material kal pohanch gaya")


def test_two_days_ago_is_the_day_before_yesterday() -> None:
    reading = _read("4416 2 din pehle maal bhej diya tha 500 pcs")
    assert (reading.intent, reading.qty, reading.happened_on) == ("shipment", 500, date(2026, 10, 12))


def test_a_slash_date_is_day_first() -> None:
    assert "11 December" in in_english("4417 shipment 11/12 ko hogi")


def test_a_reason_is_given_back_in_the_senders_words() -> None:
    assert as_written("power ka problem", "4418 2 din late, bijli ka masla") == "bijli ka masla"


@pytest.mark.parametrize("text", ["4419 shipped 300 pcs, rest next week", "4419 喷涂完了 明天发", "Ship date 12/11 ok"])
def test_a_message_of_no_urdu_word_is_left_as_it_is(text: str) -> None:
    assert in_english(text) == text
