"""Queries behind the buyers' board (进度看板) and an order's trace.

The board must stay fast with 10,000 open orders: a page is one COUNT, one query for the
page's orders and one for their nodes (never a query per row). An order's health is the
worst state of its open nodes, decided by the same rule in SQL (for filters and totals)
and in Python (for colouring), so the filter and the colours never disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, false, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.defect_categories import DefectCategory, defect_category, description_shown
from storage.defect_categories import label as category_label
from storage.exception_words import step_words
from storage.intake_values import po_key
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
from storage.plans import NODE_LABELS, TEMPLATE_NAMES
from storage.risk import (
    NO_HISTORY,
    RULE,
    PlanOf,
    Risk,
    at_risk_orders,
    judge_plan,
    supplier_history,
    supplier_zone,
)

ID_CHUNK = 5000  # ids per IN (...): under every driver's bind-parameter limit
DONE_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)
OPEN_NODE_STATUSES = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)


class NodeState(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"


HEALTH_ORDER = (NodeState.OVERDUE, NodeState.AT_RISK, NodeState.ON_TRACK)  # worst first


def node_state(status: str, planned: date, original: date, today: date, at_risk: bool = False) -> NodeState:
    """Done; overdue (planned date passed); at risk (what `storage.risk` says of the order's
    current node, passed in as `at_risk`); else on track."""
    if status in DONE_STATUSES:
        return NodeState.DONE
    if planned < today:
        return NodeState.OVERDUE
    return NodeState.AT_RISK if at_risk else NodeState.ON_TRACK


def _open_nodes_by_order(today: date) -> Any:
    """Per order with open nodes: whether any is overdue. One aggregate over the open nodes,
    computed once, rather than an EXISTS per order (which SQLite plans badly at 10,000
    orders) or a NOT IN (slow on PostgreSQL)."""
    late = and_(Milestone.status.in_(OPEN_NODE_STATUSES), Milestone.planned_date < today)
    return (
        select(Milestone.order_id, func.max(case((late, 1), else_=0)).label("overdue"))
        .where(Milestone.status.in_(OPEN_NODE_STATUSES))
        .group_by(Milestone.order_id)
        .subquery("open_nodes")
    )


def health_clause(health: str, today: date, risky_orders: Collection[int] | Select[Any] = ()) -> Any:
    """Orders whose worst open node is in `health` (overdue, at_risk or on_track); the orders
    at risk are those `storage.risk` names: the set query `at_risk_orders` (what the board
    runs), or a collection of ids."""
    nodes = _open_nodes_by_order(today)
    if isinstance(risky_orders, Select):
        risky = nodes.c.order_id.in_(risky_orders)
    else:
        risky = nodes.c.order_id.in_(list(risky_orders)) if risky_orders else false()
    if health == NodeState.OVERDUE:
        condition = nodes.c.overdue == 1
    elif health == NodeState.AT_RISK:
        condition = and_(nodes.c.overdue == 0, risky)
    elif health == NodeState.ON_TRACK:
        condition = and_(nodes.c.overdue == 0, not_(risky))
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
    risk: Risk | None = None  # why its current node is at risk (storage.risk)

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


def _filters(flt: BoardFilter, today: date, risky_orders: Collection[int] | Select[Any] = ()) -> list[Any]:
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
        clauses.append(health_clause(flt.health, today, risky_orders))
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


def node_view(m: Milestone, today: date, zone: ZoneInfo, at_risk: bool = False) -> NodeView:
    zh, en = NODE_LABELS.get(m.node, (m.node, m.node))
    if m.step:  # a template's own step: "半成品加工 · 磨"
        zh, en = f"{zh} · {m.step}", f"{en} · {m.step}"
    return NodeView(
        seq=m.seq, node=m.node, label_zh=zh, label_en=en, planned_date=m.planned_date,
        original_planned_date=m.original_planned_date, status=m.status, percent=m.percent,
        done_on=m.done_at.astimezone(zone).date() if m.done_at is not None else None,
        state=node_state(m.status, m.planned_date, m.original_planned_date, today, at_risk),
    )


async def board_page(
    session: AsyncSession, flt: BoardFilter, *, today: date, zone: ZoneInfo, now: datetime | None = None,
    limit: int = 50, offset: int = 0, with_total: bool = True,
) -> BoardPage:
    """Open orders by due date (most urgent first), each with its whole node plan and, when
    its current node is at risk, the reason (`storage.risk`, judged at `now`: the start of
    `today` when not given).

    Four queries whatever the page's size: the count, the page, its nodes, and its
    suppliers' recent history; filtering by at risk / on track adds the rule as a set query
    (`storage.risk.at_risk_orders`, with its own two small queries), not a loop over orders."""
    now = now if now is not None else datetime.combine(today, time.min, zone)
    risky: set[int] = set()
    if flt.health in (NodeState.AT_RISK, NodeState.ON_TRACK):  # the set once, for the count and the page
        risky = set((await session.execute(await at_risk_orders(session, now, fallback_zone=zone))).scalars())
    clauses = _filters(flt, today, risky)
    total = 0
    if with_total:
        total = await session.scalar(
            select(func.count(Order.id)).join(Supplier, Order.supplier_id == Supplier.id).where(*clauses)
        ) or 0
    page = (await session.execute(
        select(Order, Supplier.code, Supplier.name, Person.name, Supplier.timezone)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .outerjoin(Person, Order.buyer_id == Person.id)
        .where(*clauses)
        .order_by(Order.due_date, Order.po)
        .limit(limit).offset(offset)
    )).all()
    rows: dict[int, BoardRow] = {}
    plans: dict[int, tuple[PlanOf, ZoneInfo]] = {}
    for order, code, name, buyer, timezone in page:
        plans[order.id] = (PlanOf(order.id, order.po, order.quantity, order.release_date, order.supplier_id, name),
                           supplier_zone(timezone, zone))
        zh, en = TEMPLATE_NAMES.get(order.process, (order.process, order.process))
        rows[order.id] = BoardRow(
            po=order.po, supplier_code=code, supplier_name=name, buyer=buyer, process=order.process,
            process_zh=zh, process_en=en, part_no=order.part_no, part_name=order.part_name,
            quantity=order.quantity, unit=order.unit, release_date=order.release_date, due_date=order.due_date,
            priority=order.priority, status=order.status,
        )
    milestones: dict[int, list[Milestone]] = {order_id: [] for order_id in rows}
    for chunk in _chunks(list(rows)):
        for m in (await session.scalars(
            select(Milestone).where(Milestone.order_id.in_(chunk)).order_by(Milestone.order_id, Milestone.seq)
        )).all():
            milestones[m.order_id].append(m)
    zones = {plan.supplier_id: z for plan, z in plans.values()}
    history = await supplier_history(session, now, zones, RULE.history_days) if rows else {}
    for order_id, row in rows.items():
        plan, z = plans[order_id]
        row.risk = judge_plan(plan, milestones[order_id], now=now, zone=z,
                              history=history.get(plan.supplier_id, NO_HISTORY))
        risky_node = row.risk.milestone_id if row.risk else None
        row.nodes = [node_view(m, today, zone, m.id == risky_node) for m in milestones[order_id]]
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
    return FilterOptions([(code, name) for code, name in suppliers], [(person, name) for person, name in buyers],
                         list(processes))


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
    owner: str | None = None

    def words(self, language: str) -> str:
        """The step in people's words: who was told, who was reminded, that it went back on the ladder."""
        return step_words(self.level, self.repeat, self.target, self.owner, language)


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
    """What `storage.order_queries.order_detail` does not carry: escalation trails, photos, documents."""

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
            StepView(step.exception_id, step.level, step.repeat, step.fired_at, step.target, step.owner)
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
    """One bar of the Pareto: a defect category, how many defects and pieces, and the
    descriptions it gathers (most frequent first), shown beneath it."""

    category: str
    count: int
    qty: int
    descriptions: tuple[tuple[str, int], ...] = ()

    def label(self, language: str = "zh") -> str:
        return category_label(self.category, language)


