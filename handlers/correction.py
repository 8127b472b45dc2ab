"""`70%打错了 应该是40%`, `发错单号了 是2044`: take back the last report and record it again
with the corrected fields, in one reply. The pair is kept as a labelled example: the
words of the first message, what was read, what was right."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import fields, replace
from typing import Any

from bot.ports import Reply
from handlers.conversation_state import reading_from_json
from handlers.intents import Intent
from handlers.labelled_examples import learn
from handlers.orders_lookup import order_by_id
from handlers.parsing import Reading
from handlers.turn import Turn
from handlers.undo import last_report, undo_last
from storage.models import ProgressReport

FIGURES = ("percent", "qty_done", "qty_left", "qty_total")  # a corrected figure replaces all of them
NOT_FIELDS = frozenset({"intent", "confirm", "also", "question", "number"})

Dispatch = Callable[[Turn, Reading], Awaitable[list[Reply]]]


async def correct_last(turn: Turn, reading: Reading, dispatch: Dispatch) -> list[Reply]:
    report = await last_report(turn, None)
    if report is None:
        minutes = int(turn.ctx.undo_window.total_seconds() // 60)
        return [turn.reply(turn.say("correct_none", minutes=minutes))]
    original = await _original(turn, report)
    changes = {f.name: getattr(reading, f.name) for f in fields(Reading)
               if f.name not in NOT_FIELDS and getattr(reading, f.name) is not None}
    if original is None or not changes:
        return [turn.reply(turn.say("correct_unclear"))]
    changes = _count_of(original, changes)
    blank: dict[str, Any] = dict.fromkeys(FIGURES)
    base = replace(original, **blank) if any(k in FIGURES for k in changes) else original
    corrected = replace(base, **changes)
    text, sent_at = report.text, report.details.get("sent_at")
    undone = await undo_last(turn, None)
    redone = await dispatch(turn, corrected)
    await learn(turn, text=text, role=turn.speaker.role, sent_at=sent_at, source="corrected",
                shown=original.to_json_dict(), right=corrected.to_json_dict())
    return [*undone, *redone]


COUNTS: dict[str, str] = {Intent.SHIPMENT: "qty", Intent.DEFECT: "defect_qty", Intent.PROGRESS: "qty_done"}


def _count_of(original: Reading, changes: dict[str, Any]) -> dict[str, Any]:
    """`数量错了 是800个` names no kind of count: the count corrected is the one the last report holds
    (a shipment's pieces, a defect's count, the pieces done), never a field that report has not."""
    said = [name for name in ("qty_done", "qty", "defect_qty") if name in changes]
    own = COUNTS.get(original.intent)
    if len(said) != 1 or own is None or said[0] == own:
        return changes
    moved = dict(changes)
    moved[own] = moved.pop(said[0])
    return moved


async def _original(turn: Turn, report: ProgressReport) -> Reading | None:
    """The reading the report was recorded from (older reports: rebuilt from what they hold)."""
    stored = report.details.get("reading")
    if stored:
        return reading_from_json(stored)
    order = await order_by_id(turn.session, report.order_id, turn.supplier_id)
    if order is None:
        return None
    details, po = report.details, order.po_key
    if report.kind == "progress":
        return Reading(Intent.PROGRESS, po=po, node=details.get("node"), done=details.get("done") or None,
                       percent=report.percent if report.qty_done is None else None, qty_done=report.qty_done)
    if report.kind == "shipment":
        return Reading(Intent.SHIPMENT, po=po, qty=details.get("qty"), lot=details.get("lot"))
    if report.kind == "defect":
        return Reading(Intent.DEFECT, po=po, defect_qty=details.get("defect_qty"), description=details.get("description"))
    return None
