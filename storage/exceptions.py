"""The exception (异常工单) lifecycle: open, acknowledge, resolve, close when the node is done.

Shared by the conversation layer and the scheduler. Opening sets where the ladder starts
and when it first fires; the scheduler fires the steps. Acknowledging stops the ladder and
schedules follow-ups to the owner. Closing sends exactly one closing message to every chat
the exception reached (outbox key `close:{id}:{chat}`), and nothing to chats it never reached.

A dedupe key names one occurrence and opens at most one exception, ever: for an existing
key the stored exception is returned (resolved or not) with `False`. Put what makes an
occurrence new into the key (the scheduler uses `overdue:{milestone}:{planned date}`, so a
re-planned node that is late again opens a new one, while a closed one is not reopened).

Times come from the caller's `now`; calendar and policies default to `configure()`d values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import ChatKind, ChatRef, Platform, Reply
from scheduler import texts
from scheduler.calendar import WorkCalendar, local_date
from scheduler.escalation import (
    DEFAULT_POLICIES,
    FOLLOW_UP_LEVEL,
    EscalationPolicy,
    ZoneFor,
    first_state,
    next_follow_up,
    policy_for,
)
from storage import outbox
from storage.models import (
    BindingRole,
    ChatBinding,
    EscalationStep,
    ExceptionKind,
    ExceptionTicket,
    Milestone,
    Order,
    Supplier,
)
from storage.upsert import insert_ignoring_conflicts

CLOSED_BY_COMPLETION = (ExceptionKind.OVERDUE.value, ExceptionKind.DELAY.value)
STAFF_ROLES = (BindingRole.BUYERS, BindingRole.MANAGERS, BindingRole.QC)


@dataclass(frozen=True)
class Defaults:
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    policies: Mapping[str, EscalationPolicy] = field(default_factory=lambda: DEFAULT_POLICIES)
    language: str = "zh"


_defaults = Defaults()


def configure(
    *, calendar: WorkCalendar | None = None, policies: Mapping[str, EscalationPolicy] | None = None,
    language: str | None = None,
) -> Defaults:
    """Set the service's calendar, policies and language (the app does this once from its settings);
    returns the previous values so tests can restore them."""
    global _defaults
    previous = _defaults
    changes = {k: v for k, v in (("calendar", calendar), ("policies", policies), ("language", language)) if v}
    _defaults = replace(_defaults, **changes)
    return previous


def defaults() -> Defaults:
    return _defaults


# --- chats ------------------------------------------------------------------------------

def binding_chat(binding: ChatBinding) -> ChatRef:
    kind = ChatKind.PRIVATE if binding.chat_kind == ChatKind.PRIVATE.value else ChatKind.GROUP
    return ChatRef(Platform(binding.platform), binding.chat_id, kind, binding.title)


def binding_language(binding: ChatBinding, default: str) -> str:
    return binding.language if binding.language in ("zh", "en") else default


def bindings_for(bindings: Sequence[ChatBinding], role: BindingRole, supplier_id: int) -> list[ChatBinding]:
    """The chats of `role` that hear about a supplier: its own chats, or staff groups for all
    suppliers (supplier_id empty) or for this one."""
    if role == BindingRole.SUPPLIER:
        return [b for b in bindings if b.role == role.value and b.supplier_id == supplier_id]
    return [b for b in bindings if b.role == role.value and b.supplier_id in (None, supplier_id)]


def format_target(role: str, bindings: Sequence[ChatBinding]) -> str:
    """`EscalationStep.target`: who was told, as "buyers:3,5" (the binding ids)."""
    return f"{role}:{','.join(str(b.id) for b in bindings)}"[:200]


def parse_target(target: str) -> list[int]:
    _, _, ids = target.partition(":")
    return [int(part) for part in ids.split(",") if part.isdigit()]


def supplier_zones(calendar: WorkCalendar, supplier_zone: str | None) -> ZoneFor:
    """The supplier's chat lives in the supplier's zone, staff groups in the company's."""
    zone = calendar.zone_of(supplier_zone)
    return lambda role: zone if role == BindingRole.SUPPLIER else calendar.zone


# --- lifecycle ----------------------------------------------------------------------------