async def defect_pareto(
    session: AsyncSession, start: datetime, end: datetime, supplier_id: int | None = None,
) -> list[ParetoItem]:
    """Defects and failed inspections opened in [start, end), not withdrawn, by category.

    A defect stored before categories existed is placed by the words of its description."""
    filters = [ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end,
               ExceptionTicket.kind.in_(DEFECT_KINDS), ExceptionTicket.withdrawn_at.is_(None)]
    if supplier_id is not None:
        filters.append(Order.supplier_id == supplier_id)
    rows = (await session.execute(
        select(ExceptionTicket.category, ExceptionTicket.description, func.count(),
               func.coalesce(func.sum(ExceptionTicket.qty), 0))
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(*filters)
        .group_by(ExceptionTicket.category, ExceptionTicket.description)
    )).all()
    counts: dict[str, list[int]] = {}
    texts: dict[str, dict[str, int]] = {}
    for category, description, count, qty in rows:
        key = defect_category(category, description).value
        item = counts.setdefault(key, [0, 0])
        item[0] += count
        item[1] += int(qty or 0)
        shown = description_shown(description)
        if shown:
            texts.setdefault(key, {})
            texts[key][shown] = texts[key].get(shown, 0) + count
    return sorted(
        (ParetoItem(key, c, q, tuple(sorted(texts.get(key, {}).items(), key=lambda kv: (-kv[1], kv[0]))))
         for key, (c, q) in counts.items()),
        key=lambda i: (-i.count, i.category == DefectCategory.OTHER.value, i.category),
    )


