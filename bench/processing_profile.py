"""Processing alone, on the inbound bench's mixed Telegram traffic: statements and CPU per
message, which statements, and (PROFILE=1) where cProfile sees the time.

`python -m bench.processing_profile [sqlite|postgres] [count] [batch] [telegram|wecom]`: seeds a
database as `bench.inbound` does, decodes `count` of its requests (Telegram's mix, or WeCom's
encrypted progress reports) and stores them through the pipeline, then times `process_pending`
until the inbox is empty. The words are the corpus mix (`bench.traffic`), or the old templates with
`SUPPLIERBOT_BENCH_TRAFFIC=templates`. CPU per message is printed for each stage: decode (the adapter's
reading of the request), store (`accept`, group commit), process. Wall time on a shared machine varies run to run;
the statement counts do not, and CPU per message varies far less.

Instructions, which the machine's load does not move at all: `CALLGRIND=1 valgrind --tool=callgrind
--instr-atstart=no --separate-threads=yes python -m bench.processing_profile ...` counts only the processing, a file
per thread (the main thread, each SQLite connection's thread, the photo thread: leave Pillow's out when comparing).
Callgrind sees no kernel work, so what a thread hand-off costs shows in CPU time, not here.
By kind of message: add `CALLGRIND_KINDS=1` and `--dump-before=os_getppid` (a dump as each handler begins and
ends; 360 messages make ~720 small files) and run `python -m bench.callgrind_kinds DIR` over the folder the
files and the printed output (as `out.txt`) are in. A kind's figure is what ran on the main thread while its
handler ran, including what other tasks ran while it awaited a statement and any rows it made the batch write.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import json
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite
import greenlet
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bench import traffic
from bench.common import drop_postgres, postgres_database, sqlite_database
from bench.inbound import PHOTO_FILE_ID, seed, telegram_requests, wecom_requests
from bench.target import WECOM
from bot.adapters.telegram_adapter import inbound_from_update
from bot.adapters.wecom_adapter import WeComCallback
from bot.background import settle_after_start_up
from bot.clock import SystemClock
from bot.pipeline import InboundPipeline
from bot.ports import InboundMessage, Platform, Reply
from bot.settings import Settings
from handlers.context import HandlerContext
from handlers.router import handle_message
from storage.db import Database
from storage.inbox_file import InboxFile, inbox_file_url
from storage.photo_store import PhotoStore
from tests.fakes.memory_channel import MemoryChannel
from tests.fakes.photos import noise_jpeg

PROFILE = os.environ.get("PROFILE") == "1"
# PROFILE_KIND=delay (with PROFILE=1): cProfile only while that kind's handler runs, timed by the main
# thread's own CPU clock (the photo thread's Pillow work and SQLite's threads are not counted)
PROFILE_KIND = os.environ.get("PROFILE_KIND", "")
SAMPLE = os.environ.get("SAMPLE") == "1"
# CALLGRIND=1, under `valgrind --tool=callgrind --instr-atstart=no`: instructions are counted while
# the inbox is processed and nowhere else (seeding, storing and start-up are left out). Instructions,
# unlike CPU time, do not move with what else runs on the machine.
CALLGRIND = os.environ.get("CALLGRIND") == "1"
# CALLGRIND_KINDS=1 as well, with `--dump-before=os_getppid`: a dump as each handler begins and ends, and
# the kind of each printed in order (`kinds:` ...), so each kind's instructions can be summed from the dumps
# (`python -m bench.callgrind_kinds DIR`)
CALLGRIND_KINDS = CALLGRIND and os.environ.get("CALLGRIND_KINDS") == "1"


def callgrind(on: bool) -> None:
    """Turn callgrind's instrumentation of this process on or off (`callgrind_control`)."""
    subprocess.run(["callgrind_control", "--instr=" + ("on" if on else "off"), str(os.getpid())],
                   check=True, capture_output=True)


