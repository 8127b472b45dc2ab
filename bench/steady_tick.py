"""A steady escalation tick at scale: N open orders over N/100 suppliers (`long_jobs.load_orders`),
every order's second node late and each of them with its open overdue exception, no ladder step
due. The tick has nothing to do; it should cost little. Each checkout (this one and the
baseline) runs one tick in a process of its own on the same database (the tick writes nothing,
checked): its time, the process's peak RSS over what it held before the tick, and the SQL
statements sent.

The baseline is a git ref, `main` unless `SUPPLIERBOT_BENCH_BASE_REF` names another (a branch,
a tag, a commit): its tree is unpacked with `git archive` into a temporary folder for the run
and removed after it (`bench.common.base_checkout`), and its tick runs from there with this
checkout's Python and virtualenv, the tree's folder first on `sys.path`. So a run measures
exactly that commit's code, never a working copy's edits; the figures are labelled with the ref.

`python -m bench.steady_tick [--orders 100000] [--engines sqlite,postgresql]`; also part of
`python -m bench` (10,000 orders with `--quick`, 100,000 without).
The child: `python bench/steady_tick.py tick --code DIR --database URL --now ISO`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


async def plant(url: str, orders: int, now: datetime) -> int:
    """The orders (each with a late node), and an open overdue exception for every late node,
    its next step two days off: the state a tick leaves once it has opened them all."""
    from sqlalchemy import insert, select, text

    from bench.long_jobs import load_orders
    from scheduler.queries import overdue_key
    from storage.db import Database
    from storage.models import ExceptionTicket, Milestone

    await load_orders(url, orders, now.date())
    database = Database(url)
    later = now + timedelta(days=2)
    async with database.read() as session:
        late = list((await session.execute(
            select(Milestone).where(Milestone.status == "pending", Milestone.planned_date < now.date())
        )).scalars())
    tickets = [{"order_id": m.order_id, "milestone_id": m.id, "kind": "overdue", "severity": "medium",
                "dedupe_key": overdue_key(m), "title": "逾期", "description": "", "opened_at": now - timedelta(days=2),
                "opened_by": "scheduler", "level": 1, "repeat": 0, "next_escalation_at": later, "ladder_round": 0}
               for m in late]
    for start in range(0, len(tickets), 5000):
        async with database.write() as session:
            await session.execute(insert(ExceptionTicket), tickets[start:start + 5000])
    if not database.is_sqlite:  # as autovacuum would have by the next tick: the planner learns the exceptions
        async with database.write() as session:
            await session.execute(text("ANALYZE"))
    await database.dispose()
    return len(tickets)


def run_tick(code: Path, url: str, now: datetime) -> dict[str, Any]:
    python = code / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python if python.exists() else sys.executable), str(HERE), "tick", "--code", str(code),
         "--database", url, "--now", now.isoformat()],
        cwd=code, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


async def counts(url: str) -> tuple[int, ...]:
    from sqlalchemy import func, select

    from storage.db import Database
    from storage.models import EscalationStep, ExceptionTicket, OutboxMessage

    database = Database(url)
    async with database.read() as session:
        found = tuple([int(await session.scalar(select(func.count()).select_from(model)) or 0)
                       for model in (ExceptionTicket, EscalationStep, OutboxMessage)])
    await database.dispose()
    return found


async def measure(engine: str, orders: int, folder: Path, base: Path) -> list[tuple[str, dict[str, Any]]]:
    """The tick of the baseline (`base`: its tree, labelled `BASE_REF`) and of this checkout."""
    from bench.common import BASE_REF, drop_postgres, postgres_database, sqlite_database
    from bench.long_jobs import job_time

    now = job_time()
    name = None
    if engine == "sqlite":
        url = await sqlite_database(folder)
    else:
        made = await postgres_database()
        if made is None:
            return []
        url, name = made
    try:
        await plant(url, orders, now)
        before = await counts(url)
        results = []
        for label, code in ((BASE_REF, base), ("this", HERE.parent.parent)):
            result = run_tick(code, url, now)
            if await counts(url) != before:
                raise RuntimeError(f"{label}'s steady tick wrote rows: {before} -> {await counts(url)}")
            results.append((label, result))
        return results
    finally:
        if name is not None:
            await drop_postgres(name)


async def run(quick: bool) -> list[Any]:
    from bench.common import BASE_REF, Row, base_checkout

    def said(result: dict[str, Any]) -> str:
        return (f"{result['seconds']:.2f} s, +{result['peak_mib'] - result['base_mib']:.0f} MiB peak, "
                f"{result['statements']} statements")

    orders = 10_000 if quick else 100_000
    rows = []
    with tempfile.TemporaryDirectory() as folder, base_checkout() as base:
        for engine in ("sqlite", "postgresql"):
            found = dict(await measure(engine, orders, Path(folder), base))
            if "this" in found:
                rows.append(Row(f"steady escalation tick: {orders:,} late nodes, each with its exception ({engine})",
                                said(found["this"]), f"{BASE_REF}: {said(found[BASE_REF])}",
                                f"{found[BASE_REF]['seconds'] / found['this']['seconds']:.0f}x faster"))
    return rows


async def _tick(code: str, url: str, now: datetime) -> dict[str, Any]:
    from sqlalchemy import event

    from scheduler.jobs import JobConfig, escalate_overdue
    from storage.db import Database

    database = Database(url)
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    for engine in {database.writer, database.reader}:
        event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    async with database.read() as session:  # connections open before the figures start
        await session.connection()
    base = _reset_peak()
    began = time.perf_counter()
    sent = await escalate_overdue(database, now, JobConfig())
    seconds = time.perf_counter() - began
    peak = _memory("VmHWM")
    await database.dispose()
    return {"code": code, "seconds": seconds, "base_mib": base, "peak_mib": peak, "sent": sent,
            "statements": len(statements)}


def _memory(field: str) -> float:
    """MiB of this process's `VmRSS` (now) or `VmHWM` (peak) from /proc (getrusage's peak carries
    the parent's over exec, so a child started by a big bench would report the bench's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> float:
    """Start the peak over from what the process holds now (Linux: `5` to clear_refs); that amount."""
    Path("/proc/self/clear_refs").write_text("5")
    return _memory("VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("tick", "bench"), nargs="?", default="bench")
    parser.add_argument("--code")
    parser.add_argument("--database")
    parser.add_argument("--now")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    if args.what == "tick":
        here = str(HERE.parent)
        sys.path[:] = [args.code, *(p for p in sys.path if p not in (here, args.code))]
        print(json.dumps(asyncio.run(_tick(args.code, args.database, datetime.fromisoformat(args.now)))))
        return

    async def bench() -> None:
        from bench.common import base_checkout

        with tempfile.TemporaryDirectory() as folder, base_checkout() as base:
            for engine in args.engines.split(","):
                for label, result in await measure(engine, args.orders, Path(folder), base):
                    print(engine, label, json.dumps(result), flush=True)

    asyncio.run(bench())


if __name__ == "__main__":
    main()
