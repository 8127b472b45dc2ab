"""`supplierbot backup FILE` / `supplierbot restore FILE`.

SQLite: a consistent copy while the service runs, with SQLite's online backup API (no
file copy, which could catch a half-written page or miss the WAL). The copy goes page
by page in steps so progress can be shown; a write by the service between two steps
makes SQLite start over, so after a few restarts the rest is copied in one step, one read
transaction that WAL lets run beside the writer. The archive is a .tar.gz holding
`manifest.json` (schema revision, row counts), the database and, optionally, the photos
(content-addressed files, so a photo in the archive never changes meaning). Messages still
waiting in the inbox file (`storage.inbox_file`) go into the copy's inbox as pending rows, so
the archive is one database and a restore processes them.

PostgreSQL: `pg_dump` does this better than we could; we print the exact commands.

Restore goes only into an empty database, so it can never merge two histories.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import make_url

from bot.progress import Progress, Task
from bot.settings import Settings
from storage import migrate
from storage.inbox_file import BODY, Waiting, inbox_file_path, inbox_file_url
from storage.migrate import alembic_config

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = "supplierbot.db"
PHOTO_PREFIX = "photos/"
STEP_PAGES = 4096
MAX_RESTARTS = 3
# photos, and suppliers' documents beside them under files/ (storage.attachment_store)
PHOTO_PATH = re.compile(r"(?:files/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.(?:pdf|dwg|dxf)"
                        r"|[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}(?:\.thumb\.jpg|\.jpg|\.png|\.webp))")
_SQLITE_DONE = 101

Out = Callable[[str], Any]


class BackupError(Exception):
    """Something the operator must act on; the message says what."""


async def backup(settings: Settings, target: Path, *, include_photos: bool = True,
                 progress: Progress | None = None, out: Out = print) -> int:
    """Write a consistent archive of the database (and photos) to `target`; 0 on success."""
    if not settings.is_sqlite:
        out(postgres_backup_instructions(settings, target))
        return 0
    try:
        summary = await asyncio.to_thread(
            _backup_sqlite, _sqlite_path(settings), Path(target), Path(settings.photo_dir), include_photos,
            progress or Progress(), _inbox_file_path(settings),
        )
    except BackupError as exc:
        out(f"backup failed: {exc}")
        return 1
    out(summary)
    return 0


async def restore(settings: Settings, source: Path, *, progress: Progress | None = None, out: Out = print) -> int:
    """Restore an archive made by `backup` into an empty database and the photo folder; 0 on success."""
    if not settings.is_sqlite:
        out(postgres_restore_instructions(settings, source))
        return 0
    try:
        summary = await asyncio.to_thread(
            _restore_sqlite, Path(source), _sqlite_path(settings), Path(settings.photo_dir), progress or Progress(),
        )
    except BackupError as exc:
        out(f"restore refused: {exc}")
        return 1
    out(summary)
    return 0


# --- backup -------------------------------------------------------------------------------

def _backup_sqlite(database: Path, target: Path, photo_dir: Path, include_photos: bool, progress: Progress,
                   inbox_file: Path | None = None) -> str:
    if not database.is_file():
        raise BackupError(f"no database at {database}")
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".supplierbot-backup-") as tmp:
        copy = Path(tmp) / DATABASE_MEMBER
        with progress.task("copied", unit="pages") as task:
            snapshot(database, copy, task)
        waiting = fold_in_waiting(inbox_file, copy) if inbox_file is not None and inbox_file.is_file() else 0
        tables = row_counts(copy)
        photos = list(_photo_files(photo_dir)) if include_photos else []
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": started.isoformat(),
            "database": "sqlite",
            "revision": _revision(copy),
            "tables": tables,
            "photos": {"included": include_photos, "files": len(photos), "folder": str(photo_dir.resolve())},
        }
        partial = target.with_name(target.name + ".part")
        added, size = _write_archive(partial, manifest, copy, photo_dir, photos, progress)
        _fsync(partial)
        os.replace(partial, target)
    rows = sum(tables.values())
    photo_note = f", {added} photo files ({size / 1024**2:.1f} MB)" if include_photos else \
        f"; photos not included (they stay in {photo_dir.resolve()})"
    waiting_note = f" ({waiting} messages from the inbox file among them, pending)" if waiting else ""
    return f"backed up {len(tables)} tables, {rows} rows{waiting_note}{photo_note} to {target}"


def fold_in_waiting(inbox_file: Path, copy: Path) -> int:
    """Copy the inbox file's waiting messages into the copy's inbox as pending rows (new ids,
    same columns, stored values as they are); one already there (moved before a crash) is skipped."""
    columns = ", ".join(BODY)
    source = sqlite3.connect(f"file:{inbox_file}?mode=ro", uri=True, timeout=30)
    try:
        rows = source.execute(f"SELECT {columns} FROM inbox WHERE state = ? ORDER BY id",
                              (Waiting.PENDING.value,)).fetchall()
    except sqlite3.OperationalError:  # created but never used: no table yet
        rows = []
    finally:
        source.close()
    target = sqlite3.connect(copy)
    try:
        with target:
            before = target.total_changes
            target.executemany(f"INSERT OR IGNORE INTO inbox ({columns}) VALUES ({', '.join('?' for _ in BODY)})",
                               rows)
            return target.total_changes - before
    finally:
        target.close()


def snapshot(source: Path, copy: Path, task: Task | None = None) -> None:
    """A consistent copy of a live SQLite database (see the module docstring for the steps)."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(copy)
    try:
        _copy_pages(src, dst, task)
        dst.execute("PRAGMA journal_mode=DELETE")
        _check_integrity(dst, copy)
    finally:
        dst.close()
        src.close()


