"""The data model: who is who, orders and their nodes, what suppliers reported, quality,
exceptions, and the inbox/outbox that make chat delivery reliable.

Relationships are `lazy="raise_on_sql"`: every query says what it loads, so nothing
issues hidden SQL inside an async request.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    __table__: ClassVar[Table]  # every model maps one table: Core statements may use it as a Table
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


# --- vocabularies -------------------------------------------------------------------------

class Role(StrEnum):
    BUYER = "buyer"
    QC = "qc"
    WAREHOUSE = "warehouse"  # receives goods (收货) at the dock
    MANAGER = "manager"
    ADMIN = "admin"
    SUPPLIER = "supplier"  # a supplier's contact


class TokenScope(StrEnum):
    """What a personal token may do on the REST API (the dashboard is read and act, per role)."""

    READ = "read"
    WRITE = "write"


class BindingRole(StrEnum):
    """What a bound chat is for."""

    SUPPLIER = "supplier"
    BUYERS = "buyers"
    QC = "qc"
    WAREHOUSE = "warehouse"
    MANAGERS = "managers"
    OPS = "ops"  # dead letters and service alerts


class NodeCode(StrEnum):
    MATERIAL_READY = "material_ready"
    FIRST_PROCESS = "first_process"
    IN_PROCESS = "in_process"
    FINAL_INSPECTION = "final_inspection"
    SHIPPED = "shipped"
    RECEIVED = "received"


class Priority(StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class OrderStatus(StrEnum):
    RELEASED = "released"
    IN_PROGRESS = "in_progress"
    SHIPPED = "shipped"
    ACCEPTED = "accepted"
    CLOSED = "closed"  # closed short (短交关闭): less than ordered was accepted, and that is final
    CANCELLED = "cancelled"


OPEN_ORDER_STATUSES = (OrderStatus.RELEASED, OrderStatus.IN_PROGRESS, OrderStatus.SHIPPED)


class MilestoneStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class ExceptionKind(StrEnum):
    DELAY = "delay"
    OVERDUE = "overdue"
    DEFECT = "defect"
    INSPECTION_FAILED = "inspection_failed"
    MATERIAL_SHORTAGE = "material_shortage"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class InboxState(StrEnum):
    PENDING = "pending"
    PROCESSED = "processed"
    IGNORED = "ignored"
    FAILED = "failed"


class OutboxState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"


# --- people and chats ---------------------------------------------------------------------

class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(60))  # 简称, what everybody writes: 华达
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)  # other names an ERP or a sheet uses
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    language: Mapped[str] = mapped_column(String(8), default="zh")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    prompt_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM" local; None: the service's prompt time

    contacts: Mapped[list[Person]] = relationship(back_populates="supplier", lazy="raise_on_sql")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    token_scope: Mapped[str | None] = mapped_column(String(8))  # TokenScope of the personal token
    token_expires_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]  # set: no sign-in, no token, no action, sessions end

    supplier: Mapped[Supplier | None] = relationship(back_populates="contacts", lazy="raise_on_sql")
    identities: Mapped[list[ChatIdentity]] = relationship(back_populates="person", lazy="raise_on_sql")


class StaffScope(Base):
    """One supplier a staff person may see and act on. A staff person with no rows here has
    every supplier in scope (the default, and what an admin normally has); with rows, only those."""

    __tablename__ = "staff_scopes"
    __table_args__ = (UniqueConstraint("person_id", "supplier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))


class ChatIdentity(Base):
    """A person's user id on one platform."""

    __tablename__ = "chat_identities"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(128))

    person: Mapped[Person] = relationship(back_populates="identities", lazy="raise_on_sql")


class ChatBinding(Base):
    """A chat bound to a purpose: a supplier's group, or the buyers', QC's or managers' group."""

    __tablename__ = "chat_bindings"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(128))
    chat_kind: Mapped[str] = mapped_column(String(10), default="group")
    role: Mapped[str] = mapped_column(String(20))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    bound_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    prompts_snoozed_until: Mapped[date | None] = mapped_column(Date)  # `明天再提醒我`: no prompt before this day


# --- orders and their plan ----------------------------------------------------------------

