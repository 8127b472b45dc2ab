"""Long jobs write in short transactions: what a job found on a read connection is written a
chunk at a time, each chunk its own transaction on the writer, and the job steps aside between
chunks so a webhook's inbox insert or a message's processing waiting for the one writer goes
first. A job of 30,000 rows then holds SQLite's writer for one chunk, never for the whole run.

What a job reads is read a page at a time (`PAGE_ROWS`, keyset-paged on a read connection) and
written before the next page is read, so its memory stays bounded however many rows are due
(an escalation tick over 100,000 late nodes held them all at once: 1.5 GB). Each page itself
is read in parts (`rows_in_parts`), so the event loop the webhooks are
answered on is let go while 50,000 rows are built (the loop still shares its CPU with the job).

Each chunk must be safe to write twice (every scheduled write is keyed: outbox idempotency
keys, prompt slots, exception dedupe keys), so a job killed between chunks is finished by the
next run without writing anything twice.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database

CHUNK_ROWS = 200  # rows (or units of work) one write transaction may take at most
READ_PART = 250  # rows a long read builds before the event loop is let go
PAGE_ROWS = 2000  # rows a long job reads (and holds in memory) at once, keyset-paged (read at each call)
FIRST_CHUNK = 50  # where the pace starts before it has timed a chunk
WRITE_BUDGET = 0.2  # seconds one chunk's write transaction should stay near
T = TypeVar("T")

WriteChunk = Callable[[AsyncSession, Sequence[T]], Awaitable[int]]


def chunks(items: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size` (default `CHUNK_ROWS`, read at each call)."""
    size = size or CHUNK_ROWS
    if size < 1:
        raise ValueError("a chunk holds at least one item")
    for start in range(0, len(items), size):
        yield items[start:start + size]


def weighed(items: Sequence[T], weight: Callable[[T], int], limit: int | None = None) -> Iterator[Sequence[T]]:
    """`items` in consecutive runs of at most `limit` items (default `PAGE_ROWS`, read at each call)
    whose weights (rows each brings: a supplier's nodes, a prompt's orders) add up to at most
    `limit`; an item heavier than that alone is a run of its own. A job reads a run's rows, writes
    them and lets them go before the next: it holds about a page, in the items' own order."""
    limit = limit or PAGE_ROWS
    start, total = 0, 0
    for index, item in enumerate(items):
        heft = max(0, weight(item))
        if index > start and (total + heft > limit or index - start >= limit):
            yield items[start:index]
            start, total = index, 0
        total += heft
    if start < len(items):
        yield items[start:]


async def step_aside() -> None:
    """Let whoever waits for the writer take it before the next chunk asks again: the pool hands
    a returned connection to the first waiter, which runs only once this task yields."""
    await asyncio.sleep(0)


@dataclass
class Pace:
    """Sizes chunks so one write transaction stays near `budget` seconds, never above `largest`
    rows: rows cost more on a busy machine or a big table, and the writer is held only briefly
    however slow each row is. (Durations only, on the monotonic clock: never a time of day.)

    A hold is a part every chunk pays whatever its size (its round trips, and on a busy event
    loop a turn of every other task at each of them) plus its rows' cost. Once chunks of two
    sizes were timed the two are told apart (a line through the latest hold of each size), and
    only the rows' part is sized: when the fixed part alone is near the budget, the rows get a
    quarter of it. Taking each hold as all rows (as before) drove an import's chunks to one row
    while the work process was busy (a 1-row chunk's hold was 0.3 s, almost all of it waiting
    for the loop) and kept them there, so every row paid a read and a write transaction's waits:
    30,000 rows beside processing on PostgreSQL wrote 2-3 rows a second."""

    largest: int
    size: int = FIRST_CHUNK
    budget: float = WRITE_BUDGET
    holds: dict[int, float] = field(default_factory=dict)  # chunk size -> its latest hold, newest last

    def __post_init__(self) -> None:
        self.size = max(1, min(self.size, self.largest))

    def took(self, seconds: float) -> None:
        """How long the last chunk (of `size` rows) held the writer (from its first statement to its commit)."""
        self.holds.pop(self.size, None)
        self.holds[self.size] = seconds
        while len(self.holds) > KEPT_SIZES:
            del self.holds[next(iter(self.holds))]
        fitted = _fixed_and_per_row(self.holds)
        if fitted is None:  # one size timed so far: its hold is taken as its rows'
            if seconds > self.budget:
                # a one-row chunk over the budget cannot shrink: the next, of two, tells its rows from the rest
                self.size = min(self.largest, 2) if self.size == 1 else max(1, int(self.size * self.budget / seconds))
            elif seconds < self.budget / 4:
                self.size = min(self.largest, self.size * 2)
            return
        fixed, per_row = fitted
        room = max(self.budget - fixed, self.budget / 4)
        wanted = int(room / per_row) if per_row > 0 else self.largest
        self.size = max(1, min(self.largest, self.size * 2, wanted))


