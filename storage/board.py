"""Queries behind the buyers' board (进度看板) and an order's trace.

The board must stay fast with 10,000 open orders: a page is one COUNT, one query for the
page's orders and one for their nodes (never a query per row). An order's health is the
worst state of its open nodes, decided by the same rule in SQL (for filters and totals)
and in Python (for colouring), so the filter and the colours never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    OPEN_ORDER_STATUSES,
    Attachment,
    EscalationStep,
    ExceptionKind,
    ExceptionTicket,
    Milestone,
    MilestoneStatus,
    Order,
    Person,
    Photo,
    Supplier,
)
from storage.orders import po_key
from storage.plans import NODE_LABELS, TEMPLATE_NAMES

AT_RISK_DAYS = 2  # a node not yet started this close to its date is at risk
ID_CHUNK = 5000  # ids per IN (...): under every driver's bind-parameter limit
DONE_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)
OPEN_NODE_STATUSES = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)


class NodeState(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"


HEALTH_ORDER = (NodeState.OVERDUE, NodeState.AT_RISK, NodeState.ON_TRACK)  # worst first


def node_state(status: str, planned: date, original: date, today: date) -> NodeState:
    """Done; overdue (planned date passed); at risk (moved later than first planned, or not
    started within AT_RISK_DAYS of its date); else on track. Mirrors `_open_node_condition`."""
    if status in DONE_STATUSES:
        return NodeState.DONE
    if planned < today:
        return NodeState.OVERDUE
    if planned > original or (status == MilestoneStatus.PENDING and planned <= today + timedelta(days=AT_RISK_DAYS)):
        return NodeState.AT_RISK
    return NodeState.ON_TRACK


def _open_node_condition(state: NodeState, today: date) -> Any:
    """An open node in this state (SQL twin of `node_state`)."""
    is_open = Milestone.status.in_(OPEN_NODE_STATUSES)
    if state == NodeState.OVERDUE:
        return and_(is_open, Milestone.planned_date < today)
    return and_(is_open, Milestone.planned_date >= today, or_(
        Milestone.planned_date > Milestone.original_planned_date,
        and_(Milestone.status == MilestoneStatus.PENDING,
             Milestone.planned_date <= today + timedelta(days=AT_RISK_DAYS)),
    ))


def _open_nodes_by_order(today: date) -> Any:
    """Per order with open nodes: whether any is overdue, whether any is at risk. One
    aggregate over the open nodes, computed once, rather than an EXISTS per order (which
    SQLite plans badly at 10,000 orders) or a NOT IN (slow on PostgreSQL)."""
    flag = lambda state: func.max(case((_open_node_condition(state, today), 1), else_=0))  # noqa: E731
    return (
        select(Milestone.order_id, flag(NodeState.OVERDUE).label("overdue"),
               flag(NodeState.AT_RISK).label("at_risk"))
        .where(Milestone.status.in_(OPEN_NODE_STATUSES))
        .group_by(Milestone.order_id)
        .subquery("open_nodes")
    )


def health_clause(health: str, today: date) -> Any:
    """Orders whose worst open node is in `health` (overdue, at_risk or on_track)."""
    nodes = _open_nodes_by_order(today)
    if health == NodeState.OVERDUE:
        condition = nodes.c.overdue == 1
    elif health == NodeState.AT_RISK:
        condition = and_(nodes.c.overdue == 0, nodes.c.at_risk == 1)
    elif health == NodeState.ON_TRACK:
        condition = and_(nodes.c.overdue == 0, nodes.c.at_risk == 0)
    else:
        raise ValueError(f"unknown health {health!r}")
    return Order.id.in_(select(nodes.c.order_id).where(condition))


@dataclass(frozen=True)
class BoardFilter:
    """What the buyer narrowed the board to; empty fields filter nothing."""

    supplier: str | None = None  # supplier code
    buyer: int | None = None  # person id
    process: str | None = None
    status: str | None = None  # an open order status
    health: str | None = None  # overdue | at_risk | on_track
    po: str | None = None  # part of a PO, as typed


@dataclass(frozen=True)
class NodeView:
    seq: int
    node: str
    label_zh: str
    label_en: str
    planned_date: date
    original_planned_date: date
    status: str
    percent: float
    done_on: date | None  # local date the node was done
    state: NodeState

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.planned_date

    @property
    def moved_days(self) -> int:
        return (self.planned_date - self.original_planned_date).days


@dataclass
class BoardRow:
    po: str
    supplier_code: str
    supplier_name: str
    buyer: str | None
    process: str
    process_zh: str
    process_en: str
    part_no: str
    part_name: str
    quantity: int
    unit: str
    release_date: date
    due_date: date
    priority: str
    status: str
    nodes: list[NodeView] = field(default_factory=list)

    @property
    def health(self) -> NodeState:
        states = {n.state for n in self.nodes}
        return next((s for s in HEALTH_ORDER if s in states), NodeState.DONE)

    @property
    def current(self) -> NodeView | None:
        return next((n for n in self.nodes if n.state != NodeState.DONE), None)


@dataclass(frozen=True)
class BoardPage:
    rows: list[BoardRow]
    total: int
    limit: int
    offset: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filters(flt: BoardFilter, today: date) -> list[Any]:
    clauses: list[Any] = [Order.status.in_(OPEN_ORDER_STATUSES)]
    if flt.supplier:
        clauses.append(Supplier.code == flt.supplier)
    if flt.buyer is not None:
        clauses.append(Order.buyer_id == flt.buyer)
    if flt.process:
        clauses.append(Order.process == flt.process)
    if flt.status:
        clauses.append(Order.status == flt.status)
    if flt.health:
        clauses.append(health_clause(flt.health, today))
    text = (flt.po or "").strip()
    if text:
        options = [Order.po.ilike(f"%{_escape_like(text)}%", escape="\\")]
        key = po_key(text)
        if key:
            options.append(Order.po_key.like(f"%{_escape_like(key)}%", escape="\\"))
        clauses.append(or_(*options))
    return clauses


def _chunks(values: Sequence[int]) -> list[Sequence[int]]:
    return [values[i:i + ID_CHUNK] for i in range(0, len(values), ID_CHUNK)]


def node_view(m: Milestone, today: date, zone: ZoneInfo) -> NodeView:
    zh, en = NODE_LABELS.get(m.node, (m.node, m.node))
    if m.step:  # a template's own step: "半成品加工 · 磨"
        zh, en = f"{zh} · {m.step}", f"{en} · {m.step}"
    return NodeView(
        seq=m.seq, node=m.node, label_zh=zh, label_en=en, planned_date=m.planned_date,
        original_planned_date=m.original_planned_date, status=m.status, percent=m.percent,
        done_on=m.done_at.astimezone(zone).date() if m.done_at is not None else None,
        state=node_state(m.status, m.planned_date, m.original_planned_date, today),
    )


async def board_page(
    session: AsyncSession, flt: BoardFilter, *, today: date, zone: ZoneInfo, limit: int = 50, offset: int = 0,
    with_total: bool = True,
) -> BoardPage:
    """Open orders by due date (most urgent first), each with its whole node plan."""
    clauses = _filters(flt, today)
    total = 0
    if with_total:
        total = await session.scalar(
            select(func.count(Order.id)).join(Supplier, Order.supplier_id == Supplier.id).where(*clauses)
        ) or 0
    page = (await session.execute(
        select(Order, Supplier.code, Supplier.name, Person.name)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .outerjoin(Person, Order.buyer_id == Person.id)
        .where(*clauses)
        .order_by(Order.due_date, Order.po)
        .limit(limit).offset(offset)
    )).all()
    rows: dict[int, BoardRow] = {}
    for order, code, name, buyer in page:
        zh, en = TEMPLATE_NAMES.get(order.process, (order.process, order.process))
        rows[order.id] = BoardRow(
            po=order.po, supplier_code=code, supplier_name=name, buyer=buyer, process=order.process,
            process_zh=zh, process_en=en, part_no=order.part_no, part_name=order.part_name,
            quantity=order.quantity, unit=order.unit, release_date=order.release_date, due_date=order.due_date,
            priority=order.priority, status=order.status,
        )
    for chunk in _chunks(list(rows)):
        for m in (await session.scalars(
            select(Milestone).where(Milestone.order_id.in_(chunk)).order_by(Milestone.order_id, Milestone.seq)
        )).all():
            rows[m.order_id].nodes.append(node_view(m, today, zone))
    return BoardPage(rows=list(rows.values()), total=total if with_total else len(rows), limit=limit, offset=offset)


@dataclass(frozen=True)
class FilterOptions:
    suppliers: list[tuple[str, str]]  # (code, name)
    buyers: list[tuple[int, str]]  # (person id, name)
    processes: list[str]


async def board_filter_options(session: AsyncSession) -> FilterOptions:
    """The choices of the board's filters: three small queries, whatever the number of orders."""
    suppliers = (await session.execute(select(Supplier.code, Supplier.name).order_by(Supplier.code))).all()
    buyers = (await session.execute(
        select(Person.id, Person.name).where(Person.id.in_(
            select(Order.buyer_id).where(Order.status.in_(OPEN_ORDER_STATUSES)).distinct()
        )).order_by(Person.name)
    )).all()
    processes = (await session.scalars(
        select(Order.process).where(Order.status.in_(OPEN_ORDER_STATUSES)).distinct().order_by(Order.process)
    )).all()
    return FilterOptions([tuple(s) for s in suppliers], [tuple(b) for b in buyers], list(processes))