class ProcessTemplate(Base):
    """How a process (stamping, SMT, plating...) plans its nodes.

    `nodes` is a list of {"node": NodeCode, "step": str | None, "at": fraction of the
    release→due window, "inspection": bool}; planned dates are placed along the window.
    A step (车, 铣, 热处理...) is a node of its own whose `node` is the stage it belongs to,
    so everything that reasons in the six stages keeps working.
    """

    __tablename__ = "process_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    nodes: Mapped[list[Any]]


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    po: Mapped[str] = mapped_column(String(40), unique=True)
    po_key: Mapped[str] = mapped_column(String(40), unique=True)  # normalised for lookup: "PO-1001" -> "1001"
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    part_no: Mapped[str] = mapped_column(String(80))
    part_name: Mapped[str] = mapped_column(String(200), default="")
    process: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    release_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    priority: Mapped[str] = mapped_column(String(10), default=Priority.NORMAL)
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.RELEASED, index=True)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    accepted_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(120), default="system")

    supplier: Mapped[Supplier] = relationship(lazy="raise_on_sql")
    buyer: Mapped[Person | None] = relationship(lazy="raise_on_sql")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="order", order_by="Milestone.seq", lazy="raise_on_sql", cascade="all, delete-orphan"
    )


class Milestone(Base):
    """A key node (关键节点) of an order's plan."""

    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("order_id", "seq"),
        # late nodes by date, each with its order, from the index alone (migration 0016_tick_due)
        Index("ix_milestones_late", "status", "planned_date", "order_id"),
        # the node on-time rate counts from this index alone (migration 0015_pages100k)
        Index("ix_milestones_node_on_time", "original_planned_date", "order_id", "status", "done_at"),
        # an order's nodes of a period, from the index alone: a supplier's count starts from its
        # orders (migration 0017_node_counts); also every lookup of an order's nodes
        Index("ix_milestones_order_plan", "order_id", "original_planned_date", "status", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    node: Mapped[str] = mapped_column(String(30))
    step: Mapped[str | None] = mapped_column(String(80))  # the process step, for per-operation subcontracting
    planned_date: Mapped[date] = mapped_column(Date)
    original_planned_date: Mapped[date] = mapped_column(Date)
    inspection: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=MilestoneStatus.PENDING)
    percent: Mapped[float] = mapped_column(Float, default=0.0)
    qty_done: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    order: Mapped[Order] = relationship(back_populates="milestones", lazy="raise_on_sql")


class MilestoneChange(Base):
    """Append-only history of every change to a node: who, when, why, old → new."""

    __tablename__ = "milestone_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    actor: Mapped[str] = mapped_column(String(120))
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(String(120))
    new_value: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    # the reason without the words that only date it (`今天停电` -> `停电`), written with it by handlers/delay_causes.py:
    # what the delay-reason figure groups by (storage/kpis.py); NULL where no writer gave one (the reason, trimmed)
    reason_key: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="chat")
    report_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    # set instead of `report_id` while the report is not yet flushed: the flush fills the id in
    report: Mapped[ProgressReport | None] = relationship(lazy="raise_on_sql")


class ProgressReport(Base):
    """One thing a supplier said about an order, as recorded (kept even when undone)."""

    __tablename__ = "progress_reports"
    __table_args__ = (Index("ix_progress_reports_order_time", "order_id", "reported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    kind: Mapped[str] = mapped_column(String(20))  # progress, delay, shipment, defect, inspection, noted
    reporter_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reporter: Mapped[str] = mapped_column(String(120))
    platform: Mapped[str] = mapped_column(String(20))
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("inbox.id"), index=True)
    reported_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[float | None] = mapped_column(Float)
    qty_done: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None]


class Lot(Base):
    """A shipped batch (批次): its own quantities and inspection result, independent of others."""

    __tablename__ = "lots"
    __table_args__ = (UniqueConstraint("order_id", "lot_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    lot_no: Mapped[str] = mapped_column(String(60))
    qty: Mapped[int] = mapped_column(Integer)
    shipped_at: Mapped[datetime] = mapped_column(index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    report: Mapped[ProgressReport | None] = relationship(lazy="raise_on_sql")  # as `MilestoneChange.report`
    qty_accepted: Mapped[int] = mapped_column(Integer, default=0)
    qty_rejected: Mapped[int] = mapped_column(Integer, default=0)
    qty_reworked: Mapped[int] = mapped_column(Integer, default=0)
    qty_scrapped: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime | None]
    # The buyer's side (incoming inspection, 来料检验). qty_accepted + qty_rejected is what the
    # first inspection decided (the KPIs' denominator); reworked and scrapped are parts of rejected.
    qty_received: Mapped[int] = mapped_column(Integer, default=0)  # counted in at the dock
    qty_concession: Mapped[int] = mapped_column(Integer, default=0)  # 让步接收, usable with a deviation
    qty_rework_pending: Mapped[int] = mapped_column(Integer, default=0)  # in rework, to be inspected again
    qty_returned: Mapped[int] = mapped_column(Integer, default=0)  # sent back to the supplier (退货)
    qty_usable: Mapped[int] = mapped_column(Integer, default=0)  # accepted for use, after rework too


class Receipt(Base):
    """Goods counted in (收货): one lot, the quantity counted, by whom; append-only."""

    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id", ondelete="CASCADE"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime]
    received_by: Mapped[str] = mapped_column(String(120))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    source: Mapped[str] = mapped_column(String(20), default="chat")
    note: Mapped[str] = mapped_column(Text, default="")


class LotReturn(Base):
    """Rejected goods sent back to the supplier (退货); the quantity is expected again."""

    __tablename__ = "lot_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id", ondelete="CASCADE"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    returned_at: Mapped[datetime]
    returned_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="chat")


class OrderChange(Base):
    """Append-only history of changes to an order itself (quantity, due date, priority, status)."""

    __tablename__ = "order_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(String(120))
    new_value: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="chat")


