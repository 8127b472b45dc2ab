"""The reader accounts for what it read: a number, a day or an order it cannot place makes the
reading confirm-first (shown with ✔ / ✘ before anything is written), while plain messages stay
plain. The phrases here are new ones of the classes the second blind corpus showed, not its lines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from handlers.parsing import read_message
from handlers.reading_account import Vocabulary, unexplained

NOW = datetime.fromisoformat("2026-12-03T10:00:00+08:00")  # a Thursday


def read(text: str, role: str = "supplier") -> dict[str, Any]:
    return read_message(text, role=role, now=NOW).to_json_dict()


@pytest.mark.parametrize("text", [
    "3108 车了1500件 另外200",          # a second count with no role
    "3109 做了800件 有12件压伤 9件毛刺",  # two defect counts, one read
    "前两天做好了 4417",                # an order number after the fact, read as a count
    "3110 完成了 7.5",                 # a decimal with no unit and no label
])
def test_a_number_the_reading_cannot_place_is_asked_about_first(text: str) -> None:
    got = read(text)
    assert got.get("confirm") is True or got["intent"] == "clarify", got


def test_a_day_the_reading_puts_nowhere_is_asked_about_first() -> None:
    got = read("3111 打包好了 这周六装柜")  # packing is no node; the Saturday is left unread
    assert got.get("confirm") is True or got.get("new_date") or any(a.get("new_date") for a in got.get("also", ())), got


def test_a_lone_count_with_no_order_and_no_step_is_asked_about() -> None:
    got = read("5件")
    assert got.get("confirm") is True or got["intent"] == "clarify", got


@pytest.mark.parametrize(("text", "expect"), [
    ("3120 1.2万件做完了", {"po": "3120", "qty_done": 12000}),
    ("张工 3121前天下午发了 两箱", {"po": "3121", "packages": 2, "happened_on": "2026-12-01"}),
    ("喷涂这边3122已经喷完了", {"po": "3122", "node": "in_process", "done": True}),
    ("下大雨 3123要推两天", {"po": "3123", "delay_days": 2}),
    ("3124 冲好了1800只", {"po": "3124", "node": None, "qty_done": 1800}),  # a bare count (a verb's one character)
    ("3125 料下周三到", {"po": "3125", "node": "material_ready", "new_date": "2026-12-09"}),
    ("3126 焊接那边排不上 要推三天", {"po": "3126", "node": "in_process", "delay_days": 3, "intent": "delay"}),
    ("3127 8000件里已经车好六千五", {"po": "3127", "qty_total": 8000, "qty_done": 6500}),
])
def test_orders_counts_and_steps_written_loosely_are_read(text: str, expect: dict[str, Any]) -> None:
    got = read(text)
    for key, value in expect.items():
        assert got.get(key) == value, (key, got)
    assert got.get("confirm") is not True, got


def test_a_clause_ending_in_a_past_arrival_is_a_fact_of_its_own() -> None:
    got = read("3128 钢材前天到的 首件也出来了")
    assert (got["node"], got["done"], got["happened_on"]) == ("material_ready", True, "2026-12-01"), got
    assert [(a["node"], a["done"]) for a in got["also"]] == [("first_process", True)], got


def test_the_first_articles_own_check_is_not_the_final_inspection() -> None:
    got = read("3129 首件出来了 送检OK")
    assert (got["node"], got["done"]) == ("first_process", True) and "also" not in got, got


def test_a_final_inspection_then_a_shipping_day_are_two_facts() -> None:
    got = read("终检过了 下周二走货")
    assert got["node"] == "final_inspection" and got["also"] == [
        {"intent": "plan", "node": "shipped", "new_date": "2026-12-08"}], got


@pytest.mark.parametrize(("text", "role", "intent"), [
    ("3130咋还没到", "buyer", "status_query"),
    ("在做的订单都有哪些", "buyer", "orders_query"),
    ("这周有没有啥异常", "manager", "exceptions_query"),
    ("上一条不要了", "supplier", "undo"),
    ("谢谢李工", "supplier", "noted"),
])
def test_free_words_for_questions_undo_and_thanks(text: str, role: str, intent: str) -> None:
    assert read(text, role)["intent"] == intent


def test_a_correction_of_an_overstated_figure() -> None:
    assert read("90%写多了 实际是70%") == {"intent": "correct", "percent": 70}


def test_a_missing_part_is_a_shortage_and_crushed_packaging_a_defect() -> None:
    assert read("3131 缺垫片 在催")["intent"] == "shortage"
    got = read("3132 包装破损 有5件")
    assert (got["intent"], got.get("category")) == ("defect", "packaging"), got


def test_plain_messages_are_not_asked_about() -> None:
    for text in ("3133 终检过了", "3134 发了500件", "3135 完成60%", "3136 原材料昨天到了", "3137 明天发货"):
        assert read(text).get("confirm") is not True, text


def test_crushed_packaging_written_as_a_clause_is_a_defect_not_packing() -> None:
    got = read("3138 包装压坏了 有4件")
    assert (got["intent"], got.get("defect_qty"), got.get("category")) == ("defect", 4, "packaging"), got


def test_asking_to_change_the_last_report_without_the_new_value_is_a_question_back() -> None:
    assert read("刚才那条改一下")["intent"] == "clarify"
    assert read("上一条作废 重新报")["intent"] == "undo"


def test_a_suppliers_bare_not_yet_on_an_order_asks_which_step() -> None:
    assert read("3139 还没")["intent"] == "clarify"
    assert read("3139 还没", role="buyer")["intent"] == "status_query"


@pytest.mark.parametrize(("text", "node", "values"), [
    ("3140 淬火完了 硬度HRC 52 53 52.5", "in_process", [52, 53, 52.5]),
    ("3141 首件做好了 外径 12.01 12.02 11.99", "first_process", [12.01, 12.02, 11.99]),
])
def test_a_step_reported_with_its_measurements_is_two_facts(text: str, node: str, values: list[float]) -> None:
    got = read(text)
    assert (got["intent"], got["node"], got["done"]) == ("progress", node, True), got
    assert got["also"] == [{"intent": "inspection_values", "po": text[:4], "values": values}], got


def test_several_orders_each_with_its_own_count_share_the_words_after_them() -> None:
    got = read("3142不良6件 3143不良2件 都是压伤")
    assert (got["po"], got["defect_qty"], got["category"]) == ("3142", 6, "appearance"), got
    assert [(a["po"], a["defect_qty"], a["category"]) for a in got["also"]] == [("3143", 2, "appearance")], got


def test_an_approval_reported_by_the_buyer_is_no_plan() -> None:
    got = read("3144首件已经做好了 你们品质看过说可以")
    assert (got["node"], got["done"]) == ("first_process", True), got


@pytest.mark.parametrize("text", ["3145 发了4箱 每箱250个", "3146 3个工人请假 要晚1天"])
def test_a_count_per_package_and_a_number_inside_a_reason_are_accounted_for(text: str) -> None:
    assert read(text).get("confirm") is not True


@pytest.mark.parametrize("text", [
    "3147 合格率97%",       # a rate, not progress
    "3148 5号发的货",       # a past day, not a plan
    "3149 第3批600件明天到",  # the batch ordinal is left unread
])
def test_figures_the_reading_would_misplace_are_asked_about_first(text: str) -> None:
    got = read(text)
    assert got.get("confirm") is True or got["intent"] == "clarify" or got.get("lot_seq") == 3, got


def test_the_words_left_unexplained_are_found_between_numbers_spaces_and_marks() -> None:
    vocabulary = Vocabulary.of((), words=("镀锌",))
    assert unexplained("  12 锈蚀, 7件 widgetx/ 镀锌 -- 毛刺 ", vocabulary) == ["锈蚀", "件", "widgetx", "毛刺"]