# --- one order's trace --------------------------------------------------------------------

@dataclass(frozen=True)
class PhotoView:
    id: int
    path: str | None  # None once pruned by retention; the thumbnail stays
    thumb_path: str
    width: int
    height: int
    uploaded_by: str
    uploaded_at: datetime
    inspection_id: int | None
    lot_id: int | None
    report_id: int | None


@dataclass(frozen=True)
class StepView:
    exception_id: int
    level: int
    repeat: int
    fired_at: datetime
    target: str


@dataclass(frozen=True)
class AttachmentView:
    id: int
    file_name: str
    kind: str
    size: int
    uploaded_by: str
    uploaded_at: datetime
    lot_id: int | None


@dataclass(frozen=True)
class OrderTrace:
    """What `storage.orders.order_detail` does not carry: escalation trails, photos, documents."""

    order_id: int
    escalations: dict[int, list[StepView]]
    photos: list[PhotoView]
    attachments: list[AttachmentView] = field(default_factory=list)


async def order_trace(session: AsyncSession, po: str) -> OrderTrace | None:
    key = po_key(po)
    order_id = await session.scalar(
        select(Order.id).where(or_(Order.po == po.strip(), Order.po_key == key)).limit(1)
    ) if key else None
    if order_id is None:
        return None
    escalations: dict[int, list[StepView]] = {}
    for step in (await session.scalars(
        select(EscalationStep).join(ExceptionTicket, EscalationStep.exception_id == ExceptionTicket.id)
        .where(ExceptionTicket.order_id == order_id)
        .order_by(EscalationStep.fired_at, EscalationStep.id)
    )).all():
        escalations.setdefault(step.exception_id, []).append(
            StepView(step.exception_id, step.level, step.repeat, step.fired_at, step.target)
        )
    photos = [
        PhotoView(p.id, p.path, p.thumb_path, p.width, p.height, p.uploaded_by, p.uploaded_at,
                  p.inspection_id, p.lot_id, p.report_id)
        for p in (await session.scalars(
            select(Photo).where(Photo.order_id == order_id).order_by(Photo.uploaded_at, Photo.id)
        )).all()
    ]
    attachments = [
        AttachmentView(a.id, a.file_name, a.kind, a.size, a.uploaded_by, a.uploaded_at, a.lot_id)
        for a in (await session.scalars(
            select(Attachment).where(Attachment.order_id == order_id).order_by(Attachment.uploaded_at, Attachment.id)
        )).all()
    ]
    return OrderTrace(order_id, escalations, photos, attachments)


