"""Round 32 (r32cy): stop 37's CY (Brazilian subcontractors writing the chat's Brazilian Portuguese) read as the
reader reads Bahasa Indonesia: a module of the language's own (handlers/reading_portuguese.py) says its words of a
report in English behind a gate no other corpus's line opens; its slash dates are day first, and one that also reads
month first is asked first; its numbers carry the thousands dot and the decimal comma. The lines below are written
in the register's style, not copied from the exam.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_portuguese import in_english, is_portuguese

_TZ = ZoneInfo("America/Sao_Paulo")
_NOW = datetime(2026, 10, 14, 9, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW, tz=_TZ)


@pytest.mark.parametrize("text", ["31201 a bobina de aço chegou hj cedo", "31202 materia prima chegou, ja ta no estoque"])
def test_stock_come_in_is_material_ready_done(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", text[:5], "material_ready", True)


@pytest.mark.parametrize(("text", "done"), [("31203 usinagem em andamento", False), ("31204 zincagem concluída", True),
                                            ("31205 terminamos a montagem", True), ("31206 solda finalizada", True)])
def test_the_brazilian_shops_steps_are_in_process(text: str, done: bool) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", done)


def test_a_percent_of_a_step_is_read_with_it() -> None:
    reading = _read("31207 estampagem uns 35%")
    assert (reading.node, reading.percent) == ("in_process", 35)


def test_goods_gone_out_today_with_the_thousands_dot_is_a_shipment_of_that_count() -> None:
    reading = _read("31208 despachado hj 2.400 pçs")
    assert (reading.intent, reading.qty) == ("shipment", 2400)


def test_thousands_said_with_mil_and_the_decimal_comma() -> None:
    assert in_english("31209 enviado 1,5 mil pçs") == "31209 shipped 1500 pcs"
    assert _read("31209 enviado 1,5 mil pçs").qty == 1500


def test_a_count_in_words_is_its_number() -> None:
    assert _read("31210 saiu mil e quinhentas peças hj").qty == 1500


def test_a_delay_of_days_keeps_its_reason_as_typed() -> None:
    reading = _read("31211 vai atrasar 3 dias, a injetora quebrou")
    assert (reading.intent, reading.delay_days) == ("delay", 3)
    assert reading.reason is not None and "quebrou" in reading.reason


def test_a_weekday_said_for_goods_to_leave_is_the_plan_of_shipped() -> None:
    reading = _read("31212 vai sair sexta")
    assert (reading.intent, reading.node, str(reading.new_date)) == ("plan", "shipped", "2026-10-16")


def test_tomorrow_and_yesterday() -> None:
    assert str(_read("31213 a resina chega amanha").new_date) == "2026-10-15"
    assert str(_read("31214 o aço chegou ontem").happened_on) == "2026-10-13"


def test_a_day_first_date_that_cannot_be_month_first_is_read_without_asking() -> None:
    reading = _read("31215 atrasa pra 23/10")
    assert (reading.intent, str(reading.new_date), reading.confirm) == ("delay", "2026-10-23", None)


def test_a_day_first_date_that_also_reads_month_first_is_asked_first() -> None:
    reading = _read("31216 novo prazo dia 4/11")
    assert str(reading.new_date) == "2026-11-04" and reading.confirm


def test_a_defect_counted_in_pieces_is_a_defect() -> None:
    reading = _read("31217 achamos 14 pçs com rebarba", "qc")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 14, "appearance")


def test_values_with_the_decimal_comma_are_inspection_values() -> None:
    reading = _read("31218 espessura 3,02 2,98 3,01")
    assert (reading.intent, list(reading.values or ())) == ("inspection_values", [3.02, 2.98, 3.01])


@pytest.mark.parametrize("text", ["blz, valeu", "obg pessoal"])
def test_thanks_in_the_chat_are_noted(text: str) -> None:
    assert _read(text).intent == "noted"


@pytest.mark.parametrize("text", ["11276 mandamos primera pieza a calidad", "11345 enviamos 450 pzs hoy",
                                  "6402 靠背在雕花", "2401 material arrived today", "đã giao 1.000 cái",
                                  "sdh kirim besok"])
def test_other_languages_do_not_open_the_gate(text: str) -> None:
    assert not is_portuguese(text)
    assert in_english(text) == text


def test_all_after_several_orders_counts_the_orders_not_the_goods() -> None:
    reading = _read("31219, 31220 e 31221 todos despachados")
    assert [item.po for item in (reading, *(reading.also or ()))] == ["31219", "31220", "31221"]
    assert all(item.intent == "shipment" and not item.all for item in (reading, *(reading.also or ())))


def test_where_is_with_no_order_asks_which() -> None:
    assert _read("cadê o material???").intent == "clarify"
    assert (_read("31222 cadê?", "buyer").intent, _read("31222 cadê?", "buyer").po) == ("status_query", "31222")


def test_a_negation_said_on_its_own_is_asked_first() -> None:
    assert _read("31223 atrasou, o motorista não apareceu, sai amanha").confirm


def test_a_share_with_no_step_beside_another_orders_step_is_asked_first() -> None:
    reading = _read("31224 pintura terminou, 31225 ainda em 70%")
    assert reading.confirm


def test_a_note_keeps_its_article_as_typed() -> None:
    reading = _read("EXC-61 resolvido, o fornecedor mandou peças novas", "buyer")
    assert (reading.intent, reading.note) == ("resolve", "o fornecedor mandou peças novas")
