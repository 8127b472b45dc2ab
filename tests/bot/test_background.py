"""What runs where when `serve` is two processes (bot.background): the edge stores, the work
process processes, sends and ticks; one /metrics speaks for both."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from sqlalchemy import select

from bot.app import build_app
from bot.background import (
    FIRST_RESTART_DELAY,
    MAX_RESTART_DELAY,
    WorkProcess,
    give_back_leases,
    next_restart_delay,
    settle_after_start_up,
)
from bot.clock import FakeClock
from bot.metrics import merge_expositions
from bot.ports import ChatKind, ChatRef, Platform, Reply
from bot.runtime import RUNTIME, Role
from bot.settings import Settings
from handlers.router import handle_message
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage, OutboxState
from tests.fakes.telegram_api import DEFAULT_TOKEN
from tests.ops.processes import free_port, service_env


def test_serve_splits_by_default_but_not_with_the_simulator_whose_replies_live_in_its_memory() -> None:
    assert Settings().runs_background_process
    assert not Settings(simulator=True).runs_background_process
    assert not Settings(background_process="off").runs_background_process
    assert Settings(simulator=True, background_process="on").runs_background_process


def test_serve_stays_one_process_where_replies_leave_by_the_wecom_ai_bots_long_connection() -> None:
    long_connection = {"wecom_bot_id": "aibot-1", "wecom_bot_secret": "s" * 20, "wecom_bot_mode": "long_connection"}
    settings = Settings(**long_connection)
    assert settings.wecom_bot_long_connection
    assert not settings.runs_background_process
    assert Settings(**long_connection, background_process="on").runs_background_process


def test_the_edge_runs_no_processing_no_outbox_and_no_scheduler_and_the_work_process_runs_them(
        sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, telegram_token=DEFAULT_TOKEN, telegram_webhook_secret="s3cret_x")
    edge, work, alone = (build_app(settings, role=role)[RUNTIME] for role in (Role.EDGE, Role.WORK, Role.ALL))

    assert edge.pipeline.run not in edge.background and edge.dispatcher.run not in edge.background
    assert edge.scheduler is None
    assert edge.background, "the edge keeps what receives (Telegram's start-up checks)"
    assert work.pipeline.run in work.background and work.dispatcher.run in work.background
    assert work.scheduler is not None
    assert len(work.background) == 3, "processing, the outbox and events out; nothing that receives"
    assert alone.pipeline.run in alone.background and alone.dispatcher.run in alone.background


def test_with_the_wecom_ai_bot_on_a_long_connection_the_edge_sends_the_replies_through_it(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, wecom_bot_id="bot1", wecom_bot_secret="secret")
    edge, work = (build_app(settings, role=role)[RUNTIME] for role in (Role.EDGE, Role.WORK))

    assert edge.dispatcher.run in edge.background
    assert work.dispatcher.run not in work.background
    assert work.pipeline.run in work.background


def _exposition(delivered: float, depth: float) -> bytes:
    registry = CollectorRegistry()
    Counter("sb_deliveries", "sent", ["platform"], registry=registry).labels("telegram").inc(delivered)
    Gauge("sb_outbox_depth", "read from the database", registry=registry).set(depth)
    return generate_latest(registry)


def test_one_scrape_adds_the_two_processes_counters_and_keeps_the_edges_database_gauges() -> None:
    merged = merge_expositions(_exposition(2, 7), _exposition(3, 7).decode()).decode()

    assert 'sb_deliveries_total{platform="telegram"} 5.0' in merged
    assert "sb_outbox_depth 7.0" in merged
    assert merged.count("sb_outbox_depth 7.0") == 1


async def test_the_work_process_runs_at_a_lower_cpu_priority_than_the_edge(tmp_path: Path, sqlite_url: str) -> None:
    """So a webhook's few milliseconds go first when the work process and the edge both want a core."""
    settings = Settings(database_url=sqlite_url, background_niceness=5)
    work = WorkProcess(settings, tmp_path / "work.sock")
    work.start()
    try:
        for _ in range(200):
            if work.pid is not None and os.getpriority(os.PRIO_PROCESS, work.pid) > os.getpriority(os.PRIO_PROCESS, 0):
                break
            await asyncio.sleep(0.05)
        assert work.pid is not None
        own = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, work.pid) == min(19, own + 5)
    finally:
        await work.stop()


def test_the_work_process_processes_with_the_reader_and_the_edge_never_processes(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url)
    edge, work, alone = (build_app(settings, role=role)[RUNTIME] for role in (Role.EDGE, Role.WORK, Role.ALL))

    assert work.pipeline.handler is handle_message and alone.pipeline.handler is handle_message
    assert edge.pipeline.handler is not handle_message
    with pytest.raises(RuntimeError, match="work process"):
        asyncio.run(edge.pipeline.handler(None, None, None))  # type: ignore[arg-type]


