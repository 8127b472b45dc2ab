"""Three `serve` processes tick the same PostgreSQL database; one is killed with SIGKILL in the
middle of an escalation fan-out. Every escalation still reaches its chat, and no chat gets a
message twice more often than there were kills (at-least-once, duplicates bounded)."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    Milestone,
    Order,
    OrderStatus,
    OutboxMessage,
    OutboxState,
    Supplier,
)
from tests.fakes.telegram_api import FakeTelegramAPI, Fault
from tests.ops.processes import free_port, run_cli, service_env, start_service, stop, wait_ready

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SUPPLIERS = 24
KILLS = 1
EVERY_DAY_NO_QUIET_HOURS = {
    "SUPPLIERBOT_SCHEDULER": "true",
    "SUPPLIERBOT_SCHEDULER_INTERVAL_SECONDS": "0.5",
    "SUPPLIERBOT_OUTBOX_LEASE_SECONDS": "3",
    "SUPPLIERBOT_WORKING_DAYS": "mon,tue,wed,thu,fri,sat,sun",
    "SUPPLIERBOT_QUIET_HOURS": "",
}


def supplier_chat(n: int) -> int:
    return -5_000_000 - n


async def seed_late_orders(url: str) -> None:
    """Each supplier has its own group and two orders whose current node is three days late."""
    database = Database(url)
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date()
    async with database.write() as session:
        for n in range(SUPPLIERS):
            supplier = Supplier(code=f"S{n}", name=f"供应商{n}", created_at=now)
            session.add(supplier)
            await session.flush()
            session.add(ChatBinding(platform="telegram", chat_id=str(supplier_chat(n)), chat_kind="group",
                                    role=BindingRole.SUPPLIER.value, supplier_id=supplier.id, title=f"群{n}",
                                    created_at=now))
            for k in range(2):
                order = Order(po=f"PO-{n}-{k}", po_key=f"{n}{k}", supplier_id=supplier.id, part_no="P",
                              process="stamping", quantity=100, release_date=today - timedelta(days=10),
                              due_date=today + timedelta(days=10), status=OrderStatus.IN_PROGRESS.value,
                              created_at=now, updated_at=now)
                session.add(order)
                await session.flush()
                late = today - timedelta(days=3)
                session.add(Milestone(order_id=order.id, seq=0, node="material_ready", planned_date=late,
                                      original_planned_date=late, updated_at=now))
    await database.dispose()


async def escalation_rows(url: str) -> list[OutboxMessage]:
    database = Database(url)
    async with database.read() as session:
        rows = list((await session.execute(
            select(OutboxMessage).where(OutboxMessage.idempotency_key.like("esc:%"))
        )).scalars())
    await database.dispose()
    return rows


async def test_a_replica_killed_mid_fan_out_loses_no_escalation_and_duplicates_at_most_once(
    throwaway_database: str, tmp_path: Path
) -> None:
    url = throwaway_database
    async with FakeTelegramAPI() as api:
        api.program("sendMessage", *[Fault.latency(0.25)] * 200)  # slow sends: the fan-out takes a while
        ports = [free_port() for _ in range(3)]
        envs = [service_env(url, port=port, photo_dir=tmp_path / "photos", telegram_api=api.root_url,
                            **EVERY_DAY_NO_QUIET_HOURS) for port in ports]
        await run_cli("db", "upgrade", env=envs[0], cwd=tmp_path)
        await seed_late_orders(url)
        replicas = [await start_service("serve", env=env, cwd=tmp_path) for env in envs]
        try:
            await asyncio.gather(*(wait_ready(p, f"http://127.0.0.1:{port}")
                                   for p, port in zip(replicas, ports, strict=True)))
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if len(api.calls_to("sendMessage")) >= 4:
                    break
                await asyncio.sleep(0.05)
            assert api.calls_to("sendMessage"), "the fan-out never started"
            replicas[0].send_signal(signal.SIGKILL)
            await replicas[0].wait()

            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                rows = await escalation_rows(url)
                reached = {c.params.get("chat_id") for c in api.calls_to("sendMessage")}
                if (rows and all(r.state == OutboxState.SENT.value for r in rows)
                        and all(supplier_chat(n) in reached for n in range(SUPPLIERS))):
                    break
                await asyncio.sleep(0.2)
        finally:
            for process in replicas[1:]:
                await stop(process)
        calls = api.calls_to("sendMessage")

    rows = await escalation_rows(url)
    assert rows and all(r.state == OutboxState.SENT.value for r in rows), "every escalation delivered"
    reached = Counter(c.params["chat_id"] for c in calls)
    assert set(reached) >= {supplier_chat(n) for n in range(SUPPLIERS)}, "every supplier's group was told"
    per_message = Counter((c.params["chat_id"], c.params["text"]) for c in calls)
    duplicates = sum(count - 1 for count in per_message.values())
    assert duplicates <= KILLS, f"{duplicates} duplicate sends after {KILLS} kill(s)"
