"""What a supplier has confirmed is not asked again: his own phrasing, learned from his ✔.

The reader asks first when it is unsure of the words (`confirm: true`). When the same supplier has
confirmed the same reading of the same words (other figures in the same places,
handlers/reading_shapes.py) `LEARNED_AFTER` times, and nobody has since rejected, corrected or
answered otherwise on those words, the reader's doubt is settled: the facts go on to the checks
against the order like any sure reading (a count beyond the order is still shown first). Only the
reader's doubt is lifted: a transcript, an order the bot picked, a check that fails still ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.reading_shapes import shape, signature
from storage.reading_examples import recent_settled

LEARNED_AFTER = 2  # confirmations of the same words read the same way before they are trusted
LOOKBACK = 200  # the supplier's latest settled readings looked at

Settled = tuple[str, str, dict[str, Any] | None]  # the words, how they were settled (source), the right reading


def settled_before(newest_first: Iterable[Settled], text: str, reading: dict[str, Any]) -> bool:
    """Whether the latest settled words of this shape were all confirmed as this reading, at least
    `LEARNED_AFTER` times: the newest other answer on the same shape (✘, an alternative, a
    correction, a question answered) ends the count."""
    own_shape, own_signature = shape(text), signature(reading, text)
    confirmations = 0
    for words, source, right in newest_first:
        if shape(words) != own_shape:
            continue
        if source != "confirmed" or right is None or signature(right, words) != own_signature:
            return False
        confirmations += 1
        if confirmations >= LEARNED_AFTER:
            return True
    return False


async def confirmed_before(session: AsyncSession, supplier_id: int, text: str, reading: dict[str, Any]) -> bool:
    """`settled_before` over this supplier's latest labelled examples (storage/reading_examples.py)."""
    return settled_before(await recent_settled(session, supplier_id, LOOKBACK), text, reading)
