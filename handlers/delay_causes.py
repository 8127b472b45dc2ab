"""One cause, one key: a reason as the sender typed it, without the words that only date it.

The reader keeps a delay's reason in the sender's words, the day that dates the cause included
(`今天停电，1017要晚两天` records `今天停电`, docs/reading-corpus.md). The delay-reason figure
(storage/kpis.py) counts causes, and `今天停电` on Monday and `停电` on Tuesday are one cause: it
groups by `cause_key(reason)`, computed once here as the change is written and stored beside the
reason (`milestone_changes.reason_key`). The record itself keeps what was said.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from handlers.dates import DIALECT_DAY, find_dates

__all__ = ["cause_key"]

# Any day will do: only where a date is written matters here, not which day it names.
_ANY_DAY = date(2026, 1, 5)
# Words that date a cause beyond the dates handlers/dates.py finds: the days of the regions' speech (its `DIALECT_DAY`,
# which the reader folds before it reads dates; a reason keeps them as typed) and the north's short forms, the times of
# a day, a few days' span, and their English. Longest first: 今儿个 whole, before the dates find its 今儿.
_DATING_WORDS = sorted({*DIALECT_DAY, "今儿", "明儿", "昨儿", "今个", "明个", "今早", "今晚", "昨晚", "昨夜", "上午", "下午",
                        "中午", "晚上", "早上", "夜里", "凌晨", "半夜", "这两天", "这几天", "前两天", "前几天"},
                       key=lambda word: (-len(word), word))
_DATING = re.compile(
    "|".join(_DATING_WORDS)
    + r"|(?<![A-Za-z])(?:today|yesterday|tonight|last night|this (?:morning|afternoon|evening))(?![A-Za-z])",
    re.IGNORECASE,
)
_SPACE_BEFORE_MARK = re.compile(r"\s+([,，.。;；:：!！、])")
_EDGES = " \t\r\n,，.。;；:：!！、的"


def cause_key(reason: str | None) -> str | None:
    """The reason without the words that only date it (`今天停电`, `昨天停电`, `停电` are one key `停电`); the
    reason itself, trimmed, where nothing else is left (a day alone stays what it was). None for no reason."""
    if reason is None:
        return None
    return _key(reason.strip())


@lru_cache(maxsize=256)
def _key(reason: str) -> str | None:
    if not reason:
        return None
    text = _DATING.sub("", reason)  # 今儿个 whole, before the dates find its 今儿
    for day in reversed(find_dates(text, _ANY_DAY)):
        text = text[:day.start] + text[day.end:]
    key = _SPACE_BEFORE_MARK.sub(r"\1", " ".join(text.split())).strip(_EDGES)
    return key or reason
