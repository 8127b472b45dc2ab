"""Who changed which setting, when, from what to what: one append-only history for the set-up pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SettingChange


class Subject:
    """What a change is about (the `subject` column)."""

    TEMPLATE = "template"
    CALENDAR = "calendar"
    PROMPT_TIME = "prompt_time"
    INSPECTION_PLAN = "inspection_plan"
    ORDER_PLAN = "order_plan"
    PHOTO = "photo"


@dataclass(frozen=True)
class Change:
    at: datetime
    actor: str
    subject: str
    key: str
    summary: str
    old: str | None
    new: str | None


async def record(
    session: AsyncSession, *, subject: str, key: str, actor: str, now: datetime, summary: str,
    old: str | None = None, new: str | None = None,
) -> None:
    session.add(SettingChange(at=now, actor=actor[:120], subject=subject, subject_key=key[:120], summary=summary,
                              old_value=old, new_value=new))


async def history(session: AsyncSession, subject: str, key: str | None = None, *, limit: int = 50) -> list[Change]:
    """The latest changes of a subject (and key), newest first."""
    query = select(SettingChange).where(SettingChange.subject == subject)
    if key is not None:
        query = query.where(SettingChange.subject_key == key)
    rows = (await session.scalars(query.order_by(SettingChange.at.desc(), SettingChange.id.desc()).limit(limit))).all()
    return [Change(r.at, r.actor, r.subject, r.subject_key, r.summary, r.old_value, r.new_value) for r in rows]
