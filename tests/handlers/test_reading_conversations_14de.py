"""Reading you can trust, the general mechanisms reader14de added for blind corpora AE and AD: a message in, records
and replies out, through the real reader and the chat (the world of supplier_world.py: 华达精密's 王工 in chat -1001
with PO-1001 for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai).

Each test is one mechanism, told in words of its own (never the corpora's phrases): what is recorded, and what is
left alone.
"""

from __future__ import annotations

from bot.clock import FakeClock
from storage.db import Database
from storage.models import ExceptionTicket, Lot, ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, add_order, count, milestone, rows, texts

# --- 交 alone, promised for a day, is the delivery ---------------------------------------------------------------


async def test_handing_over_on_a_day_is_a_plan_of_shipping(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 后天能交")

    [report] = await rows(world, ProgressReport)
    assert report.kind == "plan" and report.details["expected_date"] == "2026-11-26"
    assert (await milestone(world, "PO-1001", "shipped")).status == "pending", "a plan starts nothing"
    assert "发货 预计 11-26" in texts(replies)[0]


# --- material still short, beside another fact, is a shortage ----------------------------------------------------

async def test_material_still_short_beside_a_step_done_opens_a_shortage(wang: Talker, world: Database) -> None:
    await wang.says("1001 首件过了 料还差一些")

    assert (await milestone(world, "PO-1001", "first_process")).status == "done"
    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.kind == "material_shortage", "the short material is told to the buyers, not read as progress"


# --- what is left of a shipment, to follow some day, is not all shipped ------------------------------------------

async def test_a_shipment_with_the_rest_to_follow_in_a_few_days_leaves_the_shipping_open(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 发了500件 其余的过两天再说")

    [lot] = await rows(world, Lot)
    assert lot.qty == 500
    assert (await milestone(world, "PO-1001", "shipped")).status != "done"


async def test_everything_of_one_order_shipped_closes_its_shipping(wang: Talker, world: Database) -> None:
    await wang.says("1001 货都走了")

    assert (await milestone(world, "PO-1001", "shipped")).status == "done"


# --- a wrong count, then the report said again ---------------------------------------------------------------------

async def test_a_count_said_wrong_then_said_again_replaces_the_last_shipment(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货300件")

    replies = await wang.says("刚才数量报错了 发了350件")

    lots = await rows(world, Lot)
    assert [lot.qty for lot in lots] == [350], "the wrong shipment is taken back, not a second one added"
    assert "已撤回" in texts(replies, HUADA_CHAT)[0]


# --- a second order with a state alone is shown first ---------------------------------------------------------------

async def test_a_second_order_with_only_its_state_is_shown_before_anything_is_written(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")

    [question] = await wang.says("1001 首件OK了 1002还没动")

    assert question.buttons, "shown with ✔ / ✘"
    assert await count(world, ProgressReport) == 0

