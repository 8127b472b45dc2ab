"""One supplier message being handled: who said it, where, and the records it produces.

Bundles what every report needs (session, speaker, clock, language) and makes sure the
first report of the message takes the photos that came with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Button, InboundMessage, Reply
from handlers.context import HandlerContext
from handlers.identity import Speaker
from handlers.milestone_history import Recorder
from handlers.parsing import Reading
from handlers.texts.supplier import node_label, say
from storage.bare_rows import bare_row
from storage.batch_ids import id_now
from storage.models import Milestone, Order, Photo, ProgressReport


@dataclass
class Turn:
    session: AsyncSession
    message: InboundMessage
    speaker: Speaker
    ctx: HandlerContext
    photo_ids: list[int] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)
    reading: Reading | None = None  # the fact being recorded: kept with its report, so a correction can redo it
    said: Reading | None = None  # the reader's reading of the message text, kept with any question asked about it
    heard: bool = False  # the text is a voice transcript: nothing it says is written before ✔ (handlers/voice.py)

    @property
    def language(self) -> str:
        return self.speaker.language

    @property
    def supplier_id(self) -> int:
        assert self.speaker.supplier_id is not None
        return self.speaker.supplier_id

    @property
    def today(self) -> date:
        return self.ctx.now.astimezone(self.ctx.timezone).date()

    def say(self, key: str, **values: object) -> str:
        return say(key, self.language, **values)

    def node(self, milestone: Milestone | str) -> str:
        return node_label(milestone if isinstance(milestone, str) else milestone.node, self.language)

    def happened_at(self, day: date | None) -> datetime:
        """When a reported fact happened: now, or the same local time on the earlier day it names (`昨天`)."""
        if day is None or day >= self.today:
            return self.ctx.now
        local = self.ctx.now.astimezone(self.ctx.timezone)
        return datetime.combine(day, local.timetz()).astimezone(self.ctx.now.tzinfo)

    def stamp(self) -> str:
        """The local time of the report as the supplier reads it: `11-24 14:02`."""
        local = self.ctx.now.astimezone(self.ctx.timezone)
        return f"{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"  # strftime's, at a third of its cost

    def reply(self, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
        return Reply(chat=self.message.chat, text=text, buttons=buttons)

    async def new_report(
        self, order: Order, milestone: Milestone | None, kind: str, *, percent: float | None = None,
        qty_done: int | None = None, details: dict[str, Any] | None = None,
    ) -> ProgressReport:
        """Store what the supplier said; the message's photos go with its first report.

        Not flushed: a processing batch writes its reports together, at its end or when a
        query needs them (`report_id` when a caller needs the id now)."""
        person = self.speaker.person
        # one a message or more: made without its constructor's bookkeeping (`storage.bare_rows`)
        report = bare_row(ProgressReport, dict(
            order_id=order.id, milestone_id=milestone.id if milestone else None, kind=kind,
            reporter_person_id=person.id if person else None, reporter=self.speaker.label[:120],
            platform=self.message.platform.value, inbox_id=self.ctx.inbox_id, reported_at=self.ctx.now,
            text=self.message.text[:2000], percent=percent, qty_done=qty_done,
            details={"sent_at": self.message.sent_at.isoformat(),
                     **({"button": self.message.button_payload} if self.message.button_payload else {}),
                     # the fact's reading, unless `details` gives its own (which takes its place)
                     **({"reading": None if details and "reading" in details else self.reading.to_json_dict()}
                        if self.reading is not None else {}),
                     **(details or {})},
        ))
        self.session.add(report)
        if not self.reports and self.photo_ids:
            # the message's own photos, just added, are in the session: they take the report as
            # it is written with the batch's rows (no flush for its id, no UPDATE of their own)
            sync_session = self.session.sync_session
            pending = {row.id: row for row in sync_session.new if isinstance(row, Photo)}  # ids given, not written
            rows = [pending.get(photo_id) or sync_session.identity_map.get(
                inspect(Photo).identity_key_from_primary_key((photo_id,))) for photo_id in self.photo_ids]
            if all(isinstance(row, Photo) for row in rows):
                for row in rows:
                    assert isinstance(row, Photo)
                    row.order_id = order.id
                    row.report = report
            else:
                await self.session.execute(
                    update(Photo).where(Photo.id.in_(self.photo_ids))
                    .values(order_id=order.id, report_id=await self.report_id(report))
                )
        self.reports.append(report)
        return report

    async def report_id(self, report: ProgressReport) -> int:
        """The report's id, flushing what is pending if it has none yet (so a row that keeps it as a
        plain value never points at a report not yet written: SQLite checks foreign keys at once)."""
        if report.id is None:
            await self.session.flush()
        return report.id

    async def report_number(self, report: ProgressReport) -> int:
        """The report's id for keeping as a plain value (a dedupe key), never as a foreign key: in
        a SQLite batch known without writing the report (`storage.batch_ids.id_now`), so it stays
        pending with its batch's rows; elsewhere as `report_id`."""
        return await id_now(self.session, report)

    def recorder(self, report: ProgressReport | None) -> Recorder:
        """The node changes of `report` (which may not have its id yet: the history rows take it when flushed)."""
        person = self.speaker.person
        return Recorder(self.session, self.speaker.label, person.id if person else None, self.ctx.now,
                        report.id if report else None, report=report)
