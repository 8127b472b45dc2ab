"""Inbound: updates through the webhooks, the whole path (verify, inbox, parse, records,
outbox) per second, beside what this machine can do in the same run (`bench.ceiling`: a
group commit of the update, then that plus a regex reading and two Core INSERTs) and a bare
aiohttp handler that only parses the body.

Telegram traffic is mixed the way a day's traffic is (progress, delays, shipments, defects,
photos with a caption, buyers' questions); WeCom's is progress reports. Their words are real-style
phrases drawn from the labelled reading corpora (`bench.traffic`), or with `--traffic templates`
the fixed shapes of the stops before 42 (`PO-1001 完成50%`), to reproduce and compare old figures.
The server runs in its own process (bench.target); this process only generates load.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bench import traffic as traffics
from bench.common import Row, TargetProcess, drop_postgres, percentile, postgres_database, sqlite_database
from bench.target import TELEGRAM_SECRET, WECOM
from storage.db import Database
from storage.models import BindingRole, ChatBinding, ChatIdentity, InboxMessage, InboxState, Person, Supplier
from storage.order_intake import OrderDraft, create_orders

GROUP_ID = -1001234567
BUYERS_GROUP_ID = -1007654321
WECOM_USER = "wanggong"
PHOTO_FILE_ID = "AgACAgbenchphoto"
ORDERS = 6

Request = tuple[str, dict[str, str], dict[str, str], bytes]  # path, query, headers, body


async def seed(url: str) -> None:
    """A supplier, its Telegram group, the buyers' group, its WeCom contact and a few open orders."""
    db = Database(url)
    now = datetime.now(UTC)
    async with db.write() as session:
        supplier = Supplier(code="HD", name="华达精密", created_at=now)
        session.add(supplier)
        await session.flush()
        session.add(ChatBinding(platform="telegram", chat_id=str(GROUP_ID), role=BindingRole.SUPPLIER.value,
                                supplier_id=supplier.id, created_at=now))
        session.add(ChatBinding(platform="telegram", chat_id=str(BUYERS_GROUP_ID), role=BindingRole.BUYERS.value,
                                created_at=now))
        person = Person(name="王工", role="supplier", supplier_id=supplier.id, created_at=now)
        session.add(person)
        await session.flush()
        session.add(ChatIdentity(person_id=person.id, platform="wecom", user_id=WECOM_USER))
        await create_orders(session, [
            OrderDraft(po=f"PO-{1001 + i}", supplier="HD", part_no=f"BRK-22{i:02d}", process="stamping",
                       quantity=200_000, release_date=now.date(), due_date=now.date().replace(year=now.year + 1))
            for i in range(ORDERS)], actor="bench", now=now)
    await db.dispose()


def _telegram_message(n: int, traffic: str) -> dict[str, Any]:
    """The n-th message of a day's mix (`bench.traffic.SLOTS`): half progress, then delays,
    shipments, defects, photos, questions, each about one of the bench's orders in turn."""
    number = 1001 + n % ORDERS
    kind = traffics.kind_of(n)
    words = traffics.telegram_text(n, number, traffic)
    supplier_chat = {"id": GROUP_ID, "type": "supergroup", "title": "华达精密 外协群"}
    supplier = {"id": 42, "is_bot": False, "first_name": "王工"}
    if kind == "photo":
        return {"chat": supplier_chat, "from": supplier, "caption": words,
                "photo": [{"file_id": PHOTO_FILE_ID, "file_unique_id": "benchphoto", "width": 1200,
                           "height": 900, "file_size": 400_000}]}
    if kind == "buyer query":
        return {"chat": {"id": BUYERS_GROUP_ID, "type": "supergroup", "title": "采购群"},
                "from": {"id": 77, "is_bot": False, "first_name": "李采购"}, "text": words}
    return {"chat": supplier_chat, "from": supplier, "text": words}


