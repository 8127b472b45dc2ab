"""Round 36 (r36dy): stop 39's DY (Hungarian and Serbian subcontractors writing in their own language, Latin script,
mostly without accents), read by handlers/reading_pannonian.py.

A message is Hungarian's or Serbian's by one of its own words; its words of a report are said in English in place:
steps done and under way, days with their case endings, goods sent and arriving, counts in db/kom with the thousands
dot and the decimal comma, day-first dotted dates. Hungarian puts the state before the step (`kész a X`), both put the
day first; `csak`/`tek` before a day is a delay, a day refused then another a delay to the other, `nem X hanem Y` a
correction. A word the table does not say, a count said about, a count left, or one thing said in place of another
is asked, never recorded. Readings written with the decimal comma in any language are decimals."""

from __future__ import annotations

from datetime import date

from handlers.reading_pannonian import in_english, is_pannonian
from tests.handlers.monday_reading import read as _read


def test_hungarian_material_in() -> None:
    reading = _read("61001 az alapanyag megerkezett")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_serbian_step_under_way_with_a_share() -> None:
    reading = _read("61002 glodanje u toku 40%")
    assert (reading.intent, reading.node, reading.percent) == ("progress", "in_process", 40)


def test_hungarian_state_before_its_step() -> None:
    reading = _read("61003 kesz a porfestes")
    assert (reading.node, reading.done) == ("in_process", True)


def test_hungarian_weekday_with_its_ending_plans_the_shipment() -> None:
    reading = _read("61004 csutortokon szallitunk")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 10))


def test_serbian_sent_with_pieces_and_the_thousands_dot() -> None:
    reading = _read("61005 poslato 2.400 kom, 3 palete")
    assert (reading.intent, reading.qty, reading.packages) == ("shipment", 2400, 3)


def test_serbian_delay_in_days_with_its_cause_kept_as_written() -> None:
    reading = _read("61006 kasnimo 3 dana, nema struje")
    assert (reading.intent, reading.delay_days, reading.reason) == ("delay", 3, "nema struje")


def test_a_day_refused_then_another_is_a_delay_to_it() -> None:
    reading = _read("61007 danas ne mozemo, sutra")
    assert (reading.intent, reading.new_date) == ("delay", date(2026, 12, 8))


def test_only_then_is_a_delay() -> None:
    reading = _read("61008 az anyag csak szerdan jon")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "material_ready", date(2026, 12, 9))


def test_a_dotted_date_with_a_hungarian_ending_is_day_first() -> None:
    reading = _read("61009 a festes 15.12-ig kesz lesz")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", date(2026, 12, 15))


def test_a_defect_word_is_kept_as_written() -> None:
    reading = _read("61010 9 db horpadt")
    assert (reading.intent, reading.defect_qty, reading.description) == ("defect", 9, "horpadt")


def test_not_this_but_that_is_a_correction() -> None:
    reading = _read("nem 61011 hanem 61012")
    assert (reading.intent, reading.po) == ("correct", "61012")


def test_a_count_said_about_is_asked() -> None:
    reading = _read("61013 kb 700 db kesz")
    assert reading.confirm is True


def test_a_word_left_unread_is_asked() -> None:
    reading = _read("61014 hegesztes kesz, zzyzx")
    assert reading.confirm is True


def test_readings_with_the_decimal_comma_are_decimals() -> None:
    reading = _read("61015 measured 8,02 8,05 7,97", role="qc")
    assert (reading.intent, reading.values) == ("inspection_values", (8.02, 8.05, 7.97))


def test_other_languages_are_untouched() -> None:
    for text in ("61016 material arrived", "61017 焊接完成", "61018 gotovo, zhdem OTK", "61019 sudah kirim"):
        assert not is_pannonian(text)
        assert in_english(text) == text
