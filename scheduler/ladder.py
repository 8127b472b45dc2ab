"""The exception ladder (异常工单): open, acknowledge, resolve, close, fire — in one place.

One `Ladder` is built from the settings in the composition root (`bot.app`) and handed to
the conversation layer (`HandlerContext.ladder`) and to the scheduler's jobs
(`JobConfig.ladder`), so a replica that runs no scheduler opens and acknowledges
exceptions on the same calendar, ladders and language as one that does. Nothing here is
module state: every rule reads the ladder it was given.

- Opening sets where the ladder starts (the policy's level for the kind: defects and failed
  inspections at L1) and when it first fires, in working time of the target chat's zone.
- Firing (`fire_due`) sends every step that is due, one message per chat and tick; the
  `EscalationStep` row is the exactly-once guard. L0 reaches every chat of the supplier:
  its bound groups and its contacts' private chats.
- Acknowledging stops the ladder and schedules follow-ups to the owner, who is @-mentioned on
  each (the owner is kept as a person and a chat user, not only a name). Still open after the
  policy's acknowledgement timeout, the exception returns to the ladder at the level it had
  reached, in a new round: the chats hear it went back, the owner is @-mentioned, and anyone
  may acknowledge it again.
- Closing (resolve, node done, re-planned, order closed) sends exactly one closing message
  to every chat the exception reached (outbox key `close:{id}:{chat}`), none to others.

Rows are read and written through `storage.exceptions`; the words are `scheduler.texts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import ChatKind, ChatRef, Platform, Reply
from scheduler import texts
from scheduler.calendar import WorkCalendar, local_date
from scheduler.escalation import (
    DEFAULT_POLICIES,
    EscalationPolicy,
    LadderState,
    ZoneFor,
    ack_deadline,
    advance,
    after_acknowledgement,
    first_state,
    parse_ack_timeouts,
    policy_for,
    with_ack_timeouts,
)
from storage import exceptions as rows
from storage import outbox
from storage.batch_cache import in_batch
from storage.chunked import started
from storage.exception_words import FOLLOW_UP_LEVEL, RETURNED_LEVEL
from storage.models import (
    BindingRole,
    ChatBinding,
    ExceptionKind,
    ExceptionTicket,
    Milestone,
    Order,
    Severity,
    Supplier,
)

CLOSED_BY_COMPLETION = (ExceptionKind.OVERDUE.value, ExceptionKind.DELAY.value)
# In a PostgreSQL processing batch: the nodes finished without asking for their open exceptions
# (`Ladder.missed_closing`)
_UNASKED = "supplierbot.finished_unasked"


class CloseReason(StrEnum):
    """Why an exception closed: the closing sentence each chat hears depends on it."""

    DONE = "done"  # the node was reported done
    REPLANNED = "replanned"  # the node's date moved
    RESOLVED = "resolved"  # a person closed it by hand
    ORDER_CLOSED = "order_closed"  # the order was accepted, closed or cancelled


# --- chats ------------------------------------------------------------------------------

def binding_chat(binding: ChatBinding) -> ChatRef:
    kind = ChatKind.PRIVATE if binding.chat_kind == ChatKind.PRIVATE.value else ChatKind.GROUP
    return ChatRef(Platform(binding.platform), binding.chat_id, kind, binding.title)


def binding_language(binding: ChatBinding, default: str) -> str:
    return binding.language if binding.language in ("zh", "en") else default


def bindings_for(bindings: Sequence[ChatBinding], role: BindingRole, supplier_id: int) -> list[ChatBinding]:
    """The chats of `role` that hear about a supplier: its own chats (bound groups and its
    contacts' private chats), or staff groups for all suppliers (supplier_id empty) or for this one."""
    if role == BindingRole.SUPPLIER:
        return [b for b in bindings if b.role == role.value and b.supplier_id == supplier_id]
    return [b for b in bindings if b.role == role.value and b.supplier_id in (None, supplier_id)]


def ticket_line(
    ticket: ExceptionTicket, order: Order, supplier: Supplier, milestone: Milestone | None, *,
    today: date | None = None, repeat: int = 0,
) -> texts.TicketLine:
    """An exception as one line of an escalation, follow-up, closing or digest."""
    return texts.TicketLine(
        exception_id=ticket.id, po=order.po, supplier=supplier.name, kind=ticket.kind, title=ticket.title,
        node=milestone.node if milestone else None, step=milestone.step if milestone else None,
        planned_date=milestone.planned_date if milestone and today else None, today=today,
        milestone_id=milestone.id if milestone else None, owner=ticket.acknowledged_by, repeat=repeat,
    )


@dataclass(frozen=True)
class Owner:
    """Who acknowledged an exception: the name shown, and their user id on each platform they
    are known on (a person's chat identities, and the chat user who pressed the button)."""

    name: str
    users: Mapping[str, str]  # platform → user id

    def mention_on(self, platform: str) -> tuple[str, str] | None:
        """(user id, name) to @-mention them in a chat of `platform`; None where they have no account."""
        user_id = self.users.get(platform)
        return (user_id, self.name) if user_id else None


async def owner_of(session: AsyncSession, ticket: ExceptionTicket) -> Owner | None:
    if ticket.acknowledged_at is None:
        return None
    users = dict(await rows.chat_users_of(session, ticket.acknowledged_by_person_id))
    platform, _, user_id = (ticket.acknowledged_by_user or "").partition(":")
    if platform and user_id:
        users.setdefault(platform, user_id)
    return Owner(ticket.acknowledged_by or "", users)


@dataclass
class _Outgoing:
    """The steps one chat hears about in this tick, rendered as one message."""

    binding: ChatBinding
    kind: str  # "remind" (L0, supplier chats), "escalate" (staff), "follow_up" (owner), "returned"
    step_ids: list[int] = field(default_factory=list)
    lines: list[texts.TicketLine] = field(default_factory=list)
    level: int = 0
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (user id, name): owners to @-mention

    def mention(self, owner: Owner | None) -> None:
        found = owner.mention_on(self.binding.platform) if owner else None
        if found and found not in self.mentions:
            self.mentions.append(found)


@dataclass(frozen=True)
class Fired:
    """What one `Ladder.fire_due` did: messages queued, and due tickets gone through (fewer than
    were due when its time ran out: those stay due)."""

    messages: int
    tickets: int


@dataclass(frozen=True)
class Opening:
    """One exception a job opens among many (`Ladder.open_many`), with what its ladder depends on
    (the order's priority, the supplier's zone) read already with the rest of the job's page."""

    order_id: int
    kind: str
    title: str
    dedupe_key: str
    opened_by: str
    due_at: datetime
    priority: str | None
    zone_name: str | None
    milestone_id: int | None = None
    severity: str = Severity.MEDIUM.value


@dataclass(frozen=True)
class Ladder:
    """The service's calendar, escalation policies and default language, and every rule of the
    exception lifecycle over them."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    policies: Mapping[str, EscalationPolicy] = field(default_factory=lambda: DEFAULT_POLICIES)
    language: str = "zh"

    @classmethod
    def from_settings(cls, settings: Any, *, policies: Mapping[str, EscalationPolicy] | None = None) -> Ladder:
        """The settings' calendar and language; the ladders with the settings' acknowledgement
        timeouts (`ack_timeouts`, per priority)."""
        timeouts = parse_ack_timeouts(getattr(settings, "ack_timeouts", ""))
        return cls(calendar=WorkCalendar.from_settings(settings),
                   policies=with_ack_timeouts(policies or DEFAULT_POLICIES, timeouts), language=settings.language)

    def policy(self, priority: str | None) -> EscalationPolicy:
        return policy_for(priority, self.policies)

    def zones(self, supplier_zone: str | None) -> ZoneFor:
        """The supplier's chats live in the supplier's zone, staff groups in the company's."""
        zone = self.calendar.zone_of(supplier_zone)
        company = self.calendar.zone
        return lambda role: zone if role == BindingRole.SUPPLIER else company

    # --- lifecycle --------------------------------------------------------------------------

    async def open(
        self, session: AsyncSession, *, order_id: int, kind: str, title: str, now: datetime, opened_by: str,
        milestone_id: int | None = None, lot_id: int | None = None, severity: str = Severity.MEDIUM.value,
        description: str = "", qty: int | None = None, dedupe_key: str | None = None,
        start_level: int | None = None, due_at: datetime | None = None, category: str | None = None,
    ) -> tuple[ExceptionTicket, bool]:
        """Open an exception (True) or return the one already under `dedupe_key` (False).

        A dedupe key names one occurrence and opens at most one exception, ever: put what
        makes an occurrence new into the key (the scheduler uses `overdue:{node}:{planned
        date}`, so a re-planned node late again opens a new one, a closed one is not reopened).
        The ladder starts at the policy's level for `kind` unless `start_level` says otherwise,
        and first fires at `due_at` (default `now`), moved into working time unless critical.
        A defect's `category` is written with the new ticket (not by an UPDATE after it).

        Inserted first and looked up only when the key was taken: nearly every key is new (a
        delay, a defect just reported), and asking first cost each a statement. On PostgreSQL
        a key taken already uses up a value of the sequence, as a race lost always did.
        """
        priority, zone_name = await rows.order_priority_and_zone(session, order_id)
        state = first_state(self.policy(priority), kind=kind, severity=severity, due_at=due_at or now,
                            calendar=self.calendar, zone_for=self.zones(zone_name), start_level=start_level)
        return await rows.insert_ticket(session, dict(
            order_id=order_id, milestone_id=milestone_id, lot_id=lot_id, kind=kind, severity=severity,
            dedupe_key=dedupe_key, title=title[:200], description=description, qty=qty, opened_at=now,
            opened_by=opened_by[:120], level=state.level, repeat=0, next_escalation_at=state.next_at,
            **({"category": category} if category is not None else {}),
        ))

    async def open_many(self, session: AsyncSession, openings: Sequence[Opening], *, now: datetime) -> int:
        """`open` for many exceptions, each under its dedupe key, in one INSERT (a key opened before,
        or meanwhile by another replica, opens nothing): how many were opened. The same rows, in
        the same order, as `open` one by one; a job opening 100,000 saves three statements each."""
        values = []
        for item in openings:
            state = first_state(self.policy(item.priority), kind=item.kind, severity=item.severity, due_at=item.due_at,
                                calendar=self.calendar, zone_for=self.zones(item.zone_name))
            values.append(dict(
                order_id=item.order_id, milestone_id=item.milestone_id, lot_id=None, kind=item.kind,
                severity=item.severity, dedupe_key=item.dedupe_key, title=item.title[:200], description="", qty=None,
                opened_at=now, opened_by=item.opened_by[:120], level=state.level, repeat=0,
                next_escalation_at=state.next_at,
            ))
        return await rows.insert_tickets(session, values)

    async def acknowledge(
        self, session: AsyncSession, exception_id: int, *, by: str, now: datetime, person_id: int | None = None,
        chat_user: str | None = None,
    ) -> ExceptionTicket | None:
        """Take ownership: the ladder stops, and the owner is reminded after the policy's follow-up
        time (company working time) while the exception stays open, until the policy's
        acknowledgement timeout returns it to the ladder. The first acknowledgement wins; later
        ones change nothing. `person_id` and `chat_user` ("telegram:4301") are who to @-mention."""
        ticket = await rows.locked(session, exception_id)
        if ticket is None or ticket.resolved_at is not None or ticket.acknowledged_at is not None:
            return ticket
        reached = await rows.highest_level_reached(session, ticket.id)
        priority, _ = await rows.order_priority_and_zone(session, ticket.order_id)
        ticket.acknowledged_at = now
        ticket.acknowledged_by = by[:120]
        ticket.acknowledged_by_person_id = person_id
        ticket.acknowledged_by_user = chat_user[:160] if chat_user else None
        ticket.level = reached if reached is not None else ticket.level
        ticket.repeat = 0
        ticket.next_escalation_at = after_acknowledgement(self.policy(priority), 0, now, now, calendar=self.calendar,
                                                          zone=self.calendar.zone)
        await session.flush()
        return ticket

    async def resolve(
        self, session: AsyncSession, exception_id: int, *, by: str, note: str, now: datetime,
        language: str | None = None,
    ) -> ExceptionTicket | None:
        """Close by hand; one closing message to each chat the exception reached. Idempotent."""
        ticket = await rows.locked(session, exception_id)
        if ticket is None or ticket.resolved_at is not None:
            return ticket
        await self.close(session, ticket, by=by, note=note, now=now, reason=CloseReason.RESOLVED, language=language)
        return ticket

    async def close_for_milestone(
        self, session: AsyncSession, milestone_id: int, *, by: str, now: datetime, language: str | None = None,
        order_id: int | None = None,
    ) -> list[ExceptionTicket]:
        """A report completed the node: its overdue and delay exceptions close by themselves
        (defects and failed inspections stay open: the part is not good because the node is done).
        Given the node's `order_id`, in a processing batch, a node the order's open tickets
        (known once a batch, `rows.open_on_order`) do not name is not asked about."""
        if order_id is not None and in_batch(session) and all(
                node != milestone_id for _, node in await rows.open_on_order(session, order_id, CLOSED_BY_COMPLETION)):
            if session.bind is not None and session.bind.dialect.name == "postgresql":
                session.sync_session.info.setdefault(_UNASKED, set()).add(milestone_id)
            return []
        closed = await rows.open_locked(session, milestone_id=milestone_id, kinds=CLOSED_BY_COMPLETION)
        for ticket in closed:
            await self.close(session, ticket, by=by, note="", now=now, reason=CloseReason.DONE, language=language)
        return closed

    async def missed_closing(self, session: AsyncSession) -> bool:
        """At the end of a processing batch on PostgreSQL, before it commits: whether a node it
        finished without asking for its exceptions (its order's open tickets, known once a batch,
        named none on it) has one open now that the batch did not open itself: one another process
        opened since that answer was read (the escalation tick's overdue exceptions). Such a batch
        is done again one message at a time, where finishing the node closes it and its report's
        reply names it, as it would have if asked at the report; without this it stayed open on a
        finished node until a tick noticed (`_close_overtaken`), and could escalate meanwhile. One
        statement a batch that finished such a node. SQLite's batch holds the only writer: nobody
        opens anything meanwhile."""
        unasked: set[int] | None = session.sync_session.info.pop(_UNASKED, None)
        if not unasked:
            return False
        return await rows.opened_elsewhere(session, sorted(unasked), CLOSED_BY_COMPLETION)

    async def close_for_order(
        self, session: AsyncSession, order_id: int, *, by: str, now: datetime, note: str = "",
        language: str | None = None,
    ) -> list[ExceptionTicket]:
        """The order was accepted, closed or cancelled: every open exception of it closes, of any
        kind, so nothing about it escalates any more. Each chat an exception reached hears once."""
        closed = await rows.open_locked(session, order_id=order_id)
        for ticket in closed:
            await self.close(session, ticket, by=by, note=note, now=now, reason=CloseReason.ORDER_CLOSED,
                             language=language)
        return closed

    async def close(
        self, session: AsyncSession, ticket: ExceptionTicket, *, by: str, note: str, now: datetime, reason: str,
        language: str | None = None,
    ) -> int:
        """Mark closed and queue the closing messages; the ticket must be locked by the caller.
        Returns how many closing messages were queued."""
        await rows.write_closed(session, ticket, by=by, resolution=note or reason, now=now)
        chats = await rows.reached_bindings(session, ticket.id)
        if not chats:
            return 0
        order, supplier, milestone = await rows.subject(session, ticket)
        line = ticket_line(ticket, order, supplier, milestone)
        queued = 0
        for binding in chats:
            chat = binding_chat(binding)
            # a buyer's note is internal: the supplier's chats hear only that it is closed
            internal = note if binding.role != BindingRole.SUPPLIER.value else ""
            text = texts.closing(binding_language(binding, language or self.language), line, reason=reason,
                                 by=by, note=internal)
            if await outbox.enqueue(session, f"close:{ticket.id}:{chat.key}", Reply(chat=chat, text=text), now=now):
                queued += 1
        return queued

    # --- firing ---------------------------------------------------------------------------

    async def tell_at_once(
        self, session: AsyncSession, ticket: ExceptionTicket, roles: Sequence[BindingRole], *, supplier_id: int,
        now: datetime,
    ) -> list[ChatBinding]:
        """The chats of `roles` that hear about this supplier, recorded as the ticket's current step
        (so the scheduler does not send that level again, and closing reaches them); empty when
        there is no such chat or the step fired before."""
        bindings = await rows.all_bindings(session)
        targets = [b for role in roles for b in bindings_for(bindings, role, supplier_id)]
        if not targets:
            return []
        recorded = await rows.record_step_once(session, ticket.id, ticket.level, 0, now,
                                               rows.format_target(roles[0].value, targets),
                                               ladder_round=ticket.ladder_round)
        return targets if recorded else []

    async def fire_due(self, session: AsyncSession, now: datetime, *, batch: int = 500,
                       until: float | None = None) -> Fired:
        """Fire every step due at `now` (after downtime, each level that fell due fires once) and
        queue one message per chat, for at most `batch` tickets; with `until` (a `started()`
        reading) the tickets after it stay due for the next call, so a caller holding the writer
        holds it for a bounded time however slow each ticket is on a busy machine."""
        due = await rows.due(session, now, batch)
        if not due:
            return Fired(0, 0)
        calendar = self.calendar
        bindings = await rows.all_bindings(session)
        outgoing: dict[tuple[int, str], _Outgoing] = {}

        def announce(targets: Iterable[ChatBinding], kind: str, step_id: int, line: texts.TicketLine,
                     level: int, owner: Owner | None = None) -> None:
            for binding in targets:
                item = outgoing.setdefault((binding.id, kind), _Outgoing(binding, kind))
                item.step_ids.append(step_id)
                item.lines.append(line)
                item.level = max(item.level, level)
                item.mention(owner)

        # Ladder steps of tickets nobody owns are recorded together, one INSERT for the lot, and
        # announced once it says which were new. A ticket whose path depends on its step being new
        # (a follow-up, a return to the ladder) records what was gathered first and goes on one
        # step at a time, so step ids and each message's lines come in the order they fired.
        gathered: list[tuple[dict[str, Any], list[ChatBinding], str, texts.TicketLine]] = []

        async def record_gathered() -> None:
            new = await rows.record_steps(session, [values for values, *_ in gathered])
            for values, targets, kind, line in gathered:
                step_id = new.get((values["exception_id"], values["ladder_round"], values["level"], values["repeat"]))
                if step_id is not None:  # fired before: announce nothing (the state moved on all the same)
                    announce(targets, kind, step_id, line, values["level"])
            gathered.clear()

        went = 0
        for ticket, order, supplier, milestone in due:
            if until is not None and went and started() >= until:
                break
            went += 1
            policy = self.policy(order.priority)
            zone_for = self.zones(supplier.timezone)
            today = local_date(now, zone_for(BindingRole.SUPPLIER))
            returned: tuple[Owner | None, texts.TicketLine] | None = None
            if ticket.acknowledged_at is not None:
                await record_gathered()
                owner = await owner_of(session, ticket)
                line = ticket_line(ticket, order, supplier, milestone, today=today)
                deadline = ack_deadline(policy, ticket.acknowledged_at, calendar=calendar, zone=calendar.zone)
                if ticket.repeat >= policy.follow_ups and (deadline is None or now < deadline):
                    ticket.next_escalation_at = deadline  # follow-ups spent: only the timeout is left, if any
                    continue
                if deadline is None or now < deadline:
                    number = ticket.repeat + 1
                    targets = await rows.last_ladder_bindings(session, ticket.id) \
                        or bindings_for(bindings, BindingRole.BUYERS, supplier.id)
                    step_id = await rows.record_step(session, ticket.id, FOLLOW_UP_LEVEL, number, now,
                                                     rows.format_target("owner", targets),
                                                     ladder_round=ticket.ladder_round, owner=ticket.acknowledged_by)
                    if step_id is None:
                        continue
                    ticket.repeat = number
                    ticket.next_escalation_at = after_acknowledgement(policy, number, now, ticket.acknowledged_at,
                                                                      calendar=calendar, zone=calendar.zone)
                    announce(targets, "follow_up", step_id, line, ticket.level, owner)
                    continue
                returned = owner, line  # the timeout passed: back on the ladder, in working time
            pending_zone = zone_for(policy.level(ticket.level).role)
            if ticket.severity != Severity.CRITICAL.value and not calendar.is_working_time(now, pending_zone):
                ticket.next_escalation_at = calendar.next_working_time(now, pending_zone)  # wait for the morning
                continue
            if returned is not None and not await self._return_to_ladder(session, ticket, policy, bindings,
                                                                         supplier.id, now):
                continue
            steps, state = advance(policy, LadderState(ticket.level, ticket.repeat, ticket.next_escalation_at), now,
                                   calendar=calendar, zone_for=zone_for)
            for step in steps:
                role, targets = targets_of(policy, step.level, bindings, supplier.id)
                kind = "remind" if role == BindingRole.SUPPLIER else "escalate"
                if returned is None:
                    line = ticket_line(ticket, order, supplier, milestone, today=today, repeat=step.repeat)
                    gathered.append((dict(exception_id=ticket.id, level=step.level, repeat=step.repeat, fired_at=now,
                                          target=rows.format_target(role, targets), ladder_round=ticket.ladder_round,
                                          owner=None), targets, kind, line))
                    continue
                step_id = await rows.record_step(session, ticket.id, step.level, step.repeat, now,
                                                 rows.format_target(role, targets), ladder_round=ticket.ladder_round)
                if step_id is None:  # fired before: announce nothing, just move the state on
                    continue
                line = ticket_line(ticket, order, supplier, milestone, today=today, repeat=step.repeat)
                if returned is not None and kind == "escalate":  # the first step of the new round says why
                    owner, line = returned
                    returned = None
                    announce(targets, "returned", step_id, line, step.level, owner)
                    continue
                announce(targets, kind, step_id, line, step.level)
            ticket.level, ticket.repeat, ticket.next_escalation_at = state.level, state.repeat, state.next_at
        await record_gathered()
        await session.flush()
        return Fired(await self._send(session, now, outgoing.values()), went)

    async def _return_to_ladder(
        self, session: AsyncSession, ticket: ExceptionTicket, policy: EscalationPolicy,
        bindings: Sequence[ChatBinding], supplier_id: int, now: datetime,
    ) -> bool:
        """The acknowledgement timed out with the exception still open (and it is working time
        for the level it reached, which `fire_due` checks as for any step): record that (once,
        as the first step of a new round), forget the owner, and set the ladder to fire that
        level now. False when another replica did it."""
        level = policy.level(ticket.level)
        role, targets = targets_of(policy, level.number, bindings, supplier_id)
        ladder_round = ticket.ladder_round + 1
        step_id = await rows.record_step(session, ticket.id, RETURNED_LEVEL, level.number, now,
                                         rows.format_target(role, targets), ladder_round=ladder_round,
                                         owner=ticket.acknowledged_by)
        if step_id is None:
            return False
        ticket.ladder_round = ladder_round
        ticket.acknowledged_at = None
        ticket.acknowledged_by = None
        ticket.acknowledged_by_person_id = None
        ticket.acknowledged_by_user = None
        ticket.level, ticket.repeat, ticket.next_escalation_at = level.number, 0, now
        return True

    async def _send(self, session: AsyncSession, now: datetime, outgoing: Iterable[_Outgoing]) -> int:
        """One message per chat and kind, queued in one statement; how many were new."""
        replies: list[tuple[str, Reply]] = []
        for item in outgoing:
            language = binding_language(item.binding, self.language)
            if item.kind == "remind":
                text, buttons = texts.reminder(language, item.lines)
            elif item.kind == "follow_up":
                text, buttons = texts.follow_up(language, item.lines)
            elif item.kind == "returned":
                text, buttons = texts.returned(language, item.level, item.lines)
            else:
                text, buttons = texts.escalation(language, item.level, item.lines)
            key = f"esc:{item.binding.id}:{min(item.step_ids)}"
            reply = Reply(chat=binding_chat(item.binding), text=text, buttons=buttons,
                          mention_user_ids=tuple(user_id for user_id, _ in item.mentions),
                          mention_names=tuple(name for _, name in item.mentions))
            replies.append((key, reply))
        return await outbox.enqueue_many(session, replies, now=now)


def targets_of(
    policy: EscalationPolicy, level: int, bindings: Sequence[ChatBinding], supplier_id: int,
) -> tuple[BindingRole, list[ChatBinding]]:
    """The chats of a level; a staff level with no chat bound falls back to the level below,
    so an escalation is never recorded as sent to nobody while someone could hear it."""
    role = policy.level(level).role
    for number in range(level, policy.levels[0].number - 1, -1):
        candidate = policy.level(number).role
        if candidate == BindingRole.SUPPLIER and role != BindingRole.SUPPLIER:
            break
        found = bindings_for(bindings, candidate, supplier_id)
        if found:
            return candidate, found
    return role, []
