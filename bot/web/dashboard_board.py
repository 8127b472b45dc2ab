"""The board (进度看板), one order's whole history, and the photos behind the login."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.runtime import RUNTIME
from bot.web.change_words import HistoryLine, describe
from bot.web.dashboard import LANGUAGE, current_viewer, local_today, page, render, services_of
from bot.web.dashboard_i18n import node_label, process_label, translate
from bot.web.dashboard_xlsx import Sheet, xlsx_response
from handlers.materials import material_trace
from storage.board import (
    BoardFilter,
    BoardRow,
    NodeState,
    board_filter_options,
    board_page,
    node_state,
    order_trace,
    photo_is_known,
)
from storage.exception_words import exception_name
from storage.models import OPEN_ORDER_STATUSES, Attachment
from storage.order_queries import find_order, order_detail
from storage.photo_links import photo_links
from storage.risk import at_risk_nodes

PAGE_SIZES = (10, 25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
EXPORT_MAX = 50_000
HEALTHS = (NodeState.OVERDUE, NodeState.AT_RISK, NodeState.ON_TRACK)


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/board", board)
    router.add_get("/orders/{po:.+}", order_page)
    router.add_get("/photos/{path:.+}", photo)
    router.add_get("/files/{attachment_id:[0-9]{1,12}}", attachment_file)


# --- the board ------------------------------------------------------------------------------

def _text(request: web.Request, name: str) -> str | None:
    return request.query.get(name, "").strip()[:80] or None


def board_filter(request: web.Request) -> BoardFilter:
    """The filters from the query; values that cannot match anything are dropped, not refused."""
    buyer = _text(request, "buyer")
    status = _text(request, "status")
    health = _text(request, "health")
    return BoardFilter(
        supplier=_text(request, "supplier"),
        buyer=int(buyer) if buyer and buyer.isascii() and buyer.isdigit() else None,
        process=_text(request, "process"),
        status=status if status in OPEN_ORDER_STATUSES else None,
        health=health if health in HEALTHS else None,
        po=_text(request, "q"),
    )


def _positive(request: web.Request, name: str, default: int) -> int:
    value = request.query.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 10**7 else default


@dataclass(frozen=True)
class Axis:
    """The common time axis of a board page: every row's strip is drawn on it."""

    start: date
    end: date

    @classmethod
    def for_rows(cls, rows: list[BoardRow], today: date) -> Axis:
        days = [today]
        for row in rows:
            days += [row.release_date, row.due_date]
            days += [n.planned_date for n in row.nodes] + [n.done_on for n in row.nodes if n.done_on]
        start, end = min(days) - timedelta(days=1), max(days) + timedelta(days=2)
        return cls(start, end)

    @property
    def span(self) -> int:
        return max(1, (self.end - self.start).days)

    def pos(self, day: date) -> str:
        """Where a day sits on the strip, as a CSS percentage."""
        return f"{min(100.0, max(0.0, (day - self.start).days / self.span * 100)):.2f}%"

    def width(self, first: date, last: date) -> str:
        return f"{max(0.0, (last - first).days / self.span * 100):.2f}%"

    def ticks(self) -> list[date]:
        first = self.start + timedelta(days=(7 - self.start.weekday()) % 7)  # Mondays
        step = 7 * max(1, math.ceil(self.span / 7 / 10))  # at most ~10 labels
        return [first + timedelta(days=d) for d in range(0, (self.end - first).days, step)]


@page
async def board(request: web.Request) -> web.StreamResponse:
    """Every open order as a strip of its nodes; paginated, filtered in SQL."""
    services = services_of(request)
    language = request[LANGUAGE]
    flt = board_filter(request)
    today = local_today(request)
    zone = services.settings.zone
    if request.query.get("format") == "xlsx":
        async with services.database.read() as session:
            result = await board_page(session, flt, today=today, zone=zone, now=services.clock.now(),
                                      limit=EXPORT_MAX, with_total=False)
        return xlsx_response(f"board-{today.isoformat()}.xlsx", [board_sheet(result.rows, language)])
    size = _positive(request, "size", DEFAULT_PAGE_SIZE)
    size = size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE
    page_no = _positive(request, "page", 1)
    async with services.database.read() as session:
        result = await board_page(session, flt, today=today, zone=zone, now=services.clock.now(), limit=size,
                                  offset=(page_no - 1) * size)
        options = await board_filter_options(session)
    pages = max(1, math.ceil(result.total / size))
    return render(
        request, "board.html", result=result, flt=flt, options=options, today=today,
        axis=Axis.for_rows(result.rows, today), page_no=page_no, pages=pages, size=size,
        page_sizes=PAGE_SIZES, statuses=OPEN_ORDER_STATUSES, healths=HEALTHS,
    )


