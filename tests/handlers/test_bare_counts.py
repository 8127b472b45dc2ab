"""A count beside a step said only by its verb's one character (`车好了1400件`) is a bare count of the
order, as seven blind writers of eight read it (docs/reading-corpus.md): recorded without asking, on the
step the order is at, and it completes nothing. A step named in full keeps its node.

The world is the one of test_reading_conversations.py: 华达精密 (王工) with PO-1001 for 2000 pcs."""

from __future__ import annotations

from typing import Any

from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import Talker, milestone, rows
from tests.handlers.test_reading_families import asks


async def _only_reading(world: Database) -> dict[str, Any]:
    [report] = await rows(world, ProgressReport)
    reading: dict[str, Any] = report.details["reading"]
    return reading


async def test_a_count_beside_a_one_character_step_verb_is_recorded_as_a_bare_count(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 车好了1400件")

    assert not asks(replies)
    reading = await _only_reading(world)
    assert (reading.get("node"), reading["qty_done"]) == (None, 1400)
    assert (await milestone(world, "PO-1001", "in_process")).status != "done", "a count completes no step"


async def test_a_count_beside_a_step_named_in_full_keeps_the_processing(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 冲压了1400件")

    assert not asks(replies)
    reading = await _only_reading(world)
    assert (reading["node"], reading["qty_done"]) == ("in_process", 1400)
