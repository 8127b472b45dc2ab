"""Report pages served from kept figures (`bot.web.page_cache`), on both engines: a kept page is
the page computed fresh at the same moment, a stale one is refreshed once (however many ask
meanwhile), a change to the data shows once the max age has passed (or at once with `?fresh=1`),
every page says when its figures were computed, and two scopes never share figures."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import insert, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from bot.web.auth import token_hash
from bot.web.dashboard import DASHBOARD
from bot.web.page_cache import REFRESHES_AT_ONCE, RETRY_AFTER, Computed, ReportCache, Warm, figures_key
from bot.web.page_work import AS_OF_HEADER, PageAsk
from bot.web.pages import WARMING, warm_once
from bot.web.session import Viewer
from storage.access import set_staff_suppliers
from storage.db import Database
from storage.demo import seed_demo_data
from storage.models import Person, Supplier

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]
MAX_AGE = 60
STALE = 600
PAGES = ["/suppliers?from=2026-10-01&to=2026-11-24", "/quality?from=2026-11-01&to=2026-11-24", "/kpis",
         "/kpis?supplier=HD&lang=en", "/reports/monthly?month=2026-11", "/suppliers?format=xlsx"]


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "photos",
                         report_max_age_seconds=MAX_AGE, report_stale_seconds=STALE)


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings,
                 clock: FakeClock) -> TestClient[Any, Any]:
    await seed_demo_data(database, settings.zone, now=clock.now())
    async with database.write() as session:
        buyer = await session.scalar(select(Person).where(Person.name == "李娟"))
        assert buyer is not None
        buyer.api_token_hash = token_hash("buyer-token")
    client = await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))
    response = await client.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)
    assert response.status == 303
    return client


def _cache(client: TestClient[Any, Any]) -> ReportCache:
    return client.app[DASHBOARD].work.cache


async def _get(client: TestClient[Any, Any], path: str) -> tuple[bytes, str]:
    response = await client.get(path)
    body = await response.read()
    assert response.status == 200, (path, body[:300])
    return body, response.headers[AS_OF_HEADER]


def _figures(body: bytes) -> Any:
    """What a page shows: a workbook's cells, or the HTML."""
    if body[:2] == b"PK":
        book = openpyxl.load_workbook(io.BytesIO(body))
        return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]
    return body.decode()


