""""At risk" (有风险): one rule, used by the board, the order page, `/status`, the digest and
the scheduler's warning — each showing the reason the rule gives.

An open order's current node (its first node not done or skipped) that is not late yet is
at risk when either:
- lag: at least `min_elapsed` of the node's window is gone (from the day after the
  previous node's date, or the release, to the end of its own date, in the supplier's
  zone) and its progress (percent, or quantity done) trails the time gone by more than
  `lag` — 30 % done with 80 % of the time gone;
- history: the supplier finished most of its recent nodes late (at least
  `history_min_nodes` in `history_days`, judged in its own zone), by on average more days
  than this node has left.
A late node is not "at risk": it is overdue, which every surface shows as such.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OPEN_ORDER_STATUSES, Milestone, MilestoneStatus, Order, Supplier

OPEN_NODE_STATUSES = (MilestoneStatus.PENDING.value, MilestoneStatus.IN_PROGRESS.value)


class RiskReason(StrEnum):
    LAG = "lag"  # progress behind the time used
    HISTORY = "history"  # the supplier is usually late by more than the days left


@dataclass(frozen=True)
class RiskRule:
    min_elapsed: float = 0.5
    lag: float = 0.35
    history_days: int = 90
    history_min_nodes: int = 3
    history_late_share: float = 0.5


RULE = RiskRule()


@dataclass(frozen=True)
class SupplierHistory:
    """A supplier's recently finished nodes: how many, how many late, mean days late of those."""

    done: int
    late: int
    mean_late_days: float


NO_HISTORY = SupplierHistory(0, 0, 0.0)


@dataclass(frozen=True)
class Risk:
    milestone_id: int
    seq: int
    order_id: int
    po: str
    supplier_id: int
    supplier: str
    node: str
    step: str | None
    planned_date: date
    today: date  # the supplier's local date
    zone: ZoneInfo  # the supplier's
    reason: RiskReason
    progress: float  # 0..1
    elapsed: float  # share of the node's window gone, 0..1
    history: SupplierHistory

    @property
    def days_left(self) -> int:
        return (self.planned_date - self.today).days

    def explain(self, language: str) -> str:
        """The reason in people's words, the same on every surface."""
        if self.reason == RiskReason.LAG:
            done, gone = round(self.progress * 100), round(self.elapsed * 100)
            return f"{done}% done, {gone}% of the time gone" if language == "en" else f"进度{done}%，时间已过{gone}%"
        h = self.history
        days = f"{h.mean_late_days:.1f}".rstrip("0").rstrip(".")
        if language == "en":
            return (f"{self.supplier} finished {h.late} of its last {h.done} nodes late, by {days} d on average; "
                    f"{self.days_left} d left")
        return f"{self.supplier}近期{h.done}个节点中{h.late}个延期，平均晚{days}天；本节点还剩{self.days_left}天"


def supplier_zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, zone)


def judge(
    *, now: datetime, zone: ZoneInfo, planned: date, window_start: date, progress: float,
    history: SupplierHistory, rule: RiskRule = RULE,
) -> tuple[RiskReason, float] | None:
    """The rule on one open node: its reason and the share of time gone, or None."""
    today = now.astimezone(zone).date()
    if planned < today:
        return None  # overdue, not at risk
    start, end = _midnight(window_start, zone), _midnight(planned + timedelta(days=1), zone)
    elapsed = min(1.0, max(0.0, (now - start) / (end - start))) if end > start else 1.0
    if elapsed >= rule.min_elapsed and progress + rule.lag < elapsed:
        return RiskReason.LAG, elapsed
    if history.done >= rule.history_min_nodes and history.late / history.done >= rule.history_late_share \
            and progress < 1.0 and (planned - today).days < math.ceil(history.mean_late_days - 1e-9):
        return RiskReason.HISTORY, elapsed
    return None


async def supplier_history(
    session: AsyncSession, now: datetime, supplier_zones: dict[int, ZoneInfo], days: int,
) -> dict[int, SupplierHistory]:
    """Per supplier, nodes finished in the last `days`: late when done after their planned day
    ended in the supplier's zone."""
    if not supplier_zones:
        return {}
    rows = (await session.execute(
        select(Order.supplier_id, Milestone.planned_date, Milestone.done_at)
        .join(Order, Milestone.order_id == Order.id)
        .where(Milestone.status == MilestoneStatus.DONE.value, Milestone.done_at.is_not(None),
               Milestone.done_at >= now - timedelta(days=days), Milestone.done_at <= now,
               Order.supplier_id.in_(list(supplier_zones)))
    )).all()
    delays: dict[int, list[int]] = defaultdict(list)
    for supplier_id, planned, done_at in rows:
        assert done_at is not None  # done nodes only
        delays[supplier_id].append((done_at.astimezone(supplier_zones[supplier_id]).date() - planned).days)
    out = {}
    for supplier_id, values in delays.items():
        late = [d for d in values if d > 0]
        out[supplier_id] = SupplierHistory(len(values), len(late), sum(late) / len(late) if late else 0.0)
    return out


