"""Taking back one's last report (`撤回` / `undo`) within the undo window.

The report stays, marked `undone_at`; node values are restored from its history rows and
the restoring is itself history (source "undo"). Its lot and inspection are removed (a
corrected re-send must not collide with them); an exception it opened is resolved, which
sends the groups it reached their one closing message.
"""

from __future__ import annotations

from bot.ports import Reply
from handlers.milestone_history import SOURCE_UNDO, revert_report
from handlers.orders_lookup import order_by_id
from handlers.texts.supplier import say
from handlers.turn import Turn
from storage.models import (
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
    ProgressReport,
)
from storage.report_undo import last_report_of, mark_withdrawn, remove_report_records


async def last_report(turn: Turn, po_key: str | None) -> ProgressReport | None:
    """The sender's own latest report from this chat that is still in the window."""
    message = turn.message
    return await last_report_of(
        turn.session, platform=message.platform.value, chat_id=message.chat.chat_id,
        sender_id=message.sender.user_id, supplier_id=turn.supplier_id,
        since=turn.ctx.now - turn.ctx.undo_window, po_key=po_key,
    )


async def last_report_order(turn: Turn, po_key: str | None) -> str | None:
    """The order (its `po_key`) of the report an undo would take back, or None when there is none: a new fact
    sent with the undo (`刚才那条撤回 终检还没做完`) is of that order unless it names its own."""
    report = await last_report(turn, po_key)
    order = await order_by_id(turn.session, report.order_id, turn.supplier_id) if report else None
    return order.po_key if order is not None else None


async def undo_last(turn: Turn, po_key: str | None) -> list[Reply]:
    report = await last_report(turn, po_key)
    order = await order_by_id(turn.session, report.order_id, turn.supplier_id) if report else None
    if report is None or order is None:
        minutes = int(turn.ctx.undo_window.total_seconds() // 60)
        return [turn.reply(turn.say("undo_none", minutes=minutes))]
    recorder = turn.recorder(report)
    recorder.source = SOURCE_UNDO
    restored = await revert_report(turn.session, report.id, recorder)
    await remove_report_records(turn.session, report)
    _settle_order_status(order)
    report.undone_at = turn.ctx.now
    what = turn.say("undo_what", po=order.po, text=report.text.strip()[:60],
                    at=report.reported_at.astimezone(turn.ctx.timezone).strftime("%m-%d %H:%M"))
    lines = [turn.say("undo_done", what=what)]
    lines.extend(turn.say("undo_restored", node=turn.node(m), state=turn.say(f"state_{m.status}")) for m in restored
                 if m.status != MilestoneStatus.DONE.value)
    replies = [turn.reply("\n".join(lines))]
    await _withdraw_exception(turn, report)
    return replies


def _settle_order_status(order: Order) -> None:
    shipped: Milestone | None = next((m for m in order.milestones if m.node == "shipped"), None)
    if order.status == OrderStatus.SHIPPED.value and shipped is not None \
            and shipped.status != MilestoneStatus.DONE.value:
        order.status = OrderStatus.IN_PROGRESS.value


async def _withdraw_exception(turn: Turn, report: ProgressReport) -> None:
    """Close the exception the report opened, marked withdrawn so it counts in no figure; the
    groups it reached get the one closing message."""
    exception_id = report.details.get("exception_id")
    if exception_id:
        await mark_withdrawn(turn.session, exception_id, turn.ctx.now)
        await turn.ctx.ladder.resolve(turn.session, exception_id, by=turn.speaker.label, now=turn.ctx.now,
                                 note=say("withdrawn", turn.ctx.language), language=turn.ctx.language)