class Sampler:
    """CPU samples of the main thread's stack every millisecond of process CPU (`SAMPLE=1`).

    cProfile's cumulative times mislead here (coroutines and greenlets re-enter, and its own
    cost is per call); samples show where CPU goes, inclusive per function and by leaf."""

    def __init__(self) -> None:
        self.samples = 0
        self.inclusive: dict[str, int] = {}
        self.leaf: dict[str, int] = {}
        self.kind = "batch"  # the kind of message being handled (`bench.traffic.KINDS`), else the batch's own work
        self.by_kind: dict[str, dict[str, int]] = {}  # kind -> our functions, inclusive
        # FOCUS=<function name>: samples inside it, by the nearest of our functions that called it
        self.focus = os.environ.get("FOCUS", "")
        self.focused: dict[str, int] = {}

    def _take(self, _signum: int, frame: Any) -> None:
        # signals that arrive while the handler cannot run are merged: weigh by the CPU since the last
        now = time.process_time()
        weight, self._last = round((now - self._last) * 1e6), now
        self.samples += weight
        seen: set[str] = set()
        first = True
        mine = self.by_kind.setdefault(self.kind, {})
        mine[""] = mine.get("", 0) + weight
        inside = counted = False
        # SQLAlchemy's asyncio runs sync code in a greenlet whose frames end at its root: go on
        # from where the greenlet that started it waits, so the ORM's time is its callers' too
        runner = greenlet.getcurrent()
        while frame is not None:
            code = frame.f_code
            name = f"{code.co_filename.split('/site-packages/')[-1].removeprefix(os.getcwd() + '/')}:{code.co_name}"
            if first:
                caller = frame.f_back.f_code if frame.f_back is not None else None
                if caller is not None:  # a leaf by its caller: which dataclass `__init__`, which `replace`
                    name += f" < {caller.co_filename.split('/')[-1]}:{caller.co_name}"
                self.leaf[name] = self.leaf.get(name, 0) + weight
                first = False
                name = name.split(" < ")[0]
            if name not in seen:
                seen.add(name)
                self.inclusive[name] = self.inclusive.get(name, 0) + weight
                if name.startswith(("handlers/", "storage/", "scheduler/", "bot/")):
                    mine[name] = mine.get(name, 0) + weight
                    if inside:
                        self.focused[name] = self.focused.get(name, 0) + weight
                        inside, counted = False, True
            if self.focus and code.co_name == self.focus and not counted:
                inside = True
            frame = frame.f_back
            while frame is None and runner is not None and runner.parent is not None:
                runner = runner.parent
                frame = runner.gr_frame

    def start(self) -> None:
        self._last = time.process_time()
        signal.signal(signal.SIGPROF, self._take)
        signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)

    def print(self, messages: int, top: int = int(os.environ.get("TOP", "60"))) -> None:
        print(f"  {self.samples / messages:.0f} µs of CPU sampled per message; inclusive (ours and the libraries'):")
        for name, n in sorted(self.inclusive.items(), key=lambda kv: -kv[1])[:top]:
            print(f"    {n / messages:7.0f}  {name}")
        print("  by leaf:")
        for name, n in sorted(self.leaf.items(), key=lambda kv: -kv[1])[:30]:
            print(f"    {n / messages:7.0f}  {name}")

    def print_focus(self, messages: int) -> None:
        print(f"  inside {self.focus}, by the nearest of our callers:")
        for name, n in sorted(self.focused.items(), key=lambda kv: -kv[1])[:30]:
            print(f"    {n / messages:7.0f}  {name}")

    def print_kinds(self, counts: dict[str, int], top: int = int(os.environ.get("TOP_KIND", "25"))) -> None:
        """Our functions by the kind of message they ran for, in µs a message of that kind."""
        for kind, names in self.by_kind.items():
            n = counts.get(kind) or sum(counts.values())
            print(f"  {kind}: {names.get('', 0) / n:.0f} µs sampled a message ({n} messages)")
            for name, weight in sorted(names.items(), key=lambda kv: -kv[1])[1:top + 1]:
                print(f"    {weight / n:7.0f}  {name}")


class GcTime:
    """CPU spent in the cyclic garbage collector while it is on: a collection is invisible to
    samples (it runs in C and the sample lands on whatever Python runs next, often a weakref
    callback such as SQLAlchemy's `_collection_gced`)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0
        self.on = False

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
        elif self.on:
            self.seconds += time.process_time() - self._started
            self.collections[info["generation"]] += 1


def count_handoffs() -> list[str]:
    """Every call aiosqlite queues on a connection's thread, by name, as it is made (each a queue
    put, a thread wake-up and a wake-up of the event loop): like statements, a count that does
    not vary from run to run."""
    calls: list[str] = []
    queue = aiosqlite.Connection._execute

    async def counted(connection: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", "?"))
        return await queue(connection, fn, *args, **kwargs)

    aiosqlite.Connection._execute = counted  # type: ignore[method-assign]
    return calls


def kind_of(message: InboundMessage) -> str:
    """Which of the bench's mix a message is: its place in the day (`bench.traffic.kind_of`), told by its
    update id, since the profile's requests start at update 1 (the corpus mix's words cannot tell it);
    WeCom's are all progress."""
    if message.platform is Platform.WECOM:
        return "progress"
    return traffic.kind_of(int(message.external_id) - 1)


