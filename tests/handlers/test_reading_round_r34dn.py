"""Round 34 (r34dn): stop 38's DN (Moroccan and Algerian wheel, harness and seat-frame shops writing chat French with
Darija words in Latin letters), by mechanism: handlers/reading_french.py says the French in English before the message
is read, as handlers/reading_portuguese.py says Portuguese.

The gate is French's own words (matiere, usinage, expedié, livraison, ghda, wslat, ...): an English, Spanish or
Portuguese message is never opened. Dates are day first with a slash or a dot, thousands are grouped by a space or a
dot, the comma is the decimal mark; the Darija days (ghda, ba3d ghda, lbareh, lyoum) and states (wslat arrived, mazal
not yet, siftna we sent, khlas finished, makaynch none) are read as the French are. Where the English reading may drop
what the French said (a bare `pas`, `au lieu de`, a count against the whole with no state, a delay's length beside its
day, a word the table does not hold), the reading is shown first."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message
from handlers.reading_french import in_english, is_french

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))  # a Monday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW, tz=_NOW.tzinfo)


def _facts(reading: Reading) -> list[tuple[str, str | None, bool | None, date | None]]:
    return [(item.intent, item.node, item.done, item.new_date) for item in (reading, *(reading.also or ()))]


def test_the_gate_opens_on_french_words_only() -> None:
    assert is_french("40201 usinage terminé")
    assert is_french("40202 matiere wslat")
    assert not is_french("40203 first piece ok, material arrived")
    assert not is_french("40204 ignore last msg")
    assert not is_french("40205 la entrega sale el viernes")
    assert not is_french("40206 a coleta saiu hoje")
    assert in_english("40207 shipped 200 pcs") == "40207 shipped 200 pcs"


def test_material_arrived_in_french_and_in_darija() -> None:
    assert _facts(_read("40210 la matiere est arrivée")) == [("progress", "material_ready", True, None)]
    assert _facts(_read("40211 toles wslou")) == [("progress", "material_ready", True, None)]
    assert _facts(_read("40212 matiere mazal")) == [("progress", "material_ready", False, None)]


def test_darija_days_are_days() -> None:
    assert _facts(_read("40215 livraison ghda")) == [("plan", "shipped", None, date(2026, 12, 8))]
    assert _facts(_read("40216 la matiere arrive ba3d ghda")) == [("plan", "material_ready", None, date(2026, 12, 9))]
    assert _read("40217 fonderie terminée lbareh").happened_on == date(2026, 12, 6)


def test_the_shop_names_its_steps() -> None:
    assert (_read("40220 diamantage 70%").node, _read("40220 diamantage 70%").percent) == ("in_process", 70)
    assert _facts(_read("40221 sertissage en cours")) == [("progress", "in_process", False, None)]
    assert _facts(_read("40222 controle final ok")) == [("progress", "final_inspection", True, None)]


def test_a_step_after_en_is_under_way() -> None:
    assert _facts(_read("40225 derwek en anodisation")) == [("progress", "in_process", False, None)]


def test_dates_are_day_first_with_a_slash_or_a_dot() -> None:
    assert _read("40230 livraison le 11/12").new_date == date(2026, 12, 11)
    assert _read("40231 retard, nouvelle date 21.12").new_date == date(2026, 12, 21)


def test_an_iso_week_is_its_monday_and_its_end_its_friday() -> None:
    assert _read("40235 expedition semaine 51").new_date == date(2026, 12, 14)
    assert _read("40236 livraison fin semaine 51").new_date == date(2026, 12, 18)


def test_thousands_by_space_or_dot_and_the_decimal_comma() -> None:
    assert _read("40240 expedié 2 300 pcs").qty == 2300
    assert _read("40241 expedié 2.300 pcs").qty == 2300
    assert _read("40242 alu recu 1,5 t").amount == 1.5


def test_packages_of_so_many_each_multiply_out() -> None:
    reading = _read("40245 siftna 6 cartons de 40 pcs")
    assert (reading.intent, reading.packages, reading.qty) == ("shipment", 6, 240)


def test_a_defect_keeps_the_senders_words() -> None:
    reading = _read("40250 9 pcs rayées", role="qc")
    assert (reading.intent, reading.defect_qty, reading.category, reading.description) == \
        ("defect", 9, "appearance", "rayées")


def test_a_delay_keeps_its_reason_as_typed() -> None:
    reading = _read("40255 retard 2 jours, four en panne")
    assert (reading.intent, reading.delay_days, reading.reason) == ("delay", 2, "four en panne")


def test_thanks_and_courtesy() -> None:
    assert _read("sahit khouya").intent == "noted"
    assert _read("ok merci, tenez moi au courant", role="buyer").intent == "noted"


def test_a_bare_negation_is_shown_first() -> None:
    assert _read("c'est 40260 pas 40261").confirm is True


def test_a_day_said_in_place_of_another_is_shown_first() -> None:
    assert _read("40265 on livre ba3d ghda au lieu de ghda").confirm is True


def test_a_count_against_the_whole_with_no_state_is_shown_first() -> None:
    reading = _read("40270 usinage 900 pcs sur 1 500")
    assert (reading.qty_done, reading.qty_total, reading.confirm) == (900, 1500, True)


def test_a_french_word_left_unread_is_shown_first() -> None:
    assert _read("40275 peinture terminée, gris trop fonce").confirm is True


def test_a_step_with_today_alone_is_todays_plan() -> None:
    reading = _read("40280 cata terminée, poudre aujourd'hui")
    assert _facts(reading)[-1] == ("plan", "in_process", None, date(2026, 12, 7))


def test_the_first_article_sent_awaits_its_verdict() -> None:
    reading = _read("40285 echantillons envoyés ce matin")
    assert (_facts(reading)[0][:3], reading.confirm) == (("progress", "first_process", False), True)


def test_the_leak_test_and_the_x_ray_are_steps_of_the_making() -> None:
    assert _facts(_read("40290 test etancheite en cours")) == [("progress", "in_process", False, None)]
    assert _facts(_read("40291 sertissage ok")) == [("progress", "in_process", True, None)]


def test_wishes_to_all_are_small_talk() -> None:
    assert _read("bon weekend a tous").intent == "unknown"


def test_done_by_a_day_to_come_is_a_plan() -> None:
    assert _facts(_read("40295 montage en cours, fini jeudi")) == [("plan", "in_process", None, date(2026, 12, 10))]
