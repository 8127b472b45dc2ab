"""Round 30 (r30co): numbers that are no order, count, lot or day, and a battery-pack shop's words.

A message about goods on the road carries the road's numbers beside the report (a truck's plate, the driver's phone,
a container and its seal, a courier's waybill) and a battery shop names its packs and cells by model (48V20Ah, 13S4P,
18650) and says by the clock when the truck comes; none of them may become an order, a count or a question about
one (handlers/reading_identifiers.py). Waybills said by their courier's prefix are the shipment's note. The pack
shop's words: 组 is its piece, the cells and nickel strip its stock, grading and grouping the cells its steps, a pack
that will not charge its function. Lines in the style of CO (Huizhou/Shenzhen packs), and of the other corpora that
carry waybills (D F H I AT BI BT BU) and clock times (BS), none copied.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_identifiers import blank_identifiers

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=_TZ)  # a Monday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", [
    "20417发了3托，车牌粤LC2291，司机电话13922870415",
    "20418 柜号MSKU4471025 封号K5520913 已装柜",
    "20419 发了 物流单号DPK300217795521",
])
def test_the_roads_numbers_are_no_order_and_no_count(text: str) -> None:
    reading = _read(text)
    assert reading.intent == "shipment" and reading.po == text[:5]
    assert reading.qty is None and not reading.also


@pytest.mark.parametrize(("text", "node"), [
    ("20420 电芯到了 21700 B品", "material_ready"),
    ("20421 在点焊 18650镍片", "in_process"),
])
def test_a_cell_size_after_the_order_is_the_cells_type(text: str, node: str) -> None:
    reading = _read(text)
    assert reading.po == "20420" or reading.po == "20421"
    assert reading.node == node and not reading.also


def test_a_cell_size_leading_a_message_with_no_cell_word_stays_an_order() -> None:
    assert blank_identifiers("18650 首件过了") == "18650 首件过了"
    assert "18650" not in blank_identifiers("20422 电芯18650到了")


@pytest.mark.parametrize("text", ["20423 发现6组压差超标 36V15Ah", "20424 发现6组压差超标 10S3P"])
def test_a_packs_model_beside_a_defect_count_is_no_figure(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 6, "function")


@pytest.mark.parametrize(("text", "node"), [
    ("20425 终检在做 下午4点出结果", "final_inspection"),
    ("20426 OQC做紧 16:30出报告", "final_inspection"),
])
def test_a_clock_time_is_the_part_of_the_day_never_a_count_to_ask_about(text: str, node: str) -> None:
    reading = _read(text)
    assert reading.intent == "progress" and reading.node == node and reading.done is False


def test_a_clock_time_before_loading_is_still_to_come() -> None:
    reading = _read("20427 出货检验过了 18:40装车")
    assert reading.node == "final_inspection" and reading.done is True
    assert reading.confirm is True and not any(item.intent == "shipment" for item in reading.also or ())


def test_a_little_said_with_one_is_no_clock() -> None:
    assert blank_identifiers("料还差一点") == "料还差一点"
    assert blank_identifiers("晚上8点 今天发").startswith("晚上  ")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("20428 发了600组", "qty", 600),
    ("20429 有3组不充电", "defect_qty", 3),
])
def test_a_group_is_a_battery_shops_piece(text: str, field: str, value: int) -> None:
    assert getattr(_read(text), field) == value


def test_assembly_and_monday_keep_their_characters() -> None:
    reading = _read("20430 喷涂回来了 下周一组装")
    assert reading.also and reading.also[0].new_date == date(2026, 12, 14)


def test_a_swelled_cell_is_its_function_and_a_paints_blister_its_look() -> None:
    assert _read("20431 有5组鼓包").category == "function"
    assert _read("20432 油漆鼓包 3件").category == "appearance"


@pytest.mark.parametrize("text", ["20433 外箱压坏6个 换箱再发", "20434 外壳刮花3个 挑出来换壳了", "20435 有4组不充电 换保护板中"])
def test_the_casing_or_carton_changed_is_rework(text: str) -> None:
    assert _read(text).rework is True


def test_a_pre_shipment_sample_check_is_the_final_inspection() -> None:
    reading = _read("20436 出货前抽检合格")
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)


def test_a_courier_waybill_by_its_prefix_is_the_note() -> None:
    reading = _read("20437发货了 JDVA52213390871")
    assert reading.intent == "shipment" and reading.note == "JDVA52213390871"


def test_a_carton_counted_by_the_pieces_word_is_shown_first() -> None:
    reading = _read("20438发货了 一共6件箱")
    assert reading.intent == "shipment" and reading.qty is None and reading.confirm is True


def test_the_order_after_a_take_back_is_the_corrections() -> None:
    reading = _read("上条删掉 20439 系首件过了 唔系终检")
    assert (reading.intent, reading.po, reading.node) == ("correct", "20439", "first_process")


@pytest.mark.parametrize("text", ["过了 听日发", "发了 单号SF1122334455667"])
def test_a_bare_done_or_a_waybill_alone_with_no_order_is_shown_first(text: str) -> None:
    assert _read(text).confirm is True


def test_values_within_their_range_are_no_doubt() -> None:
    assert _read("20440 回火完了 硬度都在范围内").confirm is not True


@pytest.mark.parametrize(("text", "intent", "field", "count"), [
    ("1001 发了18500件", "shipment", "qty", 18500),
    ("1001 发了 14500", "shipment", "qty", 14500),
    ("3302 做好了21700个", "progress", "qty_done", 21700),
    ("3302 完成4680只", "progress", "qty_done", 4680),
    ("1001 电芯 发了18500件", "shipment", "qty", 18500),  # a message of cells, the count still a count
])
def test_a_count_with_a_cells_digits_stays_the_count(text: str, intent: str, field: str, count: int) -> None:
    """A cell's size is a spec only in a message about cells; a count of 18,500 pieces after the order is the count
    (found reading the round's change: the sizes were blanked after any order, so the count was lost)."""
    reading = _read(text)
    assert reading.intent == intent and getattr(reading, field) == count
