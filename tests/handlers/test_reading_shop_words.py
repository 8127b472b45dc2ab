"""The shop's own words (handlers/shop_words.py) and the families reader8 fixed, in phrases written
for these tests (never a corpus's): a step named by its trade word is `in_process`, a defect word
beside a count is a defect, stock named by its own name arrives or runs short, a step under way
said as 在+its verb, counts in thousands, days of other dialects and months, an order said to be
the right one. Readings first, then the conversations (message in, records and replies out) on
both engines.

The conversation world is the one of test_reading_conversations.py: 华达精密 (王工) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_words import KEYWORDS, SHAPES, unit_meaning
from handlers.shop_words import DEFECTS, GAUGES, MATERIALS, STEPS, STEPS_NOT_DEFECTS, WORDS, alternation
from storage.db import Database
from storage.models import ExceptionTicket, MilestoneChange
from tests.handlers.supplier_world import Talker, count, milestone, rows

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday


def read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=NOW)


def fields(text: str, role: str = "supplier") -> dict[str, object]:
    data = read(text, role).to_json_dict()
    data.pop("confirm", None)
    return data


# --- a step named by its trade word -------------------------------------------------------------------

@pytest.mark.parametrize("step", ["磷化", "电泳", "氮化", "压铆", "滚齿", "珩磨", "慢走丝", "达克罗", "回流焊", "浸塑"])
def test_a_step_done_in_its_trade_word_is_in_process_done(step: str) -> None:
    assert fields(f"5120 {step}搞完了") == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["5120 nitriding finished", "5120 hobbing done"])
def test_a_step_done_in_english_trade_words_is_in_process_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["5120 磷话做完了", "5120 氮华好了"])
def test_a_step_typed_by_its_sound_is_the_step(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


def test_every_word_a_slip_is_read_as_starts_with_a_chinese_character() -> None:
    """The slips are looked for from each Chinese character only, past digits, letters and spaces at one search
    (handlers/reading_words.py's _homophones): a keyword or look-alike starting otherwise would never be found."""
    assert all("\u4e00" <= word[0] <= "\u9fff" for word in KEYWORDS)
    assert all("\u4e00" <= character <= "\u9fff" for character in SHAPES)


def test_a_slip_after_an_order_letters_and_spaces_is_read() -> None:
    assert fields("PO 5120 ok 廷期3天")["intent"] == "delay"


def test_every_step_word_is_a_step_and_no_defect() -> None:
    for step in STEPS:
        assert step not in {word for words in DEFECTS.values() for word in words}, step


# --- a defect word beside a count -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "category"), [
    ("5120 有14件漏镀", "other"),  # plating left out: a step left out, as 漏焊 (docs/reading-corpus.md)
    ("5120 冷隔 6个", "material"), ("5120 滑牙的有9个", "dimension"),
    ("5120 起皮 11件", "appearance"), ("5120 漏气5个", "function"),
])
def test_a_defect_word_beside_a_count_is_a_defect_of_its_category(text: str, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.category) == ("defect", category)
    assert reading.qty_done is None


# --- stock named by its own name --------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["5120 角钢今天到了", "5120 钢带进厂了", "5120 铝管刚到"])
def test_stock_arriving_is_material_ready_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "material_ready", "done": True}


@pytest.mark.parametrize(("text", "short"), [("5120 垫片不够了", "垫片"), ("5120 纸箱用完了", "纸箱")])
def test_stock_running_out_is_a_shortage_with_what_is_short(text: str, short: str) -> None:
    reading = read(text)
    assert reading.intent == "shortage" and short in (reading.reason or "")


def test_stock_not_in_said_twice_is_one_shortage() -> None:
    assert read("5120 圆管没到 断料了").intent == "shortage"


# --- state words ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["5120 冲床在冲", "5120 线割在割", "5120 还在铆接", "5120 电镀线在镀"])
def test_a_step_under_way_said_as_its_verb_is_in_process_not_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": False}


