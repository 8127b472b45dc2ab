"""The event feed: outbound events derived from the records' own tables, with a cursor.

Why a feed and not a call in every handler: every record an event announces is already a
row — a report, a lot, a receipt, an inspection, an exception, an order change — written in
the transaction that decided it, by many handlers (chat, REST, dashboard, import, sync).
Reading those tables after the fact needs no handler to remember anything, cannot be skipped
by a new code path, and gives each event a stable id for free: the type and the row
(`report.recorded:42`), so a repeated scan, a second replica or a crash between scan and
delivery can never make an event twice, only find it again.

How the cursor stays exact: a source is read by a position — the row id for append-only
tables, the time column (as microseconds) for what is stamped on an existing row (an
exception acknowledged or resolved). Ids are handed out when a row is inserted, not when its
transaction commits, so a row with a lower id can appear after a higher one was seen. The
cursor therefore has two marks: `floor`, below which everything is published, and `seen`,
the highest position a scan found at `seen_at`. `seen` becomes the floor only once it is
`GRACE` old, and every scan reads everything above the floor, skipping what is already an
event (one `IN` query per page on the unique event id). A transaction open longer than
`GRACE` (ten minutes; the scan runs every few seconds) is the one thing that could slip by.

The first scan of a source starts at its current top: history from before the events were
switched on is not replayed. While no sink is configured the cursors follow the top, so
adding a webhook later does not flood it with the past either.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    EventCursor,
    EventDelivery,
    ExceptionTicket,
    Inspection,
    Lot,
    Milestone,
    Order,
    OrderChange,
    OutboundEvent,
    OutboxState,
    ProgressReport,
    Receipt,
    Supplier,
)
from storage.upsert import insert_ignoring_conflicts

GRACE = timedelta(minutes=10)
PAGE = 500
MAX_PAGES = 40  # per source and scan: a backlog is worked off over several scans
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class EventType(StrEnum):
    ORDER_CHANGED = "order.changed"
    REPORT_RECORDED = "report.recorded"
    LOT_SHIPPED = "lot.shipped"
    LOT_RECEIVED = "lot.received"
    INSPECTION_RECORDED = "inspection.recorded"
    EXCEPTION_OPENED = "exception.opened"
    EXCEPTION_ACKNOWLEDGED = "exception.acknowledged"
    EXCEPTION_RESOLVED = "exception.resolved"


ALL_EVENT_TYPES = tuple(EventType)


@dataclass(frozen=True, slots=True)
class SinkInterest:
    """A sink by name and the event types it takes (empty: all)."""

    name: str
    types: Collection[str] = ()

    def wants(self, event_type: str) -> bool:
        return not self.types or event_type in self.types


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None


def micros(value: datetime) -> int:
    return (value - EPOCH) // timedelta(microseconds=1)


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def _order_part(order_po: str, supplier_code: str, supplier_name: str) -> dict[str, Any]:
    return {"po": order_po, "supplier": {"code": supplier_code, "name": supplier_name}}


# --- the sources ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """One table (or one time column of it) read as events of one type."""

    name: str
    event_type: EventType
    row_id: Any  # the row's id column
    time_column: Any  # None: read by id; else read by this time column
    query: Callable[[], Select[Any]]  # the row first, then po, supplier code and name, then extras
    data: Callable[[Any], tuple[datetime, dict[str, Any]]]  # (occurred_at, data) of one result row

    @property
    def position(self) -> Any:
        return self.row_id if self.time_column is None else self.time_column



def _with_order(entity: Any, *extra: Any) -> Select[Any]:
    return (select(entity, Order.po, Supplier.code, Supplier.name, *extra)
            .join(Order, Order.id == entity.order_id).join(Supplier, Supplier.id == Order.supplier_id))


def _report_query() -> Select[Any]:
    return _with_order(ProgressReport, Milestone.node, Milestone.step).outerjoin(
        Milestone, Milestone.id == ProgressReport.milestone_id)


def _report_data(row: Any) -> tuple[datetime, dict[str, Any]]:
    report, po, code, name, node, step = row
    return report.reported_at, {
        "report_id": report.id, **_order_part(po, code, name), "kind": report.kind, "node": node, "step": step,
        "percent": report.percent, "qty_done": report.qty_done, "text": report.text, "reporter": report.reporter,
        "platform": report.platform, "reported_at": iso(report.reported_at),
        "undone": report.undone_at is not None,
    }


def _change_data(row: Any) -> tuple[datetime, dict[str, Any]]:
    change, po, code, name = row
    return change.at, {
        "change_id": change.id, **_order_part(po, code, name), "field": change.field,
        "old_value": change.old_value, "new_value": change.new_value, "reason": change.reason,
        "actor": change.actor, "source": change.source, "at": iso(change.at),
    }


def _lot_data(row: Any) -> tuple[datetime, dict[str, Any]]:
    lot, po, code, name = row
    return lot.shipped_at, {
        "lot_id": lot.id, **_order_part(po, code, name), "lot_no": lot.lot_no, "qty": lot.qty,
        "shipped_at": iso(lot.shipped_at),
    }


def _receipt_query() -> Select[Any]:
    return _with_order(Receipt, Lot.lot_no).join(Lot, Lot.id == Receipt.lot_id)


def _receipt_data(row: Any) -> tuple[datetime, dict[str, Any]]:
    receipt, po, code, name, lot_no = row
    return receipt.received_at, {
        "receipt_id": receipt.id, **_order_part(po, code, name), "lot_no": lot_no, "qty": receipt.qty,
        "received_at": iso(receipt.received_at), "received_by": receipt.received_by, "source": receipt.source,
        "note": receipt.note,
    }


_InspectionLot = aliased(Lot)


def _inspection_query() -> Select[Any]:
    return _with_order(Inspection, _InspectionLot.lot_no).outerjoin(
        _InspectionLot, _InspectionLot.id == Inspection.lot_id)


def _inspection_data(row: Any) -> tuple[datetime, dict[str, Any]]:
    ins, po, code, name, lot_no = row
    return ins.inspected_at, {
        "inspection_id": ins.id, **_order_part(po, code, name), "lot_no": lot_no, "stage": ins.stage,
        "first_inspection": ins.first_inspection, "verdict": ins.verdict, "qty_inspected": ins.qty_inspected,
        "qty_accepted": ins.qty_accepted, "qty_rejected": ins.qty_rejected, "qty_rework": ins.qty_rework,
        "qty_scrap": ins.qty_scrap, "qty_concession": ins.qty_concession, "inspector": ins.inspector,
        "inspected_at": iso(ins.inspected_at),
    }


_ExceptionLot = aliased(Lot)


def _exception_query() -> Select[Any]:
    return _with_order(ExceptionTicket, _ExceptionLot.lot_no).outerjoin(
        _ExceptionLot, _ExceptionLot.id == ExceptionTicket.lot_id)


def _exception_body(row: Any) -> dict[str, Any]:
    ticket, po, code, name, lot_no = row
    return {
        "exception_id": ticket.id, **_order_part(po, code, name), "lot_no": lot_no, "kind": ticket.kind,
        "severity": ticket.severity, "title": ticket.title, "description": ticket.description, "qty": ticket.qty,
        "category": ticket.category, "opened_at": iso(ticket.opened_at), "opened_by": ticket.opened_by,
        "acknowledged_at": iso(ticket.acknowledged_at), "acknowledged_by": ticket.acknowledged_by,
        "resolved_at": iso(ticket.resolved_at), "resolved_by": ticket.resolved_by, "resolution": ticket.resolution,
        "withdrawn": ticket.withdrawn_at is not None,
    }


def _exception_at(column: str) -> Callable[[Any], tuple[datetime, dict[str, Any]]]:
    def data(row: Any) -> tuple[datetime, dict[str, Any]]:
        return getattr(row[0], column), _exception_body(row)

    return data


SOURCES: tuple[Source, ...] = (
    Source("order_changes", EventType.ORDER_CHANGED, OrderChange.id, None, lambda: _with_order(OrderChange),
           _change_data),
    Source("reports", EventType.REPORT_RECORDED, ProgressReport.id, None, _report_query, _report_data),
    Source("lots", EventType.LOT_SHIPPED, Lot.id, None, lambda: _with_order(Lot), _lot_data),
    Source("receipts", EventType.LOT_RECEIVED, Receipt.id, None, _receipt_query, _receipt_data),
    Source("inspections", EventType.INSPECTION_RECORDED, Inspection.id, None, _inspection_query, _inspection_data),
    Source("exceptions", EventType.EXCEPTION_OPENED, ExceptionTicket.id, None, _exception_query,
           _exception_at("opened_at")),
    Source("exceptions_acknowledged", EventType.EXCEPTION_ACKNOWLEDGED, ExceptionTicket.id,
           ExceptionTicket.acknowledged_at, _exception_query, _exception_at("acknowledged_at")),
    Source("exceptions_resolved", EventType.EXCEPTION_RESOLVED, ExceptionTicket.id, ExceptionTicket.resolved_at,
           _exception_query, _exception_at("resolved_at")),
)


def event_id(source: Source, row_id: int) -> str:
    """The stable id: the event type and the row it announces."""
    return f"{source.event_type.value}:{row_id}"


# --- the scan -------------------------------------------------------------------------------

@dataclass
class FeedResult:
    published: dict[str, int]  # event type -> events made by this scan
    deliveries: int

    @property
    def total(self) -> int:
        return sum(self.published.values())


async def _top(session: AsyncSession, source: Source, now: datetime) -> int:
    """The highest position that exists now."""
    if source.time_column is not None:
        return micros(now)
    return int(await session.scalar(select(func.coalesce(func.max(source.row_id), 0))) or 0)


async def _cursor(session: AsyncSession, source: Source, now: datetime) -> EventCursor:
    """The source's cursor, locked for this transaction on PostgreSQL (replicas scan a source
    one at a time); made at the source's top the first time."""
    query = select(EventCursor).where(EventCursor.source == source.name)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    cursor = (await session.execute(query)).scalar_one_or_none()
    if cursor is not None:
        return cursor
    top = await _top(session, source, now)
    # a time column's newest stamps may still be committing: start GRACE back (the event ids dedupe)
    floor = top if source.time_column is None else micros(now - GRACE)
    await session.execute(insert_ignoring_conflicts(session, EventCursor.__table__, ["source"]).values(
        source=source.name, floor=floor, seen=top, seen_at=now))
    return (await session.execute(query)).scalar_one()