def board_sheet(rows: list[BoardRow], language: str) -> Sheet:
    def t(key: str) -> str:
        return translate(key, language)

    header = [t("po"), t("supplier"), t("buyer"), t("process"), t("part"), t("qty"), t("released"), t("due"),
              t("status"), t("health"), t("current_node"), t("planned")]
    header += [f"{node_label(n.node, language)}" for n in (rows[0].nodes if rows else [])]

    def cells(row: BoardRow) -> list[Any]:
        current = row.current
        values: list[Any] = [
            row.po, row.supplier_name, row.buyer or "", process_label(row.process, language),
            f"{row.part_no} {row.part_name}".strip(), row.quantity, row.release_date, row.due_date,
            t(f"status_{row.status}"), t(f"state_{row.health}"),
            node_label(current.node, language) if current else "", current.planned_date if current else None,
        ]
        values += [f"{t('state_' + n.state)} {n.done_on or n.planned_date}" for n in row.nodes]
        return values

    return Sheet(t("board"), header, (cells(r) for r in rows), widths=[12, 16, 10, 10, 22, 8, 12, 12, 10, 10, 14, 12])


# --- one order ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """One line of an order's timeline."""

    at: datetime
    kind: str
    who: str
    text: str
    detail: str = ""
    anchor: str = ""


def _when(value: str | datetime | None, zone: ZoneInfo) -> datetime | None:
    """An ISO string or an aware datetime, in the service's zone."""
    if not value:
        return None
    return (datetime.fromisoformat(value) if isinstance(value, str) else value).astimezone(zone)


def node_history(milestone: dict[str, Any], zone: ZoneInfo, language: str) -> list[HistoryLine]:
    """A node's changes as sentences, in the viewer's zone (`bot.web.change_words`)."""
    return describe(milestone["changes"], node=milestone["node"], step=milestone["step"], zone=zone,
                    language=language)


def timeline(detail: dict[str, Any], trace: Any, zone: ZoneInfo, language: str) -> list[Event]:
    """Everything that happened to the order, in time order: the batch's whole history."""
    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    events: list[Event] = []
    created = _when(detail["created_at"], zone)
    if created:
        released = date.fromisoformat(detail["release_date"])
        if created.date() > released:  # entered after the fact: the order went out on its release date
            created = datetime.combine(released, time.min, zone)
        events.append(Event(created, "released", detail["created_by"], t("ev_released")))
    labels = {m["seq"]: node_label(m["node"], language) for m in detail["milestones"]}
    for m in detail["milestones"]:
        for line in node_history(m, zone, language):
            events.append(Event(line.at, "plan" if line.plan_moved else "node", line.who, line.what))
    for r in detail["reports"]:
        at = _when(r["reported_at"], zone)
        if at:
            node = labels.get(r["node_seq"] or 0, "")
            suffix = f" ({t('undone')})" if r["undone_at"] else ""
            events.append(Event(at, "report", r["reporter"], f"{node} {r['text']}".strip() + suffix))
    for i in detail["inspections"]:
        at = _when(i["inspected_at"], zone)
        if at:
            qty = f" {i['qty_accepted']}/{i['qty_inspected']}" if i["qty_inspected"] is not None else ""
            events.append(Event(at, "inspection", i["inspector"], f"{t('verdict_' + i['verdict'])}{qty}",
                                i["lot_no"] or "", anchor=f"inspection-{i['id']}"))
    for lot in detail["lots"]:
        shipped = _when(lot["shipped_at"], zone)
        if shipped:
            events.append(Event(shipped, "lot_shipped", "", f"{lot['lot_no']} × {lot['qty']}"))
        received = _when(lot["received_at"], zone)
        if received:
            events.append(Event(received, "lot_received", "", f"{lot['lot_no']}: {lot['qty_accepted']} ✓ "
                                                                  f"{lot['qty_rejected']} ✗"))
    for e in detail["exceptions"]:
        anchor = f"exception-{e['id']}"
        opened = _when(e["opened_at"], zone)
        if opened:
            events.append(Event(opened, "exception", e["opened_by"], e["title"], e["description"], anchor))
        acked = _when(e["acknowledged_at"], zone)
        if acked:
            events.append(Event(acked, "ack", e["acknowledged_by"] or "", e["title"], anchor=anchor))
        resolved = _when(e["resolved_at"], zone)
        if resolved:
            events.append(Event(resolved, "resolved", e["resolved_by"] or "", e["title"], e["resolution"] or "",
                                anchor))
        for step in trace.escalations.get(e["id"], []):
            events.append(Event(step.fired_at.astimezone(zone), "escalation", step.owner or "",
                                f"{exception_name(e['id'])} {step.words(language)}", "", anchor))
    for p in trace.photos:
        events.append(Event(p.uploaded_at.astimezone(zone), "photo", p.uploaded_by, "", anchor=f"photo-{p.id}"))
    order = {"released": 0, "plan": 1, "node": 1, "report": 2, "photo": 3, "inspection": 4}
    return sorted(events, key=lambda ev: (ev.at, order.get(ev.kind, 5)))


