"""The one question the bot is waiting on per person and chat (which order? which date?).

A state is keyed by platform + chat + user, so two people in one group never answer each
other's questions; it expires so an old question cannot capture a new message.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage
from handlers.parsing import Reading
from storage.batch_cache import cached, in_batch, keep, known
from storage.batch_ids import forget_counter, id_now
from storage.models import ConversationState
from storage.pending_questions import drop_questions, pending_question

STATE_TTL = timedelta(minutes=30)


async def pending_state(session: AsyncSession, message: InboundMessage, now: datetime) -> ConversationState | None:
    """The live question for this sender in this chat; an expired one is removed."""
    return (await live_or_expired(session, message, now))[0]


async def live_or_expired(
    session: AsyncSession, message: InboundMessage, now: datetime,
) -> tuple[ConversationState | None, dict[str, Any] | None]:
    """(the live question, None), or (None, what an expired question was about, once: it is removed).

    Asked of nearly every supplier message, so a processing batch remembers the answer."""
    key = _key(message)

    async def load() -> ConversationState | None:
        return await pending_question(session, *key)

    state = await cached(session, ("conversation_state", *key), _READ, load)
    if state is None:
        return None, None
    if state.expires_at <= now:
        expired = {"kind": state.kind, "id": state.id, **state.payload}
        await session.delete(state)
        await session.flush()
        keep(session, ("conversation_state", *key), _READ, None)
        return None, expired
    return state, None


async def remember(
    session: AsyncSession, message: InboundMessage, kind: str, payload: dict[str, Any], now: datetime,
    ttl: timedelta = STATE_TTL,
) -> ConversationState:
    """Replace whatever was pending with this question.

    In a processing batch the new question is not written at once: it has its id (`id_now`)
    and is written with the batch's rows, and the batch knows it is this sender's question."""
    await forget(session, message)
    state = ConversationState(
        platform=message.platform.value, chat_id=message.chat.chat_id, user_id=message.sender.user_id,
        kind=kind, payload=payload, expires_at=now + ttl,
    )
    session.add(state)
    if in_batch(session):
        await id_now(session, state)
        keep(session, ("conversation_state", *_key(message)), _READ, state, pending=[state])
    else:
        await session.flush()
    return state


async def forget(session: AsyncSession, message: InboundMessage) -> None:
    """Drop this sender's question. In a batch that knows it: nothing to do when there is
    none; one asked in this batch and not yet written is dropped unwritten (SQLite gives its id
    again, as it would to the next row after deleting the table's last one); otherwise deleted
    without writing first what the batch holds pending, which no DELETE of a question depends on."""
    key = ("conversation_state", *_key(message))
    answer = known(session, key)
    sync_session = session.sync_session
    if answer is not None and answer[0] is None:
        return
    if answer is not None and answer[0] in sync_session.new:
        sync_session.expunge(answer[0])
        forget_counter(session, ConversationState.__table__.name)
    else:
        others = any(isinstance(obj, ConversationState)
                     for obj in (*sync_session.new, *sync_session.dirty, *sync_session.deleted))
        await drop_questions(session, *_key(message), autoflush=others or not in_batch(session))
    keep(session, key, _READ, None)


_READ = ("conversation_states",)


def _key(message: InboundMessage) -> tuple[str, str, str]:
    return message.platform.value, message.chat.chat_id, message.sender.user_id


def reading_to_json(reading: Reading) -> dict[str, Any]:
    return reading.to_json_dict()


def reading_from_json(data: dict[str, Any]) -> Reading:
    """The inverse of `Reading.to_json_dict`: dates, value tuples and further facts restored."""
    values = dict(data)
    for key in ("new_date", "happened_on"):
        if isinstance(values.get(key), str):
            values[key] = date.fromisoformat(values[key])
    if isinstance(values.get("values"), list):
        values["values"] = tuple(values["values"])
    if isinstance(values.get("also"), list):
        values["also"] = tuple(reading_from_json(item) for item in values["also"])
    return Reading(**values)
