"""The families reader9 fixed, as the supplier sees them: a message in, records and replies out,
on both engines. Each family in words of its own (never a corpus's phrase), so a fix of the
family shows here and not a fix of a phrase.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    HUADA_CHAT,
    Talker,
    count,
    milestone,
    payloads,
    rows,
    texts,
)
from tests.handlers.test_reading_families import asks

# --- two shipments in one message: each its own fact -------------------------------------------------------


@pytest.mark.parametrize(("text", "days"), [
    ("1001 今天发了300 昨天发了200", [None, "2026-11-23"]),
    ("1001 上午走了400件 下午又发了250件", [None, None]),
])
async def test_two_shipments_in_one_message_are_two_records(
        wang: Talker, world: Database, text: str, days: list[str | None]) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    shipped = [r for r in await rows(world, ProgressReport) if r.kind == "shipment"]
    assert len(shipped) == 2
    assert [r.details["reading"].get("happened_on") for r in shipped] == days
    assert texts(replies, HUADA_CHAT)


# --- a defect and "the rest passed": a defect of its count, never a pass of all --------------------------------

@pytest.mark.parametrize("text", ["1001 挑出9个压伤 其余合格", "1001 抽检80个 有3个毛刺 其他都OK"])
async def test_a_defect_beside_the_rest_passed_is_the_defect_alone(wang: Talker, world: Database, text: str) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    assert [r.kind for r in await rows(world, ProgressReport)] == ["defect"]
    [report] = await rows(world, ProgressReport)
    assert report.details["reading"]["defect_qty"] in (9, 3)
    assert (await milestone(world, "PO-1001", "final_inspection")).status != "done"


# --- packages with a count each: the pieces are their product ------------------------------------------------

@pytest.mark.parametrize(("text", "unit"), [("1001 发了4袋 每袋250个", "袋"), ("1001 发了6箱 一箱一百五十件", "箱")])
async def test_packages_with_a_count_each_ship_their_product_in_pieces(
        wang: Talker, world: Database, text: str, unit: str) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    reading = report.details["reading"]
    assert report.kind == "shipment"
    assert reading["package_unit"] == unit
    assert reading["qty"] == reading["packages"] * (250 if unit == "袋" else 150)


# --- a count against a whole in other forms -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "percent"), [("1001 还剩四分之一没做", 75.0), ("1001 还剩三成没做完", 70.0),
                                               ("1001 做完八成了", 80.0)])
async def test_a_share_said_of_what_is_left_records_the_share_done(
        wang: Talker, world: Database, text: str, percent: float) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says(text)

    assert not asks(replies)
    [report] = [r for r in await rows(world, ProgressReport) if r.details["reading"].get("percent") is not None]
    assert report.details["reading"]["percent"] == percent


async def test_a_count_before_its_share_is_the_whole(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 2000个做了一半")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.details["reading"]["qty_total"] == 2000
    assert report.details["reading"]["percent"] == 50
    assert "qty_done" not in report.details["reading"]


# --- the first article's own check --------------------------------------------------------------------------------

async def test_a_first_article_sent_for_its_check_is_not_the_final_inspection(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")

    await wang.says("1001 首件已经送检")

    assert (await milestone(world, "PO-1001", "final_inspection")).status != "done"
    assert (await milestone(world, "PO-1001", "first_process")).status != "done"


# --- readings under a label the reader does not know -----------------------------------------------------------

async def test_a_row_of_readings_under_an_unknown_label_is_inspection_values(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 螺距 1.51 1.49 1.50")

    assert [r.kind for r in await rows(world, ProgressReport)] == ["inspection"]
    assert [r.details["reading"]["values"] for r in await rows(world, ProgressReport)] == [[1.51, 1.49, 1.5]]
    assert texts(replies, HUADA_CHAT)


# --- taking a defect off is a step, not a defect ---------------------------------------------------------------

async def test_taking_burrs_off_is_work_under_way_not_a_defect(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says("1001 还在去飞边")

    assert not asks(replies)
    assert "defect" not in [r.kind for r in await rows(world, ProgressReport)]
    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"


# --- what the buyer is asked to do is no fact of the supplier's -------------------------------------------------

async def test_a_shipment_asking_the_buyer_to_take_it_in_is_the_shipment_alone(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 已发货 8箱 每箱50个 麻烦安排签收")

    assert not asks(replies)
    assert [r.kind for r in await rows(world, ProgressReport)] == ["shipment"]
    assert (await milestone(world, "PO-1001", "received")).status != "done"


# --- a piece of a report with no order is asked back, never recorded nor dropped -----------------------------------

@pytest.mark.parametrize("text", ["后天", "600", "数量不对", "弄完了", "有问题"])
async def test_a_fragment_of_a_report_is_asked_back_and_records_nothing(
        wang: Talker, world: Database, text: str) -> None:
    replies = await wang.says(text)

    assert await rows(world, ProgressReport) == []
    assert texts(replies, HUADA_CHAT)
    assert "没看懂" not in "\n".join(texts(replies, HUADA_CHAT))


# --- defects by the shape of their words ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1001 夹伤 5件", "1001 有4个平行度超了", "1001 漏焊 3件", "1001 崩边 6个",
                                  "1001 气密测试不过 2套"])
async def test_a_defect_in_words_of_its_shape_is_a_defect_not_progress(wang: Talker, world: Database, text: str) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "defect"
    assert report.details["reading"]["defect_qty"] in (5, 4, 3, 6, 2)
    assert (await milestone(world, "PO-1001", "in_process")).qty_done in (None, 0)


async def test_a_shipment_and_a_defect_found_beside_it_are_two_facts(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 发了600件 另外有9件碰伤 在返修")

    assert not asks(replies)
    assert sorted(r.kind for r in await rows(world, ProgressReport)) == ["defect", "shipment"]
    shipped = next(r for r in await rows(world, ProgressReport) if r.kind == "shipment")
    assert shipped.details["reading"]["qty"] == 600


# --- staff asking in free words: questions ending in 不/没, the day's arrivals, their own orders, open exceptions ----

@pytest.mark.parametrize(("text", "expect"), [
    ("我负责的单有哪些", "PO-1001"),
    ("还有几个异常没处理", "异常"),
    ("今儿个有该到的货不", ""),
    ("哪些单过了交期", ""),
])
async def test_staff_questions_in_free_words_are_answered_and_record_nothing(
        world: Database, clock: FakeClock, text: str, expect: str) -> None:
    buyer = Talker(world, clock, BUYERS_CHAT, "601", "李娟")

    replies = await buyer.says(text)

    assert replies and expect in "\n".join(texts(replies))
    assert "没看懂" not in "\n".join(texts(replies))
    assert await count(world, ProgressReport) == 0


# --- a further order "not yet" in the verb of the first order's fact ----------------------------------------------

async def test_a_second_order_not_yet_arrived_is_that_step_not_done(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    from tests.handlers.supplier_world import add_order
    await add_order(world, clock, "PO-1002")

    replies = await wang.says("1001 料到了 1002还没到")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1002", "material_ready")).status != "done"


async def test_material_expected_for_a_day_is_a_plan_of_the_material(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 料预计周五到")

    if asks(replies):  # the order's own check may show a plan first (handlers/reading_checks.py)
        from tests.handlers.test_reading_conversations import button  # noqa: PLC0415
        [question] = [r for r in replies if any(p.endswith(":yes") for p in payloads(r))]
        await wang.clicks(button(question, "yes"))
    assert [r.kind for r in await rows(world, ProgressReport)] == ["plan"]
    [plan] = await rows(world, ProgressReport)
    assert plan.details["reading"]["node"] == "material_ready"
