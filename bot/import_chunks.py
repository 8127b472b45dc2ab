"""An import is judged whole, then written a chunk at a time.

A sheet of 100,000 rows written in one transaction held SQLite's one writer for over a
minute (every webhook waited, WeCom gave up after 5 s) and kept every new order, node and
criterion in one session (2.4 GB). So the file is checked whole on a read connection first
(every problem of every row, nothing written, exactly as before), and only then written
`IMPORT_CHUNK` rows to a transaction through the same intake (`create_orders`,
`apply_import`), stepping aside between chunks so waiting writers go first.

A run cut short between chunks (a crash, or a PO entered elsewhere meanwhile) has written
whole chunks only, each row once; `supplierbot import --update FILE` finishes it: the rows
written are then "unchanged" and the rest are created, so nothing is written twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from bot.import_sync import ImportPlan, apply_import
from scheduler.ladder import Ladder
from storage.chunked import Pace, holding, started, step_aside
from storage.db import Database
from storage.intake_fields import IntakeError, Problem
from storage.models import Order
from storage.order_intake import OrderDraft, check_orders, insert_checked

IMPORT_CHUNK = 200
Written = Callable[[int, int], None]  # (rows written, rows to write)


@dataclass
class ImportWritten:
    """What the chunks wrote: new orders by supplier name, and how many rows were written."""

    created: int = 0
    rows: int = 0
    transactions: int = 0  # write transactions committed
    by_supplier: Counter[str] = field(default_factory=Counter)

    def took(self, orders: Sequence[Order]) -> None:
        """One more transaction committed, which wrote `orders`."""
        self.by_supplier.update(order.supplier.name for order in orders)
        self.created += len(orders)
        self.transactions += 1


class ImportCutShort(IntakeError):
    """A chunk was refused after earlier chunks were written (a PO entered elsewhere meanwhile)."""

    def __init__(self, problems: list[Problem], written: ImportWritten) -> None:
        super().__init__(problems)
        self.written = written


async def create_in_chunks(
    database: Database, drafts: Sequence[OrderDraft], *, actor: str, now: datetime, today: date,
    written: Written | None = None, size: int | None = None,
) -> ImportWritten:
    """New orders, at most `size` to a transaction and fewer when a chunk would hold the writer
    past the budget (`storage.chunked.Pace`). Each chunk is checked again on a read connection
    just before it is written, so the writer is held for the inserts only."""
    result = ImportWritten()
    pace = Pace(size or IMPORT_CHUNK)
    while result.rows < len(drafts):
        chunk = drafts[result.rows:result.rows + pace.size]
        with _cut_short(result):
            async with database.read() as session:
                checked = await check_orders(session, chunk, today=today, ensure=False)
            result.took(await _one_transaction(database, pace,
                                               partial(insert_checked, checked=checked, actor=actor, now=now)))
        result.rows += len(chunk)
        if written is not None:
            written(result.rows, len(drafts))
        await step_aside()
    return result


async def apply_in_chunks(
    database: Database, drafts: Sequence[OrderDraft], plan: ImportPlan, *, actor: str, now: datetime,
    today: date, ladder: Ladder, written: Written | None = None, size: int | None = None,
) -> ImportWritten:
    """`apply_import` of a checked plan: new suppliers first, then `size` rows to a transaction
    (rows that change nothing are not written at all)."""
    result = ImportWritten()
    if plan.new_suppliers:
        async with database.write() as session:
            await apply_import(session, [], ImportPlan([], plan.new_suppliers), actor=actor, now=now, today=today,
                               ladder=ladder)
        result.transactions += 1
    pairs = list(zip(drafts, plan.rows, strict=True))
    pace = Pace(size or IMPORT_CHUNK)
    while result.rows < len(pairs):
        chunk = pairs[result.rows:result.rows + pace.size]
        if any(row.action != "same" for _, row in chunk):
            with _cut_short(result):
                result.took(await _one_transaction(database, pace, partial(
                    apply_import, drafts=[d for d, _ in chunk], plan=ImportPlan([r for _, r in chunk], []),
                    actor=actor, now=now, today=today, ladder=ladder)))
            await step_aside()
        result.rows += len(chunk)
        if written is not None:
            written(result.rows, len(pairs))
    return result


@contextmanager
def _cut_short(result: ImportWritten) -> Iterator[None]:
    """A refusal after earlier chunks were written says what was written (`ImportCutShort`)."""
    try:
        yield
    except IntakeError as exc:
        if result.transactions:
            raise ImportCutShort(exc.problems, result) from exc
        raise


async def _one_transaction(database: Database, pace: Pace,
                           write: Callable[[AsyncSession], Awaitable[Sequence[Order]]]) -> Sequence[Order]:
    """`write` in a write transaction of its own, its hold timed for the pace of the next chunk."""
    async with database.write() as session:
        began = await holding(session)
        orders = await write(session)
    pace.took(started() - began)
    return orders
