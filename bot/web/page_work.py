"""Where a report page is computed: its queries AND its rendering, in a render process
(`bot.web.rendering`) that reads the database on connections of its own
(`storage.db.ReportReader`), so the process that answers webhooks only hands over the request's
parameters and gets the finished HTML, workbook or JSON back.

Why: rendering alone in another process (the earlier step) left a page's queries in the
webhook process, on its database threads and its event loop: with four report pages at once a
thousand suppliers' figures were read, turned into rows and objects there, and a webhook's p99
went past a second (README, Benchmarks). Now that process does nothing per page but wait.

One definition per page: a page is an async function `figures(sessions, ask) -> Output`
(`Html`, `Workbook` or `Json`) that reads through `sessions()` (a context manager giving a read
session) and calls the same `storage.kpis` / `bot.web.dashboard_kpis` functions as the chat,
the API and the digest. The same function runs in a render process (`sessions` is that
process's `ReportReader`) or, when it cannot go there, in the service's own process on its
report pool (`Database.reports`), as before: a page never fails for being sent elsewhere, and
is the same page either way (tested).
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.web.dashboard_xlsx import XLSX_TYPE, Sheet, attachment, workbook_bytes
from bot.web.page_cache import FRESH, Compute, Computed, ReportCache, Warm, figures_key, without_fresh
from bot.web.rendering import NotSent, PageRender, in_render_process, off_process, render_page
from storage.db import Database, ReportReader

T = TypeVar("T")

log = logging.getLogger("supplierbot.web")

Sessions = Callable[[], AbstractAsyncContextManager[AsyncSession]]
READERS_KEPT = 2  # databases a render process keeps connections to (tests open many; a service one)


@dataclass(frozen=True)
class PageAsk:
    """What a page reads from its request and its service, as plain data that can be pickled."""

    path: str
    query: dict[str, str]
    language: str
    viewer: Any  # bot.web.session.Viewer | None
    css_url: str
    now: datetime  # the service's clock at the request
    zone: ZoneInfo  # the service's time zone
    may_categorize: bool = False  # the quality page's form (who may change a defect's category)
    stamped: bool = False  # the page says when its figures were computed (`now`): a kept page (`page_cache`)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    @property
    def as_of(self) -> datetime | None:
        """When the page's figures were computed, in the service's zone, if the page says so."""
        return self.now.astimezone(self.zone) if self.stamped else None


@dataclass(frozen=True)
class Html:
    """A page from a template; its context is read by the template only."""

    template: str
    context: dict[str, Any]
    status: int = 200


@dataclass(frozen=True)
class Workbook:
    filename: str
    sheets: list[Sheet]


@dataclass(frozen=True)
class Json:
    data: Any
    status: int = 200


Output = Html | Workbook | Json
Figures = Callable[[Sessions, PageAsk], Awaitable[Output]]


@dataclass(frozen=True)
class Answer:
    """A finished page: what the handler sends back."""

    body: bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def _page_render(output: Html, ask: PageAsk) -> PageRender:
    return PageRender(template=output.template, language=ask.language, viewer=ask.viewer, path=ask.path,
                      query=ask.query, css_url=ask.css_url, context=output.context, as_of=ask.as_of)


AS_OF_HEADER = "X-Figures-As-Of"  # a kept page's (workbook's) time of its figures, ISO 8601


def _stamp(ask: PageAsk) -> dict[str, str]:
    as_of = ask.as_of
    return {AS_OF_HEADER: as_of.isoformat(timespec="seconds")} if as_of is not None else {}


def _html(text: str, status: int, ask: PageAsk) -> Answer:
    return Answer(text.encode(), "text/html", status, headers=_stamp(ask))


def _workbook(output: Workbook, body: bytes, ask: PageAsk) -> Answer:
    return Answer(body, XLSX_TYPE, headers={"Content-Disposition": attachment(output.filename),
                                            "Cache-Control": "no-store", **_stamp(ask)})


def _json(output: Json, ask: PageAsk) -> Answer:
    return Answer(json.dumps(output.data, ensure_ascii=False).encode(), "application/json", output.status,
                  headers=_stamp(ask))


def finish(output: Output, ask: PageAsk) -> Answer:
    """The page's bytes, made here (in a render process)."""
    if isinstance(output, Html):
        return _html(_page_render(output, ask).html(), output.status, ask)
    if isinstance(output, Workbook):
        return _workbook(output, workbook_bytes(output.sheets), ask)
    return _json(output, ask)


async def finish_off_loop(output: Output, ask: PageAsk) -> Answer:
    """The page's bytes for a page computed in the service's process: its HTML and workbook are
    still made in a render process (`off_process`)."""
    if isinstance(output, Html):
        return _html(await off_process(render_page, _page_render(output, ask)), output.status, ask)
    if isinstance(output, Workbook):
        listed = [Sheet(s.title, list(s.header), [list(row) for row in s.rows], list(s.widths))
                  for s in output.sheets]
        return _workbook(output, await off_process(workbook_bytes, listed), ask)
    return _json(output, ask)


def _listed(output: Output) -> Output:
    """The page's output with a workbook's rows as lists: a sheet's rows may be a generator, read
    once by the writer and never pickled, so a workbook's figures could not be kept (every other
    viewer of the monthly report computed it again)."""
    if not isinstance(output, Workbook):
        return output
    return Workbook(output.filename, [Sheet(s.title, list(s.header), [list(row) for row in s.rows], list(s.widths))
                                      for s in output.sheets])