async def _add_supplier(database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        await session.execute(insert(Supplier), [{"code": "NEW1", "name": "新来的供应商", "created_at": clock.now()}])


@pytest.mark.parametrize("path", PAGES)
async def test_a_kept_page_is_the_page_computed_fresh_at_the_same_moment(client: TestClient[Any, Any],
                                                                         path: str) -> None:
    cache = _cache(client)
    first, as_of = await _get(client, path)
    assert cache.computations == 1
    kept, kept_as_of = await _get(client, path)
    assert cache.computations == 1, "the second request was computed again"
    assert (kept, kept_as_of) == (first, as_of)
    cache.forget()
    fresh, fresh_as_of = await _get(client, path)
    assert cache.computations == 2
    assert _figures(fresh) == _figures(kept) and fresh_as_of == kept_as_of


async def test_every_kept_page_says_when_its_figures_were_computed_and_offers_fresh_ones(
        client: TestClient[Any, Any], clock: FakeClock) -> None:
    for path, words in [("/kpis", "数据截至 10:00"), ("/suppliers", "数据截至 10:00"), ("/quality?lang=en", "as of 10:00")]:
        page = (await _get(client, path))[0].decode()
        stamp = re.search(r'<span class="as-of[^"]*" id="as-of" data-as-of="([^"]+)">([^<]*)<a href="([^"]+)"', page)
        assert stamp, path
        assert stamp.group(1) == "2026-11-24T10:00:00+08:00" and words in stamp.group(2)
        assert "fresh=1" in stamp.group(3).replace("&amp;", "&")
        assert "fresh=" not in page.replace(stamp.group(3), ""), "another link carries the ask for fresh figures"
    _, as_of = await _get(client, "/reports/monthly?month=2026-11")
    assert as_of == "2026-11-24T10:00:00+08:00"


async def test_a_stale_page_is_served_at_once_and_refreshed_once(client: TestClient[Any, Any],
                                                                 clock: FakeClock) -> None:
    cache = _cache(client)
    path = "/suppliers"
    first, as_of = await _get(client, path)
    clock.advance(timedelta(seconds=MAX_AGE - 1))
    assert await _get(client, path) == (first, as_of) and cache.computations == 1  # fresh enough
    clock.advance(timedelta(seconds=2))
    answers = await asyncio.gather(*(_get(client, path) for _ in range(6)))
    assert all(answer == (first, as_of) for answer in answers), "a stale page was not served while it refreshed"
    assert cache.computations == 2, "the stale page was refreshed more than once"
    await cache.settled()
    _, refreshed_as_of = await _get(client, path)
    assert refreshed_as_of == "2026-11-24T10:01:01+08:00"
    assert cache.computations == 2


async def test_the_first_requests_for_a_page_share_one_computation(client: TestClient[Any, Any]) -> None:
    cache = _cache(client)
    answers = await asyncio.gather(*(_get(client, "/kpis") for _ in range(4)))
    assert cache.computations == 1
    assert len(set(answers)) == 1


async def test_a_change_to_the_data_shows_once_the_max_age_has_passed(client: TestClient[Any, Any],
                                                                      database: Database, clock: FakeClock) -> None:
    cache = _cache(client)
    path = "/suppliers"
    assert "NEW1" not in (await _get(client, path))[0].decode()
    await _add_supplier(database, clock)
    clock.advance(timedelta(seconds=MAX_AGE))
    assert "NEW1" not in (await _get(client, path))[0].decode()  # kept: the max age has not passed
    clock.advance(timedelta(seconds=1))
    assert "NEW1" not in (await _get(client, path))[0].decode()  # stale: served while it refreshes
    await cache.settled()
    assert "NEW1" in (await _get(client, path))[0].decode()


async def test_a_page_older_than_its_stale_allowance_is_computed_before_it_is_served(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    path = "/kpis?lang=en"
    assert "NEW1" not in (await _get(client, path))[0].decode()
    await _add_supplier(database, clock)
    clock.advance(timedelta(seconds=MAX_AGE + STALE + 1))
    page, as_of = await _get(client, path)
    assert "NEW1" in page.decode() and as_of == "2026-11-24T10:11:01+08:00"


async def test_fresh_figures_when_asked_for(client: TestClient[Any, Any], database: Database,
                                            clock: FakeClock) -> None:
    cache = _cache(client)
    assert "NEW1" not in (await _get(client, "/suppliers"))[0].decode()
    await _add_supplier(database, clock)
    clock.advance(timedelta(seconds=5))
    page, as_of = await _get(client, "/suppliers?fresh=1")
    assert "NEW1" not in page.decode() and cache.computations == 1, "figures seconds old are fresh enough"
    clock.advance(timedelta(seconds=10))
    page, as_of = await _get(client, "/suppliers?fresh=1")
    assert "NEW1" in page.decode() and as_of == "2026-11-24T10:00:15+08:00" and cache.computations == 2
    assert (await _get(client, "/suppliers"))[0] == page  # the fresh figures are the kept ones now


async def test_viewers_of_one_scope_share_figures_but_each_sees_their_own_page(
        client: TestClient[Any, Any], aiohttp_client: ClientFactory) -> None:
    cache = _cache(client)
    as_master = (await _get(client, "/kpis"))[0].decode()
    buyer = await aiohttp_client(client.server)
    response = await buyer.post("/login", data={"token": "buyer-token", "next": "/board"}, allow_redirects=False)
    assert response.status == 303
    as_buyer = (await _get(buyer, "/kpis"))[0].decode()
    assert cache.computations == 1, "the same scope's figures were computed again"
    assert "李娟" in as_buyer and "李娟" not in as_master
    main = re.compile(r"<main>.*</main>", re.S)
    assert main.findall(as_buyer) == main.findall(as_master) and len(main.findall(as_master)) == 1  # same figures


def _ask(viewer: Viewer | None) -> PageAsk:
    return PageAsk(path="/suppliers", query={}, language="zh", viewer=viewer, css_url="/c.css",
                   now=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), zone=ZoneInfo("Asia/Shanghai"))


async def test_two_scopes_never_share_figures() -> None:
    """A buyer limited to some suppliers (or a supplier's own person) is never served a page
    computed for another scope, even of the same page at the same moment."""
    cache = ReportCache()
    everyone = Viewer("person:1", "甲", "buyer")
    some = Viewer("person:2", "乙", "buyer", frozenset({1}))
    others = Viewer("person:3", "丙", "buyer", frozenset({2}))
    computed: list[Any] = []

    async def compute(ask: PageAsk) -> Computed:
        computed.append(ask.viewer.suppliers)
        return Computed(("page for", ask.viewer.suppliers), b"figures of " + repr(ask.viewer.suppliers).encode())

    async def render(figures: bytes, ask: PageAsk) -> Any:
        return ("rendered", figures, ask.viewer.name)

    one_day = timedelta(days=1)
    answers = {}
    for viewer in (everyone, some, others, some, everyone):
        ask = _ask(viewer)
        answers[viewer] = await cache.answer(figures_key("p.f", ask), ask, max_age=one_day, stale=one_day,
                                             fresh=False, compute=compute, render=render)
    assert computed == [None, frozenset({1}), frozenset({2})]
    assert answers == {everyone: ("page for", None), some: ("page for", frozenset({1})),
                       others: ("page for", frozenset({2}))}
    assert len({figures_key("p.f", _ask(v)) for v in (everyone, some, others)}) == 3
    same_scope = Viewer("person:4", "丁", "buyer", frozenset({1}))
    ask = _ask(same_scope)
    shown = await cache.answer(figures_key("p.f", ask), ask, max_age=one_day, stale=one_day, fresh=False,
                               compute=compute, render=render)
    assert shown == ("rendered", b"figures of frozenset({1})", "丁")  # its scope's figures, its own header


async def test_a_person_limited_to_some_suppliers_is_refused_a_kept_page(
        client: TestClient[Any, Any], database: Database, aiohttp_client: ClientFactory) -> None:
    await _get(client, "/suppliers")
    async with database.write() as session:
        buyer = await session.scalar(select(Person).where(Person.name == "李娟"))
        supplier = await session.scalar(select(Supplier).order_by(Supplier.id).limit(1))
        assert buyer is not None and supplier is not None
        await set_staff_suppliers(session, buyer, frozenset({supplier.id}))
    limited = await aiohttp_client(client.server)
    response = await limited.post("/login", data={"token": "buyer-token", "next": "/board"}, allow_redirects=False)
    assert response.status == 303
    response = await limited.get("/suppliers")
    assert response.status == 403 and "data-supplier=" not in await response.text()


async def test_with_no_max_age_every_request_computes_its_page(aiohttp_client: ClientFactory, database: Database,
                                                               settings: Settings, clock: FakeClock) -> None:
    await seed_demo_data(database, settings.zone, now=clock.now())
    unkept = settings.model_copy(update={"report_max_age_seconds": 0.0})
    client = await aiohttp_client(build_app(unkept, clock=clock, database=database, run_workers=False))
    assert (await client.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)).status == 303
    first = await client.get("/suppliers")
    assert first.status == 200 and AS_OF_HEADER not in first.headers
    assert 'id="as-of"' not in await first.text() and "NEW1" not in await first.text()
    await _add_supplier(database, clock)
    assert "NEW1" in await (await client.get("/suppliers")).text()
    assert _cache(client).computations == 0


