"""`kill -9` of a replica under load: every update that was answered 200 is in the inbox,
and after a restart every stored update is processed exactly once.

The service runs as it does in production (`python -m bot serve`, its own process, SQLite
file); the test plays Telegram, both as the Bot API (FakeTelegramAPI) and as the sender of
webhooks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from storage.db import Database
from storage.inbox_file import inbox_file_path, inbox_file_url
from tests.fakes.telegram_api import FakeTelegramAPI, Updates
from tests.proof.harness import TELEGRAM_SECRET, huada_chat, huada_user, seed

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
UPDATES = 300
KILL_AFTER = 90  # answers of 200 seen before the SIGKILL
CONCURRENCY = 24


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replica:
    """`python -m bot serve` in a subprocess, with the settings of one deployment."""

    def __init__(self, folder: Path, api: FakeTelegramAPI) -> None:
        self.database = folder / "supplierbot.db"
        self.port = free_port()
        self.log = folder / "serve.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLIERBOT_")}
        env.update({
            "SUPPLIERBOT_DATABASE_URL": f"sqlite+aiosqlite:///{self.database}",
            "SUPPLIERBOT_HTTP_PORT": str(self.port),
            "SUPPLIERBOT_PHOTO_DIR": str(folder / "photos"),
            "SUPPLIERBOT_TELEGRAM_TOKEN": api.token,
            "SUPPLIERBOT_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "SUPPLIERBOT_TELEGRAM_API_BASE": api.root_url,
            "SUPPLIERBOT_LOG_LEVEL": "WARNING",
        })
        self.env = env
        self.process: asyncio.subprocess.Process | None = None

    async def run(self, *args: str) -> int:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=REPO, env=self.env,
                                                       stdout=asyncio.subprocess.DEVNULL,
                                                       stderr=asyncio.subprocess.DEVNULL)
        return await asyncio.wait_for(process.wait(), 60)  # a CLI command: imports and migrations, slow on a loaded machine

    async def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "serve", cwd=REPO, env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + 30  # generous: a loaded CI machine imports slowly
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.process.returncode is not None:
                    raise AssertionError(f"serve exited with {self.process.returncode}: {self.log.read_text()}")
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return
                await asyncio.sleep(0.05)
        raise AssertionError(f"serve did not come up: {self.log.read_text()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()

    def query(self, sql: str, *, inbox_file: bool = False) -> list[tuple[Any, ...]]:
        """SQL on the database, or on the inbox file where webhooks store (empty if not made yet)."""
        path = self.database
        if inbox_file:
            url = inbox_file_url(f"sqlite+aiosqlite:///{self.database}")
            assert url is not None
            path = inbox_file_path(url)
            if not path.exists():
                return []
        connection = sqlite3.connect(path, timeout=10)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(require_https_webhook=False, can_read_all_group_messages=True) as fake:
        yield fake


@pytest.fixture
async def replica(tmp_path: Path, api: FakeTelegramAPI) -> AsyncIterator[Replica]:
    service = Replica(tmp_path, api)
    assert await service.run("db", "upgrade") == 0
    database = Database(f"sqlite+aiosqlite:///{service.database}")
    await seed(database, datetime.now(UTC))
    await database.dispose()
    yield service
    await service.stop()


async def load_until_killed(replica: Replica, updates: list[dict[str, Any]]) -> dict[int, int | None]:
    """POST every update with `CONCURRENCY` senders; SIGKILL the replica after `KILL_AFTER` 200s.
    Returns each update's answer (None: no answer, the connection died)."""
    answers: dict[int, int | None] = {}
    queue = list(reversed(updates))
    ok = 0
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}

    async def sender(http: aiohttp.ClientSession) -> None:
        nonlocal ok
        while queue:
            update = queue.pop()
            try:
                async with http.post(f"{replica.url}/webhooks/telegram", data=json.dumps(update).encode(),
                                     headers=headers) as response:
                    await response.read()
                    answers[update["update_id"]] = response.status
            except (aiohttp.ClientError, ConnectionError, TimeoutError):  # no answer, as Telegram sees a timeout
                answers[update["update_id"]] = None
                continue
            if response.status == 200:
                ok += 1
                if ok == KILL_AFTER:
                    replica.kill()

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as http:
        await asyncio.gather(*(sender(http) for _ in range(CONCURRENCY)))
    return answers


async def test_a_replica_killed_under_load_lost_nothing_it_answered_and_processes_everything_once_after_restart(
    replica: Replica, api: FakeTelegramAPI,
) -> None:
    builder = Updates(first_update_id=990_000_000)
    updates = [builder.text(f"PO-1001 完成{1 + i * 98 // UPDATES}%", chat=huada_chat(), sender=huada_user())
               for i in range(UPDATES)]
    await replica.start()

    answers = await load_until_killed(replica, updates)
    assert replica.process is not None
    assert await asyncio.wait_for(replica.process.wait(), 10) == -signal.SIGKILL

    answered = {uid for uid, status in answers.items() if status == 200}
    stored = {int(eid) for (eid,) in replica.query("SELECT external_id FROM inbox")} | {
        int(eid) for (eid,) in replica.query("SELECT external_id FROM inbox", inbox_file=True)}
    leased_at_kill = Counter(chat for (chat,) in replica.query(
        "SELECT chat_id FROM outbox WHERE state = 'pending' AND lease_owner IS NOT NULL"))
    assert len(answered) >= KILL_AFTER
    assert answered <= stored, f"answered 200 but lost: {sorted(answered - stored)[:10]}"
    assert None in answers.values() or len(answered) < UPDATES, "the kill came too late to prove anything"
    assert {s for s in answers.values() if s is not None} <= {200}

    await replica.start()

    deadline = time.monotonic() + 90  # the work process imports and starts after /healthz: slow on a loaded machine
    # the state is in another process's SQLite file: there is no event to wait on
    pending = "SELECT COUNT(*) FROM inbox WHERE state = 'pending'"
    # the inbox file before the inbox: a message moves from the first to the second, so read the other
    # way it could move between the reads and be pending in neither
    while (replica.query(pending, inbox_file=True)[0][0] or replica.query(pending)[0][0]) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    rows = replica.query("SELECT id, state, attempts FROM inbox")
    waiting = replica.query("SELECT state, COUNT(*) FROM inbox GROUP BY state", inbox_file=True)
    assert len(rows) == len(stored), (  # which side held the rest, and what the restarted service said
        f"inbox file by state: {waiting}; the service's log ends:\n{replica.log.read_text()[-3000:]}")
    assert {(state, attempts) for _, state, attempts in rows} == {("processed", 1)}
    keys = replica.query("SELECT inbox_id, idempotency_key FROM outbox WHERE inbox_id IS NOT NULL")
    assert {inbox_id for inbox_id, _ in keys} == {row_id for row_id, _, _ in rows}
    assert len({key for _, key in keys}) == len(keys)
    reports = replica.query("SELECT inbox_id, COUNT(*) FROM progress_reports GROUP BY inbox_id")
    assert all(n == 1 for _, n in reports), "a message's report was written twice"
    queued = Counter(chat for (chat,) in replica.query("SELECT chat_id FROM outbox"))
    sent = Counter(str(chat) for chat, _ in api.messages)
    assert all(sent[chat] <= queued[chat] + leased_at_kill[chat] for chat in sent), "a reply was sent twice"
