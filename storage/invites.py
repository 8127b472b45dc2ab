"""Invite codes that let a supplier's contact join by chat, without an account.

A buyer asks for a code for one supplier; the contact sends `/join <code>` to the bot in a
private chat and becomes a Person of that supplier, bound to their platform user id; that
private chat becomes one of the supplier's chats (a `ChatBinding` of role supplier, kind
private), so prompts, nudges and reminders reach the contact where they report. Codes
are six digits, single use, valid 24 hours. Failed attempts are counted per platform user
(five per hour), so a million codes cannot be walked through; and, since many accounts can be
made, globally per supplier too: every wrong code counts against each supplier with a live
invite, and a supplier whose invites met `GUESSES_PER_SUPPLIER` wrong codes in a day loses
them (the buyer issues a new one). No code ever faces more than that many guesses, from
however many accounts.

Stored in `conversation_states` under synthetic keys until the model has a table of its own:
an invite is (platform="invite", chat_id=<code>, user_id="*"); a user's failed attempts are
(platform="join-attempts", chat_id=<platform>, user_id=<user id>). The unique key on
(platform, chat_id, user_id) makes a code unique while it lives.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BindingRole, ChatBinding, ChatIdentity, ConversationState, Person, Role, Supplier
from storage.rate_limits import Limit, reserve

INVITE_KEY = "invite"
ATTEMPTS_KEY = "join-attempts"
INVITE_KIND = "supplier_invite"
INVITE_TTL = timedelta(hours=24)
ATTEMPT_WINDOW = timedelta(hours=1)
MAX_FAILURES = 5
CODE_DIGITS = 6
GUESSES_PER_SUPPLIER = 100  # wrong codes, from anyone, a supplier's live invites withstand per day
GUESS_WINDOW = timedelta(hours=24)

log = logging.getLogger("supplierbot.invites")


@dataclass(frozen=True, slots=True)
class Invite:
    code: str
    supplier: Supplier
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class JoinResult:
    """`outcome`: joined | already_joined | other_account | invalid | locked."""

    outcome: str
    person: Person | None = None
    supplier: Supplier | None = None


async def create_invite(
    session: AsyncSession, supplier: Supplier, *, by: str, by_person_id: int | None, now: datetime,
) -> Invite:
    await session.execute(delete(ConversationState).where(
        ConversationState.platform == INVITE_KEY, ConversationState.expires_at <= now,
    ))
    expires_at = now + INVITE_TTL
    for _ in range(20):
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        try:
            async with session.begin_nested():
                session.add(ConversationState(
                    platform=INVITE_KEY, chat_id=code, user_id="*", kind=INVITE_KIND, expires_at=expires_at,
                    payload={"supplier_id": supplier.id, "by": by, "by_person_id": by_person_id,
                             "created_at": now.isoformat()},
                ))
        except IntegrityError:
            continue
        return Invite(code, supplier, expires_at)
    raise RuntimeError("could not find a free invite code")


async def redeem_invite(
    session: AsyncSession, code: str, *, platform: str, user_id: str, display_name: str, now: datetime,
    chat_id: str | None = None,
) -> JoinResult:
    """Turn the sender into the supplier's contact; `chat_id`, the private chat they wrote from,
    becomes one of the supplier's chats (also when they had joined before)."""
    attempts = await session.scalar(select(ConversationState).where(
        ConversationState.platform == ATTEMPTS_KEY, ConversationState.chat_id == platform,
        ConversationState.user_id == user_id,
    ))
    if attempts is not None and attempts.expires_at <= now:
        await session.delete(attempts)
        await session.flush()
        attempts = None
    if attempts is not None and int(attempts.payload.get("failures", 0)) >= MAX_FAILURES:
        return JoinResult("locked")

    invite = await session.scalar(select(ConversationState).where(
        ConversationState.platform == INVITE_KEY, ConversationState.chat_id == code.strip(),
        ConversationState.user_id == "*", ConversationState.expires_at > now,
    ))
    if invite is None:
        await _count_failure(session, attempts, platform, user_id, now)
        await _spend_guess(session, now)
        return JoinResult("invalid")
    supplier = await session.get(Supplier, int(invite.payload["supplier_id"]))
    if supplier is None or not supplier.active:
        await session.delete(invite)
        return JoinResult("invalid")

    existing = await session.scalar(
        select(Person).join(ChatIdentity, ChatIdentity.person_id == Person.id)
        .where(ChatIdentity.platform == platform, ChatIdentity.user_id == user_id)
    )
    if existing is not None:
        same = existing.role == Role.SUPPLIER.value and existing.supplier_id == supplier.id
        if same and chat_id is not None:
            await bind_private_chat(session, existing, platform=platform, chat_id=chat_id, now=now)
        return JoinResult("already_joined" if same else "other_account", existing, supplier)

    person = Person(name=(display_name or user_id)[:120], role=Role.SUPPLIER.value, supplier_id=supplier.id,
                    language=supplier.language, timezone=supplier.timezone, created_at=now)
    session.add(person)
    await session.flush()
    session.add(ChatIdentity(person_id=person.id, platform=platform, user_id=user_id))
    if chat_id is not None:
        await bind_private_chat(session, person, platform=platform, chat_id=chat_id, now=now)
    await session.delete(invite)
    if attempts is not None:
        await session.delete(attempts)
    await session.flush()
    return JoinResult("joined", person, supplier)