def test_sichuan_not_yet_arrived_is_material_not_done() -> None:
    assert fields("5120 钢板还莫得到") == {"intent": "progress", "po": "5120", "node": "material_ready", "done": False}


def test_a_step_done_and_packing_under_way_is_the_step_done() -> None:
    assert fields("5120 喷砂完了 在打包") == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["搞完咯", "那单好了哈", "这个订单搞定了"])
def test_a_bare_done_with_particles_names_no_step_and_asks_first(text: str) -> None:
    reading = read(text)
    assert reading.intent == "progress" and reading.node is None and reading.confirm is True


def test_stock_in_and_a_start_announced_for_later_records_the_arrival_only() -> None:
    assert fields("5120 料都到了 过两天开工") == {
        "intent": "progress", "po": "5120", "node": "material_ready", "done": True}


# --- numbers, dates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "qty"), [("5120 做了2千", 2000), ("5120 做好了2千5", 2500), ("5120 做了1.5千个", 1500)])
def test_counts_in_thousands_are_the_count(text: str, qty: int) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "qty_done": qty}


def test_what_is_left_within_a_whole_is_the_whole_and_the_rest() -> None:
    assert fields("5120 3000件里头还剩400") == {"intent": "progress", "po": "5120", "qty_total": 3000, "qty_left": 400}


def test_a_shipment_and_the_rest_still_to_go_on_a_day_is_a_shipment_and_a_plan() -> None:
    assert read("5120 走了4箱 还有3箱下周一走").to_json_dict() == {
        "intent": "shipment", "po": "5120", "node": "shipped", "packages": 4, "package_unit": "箱",
        "also": [{"intent": "plan", "po": "5120", "node": "shipped", "new_date": "2026-12-07"}]}


def test_a_weight_and_a_half_is_the_weight() -> None:
    reading = read("5120 发了三吨半")
    assert (reading.intent, reading.amount, reading.qty) == ("shipment", 3.5, None)


@pytest.mark.parametrize(("text", "when"), [("5120 听日发货", "2026-12-04"), ("5120 後日出货", "2026-12-05")])
def test_days_said_in_cantonese_are_those_days(text: str, when: str) -> None:
    assert fields(text) == {"intent": "plan", "po": "5120", "node": "shipped", "new_date": when}


def test_a_day_of_last_month_is_last_months() -> None:
    assert fields("5120 上个月29号发的") == {
        "intent": "shipment", "po": "5120", "node": "shipped", "happened_on": "2026-11-29"}


def test_a_passed_day_named_as_this_months_stays_this_months() -> None:
    reading = read("5120 这个月1号到的料")
    assert (reading.node, reading.done, str(reading.happened_on)) == ("material_ready", True, "2026-12-01")


def test_a_bare_day_after_a_month_named_is_that_months() -> None:
    reading = read("5120 1月5号交不了 得到9号")
    assert (reading.intent, str(reading.new_date)) == ("delay", "2027-01-09")


# --- buyers and corrections ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "intent"), [
    ("我手里的单子列一下", "orders_query"), ("今天要到的货有哪些", "today_query"), ("问题单目前有多少", "exceptions_query"),
    ("哪几个单子晚了", "overdue_query"), ("麻烦你了", "noted"),
])
def test_buyers_free_words(text: str, intent: str) -> None:
    assert read(text, role="buyer").intent == intent


@pytest.mark.parametrize(("text", "intent"), [("EXC-31 我这边跟进", "ack"), ("EXC-31 已经处理了", "resolve")])
def test_an_exception_taken_or_done_in_free_words(text: str, intent: str) -> None:
    assert read(text, role="buyer").intent == intent


@pytest.mark.parametrize("text", ["单号写错了 6021才对", "wrong order, it is 6021"])
def test_the_right_order_said_with_an_undo_word_corrects_the_order(text: str) -> None:
    assert fields(text) == {"intent": "correct", "po": "6021"}


