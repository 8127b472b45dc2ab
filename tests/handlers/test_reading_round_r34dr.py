"""Round 34 (r34dr): stop 38's DR (Egyptian, Saudi and Emirati subcontractors writing English mixed with Arabizi, Arabic
typed in Latin letters with digits for the letters Latin has not: 2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 ق, 9 ص).

Each Arabizi word of a report is said in English before the message is read (handlers/reading_arabizi.py): 5eles is
done, wesle arrived, etsha7an shipped, bokra tomorrow, 7etta pieces, el 3ayena the first article. A digit inside such a
word is a letter, never a count, an order or a day: a word of that kind the table does not hold leaves the reading shown
first. No message of another register is read so."""

from __future__ import annotations

from datetime import date

from handlers.reading_arabizi import as_written, in_english, is_arabizi
from tests.handlers.monday_reading import read as _read


def test_a_step_finished_in_arabizi_is_that_step_done() -> None:
    reading = _read("40201 el la7am 5eles")
    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", "40201", "in_process", True)


def test_the_material_arrived_is_material_ready() -> None:
    reading = _read("40202 el 5ama wesle el naharda")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_pieces_shipped_are_a_shipment_of_that_count() -> None:
    reading = _read("40203 etsha7an 900 7etta")
    assert (reading.intent, reading.qty) == ("shipment", 900)


def test_a_step_under_way_with_its_share() -> None:
    reading = _read("40204 el sanfara sha3'ala 30%")
    assert (reading.intent, reading.node, reading.done, reading.percent) == ("progress", "in_process", False, 30)


def test_tomorrow_and_the_day_after_are_plans() -> None:
    shipping = _read("40205 bokra nesha7en inshallah")
    assert (shipping.intent, shipping.node, shipping.new_date) == ("plan", "shipped", date(2026, 12, 8))
    sample = _read("40206 ba3d bokra el 3ayena")
    assert (sample.intent, sample.node, sample.new_date) == ("plan", "first_process", date(2026, 12, 9))


def test_a_weekday_is_the_next_such_day() -> None:
    reading = _read("40212 el shohna el 5amees")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 10))


def test_a_sample_sent_to_the_buyers_qc_is_shown_first() -> None:
    reading = _read("40207 el 3ayena ra7et lel QC")
    assert reading.confirm


def test_done_of_a_total_keeps_both_counts() -> None:
    reading = _read("40208 5alasna 700 men 1000")
    assert (reading.intent, reading.qty_done, reading.qty_total) == ("progress", 700, 1000)


def test_a_defect_keeps_the_senders_word_and_its_category() -> None:
    scratched = _read("40209 fi 4 7etta feha 5adsh")
    assert (scratched.intent, scratched.defect_qty, scratched.description, scratched.category) == (
        "defect", 4, "5adsh", "appearance")
    bent = _read("40216 fi 3 7etta ma3wogeen")
    assert (bent.defect_qty, bent.description, bent.category) == (3, "ma3wogeen", "dimension")


def test_a_delay_in_days_keeps_its_reason_as_typed() -> None:
    reading = _read("40210 hanet2a5ar yomein 3ashan el makana 3atlana")
    assert (reading.intent, reading.delay_days, reading.reason) == ("delay", 2, "el makana 3atlana")


def test_a_step_and_today_with_no_verb_is_the_steps_plan() -> None:
    reading = _read("40211 el dehan 5eles, el tagmee3 el naharda")
    assert (reading.intent, reading.done) == ("progress", True)
    assert [(item.intent, item.new_date) for item in reading.also or ()] == [("plan", date(2026, 12, 7))]


def test_two_steps_joined_by_w_are_two_facts() -> None:
    reading = _read("40214 el ramleya 5elset w el dehan bokra")
    assert (reading.intent, reading.done) == ("progress", True)
    assert [(item.intent, item.new_date) for item in reading.also or ()] == [("plan", date(2026, 12, 8))]


def test_eastern_digits_are_counts() -> None:
    assert _read("40215 ٣٠٠ 7etta 5elset").qty_done == 300


def test_a_digit_that_is_a_letter_is_never_a_count() -> None:
    reading = _read("40221 5alasna el 2a6, 640 7etta")
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, 640)


def test_an_unknown_word_with_a_digit_for_a_letter_is_shown_first() -> None:
    reading = _read("40219 el ta3be2a 5elset")
    assert reading.confirm
    assert reading.qty_done is None and reading.amount is None and reading.percent is None


def test_hedges_of_the_register_are_shown_first() -> None:
    assert _read("40218 el 7a2n ta2reeban 60%").confirm


def test_courtesy_is_noted() -> None:
    assert _read("tamam ya basha").intent == "noted"


def test_one_and_the_other_with_no_order_named_is_asked() -> None:
    assert _read("wa7da 5elset w wa7da la2").intent == "clarify"


def test_a_lot_code_keeps_its_letters() -> None:
    reading = _read("40217 el lot L-3001 tal3et")
    assert (reading.intent, reading.lot) == ("shipment", "L-3001")


def test_a_correction_says_the_right_figure_before_mesh() -> None:
    reading = _read("el ra2am ghalat, 450 mesh 540")
    assert (reading.intent, reading.qty_done) == ("correct", 450)


def test_the_gate_opens_on_arabizi_and_arabic_only() -> None:
    assert is_arabizi("40201 el la7am 5eles") and is_arabizi("40253 اللحام خلص")
    for other in ("40222 shipped 300 pcs", "4pcs 2mm 3rd batch", "lot 7C3381 passed", "25531 livre ba3d ghda",
                  "40230 焊接完了 5eles", "Mesh 40 screen received"):
        assert not is_arabizi(other), other
        assert in_english(other) == other


def test_a_reason_is_put_back_in_the_senders_words_with_its_article() -> None:
    original = "40240 hanet2a5ar 3ashan el galvanizer"
    assert as_written("galvanizer", original) == "el galvanizer"


def test_a_cable_reel_is_a_package() -> None:
    reading = _read("40250 wesel 24 bakara", role="warehouse")
    assert (reading.intent, reading.node, reading.packages, reading.package_unit) == ("progress", "received", 24, "bakara")


def test_slash_dates_are_day_first_and_one_read_both_ways_is_asked() -> None:
    late = _read("40260 el shohna 25/12")
    assert late.new_date == date(2026, 12, 25) and not late.confirm
    assert _read("40263 el shohna ٢٢/١٢").new_date == date(2026, 12, 22)
    both = _read("40261 el shohna 10/12")
    assert both.new_date == date(2026, 12, 10) and both.confirm
    assert _read("40262 el galvanize yo5rog el 5amees 10/12").new_date == date(2026, 12, 10)


def test_the_coming_weekday_is_the_next_such_day() -> None:
    assert _read("40264 hanesha7en el 7ad el gai").new_date == date(2026, 12, 13)


def test_a7ad_alone_is_someone_not_sunday() -> None:
    assert "Sunday" not in in_english("40265 mumkin tarsloon a7ad?")
    assert "Sunday" in in_english("40266 nesha7en yom el a7ad")
