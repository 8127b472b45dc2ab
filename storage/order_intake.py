"""Order intake: one set of rules for every way in (REST API, sheet import, ERP sync, chat).

A batch is checked whole (pure checks, then what the database knows) and written only when
nothing in it is wrong, so an import is never half done. Every problem names its row and
field, in Chinese and English (`storage.intake_fields`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from storage.intake_fields import MAX_LENGTHS, IntakeError, Problem, problem
from storage.intake_values import as_date, as_number, as_priority, as_quantity, as_text, po_key
from storage.models import (
    InspectionCharacteristic,
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
    PartInspectionItem,
    Person,
    Role,
    Supplier,
)
from storage.plans import (
    TEMPLATE_NAMES,
    ensure_templates,
    load_template_names,
    load_templates,
    plan_milestones,
    process_code,
)
from storage.supplier_matching import resolve_suppliers

IN_CHUNK = 500
# A date beyond these is a typo (9999-12-31, 2206 for 2026): it would stretch every board and plan.
MAX_YEARS_AHEAD = 5
MAX_YEARS_BACK = 2


# --- drafts -------------------------------------------------------------------------------

@dataclass
class CharacteristicDraft:
    """An acceptance criterion as given: nominal ± tolerance, or (no nominal) a pass/fail item."""

    name: Any
    nominal: Any = None
    tol_minus: Any = None
    tol_plus: Any = None
    unit: Any = None
    kind: Any = None


@dataclass
class OrderDraft:
    """An order as given by a person, a sheet row or a JSON body; values may still be text."""

    po: Any
    supplier: Any
    part_no: Any
    part_name: Any = ""
    process: Any = ""
    quantity: Any = None
    unit: Any = ""
    release_date: Any = None
    due_date: Any = None
    priority: Any = ""
    buyer: Any = None
    notes: Any = ""
    inspection: list[CharacteristicDraft] = field(default_factory=list)
    row: int | None = None


@dataclass(frozen=True, slots=True)
class ValidCharacteristic:
    name: str
    kind: str
    nominal: float | None
    tol_minus: float | None
    tol_plus: float | None
    unit: str


@dataclass(frozen=True, slots=True)
class ValidOrder:
    row: int | None
    po: str
    po_key: str
    supplier: str
    part_no: str
    part_name: str
    process: str
    quantity: int
    unit: str
    release_date: date
    due_date: date
    priority: str
    buyer: str | None
    notes: str
    inspection: tuple[ValidCharacteristic, ...]


ORDER_FIELDS = frozenset(f for f in OrderDraft.__dataclass_fields__ if f != "row")
CHARACTERISTIC_FIELDS = frozenset(CharacteristicDraft.__dataclass_fields__)



def _is_blank(value: Any) -> bool:
    return as_text(value) == ""


# --- pure checks --------------------------------------------------------------------------

def validate_draft(
    draft: OrderDraft, *, processes: Iterable[str], today: date, process_names: Mapping[str, str] | None = None,
) -> tuple[ValidOrder | None, list[Problem]]:
    """Everything that can be checked without the database. A missing release date means today."""
    row = draft.row
    problems: list[Problem] = []

    def required(name: str) -> str:
        text = as_text(getattr(draft, name))
        if not text:
            problems.append(problem(row, name, "必填，不能为空", "is required"))
        return text

    def limited(name: str, text: str) -> str:
        limit = MAX_LENGTHS.get(name)
        if limit is not None and len(text) > limit:
            problems.append(problem(row, name, f"太长（最多 {limit} 个字符）", f"is too long (at most {limit} characters)"))
        return text

    po = limited("po", required("po"))
    key = po_key(po)
    if po and not key:
        problems.append(problem(row, "po", f"“{po}”不是有效的PO号", f"{po!r} is not a usable PO number"))
    supplier = limited("supplier", required("supplier"))
    part_no = limited("part_no", required("part_no"))
    part_name = limited("part_name", as_text(draft.part_name))
    unit = limited("unit", as_text(draft.unit) or "pcs")
    notes = limited("notes", as_text(draft.notes))
    buyer = limited("buyer", as_text(draft.buyer)) or None

    quantity = as_quantity(draft.quantity)
    if _is_blank(draft.quantity):
        problems.append(problem(row, "quantity", "必填，不能为空", "is required"))
    elif quantity is None or quantity <= 0:
        problems.append(problem(
            row, "quantity", f"必须是正整数，而不是“{as_text(draft.quantity)}”",
            f"must be a positive whole number, not {as_text(draft.quantity)!r}",
        ))
    elif quantity > 2_000_000_000:
        problems.append(problem(row, "quantity", "数量过大", "is too large"))

    def sane(name: str, value: date | None) -> date | None:
        if value is not None and not (today.year - MAX_YEARS_BACK <= value.year <= today.year + MAX_YEARS_AHEAD):
            problems.append(problem(
                row, name, f"{value.isoformat()} 不合理（应在 {today.year - MAX_YEARS_BACK}–{today.year + MAX_YEARS_AHEAD} 年之间）",
                f"{value.isoformat()} is implausible (expected {today.year - MAX_YEARS_BACK}-{today.year + MAX_YEARS_AHEAD})",
            ))
            return None
        return value

    release = today if _is_blank(draft.release_date) else as_date(draft.release_date)
    if release is None:
        problems.append(_bad_date(row, "release_date", draft.release_date))
    release = sane("release_date", release)
    due = as_date(draft.due_date)
    if _is_blank(draft.due_date):
        problems.append(problem(row, "due_date", "必填，不能为空", "is required"))
    elif due is None:
        problems.append(_bad_date(row, "due_date", draft.due_date))
    elif sane("due_date", due) is None:
        due = None
    elif release is not None and due < release:
        problems.append(problem(
            row, "due_date", f"{due.isoformat()} 早于下单日期 {release.isoformat()}",
            f"{due.isoformat()} is before the release date {release.isoformat()}",
        ))

    priority = as_priority(draft.priority)
    if priority is None:
        problems.append(problem(
            row, "priority", f"“{as_text(draft.priority)}”无效，可用：普通/高/紧急（normal/high/urgent）",
            f"{as_text(draft.priority)!r} is not one of normal, high, urgent",
        ))

    known = list(processes)
    process = process_code(as_text(draft.process), known, process_names)
    if process is None:
        names = "、".join(TEMPLATE_NAMES.get(code, (code, code))[0] for code in known)
        problems.append(problem(
            row, "process", f"未知工艺“{as_text(draft.process)}”，可用：{names}（新工艺可在“设置 → 工艺模板”添加）",
            f"unknown process {as_text(draft.process)!r}; known: {', '.join(known)} "
            "(add a new one under Set-up → Process templates)",
        ))

    inspection = _validate_characteristics(row, draft.inspection, problems)
    if problems:
        return None, problems
    assert quantity is not None and release is not None and due is not None
    assert priority is not None and process is not None
    return ValidOrder(
        row=row, po=po, po_key=key, supplier=supplier, part_no=part_no, part_name=part_name,
        process=process, quantity=quantity, unit=unit, release_date=release, due_date=due,
        priority=priority, buyer=buyer, notes=notes, inspection=tuple(inspection),
    ), []


def _bad_date(row: int | None, name: str, value: Any) -> Problem:
    return problem(
        row, name, f"“{as_text(value)}”不是日期（例如 2026-12-03 或 2026年12月3日）",
        f"{as_text(value)!r} is not a date (e.g. 2026-12-03)",
    )


def _validate_characteristics(
    row: int | None, items: Any, problems: list[Problem]
) -> list[ValidCharacteristic]:
    valid: list[ValidCharacteristic] = []
    for index, item in enumerate(items or []):
        where = f"inspection[{index}]"
        name = as_text(item.name)
        if not name:
            problems.append(problem(row, f"{where}.name", "检验项目名称必填", "needs a name"))
        kind = as_text(item.kind).lower().replace("/", "").replace("_", "") or None
        if kind not in (None, "measure", "passfail"):
            problems.append(problem(row, f"{where}.kind", "只能是 measure 或 passfail", "must be measure or passfail"))
            continue
        if kind is None:
            kind = "passfail" if _is_blank(item.nominal) else "measure"
        if kind == "passfail":
            valid.append(ValidCharacteristic(name, "passfail", None, None, None, as_text(item.unit)))
            continue
        numbers: dict[str, float | None] = {}
        for part in ("nominal", "tol_minus", "tol_plus"):
            numbers[part] = as_number(getattr(item, part))
            if numbers[part] is None:
                problems.append(problem(row, f"{where}.{part}", "必须是数字", "must be a number"))
        nominal, minus, plus = numbers["nominal"], numbers["tol_minus"], numbers["tol_plus"]
        if nominal is None or minus is None or plus is None:
            continue
        minus = abs(minus)
        if plus < -minus:
            problems.append(problem(row, f"{where}.tol_plus", "上限低于下限", "puts the upper limit below the lower"))
            continue
        unit = as_text(item.unit) or "mm"
        if len(name) > 120 or len(unit) > 16:
            problems.append(problem(row, where, "名称或单位太长", "name or unit too long"))
            continue
        valid.append(ValidCharacteristic(name, "measure", nominal, minus, plus, unit))
    return valid


def draft_from_mapping(data: Any, row: int | None) -> tuple[OrderDraft | None, list[Problem]]:
    """A JSON object into a draft; unknown keys are refused so a typo is not silently dropped."""
    if not isinstance(data, Mapping):
        return None, [Problem(row, "", "每个订单必须是一个 JSON 对象", "each order must be a JSON object")]
    problems = [
        Problem(row, str(key), f"未知字段“{key}”", f"unknown field {key!r}")
        for key in data
        if key not in ORDER_FIELDS
    ]
    raw_items = data.get("inspection") or []
    items: list[CharacteristicDraft] = []
    if not isinstance(raw_items, list):
        problems.append(problem(row, "inspection", "必须是列表", "must be a list"))
        raw_items = []
    for index, item in enumerate(raw_items):
        where = f"inspection[{index}]"
        if not isinstance(item, Mapping):
            problems.append(problem(row, where, "必须是对象", "must be an object"))
            continue
        problems.extend(
            problem(row, f"{where}.{key}", "未知字段", "unknown field") for key in item if key not in CHARACTERISTIC_FIELDS
        )
        items.append(CharacteristicDraft(**{k: v for k, v in item.items() if k in CHARACTERISTIC_FIELDS}))
    values = {k: v for k, v in data.items() if k in ORDER_FIELDS and k != "inspection"}
    for name in ("po", "supplier", "part_no"):
        values.setdefault(name, None)
    for name, value in values.items():
        if isinstance(value, dict | list):
            problems.append(problem(row, name, "必须是文本或数字", "must be text or a number"))
            values[name] = ""
    return OrderDraft(**values, inspection=items, row=row), problems


# --- writing ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckedBatch:
    """A batch that passed every check: its valid orders and the suppliers they name."""

    valid: list[ValidOrder]
    suppliers: dict[str, Supplier]
    templates: dict[str, list[dict[str, Any]]]


async def check_orders(
    session: AsyncSession, drafts: Sequence[OrderDraft], *, today: date, ensure: bool = True,
) -> CheckedBatch:
    """Every check of `create_orders`, writing nothing (so a whole file can be judged on a read
    connection before any chunk of it is written); IntakeError with every problem of the batch.
    `ensure=False` reads the process templates without first storing the built-in ones."""
    if ensure:
        await ensure_templates(session)
    templates = await load_templates(session)
    process_names = await load_template_names(session)

    problems: list[Problem] = []
    if not drafts:
        problems.append(Problem(None, "", "没有订单", "no orders given"))
    valid: list[ValidOrder] = []
    for draft in drafts:
        order, found = validate_draft(draft, processes=templates, today=today, process_names=process_names)
        problems.extend(found)
        if order is not None:
            valid.append(order)

    problems.extend(await _duplicate_pos(session, drafts))
    suppliers = await _find_suppliers(session, {as_text(d.supplier) for d in drafts} - {""})
    for draft in drafts:
        text = as_text(draft.supplier)
        if not text:
            continue
        found_supplier = suppliers.get(text)
        if found_supplier is None:
            problems.append(problem(
                draft.row, "supplier", f"未知供应商“{text}”（请先添加，或用供应商代码）",
                f"unknown supplier {text!r} (add it first, or use its code)",
            ))
        elif not found_supplier.active:
            problems.append(problem(draft.row, "supplier", f"供应商“{text}”已停用", f"supplier {text!r} is inactive"))
    if problems:
        raise IntakeError(problems)
    return CheckedBatch(valid, suppliers, templates)


async def create_orders(
    session: AsyncSession,
    drafts: Sequence[OrderDraft],
    *,
    actor: str,
    now: datetime,
    today: date | None = None,
) -> list[Order]:
    """Check the whole batch, then insert orders with their node plans and inspection criteria.

    Raises IntakeError with every problem of the batch before anything is written.
    `today` (the service's local date) stands in for a missing release date.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    checked = await check_orders(session, drafts, today=today or now.date())
    return await _write_checked(session, checked, actor=actor, now=now)


async def insert_checked(session: AsyncSession, checked: CheckedBatch, *, actor: str, now: datetime) -> list[Order]:
    """Write a batch `check_orders` passed just before, on a read connection, so the writer is
    held for the inserts only. A PO entered elsewhere meanwhile is refused by its unique key."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    await ensure_templates(session)
    return await _write_checked(session, checked, actor=actor, now=now)


async def _write_checked(session: AsyncSession, checked: CheckedBatch, *, actor: str, now: datetime) -> list[Order]:
    buyers = await find_buyers(session, {o.buyer for o in checked.valid if o.buyer})
    try:
        return await _insert_orders(session, checked.valid, checked.suppliers, buyers, checked.templates,
                                    actor=actor, now=now)
    except IntegrityError as exc:
        raise IntakeError([Problem(
            None, "po", "同一PO号刚刚被另一处录入，请重试", "a PO of this batch was entered elsewhere just now; try again",
        )]) from exc


async def _insert_orders(
    session: AsyncSession,
    valid: Sequence[ValidOrder],
    suppliers: Mapping[str, Supplier],
    buyers: Mapping[str, Person],
    templates: Mapping[str, list[dict[str, Any]]],
    *,
    actor: str,
    now: datetime,
) -> list[Order]:
    """Bulk INSERT .. RETURNING, with rows matched back by key instead of position: SQLite
    batches such inserts only when the order of the returned rows is left free."""
    order_rows = []
    for order in valid:
        buyer = buyers.get(order.buyer or "")
        notes = stored_notes(order, buyers)
        order_rows.append({
            "po": order.po, "po_key": order.po_key, "supplier_id": suppliers[order.supplier].id,
            "part_no": order.part_no, "part_name": order.part_name, "process": order.process,
            "quantity": order.quantity, "unit": order.unit, "release_date": order.release_date,
            "due_date": order.due_date, "priority": order.priority, "status": OrderStatus.RELEASED,
            "buyer_id": buyer.id if buyer is not None else None, "notes": notes, "accepted_at": None,
            "created_at": now, "updated_at": now, "created_by": actor,
        })
    inserted = {o.po_key: o for o in (await session.scalars(insert(Order).returning(Order), order_rows)).all()}
    orders = [inserted[v.po_key] for v in valid]

    milestone_rows = [
        {
            "order_id": order.id, "seq": seq, "node": node, "step": templates[draft.process][seq - 1].get("step"),
            "planned_date": planned,
            "original_planned_date": planned, "inspection": inspection, "status": MilestoneStatus.PENDING,
            "percent": 0.0, "qty_done": 0, "done_at": None, "updated_at": now,
        }
        for order, draft in zip(orders, valid, strict=True)
        for seq, node, planned, inspection in plan_milestones(
            templates[draft.process], draft.release_date, draft.due_date
        )
    ]
    plans: dict[int, list[Milestone]] = {}
    for milestone in (await session.scalars(insert(Milestone).returning(Milestone), milestone_rows)).all():
        plans.setdefault(milestone.order_id, []).append(milestone)

    part_plans = await part_inspection_plans(session, {v.part_no for v in valid if not v.inspection})
    characteristic_rows = [
        {
            "order_id": order.id, "seq": seq, "name": c.name, "kind": c.kind, "nominal": c.nominal,
            "tol_minus": c.tol_minus, "tol_plus": c.tol_plus, "unit": c.unit,
        }
        for order, draft in zip(orders, valid, strict=True)
        for seq, c in enumerate(draft.inspection or part_plans.get(draft.part_no, ()), start=1)
    ]
    if characteristic_rows:
        await session.execute(insert(InspectionCharacteristic), characteristic_rows)

    for placed, draft in zip(orders, valid, strict=True):
        set_committed_value(placed, "supplier", suppliers[draft.supplier])
        set_committed_value(placed, "buyer", buyers.get(draft.buyer or ""))
        set_committed_value(placed, "milestones", sorted(plans.get(placed.id, []), key=lambda m: m.seq))
    return orders


def stored_notes(order: ValidOrder, buyers: Mapping[str, Person]) -> str:
    """The notes as stored: a buyer named in the row who is not one of our people is kept in them."""
    if order.buyer and order.buyer not in buyers:
        return f"{order.notes}\n采购员/Buyer: {order.buyer}".strip()
    return order.notes


async def part_inspection_plans(session: AsyncSession, part_nos: set[str]) -> dict[str, list[ValidCharacteristic]]:
    """QC's inspection plan of each part: what an order of the part is checked against when the
    order brings no criteria of its own."""
    plans: dict[str, list[ValidCharacteristic]] = {}
    for chunk in _chunks(sorted(part_nos)):
        for item in (await session.scalars(
            select(PartInspectionItem).where(PartInspectionItem.part_no.in_(chunk))
            .order_by(PartInspectionItem.part_no, PartInspectionItem.seq)
        )).all():
            plans.setdefault(item.part_no, []).append(ValidCharacteristic(
                item.name, item.kind, item.nominal, item.tol_minus, item.tol_plus, item.unit))
    return plans


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


async def _duplicate_pos(session: AsyncSession, drafts: Sequence[OrderDraft]) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, OrderDraft] = {}
    for draft in drafts:
        key = po_key(draft.po)
        if not key:
            continue
        earlier = first_seen.setdefault(key, draft)
        if earlier is not draft:
            where_zh = f"第 {earlier.row} 行" if earlier.row is not None else "前面"
            where_en = f"row {earlier.row}" if earlier.row is not None else "an earlier order"
            problems.append(problem(
                draft.row, "po", f"“{as_text(draft.po)}”与{where_zh}的“{as_text(earlier.po)}”重复",
                f"{as_text(draft.po)!r} duplicates {as_text(earlier.po)!r} of {where_en}",
            ))
    existing: dict[str, str] = {}
    for chunk in _chunks(list(first_seen)):
        rows = await session.execute(select(Order.po_key, Order.po).where(Order.po_key.in_(chunk)))
        existing.update({key: po for key, po in rows.all()})
    for key, draft in first_seen.items():
        if key in existing:
            problems.append(problem(
                draft.row, "po", f"“{as_text(draft.po)}”已存在（已有订单 {existing[key]}）",
                f"{as_text(draft.po)!r} already exists (order {existing[key]})",
            ))
    return problems


async def _find_suppliers(session: AsyncSession, texts: set[str]) -> dict[str, Supplier]:
    """Each text resolved to a supplier by code, then by name, then by code ignoring case."""
    if not texts:
        return {}
    ordered = sorted(texts)
    found: list[Supplier] = []
    for chunk in _chunks(ordered):
        lowered = [t.lower() for t in chunk]
        found.extend((await session.scalars(select(Supplier).where(or_(
            Supplier.code.in_(chunk), Supplier.name.in_(chunk), func.lower(Supplier.code).in_(lowered),
        )))).all())
    by_code = {s.code: s for s in found}
    by_name = {s.name: s for s in found}
    by_lower = {s.code.lower(): s for s in found}
    resolved: dict[str, Supplier] = {}
    for text in ordered:
        supplier = by_code.get(text) or by_name.get(text) or by_lower.get(text.lower())
        if supplier is not None:
            resolved[text] = supplier
    unresolved = [text for text in ordered if text not in resolved]
    if unresolved:  # a short name, an alias, or the start of one supplier's name
        resolved.update(await resolve_suppliers(session, unresolved))
    return resolved


async def find_buyers(session: AsyncSession, names: set[str]) -> dict[str, Person]:
    """Names that belong to exactly one of our own people (never a supplier's contact)."""
    matches: dict[str, list[Person]] = {}
    for chunk in _chunks(sorted(names)):
        for person in (await session.scalars(
            select(Person).where(Person.name.in_(chunk), Person.role != Role.SUPPLIER)
        )).all():
            matches.setdefault(person.name, []).append(person)
    return {name: people[0] for name, people in matches.items() if len(people) == 1}