def test_an_edge_starts_without_importing_the_reader(sqlite_url: str) -> None:
    """Importing the reader is ~1.5 s of CPU (its patterns compile), of ~3.8 s for the whole app:
    the edge, which stores and never reads, does not pay it at every start. In a fresh process,
    since this one has the reader imported already."""
    code = (f"import sys; from bot.app import build_app; from bot.runtime import Role; from bot.settings import Settings; "
            f"build_app(Settings(database_url={sqlite_url!r}, telegram_token={DEFAULT_TOKEN!r}, "
            f"telegram_webhook_secret='s3cret_x'), role=Role.EDGE); "
            f"print(' '.join(sorted(m for m in sys.modules if m.startswith('handlers.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    imported = done.stdout.split()

    assert "handlers.context" in imported, "the check sees what the edge imports"
    assert "handlers.router" not in imported and "handlers.parsing" not in imported


def test_a_work_process_that_dies_once_is_restarted_at_once_and_one_that_keeps_dying_waits_longer() -> None:
    waits = [0.0]
    for _ in range(8):
        waits.append(next_restart_delay(waits[-1]))

    assert waits[:4] == [0.0, FIRST_RESTART_DELAY, 2 * FIRST_RESTART_DELAY, 4 * FIRST_RESTART_DELAY]
    assert waits[-1] == MAX_RESTART_DELAY


async def test_the_leases_a_dead_work_process_held_are_given_back_and_no_one_elses(
        database: Database, clock: FakeClock) -> None:
    """Else its claimed replies waited for the lease to run out (60 s) before anyone sent them."""
    chat = ChatRef(Platform.TELEGRAM, "-100500", ChatKind.GROUP)
    async with database.write() as session:
        for n in range(4):
            await outbox.enqueue(session, f"k{n}", Reply(chat=chat, text=f"reply {n}"), now=clock.now())
    async with database.write() as session:
        dead = await outbox.claim_due(session, now=clock.now(), lease_now=clock.now(), owner="work-dead",
                                      lease=timedelta(seconds=60), limit=3)
        dead[0].state = OutboxState.SENT.value  # it finished this one before it died
    async with database.write() as session:
        [alive] = await outbox.claim_due(session, now=clock.now(), lease_now=clock.now(), owner="work-alive",
                                         lease=timedelta(seconds=60), limit=3)

    assert await give_back_leases(database, "work-dead") == 2
    async with database.read() as session:
        owners = {row.id: row.lease_owner for row in (await session.execute(
            select(OutboxMessage))).scalars()}
    assert owners == {dead[0].id: "work-dead", dead[1].id: None, dead[2].id: None, alive.id: "work-alive"}


class _Sleeper(WorkProcess):
    """A work process that only tells which lease owner it was given, then waits to be killed."""

    def command(self) -> list[str]:
        return [sys.executable, "-c", "import os, sys, time; print(os.environ['SUPPLIERBOT_LEASE_OWNER'], "
                "file=open(sys.argv[1], 'a'), flush=True); time.sleep(60)", str(self.metrics_socket.parent / "owners")]


async def test_a_killed_work_process_has_its_leases_given_back_under_the_name_it_leased_with(
        tmp_path: Path, sqlite_url: str) -> None:
    given_back: list[str] = []

    async def give_back(owner: str) -> int:
        given_back.append(owner)
        return 0

    work = _Sleeper(Settings(database_url=sqlite_url), tmp_path / "work.sock")
    work.give_back = give_back
    owners = tmp_path / "owners"
    work.start()
    try:
        first = await _next_pid(work, None)
        await _lines(owners, 1)
        os.kill(first, signal.SIGKILL)
        await _next_pid(work, first)
        said = await _lines(owners, 2)
    finally:
        await work.stop()

    assert given_back[0] == said[0], "the dead one's leases, by the name it leased them under"
    assert said[1] != said[0], "each work process leases under a name of its own"
    assert work.restarts == 1


async def _next_pid(work: WorkProcess, other_than: int | None) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if work.pid is not None and work.pid != other_than:
            return work.pid
        await asyncio.sleep(0.025)
    raise AssertionError("no work process started")


async def _lines(path: Path, count: int) -> list[str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        lines = _read_words(path)
        if len(lines) >= count:
            return lines
        await asyncio.sleep(0.025)
    raise AssertionError(f"fewer than {count} lines in {path}")


def _read_words(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []
def test_what_start_up_built_is_left_out_of_later_garbage_collections() -> None:
    """The work process settles once started: everything alive then (modules, the app) is
    frozen, so no collection while processing walks it again; garbage made later is collected."""
    class Cycle:
        def __init__(self) -> None:
            self.me = self

    kept = Cycle()
    try:
        settle_after_start_up()
        assert gc.get_freeze_count() > 0
        assert not gc.is_tracked(kept) or all(kept is not obj for obj in gc.get_objects())
        Cycle()  # garbage made after start-up
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()


def test_serves_edge_leaves_what_start_up_built_out_of_later_garbage_collections(
        tmp_path: Path, sqlite_url: str) -> None:
    """The edge, not only the work process: a collection of the oldest generation walked its
    whole start-up heap while a webhook waited (a 347 ms pause, a 360 ms inbox INSERT). Read in
    `serve`'s own process, once it answers, by a thread beside it that then stops it."""
    port = free_port()
    probe = (f"import gc, os, signal, sys, threading, time, urllib.request\n"
             f"from bot.__main__ import main\n"
             f"def probe():\n"
             f"    while True:\n"
             f"        try:\n"
             f"            urllib.request.urlopen('http://127.0.0.1:{port}/healthz', timeout=2).close()\n"
             f"            break\n"
             f"        except OSError:\n"
             f"            time.sleep(0.05)\n"
             f"    print('frozen', gc.get_freeze_count(), flush=True)\n"
             f"    os.kill(os.getpid(), signal.SIGTERM)\n"
             f"threading.Thread(target=probe, daemon=True).start()\n"
             f"sys.exit(main(['serve']))\n")
    env = service_env(sqlite_url, port=port, photo_dir=tmp_path / "photos", SUPPLIERBOT_BACKGROUND_PROCESS="on")
    done = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    frozen = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("frozen ")]

    assert "work:" in done.stdout, f"serve ran as an edge beside a work process: {done.stdout}{done.stderr[-2000:]}"
    assert frozen and int(frozen[0]) > 10_000, done.stdout + done.stderr[-2000:]
    assert done.returncode == 0