class MaterialIssue(Base):
    """Material sent to the supplier for an order or a lot (委外领料 / 补料 / 退料). The supplier
    confirms receipt by reporting the `material_ready` node done (`料收到了`)."""

    __tablename__ = "material_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12), default="issue")  # issue | supplement | return
    material: Mapped[str] = mapped_column(String(120))
    batch_no: Mapped[str] = mapped_column(String(60), default="")
    qty: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16), default="")
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(20), default="chat")


# --- quality ----------------------------------------------------------------------------

class Characteristic:
    """What one line of an inspection plan says, the same on a part's plan (QC's) and on the
    copy each order gets: its place, name, kind, nominal ± tolerance and unit."""

    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10), default="measure")  # measure | passfail
    nominal: Mapped[float | None] = mapped_column(Float)
    tol_minus: Mapped[float | None] = mapped_column(Float)
    tol_plus: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16), default="mm")


class InspectionCharacteristic(Characteristic, Base):
    """One line of an order's inspection plan: nominal ± tolerance, or a pass/fail item."""

    __tablename__ = "inspection_characteristics"
    __table_args__ = (UniqueConstraint("order_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))


class Inspection(Base):
    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    inspected_at: Mapped[datetime] = mapped_column(index=True)
    inspector: Mapped[str] = mapped_column(String(120))
    inspector_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    stage: Mapped[str] = mapped_column(String(20), default="supplier")  # supplier | incoming
    first_inspection: Mapped[bool] = mapped_column(Boolean, default=True)
    verdict: Mapped[str] = mapped_column(String(10), default=Verdict.PENDING)
    qty_inspected: Mapped[int | None] = mapped_column(Integer)
    qty_accepted: Mapped[int | None] = mapped_column(Integer)
    qty_rejected: Mapped[int | None] = mapped_column(Integer)
    # incoming inspection's disposition, side by side (qty_rejected = everything not accepted first time)
    qty_rework: Mapped[int | None] = mapped_column(Integer)
    qty_scrap: Mapped[int | None] = mapped_column(Integer)
    qty_concession: Mapped[int | None] = mapped_column(Integer)


class InspectionValue(Base):
    __tablename__ = "inspection_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    characteristic_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_characteristics.id"))
    value: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)


class Photo(Base):
    """A stored photo linked to what it documents; the file is content-addressed on disk."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    path: Mapped[str | None] = mapped_column(String(200))  # None once pruned by retention
    thumb_path: Mapped[str] = mapped_column(String(200))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime]
    album_id: Mapped[str | None] = mapped_column(String(80))
    exception_id: Mapped[int | None] = mapped_column(ForeignKey("exceptions.id", ondelete="SET NULL"))  # the defect shown
    linked_by: Mapped[str | None] = mapped_column(String(120))  # who set lot/defect by hand (then nothing is derived)
    # set to a report not yet written, the photo's report_id is filled as the report is flushed
    report: Mapped[ProgressReport | None] = relationship(lazy="raise_on_sql")


class PartInspectionItem(Characteristic, Base):
    """One line of a part's inspection plan (QC's), copied onto each new order of the part."""

    __tablename__ = "part_inspection_items"
    __table_args__ = (UniqueConstraint("part_no", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    part_no: Mapped[str] = mapped_column(String(80), index=True)


# --- settings people own ------------------------------------------------------------------

class CalendarDay(Base):
    """A day that breaks the weekly pattern: a holiday, or a make-up working day (调休)."""

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday | workday
    note: Mapped[str] = mapped_column(String(120), default="")


class SettingChange(Base):
    """Append-only history of the set-up pages: who changed which setting, when, old → new."""

    __tablename__ = "setting_changes"
    __table_args__ = (Index("ix_setting_changes_subject", "subject", "subject_key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(20))  # template | calendar | prompt_time | inspection_plan | order_plan | photo
    subject_key: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class Attachment(Base):
    """A document a supplier sent with an order (a PDF, a drawing): content-addressed on disk
    like photos, under the store's `files/` folder. `order_id` is empty until the supplier
    says which order it belongs to."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # pdf | dwg | dxf
    file_name: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(200))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("inbox.id"))
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime]


