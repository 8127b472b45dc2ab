"""Exceptions (异常工单) and their escalation steps as rows: reading, locking, inserting.

Data access only. What the rows mean — where a ladder starts, when it fires, who hears it
and in which words — is `scheduler.ladder`, which both the conversation layer and the
scheduler's jobs are handed, configured once from the settings.

A dedupe key names one occurrence and opens at most one exception, ever (`insert_ticket`).
An `EscalationStep` row is the exactly-once guard of one step: unique on (exception, ladder
round, level, repeat), with `target` naming the chat bindings it reached ("buyers:3,5").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Insert, Row, Select, bindparam, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

from storage.bare_rows import bare_row
from storage.batch_cache import cached, in_batch, keep, known_under
from storage.models import (
    OPEN_ORDER_STATUSES,
    ChatBinding,
    ChatIdentity,
    EscalationStep,
    ExceptionTicket,
    Milestone,
    Order,
    Supplier,
)
from storage.pending_rows import pending
from storage.upsert import dialect_of, insert_ignoring_conflicts, insert_ignoring_conflicts_on

Locking = TypeVar("Locking", bound="Select[*tuple[Any, ...]]")  # a query whose rows a job will change


def format_target(role: str, bindings: Sequence[ChatBinding]) -> str:
    """`EscalationStep.target`: who was told, as "buyers:3,5" (the binding ids)."""
    return f"{role}:{','.join(str(b.id) for b in bindings)}"[:200]


def parse_target(target: str) -> list[int]:
    _, _, ids = target.partition(":")
    return [int(part) for part in ids.split(",") if part.isdigit()]


# --- tickets ------------------------------------------------------------------------------

async def by_key(session: AsyncSession, key: str) -> ExceptionTicket | None:
    # no autoflush: tickets with a key are written at once (`insert_ticket`), so nothing pending
    # changes the answer, and a report opening one stays pending with the rest of its batch
    return (await session.execute(
        select(ExceptionTicket).where(ExceptionTicket.dedupe_key == key).execution_options(autoflush=False)
    )).scalar_one_or_none()


async def insert_ticket(session: AsyncSession, values: dict[str, Any]) -> tuple[ExceptionTicket, bool]:
    """Insert a ticket (True), or return the one already under its `dedupe_key` (False),
    also when a concurrent opener won the race."""
    key = values.get("dedupe_key")
    if key is None:
        ticket = ExceptionTicket(**values)
        session.add(ticket)
        await session.flush()
        return ticket, True
    # the new ticket comes back whole (one statement, not an INSERT and a SELECT)
    known = _open_known(session)
    with session.no_autoflush:  # it refers only to rows already written: what is pending stays so
        row = (await session.execute(_insert_ticket(dialect_of(session), tuple(values)),
                                     {f"new_{name}": value for name, value in values.items()})).first()
    _keep_open(session, known, added=row._mapping if row is not None else None)
    if row is None:
        existing = await by_key(session, key)
        assert existing is not None
        return existing, False
    created = _as_loaded(session.sync_session, row)
    if in_batch(session):
        session.sync_session.info.setdefault(_OPENED, set()).add(created.id)
    return created, True


@cache
def _insert_ticket(dialect: str, names: tuple[str, ...]) -> Insert:
    """`insert_ticket`'s statement for tickets given these columns, built once, returning the
    whole row. Built afresh, its VALUES and the cache key SQLAlchemy works out from them on
    every execution cost more CPU than running it; and as an ORM INSERT ... RETURNING the ORM
    annotates it anew on every execution, which costs that cache key again (a ticket: ~690 ->
    ~400 µs on SQLite). The values come in as parameters named `new_<column>`."""
    table = ExceptionTicket.__table__
    return (
        insert_ignoring_conflicts_on(dialect, table, ["dedupe_key"])
        .values({name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names})
        .returning(*table.c)
    )


_TICKET_MAPPER = inspect(ExceptionTicket)
_TICKET_ATTRIBUTES = [(prop.key, prop.columns[0]) for prop in _TICKET_MAPPER.column_attrs]
_TICKET_ID = ExceptionTicket.__table__.c.id


def _as_loaded(session: Session, row: Row[Any]) -> ExceptionTicket:
    """The ticket a RETURNING row is, in the session as if the ORM had loaded it (what an ORM
    INSERT ... RETURNING gives): every column loaded and unchanged, its relationships loaded
    when used. One already in the session under its id is that one, as the ORM would give.

    Made as the ORM makes a row it loads (`bare_row`), not through the constructor, whose 26
    instrumented attribute sets (each recording a change that `make_transient_to_detached` then
    forgets) cost more than the rest of this."""
    found = row._mapping
    existing = session.identity_map.get(_TICKET_MAPPER.identity_key_from_primary_key((found[_TICKET_ID],)))
    if existing is not None:
        return existing
    ticket = bare_row(ExceptionTicket, {key: found[column] for key, column in _TICKET_ATTRIBUTES})
    make_transient_to_detached(ticket)
    session.add(ticket)
    return ticket


async def insert_tickets(session: AsyncSession, values: Sequence[dict[str, Any]]) -> int:
    """Insert tickets, each under a dedupe key, in one statement, skipping keys that exist (also
    when a concurrent opener won the race): how many were new. Rows are inserted in the order given."""
    if not values:
        return 0
    created = (await session.execute(  # no autoflush: they refer only to rows already written
        insert_ignoring_conflicts(session, ExceptionTicket.__table__, ["dedupe_key"]).values(list(values))
        .returning(ExceptionTicket.__table__.c.id).execution_options(autoflush=False)
    )).all()
    return len(created)


async def locked(session: AsyncSession, exception_id: int) -> ExceptionTicket | None:
    """The ticket, re-read and row-locked on PostgreSQL, so two closers cannot both close it."""
    return (await session.execute(
        select(ExceptionTicket).where(ExceptionTicket.id == exception_id).with_for_update()
        .execution_options(populate_existing=True)
    )).scalar_one_or_none()


async def open_locked(
    session: AsyncSession, *, milestone_id: int | None = None, order_id: int | None = None,
    kinds: Sequence[str] | None = None,
) -> list[ExceptionTicket]:
    """The open tickets of a node or an order (optionally of some kinds), locked, oldest first.

    The query reads exception rows only, so it autoflushes only when one of them is pending
    (`_tickets_pending`): a batch's other rows (its reports, its nodes' changes) cannot change
    the answer, and stay pending to be written together with the rest of the batch."""
    query = select(ExceptionTicket).where(ExceptionTicket.resolved_at.is_(None))
    if milestone_id is not None:
        query = query.where(ExceptionTicket.milestone_id == milestone_id)
    if order_id is not None:
        query = query.where(ExceptionTicket.order_id == order_id)
    if kinds is not None:
        query = query.where(ExceptionTicket.kind.in_(list(kinds)))
    query = query.order_by(ExceptionTicket.id).with_for_update().execution_options(
        populate_existing=True, autoflush=_tickets_pending(session.sync_session))
    return list((await session.execute(query)).scalars())


async def opened_elsewhere(session: AsyncSession, milestone_ids: Sequence[int], kinds: Sequence[str]) -> bool:
    """Whether a ticket of these kinds is open on one of these nodes that this processing batch
    did not open itself (`insert_ticket`). Autoflushes only when a ticket is pending."""
    query = select(ExceptionTicket.id).where(
        ExceptionTicket.milestone_id.in_(list(milestone_ids)), ExceptionTicket.resolved_at.is_(None),
        ExceptionTicket.kind.in_(list(kinds)))
    opened = session.sync_session.info.get(_OPENED)
    if opened:
        query = query.where(ExceptionTicket.id.not_in(sorted(opened)))
    return (await session.execute(
        query.limit(1).execution_options(autoflush=_tickets_pending(session.sync_session)))).first() is not None


async def open_on_order(session: AsyncSession, order_id: int, kinds: Sequence[str]) -> OpenTickets:
    """The order's open tickets of these kinds on a node, (ticket id, node id) oldest first. In a
    processing batch asked once an order and kept (`cached`): a ticket the batch opens or closes
    itself (`insert_ticket`, `write_closed`) is added or taken out; any other write of tickets
    forgets it. A report finishing a node with none asks nothing more. Like `open_locked`, it
    autoflushes only when a ticket is pending."""
    async def load() -> OpenTickets:
        found = await session.execute(
            select(ExceptionTicket.id, ExceptionTicket.milestone_id).where(
                ExceptionTicket.order_id == order_id, ExceptionTicket.resolved_at.is_(None),
                ExceptionTicket.milestone_id.is_not(None), ExceptionTicket.kind.in_(list(kinds)))
            .order_by(ExceptionTicket.id)
            .execution_options(autoflush=_tickets_pending(session.sync_session)))
        return tuple((int(ticket_id), int(node_id)) for ticket_id, node_id in found if node_id is not None)

    return await cached(session, (_OPEN_ON_ORDER, order_id, tuple(kinds)), [ExceptionTicket.__tablename__], load)


def _tickets_pending(session: Session) -> bool:
    """Whether a ticket is added, changed or deleted and not yet written (what an autoflush of a
    query of tickets must write first for its answer to be right)."""
    return pending(session, ExceptionTicket)


def mark_closed(ticket: ExceptionTicket, *, by: str, resolution: str, now: datetime) -> None:
    ticket.resolved_at = now
    ticket.resolved_by = by[:120]
    ticket.resolution = resolution
    ticket.next_escalation_at = None


async def write_closed(session: AsyncSession, ticket: ExceptionTicket, *, by: str, resolution: str,
                       now: datetime) -> None:
    """`mark_closed`, written at once; the batch's `open_on_order` answers lose only this ticket."""
    known = _open_known(session)
    mark_closed(ticket, by=by, resolution=resolution, now=now)
    await session.flush()
    _keep_open(session, known, removed=ticket.id)


