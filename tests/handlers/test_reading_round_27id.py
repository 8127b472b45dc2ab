"""Round 27 (r27id): Bahasa Indonesia, said in English before the message is read through reading_languages'
table-per-language mechanism (handlers/reading_indonesia.py): aspect words with their verb, days, day-first dates,
counts, the trade's words and defects, and the gate that leaves every other message as it is. Phrases of our own,
written from the language's grammar and the trade's words, never a corpus line."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from handlers.reading_indonesia import as_written, in_english, is_indonesian

_JAKARTA = ZoneInfo("Asia/Jakarta")
_NOW = datetime(2026, 11, 4, 10, 0, tzinfo=_JAKARTA)  # a Wednesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW, tz=_JAKARTA).to_json_dict()


@pytest.mark.parametrize(("text", "node", "done"), [
    ("14501 biji plastik sudah datang semua", "material_ready", True),
    ("14502 kawat blm dtg pak", "material_ready", False),
    ("14503 baru mulai bending", "in_process", False),
    ("14504 plating nikel lagi jalan", "in_process", False),
    ("14505 welding udah kelar", "in_process", True),
    ("14506 QC final blm selesai", "final_inspection", False),
])
def test_an_aspect_word_and_its_verb_are_the_state_of_a_step(text: str, node: str, done: bool) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"], reading["done"]) == ("progress", node, done)
    assert "confirm" not in reading


def test_a_bare_verb_takes_its_time_from_the_days_beside_it() -> None:
    assert _read("14511 material datang kemarin sore") == {
        "intent": "progress", "po": "14511", "node": "material_ready", "done": True, "happened_on": "2026-11-03"}
    assert _read("14512 material datang besok pagi") == {
        "intent": "plan", "po": "14512", "node": "material_ready", "new_date": "2026-11-05"}
    assert _read("14513 kirim lusa ya pak") == {"intent": "plan", "po": "14513", "node": "shipped",
                                                 "new_date": "2026-11-06"}
    # a done word with a day to come in its clause is a finish planned, never a finish made
    assert _read("14514 target selesai hari Jumat")["intent"] == "plan"
    assert _read("14515 estimasi selesai minggu depan").get("done") is not True


def test_weekdays_with_depan_and_kemarin_and_dates_written_day_first() -> None:
    assert _read("14521 kirim Kamis depan")["new_date"] == "2026-11-12"
    assert _read("14522 sudah kirim Senin kemarin 800pcs") == {
        "intent": "shipment", "po": "14522", "node": "shipped", "qty": 800, "happened_on": "2026-11-02"}
    assert _read("14523 kirim tgl 4/12")["new_date"] == "2026-12-04"
    assert in_english("14524 mundur ke tgl 9/12") == "14524 delayed to 12/9"


@pytest.mark.parametrize(("text", "fields"), [
    ("14531 sdh kirim 2.400 pcs", {"qty": 2400}),  # the thousands dot
    ("14532 kirim 3 rb pcs", {"qty": 3000}),
    ("14533 kirim 5 lusin", {"qty": 60}),
    ("14534 kirim 6 karton isi 100", {"qty": 600, "packages": 6}),
])
def test_counts_in_thousands_dozens_and_packages(text: str, fields: dict[str, object]) -> None:
    reading = _read(text)
    assert reading["intent"] == "shipment"
    assert {key: reading.get(key) for key in fields} == fields


def test_a_count_out_of_the_whole_and_what_is_left() -> None:
    reading = _read("14541 dari 5000pcs sdh jadi 4200")
    assert (reading["qty_total"], reading["qty_done"]) == (5000, 4200)
    reading = _read("14542 sisa 300pcs, sdh jadi 1700")
    assert (reading["qty_left"], reading["qty_done"]) == (300, 1700)


def test_a_defect_and_a_delay_keep_the_senders_words() -> None:
    reading = _read("14551 NG 12pcs karat", role="qc")
    assert (reading["intent"], reading["defect_qty"], reading["category"]) == ("defect", 12, "appearance")
    assert reading["description"] == "karat"
    reading = _read("14552 telat 3 hari, mesin press rusak")
    assert (reading["intent"], reading["delay_days"], reading["reason"]) == ("delay", 3, "mesin press rusak")
    assert as_written("machine broken", "14553 delay, mesin rusak") == "mesin rusak"


def test_the_orders_several_ones_taken_back_and_one_put_right() -> None:
    reading = _read("14561 14562 sdh kirim semua")  # all counts the orders named, not the rest of one order
    assert "all" not in reading and reading["also"] == [{"intent": "shipment", "po": "14562", "node": "shipped"}]
    reading = _read("14563 molding selesai, 14564 jg selesai")
    assert reading["also"] == [{"intent": "progress", "po": "14564", "node": "in_process", "done": True}]
    assert _read("hapus pesan tadi") == {"intent": "undo"}
    assert _read("eh salah, bukan 14565 tp 14566") == {"intent": "correct", "po": "14566"}
    assert _read("siap pak, terima kasih") == {"intent": "noted"}


def test_unable_or_ready_to_ship_is_no_shipment() -> None:
    assert _read("14571 belum bisa kirim, nunggu hasil QC")["intent"] != "shipment"
    reading = _read("14572 hasil QC ok semua, siap kirim")
    assert (reading["intent"], reading["node"], reading.get("also")) == ("progress", "final_inspection", None)


@pytest.mark.parametrize("text", [
    "今天发货 800件",
    "13201 material arrived, dispatch tomorrow",
    "LG order 9001 shipped 300pcs",  # `lg` is Indonesian's `lagi` only in lower case
    "5501 bracket semua siap ady, tmr send lor",  # Malaysia's English with its Malay words: its own register's
    "7001 kal bhejenge",
    "mañana se embarca el lote 2",
    "11288 fuera de dimensión 8 pzas",
    "Karton mit 200 Stück, Kabel geliefert",  # German words that Indonesian writes too
    "first piece sent for approval",
])
def test_other_messages_are_left_as_written(text: str) -> None:
    assert not is_indonesian(text)
    assert in_english(text) == text


def test_a_first_article_sent_is_submitted_for_the_buyers_verdict_never_goods_shipped() -> None:
    reading = _read("14581 FA sdh kirim ke customer, msh tunggu approve")
    assert (reading["intent"], reading["node"], reading["done"]) == ("progress", "first_process", False)
    assert _read("14582 sample pertama sdh kirim ke customer")["intent"] != "shipment"
