"""Two `serve` replicas on PostgreSQL share one Feishu app. Each keeps its own long connection
(cluster mode: Feishu gives every event to one of the app's connections); every event is stored
once and answered once, also when Feishu pushes one event to both replicas, and when one
replica is killed with events in flight."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import InboxMessage
from tests.fakes.feishu_server import FakeFeishu, text_event
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

GROUP = "oc_supplier_group_0000000000000001"
WANG = "ou_wang00000000000000000000000001"


async def stored(url: str) -> Counter[str]:
    database = Database(url)
    async with database.read() as session:
        ids = (await session.execute(select(InboxMessage.external_id)
                                     .where(InboxMessage.platform == "feishu"))).scalars().all()
    await database.dispose()
    return Counter(ids)


async def test_two_replicas_store_every_event_once_and_answer_it_once(
        throwaway_database: str, tmp_path: Path) -> None:
    url = throwaway_database
    async with FakeFeishu(ack_timeout=3.0) as fake:
        ports = [free_port(), free_port()]
        envs = [service_env(url, port=port, photo_dir=tmp_path / "photos", SUPPLIERBOT_FEISHU_APP_ID=fake.app_id,
                            SUPPLIERBOT_FEISHU_APP_SECRET=fake.secret, SUPPLIERBOT_FEISHU_DOMAIN=fake.base_url)
                for port in ports]
        await run_cli("db", "upgrade", env=envs[0], cwd=tmp_path)
        await seed_supplier_group(url, "feishu", GROUP)
        replicas = [await start_service("serve", env=env, cwd=tmp_path) for env in envs]

        def answered(percent: int) -> int:
            return sum(f"进度 {percent}%" in t for t in fake.texts(GROUP))

        try:
            # two processes each importing lark_oapi (seconds) on a shared machine: a generous start
            await asyncio.gather(*(wait_ready(p, f"http://127.0.0.1:{port}", limit=120)
                                   for p, port in zip(replicas, ports, strict=True)))
            await fake.wait_connected(2, within=60)
            percents = [10, 20, 30, 40, 50]
            for percent in percents:
                await fake.push(text_event(f"PO-1001 完成{percent}%", chat_id=GROUP, sender=WANG,
                                           message_id=f"om_p{percent}", event_id=f"ev_p{percent}"))
                await fake.wait_for(lambda p=percent: answered(p) >= 1, within=30)
            # Feishu's at-least-once delivery: one event to both replicas, one after the other
            first, second = fake.live[:2]
            body = text_event("PO-1001 完成60%", chat_id=GROUP, sender=WANG, message_id="om_p60", event_id="ev_p60")
            await fake.push(body, conn=first)
            await fake.wait_for(lambda: fake.acked("ev_p60"))
            await fake.push(body, conn=second)
            await fake.wait_for(lambda: answered(60) >= 1, within=30)
            # kill one replica; an event pushed to its dead connection is pushed again to the other
            victim = next(p for p in replicas)
            victim.send_signal(signal.SIGKILL)
            await victim.wait()
            await fake.push(text_event("PO-1001 完成70%", chat_id=GROUP, sender=WANG, message_id="om_p70",
                                       event_id="ev_p70"))
            await fake.wait_for(lambda: answered(70) >= 1, within=30)
            await asyncio.sleep(2)  # time for a duplicate answer to show, if there were one
        finally:
            for process in replicas:
                if process.returncode is None:
                    await stop(process)
        received = [len(c.received) for c in fake.connections[:2]]

    assert all(received), f"cluster mode spreads events over both connections: {received}"
    assert await stored(url) == Counter({f"om_p{p}": 1 for p in (10, 20, 30, 40, 50, 60, 70)})
    assert {p: answered(p) for p in (10, 20, 30, 40, 50, 60, 70)} == {p: 1 for p in (10, 20, 30, 40, 50, 60, 70)}
