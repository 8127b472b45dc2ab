"""Round 24: the words of a report in Spanish (Mexico), said in Chinese before the message is read, through the
same table-per-language mechanism as Vietnamese (handlers/reading_languages.py). Phrases of our own, written from
a dictionary of the trade, never a corpus line."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from handlers.reading_languages import as_written, asks_first, in_chinese

_MONTERREY = ZoneInfo("America/Monterrey")
_NOW = datetime(2026, 9, 8, 9, 0, tzinfo=_MONTERREY)  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW, tz=_MONTERREY).to_json_dict()


@pytest.mark.parametrize(("text", "node", "done"), [
    ("8101 ya quedó el troquelado", "in_process", True),
    ("8102 soldadura terminada", "in_process", True),
    ("8103 todavia no llega la materia prima", "material_ready", False),
    ("8104 pendiente la pintura", "in_process", False),
    ("8105 primera pieza aprobada", "first_process", True),
])
def test_a_step_done_or_not_yet_in_spanish(text: str, node: str, done: bool) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"], reading["done"]) == ("progress", node, done)


def test_spanish_days_are_read_as_days() -> None:
    assert _read("8110 sale mañana")["new_date"] == "2026-09-09"
    assert _read("8111 embarque reprogramado para el jueves")["new_date"] == "2026-09-10"
    assert _read("8112 antier llegaron 6 tarimas de material")["happened_on"] == "2026-09-06"


def test_this_morning_is_no_tomorrow() -> None:
    assert "明天" not in in_chinese("8113 llegó en la mañana")
    assert "明天" in in_chinese("8113 sale mañana en la mañana")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("8120 mil doscientas piezas listas", "qty_done", 1200),
    ("8121 embarcamos 12 cajas de 40 pzas", "qty", 480),
    ("8122 segundo embarque 300 pzas", "lot_seq", 2),
    ("8123 lote 4 embarcado", "lot_seq", 4),
])
def test_spanish_counts_and_lots(text: str, field: str, value: int) -> None:
    assert _read(text)[field] == value


def test_a_defect_keeps_the_senders_words() -> None:
    reading = _read("8130 15 pzas con porosidad, van a retrabajo")
    assert (reading["intent"], reading["defect_qty"], reading["rework"]) == ("defect", 15, True)
    assert "porosidad" in str(reading["description"])
    assert "气孔" not in str(reading["description"])


def test_as_written_puts_spanish_back() -> None:
    assert as_written("裂纹", "8131 scrap 3 pzas por fisura") == "fisura"


def test_a_day_month_date_that_reads_two_ways_is_asked_first() -> None:
    assert asks_first("8140 sale el 4/10")
    assert not asks_first("8140 sale el 24/10")  # only 24 October
    assert not asks_first("8140 ships 4/10")  # English: the doc's month-first default stands
    assert _read("8141 embarque el 5/10").get("confirm") is True


@pytest.mark.parametrize("text", [
    "8150 shipped 300 pcs today",
    "8151 material arrived, sale price ok",
    "8152 今天发货 3托",
    "8153 3托 tarimas 到了",
    "8154 dang 3000 pcs done",
    "8155 hàng đã giao",
])
def test_other_languages_are_not_read_as_spanish(text: str) -> None:
    from handlers.reading_languages import SPANISH

    assert not SPANISH.is_own(text)


def test_vietnamese_reads_as_before() -> None:
    assert in_chinese("hàng ngày mai giao") == "货明天发"


def test_the_house_date_rule_is_kept_in_spanish() -> None:
    assert _read("8160 sale el 25/09")["new_date"] == date(2026, 9, 25).isoformat()


def test_a_step_late_said_verb_first_is_a_delay_of_that_step() -> None:
    reading = _read("8170 se atrasa el estampado por falta de lámina")
    assert (reading["intent"], reading["node"]) == ("delay", "in_process")
    assert reading["reason"] == "falta de lámina"
    assert _read("8171 se retrasa el embarque al viernes")["new_date"] == "2026-09-11"


def test_a_sender_who_does_not_know_is_asked() -> None:
    assert _read("8172 el embarque se atrasa, quién sabe hasta cuándo").get("confirm") is True


@pytest.mark.parametrize(("text", "node"), [
    ("8180 estamos soldando", "in_process"),
    ("8181 inspección final liberada", "final_inspection"),
    ("8182 ya llegaron los conectores", "material_ready"),
])
def test_spanish_steps_and_materials(text: str, node: str) -> None:
    assert _read(text)["node"] == node


@pytest.mark.parametrize(("text", "done"), [
    ("8200 barrenado terminado", True),   # one word of the shop that is no English word is enough
    ("8201 ya acabamos de soldar", True),  # the step done said verb first
    ("8202 se terminó la pintura", True),
    ("8203 en soldadura", False),         # at that step now
])
def test_a_step_said_the_spanish_way(text: str, done: bool) -> None:
    reading = _read(text)
    assert (reading["node"], reading["done"]) == ("in_process", done)


def test_a_percent_is_no_day() -> None:
    reading = _read("8204 pintura al 40 %")
    assert (reading["percent"], reading.get("new_date")) == (40, None)


@pytest.mark.parametrize(("text", "intent"), [
    ("8220 mandamos 14 cajas", "shipment"),
    ("8221 nos faltan conectores", "shortage"),
    ("8222 materia prima recibida", "progress"),
])
def test_one_spanish_participle_or_verb_marks_the_message(text: str, intent: str) -> None:
    assert _read(text)["intent"] == intent