@dataclass(frozen=True)
class PlanOf:
    """What the rule needs of an order, whoever loaded it (the board, /status, the jobs)."""

    order_id: int
    po: str
    quantity: int
    release_date: date
    supplier_id: int
    supplier: str


def judge_plan(
    plan: PlanOf, nodes: Sequence[Any], *, now: datetime, zone: ZoneInfo, history: SupplierHistory,
    rule: RiskRule = RULE,
) -> Risk | None:
    """The rule on an order's plan (nodes in plan order, with id, seq, node, step,
    planned_date, status, percent, qty_done): its current node's risk, or None."""
    before: date | None = None
    for node in nodes:  # in plan order
        if node.status not in OPEN_NODE_STATUSES:
            before = node.planned_date
            continue
        progress = _progress(node.percent, node.qty_done, plan.quantity)
        start = before + timedelta(days=1) if before is not None else plan.release_date
        verdict = judge(now=now, zone=zone, planned=node.planned_date, window_start=start, progress=progress,
                        history=history, rule=rule)
        return _risk(plan, node, zone, now, verdict, progress, history) if verdict is not None else None
    return None


def _progress(percent: float, qty_done: int, quantity: int) -> float:
    """Done share of a node: the reported percent, or the quantity done."""
    by_qty = qty_done / quantity if quantity else 0.0
    return min(1.0, max(percent / 100.0, by_qty))


def _risk(plan: PlanOf, node: Any, zone: ZoneInfo, now: datetime, verdict: tuple[RiskReason, float],
          progress: float, history: SupplierHistory) -> Risk:
    reason, elapsed = verdict
    return Risk(
        milestone_id=node.id, seq=node.seq, order_id=plan.order_id, po=plan.po, supplier_id=plan.supplier_id,
        supplier=plan.supplier, node=node.node, step=node.step, planned_date=node.planned_date,
        today=now.astimezone(zone).date(), zone=zone, reason=reason, progress=progress, elapsed=elapsed,
        history=history,
    )


async def at_risk_nodes(
    session: AsyncSession, now: datetime, *, fallback_zone: ZoneInfo, supplier_ids: Iterable[int] | None = None,
    order_ids: Iterable[int] | None = None, rule: RiskRule = RULE,
) -> list[Risk]:
    """Every open order's current node that the rule says is at risk, soonest date first.

    Two queries: each open order's current node with the date of the node before it (window
    functions, so only one row per order leaves the database), and the suppliers' history.
    """
    scope = [Order.status.in_([s.value for s in OPEN_ORDER_STATUSES])]
    if supplier_ids is not None:
        scope.append(Order.supplier_id.in_(list(supplier_ids)))
    if order_ids is not None:
        scope.append(Order.id.in_(list(order_ids)))
    plan = (
        select(Milestone.id, Milestone.order_id, Milestone.seq, Milestone.status,
               func.lag(Milestone.planned_date, type_=Date()).over(partition_by=Milestone.order_id,
                                                              order_by=Milestone.seq).label("previous"))
        .join(Order, Milestone.order_id == Order.id)
        .where(*scope)
        .subquery("plan")
    )
    open_nodes = (
        select(plan.c.id, plan.c.previous,
               func.row_number().over(partition_by=plan.c.order_id, order_by=plan.c.seq).label("rank"))
        .where(plan.c.status.in_(OPEN_NODE_STATUSES))
        .subquery("open_nodes")
    )
    rows: Sequence[Any] = (await session.execute(  # 15 columns: past SQLAlchemy's typed arity
        select(Milestone.id, Milestone.seq, Milestone.node, Milestone.step, Milestone.planned_date,
               Milestone.percent, Milestone.qty_done, open_nodes.c.previous, Order.id, Order.po, Order.quantity,
               Order.release_date, Order.supplier_id, Supplier.name, Supplier.timezone)
        .join(open_nodes, open_nodes.c.id == Milestone.id)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(open_nodes.c.rank == 1)
    )).all()
    zones: dict[int, ZoneInfo] = {}
    for row in rows:
        if row[12] not in zones:
            zones[row[12]] = supplier_zone(row[14], fallback_zone)
    history = await supplier_history(session, now, zones, rule.history_days)
    risks = []
    for (node_id, seq, node, step, planned, percent, qty_done, previous, order_id, po, quantity, release,
         supplier_id, supplier, _) in rows:
        zone = zones[supplier_id]
        seen = history.get(supplier_id, NO_HISTORY)
        progress = _progress(percent, qty_done, quantity)
        start = previous + timedelta(days=1) if previous is not None else release
        verdict = judge(now=now, zone=zone, planned=planned, window_start=start, progress=progress,
                        history=seen, rule=rule)
        if verdict is not None:
            reason, elapsed = verdict
            risks.append(Risk(
                milestone_id=node_id, seq=seq, order_id=order_id, po=po, supplier_id=supplier_id, supplier=supplier,
                node=node, step=step, planned_date=planned, today=now.astimezone(zone).date(), zone=zone, reason=reason,
                progress=progress, elapsed=elapsed, history=seen,
            ))
    return sorted(risks, key=lambda r: (r.planned_date, r.po))
