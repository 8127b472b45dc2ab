"""What is due, late or at risk, read with index-friendly queries.

"Late" is per supplier zone: a node planned for the 24th is late once the 25th has begun
where the supplier works. The SQL bounds the scan with the latest "today" any zone can
have (UTC+14) on the `(status, planned_date)` index; the exact cut per zone is then a
filter over the few rows near the boundary.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.calendar import WorkCalendar, at_local, local_date, zone_named
from storage.models import OPEN_ORDER_STATUSES, Milestone, MilestoneStatus, Order, Supplier

OPEN_NODE_STATUSES = (MilestoneStatus.PENDING.value, MilestoneStatus.IN_PROGRESS.value)
_OPEN_ORDERS = [s.value for s in OPEN_ORDER_STATUSES]
LATEST_OFFSET = timedelta(hours=14)  # no zone's date runs ahead of UTC+14


@dataclass(frozen=True)
class NodeRow:
    milestone: Milestone
    order: Order
    supplier: Supplier
    today: date  # the supplier's local date at `now`

    @property
    def days_late(self) -> int:
        return max(0, (self.today - self.milestone.planned_date).days)

    @property
    def progress(self) -> float:
        """Done fraction of the node: the reported percent, or the quantity done."""
        by_qty = self.milestone.qty_done / self.order.quantity if self.order.quantity else 0.0
        return min(1.0, max(self.milestone.percent / 100.0, by_qty))


def _zone(supplier: Supplier, fallback: ZoneInfo) -> ZoneInfo:
    return zone_named(supplier.timezone, fallback)


async def overdue_milestones(
    session: AsyncSession, now: datetime, tz: ZoneInfo | None = None, *, supplier_ids: Iterable[int] | None = None,
    fallback_zone: ZoneInfo | None = None,
) -> list[NodeRow]:
    """Open nodes of open orders whose planned date has passed: in `tz` when given, else in
    each supplier's own zone. Uses `status IN (open) AND planned_date < :bound`."""
    fallback = fallback_zone or tz or ZoneInfo("Asia/Shanghai")
    bound = local_date(now, tz) if tz else (now.astimezone(ZoneInfo("UTC")) + LATEST_OFFSET).date()
    query = (
        select(Milestone, Order, Supplier)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(Milestone.status.in_(OPEN_NODE_STATUSES), Milestone.planned_date < bound,
               Order.status.in_(_OPEN_ORDERS))
        .order_by(Milestone.planned_date, Order.po, Milestone.seq)
    )
    if supplier_ids is not None:
        query = query.where(Order.supplier_id.in_(list(supplier_ids)))
    rows = []
    for milestone, order, supplier in (await session.execute(query)).all():
        today = local_date(now, tz or _zone(supplier, fallback))
        if milestone.planned_date < today:
            rows.append(NodeRow(milestone, order, supplier, today))
    return rows


async def current_nodes(
    session: AsyncSession, now: datetime, *, calendar: WorkCalendar, supplier_ids: Iterable[int] | None = None,
    order_ids: Iterable[int] | None = None,
) -> dict[int, list[NodeRow]]:
    """Per supplier: each open order's current node (its first node not done or skipped)."""
    query = (
        select(Milestone, Order, Supplier)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(Milestone.status.in_(OPEN_NODE_STATUSES), Order.status.in_(_OPEN_ORDERS))
        .order_by(Order.supplier_id, Milestone.planned_date, Order.po, Milestone.seq)
    )
    if supplier_ids is not None:
        query = query.where(Order.supplier_id.in_(list(supplier_ids)))
    if order_ids is not None:
        query = query.where(Order.id.in_(list(order_ids)))
    first: dict[int, NodeRow] = {}
    for milestone, order, supplier in (await session.execute(query)).all():
        known = first.get(order.id)
        if known is None or milestone.seq < known.milestone.seq:
            first[order.id] = NodeRow(milestone, order, supplier, local_date(now, _zone(supplier, calendar.zone)))
    out: dict[int, list[NodeRow]] = defaultdict(list)
    for row in sorted(first.values(), key=lambda r: (r.milestone.planned_date, r.order.po)):
        out[row.supplier.id].append(row)
    return out


