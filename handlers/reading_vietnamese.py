"""Vietnamese words of a report, said in Chinese before the message is read (handlers/reading_languages.py holds
the table; this name stays for the callers and tests that know it)."""

from __future__ import annotations

from handlers.reading_languages import VIETNAMESE, said_in_chinese
from handlers.reading_languages import as_written as _as_written

__all__ = ["as_written", "vietnamese_in_chinese"]


def vietnamese_in_chinese(text: str) -> str:
    """`text` with the Vietnamese words of a report said in Chinese; any other text as it is."""
    if not VIETNAMESE.is_own(text):
        return text
    return said_in_chinese(VIETNAMESE, text)


def as_written(value: str, original: str) -> str:
    """A reason or description in the Vietnamese sender's own words again (`停电` back to `mất điện`)."""
    return _as_written(value, original) if VIETNAMESE.is_own(original) else value