# --- exceptions and escalation ------------------------------------------------------------

class ExceptionTicket(Base):
    """An exception (异常工单): a delay, an overdue node, a defect. Escalated until acknowledged."""

    __tablename__ = "exceptions"
    __table_args__ = (
        Index("ix_exceptions_open", "resolved_at", "next_escalation_at"),
        # the tick's overtaken test reads open overdue exceptions from this index alone (0016_tick_due)
        Index("ix_exceptions_overdue_open", "kind", "resolved_at", "id", "milestone_id", "order_id", "dedupe_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    kind: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10), default=Severity.MEDIUM)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    qty: Mapped[int | None] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(index=True)
    opened_by: Mapped[str] = mapped_column(String(120))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(120))  # the owner's name, as shown
    # the owner as a stable identity, for @-mentioning them on follow-ups: the person (when known)
    # and the chat user who acknowledged ("telegram:4301"), whatever their display name becomes
    acknowledged_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    acknowledged_by_user: Mapped[str | None] = mapped_column(String(160))
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(120))
    resolution: Mapped[str | None] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer, default=0)
    repeat: Mapped[int] = mapped_column(Integer, default=0)
    next_escalation_at: Mapped[datetime | None]
    # how often an acknowledgement timed out and the exception went back on the ladder
    ladder_round: Mapped[int] = mapped_column(Integer, default=0)
    # the report that opened it was taken back (撤回): it counts in no figure
    withdrawn_at: Mapped[datetime | None]
    # a defect's category (storage.defect_categories.DefectCategory); None for other kinds
    category: Mapped[str | None] = mapped_column(String(20))


class EscalationStep(Base):
    """That an exception reached a level (and repeat) in one round of its ladder: the unique key
    makes it happen once. A round starts when an acknowledgement times out (`ladder_round`)."""

    __tablename__ = "escalation_steps"
    __table_args__ = (UniqueConstraint("exception_id", "ladder_round", "level", "repeat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exception_id: Mapped[int] = mapped_column(ForeignKey("exceptions.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(Integer)
    repeat: Mapped[int] = mapped_column(Integer, default=0)
    fired_at: Mapped[datetime]
    target: Mapped[str] = mapped_column(String(200))
    ladder_round: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str | None] = mapped_column(String(120))  # follow-ups and returns: whose acknowledgement


class RiskWarning(Base):
    """That a node at risk was warned about, before its date: once per node and planned date."""

    __tablename__ = "risk_warnings"
    __table_args__ = (UniqueConstraint("milestone_id", "planned_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"))
    planned_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(20))
    warned_at: Mapped[datetime]


class Prompt(Base):
    """A scheduled question to a supplier chat; answered or not, it feeds reporting compliance."""

    __tablename__ = "prompts"
    __table_args__ = (
        UniqueConstraint("schedule_key"),
        Index("ix_prompts_unanswered", "answered_at", "nudged_at", "reply_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_key: Mapped[str] = mapped_column(String(160))  # (supplier, fire time): one prompt per slot
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    binding_id: Mapped[int | None] = mapped_column(ForeignKey("chat_bindings.id"))
    order_ids: Mapped[list[Any]]
    sent_at: Mapped[datetime] = mapped_column(index=True)
    reply_by: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    nudged_at: Mapped[datetime | None]


# --- conversations and delivery -----------------------------------------------------------

class ConversationState(Base):
    """A question the bot asked and is waiting on (which order? percent or quantity?)."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    expires_at: Mapped[datetime]


class ReadingExample(Base):
    """A message whose reading a person settled: confirmed (✔), rejected (✘), chose the
    alternative, answered a question about, or corrected. Labelled examples, so a factory
    can measure the reader on its own chats (`supplierbot corpus export`)."""

    __tablename__ = "reading_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(index=True)  # when the message was written: dates are relative to it
    recorded_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))  # confirmed, rejected, alternative, clarified, corrected
    shown: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the reading the bot made
    right: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the reading the person settled on; None: not said
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id", ondelete="SET NULL"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(128))


class InboxMessage(Base):
    """Every inbound message as received, stored before it is answered 200."""

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        Index("ix_inbox_pending", "state", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(160))
    chat_id: Mapped[str] = mapped_column(String(128))
    sender_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime]
    message: Mapped[dict[str, Any]]  # the InboundMessage, serialised
    raw: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default=InboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """A message to send. Written in the same transaction as the records it confirms."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        Index("ix_outbox_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]]  # the Reply, serialised
    state: Mapped[str] = mapped_column(String(10), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    platform_message_id: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(Text)
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("inbox.id"), index=True)


