"""Ceiling servers: what this machine can do with a webhook, written only to find the limit.

Issue 20 measures the service against these, in the same run and the same process layout
(`bench.target`, its own process), so every inbound figure is a ratio to the machine's
ceiling at that moment rather than a number that drifts with the load of the day:

- `commit`: parse the body and store it with a group commit (every request waits for the
  commit that holds it; SQLite in WAL with `synchronous=FULL`, PostgreSQL one transaction a
  batch): the cost of "stored" with nothing else.
- `parse`: the same, plus a regex reading of the text and two Core INSERTs (a record and an
  outbound reply) in the same commit: the least "processed" can cost.

Nothing here is production code; the service must not import it.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

metadata = sa.MetaData()
inbox = sa.Table(
    "ceiling_inbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("update_id", sa.String(64), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.UniqueConstraint("platform", "update_id"),
)
records = sa.Table(
    "ceiling_records", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("po", sa.String(32)),
    sa.Column("percent", sa.Integer),
)
replies = sa.Table(
    "ceiling_replies", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("chat", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

READING = re.compile(r"(?:PO-?)?(?P<po>\d{3,6})\D*?(?P<percent>\d{1,3})\s*%")


@dataclass
class _Pending:
    row: dict[str, Any]
    extra: list[tuple[sa.Table, dict[str, Any]]]
    done: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class GroupCommit:
    """One writer task: every request queued while a commit runs goes into the next one."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        self.task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self.task:
            self.task.cancel()
        await self.engine.dispose()

    async def store(self, row: dict[str, Any], extra: list[tuple[sa.Table, dict[str, Any]]]) -> None:
        pending = _Pending(row, extra)
        await self.queue.put(pending)
        await pending.done

    async def _run(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while not self.queue.empty():
                batch.append(self.queue.get_nowait())
            try:
                async with self.engine.begin() as conn:
                    await conn.execute(inbox.insert(), [p.row for p in batch])
                    for table in (records, replies):
                        rows = [values for p in batch for t, values in p.extra if t is table]
                        if rows:
                            await conn.execute(table.insert(), rows)
            except Exception as exc:  # noqa: BLE001 - a ceiling server reports, it does not recover
                for p in batch:
                    p.done.set_exception(exc)
                continue
            for p in batch:
                p.done.set_result(None)


def _engine(database: str) -> AsyncEngine:
    if database.startswith("sqlite"):
        engine = create_async_engine(database)

        @sa.event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    return create_async_engine(database, pool_size=4)


def _telegram_text(update: dict[str, Any]) -> tuple[str, str, str]:
    message = update.get("message") or {}
    return str(update["update_id"]), str((message.get("chat") or {}).get("id", "")), \
        str(message.get("text") or message.get("caption") or "")


def build(kind: str, database: str) -> tuple[web.Application, GroupCommit]:
    """The aiohttp app of a ceiling server and its writer (started by the caller)."""
    writer = GroupCommit(_engine(database))
    with_parse = kind == "parse"

    async def telegram(request: web.Request) -> web.Response:
        update_id, chat, text = _telegram_text(json.loads(await request.read()))
        extra: list[tuple[sa.Table, dict[str, Any]]] = []
        if with_parse:
            match = READING.search(text)
            extra = [(records, {"po": match["po"] if match else None,
                                "percent": int(match["percent"]) if match else None}),
                     (replies, {"chat": chat, "text": f"已记录 {text[:40]}"})]
        await writer.store({"platform": "telegram", "update_id": update_id, "body": text}, extra)
        return web.Response()

    async def wecom(request: web.Request) -> web.Response:
        import xmltodict

        body = await request.read()
        envelope = xmltodict.parse(body).get("xml", {})
        key = request.query.get("nonce", "") + request.query.get("msg_signature", "")
        extra: list[tuple[sa.Table, dict[str, Any]]] = []
        if with_parse:  # the ciphertext stands in for the text: no decryption, so this stays a ceiling
            extra = [(records, {"po": None, "percent": None}), (replies, {"chat": "wecom", "text": "已记录"})]
        await writer.store({"platform": "wecom", "update_id": key,
                            "body": str(envelope.get("Encrypt", ""))[:200]}, extra)
        return web.Response(text="success")

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/webhooks/telegram", telegram)
    app.router.add_post("/webhooks/wecom", wecom)
    app.router.add_get("/healthz", healthz)
    return app, writer
