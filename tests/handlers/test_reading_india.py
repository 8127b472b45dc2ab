"""Round 25 (r25en): Hindi and Tamil words of a report and India's trade shorthand, said in English before the
message is read through reading_languages' table-per-language mechanism (handlers/reading_india.py), and the
register's day-first dates. Phrases of our own, written from the languages' grammars and the trade's shorthand,
never a corpus line."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from handlers.reading_india import asks_first, day_first, days_first, in_english

_KOLKATA = ZoneInfo("Asia/Kolkata")
_NOW = datetime(2026, 10, 7, 10, 0, tzinfo=_KOLKATA)  # a Wednesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW, tz=_KOLKATA).to_json_dict()


def test_kal_is_read_by_the_verbs_tense_and_left_alone_without_one() -> None:
    assert in_english("7001 kal bhejenge") == "7001 tomorrow"
    assert "yesterday" in in_english("7002 maal kal aaya")
    assert "kal" in in_english("7003 kal sir")  # no tense: which day is the sender's to say
    assert _read("7004 parso dispatch karenge") == {"intent": "plan", "po": "7004", "node": "shipped",
                                                    "new_date": "2026-10-09"}


@pytest.mark.parametrize(("text", "node", "done"), [
    ("7011 raw material aa gaya", "material_ready", True),
    ("7012 material abhi tak nahi aaya", "material_ready", False),
    ("7013 grinding mudinjiduchu", "in_process", True),
    ("7014 RM recd", "material_ready", True),
    ("7015 PDI completed", "final_inspection", True),
    ("7016 FPI ok", "first_process", True),
    ("7017 deburring going on", "in_process", False),
    ("7018 anodising over", "in_process", True),
])
def test_a_state_in_hindi_tamil_or_the_shorthand(text: str, node: str, done: bool) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"], reading["done"]) == ("progress", node, done)
    assert "confirm" not in reading


def test_dispatch_is_the_shipping_in_a_delay_a_plan_and_a_shipment() -> None:
    assert _read("7021 dispatch delayed to Friday, no vehicle")["node"] == "shipped"
    assert _read("7022 dispatch on Monday") == {"intent": "plan", "po": "7022", "node": "shipped",
                                                "new_date": "2026-10-12"}
    assert _read("7023 dispatch done 1500 nos") == {"intent": "shipment", "po": "7023", "node": "shipped", "qty": 1500}


def test_counts_in_lakh_and_what_is_left_as_balance() -> None:
    assert _read("7031 dispatched 2.5 lakh pcs")["qty"] == 250000
    reading = _read("7032 1200 nos done, balance 300")
    assert (reading["qty_done"], reading["qty_left"]) == (1200, 300)


def test_a_slash_date_of_the_register_is_day_first_and_asked_when_it_reads_two_ways() -> None:
    assert day_first("7041 dispatch on 04/11 kindly note") and not day_first("7041 ship on 04/11")
    assert days_first("7042 dispatch parso, else 04/11 kindly") == "7042 dispatch parso, else 11/04 kindly"
    assert asks_first("7043 dispatch on 04/11 kindly note")
    assert not asks_first("7044 dispatch on 24/11 kindly note")  # no month is 24: one reading
    assert not asks_first("7045 dispatch on 04/11")  # no sign of the register: the house's month first stands
    reading = _read("7046 dispatch postponed to 04/11, Diwali")
    assert (reading["new_date"], reading.get("confirm")) == ("2026-11-04", True)


def test_the_last_message_taken_back_object_first() -> None:
    assert _read("last msg cancel pls")["intent"] == "undo"
    assert _read("previous message delete, sent by mistake") == {"intent": "undo"}
