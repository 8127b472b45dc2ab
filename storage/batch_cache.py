"""Lookups remembered for the length of one processing batch (one transaction).

A batch of a supplier group's messages asks the same questions again and again (which
binding has this chat, who is this sender, which order is PO-1003): three to six SELECTs a
message. Within one session the ORM hands back the very same objects each time anyway, so
the answer can be kept, as long as nothing in the session has written to a table the
answer was read from: any such write (a flush, or an INSERT/UPDATE/DELETE statement) forgets
it. Outside a batch (no cache on the session) every lookup queries as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

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

    def _store(self, key: Hashable, value: Any, tables: frozenset[str], listed: frozenset[str]) -> None:
        self._entries[key] = (value, tables, listed)
        self._applied = frozenset()

    def __len__(self) -> int:
        return len(self._entries)

    def forget(self, written: set[str] | None, added_or_removed: set[str] | frozenset[str] = frozenset()) -> None:
        """Drop what was read from a table written to (None: everything), or that lists rows of
        a table that gained or lost rows."""
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
    answer kept was read from its table and that table is not already known to be written."""
    if not cache._entries:
        return
    added_or_removed: set[str] = set()
    new = session._new.values() if not cache._counted else \
        [obj for state, obj in session._new.items() if state not in cache._counted]
    for kind in {*map(type, new), *map(type, session._deleted.values())}:
        added_or_removed |= _TABLES.get(kind) or _tables_of(kind)
    if added_or_removed <= cache._applied:
        added_or_removed = set()  # the same tables as last time: what they would forget is gone
    else:
        cache._applied = frozenset(added_or_removed)
    updated: set[str] = set()
    if session.identity_map._modified:
        # an update forgets only answers read from its table: the others need not be asked about
        read = frozenset().union(*(tables for _, tables, _ in cache._entries.values()))
        for obj in session.dirty:
            tables = _tables_of(type(obj))
            if tables & read and not tables <= updated and session.is_modified(obj, include_collections=False):
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


async def cached(session: AsyncSession, key: Hashable, tables: Iterable[str],
                 load: Callable[[], Awaitable[T]], *, listed: Iterable[str] = ()) -> T:
    """`load()`'s answer, kept under `key` while none of `tables` is written in this session
    and none of `listed` gains or loses rows (a collection loaded with the answer, whose
    objects the session keeps up to date itself).

    A kept answer is not kept when the session's pending changes (which the query's autoflush
    would have written) touch what it was read from; otherwise they stay pending, so a batch's
    rows are written together rather than one flush per lookup."""
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
    value = await load()
    cache._store(key, value, frozenset(tables), frozenset(listed))
    return value
