"""Real `python -m bot` processes for the operations tests: environment, start, readiness, stop."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

from storage.db import Database
from storage.models import BindingRole, ChatBinding, Milestone, Order, OrderStatus, Supplier
from tests.fakes.telegram_api import DEFAULT_TOKEN

WEBHOOK_SECRET = "ops-test-secret_1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_env(database_url: str, *, port: int, photo_dir: Path, telegram_api: str | None = None,
                render_processes: int | None = 0, **extra: str) -> dict[str, str]:
    """The parent's environment without any SUPPLIERBOT_* leaking in, plus the given settings.

    No render processes by default: these services are asked no report page, and each render
    process is an interpreter that imports the pages (~2.3 s of CPU a start, every replica of every
    test); None leaves the service's own default (`test_shutdown`: every child stops with it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLIERBOT_")}
    env.update({
        "SUPPLIERBOT_DATABASE_URL": database_url,
        "SUPPLIERBOT_HTTP_HOST": "127.0.0.1",
        "SUPPLIERBOT_HTTP_PORT": str(port),
        "SUPPLIERBOT_PHOTO_DIR": str(photo_dir),
        "SUPPLIERBOT_SCHEDULER": "false",
        "SUPPLIERBOT_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    if render_processes is not None:
        env["SUPPLIERBOT_RENDER_PROCESSES"] = str(render_processes)
    if telegram_api is not None:
        env.update({
            "SUPPLIERBOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
            "SUPPLIERBOT_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "SUPPLIERBOT_TELEGRAM_API_BASE": telegram_api,
        })
    env.update(extra)
    return env


async def run_cli(*args: str, env: dict[str, str], cwd: Path, limit: float = 60) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), limit)
    text = output.decode(errors="replace")
    assert process.returncode == 0, f"supplierbot {' '.join(args)} exited {process.returncode}:\n{text}"
    return text


async def start_service(command: str, *, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", command, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def wait_ready(process: asyncio.subprocess.Process, base: str, *, limit: float = 120) -> None:
    """Until /readyz answers 200; fails with the process's output if it died first."""
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise AssertionError(f"service exited {process.returncode}: {await _drain(process)}")
            try:
                async with http.get(base + "/readyz") as response:
                    if response.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
    await stop(process)
    raise AssertionError(f"service not ready within {limit}s: {await _drain(process)}")


async def stop(process: asyncio.subprocess.Process, *, limit: float = 20) -> int:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), limit)
        except TimeoutError:
            process.kill()
            await process.wait()
    return int(process.returncode or 0)


async def _drain(process: asyncio.subprocess.Process) -> str:
    chunks = []
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            try:
                chunks.append((await asyncio.wait_for(stream.read(), 2)).decode(errors="replace"))
            except TimeoutError:
                pass
    return "\n".join(chunks)[-4000:]


async def seed_supplier_group(url: str, platform: str, chat_id: str) -> None:
    """The database the replicas share: one supplier, its group chat on `platform`, and one open
    order with three nodes planned ahead (what a supplier can report on)."""
    database = Database(url)
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date()
    async with database.write() as session:
        supplier = Supplier(code="HD", name="华达精密", created_at=now)
        session.add(supplier)
        await session.flush()
        session.add(ChatBinding(platform=platform, chat_id=chat_id, chat_kind="group",
                                role=BindingRole.SUPPLIER.value, supplier_id=supplier.id, created_at=now))
        order = Order(po="PO-1001", po_key="1001", supplier_id=supplier.id, part_no="BRK-2201", process="stamping",
                      quantity=2000, release_date=today, due_date=today + timedelta(days=20),
                      status=OrderStatus.IN_PROGRESS.value, created_at=now, updated_at=now)
        session.add(order)
        await session.flush()
        for seq, node in enumerate(("material_ready", "first_process", "in_process")):
            planned = today + timedelta(days=5 * (seq + 1))
            session.add(Milestone(order_id=order.id, seq=seq, node=node, planned_date=planned,
                                  original_planned_date=planned, updated_at=now))
    await database.dispose()
