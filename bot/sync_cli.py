"""`supplierbot sync SYSTEM [--dry-run] [--since TIME]`: pull orders from an ERP now, with
progress and a summary of created / updated / cancelled / closed / refused lines; and the
scheduled job that does the same every `SUPPLIERBOT_<SYSTEM>_SYNC_MINUTES`.

An ERP that cannot be asked (wrong credentials, unreachable) is one line and exit code 1;
the service's scheduled sync records it in the sync state and tries again later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, SystemClock
from bot.connectors.order_source import SourceError
from bot.connectors.registry import INTERVALS, build_source
from bot.connectors.sync import ErpSync
from bot.settings import Settings
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import ErpSyncState

log = logging.getLogger("supplierbot.erp")
Out = Callable[[str], None]
_SINCE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?$")


def read_since(text: str | None) -> str | None:
    """`2026-11-01` or `2026-11-01T08:00:00` (the ERP's own clock), as the ERP compares it."""
    if text is None:
        return None
    cleaned = text.strip().replace(" ", "T")
    if not _SINCE.match(cleaned):
        raise ValueError(f"--since {text!r}: use a date or date and time, e.g. 2026-11-01 or 2026-11-01T08:00:00")
    try:
        datetime.fromisoformat(cleaned)  # a real day
    except ValueError:
        raise ValueError(f"--since {text!r} is not a real date and time") from None
    return cleaned


async def sync_command(settings: Settings, system: str, *, since: str | None = None, dry_run: bool = False,
                       out: Out = print, progress: Callable[[int], None] | None = None,
                       clock: Clock | None = None) -> int:
    try:
        since = read_since(since)
        source = build_source(system, settings)
    except (ValueError, SourceError) as exc:
        out(f"supplierbot sync: {exc}")
        return 2
    database = Database(settings.database_url)
    try:
        sync = ErpSync(source, database, clock or SystemClock(), ladder=Ladder.from_settings(settings),
                       zone=settings.zone, progress=progress)
        report = await sync.run(since=since, dry_run=dry_run)
    except SQLAlchemyError as exc:
        out(f"supplierbot sync: cannot use the database ({type(exc).__name__}); run `supplierbot db upgrade` "
            "and `supplierbot doctor`")
        return 1
    finally:
        await database.dispose()
    for line in report.summary():
        out(line)
    return 1 if report.error else 0


Job = Callable[[Database, datetime, Any], Awaitable[int]]


def scheduled_sync(system: str, settings: Settings, clock: Clock, ladder: Ladder) -> Job:
    """The scheduler job of one system: due when the last attempt (any replica's, read from the
    database) is older than the interval; the sync's lease keeps two replicas from both running."""
    interval = timedelta(minutes=INTERVALS[system](settings))

    async def job(database: Database, now: datetime, config: Any) -> int:
        async with database.read() as session:
            state = await session.get(ErpSyncState, system)
            last = state.last_attempt_at if state is not None else None
        if last is not None and now - last < interval:
            return 0
        try:
            source = build_source(system, settings)
        except SourceError as exc:
            log.warning("%s sync not run: %s", system, exc)
            return 0
        report = await ErpSync(source, database, clock, ladder=ladder, zone=settings.zone).run()
        if report.error:
            log.warning("%s sync: %s", system, report.error)
        elif not report.busy:
            log.info("%s", report.summary()[1])
        return sum(report.counts[k] for k in ("created", "updated", "cancelled", "closed"))

    return job
