"""Round 28 (r28jp): the Japanese shop floor's words, as the staff of Japanese-owned plants write them.

Chinese staff write the mother plant's words in Chinese characters (检品, 受入检查, 不具合, 打痕, 寸法, 品番, 异品, 指示书),
Japanese managers and their staff write kana (了解です, 出荷待ち, 遅れ, キズ, ロットNo., 月曜): each is read as the Chinese it
means (handlers/reading_register_jp.py), and a description is kept as typed. With them, four rulings counted on every
corpus (docs/reading-corpus.md, round 28).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_register_jp import fold_register_jp, in_chinese

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=_TZ)  # a Monday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["8801 检品完了", "8801 检品OK了", "8801 出荷前检品合格", "8801 对策后 全数再检查OK"])
def test_the_suppliers_outgoing_inspection_is_the_final_inspection(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)


def test_an_inspection_done_then_the_shipping_planned_is_two_facts() -> None:
    reading = _read("8802 检品完了 后天出荷")
    assert (reading.node, reading.done) == ("final_inspection", True)
    assert reading.also is not None
    assert (reading.also[0].intent, reading.also[0].node, reading.also[0].new_date) == ("plan", "shipped", date(2026, 12, 9))


def test_an_incoming_inspection_passed_with_its_lot_is_the_receipt_made() -> None:
    reading = _read("8803 批号KD-1207 受入检查合格", role="qc")
    assert (reading.node, reading.done, reading.lot) == ("received", True, "KD-1207")


@pytest.mark.parametrize(("text", "description", "category"), [
    ("8804 受入检查发现不具合 打痕 9个", "打痕", "appearance"),
    ("8805 寸法NG 4个 在返工", "寸法", "dimension"),
    ("8806 异品混入 1个", "异品混入", "other"),
    ("8807 有3个 异音", "异音", "function"),
])
def test_the_registers_defects_are_counted_and_kept_as_typed(text: str, description: str, category: str) -> None:
    reading = _read(text, role="qc")
    assert reading.intent == "defect"
    assert reading.description is not None and description in reading.description
    assert reading.category == category


@pytest.mark.parametrize(("text", "count", "description", "category"), [
    ("8808 キズ 7个 NG", 7, "キズ", "appearance"),
    ("8809 压铸件有巣 2个", 2, "巣", "material"),
])
def test_a_kana_defect_word_is_read_and_kept_as_typed(text: str, count: int, description: str, category: str) -> None:
    reading = _read(text, role="qc")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", count, category)
    assert reading.description is not None and description in reading.description


def test_a_part_number_is_never_a_lot_nor_a_count() -> None:
    reading = _read("8810 品番B-2207 出荷了 800个")
    assert (reading.intent, reading.qty, reading.lot) == ("shipment", 800, None)


def test_a_shipping_instruction_received_is_a_paper_and_the_day_a_plan() -> None:
    reading = _read("8811 出荷指示书已收到 周三出荷")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 9))


@pytest.mark.parametrize("text", ["了解です", "お疲れ様です", "了解しました。宜しくお願いします"])
def test_a_japanese_managers_courtesy_is_noted(text: str) -> None:
    assert _read(text, role="buyer").intent == "noted"


def test_a_waiting_step_in_kana_is_no_fact_of_its_own() -> None:
    reading = _read("8812 检品OK 出荷待ち")
    assert (reading.intent, reading.node, reading.done, reading.also) == ("progress", "final_inspection", True, None)


def test_a_weekday_in_japanese_is_the_days_plan() -> None:
    reading = _read("8813 水曜出荷です")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 9))


def test_the_materials_arrival_late_in_kana_is_the_material_late() -> None:
    reading = _read("8814 素材入荷遅れ 周五到")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "material_ready", date(2026, 12, 11))


@pytest.mark.parametrize("text", ["现在纳期遅れ的订单有哪些", "纳期遅れの注文ある？", "any delayed orders today?"])
def test_a_buyer_asking_for_late_orders_in_the_register_asks_for_the_overdue(text: str) -> None:
    assert _read(text, role="buyer").intent == "overdue_query"


@pytest.mark.parametrize(("text", "intent"), [("帮我看下今天该到的货", "today_query"), ("帮我查一下8826", "status_query")])
def test_staff_asking_to_be_shown_ask(text: str, intent: str) -> None:
    assert _read(text, role="buyer").intent == intent


def test_a_buyer_asking_for_open_nonconformities_asks_for_the_exceptions() -> None:
    assert _read("还有哪些不具合没处理", role="buyer").intent == "exceptions_query"


# --- the rulings, counted on every corpus ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["8815 热处理做不完 下周三才能发货", "8816 研磨做不完，12/16才能出荷"])
def test_a_making_that_cannot_finish_then_a_day_the_shipping_waits_for_is_the_shipping_late(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node) == ("delay", "shipped")


def test_a_making_that_cannot_finish_by_a_day_is_still_the_making_late() -> None:
    reading = _read("8817 热处理做不完 下周三才能做完")
    assert (reading.intent, reading.node) == ("delay", "in_process")


@pytest.mark.parametrize("text", ["8818 今天到货 12箱 还没检", "8819 到了300件 未检"])
def test_goods_in_whose_check_is_still_to_come_leave_the_receipt_unsaid(text: str) -> None:
    reading = _read(text, role="warehouse")
    assert (reading.node, reading.done) == ("received", None)


@pytest.mark.parametrize("text", ["8820 LOT NO.DL1207-2 出荷检查合格", "8820 lot no DL1207 终检OK"])
def test_lot_no_is_a_label_never_a_no(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == ("final_inspection", True)


def test_delivery_finished_is_the_shipment_of_all() -> None:
    reading = _read("8821 纳品完了")
    assert (reading.intent, reading.all) == ("shipment", True)


def test_shipping_that_cannot_be_done_by_a_day_is_late() -> None:
    reading = _read("8822 周五之前出荷不了 要到下周二")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "shipped", date(2026, 12, 15))


# --- the fold itself ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["8823 检品完了", "8824 不具合 打痕 3个", "还有哪些不具合没处理", "6190 4寸法兰 做好了300个"])
def test_the_fold_keeps_every_index_of_the_text(text: str) -> None:
    assert len(fold_register_jp(text)) == len(text)


def test_a_four_inch_flange_is_no_dimension() -> None:
    assert "法兰" in fold_register_jp("6190 4寸法兰 做好了300个")


@pytest.mark.parametrize("text", ["8825 终检完了 明天发货", "done, ship tomorrow"])
def test_a_message_without_kana_is_not_said_again(text: str) -> None:
    assert in_chinese(text) == text


@pytest.mark.parametrize("text", ["祝大家中秋快乐🎆", "各位新年快乐🧧"])
def test_a_season_wish_to_everyone_with_its_emoji_is_no_message_to_answer(text: str) -> None:
    assert _read(text, role="buyer").intent == "unknown"