async def test_many_stale_pages_refresh_two_at_a_time_in_the_background() -> None:
    """However many pages go stale at once, the background refreshes running together are as
    many as the render processes: the rest start with their next request once one has ended."""
    cache = ReportCache()
    release = asyncio.Event()
    started: list[str] = []

    async def compute(ask: PageAsk) -> Computed:
        started.append(ask.path)
        if len(started) > 3:  # the first three computed at once; the refreshes wait to be released
            await release.wait()
        return Computed(("page", ask.path, ask.now), b"figures")

    async def render(figures: bytes, ask: PageAsk) -> Any:
        return ("rendered", ask.path)

    minute = timedelta(seconds=60)
    paths = ["/suppliers", "/quality", "/kpis"]

    async def ask_for(path: str, now: datetime) -> Any:
        ask = replace(_ask(None), path=path, now=now)
        return await cache.answer(figures_key("p.f", ask), ask, max_age=minute, stale=minute * 10, fresh=False,
                                  compute=compute, render=render)

    start = _ask(None).now
    for path in paths:
        await ask_for(path, start)
    later = start + minute * 2
    answers = [await ask_for(path, later) for path in paths]
    assert answers == [("page", path, start) for path in paths]  # stale, served at once
    for _ in range(5):
        await asyncio.sleep(0)  # the refreshes started run up to their wait
    assert started == paths + paths[:2], "more background refreshes than render processes"
    release.set()
    await cache.settled()
    assert [await ask_for(path, later) for path in paths[:2]] == [("page", path, later) for path in paths[:2]]
    await ask_for(paths[2], later)  # still stale: its refresh starts now
    await cache.settled()
    assert started == paths + paths[:2] + paths[2:] and await ask_for(paths[2], later) == ("page", paths[2], later)


