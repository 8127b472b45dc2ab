"""A batch with a failing message, and a process that dies again and again while moving a batch
from the inbox file, end as processing one message at a time ends: nothing lost, nothing twice
(the replay: tests/bot/pipeline_replay.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import Database
from storage.models import InboxState
from tests.bot.pipeline_replay import (
    an_inbox_file,
    in_large_batches,
    inbox_outcomes,
    one_at_a_time,
    replay,
)


async def test_a_batch_with_a_failing_message_ends_as_one_message_at_a_time_does(
    database: Database, tmp_path: Path
) -> None:
    """The failing message is retried and ends failed with an apology, its neighbours are
    recorded, every table holds as many rows (a retry comes after its batch's neighbours,
    so ids may differ: the exact comparison is the test above)."""
    expected = await replay(database, tmp_path, one_at_a_time, broken=True)
    expected_inbox = await inbox_outcomes(database)
    got = await replay(database, tmp_path, in_large_batches, broken=True)
    assert await inbox_outcomes(database) == expected_inbox
    assert expected_inbox["5150"] == (InboxState.FAILED.value, 3)
    assert {table: len(rows) for table, rows in got.items()} == {table: len(rows) for table, rows in expected.items()}


@pytest.mark.parametrize("broken", [False, True], ids=["all-good", "one-failing"])
async def test_a_crash_while_moving_neither_loses_nor_repeats_a_message(
    database: Database, tmp_path: Path, broken: bool
) -> None:
    """The process dies, again and again, before a batch commits (its messages stay in the
    inbox file) and after (the file still calls them pending): every message is processed
    exactly once, the failing one included (three attempts, one apology). Without a failing
    message SQLite gives every row the same id as one message at a time; PostgreSQL's
    sequences skip what a rollback took, so there the outcomes and the counts must match."""
    expected = await replay(database, tmp_path, one_at_a_time, broken=broken)
    expected_inbox = await inbox_outcomes(database)
    inbox_file = an_inbox_file(tmp_path, "crashing", crash_every=3)
    try:
        got = await replay(database, tmp_path, in_large_batches, broken=broken, inbox_file=inbox_file,
                           crash_every=97)
    finally:
        await inbox_file.dispose()
    assert await inbox_outcomes(database) == expected_inbox
    assert {table: len(rows) for table, rows in got.items()} == {table: len(rows) for table, rows in expected.items()}
    if database.is_sqlite and not broken:
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs after the crashes"


