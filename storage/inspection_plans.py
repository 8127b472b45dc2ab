"""Each part's inspection plan, kept by QC: characteristics with nominal ± tolerance and
pass/fail items. A new order of the part gets the plan as its acceptance criteria; saving a
plan also updates the open orders of the part that follow it and have not been inspected yet
(criteria already used by a recorded inspection are never rewritten)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import settings_history
from storage.intake_fields import Problem
from storage.intake_values import as_number, as_text
from storage.models import (
    OPEN_ORDER_STATUSES,
    Inspection,
    InspectionCharacteristic,
    Order,
    PartInspectionItem,
)
from storage.order_intake import ValidCharacteristic

MAX_ITEMS = 50
KIND_WORDS = {
    "measure": "measure", "计量": "measure", "尺寸": "measure", "测量": "measure", "数值": "measure",
    "passfail": "passfail", "pass/fail": "passfail", "判定": "passfail", "外观": "passfail", "通过/不通过": "passfail",
    "合格/不合格": "passfail", "计数": "passfail",
}


@dataclass(frozen=True)
class PlanRow:
    """One line of a plan as typed or read from a sheet (values may still be text)."""

    name: Any = ""
    kind: Any = ""
    nominal: Any = ""
    tol_minus: Any = ""
    tol_plus: Any = ""
    unit: Any = ""
    row: int | None = None  # the sheet row, when it came from a sheet


@dataclass(frozen=True)
class PartSummary:
    part_no: str
    part_name: str
    items: int
    open_orders: int


def _blank(row: PlanRow) -> bool:
    return not any(as_text(v) for v in (row.name, row.nominal, row.tol_minus, row.tol_plus))


def _p(row: int, field: str, zh: str, en: str, *, part: str = "") -> Problem:
    where = f"{part} " if part else ""
    return Problem(row, field, f"{where}第 {row} 行：{zh}", f"{where}row {row}: {en}")


def validate_plan(rows: Sequence[PlanRow], *, part: str = "") -> tuple[list[ValidCharacteristic], list[Problem]]:
    """The plan's items, or every problem with them; blank lines are skipped."""
    problems: list[Problem] = []
    items: list[ValidCharacteristic] = []
    names: set[str] = set()
    for index, row in enumerate((r for r in rows if not _blank(r)), start=1):
        number = row.row or index
        name = as_text(row.name)
        if not name:
            problems.append(_p(number, "name", "检验项目名称必填", "the characteristic needs a name", part=part))
        elif len(name) > 120:
            problems.append(_p(number, "name", "名称最多 120 个字符", "the name has at most 120 characters", part=part))
        elif name in names:
            problems.append(_p(number, "name", f"“{name}”重复", f"{name!r} repeats", part=part))
        names.add(name)
        unit = as_text(row.unit)
        if len(unit) > 16:
            problems.append(_p(number, "unit", "单位最多 16 个字符", "the unit has at most 16 characters", part=part))
        kind_text = as_text(row.kind).lower().replace(" ", "")
        kind = KIND_WORDS.get(kind_text) if kind_text else ("measure" if as_text(row.nominal) else "passfail")
        if kind is None:
            problems.append(_p(number, "kind", "类型只能是“计量”（标称±公差）或“判定”（合格/不合格）",
                               "the kind is measure (nominal ± tolerance) or pass/fail", part=part))
            continue
        if kind == "passfail":
            items.append(ValidCharacteristic(name, "passfail", None, None, None, unit))
            continue
        nominal = as_number(row.nominal)
        plus_text, minus_text = as_text(row.tol_plus), as_text(row.tol_minus)
        plus = as_number(plus_text)
        minus = as_number(minus_text) if minus_text else (plus if plus_text.startswith("±") else None)
        for field, value, zh, en in (("nominal", nominal, "标称值", "the nominal"),
                                     ("tol_plus", plus, "上公差", "the upper tolerance"),
                                     ("tol_minus", minus, "下公差", "the lower tolerance")):
            if value is None:
                raw = as_text(getattr(row, field))
                problems.append(_p(number, field, f"{zh}必须是数字" + (f"，而不是“{raw}”" if raw else ""),
                                   f"{en} must be a number" + (f", not {raw!r}" if raw else ""), part=part))
        if nominal is None or plus is None or minus is None:
            continue
        minus = abs(minus)
        if nominal + plus <= nominal - minus:
            problems.append(_p(number, "tol_plus", f"上限 {nominal + plus:g} 不高于下限 {nominal - minus:g}",
                               f"the upper limit {nominal + plus:g} is not above the lower {nominal - minus:g}",
                               part=part))
            continue
        items.append(ValidCharacteristic(name, "measure", nominal, minus, plus, unit or "mm"))
    if len(items) > MAX_ITEMS:
        problems.append(Problem(None, "items", f"{part} 最多 {MAX_ITEMS} 项".strip(), f"at most {MAX_ITEMS} items"))
    return (items, []) if not problems else ([], problems)


def describe(items: Sequence[Any]) -> str:
    """A plan in one line: `外径 Ø50 +0.05/-0.05 mm; 外观 判定`."""
    parts = []
    for c in items:
        if c.kind == "measure":
            parts.append(f"{c.name} {c.nominal:g} +{c.tol_plus:g}/-{c.tol_minus:g} {c.unit}".strip())
        else:
            parts.append(f"{c.name} 合格/不合格")
    return "; ".join(parts) or "（空）"


def _key(c: Any) -> tuple[Any, ...]:
    return (c.name, c.kind, c.nominal, c.tol_minus, c.tol_plus, c.unit)


