"""Re-importing a sheet that holds orders we already have: `supplierbot import --update`
creates the new ones and changes the existing ones, `--dry-run` prints what would change,
row by row, and writes nothing; `--create-suppliers` adds suppliers the sheet names and we
do not know. All or nothing, like every import: one bad row imports nothing.

An existing order changes the way a buyer's change does (handlers.order_changes): with
history (actor `import`), the plan moved, the supplier told. Quantity, due date and
priority go that way; part name, unit and notes are recorded with history too. A sheet
that moves an order to another supplier, changes its part number or release date, or
changes an order that has ended, is refused for that row and field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from handlers.order_changes import Change, change_order
from handlers.receiving import OPEN_STATUSES, Actor, queue_notices, record_order_change
from scheduler.ladder import Ladder
from storage.intake_fields import IntakeError, Problem, problem
from storage.intake_values import as_text, po_key
from storage.models import Lot, Order, Supplier
from storage.order_intake import OrderDraft, create_orders, find_buyers, stored_notes, validate_draft
from storage.plans import ensure_templates, load_templates
from storage.supplier_matching import resolve_suppliers

COMPARED = ("quantity", "due_date", "priority", "part_name", "unit", "notes")
FIXED = ("supplier", "part_no", "release_date")
LABELS = {"quantity": ("数量", "quantity"), "due_date": ("交期", "due date"), "priority": ("优先级", "priority"),
          "part_name": ("品名", "part name"), "unit": ("单位", "unit"), "notes": ("备注", "notes"),
          "supplier": ("供应商", "supplier"), "part_no": ("物料编码", "part no"),
          "release_date": ("下单日期", "release date")}


@dataclass
class RowPlan:
    row: int | None
    po: str
    action: str  # "create", "update", "same"
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    new_suppliers: list[str]

    @property
    def created(self) -> int:
        return sum(r.action == "create" for r in self.rows)

    @property
    def updated(self) -> int:
        return sum(r.action == "update" for r in self.rows)

    def lines(self) -> list[str]:
        """The differences, row by row, in Chinese then English."""
        out = []
        for name in self.new_suppliers:
            out.append(f"  新供应商 / new supplier: {name}")
        for r in self.rows:
            where = f"第 {r.row} 行 / row {r.row}" if r.row is not None else "—"
            if r.action == "create":
                out.append(f"  {where} {r.po}: 新建 / new order")
            elif r.action == "same":
                out.append(f"  {where} {r.po}: 无变化 / unchanged")
            else:
                parts = [f"{LABELS[f][0]}/{LABELS[f][1]} {_shown(old)} → {_shown(new)}" for f, old, new in r.changes]
                out.append(f"  {where} {r.po}: " + "；".join(parts))
        return out


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "—" if value in (None, "") else str(value)


async def plan_import(
    session: AsyncSession, drafts: Sequence[OrderDraft], *, today: date, update: bool, create_suppliers: bool,
) -> ImportPlan:
    """What importing `drafts` would do; IntakeError with every problem when it cannot."""
    await ensure_templates(session)
    templates = await load_templates(session)
    keys = [po_key(d.po) for d in drafts]
    existing = {o.po_key: o for o in (await session.execute(
        select(Order).where(Order.po_key.in_([k for k in keys if k]))
        .options(selectinload(Order.supplier), selectinload(Order.milestones))
    )).scalars()} if update else {}
    texts = {as_text(d.supplier) for d in drafts} - {""}
    known = await resolve_suppliers(session, texts)
    buyers = await find_buyers(session, {as_text(d.buyer) for d in drafts} - {""}) if existing else {}
    new_suppliers = sorted(texts - set(known)) if create_suppliers else []
    problems: list[Problem] = []
    rows: list[RowPlan] = []
    for draft, key in zip(drafts, keys, strict=True):
        order = existing.get(key)
        if order is None:
            rows.append(RowPlan(draft.row, as_text(draft.po), "create"))
            continue
        valid, found = validate_draft(draft, processes=templates, today=today)
        problems.extend(found)
        if valid is None:
            continue
        supplier = known.get(valid.supplier)
        if supplier is None or supplier.id != order.supplier_id:
            problems.append(problem(draft.row, "supplier", f"不能通过导入更换供应商（现为 {order.supplier.name}）",
                                    f"an import cannot move the order to another supplier (now {order.supplier.name})"))
        for name in ("part_no", "release_date"):
            if as_text(draft.__getattribute__(name)) and getattr(valid, name) != getattr(order, name):
                problems.append(problem(draft.row, name, f"不能通过导入修改（现为 {_shown(getattr(order, name))}）",
                                        f"cannot be changed by an import (now {_shown(getattr(order, name))})"))
        given = {name: getattr(valid, name) for name in COMPARED}
        given["notes"] = stored_notes(valid, buyers)  # as an import stores them, so a sheet read again changes nothing
        changes = [(name, getattr(order, name), given[name]) for name in COMPARED
                   if given[name] != getattr(order, name)
                   and not (name in ("notes", "part_name", "unit", "priority") and not as_text(getattr(draft, name)))]
        if changes and order.status not in OPEN_STATUSES:
            problems.append(problem(draft.row, "po", f"订单已结束（{order.status}），不能再修改",
                                    f"the order has ended ({order.status}) and cannot change"))
        rows.append(RowPlan(draft.row, order.po, "update" if changes else "same", changes))
    if problems:
        raise IntakeError(problems)
    return ImportPlan(rows, new_suppliers)


async def apply_import(
    session: AsyncSession, drafts: Sequence[OrderDraft], plan: ImportPlan, *, actor: str, now: datetime, today: date,
    ladder: Ladder,
) -> list[Order]:
    """Write the plan: new suppliers, new orders, changes to existing ones (history, supplier told)."""
    if plan.new_suppliers:
        session.add_all([Supplier(code=name[:40], name=name[:120], active=True, created_at=now, aliases=[])
                         for name in plan.new_suppliers])
        await session.flush()
    new = [d for d, r in zip(drafts, plan.rows, strict=True) if r.action == "create"]
    created = await create_orders(session, new, actor=actor, now=now, today=today) if new else []
    who = Actor(label=actor, person_id=None, language=ladder.language, source="import", ladder=ladder)
    problems: list[Problem] = []
    for row in plan.rows:
        if row.action != "update":
            continue
        order = (await session.execute(
            select(Order).where(Order.po == row.po).options(selectinload(Order.supplier),
                                                            selectinload(Order.milestones))
        )).scalar_one()
        wanted = {name: new_value for name, _, new_value in row.changes}
        accepted = int(await session.scalar(
            select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == order.id)) or 0)
        outcome = await change_order(session, order, Change(
            quantity=wanted.get("quantity"), due_date=wanted.get("due_date"), priority=wanted.get("priority"),
            reason="import"), who, now, accepted=accepted) if {"quantity", "due_date", "priority"} & set(wanted) \
            else None
        if outcome is not None and not outcome.ok:
            problems.append(problem(row.row, "po", outcome.text, outcome.text))
            continue
        for name in ("part_name", "unit", "notes"):
            if name in wanted:
                record_order_change(session, order, name, getattr(order, name), wanted[name], "import", who, now)
                setattr(order, name, wanted[name])
        order.updated_at = now
        if outcome is not None:
            await queue_notices(session, outcome, f"import:{order.id}:{now.isoformat()}", now)
    if problems:
        raise IntakeError(problems)
    return created