# --- figures computed ahead of requests (`ReportCache.warm`, `bot.web.pages.warm_once`) -------------

WARMED = ["/suppliers", "/quality", "/kpis", "/reports/monthly?month=2026-11", "/reports/monthly?month=2026-10"]


async def _warm_all(client: TestClient[Any, Any]) -> list[int]:
    """Warming passes until none starts anything: how many each started (the service runs them in
    `_keep_warm`; the tests' apps have no workers)."""
    passes = [warm_once(client.app)]
    while passes[-1]:
        await _cache(client).settled()
        passes.append(warm_once(client.app))
    return passes


@pytest.mark.parametrize("path", WARMED)
async def test_the_first_request_after_start_up_is_served_from_warmed_figures(client: TestClient[Any, Any],
                                                                              path: str) -> None:
    """A manager's first request of each page's default view computes nothing: the figures were
    computed ahead (two at a time), and are the figures computed fresh at that moment."""
    cache = _cache(client)
    assert await _warm_all(client) == [2, 2, 1, 0]
    assert cache.computations == len(WARMED)
    warmed, as_of = await _get(client, path)
    assert cache.computations == len(WARMED), f"{path}'s first request computed its figures"
    cache.forget()
    fresh, fresh_as_of = await _get(client, path)
    assert cache.computations == len(WARMED) + 1
    assert _figures(fresh) == _figures(warmed) and fresh_as_of == as_of == "2026-11-24T10:00:00+08:00"


async def test_the_warmed_quality_page_is_the_managers_and_a_buyer_gets_their_own(
        client: TestClient[Any, Any], aiohttp_client: ClientFactory) -> None:
    """The quality page's figures differ by whether the viewer may change a defect's category:
    warmed for those who may (managers, QC), computed for a buyer, who never gets the form."""
    cache = _cache(client)
    await _warm_all(client)
    buyer = await aiohttp_client(client.server)
    assert (await buyer.post("/login", data={"token": "buyer-token", "next": "/board"},
                             allow_redirects=False)).status == 303
    as_buyer = (await _get(buyer, "/quality"))[0].decode()
    assert cache.computations == len(WARMED) + 1 and 'name="category"' not in as_buyer
    assert 'name="category"' in (await _get(client, "/quality"))[0].decode()
    assert cache.computations == len(WARMED) + 1


async def test_a_recently_used_key_is_refreshed_before_it_goes_stale(client: TestClient[Any, Any],
                                                                     database: Database, clock: FakeClock) -> None:
    """A page asked for is refreshed halfway through its stale allowance, so its next visit,
    however much later in the day, is served at once, with figures never older than the limit."""
    cache = _cache(client)
    await _warm_all(client)
    path = "/kpis?supplier=HD"
    first, as_of = await _get(client, path)
    assert cache.computations == len(WARMED) + 1 and as_of == "2026-11-24T10:00:00+08:00"
    await _add_supplier(database, clock)
    clock.advance(timedelta(seconds=MAX_AGE + STALE / 2 - 1))
    assert warm_once(client.app) == 0, "refreshed before it was due"
    clock.advance(timedelta(seconds=1))
    assert await _warm_all(client) == [2, 2, 2, 0]  # the page asked for, and the five default views
    refreshed_at = "2026-11-24T10:06:00+08:00"
    clock.advance(timedelta(seconds=STALE / 2 + 1))  # the first figures would be past the stale limit now
    computations = cache.computations
    page, as_of = await _get(client, path)
    assert as_of == refreshed_at, "the second visit waited for a computation"
    assert "NEW1" in page.decode() and page != first
    assert cache.computations <= computations + 1  # at most its refresh in the background (it is stale)
    for warmed in WARMED:
        assert (await _get(client, warmed))[1] == refreshed_at, warmed


