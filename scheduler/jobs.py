"""The scheduled jobs: each reads what is due at `now` and queues messages under unique keys.

A job may run twice, late, or on two replicas at once and still say each thing once:
- a prompt is a `Prompt` row unique on (supplier, slot), the unit of reporting compliance;
  it goes to every chat of the supplier (bound groups and contacts' private chats), each
  message keyed by the prompt and the chat;
- an escalation step is an `EscalationStep` row unique on (exception, level, repeat), and the
  messages of a tick carry the ids of the steps they announce (`esc:{binding}:{first step}`);
- a nudge is claimed by a conditional update; a digest is keyed `digest:{binding}:{date}`.
Each row and its messages are written in one transaction, so a crash leaves neither.
On PostgreSQL, due exceptions are claimed with `FOR UPDATE SKIP LOCKED`; SQLite runs one
writer at a time. Each job returns how many messages it queued.

No job holds the writer for long (`storage.chunked`): what is due is read on a read
connection, then written a chunk at a time, each chunk its own short transaction, so a
webhook waits for one chunk at most, never for a digest over 30,000 open orders. Every write
is keyed as above, so a job stopped between chunks is finished by the next tick, once.

Where a supplier's prompts go: each chat bound to it hears each prompt once. A contact who
joined with `/invite` -> `/join` reports in a private chat, and that chat is bound to the
supplier when they join, so they are asked there. We cannot tell who is in a group (WeCom
app groups are send-only, and Telegram names members only one by one), so a contact who is
in the supplier's group as well sees the question in both places; the supplier is still
asked once: one `Prompt` row per slot, answered by a report from any of its chats, after
which no chat is nudged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import ChatKind, ChatRef, Platform, Reply
from scheduler import texts
from scheduler.calendar import WorkCalendar, at_local, local_date, parse_clock
from scheduler.ladder import (
    CloseReason,
    Ladder,
    Opening,
    binding_chat,
    binding_language,
    bindings_for,
    ticket_line,
)
from scheduler.queries import (
    LateKey,
    NodeRow,
    current_due_today,
    current_node_counts,
    current_nodes,
    overdue_key,
    overdue_key_sql,
    overdue_page,
)
from storage import chunked, exceptions, kpis, outbox, prompts, work_calendar
from storage.chunked import (
    CHUNK_ROWS,
    WRITE_BUDGET,
    Pace,
    collecting_after,
    holding,
    started,
    step_aside,
    weighed,
    write_in_chunks,
)
from storage.db import Database
from storage.defect_categories import defect_category
from storage.models import (
    OPEN_ORDER_STATUSES,
    BindingRole,
    ChatBinding,
    ConversationState,
    ExceptionKind,
    ExceptionTicket,
    Milestone,
    MilestoneStatus,
    Order,
    OutboxMessage,
    Prompt,
    RiskWarning,
    Supplier,
)
from storage.risk import Risk, at_risk_nodes, at_risk_page
from storage.upsert import insert_ignoring_conflicts

SUPPLIERS_PER_CHUNK = 50  # a supplier's prompt is one row plus a message per chat
SCHEDULER_ACTOR = "scheduler"
DEFECT_KINDS = (ExceptionKind.DEFECT.value, ExceptionKind.INSPECTION_FAILED.value)


@dataclass(frozen=True)
class JobConfig:
    ladder: Ladder = field(default_factory=Ladder)  # calendar, escalation policies, language: the service's
    reply_window: timedelta = timedelta(hours=4)  # working time a supplier has to answer a prompt
    nudge_after: timedelta = timedelta(hours=2)
    daily_prompts: bool = True  # False: only the day before and the day of a node's date
    digest_time: time = time(8, 30)
    digest_roles: tuple[BindingRole, ...] = (BindingRole.BUYERS, BindingRole.MANAGERS)
    silent_after: timedelta = timedelta(days=3)  # unanswered prompts this recent make a supplier "silent"
    batch: int = 500

    @classmethod
    def from_settings(cls, settings: Any, *, ladder: Ladder | None = None, **overrides: Any) -> JobConfig:
        """The jobs' configuration around the service's ladder (the one the composition root built
        and handed to the conversation layer too; from the same settings when not given)."""
        values: dict[str, Any] = {"ladder": ladder or Ladder.from_settings(settings)}
        if getattr(settings, "digest_time", None):
            values["digest_time"] = parse_clock(settings.digest_time)
        values.update(overrides)
        return cls(**values)

    @property
    def calendar(self) -> WorkCalendar:
        return self.ladder.calendar

    @property
    def language(self) -> str:
        return self.ladder.language


async def with_stored_calendar(database: Database, config: JobConfig) -> JobConfig:
    """The config with the holidays and make-up working days kept on the set-up page (read each tick)."""
    async with database.read() as session:
        days = await work_calendar.stored_days(session)
    if not days.holidays and not days.workdays:
        return config
    return replace(config, ladder=replace(config.ladder, calendar=config.calendar.with_days(days.holidays,
                                                                                         days.workdays)))


def _reply(binding: ChatBinding, text: str, buttons: tuple = ()) -> Reply:
    return Reply(chat=binding_chat(binding), text=text, buttons=buttons)


def _node_line(row: NodeRow, *, with_supplier: bool = False) -> texts.NodeLine:
    m = row.milestone
    return texts.NodeLine(milestone_id=m.id, po=row.order.po, node=m.node, step=m.step, planned_date=m.planned_date,
                          percent=m.percent, today=row.today, supplier=row.supplier.name if with_supplier else "")


def _needs_answer(row: NodeRow, config: JobConfig) -> bool:
    """Daily prompts ask about every current node; otherwise only on the day before and the
    day of its date (moved back to working days), and every day once it is late."""
    if config.daily_prompts or row.milestone.planned_date < row.today:
        return True
    days = config.calendar.prompt_days(row.today, row.today, [row.milestone.planned_date], daily=False)
    return row.today in days


# --- prompts ----------------------------------------------------------------------------

async def _supplier_chats(session: AsyncSession) -> dict[int, tuple[Supplier, list[ChatBinding]]]:
    """Each active supplier with every chat bound to it (groups and contacts' private chats)."""
    found = (await session.execute(
        select(ChatBinding, Supplier).join(Supplier, ChatBinding.supplier_id == Supplier.id)
        .where(ChatBinding.role == BindingRole.SUPPLIER.value, Supplier.active.is_(True))
        .order_by(ChatBinding.id)
    )).all()
    chats: dict[int, tuple[Supplier, list[ChatBinding]]] = {}
    for binding, supplier in found:
        chats.setdefault(supplier.id, (supplier, []))[1].append(binding)
    return chats


@dataclass(frozen=True)
class _DuePrompt:
    key: str
    supplier: Supplier
    chats: list[ChatBinding]
    rows: list[NodeRow]


async def prompt_due(database: Database, now: datetime, config: JobConfig | None = None) -> int:
    """One prompt per supplier and slot (at the supplier's own prompt time, if it has one), said
    once in each of its chats, listing every open order's current node. Read on a read
    connection a part of the suppliers at a time (`weighed`: about `chunked.PAGE_ROWS` current
    nodes, one query, so 100,000 open orders are never held at once); each chunk of suppliers (the
    prompt row and its messages) is one transaction."""
    config = await with_stored_calendar(database, config or JobConfig())
    calendar = config.calendar
    async with database.read() as session:
        due: dict[str, tuple[Supplier, list[ChatBinding]]] = {}
        for supplier, all_chats in (await _supplier_chats(session)).values():
            zone = calendar.zone_of(supplier.timezone)
            # `明天再提醒我`: a snoozed chat is asked again on the day it said
            chats = [b for b in all_chats
                     if b.prompts_snoozed_until is None or local_date(now, zone) >= b.prompts_snoozed_until]
            if not chats:
                continue
            wall = parse_clock(supplier.prompt_time) if supplier.prompt_time else calendar.prompt_time
            slot = calendar.due_slot(now, zone, wall)
            if slot is not None:
                due[prompts.schedule_key(supplier.id, slot)] = (supplier, chats)
        if not due:
            return 0
        done = set((await session.execute(
            select(Prompt.schedule_key).where(Prompt.schedule_key.in_(list(due)))
        )).scalars())
        due = {key: value for key, value in due.items() if key not in done}
        if not due:
            return 0
        counts = await current_node_counts(session, sorted({supplier.id for supplier, _ in due.values()}))
    sent = 0
    for part in weighed(list(due.items()), lambda item: counts.get(item[1][0].id, 0)):
        # a part of the suppliers (about a page of nodes) is read, written and let go before the next
        async with database.read() as session:
            nodes = await current_nodes(session, now, calendar=calendar,
                                        supplier_ids={supplier.id for _, (supplier, _) in part})
        work = []
        for key, (supplier, chats) in part:
            rows = [row for row in nodes.get(supplier.id, []) if _needs_answer(row, config)]
            if rows:
                work.append(_DuePrompt(key, supplier, chats, rows))
        sent += await _write_prompts(database, now, config, work)
    return sent


async def _write_prompts(database: Database, now: datetime, config: JobConfig, work: Sequence[_DuePrompt]) -> int:
    """Each due prompt's row and its messages, `SUPPLIERS_PER_CHUNK` suppliers a transaction."""
    calendar = config.calendar

    async def write(session: AsyncSession, chunk: Sequence[_DuePrompt]) -> int:
        sent = 0
        for item in chunk:
            supplier, rows = item.supplier, item.rows
            zone = calendar.zone_of(supplier.timezone)
            prompt_id = await prompts.record_prompt(
                session, key=item.key, supplier_id=supplier.id, binding_id=None,
                order_ids=[row.order.id for row in rows], sent_at=now,
                reply_by=calendar.add_working_time(now, config.reply_window, zone),
            )
            if prompt_id is None:
                continue
            for binding in item.chats:
                language = binding_language(binding, supplier.language or config.language)
                text, buttons = texts.prompt(language, supplier.name, rows[0].today, [_node_line(r) for r in rows])
                if await outbox.enqueue(session, f"prompt:{item.key}:{binding.id}", _reply(binding, text, buttons),
                                        now=now):
                    sent += 1
        return sent

    return await write_in_chunks(database, work, write, size=SUPPLIERS_PER_CHUNK)


async def nudge_unanswered(database: Database, now: datetime, config: JobConfig | None = None) -> int:
    """One reminder per unanswered prompt, once it has waited `nudge_after`, within its window,
    to each chat that was asked (the supplier's chats bound by then). Read on a read connection a
    page of waiting prompts at a time (by id), and their nodes a part of prompts at a time, one
    query for the part (`weighed`: about `chunked.PAGE_ROWS` orders; it was one query a prompt);
    the claims and messages are written a chunk of prompts at a time, before the next part is read."""
    config = await with_stored_calendar(database, config or JobConfig())
    calendar = config.calendar
    sent, after = 0, 0
    while True:
        size = chunked.PAGE_ROWS
        candidates: list[tuple[Prompt, Supplier, list[ChatBinding]]] = []
        async with database.read() as session:
            waiting = (await session.execute(
                select(Prompt, Supplier)
                .join(Supplier, Prompt.supplier_id == Supplier.id)
                .where(Prompt.answered_at.is_(None), Prompt.nudged_at.is_(None), Prompt.reply_by > now,
                       Prompt.sent_at <= now - config.nudge_after, Prompt.id > after)
                .order_by(Prompt.id)
                .limit(size)
            )).all()
            if not waiting:
                return sent
            chats: dict[int, list[ChatBinding]] = defaultdict(list)
            for binding in (await session.execute(
                select(ChatBinding).where(ChatBinding.role == BindingRole.SUPPLIER.value,
                                          ChatBinding.supplier_id.in_({s.id for _, s in waiting}))
                .order_by(ChatBinding.id)
            )).scalars():
                chats[binding.supplier_id or 0].append(binding)
            for prompt, supplier in waiting:
                if not calendar.is_working_time(now, calendar.zone_of(supplier.timezone)):
                    continue
                asked = [b for b in chats[supplier.id] if b.id == prompt.binding_id
                         or (prompt.binding_id is None and b.created_at <= prompt.sent_at)]
                if asked:
                    candidates.append((prompt, supplier, asked))
        for part in weighed(candidates, lambda item: len(item[0].order_ids or [])):
            sent += await _nudge_part(database, now, config, part)
        if len(waiting) < size:
            return sent
        after = waiting[-1][0].id


async def _nudge_part(
    database: Database, now: datetime, config: JobConfig, part: Sequence[tuple[Prompt, Supplier, list[ChatBinding]]],
) -> int:
    """The nudges of a part of the waiting prompts: each prompt's orders' current nodes (those of
    its supplier still), read for the whole part in one query, then claimed and queued in chunks."""
    async with database.read() as session:
        nodes = await current_nodes(session, now, calendar=config.calendar,
                                    supplier_ids={supplier.id for _, supplier, _ in part},
                                    order_ids={order_id for prompt, _, _ in part for order_id in prompt.order_ids or []})
    work: list[tuple[Prompt, Supplier, list[ChatBinding], list[NodeRow]]] = []
    for prompt, supplier, asked in part:
        wanted = set(prompt.order_ids or [])
        rows = [row for row in nodes.get(supplier.id, []) if row.order.id in wanted]
        if rows:
            work.append((prompt, supplier, asked, rows))

    async def write(session: AsyncSession,
                    chunk: Sequence[tuple[Prompt, Supplier, list[ChatBinding], list[NodeRow]]]) -> int:
        sent = 0
        for prompt, supplier, asked, rows in chunk:
            if not await prompts.claim_nudge(session, prompt.id, now):
                continue
            for binding in asked:
                language = binding_language(binding, supplier.language or config.language)
                text, buttons = texts.nudge(language, [_node_line(r) for r in rows])
                if await outbox.enqueue(session, f"nudge:{prompt.id}:{binding.id}", _reply(binding, text, buttons),
                                        now=now):
                    sent += 1
        return sent

    return await write_in_chunks(database, work, write, size=SUPPLIERS_PER_CHUNK)


# --- escalation ---------------------------------------------------------------------------

async def escalate_overdue(database: Database, now: datetime, config: JobConfig | None = None) -> int:
    """Open exceptions for late nodes, close the ones overtaken, and fire every step that is due:
    each part reads on a read connection a keyset page at a time (`chunked.PAGE_ROWS`: the tick's
    memory does not grow with the number of late nodes) and writes in chunks bounded in time (`write_in_chunks`:
    a first tick over 30,000 late nodes holds the writer about `WRITE_BUDGET` at a time). Steps
    fire in chunks too: at most 200 tickets, fewer when the last chunk took longer than the
    budget, and each chunk stops at the budget (the tickets left stay due for the next chunk);
    `config.batch` tickets a tick."""
    config = await with_stored_calendar(database, config or JobConfig())
    await _open_overdue(database, now, config)
    await _close_overtaken(database, now, config)
    sent, remaining = 0, config.batch
    pace = Pace(CHUNK_ROWS, size=CHUNK_ROWS)  # a tick with up to 200 due: one transaction, one message a chat
    while remaining > 0:
        size = min(pace.size, remaining)
        with collecting_after():
            async with database.write() as session:
                began = await holding(session)
                fired = await config.ladder.fire_due(session, now, batch=size, until=began + WRITE_BUDGET)
        pace.took(started() - began)
        sent += fired.messages
        remaining -= fired.tickets
        if not fired.messages:
            break
        await step_aside()
    return sent


async def _open_overdue(database: Database, now: datetime, config: JobConfig) -> int:
    """An overdue exception for each late node without one. Only those are read (`overdue_page(...,
    unopened=True)`: the database leaves out every late node whose key has its exception), a page
    at a time (`chunked.PAGE_ROWS`, keyset-paged on a read connection, in the order one read gave),
    and each page is opened in chunks before the next page is read: a tick over 100,000 late nodes
    holds one page, not all of them (it held 1.5 GB), and a steady tick, when every late node has
    its exception, reads none (it read and built all of them each tick: 16.7 s). A chunk is one
    INSERT of its tickets, not three statements a node: what `Ladder.open` would look up (the
    order's priority, the supplier's zone) is in the page already; a key opened meanwhile (another
    replica) opens nothing."""
    opened = 0
    after: LateKey | None = None
    while True:
        async with database.read() as session:
            page, after = await overdue_page(session, now, after=after, fallback_zone=config.calendar.zone,
                                             unopened=True)
        fresh = list({overdue_key(row.milestone): row for row in page}.items())

        async def write(session: AsyncSession, chunk: Sequence[tuple[str, NodeRow]]) -> int:
            return await config.ladder.open_many(session, [_overdue_opening(key, row, config) for key, row in chunk],
                                                 now=now)  # a key opened meanwhile opens nothing

        opened += await write_in_chunks(database, fresh, write)
        if after is None:
            return opened


def _overdue_opening(key: str, row: NodeRow, config: JobConfig) -> Opening:
    """A late node's exception: its ladder starts at midnight after the planned date, supplier's zone."""
    zone = config.calendar.zone_of(row.supplier.timezone)
    label = texts.node_label(row.milestone.node, row.milestone.step, "zh")
    return Opening(order_id=row.order.id, kind=ExceptionKind.OVERDUE.value, opened_by=SCHEDULER_ACTOR,
                   title=f"{label} 逾期 (计划 {row.milestone.planned_date:%m-%d})", milestone_id=row.milestone.id,
                   dedupe_key=key, due_at=at_local(row.milestone.planned_date + timedelta(days=1), time(0), zone),
                   priority=row.order.priority, zone_name=row.supplier.timezone)


def _close_reason(ticket: ExceptionTicket, milestone: Milestone, order: Order) -> str | None:
    if milestone.status in (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value) \
            or order.status not in [s.value for s in OPEN_ORDER_STATUSES]:
        return CloseReason.DONE
    if ticket.dedupe_key is not None and ticket.dedupe_key.startswith("overdue:") \
            and ticket.dedupe_key != overdue_key(milestone):
        return CloseReason.REPLANNED
    return None


def _overtaken_query() -> Select[ExceptionTicket, Milestone, Order]:
    return (
        select(ExceptionTicket, Milestone, Order)
        .join(Milestone, ExceptionTicket.milestone_id == Milestone.id)
        .join(Order, ExceptionTicket.order_id == Order.id)
        .where(ExceptionTicket.resolved_at.is_(None), ExceptionTicket.kind == ExceptionKind.OVERDUE.value)
        .order_by(ExceptionTicket.id)
    )


def _overtaken() -> ColumnElement[bool]:
    """`_close_reason` is not None, said in SQL: the node done or skipped, the order ended, or an
    `overdue:` key that is no longer the node's (re-planned). (`substr`, not LIKE: SQLite's LIKE
    ignores case, `startswith` does not.)"""
    key = ExceptionTicket.dedupe_key
    return or_(
        Milestone.status.in_([MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value]),
        not_(Order.status.in_([s.value for s in OPEN_ORDER_STATUSES])),
        (key.is_not(None)) & (func.substr(key, 1, len("overdue:")) == "overdue:") & (key != overdue_key_sql()),
    )


async def _close_overtaken(database: Database, now: datetime, config: JobConfig) -> int:
    """Overdue exceptions whose node was done, re-planned, or whose order ended, close by themselves.
    Only those are read (`_overtaken`, tested by the database: a steady tick reads none of 100,000
    open ones; it read and built every one), a page at a time (by id, on a read connection); each
    chunk locks its tickets again and closes those still overtaken, before the next page is read."""

    async def write(session: AsyncSession, chunk: Sequence[int]) -> int:
        closed = 0
        query = exceptions.skip_locked(session, _overtaken_query().where(ExceptionTicket.id.in_(list(chunk))))
        for ticket, milestone, order in (await session.execute(query)).all():
            reason = _close_reason(ticket, milestone, order)
            if reason is None:
                continue
            await config.ladder.close(session, ticket, by=SCHEDULER_ACTOR, note="", now=now, reason=reason)
            closed += 1
        return closed

    closed, after = 0, 0
    while True:
        size = chunked.PAGE_ROWS
        async with database.read() as session:
            found = list((await session.execute(
                select(ExceptionTicket.id)
                .join(Milestone, ExceptionTicket.milestone_id == Milestone.id)
                .join(Order, ExceptionTicket.order_id == Order.id)
                .where(ExceptionTicket.resolved_at.is_(None), ExceptionTicket.kind == ExceptionKind.OVERDUE.value,
                       _overtaken(), ExceptionTicket.id > after)
                .order_by(ExceptionTicket.id)
                .limit(size)
            )).scalars())
        closed += await write_in_chunks(database, found, write)
        if len(found) < size:
            return closed
        after = found[-1]
        await step_aside()


# --- a warning before the date --------------------------------------------------------------

async def warn_at_risk(database: Database, now: datetime, config: JobConfig | None = None) -> int:
    """Once per node and planned date, when `storage.risk` first says it is at risk (before it
    is late): the supplier's chat is asked for a date it can keep, the buyers hear the reason.
    The `RiskWarning` row (unique on node and date) and its messages are one transaction; a
    re-planned node that becomes at risk again is warned again. Nobody is woken: during the
    supplier's quiet hours the warning waits for the next tick after them. Read on a read
    connection a page at a time (`at_risk_page`: only at-risk nodes, `chunked.PAGE_ROWS` at most),
    each page written in chunks before the next is read."""
    config = config or JobConfig()
    sent, after = 0, None
    while True:  # the first page's `after` is None: the loop ends after the page that says so
        async with database.read() as session:
            risks, after = await at_risk_page(session, now, fallback_zone=config.calendar.zone, after=after)
            bindings = list((await session.execute(select(ChatBinding).order_by(ChatBinding.id))).scalars()) \
                if risks else []
        sent += await _write_warnings(database, now, config, bindings,
                                      [risk for risk in risks if not config.calendar.is_quiet(now, risk.zone)])
        if after is None:
            return sent


async def _write_warnings(
    database: Database, now: datetime, config: JobConfig, bindings: Sequence[ChatBinding], speaking: Sequence[Risk],
) -> int:
    """The warnings of a page of at-risk nodes, each with its messages, in chunks."""

    async def write(session: AsyncSession, chunk: Sequence[Risk]) -> int:
        sent = 0
        for risk in chunk:
            warning_id = await session.scalar(
                insert_ignoring_conflicts(session, RiskWarning.__table__, ["milestone_id", "planned_date"])
                .values(milestone_id=risk.milestone_id, planned_date=risk.planned_date, reason=risk.reason.value,
                        warned_at=now)
                .returning(RiskWarning.id)
            )
            if warning_id is None:
                continue  # warned before
            for binding in bindings_for(bindings, BindingRole.SUPPLIER, risk.supplier_id):
                language = binding_language(binding, config.language)
                text, buttons = texts.risk_to_supplier(language, risk)
                sent += await outbox.enqueue(session, f"risk:{warning_id}:{binding.id}",
                                             _reply(binding, text, buttons), now=now)
            for binding in bindings_for(bindings, BindingRole.BUYERS, risk.supplier_id):
                language = binding_language(binding, config.language)
                sent += await outbox.enqueue(session, f"risk:{warning_id}:{binding.id}",
                                             _reply(binding, texts.risk_to_buyers(language, risk)), now=now)
        return sent

    return await write_in_chunks(database, speaking, write)


# --- the daily picture --------------------------------------------------------------------

async def daily_digest(database: Database, now: datetime, config: JobConfig | None = None) -> int:
    """To each buyer (and manager) group at `digest_time` on working days: due today, overdue,
    at risk, new defects, silent suppliers. Missed days after downtime are not replayed.
    Everything is read and said on read connections, each part of the reading a short read
    transaction of its own (`_digest_facts`); only the messages go to the writer, a chunk at a
    time (keyed per group and day, so a digest cut short is finished once). Late nodes are read
    a page at a time and each group keeps only the lines it shows, and "due today" is a set
    query: at 100,000 late nodes the digest held ~1 GB, now ~160 MB (the at-risk read still
    reads one row per open order)."""
    config = await with_stored_calendar(database, config or JobConfig())
    calendar = config.calendar
    if calendar.due_slot(now, calendar.zone, config.digest_time) is None:
        return 0
    today = local_date(now, calendar.zone)
    messages: list[tuple[str, Reply]] = []
    async with database.read() as session:
        groups = list((await session.execute(
            select(ChatBinding).where(ChatBinding.role.in_([r.value for r in config.digest_roles]))
            .order_by(ChatBinding.id)
        )).scalars())
        keys = {binding.id: f"digest:{binding.id}:{today.isoformat()}" for binding in groups}
        done = set((await session.execute(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(list(keys.values())))
        )).scalars())
    groups = [b for b in groups if keys[b.id] not in done]
    if not groups:
        return 0
    since = at_local(calendar.previous_working_day(today), config.digest_time, calendar.zone)
    facts = await _digest_facts(database, now, since, config, {binding.supplier_id for binding in groups})
    for binding in groups:
        language = binding_language(binding, config.language)
        data = facts.scoped(binding.supplier_id, today)
        async with database.read() as session:  # a group's month figures: a read of its own
            data = await _with_month_figures(session, data, binding.supplier_id, now, config)
        messages.append((keys[binding.id], _reply(binding, texts.digest(language, data))))

    async def write(session: AsyncSession, chunk: Sequence[tuple[str, Reply]]) -> int:
        return sum([await outbox.enqueue(session, key, reply, now=now) for key, reply in chunk])

    return await write_in_chunks(database, messages, write)