def test_a_size_defect_in_words_beside_a_count_is_a_dimension_defect() -> None:
    reading = read("5510 尺寸大了 有12件")  # reader7 asked first here: the words were unknown then
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 12, "dimension")


def test_a_count_said_roughly_asks_first() -> None:
    assert read("5120 做了八百来个").confirm is True


# --- the trades' words: casting, forging, stamping, moulding, sheet metal, surface, heat, finishing -------------

@pytest.mark.parametrize("text", [
    "5120 砂型铸造做完了", "5120 熔模铸造完成", "5120 制芯好了", "5120 模锻完成", "5120 辗环做完了", "5120 切边好了",
    "5120 钣金做完了", "5120 激光好了", "5120 高频好了", "5120 滚光好了", "5120 振光做完了", "5120 硬氧做完了",
    "5120 彩锌回来了", "5120 去披锋做完了", "5120 去氧化皮做完了",
])
def test_a_trade_step_done_is_in_process_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["5120 达克罗在做", "5120 还在平磨", "5120 正在走心机上车", "5120 热镀锌送出去了"])
def test_a_trade_step_under_way_or_sent_out_is_in_process_not_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": False}


@pytest.mark.parametrize("text", [
    "5120 die casting finished", "5120 zinc plating done", "5120 anodized", "5120 wire cut finished",
    "5120 injection molding done",  # `injection` is a trade word, never a slip of `inspection`
])
def test_english_shop_floor_steps_are_in_process(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


def test_a_trade_step_done_yesterday_keeps_its_day() -> None:
    assert fields("5120 模锻昨天就好了") == {
        "intent": "progress", "po": "5120", "node": "in_process", "done": True, "happened_on": "2026-12-02"}


@pytest.mark.parametrize(("text", "qty", "category"), [
    ("5120 熔接线 5件", 5, "appearance"), ("5120 银纹 8个", 8, "appearance"), ("5120 顶白 6件", 6, "appearance"),
    ("5120 缩水 9件", 9, "appearance"), ("5120 膜厚不够 20件", 20, "appearance"), ("5120 崩角 4件", 4, "appearance"),
    ("5120 变形 6件", 6, "dimension"), ("5120 盐雾不过 3件", 3, "function"), ("5120 虚焊 5件", 5, "function"),
    ("5120 百格不过 5件", 5, "function"), ("5120 崩牙 7件", 7, "dimension"), ("5120 牙不过 8件", 8, "dimension"),
    ("5120 平行度超差 6件", 6, "dimension"), ("5120 孔距不对 8件", 8, "dimension"), ("5120 错料 100件", 100, "material"),
    ("5120 裂纹 3件", 3, "material"), ("5120 渗层不够 10件", 10, "material"), ("5120 漏焊 3件", 3, "other"),
    ("5120 漏钻 4件", 4, "other"), ("5120 少装 15个", 15, "quantity"), ("5120 外箱破了3个", 3, "packaging"),
])
def test_a_trade_defect_beside_a_count_is_a_defect_of_its_category(text: str, qty: int, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", qty, category)


def test_a_defect_with_its_remedy_keeps_the_rework() -> None:
    reading = read("5120 熔接痕有12个 要返工")
    assert (reading.intent, reading.defect_qty, reading.rework, reading.category) == ("defect", 12, 12, "appearance")


@pytest.mark.parametrize("text", ["5120 受潮 2箱", "5120 标签贴错了 20箱"])
def test_packages_of_a_packaging_defect_are_asked_about_first(text: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.category, reading.confirm) == ("defect", "packaging", True)


def test_every_step_holding_a_defect_word_is_a_step() -> None:
    assert set(STEPS_NOT_DEFECTS) <= set(STEPS)


@pytest.mark.parametrize(("text", "values"), [
    ("5120 直线度 0.02 0.03", [0.02, 0.03]), ("5120 扭矩 12.5 12.8", [12.5, 12.8]),
    ("5120 HBW 180 185 190", [180.0, 185.0, 190.0]), ("5120 硬化层 0.8 0.9", [0.8, 0.9]),
])
def test_a_gauge_label_and_its_numbers_are_inspection_values(text: str, values: list[float]) -> None:
    assert fields(text) == {"intent": "inspection_values", "po": "5120", "values": values}


def test_gauges_and_stock_are_no_steps() -> None:
    assert not (set(GAUGES) | set(MATERIALS)) & set(STEPS)


@pytest.mark.parametrize("text", ["5120 方钢到了", "5120 不锈钢到了", "5120 毛胚到了", "5120 粗坯今天到了"])
def test_raw_stock_arriving_is_material_ready_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "material_ready", "done": True}


@pytest.mark.parametrize(("text", "when"), [("5120 铝合金明天到", "2026-12-04"), ("5120 毛坯预计周五到", "2026-12-04")])
def test_raw_stock_due_on_a_day_is_a_plan_of_material(text: str, when: str) -> None:
    assert fields(text) == {"intent": "plan", "po": "5120", "node": "material_ready", "new_date": when}


def test_raw_stock_running_out_is_a_shortage() -> None:
    reading = read("5120 锌锭不够了")
    assert reading.intent == "shortage" and "锌锭" in (reading.reason or "")


@pytest.mark.parametrize(("text", "packages", "unit", "qty"), [
    ("5120 发了3 CTN", 3, "箱", None), ("5120 发了2 PLT", 2, "托", None), ("5120 发了2卡板 每卡板500个", 2, "托", 1000),
    ("5120 发了30袋 每袋100个", 30, "包", 3000),
])
def test_shop_floor_package_words_are_packages_never_pieces(text: str, packages: int, unit: str, qty: int | None) -> None:
    reading = read(text)
    assert (reading.intent, reading.packages, unit_meaning(reading.package_unit or ""), reading.qty) == (
        "shipment", packages, unit, qty)


@pytest.mark.parametrize(("text", "description"), [("5120 沙眼 5件", "砂眼"), ("5120 毛剌 5件", "毛刺")])
def test_a_trade_defect_typed_by_sound_or_shape_is_the_defect(text: str, description: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.defect_qty, reading.description) == ("defect", 5, description)


@pytest.mark.parametrize("text", ["5120 纯化好了", "5120 氨化好了", "5120 碎火好了", "5120 板金做完了"])
def test_a_trade_step_typed_by_a_look_alike_character_is_the_step(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize(("text", "qty"), [
    ("5120 外径大了 5件", 5), ("5120 同心度不好 6件", 6), ("5120 角度不对 5件", 5), ("5120 长度超了 3件", 3),
    ("5120 warped 4 pcs", 4),
])
def test_a_measured_feature_said_to_be_out_is_a_size_defect(text: str, qty: int) -> None:
    # without these, a gauge the reader knows explains `同心度不好 6件` away as six pieces done
    reading = read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", qty, "dimension")


def test_a_measured_feature_said_to_be_fine_is_no_defect() -> None:
    assert read("5120 同心度不错").intent != "defect"


@pytest.mark.parametrize(("text", "qty", "category"), [
    ("5120 5 pcs sink marks", 5, "appearance"), ("5120 3 pcs short shot", 3, "appearance"),
    ("5120 found 6 pcs porosity", 6, "material"), ("5120 short shipped 20 pcs", 20, "quantity"),
    ("5120 假焊 5个", 5, "function"), ("5120 夹伤 7件", 7, "appearance"),
])
def test_shop_floor_defects_in_english_and_electronics_are_defects(text: str, qty: int, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", qty, category)


@pytest.mark.parametrize("text", ["5120 SMT做完了", "5120 三防漆做完了", "5120 底漆做完了", "5120 硫化好了"])
def test_electronics_paint_and_rubber_steps_are_in_process(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


def test_the_trie_finds_the_longest_word_and_latin_only_whole() -> None:
    pattern = re.compile(alternation(("同心度", "同心度超", "同心度不好", "weld line", "weld lines")), re.IGNORECASE)
    assert [m.group(0) for m in pattern.finditer("同心度不好 同心度 2 Weld Lines")] == ["同心度不好", "同心度", "Weld Lines"]
    assert pattern.search("welding") is None


def test_every_shop_word_is_in_the_readers_vocabulary() -> None:
    # the trie writes characters as codes, so the vocabulary takes the words whole from WORDS
    from handlers.parsing import _vocabulary
    vocabulary = _vocabulary()
    assert all(w in vocabulary.chinese for w in WORDS if not w.isascii() and len(w) <= 6)


@pytest.mark.parametrize("text", ["5120 发黑 5件", "5120 拉丝 5件", "5120 压印 5件", "5120 氧化 5件", "5120 有5件发黑"])
def test_a_word_both_step_and_defect_beside_a_bare_count_asks_first(text: str) -> None:
    # five blackened (a finish) or five gone black (a defect)? Nothing else in the message says
    assert read(text).confirm is True


@pytest.mark.parametrize(("text", "intent"), [
    ("5120 发黑好了 500件", "progress"), ("5120 拉丝做了300件", "progress"), ("5120 阳极氧化 500件", "progress"),
    ("5120 拉丝不良 5件", "defect"),
])
def test_a_word_both_step_and_defect_with_its_context_is_read_without_asking(text: str, intent: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.confirm) == (intent, None)


@pytest.mark.parametrize(("text", "description"), [
    ("5120 漏渡 6件", "漏镀"), ("5120 气空 8件", "气孔"), ("5120 裂文 3件", "裂纹"), ("5120 变型 6件", "变形"),
    ("5120 平面渡超差 3件", "平面度超差"),
])
def test_a_trade_defect_typed_by_its_sound_is_the_defect(text: str, description: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.description) == ("defect", description)


@pytest.mark.parametrize("text", ["5120 渗炭完了", "5120 阳急做好了", "5120 电渡好了", "5120 钝话做完了"])
def test_a_trade_step_typed_by_its_sound_is_the_step(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["5120 毛培到了", "5120 园钢到了"])
def test_raw_stock_typed_by_its_sound_arrives(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "material_ready", "done": True}


def test_packages_counted_in_chinese_numerals_are_packages() -> None:
    reading = read("5120 发了三卡板 每卡板四百个")
    assert (reading.intent, reading.packages, reading.qty) == ("shipment", 3, 1200)


@pytest.mark.parametrize(("text", "category"), [
    ("6001 hardness too low 8 pcs", "material"), ("6001 thread gauge NG 8 pcs", "dimension"),
    ("6001 color difference 8 pcs", "appearance"),
])
def test_english_defects_of_the_shop_floor_have_their_category(text: str, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 8, category)


def test_injection_moulding_said_in_cantonese_is_a_step() -> None:
    assert fields("6001 啤好了 在喷油") == {"intent": "progress", "po": "6001", "node": "in_process", "done": False}


def test_a_measuring_machine_between_first_article_and_its_check_leaves_the_first_article() -> None:
    # 三坐标 is how the first article was measured, no label of values: it stays out of the gauges
    reading = read("4023 首件三坐标检测过了")
    assert reading.node != "final_inspection" or reading.confirm is True


@pytest.mark.parametrize("text", ["6001 走柜了", "6001 出柜了 12托"])
def test_a_container_gone_is_a_shipment(text: str) -> None:
    assert read(text).intent == "shipment"


def test_a_container_to_go_on_a_day_records_no_shipment() -> None:
    assert read("6001 明天出柜").intent != "shipment"


def test_a_size_defect_of_stock_named_in_incoming_material_asks_first() -> None:
    # nine sheets of the plate, or nine parts made of it?
    reading = read("5525 来料 钢板厚度不对 9件")
    assert (reading.intent, reading.category, reading.confirm) == ("defect", "dimension", True)


def test_a_defect_of_incoming_parts_is_read_without_asking() -> None:
    reading = read("5525 来料 毛刺 30个")
    assert (reading.intent, reading.defect_qty, reading.confirm) == ("defect", 30, None)


@pytest.mark.parametrize("text", ["5120 电油回来了", "5120 打沙好了", "5120 烧焊完了", "5120 HT done"])
def test_cantonese_and_english_shorthand_steps_are_in_process(text: str) -> None:
    # 电油 is plating, 打沙 sandblasting, 烧焊 welding in a Guangdong shop; HT is heat treatment
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize(("text", "category"), [("5120 走位 6件", "dimension"), ("5120 掉色 6件", "appearance")])
def test_cantonese_defects_have_their_category(text: str, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 6, category)


# --- words that must not trigger --------------------------------------------------------------------------

def test_goods_back_is_never_tempering() -> None:
    reading = read("5120 回货了")  # 回货 sounds as 回火 does: goods back, no step done
    assert not (reading.node == "in_process" and reading.done and not reading.confirm)


def test_a_missing_corner_is_not_rewritten_into_a_short_shot() -> None:
    reading = read("5120 缺角 4件")
    assert (reading.intent, reading.description, reading.category) == ("defect", "缺角", "appearance")


@pytest.mark.parametrize("text", ["5120 做了200多件", "5120 起批量多少"])
def test_a_count_with_more_or_a_minimum_order_is_no_defect(text: str) -> None:
    assert read(text).intent != "defect"


@pytest.mark.parametrize("text", ["5120 修模好了", "5120 试模好了"])
def test_a_mould_repaired_or_tried_is_asked_about_never_processing_done(text: str) -> None:
    # 修模 mends the tool, 试模 makes samples that may be the first articles: neither says which node is done
    reading = read(text)
    assert reading.node is None and reading.confirm is True


@pytest.mark.parametrize("text", ["5120 数量不对", "5120 在混料", "5120 粒子到了"])
def test_a_word_of_two_readings_records_nothing_silently(text: str) -> None:
    # 数量不对 may correct the last count, 混料 is mixing resin or parts mixed up, 粒 is also a unit of pieces
    reading = read(text)
    assert reading.intent == "clarify" or reading.confirm is True
    assert reading.qty_done is None and reading.intent != "defect"


# --- conversations ----------------------------------------------------------------------------------------------------

async def test_conversation_a_step_in_its_trade_word_completes_processing(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")
    await wang.says("1001 磷化做完了")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"


async def test_conversation_a_defect_word_outside_the_old_list_opens_a_defect(wang: Talker, world: Database) -> None:
    await wang.says("1001 冷隔 12件")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty) == ("defect", 12)
    assert await count(world, MilestoneChange) == 0


async def test_conversation_stock_running_short_opens_a_shortage(wang: Talker, world: Database) -> None:
    await wang.says("1001 垫片不够了")

    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.kind == "material_shortage"
    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"


async def test_conversation_stock_in_and_a_later_start_starts_nothing(wang: Talker, world: Database) -> None:
    await wang.says("1001 钢带到齐了 下礼拜开工")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "in_process")).status == "pending"


async def test_conversation_a_moulding_defect_opens_a_defect_and_moves_no_node(wang: Talker, world: Database) -> None:
    await wang.says("1001 熔接线 12件")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty) == ("defect", 12)
    assert await count(world, MilestoneChange) == 0


async def test_conversation_a_step_holding_a_defect_word_completes_processing(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")
    await wang.says("1001 去披锋做完了")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    assert await count(world, ExceptionTicket) == 0
