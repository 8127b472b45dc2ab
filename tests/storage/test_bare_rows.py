"""A report made by `storage.bare_rows.bare_row` is written, numbered, pointed at and changed exactly
as one made by its constructor (`ProgressReport(**values)`), in a batch giving ids and out of one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select

from storage.bare_rows import bare_row
from storage.batch_ids import give_ids_in, id_now
from storage.db import Database
from storage.models import Photo, ProgressReport
from tests.storage.one_order import NOW, add_one_order


def _values(order_id: int, text: str, **more: Any) -> dict[str, Any]:
    return {**dict(order_id=order_id, milestone_id=None, kind="progress", reporter_person_id=None, reporter="王工",
                   platform="telegram", inbox_id=None, reported_at=NOW, text=text, percent=None, qty_done=40,
                   details={"node": "cnc", "reading": None}), **more}


def _photo(order_id: int, n: int) -> Photo:
    return Photo(sha256=f"{n:064d}", size=1, mime_type="image/jpeg", width=1, height=1, path=f"p{n}",
                 thumb_path=f"t{n}", order_id=order_id, uploaded_by="王工", uploaded_at=NOW)


async def _write(database: Database, make: Any, batch: bool) -> list[tuple[Any, ...]]:
    """Two reports, one numbered early, one taken by a photo not yet written, one changed after its
    flush: every row of both tables as stored."""
    async with database.write() as session:
        order_id = (await add_one_order(session)).id
        if batch:
            give_ids_in(session)
        first = make(_values(order_id, "PO-1 完成40%"))
        session.add(first)
        state = inspect(first)
        assert state.pending and first in session.new and first.id is None and first.undone_at is None
        number = await id_now(session, first)  # a defect's dedupe key: its number before it is written
        second = make(_values(order_id, "PO-1 发了", kind="shipment", percent=None, qty_done=None))
        session.add(second)
        photo = _photo(order_id, 1)
        session.add(photo)
        photo.report = second  # the flush fills its report_id in
        first.details = {**first.details, "exception_id": 7}  # changed before it is written
        await session.flush()
        assert first.id == number and photo.report_id == second.id
        assert inspect(second).persistent and not inspect(second).modified and not session.dirty
        second.undone_at = NOW  # after: an UPDATE, as for any row loaded
        assert list(session.dirty) == [second]
        await session.flush()
    async with database.read() as session:
        reports = [row._asdict() for row in await session.execute(select(ProgressReport.__table__)
                                                                   .order_by(ProgressReport.id))]
        photos = [row._asdict() for row in await session.execute(select(Photo.__table__).order_by(Photo.id))]
    # ids counted from the run's first (PostgreSQL's sequences move on from one run to the next)
    report_ids = {row["id"]: n for n, row in enumerate(reports)}
    return ([{**row, "id": report_ids[row["id"]], "order_id": None} for row in reports]
            + [{**row, "id": None, "order_id": None, "report_id": report_ids[row["report_id"]]} for row in photos])


async def test_a_bare_report_is_written_as_a_constructed_one(database: Database) -> None:
    for batch in (False, True):
        constructed = await _write(database, lambda values: ProgressReport(**values), batch)
        async with database.write() as session:
            for table in ("photos", "progress_reports", "milestones", "orders", "suppliers"):
                await session.execute(ProgressReport.metadata.tables[table].delete())
        bare = await _write(database, lambda values: bare_row(ProgressReport, values), batch)
        async with database.write() as session:
            for table in ("photos", "progress_reports", "milestones", "orders", "suppliers"):
                await session.execute(ProgressReport.metadata.tables[table].delete())
        assert bare == constructed
        assert len(bare) == 3 and bare[0]["details"] == {"node": "cnc", "reading": None, "exception_id": 7}
