"""Where a report page's CPU runs: its HTML (a thousand suppliers' rows, ~0.5 s of Jinja) and its
workbook (the monthly report's thousands of rows, ~1 s of openpyxl) are made in a small pool of
processes of their own, not in the process that answers webhooks.

Why not a thread: a thread of the same process holds the interpreter lock while it renders,
and the event loop that stores webhooks waits for that lock at every step (an `await` on the
database, a response written): with four report pages at once a webhook's p99 went past a
second on two cores (README, Benchmarks). In another process the page's CPU runs on the other
core, or is time-sliced by the kernel in milliseconds, and its garbage collections pause only
that process.

What crosses: plain data, already read from the database (dataclasses, dicts, rows; no
sessions, no generators), pickled. The template's environment and its helpers (`t`,
`url_with`) are made again on the other side from the request's language, path and query, by
the same code `render` uses in the loop, so a page is the same HTML either way. Whatever cannot
be pickled, or a pool that broke, is rendered in a thread as before: a page never fails for
being sent elsewhere.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import jinja2

from bot.web.dashboard_i18n import node_label, process_label, translate

log = logging.getLogger("supplierbot.web")

HERE = Path(__file__).parent
WORKERS = max(1, min(2, os.cpu_count() or 1))  # report pages rendered at once, one core each at most

T = TypeVar("T")


def order_url(po: str) -> str:
    return "/orders/" + quote(po, safe="")


def url_with_query(path: str, current: Any, **changes: Any) -> str:
    """`path` with the query `current` changed (None or "" removes a parameter)."""
    query = {k: v for k, v in current.items()}
    for name, value in changes.items():
        if value is None or value == "":
            query.pop(name, None)
        else:
            query[name] = str(value)
    return path + ("?" + urlencode(query) if query else "")


@cache
def template_environment() -> jinja2.Environment:
    """The dashboard's templates, as the app and every render process load them: one environment a
    process, so a template is compiled once there (~10 ms each) and not again by every app built
    in it (tests build one a test). Jinja renders from one environment in many threads, and its
    loader still reloads a template whose file changed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped, whatever the template's file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(node_label=node_label, process_label=process_label, order_url=order_url)
    return env


@cache
def _environment() -> jinja2.Environment:
    """A render process's own environment (its compiled templates are kept for the next page)."""
    return template_environment()


@dataclass(frozen=True)
class PageRender:
    """One page to render: the template, what it reads from the request, and its context."""

    template: str
    language: str
    viewer: Any  # bot.web.session.Viewer | None
    path: str
    query: dict[str, str]
    css_url: str
    context: dict[str, Any]
    as_of: datetime | None = None  # when a kept page's figures were computed (`bot.web.page_cache`)

    def html(self, env: jinja2.Environment | None = None) -> str:
        language, path, query = self.language, self.path, self.query

        def t(key: str, **values: object) -> str:
            return translate(key, language, **values)

        variables = dict(
            lang=language, other_lang="en" if language == "zh" else "zh", t=t, viewer=self.viewer,
            path=path, url_with=lambda **c: url_with_query(path, query, **c), css_url=self.css_url, as_of=self.as_of,
            **self.context,
        )
        return (env or _environment()).get_template(self.template).render(**variables)


def render_page(job: PageRender) -> str:
    """In a render process: the page's HTML."""
    return job.html()


def yield_to_the_service() -> None:
    """A render process's CPU priority: a batch process (`SCHED_BATCH`) at the service's own
    niceness. The kernel never lets it preempt a process that wakes up, so a webhook that arrives
    while pages are computed gets a core at once, as before; but it is not starved either: it
    gets a fair share of a busy core beside the work process's digest, tick or import.

    Why not nice 10 (before): at nice 10 a render process gets about a tenth of a core beside
    any process at 0. With the long jobs running (issue 20's scenario) a render process waited
    for a CPU ~22 s to use ~1.5 s of it (`/proc/PID/schedstat`, PostgreSQL, full size), and four
    pages at once took 8-10 s where one alone took under 1 s."""
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except (OSError, AttributeError):  # not Linux, or not allowed: the pages run as ordinary processes
        log.warning("render processes run as ordinary processes (SCHED_BATCH refused)")


