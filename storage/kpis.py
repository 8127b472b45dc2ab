"""The KPIs of the brief (监控指标), computed by the database, for the bot and the dashboard.

Every function takes a period [start, end) — aware datetimes, or dates meaning local
midnights in `tz` (the service's zone) — and an optional supplier. Rates come back as a
`Rate` (numerator, denominator, ratio; ratio None when nothing counted).

Only what FELL DUE counts: with `now`, the period ends at min(end, now), so a month in
progress counts the nodes whose day has ended, and a period wholly in the future counts
nothing (ratio None: no value, never 0 %). Every surface (chat, pages, API, digest,
exports) passes its clock's `now`. Withdrawn (undone) reports count nowhere: their
inspections and lots are removed by the undo, their exceptions carry `withdrawn_at`, and
the planned-date moves they made are left out of the delay reasons.

Definitions (the dashboard must show the same numbers):
- node on-time rate: nodes whose planned day ended in the period (planned date in
  [local start date, local end date)), of orders not cancelled, not skipped; on time when
  done before the end of the planned day in `tz`. Measured against the plan as released
  (`original_planned_date`) unless `baseline="current"`: a moved date is still a slip.
- first-pass yield: decided first inspections (`first_inspection`, verdict pass/fail)
  inspected in the period; passed ÷ all, or accepted ÷ inspected quantity with `by="quantity"`.
- exception response time: exceptions opened in the period and acknowledged; median and
  p90 of acknowledged_at − opened_at, with linear interpolation between ranks (the same as
  PostgreSQL's `percentile_cont`), so 1h, 2h, 4h, 10h give median 3h and p90 8.2h.
- delivery cycle: orders accepted in the period; days from release date to the local date
  of acceptance (mean, median, p90).
- rework / scrap rate: lots shipped in the period that have an inspection result
  (accepted + rejected > 0); reworked (scrapped) quantity ÷ (accepted + rejected).
- on-time delivery rate: orders not cancelled whose due date ended in the period; on time
  when accepted before the end of the due date in `tz`.
- reporting compliance: prompts sent in the period whose reply window has closed by the
  period's end or that were answered; answered at or before `reply_by` ÷ those prompts.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
    values,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join, TableClause

from storage.models import (
    ExceptionTicket,
    Inspection,
    Lot,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Order,
    OrderStatus,
    ProgressReport,
    Prompt,
    Verdict,
)
from storage.types import UTCDateTime

Query = Select[*tuple[Any, ...]]  # a statement of any columns

SHANGHAI = ZoneInfo("Asia/Shanghai")
UNDO_SOURCE = "undo"  # MilestoneChange.source of the rows an undo writes (handlers.milestone_history)
SCORECARD_DAYS = 90  # the period of a scorecard, in chat and on the suppliers page alike
Moment = date | datetime
Periods = Sequence[tuple[Moment, Moment]]  # [start, end) of each, as the single-period functions take

# The rates of a scorecard, by the names the KPI report gives them (`supplier_scorecards(counted=)`).
SCORECARD_RATES = ("on_time_delivery", "node_on_time", "first_pass_yield", "rework", "scrap", "reporting_compliance")

SCORE_WEIGHTS: dict[str, float] = {
    "on_time_delivery": 0.30,
    "first_pass_yield": 0.25,
    "node_on_time": 0.20,
    "reporting_compliance": 0.15,
    "rework_scrap": 0.10,
}


@dataclass(frozen=True, slots=True)
class Rate:
    """A KPI that is a share: what counted, out of what; `ratio` None when nothing counted."""

    numerator: int
    denominator: int
    ratio: float | None

    @classmethod
    def of(cls, numerator: Any, denominator: Any) -> Rate:
        n, d = int(numerator or 0), int(denominator or 0)
        return cls(n, d, n / d if d else None)

    @classmethod
    def total(cls, rates: Sequence[Rate]) -> Rate:
        """The rate of rows counted in any of `rates`, which count disjoint rows (the weeks that
        tile a period, or suppliers): numerators and denominators add up."""
        return cls.of(sum(r.numerator for r in rates), sum(r.denominator for r in rates))


@dataclass(frozen=True, slots=True)
class Durations:
    """A KPI that is a spread of times: how many, median and p90 (None when there are none)."""

    count: int
    median: timedelta | None
    p90: timedelta | None
    mean: timedelta | None
    pending: int = 0  # opened in the period, not acknowledged yet


@dataclass(frozen=True, slots=True)
class CycleDays:
    count: int
    mean: float | None
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class Scorecard:
    """One supplier over one period: the KPIs, the delay reasons given, and a 0–100 score."""

    supplier_id: int
    start: datetime
    end: datetime
    on_time_delivery: Rate
    node_on_time: Rate
    first_pass_yield: Rate
    rework: Rate
    scrap: Rate
    reporting_compliance: Rate
    response_time: Durations
    delivery_cycle: CycleDays
    delay_reasons: tuple[tuple[str, int], ...]
    score: float | None


@dataclass(frozen=True, slots=True)
class RateGrid:
    """One rate counted once for several periods and every supplier at the same time: the
    (numerator, denominator) of each (supplier, period) with something counted.

    A rate's numerator and denominator are counts (or sums) over rows, so the figure of all
    suppliers, or of periods that tile a longer one (a month's weeks: every row in exactly one
    of them), is the sum of its cells. The monthly report reads the month's nodes once, by
    supplier and week, and adds them up for its figures, its trend and its scorecards.
    """

    cells: dict[tuple[int | None, int], tuple[int, int]]

    def _add(self, pairs: Any) -> Rate:
        numerator = denominator = 0
        for n, d in pairs:
            numerator += n
            denominator += d
        return Rate.of(numerator, denominator)

    def period(self, place: int) -> Rate:
        """All suppliers (and rows of none) in the period at `place`."""
        return self._add(v for (_, at), v in self.cells.items() if at == place)

    def periods(self, places: Sequence[int]) -> Rate:
        """All suppliers over the periods at `places` together (they must not overlap)."""
        wanted = set(places)
        return self._add(v for (_, at), v in self.cells.items() if at in wanted)

    def by_supplier(self, places: Sequence[int]) -> dict[int, Rate]:
        """Each supplier with something counted over the periods at `places` (not overlapping),
        as `*_by_supplier` gives it for their union."""
        wanted = set(places)
        sums: dict[int, list[int]] = {}
        for (supplier_id, at), (n, d) in self.cells.items():
            if at in wanted and supplier_id is not None:
                pair = sums.setdefault(supplier_id, [0, 0])
                pair[0] += n
                pair[1] += d
        return {supplier_id: Rate.of(n, d) for supplier_id, (n, d) in sums.items()}


# --- periods ------------------------------------------------------------------------------

def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tz)


def as_moment(value: Moment, tz: ZoneInfo) -> datetime:
    """A period bound as an aware datetime; a date means its local midnight in `tz`."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: period bounds must be timezone-aware")
        return value
    return local_midnight(value, tz)


