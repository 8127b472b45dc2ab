"""The dashboard over a real aiohttp server on demo data, on both engines: login, every
page, filters and totals, exports, photos, and the KPI API agreeing with the KPI page."""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from aiohttp.test_utils import TestClient
from PIL import Image
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from bot.web.auth import token_hash
from bot.web.dashboard import DASHBOARD
from bot.web.dashboard_kpis import RATE_KEYS, percent
from bot.web.rendering import start_render_processes, use_render_processes
from bot.web.session import COOKIE
from storage import kpis
from storage.board import BoardFilter, board_page
from storage.db import Database
from storage.models import (
    OPEN_ORDER_STATUSES,
    EscalationStep,
    ExceptionTicket,
    Lot,
    Order,
    Person,
    Photo,
    Supplier,
)
from storage.photo_store import PhotoStore
from tests.demo_rows import seed_demo

AUTH = {"Authorization": "Bearer t"}
EVIL = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","click")'
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "photos")


@pytest.fixture
async def demo(database: Database, settings: Settings, clock: FakeClock) -> dict[str, Any]:
    """Demo data, plus what the demo lacks: a lot with rework and scrap, an exception with
    an escalation trail and hostile text, a photo, and personal tokens."""
    await seed_demo(database, settings.zone, now=clock.now())
    now = clock.now()
    stored = PhotoStore(settings.photo_dir).accept(_png())
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-1001"))
        assert order is not None
        order.part_name = EVIL
        session.add(Lot(order_id=order.id, lot_no="L2611-X1", qty=500, shipped_at=now - timedelta(days=1),
                        qty_accepted=480, qty_rejected=20, qty_reworked=15, qty_scrapped=5))
        ticket = ExceptionTicket(order_id=order.id, kind="defect", severity="high", title=f"PO-1001 不良 {EVIL}",
                                 description=FORMULA, qty=20, opened_at=now - timedelta(hours=5), opened_by="王工",
                                 level=2, dedupe_key="test:defect")
        session.add(ticket)
        await session.flush()
        session.add_all([
            EscalationStep(exception_id=ticket.id, level=1, repeat=0, fired_at=now - timedelta(hours=4),
                           target="采购跟单群"),
            EscalationStep(exception_id=ticket.id, level=2, repeat=0, fired_at=now - timedelta(hours=2),
                           target="管理层群"),
        ])
        session.add(Photo(sha256=stored.sha256, size=stored.size, mime_type=stored.mime_type, width=stored.width,
                          height=stored.height, path=stored.path, thumb_path=stored.thumb_path, order_id=order.id,
                          uploaded_by="王工", uploaded_at=now - timedelta(hours=6)))
        buyer = await session.scalar(select(Person).where(Person.name == "李娟"))
        supplier_contact = await session.scalar(select(Person).where(Person.name == "王工"))
        assert buyer is not None and supplier_contact is not None
        buyer.api_token_hash = token_hash("buyer-token")
        supplier_contact.api_token_hash = token_hash("supplier-token")
    return {"photo": stored, "buyer_id": buyer.id}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings, clock: FakeClock,
                 demo: dict[str, Any]) -> TestClient[Any, Any]:
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    return await aiohttp_client(app)


async def login(client: TestClient[Any, Any], token: str = "t") -> None:
    response = await client.post("/login", data={"token": token, "next": "/board"}, allow_redirects=False)
    assert response.status == 303, await response.text()


async def html(client: TestClient[Any, Any], path: str) -> str:
    response = await client.get(path)
    assert response.status == 200, (path, await response.text())
    assert response.content_type == "text/html"
    return await response.text()


def board_pos(page: str) -> list[str]:
    return re.findall(r'<tr class="order [^"]*" data-po="([^"]+)"', page)


def board_total(page: str) -> int:
    match = re.search(r'data-total="(\d+)"', page)
    assert match, "no total on the board"
    return int(match.group(1))


async def open_orders(database: Database, **where: Any) -> int:
    async with database.read() as session:
        query = select(func.count(Order.id)).join(Supplier).where(Order.status.in_(OPEN_ORDER_STATUSES))
        if "supplier" in where:
            query = query.where(Supplier.code == where["supplier"])
        return await session.scalar(query) or 0


