"""The exception list of the dashboard: open (or all) exceptions, newest first, with the
level each one has actually reached (the highest escalation step fired, not the next one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.exceptions import reached_levels
from storage.models import ExceptionTicket, Order, Supplier

EXCEPTION_STATES = ("open", "acknowledged", "resolved", "all")


@dataclass(frozen=True)
class ExceptionItem:
    id: int
    po: str
    supplier: str
    kind: str
    severity: str
    title: str
    opened_at: datetime
    opened_by: str
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    level_reached: int  # 0: nobody was escalated to yet
    returned: int = 0  # how often an acknowledgement timed out and it went back on the ladder

    @property
    def label(self) -> str:
        return f"EXC-{self.id}"

    @property
    def state(self) -> str:
        if self.resolved_at is not None:
            return "resolved"
        return "acknowledged" if self.acknowledged_at is not None else "open"


async def list_exceptions(
    session: AsyncSession, *, state: str = "open", supplier: str | None = None, limit: int = 200,
) -> tuple[list[ExceptionItem], int]:
    """A page of exceptions in `state` (open means not yet resolved), and how many match."""
    filters: list[ColumnElement[bool]] = []
    if state in ("open", "acknowledged"):
        filters.append(ExceptionTicket.resolved_at.is_(None))
    if state == "acknowledged":
        filters.append(ExceptionTicket.acknowledged_at.is_not(None))
    elif state == "resolved":
        filters.append(ExceptionTicket.resolved_at.is_not(None))
    if supplier:
        filters.append(or_(Supplier.code == supplier, Supplier.name == supplier))
    base = (select(ExceptionTicket, Order.po, Supplier.name)
            .join(Order, Order.id == ExceptionTicket.order_id)
            .join(Supplier, Supplier.id == Order.supplier_id)
            .where(*filters))
    total = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = (await session.execute(
        base.order_by(ExceptionTicket.opened_at.desc(), ExceptionTicket.id.desc()).limit(limit)
    )).all()
    reached = await reached_levels(session, [ticket.id for ticket, _, _ in rows])
    items = [
        ExceptionItem(t.id, po, name, t.kind, t.severity, t.title, t.opened_at, t.opened_by, t.acknowledged_at,
                      t.acknowledged_by, t.resolved_at, t.resolved_by, reached.get(t.id, 0), t.ladder_round)
        for t, po, name in rows
    ]
    return items, total
