"""A number typed in answer to a numbered menu is the button it stands for.

Where a platform shows buttons as "回复 1 = …" text, the reply `1` (also `１`, `1.`, `选1`,
`第1个`) within the menu's lifetime is turned into a press of button 1 for that chat, before
anything else reads the message, so it is handled exactly like the click.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage
from storage.menus import menu_choice

_CHOICE = re.compile(r"(?:选择?|选项|第|no\.?|#)?\s*(\d{1,2})\s*(?:[.。、)]|号|项|个)?", re.IGNORECASE)


def menu_number(text: str) -> int | None:
    """The number a short answer picks (`1`, `１`, `1.`, `选1`, `第2个`); None for anything else."""
    match = _CHOICE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return int(match.group(1)) if match else None


async def as_click(session: AsyncSession, message: InboundMessage, now: datetime) -> InboundMessage:
    """The message as the button press it stands for, or unchanged."""
    if message.button_payload is not None or message.photos:
        return message
    number = menu_number(message.text)
    if number is None:
        return message
    payload = await menu_choice(session, message.platform.value, message.chat.chat_id, number, now)
    return message if payload is None else replace(message, text="", button_payload=payload)
