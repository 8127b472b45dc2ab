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

Time is counted in the supplier's local days: the window is whole local days, and the time
gone is the local days since its start plus the share of today's wall clock gone. The rule
is written once as arithmetic (`judge`) and once as the same arithmetic in SQL
(`at_risk_orders`, a set of order ids for the board's filter, with no per-order loop);
tests hold the two to the same answer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, Float, Integer, and_, case, cast, false, func, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from storage import chunked
from storage.chunked import rows_in_parts
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


def local_day(now: datetime, zone: ZoneInfo) -> tuple[date, float]:
    """The local date at `now` in `zone`, and the share of its wall clock gone (0 ≤ share < 1)."""
    local = now.astimezone(zone)
    clock = local.time()
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6
    return local.date(), seconds / 86400.0


def lagging(gone: float, span: int, progress: float, rule: RiskRule = RULE) -> bool:
    """The lag half of the rule, multiplied out (no division, so SQL computes the same floats):
    at least `min_elapsed` of the window gone, and progress trailing it by more than `lag`.
    A window of no days (the node before is planned later) counts as all gone."""
    if span <= 0:
        return 1.0 >= rule.min_elapsed and progress + rule.lag < 1.0
    return gone >= rule.min_elapsed * span and (progress + rule.lag) * span < gone


def history_horizon(history: SupplierHistory, rule: RiskRule = RULE) -> int | None:
    """When the supplier is usually late: a node with fewer days left than this is at risk
    (the mean delay, rounded up); None when its history says nothing."""
    if history.done >= rule.history_min_nodes and history.late / history.done >= rule.history_late_share:
        return math.ceil(history.mean_late_days - 1e-9)
    return None


def judge(
    *, now: datetime, zone: ZoneInfo, planned: date, window_start: date, progress: float,
    history: SupplierHistory, rule: RiskRule = RULE,
) -> tuple[RiskReason, float] | None:
    """The rule on one open node: its reason and the share of time gone, or None."""
    today, share = local_day(now, zone)
    if planned < today:
        return None  # overdue, not at risk
    span = (planned - window_start).days + 1
    gone = (today - window_start).days + share
    elapsed = min(1.0, max(0.0, gone / span)) if span > 0 else 1.0
    if lagging(gone, span, progress, rule):
        return RiskReason.LAG, elapsed
    horizon = history_horizon(history, rule)
    if horizon is not None and progress < 1.0 and (planned - today).days < horizon:
        return RiskReason.HISTORY, elapsed
    return None


async def supplier_history(
    session: AsyncSession, now: datetime, supplier_zones: dict[int, ZoneInfo], days: int,
) -> dict[int, SupplierHistory]:
    """Per supplier, nodes finished in the last `days`: late when done after their planned day
    ended in the supplier's zone. Counted by the database (one row per supplier comes back):
    a finish time's local day is its UTC seconds plus the zone's offset at that instant."""
    if not supplier_zones:
        return {}
    since = now - timedelta(days=days)
    by_zone: dict[str, list[int]] = defaultdict(list)
    zone_of: dict[str, ZoneInfo] = {}
    for supplier_id, zone in supplier_zones.items():
        by_zone[zone.key].append(supplier_id)
        zone_of[zone.key] = zone
    seconds = epoch_second(Milestone.done_at)
    offset = case(*[(Order.supplier_id.in_(ids), _offset_at(seconds, zone_of[key], since, now))
                    for key, ids in by_zone.items()], else_=0)
    late_days = (seconds + offset) // 86400 - epoch_day(Milestone.planned_date)  # whole days: floor division
    rows = (await session.execute(
        select(Order.supplier_id, func.count(),
               func.sum(case((late_days > 0, 1), else_=0)), func.sum(case((late_days > 0, late_days), else_=0)))
        .join(Order, Milestone.order_id == Order.id)
        .where(Milestone.status == MilestoneStatus.DONE.value, Milestone.done_at.is_not(None),
               Milestone.done_at >= since, Milestone.done_at <= now,
               Order.supplier_id.in_(list(supplier_zones)))
        .group_by(Order.supplier_id)
    )).all()
    return {supplier_id: SupplierHistory(int(done), int(late or 0), int(total or 0) / int(late) if late else 0.0)
            for supplier_id, done, late, total in rows}


def history_of(finished: Iterable[tuple[date, datetime]], zone: ZoneInfo, now: datetime, days: int) -> SupplierHistory:
    """`supplier_history` of one supplier, counted here from its finished nodes (plan, finished
    at) already read (`storage.forecast.finished_lately`): the same local-day arithmetic."""
    since = now - timedelta(days=days)
    lateness = [(done_at.astimezone(zone).date() - planned).days for planned, done_at in finished
                if since <= done_at <= now]
    late = [d for d in lateness if d > 0]
    if not lateness:
        return NO_HISTORY
    return SupplierHistory(len(lateness), len(late), sum(late) / len(late) if late else 0.0)


def _offset_at(seconds: Any, zone: ZoneInfo, start: datetime, end: datetime) -> Any:
    """The zone's UTC offset (seconds) at the instant `seconds` (UTC seconds since the epoch),
    between `start` and `end`: a constant, or a CASE over the zone's changes (summer time)."""
    changes = _offset_changes(zone, start, end)
    first = changes[0][1]
    if len(changes) == 1:
        return literal(first, Integer())
    return case(*[(seconds < at, literal(before, Integer())) for (_, before), (at, _) in zip(changes, changes[1:], strict=False)],
                else_=literal(changes[-1][1], Integer()))


def _offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """[(from UTC second, offset seconds)] for `zone` over [start, end], found day by day and
    then to the second."""
    def offset(at: int) -> int:
        delta = datetime.fromtimestamp(at, UTC).astimezone(zone).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    first, last = int(start.timestamp()) - 86400, int(end.timestamp()) + 86400
    changes = [(first, offset(first))]
    at = first
    while at < last:
        following = min(at + 86400, last)
        if offset(following) != changes[-1][1]:
            low, high = at, following  # offset(low) is the old one, offset(high) the new
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == changes[-1][1] else (low, middle)
            changes.append((high, offset(high)))
        at = following
    return changes


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


def _open_nodes(scope: Sequence[Any]) -> Any:
    """Each open node of the orders in `scope` with the planned date of the node before it and
    its rank among the order's open nodes (1: the current node); window functions, one pass."""
    plan = (
        select(Milestone.id, Milestone.order_id, Milestone.seq, Milestone.status,
               func.lag(Milestone.planned_date, type_=Date()).over(partition_by=Milestone.order_id,
                                                              order_by=Milestone.seq).label("previous"))
        .join(Order, Milestone.order_id == Order.id)
        .where(*scope)
        .subquery("plan")
    )
    return (
        select(plan.c.id, plan.c.previous,
               func.row_number().over(partition_by=plan.c.order_id, order_by=plan.c.seq).label("rank"))
        .where(plan.c.status.in_(OPEN_NODE_STATUSES))
        .subquery("open_nodes")
    )


RiskKey = tuple[date, str]  # (planned date, PO): where a page of at-risk nodes ends


async def at_risk_nodes(
    session: AsyncSession, now: datetime, *, fallback_zone: ZoneInfo, supplier_ids: Iterable[int] | None = None,
    order_ids: Iterable[int] | None = None, rule: RiskRule = RULE,
) -> list[Risk]:
    """Every open order's current node that the rule says is at risk, soonest date first: the
    pages of `at_risk_page` together (only at-risk nodes are read, so the list is as long as the
    answer, not as the open orders)."""
    risks: list[Risk] = []
    after: RiskKey | None = None
    while True:
        page, after = await at_risk_page(session, now, fallback_zone=fallback_zone, supplier_ids=supplier_ids,
                                         order_ids=order_ids, rule=rule, after=after)
        risks.extend(page)
        if after is None:
            return risks


async def at_risk_page(
    session: AsyncSession, now: datetime, *, fallback_zone: ZoneInfo, supplier_ids: Iterable[int] | None = None,
    order_ids: Iterable[int] | None = None, rule: RiskRule = RULE, after: RiskKey | None = None,
    size: int | None = None,
) -> tuple[list[Risk], RiskKey | None]:
    """One page of `at_risk_nodes` (at most `size` rows, default `chunked.PAGE_ROWS`), in its order,
    after `after`; and where the next page starts (None after the last).

    The database gives only the current nodes (window functions, over the orders in scope) the
    rule's SQL (`at_risk_orders`' arithmetic) says are at risk, with the date of the node before
    each; each is judged again here by `judge`, the rule's own arithmetic, which gives the reason. It read one row per open order
    (100,000 at once) to keep the few at risk; a job over many at-risk nodes holds one page."""
    size = size or chunked.PAGE_ROWS
    zones = await _supplier_zones(session, fallback_zone)
    history = await supplier_history(session, now, zones, rule.history_days)
    scope = [Order.status.in_([s.value for s in OPEN_ORDER_STATUSES])]
    if supplier_ids is not None:
        scope.append(Order.supplier_id.in_(list(supplier_ids)))
    if order_ids is not None:
        scope.append(Order.id.in_(list(order_ids)))
    open_nodes = _open_nodes(scope)
    # by code point, as Python sorted the list before (a PostgreSQL database's collation need not be)
    po = Order.po.collate("C") if session.bind is not None and session.bind.dialect.name == "postgresql" else Order.po
    query = (  # 15 columns: past SQLAlchemy's typed arity
        select(Milestone.id, Milestone.seq, Milestone.node, Milestone.step, Milestone.planned_date,
               Milestone.percent, Milestone.qty_done, open_nodes.c.previous, Order.id, Order.po, Order.quantity,
               Order.release_date, Order.supplier_id, Supplier.name, Supplier.timezone)
        .join(open_nodes, open_nodes.c.id == Milestone.id)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(open_nodes.c.rank == 1, _at_risk_clause(open_nodes, now, zones, history, rule))
        .order_by(Milestone.planned_date, po)
        .limit(size)
    )
    if after is not None:
        query = query.where(Milestone.planned_date >= after[0], tuple_(Milestone.planned_date, po) > tuple_(*after))
    rows: Sequence[Any] = await rows_in_parts(session, query)
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
    if len(rows) < size:
        return risks, None
    return risks, (rows[-1][4], rows[-1][9])


async def _supplier_zones(session: AsyncSession, fallback_zone: ZoneInfo) -> dict[int, ZoneInfo]:
    return {supplier_id: supplier_zone(name, fallback_zone)
            for supplier_id, name in (await session.execute(select(Supplier.id, Supplier.timezone))).all()}


# --- the same rule as a set ---------------------------------------------------------------

EPOCH = date(1970, 1, 1)


class epoch_day(FunctionElement[int]):  # noqa: N801  (a SQL function, named as one)
    """Days from 1970-01-01 to a DATE, the same integer on SQLite and PostgreSQL."""

    type = Integer()
    inherit_cache = True


@compiles(epoch_day, "sqlite")
def _epoch_day_sqlite(element: epoch_day, compiler: Any, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(epoch_day, "postgresql")
def _epoch_day_postgresql(element: epoch_day, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


class epoch_second(FunctionElement[int]):  # noqa: N801
    """Whole UTC seconds since 1970 of a timestamp (stored in UTC on both engines)."""

    type = Integer()
    inherit_cache = True


@compiles(epoch_second, "sqlite")
def _epoch_second_sqlite(element: epoch_second, compiler: Any, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_second, "postgresql")
def _epoch_second_postgresql(element: epoch_second, compiler: Any, **kw: Any) -> str:
    return f"CAST(floor(extract(epoch from {compiler.process(element.clauses, **kw)})) AS BIGINT)"


def _number(value: float) -> Any:
    return literal(value, Float())


async def at_risk_orders(
    session: AsyncSession, now: datetime, *, fallback_zone: ZoneInfo, rule: RiskRule = RULE,
) -> Any:
    """The open orders whose current node the rule says is at risk, as a subquery of order ids
    (for `Order.id.in_(...)`): `judge`'s arithmetic in SQL, evaluated by the database over every
    open order at once. Per zone its local day; per supplier its history (one small query)."""
    zones = await _supplier_zones(session, fallback_zone)
    history = await supplier_history(session, now, zones, rule.history_days)
    return _at_risk_set(now, zones, history, rule)


def _at_risk_set(
    now: datetime, zones: dict[int, ZoneInfo], history: dict[int, SupplierHistory], rule: RiskRule,
) -> Any:
    """`at_risk_orders` from the suppliers' zones and histories already read."""
    if not zones:
        return select(Order.id).where(false())
    current = _open_nodes([Order.status.in_([s.value for s in OPEN_ORDER_STATUSES])])
    return (
        select(Order.id)
        .select_from(Milestone)
        .join(current, current.c.id == Milestone.id)
        .join(Order, Milestone.order_id == Order.id)
        .where(current.c.rank == 1, _at_risk_clause(current, now, zones, history, rule))
    )


def _at_risk_clause(
    current: Any, now: datetime, zones: dict[int, ZoneInfo], history: dict[int, SupplierHistory], rule: RiskRule,
) -> Any:
    """The rule in SQL over a query of `Milestone`, `Order` and `current` (`_open_nodes`: the date
    of the node before each), per zone its local day and per supplier its history."""
    if not zones:
        return false()
    planned = epoch_day(Milestone.planned_date)
    start = case((current.c.previous.is_(None), epoch_day(Order.release_date)),
                 else_=epoch_day(current.c.previous) + 1)
    span = planned - start + 1
    share = cast(Milestone.percent, Float()) / _number(100.0)
    by_qty = case((Order.quantity > 0, cast(Milestone.qty_done, Float()) / cast(Order.quantity, Float())),
                  else_=_number(0.0))
    best = case((share > by_qty, share), else_=by_qty)
    progress = case((best > _number(1.0), _number(1.0)), else_=best)
    no_window = and_(span <= 0, progress + _number(rule.lag) < _number(1.0)) if 1.0 >= rule.min_elapsed else false()

    by_zone: dict[str, list[int]] = defaultdict(list)
    zone_of: dict[str, ZoneInfo] = {}
    for supplier_id, zone in zones.items():
        by_zone[zone.key].append(supplier_id)
        zone_of[zone.key] = zone
    clauses = []
    for key, supplier_ids in by_zone.items():
        today, part = local_day(now, zone_of[key])
        day = (today - EPOCH).days
        gone = (literal(day, Integer()) - start) + _number(part)
        lag = or_(no_window, and_(span > 0, gone >= _number(rule.min_elapsed) * span,
                                  (progress + _number(rule.lag)) * span < gone))
        horizons: dict[int, list[int]] = defaultdict(list)
        for supplier_id in supplier_ids:
            horizon = history_horizon(history.get(supplier_id, NO_HISTORY), rule)
            if horizon is not None:
                horizons[horizon].append(supplier_id)
        late_suppliers = [and_(Order.supplier_id.in_(ids), progress < _number(1.0), planned - day < horizon)
                          for horizon, ids in horizons.items()]
        clauses.append(and_(Order.supplier_id.in_(supplier_ids), planned >= day, or_(lag, *late_suppliers)))
    return or_(*clauses)