_OPEN_ON_ORDER = "open_on_order"
OpenTickets = tuple[tuple[int, int], ...]  # (ticket id, node id), oldest first


def _open_known(session: AsyncSession) -> dict[Any, OpenTickets]:
    """Before a ticket is written: the batch's `open_on_order` answers, when the write changes
    them in a way known (no other ticket is pending, which the same flush would write)."""
    if not in_batch(session) or _tickets_pending(session.sync_session):
        return {}
    return known_under(session, _OPEN_ON_ORDER)


def _keep_open(session: AsyncSession, known: dict[Any, OpenTickets], *, added: Any = None,
               removed: int | None = None) -> None:
    """After a ticket was written (the write forgot every answer read from tickets): the answers
    `known` before it, with the ticket `added` (a new row's mapping) or `removed` (closed)."""
    for key, tickets in known.items():
        _, order_id, kinds = key
        if removed is not None:
            tickets = tuple(pair for pair in tickets if pair[0] != removed)
        if added is not None and added["order_id"] == order_id and added["milestone_id"] is not None \
                and added["resolved_at"] is None and added["kind"] in kinds:
            tickets = (*tickets, (added["id"], added["milestone_id"]))
        keep(session, key, [ExceptionTicket.__tablename__], tickets)


def skip_locked(session: AsyncSession, query: Locking) -> Locking:
    """On PostgreSQL, lock the exception rows a job acts on and skip those another replica holds;
    SQLite has one writer at a time anyway."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True, of=ExceptionTicket)
    return query


# --- what a ticket is about --------------------------------------------------------------

async def order_priority_and_zone(session: AsyncSession, order_id: int) -> tuple[str | None, str | None]:
    """The order's priority and its supplier's zone name: what a new ticket's ladder depends on."""
    async def load() -> tuple[str | None, str | None]:
        priority, zone = (await session.execute(
            select(Order.priority, Supplier.timezone).join(Supplier, Order.supplier_id == Supplier.id)
            .where(Order.id == order_id)
        )).one()
        return priority, zone

    return await cached(session, ("order_priority_and_zone", order_id), ["orders", "suppliers"], load)


