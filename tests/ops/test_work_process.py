"""`serve` as two processes: the edge answers webhooks and stores, the work process beside it
processes, sends and runs jobs. Real processes on both engines: what the edge accepts is
processed once by the work process; a work process that cannot run (stopped, as a job that
never yields would leave it) does not hold a webhook; one that dies is started again and
nothing stored is lost; SIGTERM stops both, exit 0."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from storage import migrate
from storage.db import Database
from storage.models import InboxMessage, InboxState, OutboxMessage, OutboxState
from tests.databases import SqliteTemplate
from tests.fakes.telegram_api import FakeTelegramAPI, Updates, private_chat, user
from tests.ops.processes import (
    WEBHOOK_SECRET,
    free_port,
    service_env,
    start_service,
    stop,
    wait_ready,
)

pytestmark = pytest.mark.slow

SETTLE_SECONDS = 60
READY_SECONDS = 90  # two processes start on a shared, busy machine: the work process answers last


@pytest.fixture(params=["sqlite", "postgres"])
def service_database(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    """An empty, migrated database for `supplierbot` processes: a copy of the session's migrated
    SQLite file, or a PostgreSQL database of its own. Migrated in this process, not by `supplierbot
    db upgrade` (tested on its own): a process start is seconds of CPU, and on a busy machine
    that made a fourth of what this test cost, beside the three starts it is about."""
    if request.param == "sqlite":
        return sqlite_template.copy_to(tmp_path / "supplierbot.db")
    return str(request.getfixturevalue("migrated_throwaway_database"))


@pytest.fixture
async def migrated_throwaway_database(throwaway_database: str) -> str:
    database = _database(throwaway_database)
    try:
        await migrate.upgrade(database.writer)
    finally:
        await database.dispose()
    return throwaway_database


def _database(url: str) -> Database:
    """A reader beside the service's own processes (on PostgreSQL holding no pooled connection)."""
    return Database(url) if url.startswith("sqlite") else Database(url, null_pool=True)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def post_updates(base: str, texts: list[str], updates: Updates, *, twice: frozenset[int] = frozenset()
                       ) -> list[str]:
    """Each text as a private chat's update (the ones in `twice` delivered twice); their ids. Each is answered 200."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    ids = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        for n, text in enumerate(texts):
            update = updates.text(text, chat=private_chat(5000 + n), sender=user(5000 + n))
            for _ in range(2 if n in twice else 1):
                async with http.post(base + "/webhooks/telegram", json=update, headers=headers) as response:
                    assert response.status == 200, await response.text()
            ids.append(str(update["update_id"]))
    return ids


async def settled(url: str, expected: int) -> tuple[dict[str, str], list[OutboxMessage]]:
    """Inbox states by external id and the outbox, once `expected` messages are processed and sent."""
    database = _database(url)
    deadline = time.monotonic() + SETTLE_SECONDS
    try:
        while True:
            async with database.read() as session:
                inbox = dict((await session.execute(select(InboxMessage.external_id, InboxMessage.state))).all())
                outbox = list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
            done = sum(state == InboxState.PROCESSED.value for state in inbox.values()) >= expected \
                and all(row.state != OutboxState.PENDING.value for row in outbox)
            if done or time.monotonic() > deadline:
                return inbox, outbox
            await asyncio.sleep(0.25)
    finally:
        await database.dispose()


async def processed_count(url: str) -> int:
    database = _database(url)
    try:
        async with database.read() as session:
            return int(await session.scalar(select(func.count()).select_from(InboxMessage)
                                            .where(InboxMessage.state == InboxState.PROCESSED.value)) or 0)
    finally:
        await database.dispose()


def is_work_process(pid: int) -> bool:
    """`pid` runs `bot work`: serve's other children (its render processes, their resource tracker) are not it."""
    try:
        argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(argv[i:i + 3] == [b"-m", b"bot", b"work"] for i in range(len(argv)))


async def work_pid(serve_pid: int, *, other_than: int | None = None, limit: float = 60) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = [pid for pid in children(serve_pid) if pid != other_than and alive(pid) and is_work_process(pid)]
        if found:
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError("serve started no work process")


async def test_the_work_process_processes_once_holds_no_webhook_comes_back_and_stops_on_sigterm(
    service_database: str, tmp_path: Path
) -> None:
    """One life of `serve`, told in order (one start per engine, since starting two processes is
    most of what this costs): what the edge accepts, re-deliveries too, is processed once by the
    work process; a work process that cannot run (stopped, as a job that never yields its event
    loop would leave it) holds no webhook, and all is processed once it runs again; one that is
    killed is started again and nothing stored meanwhile is lost; SIGTERM stops both, exit 0."""
    url = service_database
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with FakeTelegramAPI() as api:
        env = service_env(url, port=port, photo_dir=tmp_path / "photos", telegram_api=api.root_url)
        process = await start_service("serve", env=env, cwd=tmp_path)
        updates = Updates()
        try:
            await wait_ready(process, base, limit=READY_SECONDS)

            # accepted by the edge, processed once by the work process
            first = await work_pid(process.pid)
            accepted = await post_updates(base, [f"/help {n}" for n in range(12)], updates, twice=frozenset({2, 5, 7}))
            inbox_accepted, _ = await settled(url, len(accepted))

            # a work process that cannot run holds no webhook
            os.kill(first, signal.SIGSTOP)
            try:
                while_stopped = await post_updates(base, [f"/help {n}" for n in range(12, 32)], updates)
                processed_while_stopped = await processed_count(url)
            finally:
                os.kill(first, signal.SIGCONT)
            inbox_resumed, _ = await settled(url, len(accepted) + len(while_stopped))

            # a killed work process is started again; what was sent while it was dead is kept
            before = await post_updates(base, [f"/help {n}" for n in range(32, 37)], updates)
            os.kill(first, signal.SIGKILL)
            during = await post_updates(base, [f"/help {n}" for n in range(37, 42)], updates)
            second = await work_pid(process.pid, other_than=first)
            everything = accepted + while_stopped + before + during
            inbox, outbox = await settled(url, len(everything))
            async with aiohttp.ClientSession() as http:
                async with http.get(base + "/metrics") as response:
                    metrics = await response.text()
                async with http.get(base + "/readyz") as response:
                    ready = await response.json()

            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 45)
        finally:
            await stop(process)
        sent = Counter(call.params["text"] for call in api.calls_to("sendMessage"))

    assert sorted(inbox_accepted) == sorted(accepted), "each update stored exactly once, re-deliveries too"
    assert set(inbox_accepted.values()) == {InboxState.PROCESSED.value}

    assert len(while_stopped) == 20, "every webhook answered 200 while the work process could not run"
    assert processed_while_stopped == len(accepted), "the edge processed nothing itself: the test proves the split"
    assert sorted(inbox_resumed) == sorted(accepted + while_stopped)
    assert set(inbox_resumed.values()) == {InboxState.PROCESSED.value}, "processed once the work process ran again"

    assert second != first
    assert "supplierbot_background_restarts_total 1.0" in metrics
    assert ready == {"status": "ready", "work": "running"}
    assert sorted(inbox) == sorted(everything), "stored once, the ones sent while it was dead too"
    assert set(inbox.values()) == {InboxState.PROCESSED.value}

    assert code == 0
    assert not alive(first) and not alive(second), "the work process outlived serve"
    assert len(outbox) >= len(everything), "every message was answered"
    assert {row.state for row in outbox} == {OutboxState.SENT.value}
    assert all(row.lease_owner is None for row in outbox), "no lease left behind"
    assert sent == Counter(row.payload["text"] for row in outbox), "each reply sent exactly once"