def local_day(value: Moment, tz: ZoneInfo) -> date:
    return value.astimezone(tz).date() if isinstance(value, datetime) else value


def _day_range(start: Moment, end: Moment, tz: ZoneInfo) -> tuple[date, date]:
    """Planned days whose end (next local midnight) falls in (start, end]: [first, stop)."""
    return local_day(start, tz), local_day(end, tz)


@functools.lru_cache(maxsize=64)
def _day_ends(first: date, stop: date, tz: ZoneInfo) -> Any:
    """A small inline table (day, ends_at): when each local day of the period ends, in UTC.

    Computed here with the zone database, so a day is exact across daylight-saving changes
    on SQLite as on PostgreSQL. Named by its days, so the tables of several periods can sit
    in one statement (`_rates_by_period`); the same days give the same table (cached), which
    one statement may name twice, and the same statement text, which SQLAlchemy compiles once.
    """
    rows = [(first + timedelta(days=i), local_midnight(first + timedelta(days=i + 1), tz))
            for i in range((stop - first).days)]
    name = f"day_ends_{first:%Y%m%d}_{stop:%Y%m%d}"
    table = values(column("day", Date()), column("ends_at", UTCDateTime()), name=name).data(rows)
    return table.cte(name)


def due_until(end: Moment, tz: ZoneInfo, now: datetime | None) -> datetime:
    """The end of what can have fallen due: the period's end, or `now` if that is earlier."""
    until = as_moment(end, tz)
    return min(until, now) if now is not None else until


def _supplier_filter(supplier_id: int | None) -> list[Any]:
    return [Order.supplier_id == supplier_id] if supplier_id is not None else []


# One definition, two shapes: each figure's query is built once (`_*_query`), then run for one
# supplier (or all orders) by `_one_rate`, or for every supplier at once by `_rates_by_supplier`,
# which adds the supplier to the select and groups by it. A page over a thousand suppliers is
# then one statement per figure, not one per supplier.

def _one_rate_query(query: Query, key: Any, supplier_id: int | None) -> Query:
    return query.where(key == supplier_id) if supplier_id is not None else query


async def _one_rate(session: AsyncSession, query: Query | None, key: Any, supplier_id: int | None) -> Rate:
    if query is None:
        return Rate.of(0, 0)
    numerator, denominator = (await session.execute(_one_rate_query(query, key, supplier_id))).one()
    return Rate.of(numerator, denominator)


async def _rates_by_supplier(session: AsyncSession, query: Query | None, key: Any) -> dict[int, Rate]:
    """The same figure for every supplier that has something counted (the others: `Rate.of(0, 0)`)."""
    if query is None:
        return {}
    rows: Any = await session.execute(query.add_columns(key).group_by(key))
    return {supplier_id: Rate.of(numerator, denominator) for numerator, denominator, supplier_id in rows}


async def _rates_by_period(session: AsyncSession, queries: Sequence[Query | None], key: Any,
                           supplier_id: int | None) -> list[Rate]:
    """The same figure over several periods (a trend's weeks) in one statement: each period's
    own query, unchanged, as one branch of a UNION ALL labelled with its place in the list.
    A period with nothing that can have fallen due (no query) is `Rate.of(0, 0)` like alone."""
    branches = [_one_rate_query(query, key, supplier_id).add_columns(literal_column(str(place)))
                for place, query in enumerate(queries) if query is not None]
    out = [Rate.of(0, 0)] * len(queries)
    if not branches:
        return out
    rows: Any = await session.execute(union_all(*branches) if len(branches) > 1 else branches[0])
    for numerator, denominator, place in rows:
        out[int(place)] = Rate.of(numerator, denominator)
    return out


