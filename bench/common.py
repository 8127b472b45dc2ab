"""What the benchmarks share: throw-away databases, a target server in its own process,
percentiles, and the table they print."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from storage import migrate
from storage.db import Database

REPO = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("SUPPLIERBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
BASE_REF = os.environ.get("SUPPLIERBOT_BENCH_BASE_REF", "main")


@contextmanager
def base_checkout(ref: str = BASE_REF) -> Iterator[Path]:
    """The tree of git ref `ref` of this repository (default `main`, `SUPPLIERBOT_BENCH_BASE_REF`),
    unpacked with `git archive` into a temporary folder and removed afterwards: the baseline of
    the benchmarks that compare two checkouts' code in processes of their own.

    Why a ref and not a folder: a fixed path (it was /work/main) measured whatever that folder
    held, edits and all, or nothing where it did not exist; a ref names exactly the code measured,
    on any machine with the repository. Why `git archive` and not `git worktree add`: it leaves
    no worktree registered in the repository if the benchmark is killed midway. The tree has no
    virtualenv of its own, so its processes run with this checkout's Python (`sys.executable`),
    the tree's folder first on `sys.path`: its dependencies must be this checkout's."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{ref}^{{commit}}"],
                            capture_output=True, text=True, check=False)
    if commit.returncode != 0:
        raise RuntimeError(f"no git ref {ref!r} in {REPO} to measure against (SUPPLIERBOT_BENCH_BASE_REF): "
                           f"{commit.stderr.strip()}")
    folder = Path(tempfile.mkdtemp(prefix="supplierbot-base-"))
    try:
        tree = folder / "base"
        tree.mkdir()
        archive = subprocess.Popen(["git", "-C", str(REPO), "archive", "--format=tar", commit.stdout.strip()],
                                   stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout, check=True)
        if archive.stdout is not None:
            archive.stdout.close()
        if archive.wait() != 0:
            raise RuntimeError(f"git archive {ref} failed")
        yield tree
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Row:
    benchmark: str
    figure: str
    baseline: str
    ratio: str
    note: str = ""


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def sqlite_database(folder: Path) -> str:
    url = f"sqlite+aiosqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    db = Database(url)
    await migrate.upgrade(db.writer)
    await db.dispose()
    return url


async def postgres_database() -> tuple[str, str] | None:
    """A new migrated database on the local PostgreSQL: (url, name), or None if absent."""
    dsn = PG_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    try:
        conn = await asyncpg.connect(dsn, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return None
    name = f"sbbench_{uuid.uuid4().hex[:8]}"
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = f"{PG_ADMIN_URL.rpartition('/')[0]}/{name}"
    db = Database(url)
    await migrate.upgrade(db.writer)
    await db.dispose()
    return url, name


async def drop_postgres(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://"))
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


class TargetProcess:
    """`python -m bench.target ...` on a free port: the server under test in its own process,
    so the load generator does not share its event loop."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.args = ["--port", str(self.port), *args]
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None

    async def __aenter__(self) -> TargetProcess:
        self.started = time.perf_counter()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-target-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.target", *self.args], cwd=REPO, env=self.env,
            stdout=subprocess.DEVNULL, stderr=self.log,
        )
        await self.wait_ready()
        return self

    async def wait_ready(self, timeout: float = 60) -> float:
        import aiohttp

        deadline = time.perf_counter() + timeout
        async with aiohttp.ClientSession() as http:
            while time.perf_counter() < deadline:
                if self.process and self.process.poll() is not None:
                    err = Path(self.log.name).read_text(errors="replace")
                    raise RuntimeError(f"target exited: {err[-2000:]}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            self.ready_after = time.perf_counter() - self.started
                            return self.ready_after
                except OSError:
                    pass
                await asyncio.sleep(0.02)
        raise TimeoutError("target did not start")

    def rss_mib(self) -> float:
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    async def __aexit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def print_table(rows: list[Row]) -> str:
    headers = ("benchmark", "figure", "baseline (same run)", "ratio", "note")
    table = [headers, *[(r.benchmark, r.figure, r.baseline, r.ratio, r.note) for r in rows]]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(table):
        lines.append("| " + " | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    text = "\n".join(lines)
    print(text, flush=True)
    return text
