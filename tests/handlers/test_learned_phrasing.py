"""A supplier is not asked again about words he has confirmed: his own phrasing, learned from his ✔.

The reader asks first when unsure of the words. The same supplier's same words (other figures in
the same places), read the same way and confirmed twice, with nothing since rejected, corrected or
answered otherwise, are recorded like a sure reading; the checks against the order still ask.
World of test_supplier_conversations.py: 华达精密 (王工, chat -1001) with PO-1001 for 2000 pcs;
Apex (Tom, chat -1002) with PO-2001; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from handlers.learned_phrasing import LEARNED_AFTER
from handlers.reading_shapes import shape, signature
from storage.db import Database
from storage.models import ProgressReport, ReadingExample
from tests.handlers.supplier_world import TOM, XINYUAN_CHAT, Talker, add_order, count, milestone, payloads
from tests.handlers.test_reading_families import asks

STEEL = "殷钢料到了 材质单也收到了"  # material arrived, said in words the reader is unsure of


def yes(replies: list) -> str:
    return next(p for r in replies for p in payloads(r) if p.endswith(":yes"))


def no(replies: list) -> str:
    return next(p for r in replies for p in payloads(r) if p.endswith(":no"))


async def confirm(talker: Talker, text: str) -> None:
    replies = await talker.says(text)
    assert asks(replies), f"{text!r} should be shown first before it is learned"
    await talker.clicks(yes(replies))


@pytest.fixture
async def orders(world: Database, clock: FakeClock) -> Database:
    for po in ("PO-1002", "PO-1003", "PO-1004", "PO-1005"):
        await add_order(world, clock, po)
    return world


# --- shapes and signatures --------------------------------------------------------------------------

def test_a_shape_is_the_words_with_every_figure_a_placeholder() -> None:
    assert shape("8301 喷好了 300件") == shape("8302 喷好了 1200件") == "# 喷好了 #件"
    assert shape("ＰＯ-１００１  完成50%") == "po-# 完成#%"  # full-width and spacing are the same words
    assert shape("8301 喷好了 300箱") != shape("8301 喷好了 300件")


def test_a_signature_names_each_figure_by_where_it_stands_in_the_words() -> None:
    first = signature({"intent": "shipment", "po": "8301", "qty": 300, "confirm": True}, "8301 发了300")
    again = signature({"intent": "shipment", "po": "8302", "qty": 120}, "8302 发了120")
    swapped = signature({"intent": "shipment", "po": "120", "qty": 8302}, "8302 发了120")
    assert first == again != swapped


def test_a_figure_the_words_do_not_hold_is_only_ever_itself() -> None:
    packed = signature({"intent": "shipment", "po": "8301", "qty": 1000}, "8301 装了4托 每托250件")
    other = signature({"intent": "shipment", "po": "8301", "qty": 1200}, "8301 装了4托 每托300件")
    assert packed != other


def test_dates_and_the_facts_of_also_are_part_of_the_signature() -> None:
    text = "8301 终检过了 周五发"
    done = {"intent": "progress", "po": "8301", "node": "final_inspection", "done": True}
    planned = {**done, "also": [{"intent": "plan", "po": "8301", "node": "shipped", "new_date": "2026-12-04"}]}
    moved = {**done, "also": [{"intent": "plan", "po": "8301", "node": "shipped", "new_date": "2026-12-11"}]}
    assert signature(planned, text) == signature(moved, text) != signature(done, text)


# --- in the chat ------------------------------------------------------------------------------------

async def test_words_confirmed_twice_are_recorded_the_third_time_without_asking(
        wang: Talker, orders: Database) -> None:
    assert LEARNED_AFTER == 2
    await confirm(wang, f"1001 {STEEL}")
    await confirm(wang, f"1002 {STEEL}")

    replies = await wang.says(f"1003 {STEEL}")

    assert not asks(replies)
    assert (await milestone(orders, "PO-1003", "material_ready")).status == "done"
    assert any("PO-1003" in r.text for r in replies), "the record is confirmed as any sure reading is"
    assert await count(orders, ProgressReport) == 3


async def test_one_confirmation_is_not_enough(wang: Talker, orders: Database) -> None:
    await confirm(wang, f"1001 {STEEL}")

    assert asks(await wang.says(f"1002 {STEEL}"))
    assert (await milestone(orders, "PO-1002", "material_ready")).status != "done"


async def test_the_latest_answer_on_the_words_decides(wang: Talker, orders: Database) -> None:
    await confirm(wang, f"1001 {STEEL}")
    shown = await wang.says(f"1002 {STEEL}")
    await wang.clicks(no(shown))  # ✘: not this reading of these words, this time
    await confirm(wang, f"1003 {STEEL}")

    shown = await wang.says(f"1004 {STEEL}")
    assert asks(shown), "one ✔ since the ✘ is not two"
    await wang.clicks(yes(shown))
    assert not asks(await wang.says(f"1005 {STEEL}"))


async def test_other_words_answered_say_nothing_about_these(wang: Talker, orders: Database) -> None:
    await confirm(wang, f"1001 {STEEL}")
    await wang.clicks(no(await wang.says("1002 发黑 5件")))
    await confirm(wang, f"1002 {STEEL}")

    assert not asks(await wang.says(f"1003 {STEEL}"))


async def test_a_correction_of_learned_words_makes_them_asked_again(wang: Talker, orders: Database) -> None:
    await confirm(wang, f"1001 {STEEL}")
    await confirm(wang, f"1002 {STEEL}")
    assert not asks(await wang.says(f"1003 {STEEL}"))

    await wang.says("发错单号了 是1004")

    assert await count(orders, ReadingExample, ReadingExample.source == "corrected") == 1
    assert asks(await wang.says(f"1005 {STEEL}"))


async def test_another_suppliers_confirmations_teach_nothing(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    tom = Talker(world, clock, XINYUAN_CHAT, TOM, "Tom")
    await add_order(world, clock, "PO-2002", supplier="XY", quantity=500)
    await add_order(world, clock, "PO-1002")
    await confirm(tom, f"2001 {STEEL}")
    await confirm(tom, f"2002 {STEEL}")

    assert asks(await wang.says(f"1002 {STEEL}"))


async def test_learned_words_still_meet_the_checks_against_the_order(wang: Talker, orders: Database) -> None:
    await confirm(wang, "1001 发黑 5件")
    await confirm(wang, "1002 发黑 8件")
    assert not asks(await wang.says("1003 发黑 9件"))

    over = await wang.says("1004 发黑 5000件")  # the order is for 2000 pieces

    assert asks(over) and "5000件 超过订单数量 2000件" in over[0].text


async def test_a_transcript_is_shown_first_however_often_its_words_were_confirmed(
        wang: Talker, orders: Database) -> None:
    await confirm(wang, f"1001 {STEEL}")
    await confirm(wang, f"1002 {STEEL}")

    assert asks(await wang.speaks(f"1003 {STEEL}"))