async def _rate_grid(session: AsyncSession, queries: Sequence[Query | None], key: Any) -> RateGrid:
    """The same figure over several periods for every supplier, in one statement: each period's
    own query grouped by supplier (as `_rates_by_supplier` runs it), one UNION ALL branch each."""
    branches = [query.add_columns(key, literal_column(str(place))).group_by(key)
                for place, query in enumerate(queries) if query is not None]
    if not branches:
        return RateGrid({})
    rows: Any = await session.execute(union_all(*branches) if len(branches) > 1 else branches[0])
    return RateGrid({(supplier_id, int(place)): (int(numerator or 0), int(denominator or 0))
                     for numerator, denominator, supplier_id, place in rows})


# --- the KPIs -------------------------------------------------------------------------------

def _node_on_time_query(periods: Periods, tz: ZoneInfo, now: datetime | None,
                        baseline: Literal["original", "current"], *,
                        per_order: bool = False) -> tuple[Query, Any] | None:
    """The node on-time rate's (on time, nodes) over `periods`, in one of two shapes of one
    definition, with the column that says which period a row counts for.

    Every period's days go into one inline table (day, ends_at, period), so one statement
    reads the nodes once for all the periods (a trend's weeks), grouped by that column
    (`node_on_time_by_period`); with one period it is constant and left out.

    Flat: each counted node joined to its order. `per_order`: the nodes are counted per
    order first, straight from the index ix_milestones_node_on_time, and only then joined to
    their orders, so a period of half a million nodes looks up a hundred thousand orders
    instead of half a million: 1.4–1.5× faster on SQLite, which joins by index lookups.
    PostgreSQL hash-joins the flat shape in parallel and would have to sort for the other
    (2× slower there), and a supplier's own count starts from that supplier's orders: both
    stay flat (`_per_order_first`).
    """
    rows: list[tuple[date, datetime, int]] = []
    lowest: date | None = None
    highest: date | None = None
    for place, (start, end) in enumerate(periods):
        first, stop = _day_range(start, due_until(end, tz, now), tz)
        if stop <= first:
            continue
        lowest = first if lowest is None else min(lowest, first)
        highest = stop if highest is None else max(highest, stop)
        rows.extend((first + timedelta(days=i), local_midnight(first + timedelta(days=i + 1), tz), place)
                    for i in range((stop - first).days))
    if not rows or lowest is None or highest is None:
        return None
    ends = values(column("day", Date()), column("ends_at", UTCDateTime()), column("period", Integer()),
                  name="node_days").data(rows).cte("node_days")
    planned = Milestone.original_planned_date if baseline == "original" else Milestone.planned_date
    on_time = and_(Milestone.done_at.is_not(None), Milestone.status == MilestoneStatus.DONE.value,
                   Milestone.done_at < ends.c.ends_at)
    # `planned` in [lowest, highest) is what the join to `ends` keeps; said as a range as well, so
    # the database can read just that stretch of the index (PostgreSQL would scan the whole table).
    counted_node = and_(Milestone.status != MilestoneStatus.SKIPPED.value, planned >= lowest, planned < highest)
    counted_order = Order.status != OrderStatus.CANCELLED.value
    if not per_order:
        return (
            select(func.count(case((on_time, 1))), func.count())
            .select_from(Milestone)
            .join(Order, Order.id == Milestone.order_id)
            .join(ends, ends.c.day == planned)
            .where(counted_order, counted_node)
        ), ends.c.period
    per = (
        select(Milestone.order_id.label("order_id"), ends.c.period.label("period"),
               func.count(case((on_time, 1))).label("on_time"), func.count().label("nodes"))
        .select_from(Milestone)
        .join(ends, ends.c.day == planned)
        .where(counted_node)
        .group_by(Milestone.order_id, ends.c.period)
        .subquery("node_counts")
    )
    return (
        select(func.sum(per.c.on_time), func.sum(per.c.nodes))
        .select_from(per)
        .join(Order, Order.id == per.c.order_id)
        .where(counted_order)
    ), per.c.period


def _constant_day_end(first: date, stop: date, tz: ZoneInfo) -> tuple[int, str] | None:
    """When every local day in [first, stop) ends at the same UTC time of day (the zone's offset
    does not change: no daylight-saving change in the period): (days after the day, that time as
    SQLite stores times, 'HH:MM:SS.ffffff'). None when it changes."""
    offsets = {local_midnight(first + timedelta(days=i + 1), tz).utcoffset() for i in range((stop - first).days)}
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    if offset is None:
        return None
    after = timedelta(days=1) - offset
    return after.days, (datetime.min + timedelta(seconds=after.seconds)).strftime("%H:%M:%S.%f")


