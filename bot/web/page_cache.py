"""Report pages' figures kept for a while (stale-while-revalidate), so a page answers at once
however long its figures take to compute.

Why: at full size (1,000 suppliers, 100,000 open orders) a report page's figures cost 0.4-1.1 s
of CPU each; four pages at once on two shared cores took 8-13 s, computed on request, however
cheap the webhooks around them (README, Benchmarks). Figures a minute old are what a buyer reads
there anyway; each page says when they were computed ("数据截至 14:05" / "as of 14:05") and offers
fresh ones (`?fresh=1`).

What is kept, and for whom: a `FiguresKey` is the page, its parameters, the language, what the
viewer may change on it and the viewer's scope (the suppliers they may see): two scopes never
share figures. Under it the figures themselves (the page's `Output`, pickled as it left the render
process) and the finished pages made from them, one for each way of showing them (`AnswerKey`:
the whole request but its clock, so the viewer's name in the header is never another's). A page
asked in a new way (another viewer of the same scope) is rendered from the kept figures, not
computed again.

When: figures younger than the max age (`report_max_age_seconds`) are served as they are. Older,
they are served still, and one refresh starts in the background (one at a time per key: every
request meanwhile gets the kept page or, when it waits, the same refresh; at most
`REFRESHES_AT_ONCE` for all keys together). Older than the max age
and the stale allowance (`report_stale_seconds`), or never computed, the request waits for the
computation (still one per key). `?fresh=1` waits for a computation too, unless the kept figures
are only seconds old (a browser's reload of that link does not compute the page again each
time). Every figure is computed by the page's own function (`bot.web.page_work`), in the render
processes, so a kept page is the page that would have been computed at that moment.

Ahead of requests (`warm`, a pass the service runs every few seconds, `bot.web.pages`): the
whole company's default view of each report page (`bot.web.dashboard_reports.warm_views`), and
the last `warm_keys` keys people asked for in the past day (least recently asked dropped), are
computed again in the background once their figures are halfway through the stale allowance, or
when there are none: so a page's first request after start-up, and its second of the day, never
waits for a computation. A pass starts refreshes only while fewer than `REFRESHES_AT_ONCE`
computations run (whoever started them), so warming never takes a render process from a page
someone waits for, and never queues work behind them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

log = logging.getLogger("supplierbot.web")

FRESH = "fresh"  # the query parameter that asks for fresh figures
FRESH_FLOOR = timedelta(seconds=10)  # figures this young are fresh enough for `?fresh=1`
KEYS_KEPT = 32  # figures kept at once (a full-size scorecard page is ~1 MB of HTML)
ANSWERS_KEPT = 8  # finished pages kept for one key's figures (viewers, languages' links)
REFRESHES_AT_ONCE = 2  # background refreshes running at once, all keys together (one a render process)
WARM_KEYS = 12  # keys people asked for kept refreshed (`warm`), the least recently asked dropped
WARM_FOR = timedelta(days=1)  # how long after its last request a key is kept refreshed
# a key whose last computation failed is not warmed again sooner: a database or render process that is
# down fails each computation at once, and the pass that follows each ending would start it again and again
RETRY_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class FiguresKey:
    """What a page's figures depend on: never the viewer's name, always their scope."""

    page: str  # the figures function's module and name
    path: str
    query: tuple[tuple[str, str], ...]  # sorted, without `fresh` and `lang` (the language is below)
    language: str  # labels in charts and workbooks
    may_categorize: bool
    scope: frozenset[int] | None  # the suppliers the viewer may see; None: every supplier
    zone: str


AnswerKey = tuple[Any, ...]  # everything of the request a finished page shows, but its clock


@dataclass(frozen=True)
class Computed:
    """One computation: the page for the ask that computed it, and its figures to render again
    for other asks (None: they could not be pickled; other asks then compute their own)."""

    answer: Any  # bot.web.page_work.Answer
    figures: bytes | None


@dataclass
class Kept:
    figures: bytes | None
    as_of: datetime
    answers: OrderedDict[AnswerKey, Any] = field(default_factory=OrderedDict)


Compute = Callable[[Any], Awaitable[Computed]]  # (ask stamped with its own clock) -> Computed
Render = Callable[[bytes, Any], Awaitable[Any]]  # (figures, ask stamped with their time) -> Answer


@dataclass(frozen=True)
class Warm:
    """A key to keep refreshed: the ask to compute it for (its clock is the pass's) and how."""

    key: FiguresKey
    ask: Any
    compute: Compute


def without_fresh(query: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in query.items() if name != FRESH}


def figures_key(page: str, ask: Any) -> FiguresKey:
    viewer = ask.viewer
    scope = getattr(viewer, "suppliers", None)
    return FiguresKey(page=page, path=ask.path,
                      query=tuple(sorted((k, v) for k, v in ask.query.items() if k not in (FRESH, "lang"))),
                      language=ask.language, may_categorize=ask.may_categorize,
                      scope=frozenset(scope) if scope is not None else None, zone=str(ask.zone))


def answer_key(ask: Any) -> AnswerKey:
    return (ask.viewer, ask.path, tuple(sorted(ask.query.items())), ask.language, ask.css_url,
            ask.may_categorize, str(ask.zone))


class ReportCache:
    """Kept report pages of one service process (`bot.web.page_work.PageWork`)."""

    def __init__(self, keys: int = KEYS_KEPT, warm_keys: int = WARM_KEYS) -> None:
        self._keys = keys
        self._warm_keys = warm_keys
        self._asked: OrderedDict[FiguresKey, Warm] = OrderedDict()  # what people asked, last asked last
        self._freed = asyncio.Event()  # a background refresh ended (`wait_for_room`)
        self._failed: dict[FiguresKey, datetime] = {}  # key -> the time of its last computation, which failed
        self._kept: OrderedDict[FiguresKey, Kept] = OrderedDict()
        self._running: dict[FiguresKey, asyncio.Task[Kept]] = {}
        self._all: set[asyncio.Task[Kept]] = set()  # every computation running (`close`)
        self._background: set[asyncio.Task[Kept]] = set()  # the refreshes no request waits for
        self._generation = 0  # moves on at each `forget`: what was computed before is not kept
        self.computations = 0  # how many computations started (tests, the bench)

    async def answer(self, key: FiguresKey, ask: Any, *, max_age: timedelta, stale: timedelta, fresh: bool,
                     compute: Compute, render: Render) -> Any:
        """The page for `ask` (its query already without `fresh`), kept or computed (see the module)."""
        now = ask.now
        self._remember(key, ask, compute)
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
        age = now - kept.as_of if kept is not None else None
        if age is None or age > max_age + stale or (fresh and age >= FRESH_FLOOR) or age < timedelta(0):
            kept, answer = await self._computed(key, ask, compute)
            if answer is not None:
                return answer
        elif age > max_age:
            self._refresh(key, ask, compute)
        assert kept is not None
        return await self._shown(kept, key, ask, compute, render)

    async def _shown(self, kept: Kept, key: FiguresKey, ask: Any, compute: Compute, render: Render) -> Any:
        """`kept`'s figures as `ask` shows them: finished already, rendered from the figures, or
        (figures that could not be kept) computed for this ask."""
        shown = answer_key(ask)
        answer = kept.answers.get(shown)
        if answer is not None:
            return answer
        if kept.figures is None:
            _, answer = await self._computed(key, ask, compute, join=False)
            return answer
        answer = await render(kept.figures, replace(ask, now=kept.as_of, stamped=True))
        _keep_answer(kept, shown, answer)
        return answer

    async def _computed(self, key: FiguresKey, ask: Any, compute: Compute, *, join: bool = True) -> tuple[Kept, Any]:
        """Fresh figures for `key`: the refresh already running (its page for this ask if it was
        computed for the same one, else None), or a computation started now."""
        task = self._running.get(key) if join else None
        if task is None:
            task = self._start(key, ask, compute)
        kept = await asyncio.shield(task)
        return kept, kept.answers.get(answer_key(ask))

    def _refresh(self, key: FiguresKey, ask: Any, compute: Compute) -> None:
        """One refresh of `key` in the background, unless one runs already or as many refreshes
        as there are render processes run (many pages stale at once queue no work behind them:
        their next request starts theirs)."""
        if key not in self._running and len(self._background) < REFRESHES_AT_ONCE:
            self._background.add(self._start(key, ask, compute))

    def _remember(self, key: FiguresKey, ask: Any, compute: Compute) -> None:
        """`key` was asked for by a person: kept refreshed (`warm`) for a day, the last `warm_keys` only."""
        if self._warm_keys <= 0:
            return
        self._asked[key] = Warm(key, ask, compute)
        self._asked.move_to_end(key)
        while len(self._asked) > self._warm_keys:
            self._asked.popitem(last=False)

    def warm(self, views: list[Warm], *, now: datetime, max_age: timedelta, stale: timedelta) -> int:
        """One pass ahead of requests: refresh in the background, at `now`, each of `views` (the
        default views) and of the keys people asked for in the past `WARM_FOR` whose figures are
        missing or halfway through the stale allowance, the oldest first, while fewer than
        `REFRESHES_AT_ONCE` computations run. Returns how many started."""
        self._freed.clear()  # a refresh ending from now on wakes the next pass
        due_at = max_age + stale / 2
        for key in [key for key, asked in self._asked.items() if now - asked.ask.now > WARM_FOR]:
            del self._asked[key]
        # a failure older than the pause holds nothing back (and keys people asked with failing parameters add up)
        self._failed = {key: at for key, at in self._failed.items() if now - at < RETRY_AFTER}
        # a person's own ask first: their page is finished with the figures, not rendered on their visit
        candidates = {key: asked for key, asked in reversed(self._asked.items())}
        for view in views:
            candidates.setdefault(view.key, view)

        def age(view: Warm) -> timedelta | None:
            kept = self._kept.get(view.key)
            return now - kept.as_of if kept is not None else None

        held = self._running.keys() | self._failed.keys()  # being computed, or failed within the pause
        due = [(view, age(view)) for view in candidates.values() if view.key not in held]
        due = [(view, old) for view, old in due if old is None or old >= due_at or old < timedelta(0)]
        due.sort(key=lambda pair: pair[1] if pair[1] is not None else timedelta.max, reverse=True)
        started = 0
        for view, _ in due:
            if len(self._all) >= REFRESHES_AT_ONCE:  # the background refreshes are among them
                break
            self._background.add(self._start(view.key, replace(view.ask, now=now), view.compute))
            started += 1
        return started

    async def wait_for_room(self, *, longest: float) -> None:
        """Until a background refresh has ended since the last pass, or `longest` seconds (the
        warming's next pass)."""
        try:
            await asyncio.wait_for(self._freed.wait(), longest)
        except TimeoutError:
            pass

    def asked(self) -> list[FiguresKey]:
        """The keys kept refreshed because people asked for them, least recently asked first (tests)."""
        return list(self._asked)

    def _start(self, key: FiguresKey, ask: Any, compute: Compute) -> asyncio.Task[Kept]:
        stamped = replace(ask, stamped=True)
        generation = self._generation
        self.computations += 1

        async def run() -> Kept:
            computed = await compute(stamped)
            kept = Kept(computed.figures, stamped.now)
            if computed.answer is not None:  # None: figures only (a default view warmed for no one)
                _keep_answer(kept, answer_key(stamped), computed.answer)
            current = self._kept.get(key)
            if generation == self._generation and (current is None or current.as_of <= kept.as_of):
                self._kept[key] = kept
                self._kept.move_to_end(key)
                while len(self._kept) > self._keys:
                    self._kept.popitem(last=False)
            return kept

        task = asyncio.get_running_loop().create_task(run(), name=f"report figures {key.path}")
        self._running[key] = task
        self._all.add(task)
        task.add_done_callback(lambda done: self._finished(key, done, stamped.now))
        return task

    def _finished(self, key: FiguresKey, task: asyncio.Task[Kept], started: datetime) -> None:
        self._all.discard(task)
        self._background.discard(task)
        self._freed.set()
        if self._running.get(key) is task:
            del self._running[key]
        if not task.cancelled() and task.exception() is not None:
            self._failed[key] = started
            log.warning("report figures for %s could not be computed (%s)", key.path, task.exception())
        elif not task.cancelled():
            self._failed.pop(key, None)

    def forget(self) -> None:
        """Drop every kept page: the service itself changed what they show (a defect's category).
        Computations running now started before the change: no request joins them, and what they
        compute is not kept."""
        self._generation += 1
        self._kept.clear()
        self._running.clear()

    async def settled(self) -> None:
        """Wait for the computations running now (tests: a refresh started in the background)."""
        await asyncio.gather(*list(self._all), return_exceptions=True)

    async def close(self) -> None:
        """Cancel the refreshes still running (the service stops)."""
        running = list(self._all)
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def _keep_answer(kept: Kept, shown: AnswerKey, answer: Any) -> None:
    kept.answers[shown] = answer
    while len(kept.answers) > ANSWERS_KEPT:
        kept.answers.popitem(last=False)
