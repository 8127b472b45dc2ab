"""The families reader12s fixed, each in words of its own (never a corpus's phrase): a part's spec beside a
report, a receipt accepted, a step not done that is a delay's reason, the clauses of a run-on message that do not
agree (hearsay, pieces of an order in two states, a clause taking back the last, a plan's day already gone), a
report naming neither its order nor anything but its verb, undo then a new fact, what is left with its day,
counts left in words and shares left of a step, hardness after a step, parts pointed at by their number.

Readings first (pure), then the chat where its behaviour changes (the world of supplier_world.py: 华达精密's
王工 in chat -1001 with PO-1001 for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import Lot, ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, count, milestone, rows, texts
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role, _NOW).to_json_dict()


# --- a part's spec is no count, day or share (handlers/reading_specs.py) ------------------------------------------

@pytest.mark.parametrize(("text", "expect"), [
    ("PO3301 截止阀阀盖 3寸 精车完了", {"intent": "progress", "po": "3301", "node": "in_process", "done": True}),
    ("3302 2寸球阀 DN40 在钝化", {"intent": "progress", "po": "3302", "node": "in_process", "done": False}),
    ("3303 45°弯头 PN25 首件OK", {"intent": "progress", "po": "3303", "node": "first_process", "done": True}),
    ("3304 平焊法兰 316 终检合格", {"intent": "progress", "po": "3304", "node": "final_inspection", "done": True}),
    ("3305 304圆钢到了 2吨", {"intent": "progress", "po": "3305", "node": "material_ready", "done": True,
                              "amount": 2, "unit": "吨"}),
    ("3306 蝶阀 2.5寸 完成 120/300", {"intent": "progress", "po": "3306", "qty_done": 120, "qty_total": 300}),
])
def test_a_parts_size_grade_and_bore_are_its_spec(text: str, expect: dict[str, object]) -> None:
    assert _read(text) == expect


def test_a_grade_number_with_a_unit_is_still_a_count() -> None:
    assert _read("3307 发了316件")["qty"] == 316


def test_a_machines_size_is_no_amount() -> None:
    reading = _read("3308 大齿圈粗车干完了 现在在上6米立车精车")
    assert reading.get("amount") is None and reading["node"] == "in_process" and reading["done"] is False


# --- a receipt accepted is made; a bare counted one is not (docs/reading-corpus.md) --------------------------------

def test_a_counted_receipt_accepted_is_the_receipt_made() -> None:
    assert _read("3310 收到200套 验收合格", "warehouse") == {
        "intent": "progress", "po": "3310", "node": "received", "done": True, "qty_done": 200}


def test_a_bare_counted_receipt_is_received_but_not_made() -> None:
    assert _read("3311 收到200套", "warehouse") == {"intent": "progress", "po": "3311", "node": "received", "qty_done": 200}


# --- a step not done before the delay word is its reason ----------------------------------------------------------

def test_a_step_not_done_is_the_reason_of_the_delay_not_what_is_late() -> None:
    reading = _read("3312 外协那边还没镀 要晚三天")
    assert reading.get("node") is None and reading["delay_days"] == 3 and "没镀" in str(reading["reason"])


def test_a_step_said_late_is_still_the_node() -> None:
    assert _read("3313 热处理要晚两天")["node"] == "in_process"


# --- clauses that do not agree (handlers/reading_clauses.py) ------------------------------------------------------

def test_what_another_party_says_is_no_fact_of_the_order() -> None:
    assert _read("3314 料还没到 供应商说在装车") == {
        "intent": "progress", "po": "3314", "node": "material_ready", "done": False}


@pytest.mark.parametrize("text", ["3315 一部分磨好了 另一部分还在热处理", "3316 有的发了 有的还在包"])
def test_pieces_of_an_order_in_two_states_are_shown_first(text: str) -> None:
    assert _read(text).get("confirm") is True


@pytest.mark.parametrize("text", ["3317 终检过了 又说不合格 我问一下车间", "3318 首件好了吧 还要再确认一下"])
def test_a_clause_taking_back_the_last_or_asking_again_is_shown_first(text: str) -> None:
    assert _read(text).get("confirm") is True


def test_a_plans_day_already_gone_is_shown_first() -> None:
    assert _read("3319 这个月3号发").get("confirm") is True  # on the 8th: a day gone, not a day it happened


# --- a report naming no order and nothing but its verb ------------------------------------------------------------

@pytest.mark.parametrize("text", ["发货了", "做了七成"])
def test_a_bare_report_with_no_order_names_the_order_first(text: str) -> None:
    assert _read(text).get("confirm") is True


def test_a_bare_delay_with_no_order_is_asked_back() -> None:
    assert _read("推迟")["intent"] == "clarify"


def test_a_step_named_without_an_order_is_said_enough() -> None:
    assert _read("原材料到了").get("confirm") is None


# --- undo then a new fact; the rest with its day; counts and shares left ---------------------------------------------

def test_undo_then_a_fact_is_both() -> None:
    assert _read("刚才那条不算 首件还在做") == {
        "intent": "undo", "also": [{"intent": "progress", "node": "first_process", "done": False}]}


def test_what_is_left_with_its_day_is_a_plan_of_its_verb() -> None:
    assert _read("3320 发了5台 剩下2台下周三发") == {
        "intent": "shipment", "po": "3320", "node": "shipped", "qty": 5, "all": False,
        "also": [{"intent": "plan", "po": "3320", "node": "shipped", "new_date": "2026-12-16"}]}


def test_a_shortage_holds_no_count_of_the_order() -> None:
    reading = _read("3321 料不够 还差三根")
    assert reading["intent"] == "shortage" and reading.get("qty_left") is None and reading.get("qty_done") is None


def test_a_count_left_in_words_is_the_count_left() -> None:
    assert _read("3322 车好了四根 还剩两根")["qty_left"] == 2


def test_a_share_left_of_a_step_is_that_steps_share_done() -> None:
    # round 17's ruling by count (AE AO AQ against S): a step said only by its verb's one character names no node,
    # a step named in full is in_process (docs/reading-corpus.md)
    assert _read("3323 还剩两成没磨") == {"intent": "progress", "po": "3323", "percent": 80}
    assert _read("3323 喷粉还剩两成没喷") == {"intent": "progress", "po": "3323", "node": "in_process", "done": False,
                                          "percent": 80}


def test_no_truck_is_no_turning() -> None:
    assert _read("今天没车 明天发").get("node") != "in_process"


def test_brinell_hardness_after_a_step_is_the_step_and_its_values() -> None:
    assert _read("3324 正火完了 硬度 HBW 180 185") == {
        "intent": "progress", "po": "3324", "node": "in_process", "done": True,
        "also": [{"intent": "inspection_values", "po": "3324", "values": [180.0, 185.0]}]}


def test_parts_pointed_at_are_no_count_and_a_step_with_its_end_day_is_one_plan() -> None:
    assert _read("3325那三台壳体 上午粗铣完了 下午在精铣 估计周五铣完") == {
        "intent": "plan", "po": "3325", "node": "in_process", "new_date": "2026-12-11"}


@pytest.mark.parametrize("text", ["3326 铣床在干", "3326 3327 都在粗加工"])
def test_work_said_as_being_done_is_under_way(text: str) -> None:
    reading = _read(text)
    assert reading["done"] is False and reading.get("confirm") is None


def test_how_to_use_in_free_words_is_help() -> None:
    assert _read("这个咋用")["intent"] == "help"


# --- the chat ---------------------------------------------------------------------------------------------------

async def test_undo_then_a_fact_takes_back_the_last_report_and_records_the_fact(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")
    await wang.says("1001 首件过了")

    replies = await wang.says("刚才那条撤回 首件还没做完")

    reports = await rows(world, ProgressReport)
    assert [r.undone_at is not None for r in reports[:2]] == [False, True]
    assert (await milestone(world, "PO-1001", "first_process")).status == "in_progress"
    assert "已撤回" in "\n".join(texts(replies, HUADA_CHAT))


async def test_a_bare_shipped_with_no_order_is_shown_first_naming_the_order(wang: Talker, world: Database) -> None:
    replies = await wang.says("发了")

    assert asks(replies) and "1001" in "\n".join(texts(replies, HUADA_CHAT))
    assert await count(world, Lot) == 0
    assert (await milestone(world, "PO-1001", "shipped")).status != "done"


async def test_a_bare_delay_with_no_order_moves_no_date(wang: Talker, world: Database) -> None:
    before = (await milestone(world, "PO-1001", "shipped")).planned_date

    await wang.says("延期")

    assert (await milestone(world, "PO-1001", "shipped")).planned_date == before == date(2026, 12, 7)
