"""Backup while the service writes; restore into an empty database only."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, insert, select

from bot import backup as backup_module
from bot.backup import backup, restore
from bot.progress import Progress
from bot.settings import Settings
from storage.db import Database
from storage.models import InboxMessage
from storage.photo_store import PhotoStore
from tests.databases import SqliteTemplate

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def inbox_row(n: int) -> dict:
    return {"platform": "telegram", "external_id": str(n), "chat_id": "-1", "sender_id": "42", "received_at": NOW,
            "message": {"text": f"PO-{n} 完成60%"}, "raw": "x" * 400, "state": "processed", "attempts": 1}


async def insert_rows(database: Database, numbers: range) -> None:
    async with database.write() as session:
        await session.execute(insert(InboxMessage), [inbox_row(n) for n in numbers])


def jpeg(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def external_ids(path: Path) -> list[int]:
    connection = sqlite3.connect(path)
    try:
        return sorted(int(r[0]) for r in connection.execute("SELECT external_id FROM inbox"))
    finally:
        connection.close()


def settings_for(url: str, photos: Path) -> Settings:
    return Settings(database_url=url, photo_dir=photos)


@pytest.fixture
def empty_target(tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    target = tmp_path / "restored"
    target.mkdir()
    return sqlite_template.copy_to(target / "supplierbot.db")


async def test_a_backup_under_write_load_restores_every_row_committed_before_it(
    sqlite_url: str, empty_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "STEP_PAGES", 8)  # many steps, so the writer forces restarts
    database = Database(sqlite_url)
    store = PhotoStore(tmp_path / "photos")
    stored = [store.accept(jpeg((200, 0, 0))), store.accept(jpeg((0, 0, 200)))]
    await insert_rows(database, range(1, 3001))
    committed = 3000
    stop = asyncio.Event()

    async def writer() -> None:
        nonlocal committed
        while not stop.is_set():
            await insert_rows(database, range(committed + 1, committed + 6))
            committed += 5
            await asyncio.sleep(0.002)

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.05)
    before = committed
    archive = tmp_path / "backup.tar.gz"
    out: list[str] = []
    code = await backup(settings_for(sqlite_url, tmp_path / "photos"), archive, progress=Progress.silent(),
                        out=out.append)
    stop.set()
    await task
    await database.dispose()
    assert code == 0, out
    assert committed > before, "the writer did not run during the backup"

    restored_photos = tmp_path / "restored-photos"
    code = await restore(settings_for(empty_target, restored_photos), archive, progress=Progress.silent(),
                         out=out.append)
    assert code == 0, out
    ids = external_ids(Path(empty_target.removeprefix("sqlite+aiosqlite:///")))
    assert ids[:before] == list(range(1, before + 1))
    assert ids == list(range(1, len(ids) + 1)), "a consistent snapshot has no gaps"
    for photo in stored:
        assert (restored_photos / photo.path).read_bytes() == (tmp_path / "photos" / photo.path).read_bytes()
        assert (restored_photos / photo.thumb_path).is_file()


async def test_restore_refuses_a_database_that_holds_data(sqlite_url: str, tmp_path: Path) -> None:
    database = Database(sqlite_url)
    await insert_rows(database, range(1, 4))
    await database.dispose()
    archive = tmp_path / "backup.tar.gz"
    settings = settings_for(sqlite_url, tmp_path / "photos")
    assert await backup(settings, archive, include_photos=False, progress=Progress.silent(), out=print) == 0
    out: list[str] = []
    code = await restore(settings, archive, progress=Progress.silent(), out=out.append)
    assert code == 1
    assert "already holds data (in inbox)" in out[0] and "empty database" in out[0]
    assert external_ids(Path(sqlite_url.removeprefix("sqlite+aiosqlite:///"))) == [1, 2, 3]


async def test_restore_creates_a_missing_database_and_says_what_it_restored(sqlite_url: str, tmp_path: Path) -> None:
    database = Database(sqlite_url)
    await insert_rows(database, range(1, 11))
    await database.dispose()
    archive = tmp_path / "backup.tar.gz"
    assert await backup(settings_for(sqlite_url, tmp_path / "p"), archive, progress=Progress.silent(),
                        out=print) == 0
    with tarfile.open(archive) as tar:
        assert tar.getnames()[:2] == ["manifest.json", "supplierbot.db"]
    new = tmp_path / "new" / "bot.db"
    out: list[str] = []
    assert await restore(settings_for(f"sqlite+aiosqlite:///{new}", tmp_path / "p2"), archive,
                         progress=Progress.silent(), out=out.append) == 0
    assert "rows into" in out[0]
    restored = Database(f"sqlite+aiosqlite:///{new}")
    async with restored.read() as session:
        assert await session.scalar(select(func.count()).select_from(InboxMessage)) == 10
    await restored.dispose()


async def test_suppliers_documents_travel_with_the_photos(sqlite_url: str, tmp_path: Path) -> None:
    from storage.attachment_store import AttachmentStore

    photos = tmp_path / "photos"
    drawing = AttachmentStore(photos / "files").accept(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "a.pdf")
    (photos / "files" / "stray.exe").write_bytes(b"MZ")
    archive = tmp_path / "backup.tar.gz"
    assert await backup(settings_for(sqlite_url, photos), archive, progress=Progress.silent(), out=print) == 0
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert f"photos/files/{drawing.path}" in names and not any(n.endswith("stray.exe") for n in names)
    new = tmp_path / "new" / "bot.db"
    assert await restore(settings_for(f"sqlite+aiosqlite:///{new}", tmp_path / "p2"), archive,
                         progress=Progress.silent(), out=print) == 0
    assert (tmp_path / "p2" / "files" / drawing.path).read_bytes() == (photos / "files" / drawing.path).read_bytes()


async def test_on_postgresql_backup_prints_the_pg_dump_command_and_writes_nothing(tmp_path: Path) -> None:
    settings = Settings(database_url="postgresql+asyncpg://bot:pa55word@db.example:5433/supplierbot",
                        photo_dir=tmp_path / "photos")
    out: list[str] = []
    target = tmp_path / "x.dump"
    assert await backup(settings, target, out=out.append) == 0
    text = "\n".join(out)
    assert (f"pg_dump --format=custom --no-owner --host=db.example --port=5433 --username=bot "
            f"--dbname=supplierbot --file={target}") in text
    assert "pa55word" not in text and "PGPASSWORD" in text
    assert not target.exists()
    out.clear()
    assert await restore(settings, target, out=out.append) == 0
    assert "pg_restore --no-owner --exit-on-error --host=db.example" in "\n".join(out)