@page
async def order_page(request: web.Request) -> web.StreamResponse:
    return await render_order(request, request.match_info["po"])


async def render_order(request: web.Request, po: str, *, status: int = 200, **extra: Any) -> web.Response:
    """The order page; `extra` carries the answer to a record just made on it (see dashboard_records)."""
    services = services_of(request)
    zone = services.settings.zone
    async with services.database.read() as session:
        detail = await order_detail(session, po)
        trace = await order_trace(session, po) if detail is not None else None
        links = await photo_links(session, trace.order_id) if trace is not None else {}
        risks = await at_risk_nodes(session, services.clock.now(), fallback_zone=zone,
                                    order_ids=[trace.order_id]) if trace is not None else []
        order = await find_order(session, po) if detail is not None else None
        materials = await material_trace(session, order) if order is not None else {"issues": [], "lots": {}}
    if detail is None or trace is None:
        return render(request, "not_found.html", status=404, po=po)
    today = local_today(request)
    risk = risks[0] if risks else None
    states = {
        m["seq"]: node_state(m["status"], date.fromisoformat(m["planned_date"]),
                             date.fromisoformat(m["original_planned_date"]), today,
                             risk is not None and risk.seq == m["seq"])
        for m in detail["milestones"]
    }
    if request.query.get("format") == "xlsx":
        sheets = order_sheets(detail, trace, states, zone, request[LANGUAGE])
        return xlsx_response(f"{detail['po']}.xlsx", sheets)
    plan = {c["name"]: c for c in detail["inspection_plan"]}
    return render(
        request, "order.html", o=detail, trace=trace, states=states, plan=plan, today=today, risk=risk,
        history={m["seq"]: node_history(m, zone, request[LANGUAGE]) for m in detail["milestones"]}, links=links,
        exception_photos={e["id"]: [p for p in trace.photos if links.get(p.id) and links[p.id].exception_id == e["id"]]
                          for e in detail["exceptions"]},
        lot_photos={lot["lot_no"]: [p for p in trace.photos if links.get(p.id) and links[p.id].lot_no == lot["lot_no"]]
                    for lot in detail["lots"]},
        events=timeline(detail, trace, zone, request[LANGUAGE]), local=lambda v: _when(v, zone), status=status,
        notice=extra.get("notice", request.query.get("done")), notice_ok=extra.get("notice_ok", True),
        confirm=extra.get("confirm"), materials=materials,
        ended=detail["status"] not in [s.value for s in OPEN_ORDER_STATUSES],
    )