def _node_counts_from_orders(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None) -> Query | None:
    """`node_on_time_by_supplier`'s count on SQLite, the same definition in a third shape: from
    the orders in supplier order (ix_orders_supplier_id), each order's nodes of the period as one
    range of ix_milestones_order_plan (order_id, then the planned day), so the count needs no sort
    of half a million nodes and reads no node row nor node outside the period. The end of a
    node's planned day is computed from its date instead of joined from the days' table (a join
    SQLite would scan once per node): `planned || ' HH:MM:SS.ffffff'` when the day ends on that
    date in UTC (zones east of it), `date(planned, '+N days') || ...` otherwise, the very text
    SQLite keeps `done_at` in, so `done_at <` it compares as the times do. Only while the zone's
    offset is the same all period (`_constant_day_end`); None otherwise (the caller counts by
    day, exact across daylight-saving changes).

    Why a CROSS JOIN: it is how SQLite is told to start from the orders. Given the period as a
    plain range, SQLite would start from the nodes by date (ix_milestones_node_on_time) and sort
    them all by supplier (0.7-0.8 s of CPU instead of 0.2-0.3 s at 100,000 open orders over 90
    days); before, the range was said of `date(planned)`, which no index orders, so the join
    could not start there, but then each order's six nodes were all read and two dates parsed
    for each (0.4-0.5 s)."""
    first, stop = _day_range(start, due_until(end, tz, now), tz)
    if stop <= first:
        return None
    day_end = _constant_day_end(first, stop, tz)
    if day_end is None:
        return None
    days_after, clock = day_end
    planned = Milestone.original_planned_date
    day: Any = type_coerce(planned, String)
    ends_at = (day if days_after == 0 else func.date(planned, f"+{days_after} days", type_=String)) + f" {clock}"
    on_time = and_(Milestone.done_at.is_not(None), Milestone.status == MilestoneStatus.DONE.value,
                   Milestone.done_at < ends_at)
    return (
        select(func.count(case((on_time, 1))), func.count())
        .select_from(CrossJoin(Order, Milestone, and_(Milestone.order_id == Order.id, planned >= first,
                                                      planned < stop)))
        .where(Order.status != OrderStatus.CANCELLED.value, Milestone.status != MilestoneStatus.SKIPPED.value)
    )


class CrossJoin(Join):
    """An inner join that SQLite must run with its left side outside (`CROSS JOIN ... ON`: SQLite's
    way of fixing the order of a join); an ordinary JOIN on the other databases."""

    inherit_cache = True


@compiles(CrossJoin)
def _join(element: CrossJoin, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_join(element, **kw))


@compiles(CrossJoin, "sqlite")
def _cross_join(element: CrossJoin, compiler: Any, **kw: Any) -> str:
    assert isinstance(element.left, TableClause), "the left side is one table: its JOIN is the first"
    head, _, tail = str(compiler.visit_join(element, **kw)).partition(" JOIN ")
    return f"{head} CROSS JOIN {tail}"


def _one_node_query(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None,
                    baseline: Literal["original", "current"], per_order: bool) -> Query | None:
    counts = _node_on_time_query([(start, end)], tz, now, baseline, per_order=per_order)
    return counts[0] if counts is not None else None


def _per_order_first(session: AsyncSession, supplier_id: int | None) -> bool:
    """Whether to count nodes per order before joining the orders: for all orders on SQLite."""
    return supplier_id is None and session.get_bind().dialect.name == "sqlite"


async def node_on_time_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None, baseline: Literal["original", "current"] = "original",
) -> Rate:
    """订单进度达成率: nodes done by the end of their planned day ÷ nodes whose planned day ended."""
    query = _one_node_query(start, end, tz, now, baseline, _per_order_first(session, supplier_id))
    return await _one_rate(session, query, Order.supplier_id, supplier_id)


async def node_on_time_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
    baseline: Literal["original", "current"] = "original",
) -> dict[int, Rate]:
    query = None
    if baseline == "original" and _per_order_first(session, None):
        query = _node_counts_from_orders(start, end, tz, now)
    if query is None:
        query = _one_node_query(start, end, tz, now, baseline, _per_order_first(session, None))
    return await _rates_by_supplier(session, query, Order.supplier_id)


async def node_on_time_by_period(
    session: AsyncSession, periods: Periods, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None, baseline: Literal["original", "current"] = "original",
) -> list[Rate]:
    """`node_on_time_rate` of each period (a trend's weeks), in one statement that reads each
    node once: the periods' days are one table, grouped by the period they belong to."""
    out = [Rate.of(0, 0)] * len(periods)
    counts = _node_on_time_query(periods, tz, now, baseline, per_order=_per_order_first(session, supplier_id))
    if counts is None:
        return out
    query, period = counts
    rows: Any = await session.execute(_one_rate_query(query, Order.supplier_id, supplier_id)
                                      .add_columns(period).group_by(period))
    for numerator, denominator, place in rows:
        out[int(place)] = Rate.of(numerator, denominator)
    return out


async def node_on_time_grid(
    session: AsyncSession, periods: Periods, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
    baseline: Literal["original", "current"] = "original",
) -> RateGrid:
    """`node_on_time_by_supplier` of each period, in one statement that reads each node once
    (the shape `node_on_time_by_period` runs, grouped by supplier as well)."""
    counts = _node_on_time_query(periods, tz, now, baseline, per_order=_per_order_first(session, None))
    if counts is None:
        return RateGrid({})
    query, period = counts
    rows: Any = await session.execute(query.add_columns(Order.supplier_id, period).group_by(Order.supplier_id, period))
    return RateGrid({(supplier_id, int(place)): (int(numerator or 0), int(denominator or 0))
                     for numerator, denominator, supplier_id, place in rows})


