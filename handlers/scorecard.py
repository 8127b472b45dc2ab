"""`/supplier 华达`: a supplier's scorecard from `storage.kpis`, over the same period the
suppliers page shows by default (the last `SCORECARD_DAYS` local days, counted up to now),
so chat and page give the same numbers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.access import Scope
from handlers.context import HandlerContext
from handlers.texts.buyer import duration, mmdd, percent, say
from storage.kpis import SCORECARD_DAYS, Rate, Scorecard, supplier_scorecard
from storage.models import Supplier

NAMES_SHOWN = 12


async def find_suppliers(session: AsyncSession, scope: Scope, name: str | None) -> list[Supplier]:
    """Suppliers in scope matching what was typed: exact code or name first, then part of the name."""
    visible = [scope.where(Supplier.id)]
    if not name:
        return list((await session.scalars(
            select(Supplier).where(Supplier.active.is_(True), *visible).order_by(Supplier.code)
        )).all())
    text = name.strip()
    exact = (await session.scalars(select(Supplier).where(
        or_(func.lower(Supplier.code) == text.lower(), Supplier.name == text), *visible
    ))).all()
    if exact:
        return list(exact)
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list((await session.scalars(
        select(Supplier).where(Supplier.name.like(pattern, escape="\\"), *visible).order_by(Supplier.code)
    )).all())


async def answer_scorecard(
    session: AsyncSession, scope: Scope, name: str | None, language: str, ctx: HandlerContext,
) -> str:
    found = await find_suppliers(session, scope, name)
    if not name and len(found) != 1:
        names = "、".join(s.name for s in found[:NAMES_SHOWN]) or "—"
        return say("supplier.need_name", language, names=names)
    if not found:
        return say("supplier.not_found", language, name=name)
    if len(found) > 1:
        return say("supplier.ambiguous", language, name=name, names="、".join(s.name for s in found[:NAMES_SHOWN]))
    supplier = found[0]
    today = ctx.now.astimezone(ctx.timezone).date()
    card = await supplier_scorecard(session, supplier.id, today - timedelta(days=SCORECARD_DAYS - 1),
                                    today + timedelta(days=1), tz=ctx.timezone, now=ctx.now)
    return render_scorecard(card, supplier.name, language, ctx)


def _rate(key: str, rate: Rate, language: str) -> str:
    label = say(f"score.{key}", language)
    if rate.ratio is None:
        return say("score.rate_none", language, label=label)
    return say("score.rate", language, label=label, pct=percent(rate.ratio), n=rate.numerator, d=rate.denominator)


def render_scorecard(card: Scorecard, supplier: str, language: str, ctx: HandlerContext) -> str:
    last_day = (card.end - timedelta(microseconds=1)).astimezone(ctx.timezone).date()
    lines = [
        say("score.title", language, supplier=supplier, start=mmdd(card.start.astimezone(ctx.timezone).date()),
            end=mmdd(last_day)),
        say("score.total", language, score=f"{card.score:g}") if card.score is not None
        else say("score.total_none", language),
    ]
    for key in ("on_time_delivery", "node_on_time", "first_pass_yield", "rework", "scrap", "reporting_compliance"):
        lines.append(_rate(key, getattr(card, key), language))
    response = card.response_time
    if response.count and response.median is not None and response.p90 is not None:
        lines.append(say("score.response", language, median=duration(response.median, language),
                         p90=duration(response.p90, language), n=response.count))
    else:
        lines.append(say("score.response_none", language))
    if card.delay_reasons:
        sep = ", " if language == "en" else "、"
        lines.append(say("score.reasons", language, reasons=sep.join(f"{r}×{n}" for r, n in card.delay_reasons)))
    else:
        lines.append(say("score.reasons_none", language))
    lines.append(say("score.weights", language))
    return "\n".join(lines)
