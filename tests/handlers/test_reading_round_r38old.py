"""Round 38 (r38old): the silent misrecords left in the older, already tuned blind exams.

Read here: a step under way, then tempering (回火) bare on the next day, is two facts, the step under way and the next
planned, as any step so said is (r36old's ruling); 回 there is no word of the goods coming back. Goods loaded today (no 了: not yet gone), then the day they reach the buyer, a space or not between, is one
plan, the buyer's receipt (the house's `今天装车明天到`; AK DM DQ write it so), never a shipment recorded today (read by
round 38's LOADED_TODAY_THEN_ARRIVES, merged from main while this round ran; kept here as its specification)."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_loaded_today_then_arriving_tomorrow_is_the_receipt_planned() -> None:
    for text in ("38101 今天装车 明天到你们仓库", "38102 今日装车 明日到你那边", "38103 今天装车明天到你们那"):
        reading = _read(text)
        assert (reading.intent, reading.node, reading.new_date, reading.also) == (
            "plan", "received", date(2026, 12, 8), None), text


def test_loaded_today_with_its_count_keeps_the_shipment() -> None:
    reading = _read("38105 今天装车 共800件 明天到你们仓库")
    assert (reading.intent, reading.qty) == ("shipment", 800)


def test_a_loading_today_alone_is_still_shown_first() -> None:
    reading = _read("38106 今天装车")
    assert (reading.intent, reading.confirm) == ("shipment", True)


def test_a_step_under_way_then_tempering_tomorrow_is_two_facts() -> None:
    reading = _read("38107 在淬火 明天回火")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert reading.also is not None and [(item.intent, item.new_date) for item in reading.also] == [
        ("plan", date(2026, 12, 8))]


def test_a_step_under_way_then_the_goods_back_tomorrow_stays_one_plan() -> None:
    reading = _read("38108 在淬火 明天回来")
    assert (reading.intent, reading.new_date, reading.also) == ("plan", date(2026, 12, 8), None)