async def bind_private_chat(
    session: AsyncSession, person: Person, *, platform: str, chat_id: str, now: datetime,
) -> ChatBinding | None:
    """Make a supplier contact's private chat one of the supplier's chats, in the contact's
    language. A chat bound already (to anything) is left as it is; returns the binding made."""
    if person.supplier_id is None:
        return None
    known = await session.scalar(select(ChatBinding.id).where(ChatBinding.platform == platform,
                                                               ChatBinding.chat_id == chat_id))
    if known is not None:
        return None
    binding = ChatBinding(platform=platform, chat_id=chat_id, chat_kind="private", role=BindingRole.SUPPLIER.value,
                          supplier_id=person.supplier_id, title=person.name, language=person.language,
                          bound_by_person_id=person.id, created_at=now)
    try:
        async with session.begin_nested():
            session.add(binding)
    except IntegrityError:  # bound meanwhile by a concurrent message
        return None
    return binding


async def _count_failure(
    session: AsyncSession, attempts: ConversationState | None, platform: str, user_id: str, now: datetime,
) -> None:
    if attempts is None:
        session.add(ConversationState(
            platform=ATTEMPTS_KEY, chat_id=platform, user_id=user_id, kind="join_failures",
            payload={"failures": 1}, expires_at=now + ATTEMPT_WINDOW,
        ))
    else:
        attempts.payload = {**attempts.payload, "failures": int(attempts.payload.get("failures", 0)) + 1}
    await session.flush()


def guess_limit(supplier_id: int) -> Limit:
    return Limit(f"join-guesses:supplier:{supplier_id}", GUESSES_PER_SUPPLIER, GUESS_WINDOW)


async def _spend_guess(session: AsyncSession, now: datetime) -> None:
    """A wrong code counts against every supplier with a live invite (it could have been any of
    them); a supplier past its budget loses its live invites, so guessing them is over."""
    live = (await session.scalars(select(ConversationState).where(
        ConversationState.platform == INVITE_KEY, ConversationState.expires_at > now,
    ))).all()
    by_supplier: dict[int, list[ConversationState]] = {}
    for invite in live:
        by_supplier.setdefault(int(invite.payload["supplier_id"]), []).append(invite)
    for supplier_id, invites in sorted(by_supplier.items()):
        if await reserve(session, [guess_limit(supplier_id)], now) is None:
            continue
        for invite in invites:
            await session.delete(invite)
        log.warning("join: supplier #%s met %s wrong invite codes today; its %s live invite(s) withdrawn",
                    supplier_id, GUESSES_PER_SUPPLIER, len(invites))
    await session.flush()