async def photo_is_known(session: AsyncSession, rel_path: str) -> bool:
    """Only files the archive knows are served, never whatever else sits under the root."""
    found = await session.scalar(
        select(Photo.id).where(or_(Photo.path == rel_path, Photo.thumb_path == rel_path)).limit(1)
    )
    return found is not None


# --- quality: what went wrong, most frequent first ------------------------------------------

DEFECT_KINDS = (ExceptionKind.DEFECT, ExceptionKind.INSPECTION_FAILED)


@dataclass(frozen=True)
class ParetoItem:
    label: str
    count: int
    qty: int


def _defect_label(description: str, title: str, po: str) -> str:
    """The defect as the supplier or QC worded it; a title without its PO when no description."""
    text = (description or "").strip()
    if not text:
        text = (title or "").replace(po, "", 1).strip(" :：-")
    return " ".join(text.split())[:80] or "—"


async def defect_pareto(
    session: AsyncSession, start: datetime, end: datetime, supplier_id: int | None = None,
) -> list[ParetoItem]:
    """Defects and failed inspections opened in [start, end), grouped by what was wrong."""
    filters = [ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end,
               ExceptionTicket.kind.in_(DEFECT_KINDS)]
    if supplier_id is not None:
        filters.append(Order.supplier_id == supplier_id)
    rows = (await session.execute(
        select(ExceptionTicket.description, ExceptionTicket.title, Order.po, func.count(),
               func.coalesce(func.sum(ExceptionTicket.qty), 0))
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(*filters)
        .group_by(ExceptionTicket.description, ExceptionTicket.title, Order.po)
    )).all()
    merged: dict[str, list[int]] = {}
    for description, title, po, count, qty in rows:
        item = merged.setdefault(_defect_label(description, title, po), [0, 0])
        item[0] += count
        item[1] += int(qty or 0)
    return sorted((ParetoItem(label, c, q) for label, (c, q) in merged.items()), key=lambda i: (-i.count, i.label))