async def get_plan(session: AsyncSession, part_no: str) -> list[PartInspectionItem]:
    return list((await session.scalars(
        select(PartInspectionItem).where(PartInspectionItem.part_no == part_no).order_by(PartInspectionItem.seq)
    )).all())


async def list_parts(session: AsyncSession) -> list[PartSummary]:
    """Every part that has orders or a plan, with how many plan items and open orders it has."""
    names = dict((await session.execute(select(Order.part_no, func.max(Order.part_name)).group_by(Order.part_no))).all())
    open_orders = dict((await session.execute(
        select(Order.part_no, func.count(Order.id)).where(Order.status.in_(OPEN_ORDER_STATUSES))
        .group_by(Order.part_no))).all())
    items = dict((await session.execute(
        select(PartInspectionItem.part_no, func.count(PartInspectionItem.id)).group_by(PartInspectionItem.part_no)
    )).all())
    parts = sorted(set(names) | set(items))
    return [PartSummary(p, names.get(p) or "", items.get(p, 0), open_orders.get(p, 0)) for p in parts]


async def known_part(session: AsyncSession, part_no: str) -> bool:
    found = await session.scalar(select(Order.id).where(Order.part_no == part_no).limit(1))
    return found is not None or bool(await get_plan(session, part_no))


async def save_plan(
    session: AsyncSession, part_no: str, rows: Sequence[PlanRow], *, actor: str, now: datetime,
) -> tuple[int, list[Problem]]:
    """Replace a part's plan (all or nothing, with history). Returns how many open orders took it."""
    part_no = as_text(part_no)
    if not part_no or len(part_no) > 80:
        return 0, [Problem(None, "part_no", "物料编码必填（最多 80 个字符）", "the part number is required (80 characters)")]
    items, problems = validate_plan(rows)
    if problems:
        return 0, problems
    return await _replace(session, part_no, items, actor=actor, now=now), []


async def _replace(session: AsyncSession, part_no: str, items: Sequence[ValidCharacteristic], *, actor: str,
                   now: datetime, source: str = "") -> int:
    old = await get_plan(session, part_no)
    if [_key(c) for c in old] == [_key(c) for c in items]:
        return 0
    await session.execute(delete(PartInspectionItem).where(PartInspectionItem.part_no == part_no))
    session.add_all(PartInspectionItem(part_no=part_no, seq=seq, name=c.name, kind=c.kind, nominal=c.nominal,
                                       tol_minus=c.tol_minus, tol_plus=c.tol_plus, unit=c.unit)
                    for seq, c in enumerate(items, start=1))
    applied = await _apply_to_open_orders(session, part_no, old, items)
    summary = f"{part_no}（{source}）" if source else part_no
    if applied:
        summary += f"，已更新 {applied} 个未检验的未结订单"
    await settings_history.record(session, subject=settings_history.Subject.INSPECTION_PLAN, key=part_no,
                                  actor=actor, now=now, summary=summary, old=describe(old) if old else None,
                                  new=describe(items))
    await session.flush()
    return applied


async def _apply_to_open_orders(session: AsyncSession, part_no: str, old: Sequence[Any],
                                items: Sequence[ValidCharacteristic]) -> int:
    """Open orders of the part with no inspection recorded, whose criteria are empty or the old plan."""
    orders = (await session.scalars(
        select(Order).where(Order.part_no == part_no, Order.status.in_(OPEN_ORDER_STATUSES),
                            ~exists().where(Inspection.order_id == Order.id))
    )).all()
    old_keys = [_key(c) for c in old]
    applied = 0
    for order in orders:
        current = (await session.scalars(
            select(InspectionCharacteristic).where(InspectionCharacteristic.order_id == order.id)
            .order_by(InspectionCharacteristic.seq))).all()
        if current and [_key(c) for c in current] != old_keys:
            continue  # the order brought criteria of its own
        await session.execute(delete(InspectionCharacteristic).where(InspectionCharacteristic.order_id == order.id))
        session.add_all(InspectionCharacteristic(order_id=order.id, seq=seq, name=c.name, kind=c.kind,
                                                 nominal=c.nominal, tol_minus=c.tol_minus, tol_plus=c.tol_plus,
                                                 unit=c.unit) for seq, c in enumerate(items, start=1))
        applied += 1
    return applied


async def import_plans(
    session: AsyncSession, rows: Sequence[PlanRow], part_of: Mapping[int, str], *, actor: str, now: datetime,
    source: str,
) -> tuple[dict[str, int], list[Problem]]:
    """A sheet of plans (one line per characteristic, with its part number): every part in it is
    replaced, or nothing is when any line is wrong. Returns each part's count of updated orders."""
    by_part: dict[str, list[PlanRow]] = {}
    problems: list[Problem] = []
    for row in rows:
        part = as_text(part_of.get(row.row or 0, ""))
        if not part:
            if not _blank(row):
                problems.append(Problem(row.row, "part_no", f"第 {row.row} 行：物料编码必填",
                                        f"row {row.row}: the part number is required"))
            continue
        by_part.setdefault(part, []).append(row)
    if not by_part and not problems:
        problems.append(Problem(None, "", "表格中没有检验项目", "the sheet has no characteristics"))
    plans: dict[str, list[ValidCharacteristic]] = {}
    for part, part_rows in by_part.items():
        items, found = validate_plan(part_rows, part=part)
        problems.extend(found)
        plans[part] = items
    if problems:
        return {}, problems
    return {part: await _replace(session, part, items, actor=actor, now=now, source=source)
            for part, items in plans.items()}, []