async def open_exception(
    session: AsyncSession, *, order_id: int, kind: str, title: str, now: datetime, opened_by: str,
    milestone_id: int | None = None, lot_id: int | None = None, severity: str = "medium", description: str = "",
    qty: int | None = None, dedupe_key: str | None = None, start_level: int | None = None,
    due_at: datetime | None = None, calendar: WorkCalendar | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
) -> tuple[ExceptionTicket, bool]:
    """Open an exception (True) or return the one already under `dedupe_key` (False).

    The ladder starts at the policy's level for `kind` (defects and failed inspections at
    L1) unless `start_level` says otherwise, and first fires at `due_at` (default `now`),
    moved into working time unless the severity is critical.
    """
    if dedupe_key is not None:
        existing = await _by_key(session, dedupe_key)
        if existing is not None:
            return existing, False
    calendar = calendar or _defaults.calendar
    priority, zone_name = (await session.execute(
        select(Order.priority, Supplier.timezone).join(Supplier, Order.supplier_id == Supplier.id)
        .where(Order.id == order_id)
    )).one()
    policy = policy_for(priority, policies or _defaults.policies)
    state = first_state(policy, kind=kind, severity=severity, due_at=due_at or now, calendar=calendar,
                        zone_for=supplier_zones(calendar, zone_name), start_level=start_level)
    values = dict(
        order_id=order_id, milestone_id=milestone_id, lot_id=lot_id, kind=kind, severity=severity,
        dedupe_key=dedupe_key, title=title[:200], description=description, qty=qty, opened_at=now,
        opened_by=opened_by[:120], level=state.level, repeat=0, next_escalation_at=state.next_at,
    )
    if dedupe_key is None:
        ticket = ExceptionTicket(**values)
        session.add(ticket)
        await session.flush()
        return ticket, True
    new_id = (await session.execute(
        insert_ignoring_conflicts(session, ExceptionTicket.__table__, ["dedupe_key"]).values(**values)
        .returning(ExceptionTicket.__table__.c.id)
    )).scalar()
    if new_id is None:  # a concurrent opener won
        existing = await _by_key(session, dedupe_key)
        assert existing is not None
        return existing, False
    ticket = await session.get(ExceptionTicket, new_id)
    assert ticket is not None
    return ticket, True


async def acknowledge(
    session: AsyncSession, exception_id: int, *, by: str, now: datetime, calendar: WorkCalendar | None = None,
    policies: Mapping[str, EscalationPolicy] | None = None,
) -> ExceptionTicket | None:
    """Take ownership: the ladder stops, and the owner is reminded after the policy's follow-up
    time while the exception stays open. The first acknowledgement wins; later ones change nothing."""
    ticket = await _locked(session, exception_id)
    if ticket is None or ticket.resolved_at is not None or ticket.acknowledged_at is not None:
        return ticket
    calendar = calendar or _defaults.calendar
    reached = await session.scalar(
        select(func.max(EscalationStep.level)).where(EscalationStep.exception_id == ticket.id,
                                                     EscalationStep.level >= 0)
    )
    priority = await session.scalar(select(Order.priority).where(Order.id == ticket.order_id))
    policy = policy_for(priority, policies or _defaults.policies)
    ticket.acknowledged_at = now
    ticket.acknowledged_by = by[:120]
    ticket.level = reached if reached is not None else ticket.level
    ticket.repeat = 0
    ticket.next_escalation_at = next_follow_up(policy, 0, now, calendar=calendar, zone=calendar.zone)
    await session.flush()
    return ticket


async def resolve(
    session: AsyncSession, exception_id: int, *, by: str, note: str, now: datetime, language: str | None = None,
) -> ExceptionTicket | None:
    """Close by hand; one closing message to each chat the exception reached. Idempotent."""
    ticket = await _locked(session, exception_id)
    if ticket is None or ticket.resolved_at is not None:
        return ticket
    await close_ticket(session, ticket, by=by, note=note, now=now, reason="resolved", language=language)
    return ticket


