"""Chat text made safe to store: PostgreSQL refuses NUL in text, and other control characters
(except newlines and tabs) only garble names and notes."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def storable(text: str | None, limit: int | None = None) -> str:
    cleaned = _CONTROL.sub("", text or "").strip()
    return cleaned[:limit] if limit is not None else cleaned