# --- login ----------------------------------------------------------------------------------

PAGES = ["/board", "/exceptions", "/orders/PO-1001", "/quality", "/kpis", "/suppliers", "/reports/monthly?month=2026-11",
         "/board?format=xlsx"]


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_sends_a_stranger_to_the_login(client: TestClient[Any, Any], path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    assert response.status == 302
    assert response.headers["Location"].startswith("/login?next=")


async def test_a_wrong_token_is_refused_and_sets_no_cookie(client: TestClient[Any, Any]) -> None:
    response = await client.post("/login", data={"token": "nope"}, allow_redirects=False)
    assert response.status == 401
    assert COOKIE not in response.cookies
    assert "令牌不正确" in await response.text()
    assert (await client.get("/board", allow_redirects=False)).status == 302


async def test_login_sets_a_safe_cookie_and_logout_ends_it(client: TestClient[Any, Any]) -> None:
    response = await client.post("/login", data={"token": "t", "next": "/kpis?from=2026-11-01"},
                                 allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/kpis?from=2026-11-01"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and "t" not in cookie.value.split(".")
    assert (await client.get("/board", allow_redirects=False)).status == 200
    response = await client.post("/logout", allow_redirects=False)
    assert response.status == 303
    assert (await client.get("/board", allow_redirects=False)).status == 302


async def test_login_never_redirects_off_site(client: TestClient[Any, Any]) -> None:
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        response = await client.post("/login", data={"token": "t", "next": target}, allow_redirects=False)
        assert response.headers["Location"] == "/board"


async def test_a_forged_or_expired_cookie_is_refused(client: TestClient[Any, Any], clock: FakeClock) -> None:
    await login(client)
    value = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    client.session.cookie_jar.clear()
    payload, _, signature = value.partition(".")

    async def status(cookie: str) -> int:
        return (await client.get("/board", headers={"Cookie": f"{COOKIE}={cookie}"}, allow_redirects=False)).status

    assert await status(value) == 200
    assert await status(payload[:-2] + "x" + payload[-1] + "." + signature) == 302
    assert await status(payload + "." + signature[:-1] + ("A" if signature[-1] != "A" else "B")) == 302
    assert await status("garbage") == 302
    clock.advance(timedelta(hours=13))
    assert await status(value) == 302


async def test_a_buyer_logs_in_with_a_personal_token_until_it_is_revoked(
    client: TestClient[Any, Any], database: Database, demo: dict[str, Any]
) -> None:
    await login(client, "buyer-token")
    assert "李娟" in await html(client, "/board")
    async with database.write() as session:
        buyer = await session.get(Person, demo["buyer_id"])
        assert buyer is not None
        buyer.api_token_hash = token_hash("a-new-token")
    assert (await client.get("/board", allow_redirects=False)).status == 302


async def test_a_supplier_contact_cannot_open_the_board(client: TestClient[Any, Any]) -> None:
    response = await client.post("/login", data={"token": "supplier-token"}, allow_redirects=False)
    assert response.status == 401


# --- pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_page_renders_on_demo_data(client: TestClient[Any, Any], lang: str) -> None:
    await login(client)
    for path in ("/board", "/exceptions", "/orders/PO-1001", "/orders/PO-1017", "/quality", "/kpis", "/suppliers"):
        page = await html(client, f"{path}?lang={lang}")
        assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page
        assert "{{" not in page and "state_" not in page and "status_" not in page, path
    assert "进度看板" in await html(client, "/board?lang=zh")
    await html(client, "/board?lang=en")
    assert ">Board</a>" in await html(client, "/board")  # the choice is remembered in a cookie


async def test_an_unknown_order_is_a_404_page(client: TestClient[Any, Any]) -> None:
    await login(client)
    response = await client.get("/orders/PO-9999")
    assert response.status == 404 and "PO-9999" in await response.text()


async def test_the_order_page_traces_the_whole_batch_and_escapes_what_people_typed(
    client: TestClient[Any, Any], demo: dict[str, Any]
) -> None:
    await login(client)
    page = await html(client, "/orders/PO-1001")
    assert EVIL not in page and "&lt;script&gt;" in page
    assert "采购跟单群" in page and "管理层群" in page  # the escalation trail
    assert "L2611-X1" in page  # the lot shipped
    assert f'/photos/{demo["photo"].thumb_path}' in page
    assert 'data-node="material_ready"' in page
    delayed = await html(client, "/orders/PO-1017")
    # a date change shows who and why, in words: "11-20 09:12 王工：… 计划 11-22 → 11-25（原因：…）"
    reason = re.search(r"\d\d-\d\d \d\d:\d\d [^：<]+：[^<]* 计划 \d\d-\d\d → \d\d-\d\d（原因：([^）]+)）", delayed)
    assert reason is not None and reason.group(1).strip()


async def test_the_exception_list_names_each_exception_and_the_level_it_reached(
    client: TestClient[Any, Any], database: Database
) -> None:
    await login(client)
    page = await html(client, "/exceptions")
    async with database.read() as session:
        open_ids = set((await session.scalars(select(ExceptionTicket.id).where(
            ExceptionTicket.resolved_at.is_(None)))).all())
        defect = await session.scalar(select(ExceptionTicket).where(ExceptionTicket.dedupe_key == "test:defect"))
    assert defect is not None
    assert {int(i) for i in re.findall(r'<li class="[^"]*" data-id="(\d+)"', page)} == open_ids
    assert f"EXC-{defect.id}" in page and EVIL not in page
    shown = page[page.index(f'data-id="{defect.id}"'):]
    assert "已升级至第 2 级" in shown[:2000]  # two steps fired: the level reached, not the next one
    assert "尚未升级" in page  # the demo's others never escalated
    async with database.read() as session:
        closed = await session.scalar(select(func.count(ExceptionTicket.id)).where(
            ExceptionTicket.resolved_at.is_not(None)))
    assert board_total(await html(client, "/exceptions?state=resolved")) == closed
    hd = await html(client, "/exceptions?supplier=HD&lang=en")
    listed = hd[hd.index('id="exception-total"'):]
    assert "鑫源电子" not in listed and "华达精密" in listed and "escalated to level 2" in listed


async def test_the_board_shows_every_open_order_with_its_nodes(client: TestClient[Any, Any],
                                                                database: Database) -> None:
    await login(client)
    page = await html(client, "/board")
    total = await open_orders(database)
    assert board_total(page) == total == len(board_pos(page))
    assert page.count('class="chip ') == 6 * total


async def test_board_filters_and_pagination(client: TestClient[Any, Any], database: Database) -> None:
    await login(client)
    page = await html(client, "/board?supplier=HD")
    assert board_total(page) == await open_orders(database, supplier="HD") > 0
    assert all(po for po in board_pos(page))
    assert "华达精密" in page and "鑫源电子</td>" not in page

    everything = board_total(await html(client, "/board"))
    by_health = {}
    for health in ("overdue", "at_risk", "on_track"):
        page = await html(client, f"/board?health={health}")
        by_health[health] = board_total(page)
        assert set(re.findall(r'data-health="([a-z_]+)"', page)) <= {health}
    assert sum(by_health.values()) == everything and by_health["overdue"] > 0

    first = await html(client, "/board?size=10")
    second = await html(client, "/board?size=10&page=2")
    assert len(board_pos(first)) == 10 and len(board_pos(second)) == everything - 10
    assert not set(board_pos(first)) & set(board_pos(second))
    assert "第 2 / 2 页" in second

    found = await html(client, "/board?q=1017")
    assert board_pos(found) == ["PO-1017"]
    assert board_pos(await html(client, "/board?q=po-1017")) == ["PO-1017"]
    assert board_total(await html(client, "/board?q=%25")) == 0  # LIKE wildcards are text


async def test_a_board_page_is_four_queries_whatever_its_size(database: Database, demo: dict[str, Any],
                                                               clock: FakeClock, settings: Settings) -> None:
    statements: list[str] = []
    from sqlalchemy import event

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = database.reader.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        async with database.read() as session:
            page = await board_page(session, BoardFilter(), today=clock.now().date(), zone=settings.zone, limit=200)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # the count, the page, its nodes, its suppliers' recent history (for "at risk", storage.risk)
    assert len(page.rows) == page.total and len(selects) == 4


# --- exports --------------------------------------------------------------------------------

def workbook(body: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(body))


async def xlsx(client: TestClient[Any, Any], path: str) -> openpyxl.Workbook:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    assert response.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    return workbook(await response.read())


async def test_lists_export_to_xlsx(client: TestClient[Any, Any], database: Database) -> None:
    await login(client)
    board = (await xlsx(client, "/board?format=xlsx&supplier=HD")).active
    assert board is not None
    assert board.max_row - 1 == await open_orders(database, supplier="HD")
    assert board["A1"].value == "PO号"

    suppliers = await xlsx(client, "/suppliers?format=xlsx")
    ranking = suppliers.worksheets[0]
    assert ranking.max_row - 1 == 5 and [ranking.cell(r, 1).value for r in range(2, 7)] == [1, 2, 3, 4, 5]

    kpi = (await xlsx(client, "/kpis?format=xlsx&lang=en")).worksheets[0]
    assert kpi["A2"].value == "Node on-time rate"


@pytest.mark.parametrize("path", ["/board", "/orders/PO-1001", "/quality", "/kpis", "/suppliers"])
async def test_every_page_the_readme_calls_exportable_has_an_xlsx_export(client: TestClient[Any, Any],
                                                                         path: str) -> None:
    """README: "The board, every order's timeline, quality, KPIs and supplier scorecards, each exportable to .xlsx"."""
    await login(client)
    page = await html(client, path)
    link = re.search(r'id="export" href="([^"]+)"', page) or re.search(r'href="([^"]+)" class="button" id="export"',
                                                                        page)
    assert link is not None, path
    book = await xlsx(client, link.group(1).replace("&amp;", "&"))
    assert book.worksheets and book.worksheets[0].max_row > 1


async def test_the_quality_export_has_the_figures_of_the_page(client: TestClient[Any, Any]) -> None:
    await login(client)
    query = "from=2026-10-01&to=2026-11-24"
    page = await html(client, f"/quality?{query}")
    book = await xlsx(client, f"/quality?{query}&format=xlsx&lang=en")
    weekly, suppliers, pareto, kinds = book.worksheets
    assert [ws.title for ws in book.worksheets] == ["Weekly trend", "By supplier", "Defect Pareto", "Exception kinds"]
    assert weekly.max_row - 1 == len(re.findall(r"<tr><td class=\"nowrap\">", page))
    assert suppliers.max_row - 1 == 5
    shown = re.search(r'<tr data-supplier="HD">.*?<td class="num">[^<]*</td><td class="num">(\d+)/(\d+)</td>', page)
    assert shown is not None
    hd = next(row for row in suppliers.iter_rows(min_row=2, values_only=True) if str(row[0]).endswith("(HD)"))
    assert (hd[2], hd[3]) == (int(shown.group(1)), int(shown.group(2)))
    counts = [int(n) for n in re.findall(r'</td><td class="num">(\d+)</td><td class="num">\d+</td><td class="num">[^<]*</td>'
                                         r'</tr>', page[page.index('id="pareto"'):page.index('id="kinds"')])]
    assert counts and [row[1] for row in pareto.iter_rows(min_row=2, values_only=True)] == counts
    assert kinds.max_row >= 2


async def test_the_order_export_keeps_what_people_typed_as_text(client: TestClient[Any, Any],
                                                                database: Database) -> None:
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-1001"))
        assert order is not None
        order.notes = "@SUM(A1) +1 -2"
    await login(client)
    book = await xlsx(client, "/orders/PO-1001?format=xlsx")
    assert [ws.title for ws in book.worksheets] == ["订单", "关键节点", "全程记录", "检验记录", "发货批次", "异常工单"]
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    typed = {c.value for c in cells if isinstance(c.value, str)}
    assert EVIL in " ".join(typed) and FORMULA in typed and "@SUM(A1) +1 -2" in typed
    response = await client.get("/api/v1/orders/PO-1001", headers=AUTH)
    detail = await response.json()
    assert book.worksheets[1].max_row - 1 == len(detail["milestones"])
    assert "L2611-X1" in {c.value for c in book.worksheets[4]["A"]}


async def test_the_monthly_report_keeps_chat_text_as_text(client: TestClient[Any, Any]) -> None:
    await login(client)
    book = await xlsx(client, "/reports/monthly?month=2026-11")
    assert len(book.worksheets) == 5
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]  # no formula, whatever was typed
    assert any(isinstance(c.value, str) and EVIL in c.value for c in cells)
    response = await client.get("/reports/monthly?month=2026-13")
    assert response.status == 400


# --- photos ---------------------------------------------------------------------------------

async def test_photos_need_a_login_and_never_leave_the_archive(
    client: TestClient[Any, Any], demo: dict[str, Any], settings: Settings
) -> None:
    photo = demo["photo"]
    assert (await client.get(f"/photos/{photo.thumb_path}")).status == 401
    await login(client)
    response = await client.get(f"/photos/{photo.thumb_path}")
    assert response.status == 200 and response.content_type == "image/jpeg"
    assert (await client.get(f"/photos/{photo.path}")).content_type == "image/png"

    (settings.photo_dir.parent / "secret.txt").write_text("secret")
    stray = "ab/cd/" + "ab" * 32 + ".jpg"  # the right shape, under the root, unknown to the archive
    (settings.photo_dir / "ab" / "cd").mkdir(parents=True)
    (settings.photo_dir / stray).write_bytes(b"not ours")
    for path in ("..%2Fsecret.txt", "%2E%2E/secret.txt", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", stray):
        response = await client.get(f"/photos/{path}")
        assert response.status == 404, path
        assert b"secret" not in await response.read()
    nul = await client.get(f"/photos/{photo.thumb_path}%00")
    assert nul.status == 400  # no address with a control character reaches any route
    assert b"\xff\xd8" not in await nul.read()


# --- KPIs -----------------------------------------------------------------------------------

def page_kpis(page: str) -> dict[str, tuple[int, int, str]]:
    cards = re.findall(
        r'data-kpi="(\w+)" data-numerator="(\d+)" data-denominator="(\d+)">\s*<div class="label">[^<]*</div>\s*'
        r'<div class="value">([^<]*)</div>', page)
    return {key: (int(n), int(d), shown) for key, n, d, shown in cards}


@pytest.mark.parametrize("query", ["from=2026-10-01&to=2026-11-24", "from=2026-11-01&to=2026-11-30&supplier=HD",
                                   ""])
async def test_the_kpi_api_returns_what_the_kpi_page_shows(client: TestClient[Any, Any], query: str) -> None:
    response = await client.get(f"/api/v1/kpis?{query}", headers=AUTH)
    assert response.status == 200
    report = await response.json()
    await login(client)
    shown = page_kpis(await html(client, f"/kpis?{query}"))
    assert set(shown) == set(RATE_KEYS)
    for key in RATE_KEYS:
        figure = report["kpis"][key]
        assert shown[key] == (figure["numerator"], figure["denominator"], percent(figure["ratio"])), key
    assert report["kpis"]["node_on_time"]["denominator"] > 0 or "supplier=HD" in query
    median = report["kpis"]["exception_response"]["median_hours"]
    if median is not None:
        assert f"{median} 小时" in await html(client, f"/kpis?{query}")


async def test_the_kpi_api_agrees_with_the_scorecard_the_bot_uses(
    client: TestClient[Any, Any], database: Database, settings: Settings, clock: FakeClock
) -> None:
    report = await (await client.get("/api/v1/kpis?from=2026-10-01&to=2026-11-24&supplier=HD", headers=AUTH)).json()
    from datetime import date

    async with database.read() as session:
        supplier_id = await session.scalar(select(Supplier.id).where(Supplier.code == "HD"))
        assert supplier_id is not None
        card = await kpis.supplier_scorecard(session, supplier_id, date(2026, 10, 1), date(2026, 11, 25),
                                             tz=settings.zone, now=clock.now())  # what fell due by now
    figures = report["kpis"]
    assert figures["on_time_delivery"]["ratio"] == card.on_time_delivery.ratio
    assert figures["first_pass_yield"]["numerator"] == card.first_pass_yield.numerator
    assert (figures["rework"]["numerator"], figures["rework"]["denominator"]) == (15, 500)
    assert (figures["scrap"]["numerator"], figures["scrap"]["denominator"]) == (5, 500)
    assert report["period"] == {"from": "2026-10-01", "to": "2026-11-24", "end_exclusive": "2026-11-25",
                                "timezone": "Asia/Shanghai", "counted_until": "2026-11-24T10:00:00+08:00"}
    assert len(report["trend"]) == 8


async def test_the_kpi_api_needs_the_token_and_good_input(client: TestClient[Any, Any]) -> None:
    assert (await client.get("/api/v1/kpis")).status == 401
    await login(client)
    assert (await client.get("/api/v1/kpis")).status == 401  # a session cookie is not an API token
    assert (await client.get("/api/v1/kpis?from=yesterday", headers=AUTH)).status == 400
    assert (await client.get("/api/v1/kpis?from=2026-11-02&to=2026-11-01", headers=AUTH)).status == 400
    assert (await client.get("/api/v1/kpis?supplier=NOPE", headers=AUTH)).status == 404


async def test_quality_and_scorecards_show_the_figures(client: TestClient[Any, Any]) -> None:
    await login(client)
    quality = await html(client, "/quality?from=2026-11-01&to=2026-11-24")
    assert "HYPERLINK" in quality and FORMULA not in quality  # the defect as typed, escaped
    assert "<svg" in quality
    suppliers = await html(client, "/suppliers?from=2026-10-01&to=2026-11-24")
    assert re.findall(r'<tr data-supplier="(\w+)"', suppliers)[:1] and "3.0%" in suppliers  # HD scrap+rework


@pytest.mark.parametrize("path", ["/suppliers", "/reports/monthly?month=2026-11", "/quality", "/kpis"])
async def test_report_pages_read_on_their_own_pool_in_a_bounded_number_of_statements(
        client: TestClient[Any, Any], database: Database, clock: FakeClock, path: str) -> None:
    """A report page reads on the report pool (never the readers message processing uses), and
    adding suppliers adds no statements: the figures are one grouped statement each. Counted
    where they can be seen: the page computed in this process, as it is when it cannot go to a
    render process (the same functions; `test_a_report_page_computed_in_a_render_process_...`)."""
    from sqlalchemy import event, insert

    from storage.models import Supplier

    client.app[DASHBOARD].work.in_pool = False
    await login(client)

    async def statements_of_page() -> tuple[int, int]:
        on_reports: list[str] = []
        on_readers: list[str] = []
        reports, readers = database.reports_engine.sync_engine, database.reader.sync_engine

        def on_report(*args: Any) -> None:
            on_reports.append(args[2])

        def on_reader(*args: Any) -> None:
            on_readers.append(args[2])

        client.app[DASHBOARD].work.cache.forget()  # computed each time, not a kept page (`page_cache`)
        event.listen(reports, "before_cursor_execute", on_report)
        event.listen(readers, "before_cursor_execute", on_reader)
        try:
            response = await client.get(path)
            assert response.status == 200, await response.text()
        finally:
            event.remove(reports, "before_cursor_execute", on_report)
            event.remove(readers, "before_cursor_execute", on_reader)
        figure_tables = ("FROM milestones", "FROM inspections", "FROM lots", "FROM prompts", "FROM exceptions")
        figures = [s for s in on_readers if any(table in s for table in figure_tables)]
        assert not figures, f"{path} read its figures off the report pool: {figures[:2]}"
        return len(on_reports), len(on_readers)

    before = await statements_of_page()
    async with database.write() as session:
        await session.execute(insert(Supplier), [{"code": f"ZZ{i:03d}", "name": f"更多供应商{i:03d}",
                                                  "created_at": clock.now()} for i in range(40)])
    assert await statements_of_page() == before
    assert before[0] > 0, "the page's figures were read on the report pool of this process"


def _figure_statements(engine: Any, into: list[str]) -> Callable[..., None]:
    from sqlalchemy import event

    figure_tables = ("FROM milestones", "FROM inspections", "FROM lots", "FROM prompts", "FROM exceptions",
                     "FROM suppliers")

    def on_statement(*args: Any) -> None:
        if any(table in args[2] for table in figure_tables):
            into.append(args[2])

    event.listen(engine, "before_cursor_execute", on_statement)
    return lambda: event.remove(engine, "before_cursor_execute", on_statement)


@pytest.mark.parametrize("path", ["/suppliers?from=2026-10-01&to=2026-11-24", "/quality?from=2026-11-01&to=2026-11-24",
                                  "/kpis?from=2026-10-01&to=2026-11-24&lang=en", "/kpis?supplier=HD",
                                  "/reports/monthly?month=2026-11", "/suppliers?format=xlsx", "/quality?format=xlsx",
                                  "/kpis?format=xlsx", "/api/v1/kpis?from=2026-10-01&to=2026-11-24&supplier=HD",
                                  "/api/v1/kpis?supplier=NOPE"])
async def test_a_report_page_computed_in_a_render_process_is_the_page_computed_here(
        client: TestClient[Any, Any], database: Database, path: str) -> None:
    """A report page is computed whole in a render process, on read connections of its own: the
    service's process runs none of its statements, and sends the same page it would have
    computed itself (its fallback) — the same HTML, cells or JSON, status and headers."""
    await login(client)
    work = client.app[DASHBOARD].work
    headers = AUTH if path.startswith("/api/") else {}

    async def fetch() -> tuple[int, str, str | None, bytes, list[str]]:
        work.cache.forget()  # computed each time, not a kept page (`page_cache`)
        seen: list[str] = []
        stops = [_figure_statements(engine.sync_engine, seen)
                 for engine in {database.reports_engine, database.reader, database.writer}]
        try:
            response = await client.get(path, headers=headers)
            body = await response.read()
        finally:
            for stop in stops:
                stop()
        return response.status, response.content_type, response.headers.get("Content-Disposition"), body, seen

    assert work.in_pool
    status, kind, disposition, body, seen_in_pool = await fetch()
    work.in_pool = False
    status_here, kind_here, disposition_here, body_here, seen_here = await fetch()
    assert not seen_in_pool, f"{path} ran statements in the service's process: {seen_in_pool[:2]}"
    assert seen_here, "computed here, the page reads here (the comparison is not of two pool pages)"
    assert (status, kind, disposition) == (status_here, kind_here, disposition_here)
    assert status in (200, 404)
    if kind.endswith("sheet"):
        def cells(data: bytes) -> list[list[list[Any]]]:
            return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook(data).worksheets]

        assert cells(body) == cells(body_here) and cells(body)[0]
    else:
        assert body.decode() == body_here.decode() and len(body) > 40


async def test_a_service_told_to_start_no_render_process_computes_its_pages_itself(
    aiohttp_client: ClientFactory, database: Database, settings: Settings, clock: FakeClock, demo: dict[str, Any]
) -> None:
    """`render_processes` 0 (a replica that answers webhooks only): no render process is started
    with it, and a report page it is asked after all is computed in its own process, whole."""
    app = build_app(settings.model_copy(update={"render_processes": 0}), clock=clock, database=database,
                    run_workers=False)
    client = await aiohttp_client(app)
    try:
        assert not client.app[DASHBOARD].work.in_pool
        assert start_render_processes() == []
        await login(client)
        seen: list[str] = []
        stops = [_figure_statements(engine.sync_engine, seen)
                 for engine in {database.reports_engine, database.reader, database.writer}]
        try:
            page = await html(client, "/suppliers?from=2026-10-01&to=2026-11-24&fresh=1")
        finally:
            for stop in stops:
                stop()
        assert seen, "computed in the service's own process"
        assert "HD" in page or "华达" in page
    finally:
        use_render_processes(None)