def _ordinal(i: int, first_id: int, traffic: str) -> int:
    """Which message of the day the i-th request of a batch starting at update `first_id` is. The
    corpus mix goes on from the update id, so a second batch (the latency run) sends lines the first
    did not; the templates start again at 0 in every batch, as they always have."""
    return i if traffic == "templates" else first_id - 1 + i


def telegram_requests(count: int, first_id: int, traffic: str | None = None) -> list[Request]:
    """`count` Telegram webhooks, update ids from `first_id`, of the chosen traffic (`bench.traffic.chosen`)."""
    traffic = traffic or traffics.chosen()
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    out: list[Request] = []
    for i in range(count):
        message = {"message_id": 1000 + i, "date": int(time.time()),
                   **_telegram_message(_ordinal(i, first_id, traffic), traffic)}
        update = {"update_id": first_id + i, "message": message}
        out.append(("/webhooks/telegram", {}, headers, json.dumps(update, ensure_ascii=False).encode()))
    return out


def wecom_requests(count: int, first_id: int, traffic: str | None = None) -> list[Request]:
    """`count` WeCom callbacks (encrypted as WeCom does), MsgIds from `first_id`: progress reports on PO-1001."""
    from tests.fakes.wecom_api import CallbackSender, text_xml

    traffic = traffic or traffics.chosen()
    sender = CallbackSender(WECOM["token"], WECOM["aes_key"], WECOM["corp_id"], WECOM["agent_id"])
    now = int(time.time())
    out: list[Request] = []
    for i in range(count):
        words = traffics.wecom_text(_ordinal(i, first_id, traffic), 1001, traffic)
        plaintext = text_xml(WECOM_USER, words, msg_id=first_id + i, create_time=now,
                             corp_id=WECOM["corp_id"], agent_id=WECOM["agent_id"])
        query, body = sender.request(plaintext, timestamp=now, nonce=str(i))
        out.append(("/webhooks/wecom", query, {}, body))
    return out


async def closed_loop(port: int, requests: list[Request], concurrency: int) -> tuple[float, list[float], int]:
    """Send everything with `concurrency` workers; (seconds, latencies, non-200 count)."""
    queue = list(reversed(requests))
    latencies: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        async def worker() -> None:
            nonlocal failures
            while queue:
                path, query, headers, body = queue.pop()
                started = time.perf_counter()
                async with http.post(f"http://127.0.0.1:{port}{path}", params=query, headers=headers,
                                     data=body) as response:
                    await response.read()
                    if response.status != 200:
                        failures += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, failures


async def open_loop(port: int, requests: list[Request], rate: float) -> tuple[list[float], int]:
    """Send at a fixed rate regardless of answers (what a platform does); latencies of each."""
    latencies: list[float] = []
    failures = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        async def one(request: Request) -> None:
            nonlocal failures
            path, query, headers, body = request
            started = time.perf_counter()
            async with http.post(f"http://127.0.0.1:{port}{path}", params=query, headers=headers,
                                 data=body) as response:
                await response.read()
                if response.status != 200:
                    failures += 1
            latencies.append(time.perf_counter() - started)

        tasks = []
        begin = time.perf_counter()
        for index, request in enumerate(requests):
            delay = begin + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(request)))
        await asyncio.gather(*tasks)
    return latencies, failures


async def processed_count(url: str) -> int:
    db = Database(url)
    async with db.read() as session:
        value = await session.scalar(select(func.count()).select_from(InboxMessage)
                                     .where(InboxMessage.state != InboxState.PENDING.value))
    await db.dispose()
    return int(value or 0)


