"""`supplierbot doctor`: checks an installation end to end and says how to fix what is wrong.

Written for the IT person who runs the bot for years and sees it rarely: one line per
check (✔ fine, ! worth a look, ✘ broken) and, under every problem, the command or the
setting that fixes it. Nothing is changed: no file is created, no webhook registered.
The exit code is 1 when any check fails, so it can gate a deployment or a cron mail.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.checks import Check, format_check, short_error
from bot.connectors.health import describe_state, erp_health
from bot.connectors.registry import enabled_systems
from bot.event_checks import check_events
from bot.platforms import PLATFORMS, setup_hint
from bot.settings import Settings, SettingsError, load_settings
from storage import migrate
from storage.db import Database
from storage.inbox_file import Waiting, inbox_file_path, inbox_file_url

GIB = 1024**3


async def run_doctor(settings: Settings, out: Callable[[str], Any] = print, *, min_free_bytes: int = GIB,
                     limit_seconds: float = 10.0) -> int:
    """Run every check, print each as it finishes; 1 when anything failed, else 0."""
    checks: list[Check] = []

    def report(found: list[Check]) -> None:
        for check in found:
            checks.append(check)
            out(format_check(check))

    report(check_settings(settings))
    report(await check_database(settings, min_free_bytes=min_free_bytes, limit_seconds=limit_seconds))
    report(check_photo_dir(settings.photo_dir, min_free_bytes=min_free_bytes))
    report(await check_platforms(settings, limit_seconds=limit_seconds))
    report(await check_erps(settings, limit_seconds=limit_seconds))
    report(await check_events(settings, limit_seconds=limit_seconds))
    failed = sum(c.status == "fail" for c in checks)
    warned = sum(c.status == "warn" for c in checks)
    if failed:
        out(f"{failed} check(s) failed, {warned} warning(s): fix the ✘ lines above and run `supplierbot doctor` again")
        return 1
    out(f"all {len(checks)} checks passed" + (f" ({warned} warning(s))" if warned else ""))
    return 0


def doctor_command(out: Callable[[str], Any] = print, **overrides: Any) -> int:
    """The CLI entry: a setting that does not load is itself a failed check, not a traceback."""
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        out(format_check(Check("fail", "settings", str(exc),
                               "correct that variable (environment, or the TOML file named by SUPPLIERBOT_CONFIG)")))
        return 1
    return asyncio.run(run_doctor(settings, out))


# --- settings -----------------------------------------------------------------------------

def check_settings(settings: Settings) -> list[Check]:
    source = os.environ.get("SUPPLIERBOT_CONFIG")
    origin = f"environment + {source}" if source else "environment"
    api = "REST API on" if settings.api_token.get_secret_value() else "REST API off (no SUPPLIERBOT_API_TOKEN)"
    found = [Check("ok", "settings", f"loaded from {origin}; time zone {settings.timezone}, "
                                     f"language {settings.language}, {api}")]
    if settings.runs_background_process:
        found.append(Check("ok", "processes", "`serve` runs webhooks and pages in one process, processing, the outbox "
                                              "and the scheduler in a work process beside it"))
    else:
        found.append(Check("ok", "processes", "`serve` runs everything in one process (SUPPLIERBOT_BACKGROUND_PROCESS="
                                              f"{settings.background_process or 'auto: the simulator or the WeCom AI bot long connection'})"))
    weak = settings.weak_api_token()
    if weak and not settings.simulator:
        found.append(Check("fail", "API token", weak, "set a long random SUPPLIERBOT_API_TOKEN; `serve` refuses this one"))
    for spec in PLATFORMS:
        if spec.settings_check is not None and spec.enabled(settings):
            found += spec.settings_check(settings)
    return found


# --- database -----------------------------------------------------------------------------

def describe_database(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {Path(parsed.database or '').resolve()}"
    return f"PostgreSQL {parsed.host}:{parsed.port or 5432}/{parsed.database}"


async def check_database(settings: Settings, *, min_free_bytes: int = GIB, limit_seconds: float = 10.0) -> list[Check]:
    url = settings.database_url
    where = describe_database(url)
    found: list[Check] = []
    if settings.is_sqlite:
        found = _sqlite_file_checks(Path(make_url(url).database or ""))
        if any(c.name == "database" for c in found):
            return found
    database = Database(url)
    try:
        try:
            async with asyncio.timeout(limit_seconds):
                async with database.read() as session:
                    await session.execute(text("SELECT 1"))
                current = await migrate.current_revision(database.writer)
                journal = await _journal_mode(database) if settings.is_sqlite else None
        except Exception as exc:
            return [*found, Check("fail", "database", f"{where} cannot be reached: {short_error(exc)}",
                                  _database_fix(settings))]
        found.append(Check("ok", "database", f"{where} reachable"))
        found.append(_schema_check(current, migrate.head_revision()))
        if journal is not None:
            if journal == "wal":
                found.append(Check("ok", "SQLite journal", "WAL (readers never block the writer)"))
            else:
                found.append(Check("fail", "SQLite journal", f"{journal}, not WAL: the file system does not "
                                   "support WAL (a network share?)", "keep the database on a local disk"))
    finally:
        await database.dispose()
    if settings.is_sqlite:
        found.append(_space_check("database disk", _folder_of(url), min_free_bytes))
        found.extend(check_inbox_file(settings))
    return found


WAITING_WARN = 10_000


def check_inbox_file(settings: Settings) -> list[Check]:
    """Where webhooks store on SQLite (read only: the service creates the file when it starts)."""
    url = inbox_file_url(settings.database_url, settings.inbox_file)
    if url is None:
        stranded = _waiting_in_default_file(settings)
        if stranded:
            return [Check("fail", "inbox file", f"off, but {stranded} messages still wait in "
                          f"{inbox_file_path(inbox_file_url(settings.database_url) or '')}: they are never processed",
                          "unset SUPPLIERBOT_INBOX_FILE until they are processed (the inbox_pending metric falls "
                          "to 0), then turn it off")]
        return [Check("ok", "inbox file", "off: messages are stored in the main database")]
    path = inbox_file_path(url).resolve()
    if not path.exists():
        if os.access(path.parent if path.parent.exists() else _folder_of(settings.database_url), os.W_OK):
            return [Check("ok", "inbox file", f"{path} is made when the service starts")]
        return [Check("fail", "inbox file", f"{path.parent} is not writable: the service cannot create {path.name}",
                      "make the folder writable, or set SUPPLIERBOT_INBOX_FILE to a path in one")]
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            waiting = connection.execute("SELECT count(*) FROM inbox WHERE state = ?",
                                         (Waiting.PENDING.value,)).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return [Check("fail", "inbox file", f"{path} cannot be read: {exc}",
                      "check the disk; keep a copy of the file: it holds messages answered 200 and not processed yet")]
    if waiting > WAITING_WARN:
        return [Check("warn", "inbox file", f"{path}: {waiting} messages wait for processing",
                      "processing is behind: see the supplierbot_inbox_pending metric and the logs")]
    return [Check("ok", "inbox file", f"{path}: {waiting} messages waiting")]


def _waiting_in_default_file(settings: Settings) -> int:
    """Messages left in the file beside the database when the inbox file was turned off."""
    url = inbox_file_url(settings.database_url)
    if url is None or not inbox_file_path(url).exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{inbox_file_path(url).resolve()}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT count(*) FROM inbox WHERE state = ?",
                                          (Waiting.PENDING.value,)).fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def _sqlite_file_checks(path: Path) -> list[Check]:
    if not path.is_file():
        return [Check("fail", "database", f"SQLite {path.resolve()} does not exist",
                      "run `supplierbot db upgrade` to create it, or point SUPPLIERBOT_DATABASE_URL at the "
                      "existing file (sqlite+aiosqlite:////absolute/path.db)")]
    folder = path.resolve().parent
    if not _writable(folder):
        return [Check("fail", "database folder", f"{folder} is not writable: SQLite needs to create "
                      "its -wal and -shm files next to the database",
                      f"give the service's user write access: chown <user> {folder}")]
    return []


def _folder_of(url: str) -> Path:
    return Path(make_url(url).database or ".").resolve().parent


async def _journal_mode(database: Any) -> str:
    async with database.reader.connect() as connection:
        return str((await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()).lower()


def _schema_check(current: str | None, head: str | None) -> Check:
    if current == head:
        return Check("ok", "schema", f"at revision {current} (newest)")
    if current is None:
        return Check("fail", "schema", "the database is empty (no tables)", "run `supplierbot db upgrade`")
    if not _known_revision(current):
        return Check("fail", "schema", f"at revision {current}, which this version does not know (newer?)",
                     "install the SupplierBot version that wrote this database, or restore a backup")
    return Check("fail", "schema", f"at revision {current}, this version needs {head}",
                 "stop the service, take a backup (`supplierbot backup FILE`), run `supplierbot db upgrade`")


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(migrate.alembic_config()).get_revision(revision) is not None
    except Exception:
        return False


def _database_fix(settings: Settings) -> str:
    if settings.is_sqlite:
        return "check the path in SUPPLIERBOT_DATABASE_URL and the file's permissions"
    parsed = make_url(settings.database_url)
    return (f"is PostgreSQL running and reachable? `pg_isready -h {parsed.host} -p {parsed.port or 5432}`; "
            "check user, password and database name in SUPPLIERBOT_DATABASE_URL")


# --- photos ---------------------------------------------------------------------------------

def check_photo_dir(folder: Path, *, min_free_bytes: int = GIB) -> list[Check]:
    folder = Path(folder).resolve()
    if folder.exists() and not folder.is_dir():
        return [Check("fail", "photo folder", f"{folder} is not a folder",
                      "set SUPPLIERBOT_PHOTO_DIR to a folder (e.g. /var/lib/supplierbot/photos)")]
    if not folder.exists():
        parent = next((p for p in folder.parents if p.exists()), None)
        if parent is None or not _writable(parent):
            return [Check("fail", "photo folder", f"{folder} does not exist and cannot be created",
                          f"mkdir -p {folder} && chown <service user> {folder}")]
        return [Check("warn", "photo folder", f"{folder} does not exist yet (the service creates it at start)")]
    if not _writable(folder):
        return [Check("fail", "photo folder", f"{folder} is not writable: photos from suppliers would be lost",
                      f"chown -R <service user> {folder}")]
    return [Check("ok", "photo folder", f"{folder} writable"), _space_check("photo disk", folder, min_free_bytes)]


def _writable(folder: Path) -> bool:
    """Tried, not guessed from mode bits: root, ACLs and read-only mounts all lie to `os.access`."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            return True
    except OSError:
        return False


