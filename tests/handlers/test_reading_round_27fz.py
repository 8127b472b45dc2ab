"""Round 27 (r27fz): Fuzhou (Min Dong) speech in typed Mandarin and voice input, and the words of a small-motor and
pump shop (BX), by the mechanism behind each silent misrecord or needless question.

Fuzhou's days and nights (明旦, 今旦, 昨暝), its 伓 and 野; 勒 for 了 by its sound; a motor shop's words slipped by voice
(七包线, 欠线) and 首件国了; the shop's stock, parts, gauges, steps and defects; a count said after a step done is that
step's; a step done beside the next not begun is two facts; a take-back with the report again is shown first;
truckloads said with 个; the family a child types for and the word passed on to them; assembly begun, and a start one
only can make.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 9, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize(("text", "intent", "node", "day"), [
    ("20417 明旦出货", "plan", "shipped", date(2026, 12, 10)),
    ("20418 首件明旦送过来", "plan", "first_process", date(2026, 12, 10)),
])
def test_fuzhou_says_tomorrow_with_dan(text: str, intent: str, node: str, day: date) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.new_date) == (intent, node, day)


@pytest.mark.parametrize("text", ["20420 硅钢片昨暝到了", "20421 定子昨暝就绕完了"])
def test_fuzhou_last_night_is_yesterday(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.done, reading.happened_on) == ("progress", True, date(2026, 12, 8))


def test_fuzhou_not_is_read_as_not() -> None:
    assert _read("20423 轴承伓够 等料").intent == "shortage"
    unfinished = _read("20424 嵌线伓曾做完")
    assert (unfinished.node, unfinished.done) == ("in_process", False)


def test_fuzhou_very_good_beside_a_step_done_is_no_doubt() -> None:
    reading = _read("20425 浸漆烘好了 野好")
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


def test_le_typed_by_its_sound_ends_a_step() -> None:
    reading = _read("20426 动平衡做好勒")
    assert (reading.node, reading.done) == ("in_process", True)


@pytest.mark.parametrize(("text", "node"), [
    ("20427 七包线今天到了", "material_ready"),
    ("20428 首件国了", "first_process"),
    ("20429 转子欠线完了", "in_process"),
])
def test_a_motor_shops_words_slipped_by_voice_are_read_as_meant(text: str, node: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done, reading.packages) == ("progress", node, True, None)


def test_enamelled_wire_awaited_is_stock_not_the_buyers_receipt() -> None:
    reading = _read("20430 漆包线估计周五到")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "material_ready", date(2026, 12, 11))


def test_bought_in_housings_arriving_with_their_count_are_stock_counted() -> None:
    reading = _read("20431 端盖到了 800只")
    assert (reading.node, reading.done, reading.qty_done) == ("material_ready", True, 800)


@pytest.mark.parametrize(("text", "qty"), [("20432 绕组匝间短路 6台", 6), ("20433 电机不转 2台", 2)])
def test_a_motor_that_shorts_or_does_not_turn_fails_in_function(text: str, qty: int) -> None:
    reading = _read(text, role="qc")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", qty, "function")


def test_a_motors_insulation_resistance_is_a_row_of_values() -> None:
    reading = _read("20434 绝缘电阻 610 590 600 MΩ", role="qc")
    assert (reading.intent, reading.values) == ("inspection_values", (610.0, 590.0, 600.0))


def test_a_count_after_a_step_done_is_that_steps_before_the_next_is_planned() -> None:
    reading = _read("20435 铁芯叠压完了 3000片 嵌线后天开始")
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, 3000)
    assert reading.also is not None and (reading.also[0].intent, reading.also[0].new_date) == ("plan", date(2026, 12, 11))


def test_a_step_done_beside_the_next_not_begun_is_two_facts() -> None:
    reading = _read("20436 车轴车好了 动平衡还没开始")
    assert (reading.node, reading.done) == ("in_process", True)
    assert reading.also is not None and [(r.node, r.done) for r in reading.also] == [("in_process", False)]


def test_a_step_done_before_another_works_delay_is_its_own_fact() -> None:
    reading = _read("20437 转子铸铝好了 喷漆厂排满了 要晚两天")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert reading.also is not None and (reading.also[0].intent, reading.also[0].delay_days) == ("delay", 2)


def test_a_take_back_with_the_report_again_is_shown_first() -> None:
    reading = _read("上一条删掉 重新报 20438完成70%")
    assert (reading.intent, reading.confirm) == ("undo", True)
    assert reading.also is not None and reading.also[0].percent == 70


def test_truckloads_said_with_ge_are_no_count_of_goods() -> None:
    reading = _read("20439 今天发了 三个车")
    assert (reading.intent, reading.qty, reading.confirm) == ("shipment", None, None)


@pytest.mark.parametrize("text", ["帮我阿爸回一下：20440 绕线好了", "20441 依姆讲嵌线完了"])
def test_the_family_a_child_types_for_is_no_doubt(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


def test_the_word_passed_on_is_noted() -> None:
    assert _read("20442 好的 我跟我爸说一下").intent == "noted"


def test_assembly_begun_beside_parts_arrived_is_a_second_fact() -> None:
    reading = _read("20443 风罩到了 今天开始装")
    assert (reading.node, reading.done) == ("material_ready", True)
    assert reading.also is not None and [(r.node, r.done) for r in reading.also] == [("in_process", False)]


def test_a_start_one_only_can_make_is_no_fact() -> None:
    reading = _read("20444 铝壳到了 能开始装了")
    assert (reading.node, reading.done, reading.also, reading.confirm) == ("material_ready", True, None, None)


@pytest.mark.parametrize("text", ["20445 车轴料45#钢到了", "20446 42CrMo到了", "20447 20号钢圆钢到了"])
def test_a_steels_grade_is_the_stocks_spec_never_a_count(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done, reading.qty_done, reading.percent) == ("material_ready", True, None, None)


def test_the_right_order_beside_the_order_number_said_wrong_is_a_correction() -> None:
    reading = _read("20448才对 刚才那个单号错了")
    assert (reading.intent, reading.po) == ("correct", "20448")