KEPT_SIZES = 8  # chunk sizes whose latest hold the pace keeps


def _fixed_and_per_row(holds: dict[int, float]) -> tuple[float, float] | None:
    """(seconds a chunk pays whatever its size, seconds a row) by least squares over the holds of
    each size, both at least 0 and the fixed part at most the shortest hold; None with one size."""
    if len(holds) < 2:
        return None
    sizes, times = list(holds), list(holds.values())
    mean_size, mean_time = sum(sizes) / len(sizes), sum(times) / len(times)
    spread = sum((s - mean_size) ** 2 for s in sizes)
    per_row = max(0.0, sum((s - mean_size) * (t - mean_time) for s, t in zip(sizes, times, strict=True)) / spread)
    fixed = min(max(0.0, mean_time - per_row * mean_size), min(times))
    return fixed, per_row


def started() -> float:
    return time.monotonic()


_deferring = 0  # chunks holding the writer now (one event loop: their transactions may interleave)
_we_disabled = False  # whether the collector was on when the first of them began


@contextmanager
def collecting_after() -> Iterator[None]:
    """No automatic garbage collection while a job's chunk holds the writer; whatever collection
    fell due meanwhile runs at the next allocation after the last chunk let the writer go.

    Why: a full collection walks every object the process holds, and a job holds a page of
    rows besides the service's own; in the middle of a chunk it held SQLite's one writer for
    its whole length (an escalation tick over 10,000 late nodes: write calls of 21-64 rows took
    0.24-0.30 s, 0.20-0.25 s of it collecting; its longest transaction 0.45 s against a budget
    of 0.2 s). A chunk is bounded (`WRITE_BUDGET`), so what it leaves uncollected is too. If
    something else turned the collector off, it stays off."""
    global _deferring, _we_disabled
    if _deferring == 0:
        _we_disabled = gc.isenabled()
        gc.disable()
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if _deferring == 0 and _we_disabled:
            gc.enable()


async def holding(session: AsyncSession) -> float:
    """Take the writer now (waiting for it is not holding it) and say when the hold began."""
    await session.connection()
    return started()


async def write_in_chunks(database: Database, items: Sequence[T], write: WriteChunk[T], *,
                          size: int | None = None, budget: float | None = None) -> int:
    """`write(session, part)` over `items`, each transaction holding at most `size` items (default
    `CHUNK_ROWS`) and ending once it has held the writer `budget` seconds (default `WRITE_BUDGET`);
    the sum of what `write` returns.

    Why bounded inside the transaction and not only paced between them: a pace learns from the
    chunk before, so the first chunk of a job, or any chunk after the machine got busy, held the
    writer for its whole size (an escalation tick's first chunk measured 0.9 s). Here a
    transaction takes `write` calls of a few items (`part`, grown while a call costs under a
    sixteenth of the budget) and commits as soon as the budget is spent, so the writer is held
    about `budget` plus one part, whatever a row costs; no collection pauses it (`collecting_after`)."""
    largest = size or CHUNK_ROWS
    budget = WRITE_BUDGET if budget is None else budget
    part = Pace(largest, size=1, budget=budget / 4)
    total, position = 0, 0
    while position < len(items):
        end = min(len(items), position + largest)
        with collecting_after():
            async with database.write() as session:
                began = await holding(session)
                while position < end:
                    items_now = items[position:min(end, position + part.size)]
                    call = started()
                    total += await write(session, items_now)
                    part.took(started() - call)
                    position += len(items_now)
                    if started() - began >= budget:
                        break
        await step_aside()
    return total


async def rows_in_parts(session: AsyncSession, query: Executable, size: int = READ_PART) -> list[Any]:
    """Every row of `query`, fetched and built `size` at a time with the event loop let go between
    parts: a job reading 50,000 nodes otherwise builds them in one go on the loop the webhooks
    are answered on, and each waits for all of it."""
    result = await session.stream(query.execution_options(yield_per=size))
    rows: list[Any] = []
    async for part in result.partitions():
        rows.extend(part)
        await step_aside()
    return rows