def _space_check(name: str, folder: Path, min_free_bytes: int) -> Check:
    free = shutil.disk_usage(folder).free
    detail = f"{free / GIB:.1f} GB free on {folder}"
    if free < min_free_bytes:
        return Check("warn", name, f"only {detail}", "free some space, or run `supplierbot prune` to drop "
                     "full-size photos past the retention period")
    return Check("ok", name, detail)


# --- chat platforms ------------------------------------------------------------------------------

async def check_platforms(settings: Settings, *, limit_seconds: float = 10.0) -> list[Check]:
    found: list[Check] = []
    for spec in PLATFORMS:
        if spec.check is not None and spec.wants_check(settings):
            found += await spec.check(settings, limit_seconds)
    if not found:
        if settings.simulator:
            found.append(Check("ok", "chat platforms", "none configured; the web chat simulator is on (demo)"))
        else:
            found.append(Check("warn", "chat platforms", "none configured: nobody can talk to the bot",
                               setup_hint()))
    return found


def _database_exists(url: str) -> bool:
    """False for a SQLite file that is not there: the doctor creates no file."""
    parsed = make_url(url)
    return parsed.get_backend_name() != "sqlite" or Path(parsed.database or "").is_file()


async def check_erps(settings: Settings, *, limit_seconds: float = 10.0) -> list[Check]:
    """One line per ERP that is set up: does it answer our credentials, and how the sync stands."""
    if not enabled_systems(settings):
        return []
    database = Database(settings.database_url) if _database_exists(settings.database_url) else None
    try:
        found = []
        for health in await erp_health(settings, database, limit_seconds=limit_seconds):
            detail = f"{health.line}; {describe_state(health.state)}"
            if not health.ok:
                found.append(Check("fail", f"ERP {health.system}", health.line,
                                   "check SUPPLIERBOT_KINGDEE_* (server URL, account, user, app id and secret; "
                                   "docs/erp/kingdee.md) and that this host reaches the server"))
            elif health.state is not None and (health.state["failing"] or health.state["conflicts"]):
                found.append(Check("warn", f"ERP {health.system}", detail,
                                   "run `supplierbot sync " + health.system + "` to see the error; settle conflicts "
                                   "on the ERP page (/setup/erp)"))
            else:
                found.append(Check("ok", f"ERP {health.system}", detail))
        return found
    finally:
        if database is not None:
            await database.dispose()
