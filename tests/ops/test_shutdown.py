"""SIGTERM under load: every 200 was stored, no lease is left behind, the process exits 0 in time,
and what arrives after the signal is refused (503) or finds the port closed."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

import aiohttp
import pytest

from storage.inbox_file import inbox_file_path, inbox_file_url
from tests.fakes.telegram_api import FakeTelegramAPI, Fault, Updates, private_chat, user
from tests.ops.processes import (
    WEBHOOK_SECRET,
    free_port,
    run_cli,
    service_env,
    start_service,
    stop,
    wait_ready,
)

pytestmark = pytest.mark.slow

GRACE_SECONDS = 20
SENDERS = 6
LOAD_BEFORE_SIGNAL = 150


async def test_sigterm_under_load_loses_nothing_and_exits_cleanly(tmp_path: Path) -> None:
    db_path = tmp_path / "supplierbot.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with FakeTelegramAPI() as api:
        api.program("sendMessage", *[Fault.latency(0.05)] * 10_000)
        env = service_env(f"sqlite+aiosqlite:///{db_path}", port=port, photo_dir=tmp_path / "photos",
                          telegram_api=api.root_url, render_processes=None)  # as it runs: render processes too
        await run_cli("db", "upgrade", env=env, cwd=tmp_path)
        process = await start_service("serve", env=env, cwd=tmp_path)
        try:
            await wait_ready(process, base)
            outcomes, signalled_at, stopping_at = await _load_then_sigterm(process, base)
            exit_code = await asyncio.wait_for(process.wait(), GRACE_SECONDS)
        finally:
            await stop(process)
        log = (await process.stderr.read()).decode(errors="replace") if process.stderr else ""
    assert exit_code == 0, log[-3000:]
    assert time.monotonic() - signalled_at < GRACE_SECONDS

    answered = {update_id for update_id, (status, _) in outcomes.items() if status == 200}
    assert len(answered) >= 50, "too little load before the signal"
    stored = _stored_update_ids(db_path)
    assert answered <= stored, f"answered 200 but not stored: {sorted(answered - stored)[:10]}"

    after = [(status, started) for status, started in outcomes.values() if started > stopping_at]
    assert after, "no request was sent after the service began to stop"
    assert {status for status, _ in after} <= {503, 0}, {status for status, _ in after}

    connection = sqlite3.connect(db_path)
    try:
        leased = connection.execute("SELECT count(*) FROM outbox WHERE lease_owner IS NOT NULL").fetchone()[0]
        replies = connection.execute("SELECT count(*) FROM outbox").fetchone()[0]
    finally:
        connection.close()
    assert leased == 0
    assert replies > 0, "the service processed nothing before stopping"


async def _load_then_sigterm(process: asyncio.subprocess.Process, base: str
                             ) -> tuple[dict[int, tuple[int, float]], float, float]:
    """Senders post updates until the port is closed; SIGTERM goes out mid-stream.

    Outcome per update_id: (HTTP status or 0 for a refused/reset connection, monotonic start time).
    """
    updates = Updates()
    outcomes: dict[int, tuple[int, float]] = {}
    closed = asyncio.Event()
    loaded = asyncio.Event()
    stopping_at = float("inf")

    async def watch_stdout() -> None:
        nonlocal stopping_at
        assert process.stdout is not None
        while line := await process.stdout.readline():
            if b"stopping" in line:
                stopping_at = time.monotonic()

    async def sender(number: int) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http:
            refused_in_a_row = 0
            while refused_in_a_row < 5:
                chat = 1000 + number * 100 + len(outcomes) % 50
                update = updates.text(f"PO-{len(outcomes)} 完成60%", chat=private_chat(chat),
                                      sender=user(chat))
                started = time.monotonic()
                try:
                    async with http.post(base + "/webhooks/telegram", json=update, headers=headers) as response:
                        await response.read()
                        status = response.status
                except (aiohttp.ClientConnectionError, TimeoutError):
                    status = 0
                outcomes[update["update_id"]] = (status, started)
                if len(outcomes) >= LOAD_BEFORE_SIGNAL:
                    loaded.set()
                refused_in_a_row = refused_in_a_row + 1 if status == 0 else 0
                if status == 0 and closed.is_set():
                    await asyncio.sleep(0.02)

    watcher = asyncio.create_task(watch_stdout())
    senders = [asyncio.create_task(sender(n)) for n in range(SENDERS)]
    await asyncio.wait_for(loaded.wait(), GRACE_SECONDS)
    signalled_at = time.monotonic()
    process.send_signal(signal.SIGTERM)
    closed.set()
    await asyncio.wait_for(asyncio.gather(*senders), GRACE_SECONDS)
    await asyncio.wait_for(process.wait(), GRACE_SECONDS)
    await watcher
    return outcomes, signalled_at, stopping_at


def _stored_update_ids(db_path: Path) -> set[int]:
    """In the database's inbox, or still in the inbox file beside it where webhooks store."""
    inbox_file = inbox_file_url(f"sqlite+aiosqlite:///{db_path}")
    paths = [db_path, *([inbox_file_path(inbox_file)] if inbox_file else [])]
    stored: set[int] = set()
    for path in paths:
        if not path.exists():
            continue
        connection = sqlite3.connect(path)
        try:
            stored |= {int(r[0]) for r in connection.execute(
                "SELECT external_id FROM inbox WHERE platform = 'telegram'")}
        finally:
            connection.close()
    return stored
