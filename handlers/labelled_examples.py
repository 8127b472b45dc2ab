"""Keeping what people settle about a reading as labelled examples (storage/reading_examples.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.turn import Turn
from storage.reading_examples import add_example


async def learn(turn: Turn, *, text: str, role: str, sent_at: str | None, source: str,
                shown: dict[str, Any] | None, right: dict[str, Any] | None) -> None:
    """One example: the message, what the bot read, what the person said was right (None: not said)."""
    if not text.strip():
        return
    at = datetime.fromisoformat(sent_at) if sent_at else turn.message.sent_at
    await add_example(turn.session, text=text, role=role, sent_at=at, source=source, shown=shown, right=right,
                      platform=turn.message.platform.value, chat_id=turn.message.chat.chat_id,
                      supplier_id=turn.speaker.supplier_id, now=turn.ctx.now)
