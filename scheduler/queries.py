"""What is due or late, read with index-friendly queries ("at risk" is `storage.risk`).

"Late" is per supplier zone: a node planned for the 24th is late once the 25th has begun
where the supplier works. The SQL bounds the scan with the latest "today" any zone can
have (UTC+14) on the `(status, planned_date)` index; the exact cut per zone is then a
filter over the few rows near the boundary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, String, cast, exists, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import FunctionElement

from scheduler.calendar import WorkCalendar, local_date, zone_named
from storage import chunked
from storage.chunked import rows_in_parts
from storage.models import OPEN_ORDER_STATUSES, ExceptionTicket, Milestone, MilestoneStatus, Order, Supplier

OPEN_NODE_STATUSES = (MilestoneStatus.PENDING.value, MilestoneStatus.IN_PROGRESS.value)
_OPEN_ORDERS = [s.value for s in OPEN_ORDER_STATUSES]
LATEST_OFFSET = timedelta(hours=14)  # no zone's date runs ahead of UTC+14
IN_IDS = 1000  # ids one IN (...) carries at most (both drivers bind each as a parameter)


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
    query = _late_nodes(bound).order_by(Milestone.planned_date, Order.po, Milestone.seq)
    if supplier_ids is not None:
        query = query.where(Order.supplier_id.in_(list(supplier_ids)))
    rows = []
    for milestone, order, supplier in await rows_in_parts(session, query):
        today = local_date(now, tz or _zone(supplier, fallback))
        if milestone.planned_date < today:
            rows.append(NodeRow(milestone, order, supplier, today))
    return rows


def overdue_key(milestone: Milestone) -> str:
    """One overdue exception per node and planned date: re-planned and late again is a new one."""
    return f"overdue:{milestone.id}:{milestone.planned_date.isoformat()}"


class iso_day(FunctionElement[str]):  # noqa: N801  (a SQL function, named as one)
    """A DATE as `date.isoformat()` writes it (YYYY-MM-DD), the same text on SQLite and PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(iso_day, "sqlite")
def _iso_day_sqlite(element: iso_day, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS TEXT)"  # stored as ISO text already


@compiles(iso_day, "postgresql")
def _iso_day_postgresql(element: iso_day, compiler: Any, **kw: Any) -> str:
    return f"to_char(CAST({compiler.process(element.clauses, **kw)} AS TIMESTAMP), 'YYYY-MM-DD')"  # any DateStyle, no zone


def overdue_key_sql() -> ColumnElement[str]:
    """`overdue_key` of the `Milestone` row in the query, computed by the database: the tick asks
    which late nodes have no exception under their key without reading every late node."""
    return literal("overdue:") + cast(Milestone.id, String()) + literal(":") + iso_day(Milestone.planned_date)


def _late_nodes(bound: date) -> Select[Milestone, Order, Supplier]:
    """Open nodes of open orders planned before `bound`: the one reading of "late" that the whole
    read (`overdue_milestones`) and its pages (`overdue_page`) share."""
    return (
        select(Milestone, Order, Supplier)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(Milestone.status.in_(OPEN_NODE_STATUSES), Milestone.planned_date < bound,
               Order.status.in_(_OPEN_ORDERS))
    )


LateKey = tuple[date, str, int, int]  # (planned date, PO, seq, node id): where a page of late nodes ends


async def overdue_page(
    session: AsyncSession, now: datetime, *, after: LateKey | None = None, size: int | None = None,
    fallback_zone: ZoneInfo | None = None, unopened: bool = False,
) -> tuple[list[NodeRow], LateKey | None]:
    """One page of `overdue_milestones` (each supplier's own zone), in the same order, after `after`:
    the late nodes of the page, and where the next page starts (None after the last page). A job
    over 100,000 late nodes holds one page at a time, not all of them; the key is taken from the
    rows read, before the zone cut, so a page whose rows are all still "today" somewhere moves on.

    `unopened`: only the late nodes with no exception under their `overdue_key` yet (open or
    closed: a key opens at most one, ever), tested by the database on the key's unique index.
    The escalation tick opens exceptions for no others, so a steady tick over 100,000 late nodes
    that all have theirs reads none of them (it read and built every one: 16.7 s)."""
    fallback = fallback_zone or ZoneInfo("Asia/Shanghai")
    size = size or chunked.PAGE_ROWS
    bound = (now.astimezone(ZoneInfo("UTC")) + LATEST_OFFSET).date()
    order = (Milestone.planned_date, Order.po, Milestone.seq, Milestone.id)
    query = _late_nodes(bound).order_by(*order).limit(size)
    if unopened:
        query = query.where(~exists().where(ExceptionTicket.dedupe_key == overdue_key_sql()))
    if after is not None:
        query = query.where(Milestone.planned_date >= after[0], tuple_(*order) > tuple_(*after))
    found = await rows_in_parts(session, query)
    rows = []
    for milestone, order_row, supplier in found:
        today = local_date(now, _zone(supplier, fallback))
        if milestone.planned_date < today:
            rows.append(NodeRow(milestone, order_row, supplier, today))
    if len(found) < size:
        return rows, None
    last, last_order, _ = found[-1]
    return rows, (last.planned_date, last_order.po, last.seq, last.id)


