"""Every change to a node goes through here, so none happens without its history row.

`MilestoneChange` is append-only: a correction or an undo adds rows, it never edits or
deletes one. The rows of one report carry its `report_id`, which is how an undo finds
what to restore.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.delay_causes import cause_key
from storage.history_rows import add_change
from storage.milestone_changes import changes_of_report
from storage.models import Milestone, MilestoneStatus, Order, ProgressReport

SOURCE_CHAT = "chat"
SOURCE_UNDO = "undo"
TRACKED = ("status", "percent", "qty_done", "done_at", "planned_date")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _value(field: str, text: str | None) -> Any:
    if text is None:
        return None
    if field == "percent":
        return float(text)
    if field == "qty_done":
        return int(text)
    if field == "planned_date":
        return date.fromisoformat(text)
    if field == "done_at":
        return datetime.fromisoformat(text)
    return text


@dataclass
class Recorder:
    """Applies node changes for one report and writes their history."""

    session: AsyncSession
    actor: str
    actor_person_id: int | None
    now: datetime
    report_id: int | None
    source: str = SOURCE_CHAT
    report: ProgressReport | None = None  # when given, the history rows take its id as it is flushed

    def set(self, milestone: Milestone, field: str, value: Any, reason: str = "") -> bool:
        old = getattr(milestone, field)
        if _text(old) == _text(value):
            return False
        setattr(milestone, field, value)
        milestone.updated_at = self.now
        add_change(
            self.session, self.report,
            milestone_id=milestone.id, at=self.now, actor_person_id=self.actor_person_id, actor=self.actor[:120],
            field=field, old_value=_text(old), new_value=_text(value), reason=reason, reason_key=cause_key(reason),
            source=self.source,
            report_id=self.report_id,
        )
        return True

    def complete(self, milestone: Milestone, order: Order, reason: str = "") -> bool:
        """Mark a node done now; quantity nodes keep the count they reached, others count the order."""
        if milestone.status == MilestoneStatus.DONE.value:
            return False
        self.set(milestone, "status", MilestoneStatus.DONE.value, reason)
        self.set(milestone, "percent", 100.0, reason)
        if milestone.qty_done < order.quantity and milestone.node != "shipped":
            self.set(milestone, "qty_done", order.quantity, reason)
        self.set(milestone, "done_at", self.now, reason)
        return True

    def progress(self, milestone: Milestone, *, percent: float | None = None, qty_done: int | None = None,
                 reason: str = "") -> None:
        if milestone.status == MilestoneStatus.PENDING.value:
            self.set(milestone, "status", MilestoneStatus.IN_PROGRESS.value, reason)
        if percent is not None:
            self.set(milestone, "percent", float(percent), reason)
        if qty_done is not None:
            self.set(milestone, "qty_done", qty_done, reason)

    def imply_earlier(self, order: Order, milestone: Milestone, *, complete: bool) -> list[Milestone]:
        """Nodes before `milestone` that a report on it implies are done.

        A completed node implies every earlier unfinished node; progress on a node implies
        the earlier nodes not even started. Inspection nodes are never implied: they need
        their data.
        """
        implied = []
        reason = f"implied by {milestone.node}"
        for earlier in order.milestones:
            if earlier.seq >= milestone.seq:
                break
            if earlier.inspection or earlier.status in (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value):
                continue
            if not complete and earlier.status != MilestoneStatus.PENDING.value:
                continue
            self.complete(earlier, order, reason)
            implied.append(earlier)
        return implied


async def revert_report(session: AsyncSession, report_id: int, recorder: Recorder) -> list[Milestone]:
    """Restore what one report changed, newest change first, with history rows for the revert.

    A field someone changed again since is left as it is now.
    """
    changes = await changes_of_report(session, report_id, except_source=SOURCE_UNDO)
    touched: dict[int, Milestone] = {}
    for change in changes:
        milestone = touched.get(change.milestone_id) or await session.get(Milestone, change.milestone_id)
        if milestone is None or _text(getattr(milestone, change.field)) != change.new_value:
            continue
        touched[milestone.id] = milestone
        recorder.set(milestone, change.field, _value(change.field, change.old_value), f"undo of report #{report_id}")
    return list(touched.values())