async def _with_month_figures(
    session: AsyncSession, data: texts.Digest, supplier_id: int | None, now: datetime, config: JobConfig,
) -> texts.Digest:
    """The month so far, by the same definitions (and the same `now` cut) as the KPI page."""
    zone = config.calendar.zone
    first = data.day.replace(day=1)
    end = data.day + timedelta(days=1)
    nodes = await kpis.node_on_time_rate(session, first, end, supplier_id, tz=zone, now=now)
    orders = await kpis.on_time_delivery_rate(session, first, end, supplier_id, tz=zone, now=now)
    return replace(data, month_first=first,
                   node_on_time=texts.DigestRate(nodes.numerator, nodes.denominator, nodes.ratio),
                   on_time_delivery=texts.DigestRate(orders.numerator, orders.denominator, orders.ratio))


@dataclass
class _FirstLines:
    """One digest section as its message shows it: how many lines in all and the first
    `texts.MAX_LINES` of them (the rest is "… and n more"), so nothing past those is held."""

    total: int = 0
    lines: list[texts.NodeLine] = field(default_factory=list)

    def add(self, line: texts.NodeLine) -> None:
        self.total += 1
        if len(self.lines) < texts.MAX_LINES:
            self.lines.append(line)


async def _overdue_by_scope(
    database: Database, now: datetime, config: JobConfig, scopes: set[int | None],
) -> dict[int | None, _FirstLines]:
    """The late nodes each digest scope (None: every supplier) shows, read a keyset page at a time
    (`chunked.PAGE_ROWS`, the order `overdue_milestones` gives), each page in a read transaction
    of its own: a digest over 100,000 late nodes holds one page and 25 lines a group, not every
    late node, and no snapshot for the whole read (on PostgreSQL one transaction over every page
    was ~100 s old by its end; on SQLite it kept checkpoints from getting past it)."""
    out = {scope: _FirstLines() for scope in scopes}
    after: LateKey | None = None
    while True:
        async with database.read() as session:
            page, after = await overdue_page(session, now, after=after, fallback_zone=config.calendar.zone)
        for row in page:
            line = _node_line(row, with_supplier=True)
            for scope in (None, row.supplier.id):
                if scope in out:
                    out[scope].add(line)
        if after is None:
            return out  # the identity map holds its rows weakly: a page read is a page let go