def _current_node_rows(
    supplier_ids: Iterable[int] | None, order_ids: Iterable[int] | None,
) -> Select[Milestone, Order, Supplier]:
    query = (
        select(Milestone, Order, Supplier)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(Milestone.status.in_(OPEN_NODE_STATUSES), Order.status.in_(_OPEN_ORDERS), _is_current())
        .order_by(Order.supplier_id, Milestone.planned_date, Order.po)
    )
    # on the node's own order id, so each node is let go before the test for an earlier open node
    # (SQLite tested that first, for every open node of every supplier: 3 s a part at 100,000 orders)
    if supplier_ids is not None:
        query = query.where(Milestone.order_id.in_(select(Order.id).where(Order.supplier_id.in_(list(supplier_ids)))))
    if order_ids is not None:
        query = query.where(Milestone.order_id.in_(list(order_ids)))
    return query


async def current_nodes(
    session: AsyncSession, now: datetime, *, calendar: WorkCalendar, supplier_ids: Iterable[int] | None = None,
    order_ids: Iterable[int] | None = None,
) -> dict[int, list[NodeRow]]:
    """Per supplier: each open order's current node (its first node not done or skipped), by date
    then PO. Only current nodes leave the database (`_is_current`: one row per order, not one per
    open node); `order_ids` are asked `IN_IDS` at a time. A job over many suppliers reads them a
    part at a time (`current_node_counts` says how many rows each supplier brings)."""
    found: list[Any] = []
    if order_ids is None:
        found = await rows_in_parts(session, _current_node_rows(supplier_ids, None))
    else:
        ids = sorted(set(order_ids))
        suppliers = None if supplier_ids is None else list(supplier_ids)
        for start in range(0, len(ids), IN_IDS):
            found.extend(await rows_in_parts(session, _current_node_rows(suppliers, ids[start:start + IN_IDS])))
    out: dict[int, list[NodeRow]] = defaultdict(list)
    for milestone, order, supplier in found:
        out[supplier.id].append(NodeRow(milestone, order, supplier, local_date(now, _zone(supplier, calendar.zone))))
    for rows in out.values():
        rows.sort(key=lambda r: (r.milestone.planned_date, r.order.po))  # already so, unless read in parts of ids
    # suppliers in the order of their first node (by date, then PO), as the whole list flattened reads
    return dict(sorted(out.items(), key=lambda item: (item[1][0].milestone.planned_date, item[1][0].order.po)))


async def current_node_counts(session: AsyncSession, supplier_ids: Sequence[int]) -> dict[int, int]:
    """At most how many current nodes (`current_nodes` rows) each supplier has: its open orders
    (each has one, or none when all its nodes are done), counted on the orders' supplier index, one
    row a supplier; so a job can read its suppliers' nodes in parts of about `chunked.PAGE_ROWS`."""
    counts: dict[int, int] = {}
    for start in range(0, len(supplier_ids), IN_IDS):
        counts.update((sid, int(n)) for sid, n in (await session.execute(
            select(Order.supplier_id, func.count())
            .where(Order.supplier_id.in_(list(supplier_ids[start:start + IN_IDS])), Order.status.in_(_OPEN_ORDERS))
            .group_by(Order.supplier_id)
        )).all())
    return counts


def _is_current() -> ColumnElement[bool]:
    """An open node with no open node before it in its order: the order's current node."""
    before = aliased(Milestone)
    return ~exists().where(before.order_id == Milestone.order_id, before.seq < Milestone.seq,
                           before.status.in_(OPEN_NODE_STATUSES))


async def current_due_today(session: AsyncSession, now: datetime, *, calendar: WorkCalendar) -> list[NodeRow]:
    """The rows of `current_nodes` (flattened, in its order) planned for the supplier's today, as
    set queries: only nodes dated within a day of UTC's date are read, and each supplier's place
    (its earliest current node, by date then PO) is one aggregate, so a digest over 100,000 open
    orders holds the nodes due today, not every open node."""
    utc = now.astimezone(ZoneInfo("UTC"))
    low, high = (utc - timedelta(hours=12)).date(), (utc + LATEST_OFFSET).date()
    open_current = (Milestone.status.in_(OPEN_NODE_STATUSES), Order.status.in_(_OPEN_ORDERS), _is_current())
    found = await rows_in_parts(session, (
        select(Milestone, Order, Supplier)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(*open_current, Milestone.planned_date >= low, Milestone.planned_date <= high)
        .order_by(Order.supplier_id, Milestone.planned_date, Order.po, Milestone.seq)
    ))
    due = []
    for milestone, order, supplier in found:
        today = local_date(now, _zone(supplier, calendar.zone))
        if milestone.planned_date == today:
            due.append(NodeRow(milestone, order, supplier, today))
    if not due:
        return []
    suppliers = sorted({row.supplier.id for row in due})
    earliest = (
        select(Order.supplier_id.label("supplier_id"), func.min(Milestone.planned_date).label("day"))
        .join(Order, Milestone.order_id == Order.id)
        .where(*open_current, Order.supplier_id.in_(suppliers))
        .group_by(Order.supplier_id)
        .subquery()
    )
    place = {sid: (day, po) for sid, day, po in (await session.execute(
        select(earliest.c.supplier_id, earliest.c.day, func.min(Order.po))
        .select_from(Milestone)
        .join(Order, Milestone.order_id == Order.id)
        .join(earliest, (earliest.c.supplier_id == Order.supplier_id) & (earliest.c.day == Milestone.planned_date))
        .where(*open_current)
        .group_by(earliest.c.supplier_id, earliest.c.day)
    )).all()}
    due.sort(key=lambda r: (r.milestone.planned_date, r.order.po))
    return sorted(due, key=lambda r: place[r.supplier.id])  # stable: by supplier's place, then date and PO
