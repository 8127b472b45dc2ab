"""The families reader15h fixed, from blind set AH (a car-seat and stamping maker in Changchun, Northeast Mandarin),
each closed by a rule a careful reader uses in any register, never by one writer's phrase:

- a count glued to a step's done word (`抛光好了300`) is what the step has done so far, not the step finished;
  a count in a clause of its own after it (`抛光完了 300件`) is the step finished and its count;
- a one-character verb that ends a named step of the trade (`点焊`, `级进模冲`) is the step named;
- a receipt's total is what arrived; goods in with the counting still to do are neither received in full nor refused;
- a batch's ordinal rides on the receipt too (shown first: the warehouse numbers what came in), and its lot code;
- 发 that begins a word of the trade (发泡, 发黑) is never the verb of shipping; 车 after 卸 is the truck;
- a right value said before 打错了 corrects; a step said done before another works' delay is a fact of its own;
- today's shipping with no count is a plan; parts sent on later today have not moved on;
- an order or batch pointed at and asked after in any words is asked back; a sample's size before a row of values is
  no count of the order.

Then the chat, message in and records out, on both engines (the `database` fixture runs each on SQLite and Postgres).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from handlers.parsing import read_message
from storage.db import Database
from storage.models import BindingRole, ChatBinding, ProgressReport, Role
from tests.handlers.supplier_world import TODAY, Talker, add_staff, milestone, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


# --- a count glued to a step's done word -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "count_"), [("7101 抛光好了300", 300), ("7102 折弯完成860件", 860), ("7103 喷塑好了1200个", 1200)])
def test_a_count_glued_to_a_steps_done_word_is_what_is_done_so_far(text: str, count_: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.qty_done) == ("progress", "in_process", count_)
    assert reading.done is None, "so many done is not the step finished"


@pytest.mark.parametrize("text", ["7104 抛光完了 300件", "7105 折弯完成 860件"])
def test_a_count_in_a_clause_of_its_own_after_the_step_done_is_the_step_finished(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


@pytest.mark.parametrize("text", ["7106 点焊 完了 500件", "7107 连续模冲完了 900件", "7108 机器人焊在弄 完成40%"])
def test_a_one_character_verb_ending_a_named_step_is_the_step_named(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).node == "in_process"


def test_the_norths_verb_of_work_under_way_is_the_step_under_way() -> None:
    assert _read("7109 喷粉在整") == {"intent": "progress", "po": "7109", "node": "in_process", "done": False}


# --- a receipt: its total, its counting to do, its batch and lot -----------------------------------------------------

@pytest.mark.parametrize("text", ["7201 已签收 共480件", "7202 入库了 一共480件"])
def test_a_receipts_total_is_what_arrived(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.node, reading.qty_done, reading.qty_total) == ("received", 480, None)


@pytest.mark.parametrize("text", ["7203 货到了 还没清点", "7204 到了9箱 数量还没清点"])
def test_goods_in_with_the_counting_to_do_are_neither_received_in_full_nor_refused(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", None)


@pytest.mark.parametrize(("text", "seq"), [("7205 第四批到了 300件", 4), ("7206 二批已入库", 2)])
def test_a_receipt_carries_its_batch_ordinal_shown_first(text: str, seq: int) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.node, reading.lot_seq, reading.confirm) == ("received", seq, True)


def test_a_receipt_carries_its_lot_code() -> None:
    reading = read_message("7207 批号QD-1125 已入库", role="warehouse", now=_NOW)
    assert (reading.node, reading.done, reading.lot) == ("received", True, "QD-1125")


# --- words inside words -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["7301 要晚三天 发黑线停了", "7302 晚两天 发泡机在修"])
def test_fa_beginning_a_word_of_the_trade_is_never_shipping(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.intent == "delay"
    assert reading.node is None and reading.reason is not None and reading.reason.startswith("发")


def test_a_truck_unloaded_is_no_turning() -> None:
    reading = read_message("7303 钢板到了 卸完车了", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.also) == ("material_ready", True, None)


def test_packing_under_way_after_a_step_done_leaves_the_step_done() -> None:
    assert _read("7304 喷粉完成 在装箱")["done"] is True


# --- corrections, and a step done before another works' delay ---------------------------------------------------------

@pytest.mark.parametrize(("text", "field", "value"), [("是百分之六十 写错了", "percent", 60), ("是下周三 刚才打错了", "new_date", None)])
def test_a_right_value_said_before_typed_wrong_corrects(text: str, field: str, value: object) -> None:
    reading = _read(text)
    assert reading["intent"] == "correct" and field in reading
    assert value is None or reading[field] == value


def test_a_step_done_before_another_works_delay_is_two_facts() -> None:
    reading = read_message("7401 折弯做完了 喷涂厂排满了 要晚三天", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    [late] = reading.also or ()
    assert (late.intent, late.delay_days, late.node) == ("delay", 3, None)
    assert late.reason is not None and "完" not in late.reason


# --- today, later today ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["7501 今天发", "7502 今天都发货"])
def test_todays_shipping_with_no_count_is_a_plan_for_today(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", TODAY)


def test_todays_shipping_with_a_count_is_the_shipment() -> None:
    reading = read_message("7503 第二批 400件 今天发", role="supplier", now=_NOW)
    assert (reading.intent, reading.qty, reading.lot_seq) == ("shipment", 400, 2)


def test_parts_sent_on_later_today_have_not_moved_on() -> None:
    reading = read_message("7504 打磨完了 晚上送去电镀", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, True)


def test_a_not_yet_ending_on_ne_is_a_statement() -> None:
    assert _read("7505 料还没来呢") == {"intent": "progress", "po": "7505", "node": "material_ready", "done": False}


def test_a_start_promised_for_a_day_with_the_one_character_verb_is_the_processing_planned() -> None:
    reading = read_message("7506 后天开铣", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", TODAY + timedelta(days=2))


# --- asked back; values after a sample ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["这个单子咋还没信", "那批货怎么办"])
def test_an_order_pointed_at_and_asked_after_is_asked_back(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == "clarify"


def test_a_samples_size_before_a_row_of_values_is_no_count() -> None:
    assert _read("7601 量了4个 25.01 24.98 25.02 25.00", "qc") == {
        "intent": "inspection_values", "po": "7601", "values": [25.01, 24.98, 25.02, 25.0]}


def test_material_still_a_little_short_is_a_shortage() -> None:
    assert read_message("7602 还差一点料 等钢厂发", role="supplier", now=_NOW).intent == "shortage"


# --- the sibling corpora's families (AI, AJ): scheduled, coming out, loads, remedies, waiting, bought-in parts --------

def test_a_step_scheduled_is_not_done_and_its_day_out_is_its_plan() -> None:
    reading = read_message("7701 热处理排好了 周四出来 周五发", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", TODAY + timedelta(days=2))
    [ship] = reading.also or ()
    assert (ship.intent, ship.node, ship.new_date) == ("plan", "shipped", TODAY + timedelta(days=3))


def test_loads_counted_are_no_pieces() -> None:
    reading = read_message("7702 上午发了 3车", role="supplier", now=_NOW)
    assert (reading.intent, reading.qty, reading.confirm) == ("shipment", None, True)


@pytest.mark.parametrize("text", ["7703 变形6件 在校直", "7704 气孔3件 已补焊", "7705 流挂5件 补喷了"])
def test_a_remedy_under_way_or_done_is_rework(text: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)
    assert (reading.intent, reading.rework) == ("defect", True)


def test_waiting_for_a_step_to_come_back_is_that_step_under_way() -> None:
    assert _read("7706 在等电镀回来") == {"intent": "progress", "po": "7706", "node": "in_process", "done": False}


def test_a_step_then_hao_ending_its_clause_is_done() -> None:
    assert _read("7707 组装好 900套")["done"] is True


@pytest.mark.parametrize("text", ["7708 注塑件到齐", "7709 冲压件到了"])
def test_parts_named_by_the_step_that_made_them_arriving_are_stock(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", True)


def test_parts_back_from_a_step_are_that_step_done() -> None:
    assert _read("7710 镀锌件回来了")["node"] == "in_process"


def test_a_qcs_short_filled_parts_beside_a_defect_counted_are_a_defect() -> None:
    reading = read_message("7711 注塑件缺料 有气泡 9个", role="qc", now=_NOW)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 9, "appearance")


def test_a_qcs_material_short_with_no_defect_stays_a_shortage() -> None:
    assert read_message("7712 缺料 等钢厂", role="qc", now=_NOW).intent == "shortage"


def test_two_days_as_alternatives_plan_the_earlier_shown_first() -> None:
    reading = read_message("7713 周四或者周五发", role="supplier", now=_NOW)
    assert (reading.intent, reading.new_date, reading.confirm) == ("plan", TODAY + timedelta(days=2), True)


# --- the chat: message in, records out --------------------------------------------------------------------------------

async def _warehouse(world: Database, clock: FakeClock) -> Talker:
    async with world.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id="-4001", role=BindingRole.WAREHOUSE.value,
                                title="仓库收货群", language="zh", created_at=clock.now()))
    await add_staff(world, clock, "801", "仓库老陈", Role.WAREHOUSE)
    return Talker(world, clock, "-4001", "801", "仓库老陈")


async def test_a_count_glued_to_the_step_records_the_count_and_leaves_the_step_open(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 抛光好了300")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.qty_done == 300
    assert (await milestone(world, "PO-1001", "in_process")).status != "done", "300 polished is not polishing done"


async def test_a_step_done_before_another_works_delay_records_both_once_confirmed(wang: Talker, world: Database) -> None:
    assert asks(await wang.says("1001 折弯做完了 喷涂厂排满了 要晚三天"))  # the chat puts the delay on a node: shown first
    await wang.clicks("c:1:yes")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    reports = await rows(world, ProgressReport)
    assert [r.kind for r in reports] == ["progress", "delay"]
    assert reports[1].details["reason"] == "喷涂厂排满了", "the step done is no part of why it is late"


async def test_a_delay_for_a_foaming_machine_ships_nothing(wang: Talker, world: Database) -> None:
    await wang.says("1001 晚两天 发泡机坏了")

    assert (await milestone(world, "PO-1001", "shipped")).status != "done"
    assert [r.kind for r in await rows(world, ProgressReport)] == ["delay"]


async def test_goods_in_with_the_counting_to_do_leave_the_receipt_open(world: Database, clock: FakeClock) -> None:
    dock = await _warehouse(world, clock)

    await dock.says("1001 货到了 还没清点")

    assert (await milestone(world, "PO-1001", "received")).status != "done"


async def test_todays_shipping_with_no_count_plans_it_and_ships_nothing(wang: Talker, world: Database) -> None:
    await wang.says("1001 今天发")

    assert (await milestone(world, "PO-1001", "shipped")).status != "done", "a plan ships nothing"
    plans = [r for r in await rows(world, ProgressReport) if r.kind == "plan"]
    assert [p.details["expected_date"] for p in plans] == [TODAY.isoformat()]
