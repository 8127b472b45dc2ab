"""Orders read back: one order in full (find_order, order_detail) and a filtered page (list_orders)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.intake_values import po_key
from storage.models import (
    OPEN_ORDER_STATUSES,
    ExceptionTicket,
    Inspection,
    InspectionCharacteristic,
    InspectionValue,
    Lot,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Order,
    Person,
    Photo,
    ProgressReport,
    Supplier,
)
from storage.plans import NODE_LABELS, TEMPLATE_NAMES
from storage.suppliers import supplier_row


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def milestone_row(milestone: Milestone) -> dict[str, Any]:
    zh, en = NODE_LABELS.get(milestone.node, (milestone.node, milestone.node))
    return {
        "seq": milestone.seq, "node": milestone.node, "label_zh": zh, "label_en": en, "step": milestone.step,
        "planned_date": _iso(milestone.planned_date), "original_planned_date": _iso(milestone.original_planned_date),
        "inspection": milestone.inspection, "status": milestone.status, "percent": milestone.percent,
        "qty_done": milestone.qty_done, "done_at": _iso(milestone.done_at),
    }


def order_row(order: Order, supplier: Supplier, buyer: Person | None) -> dict[str, Any]:
    """The order's own fields, JSON-ready (no plan, no history)."""
    zh, en = TEMPLATE_NAMES.get(order.process, (order.process, order.process))
    return {
        "po": order.po, "po_key": order.po_key,
        "supplier": {"code": supplier.code, "name": supplier.name},
        "part_no": order.part_no, "part_name": order.part_name,
        "process": order.process, "process_zh": zh, "process_en": en,
        "quantity": order.quantity, "unit": order.unit,
        "release_date": _iso(order.release_date), "due_date": _iso(order.due_date),
        "priority": order.priority, "status": order.status,
        "buyer": buyer.name if buyer is not None else None, "notes": order.notes,
        "created_at": _iso(order.created_at), "updated_at": _iso(order.updated_at),
        "created_by": order.created_by, "accepted_at": _iso(order.accepted_at),
    }


def created_order_row(order: Order) -> dict[str, Any]:
    """A just-created order (its supplier, buyer and plan are already in memory)."""
    return {**order_row(order, order.supplier, order.buyer), "milestones": [milestone_row(m) for m in order.milestones]}


async def find_order(session: AsyncSession, po: str) -> Order | None:
    """The order for a PO as typed (`PO-1001`, `1001`, `po1001`), with supplier, buyer and plan loaded."""
    key = po_key(po)
    if not key:
        return None
    query = (
        select(Order)
        .where(or_(Order.po == po.strip(), Order.po_key == key))
        .options(selectinload(Order.supplier), selectinload(Order.buyer), selectinload(Order.milestones))
    )
    return await session.scalar(query)


async def order_detail(session: AsyncSession, po: str) -> dict[str, Any] | None:
    """Everything kept about one order, for the API and the dashboard: plan with its change
    history, what the supplier reported, inspections with values, lots, exceptions."""
    order = await find_order(session, po)
    if order is None:
        return None
    milestone_ids = [m.id for m in order.milestones]
    changes: dict[int, list[dict[str, Any]]] = {}
    if milestone_ids:
        for change in (await session.scalars(
            select(MilestoneChange).where(MilestoneChange.milestone_id.in_(milestone_ids))
            .order_by(MilestoneChange.at, MilestoneChange.id)
        )).all():
            changes.setdefault(change.milestone_id, []).append({
                "at": _iso(change.at), "actor": change.actor, "field": change.field,
                "old_value": change.old_value, "new_value": change.new_value,
                "reason": change.reason, "source": change.source,
            })
    seq_of = {m.id: m.seq for m in order.milestones}

    reports = (await session.scalars(
        select(ProgressReport).where(ProgressReport.order_id == order.id)
        .order_by(ProgressReport.reported_at, ProgressReport.id)
    )).all()
    characteristics = (await session.scalars(
        select(InspectionCharacteristic).where(InspectionCharacteristic.order_id == order.id)
        .order_by(InspectionCharacteristic.seq)
    )).all()
    lots = (await session.scalars(select(Lot).where(Lot.order_id == order.id).order_by(Lot.shipped_at, Lot.id))).all()
    lot_no = {lot.id: lot.lot_no for lot in lots}
    inspections = (await session.scalars(
        select(Inspection).where(Inspection.order_id == order.id).order_by(Inspection.inspected_at, Inspection.id)
    )).all()
    values: dict[int, list[InspectionValue]] = {}
    if inspections:
        for value in (await session.scalars(
            select(InspectionValue).where(InspectionValue.inspection_id.in_([i.id for i in inspections]))
            .order_by(InspectionValue.id)
        )).all():
            values.setdefault(value.inspection_id, []).append(value)
    characteristic_name = {c.id: c.name for c in characteristics}
    exceptions = (await session.scalars(
        select(ExceptionTicket).where(ExceptionTicket.order_id == order.id)
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
    )).all()
    photo_count = await session.scalar(select(func.count()).select_from(Photo).where(Photo.order_id == order.id))

    done = [m for m in order.milestones if m.status in (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)]
    current = next((m for m in order.milestones if m not in done), None)
    return {
        **order_row(order, order.supplier, order.buyer),
        "supplier": {**supplier_row(order.supplier)},
        "progress": {
            "nodes_done": len(done), "nodes_total": len(order.milestones),
            "current_node": current.node if current is not None else None,
            "qty_shipped": sum(lot.qty for lot in lots),
            "qty_accepted": sum(lot.qty_accepted for lot in lots),
            "qty_rejected": sum(lot.qty_rejected for lot in lots),
        },
        "receiving": {  # the buyer's side: counted in, usable after inspection, sent back
            "qty_received": sum(lot.qty_received for lot in lots),
            "qty_usable": sum(lot.qty_usable for lot in lots),
            "qty_returned": sum(lot.qty_returned for lot in lots),
        },
        "milestones": [{**milestone_row(m), "changes": changes.get(m.id, [])} for m in order.milestones],
        "reports": [{
            "id": r.id, "kind": r.kind, "node_seq": seq_of.get(r.milestone_id or 0), "reporter": r.reporter,
            "platform": r.platform, "reported_at": _iso(r.reported_at), "text": r.text, "percent": r.percent,
            "qty_done": r.qty_done, "details": r.details, "undone_at": _iso(r.undone_at),
        } for r in reports],
        "inspection_plan": [{
            "seq": c.seq, "name": c.name, "kind": c.kind, "nominal": c.nominal,
            "tol_minus": c.tol_minus, "tol_plus": c.tol_plus, "unit": c.unit,
        } for c in characteristics],
        "inspections": [{
            "id": i.id, "inspected_at": _iso(i.inspected_at), "inspector": i.inspector, "stage": i.stage,
            "node_seq": seq_of.get(i.milestone_id or 0), "lot_no": lot_no.get(i.lot_id or 0),
            "first_inspection": i.first_inspection, "verdict": i.verdict, "qty_inspected": i.qty_inspected,
            "qty_accepted": i.qty_accepted, "qty_rejected": i.qty_rejected,
            "values": [{
                "characteristic": characteristic_name.get(v.characteristic_id or 0), "value": v.value,
                "passed": v.passed,
            } for v in values.get(i.id, [])],
        } for i in inspections],
        "lots": [{
            "lot_no": lot.lot_no, "qty": lot.qty, "shipped_at": _iso(lot.shipped_at),
            "qty_accepted": lot.qty_accepted, "qty_rejected": lot.qty_rejected,
            "qty_reworked": lot.qty_reworked, "qty_scrapped": lot.qty_scrapped,
            "received_at": _iso(lot.received_at),
            "qty_received": lot.qty_received, "qty_concession": lot.qty_concession,
            "qty_rework_pending": lot.qty_rework_pending, "qty_returned": lot.qty_returned,
            "qty_usable": lot.qty_usable,
        } for lot in lots],
        "exceptions": [{
            "id": e.id, "kind": e.kind, "severity": e.severity, "title": e.title, "description": e.description,
            "node_seq": seq_of.get(e.milestone_id or 0), "lot_no": lot_no.get(e.lot_id or 0), "qty": e.qty,
            "opened_at": _iso(e.opened_at), "opened_by": e.opened_by,
            "acknowledged_at": _iso(e.acknowledged_at), "acknowledged_by": e.acknowledged_by,
            "resolved_at": _iso(e.resolved_at), "resolved_by": e.resolved_by, "resolution": e.resolution,
            "level": e.level,
        } for e in exceptions],
        "photo_count": photo_count or 0,
    }


