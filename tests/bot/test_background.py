"""What runs where when `serve` is two processes (bot.background): the edge stores, the work
process processes, sends and ticks; one /metrics speaks for both."""

from __future__ import annotations

import asyncio
import gc
import os
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

from bot.app import build_app
from bot.background import WorkProcess, settle_garbage_collection
from bot.metrics import merge_expositions
from bot.runtime import RUNTIME, Role
from bot.settings import Settings
from tests.fakes.telegram_api import DEFAULT_TOKEN


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


def test_what_start_up_built_is_left_out_of_later_garbage_collections() -> None:
    """The work process settles once started: everything alive then (modules, the app) is
    frozen, so no collection while processing walks it again; garbage made later is collected."""
    class Cycle:
        def __init__(self) -> None:
            self.me = self

    kept = Cycle()
    try:
        settle_garbage_collection()
        assert gc.get_freeze_count() > 0
        assert not gc.is_tracked(kept) or all(kept is not obj for obj in gc.get_objects())
        Cycle()  # garbage made after start-up
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
