"""Working time: which days count, when a chat must be left alone, and wall-clock slots per zone.

Every supplier lives in its own IANA zone (`Supplier.timezone`); buyers and managers in the
company's (`settings.timezone`). Slots are wall-clock times ("09:30 in Berlin") turned into
UTC per day, so a daylight-saving change moves them with the people, not with the server.
All inputs and outputs are timezone-aware; results are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
DEFAULT_ZONE = "Asia/Shanghai"
SEARCH_DAYS = 400  # a year of holidays still finds the next working time


def parse_working_days(text: str) -> frozenset[int]:
    """`"mon,tue,wed,thu,fri"` -> {0..4}; unknown names are an error, not silently dropped."""
    days = set()
    for part in text.replace(" ", "").lower().split(","):
        if not part:
            continue
        if part[:3] not in WEEKDAYS:
            raise ValueError(f"unknown weekday {part!r} (use mon,tue,...)")
        days.add(WEEKDAYS[part[:3]])
    return frozenset(days)


def parse_holidays(value: str | Iterable[str | date]) -> frozenset[date]:
    items = value.split(",") if isinstance(value, str) else value
    out = set()
    for item in items:
        if isinstance(item, date):
            out.add(item)
        elif item.strip():
            out.add(date.fromisoformat(item.strip()))
    return frozenset(out)


def parse_clock(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """`"20:00-08:00"` -> (20:00, 08:00); empty means never quiet."""
    if not text.strip():
        return None
    start, _, end = text.partition("-")
    return parse_clock(start), parse_clock(end)


def zone_named(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    """A stored zone name, or the fallback when it is empty or unknown (never the server's zone)."""
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def at_local(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `wall` on `day` in `zone`.

    A wall time skipped by a spring-forward change lands just after the gap; one repeated
    in the autumn means its first occurrence.
    """
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def local_date(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


@dataclass(frozen=True)
class Delay:
    """A wait measured in working time: whole working days (same wall time), then working hours."""

    hours: float = 0.0
    days: int = 0

    @property
    def as_timedelta(self) -> timedelta:
        return timedelta(hours=self.hours)


@dataclass(frozen=True)
class WorkCalendar:
    working_days: frozenset[int] = frozenset(range(5))
    holidays: frozenset[date] = frozenset()
    quiet: tuple[time, time] | None = (time(20), time(8))
    prompt_time: time = time(9, 30)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_ZONE))  # the company's
    workdays: frozenset[date] = frozenset()  # make-up working days (调休): worked whatever the weekday

    def with_days(self, holidays: Iterable[date], workdays: Iterable[date]) -> WorkCalendar:
        """This calendar with the days kept on the set-up page: those win over the settings' holidays."""
        extra_workdays = frozenset(workdays)
        return replace(self, holidays=(self.holidays | frozenset(holidays)) - extra_workdays,
                       workdays=self.workdays | extra_workdays)

    @classmethod
    def from_settings(cls, settings: Any) -> WorkCalendar:
        return cls(
            working_days=parse_working_days(settings.working_days),
            holidays=parse_holidays(settings.holidays),
            quiet=parse_quiet_hours(settings.quiet_hours),
            prompt_time=parse_clock(settings.prompt_time),
            zone=ZoneInfo(settings.timezone),
        )

    def zone_of(self, name: str | None) -> ZoneInfo:
        return zone_named(name, self.zone)

    # --- days and hours ---------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() in self.working_days and day not in self.holidays

    def is_quiet(self, at: datetime, zone: ZoneInfo | None = None) -> bool:
        """Whether `at` falls in the quiet hours of `zone` (wall clock; the window may wrap midnight)."""
        if self.quiet is None:
            return False
        start, end = self.quiet
        wall = at.astimezone(zone or self.zone).time()
        if start == end:
            return False
        if start < end:
            return start <= wall < end
        return wall >= start or wall < end

    def is_working_time(self, at: datetime, zone: ZoneInfo | None = None) -> bool:
        zone = zone or self.zone
        return self.is_working_day(local_date(at, zone)) and not self.is_quiet(at, zone)

    def working_intervals(self, day: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
        """The [start, end) spans of `day` outside quiet hours, in UTC; none on a day off."""
        if not self.is_working_day(day):
            return []
        midnight, next_midnight = at_local(day, time(0), zone), at_local(day + timedelta(days=1), time(0), zone)
        if self.quiet is None or self.quiet[0] == self.quiet[1]:
            return [(midnight, next_midnight)]
        start, end = (at_local(day, t, zone) for t in self.quiet)
        if self.quiet[0] > self.quiet[1]:  # 20:00-08:00: work from the end to the start
            spans = [(end, start)]
        else:  # 12:00-13:00: work around it
            spans = [(midnight, start), (end, next_midnight)]
        return [(a, b) for a, b in spans if b > a]

    def next_working_time(self, at: datetime, zone: ZoneInfo | None = None) -> datetime:
        """`at` itself when it is working time, else the start of the next working span."""
        zone = zone or self.zone
        first = local_date(at, zone)
        for offset in range(SEARCH_DAYS):
            for start, end in self.working_intervals(first + timedelta(days=offset), zone):
                if end > at:
                    return max(start, at).astimezone(UTC)
        raise ValueError("no working time within a year: check working_days and holidays")

    def add_working_time(self, at: datetime, delta: timedelta, zone: ZoneInfo | None = None) -> datetime:
        """`at` plus `delta` counted only in working time (4 working hours from Fri 18:00 is Mon 10:00)."""
        zone = zone or self.zone
        remaining = delta
        cursor = at
        first = local_date(at, zone)
        for offset in range(SEARCH_DAYS):
            for start, end in self.working_intervals(first + timedelta(days=offset), zone):
                if end <= cursor:
                    continue
                begin = max(start, cursor)
                if remaining < end - begin:
                    return (begin + remaining).astimezone(UTC)
                remaining -= end - begin
                cursor = end
        raise ValueError("no working time within a year: check working_days and holidays")

    def add_working_days(self, at: datetime, days: int, zone: ZoneInfo | None = None) -> datetime:
        """The same wall time `days` working days later (then the next working time)."""
        zone = zone or self.zone
        local = at.astimezone(zone)
        day = local.date()
        moved = 0
        while moved < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                moved += 1
        return self.next_working_time(at_local(day, local.time(), zone), zone)

    def after(self, at: datetime, delay: Delay, zone: ZoneInfo | None = None) -> datetime:
        """`at` moved by `delay` in working time; a zero delay is the next working time."""
        moved = self.add_working_days(at, delay.days, zone) if delay.days else at
        return self.add_working_time(moved, delay.as_timedelta, zone)

    def next_working_day(self, day: date) -> date:
        for offset in range(1, SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("no working day within a year")

    def previous_working_day(self, day: date) -> date:
        for offset in range(1, SEARCH_DAYS):
            candidate = day - timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("no working day within a year")

    # --- slots ----------------------------------------------------------------------------

    def prompt_days(self, first: date, last: date, planned: Iterable[date] = (), *, daily: bool = True) -> list[date]:
        """The days in [first, last] a supplier is asked: every working day when `daily`, and in
        any case the day before and the day of each planned date, moved back to a working day."""
        days: set[date] = set()
        if daily:
            span = (last - first).days
            days.update(d for d in (first + timedelta(days=i) for i in range(span + 1)) if self.is_working_day(d))
        for planned_date in planned:
            for day in (planned_date - timedelta(days=1), planned_date):
                if not self.is_working_day(day):
                    day = self.previous_working_day(day)
                if first <= day <= last:
                    days.add(day)
        return sorted(days)

    def prompt_slots(
        self, first: date, last: date, zone: ZoneInfo, planned: Iterable[date] = (), *, daily: bool = True,
        wall: time | None = None,
    ) -> list[datetime]:
        """The prompt instants (UTC) of a supplier in `zone` between two local dates."""
        wall = wall or self.prompt_time
        return [at_local(day, wall, zone) for day in self.prompt_days(first, last, planned, daily=daily)]

    def due_slot(self, now: datetime, zone: ZoneInfo, wall: time, *, day_counts: bool | None = None) -> datetime | None:
        """Today's slot at `wall` in `zone` when it is due at `now`, else None.

        Due means: today is a working day (or `day_counts` says it is a slot day), the slot
        has passed and `now` is outside quiet hours. Only today's slot can be due, so slots
        missed during downtime coalesce into one.
        """
        today = local_date(now, zone)
        counts = self.is_working_day(today) if day_counts is None else day_counts
        if not counts:
            return None
        slot = at_local(today, wall, zone)
        if now < slot or self.is_quiet(now, zone):
            return None
        return slot
