"""Mechanisms of round 24 for Thai English and Thai script: each a rule of how Thai supervisors write (Thai has no
tense, so time words and already / can / will carry it; particles close a sentence), in phrases of our own."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from handlers.dates import find_dates
from handlers.parsing import read_message
from handlers.reading_thai import as_written, thai_in_english

_BANGKOK = timezone(timedelta(hours=7))
_NOW = datetime(2026, 9, 9, 9, 0, tzinfo=_BANGKOK)  # a Wednesday, Bangkok time


def _read(text: str) -> dict[str, object]:
    return read_message(text, role="supplier", now=_NOW, tz=_BANGKOK).to_json_dict()


@pytest.mark.parametrize("text", ["7301 resin come already", "7301 resin come already ka"])
def test_come_already_is_arrived(text: str) -> None:
    reading = _read(text)
    assert (reading["node"], reading["done"]) == ("material_ready", True)


def test_not_yet_come_is_not_arrived() -> None:
    reading = _read("7302 steel sheet not yet come krub")
    assert reading["done"] is False


@pytest.mark.parametrize("text", ["7303 Thursday can send", "7303 Thursday will send khrap"])
def test_can_send_with_a_day_is_a_plan_to_ship(text: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"], reading["new_date"]) == ("plan", "shipped", "2026-09-10")


def test_send_a_photo_is_no_shipment() -> None:
    assert _read("7304 can send photo").get("node") != "shipped"


@pytest.mark.parametrize("text", ["7305 scratch 3 pcs kha", "7305 scratch 3 pcs na"])
def test_a_closing_particle_is_no_part_of_a_description(text: str) -> None:
    assert _read(text)["description"] == "scratch"


@pytest.mark.parametrize(("text", "category"), [("7306 leak 2 pcs", "function"), ("7306 cracked 5 pcs", "material")])
def test_english_defect_words_take_their_category(text: str, category: str) -> None:
    assert _read(text)["category"] == category


@pytest.mark.parametrize("text", ["7307 injection 60%", "7307 powder coating 60%", "7307 FA finish today"])
def test_shop_steps_in_english(text: str) -> None:
    assert _read(text)["node"] in ("in_process", "first_process")


def test_thai_words_are_said_in_english_and_thai_digits_are_digits() -> None:
    assert thai_in_english("7308 ส่ง ๒ พัน pcs ครับ") == "7308 send 2000 pcs"
    assert thai_in_english("no Thai here") == "no Thai here"


@pytest.mark.parametrize(("text", "node", "done"), [
    ("7309 resin ถึงแล้ว", "material_ready", True),
    ("7309 FA ผ่านแล้วค่ะ", "first_process", True),
    ("7309 ฉีด 30%", "in_process", None),
])
def test_thai_report_words(text: str, node: str, done: bool | None) -> None:
    reading = _read(text)
    assert reading["node"] == node
    assert reading.get("done") == done


def test_thai_sent_count_in_thousands() -> None:
    assert _read("7310 send already 2 พัน pcs")["qty"] == 2000


def test_as_written_keeps_the_thai_words() -> None:
    assert as_written("no truck tomorrow", "ไม่มีรถ พรุ่งนี้") == "no truck พรุ่งนี้"


@pytest.mark.parametrize(("text", "day"), [("ship 3/11/2569", "2026-11-03"), ("ship 3/11/69", "2026-11-03")])
def test_buddhist_era_dates_are_day_first(text: str, day: str) -> None:
    assert [m.value.isoformat() for m in find_dates(text, _NOW.date())] == [day]


def test_a_common_era_short_year_stays() -> None:
    assert [m.value.isoformat() for m in find_dates("ship 11/3/26", _NOW.date())] == ["2026-11-03"]


def test_a_space_after_a_thai_thing_done_ends_its_clause() -> None:
    assert thai_in_english("7311 เสร็จแล้ว ส่ง") == "7311 finish already, send"


def test_time_first_then_send_is_a_plan_to_ship() -> None:
    reading = _read("7312 painting finish already, Friday send")
    assert (reading["node"], reading["done"]) == ("in_process", True)
    also = reading["also"]
    assert isinstance(also, list)
    assert [(item["node"], item["new_date"]) for item in also] == [("shipped", "2026-09-11")]


def test_thai_under_way_is_not_done() -> None:
    reading = _read("7313 OQC กำลังตรวจ")
    assert (reading["intent"], reading["node"], reading["done"]) == ("progress", "final_inspection", False)


def test_a_verb_then_its_count_then_already_is_that_verb_done() -> None:
    reading = _read("7314 ส่ง ๒๐๐ pcs แล้วค่ะ")
    assert (reading["intent"], reading["qty"]) == ("shipment", 200)


@pytest.mark.parametrize("text", ["khob khun ka", "ok na, khop khun krub"])
def test_thai_thanks_in_latin_letters_is_noted(text: str) -> None:
    assert _read(text)["intent"] == "noted"


def test_stock_not_enough_is_a_shortage() -> None:
    assert _read("7315 resin still not enough")["intent"] == "shortage"


@pytest.mark.parametrize(("text", "category"), [
    ("7316 colour not same 4 pcs", "appearance"), ("7316 ID over spec 6 pcs", "dimension")])
def test_more_english_defect_words(text: str, category: str) -> None:
    assert _read(text)["category"] == category


def test_arrive_with_its_count_is_never_silently_without_a_step() -> None:
    reading = _read("7317 steel sheet arrive 40 pallet")
    assert reading.get("node") == "material_ready" or reading.get("confirm") is True


def test_a_date_change_to_in_the_base_form_is_a_delay() -> None:
    reading = _read("7318 ship date change to 25/9/2569")
    assert (reading["intent"], reading["node"], reading["new_date"]) == ("delay", "shipped", "2026-09-25")