async def subject(session: AsyncSession, ticket: ExceptionTicket) -> tuple[Order, Supplier, Milestone | None]:
    order, supplier = (await session.execute(
        select(Order, Supplier).join(Supplier, Order.supplier_id == Supplier.id).where(Order.id == ticket.order_id)
    )).one()
    milestone = await session.get(Milestone, ticket.milestone_id) if ticket.milestone_id else None
    return order, supplier, milestone


async def due(session: AsyncSession, now: datetime, limit: int) -> Sequence[Any]:
    """Open tickets whose next step is due, with order, supplier and node; claimed (see `skip_locked`)."""
    query = skip_locked(session, (
        select(ExceptionTicket, Order, Supplier, Milestone)
        .join(Order, ExceptionTicket.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .outerjoin(Milestone, ExceptionTicket.milestone_id == Milestone.id)
        .where(ExceptionTicket.resolved_at.is_(None), ExceptionTicket.next_escalation_at <= now,
               Order.status.in_([st.value for st in OPEN_ORDER_STATUSES]))  # nothing escalates on an ended order
        .order_by(ExceptionTicket.next_escalation_at, ExceptionTicket.id)
        .limit(limit)
    ))
    return (await session.execute(query)).all()


# --- steps --------------------------------------------------------------------------------

async def reached_levels(session: AsyncSession, exception_ids: Sequence[int]) -> dict[int, int]:
    """The highest ladder level each exception has actually reached (a step that fired), not the
    next one pending in `ExceptionTicket.level`; owner follow-ups and returns are not levels.
    Exceptions that never escalated are absent."""
    if not exception_ids:
        return {}
    rows = (await session.execute(
        select(EscalationStep.exception_id, func.max(EscalationStep.level))
        .where(EscalationStep.exception_id.in_(list(exception_ids)), EscalationStep.level >= 0)
        .group_by(EscalationStep.exception_id)
    )).all()
    return {exception_id: int(level) for exception_id, level in rows}


async def highest_level_reached(session: AsyncSession, exception_id: int) -> int | None:
    return await session.scalar(
        select(func.max(EscalationStep.level)).where(EscalationStep.exception_id == exception_id,
                                                     EscalationStep.level >= 0)
    )


async def record_step(
    session: AsyncSession, exception_id: int, level: int, repeat: int, now: datetime, target: str, *,
    ladder_round: int = 0, owner: str | None = None,
) -> int | None:
    """The exactly-once guard of escalation: the id of the new step, or None when it had fired already
    (by the scheduler, by another replica, or by the handler that told the groups at once)."""
    return (await session.execute(  # no autoflush: a step refers only to its ticket, written already
        insert_ignoring_conflicts(session, EscalationStep, ["exception_id", "ladder_round", "level", "repeat"])
        .values(exception_id=exception_id, level=level, repeat=repeat, fired_at=now, target=target,
                ladder_round=ladder_round, owner=owner)
        .returning(EscalationStep.id).execution_options(autoflush=False)
    )).scalar()


StepKey = tuple[int, int, int, int]  # (exception, ladder round, level, repeat): what makes a step one step

# In a processing batch: the tickets it opened, and the steps it added to them (not yet written)
_OPENED = "supplierbot.opened_tickets"
_ADDED_STEPS = "supplierbot.added_steps"


async def record_step_once(
    session: AsyncSession, exception_id: int, level: int, repeat: int, now: datetime, target: str, *,
    ladder_round: int = 0,
) -> bool:
    """`record_step`, saying only whether the step is new. A ticket a processing batch opened
    itself has no steps but those the batch gave it, so the batch knows without asking: the
    step is added to the session and written with the batch's rows (one statement for all of
    them, not one each). Otherwise inserted now, after any such step pending, so steps keep the
    order they fired in."""
    info = session.sync_session.info
    if exception_id in info.get(_OPENED, ()):
        added: set[StepKey] = info.setdefault(_ADDED_STEPS, set())
        key = (exception_id, ladder_round, level, repeat)
        if key in added:
            return False
        added.add(key)
        session.add(bare_row(EscalationStep, dict(exception_id=exception_id, level=level, repeat=repeat, fired_at=now,
                                                  target=target, ladder_round=ladder_round, owner=None)))
        return True
    if any(isinstance(row, EscalationStep) for row in session.sync_session.new):
        await session.flush()
    return await record_step(session, exception_id, level, repeat, now, target, ladder_round=ladder_round) is not None


async def record_steps(session: AsyncSession, steps: Sequence[dict[str, Any]]) -> dict[StepKey, int]:
    """`record_step` for many steps (dicts of its values) in one statement, in the order given: the
    id of each new step by its key; a step that had fired already is absent."""
    if not steps:
        return {}
    table = EscalationStep.__table__
    found: Sequence[Any] = (await session.execute(  # no autoflush: steps refer only to their tickets, written
        insert_ignoring_conflicts(session, table, ["exception_id", "ladder_round", "level", "repeat"])
        .values(list(steps))
        .returning(table.c.id, table.c.exception_id, table.c.ladder_round, table.c.level, table.c.repeat)
        .execution_options(autoflush=False)
    )).all()
    return {(int(exception_id), int(ladder_round), int(level), int(repeat)): int(step_id)
            for step_id, exception_id, ladder_round, level, repeat in found}


async def all_bindings(session: AsyncSession) -> list[ChatBinding]:
    async def load() -> list[ChatBinding]:
        return list((await session.execute(select(ChatBinding).order_by(ChatBinding.id))).scalars())

    return list(await cached(session, "all_bindings", ["chat_bindings"], load))


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
        .where(EscalationStep.exception_id == exception_id, EscalationStep.level >= 0)
        .order_by(EscalationStep.level.desc(), EscalationStep.id.desc()).limit(1)
    )
    ids = parse_target(target or "")
    if not ids:
        return []
    return list((await session.execute(
        select(ChatBinding).where(ChatBinding.id.in_(ids)).order_by(ChatBinding.id)
    )).scalars())


