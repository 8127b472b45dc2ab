"""The families reader19b fixed, from the blind sets (AQ AS AT AV AZ AM and more): a message of two facts, a step done
and the next one planned, read as one, and a plan read as nothing, each closed by a rule of any register:

- a step scheduled to a day (`镀锌排到周四`) keeps its day: 排到's 到 is no arrival that ends a clause;
- Hakka's and Hokkien's days (天光日 tomorrow, 今晡 today, 昨晡日 yesterday, 夜晡 the evening, 下昼 the afternoon,
  明仔载 tomorrow) are days, so the clause they time is read;
- a one-character step verb with 完 and its count in a clause of its own (`转轴车完了 一千五百根`) is the step finished
  (docs/reading-corpus.md), with 好 or 了 the bare count it always was;
- a plan of a numbered batch (`第三批明天发`) is shown first: writers split on filing the ordinal on it.

Then the chat, message in and records out, on both engines.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import TODAY, Talker, milestone, rows

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
_TOMORROW = date(2026, 11, 25)
_THURSDAY = date(2026, 11, 26)


def _read(text: str) -> dict[str, object]:
    return read_message(text, role="supplier", now=_NOW).to_json_dict()


# --- a step scheduled to a day ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["7201 热处理完了 镀锌排到周四", "7201 齿轮滚好了 渗碳排到周四了"])
def test_a_step_done_then_the_next_scheduled_to_a_day_is_two_facts(text: str) -> None:
    assert _read(text) == {
        "intent": "progress", "po": "7201", "node": "in_process", "done": True,
        "also": [{"intent": "plan", "po": "7201", "node": "in_process", "new_date": _THURSDAY.isoformat()}]}


def test_a_step_scheduled_to_a_day_then_the_shipping_keeps_both_days() -> None:
    reading = read_message("7202 镀镍排到周四 下周五出货", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", _THURSDAY)
    assert reading.also is not None and [(a.node, a.new_date) for a in reading.also] == [("shipped", date(2026, 12, 4))]


def test_material_arrived_then_work_on_a_day_still_splits_after_the_arrival() -> None:
    reading = read_message("7203 原料到了 后天开始车", role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", True)
    assert reading.also is not None and reading.also[0].intent == "plan"


# --- Hakka's and Hokkien's days --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "day"), [
    ("7204 天光日发", _TOMORROW), ("7204 今晡发", TODAY), ("7204 今晡下昼发", TODAY), ("7204 明仔载发", _TOMORROW)])
def test_a_dialects_day_with_the_shipping_is_a_plan_for_that_day(text: str, day: date) -> None:
    assert _read(text) == {"intent": "plan", "po": "7204", "node": "shipped", "new_date": day.isoformat()}


def test_a_step_done_then_the_next_on_a_hakka_day_is_two_facts() -> None:
    reading = read_message("7205 转轴车完了 天光日送去镀锌", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert reading.also is not None and [(a.intent, a.new_date) for a in reading.also] == [("plan", _TOMORROW)]


def test_a_check_passed_then_shipping_on_a_hakka_day_is_two_facts() -> None:
    reading = read_message("7206 质检合格 天光日发", role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("final_inspection", True)
    assert reading.also is not None and [(a.node, a.new_date) for a in reading.also] == [("shipped", _TOMORROW)]


def test_a_hakka_yesterday_is_a_day_gone() -> None:
    reading = read_message("7207 磁钢昨晡日到的", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.happened_on) == ("material_ready", True, TODAY - timedelta(days=1))


# --- a one-character step verb with 完 -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "count_"), [("7208 转轴车完了 一千五百根", 1500), ("7208 冲片冲完了 8万片", 80000),
                                              ("7208 焊完了 600件", 600)])
def test_a_one_character_verb_finished_with_its_count_apart_is_the_step_finished(text: str, count_: int) -> None:
    assert _read(text) == {"intent": "progress", "po": "7208", "node": "in_process", "done": True, "qty_done": count_}


@pytest.mark.parametrize(("text", "count_"), [("7209 车好了 800件", 800), ("7209 车了600件", 600),
                                              ("7209 2000个里焊完了 1500", 1500)])
def test_a_one_character_verb_made_or_out_of_a_total_is_a_bare_count(text: str, count_: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done, reading.qty_done) == ("progress", None, None, count_)


# --- a plan of a numbered batch --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["7210 第三批明天发", "7210 第二批 天光日发"])
def test_a_plan_of_a_numbered_batch_is_shown_first(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", _TOMORROW)
    assert reading.confirm is True, "whether the ordinal goes on the plan, writers split five to four"


# --- the chat --------------------------------------------------------------------------------------------------------

async def test_a_step_done_and_the_next_on_a_hakka_day_records_both(wang: Talker, world: Database) -> None:
    await wang.says("1001 转轴车完了 天光日送去镀锌")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    plans = [r for r in await rows(world, ProgressReport) if r.kind == "plan"]
    assert [p.details["expected_date"] for p in plans] == [(TODAY + timedelta(days=1)).isoformat()]


@pytest.mark.parametrize("text", ["7211 首件还冇做 料今晡才到", "7211 料今天才到"])
def test_material_arrived_only_today_is_no_delay_still_to_come(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).intent == "progress"


def test_material_due_only_on_a_later_day_is_still_a_delay() -> None:
    assert read_message("7212 料下周一才到", role="supplier", now=_NOW).intent == "delay"
