"""Days of the Chinese lunar calendar as people name them (正月初十, 腊月廿三, 腊八, 除夕), as solar dates.

The calendar itself (each lunar year's months, their lengths, the leap month) comes from `lunar_python` (6tail's
lunar, MIT), a kept library, never from a table of ours. `handlers.dates` finds the words; this module only turns a
lunar month and day into the solar day meant: the one nearest the message (`腊月十二发的` said in 腊月 is this 腊月's),
or the next one ahead when the words name no month (`初十发`).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from lunar_python import Lunar, Solar

LAST_DAY = 0  # 除夕, 年三十, 大年夜: the last day of 腊月, 廿九 in a year whose 腊月 has 29 days


@lru_cache(maxsize=256)
def _solar(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The solar date of lunar `year`/`month`/`day` (of its leap twin with `leap`); None for no such day."""
    if day == LAST_DAY:
        return _solar(year, month, 30, leap) or _solar(year, month, 29, leap)
    try:
        solar = Lunar.fromYmd(year, -month if leap else month, day).getSolar()  # a leap month is its number negated
    except Exception:  # noqa: BLE001 - its one error: 腊月三十 in a 29-day 腊月, a leap month the year lacks
        return None
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=64)
def _lunar_year(today: date) -> int:
    return int(Solar.fromYmd(today.year, today.month, today.day).getLunar().getYear())


def lunar_day(month: int, day: int, today: date) -> date | None:
    """Lunar `month`/`day` (day LAST_DAY: the month's last) as the solar day nearest `today`."""
    year = _lunar_year(today)
    days = [d for y in (year - 1, year, year + 1) if (d := _solar(y, month, day)) is not None]
    return min(days, key=lambda d: (abs((d - today).days), d < today), default=None)


def next_lunar_day_of_month(day: int, today: date) -> date | None:
    """The next lunar `day` of whichever month (`初十` alone, a leap month's too) on or after `today`."""
    year = _lunar_year(today)
    days = [d for y in (year, year + 1) for month in range(1, 13) for leap in (False, True)
            if (d := _solar(y, month, day, leap)) is not None and d >= today]
    return min(days, default=None)
