"""Ids a processing batch gives its new rows itself, on SQLite.

SQLite cannot say which id went to which row of a multi-row INSERT ... RETURNING, so the ORM
inserts rows whose ids it must learn one statement each: a batch of 64 messages wrote its
reports and history rows in ~200 INSERTs. A batch holds SQLite's only write lock for its
whole transaction, so nobody else adds rows meanwhile and the id SQLite would give a new row
is known: one more than the table's largest (a rowid table, no AUTOINCREMENT). Given here,
in the order the rows were added, exactly as SQLite would have given them, the ORM writes
each table's new rows in one executemany and a report has its id before it is written.

A table's counter is read once (`max(id)`) and forgotten whenever something else in the
session inserts into or deletes from the table, so the next new row reads it again.

PostgreSQL takes ids from sequences and a flush returns them in order in one statement per
table; but a row whose id is wanted before its batch ends (`id_now`: a report's number, a
lot's, a photo's) used to flush everything pending, three to five statements for every
shipment, defect or photo. In a batch it takes instead the next values of its table's
sequence, one statement for every row of that table pending, in the order they were added:
the ids the flush would have given them, as nobody else takes from a sequence of ours
between one message's rows and the next in the same process (another replica's rows would
only move where the gaps fall, never make two rows share an id).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, object_mapper
from sqlalchemy.orm.exc import UnmappedInstanceError
from sqlalchemy.sql.schema import Table

_KEY = "supplierbot.batch_ids"


class IdCounters:
    def __init__(self, start: dict[str, int] | None = None) -> None:
        self._next: dict[str, int] = dict(start or {})  # table -> the id its next new row gets

    def forget(self, table: str) -> None:
        self._next.pop(table, None)

    def give(self, session: Session, table: Table | None = None) -> None:
        """Ids for the session's new rows that have none (only `table`'s, when given), in the order added."""
        new = sorted((obj for obj in session.new if _counted(obj) is not None
                      and (table is None or _counted(obj) is table) and getattr(obj, "id", None) is None),
                     key=lambda obj: _state(obj).insert_order)
        for obj in new:
            counted = _counted(obj)
            assert counted is not None
            if counted.name not in self._next:
                largest = session.connection().execute(select(func.max(counted.c.id))).scalar()
                # rows given their id early (`id_now`) and not yet written are not in the table
                given = max((other.id for other in session.new if _counted(other) is counted
                             and getattr(other, "id", None) is not None), default=0)
                self._next[counted.name] = max(largest or 0, given) + 1
            obj.id = self._next[counted.name]
            self._next[counted.name] += 1


class SequenceIds:
    """PostgreSQL's `IdCounters`: the next values of a table's sequence, asked for when wanted."""

    def give(self, session: Session, table: Table | None = None) -> None:
        """Ids for `table`'s new rows that have none, in the order added, from its sequence."""
        assert table is not None
        new = sorted((obj for obj in session.new if _counted(obj) is table and getattr(obj, "id", None) is None),
                     key=lambda obj: _state(obj).insert_order)
        if not new:
            return
        # one statement for all of them; sorted, as a set of values the sequence handed us in turn
        ids: list[int] = sorted(session.connection().execute(
            select(func.nextval(func.pg_get_serial_sequence(table.name, "id")))
            .select_from(func.generate_series(1, len(new)).alias("n"))
        ).scalars())
        for obj, given in zip(new, ids, strict=True):
            obj.id = int(given)


def give_ids_in(session: AsyncSession, known: dict[str, int] | None = None) -> None:
    """Give this session's new rows their ids before they are written: on SQLite all of them,
    as they are flushed; on PostgreSQL only those whose id is asked for (`id_now`), without
    flushing (see above). `known` (SQLite): tables whose next id is known without asking, as
    the previous batch left them (`storage.batch_cache.CarriedLookups`)."""
    if session.bind is None:
        return
    if session.bind.dialect.name == "postgresql":
        session.sync_session.info[_KEY] = SequenceIds()
        return
    if session.bind.dialect.name != "sqlite":
        return
    counters = IdCounters(known)
    sync_session = session.sync_session
    sync_session.info[_KEY] = counters

    def before_flush(flushing: Session, _context: object, _instances: object) -> None:
        counters.give(flushing)

    def after_flush(flushing: Session, context: UOWTransaction) -> None:
        for obj in flushing.deleted:  # deleted by this flush: SQLite may give their ids again
            counted = _counted(obj)
            if counted is not None:
                counters.forget(counted.name)

    def on_execute(state: ORMExecuteState) -> None:
        if state.is_select:
            return
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name is None:
            counters._next.clear()
        elif state.is_insert or state.is_delete:
            counters.forget(name)

    event.listen(sync_session, "before_flush", before_flush)
    event.listen(sync_session, "after_flush", after_flush)
    event.listen(sync_session, "do_orm_execute", on_execute)


async def id_now(session: AsyncSession, obj: Any) -> int:
    """The id of `obj`, added to the session and maybe not yet written, for one who keeps it as
    a plain value (a key, a text): never in a foreign key column, as the row may not be written yet.

    In a batch the row is given its id now, as the next flush would (with every pending row of
    its table added before it, in order: on SQLite from the table's counter, on PostgreSQL from
    its sequence), and stays pending with the rest of its batch; elsewhere what is pending is
    flushed. Until it is written, no statement may insert into its
    table without writing it first (ORM statements autoflush; none of ours skips that)."""
    counters: IdCounters | SequenceIds | None = session.sync_session.info.get(_KEY)
    table = _counted(obj)
    if getattr(obj, "id", None) is None and counters is not None and table is not None \
            and obj in session.sync_session.new:
        await session.run_sync(lambda sync_session: counters.give(sync_session, table))
    if getattr(obj, "id", None) is None:
        await session.flush()
    return int(obj.id)


def next_ids(session: AsyncSession) -> dict[str, int] | None:
    """On SQLite, in a batch giving ids: each table's next id as far as the batch knows it."""
    counters = session.sync_session.info.get(_KEY)
    return dict(counters._next) if isinstance(counters, IdCounters) else None


def forget_counter(session: AsyncSession, table: str) -> None:
    """A row of `table` given its id early was dropped unwritten: on SQLite the table's next
    row takes that id again (as after a DELETE of the table's last row), so count afresh."""
    counters = session.sync_session.info.get(_KEY)
    if isinstance(counters, IdCounters):
        counters.forget(table)


def _state(obj: Any) -> Any:
    return obj._sa_instance_state


_COUNTED: dict[type, Table | None] = {}


def _counted(obj: Any) -> Table | None:
    """The table of a mapped row whose key is one integer `id` SQLite assigns, else None.

    Asked for every pending row at every flush of a batch: worked out once per class."""
    kind = type(obj)
    if kind in _COUNTED:
        return _COUNTED[kind]
    try:
        mapper = object_mapper(obj)
    except UnmappedInstanceError:
        return None
    table = mapper.local_table
    key = list(table.primary_key.columns) if isinstance(table, Table) else []
    counted = table if isinstance(table, Table) and len(key) == 1 and key[0].name == "id" \
        and isinstance(key[0].type, Integer) else None
    _COUNTED[kind] = counted
    return counted