async def exception_kind_counts(
    session: AsyncSession, start: datetime, end: datetime, supplier_id: int | None = None,
) -> list[tuple[str, int]]:
    """Exceptions opened in [start, end) by kind, most frequent first."""
    filters = [ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end]
    if supplier_id is not None:
        filters.append(Order.supplier_id == supplier_id)
    rows = (await session.execute(
        select(ExceptionTicket.kind, func.count()).join(Order, Order.id == ExceptionTicket.order_id)
        .where(*filters).group_by(ExceptionTicket.kind).order_by(func.count().desc(), ExceptionTicket.kind)
    )).all()
    return [(kind, count) for kind, count in rows]


@dataclass(frozen=True)
class ExceptionLine:
    po: str
    supplier: str
    kind: str
    severity: str
    title: str
    opened_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    level: int


async def exceptions_opened(
    session: AsyncSession, start: datetime, end: datetime, *, limit: int = 10_000,
) -> list[ExceptionLine]:
    """The exceptions opened in [start, end), for the monthly report."""
    rows = (await session.execute(
        select(ExceptionTicket, Order.po, Supplier.name)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .join(Supplier, Supplier.id == Order.supplier_id)
        .where(ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end)
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
        .limit(limit)
    )).all()
    return [
        ExceptionLine(po, supplier, e.kind, e.severity, e.title, e.opened_at, e.acknowledged_at,
                      e.acknowledged_by, e.resolved_at, e.level)
        for e, po, supplier in rows
    ]
