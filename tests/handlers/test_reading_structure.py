"""Issue 14, the reader's half: several facts and orders in one message, plans that are never
progress, corrections, snoozes, shortages, back-dated facts, delays to the later date, the
words suppliers really use, and a reading that asks first when it is unsure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday
REPO = Path(__file__).resolve().parents[2]


def read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=NOW)


def facts(text: str) -> list[dict[str, object]]:
    """The reading and its `also`, each as the JSON the CLI prints, without `also`."""
    data = read(text).to_json_dict()
    rest = data.pop("also", [])
    return [data, *rest]


# --- several facts -------------------------------------------------------------------------


def test_done_then_planned_is_two_facts_and_the_plan_is_never_progress() -> None:
    assert facts("终检过了 周五发") == [
        {"intent": "progress", "node": "final_inspection", "done": True},
        {"intent": "plan", "node": "shipped", "new_date": "2026-12-04"},
    ]
    assert facts("原料到了，后天开始车") == [
        {"intent": "progress", "node": "material_ready", "done": True},
        {"intent": "plan", "node": "in_process", "new_date": "2026-12-05"},
    ]


def test_an_undated_plan_or_a_wait_records_nothing() -> None:
    assert facts("喷完了等你们来检") == [{"intent": "progress", "node": "in_process", "done": True}]
    assert facts("1017 发了200只 剩下的下周发") == [{"intent": "shipment", "po": "1017", "node": "shipped", "qty": 200}]
    assert read("打好包了 车一到就走").intent == "unknown"


def test_a_dated_shipping_word_is_a_plan_of_shipping_not_the_first_node() -> None:
    assert read("1001那批货明天能发") == Reading("plan", po="1001", node="shipped", new_date=date(2026, 12, 4))
    assert read("1001 周三发货").intent == "plan"


# --- several orders ------------------------------------------------------------------------


def test_several_orders_get_the_same_fact_and_no_order_is_a_quantity() -> None:
    assert facts("2031、2032 都发了") == [
        {"intent": "shipment", "po": "2031", "node": "shipped"},
        {"intent": "shipment", "po": "2032", "node": "shipped"},
    ]
    assert facts("2031 2032 料也都齐了") == [
        {"intent": "progress", "po": "2031", "node": "material_ready", "done": True},
        {"intent": "progress", "po": "2032", "node": "material_ready", "done": True},
    ]
    assert [f["po"] for f in facts("5171发了300 5172还在做")] == ["5171", "5172"]
    assert facts("4081 首件过了 4082也是")[1] == {"intent": "progress", "po": "4082", "node": "first_process",
                                               "done": True}


def test_material_for_an_order_arrived_yesterday_is_back_dated_not_a_quantity() -> None:
    assert read("material for 1021 arrived yesterday") == Reading(
        "progress", po="1021", node="material_ready", done=True, happened_on=date(2026, 12, 2))
    assert read("1017 昨天发了800件").happened_on == date(2026, 12, 2)


# --- undo, correct, snooze, shortage ---------------------------------------------------------


@pytest.mark.parametrize("text", ["上一条作废", "删掉刚才那条", "上面那个不作数", "撤回", "前面那条是乱发的 不要管"])
def test_undo_in_many_words(text: str) -> None:
    assert read(text).intent == "undo"


@pytest.mark.parametrize(("text", "expected"), [
    ("70%打错了 应该是40%", Reading("correct", percent=40)),
    ("发错单号了 是2044", Reading("correct", po="2044")),
    ("不良是12件 不是21件", Reading("correct", defect_qty=12)),
    ("刚才发货数量错了 发的是480件", Reading("correct", qty=480)),
    ("日期报错了 应该是12月18号", Reading("correct", new_date=date(2026, 12, 18))),
    ("刚才那个不是终检 是首件", Reading("correct", node="first_process")),
    ("correction: 65% not 56%", Reading("correct", percent=65)),
])
def test_a_correction_carries_only_the_field_it_corrects(text: str, expected: Reading) -> None:
    assert read(text) == expected


def test_snooze_and_shortage_are_not_reports() -> None:
    assert read("明天再提醒我") == Reading("snooze", new_date=date(2026, 12, 4))
    assert read("1017 缺料").intent == "shortage"
    assert read("1017 料不够了") == Reading("shortage", po="1017", reason="料不够")


# --- dates ---------------------------------------------------------------------------------


def test_a_delay_goes_to_the_later_date() -> None:
    assert read("1017 周三肯定不行 得下周一") == Reading("delay", po="1017", new_date=date(2026, 12, 7))
    assert read("原计划12号 现在要18号").new_date == date(2026, 12, 18)


def test_today_or_tomorrow_in_a_reason_is_not_the_new_date() -> None:
    assert read("今天停电，1017要晚两天") == Reading("delay", po="1017", delay_days=2, reason="停电")
    reading = read("明天停水 要晚一天")
    assert (reading.delay_days, reading.new_date) == (1, None)


# --- words, typos, numbers, units, lots -------------------------------------------------------


@pytest.mark.parametrize(("text", "node", "done"), [
    ("1017 CNC完了", "in_process", True), ("1017 攻牙完成", "in_process", True), ("1017 钝化好了", "in_process", True),
    ("1017 阳极氧化在做", "in_process", False), ("1017 首件检验合格", "first_process", True),
    ("1017 质简完了", "final_inspection", True), ("1017 热处里完成", "in_process", True),
])
def test_process_words_and_pinyin_slips_name_their_node(text: str, node: str, done: bool) -> None:
    reading = read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", node, done)


@pytest.mark.parametrize(("text", "intent", "category"), [
    ("1017 硬度不够 20件", "defect", "material"), ("1017 部良品5个 有划伤", "defect", "appearance"),
    ("1017 漏工序 10件", "defect", "other"), ("1017 尺寸超差40件", "defect", "dimension"),
])
def test_defect_words_and_their_category(text: str, intent: str, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.category) == (intent, category)
    assert reading.defect_qty is not None


def test_quantities_units_and_chinese_numerals() -> None:
    assert (read("1017 3000个里做好了2600").qty_done, read("1017 3000个里做好了2600").qty_total) == (2600, 3000)
    shipped = read("1017 装了4托 每托250件 发了")
    assert (shipped.packages, shipped.package_unit, shipped.qty) == (4, "托", 1000)
    assert read("1017 发了20箱").qty is None
    assert read("1017 钢材到了500kg").qty_done is None and read("1017 钢材到了500kg").amount == 500
    assert read("1017 完成一千二件").qty_done == 1200
    assert read("一零零八 发货了").po == "1008"


def test_lots_in_any_form() -> None:
    assert read("1017 批号B-1206-1 发了300件").lot == "B-1206-1"
    assert read("1017 lot B1206 shipped").lot == "B1206"
    assert read("1017 第二批发了").lot_seq == 2
    assert read("1026 有一批氧化了 需要重新电镀").lot_seq is None


# --- buyers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("宏达这个月表现咋样", Reading("supplier_query", supplier="宏达这个月")),
    ("EXC-21 我来处理", Reading("ack", exception="21")),
    ("有啥异常没", Reading("exceptions_query")),
    ("还有哪些没交货的", Reading("orders_query")),
])
def test_buyers_free_words(text: str, expected: Reading) -> None:
    assert read(text, role="buyer").intent == expected.intent


# --- asking first ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "8602 发了 不对 还没发", "8618 发了200还是300 记不清了", "8613 下周三或者下周四发", "8619 好了",
    "8604 8605 300", "8603 完成80% 已经全部做完了", "8608 做了500 坏了", "完成", "8620 做完了",
])
def test_an_unsure_reading_is_shown_first_or_asked(text: str) -> None:
    reading = read(text)
    assert reading.confirm is True or reading.intent == "clarify", reading


# A reading unsure of its structure asks first: each case below is a shape the reader can see in
# its own reading (no step for a done, a verdict still awaited, a time of day placed nowhere, one
# event conditioned on another, a remedy still to do, a count corrected without saying of what),
# never a phrase of a corpus.
@pytest.mark.parametrize("text", [
    "3301 都做完了", "3302 3303 全部完成", "all done",  # done, and no step named
    "3305 样件做好了 等客户确认", "3312 first article sent, waiting for your approval",  # the verdict is the buyer's
    "3307 质检完了 今晚装车", "3308 终检过了 下午送过去", "3313 inspection passed, shipping tonight",  # a time to come
    "3309 电镀件后天回厂 一回来就发货",  # the day is the return's, the shipping only follows it
    "3314 有划伤 要重新抛光",  # a remedy still to do
    "数字写错了 是650",  # corrected, but a count of what
    "3327 首件OK 钢材也到齐了", "3326 样品做好了 质检通过",  # a clause names a step no fact is on
])
def test_a_reading_unsure_of_its_structure_is_shown_first(text: str) -> None:
    reading = read(text)
    assert reading.intent not in ("noted", "unknown", "clarify"), reading
    assert reading.confirm is True, reading


@pytest.mark.parametrize("text", [
    "3311 今天上午发货了", "6115 goods dispatched this morning", "早上好 1001 正在加工",  # a time of day gone by
    "3316 首件过了 客户已确认", "发货数量写错了 是1200件",
    "3322 首件过了 准备量产", "3323 加工完了 等终检",  # an intention or a wait records nothing
])
def test_a_message_whose_every_clause_the_reading_holds_is_recorded_without_asking(text: str) -> None:
    assert read(text).confirm is None, read(text)


def test_ordinary_reports_are_recorded_without_asking() -> None:
    for text in ("1001 完成60%", "PO-1001 原材料到了", "1001 发货 500件", "1001 延期到12月3号 钢材没到", "1001 加工完成"):
        assert read(text).confirm is None, text


def test_parse_json_prints_also_and_confirm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SUPPLIERBOT_DATABASE_URL", None)

    def parse(text: str) -> dict[str, object]:
        result = subprocess.run([sys.executable, "-m", "bot", "parse", text, "--now", NOW.isoformat(), "--json"],
                                cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        parsed: dict[str, object] = json.loads(result.stdout)
        return parsed

    assert parse("2031、2032 都发了")["also"] == [{"intent": "shipment", "po": "2032", "node": "shipped"}]
    assert parse("8619 好了")["confirm"] is True
