"""A predicted finish date for an open order: simple enough to explain in one line.

The plan's last node date, pushed back by the larger of two signals:
- lag: how many days the current node is already past its planned date (the rest of the
  plan slides with it);
- slip: how late this supplier finished its nodes lately (mean lateness per node against
  the plan as released, last 90 days, early nodes counting as 0), rounded up to whole days.
The reply names the signal used, so a buyer can judge it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Milestone, MilestoneStatus, Order

SLIP_WINDOW = timedelta(days=90)
FINISHED = (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value)


@dataclass(frozen=True, slots=True)
class SupplierSlip:
    """Mean lateness in days of a supplier's recently finished nodes, and how many there were."""

    days: float
    nodes: int


@dataclass(frozen=True, slots=True)
class Forecast:
    finish: date
    basis: str  # "plan" | "lag" | "slip"
    days: float  # the lag or slip applied (0 for "plan")
    late_by: int  # days after the order's due date (negative: before it)


async def supplier_slip(session: AsyncSession, supplier_id: int, now: datetime, tz: ZoneInfo) -> SupplierSlip:
    """Only the date columns of one supplier's nodes finished in the window are read."""
    return slip_of(await finished_lately(session, supplier_id, now, now - SLIP_WINDOW), now, tz)


@cache
def _finished_lately() -> Select[date, date, datetime | None]:
    """The statement of `finished_lately`, built once (building it cost as much CPU as running it)."""
    return (
        select(Milestone.original_planned_date, Milestone.planned_date, Milestone.done_at)
        .join(Order, Order.id == Milestone.order_id)
        .where(Order.supplier_id == bindparam("supplier_id", type_=Integer()),
               Milestone.status == MilestoneStatus.DONE.value, Milestone.done_at.is_not(None),
               Milestone.done_at >= bindparam("since", type_=Milestone.done_at.type),
               Milestone.done_at <= bindparam("now", type_=Milestone.done_at.type))
    )


async def finished_lately(
    session: AsyncSession, supplier_id: int, now: datetime, since: datetime,
) -> list[tuple[date, date, datetime]]:
    """(plan as released, plan, finished at) of one supplier's nodes finished between `since`
    and `now`: the slip and the risk rule's history (`storage.risk.history_of`) both read
    these, so `/status` asks for them once."""
    rows = (await session.execute(_finished_lately(), {"supplier_id": supplier_id, "since": since, "now": now})).all()
    return [(released, planned, done_at) for released, planned, done_at in rows if done_at is not None]


def slip_of(finished: Sequence[tuple[date, date, datetime]], now: datetime, tz: ZoneInfo) -> SupplierSlip:
    """The slip over the nodes of `finished_lately` in the window before `now`."""
    since = now - SLIP_WINDOW
    late = [max(0, (done_at.astimezone(tz).date() - released).days) for released, _, done_at in finished
            if done_at >= since]
    if not late:
        return SupplierSlip(0.0, 0)
    return SupplierSlip(sum(late) / len(late), len(late))


def predict_finish(milestones: Sequence[Milestone], due: date, today: date, slip: SupplierSlip) -> Forecast | None:
    """None when every node is finished (nothing left to predict) or there is no plan."""
    if not milestones:
        return None
    current = next((m for m in milestones if m.status not in FINISHED), None)
    if current is None:
        return None
    final = max(m.planned_date for m in milestones)
    lag = max(0, (today - current.planned_date).days)
    slip_days = math.ceil(slip.days - 1e-9) if slip.nodes else 0
    if lag == 0 and slip_days == 0:
        basis, shift = "plan", 0
    elif lag >= slip_days:
        basis, shift = "lag", lag
    else:
        basis, shift = "slip", slip_days
    finish = max(final + timedelta(days=shift), today)
    return Forecast(finish=finish, basis=basis, days=float(lag) if basis == "lag" else slip.days,
                    late_by=(finish - due).days)