async def test_the_keys_kept_refreshed_are_the_last_asked_for_in_the_day() -> None:
    """A fixed number of keys people asked for are kept refreshed, each for its own scope; the
    least recently asked is dropped, and so is one not asked for in a day."""
    cache = ReportCache(warm_keys=2)
    computed: list[tuple[str, Any]] = []

    async def compute(ask: PageAsk) -> Computed:
        computed.append((ask.path, getattr(ask.viewer, "suppliers", None)))
        return Computed(("page", ask.path, ask.now), b"figures")

    async def render(figures: bytes, ask: PageAsk) -> Any:
        return ("rendered", ask.path)

    minute = timedelta(seconds=60)
    some = Viewer("person:2", "乙", "buyer", frozenset({1}))
    start = _ask(None).now

    async def ask_for(path: str, now: datetime, viewer: Viewer | None = None) -> Any:
        ask = replace(_ask(viewer), path=path, now=now)
        return await cache.answer(figures_key("p.f", ask), ask, max_age=minute, stale=minute * 10, fresh=False,
                                  compute=compute, render=render)

    await ask_for("/a", start)
    await ask_for("/b", start, some)
    await ask_for("/c", start)
    await ask_for("/b", start, some)
    assert [key.path for key in cache.asked()] == ["/c", "/b"]
    computed.clear()
    later = start + minute * 6
    assert cache.warm([], now=later, max_age=minute, stale=minute * 10) == 2
    await cache.settled()
    assert sorted(computed) == [("/b", frozenset({1})), ("/c", None)], "not the last two keys asked, in their scope"
    assert await ask_for("/b", later, some) == ("page", "/b", later)
    next_day = later + timedelta(days=1, seconds=1)
    assert cache.warm([], now=next_day, max_age=minute, stale=minute * 10) == 0
    assert cache.asked() == []
    assert ReportCache(warm_keys=0).asked() == []


async def test_warming_never_runs_more_than_the_allowed_refreshes_at_once() -> None:
    """However many keys are due, a pass starts refreshes only while fewer computations than
    `REFRESHES_AT_ONCE` run, counting a page someone waits for."""
    cache = ReportCache()
    release = asyncio.Event()
    running = peak = 0

    async def compute(ask: PageAsk) -> Computed:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await release.wait()
        running -= 1
        return Computed(None, b"figures")

    async def render(figures: bytes, ask: PageAsk) -> Any:
        return ("rendered", ask.path)

    minute = timedelta(seconds=60)
    now = _ask(None).now
    views = [Warm(figures_key("p.f", replace(_ask(None), path=f"/{n}")), replace(_ask(None), path=f"/{n}"), compute)
             for n in range(6)]
    asked = asyncio.ensure_future(cache.answer(figures_key("p.f", replace(_ask(None), path="/asked")),
                                               replace(_ask(None), path="/asked"), max_age=minute,
                                               stale=minute * 10, fresh=False, compute=compute, render=render))
    for _ in range(3):
        await asyncio.sleep(0)  # the request's computation starts
    assert running == 1
    assert cache.warm(views, now=now, max_age=minute, stale=minute * 10) == 1
    assert cache.warm(views, now=now, max_age=minute, stale=minute * 10) == 0
    started = 1
    while started < len(views):
        release.set()
        await cache.settled()
        release.clear()
        more = cache.warm(views, now=now, max_age=minute, stale=minute * 10)
        assert 0 < more <= REFRESHES_AT_ONCE
        started += more
        for _ in range(3):
            await asyncio.sleep(0)
    release.set()
    await cache.settled()
    await asyncio.wait_for(asyncio.shield(asked), 5)
    assert peak <= REFRESHES_AT_ONCE and started == len(views)
    assert cache.warm(views, now=now, max_age=minute, stale=minute * 10) == 0  # all fresh


