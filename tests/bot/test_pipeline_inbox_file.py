"""The replay through the inbox file (accepted messages wait in a SQLite file of their own and
processing moves them into the main inbox) writes the same rows as through the main inbox
(the replay: tests/bot/pipeline_replay.py)."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database
from tests.bot.pipeline_replay import (
    an_inbox_file,
    in_service_batches,
    one_at_a_time,
    replay,
    stored_message_texts,
)


async def test_through_the_inbox_file_every_row_is_written_as_through_the_main_inbox(
    database: Database, tmp_path: Path
) -> None:
    expected = await replay(database, tmp_path, one_at_a_time)
    expected_texts = await stored_message_texts(database)
    for drain in (one_at_a_time, in_service_batches):
        inbox_file = an_inbox_file(tmp_path, drain.__name__)
        try:
            got = await replay(database, tmp_path, drain, inbox_file=inbox_file)
        finally:
            await inbox_file.dispose()
        for table, rows in expected.items():
            assert got[table] == rows, f"{table} differs through the inbox file with {drain.__name__}"
        # moved as the file stored it, the message's text is the one stored straight into the inbox
        assert await stored_message_texts(database) == expected_texts