@dataclass(frozen=True)
class AtRisk:
    node: NodeRow
    reason: str  # "lag": progress behind the time used; "history": the supplier is usually late
    elapsed: float  # share of the node's window gone


async def at_risk_milestones(
    session: AsyncSession, now: datetime, *, calendar: WorkCalendar, min_elapsed: float = 0.5, lag: float = 0.35,
    history_days: int = 90, history_min_nodes: int = 3, history_late_share: float = 0.5,
) -> list[AtRisk]:
    """Current nodes not yet late that probably will be.

    Lag: the node's window (from the previous node's date, or the release, to its own
    date) is at least `min_elapsed` gone and progress trails it by more than `lag`
    (30 % done with 80 % of the time gone). History: the supplier finished most recent
    nodes late, by about as many days as this node has left.
    """
    nodes = [row for rows in (await current_nodes(session, now, calendar=calendar)).values() for row in rows
             if row.milestone.planned_date >= row.today]
    if not nodes:
        return []
    previous = await _previous_planned_dates(session, [row.milestone for row in nodes])
    history = await _supplier_lateness(session, now, {row.supplier.id for row in nodes}, history_days)
    risky = []
    for row in nodes:
        zone = _zone(row.supplier, calendar.zone)
        start_day = previous.get(row.milestone.id)
        start = at_local(start_day + timedelta(days=1), time(0), zone) if start_day else \
            at_local(row.order.release_date, time(0), zone)
        end = at_local(row.milestone.planned_date + timedelta(days=1), time(0), zone)
        elapsed = min(1.0, max(0.0, (now - start) / (end - start))) if end > start else 1.0
        if elapsed >= min_elapsed and row.progress + lag < elapsed:
            risky.append(AtRisk(row, "lag", elapsed))
            continue
        done, late, late_days = history.get(row.supplier.id, (0, 0, 0.0))
        days_left = (row.milestone.planned_date - row.today).days
        if done >= history_min_nodes and late / done >= history_late_share and row.progress < 1.0 \
                and days_left < math.ceil(late_days):
            risky.append(AtRisk(row, "history", elapsed))
    return risky


async def _previous_planned_dates(session: AsyncSession, milestones: list[Milestone]) -> dict[int, date]:
    orders = {m.order_id for m in milestones}
    rows = (await session.execute(
        select(Milestone.order_id, Milestone.seq, Milestone.planned_date).where(Milestone.order_id.in_(orders))
    )).all()
    by_order: dict[int, dict[int, date]] = defaultdict(dict)
    for order_id, seq, planned in rows:
        by_order[order_id][seq] = planned
    out = {}
    for m in milestones:
        earlier = [seq for seq in by_order[m.order_id] if seq < m.seq]
        if earlier:
            out[m.id] = by_order[m.order_id][max(earlier)]
    return out


async def _supplier_lateness(
    session: AsyncSession, now: datetime, supplier_ids: set[int], days: int,
) -> dict[int, tuple[int, int, float]]:
    """Per supplier over recent done nodes: (done, done late, mean days late of the late ones)."""
    rows = (await session.execute(
        select(Order.supplier_id, Milestone.planned_date, Milestone.done_at)
        .join(Order, Milestone.order_id == Order.id)
        .where(Milestone.status == MilestoneStatus.DONE.value, Milestone.done_at >= now - timedelta(days=days),
               Order.supplier_id.in_(supplier_ids))
    )).all()
    stats: dict[int, list[int]] = defaultdict(list)
    for supplier_id, planned, done_at in rows:
        stats[supplier_id].append((done_at.date() - planned).days)
    out = {}
    for supplier_id, delays in stats.items():
        late = [d for d in delays if d > 0]
        out[supplier_id] = (len(delays), len(late), sum(late) / len(late) if late else 0.0)
    return out
