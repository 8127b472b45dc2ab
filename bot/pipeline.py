"""The inbound pipeline: verify (in the adapter) → store in the inbox, deduplicated →
commit → answer 200 → process: the handler's records and replies commit together.

An answer of 200 means "stored": whatever happens after, the message is in the inbox and
will be processed, on this replica or another, after a crash or a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Select, Table, Text, bindparam, cast, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.button_echo import used_button_edit
from bot.clock import Clock
from bot.codec import message_from_dict, message_to_dict
from bot.media_words import rejection_words
from bot.metrics import NO_METRICS, NoMetrics
from bot.photo_thread import accept_photo
from bot.ports import Channel, InboundMessage, MediaRef, Platform, Reply, SendError, StorageUnavailable
from bot.settings import Settings
from handlers.context import HandlerContext, MessageHandler, PhotoIssue
from scheduler.ladder import Ladder
from storage import outbox
from storage.attachment_store import AttachmentRejected, AttachmentStore, StoredAttachment
from storage.batch_cache import Carried, CarriedLookups, remember_lookups
from storage.batch_ids import give_ids_in
from storage.db import Database, is_database_down, rows_changed
from storage.history_rows import hold_history, write_history
from storage.inbox_file import BODY, InboxFile
from storage.inbox_inserts import InboxInserts
from storage.models import InboxMessage, InboxState
from storage.photo_store import PhotoRejected, PhotoStore, StoredPhoto
from storage.upsert import insert_ignoring_conflicts_on

log = logging.getLogger("supplierbot.pipeline")
# what moving a row of the inbox file copies into the main inbox: its body, the message as stored
MOVED = (*(name for name in BODY if name != "message"), "message_json")

MAX_PROCESS_ATTEMPTS = 3
# PostgreSQL: the group commit keeps its connection this long after its last batch (`GroupCommit`)
HOLD_IDLE_SECONDS = 1.0
# SQLite: a batch hands what it looked up to the next (`CarriedLookups`); False: each batch reads afresh
CARRY_LOOKUPS = True
# A SQLite batch gives its new rows their ids from this many messages on (a PostgreSQL batch
# always: its sequences cost nothing until an id is wanted): each table's counter
# costs a `max(id)` a batch, which pays from about a dozen messages (mixed traffic, statements a
# message with and without: batch of 2 12.5/11.4, of 8 7.5/7.4, of 16 5.7/6.1, of 64 4.0/4.9).
GIVE_IDS_FROM = 16
# Media of this many messages after a batch are fetched and stored while the batch is processed:
# a photo is a download, ~35 ms of Pillow on the photo thread and two fsyncs (0.5-1 s on a busy disk), which the
# batch it falls in would otherwise wait for with its transaction not yet begun. At least the whole next
# batch (`lookahead`): with 16 and batches of 32, half of each batch's photos were started only when the
# batch began, and a drain of mixed traffic spent 60% of its time waiting for them (SQLite, load 8:
# 28 s of 46 s; 43 processed/s, 171/s with a 16x12 photo in the same place).
LOOKAHEAD = 16
# Messages fetched ahead whose media are downloaded and checked at once: each holds its download
# (up to `PhotoStore.max_bytes`) in memory until the photo thread has checked it; the photo thread
# takes one at a time in this order anyway, so more in flight would only hold more memory.
MEDIA_IN_FLIGHT = 4

Media = tuple[list[StoredPhoto], list[PhotoIssue], list[StoredAttachment]]
NO_MEDIA: Media = ([], [], [])


def _message_from_json(text: str) -> InboundMessage:
    """A message as the inbox file stores it (`InboxFile.waiting`'s `message_json`)."""
    return message_from_dict(json.loads(text))


class MediaAhead:
    """The media of the messages after a batch, fetched and stored while the batch is processed.

    Keyed by the id of the queue the messages wait in; what was fetched for messages no longer
    waiting (processed by another replica, or the worker stopping) is dropped. A message looked
    at ahead is kept decoded until its batch takes it (`message`): each was decoded twice, ahead
    and in its batch (~15 µs a message)."""

    def __init__(self, take: Callable[[InboundMessage], Coroutine[Any, Any, Media]],
                 decode: Callable[[Any], InboundMessage] | None = None) -> None:
        """`decode`: a message from a row as stored (what `fetch` and `message` are given;
        default: the main inbox's `message`, a dict)."""
        self._take = take
        self._decode = decode or message_from_dict
        self._tasks: dict[int, asyncio.Task[Media]] = {}
        # ids after a batch already looked at: their message until a batch takes it, then None
        self._seen: dict[int, InboundMessage | None] = {}
        self._slots = asyncio.Semaphore(MEDIA_IN_FLIGHT)  # first come first served: in arrival order

    async def _bounded(self, message: InboundMessage) -> Media:
        async with self._slots:
            return await self._take(message)

    def fetch(self, first_waiting: int | None, ahead: list[tuple[int, Any]]) -> None:
        """Start on the media of `ahead` (id, stored message) not started yet; drop below `first_waiting`."""
        for key in [k for k in self._tasks if first_waiting is None or k < first_waiting]:
            task = self._tasks.pop(key)
            task.cancel()
            task.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved: no warning
        self._seen = {k: message for k, message in self._seen.items()
                      if first_waiting is not None and k >= first_waiting}
        for key, stored in ahead:
            if key in self._seen:
                continue
            message = self._seen[key] = self._decode(stored)
            if message.photos or message.attachments:
                self._tasks[key] = asyncio.create_task(self._bounded(message))

    def message(self, key: int, stored: Any) -> InboundMessage:
        """The message of a row its batch takes: as decoded when it was looked at ahead, else decoded now."""
        message = self._seen.get(key)
        if message is None:
            return self._decode(stored)
        self._seen[key] = None  # taken: still seen (its media are not fetched again), no longer kept
        return message

    def take(self, key: int) -> asyncio.Task[Media] | None:
        return self._tasks.pop(key, None)


def lookahead(limit: int) -> int:
    """How many messages after a batch of `limit` have their media fetched while it is processed:
    the whole next batch, so that its photos are checked while this one runs."""
    return max(LOOKAHEAD, limit)


SORRY = {
    "zh": "抱歉，处理这条消息时出错了，已通知管理员。请稍后再试。",
    "en": "Sorry, something went wrong with this message; the administrator has been told. Please try again later.",
}
DOWNLOAD_FAILED = PhotoIssue(
    "download_failed",
    "照片没有收到（下载失败），请重新发送。",
    "The photo did not come through (download failed). Please send it again.",
)

FILE_DOWNLOAD_FAILED = PhotoIssue(
    "download_failed",
    "文件没有收到（下载失败），请重新发送。",
    "The file did not come through (download failed). Please send it again.",
)


_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def without_control_characters(message: InboundMessage) -> InboundMessage:
    """Drop NUL and other control characters (PostgreSQL refuses NUL in text; none is meaningful)."""
    text = message.text.translate(_CONTROL)
    return message if text == message.text else replace(message, text=text)


class ProcessedMeanwhile(Exception):
    """A batch found some of its messages already processed (another worker): it is undone
    and done again one message at a time, which skips those."""


class OpenedMeanwhile(Exception):
    """Another process opened an exception, after the batch read its order's open exceptions, on
    a node the batch then finished (`Ladder.missed_closing`): the batch is undone and done again
    one message at a time, where finishing the node closes it and the report's reply names it."""


class GroupCommit:
    """Inserts inbox rows for many concurrent callers in one transaction.

    Whoever arrives while a commit is running waits for the next one, so batches grow by
    themselves under load and stay at one row when it is quiet. A failed commit fails
    every caller in it: none of their rows is stored, and each platform re-delivers.
    The INSERT is built once and sent as one executemany: its compiled form is reused.
    On PostgreSQL the main inbox's rows go in as one prepared statement on a connection held
    while webhooks keep coming (`storage.inbox_inserts`): one round trip a batch, not six or seven.
    """

    def __init__(self, database: Database, table: Table | None = None, max_batch: int = 256) -> None:
        self.database = database
        self.max_batch = max_batch
        self.table = InboxMessage.__table__ if table is None else table
        self._statement = (
            insert_ignoring_conflicts_on("sqlite" if database.is_sqlite else "postgresql", self.table,
                                         ["platform", "external_id"])
            .returning(self.table.c.platform, self.table.c.external_id)
        )
        self._inserts = (InboxInserts(database.writer)
                         if not database.is_sqlite and self.table is InboxMessage.__table__ else None)
        self._waiting: list[tuple[dict[str, Any], asyncio.Future[bool]]] = []
        self._arrived = asyncio.Event()  # set by each submit: a flusher holding a connection waits on it
        self._closing = False
        self._flusher: asyncio.Task[None] | None = None

    async def submit(self, row: dict[str, Any]) -> bool:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((row, future))
        self._arrived.set()
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._waiting:  # anything submitted while the connection was given back goes in too
            try:
                await self._flush_burst()
                while self._inserts is not None and await self._more_within(HOLD_IDLE_SECONDS):
                    await self._flush_burst()
            except BaseException:  # cancelled mid-statement: the connection's state is unknown
                if self._inserts is not None:
                    await self._inserts.release(invalidate=True)
                raise
            if self._inserts is not None:
                await self._inserts.release()

    async def close(self) -> None:
        """Give back the held connection (at shutdown): a batch being stored is stored first."""
        self._closing = True
        self._arrived.set()
        if self._flusher is not None:
            with contextlib.suppress(Exception):
                await self._flusher

    async def _more_within(self, seconds: float) -> bool:
        """Whether something is submitted within `seconds`; the held connection waits for it.
        In a closed loop every batch holds every caller and the queue is empty after each commit:
        given back there, each batch paid a checkout and the pool's ping (three round trips)."""
        self._arrived.clear()
        if self._waiting or self._closing:
            return bool(self._waiting)
        try:
            async with asyncio.timeout(seconds):
                await self._arrived.wait()
        except TimeoutError:
            return bool(self._waiting)
        return True

    async def _flush_burst(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
            try:
                stored = await self._insert([row for row, _ in batch])
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            seen: set[tuple[str, str]] = set()
            for row, future in batch:
                key = (row["platform"], row["external_id"])
                new = key in stored and key not in seen
                seen.add(key)
                if not future.done():
                    future.set_result(new)

    async def _insert(self, rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
        if self._inserts is not None:
            return await self._inserts.insert(rows)
        async with self.database.writer.begin() as conn:
            return {(r.platform, r.external_id) for r in await conn.execute(self._statement, rows)}


@dataclass(frozen=True, slots=True)
class Work:
    """One batch to process: messages already in the main inbox (`batch`), rows of the inbox
    file still to move (`arrivals`, read as `arrived`), and a context for each, in that order."""

    batch: list[tuple[int, InboundMessage]]
    arrivals: list[Row[Any]]
    arrived: list[tuple[int, InboundMessage]]
    contexts: list[HandlerContext]


class InboundPipeline:
    """Implements `bot.ports.InboundSink` and runs the processing worker of one replica."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        settings: Settings,
        handler: MessageHandler,
        channels: dict[Platform, Channel],
        photo_store: PhotoStore,
        *,
        ladder: Ladder | None = None,
        on_replies: Callable[[], None] | None = None,
        attachment_store: AttachmentStore | None = None,
        inbox_file: InboxFile | None = None,
        inbox_pool: Database | None = None,
    ) -> None:
        """`inbox_file` (SQLite): accepted messages wait there, on a writer of their own, until
        processing moves them. `inbox_pool` (PostgreSQL): the main inbox, stored through a
        connection budget of its own. Without either, storing shares the main database's."""
        self.database = database
        self.inbox_file = inbox_file
        self.clock = clock
        self.settings = settings
        self.handler = handler
        self.ladder = ladder or Ladder.from_settings(settings)  # the app passes the one it built
        self.channels = channels
        self.photo_store = photo_store
        # documents live beside the photos (so backups take them), with the same size cap
        self.attachment_store = attachment_store or AttachmentStore(photo_store.root / "files",
                                                                    max_bytes=photo_store.max_bytes)
        self._wake = asyncio.Event()
        self._on_replies = on_replies
        self.on_stored: Callable[[], None] | None = None  # an edge tells its work process (bot.background)
        if inbox_file is not None:
            self._committer = GroupCommit(inbox_file.database, inbox_file.table)
        else:
            self._committer = GroupCommit(inbox_pool or database)
        main = InboxMessage.__table__
        # the message goes in as the inbox file stored it (its JSON text, `message_json`): the
        # same text encoding the decoded message again would give, without the encoding
        self._move_statement = (
            insert_ignoring_conflicts_on("sqlite" if database.is_sqlite else "postgresql", main,
                                         ["platform", "external_id"])
            .values({main.c.message: bindparam("message_json", type_=Text) if database.is_sqlite
                     else cast(bindparam("message_json", type_=Text), main.c.message.type)})
            .returning(main.c.id, main.c.platform, main.c.external_id)
        )
        # a batch's one UPDATE that marks it processed, built once (it cost more to build than to run)
        self._processed_statement = (
            update(main)
            .where(main.c.id.in_(bindparam("ids", expanding=True)), main.c.state == InboxState.PENDING.value)
            .values(state=InboxState.PROCESSED.value, processed_at=bindparam("now", type_=main.c.processed_at.type),
                    attempts=main.c.attempts + 1)
        )
        self._pending_statements: dict[int, Select[Any]] = {}  # `process_pending`'s read, by how many it reads
        self._ahead = MediaAhead(self._take_media)  # by main inbox id
        # SQLite: what a batch looked up (speaker, binding, orders by PO) is handed to the next
        # batch while nobody else wrote what it was read from (see `CarriedLookups`)
        self.carried = CarriedLookups(database.writer) if database.is_sqlite and CARRY_LOOKUPS else None
        self._arrivals_ahead = MediaAhead(self._take_media, _message_from_json)  # by inbox file id
        self.accepted = 0
        self.duplicates = 0
        self.metrics: NoMetrics = NO_METRICS

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        """Store the message (once per platform id) and commit; raise `StorageUnavailable` if we can't.

        Concurrent calls share one transaction (group commit): on SQLite every commit is an
        fsync, so one commit per update would cap throughput at a few hundred per second.
        """
        message = without_control_characters(message)
        try:
            if self.inbox_file is not None:
                await self.inbox_file.create()
            new = await self._committer.submit(self._row(message, raw.replace("\x00", "")))
        except Exception as exc:
            if is_database_down(exc):
                self.metrics.inbound(message.platform.value, "refused")
                raise StorageUnavailable(str(exc)) from exc
            raise
        if new:
            self.accepted += 1
            self._wake.set()
            if self.on_stored is not None:
                self.on_stored()
        else:
            self.duplicates += 1
        self.metrics.inbound(message.platform.value, "new" if new else "duplicate")
        return new

    def _row(self, message: InboundMessage, raw: str) -> dict[str, Any]:
        return {
            "platform": message.platform.value,
            "external_id": message.external_id[:160],
            "chat_id": message.chat.chat_id,
            "sender_id": message.sender.user_id,
            "received_at": self.clock.now(),
            "message": message_to_dict(message),
            "raw": raw,
            "state": InboxState.PENDING.value,
            "attempts": 0,
        }

    async def stop_storing(self) -> None:
        """At shutdown, after the last webhook: storing gives back the connection it holds."""
        await self._committer.close()

    def wake(self) -> None:
        """Something was stored (told by the edge process): look at the inbox now, not at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event, idle_poll: float = 1.0) -> None:
        """Process pending inbox rows until `stop`; also picks up what a crash left behind."""
        try:
            while not stop.is_set():
                try:
                    handled = await self.process_pending()
                except Exception as exc:
                    if is_database_down(exc):
                        log.warning("inbox paused, database unavailable: %s", exc)
                    else:
                        log.exception("inbox processing failed")
                    handled = 0
                if handled == 0:
                    self._wake.clear()
                    try:
                        await asyncio.wait_for(self._wake.wait(), timeout=idle_poll)
                    except TimeoutError:
                        pass
        finally:
            # whoever processes those messages fetches their media again
            self._ahead.fetch(None, [])
            self._arrivals_ahead.fetch(None, [])

    async def process_pending(self, limit: int | None = None) -> int:
        """Process up to `limit` pending messages in arrival order, in one transaction: first
        those already in the main inbox (a retry), then those waiting in the inbox file.

        On SQLite without an inbox file, processing and storing share one writer: a batch
        holds it for its whole length, so webhooks wait. Measured on 2 cores (stored/s,
        processed/s, p99 at 100/s): batches of 2 gave 462, 70, 76 ms; of 16 gave 95, 83,
        426 ms. With the inbox file storing never waits for processing, so SQLite takes
        batches of 32: a batch costs two commits (the main file's, then the inbox file's
        `mark_moved`), each an fsync, plus ~19 statements, which is most of a small batch's CPU
        (WeCom progress, `bench.processing_profile`, CPU a message at 16/32/64: 2.2/1.45/1.3 ms,
        statements 1.19/0.60/0.30). 64 would save little more and hold the one writer the
        dispatcher, the scheduler and the dashboard also need for ~85 ms instead of ~45 ms (16:
        ~35 ms). A batch is only as big as what is waiting, so when it is quiet it is small. PostgreSQL has no
        such contention and takes 64, which share more lookups than 16 (mixed traffic:
        10.05 -> 8.78 statements, 5.1 -> 4.4 ms CPU a message). `Settings.processing_batch`
        overrides both.

        The media of the next batch's messages (`lookahead`: in the main inbox, or in the inbox
        file) start downloading now, so a batch rarely waits for a photo."""
        if not limit:
            limit = self.settings.processing_batch or (
                64 if not self.database.is_sqlite else 2 if self.inbox_file is None else 32)
        ahead = lookahead(limit)
        statement = self._pending_statements.get(limit + ahead)
        if statement is None:
            statement = self._pending_statements[limit + ahead] = (
                select(InboxMessage.id, InboxMessage.message).where(InboxMessage.state == InboxState.PENDING.value)
                .order_by(InboxMessage.id).limit(limit + ahead))
        async with self.database.read() as session:
            rows = list((await session.execute(statement)).all())
        batch = [(row.id, self._ahead.message(row.id, row.message)) for row in rows[:limit]]
        self._ahead.fetch(rows[0].id if rows else None,
                          [(row.id, row.message) for row in rows[limit:]])
        arrivals: list[Row[Any]] = []
        if self.inbox_file is not None and len(batch) < limit:
            await self.inbox_file.create()
            waiting = await self.inbox_file.waiting(limit - len(batch) + ahead, decoded=False)
            arrivals = waiting[:limit - len(batch)]
            self._arrivals_ahead.fetch(waiting[0].id if waiting else None,
                                       [(row.id, row.message_json) for row in waiting[len(arrivals):]])
        if batch or arrivals:
            await self._process_batch(batch, arrivals)
        return len(batch) + len(arrivals)

    async def process(self, inbox_id: int) -> None:
        """Process one stored message (if still pending)."""
        async with self.database.read() as session:
            row = await session.get(InboxMessage, inbox_id)
            if row is None or row.state != InboxState.PENDING.value:
                return
            message = message_from_dict(row.message)
        await self._process_batch([(inbox_id, message)])

    async def _process_batch(self, batch: list[tuple[int, InboundMessage]],
                             arrivals: list[Row[Any]] | None = None) -> None:
        """Run the handler for each message; a message's records, replies and inbox state
        commit together. Photos are fetched before the transaction: downloads must not hold
        the write lock. `arrivals` (rows of the inbox file) are moved into the main inbox
        in the same transaction, and marked moved in the file only after it commits.

        Several messages share one transaction with no savepoint each (a savepoint is two
        statements a message, and a batch is short); if anything in it fails, it is rolled
        back whole and the batch is done again one message at a time, where a failing
        message is recorded and does not undo its neighbours."""
        arrivals = arrivals or []
        arrived = [(0, self._arrivals_ahead.message(row.id, row.message_json)) for row in arrivals]
        # the batch's photos at once: decoding and re-encoding one is ~65 ms of CPU, mostly in
        # Pillow outside the GIL, and the transaction waits for all of them
        # (a message without media has its context at once: a task each, 32 a batch, cost more
        # than most of what its handler does outside reading)
        wanted = [*((inbox_id, message, self._ahead.take(inbox_id)) for inbox_id, message in batch),
                  *((0, message, self._arrivals_ahead.take(row.id))
                    for row, (_, message) in zip(arrivals, arrived, strict=True))]
        contexts = [self._context_of(inbox_id, NO_MEDIA)
                    if ahead is None and not message.photos and not message.attachments else None
                    for inbox_id, message, ahead in wanted]
        with_media = [(index, self._context(inbox_id, message, ahead))
                      for index, (inbox_id, message, ahead) in enumerate(wanted) if contexts[index] is None]
        if with_media:
            for (index, _), ctx in zip(with_media, await asyncio.gather(*(c for _, c in with_media)), strict=True):
                contexts[index] = ctx
        work = Work(batch, arrivals, arrived, [ctx for ctx in contexts if ctx is not None])
        if len(contexts) > 1:
            try:
                replied = await self._in_one_transaction(work)
            except Exception as exc:
                if is_database_down(exc):
                    raise
                log.info("batch of %d failed (%s); processing it one message at a time", len(contexts),
                         type(exc).__name__)
                replied = await self._one_at_a_time(work)
        else:
            replied = await self._one_at_a_time(work)
        if self.inbox_file is not None and arrivals:
            await self.inbox_file.mark_moved([row.id for row in arrivals])
        if replied and self._on_replies is not None:
            self._on_replies()

    async def _move(self, session: AsyncSession, work: Work) -> list[tuple[int, InboundMessage, HandlerContext]]:
        """The batch as (main inbox id, message, context): its arrivals inserted into the main
        inbox first. One already there (moved before a crash kept the file from hearing of it)
        is skipped here; if it is still pending there, it is among `work.batch` anyway."""
        items = [(inbox_id, message, ctx) for (inbox_id, message), ctx in zip(work.batch, work.contexts, strict=False)]
        if not work.arrivals:
            return items
        rows = [{**{name: getattr(row, name) for name in MOVED}, "state": InboxState.PENDING.value, "attempts": 0}
                for row in work.arrivals]
        new = {(r.platform, r.external_id): r.id for r in await session.execute(self._move_statement, rows)}
        already = {inbox_id for inbox_id, _, _ in items}
        for row, (_, message), ctx in zip(work.arrivals, work.arrived, work.contexts[len(work.batch):], strict=True):
            inbox_id = new.get((row.platform, row.external_id))
            if inbox_id is not None and inbox_id not in already:
                items.append((inbox_id, message, replace(ctx, inbox_id=inbox_id)))
        return items

    async def _take_media(self, message: InboundMessage) -> Media:
        photos, issues = await self._take_photos(message)
        documents = await self._take_attachments(message, photos, issues)
        return photos, issues, documents

    async def _context(self, inbox_id: int, message: InboundMessage,
                       ahead: asyncio.Task[Media] | None = None) -> HandlerContext:
        return self._context_of(inbox_id, await ahead if ahead is not None else await self._take_media(message))

    def _context_of(self, inbox_id: int, media: Media) -> HandlerContext:
        photos, issues, documents = media
        return HandlerContext(
            now=self.clock.now(),
            timezone=self.settings.zone,
            language=self.settings.language,
            inbox_id=inbox_id,
            photos=tuple(photos),
            photo_issues=tuple(issues),
            undo_window=timedelta(minutes=self.settings.undo_window_minutes),
            attachments=tuple(documents),
            ladder=self.ladder,
        )

    async def _in_one_transaction(self, work: Work) -> bool:
        """The whole batch in one transaction: claimed together, marked processed together.
        Raises (and so rolls everything back) if any message fails or was processed meanwhile."""
        carried = self.carried
        left: Carried = ({}, {}, None)
        try:
            async with self.database.write() as session:
                cache = remember_lookups(session)
                if carried is not None:
                    await carried.begin(session, cache)
                replied = await self._batch(session, work)
                if carried is not None:
                    left = carried.end(session, cache)
        except BaseException:
            if carried is not None:
                carried.drop()
            raise
        if carried is not None:
            carried.keep(left)
        return replied

    async def _batch(self, session: AsyncSession, work: Work) -> bool:
        """`_in_one_transaction`'s work, in its session."""
        replied = False
        outbox.hold_rows(session)  # the batch's replies are written together, before it is marked processed
        hold_history(session)  # and its node history as Core INSERTs (`storage.history_rows`)
        items = await self._move(session, work)
        if len(items) >= GIVE_IDS_FROM or not self.database.is_sqlite:
            # SQLite: a table's new rows are written in one statement, not one each; PostgreSQL:
            # a row whose id is wanted early takes it from its sequence instead of a flush
            give_ids_in(session, self.carried.known_ids() if self.carried is not None else None)
        claimed = await self._claim_all(session, [inbox_id for inbox_id, _, _ in items])
        for inbox_id, message, ctx in items:
            if inbox_id not in claimed:
                continue
            replies = await self.handler(session, message, ctx)
            used = await used_button_edit(session, message)
            await self._queue(session, inbox_id, [*replies, used] if used else replies)
            replied = replied or bool(replies)
        if await self.ladder.missed_closing(session):
            raise OpenedMeanwhile("an exception was opened meanwhile on a node this batch finished")
        await write_history(session)
        await outbox.write_held(session)
        if claimed and not await self._mark_all_processed(session, claimed):
            raise ProcessedMeanwhile(f"some of inbox {sorted(claimed)} were processed by another worker")
        return replied

    async def _one_at_a_time(self, work: Work) -> bool:
        """Each message in a savepoint of its own: one that fails is recorded, its neighbours commit.
        The arrivals are moved first, outside the savepoints: a failure does not undo its move."""
        replied = False
        async with self.database.write() as session:
            for inbox_id, message, ctx in await self._move(session, work):
                try:
                    async with session.begin_nested() as savepoint:
                        if not await self._claim(session, inbox_id):
                            continue
                        replies = await self.handler(session, message, ctx)
                        used = await used_button_edit(session, message)
                        await self._queue(session, inbox_id, [*replies, used] if used else replies)
                        if not await self._mark_processed(session, inbox_id):
                            await savepoint.rollback()  # processed meanwhile by another worker
                            continue
                        replied = replied or bool(replies)
                except Exception as exc:
                    if is_database_down(exc):
                        raise
                    log.exception("handler failed on inbox %s", inbox_id, extra={"inbox_id": inbox_id})
                    await self._record_failure(session, inbox_id, message, exc)
        return replied

    async def _claim_all(self, session: AsyncSession, inbox_ids: list[int]) -> set[int]:
        """`_claim` for a whole batch in one statement: the ids still pending and now ours."""
        if session.bind is None or session.bind.dialect.name != "postgresql":
            return set(inbox_ids)
        query = (select(InboxMessage.id)
                 .where(InboxMessage.id.in_(inbox_ids), InboxMessage.state == InboxState.PENDING.value)
                 .with_for_update(skip_locked=True))
        return set((await session.execute(query)).scalars())

    async def _mark_all_processed(self, session: AsyncSession, inbox_ids: set[int]) -> bool:
        """One UPDATE for the batch; False if any of them was no longer pending. A Core statement built
        once (`_processed_statement`): as the ORM's with `synchronize_session=False`, it leaves the
        session's objects alone, and nothing is pending at a batch's end to flush before it."""
        result = await session.execute(self._processed_statement,
                                       {"ids": sorted(inbox_ids), "now": self.clock.now()})
        return rows_changed(result) == len(inbox_ids)

    async def _claim(self, session: AsyncSession, inbox_id: int) -> bool:
        """On PostgreSQL, lock the row so other replicas skip it. SQLite has one writer:
        `_mark_processed` alone decides there."""
        if session.bind is None or session.bind.dialect.name != "postgresql":
            return True
        query = (select(InboxMessage.id)
                 .where(InboxMessage.id == inbox_id, InboxMessage.state == InboxState.PENDING.value)
                 .with_for_update(skip_locked=True))
        return (await session.execute(query)).first() is not None

    async def _mark_processed(self, session: AsyncSession, inbox_id: int) -> bool:
        result = await session.execute(
            update(InboxMessage)
            .where(InboxMessage.id == inbox_id, InboxMessage.state == InboxState.PENDING.value)
            .values(state=InboxState.PROCESSED.value, processed_at=self.clock.now(),
                    attempts=InboxMessage.attempts + 1)
        )
        return rows_changed(result) == 1

    async def _queue(self, session: AsyncSession, inbox_id: int, replies: list[Reply]) -> None:
        for index, reply in enumerate(replies):
            await outbox.enqueue_held(session, f"inbox:{inbox_id}:{index}", reply, now=self.clock.now(),
                                      inbox_id=inbox_id)

    async def _record_failure(self, session: AsyncSession, inbox_id: int, message: InboundMessage,
                              exc: Exception) -> None:
        row = await session.get(InboxMessage, inbox_id, populate_existing=True)
        if row is None or row.state != InboxState.PENDING.value:
            return
        row.attempts += 1
        row.error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= MAX_PROCESS_ATTEMPTS:
            row.state = InboxState.FAILED.value
            language = "en" if (message.sender.language or "").startswith("en") else self.settings.language
            sorry = Reply(chat=message.chat, text=SORRY[language])
            await outbox.enqueue(session, f"inbox:{inbox_id}:failed", sorry, now=self.clock.now(), inbox_id=inbox_id)
        await session.flush()

    async def _take_attachments(self, message: InboundMessage, photos: list[StoredPhoto],
                                issues: list[PhotoIssue]) -> list[StoredAttachment]:
        """Documents, with the photos' caps: judged by content; an image sent as a file joins `photos`."""
        stored: list[StoredAttachment] = []
        for media in message.attachments:
            try:
                if media.size is not None and media.size > self.attachment_store.max_bytes:
                    raise AttachmentRejected("too_large", size=media.size, max_bytes=self.attachment_store.max_bytes)
                data = media.data if media.data is not None else await self._download(message, media)
                try:
                    stored.append(await asyncio.to_thread(self.attachment_store.accept, data, media.file_name))
                except AttachmentRejected as rejected:
                    if rejected.code != "unsupported_type":
                        raise
                    photos.append(await accept_photo(self.photo_store, data))
            except AttachmentRejected as rejected:
                issues.append(PhotoIssue(rejected.code, rejection_words(rejected, "zh"), rejection_words(rejected, "en")))
            except PhotoRejected as rejected:
                if rejected.code == "not_an_image":
                    rejected_file = AttachmentRejected("unsupported_type")
                    issues.append(PhotoIssue("unsupported_type", rejection_words(rejected_file, "zh"),
                                             rejection_words(rejected_file, "en")))
                else:
                    issues.append(PhotoIssue(rejected.code, rejection_words(rejected, "zh"), rejection_words(rejected, "en")))
            except SendError as exc:
                if exc.code == "too_large":
                    too_large = AttachmentRejected("too_large", size=media.size,
                                                   max_bytes=self.attachment_store.max_bytes)
                    issues.append(PhotoIssue("too_large", rejection_words(too_large, "zh"), rejection_words(too_large, "en")))
                    continue
                log.warning("file download failed for %s: %s", message.external_id, exc)
                issues.append(FILE_DOWNLOAD_FAILED)
        return stored

    async def _download(self, message: InboundMessage, media: MediaRef) -> bytes:
        channel = self.channels.get(message.platform)
        if channel is None:
            raise SendError(f"no channel for {message.platform}", permanent=True)
        return await channel.download(media)

    async def _take_photos(self, message: InboundMessage) -> tuple[list[StoredPhoto], list[PhotoIssue]]:
        """Download and store each photo before the transaction: content-addressed, so a retry is harmless."""
        photos: list[StoredPhoto] = []
        issues: list[PhotoIssue] = []
        for media in message.photos:
            if media.size is not None and media.size > self.photo_store.max_bytes:
                rejected = PhotoRejected("too_large", size=media.size, max_bytes=self.photo_store.max_bytes)
                issues.append(PhotoIssue(rejected.code, rejection_words(rejected, "zh"), rejection_words(rejected, "en")))
                continue
            try:
                data = media.data
                if data is None:
                    channel = self.channels.get(message.platform)
                    if channel is None:
                        raise SendError(f"no channel for {message.platform}", permanent=True)
                    data = await channel.download(media)
                photos.append(await accept_photo(self.photo_store, data))
            except PhotoRejected as rejected:
                issues.append(PhotoIssue(rejected.code, rejection_words(rejected, "zh"), rejection_words(rejected, "en")))
            except SendError as exc:
                if exc.code == "too_large":
                    too_large = PhotoRejected("too_large", size=media.size, max_bytes=self.photo_store.max_bytes)
                    issues.append(PhotoIssue(too_large.code, rejection_words(too_large, "zh"), rejection_words(too_large, "en")))
                    continue
                log.warning("photo download failed for %s: %s", message.external_id, exc)
                issues.append(DOWNLOAD_FAILED)
        return photos, issues