async def close_for_milestone(
    session: AsyncSession, milestone_id: int, *, by: str, now: datetime, language: str | None = None,
) -> list[ExceptionTicket]:
    """A report completed the node: its overdue and delay exceptions close by themselves
    (defects and failed inspections stay open: the part is not good because the node is done)."""
    query = (
        select(ExceptionTicket)
        .where(ExceptionTicket.milestone_id == milestone_id, ExceptionTicket.resolved_at.is_(None),
               ExceptionTicket.kind.in_(CLOSED_BY_COMPLETION))
        .order_by(ExceptionTicket.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    closed = list((await session.execute(query)).scalars())
    for ticket in closed:
        await close_ticket(session, ticket, by=by, note="", now=now, reason="done", language=language)
    return closed


async def close_ticket(
    session: AsyncSession, ticket: ExceptionTicket, *, by: str, note: str, now: datetime, reason: str,
    language: str | None = None,
) -> int:
    """Mark closed and queue the closing messages; the ticket must be locked by the caller.
    Returns how many closing messages were queued."""
    ticket.resolved_at = now
    ticket.resolved_by = by[:120]
    ticket.resolution = note or reason
    ticket.next_escalation_at = None
    await session.flush()
    chats = await reached_bindings(session, ticket.id)
    if not chats:
        return 0
    line = await ticket_line(session, ticket)
    queued = 0
    for binding in chats:
        chat = binding_chat(binding)
        # a buyer's note is internal: the supplier's chat hears only that it is closed
        internal = note if binding.role != BindingRole.SUPPLIER.value else ""
        text = texts.closing(binding_language(binding, language or _defaults.language), line, reason=reason,
                             by=by, note=internal)
        if await outbox.enqueue(session, f"close:{ticket.id}:{chat.key}", Reply(chat=chat, text=text), now=now):
            queued += 1
    return queued


# --- reading ------------------------------------------------------------------------------

async def reached_bindings(session: AsyncSession, exception_id: int) -> list[ChatBinding]:
    """Every chat an exception was escalated to, in the order it reached them."""
    targets = (await session.execute(
        select(EscalationStep.target).where(EscalationStep.exception_id == exception_id)
        .order_by(EscalationStep.fired_at, EscalationStep.id)
    )).scalars()
    ids: list[int] = []
    for target in targets:
        ids.extend(i for i in parse_target(target) if i not in ids)
    if not ids:
        return []
    found = {b.id: b for b in (await session.execute(select(ChatBinding).where(ChatBinding.id.in_(ids)))).scalars()}
    return [found[i] for i in ids if i in found]


async def last_ladder_bindings(session: AsyncSession, exception_id: int) -> list[ChatBinding]:
    """The chats of the last ladder level that fired: where an owner's follow-ups go."""
    target = await session.scalar(
        select(EscalationStep.target)
        .where(EscalationStep.exception_id == exception_id, EscalationStep.level != FOLLOW_UP_LEVEL)
        .order_by(EscalationStep.level.desc(), EscalationStep.id.desc()).limit(1)
    )
    ids = parse_target(target or "")
    if not ids:
        return []
    return list((await session.execute(
        select(ChatBinding).where(ChatBinding.id.in_(ids)).order_by(ChatBinding.id)
    )).scalars())


def make_ticket_line(
    ticket: ExceptionTicket, order: Order, supplier: Supplier, milestone: Milestone | None, *,
    today: date | None = None, repeat: int = 0,
) -> texts.TicketLine:
    return texts.TicketLine(
        exception_id=ticket.id, po=order.po, supplier=supplier.name, kind=ticket.kind, title=ticket.title,
        node=milestone.node if milestone else None, step=milestone.step if milestone else None,
        planned_date=milestone.planned_date if milestone and today else None, today=today,
        milestone_id=milestone.id if milestone else None, owner=ticket.acknowledged_by, repeat=repeat,
    )


async def ticket_line(session: AsyncSession, ticket: ExceptionTicket, now: datetime | None = None) -> texts.TicketLine:
    order, supplier = (await session.execute(
        select(Order, Supplier).join(Supplier, Order.supplier_id == Supplier.id).where(Order.id == ticket.order_id)
    )).one()
    milestone = await session.get(Milestone, ticket.milestone_id) if ticket.milestone_id else None
    today = local_date(now, _defaults.calendar.zone_of(supplier.timezone)) if now else None
    return make_ticket_line(ticket, order, supplier, milestone, today=today)


async def _by_key(session: AsyncSession, key: str) -> ExceptionTicket | None:
    return (await session.execute(
        select(ExceptionTicket).where(ExceptionTicket.dedupe_key == key)
    )).scalar_one_or_none()


async def _locked(session: AsyncSession, exception_id: int) -> ExceptionTicket | None:
    """The ticket, re-read and row-locked on PostgreSQL, so two closers cannot both close it."""
    return (await session.execute(
        select(ExceptionTicket).where(ExceptionTicket.id == exception_id).with_for_update()
        .execution_options(populate_existing=True)
    )).scalar_one_or_none()


async def record_step(
    session: AsyncSession, exception_id: int, level: int, repeat: int, now: datetime, target: str,
) -> int | None:
    """The exactly-once guard of escalation: the id of the new step, or None when it had fired already
    (by the scheduler, by another replica, or by the handler that told the groups at once)."""
    return (await session.execute(
        insert_ignoring_conflicts(session, EscalationStep.__table__, ["exception_id", "level", "repeat"])
        .values(exception_id=exception_id, level=level, repeat=repeat, fired_at=now, target=target)
        .returning(EscalationStep.__table__.c.id)
    )).scalar()