def _first_pass_yield_query(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None,
                            by: Literal["count", "quantity"], stage: str | None) -> Query:
    filters = [
        Inspection.first_inspection.is_(True),
        Inspection.verdict.in_((Verdict.PASS.value, Verdict.FAIL.value)),
        Inspection.inspected_at >= as_moment(start, tz),
        Inspection.inspected_at < due_until(end, tz, now),
    ]
    if stage is not None:
        filters.append(Inspection.stage == stage)
    measures: tuple[ColumnElement[Any], ColumnElement[Any]]
    if by == "quantity":
        filters.append(Inspection.qty_inspected.is_not(None))
        measures = (func.sum(func.coalesce(Inspection.qty_accepted, 0)), func.sum(Inspection.qty_inspected))
    else:
        measures = (func.count(case((Inspection.verdict == Verdict.PASS.value, 1))), func.count())
    return select(*measures).select_from(Inspection).join(Order, Order.id == Inspection.order_id).where(*filters)


async def first_pass_yield(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None, by: Literal["count", "quantity"] = "count", stage: str | None = None,
) -> Rate:
    """质量一次合格率: first inspections passed ÷ first inspections decided (or their quantities)."""
    return await _one_rate(session, _first_pass_yield_query(start, end, tz, now, by, stage), Order.supplier_id,
                           supplier_id)


async def first_pass_yield_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
    by: Literal["count", "quantity"] = "count", stage: str | None = None,
) -> dict[int, Rate]:
    return await _rates_by_supplier(session, _first_pass_yield_query(start, end, tz, now, by, stage),
                                    Order.supplier_id)


async def first_pass_yield_by_period(
    session: AsyncSession, periods: Periods, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None, by: Literal["count", "quantity"] = "count", stage: str | None = None,
) -> list[Rate]:
    """`first_pass_yield` of each period, in one statement."""
    return await _rates_by_period(session, [_first_pass_yield_query(start, end, tz, now, by, stage)
                                            for start, end in periods], Order.supplier_id, supplier_id)


async def first_pass_yield_grid(
    session: AsyncSession, periods: Periods, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
    by: Literal["count", "quantity"] = "count", stage: str | None = None,
) -> RateGrid:
    """`first_pass_yield_by_supplier` of each period, in one statement."""
    return await _rate_grid(session, [_first_pass_yield_query(start, end, tz, now, by, stage)
                                      for start, end in periods], Order.supplier_id)


def _exception_period(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None) -> list[Any]:
    return [ExceptionTicket.opened_at >= as_moment(start, tz), ExceptionTicket.opened_at < due_until(end, tz, now),
            ExceptionTicket.withdrawn_at.is_(None)]


def _durations(pairs: Sequence[tuple[datetime, datetime | None]], pending: int) -> Durations:
    seconds = sorted(max(0.0, (acked_at - opened).total_seconds()) for opened, acked_at in pairs
                     if acked_at is not None)
    if not seconds:
        return Durations(0, None, None, None, pending)
    return Durations(
        count=len(seconds),
        median=timedelta(seconds=percentile(seconds, 0.5)),
        p90=timedelta(seconds=percentile(seconds, 0.9)),
        mean=timedelta(seconds=sum(seconds) / len(seconds)),
        pending=pending,
    )