async def chat_users_of(session: AsyncSession, person_id: int | None) -> dict[str, str]:
    """A person's user id on each platform: how to @-mention them in a chat of that platform."""
    if person_id is None:
        return {}
    return {platform: user_id for platform, user_id in (await session.execute(
        select(ChatIdentity.platform, ChatIdentity.user_id).where(ChatIdentity.person_id == person_id)
    )).all()}


async def open_on_nodes(session: AsyncSession, milestone_ids: Sequence[int], kinds: Sequence[str], *,
                        order_id: int | None = None) -> list[ExceptionTicket]:
    """The open exceptions of these kinds on these nodes, in the order they were opened.

    Given the nodes' `order_id`, in a processing batch, the order's open tickets known once a batch
    (`open_on_order`) answer first: when they name none of the nodes (nearly always), nothing more
    is asked. Like `open_on_order`, it autoflushes only when a ticket is pending: a batch's other
    rows cannot change the answer, and stay pending to be written with the rest of the batch."""
    if order_id is not None and in_batch(session):
        wanted = set(milestone_ids)
        if not any(node in wanted for _, node in await open_on_order(session, order_id, kinds)):
            return []
    return list((await session.scalars(
        select(ExceptionTicket).where(ExceptionTicket.milestone_id.in_(milestone_ids), ExceptionTicket.resolved_at.is_(None),
                                      ExceptionTicket.kind.in_(list(kinds)))
        .order_by(ExceptionTicket.id)
        .execution_options(autoflush=_tickets_pending(session.sync_session))
    )).all())
