"""Round 36 (r36dx): stop 39's DX (Lagos and Nairobi subcontractors writing Nigerian Pidgin and Kenyan Swahili/Sheng).

Pidgin marks aspect before the verb (`don` done, `dey` under way, `go` to come, `never` not yet); Swahili marks tense
on it (`-me-` done, `-na-` under way, `-ta-` to come, `ha-...-ja-` not yet), and Sheng puts those marks on English
verbs. Their days (kesho, leo, jana) are read, their slash dates day first, their courtesies carry no fact. The
trades' own steps (pressing, glazing, laminating, galvanising) and faults (chipped, shade variation, cell crack) are
the reader's words."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message
from handlers.reading_pidgin import in_english, is_pidgin

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Africa/Lagos"))  # a Monday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def test_pidgin_don_before_a_verb_is_the_step_done() -> None:
    reading = _read("61001 grinding don finish")
    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", "61001", "in_process", True)


def test_pidgin_don_land_is_the_stock_arrived() -> None:
    reading = _read("61002 the steel tubes don land")
    assert (reading.node, reading.done, reading.confirm) == ("material_ready", True, None)


def test_pidgin_dey_before_a_verb_is_the_step_under_way() -> None:
    reading = _read("61003 we dey paint the brackets")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)


def test_pidgin_go_with_a_day_is_a_plan() -> None:
    reading = _read("61004 we go ship Thursday")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 10))


def test_pidgin_never_is_not_yet() -> None:
    reading = _read("61005 the coils never reach")
    assert (reading.node, reading.done) == ("material_ready", False)


def test_pidgin_we_go_redo_a_fault_is_rework() -> None:
    reading = _read("61006 6 pcs weld crack, we go reweld am")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 6, True)


def test_swahili_me_tense_is_done_and_its_day_is_read() -> None:
    reading = _read("61007 coils zimefika jana")
    assert (reading.node, reading.done, reading.happened_on) == ("material_ready", True, date(2026, 12, 6))


def test_swahili_ta_tense_with_tomorrow_is_a_plan() -> None:
    reading = _read("61008 tutamaliza grinding kesho")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", date(2026, 12, 8))


def test_swahili_na_tense_is_under_way() -> None:
    reading = _read("61009 drilling inaendelea")
    assert (reading.node, reading.done) == ("in_process", False)


def test_swahili_not_yet_arrived() -> None:
    reading = _read("61010 zinc bado haijafika")
    assert (reading.node, reading.done) == ("material_ready", False)


def test_sheng_me_on_an_english_verb_is_shipped() -> None:
    reading = _read("61011 tumesend 900 pcs")
    assert (reading.intent, reading.qty) == ("shipment", 900)


def test_swahili_na_between_two_orders_is_and() -> None:
    reading = _read("61012 na 61013 tumemaliza grinding")
    assert (reading.po, reading.done, [item.po for item in reading.also or ()]) == ("61012", True, ["61013"])


def test_a_slash_date_in_this_register_is_day_first_and_asked_when_both_read() -> None:
    reading = _read("61014 delay hadi 9/12")
    assert (reading.intent, reading.new_date, reading.confirm) == ("delay", date(2026, 12, 9), True)


def test_courtesies_carry_no_fact() -> None:
    assert _read("poa poa, asante").intent == "noted"
    assert _read("abeg 61015 painting 70%").po == "61015"


def test_the_tile_and_panel_steps_are_steps() -> None:
    for step in ("glazing", "kiln firing", "laminating", "EL test", "galvanising"):
        reading = _read(f"61016 {step} done")
        assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None), step


def test_chipped_is_a_fault_never_a_slip_of_shipped() -> None:
    reading = _read("61017 chipped edge 12 pcs")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 12, "appearance")


def test_other_registers_are_not_this_one() -> None:
    for text in ("21135 em vez de quinta vai ser sábado", "el sawa2 3ayan", "Leo said ok, 61018 shipped", "6012 明天发"):
        assert not is_pidgin(text)
        assert in_english(text) == text
