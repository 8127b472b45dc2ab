"""`bot.web.rendering.off_process`: a report page's CPU runs in a render process, and whatever
cannot be sent there still runs (in a thread), so a page never fails for being sent elsewhere."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import build_app
from bot.runtime import Role
from bot.settings import load_settings
from bot.web import rendering
from bot.web.pages import PAGE_MODULES
from bot.web.rendering import (
    WORKERS,
    PageRender,
    compiled_templates,
    imported,
    off_process,
    render_page,
    start_render_processes,
    template_environment,
)
from storage.db import Database
from tests.databases import SqliteTemplate

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]
REPORT_PAGES = "bot.web.dashboard_reports"


async def test_work_runs_in_another_process() -> None:
    assert await off_process(os.getpid) != os.getpid()


async def test_what_cannot_be_pickled_runs_in_a_thread_of_this_process() -> None:
    def here(_: object) -> int:  # a local function cannot be pickled
        return os.getpid()

    assert await off_process(here, None) == os.getpid()


async def test_a_page_renders_the_same_in_a_render_process_as_in_the_loop() -> None:
    job = PageRender(template="login.html", language="en", viewer=None, path="/login", query={"next": "/kpis"},
                     css_url="/static/dashboard/dashboard.css", context={"error": None, "next": "/kpis"})
    assert await off_process(render_page, job) == job.html(template_environment())


async def test_render_processes_yield_the_cpu_to_the_service_without_starving() -> None:
    """Pages computed in a render process are batch work: the kernel never lets them preempt the
    service when a webhook wakes it, but they keep the service's own niceness, so beside a long
    job at that niceness they get a fair share of a core, not a tenth of one."""
    assert await off_process(os.sched_getscheduler, 0) == os.SCHED_BATCH
    assert await off_process(os.nice, 0) == os.nice(0)


@pytest.fixture
def no_render_processes_yet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As when a service starts: no render process yet. The pool the test makes is shut after it,
    and the suite's own pool comes back."""
    monkeypatch.setattr(rendering, "_pool", None)
    monkeypatch.setattr(rendering, "_warm_modules", ())
    yield
    if rendering._pool is not None:
        rendering._pool.shutdown(wait=True, cancel_futures=True)


def _render_processes() -> set[multiprocessing.process.BaseProcess]:
    return set(multiprocessing.active_children())


async def test_render_processes_start_all_at_once_with_the_report_pages_imported(
        no_render_processes_yet: None) -> None:
    """Started before any page, every one of them, each having imported the report pages and
    compiled the templates as it started: no page pays for that (~1 s of CPU a process)."""
    before = _render_processes()
    started = start_render_processes((REPORT_PAGES,))
    assert len(_render_processes() - before) == WORKERS
    await asyncio.gather(*started)
    for _ in range(2 * WORKERS):
        assert await off_process(imported, REPORT_PAGES)
    assert {"suppliers.html", "kpis.html", "quality.html"} <= set(await off_process(compiled_templates))


async def test_a_render_process_started_by_a_page_has_not_imported_the_report_pages(
        no_render_processes_yet: None) -> None:
    """What the start-up spares: a render process the first page starts imports only what that
    call names, so the report pages' own import would fall inside the first page."""
    assert not await off_process(imported, REPORT_PAGES)


@pytest.fixture
async def database(sqlite_template: SqliteTemplate, tmp_path: Path) -> AsyncIterator[Database]:
    """One engine is enough: where pages are computed does not depend on it."""
    db = Database(sqlite_template.copy_to(tmp_path / "supplierbot.db"))
    yield db
    await db.dispose()


@pytest.mark.parametrize("role", [Role.ALL, Role.EDGE])
async def test_the_service_starts_its_render_processes_before_the_first_page(
        role: Role, no_render_processes_yet: None, aiohttp_client: ClientFactory, database: Database,
        tmp_path: Path) -> None:
    """A service that answers pages (alone, or as the edge beside its work process)."""
    settings = load_settings(database_url=database.url, photo_dir=tmp_path / "photos", scheduler=False)
    before = _render_processes()
    await aiohttp_client(build_app(settings, database=database, run_workers=False, role=role))
    assert len(_render_processes() - before) == WORKERS
    assert await off_process(imported, REPORT_PAGES)
    assert REPORT_PAGES in PAGE_MODULES


async def test_a_work_process_starts_no_render_processes(
        no_render_processes_yet: None, aiohttp_client: ClientFactory, database: Database, tmp_path: Path) -> None:
    """The work process answers no pages (the edge beside it does)."""
    settings = load_settings(database_url=database.url, photo_dir=tmp_path / "photos", scheduler=False)
    before = _render_processes()
    await aiohttp_client(build_app(settings, database=database, run_workers=False, role=Role.WORK))
    assert _render_processes() == before


SERVICE_STARTING_ITS_RENDER_PROCESSES = """
import asyncio
from bot.web.pages import PAGE_MODULES
from bot.web.rendering import start_render_processes

async def main() -> None:
    start_render_processes(PAGE_MODULES)
    print("started", flush=True)
    await asyncio.sleep(300)

asyncio.run(main())
"""


def _stat(pid: str | int) -> list[str] | None:
    """A process's /proc stat fields after its name (state first, then its parent's id); None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _children(pid: int) -> set[int]:
    return {int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and (fields := _stat(entry.name)) is not None and int(fields[1]) == pid}


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if (fields := _stat(pid)) is not None and fields[0] != "Z"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_render_processes_leave_when_the_service_is_killed_while_they_start() -> None:
    """A replica killed during its start-up (SIGKILL: nothing of it runs after) left its render
    processes running for good, holding its output pipes, so whoever waited for the killed
    service's output waited for ever: they now watch the service from their first line."""
    root = Path(__file__).resolve().parents[2]
    service = subprocess.Popen([sys.executable, "-c", SERVICE_STARTING_ITS_RENDER_PROCESSES], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert service.stdout is not None and service.stdout.readline() == b"started\n"
        children: set[int] = set()
        for _ in range(600):  # the render processes and the pool's resource tracker, as they are made
            children = _children(service.pid)
            if len(children) > WORKERS:
                break
            time.sleep(0.05)
        assert len(children) > WORKERS, f"render processes not started: {children}"
    finally:
        service.send_signal(signal.SIGKILL)
        service.wait()
    for _ in range(600):
        if not _alive(children):
            break
        time.sleep(0.1)
    left = _alive(children)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the killed service still running: {sorted(left)}"