async def wait_processed(url: str, expected: int, timeout: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if await processed_count(url) >= expected:
            return time.perf_counter() - started
        await asyncio.sleep(0.2)
    return float("nan")


async def measure(kind: str, url: str, build: Callable[[int, int], list[Request]], count: int,
                  concurrency: int, rate: float, folder: Path, *, work_process: bool = False) -> dict[str, Any]:
    args = ["--kind", kind, *(["--work-process"] if work_process else [])]
    if url:
        args += ["--database", url, "--photos", str(folder / "photos"), "--photo-file-id", PHOTO_FILE_ID]
    async with TargetProcess(*args) as target:
        seconds, _, failures = await closed_loop(target.port, build(count, 1), concurrency)
        result: dict[str, Any] = {"per_second": count / seconds, "failures": failures, "rss": target.rss_mib()}
        if kind.startswith("ceiling-"):
            result["processed_per_second"] = result["per_second"]  # processed in the same commit
        elif url:
            drain = await wait_processed(url, count)
            result["processed_per_second"] = count / (seconds + drain) if drain == drain else float("nan")
        latencies, late_failures = await open_loop(target.port, build(int(rate * 5), count + 10), rate)
        result["p50_ms"] = percentile(latencies, 50) * 1000
        result["p99_ms"] = percentile(latencies, 99) * 1000
        result["failures"] += late_failures
    return result


async def run(quick: bool) -> list[Row]:
    count = 2000 if quick else 5000
    concurrency, rate = 32, 200.0
    rows: list[Row] = []
    traffic = traffics.chosen()
    print(traffics.describe(traffic), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for platform, build in (("telegram", telegram_requests), ("wecom", wecom_requests)):
            baseline = await measure("bare", "", build, count, concurrency, rate, folder)
            engines: list[tuple[str, str, str | None]] = [("SQLite", await sqlite_database(folder), None)]
            pg = await postgres_database()
            if pg:
                engines.append(("PostgreSQL", pg[0], pg[1]))
            for engine, url, pg_name in engines:
                commit = await _ceiling("ceiling-commit", engine, build, count, concurrency, rate, folder)
                parse = await _ceiling("ceiling-parse", engine, build, count, concurrency, rate, folder)
                await seed(url)
                one = await measure(platform, url, build, count, concurrency, rate, folder)
                if pg_name:
                    await drop_postgres(pg_name)
                    pg = await postgres_database()
                    assert pg is not None
                    url, pg_name = pg
                else:
                    url = await sqlite_database(folder)
                await seed(url)
                two = await measure(platform, url, build, count, concurrency, rate, folder, work_process=True)
                if pg_name:
                    await drop_postgres(pg_name)
                mix = "mixed" if platform == "telegram" else "progress"
                for layout, full in (("one process", one), ("edge + work process", two)):
                    rows.append(Row(
                        f"inbound {platform} ({mix}, {traffic}) → {engine}, {layout}",
                        f"{full['per_second']:,.0f} stored/s; {full['processed_per_second']:,.0f} processed/s; "
                        f"p50 {full['p50_ms']:.1f} ms, p99 {full['p99_ms']:.1f} ms at {rate:.0f}/s",
                        f"ceiling {commit['per_second']:,.0f} stored/s, {parse['per_second']:,.0f} processed/s "
                        f"(p99 {parse['p99_ms']:.1f} ms); bare {baseline['per_second']:,.0f}/s",
                        f"stored {full['per_second'] / commit['per_second']:.2f}×, "
                        f"processed {full['processed_per_second'] / parse['per_second']:.2f}× of ceiling",
                        f"{count} updates, {concurrency} concurrent; non-200: {full['failures']}; goal ≥0.5× each",
                    ))
    return rows


async def _ceiling(kind: str, engine: str, build: Callable[[int, int], list[Request]], count: int,
                   concurrency: int, rate: float, folder: Path) -> dict[str, Any]:
    """A ceiling server (`bench.ceiling`) on a database of its own on the same engine."""
    if engine == "SQLite":
        return await measure(kind, f"sqlite+aiosqlite:///{folder / f'{kind}.db'}", build, count, concurrency,
                             rate, folder)
    pg = await postgres_database()
    assert pg is not None
    try:
        return await measure(kind, pg[0], build, count, concurrency, rate, folder)
    finally:
        await drop_postgres(pg[1])
