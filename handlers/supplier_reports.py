"""Progress and delay reports: what the supplier said becomes a report, node changes with
their history, closed or opened exceptions, and one reply that says exactly what was recorded.

Decisions:
- No node named: the report is about the order's current node (the first not done).
- A node reported done implies the earlier unfinished nodes are done; progress on a node
  implies the earlier nodes not yet started are done. Each implied change is in the history
  ("implied by <node>"). Inspection nodes are never implied: they complete when their data
  passes, so a "done" at an inspection node that has criteria asks for the data instead.
- A delay moves the node's planned date; later nodes move only as far as needed to stay in
  order (the due date is the buyer's promise, not the supplier's to move). A progress report
  with an expected date later than the plan counts as a delay.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.ports import Reply
from handlers.clarify import ask_delay_date
from handlers.inspections import ask_for_values, needs_values
from handlers.notify import tell_staff
from handlers.orders_lookup import current_milestone, milestone_named
from handlers.parsing import Reading
from handlers.texts.supplier import joined, node_label, say
from handlers.turn import Turn
from storage.models import (
    BindingRole,
    ExceptionKind,
    ExceptionTicket,
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
    ProgressReport,
    Severity,
)
from storage.prompts import mark_prompts_answered


def mark_started(order: Order) -> None:
    if order.status == OrderStatus.RELEASED.value:
        order.status = OrderStatus.IN_PROGRESS.value


def reported_node(turn: Turn, order: Order, node: str | None) -> tuple[Milestone | None, list[Reply]]:
    """The node a report is about, or the reply that explains why there is none."""
    if node == "received":
        return None, [turn.reply(turn.say("received_is_buyers", po=order.po))]
    if node is not None:
        milestone = milestone_named(order, node)
        if milestone is None:
            return None, [turn.reply(turn.say("node_not_in_plan", po=order.po, node=turn.node(node)))]
        return milestone, []
    milestone = current_milestone(order)
    if milestone is None:
        return None, [turn.reply(turn.say("all_done", po=order.po))]
    return milestone, []


def _figures(order: Order, reading: Reading) -> tuple[float | None, int | None]:
    percent = float(reading.percent) if reading.percent is not None else None
    qty = reading.qty_done
    if qty is None and reading.qty_left is not None:
        qty = max(order.quantity - reading.qty_left, 0)
    if percent is None and qty is not None and order.quantity > 0:
        percent = min(100.0, round(qty * 100 / order.quantity, 1))
    return percent, qty


def _figures_text(order: Order, percent: float | None, qty: int | None) -> str:
    if qty is not None:
        return f"{qty}/{order.quantity} ({percent:g}%)" if percent is not None else str(qty)
    return f"{percent:g}%"


async def report_progress(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    milestone, refusal = reported_node(turn, order, reading.node)
    if milestone is None:
        return refusal
    percent, qty = _figures(order, reading)
    done = reading.done is True or (percent is not None and percent >= 100)
    gated = done and await needs_values(turn.session, order, milestone)
    report = await turn.new_report(order, milestone, "progress", percent=percent, qty_done=qty, details={
        "node": milestone.node, "done": done, "note": reading.note, "reading": reading.to_json_dict(),
    })
    recorder = turn.recorder(report)
    if gated:
        recorder.progress(milestone)
    elif done:
        recorder.complete(milestone, order)
        if reading.happened_on is not None and reading.happened_on < turn.today:
            recorder.set(milestone, "done_at", turn.happened_at(reading.happened_on), "reported as earlier")
        if qty is not None and milestone.node != "shipped":
            recorder.set(milestone, "qty_done", qty)
    elif percent is not None or qty is not None:
        recorder.progress(milestone, percent=percent, qty_done=qty)
    elif reading.node is not None and reading.done is False and reading.begun is not False:
        recorder.progress(milestone)
    # a step not even begun (首件还没做) starts nothing and implies nothing before it
    implied = recorder.imply_earlier(order, milestone, complete=done) \
        if milestone.seq > 1 and reading.begun is not False else []
    if milestone.status != MilestoneStatus.PENDING.value or implied:
        mark_started(order)
    closed = []
    for finished in [*implied, *([milestone] if milestone.status == MilestoneStatus.DONE.value else [])]:
        closed.extend(await turn.ctx.ladder.close_for_milestone(turn.session, finished.id, by=turn.speaker.label,
                                                                now=turn.ctx.now, order_id=finished.order_id))
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    if gated:
        return await ask_for_values(turn, order, milestone)

    text = _progress_text(turn, order, milestone, reading, percent, qty, done, implied)
    if closed:
        text += "\n" + closed_line(turn, closed)
    expected = reading.new_date
    if expected is None or done or milestone.status == MilestoneStatus.DONE.value or expected <= milestone.planned_date:
        return [turn.reply(f"{text}\n{turn.say('undo_hint')}")]
    moved = await move_node(turn, order, milestone, expected, reading.reason or turn.message.text.strip()[:200], report)
    return [turn.reply(f"{text}\n{moved[0].text}"), *moved[1:]]


def closed_line(turn: Turn, tickets: list[ExceptionTicket]) -> str:
    """Every exception a report closed is named in its reply: none closes unseen."""
    return turn.say("exceptions_closed", items=joined([f"#{t.id} {t.title}" for t in tickets], turn.language))


def _progress_text(turn: Turn, order: Order, milestone: Milestone, reading: Reading, percent: float | None,
                   qty: int | None, done: bool, implied: list[Milestone]) -> str:
    node, at = turn.node(milestone), turn.stamp()
    if done:
        lines = [turn.say("progress_done", po=order.po, node=node, at=at)]
    elif percent is not None or qty is not None:
        lines = [turn.say("progress_partial", po=order.po, node=node, figures=_figures_text(order, percent, qty),
                          at=at)]
    elif milestone.status == MilestoneStatus.IN_PROGRESS.value and reading.note is None:
        lines = [turn.say("progress_started", po=order.po, node=node, at=at)]
    else:
        lines = [turn.say("progress_note", po=order.po, text=reading.note or turn.message.text.strip()[:80], at=at)]
    if implied:
        lines.append(turn.say("implied", nodes=joined([turn.node(m) for m in implied], turn.language)))
    if reading.new_date is not None and not done:
        lines.append(turn.say("expected", date=reading.new_date.strftime("%m-%d")))
    return "\n".join(lines)


async def report_delay(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    milestone, refusal = reported_node(turn, order, reading.node)
    if milestone is None:
        return refusal
    if milestone.status == MilestoneStatus.DONE.value:
        return [turn.reply(turn.say("node_already_done", po=order.po, node=turn.node(milestone)))]
    new_date = reading.new_date
    if new_date is None and reading.delay_days:
        new_date = max(milestone.planned_date, turn.today) + timedelta(days=reading.delay_days)
    if new_date is None:
        return await ask_delay_date(turn, order, milestone, reading.reason)
    report = await turn.new_report(order, milestone, "delay", details={
        "node": milestone.node, "old_date": milestone.planned_date.isoformat(), "new_date": new_date.isoformat(),
        "reason": reading.reason, "delay_days": reading.delay_days,
    })
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    if new_date <= milestone.planned_date:
        return [turn.reply(turn.say("delay_not_later", po=order.po, node=turn.node(milestone),
                                    old=milestone.planned_date.strftime("%m-%d"), new=new_date.strftime("%m-%d")))]
    return await move_node(turn, order, milestone, new_date, reading.reason or "", report)


async def move_node(turn: Turn, order: Order, milestone: Milestone, new_date: date, reason: str,
                    report: ProgressReport) -> list[Reply]:
    """Move a node to a later date, keep the plan in order, open the delay and tell the buyers."""
    old_date = milestone.planned_date
    recorder = turn.recorder(report)
    recorder.set(milestone, "planned_date", new_date, reason)
    shifted = []
    for later in order.milestones:
        if later.seq > milestone.seq and later.status not in (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value) \
                and later.planned_date < new_date:
            recorder.set(later, "planned_date", new_date, f"follows {milestone.node} delay")
            shifted.append(later)
    shown_reason = reason or say("no_reason", turn.ctx.language)
    ticket, _ = await turn.ctx.ladder.open(
        turn.session, order_id=order.id, kind=ExceptionKind.DELAY.value, now=turn.ctx.now,
        title=say("title_delay", turn.ctx.language, po=order.po, node=turn.node(milestone), new=new_date.isoformat(),
                  reason=shown_reason),
        opened_by=turn.speaker.label, milestone_id=milestone.id, description=reason,
        severity=(Severity.HIGH if new_date > order.due_date else Severity.MEDIUM).value,
        dedupe_key=f"delay:{milestone.id}:{new_date.isoformat()}", start_level=1,
    )
    report.details = {**report.details, "exception_id": ticket.id, "old_date": old_date.isoformat(),
                      "new_date": new_date.isoformat(), "shifted": [m.node for m in shifted]}
    lines = [turn.say("delay_done", po=order.po, node=turn.node(milestone), new=new_date.strftime("%m-%d"),
                      old=old_date.strftime("%m-%d"))]
    if shifted:
        lines.append(turn.say("delay_shifted", nodes=joined([turn.node(m) for m in shifted], turn.language)))
    lines.append(turn.say("undo_hint"))
    replies = [turn.reply("\n".join(lines))]
    replies.extend(await tell_staff(
        turn.session, turn.ctx.ladder, ticket, (BindingRole.BUYERS,), supplier_id=order.supplier_id, now=turn.ctx.now,
        default_language=turn.ctx.language,
        text_for=lambda language: say("buyer_delay", language, po=order.po, supplier=order.supplier.name,
                                      node=node_label(milestone.node, language), old=old_date.strftime("%m-%d"),
                                      new=new_date.strftime("%m-%d"), reason=reason or say("no_reason", language),
                                      who=turn.speaker.label, exception=ticket.id),
    ))
    return replies



async def report_plan(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    """A node *will* happen on a date: never progress, never a started node. The date is kept
    as the node's expected date; later than the plan it is a delay (the reply says which)."""
    milestone, refusal = reported_node(turn, order, reading.node)
    if milestone is None:
        return refusal
    expected = reading.new_date
    details = {"node": milestone.node, "expected_date": expected.isoformat() if expected else None,
               "planned_date": milestone.planned_date.isoformat()}
    report = await turn.new_report(order, milestone, "plan", details=details)
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    if expected is None or milestone.status == MilestoneStatus.DONE.value:
        text = turn.say("progress_note", po=order.po, text=turn.message.text.strip()[:80], at=turn.stamp())
        return [turn.reply(f"{text}\n{turn.say('undo_hint')}")]
    if expected > milestone.planned_date:
        lead = turn.say("plan_is_delay", date=expected.strftime("%m-%d"), old=milestone.planned_date.strftime("%m-%d"))
        moved = await move_node(turn, order, milestone, expected, reading.reason or turn.message.text.strip()[:200],
                                report)
        return [turn.reply(f"{lead}\n{moved[0].text}"), *moved[1:]]
    text = turn.say("plan_done", po=order.po, node=turn.node(milestone), date=expected.strftime("%m-%d"))
    return [turn.reply(f"{text}\n{turn.say('undo_hint')}")]