async def exception_response_time(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Durations:
    """异常响应时效: opening → first acknowledgement, median and p90 (percentile_cont semantics).

    Only the two time columns of the period's acknowledged exceptions are fetched: the
    percentiles are computed here because SQLite has no percentile_cont.
    """
    period = [*_exception_period(start, end, tz, now), *_supplier_filter(supplier_id)]
    acked = (await session.execute(
        select(ExceptionTicket.opened_at, ExceptionTicket.acknowledged_at)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(*period, ExceptionTicket.acknowledged_at.is_not(None))
    )).all()
    pending = await session.scalar(
        select(func.count()).select_from(ExceptionTicket).join(Order, Order.id == ExceptionTicket.order_id)
        .where(*period, ExceptionTicket.acknowledged_at.is_(None))
    ) or 0
    return _durations([(opened, acked_at) for opened, acked_at in acked], pending)


async def exception_response_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> dict[int, Durations]:
    """`exception_response_time` of every supplier with exceptions in the period, in two statements."""
    period = _exception_period(start, end, tz, now)
    acked: dict[int, list[tuple[datetime, datetime | None]]] = {}
    for supplier_id, opened, acked_at in await session.execute(
        select(Order.supplier_id, ExceptionTicket.opened_at, ExceptionTicket.acknowledged_at)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(*period, ExceptionTicket.acknowledged_at.is_not(None))
    ):
        acked.setdefault(supplier_id, []).append((opened, acked_at))
    pending: dict[int, int] = {supplier_id: count for supplier_id, count in await session.execute(
        select(Order.supplier_id, func.count()).select_from(ExceptionTicket)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(*period, ExceptionTicket.acknowledged_at.is_(None)).group_by(Order.supplier_id)
    )}
    return {supplier_id: _durations(acked.get(supplier_id, []), pending.get(supplier_id, 0))
            for supplier_id in acked.keys() | pending.keys()}


def _delivery_cycle_query(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None) -> Query:
    return select(Order.release_date, Order.accepted_at).where(
        Order.accepted_at.is_not(None), Order.accepted_at >= as_moment(start, tz),
        Order.accepted_at < due_until(end, tz, now), Order.status != OrderStatus.CANCELLED.value,
    )


def _cycle_days(rows: Sequence[tuple[date, datetime | None]], tz: ZoneInfo) -> CycleDays:
    days = sorted(float((accepted.astimezone(tz).date() - released).days) for released, accepted in rows
                  if accepted is not None)
    if not days:
        return CycleDays(0, None, None, None)
    return CycleDays(len(days), sum(days) / len(days), percentile(days, 0.5), percentile(days, 0.9))


async def delivery_cycle(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> CycleDays:
    """订单交付周期: days from release to acceptance of the orders accepted in the period."""
    rows: Any = (await session.execute(
        _delivery_cycle_query(start, end, tz, now).where(*_supplier_filter(supplier_id)))).all()
    return _cycle_days([(released, accepted) for released, accepted in rows], tz)


async def delivery_cycle_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> dict[int, CycleDays]:
    grouped: dict[int, list[tuple[date, datetime | None]]] = {}
    rows: Any = await session.execute(_delivery_cycle_query(start, end, tz, now).add_columns(Order.supplier_id))
    for released, accepted, supplier_id in rows:
        grouped.setdefault(supplier_id, []).append((released, accepted))
    return {supplier_id: _cycle_days(rows, tz) for supplier_id, rows in grouped.items()}


async def rework_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """返工率: reworked quantity ÷ inspected quantity of the lots shipped in the period."""
    return await _one_rate(session, _lot_rate_query(Lot.qty_reworked, start, due_until(end, tz, now), tz),
                           Order.supplier_id, supplier_id)


async def scrap_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """报废率: scrapped quantity ÷ inspected quantity of the lots shipped in the period."""
    return await _one_rate(session, _lot_rate_query(Lot.qty_scrapped, start, due_until(end, tz, now), tz),
                           Order.supplier_id, supplier_id)


async def rework_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> dict[int, Rate]:
    return await _rates_by_supplier(session, _lot_rate_query(Lot.qty_reworked, start, due_until(end, tz, now), tz),
                                    Order.supplier_id)


async def scrap_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> dict[int, Rate]:
    return await _rates_by_supplier(session, _lot_rate_query(Lot.qty_scrapped, start, due_until(end, tz, now), tz),
                                    Order.supplier_id)


async def rework_by_period(
    session: AsyncSession, periods: Periods, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None,
) -> list[Rate]:
    """`rework_rate` of each period, in one statement."""
    return await _rates_by_period(session, [_lot_rate_query(Lot.qty_reworked, start, due_until(end, tz, now), tz)
                                            for start, end in periods], Order.supplier_id, supplier_id)


async def scrap_by_period(
    session: AsyncSession, periods: Periods, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None,
) -> list[Rate]:
    """`scrap_rate` of each period, in one statement."""
    return await _rates_by_period(session, [_lot_rate_query(Lot.qty_scrapped, start, due_until(end, tz, now), tz)
                                            for start, end in periods], Order.supplier_id, supplier_id)


async def rework_grid(
    session: AsyncSession, periods: Periods, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> RateGrid:
    """`rework_by_supplier` of each period, in one statement."""
    return await _rate_grid(session, [_lot_rate_query(Lot.qty_reworked, start, due_until(end, tz, now), tz)
                                      for start, end in periods], Order.supplier_id)


async def scrap_grid(
    session: AsyncSession, periods: Periods, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> RateGrid:
    """`scrap_by_supplier` of each period, in one statement."""
    return await _rate_grid(session, [_lot_rate_query(Lot.qty_scrapped, start, due_until(end, tz, now), tz)
                                      for start, end in periods], Order.supplier_id)


def _lot_rate_query(measured: Any, start: Moment, end: Moment, tz: ZoneInfo) -> Query:
    inspected = Lot.qty_accepted + Lot.qty_rejected
    return (
        select(func.sum(measured), func.sum(inspected))
        .select_from(Lot)
        .join(Order, Order.id == Lot.order_id)
        .where(Lot.shipped_at >= as_moment(start, tz), Lot.shipped_at < as_moment(end, tz), inspected > 0)
    )


def _on_time_delivery_query(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None) -> Query | None:
    first, stop = _day_range(start, due_until(end, tz, now), tz)
    if stop <= first:
        return None
    ends = _day_ends(first, stop, tz)
    on_time = and_(Order.accepted_at.is_not(None), Order.accepted_at < ends.c.ends_at)
    return (
        select(func.count(case((on_time, 1))), func.count())
        .select_from(Order)
        .join(ends, ends.c.day == Order.due_date)
        .where(Order.status != OrderStatus.CANCELLED.value)
    )


async def on_time_delivery_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """交货准时率: orders accepted by the end of their due date ÷ orders whose due date ended."""
    return await _one_rate(session, _on_time_delivery_query(start, end, tz, now), Order.supplier_id, supplier_id)


async def on_time_delivery_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> dict[int, Rate]:
    return await _rates_by_supplier(session, _on_time_delivery_query(start, end, tz, now), Order.supplier_id)


async def on_time_delivery_by_period(
    session: AsyncSession, periods: Periods, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None,
) -> list[Rate]:
    """`on_time_delivery_rate` of each period, in one statement."""
    return await _rates_by_period(session, [_on_time_delivery_query(start, end, tz, now) for start, end in periods],
                                  Order.supplier_id, supplier_id)


async def on_time_delivery_grid(
    session: AsyncSession, periods: Periods, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> RateGrid:
    """`on_time_delivery_by_supplier` of each period, in one statement."""
    return await _rate_grid(session, [_on_time_delivery_query(start, end, tz, now) for start, end in periods],
                            Order.supplier_id)


def _reporting_compliance_query(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None) -> Query:
    until = due_until(end, tz, now)
    filters = [
        Prompt.sent_at >= as_moment(start, tz), Prompt.sent_at < until,
        or_(Prompt.reply_by <= until, Prompt.answered_at.is_not(None)),
    ]
    answered = and_(Prompt.answered_at.is_not(None), Prompt.answered_at <= Prompt.reply_by)
    return select(func.count(case((answered, 1))), func.count()).select_from(Prompt).where(*filters)


async def reporting_compliance(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """填报及时率: prompts answered within their reply window ÷ prompts sent (window closed or answered)."""
    return await _one_rate(session, _reporting_compliance_query(start, end, tz, now), Prompt.supplier_id,
                           supplier_id)


async def reporting_compliance_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> dict[int, Rate]:
    return await _rates_by_supplier(session, _reporting_compliance_query(start, end, tz, now), Prompt.supplier_id)


async def reporting_compliance_by_period(
    session: AsyncSession, periods: Periods, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None,
) -> list[Rate]:
    """`reporting_compliance` of each period, in one statement."""
    return await _rates_by_period(session, [_reporting_compliance_query(start, end, tz, now)
                                            for start, end in periods], Prompt.supplier_id, supplier_id)


async def reporting_compliance_grid(
    session: AsyncSession, periods: Periods, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> RateGrid:
    """`reporting_compliance_by_supplier` of each period, in one statement. Not additive over
    a period's weeks (a prompt's reply window may close after its week ends): ask for the
    whole period as a period of its own."""
    return await _rate_grid(session, [_reporting_compliance_query(start, end, tz, now) for start, end in periods],
                            Prompt.supplier_id)


def _delay_reason_counts(start: Moment, end: Moment, tz: ZoneInfo, now: datetime | None) -> tuple[Any, Query]:
    """(the reason expression, the count of each reason given in the period, not yet grouped). A reason is counted
    by its key, the words that only date it left out (`今天停电` and `停电` are one cause: handlers/delay_causes.py),
    and shown so; rows no writer gave a key count by the reason trimmed."""
    trimmed = func.trim(MilestoneChange.reason, type_=String)
    reason = func.coalesce(MilestoneChange.reason_key, trimmed, type_=String)
    query = (
        select(reason, func.count())
        .select_from(MilestoneChange)
        .join(Milestone, Milestone.id == MilestoneChange.milestone_id)
        .join(Order, Order.id == Milestone.order_id)
        .outerjoin(ProgressReport, ProgressReport.id == MilestoneChange.report_id)
        .where(MilestoneChange.field == "planned_date", MilestoneChange.at >= as_moment(start, tz),
               MilestoneChange.at < due_until(end, tz, now), trimmed != "", MilestoneChange.source != UNDO_SOURCE,
               ProgressReport.undone_at.is_(None))
    )
    return reason, query


async def delay_reasons(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None, limit: int = 10,
) -> list[tuple[str, int]]:
    """The reasons given when a node's planned date moved in the period, most frequent first."""
    reason, query = _delay_reason_counts(start, end, tz, now)
    query = (query.where(*_supplier_filter(supplier_id)).group_by(reason)
             .order_by(func.count().desc(), reason).limit(limit))
    rows: Any = (await session.execute(query)).all()
    return [(text, count) for text, count in rows]


async def delay_reasons_by_supplier(
    session: AsyncSession, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
    limit: int = 10,
) -> dict[int, list[tuple[str, int]]]:
    """Each supplier's `delay_reasons` in one statement: the top `limit` per supplier by a window,
    ranked by the database in the same order (count, then the reason in its collation)."""
    reason, query = _delay_reason_counts(start, end, tz, now)
    rank = func.row_number().over(partition_by=Order.supplier_id, order_by=(func.count().desc(), reason))
    ranked = (query.add_columns(Order.supplier_id, rank.label("rank"))
              .group_by(Order.supplier_id, reason).subquery("ranked"))
    columns = list(ranked.c)
    text_column, count_column, supplier_column, rank_column = columns
    out: dict[int, list[tuple[str, int]]] = {}
    rows: Any = await session.execute(select(text_column, count_column, supplier_column, rank_column)
                                      .where(rank_column <= limit).order_by(supplier_column, rank_column))
    for text, count, supplier_id, _ in rows:
        out.setdefault(supplier_id, []).append((text, count))
    return out


# --- the scorecard ------------------------------------------------------------------------

async def supplier_scorecard(
    session: AsyncSession, supplier_id: int, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Scorecard:
    """供应商评分: the supplier's KPIs over the period, its delay reasons, and a weighted score."""
    return _scorecard(
        supplier_id, as_moment(start, tz), due_until(end, tz, now),
        on_time=await on_time_delivery_rate(session, start, end, supplier_id, tz=tz, now=now),
        nodes=await node_on_time_rate(session, start, end, supplier_id, tz=tz, now=now),
        fpy=await first_pass_yield(session, start, end, supplier_id, tz=tz, now=now),
        rework=await rework_rate(session, start, end, supplier_id, tz=tz, now=now),
        scrap=await scrap_rate(session, start, end, supplier_id, tz=tz, now=now),
        compliance=await reporting_compliance(session, start, end, supplier_id, tz=tz, now=now),
        response=await exception_response_time(session, start, end, supplier_id, tz=tz, now=now),
        cycle=await delivery_cycle(session, start, end, supplier_id, tz=tz, now=now),
        reasons=await delay_reasons(session, start, end, supplier_id, tz=tz, now=now),
    )


async def supplier_scorecards(
    session: AsyncSession, supplier_ids: Sequence[int], start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None, counted: Mapping[str, dict[int, Rate]] | None = None,
) -> dict[int, Scorecard]:
    """Every listed supplier's `supplier_scorecard`, with one statement per figure for all of them
    (about a dozen statements whether there are ten suppliers or a thousand).

    `counted`: rates by supplier over this same period that the caller has already counted
    (`SCORECARD_RATES` keys, as `*_by_supplier` gives them; the monthly report adds up its
    weeks' `RateGrid`), so they are not counted again."""
    done = counted or {}

    async def rate(key: str, figure: Any) -> dict[int, Rate]:
        return done[key] if key in done else await figure(session, start, end, tz=tz, now=now)

    on_time = await rate("on_time_delivery", on_time_delivery_by_supplier)
    nodes = await rate("node_on_time", node_on_time_by_supplier)
    fpy = await rate("first_pass_yield", first_pass_yield_by_supplier)
    rework = await rate("rework", rework_by_supplier)
    scrap = await rate("scrap", scrap_by_supplier)
    compliance = await rate("reporting_compliance", reporting_compliance_by_supplier)
    response = await exception_response_by_supplier(session, start, end, tz=tz, now=now)
    cycle = await delivery_cycle_by_supplier(session, start, end, tz=tz, now=now)
    reasons = await delay_reasons_by_supplier(session, start, end, tz=tz, now=now)
    none = Rate.of(0, 0)
    return {supplier_id: _scorecard(
        supplier_id, as_moment(start, tz), due_until(end, tz, now),
        on_time=on_time.get(supplier_id, none), nodes=nodes.get(supplier_id, none), fpy=fpy.get(supplier_id, none),
        rework=rework.get(supplier_id, none), scrap=scrap.get(supplier_id, none),
        compliance=compliance.get(supplier_id, none),
        response=response.get(supplier_id, Durations(0, None, None, None, 0)),
        cycle=cycle.get(supplier_id, CycleDays(0, None, None, None)), reasons=reasons.get(supplier_id, []),
    ) for supplier_id in supplier_ids}


def _scorecard(supplier_id: int, start: datetime, end: datetime, *, on_time: Rate, nodes: Rate, fpy: Rate,
               rework: Rate, scrap: Rate, compliance: Rate, response: Durations, cycle: CycleDays,
               reasons: Sequence[tuple[str, int]]) -> Scorecard:
    return Scorecard(
        supplier_id=supplier_id,
        start=start,
        end=end,
        on_time_delivery=on_time,
        node_on_time=nodes,
        first_pass_yield=fpy,
        rework=rework,
        scrap=scrap,
        reporting_compliance=compliance,
        response_time=response,
        delivery_cycle=cycle,
        delay_reasons=tuple(reasons),
        score=weighted_score({
            "on_time_delivery": on_time.ratio,
            "first_pass_yield": fpy.ratio,
            "node_on_time": nodes.ratio,
            "reporting_compliance": compliance.ratio,
            "rework_scrap": _quality_kept(rework, scrap),
        }),
    )


def _quality_kept(rework: Rate, scrap: Rate) -> float | None:
    """Share of inspected quantity neither reworked nor scrapped (both rates share a denominator)."""
    if not rework.denominator:
        return None
    return max(0.0, 1.0 - (rework.numerator + scrap.numerator) / rework.denominator)


def weighted_score(components: dict[str, float | None]) -> float | None:
    """0–100: the weighted mean of the components that could be measured (weights renormalised).

    A supplier without deliveries in the period is judged on what it did have; with nothing
    measurable the score is None rather than a misleading 0 or 100.
    """
    measured = {name: value for name, value in components.items() if value is not None}
    weight = sum(SCORE_WEIGHTS[name] for name in measured)
    if not weight:
        return None
    return round(100 * sum(SCORE_WEIGHTS[name] * value for name, value in measured.items()) / weight, 1)


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks, like PostgreSQL's percentile_cont."""
    if not sorted_values:
        raise ValueError("percentile of nothing")
    position = (len(sorted_values) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)
