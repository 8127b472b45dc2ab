"""/readyz reads on a read connection: a long write (the digest, an import, a batch being
processed) does not make the service look unready, nor does readiness queue for the writer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.app import build_app
from bot.settings import Settings
from storage.db import Database

ClientFactory = Callable[..., Awaitable[TestClient]]


async def test_readyz_answers_ready_while_the_writer_is_held(aiohttp_client: ClientFactory, sqlite_url: str) -> None:
    database = Database(sqlite_url)
    client = await aiohttp_client(build_app(Settings(database_url=sqlite_url), database=database,
                                            channels={}, run_workers=False))
    async with database.write() as session:
        await session.execute(text("SELECT 1"))  # SQLite's one writer connection, in BEGIN IMMEDIATE
        response = await asyncio.wait_for(client.get("/readyz"), timeout=20)  # on the writer: would wait for us
        assert (response.status, await response.json()) == (200, {"status": "ready"})
