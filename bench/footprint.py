"""Footprint: resident memory idle and under inbound load, and start-up time, against a
bare aiohttp process measured in the same run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import traffic
from bench.common import Row, TargetProcess, sqlite_database
from bench.inbound import closed_loop, seed, telegram_requests


async def run(quick: bool) -> list[Row]:
    count = 1000 if quick else 5000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        async with TargetProcess("--kind", "bare") as bare:
            bare_start, bare_idle = bare.ready_after, bare.rss_mib()
        url = await sqlite_database(folder)
        await seed(url)
        async with TargetProcess("--kind", "telegram", "--database", url, "--photos", str(folder / "p")) as full:
            start, idle = full.ready_after, full.rss_mib()
            await closed_loop(full.port, telegram_requests(count, 1), 32)
            loaded = full.rss_mib()
    return [
        Row("start-up to /healthz", f"{start:.2f} s", f"{bare_start:.2f} s (bare aiohttp)", f"{start / bare_start:.1f}×",
            "SQLite, Telegram configured against the loopback fake"),
        Row("resident memory", f"{idle:.0f} MiB idle, {loaded:.0f} MiB after {count} updates",
            f"{bare_idle:.0f} MiB (bare aiohttp)", f"{idle / bare_idle:.1f}×",
            f"the inbound bench's Telegram mix ({traffic.chosen()} traffic)"),
    ]