def _warm(modules: tuple[str, ...], service: int) -> None:
    """A render process's start: yield the CPU to the service (`yield_to_the_service`), import
    `modules` (the report pages' own: ~1 s of CPU) and compile every template before the first
    page waits for them, and leave when the process it renders for is gone (killed, or ended
    without shutting its pool down: pytest's workers do), instead of waiting for work that never
    comes.

    Why import here: a page sent to a render process names its function, and unpickling it
    imports that function's module; a process that had not imported it yet paid ~1 s of CPU
    (SQLAlchemy, the page modules) inside the first page it computed, so the first pages after
    start-up, and the first four at once (the second process), took 1-3 s longer than the rest.

    Then what start-up built (the modules, the compiled templates) is kept out of every later
    collection, as `bot.background.settle_after_start_up` does in the edge and the work process:
    a page of a thousand suppliers makes ORM rows and markup by the hundred thousand, and each
    collection of the oldest generation walked the whole start-up heap as well, 0.13-0.23 s of
    the ~0.3-0.5 s of Python a heavy page costs (`/suppliers`, the monthly report; 0.05-0.06 s
    frozen), CPU taken from the webhooks' process on a two-core machine.

    `service` is the id of the process the pool renders for, given by that process: watched from
    the first line, so a service killed while its render processes start (a replica killed soon
    after start-up) does not leave them waiting for work forever."""
    _leave_with(service)
    yield_to_the_service()
    for module in modules:
        importlib.import_module(module)
    env = _environment()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        env.get_template(name)
    gc.collect()
    gc.freeze()


def _leave_with(parent: int) -> None:
    """End this process once `parent` is no longer its parent (killed, or ended without shutting
    its pool down). Why the id is passed and not read here: read after the imports above (~1 s),
    a service killed meanwhile had already left the process to the system's reaper, which it then
    took for its parent and watched forever, holding the killed service's output pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="render-parent-watch", daemon=True).start()


_pool: ProcessPoolExecutor | None = None
_workers = WORKERS  # render processes this process may start (`use_render_processes`)
_warm_modules: tuple[str, ...] = ()  # what every render process imports at its start (`start_render_processes`)


def _render_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn: a fresh interpreter, never a fork of a process with database threads running
        _pool = ProcessPoolExecutor(max_workers=_workers, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_warm, initargs=(_warm_modules, os.getpid()))
    return _pool


def use_render_processes(count: int | None) -> None:
    """How many render processes this process may start (`Settings.render_processes`; None: one a
    core, two at most). 0: none; work meant for them runs in this process (`NotSent`)."""
    global _workers
    _workers = WORKERS if count is None else count


def _started() -> int:
    """In a render process, once it has started (`_warm` done): its process id."""
    return os.getpid()


def start_render_processes(modules: tuple[str, ...] = ()) -> list[asyncio.Future[int]]:
    """Start every render process now, each importing `modules` as it starts (`_warm`), instead
    of when the first pages ask for them: the service calls this at start-up, so the first page,
    and the first four at once, find them ready. Returns the start-up calls (each answers its
    process's id), for whoever wants to wait for them; the service does not.

    The pool starts a process for each call it is given while none is idle, so as many calls
    at once start them all."""
    global _warm_modules
    _warm_modules = tuple(dict.fromkeys((*_warm_modules, *modules)))
    if _workers == 0:
        return []
    pool = _render_pool()
    loop = asyncio.get_running_loop()
    return [loop.run_in_executor(pool, _started) for _ in range(_workers)]


def imported(module: str) -> bool:
    """Whether this process has imported `module` (asked of a render process)."""
    return module in sys.modules


def compiled_templates() -> list[str]:
    """The templates this render process has compiled already."""
    cache = _environment().cache
    return sorted(template.name or "" for template in cache.values()) if cache is not None else []


def _forget_pool(broken: ProcessPoolExecutor) -> None:
    global _pool
    if _pool is broken:
        _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


class NotSent(Exception):
    """The work could not run in a render process (its arguments cannot be pickled, or the pool
    broke); the caller does it another way."""


async def in_render_process(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in a render process, or `NotSent` when it could not be sent there (a pool
    that broke is forgotten: the next call starts a new one)."""
    if _workers == 0:
        raise NotSent("no render processes (SUPPLIERBOT_RENDER_PROCESSES=0)")
    pool = _render_pool()
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, work, *args)
    except BrokenProcessPool:
        log.warning("the render processes stopped; the next page starts them again")
        _forget_pool(pool)
        raise NotSent("the render processes stopped") from None
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        if not _not_picklable(exc):
            raise
        log.warning("work could not go to a render process (%s)", exc)
        raise NotSent(str(exc)) from exc


async def off_process(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in a render process; in a thread when the arguments cannot be pickled or
    the pool broke (a render process killed: the next page starts a new pool)."""
    try:
        return await in_render_process(work, *args)
    except NotSent:
        return await asyncio.to_thread(work, *args)


def _not_picklable(exc: BaseException) -> bool:
    """Whether the executor failed to send the call (not the call itself failing over there)."""
    text = str(exc)
    return isinstance(exc, pickle.PicklingError) or "pickle" in text.lower()