@dataclass
class _DigestFacts:
    current: list[NodeRow]
    overdue: dict[int | None, _FirstLines]
    at_risk: list[Risk]
    defects: list[tuple[int, texts.TicketLine]]
    silent: list[tuple[int, str, int]]

    def scoped(self, supplier_id: int | None, today: Any) -> texts.Digest:
        def mine(sid: int) -> bool:
            return supplier_id is None or sid == supplier_id

        return texts.Digest(
            day=today,
            due_today=[_node_line(r, with_supplier=True) for r in self.current if mine(r.supplier.id)],
            overdue=self.overdue[supplier_id].lines,
            overdue_total=self.overdue[supplier_id].total,
            at_risk=[texts.RiskLine(r) for r in self.at_risk if mine(r.supplier_id)],
            defects=[line for sid, line in self.defects if mine(sid)],
            silent=[(name, n) for sid, name, n in self.silent if mine(sid)],
        )


async def _digest_facts(
    database: Database, now: datetime, since: datetime, config: JobConfig, scopes: set[int | None],
) -> _DigestFacts:
    """What the digest says, each part read in a short read transaction of its own."""
    calendar = config.calendar
    overdue = await _overdue_by_scope(database, now, config, scopes)
    async with database.read() as session:
        current = await current_due_today(session, now, calendar=calendar)
    async with database.read() as session:
        at_risk = await at_risk_nodes(session, now, fallback_zone=calendar.zone)
    async with database.read() as session:
        defect_rows = (await session.execute(
            select(ExceptionTicket, Order, Supplier, Milestone)
            .join(Order, ExceptionTicket.order_id == Order.id)
            .join(Supplier, Order.supplier_id == Supplier.id)
            .outerjoin(Milestone, ExceptionTicket.milestone_id == Milestone.id)
            .where(ExceptionTicket.kind.in_(DEFECT_KINDS), ExceptionTicket.opened_at >= since,
                   ExceptionTicket.opened_at <= now, ExceptionTicket.withdrawn_at.is_(None))
            .order_by(ExceptionTicket.id)
        )).all()
        defects = [(s.id, replace(ticket_line(t, o, s, m), category=defect_category(t.category, t.description).value))
                   for t, o, s, m in defect_rows]
    async with database.read() as session:
        silent_rows = (await session.execute(
            select(Supplier.id, Supplier.name, func.count(Prompt.id))
            .join(Prompt, Prompt.supplier_id == Supplier.id)
            .where(Prompt.answered_at.is_(None), Prompt.reply_by <= now, Prompt.sent_at >= now - config.silent_after)
            .group_by(Supplier.id, Supplier.name)
            .order_by(func.count(Prompt.id).desc(), Supplier.name)
        )).all()
    return _DigestFacts(current, overdue, at_risk, defects, [(sid, name, int(n)) for sid, name, n in silent_rows])


