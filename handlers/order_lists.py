"""The short lists staff ask for: overdue nodes, nodes due today, open orders (mine first)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.access import Scope
from handlers.order_status import MARK_DONE, MARK_OVERDUE, MARK_PENDING
from handlers.texts.buyer import mmdd, node_label, say
from storage import staff_lists
from storage.models import Milestone, MilestoneStatus, Person

LIST_LIMIT = 20


def _percent(milestone: Milestone) -> str:
    return f" · {milestone.percent:g}%" if milestone.percent else ""


def _more(total: int, shown: int, language: str) -> list[str]:
    return [say("list.more", language, n=total - shown)] if total > shown else []


async def overdue_nodes(session: AsyncSession, scope: Scope, today: date, language: str) -> str:
    """Open nodes of open orders past their planned date, the longest overdue first."""
    total, rows = await staff_lists.overdue_nodes(session, scope.orders(), today, limit=LIST_LIMIT)
    if not total:
        return say("overdue.none", language)
    lines = [say("overdue.title", language, n=total)]
    lines.extend(
        say("overdue.line", language, po=po, supplier=supplier, node=node_label(m.node, language),
            date=mmdd(m.planned_date), days=(today - m.planned_date).days, percent=_percent(m))
        for m, po, supplier in rows
    )
    return "\n".join(lines + _more(total, len(rows), language))


async def due_today(session: AsyncSession, scope: Scope, today: date, language: str) -> str:
    """Every node planned for today (done ones ticked), of orders not cancelled."""
    total, rows = await staff_lists.nodes_due(session, scope.orders(), today, limit=LIST_LIMIT)
    if not total:
        return say("today.none", language)
    lines = [say("today.title", language, date=mmdd(today), n=total)]
    lines.extend(
        say("today.line", language, mark=MARK_DONE if m.status == MilestoneStatus.DONE.value else MARK_PENDING,
            po=po, supplier=supplier, node=node_label(m.node, language), percent=_percent(m))
        for m, po, supplier in rows
    )
    return "\n".join(lines + _more(total, len(rows), language))


async def open_orders(session: AsyncSession, scope: Scope, person: Person | None, today: date, language: str) -> str:
    """The speaker's own open orders (they are the buyer); when they have none, every open
    order they may see."""
    found = await staff_lists.open_orders(
        session, scope.orders(), person.id if person is not None else None, limit=LIST_LIMIT)
    if not found.total:
        return say("orders.none", language)
    total, mine, rows, current = found.total, found.mine, found.rows, found.current
    lines = [say("orders.title.mine" if mine else "orders.title.all", language, n=total)]
    for order, supplier in rows:
        node = current.get(order.id)
        late = node is not None and node.planned_date < today
        lines.append(say(
            "orders.line", language, mark=MARK_OVERDUE if late else (MARK_PENDING if node else MARK_DONE),
            po=order.po, supplier=supplier,
            node=node_label(node.node, language) + _percent(node) if node else say("list.all_done", language),
            due=mmdd(order.due_date),
        ))
    return "\n".join(lines + _more(total, len(rows), language))
