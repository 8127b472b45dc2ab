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

from handlers.dates import find_dates

__all__ = ["cause_key"]

# Any day will do: only where a date is written matters here, not which day it names.
_ANY_DAY = date(2026, 1, 5)
# Words that date a cause beyond the dates handlers/dates.py finds: the days of the regions' speech (the reader folds
# them before it reads dates, handlers/parsing.py `_DIALECT_DAY`; a reason keeps them as typed), the times of a day, a
# few days' span, and their English.
_DATING = re.compile(
    r"今儿个|今个儿|明儿个|明个儿|昨儿个|昨个儿|前儿个|后儿个|夜儿个|今儿|明儿|昨儿|今个|明个"
    r"|今晡日|昨晡日|今晡|昨晡|今日子|明日子|昨日子|前日子|后日子|今仔日|明仔日|明仔载|天光日"
    r"|今朝|明朝|琴日|寻日|尋日|听日|聽日|今日|昨日|明日|前日|后日|後日"
    r"|今早|今晚|昨晚|昨夜|上午|下午|中午|晚上|早上|夜里|凌晨|半夜|这两天|这几天|前两天|前几天"
    r"|(?<![A-Za-z])(?:today|yesterday|tonight|last night|this (?:morning|afternoon|evening))(?![A-Za-z])",
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
