"""Quality (质量统计), KPIs (KPI报表), supplier scorecards (供应商评分), the monthly report,
and `GET /api/v1/kpis`: every figure from `storage.kpis` via `dashboard_kpis`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import partial
from typing import Any

from aiohttp import web
from sqlalchemy import select

from bot.web.auth import API_CALLER, require_api_token
from bot.web.bodies import read_form, read_json
from bot.web.dashboard import (
    DASHBOARD,
    LANGUAGE,
    VIEWER,
    answer_kept_page,
    answer_page,
    local_today,
    page,
    page_ask,
    request_language,
    services_of,
)
from bot.web.dashboard_charts import line_chart, pareto_chart
from bot.web.dashboard_i18n import translate
from bot.web.dashboard_kpis import (
    KPI_LABELS,
    RATE_KEYS,
    TREND_KEYS,
    Period,
    PeriodError,
    find_supplier,
    kpi_report,
    month_period,
    monthly_figures,
    parse_period,
    percent,
    scorecard_json,
    scorecards,
)
from bot.web.dashboard_xlsx import Sheet
from bot.web.page_work import Figures, Html, Json, Output, PageAsk, Sessions, Workbook
from storage import kpis
from storage.board import (
    defect_pareto,
    defects_opened,
    exception_kind_counts,
    exceptions_opened,
    set_defect_category,
)
from storage.defect_categories import LABELS as CATEGORY_LABELS
from storage.defect_categories import parse_category
from storage.models import Person, Supplier

KPI_DAYS = 28
QUALITY_DAYS = 84
PARETO_TOP = 10

_dumps = partial(json.dumps, ensure_ascii=False)


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/quality", quality)
    router.add_get("/kpis", kpi_page)
    router.add_get("/suppliers", suppliers_page)
    router.add_get("/reports/monthly", monthly_report)
    router.add_get("/api/v1/kpis", api_kpis)
    router.add_post("/quality/defects/{id:\\d+}/category", quality_set_category)
    router.add_put("/api/v1/defects/{id:\\d+}/category", api_set_category)


def warm_views(today: date) -> list[tuple[Figures, str, dict[str, str], bool]]:
    """The views of the report pages computed ahead of requests (`bot.web.page_cache.ReportCache.warm`):
    (figures, path, query, may_categorize) of what a manager opens first, for the whole company (the
    pages' only scope: a person limited to some suppliers is refused them). The menu's links carry
    no parameters; the monthly report is opened from the pages' link (this month) and read for the
    month just closed. Managers may change a defect's category, so their quality page has the form.
    The heaviest first (on two render processes the last one ends soonest). Not warmed: workbooks,
    other periods, suppliers and languages, until someone asks for them (then they are kept
    refreshed for a day, `ReportCache.warm`)."""
    this_month = f"{today:%Y-%m}"
    last_month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    return [(suppliers_figures, "/suppliers", {}, False),
            (monthly_figures_workbook, "/reports/monthly", {"month": this_month}, False),
            (monthly_figures_workbook, "/reports/monthly", {"month": last_month}, False),
            (kpi_figures, "/kpis", {}, False),
            (quality_figures, "/quality", {}, True)]


def kpi_label(key: str, language: str) -> str:
    zh, en = KPI_LABELS[key]
    return zh if language == "zh" else en


def _period(ask: PageAsk, default_days: int) -> tuple[Period, str | None]:
    """The period asked for; on a bad one, the default period and the error to show."""
    today = ask.today
    try:
        return parse_period(ask.query.get("from"), ask.query.get("to"), today, default_days), None
    except PeriodError as exc:
        return parse_period(None, None, today, default_days), str(exc)


async def _suppliers(session: Any) -> list[tuple[str, str]]:
    return [tuple(row) for row in (await session.execute(select(Supplier.code, Supplier.name)
                                                          .order_by(Supplier.code))).all()]


# --- quality --------------------------------------------------------------------------------

@page
async def quality(request: web.Request) -> web.StreamResponse:
    """First-pass yield and rework/scrap by week and by supplier; what the defects were."""
    return await answer_kept_page(request, quality_figures, page_ask(request, may_categorize=await _may_categorize(request)))


async def quality_figures(sessions: Sessions, ask: PageAsk) -> Output:
    """The quality page (or its workbook), wherever it is computed (`bot.web.page_work`)."""
    language, tz, now = ask.language, ask.zone, ask.now
    period, error = _period(ask, QUALITY_DAYS)
    start, end = kpis.as_moment(period.first, tz), kpis.due_until(period.end, tz, now)
    async with sessions() as session:
        try:
            supplier = await find_supplier(session, ask.query.get("supplier"))
        except LookupError:
            supplier = None
        supplier_id = supplier.id if supplier else None
        buckets = period.buckets()
        bounds = [(bucket.first, bucket.end) for bucket in buckets]  # each figure: one statement for all weeks
        fpy = await kpis.first_pass_yield_by_period(session, bounds, supplier_id, tz=tz, now=now)
        rework = await kpis.rework_by_period(session, bounds, supplier_id, tz=tz, now=now)
        scrap = await kpis.scrap_by_period(session, bounds, supplier_id, tz=tz, now=now)
        weeks = [(bucket, {"fpy": fpy[i], "rework": rework[i], "scrap": scrap[i]}) for i, bucket in enumerate(buckets)]
        by_supplier = await _quality_by_supplier(session, period, tz, now)
        defects = await defect_pareto(session, start, end, supplier_id)
        recent = await defects_opened(session, start, end, supplier_id)
        kinds = await exception_kind_counts(session, start, end, supplier_id)
        options = await _suppliers(session)

    def t(key: str) -> str:
        return translate(key, language)

    labels = [b.label() for b, _ in weeks]
    trend = line_chart(labels, [
        (t("fpy"), [f["fpy"].ratio for _, f in weeks]),
        (t("rework_rate"), [f["rework"].ratio for _, f in weeks]),
        (t("scrap_rate"), [f["scrap"].ratio for _, f in weeks]),
    ])
    if ask.query.get("format") == "xlsx":
        return Workbook(f"quality-{period.first}-{period.last}.xlsx",
                        quality_sheets(weeks, by_supplier, defects, kinds, language))
    top = [(d.label(language), d.count) for d in defects[:PARETO_TOP]]
    if len(defects) > PARETO_TOP:
        top.append((t("other"), sum(d.count for d in defects[PARETO_TOP:])))
    total_defects = sum(d.count for d in defects) or 1
    running = 0
    pareto_rows = []
    for d in defects:
        running += d.count
        pareto_rows.append((d, running / total_defects))
    return Html("quality.html", dict(
        period=period, error=error, supplier=supplier, options=options,
        weeks=weeks, by_supplier=by_supplier, trend=trend, pareto=pareto_chart(top, cumulative_label=t("cumulative")),
        pareto_rows=pareto_rows, kinds=kinds, percent=percent, recent=recent,
        categories=[(c.value, zh if language == "zh" else en) for c, (zh, en) in CATEGORY_LABELS.items()],
        may_categorize=ask.may_categorize, saved=ask.query.get("saved") == "1",
    ))


async def _quality_by_supplier(session: Any, period: Period, tz: Any, now: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """Each supplier's quality figures, one grouped statement per figure (not four per supplier)."""
    first, end = period.first, period.end
    fpy = await kpis.first_pass_yield_by_supplier(session, first, end, tz=tz, now=now)
    fpy_qty = await kpis.first_pass_yield_by_supplier(session, first, end, tz=tz, now=now, by="quantity")
    rework = await kpis.rework_by_supplier(session, first, end, tz=tz, now=now)
    scrap = await kpis.scrap_by_supplier(session, first, end, tz=tz, now=now)
    none = kpis.Rate.of(0, 0)
    return [(one.code, one.name, {
        "fpy": fpy.get(one.id, none), "fpy_qty": fpy_qty.get(one.id, none),
        "rework": rework.get(one.id, none), "scrap": scrap.get(one.id, none),
    }) for one in (await session.scalars(select(Supplier).order_by(Supplier.code))).all()]


def quality_sheets(weeks: list[Any], by_supplier: list[Any], defects: list[Any], kinds: list[tuple[str, int]],
                   language: str) -> list[Sheet]:
    """What the quality page shows, as sheets: the weekly trend, by supplier, the Pareto, the kinds."""
    def t(key: str) -> str:
        return translate(key, language)

    def rate(figure: Any) -> list[Any]:
        return [figure.ratio, figure.numerator, figure.denominator]

    weekly = Sheet(t("by_week"), [t("from"), t("to"), t("fpy"), t("passed_first"), t("inspected"),
                                  t("rework_rate"), t("reworked"), t("qty"), t("scrap_rate"), t("scrapped"), t("qty")],
                   ([b.first, b.last, *rate(f["fpy"]), *rate(f["rework"]), *rate(f["scrap"])] for b, f in weeks),
                   widths=[12, 12, 10, 10, 10, 10, 10, 10, 10, 10, 10])
    suppliers = Sheet(t("by_supplier"), [t("supplier"), t("fpy"), t("passed_first"), t("inspected"),
                                         f"{t('fpy')} ({t('qty')})", t("accepted"), t("qty"), t("rework_rate"),
                                         t("scrap_rate")],
                      ([f"{name} ({code})", *rate(f["fpy"]), *rate(f["fpy_qty"]), f["rework"].ratio,
                        f["scrap"].ratio] for code, name, f in by_supplier),
                      widths=[22, 10, 10, 10, 14, 10, 10, 10, 10])
    total = sum(d.count for d in defects) or 1
    running = 0
    pareto_rows = []
    for d in defects:
        running += d.count
        descriptions = "; ".join(f"{text} ×{n}" for text, n in d.descriptions)
        pareto_rows.append([d.label(language), d.count, d.qty, running / total, descriptions])
    pareto = Sheet(t("defect_pareto"), [t("defect_type"), t("count"), t("qty"), t("cumulative"), t("what")],
                   pareto_rows, widths=[16, 8, 8, 10, 60])
    kind_sheet = Sheet(t("exception_kinds"), [t("exception_kinds"), t("count")],
                       ([t("kind_" + kind), count] for kind, count in kinds), widths=[20, 8])
    return [weekly, suppliers, pareto, kind_sheet]


# --- QC changes a defect's category -----------------------------------------------------------

CATEGORIZING_ROLES = frozenset({"qc", "admin", "manager"})


async def _may_categorize(request: web.Request) -> bool:
    """QC (and admins, managers, the service token) may change a defect's category; buyers see it."""
    viewer = request.get(VIEWER)
    if viewer is None:
        return False
    if viewer.subject == "api":
        return True
    person_id = viewer.subject.removeprefix("person:")
    if not person_id.isdigit():
        return False
    async with services_of(request).database.read() as session:
        role = await session.scalar(select(Person.role).where(Person.id == int(person_id)))
    return role in CATEGORIZING_ROLES


def _same_origin(request: web.Request) -> bool:
    """A form post must come from our own pages (the session cookie is SameSite=Lax as well)."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return True
    return origin.split("://", 1)[-1] == request.host


@page
async def quality_set_category(request: web.Request) -> web.StreamResponse:
    """The quality page's form: one defect's category, then back to the page."""
    language = request[LANGUAGE]
    if not _same_origin(request):
        raise web.HTTPForbidden(text=translate("category_forbidden", language))
    if not await _may_categorize(request):
        raise web.HTTPForbidden(text=translate("category_forbidden", language))
    form = await read_form(request, language)
    category = parse_category(form.get("category"))
    if category is None:
        raise web.HTTPBadRequest(text=translate("category_unknown", language))
    async with services_of(request).database.write() as session:
        if not await set_defect_category(session, int(request.match_info["id"]), category):
            raise web.HTTPNotFound(text=translate("category_no_defect", language))
    request.app[DASHBOARD].work.cache.forget()  # the quality page shows the change at once
    back = str(form.get("back", "")) or "/quality"
    if not back.startswith("/quality"):
        back = "/quality"
    separator = "&" if "?" in back else "?"
    raise web.HTTPSeeOther(f"{back}{separator}saved=1#defect-{request.match_info['id']}")


async def api_set_category(request: web.Request) -> web.Response:
    """`PUT /api/v1/defects/{id}/category` with `{"category": "appearance"}` (or 外观): QC's
    correction, by script (Bearer token)."""
    services = services_of(request)
    require_api_token(request, services.settings.api_token.get_secret_value())
    actor = request.get(API_CALLER)
    if actor is not None and actor.person_id is not None:
        async with services.database.read() as session:
            role = await session.scalar(select(Person.role).where(Person.id == actor.person_id))
        if role not in CATEGORIZING_ROLES:
            return web.json_response({"error": "only QC, managers or admins change a defect's category / "
                                               "只有质检、负责人或管理员可以修改不良类别"}, status=403, dumps=_dumps)
    body = await read_json(request, request_language(request))
    category = parse_category(body.get("category")) if isinstance(body, dict) else None
    if category is None:
        known = ", ".join(c.value for c in CATEGORY_LABELS)
        return web.json_response({"error": f"category must be one of {known} / 类别须为 尺寸、外观、材料、功能、包装、数量、其他"},
                                 status=400, dumps=_dumps)
    exception_id = int(request.match_info["id"])
    async with services.database.write() as session:
        if not await set_defect_category(session, exception_id, category):
            return web.json_response({"error": f"no defect EXC-{exception_id} / 没有这个不良"}, status=404,
                                     dumps=_dumps)
    request.app[DASHBOARD].work.cache.forget()
    zh, en = CATEGORY_LABELS[category]
    return web.json_response({"exception": f"EXC-{exception_id}", "category": category.value, "label_zh": zh,
                              "label_en": en}, dumps=_dumps)


# --- KPIs -----------------------------------------------------------------------------------

@page
async def kpi_page(request: web.Request) -> web.StreamResponse:
    """The brief's KPIs for a period, with their trend; the same figures as /api/v1/kpis."""
    return await answer_kept_page(request, kpi_figures)


async def kpi_figures(sessions: Sessions, ask: PageAsk) -> Output:
    """The KPI page (or its workbook), wherever it is computed (`bot.web.page_work`)."""
    language = ask.language
    period, error = _period(ask, KPI_DAYS)
    async with sessions() as session:
        try:
            supplier = await find_supplier(session, ask.query.get("supplier"))
        except LookupError:
            supplier, error = None, error or translate("no_data", language)
        report = await kpi_report(session, period, ask.zone, supplier, now=ask.now)
        options = await _suppliers(session)
    if ask.query.get("format") == "xlsx":
        return Workbook(f"kpis-{period.first}-{period.last}.xlsx", kpi_sheets(report, language))
    trend = line_chart(
        [row["from"][5:] for row in report["trend"]],
        [(kpi_label(key, language), [row["kpis"][key]["ratio"] for row in report["trend"]])
         for key in TREND_KEYS if key not in ("rework", "scrap")],
        width=1200, height=260,
    )
    return Html("kpis.html", dict(report=report, period=period, error=error, supplier=supplier,
                                  options=options, labels={k: kpi_label(k, language) for k in KPI_LABELS},
                                  rate_keys=RATE_KEYS, trend_keys=TREND_KEYS, trend=trend, percent=percent))


def kpi_sheets(report: dict[str, Any], language: str) -> list[Sheet]:
    def t(key: str) -> str:
        return translate(key, language)

    figures = report["kpis"]
    rows: list[list[Any]] = [
        [kpi_label(k, language), figures[k]["numerator"], figures[k]["denominator"], figures[k]["ratio"],
         percent(figures[k]["ratio"])]
        for k in RATE_KEYS
    ]
    response = figures["exception_response"]
    cycle = figures["delivery_cycle"]
    extra = [
        [f"{kpi_label('exception_response', language)} ({t('median')}, {t('hours')})", response["count"], None,
         response["median_hours"], response["median_hours"]],
        [f"{kpi_label('exception_response', language)} (P90, {t('hours')})", response["count"], None,
         response["p90_hours"], response["p90_hours"]],
        [f"{kpi_label('delivery_cycle', language)} ({t('median')}, {t('days')})", cycle["count"], None,
         cycle["median_days"], cycle["median_days"]],
    ]
    period = report["period"]
    summary = Sheet(t("kpis"), [t("kpi"), t("numerator"), t("denominator"), t("ratio"), f"{period['from']} ~ "
                                f"{period['to']}"], rows + extra, widths=[34, 12, 12, 10, 22])
    trend = Sheet(t("trend"), [t("from"), t("to"), *(kpi_label(k, language) for k in TREND_KEYS)], (
        [row["from"], row["to"], *(row["kpis"][k]["ratio"] for k in TREND_KEYS)] for row in report["trend"]
    ), widths=[12, 12, 16, 16, 16, 16, 12, 12])
    return [summary, trend]


async def api_kpis(request: web.Request) -> web.Response:
    """`GET /api/v1/kpis?from=&to=&supplier=`: the KPI page's figures as JSON (Bearer token)."""
    services = services_of(request)
    require_api_token(request, services.settings.api_token.get_secret_value())
    try:
        parse_period(request.query.get("from"), request.query.get("to"), local_today(request), KPI_DAYS)
    except PeriodError as exc:
        return web.json_response({"error": str(exc)}, status=400, dumps=_dumps)
    refused = await _outside_scope(request)
    if refused is not None:
        return refused
    return await answer_page(request, api_kpi_figures, page_ask(request, language=request_language(request),
                                                                viewer=None))


async def _outside_scope(request: web.Request) -> web.Response | None:
    """A person's token limited to some suppliers reads one of them (`?supplier=`): the figures of
    every supplier together are refused (403), another supplier's are unknown to it (404, as its
    orders are)."""
    caller = request.get(API_CALLER)
    if caller is None or caller.suppliers is None:
        return None
    asked = request.query.get("supplier")
    if not asked or not asked.strip():
        return web.json_response({"error": "your token sees some suppliers only: ask for one (?supplier=) / "
                                           "您的令牌只能查看部分供应商，请指定供应商（?supplier=）"}, status=403, dumps=_dumps)
    async with services_of(request).database.read() as session:
        try:
            supplier = await find_supplier(session, asked)
        except LookupError:
            return None  # unknown to everyone: the figures answer 404
    if supplier is not None and not caller.sees(supplier.id):
        return web.json_response({"error": f"unknown supplier {asked.strip()!r} / 未知供应商"}, status=404,
                                 dumps=_dumps)
    return None


async def api_kpi_figures(sessions: Sessions, ask: PageAsk) -> Output:
    """`/api/v1/kpis`'s JSON, wherever it is computed (`bot.web.page_work`)."""
    period = parse_period(ask.query.get("from"), ask.query.get("to"), ask.today, KPI_DAYS)
    async with sessions() as session:
        try:
            supplier = await find_supplier(session, ask.query.get("supplier"))
        except LookupError as exc:
            return Json({"error": f"unknown supplier {exc.args[0]!r} / 未知供应商"}, status=404)
        return Json(await kpi_report(session, period, ask.zone, supplier, now=ask.now))


# --- supplier scorecards --------------------------------------------------------------------

@page
async def suppliers_page(request: web.Request) -> web.StreamResponse:
    """Suppliers ranked by score, with the figures that make the score and their delay reasons."""
    return await answer_kept_page(request, suppliers_figures)


async def suppliers_figures(sessions: Sessions, ask: PageAsk) -> Output:
    """The scorecards page (or its workbook), wherever it is computed (`bot.web.page_work`)."""
    language = ask.language
    period, error = _period(ask, kpis.SCORECARD_DAYS)
    async with sessions() as session:
        cards = await scorecards(session, period, ask.zone, now=ask.now)
    if ask.query.get("format") == "xlsx":
        return Workbook(f"suppliers-{period.first}-{period.last}.xlsx", scorecard_sheets(cards, language))
    return Html("suppliers.html", dict(cards=cards, period=period, error=error, percent=percent,
                                       weights=kpis.SCORE_WEIGHTS,
                                       labels={k: kpi_label(k, language) for k in KPI_LABELS}))


def scorecard_sheets(cards: list[tuple[Supplier, kpis.Scorecard]], language: str) -> list[Sheet]:
    def t(key: str) -> str:
        return translate(key, language)

    def lab(key: str) -> str:
        return kpi_label(key, language)

    header = [t("rank"), t("supplier"), t("score"), lab("on_time_delivery"), lab("node_on_time"),
              lab("first_pass_yield"), lab("rework"), lab("scrap"), lab("reporting_compliance"),
              f"{lab('exception_response')} ({t('median')}, {t('hours')})",
              f"{lab('delivery_cycle')} ({t('median')}, {t('days')})", t("delay_reasons")]
    rows = []
    for rank, (supplier, card) in enumerate(cards, start=1):
        data = scorecard_json(supplier, card)
        rows.append([
            rank, f"{supplier.name} ({supplier.code})", card.score,
            *(f"{percent(r.ratio)} ({r.numerator}/{r.denominator})" for r in (
                card.on_time_delivery, card.node_on_time, card.first_pass_yield, card.rework, card.scrap,
                card.reporting_compliance)),
            data["exception_response"]["median_hours"], data["delivery_cycle"]["median_days"],
            "; ".join(f"{r} ×{c}" for r, c in card.delay_reasons),
        ])
    reasons = Sheet(t("delay_reasons"), [t("supplier"), t("why"), t("count")], (
        [supplier.name, reason, count] for supplier, card in cards for reason, count in card.delay_reasons
    ), widths=[20, 40, 8])
    return [Sheet(t("suppliers"), header, rows, widths=[6, 22, 8, 16, 16, 16, 14, 14, 16, 16, 16, 40]), reasons]


# --- the monthly report ---------------------------------------------------------------------

@page
async def monthly_report(request: web.Request) -> web.StreamResponse:
    """`/reports/monthly?month=2026-11`: the month's KPIs, scorecards, delay reasons, exceptions (.xlsx)."""
    try:
        month_period(request.query.get("month"), local_today(request))
    except PeriodError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    return await answer_kept_page(request, monthly_figures_workbook)


async def monthly_figures_workbook(sessions: Sessions, ask: PageAsk) -> Output:
    """The monthly report's workbook, wherever it is computed (`bot.web.page_work`)."""
    language, tz, now = ask.language, ask.zone, ask.now
    period = month_period(ask.query.get("month"), ask.today)
    async with sessions() as session:
        report, cards = await monthly_figures(session, period, tz, now=now)
        exceptions = await exceptions_opened(session, kpis.as_moment(period.first, tz),
                                             kpis.due_until(period.end, tz, now))

    def t(key: str) -> str:
        return translate(key, language)

    def local(value: Any) -> Any:
        return value.astimezone(tz) if value is not None else None

    exception_sheet = Sheet(t("exceptions"), [
        t("po"), t("supplier"), t("what"), t("severity"), t("opened"), t("acknowledged"), t("who"), t("resolved"),
        t("level_reached_col"),
    ], ([e.po, e.supplier, f"{t('kind_' + e.kind)}: {e.title}", t("severity_" + e.severity), local(e.opened_at),
         local(e.acknowledged_at), e.acknowledged_by or "", local(e.resolved_at), e.level] for e in exceptions),
        widths=[12, 18, 44, 8, 18, 18, 10, 18, 6])
    month = f"{period.first:%Y-%m}"
    return Workbook(f"supplier-report-{month}.xlsx",
                    [*kpi_sheets(report, language), *scorecard_sheets(cards, language), exception_sheet])