def _pickled(output: Output) -> bytes | None:
    """The figures to keep (`page_cache`), or None when they cannot be pickled."""
    try:
        return pickle.dumps(output, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        log.warning("a report page's figures cannot be kept (%s)", exc)
        return None


def _name(figures: Figures) -> str:
    """A page's name in its figures' key: its figures function's module and name."""
    return f"{figures.__module__}.{figures.__qualname__}"


# --- in a render process ----------------------------------------------------------------------

_loop: asyncio.AbstractEventLoop | None = None
_readers: OrderedDict[str, ReportReader] = OrderedDict()


def _worker_loop() -> asyncio.AbstractEventLoop:
    """The render process's one event loop, kept between pages: asyncpg's connections belong to
    the loop that opened them, and the pool is kept for the next page."""
    global _loop
    if _loop is None:
        _loop = asyncio.new_event_loop()
    return _loop


def _reader(url: str) -> ReportReader:
    reader = _readers.get(url)
    if reader is None:
        reader = _readers[url] = ReportReader(url)
        while len(_readers) > READERS_KEPT:
            _, old = _readers.popitem(last=False)
            _worker_loop().run_until_complete(old.dispose())
    _readers.move_to_end(url)
    return reader


def _output(figures: Figures, url: str, ask: PageAsk) -> Output:
    """In a render process: the page's output, read on this process's own connections to `url`."""
    return _worker_loop().run_until_complete(figures(_reader(url).reports, ask))


def compute_here(figures: Figures, url: str, ask: PageAsk) -> Answer:
    """In a render process: the whole page."""
    return finish(_output(figures, url, ask), ask)


def compute_kept(figures: Figures, url: str, ask: PageAsk) -> Computed:
    """In a render process: the whole page as `compute_here`, and its figures to keep."""
    output = _listed(_output(figures, url, ask))
    return Computed(finish(output, ask), _pickled(output))


def compute_figures(figures: Figures, url: str, ask: PageAsk) -> Computed:
    """In a render process: only the figures to keep, no page (a default view warmed ahead of
    requests, `PageWork.warm`: whoever asks first sees it rendered with their own header)."""
    return Computed(None, _pickled(_listed(_output(figures, url, ask))))


def render_kept(figures: bytes, ask: PageAsk) -> Answer:
    """In a render process: a page from figures kept (`compute_kept`), as `ask` shows them."""
    return finish(pickle.loads(figures), ask)


# --- in the service's process -----------------------------------------------------------------

@dataclass
class PageWork:
    """Where the service computes its report pages: in render processes (`in_pool`), or in its
    own process on the report pool (what a page falls back to; tests count statements there)."""

    in_pool: bool = True
    cache: ReportCache = field(default_factory=ReportCache)  # report pages' figures kept a while

    async def answer(self, database: Database, figures: Figures, ask: PageAsk) -> Answer:
        sent = await self._in_pool("a report page is computed", compute_here, figures, database.url, ask)
        if sent is not None:
            return sent
        return await finish_off_loop(await figures(database.reports, ask), ask)

    async def kept_answer(self, database: Database, figures: Figures, ask: PageAsk, *, max_age: timedelta,
                          stale: timedelta) -> Answer:
        """The page from figures kept up to `max_age` (and served `stale` longer while they are
        refreshed; `bot.web.page_cache`), or, with no max age, computed as `answer` does.
        `?fresh=1` asks for fresh figures."""
        fresh = FRESH in ask.query
        ask = replace(ask, query=without_fresh(ask.query))
        if max_age <= timedelta(0):
            return await self.answer(database, figures, ask)
        key = figures_key(_name(figures), ask)

        async def compute(stamped: PageAsk) -> Computed:
            return await self._computed(database, figures, stamped)

        return await self.cache.answer(key, ask, max_age=max_age, stale=stale, fresh=fresh, compute=compute,
                                       render=self._rendered)

    @property
    def warms(self) -> bool:
        """Whether figures may be computed ahead of requests: only in render processes. In this
        process a page's figures are made on the event loop (0.3-0.9 s of Python at full size),
        which would hold every webhook meanwhile."""
        return self.in_pool

    def warm(self, database: Database, views: list[tuple[Figures, PageAsk]], *, now: datetime,
             max_age: timedelta, stale: timedelta) -> int:
        """One warming pass at `now` (`ReportCache.warm`): `views` (figures functions and the asks
        of their default views) and the keys people asked for lately, refreshed in the background
        where due. Returns how many refreshes started."""
        if not self.warms or max_age <= timedelta(0):
            return 0

        def figures_only(figures: Figures) -> Compute:
            async def compute(stamped: PageAsk) -> Computed:
                sent = await self._in_pool("a report page is warmed", compute_figures, figures, database.url, stamped)
                if sent is None:  # never in this process (`warms`): the next pass tries again
                    raise NotSent("the render processes are not there")
                return sent
            return compute

        warm = [Warm(figures_key(_name(figures), ask), ask, figures_only(figures)) for figures, ask in views]
        return self.cache.warm(warm, now=now, max_age=max_age, stale=stale)

    async def _computed(self, database: Database, figures: Figures, ask: PageAsk) -> Computed:
        sent = await self._in_pool("a report page is computed", compute_kept, figures, database.url, ask)
        if sent is not None:
            return sent
        output = _listed(await figures(database.reports, ask))
        return Computed(await finish_off_loop(output, ask), _pickled(output))

    async def _rendered(self, figures: bytes, ask: PageAsk) -> Answer:
        sent = await self._in_pool("a kept report page is rendered", render_kept, figures, ask)
        if sent is not None:
            return sent
        return await finish_off_loop(pickle.loads(figures), ask)

    async def _in_pool(self, what: str, work: Callable[..., T], *args: Any) -> T | None:
        """`work(*args)` in a render process; None when pages are done here or it could not be
        sent there (the caller does it in this process, `what` said in the log)."""
        if not self.in_pool:
            return None
        try:
            return await in_render_process(work, *args)
        except NotSent:
            log.warning("%s in the service's process instead", what)
            return None
