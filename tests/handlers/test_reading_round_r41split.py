"""Round 41 (r41split): where blind writers split, the house's reading is shown first, never recorded unasked.

Issue 14: a record that is wrong is worse than a question. Where independent writers read one construction two ways
(the minority at least a quarter of its lines, in three corpora or more on each side), the reader keeps the house's
reading and sets `confirm: true`: the sender sees it with ✔ / ✘ and nothing is written until ✔. Two such
constructions here (docs/reading-corpus.md, round 41): the run said begun after the first article passed or the stock
came in, and a shortage's weight. Dates: Monday 7 December 2026 (tests/handlers/monday_reading.py)."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from handlers.parsing import Reading
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.monday_reading import read as _read
from tests.handlers.supplier_world import Talker, count, milestone, payloads


def _items(reading: Reading) -> list[tuple[str | None, bool | None]]:
    return [(item.node, item.done) for item in (reading, *(reading.also or ()))]


@pytest.mark.parametrize("text", ["74201 首件检验合格，已开始批量。", "74202 首件检验合格，大货已经开始了",
                                  "74203 首件过了 开始批量生产了", "74204 来料全检OK 已上线"])
def test_the_run_said_begun_after_a_fact_done_keeps_the_house_reading_and_is_shown_first(text: str) -> None:
    # AQ G L P file the run under way beside the verdict, BI BT DP D do not: the house's two facts, asked
    reading = _read(text)
    assert reading.confirm is True
    assert _items(reading)[1:] == [("in_process", False)]


@pytest.mark.parametrize("text", ["74211 首件合格 明天开始批量", "74212 原材料昨天到了 今天已经开始车了",
                                  "74213 首件检验合格，批量车削已开始，目前完成 20%。"])
def test_a_run_planned_a_step_named_or_a_share_of_it_is_no_split(text: str) -> None:
    # a day ahead is a plan; a step named begun, or counted, is the step under way (46 lines against none)
    assert _read(text).confirm is not True


@pytest.mark.parametrize("text", ["74221 钢卷不够 还差两吨", "74222 料还差200公斤", "74223 圆钢还差3吨2"])
def test_a_shortage_by_weight_keeps_its_amount_and_is_shown_first(text: str) -> None:
    # BF D DE write the weight as the shortage's amount, AV DH N leave it out
    reading = _read(text)
    assert (reading.intent, reading.confirm) == ("shortage", True)
    assert reading.amount is not None and reading.unit in ("吨", "公斤")


def test_a_shortage_with_no_weight_is_recorded_as_before() -> None:
    reading = _read("74231 缺料 钢板还没到")
    assert reading.intent == "shortage" and reading.confirm is not True


async def test_the_chat_shows_the_run_begun_with_yes_and_no_and_records_nothing_until_yes(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    [question] = await wang.says("1001 首件检验合格，已开始批量")

    assert any(p.endswith(":yes") for p in payloads(question)) and any(p.endswith(":no") for p in payloads(question))
    assert "✔" in question.text or any("✔" in str(row) for row in question.buttons)
    assert await count(world, ProgressReport) == 0
    assert (await milestone(world, "PO-1001", "first_process")).status == "pending"

    await wang.clicks(next(p for p in payloads(question) if p.endswith(":yes")))

    assert (await milestone(world, "PO-1001", "first_process")).status == "done"
    assert await count(world, ProgressReport) >= 1
