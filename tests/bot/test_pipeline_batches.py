"""Processing in batches writes exactly what processing one message at a time writes.

A day's mixed Telegram traffic (progress, delays, shipments, defects, photos, buyers'
questions, a question asked and answered by menu number, a stranger's chat bound by an admin
halfway, a message whose handler fails once) is replayed twice on the same engine: once a
message per transaction, once in batches. Every row of every table must come out the same,
ids included: the records, the outbox and the inbox states. (The replay: tests/bot/pipeline_replay.py;
a failing message and crashes: test_pipeline_batch_failures.py; the inbox file: test_pipeline_inbox_file.py.
Three files, so the suite's workers run them side by side.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from bot.pipeline import InboundPipeline
from storage.db import Database
from tests.bot.pipeline_replay import (
    BOUND_POSTGRES,
    BOUND_SQLITE,
    MESSAGES,
    in_large_batches,
    in_service_batches,
    one_at_a_time,
    replay,
    the_mix_is_all_there,
)


async def test_batches_write_every_row_exactly_as_one_message_at_a_time_does(
    database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """One message at a time writes node history as ORM objects, a batch as Core rows
    (`storage.history_rows`): compared here too."""
    expected = await replay(database, tmp_path, one_at_a_time, broken=False)
    await the_mix_is_all_there(database)
    caplog.set_level("INFO", logger="supplierbot.pipeline")
    for batches in (in_service_batches, in_large_batches):
        got = await replay(database, tmp_path, batches, broken=False)
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs with {batches.__name__}"
    # no batch fell back to one message at a time (which writes the same rows, and would hide why)
    assert "one message at a time" not in caplog.text


async def test_the_mix_in_batches_costs_few_statements_a_message(database: Database, tmp_path: Path) -> None:
    """The replay's statements while processing in batches of 64, counted (never timed): what a
    batch saves by asking less often. On PostgreSQL an id wanted early (a report's number, a
    lot's) comes from its sequence instead of a flush; a delay's or defect's ticket is inserted
    without asking first whether its key exists; a question asked is written with its batch."""
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    engines = {database.writer.sync_engine, database.reader.sync_engine}

    async def counted(pipeline: InboundPipeline) -> int:
        for engine in engines:
            event.listen(engine, "before_cursor_execute", count)
        try:
            return await in_large_batches(pipeline)
        finally:
            for engine in engines:
                event.remove(engine, "before_cursor_execute", count)

    await replay(database, tmp_path, counted, every_kind=False)  # the bench's mix, as the bounds were measured on
    await the_mix_is_all_there(database, every_kind=False)
    assert statements / MESSAGES <= (BOUND_SQLITE if database.is_sqlite else BOUND_POSTGRES), statements
