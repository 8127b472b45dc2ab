"""APScheduler 3 as a ticker only: every interval each job asks the database what is due.

Nothing about the schedule lives in APScheduler (in-memory job store, rebuilt at start):
the database holds what was sent, so a restart, a missed tick or a second replica changes
nothing. `coalesce=True` and `max_instances=1` keep a slow tick from piling up.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from scheduler.jobs import JOBS, JobConfig
from storage.db import Database, is_database_down

log = logging.getLogger("supplierbot.scheduler")

Job = Callable[[Database, datetime, JobConfig], Awaitable[int]]


class SchedulerService:
    """The scheduler of one replica: `start()` inside the running loop, `shutdown()` on the way out."""

    def __init__(
        self, database: Database, clock: Clock, settings: object | None = None, *, interval: float = 60.0,
        config: JobConfig | None = None, jobs: dict[str, Job] | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.config = config or (JobConfig.from_settings(settings) if settings is not None else JobConfig())
        self.interval = interval
        self.jobs: dict[str, Job] = dict(JOBS if jobs is None else jobs)
        self.scheduler = AsyncIOScheduler(
            jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": max(1, int(interval))},
            timezone=UTC,
        )
        for name, job in self.jobs.items():
            self.scheduler.add_job(self._run, IntervalTrigger(seconds=interval, timezone=UTC), args=[name, job],
                                   id=name, name=name, replace_existing=True)

    def add(self, name: str, job: Job) -> None:
        """One more ticking job (the composition root's, e.g. an ERP pull); it asks the database when it is due."""
        self.jobs[name] = job
        self.scheduler.add_job(self._run, IntervalTrigger(seconds=self.interval, timezone=UTC), args=[name, job],
                               id=name, name=name, replace_existing=True)

    async def _run(self, name: str, job: Job) -> int:
        """One job at the clock's now; a failure is logged and retried on the next tick."""
        try:
            return await job(self.database, self.clock.now(), self.config)
        except Exception as exc:
            if is_database_down(exc):
                log.warning("%s skipped, database unavailable: %s", name, exc)
            else:
                log.exception("%s failed", name)
            return 0

    async def tick(self) -> dict[str, int]:
        """Run every job once now, in order (start-up catch-up, tests, `supplierbot` commands)."""
        return {name: await self._run(name, job) for name, job in self.jobs.items()}

    def start(self) -> None:
        if not self.scheduler.running:
            self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


def build_scheduler(
    database: Database, clock: Clock, settings: object | None = None, *, interval: float = 60.0,
    config: JobConfig | None = None,
) -> AsyncIOScheduler:
    """The bare APScheduler with the ticking jobs (not started); see `SchedulerService` for the pair."""
    return SchedulerService(database, clock, settings, interval=interval, config=config).scheduler
