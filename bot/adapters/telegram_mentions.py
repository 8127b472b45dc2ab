"""`@BotUsername` mentions and `/cmd@BotUsername` suffixes cut out of a Telegram text.

Shared by the two readings of an update (PTB's objects and `telegram_quick_read`'s dicts):
an entity is anything with a `type`, an `offset` and a `length`, counted in UTF-16 units.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from telegram import MessageEntity

_LEADING_MENTION_JUNK = " ,:，："


class Entity(Protocol):
    @property
    def type(self) -> str: ...

    @property
    def offset(self) -> int: ...

    @property
    def length(self) -> int: ...


def strip_bot_mentions(
    text: str, entities: Sequence[Entity], bot_username: str | None
) -> tuple[str, bool]:
    """Remove `@BotUsername` mentions and `/cmd@BotUsername` suffixes; say whether there were any.

    Entity offsets count UTF-16 code units, so they are mapped to Python indices first.
    """
    if not bot_username or not entities:
        return text, False
    target = "@" + bot_username.lstrip("@").lower()
    cuts: list[tuple[int, int, bool]] = []
    for entity in entities:
        start = _utf16_to_index(text, entity.offset)
        end = _utf16_to_index(text, entity.offset + entity.length)
        fragment = text[start:end].lower()
        if entity.type == MessageEntity.MENTION and fragment == target:
            cuts.append((start, end, True))
        elif entity.type == MessageEntity.BOT_COMMAND and fragment.endswith(target):
            cuts.append((end - len(target), end, False))
    for start, end, is_mention in sorted(cuts, reverse=True):
        text = _join_around(text[:start], text[end:], is_mention)
    return (text.strip(), True) if cuts else (text, False)


def _join_around(left: str, right: str, is_mention: bool) -> str:
    if not is_mention:
        return left + right
    if not left.strip():
        return left + right.lstrip(_LEADING_MENTION_JUNK)
    if left[-1].isspace():
        return left + right.lstrip(" ")
    return left + right


def _utf16_to_index(text: str, units: int) -> int:
    seen = 0
    for index, char in enumerate(text):
        if seen >= units:
            return index
        seen += 2 if ord(char) > 0xFFFF else 1
    return len(text)