OPEN_NODE_STATUSES = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)


def _overdue_clause(today: date) -> Any:
    """An open order with a node not done whose planned date has passed."""
    return and_(
        Order.status.in_(OPEN_ORDER_STATUSES),
        exists().where(
            Milestone.order_id == Order.id,
            Milestone.status.in_(OPEN_NODE_STATUSES),
            Milestone.planned_date < today,
        ),
    )


async def list_orders(
    session: AsyncSession,
    *,
    status: str | None = None,
    supplier: str | None = None,
    overdue: bool | None = None,
    limit: int = 100,
    offset: int = 0,
    today: date | None = None,
    supplier_ids: frozenset[int] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """A page of orders by due date, with each one's current node, and the total matching.

    `status="open"` means released, in progress or shipped. `overdue` and the rows'
    overdue flags need `today`, the service's local date. `supplier_ids`: only those
    suppliers' orders (a staff person's scope); None: every supplier's.
    """
    if overdue is not None and today is None:
        raise ValueError("the overdue filter needs today's date")
    filters: list[Any] = [] if supplier_ids is None else [Order.supplier_id.in_(sorted(supplier_ids))]
    if status == "open":
        filters.append(Order.status.in_(OPEN_ORDER_STATUSES))
    elif status:
        filters.append(Order.status == status)
    if supplier:
        filters.append(or_(Supplier.code == supplier, Supplier.name == supplier))
    if overdue is not None and today is not None:
        clause = _overdue_clause(today)
        filters.append(clause if overdue else ~clause)
    counted = select(func.count(Order.id)).join(Supplier, Order.supplier_id == Supplier.id).where(*filters)
    total = await session.scalar(counted) or 0
    query = (
        select(Order, Supplier, Person)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .outerjoin(Person, Order.buyer_id == Person.id)
        .where(*filters)
        .order_by(Order.due_date, Order.po)
        .limit(limit)
        .offset(offset)
    )
    page = (await session.execute(query)).all()
    open_nodes: dict[int, list[Milestone]] = {}
    if page:
        for milestone in (await session.scalars(
            select(Milestone).where(
                Milestone.order_id.in_([order.id for order, _, _ in page]),
                Milestone.status.in_(OPEN_NODE_STATUSES),
            ).order_by(Milestone.order_id, Milestone.seq)
        )).all():
            open_nodes.setdefault(milestone.order_id, []).append(milestone)
    rows: list[dict[str, Any]] = []
    for order, found_supplier, buyer in page:
        nodes = open_nodes.get(order.id, [])
        row = order_row(order, found_supplier, buyer)
        row["current_node"] = milestone_row(nodes[0]) if nodes else None
        if today is not None:
            row["overdue"] = order.status in OPEN_ORDER_STATUSES and any(m.planned_date < today for m in nodes)
        rows.append(row)
    return rows, total
