"""Lookups remembered for the length of one processing batch (one transaction).

A batch of a supplier group's messages asks the same questions again and again (which
binding has this chat, who is this sender, which order is PO-1003): three to six SELECTs a
message. Within one session the ORM hands back the very same objects each time anyway, so
the answer can be kept, as long as nothing in the session has written to a table the
answer was read from: any such write (a flush, or an INSERT/UPDATE/DELETE statement) forgets
it. Outside a batch (no cache on the session) every lookup queries as before.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Hashable, Iterable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.batch_ids import next_ids

T = TypeVar("T")
_KEY = "supplierbot.batch_cache"


class BatchCache:
    def __init__(self) -> None:
        # key -> (answer, tables it was read from, tables whose rows it lists but whose values it does not hold)
        self._entries: dict[Hashable, tuple[Any, frozenset[str], frozenset[str]]] = {}
        # new rows not yet written that the answers kept already count (`keep(pending=...)`)
        self._counted: set[Any] = set()
        # tables whose pending new or deleted rows no answer kept was read from or lists: they
        # were forgotten when those rows were first seen, and any answer kept since clears this
        self._applied: frozenset[str] = frozenset()
        # the tables the answers kept were read from (None: work it out again, the answers changed)
        self._read: frozenset[str] | None = frozenset()
        # the kinds of pending rows last seen, and their tables (`_forget_pending`)
        self._kinds: set[type] = set()
        self._kinds_tables: frozenset[str] = frozenset()

    def _store(self, key: Hashable, value: Any, tables: frozenset[str], listed: frozenset[str]) -> None:
        self._entries[key] = (value, tables, listed)
        self._applied = frozenset()
        self._read = None

    def read_from(self) -> frozenset[str]:
        """The tables the answers kept were read from."""
        if self._read is None:
            self._read = frozenset().union(*(tables for _, tables, _ in self._entries.values()))
        return self._read

    def __len__(self) -> int:
        return len(self._entries)

    def forget(self, written: set[str] | None, added_or_removed: set[str] | frozenset[str] = frozenset()) -> None:
        """Drop what was read from a table written to (None: everything), or that lists rows of
        a table that gained or lost rows."""
        self._read = None
        if written is None:
            self._entries.clear()
            return
        changed = written | added_or_removed
        for key in [k for k, (_, read, listed) in self._entries.items()
                    if read & changed or listed & added_or_removed]:
            del self._entries[key]


def remember_lookups(session: AsyncSession) -> BatchCache:
    """Give `session` a cache for its lifetime, forgotten table by table as the session writes."""
    cache = BatchCache()
    sync_session = session.sync_session
    sync_session.info[_KEY] = cache

    def before_flush(flushing: Session, _context: object, _instances: object) -> None:
        _forget_pending(flushing, cache)

    def on_execute(state: ORMExecuteState) -> None:
        if state.is_select:
            return
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name is None or not (state.is_insert or state.is_update or state.is_delete):
            cache.forget(None)  # text or something else: whatever it wrote, forget everything
        elif state.is_update:
            cache.forget({name})
        else:
            cache.forget(set(), {name})

    event.listen(sync_session, "before_flush", before_flush)
    event.listen(sync_session, "do_orm_execute", on_execute)
    return cache


def _forget_pending(session: Session, cache: BatchCache) -> None:
    """Forget what the session's pending changes (not yet flushed) would change.

    Called on every kept answer while a batch's rows are pending (which is most of a batch),
    so it is written for that: the tables of a class are worked out once, and an object is
    asked whether it changed (`is_modified` walks every attribute's history) only when an
    answer kept was read from its table and that table is not already known to be written.
    It runs several times a message (about 6 µs a call as first written, 30-50 µs a message),
    so it builds nothing it can keep: the kinds of pending rows and their tables are worked out
    again only when the kinds change, the tables read from only when the answers change, and
    the changed rows are the identity map's own set (`session.dirty` builds one of its own)."""
    if not cache._entries:
        return
    new = session._new
    if cache._counted:
        kinds = {type(new[state]) for state in new.keys() - cache._counted}
    else:
        kinds = set(map(type, new.values()))
    deleted = session._deleted
    if deleted:
        kinds.update(map(type, deleted.values()))
    if kinds != cache._kinds:
        cache._kinds = kinds
        cache._kinds_tables = frozenset().union(*(_TABLES.get(kind) or _tables_of(kind) for kind in kinds))
    added_or_removed = cache._kinds_tables
    if added_or_removed <= cache._applied:
        added_or_removed = frozenset()  # the same tables as last time: what they would forget is gone
    else:
        cache._applied = added_or_removed
    updated: set[str] = set()
    modified = session.identity_map._modified
    if modified:
        # an update forgets only answers read from its table: the others need not be asked about
        read = cache.read_from()
        for state in list(modified):
            obj = state.obj()
            kind = type(obj)
            tables = _TABLES.get(kind) or _tables_of(kind)
            if not read.isdisjoint(tables) and state not in deleted and not tables <= updated \
                    and session.is_modified(obj, include_collections=False):
                updated |= tables  # a collection that grew adds rows: `added_or_removed`
    if added_or_removed or updated:
        cache.forget(updated, added_or_removed)


_TABLES: dict[type, frozenset[str]] = {}


def _tables_of(kind: type) -> frozenset[str]:
    """The names of the tables a mapped class's rows are in (none for anything else)."""
    tables = _TABLES.get(kind)
    if tables is None:
        mapper = getattr(kind, "__mapper__", None)
        tables = _TABLES[kind] = frozenset(t.name for t in mapper.tables) if mapper is not None else frozenset()
    return tables


def keep(session: AsyncSession, key: Hashable, tables: Iterable[str], value: object, *,
         listed: Iterable[str] = (), pending: Iterable[object] = ()) -> None:
    """Remember `value` as the answer under `key` (as `cached` would), by one who just wrote
    it and so knows it without asking (a question stored or dropped). `pending`: rows added and
    not yet written that `value` already counts, so they do not make it forgotten (any other
    answer read from their tables is forgotten now, as they would have made it). Outside a
    batch: nothing."""
    cache: BatchCache | None = session.sync_session.info.get(_KEY)
    if cache is not None:
        rows = list(pending)
        if rows:
            added = frozenset().union(*(_tables_of(type(row)) for row in rows))
            cache._entries.pop(key, None)
            cache.forget(set(), added)
            cache._counted.update(inspect(row) for row in rows)
        cache._store(key, value, frozenset(tables), frozenset(listed))


def in_batch(session: AsyncSession) -> bool:
    """Whether `session` remembers lookups (a processing batch): a lookup worth keeping may
    cost a statement more than the one it saves when it is not kept."""
    return _KEY in session.sync_session.info


def known(session: AsyncSession, key: Hashable) -> tuple[Any] | None:
    """`(answer,)` when the batch knows the answer under `key` now (as `cached` would hand it
    back without asking), else None: for one about to write who can then `keep` the new answer
    instead of having it asked again. Outside a batch: None."""
    cache: BatchCache | None = session.sync_session.info.get(_KEY)
    if cache is None:
        return None
    sync_session = session.sync_session
    if key in cache._entries and (sync_session._new or sync_session.identity_map._modified or sync_session._deleted):
        _forget_pending(sync_session, cache)
    entry = cache._entries.get(key)
    return None if entry is None else (entry[0],)


def known_under(session: AsyncSession, first: str) -> dict[Hashable, Any]:
    """Every answer the batch knows now (as `known`) under a key `(first, ...)`: for one about to
    write who knows how the write changes each, to `keep` them after it. Outside a batch: none."""
    cache: BatchCache | None = session.sync_session.info.get(_KEY)
    if cache is None:
        return {}
    keys = [key for key in cache._entries if isinstance(key, tuple) and key and key[0] == first]
    found = {key: known(session, key) for key in keys}
    return {key: answer[0] for key, answer in found.items() if answer is not None}


async def cached(session: AsyncSession, key: Hashable, tables: Iterable[str],
                 load: Callable[[], Awaitable[T]], *, listed: Iterable[str] = ()) -> T:
    """`load()`'s answer, kept under `key` while none of `tables` is written in this session
    and none of `listed` gains or loses rows (a collection loaded with the answer, whose
    objects the session keeps up to date itself).

    A kept answer is not kept when the session's pending changes (which the query's autoflush
    would have written) touch what it was read from; otherwise they stay pending, so a batch's
    rows are written together rather than one flush per lookup.

    Nor does the lookup itself write them: `load()`'s query autoflushes only when a pending change
    is to a row of `tables` or adds or removes one of `listed` (`_touched`), which is what could
    change its answer. Anything else pending (a batch's reports, its nodes' changes) stays
    pending: a first lookup of an order in a PostgreSQL batch wrote the batch's rows so far, and
    the flushes it made were a third of the mix's (the identity map hands back a row already
    loaded as it is, pending changes and all, so a node changed but not written is no reason)."""
    cache: BatchCache | None = session.sync_session.info.get(_KEY)
    if cache is None:
        return await load()
    entry = cache._entries.get(key)
    sync_session = session.sync_session
    if entry is not None and (sync_session._new or sync_session.identity_map._modified or sync_session._deleted):
        # (`session.new`, `.dirty` and `.deleted` build a set each: this is asked on every lookup)
        _forget_pending(sync_session, cache)
        entry = cache._entries.get(key)
    if entry is not None:
        return entry[0]
    read, lists = frozenset(tables), frozenset(listed)
    if _touched(sync_session, read, lists):
        value = await load()
    else:
        with sync_session.no_autoflush:
            value = await load()
    cache._store(key, value, read, lists)
    return value


def _touched(session: Session, tables: frozenset[str], listed: frozenset[str]) -> bool:
    """Whether a change not yet written is to a row of `tables`, or adds or removes a row of `listed`."""
    both = tables | listed
    return any(_tables_of(type(row)) & both for rows in (session.new, session.deleted) for row in rows) \
        or any(_tables_of(type(row)) & tables for row in session.dirty)


# --- lookups one batch leaves to the next (SQLite) -----------------------------------------

# The answers a batch may leave to the next: each a pure reading of stored rows (no clock, no
# context), kept under a key whose first part is one of these.
CARRIED = frozenset({"binding", "person", "order_for_po", "order_by_id", "open_orders", "conversation_state",
                     "unanswered_prompts", "order_priority_and_zone", "characteristics", "lots_of_order",
                     "all_bindings"})
_MINE = "supplierbot.batch_connection"  # on a connection's info while a batch that carries lookups uses it
_STATEMENT_READS = ("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")
_WRITES_TO = re.compile(r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
                        r"\s+[\"`\[]?(\w+)", re.IGNORECASE)
_PLAIN = (str, int, float, bool, date, type(None))  # datetime is a date
# what a batch leaves: its answers, its id counters, and which batch it was (see `keep`)
Carried = tuple[dict[Hashable, tuple[Any, frozenset[str], frozenset[str]]], dict[str, int], object]


def written_table(statement: str) -> str | None:
    """The table a statement writes to; "" when it writes nothing; None when it cannot be told."""
    match = _WRITES_TO.match(statement)
    if match:
        return match.group(1)
    head = statement.lstrip()[:9].upper()
    return "" if head.startswith(_STATEMENT_READS) else None


class CarriedLookups:
    """Batch answers (`CARRIED`) that live from one processing batch to the next, on SQLite.

    A batch ends with answers that were true when it committed: nothing it wrote since made
    them forgotten (the rules above). They are still true when the next batch begins unless
    someone else wrote meanwhile, which is known exactly, and then only what they touched is
    dropped:
    - another connection (another process: the dashboard's edge, a CLI import, a second
      worker): SQLite's `PRAGMA data_version`, read on the batch's connection inside its
      transaction, changes exactly when another connection committed to the file since the
      last read. It is read at each batch's start, with the write lock held; if it moved since
      the previous batch's start (or the connection is another one), nothing is carried.
    - this process's other sessions on the same writer connection (outbox dispatcher,
      scheduler jobs, the one-message-at-a-time path): every statement on the writer engine
      outside a carrying batch is read for the table it writes; an answer is dropped when any
      table of the rows it holds (followed through their loaded relationships, as attaching
      them would) was written; a statement whose table cannot be told drops everything.
    A batch that fails (rolled back: its objects are expired) leaves nothing. The rows kept are
    attached to the next batch's session as they are (no query), so its lookups find them in
    its identity map exactly as the batch that read them did.

    PostgreSQL has no such cheap "nobody else committed" (its sequences and row versions do not
    say it for a table without a trigger that every writer would queue on): there each batch
    reads afresh, as before.
    """

    def __init__(self, engine: Any) -> None:
        self._entries: dict[Hashable, tuple[Any, frozenset[str], frozenset[str]]] = {}
        self._stamp: tuple[Any, int] | None = None  # (the connection, its data_version) as the last batch began
        self._written: set[str] | None = set()  # tables written by others since (None: cannot tell)
        self.carried = 0  # answers handed to batches (for tests and the bench)
        # SQLite's next id of each table as the last batch left it (`storage.batch_ids`), carried
        # as the answers are: no other writer inserted into it or deleted from it since
        self._ids: dict[str, int] = {}
        self._ids_now: dict[str, int] = {}  # those still true as this batch began
        self._batch_wrote: set[str] | None = set()  # tables the running batch wrote to (None: cannot tell)
        self._mine: dict[Any, Any] | None = None  # the info of the running batch's connection
        self._latest: object = None  # the batch that began last
        self._engine = engine.sync_engine
        event.listen(self._engine, "before_cursor_execute", self._on_statement)

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_statement)
        self._entries.clear()

    def _on_statement(self, conn: Any, _cursor: object, statement: str, *_args: object) -> None:
        if conn.info.get(_MINE):
            if self._batch_wrote is not None and not statement.startswith("SELECT"):
                table = written_table(statement)
                if table is None:
                    self._batch_wrote = None
                elif table:
                    self._batch_wrote.add(table)
            return
        if self._written is None:
            return
        table = written_table(statement)
        if table is None:
            self._written = None
        elif table:
            self._written.add(table)

    async def begin(self, session: AsyncSession, cache: BatchCache) -> None:
        """At a batch's start (its transaction begun): mark its connection as the batch's and
        give `cache` what the previous batch left, if still true."""
        connection = await session.connection()
        self._latest = object()
        self._mine = connection.info
        self._mine[_MINE] = True
        version = (await connection.exec_driver_sql("PRAGMA data_version")).scalar()
        driver = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
        entries, self._entries = self._entries, {}
        ids, self._ids, self._ids_now, self._batch_wrote = self._ids, {}, {}, set()
        written, self._written = self._written, set()
        stamp, self._stamp = self._stamp, (driver, int(version or 0))
        if written is None or stamp is None or stamp[0] is not driver or stamp[1] != version:
            return
        self._ids_now = {table: next_id for table, next_id in ids.items() if table not in written}
        sync_session = session.sync_session
        for key, entry in entries.items():
            value, tables, listed = entry
            found: list[Any] = []
            # a row another answer handed on has just been attached here: it is as that one left it
            if not _rows_in(value, found, sync_session.hash_key):
                continue
            if written and (written & (tables | listed) or written & _graph_tables(found)):
                continue
            try:
                for row in found:
                    sync_session.add(row)
            except InvalidRequestError:
                continue  # another instance of one of its rows is here already: read it afresh
            cache._entries[key] = entry
            cache._read = None
            self.carried += 1

    def known_ids(self) -> dict[str, int]:
        """For the batch's id counters, as they are given (after it moved its arrivals): the next
        ids the previous batch left, of tables nobody has written since, this batch included."""
        wrote = self._batch_wrote
        return {} if wrote is None else {table: n for table, n in self._ids_now.items() if table not in wrote}

    def end(self, session: AsyncSession, cache: BatchCache) -> Carried:
        """After a batch's last statement (before its commit): what it leaves, to `keep` once
        committed. Whatever anyone else writes from now on counts against it."""
        self._release()
        self._written = set()
        entries = {key: entry for key, entry in cache._entries.items()
                   if (key if isinstance(key, str) else key[0] if isinstance(key, tuple) and key else None) in CARRIED}
        return entries, next_ids(session) or {}, self._latest

    def keep(self, left: Carried) -> None:
        """The batch committed: the next one may start from what it `left`, unless another
        batch began meanwhile (whose writes, its own, were not counted against it)."""
        entries, ids, batch = left
        if batch is self._latest:
            self._entries, self._ids = entries, ids

    def drop(self) -> None:
        """The batch failed: nothing is carried (and its connection is no longer the batch's)."""
        self._release()
        self._entries, self._ids, self._latest = {}, {}, None

    def _release(self) -> None:
        if self._mine is not None:
            self._mine.pop(_MINE, None)
            self._mine = None


def _rows_in(value: Any, found: list[Any], attached_to: int | None = None) -> bool:
    """Collect the mapped rows in `value` (a row, or lists and tuples of rows and plain values);
    False when it holds anything else, or a row not stored as it is (new, deleted, in a session
    other than the one `attached_to` names: where a batch's `begin` has just attached the rows
    of the answers it handed on, so that two answers holding one row, such as a chat's binding
    and the list of all bindings, are both handed on)."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, list | tuple):
        return all(_rows_in(item, found, attached_to) for item in value)
    state = getattr(value, "_sa_instance_state", None)
    if state is None or state.key is None or state.was_deleted or state.modified \
            or (state.session_id is not None and state.session_id != attached_to):
        return False
    found.append(value)
    return True


def _graph_tables(rows: list[Any]) -> set[str]:
    """The tables of `rows` and of every row attaching them would attach (their loaded relationships)."""
    tables: set[str] = set()
    for row in rows:
        state = row._sa_instance_state
        tables |= _tables_of(type(row))
        for obj, *_ in state.manager.mapper.cascade_iterator("save-update", state):
            tables |= _tables_of(type(obj))
    return tables
