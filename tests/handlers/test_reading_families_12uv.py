"""The families reader12uv fixed, as the supplier sees them: counts in any measure word (双, 对, 打) and in
万/千, packages in 桶, sizes and colour numbers that are never counts, an order after a word of filler, 交货 as
shipping, delays in more words, readings under a label the reader lacks, and the Minnan and northern speech of
moulders and fastener shops. A message in, records and replies out. Each family in words of its own (never a
corpus's phrase), so a fix of the family shows here and not a fix of a phrase.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.count_units import blank_never_counts, fold_counts, fold_measure_words
from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, milestone, rows, texts
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- counting units: one registry, any measure word ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "total", "done"), [
    ("1001 900双做了350双", 900, 350),
    ("1001 1600对里做好了1200对", 1600, 1200),
    ("1001 一千二百副 做了八百副", 1200, 800),
])
def test_a_total_then_a_count_in_pairs_is_total_and_done(text: str, total: int, done: int) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.qty_total, reading.qty_done) == ("progress", total, done)
    assert reading.po == "1001" and not reading.also


@pytest.mark.parametrize(("text", "qty"), [
    ("1001 1400双出货了", 1400), ("1001 今天发了7打", 84), ("1001 发走两打", 24), ("1001 发了1万3", 13000),
    ("1001 1.5万 发了", 15000), ("1001 六千五 发走了", 6500), ("1001 发了2万", 20000),
])
def test_a_count_in_pairs_dozens_or_ten_thousands_is_the_shipment(text: str, qty: int) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.qty, reading.po) == ("shipment", qty, "1001")
    assert not reading.also  # never an order 15000 or 6500


@pytest.mark.parametrize(("text", "qty"), [("1001 39码做好了450双", 450), ("1001 颜色号2207 做好了300双", 300),
                                           ("1001 DN80的 做好了120件", 120)])
def test_a_size_or_colour_number_is_never_a_count_or_an_order(text: str, qty: int) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.po, reading.qty_done) == ("1001", qty)
    assert not reading.also


def test_dozens_of_bad_parts_are_counted_out() -> None:
    reading = read_message("1001 挑出三打 开胶", now=_NOW)

    assert (reading.intent, reading.defect_qty) == ("defect", 36)


@pytest.mark.parametrize(("text", "packages", "unit"), [("1001 收到7桶", 7, "桶"), ("1001 到了3袋", 3, "袋")])
def test_drums_and_bags_are_packages_never_pieces(text: str, packages: int, unit: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)

    assert (reading.packages, reading.package_unit) == (packages, unit)
    assert reading.qty_done is None


@pytest.mark.parametrize(("text", "amount"), [("1001 装了2吨4 走了", 2.4), ("1001 一共5托 每托2吨 发了", 10)])
def test_tons_and_tenths_and_weight_per_pallet_are_the_amount(text: str, amount: float) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.amount, reading.unit) == ("shipment", amount, "吨")
    assert reading.qty is None


def test_the_registry_folds_alike_in_both_texts() -> None:
    assert fold_counts("发了3万5", "发了3万5") == ("发了35000个", "发了35000个")
    assert fold_counts("不良两打", "不良两打") == ("不良24件", "不良24件")
    assert fold_measure_words("800双 7338 对焊法兰 数量500对吗") == "800件 7338 对焊法兰 数量500对吗"
    assert blank_never_counts("42码 色号1102") == "___ ______"


def test_a_verb_of_the_work_after_a_number_is_no_dozen() -> None:
    assert read_message("1001 打包好了", now=_NOW).qty_done is None
    reading = read_message("1001 300打孔完了", now=_NOW)
    assert reading.qty_done != 3600


# --- an order after a word of filler is the order ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["报告 1001 硫化做完了", "那个 1001 修边好了", "不好意思 1001 丝印完成了"])
def test_an_order_after_filler_is_the_order_not_a_count(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.po, reading.node, reading.done) == ("1001", "in_process", True)
    assert reading.qty_done is None


def test_a_count_after_a_day_is_never_taken_for_the_order() -> None:
    assert read_message("今天 1500 发了", now=_NOW).po is None


# --- 交货 is shipping; 交货期 is the date itself -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "intent"), [("1001 周五可以交货", "plan"), ("1001 交货要推迟三天", "delay"),
                                              ("1001 料没到 只能下周二交货了", "delay")])
def test_delivery_as_a_verb_is_the_shipped_node(text: str, intent: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node) == (intent, "shipped")


def test_the_delivery_date_itself_names_no_node() -> None:
    reading = read_message("1001 交货期改到12月20", now=_NOW)

    assert reading.intent == "delay" and reading.node is None


# --- delays, readings and materials in more words ------------------------------------------------------------------


def test_a_short_delay_word_with_its_days_is_a_delay() -> None:
    reading = read_message("1001 要延四天 硫化机坏了", now=_NOW)

    assert (reading.intent, reading.delay_days) == ("delay", 4)
    assert "硫化机" in (reading.reason or "")


@pytest.mark.parametrize(("text", "values"), [("1001 邵氏硬度 61/63/60/62", [61, 63, 60, 62]),
                                              ("1001 Shore D 45 47 46", [45, 47, 46])])
def test_a_run_of_readings_under_a_label_the_reader_lacks_is_values(text: str, values: list[int]) -> None:
    reading = read_message(text, role="qc", now=_NOW)

    assert reading.intent == "inspection_values"
    assert list(reading.values or ()) == values


@pytest.mark.parametrize("text", ["1001 色母到了", "1001 胶料进厂了", "1001 盘条到齐了"])
def test_compound_and_wire_rod_arriving_is_material_ready(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.node, reading.done) == ("material_ready", True)


@pytest.mark.parametrize(("text", "node"), [("1001 品检合格", "final_inspection"), ("1001 包边做完了", "in_process"),
                                            ("1001 绕簧完了", "in_process"), ("1001 磨端面好了", "in_process")])
def test_the_steps_of_moulders_and_spring_shops_are_nodes(text: str, node: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.node, reading.done) == (node, True)
    assert not reading.confirm


@pytest.mark.parametrize(("text", "category"), [("1001 杂质 30件", "material"), ("1001 弹力不够 40件", "function"),
                                                ("1001 杆径小了 12件", "dimension"), ("1001 红锈 9件", "appearance")])
def test_defects_of_these_trades_keep_their_count_and_category(text: str, category: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)

    assert reading.intent == "defect" and reading.defect_qty is not None
    assert reading.category == category


# --- Minnan and northern speech --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "done"), [("1001 贴合好势了", True), ("1001 打头弄着呢", False),
                                            ("1001 冷镦完事 现在搓丝", False), ("1001 正淬火呢", False)])
def test_regional_words_of_done_and_under_way(text: str, done: bool) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "progress" and reading.node == "in_process"
    assert reading.done is done


def test_cannot_make_it_in_minnan_is_a_delay_of_the_step_named() -> None:
    reading = read_message("1001 包边袂赴 拜四才会好", now=_NOW)

    assert (reading.intent, reading.node, reading.new_date) == ("delay", "in_process", date(2026, 11, 26))


def test_ill_ask_again_is_no_snooze() -> None:
    assert read_message("1001 说过了又说没过 俺再问问", now=_NOW).intent != "snooze"


# --- conversations -------------------------------------------------------------------------------------------------


async def test_pairs_that_went_out_are_recorded_as_that_shipment(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 1300双发出去了")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "shipment"
    assert report.details["reading"].get("qty") == 1300
    assert texts(replies, HUADA_CHAT)


async def test_an_order_after_sorry_is_reported_on_not_asked_about(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says("歹势 1001 注塑完成啦")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "in_process")).status == "done"


async def test_delivery_the_day_after_tomorrow_plans_shipping_not_progress(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 后天可以交货")

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "plan" and report.details["expected_date"] == "2026-11-26"
    assert (await milestone(world, "PO-1001", "shipped")).status == "pending"
    assert "发货" in texts(replies)[0]
