"""The reader as the round specifications call it: a message read on Monday 7 December 2026 at 10:00 in Shanghai,
so the days they name (明天, 周五, 下周一) fall on the same dates in every file."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday


def read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=NOW)