def _after(source: Source, position: int, row_id: int | None) -> Any:
    """Rows after (position, id) in scan order; with no id, after the position itself."""
    if source.time_column is None:
        return source.row_id > position
    at = from_micros(position)
    if row_id is None:
        return source.time_column > at
    return or_(source.time_column > at, and_(source.time_column == at, source.row_id > row_id))


async def scan_source(
    session: AsyncSession, source: Source, sinks: Sequence[SinkInterest], now: datetime,
) -> tuple[int, int]:
    """Turn one source's new rows into events (and a delivery per interested sink); returns
    (events made, deliveries made). Call inside a write transaction."""
    cursor = await _cursor(session, source, now)
    interested = [sink.name for sink in sinks if sink.wants(source.event_type.value)]
    position: int = cursor.floor
    last_id: int | None = None  # strictly after the floor
    made = deliveries = 0
    highest = cursor.seen
    full = False
    for page_number in range(MAX_PAGES):
        # keys only: a page already published costs two narrow queries, not a join per row
        page = select(source.row_id, source.position).order_by(source.position, source.row_id).limit(PAGE)
        if source.time_column is not None:
            page = page.where(source.time_column.is_not(None))
        found: Any = await session.execute(page.where(_after(source, position, last_id)))
        keys: list[tuple[int, Any]] = [(int(row_id), at) for row_id, at in found]
        if not keys:
            break
        ids = {event_id(source, row_id): row_id for row_id, _ in keys}
        known = set((await session.execute(
            select(OutboundEvent.event_id).where(OutboundEvent.event_id.in_(list(ids)))
        )).scalars())
        missing = [row_id for key, row_id in ids.items() if key not in known]
        if missing:
            new_ids = await _publish(session, source, missing, now)
            made += len(new_ids)
            if interested and new_ids:
                await session.execute(insert(EventDelivery.__table__), [
                    {"event_pk": new_id, "sink": sink, "state": OutboxState.PENDING.value, "attempts": 0,
                     "next_attempt_at": now, "created_at": now} for new_id in new_ids for sink in interested])
                deliveries += len(new_ids) * len(interested)
        last_id, last_position = keys[-1]
        position = last_id if source.time_column is None else micros(last_position)
        highest = max(highest, position)
        if len(keys) < PAGE:
            break
        full = page_number == MAX_PAGES - 1
    if not full:  # everything visible was read: the top is covered
        highest = max(highest, await _top(session, source, now))
    _advance(cursor, highest, now)
    await session.flush()
    return made, deliveries


