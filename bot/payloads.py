"""Every button payload and platform event the conversation logic understands, named once.

A payload is `<prefix>:<rest>` and comes back as `InboundMessage.button_payload`. Handlers and
the scheduler build buttons with `button()`; adapters build events with `event()` for what a
platform tells instead of a person (someone opened the WeCom app or a chat with the AI bot, a
Telegram group became a supergroup); the router reads both with `parse()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Prefix(StrEnum):
    EXCEPTION = "x"  # staff: x:ack:<exception id>, x:resolve:<exception id>
    ADMIN = "a"  # admin confirmations: a:bind:<role>:<supplier id or 0>
    PROMPT = "p"  # a scheduled prompt: p:<milestone id>:done|delay|pct<N>
    CLARIFY = "c"  # a question the bot asked: c:<state id>:<choice>
    RECEIPT = "r"  # staff: r:ok:<pending receipt> records an over-delivery, r:no declines it
    ORDERS = "o"  # a supplier's open-order list, the next page: o:<offset>
    EVENT = "event"  # from the platform: event:<Event>[:<argument>...]


class Event(StrEnum):
    ENTER_AGENT = "enter_agent"  # WeCom app: a member opened the app's chat
    ENTER_CHAT = "enter_chat"  # WeCom AI bot: someone opened a chat with the bot (welcome within 5 s)
    CHAT_MOVED = "chat_moved"  # Telegram: a group became a supergroup; event:chat_moved:<old id>:<new id>


GREETINGS = frozenset({Event.ENTER_AGENT, Event.ENTER_CHAT})
SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class Payload:
    """A payload read back: its prefix (None when unknown) and the parts after it."""

    prefix: Prefix | None
    parts: tuple[str, ...]

    @property
    def event(self) -> Event | None:
        if self.prefix is not Prefix.EVENT or not self.parts:
            return None
        try:
            return Event(self.parts[0])
        except ValueError:
            return None

    @property
    def greeting(self) -> bool:
        """A person opened a chat with the bot: answered with a welcome, never "not understood"."""
        return self.event in GREETINGS


def button(prefix: Prefix, *parts: object) -> str:
    return SEPARATOR.join([prefix.value, *map(str, parts)])


def event(kind: Event, *arguments: object) -> str:
    return button(Prefix.EVENT, kind.value, *arguments)


def parse(payload: str | None) -> Payload | None:
    """None for no payload; an unknown prefix keeps its parts with `prefix=None`."""
    if not payload:
        return None
    head, *rest = payload.strip().split(SEPARATOR)
    try:
        prefix: Prefix | None = Prefix(head)
    except ValueError:
        prefix, rest = None, [head, *rest]
    return Payload(prefix, tuple(rest))


def clicked(data: str | None) -> str | None:
    """A button's data as a payload, or None for an event: events come only from what a
    platform says, and a client can forge a click's data (Telegram: "a bad client can send
    arbitrary data in this field"), which must not move a chat or greet on someone's behalf."""
    parsed = parse(data)
    return None if parsed is None or parsed.prefix is Prefix.EVENT else data


def is_greeting(payload: str | None) -> bool:
    parsed = parse(payload)
    return parsed is not None and parsed.greeting


def has_prefix(payload: str | None, prefix: Prefix) -> bool:
    parsed = parse(payload)
    return parsed is not None and parsed.prefix is prefix