# --- readings shown for ✔ / ✘ and never answered --------------------------------------------

CLARIFY_STATE = "clarify"  # the conversation state kind of a question or a reading shown first


async def expire_confirmations(database: Database, now: datetime, config: JobConfig | None = None) -> int:
    """A reading shown first and never answered: at its timeout the chat hears that nothing was
    recorded (the notice was written, in the sender's language, when the reading was shown).

    Found on a read connection, then written in chunks bounded in time (`write_in_chunks`): each
    chunk takes its states again, locked (skipping those another replica holds) and only if still
    expired (an answer may have taken one meanwhile), queues the notice under a key of its own
    and deletes the state; a tick cut short is finished by the next, once."""
    config = config or JobConfig()
    expired = (ConversationState.kind == CLARIFY_STATE, ConversationState.expires_at <= now)
    async with database.read() as session:
        ids = list((await session.execute(
            select(ConversationState.id).where(*expired).order_by(ConversationState.id).limit(config.batch)
        )).scalars())

    async def write(session: AsyncSession, chunk: Sequence[int]) -> int:
        query = select(ConversationState).where(ConversationState.id.in_(list(chunk)), *expired) \
            .order_by(ConversationState.id)
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        sent = 0
        for state in (await session.execute(query)).scalars():
            notice = state.payload.get("expired_notice")
            if notice:
                kind = ChatKind.PRIVATE if state.payload.get("chat_kind") == ChatKind.PRIVATE.value else ChatKind.GROUP
                chat = ChatRef(Platform(state.platform), state.chat_id, kind)
                if await outbox.enqueue(session, f"confirm-timeout:{state.id}", Reply(chat=chat, text=notice), now=now):
                    sent += 1
            await session.delete(state)
        return sent

    return await write_in_chunks(database, ids, write)


JOBS = {
    "prompt_due": prompt_due,
    "nudge_unanswered": nudge_unanswered,
    "escalate_overdue": escalate_overdue,
    "daily_digest": daily_digest,
    "warn_at_risk": warn_at_risk,
    "expire_confirmations": expire_confirmations,
}
