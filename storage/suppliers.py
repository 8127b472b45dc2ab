"""Suppliers as the REST API and the import add and list them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.intake_fields import MAX_LENGTHS, IntakeError, Problem, problem
from storage.intake_values import as_text
from storage.models import Supplier


async def create_suppliers(
    session: AsyncSession, items: Sequence[Any], *, now: datetime, indexed: bool = True
) -> list[Supplier]:
    """Add suppliers (code, name, timezone, language), refusing the batch on any problem.

    Problems name the item's index in `items`, or no row when `indexed` is false (one object).
    """
    problems: list[Problem] = []
    rows: list[tuple[int | None, dict[str, str]]] = []
    for index, item in enumerate(items):
        row = index if indexed else None
        if not isinstance(item, Mapping):
            problems.append(Problem(row, "", "每个供应商必须是一个 JSON 对象", "each supplier must be a JSON object"))
            continue
        problems.extend(
            Problem(row, str(k), f"未知字段“{k}”", f"unknown field {k!r}")
            for k in item if k not in ("code", "name", "timezone", "language")
        )
        values = {
            "code": as_text(item.get("code")), "name": as_text(item.get("name")),
            "timezone": as_text(item.get("timezone")) or "Asia/Shanghai",
            "language": as_text(item.get("language")) or "zh",
        }
        for name in ("code", "name"):
            if not values[name]:
                problems.append(problem(row, name, "必填，不能为空", "is required"))
            elif len(values[name]) > MAX_LENGTHS[name]:
                problems.append(problem(row, name, "太长", "is too long"))
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(problem(
                row, "timezone", f"未知时区“{values['timezone']}”（例如 Asia/Shanghai）",
                f"unknown IANA time zone {values['timezone']!r} (e.g. Asia/Shanghai)",
            ))
        if values["language"] not in ("zh", "en"):
            problems.append(problem(row, "language", "只能是 zh 或 en", "must be zh or en"))
        rows.append((row, values))
    if not items:
        problems.append(Problem(None, "", "没有供应商", "no suppliers given"))

    for name in ("code", "name"):
        seen: dict[str, int | None] = {}
        for row, values in rows:
            if values[name] and values[name] in seen:
                problems.append(problem(row, name, f"“{values[name]}”在本批中重复", f"{values[name]!r} repeats in this batch"))
            seen.setdefault(values[name], row)
        column = Supplier.code if name == "code" else Supplier.name
        taken = set((await session.scalars(select(column).where(column.in_(list(seen))))).all()) if seen else set()
        problems.extend(
            problem(row, name, f"“{values[name]}”已存在", f"{values[name]!r} already exists")
            for row, values in rows if values[name] in taken
        )
    if problems:
        raise IntakeError(problems)
    suppliers = [Supplier(**values, active=True, created_at=now) for _, values in rows]
    session.add_all(suppliers)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise IntakeError([Problem(None, "code", "供应商刚刚被另一处添加，请重试", "added elsewhere just now; try again")]) from exc
    return suppliers


def supplier_row(supplier: Supplier) -> dict[str, Any]:
    return {
        "code": supplier.code, "name": supplier.name, "timezone": supplier.timezone,
        "language": supplier.language, "active": supplier.active,
    }


async def list_suppliers(session: AsyncSession, supplier_ids: frozenset[int] | None = None) -> list[dict[str, Any]]:
    query = select(Supplier).order_by(Supplier.code)
    if supplier_ids is not None:
        query = query.where(Supplier.id.in_(sorted(supplier_ids)))
    return [supplier_row(s) for s in (await session.scalars(query)).all()]