class _Restarted(Exception):
    pass


def _copy_pages(src: sqlite3.Connection, dst: sqlite3.Connection, task: Task | None) -> None:
    last: list[int] = []
    restarts = 0

    def step(status: int, remaining: int, total: int) -> None:
        nonlocal restarts
        if status == sqlite3.SQLITE_OK and last and remaining >= last[-1]:
            restarts += 1
            if restarts >= MAX_RESTARTS:
                raise _Restarted
        last.append(remaining)
        if task is not None:
            task.update(total - remaining, total)

    try:
        src.backup(dst, pages=STEP_PAGES, progress=step, sleep=0.01)
    except _Restarted:
        src.backup(dst, pages=-1)
        if task is not None and task.total is not None:
            task.update(task.total)


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"the copy {path} failed SQLite's integrity check: {result}")


def row_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


def _revision(path: Path) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()
    return row[0] if row else None


def _photo_files(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            rel = Path(folder, name).relative_to(root).as_posix()
            if PHOTO_PATH.fullmatch(rel):
                found.append(rel)
    return sorted(found)


def _write_archive(partial: Path, manifest: dict[str, Any], database: Path, photo_dir: Path,
                   photos: list[str], progress: Progress) -> tuple[int, int]:
    added = size = 0
    with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
        _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        tar.add(database, DATABASE_MEMBER)
        with progress.task("archived", total=len(photos), unit="photo files") as task:
            for rel in photos:
                path = photo_dir / rel
                with contextlib.suppress(FileNotFoundError):  # pruned by retention meanwhile
                    tar.add(path, PHOTO_PREFIX + rel)
                    added += 1
                    size += path.stat().st_size
                task.advance()
    return added, size


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


# --- restore ------------------------------------------------------------------------------

@dataclass
class _Restored:
    manifest: dict[str, Any] | None = None
    tables: dict[str, int] | None = None
    photos: int = 0


def _restore_sqlite(source: Path, database: Path, photo_dir: Path, progress: Progress) -> str:
    if not source.is_file():
        raise BackupError(f"no archive at {source}")
    _require_empty(database)
    done = _Restored()
    photos: Task | None = None
    try:
        with tarfile.open(source, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    done.manifest = _read_manifest(tar, member)
                elif member.name == DATABASE_MEMBER:
                    if done.manifest is None:
                        raise BackupError(f"{source} has no manifest before its database: not our archive")
                    done.tables = _restore_database(tar, member, database, progress)
                    photos = progress.task("restored", total=done.manifest.get("photos", {}).get("files"),
                                           unit="photo files")
                elif member.name.startswith(PHOTO_PREFIX):
                    if photos is None:
                        raise BackupError(f"{source}: photos before the database: not our archive")
                    if _restore_photo(tar, member, photo_dir):
                        done.photos += 1
                        photos.advance()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from exc
    finally:
        if photos is not None:
            photos.close()
    if done.manifest is None or done.tables is None:
        raise BackupError(f"{source} holds no SupplierBot database")
    return _restore_summary(done, database, photo_dir)


def _restore_summary(done: _Restored, database: Path, photo_dir: Path) -> str:
    assert done.manifest is not None and done.tables is not None
    expected = done.manifest.get("tables", {})
    if expected and expected != done.tables:
        raise BackupError(f"row counts differ from the manifest after restore: {done.tables} vs {expected}")
    lines = [f"restored {len(done.tables)} tables, {sum(done.tables.values())} rows into {database.resolve()}, "
             f"{done.photos} photo files into {photo_dir.resolve()} (backup of {done.manifest.get('created_at')})"]
    if done.manifest.get("revision") != migrate.head_revision():
        lines.append("the backup's schema is older than this version: run `supplierbot db upgrade` before starting")
    return "\n".join(lines)


def _require_empty(database: Path) -> None:
    if not database.exists():
        return
    connection = sqlite3.connect(database, timeout=30)
    try:
        names = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name"
        )]
        holding = [n for n in names if connection.execute(f'SELECT 1 FROM "{n}" LIMIT 1').fetchone()]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{database} exists and is not a readable SQLite database ({exc}); "
                          "move it away and run restore again") from exc
    finally:
        connection.close()
    if holding:
        raise BackupError(
            f"{database} already holds data (in {', '.join(holding[:6])}{'…' if len(holding) > 6 else ''}). "
            "Restore only goes into an empty database: stop the service, move that file (and its -wal, -shm) "
            "away, or point SUPPLIERBOT_DATABASE_URL at a new file, then run restore again."
        )


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict[str, Any]:
    data = _member_bytes(tar, member, limit=1024**2)
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise BackupError(f"unreadable manifest: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError("not an archive of this SupplierBot version's backup format")
    revision = manifest.get("revision")
    if revision and revision != migrate.head_revision():
        from alembic.script import ScriptDirectory

        try:
            known = ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
        except Exception:
            known = False
        if not known:
            raise BackupError(f"the backup's schema {revision} is newer than this version knows: "
                              "install the SupplierBot version that made it")
    return manifest


def _restore_database(tar: tarfile.TarFile, member: tarfile.TarInfo, database: Path,
                      progress: Progress) -> dict[str, int]:
    database = database.resolve()
    database.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".supplierbot-restore-") as tmp:
        copy = Path(tmp) / DATABASE_MEMBER
        stream = tar.extractfile(member)
        if stream is None:
            raise BackupError("the archive's database is not a file")
        with stream, open(copy, "wb") as out:
            shutil.copyfileobj(stream, out, 1024 * 1024)
        src = sqlite3.connect(copy)
        dst = sqlite3.connect(database, timeout=30)
        try:
            _check_integrity(src, copy)
            with progress.task("restored", unit="pages") as task:
                try:
                    _copy_pages(src, dst, task)
                except sqlite3.OperationalError as exc:
                    raise BackupError(f"cannot write {database}: {exc}; if it is an empty file left by an "
                                      "earlier attempt, delete it (and its -wal, -shm) and run restore again") from exc
            dst.execute("PRAGMA journal_mode=WAL")
            _check_integrity(dst, database)
        finally:
            dst.close()
            src.close()
    return row_counts(database)