async def test_a_view_whose_computation_failed_is_not_warmed_again_until_a_while_later() -> None:
    """A database or render process that is down fails every computation at once; each ending
    wakes the next pass, so without a pause the warming would start the same failing computations
    over and over. A failed view waits `RETRY_AFTER`; once it succeeds it is warmed as any other."""
    cache = ReportCache()
    down = True
    tries = 0

    async def compute(ask: PageAsk) -> Computed:
        nonlocal tries
        tries += 1
        if down:
            raise OSError("the database is not there")
        return Computed(None, b"figures")

    minute = timedelta(seconds=60)
    now = _ask(None).now
    views = [Warm(figures_key("p.f", _ask(None)), _ask(None), compute)]
    assert cache.warm(views, now=now, max_age=minute, stale=minute * 10) == 1
    await cache.settled()
    assert tries == 1
    for seconds in (0, 5, 30, 59):
        assert cache.warm(views, now=now + timedelta(seconds=seconds), max_age=minute, stale=minute * 10) == 0
    assert tries == 1
    down = False
    assert cache.warm(views, now=now + RETRY_AFTER, max_age=minute, stale=minute * 10) == 1
    await cache.settled()
    assert tries == 2
    assert cache.warm(views, now=now + RETRY_AFTER, max_age=minute, stale=minute * 10) == 0  # kept and fresh


async def test_warming_off(aiohttp_client: ClientFactory, database: Database, settings: Settings,
                           clock: FakeClock) -> None:
    """`SUPPLIERBOT_REPORT_WARM=false`: nothing computed ahead, nothing remembered; with no render
    processes neither (a page's figures would be made on the event loop, holding the webhooks)."""
    await seed_demo_data(database, settings.zone, now=clock.now())
    for changed in ({"report_warm": False}, {"render_processes": 0}):
        app = build_app(settings.model_copy(update=changed), clock=clock, database=database)
        client = await aiohttp_client(app)
        assert (await client.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)).status == 303
        assert WARMING not in app
        assert warm_once(app) == 0
        await _get(client, "/kpis")
        clock.advance(timedelta(seconds=MAX_AGE + STALE / 2 + 1))
        assert warm_once(app) == 0
        assert _cache(client).computations == 1, "computed ahead"
        if "report_warm" in changed:
            assert _cache(client).asked() == []
        await client.close()


async def test_the_service_warms_its_pages_once_it_is_ready(aiohttp_client: ClientFactory, database: Database,
                                                            settings: Settings, clock: FakeClock) -> None:
    """With its workers running the service warms the default views by itself; a person limited
    to some suppliers is still refused the pages, and nothing of theirs is kept refreshed."""
    await seed_demo_data(database, settings.zone, now=clock.now())
    async with database.write() as session:
        buyer = await session.scalar(select(Person).where(Person.name == "李娟"))
        supplier = await session.scalar(select(Supplier).order_by(Supplier.id).limit(1))
        assert buyer is not None and supplier is not None
        buyer.api_token_hash = token_hash("buyer-token")
        await set_staff_suppliers(session, buyer, frozenset({supplier.id}))
    app = build_app(settings, clock=clock, database=database)
    client = await aiohttp_client(app)
    cache = _cache(client)
    assert WARMING in app
    for _ in range(600):  # until the render processes have started and the passes have run (not a time asserted)
        await cache.settled()
        if cache.computations >= len(WARMED):
            break
        await asyncio.sleep(0.1)
    await cache.settled()
    assert cache.computations == len(WARMED)
    limited = await aiohttp_client(client.server)
    assert (await limited.post("/login", data={"token": "buyer-token", "next": "/board"},
                               allow_redirects=False)).status == 303
    response = await limited.get("/suppliers")
    assert response.status == 403 and "data-supplier=" not in await response.text()
    assert cache.asked() == []
    assert (await client.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)).status == 303
    await _get(client, "/suppliers")
    assert cache.computations == len(WARMED)
