"""A processing batch's node history (`milestone_changes`) written as Core INSERTs.

A node change writes one history row, most reports one to four: the most numerous rows a
batch writes. As ORM objects each cost a constructor, a unit-of-work pass and bookkeeping
after its flush, though nothing in a batch reads one back as an object it holds (an undo
queries them). In a batch (`hold_history`) the row is kept as a dict and written by one
executemany right after the ORM's flush that writes what it refers to, exactly where the
ORM would have inserted it: the same columns and values (its report's id, once the report
has one), the same order, so the same ids. Whatever would have written it first writes it
first, and nothing sooner: a flush (explicit, or the autoflush before an ORM statement,
which is made to happen even when nothing else is pending, as the row would have been);
never inside `no_autoflush`, where the ORM would not flush either (a flush sooner writes
rows a batch keeps pending on purpose, such as a question it may yet drop unwritten).
Before a Core statement SQLAlchemy 2 autoflushes too (its issue #9809), and a held row is
written by that flush when one happens; unlike a pending ORM object, a held row alone does
not make it happen. Outside a batch a change is an ORM object, as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.models import MilestoneChange, ProgressReport

_KEY = "supplierbot.held_history"
_TABLE = MilestoneChange.__table__
_COLUMNS = ("milestone_id", "at", "actor_person_id", "actor", "field", "old_value", "new_value", "reason",
            "reason_key", "source", "report_id")


class _Held:
    def __init__(self) -> None:
        self.rows: list[tuple[dict[str, Any], ProgressReport | None]] = []
        self.statement = insert(_TABLE)


def hold_history(session: AsyncSession) -> None:
    """From now on this session's node history rows are written as Core INSERTs (see above)."""
    held = _Held()
    sync_session = session.sync_session
    sync_session.info[_KEY] = held

    def after_flush(flushing: Session, _context: object) -> None:
        if held.rows:
            _write(flushing, held)

    def on_execute(state: ORMExecuteState) -> None:
        if held.rows and _autoflushing(state):
            state.session.flush()  # what the rows refer to first (its after_flush writes them)
            if held.rows:
                _write(state.session, held)

    event.listen(sync_session, "after_flush", after_flush)
    event.listen(sync_session, "do_orm_execute", on_execute)


def _autoflushing(state: ORMExecuteState) -> bool:
    """Whether the ORM flushes before this statement (an ORM statement, autoflush on): a flush
    sooner than that would write rows a batch keeps pending on purpose (a question it may drop)."""
    session = state.session
    return bool(state.is_orm_statement and session.autoflush and not session._flushing
                and state.execution_options.get("autoflush", True))


def add_change(session: AsyncSession, report: ProgressReport | None, **values: Any) -> None:
    """Add one history row: held in a batch, else an ORM object. `report` (not yet flushed,
    maybe): the row takes its id as it is written."""
    held: _Held | None = session.sync_session.info.get(_KEY)
    if held is None:
        session.add(MilestoneChange(**values, **({"report": report} if report is not None else {})))
        return
    held.rows.append(({name: values.get(name) for name in _COLUMNS}, report))


async def write_history(session: AsyncSession) -> None:
    """Write the rows held (a batch's end: after everything they refer to)."""
    held: _Held | None = session.sync_session.info.get(_KEY)
    if held is not None and held.rows:
        await session.flush()
        if held.rows:
            await session.run_sync(lambda sync_session: _write(sync_session, held))


def _write(session: Session, held: _Held) -> None:
    rows = []
    for values, report in held.rows:
        if report is not None:
            if report.id is None or report not in session:
                raise RuntimeError("a history row's report was not written with it")  # the batch is done again, one by one
            values = {**values, "report_id": report.id}
        rows.append(values)
    held.rows.clear()
    # through the session, so the batch's id counters and lookups forget the table as for any INSERT
    session.execute(held.statement, rows)