class RateWindow(Base):
    """Sends counted per platform bucket and window, shared by all replicas through the database."""

    __tablename__ = "rate_windows"
    __table_args__ = (UniqueConstraint("bucket", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[datetime]
    count: Mapped[int] = mapped_column(Integer, default=0)


class Lease(Base):
    """A named singleton held by one replica until `expires_at` (the WeCom AI bot's one connection)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    owner: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime]


class WebSession(Base):
    """A dashboard sign-in: the cookie names it, so logging out or disabling a person ends it
    on the server at once instead of when the signed cookie would expire."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the random id in the cookie
    subject: Mapped[str] = mapped_column(String(40))  # "api" or "person:<id>"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who did what, from which surface: every change made through the API, the dashboard or
    the people commands, with the person's stable id (never a display name alone)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(String(160))  # "person:3 李娟", "api", "cli"
    surface: Mapped[str] = mapped_column(String(10))  # web, api, cli, chat
    action: Mapped[str] = mapped_column(String(80))
    target: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[int | None] = mapped_column(Integer)


class ErpLink(Base):
    """One ERP bill line (`system`, `external_key` = bill/line) and the order it became, with the
    values the ERP last gave: a sync compares the ERP's new values with these, so it changes
    only what the ERP changed, and notices when SupplierBot changed the same field since."""

    __tablename__ = "erp_links"
    __table_args__ = (UniqueConstraint("system", "external_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(20))
    external_key: Mapped[str] = mapped_column(String(120))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    synced: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> value as the ERP last gave it
    erp_state: Mapped[str] = mapped_column(String(12), default="open")  # open, cancelled, closed
    erp_modified: Mapped[str] = mapped_column(String(40), default="")  # the bill's modification time, ERP's text
    synced_at: Mapped[datetime]


class ErpConflict(Base):
    """A field the ERP changed after someone changed it in SupplierBot: kept, not overwritten,
    until a person settles it. Unique on the ERP's value, so a sync run twice records it once."""

    __tablename__ = "erp_conflicts"
    __table_args__ = (UniqueConstraint("system", "external_key", "field", "theirs"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(20))
    external_key: Mapped[str] = mapped_column(String(120))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(30))
    ours: Mapped[str] = mapped_column(String(120))
    theirs: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]
    settled_at: Mapped[datetime | None]


class ErpSyncState(Base):
    """Where the pull from one ERP stands: the cursor (the ERP's modification time up to which
    every bill is applied), the last success, the last error and the last run's counts."""

    __tablename__ = "erp_sync_state"

    system: Mapped[str] = mapped_column(String(20), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(40), default="")
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None]
    last_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
# --- outbound events (webhooks, Jiandaoyun) -------------------------------------------------

class WebhookEndpoint(Base):
    """A URL a factory registered for signed events (`supplierbot webhooks add`).
    `events` lists the event types it wants; empty means all of them."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))  # the HMAC key: it must be read back to sign
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class EventCursor(Base):
    """How far the event feed has read one source table (see `storage.event_feed`).

    Positions are row ids, or microseconds since the epoch for sources read by a time column.
    Everything at or below `floor` has been turned into events; `seen` is the highest position a
    scan at `seen_at` found, and becomes the floor once it is old enough that no transaction
    still writing below it can be open."""

    __tablename__ = "event_cursors"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    floor: Mapped[int] = mapped_column(BigInteger)
    seen: Mapped[int] = mapped_column(BigInteger)
    seen_at: Mapped[datetime]


class OutboundEvent(Base):
    """One event, exactly as it is sent: `event_id` is stable (type and source row), so a
    repeated scan, a second replica or a retry can never make it twice."""

    __tablename__ = "outbound_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(120), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(index=True)
    payload: Mapped[dict[str, Any]]


class EventDelivery(Base):
    """One event on its way to one sink (`webhook:3`, `jiandaoyun`): the chat outbox's sibling,
    leased, retried with back-off and dead-lettered the same way."""

    __tablename__ = "event_deliveries"
    __table_args__ = (
        UniqueConstraint("event_pk", "sink"),
        Index("ix_event_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("outbound_events.id", ondelete="CASCADE"), index=True)
    sink: Mapped[str] = mapped_column(String(60), index=True)
    state: Mapped[str] = mapped_column(String(10), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
