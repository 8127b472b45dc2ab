"""Reading you can trust, the general mechanisms reader14z added for blind corpus Z (and W, X, Y): a message in,
records and replies out, through the real reader and the chat (the world of supplier_world.py: 华达精密's 王工 in
chat -1001 with PO-1001 for 2000 pcs; a buyer, 李娟, in the buyers' chat; Tuesday 2026-11-24 10:00 in Shanghai).

Each test is one mechanism, told in words of its own (never the corpus's phrases): what is recorded, and what is
left alone.
"""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from storage.db import Database
from storage.models import Lot, Role
from tests.handlers.supplier_world import BUYERS_CHAT, Talker, add_staff, count, milestone, texts


@pytest.fixture
async def buyer(world: Database, clock: FakeClock) -> Talker:
    await add_staff(world, clock, "601", "李娟", Role.BUYER)
    return Talker(world, clock, BUYERS_CHAT, "601", "李娟")


# --- a delay caused by another works: the works is the reason ------------------------------------------------------

async def test_a_works_named_by_its_step_is_the_delays_cause_kept_as_said(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 热处理厂排不上 要晚三天")

    assert (await milestone(world, "PO-1001", "in_process")).status == "pending", "the step was not reported on"
    assert any("原因：热处理厂排不上" in text for text in texts(replies)), "the alert gives the cause as said"


# --- taking back the last message in words of one's own ----------------------------------------------------------

async def test_the_last_message_taken_back_in_plain_words_undoes_it(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货300件")
    assert await count(world, Lot) == 1

    await wang.says("我刚发的那条删掉吧")

    assert await count(world, Lot) == 0


async def test_a_shipment_is_not_taken_back_by_a_word_of_the_order(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货300件")
    await wang.says("1001 发货200件 取消的那批下周补")  # more said than the taking back: read as the report it is

    assert await count(world, Lot) == 2


# --- the buyer's side: he asks for orders, he does not report the making ------------------------------------------

async def test_a_buyer_asking_for_his_orders_in_his_own_words_gets_the_list(buyer: Talker) -> None:
    replies = await buyer.says("还没完工的订单发我一份")

    answer = "\n".join(texts(replies, BUYERS_CHAT))
    assert "1001" in answer


async def test_a_buyer_saying_a_step_of_an_order_is_answered_with_its_state(buyer: Talker, world: Database) -> None:
    replies = await buyer.says("1001 在装配")

    assert (await milestone(world, "PO-1001", "in_process")).status == "pending", "a buyer records no making"
    assert "1001" in "\n".join(texts(replies, BUYERS_CHAT))


# --- what comes into the supplier's own works is his material --------------------------------------------------------

async def test_bought_in_parts_arriving_at_the_suppliers_works_complete_his_material(
        wang: Talker, world: Database) -> None:
    await wang.says("1001的齿轮今天到厂了")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "received")).status == "pending", "the buyer has received nothing"