def _restore_photo(tar: tarfile.TarFile, member: tarfile.TarInfo, photo_dir: Path) -> bool:
    rel = member.name.removeprefix(PHOTO_PREFIX)
    if not member.isfile() or not PHOTO_PATH.fullmatch(rel):
        return False
    target = photo_dir / rel
    with contextlib.suppress(FileNotFoundError):
        if target.stat().st_size == member.size:
            return True
    target.parent.mkdir(parents=True, exist_ok=True)
    stream = tar.extractfile(member)
    if stream is None:
        return False
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=target.parent)
    try:
        with stream, os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(stream, out, 1024 * 1024)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def _member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo, *, limit: int) -> bytes:
    if member.size > limit:
        raise BackupError(f"{member.name} is unexpectedly large")
    stream: IO[bytes] | None = tar.extractfile(member)
    if stream is None:
        raise BackupError(f"{member.name} is not a file")
    with stream:
        return stream.read()


# --- PostgreSQL ---------------------------------------------------------------------------

def _connection_args(settings: Settings) -> list[str]:
    url = make_url(settings.database_url)
    args = [f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}"]
    if url.username:
        args.append(f"--username={url.username}")
    return args


def _password_note(settings: Settings) -> str:
    if make_url(settings.database_url).password:
        return ("  (the password is the one in SUPPLIERBOT_DATABASE_URL: give it with PGPASSWORD=... in front, "
                "or in ~/.pgpass)\n")
    return ""


def postgres_backup_instructions(settings: Settings, target: Path) -> str:
    url = make_url(settings.database_url)
    dump = shlex.join(["pg_dump", "--format=custom", "--no-owner", *_connection_args(settings),
                       f"--dbname={url.database}", f"--file={target}"])
    photos = shlex.join(["tar", "-czf", f"{target}.photos.tar.gz", "-C", str(Path(settings.photo_dir).resolve()), "."])
    return (
        "On PostgreSQL use pg_dump (consistent while the service runs); nothing was written.\n"
        f"  {dump}\n{_password_note(settings)}"
        f"and the photos (content-addressed files, safe to copy while running):\n  {photos}"
    )


def postgres_restore_instructions(settings: Settings, source: Path) -> str:
    url = make_url(settings.database_url)
    create = shlex.join(["createdb", *_connection_args(settings), str(url.database)])
    pg_restore = shlex.join(["pg_restore", "--no-owner", "--exit-on-error", *_connection_args(settings),
                             f"--dbname={url.database}", str(source)])
    photos = shlex.join(["tar", "-xzf", f"{source}.photos.tar.gz", "-C", str(Path(settings.photo_dir).resolve())])
    return (
        "On PostgreSQL use pg_restore into an empty database; nothing was changed.\n"
        f"  {create}\n  {pg_restore}\n{_password_note(settings)}"
        f"and the photos:\n  {photos}\n"
        "then run `supplierbot db upgrade` before starting the service."
    )


def _sqlite_path(settings: Settings) -> Path:
    return Path(make_url(settings.database_url).database or "")


def _inbox_file_path(settings: Settings) -> Path | None:
    url = inbox_file_url(settings.database_url, settings.inbox_file)
    return inbox_file_path(url) if url else None


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
