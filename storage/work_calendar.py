"""The working calendar people keep on the set-up page: holidays, make-up working days (调休),
and each supplier's own prompt time. The scheduler reads them on every tick."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import settings_history
from storage.intake_fields import Problem
from storage.intake_values import as_date, as_text
from storage.models import CalendarDay, Supplier

DAY_KINDS = ("holiday", "workday")
KIND_WORDS = {"holiday": "休息日（节假日）", "workday": "调休上班"}
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


@dataclass(frozen=True)
class StoredDays:
    holidays: frozenset[date]
    workdays: frozenset[date]


async def stored_days(session: AsyncSession) -> StoredDays:
    rows = (await session.execute(select(CalendarDay.day, CalendarDay.kind))).all()
    return StoredDays(frozenset(d for d, k in rows if k == "holiday"), frozenset(d for d, k in rows if k == "workday"))


async def list_days(session: AsyncSession, since: date | None = None) -> list[CalendarDay]:
    query = select(CalendarDay).order_by(CalendarDay.day)
    if since is not None:
        query = query.where(CalendarDay.day >= since)
    return list((await session.scalars(query)).all())


async def set_day(session: AsyncSession, *, day: Any, kind: Any, note: Any, actor: str,
                  now: datetime) -> list[Problem]:
    """Mark a day as a holiday or a make-up working day (replacing what it was), with history."""
    problems: list[Problem] = []
    when = as_date(day)
    if when is None:
        problems.append(Problem(None, "day", f"日期格式不对：“{as_text(day)}”（例如 2026-10-01）",
                                f"not a date: {as_text(day)!r} (e.g. 2026-10-01)"))
    kind_text = as_text(kind)
    if kind_text not in DAY_KINDS:
        problems.append(Problem(None, "kind", "请选择“休息日”或“调休上班”", "choose holiday or make-up working day"))
    note_text = as_text(note)
    if len(note_text) > 120:
        problems.append(Problem(None, "note", "备注最多 120 个字符", "the note has at most 120 characters"))
    if problems:
        return problems
    assert when is not None
    existing = await session.scalar(select(CalendarDay).where(CalendarDay.day == when))
    old = f"{KIND_WORDS[existing.kind]} {existing.note}".strip() if existing else None
    if existing is None:
        session.add(CalendarDay(day=when, kind=kind_text, note=note_text))
    else:
        existing.kind, existing.note = kind_text, note_text
    await settings_history.record(session, subject=settings_history.Subject.CALENDAR, key=when.isoformat(),
                                  actor=actor, now=now, summary=when.isoformat(), old=old,
                                  new=f"{KIND_WORDS[kind_text]} {note_text}".strip())
    await session.flush()
    return []


async def remove_day(session: AsyncSession, *, day: Any, actor: str, now: datetime) -> list[Problem]:
    when = as_date(day)
    existing = await session.scalar(select(CalendarDay).where(CalendarDay.day == when)) if when else None
    if existing is None or when is None:
        return [Problem(None, "day", f"日历中没有 {as_text(day)}", f"{as_text(day)} is not in the calendar")]
    await settings_history.record(session, subject=settings_history.Subject.CALENDAR, key=when.isoformat(),
                                  actor=actor, now=now, summary=when.isoformat(),
                                  old=f"{KIND_WORDS[existing.kind]} {existing.note}".strip(), new="按周规则")
    await session.delete(existing)
    await session.flush()
    return []


def parse_prompt_time(text: Any) -> str | None:
    """`9:30`, `09:30`, `09：30` → `09:30`; blank → None (the service's time). Raises ValueError."""
    cleaned = as_text(text).replace(" ", "")
    if not cleaned:
        return None
    match = _CLOCK.match(cleaned)
    if not match:
        raise ValueError(cleaned)
    return f"{int(match[1]):02d}:{match[2]}"


async def set_prompt_times(session: AsyncSession, times: dict[str, Any], *, actor: str,
                           now: datetime) -> list[Problem]:
    """Each supplier's prompt time (code → `HH:MM` or blank for the default); all or nothing."""
    suppliers = {s.code: s for s in (await session.scalars(select(Supplier))).all()}
    problems: list[Problem] = []
    wanted: dict[str, str | None] = {}
    for code, text in times.items():
        if code not in suppliers:
            problems.append(Problem(None, code, f"未知供应商“{code}”", f"unknown supplier {code!r}"))
            continue
        try:
            wanted[code] = parse_prompt_time(text)
        except ValueError:
            problems.append(Problem(None, code, f"{suppliers[code].name}：提醒时间应为 时:分，例如 09:30，而不是“{as_text(text)}”",
                                    f"{suppliers[code].name}: the prompt time is HH:MM, e.g. 09:30, not {as_text(text)!r}"))
    if problems:
        return problems
    for code, value in wanted.items():
        supplier = suppliers[code]
        if supplier.prompt_time == value:
            continue
        await settings_history.record(session, subject=settings_history.Subject.PROMPT_TIME, key=code, actor=actor,
                                      now=now, summary=supplier.name, old=supplier.prompt_time or "默认",
                                      new=value or "默认")
        supplier.prompt_time = value
    await session.flush()
    return []