async def _publish(session: AsyncSession, source: Source, row_ids: list[int], now: datetime) -> list[int]:
    """Insert the events of these rows in one statement; the ids of those that are new (a row
    another replica published meanwhile is skipped, not duplicated)."""
    rows = (await session.execute(source.query().where(source.row_id.in_(row_ids)).order_by(source.row_id))).all()
    values = []
    for row in rows:
        key = event_id(source, row[0].id)
        occurred_at, data = source.data(row)
        payload = {"id": key, "type": source.event_type.value, "occurred_at": iso(occurred_at), "data": data}
        values.append({"event_id": key, "type": source.event_type.value, "occurred_at": occurred_at,
                       "recorded_at": now, "payload": payload})
    if not values:
        return []
    table = OutboundEvent.__table__
    return [new_id for (new_id,) in (await session.execute(
        insert_ignoring_conflicts(session, table, ["event_id"]).values(values).returning(table.c.id)
    )).all()]


def _advance(cursor: EventCursor, highest: int, now: datetime) -> None:
    """`seen` becomes the floor once GRACE old; then the newest high mark starts to age."""
    if cursor.seen_at <= now - GRACE:
        cursor.floor = max(cursor.floor, cursor.seen)
        cursor.seen = max(cursor.seen, highest)
        cursor.seen_at = now
    elif cursor.seen <= cursor.floor and highest > cursor.seen:
        cursor.seen, cursor.seen_at = highest, now


async def follow_top(session: AsyncSession, source: Source, now: datetime) -> None:
    """Nobody listens: move the cursor to the top, so nothing from now is replayed later."""
    cursor = await _cursor(session, source, now)
    top = await _top(session, source, now)
    cursor.floor = cursor.seen = max(cursor.floor, top)
    cursor.seen_at = now
    await session.flush()
