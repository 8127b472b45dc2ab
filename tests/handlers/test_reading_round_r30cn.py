"""Round 30 (r30cn): the Philippines' Taglish read (handlers/reading_tagalog.py).

Subcontractors in Cavite and Laguna write English with Tagalog words mid-sentence: aspect instead of tense (`tapos
na`, `na-ship`, `nag-start`), the predicate before its subject (`dumating na yung resin`), `deliver` for the goods
sent, days (bukas, makalawa, kahapon, Lunes), counts in words and particles of no fact (po, naman, yung). A message
with no Tagalog word is left as it is, and Tagalog's `na`, `pa`, `po`, `sa` open no other register.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_languages import past_participle
from handlers.reading_tagalog import as_written, in_english, is_tagalog

_TZ = ZoneInfo("Asia/Manila")
_NOW = datetime(2026, 11, 4, 9, 30, tzinfo=_TZ)  # a Wednesday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW, tz=_TZ)


@pytest.mark.parametrize(("text", "node"), [
    ("5501 dumating na po yung brass strip", "material_ready"),
    ("5502 tapos na po ang soldering", "in_process"),
    ("5503 pasado na po yung first article", "first_process"),
])
def test_the_predicate_before_its_subject_is_read_subject_first(text: str, node: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done, bool(reading.confirm)) == ("progress", node, True, False)


def test_a_borrowed_verb_with_the_completed_aspect_is_done() -> None:
    reading = _read("5504 na-ship na po namin 1200pcs")
    assert (reading.intent, reading.qty, reading.po) == ("shipment", 1200, "5504")


def test_deliver_is_the_goods_sent_to_the_buyer() -> None:
    shipped = _read("5505 naideliver na namin sa Binan plant 300 sets")
    planned = _read("5506 deliver namin sa Biyernes")
    assert (shipped.intent, shipped.qty, bool(shipped.confirm)) == ("shipment", 300, False)
    assert (planned.intent, planned.node, planned.new_date) == ("plan", "shipped", date(2026, 11, 6))


def test_a_base_verb_with_na_is_done_unless_its_clause_holds_a_day_to_come() -> None:
    assert _read("5507 ship na po 6 boxes").intent == "shipment"
    plan = _read("5508 ship na bukas ng umaga")
    assert (plan.intent, plan.new_date) == ("plan", date(2026, 11, 5))


@pytest.mark.parametrize(("text", "node"), [("5509 nasa potting na po", "in_process"),
                                            ("5510 nasa final inspection pa", "final_inspection")])
def test_nasa_a_step_is_the_step_under_way(text: str, node: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == (node, False)


def test_days_gone_and_to_come() -> None:
    arrived = _read("5511 dumating yung copper rod nung Lunes")
    assert (arrived.node, arrived.done, arrived.happened_on) == ("material_ready", True, date(2026, 11, 2))
    late = _read("5512 ma-delay ng dalawang araw kasi walang kuryente")
    assert (late.intent, late.delay_days) == ("delay", 2)


def test_may_beside_a_count_is_pieces_found_faulty_and_the_words_stay_as_typed() -> None:
    reading = _read("5513 6pcs may gasgas sa cover")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 6, "appearance")
    assert "gasgas" in (reading.description or "")


def test_a_reason_keeps_its_particles_as_typed() -> None:
    assert as_written("broken wire stripper", "5514 delay 1 day, sira yung wire stripper") == "sira yung wire stripper"


def test_a_correction_of_the_one_it_replaces() -> None:
    assert _read("mali po, hindi 5515 kundi 5516").po == "5516"
    assert (_read("wrong PO po, 5517 dapat").intent, _read("wrong PO po, 5517 dapat").po) == ("correct", "5517")


def test_one_and_the_other_in_two_states_are_asked() -> None:
    assert _read("yung isa na-deliver na, yung isa hindi pa").confirm


def test_a_count_in_words_is_never_an_order() -> None:
    reading = _read("5518 tatlong libo na po nagawa")
    assert (reading.po, reading.qty_done) == ("5518", 3000)


@pytest.mark.parametrize("text", [
    "5519 shipped 300 pcs, rest next week", "5519 喷涂完了 明天发", "11164 resin ยังไม่มา na",
    "send already 1,800 pcs na", "5520 el material llega el lunes", "5521 shipment 3 din late hogi",
    "po 6112 first article approved", "5522 stamping 80% na",
])
def test_a_message_of_no_tagalog_word_is_left_as_it_is(text: str) -> None:
    assert not is_tagalog(text)
    assert in_english(text) == text


def test_the_past_participle_is_shared() -> None:
    assert [past_participle(verb) for verb in ("ship", "stamp", "rework", "tape")] == [
        "shipped", "stamped", "reworked", "taped"]