def order_sheets(detail: dict[str, Any], trace: Any, states: dict[int, NodeState], zone: ZoneInfo,
                 language: str) -> list[Sheet]:
    """The order page as sheets: the order, its nodes, the whole history, inspections, lots, exceptions."""
    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    def local(value: str | None) -> datetime | None:
        return _when(value, zone)

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    o = detail
    facts = Sheet(t("order"), [t("what"), t("value")], [
        [t("po"), o["po"]], [t("supplier"), f"{o['supplier']['name']} ({o['supplier']['code']})"],
        [t("part"), f"{o['part_no']} {o['part_name']}".strip()], [t("process"), process_label(o["process"], language)],
        [t("qty"), o["quantity"]], [t("unit"), o["unit"]], [t("released"), day(o["release_date"])],
        [t("due"), day(o["due_date"])], [t("status"), t("status_" + o["status"])],
        [t("priority"), t("priority_" + o["priority"])], [t("buyer"), o["buyer"] or ""], [t("notes"), o["notes"]],
    ], widths=[14, 50])
    nodes = Sheet(t("nodes"), ["#", t("nodes"), t("step"), t("planned"), t("original_plan"), t("actual"),
                               t("progress"), t("qty"), t("status")], (
        [m["seq"], node_label(m["node"], language), m["step"] or "", day(m["planned_date"]),
         day(m["original_planned_date"]), local(m["done_at"]), m["percent"] / 100, m["qty_done"],
         t("state_" + states[m["seq"]])]
        for m in o["milestones"]
    ), widths=[4, 16, 12, 12, 12, 17, 9, 9, 10])
    history = Sheet(t("timeline"), [t("when"), t("what"), t("who"), t("value"), t("why")], (
        [ev.at, t("ev_" + ev.kind), ev.who, ev.text, ev.detail] for ev in timeline(detail, trace, zone, language)
    ), widths=[17, 12, 12, 44, 40])
    inspections = Sheet(t("inspections"), [t("when"), t("who"), t("stage"), t("lot_no"), t("verdict"), t("what"),
                                           t("value"), t("verdict")], (
        [local(i["inspected_at"]), i["inspector"], t("stage_" + i["stage"]), i["lot_no"] or "",
         t("verdict_" + i["verdict"]), v["characteristic"] or "", v["value"],
         t("verdict_pass") if v["passed"] else t("verdict_fail")]
        for i in o["inspections"] for v in (i["values"] or [{"characteristic": "", "value": None, "passed": True}])
    ), widths=[17, 12, 12, 12, 8, 20, 10, 8])
    lots = Sheet(t("lots"), [t("lot_no"), t("qty"), t("shipped_at"), t("received_at"), t("accepted"), t("rejected"),
                             t("reworked"), t("scrapped")], (
        [lot["lot_no"], lot["qty"], local(lot["shipped_at"]), local(lot["received_at"]), lot["qty_accepted"],
         lot["qty_rejected"], lot["qty_reworked"], lot["qty_scrapped"]] for lot in o["lots"]
    ), widths=[14, 8, 17, 17, 9, 9, 9, 9])
    exceptions = Sheet(t("exceptions"), ["#", t("what"), t("severity"), t("opened"), t("who"), t("acknowledged"),
                                         t("who"), t("resolved"), t("who"), t("why")], (
        [f"EXC-{e['id']}", f"{t('kind_' + e['kind'])}: {e['title']}", t("severity_" + e["severity"]),
         local(e["opened_at"]), e["opened_by"], local(e["acknowledged_at"]), e["acknowledged_by"] or "",
         local(e["resolved_at"]), e["resolved_by"] or "", e["resolution"] or e["description"]]
        for e in o["exceptions"]
    ), widths=[8, 40, 8, 17, 10, 17, 10, 17, 10, 40])
    return [facts, nodes, history, inspections, lots, exceptions]


# --- documents --------------------------------------------------------------------------------

async def attachment_file(request: web.Request) -> web.StreamResponse:
    """A supplier's document, for logged-in viewers only: found by its row (never by a path
    from the request), opened through the store's own path checks, always a download."""
    from urllib.parse import quote

    if await current_viewer(request) is None:
        raise web.HTTPUnauthorized(text="log in first")
    async with services_of(request).database.read() as session:
        row = await session.get(Attachment, int(request.match_info["attachment_id"]))
    if row is None or row.order_id is None:
        raise web.HTTPNotFound()
    try:
        path = request.app[RUNTIME].pipeline.attachment_store.open(row.path)
    except (ValueError, FileNotFoundError):
        raise web.HTTPNotFound() from None
    ascii_name = row.file_name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return web.FileResponse(path, headers={
        "Content-Type": row.mime_type,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(row.file_name)}",
        "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
    })


# --- photos -----------------------------------------------------------------------------------

async def photo(request: web.Request) -> web.StreamResponse:
    """A stored photo or thumbnail, for logged-in viewers only; nothing outside the archive."""
    if await current_viewer(request) is None:
        raise web.HTTPUnauthorized(text="log in first")
    rel_path = request.match_info["path"]
    store = request.app[RUNTIME].photo_store
    try:
        path = store.open(rel_path)  # refuses traversal, absolute paths and symlinks out of the root
    except (ValueError, FileNotFoundError):
        raise web.HTTPNotFound() from None
    async with services_of(request).database.read() as session:
        if not await photo_is_known(session, rel_path):
            raise web.HTTPNotFound()
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[path.suffix.lstrip(".")]
    return web.FileResponse(path, headers={
        "Content-Type": content_type, "Cache-Control": "private, max-age=86400",
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'",
    })