@dataclass(frozen=True)
class DefectLine:
    """A defect of the period, for QC to check or change its category."""

    id: int
    po: str
    supplier: str
    kind: str
    category: str
    description: str
    qty: int | None
    opened_at: datetime


async def defects_opened(
    session: AsyncSession, start: datetime, end: datetime, supplier_id: int | None = None, *, limit: int = 200,
) -> list[DefectLine]:
    """The period's defects, newest first, not withdrawn."""
    filters = [ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end,
               ExceptionTicket.kind.in_(DEFECT_KINDS), ExceptionTicket.withdrawn_at.is_(None)]
    if supplier_id is not None:
        filters.append(Order.supplier_id == supplier_id)
    rows = (await session.execute(
        select(ExceptionTicket, Order.po, Supplier.name)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .join(Supplier, Supplier.id == Order.supplier_id)
        .where(*filters)
        .order_by(ExceptionTicket.opened_at.desc(), ExceptionTicket.id.desc())
        .limit(limit)
    )).all()
    return [DefectLine(e.id, po, supplier, e.kind, defect_category(e.category, e.description).value,
                       description_shown(e.description) or _defect_title(e.title, po), e.qty, e.opened_at)
            for e, po, supplier in rows]


def _defect_title(title: str, po: str) -> str:
    return " ".join((title or "").replace(po, "", 1).strip(" :：-").split())[:80] or "—"


async def set_defect_category(session: AsyncSession, exception_id: int, category: DefectCategory) -> bool:
    """QC's correction of a defect's category; False when there is no such defect."""
    ticket = await session.get(ExceptionTicket, exception_id)
    if ticket is None or ticket.kind not in [k.value for k in DEFECT_KINDS]:
        return False
    ticket.category = category.value
    return True


async def exception_kind_counts(
    session: AsyncSession, start: datetime, end: datetime, supplier_id: int | None = None,
) -> list[tuple[str, int]]:
    """Exceptions opened in [start, end) by kind, most frequent first (withdrawn ones left out)."""
    filters = [ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end,
               ExceptionTicket.withdrawn_at.is_(None)]
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
    level: int | None  # the highest ladder level that fired; None when it never escalated


async def exceptions_opened(
    session: AsyncSession, start: datetime, end: datetime, *, limit: int = 10_000,
) -> list[ExceptionLine]:
    """The exceptions opened in [start, end), for the monthly report (withdrawn ones left out),
    each with the level it reached (a step that fired), not the next one pending."""
    reached = (
        select(EscalationStep.exception_id, func.max(EscalationStep.level).label("level"))
        .where(EscalationStep.level >= 0)
        .group_by(EscalationStep.exception_id)
        .subquery("reached")
    )
    rows: Sequence[Any] = (await session.execute(
        select(ExceptionTicket, Order.po, Supplier.name, reached.c.level)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .join(Supplier, Supplier.id == Order.supplier_id)
        .outerjoin(reached, reached.c.exception_id == ExceptionTicket.id)
        .where(ExceptionTicket.opened_at >= start, ExceptionTicket.opened_at < end,
               ExceptionTicket.withdrawn_at.is_(None))
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
        .limit(limit)
    )).all()
    return [
        ExceptionLine(po, supplier, e.kind, e.severity, e.title, e.opened_at, e.acknowledged_at,
                      e.acknowledged_by, e.resolved_at, level)
        for e, po, supplier, level in rows
    ]
