"""Two `serve` replicas share one WeCom AI bot, whose single long connection one of them holds.
The holder is killed with SIGKILL: the other takes the connection over within 30 s, and every
message WeCom pushes before and after is stored once and answered, nothing sent twice beyond
the kill."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import (
    InboxMessage,
    Lease,
)
from tests.fakes.wecom_bot_server import FakeBotServer, text_body
from tests.ops.processes import (
    free_port,
    run_cli,
    seed_supplier_group,
    service_env,
    start_service,
    stop,
    wait_ready,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

GROUP = "wrkSupplierGroup01"
TAKEOVER_LIMIT = 30.0


async def lease_holder_pid(url: str) -> int | None:
    database = Database(url)
    async with database.read() as session:
        owner = await session.scalar(select(Lease.owner).where(Lease.name.like("wecom_bot:%")))
    await database.dispose()
    return int(owner.split(":")[1]) if owner and not owner.startswith("hold-off") else None


async def stored_msgids(url: str) -> Counter[str]:
    database = Database(url)
    async with database.read() as session:
        ids = (await session.execute(select(InboxMessage.external_id)
                                     .where(InboxMessage.platform == "wecom_bot"))).scalars().all()
    await database.dispose()
    return Counter(ids)


def replies(server: FakeBotServer) -> list[str]:
    frames = server.frames("aibot_send_msg") + server.frames("aibot_respond_msg")
    return [str(f.get("body")) for f in frames]


async def test_killing_the_replica_that_holds_the_connection_hands_it_over_within_30_seconds(
    throwaway_database: str, tmp_path: Path
) -> None:
    url = throwaway_database
    async with FakeBotServer() as server:
        ports = [free_port(), free_port()]
        envs = [service_env(url, port=port, photo_dir=tmp_path / "photos",
                            SUPPLIERBOT_WECOM_BOT_ID=server.bot_id, SUPPLIERBOT_WECOM_BOT_SECRET=server.secret,
                            SUPPLIERBOT_WECOM_BOT_WS_URL=server.ws_url, SUPPLIERBOT_WECOM_BOT_CA_FILE=server.ca_file,
                            SUPPLIERBOT_WECOM_BOT_NAME="SupplierBot")
                for port in ports]
        await run_cli("db", "upgrade", env=envs[0], cwd=tmp_path)
        await seed_supplier_group(url, "wecom_bot", GROUP)
        replicas = [await start_service("serve", env=env, cwd=tmp_path) for env in envs]
        try:
            await asyncio.gather(*(wait_ready(p, f"http://127.0.0.1:{port}")
                                   for p, port in zip(replicas, ports, strict=True)))
            await server.wait_for(lambda: server.active is not None, within=30)
            await server.push_message(text_body("msg-before", "@SupplierBot PO-1001 完成60%", chatid=GROUP,
                                                bot_id=server.bot_id))
            await server.wait_for(lambda: any("60%" in r for r in replies(server)), within=30)

            holder_pid = await lease_holder_pid(url)
            [holder] = [p for p in replicas if p.pid == holder_pid]
            subscribes_before = server.subscribes()
            holder.send_signal(signal.SIGKILL)
            await holder.wait()
            killed_at = time.monotonic()
            await server.wait_for(lambda: server.subscribes() > subscribes_before and server.active is not None,
                                  within=TAKEOVER_LIMIT + 5)
            takeover = time.monotonic() - killed_at

            await server.push_message(text_body("msg-after", "@SupplierBot PO-1001 完成80%", chatid=GROUP,
                                                bot_id=server.bot_id))
            await server.wait_for(lambda: any("80%" in r for r in replies(server)), within=30)
        finally:
            for process in replicas:
                if process.returncode is None:
                    await stop(process)
        sent = replies(server)

    print(f"AI-bot connection taken over {takeover:.1f} s after the holder was killed")
    assert takeover <= TAKEOVER_LIMIT, f"took {takeover:.1f}s to take the connection over"
    assert await stored_msgids(url) == Counter({"msg-before": 1, "msg-after": 1})
    assert sum("60%" in r for r in sent) <= 2 and sum("80%" in r for r in sent) == 1
