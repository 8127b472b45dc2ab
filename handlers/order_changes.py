"""Changing an order after release — quantity, due date, priority, a node's date — and closing
it short (短交关闭) or cancelling it (作废), each with who, when and why kept, and the
supplier told. One module for chat, REST and the order page.

A new due date moves the plan: every node not yet done shifts by the same number of days
(never before the release date, never before the node ahead of it), and the last node
lands on the new due date. A node's own date moves only that node (and the ones after it
that would otherwise come before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.milestone_history import Recorder
from handlers.receiving import OPEN_STATUSES, Actor, Outcome, end_order, record_order_change, supplier_notices
from handlers.texts.buyer import order_status_label
from handlers.texts.receiving import say
from handlers.texts.supplier import node_label
from storage.models import Milestone, MilestoneStatus, Order, OrderStatus, Priority

FINISHED = (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value)
PRIORITY_LABELS = {Priority.NORMAL.value: ("普通", "normal"), Priority.HIGH.value: ("加急", "high"),
                   Priority.URGENT.value: ("特急", "urgent")}


@dataclass(frozen=True, slots=True)
class Change:
    """What a person asked to change; None leaves a field as it is. `nodes` maps node code → date."""

    quantity: int | None = None
    due_date: date | None = None
    priority: str | None = None
    nodes: tuple[tuple[str, date], ...] = ()
    reason: str = ""

    @property
    def empty(self) -> bool:
        return self.quantity is None and self.due_date is None and self.priority is None and not self.nodes


def _refuse_ended(order: Order, actor: Actor, what: str) -> Outcome | None:
    if order.status in OPEN_STATUSES:
        return None
    return Outcome.refused(say("order_ended", actor.language, po=order.po, what=say(f"what.{what}", actor.language),
                               status=order_status_label(order.status, actor.language)), 409)


async def close_short(session: AsyncSession, order: Order, reason: str, actor: Actor, now: datetime) -> Outcome:
    if (ended := _refuse_ended(order, actor, "close")) is not None:
        return ended
    if not reason.strip():
        return Outcome.refused(say("need_reason", actor.language, example=f"{order.po} 短交关闭 供应商停产"))
    return await end_order(session, order, OrderStatus.CLOSED, reason.strip(), actor, now)


async def cancel(session: AsyncSession, order: Order, reason: str, actor: Actor, now: datetime) -> Outcome:
    if (ended := _refuse_ended(order, actor, "close")) is not None:
        return ended
    if not reason.strip():
        return Outcome.refused(say("need_reason", actor.language, example=f"{order.po} 作废 设计变更"))
    return await end_order(session, order, OrderStatus.CANCELLED, reason.strip(), actor, now)


async def change_order(
    session: AsyncSession, order: Order, change: Change, actor: Actor, now: datetime, *, accepted: int = 0,
) -> Outcome:
    """Apply a change whole or not at all; refuse it on an ended order or before release."""
    language = actor.language
    if (ended := _refuse_ended(order, actor, "change")) is not None:
        return ended
    if change.empty:
        return Outcome.refused(say("change_help", language))
    if change.quantity is not None:
        if change.quantity <= 0:
            return Outcome.refused(say("qty_positive", language, qty=change.quantity))
        if change.quantity < accepted:
            return Outcome.refused(say("change_below_accepted", language, accepted=accepted))
    if change.due_date is not None and change.due_date < order.release_date:
        return Outcome.refused(say("change_before_release", language, what=say("change.due_date", language,
                               old="", new=change.due_date.isoformat()).strip(), release=order.release_date))
    by_node = {m.node: m for m in order.milestones}
    for node, day in change.nodes:
        milestone = by_node.get(node)
        if milestone is None:
            return Outcome.refused(say("change_unknown_node", language, po=order.po, node=node_label(node, language)))
        if milestone.status in FINISHED:
            return Outcome.refused(say("change_node_done", language, node=node_label(node, language)))
        if day < order.release_date:
            return Outcome.refused(say("change_before_release", language,
                                       what=f"{node_label(node, language)} {day.isoformat()}",
                                       release=order.release_date))

    reason = change.reason.strip()
    recorder = Recorder(session, actor.label, actor.person_id, now, None, source=actor.source)
    said: list[tuple[str, dict[str, object]]] = []
    if change.quantity is not None and change.quantity != order.quantity:
        said.append(("change.quantity", {"old": order.quantity, "new": change.quantity}))
        record_order_change(session, order, "quantity", order.quantity, change.quantity, reason, actor, now)
        order.quantity = change.quantity
    if change.priority is not None and change.priority != order.priority:
        said.append(("change.priority", {"old": order.priority, "new": change.priority}))
        record_order_change(session, order, "priority", order.priority, change.priority, reason, actor, now)
        order.priority = change.priority
    if change.due_date is not None and change.due_date != order.due_date:
        said.append(("change.due_date", {"old": f"{order.due_date:%m-%d}", "new": f"{change.due_date:%m-%d}"}))
        record_order_change(session, order, "due_date", order.due_date.isoformat(), change.due_date.isoformat(),
                            reason, actor, now)
        _shift_plan(order, change.due_date - order.due_date, change.due_date, recorder, reason)
        order.due_date = change.due_date
    for node, day in change.nodes:
        milestone = by_node[node]
        if milestone.planned_date == day:
            continue
        said.append(("change.node", {"node": node, "old": f"{milestone.planned_date:%m-%d}", "new": f"{day:%m-%d}"}))
        recorder.set(milestone, "planned_date", day, reason or "changed by buyer")
        _keep_order(order, milestone, recorder, reason)
    if not said:
        return Outcome(True, say("change_nothing", language, po=order.po), status=200)
    order.updated_at = now
    await session.flush()

    def describe(lang: str) -> str:
        parts = []
        for key, values in said:
            shown = dict(values)
            if key == "change.priority":
                shown = {k: _priority(str(v), lang) for k, v in values.items()}
            if key == "change.node":
                shown["node"] = node_label(str(values["node"]), lang)
            parts.append(say(key, lang, **shown))
        return ("，" if lang.startswith("zh") else ", ").join(parts)

    def why(lang: str) -> str:
        return say("reason_sep", lang, reason=reason) if reason else ""

    notices = await supplier_notices(session, order, lambda lang: say(
        "supplier_changed", lang, po=order.po, what=describe(lang), reason=why(lang)), actor.ladder.language)
    return Outcome(True, say("changed", language, po=order.po, what=describe(language), reason=why(language)),
                   status=200, notices=notices, data={"po": order.po, "changed": [k.split(".")[1] for k, _ in said]})


def _priority(value: str, language: str) -> str:
    zh, en = PRIORITY_LABELS.get(value, (value, value))
    return zh if language.startswith("zh") else en


def _shift_plan(order: Order, delta: timedelta, due: date, recorder: Recorder, reason: str) -> None:
    open_nodes = [m for m in order.milestones if m.status not in FINISHED]
    previous = max([m.planned_date for m in order.milestones if m.status in FINISHED], default=order.release_date)
    why = reason or "due date changed"
    for index, milestone in enumerate(open_nodes):
        when = due if index == len(open_nodes) - 1 and milestone.seq == order.milestones[-1].seq \
            else max(milestone.planned_date + delta, order.release_date)
        when = min(max(when, previous), due) if milestone.seq != order.milestones[-1].seq else due
        recorder.set(milestone, "planned_date", when, why)
        previous = when


def _keep_order(order: Order, moved: Milestone, recorder: Recorder, reason: str) -> None:
    """Later open nodes that would now come before the moved one move with it."""
    for milestone in order.milestones:
        if milestone.seq > moved.seq and milestone.status not in FINISHED \
                and milestone.planned_date < moved.planned_date:
            recorder.set(milestone, "planned_date", moved.planned_date, reason or f"after {moved.node}")
