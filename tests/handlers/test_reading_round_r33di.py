"""Round 33 (r33di): a message in a script the reader has no words of is never recorded silently, and Russian, the
language of the Russian and Kazakh subcontractors of Chinese car and truck plants, is read (handlers/reading_russian.py).

A figure beside a word unread (a step's name in Cyrillic, Greek or Arabic letters) may be of any step: such a reading is
shown first. Russian's words of a report are said in English: the shop's steps, the checks, the goods and their moves,
the days, dotted dates day first, the thousands' space and the decimal comma, and so many packages of so many pieces."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW)


def test_a_share_beside_a_word_of_an_unread_script_is_shown_first() -> None:
    assert _read("41001 επεξεργασία 40%").confirm is True  # Greek: the step is unread
    assert _read("41002 ضغط 60%").confirm is True  # Arabic likewise


def test_a_russian_word_the_reader_does_not_know_is_shown_first() -> None:
    assert _read("41003 анодирование 40%").confirm is True


def test_a_russian_step_with_its_share_is_that_step_under_way() -> None:
    reading = _read("41004 сварка рамы идёт, 35%")
    assert (reading.intent, reading.node, reading.percent) == ("progress", "in_process", 35)


def test_goods_shipped_with_the_thousands_space() -> None:
    reading = _read("41005 отгрузили 3 600 шт")
    assert (reading.intent, reading.qty) == ("shipment", 3600)


def test_packages_of_so_many_pieces_are_their_product() -> None:
    reading = _read("41006 отгрузили 3 паллеты по 400 шт")
    assert (reading.intent, reading.qty, reading.packages) == ("shipment", 1200, 3)


def test_a_dotted_date_is_day_first() -> None:
    reading = _read("41007 отгрузим 04.01")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2027, 1, 4))


def test_the_outgoing_check_passed() -> None:
    reading = _read("41008 ОТК прошли")
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)


def test_stock_come_in_and_a_decimal_comma() -> None:
    reading = _read("41009 металл пришёл, 3,5 т")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)
    assert reading.amount == 3.5


def test_tomorrow_in_russian_is_a_plan_for_tomorrow() -> None:
    reading = _read("41010 завтра отгрузим")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 8))


def test_a_defect_keeps_the_senders_words() -> None:
    reading = _read("41011 брак 6 шт, вмятины")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 6, "appearance")
    assert reading.description == "вмятины"


def test_russian_typed_in_latin_letters_is_read_as_russian() -> None:
    reading = _read("41012 zavtra otgruzim")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 8))


def test_a_unit_sign_in_greek_is_no_word_unread() -> None:
    reading = _read("41013 coating thickness 85 92 88 90 μm")
    assert (reading.intent, reading.confirm) == ("inspection_values", None)