def decoder(platform: str) -> Callable[[dict[str, str], bytes], tuple[InboundMessage, str]]:
    """The adapter's reading of one request body: the message and the raw text the inbox keeps."""
    if platform == "telegram":
        def telegram(_query: dict[str, str], body: bytes) -> tuple[InboundMessage, str]:
            raw = body.decode()
            message = inbound_from_update(json.loads(raw))
            assert message is not None
            return message, raw

        return telegram
    callback = WeComCallback(WECOM["token"], WECOM["aes_key"], WECOM["corp_id"])
    clock = SystemClock()

    def wecom(query: dict[str, str], body: bytes) -> tuple[InboundMessage, str]:
        plaintext = callback.decrypt(body, query["msg_signature"], query["timestamp"], query["nonce"],
                                     now=clock.now())
        message = callback.inbound_from_plaintext(plaintext)
        assert message is not None
        return message, plaintext

    return wecom


async def main(engine: str, count: int, batch: int | None, platform: str = "telegram") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pg = None
        if engine == "sqlite":
            url = await sqlite_database(folder)
        else:
            pg = await postgres_database()
            assert pg
            url = pg[0]
        await seed(url)
        print(traffic.describe(traffic.chosen()), flush=True)
        db = Database(url)
        statements = 0
        sampler = Sampler()

        kinds: dict[str, int] = {}
        # statements while a message's handler runs, by the kind of message; the rest (claiming,
        # marking processed, whatever is flushed at the batch's end) is the batch's
        current = "batch"
        by_message: dict[str, int] = {}
        statements_of: dict[str, dict[str, int]] = {}  # kind -> statement -> count
        messages: dict[str, int] = {}
        handler_cpu: dict[str, float] = {}  # CPU while a message's handler runs, by kind
        dumps: list[str] = []  # CALLGRIND_KINDS: what each dump after the first counts

        async def handler(session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
            nonlocal current
            current = sampler.kind = kind_of(message)
            messages[current] = messages.get(current, 0) + 1
            started = time.process_time()
            if PROFILE and current == PROFILE_KIND:
                profiler.enable()
            if CALLGRIND_KINDS:
                dumps.append(current.replace(" ", "_"))
                os.getppid()
            try:
                return await handle_message(session, message, ctx)
            finally:
                if CALLGRIND_KINDS:
                    dumps.append("batch")
                    os.getppid()
                if PROFILE and current == PROFILE_KIND:
                    profiler.disable()
                handler_cpu[current] = handler_cpu.get(current, 0.0) + time.process_time() - started
                current = sampler.kind = "batch"

        def count_statement(_conn: object, _cursor: object, sql: str, *_a: object) -> None:
            nonlocal statements
            statements += 1
            by_message[current] = by_message.get(current, 0) + 1
            words = sql.split()
            if words[0].upper() == "SELECT" and "FROM" in words:
                key = "SELECT FROM " + words[words.index("FROM") + 1]
            else:
                key = " ".join(words[:3])
            kinds[key] = kinds.get(key, 0) + 1
            of_kind = statements_of.setdefault(current, {})
            of_kind[key] = of_kind.get(key, 0) + 1

        profiler = cProfile.Profile(time.thread_time) if PROFILE_KIND else cProfile.Profile()
        handoffs = count_handoffs()
        event.listen(db.writer.sync_engine, "before_cursor_execute", count_statement)
        if db.reader is not db.writer:
            event.listen(db.reader.sync_engine, "before_cursor_execute", count_statement)
        channel = MemoryChannel(Platform.TELEGRAM, files={PHOTO_FILE_ID: noise_jpeg(400, 300)})
        inbox_url = inbox_file_url(url)  # as the app has it: SQLite's inbox in a file of its own
        inbox = InboxFile(inbox_url) if inbox_url else None
        pipeline = InboundPipeline(db, SystemClock(), Settings(), handler,
                                   {Platform.TELEGRAM: channel, Platform.WECOM: MemoryChannel(Platform.WECOM)},
                                   PhotoStore(folder / "photos"), inbox_file=inbox)
        requests = (telegram_requests if platform == "telegram" else wecom_requests)(count, 1)
        decode = decoder(platform)
        cpu = time.process_time()
        decoded = [decode(query, body) for _path, query, _headers, body in requests]
        decode_cpu = time.process_time() - cpu
        if inbox is not None:
            await inbox.create()  # as the app does at start-up, not once per waiting webhook
        cpu = time.process_time()
        await asyncio.gather(*(pipeline.accept(message, raw) for message, raw in decoded))
        store_cpu = time.process_time() - cpu
        statements = 0
        handoffs.clear()
        kinds.clear()
        by_message.clear()
        statements_of.clear()
        messages.clear()
        handler_cpu.clear()
        if os.environ.get("FREEZE", "1") == "1":  # as the work process does once started (FREEZE=0: not)
            settle_after_start_up()
        gc_time = GcTime()
        gc.callbacks.append(gc_time)
        gc_time.on = True
        started = time.perf_counter()
        cpu = time.process_time()
        if PROFILE and not PROFILE_KIND:
            profiler.enable()
        if SAMPLE:
            sampler.start()
        if CALLGRIND:
            callgrind(True)
        done = 0
        while True:
            n = await pipeline.process_pending(batch)
            if not n:
                break
            done += n
        if CALLGRIND:
            if CALLGRIND_KINDS:
                dumps.append("batch")
                os.getppid()
            callgrind(False)
            if CALLGRIND_KINDS:
                print("kinds: " + " ".join(dumps))
                print("messages: " + json.dumps(messages))
        profiler.disable()
        sampler.stop()
        gc_time.on = False
        gc.callbacks.remove(gc_time)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        print(f"{engine} {platform}: {done} processed in {seconds:.2f}s = {done / seconds:.0f}/s; "
              f"{statements} statements = {statements / done:.2f}/message; CPU {cpu / done * 1000:.1f} ms/message")
        if handoffs:
            print(f"  hand-offs to SQLite's driver threads (aiosqlite) {len(handoffs) / done:.2f}/message: "
                  + ", ".join(f"{name} {n / done:.2f}" for name, n in Counter(handoffs).most_common()))
        print(f"  CPU µs per message: decode {decode_cpu / count * 1e6:.0f}, store {store_cpu / count * 1e6:.0f}, "
              f"process {cpu / done * 1e6:.0f}, of which garbage collection {gc_time.seconds / done * 1e6:.0f} "
              f"(collections of generations 0/1/2: {'/'.join(map(str, gc_time.collections))})")
        print("  statements and handler CPU µs while handling, per message of each kind (the batch's own: per message):")
        for kind in traffic.KINDS:
            if messages.get(kind):
                print(f"    {kind:12} {by_message.get(kind, 0) / messages[kind]:6.2f}  "
                      f"{handler_cpu.get(kind, 0.0) / messages[kind] * 1e6:6.0f} µs  ({messages[kind]} messages)")
        print(f"    {'batch':12} {by_message.get('batch', 0) / done:6.2f}")
        print("  statements a message of each kind, which:")
        for kind in (*traffic.KINDS, "batch"):
            n = messages.get(kind, done if kind == "batch" else 0)
            if n:
                print(f"    {kind}: " + ", ".join(f"{key} {count / n:.2f}" for key, count in
                                                   sorted(statements_of.get(kind, {}).items(), key=lambda kv: -kv[1])))
        for key, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
            print(f"  {n / done:6.2f}/msg  {key}")
        if SAMPLE:
            sampler.print(done)
            sampler.print_kinds(messages)
            if sampler.focus:
                sampler.print_focus(done)
        if PROFILE:
            if os.environ.get("PROFILE_OUT"):
                profiler.dump_stats(os.environ["PROFILE_OUT"])  # for pstats' callers/callees
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
        await db.dispose()
        if inbox is not None:
            await inbox.database.dispose()
        if pg:
            await drop_postgres(pg[1])


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "sqlite", int(sys.argv[2]) if len(sys.argv) > 2 else 360,
                     int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None,
                     sys.argv[4] if len(sys.argv) > 4 else "telegram"))
