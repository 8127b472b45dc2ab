"""Order intake rules and order queries, shared by the REST API, the sheet import and chat.

One set of rules for every way in: a batch is checked whole (pure checks, then what the
database knows) and written only when nothing in it is wrong, so an import is never half
done. Every problem names its row and field, in Chinese and English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, exists, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from storage.models import (
    OPEN_ORDER_STATUSES,
    ExceptionTicket,
    Inspection,
    InspectionCharacteristic,
    InspectionValue,
    Lot,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Order,
    OrderStatus,
    PartInspectionItem,
    Person,
    Photo,
    Priority,
    ProgressReport,
    Role,
    Supplier,
)
from storage.plans import (
    NODE_LABELS,
    TEMPLATE_NAMES,
    ensure_templates,
    load_template_names,
    load_templates,
    plan_milestones,
    process_code,
)
from storage.po_numbers import normalize_po
from storage.supplier_matching import resolve_suppliers

IN_CHUNK = 500

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "po": ("PO号", "PO No."),
    "supplier": ("供应商", "Supplier"),
    "part_no": ("物料编码", "Part No."),
    "part_name": ("品名", "Part name"),
    "process": ("工艺", "Process"),
    "quantity": ("数量", "Quantity"),
    "unit": ("单位", "Unit"),
    "release_date": ("下单日期", "Release date"),
    "due_date": ("交期", "Due date"),
    "priority": ("优先级", "Priority"),
    "buyer": ("采购员", "Buyer"),
    "notes": ("备注", "Notes"),
    "inspection": ("检验标准", "Inspection criteria"),
    "code": ("供应商代码", "Supplier code"),
    "name": ("供应商名称", "Supplier name"),
    "timezone": ("时区", "Time zone"),
    "language": ("语言", "Language"),
}

MAX_LENGTHS: dict[str, int] = {
    "po": 40, "supplier": 120, "part_no": 80, "part_name": 200, "unit": 16, "buyer": 120,
    "code": 40, "name": 120, "notes": 2000,
}
# A date beyond these is a typo (9999-12-31, 2206 for 2026): it would stretch every board and plan.
MAX_YEARS_AHEAD = 5
MAX_YEARS_BACK = 2

PRIORITY_ALIASES: dict[str, str] = {
    "": Priority.NORMAL, "normal": Priority.NORMAL, "普通": Priority.NORMAL, "一般": Priority.NORMAL,
    "正常": Priority.NORMAL, "常规": Priority.NORMAL, "低": Priority.NORMAL, "low": Priority.NORMAL,
    "high": Priority.HIGH, "高": Priority.HIGH, "急": Priority.HIGH, "重要": Priority.HIGH,
    "urgent": Priority.URGENT, "紧急": Priority.URGENT, "加急": Priority.URGENT, "特急": Priority.URGENT,
    "插单": Priority.URGENT, "紧急插单": Priority.URGENT,
}

_PO_SEPARATORS = re.compile(r"[-#_\s\u2010-\u2015]+")
_PO_PREFIX = re.compile(r"^P[O0](?=.)")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.0+)?$")


# --- problems -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one row (None: the whole batch or request) and field."""

    row: int | None
    field: str
    message_zh: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_zh

    def as_dict(self, language: str) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message(language)}


class IntakeError(Exception):
    """A batch was refused; nothing of it was written. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
        super().__init__("; ".join(_where(p) + p.message_en for p in self.problems[:5]))


def _where(problem: Problem) -> str:
    return f"row {problem.row} {problem.field}: " if problem.row is not None else f"{problem.field}: "


def problem(row: int | None, name: str, zh: str, en: str) -> Problem:
    """A problem whose messages start with the field's label, so a reader knows which column."""
    base = name.split("[", 1)[0]
    zh_label, en_label = FIELD_LABELS.get(base, (name, name))
    suffix = name[len(base):]
    return Problem(row, name, f"{zh_label}{suffix}：{zh}", f"{en_label}{suffix}: {en}")


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


# --- value readers ------------------------------------------------------------------------

def po_key(text: Any) -> str:
    """The PO as people type it, reduced to what identifies it: `PO-1001`, `po1001`, `ＰＯ１００１` → `1001`.

    The chat parser's own normalisation wherever it recognises the PO, so an order is found
    by what suppliers write; POs it cannot read in chat (`PO/2026/001`) still get a stable key.
    """
    parsed = normalize_po(as_text(text))
    if parsed:
        return parsed
    cleaned = unicodedata.normalize("NFKC", as_text(text)).strip().upper()
    cleaned = _PO_SEPARATORS.sub("", cleaned)
    return _PO_PREFIX.sub("", cleaned)


_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def as_text(value: Any) -> str:
    """Cell or JSON value as text: numbers typed into Excel (1001.0) read as `1001`; control
    characters and lone surrogates (a sheet's stray bytes) are dropped, never stored."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _UNSTORABLE.sub("", str(value)).strip()


def as_quantity(value: Any) -> int | None:
    """A whole number, allowing `1,000`, `1000.0` and full-width digits; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return int(value) if value == int(value) else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number.is_finite() and number == int(number) else None


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    try:
        number = float(unicodedata.normalize("NFKC", str(value)).strip().replace("±", ""))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def as_date(value: Any) -> date | None:
    """`2026-12-03`, `2026/12/3`, `2026.12.3`, `2026年12月3日`, `20261203`, or a date value."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or isinstance(value, bool | int | float):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def as_priority(value: Any) -> str | None:
    text = unicodedata.normalize("NFKC", as_text(value)).strip().lower()
    return PRIORITY_ALIASES.get(text)


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
    today = today or now.date()
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

    buyers = await _find_buyers(session, {o.buyer for o in valid if o.buyer})
    try:
        return await _insert_orders(session, valid, suppliers, buyers, templates, actor=actor, now=now)
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
        notes = order.notes
        if order.buyer and buyer is None:
            notes = f"{notes}\n采购员/Buyer: {order.buyer}".strip()
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


async def _find_buyers(session: AsyncSession, names: set[str]) -> dict[str, Person]:
    """Names that belong to exactly one of our own people (never a supplier's contact)."""
    matches: dict[str, list[Person]] = {}
    for chunk in _chunks(sorted(names)):
        for person in (await session.scalars(
            select(Person).where(Person.name.in_(chunk), Person.role != Role.SUPPLIER)
        )).all():
            matches.setdefault(person.name, []).append(person)
    return {name: people[0] for name, people in matches.items() if len(people) == 1}


# --- suppliers ----------------------------------------------------------------------------

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


# --- reading ------------------------------------------------------------------------------

def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def milestone_row(milestone: Milestone) -> dict[str, Any]:
    zh, en = NODE_LABELS.get(milestone.node, (milestone.node, milestone.node))
    return {
        "seq": milestone.seq, "node": milestone.node, "label_zh": zh, "label_en": en, "step": milestone.step,
        "planned_date": _iso(milestone.planned_date), "original_planned_date": _iso(milestone.original_planned_date),
        "inspection": milestone.inspection, "status": milestone.status, "percent": milestone.percent,
        "qty_done": milestone.qty_done, "done_at": _iso(milestone.done_at),
    }


def order_row(order: Order, supplier: Supplier, buyer: Person | None) -> dict[str, Any]:
    """The order's own fields, JSON-ready (no plan, no history)."""
    zh, en = TEMPLATE_NAMES.get(order.process, (order.process, order.process))
    return {
        "po": order.po, "po_key": order.po_key,
        "supplier": {"code": supplier.code, "name": supplier.name},
        "part_no": order.part_no, "part_name": order.part_name,
        "process": order.process, "process_zh": zh, "process_en": en,
        "quantity": order.quantity, "unit": order.unit,
        "release_date": _iso(order.release_date), "due_date": _iso(order.due_date),
        "priority": order.priority, "status": order.status,
        "buyer": buyer.name if buyer is not None else None, "notes": order.notes,
        "created_at": _iso(order.created_at), "updated_at": _iso(order.updated_at),
        "created_by": order.created_by, "accepted_at": _iso(order.accepted_at),
    }


def created_order_row(order: Order) -> dict[str, Any]:
    """A just-created order (its supplier, buyer and plan are already in memory)."""
    return {**order_row(order, order.supplier, order.buyer), "milestones": [milestone_row(m) for m in order.milestones]}


async def find_order(session: AsyncSession, po: str) -> Order | None:
    """The order for a PO as typed (`PO-1001`, `1001`, `po1001`), with supplier, buyer and plan loaded."""
    key = po_key(po)
    if not key:
        return None
    query = (
        select(Order)
        .where(or_(Order.po == po.strip(), Order.po_key == key))
        .options(selectinload(Order.supplier), selectinload(Order.buyer), selectinload(Order.milestones))
    )
    return await session.scalar(query)


async def order_detail(session: AsyncSession, po: str) -> dict[str, Any] | None:
    """Everything kept about one order, for the API and the dashboard: plan with its change
    history, what the supplier reported, inspections with values, lots, exceptions."""
    order = await find_order(session, po)
    if order is None:
        return None
    milestone_ids = [m.id for m in order.milestones]
    changes: dict[int, list[dict[str, Any]]] = {}
    if milestone_ids:
        for change in (await session.scalars(
            select(MilestoneChange).where(MilestoneChange.milestone_id.in_(milestone_ids))
            .order_by(MilestoneChange.at, MilestoneChange.id)
        )).all():
            changes.setdefault(change.milestone_id, []).append({
                "at": _iso(change.at), "actor": change.actor, "field": change.field,
                "old_value": change.old_value, "new_value": change.new_value,
                "reason": change.reason, "source": change.source,
            })
    seq_of = {m.id: m.seq for m in order.milestones}

    reports = (await session.scalars(
        select(ProgressReport).where(ProgressReport.order_id == order.id)
        .order_by(ProgressReport.reported_at, ProgressReport.id)
    )).all()
    characteristics = (await session.scalars(
        select(InspectionCharacteristic).where(InspectionCharacteristic.order_id == order.id)
        .order_by(InspectionCharacteristic.seq)
    )).all()
    lots = (await session.scalars(select(Lot).where(Lot.order_id == order.id).order_by(Lot.shipped_at, Lot.id))).all()
    lot_no = {lot.id: lot.lot_no for lot in lots}
    inspections = (await session.scalars(
        select(Inspection).where(Inspection.order_id == order.id).order_by(Inspection.inspected_at, Inspection.id)
    )).all()
    values: dict[int, list[InspectionValue]] = {}
    if inspections:
        for value in (await session.scalars(
            select(InspectionValue).where(InspectionValue.inspection_id.in_([i.id for i in inspections]))
            .order_by(InspectionValue.id)
        )).all():
            values.setdefault(value.inspection_id, []).append(value)
    characteristic_name = {c.id: c.name for c in characteristics}
    exceptions = (await session.scalars(
        select(ExceptionTicket).where(ExceptionTicket.order_id == order.id)
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
    )).all()
    photo_count = await session.scalar(select(func.count()).select_from(Photo).where(Photo.order_id == order.id))

    done = [m for m in order.milestones if m.status in (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)]
    current = next((m for m in order.milestones if m not in done), None)
    return {
        **order_row(order, order.supplier, order.buyer),
        "supplier": {**supplier_row(order.supplier)},
        "progress": {
            "nodes_done": len(done), "nodes_total": len(order.milestones),
            "current_node": current.node if current is not None else None,
            "qty_shipped": sum(lot.qty for lot in lots),
            "qty_accepted": sum(lot.qty_accepted for lot in lots),
            "qty_rejected": sum(lot.qty_rejected for lot in lots),
        },
        "receiving": {  # the buyer's side: counted in, usable after inspection, sent back
            "qty_received": sum(lot.qty_received for lot in lots),
            "qty_usable": sum(lot.qty_usable for lot in lots),
            "qty_returned": sum(lot.qty_returned for lot in lots),
        },
        "milestones": [{**milestone_row(m), "changes": changes.get(m.id, [])} for m in order.milestones],
        "reports": [{
            "id": r.id, "kind": r.kind, "node_seq": seq_of.get(r.milestone_id or 0), "reporter": r.reporter,
            "platform": r.platform, "reported_at": _iso(r.reported_at), "text": r.text, "percent": r.percent,
            "qty_done": r.qty_done, "details": r.details, "undone_at": _iso(r.undone_at),
        } for r in reports],
        "inspection_plan": [{
            "seq": c.seq, "name": c.name, "kind": c.kind, "nominal": c.nominal,
            "tol_minus": c.tol_minus, "tol_plus": c.tol_plus, "unit": c.unit,
        } for c in characteristics],
        "inspections": [{
            "id": i.id, "inspected_at": _iso(i.inspected_at), "inspector": i.inspector, "stage": i.stage,
            "node_seq": seq_of.get(i.milestone_id or 0), "lot_no": lot_no.get(i.lot_id or 0),
            "first_inspection": i.first_inspection, "verdict": i.verdict, "qty_inspected": i.qty_inspected,
            "qty_accepted": i.qty_accepted, "qty_rejected": i.qty_rejected,
            "values": [{
                "characteristic": characteristic_name.get(v.characteristic_id or 0), "value": v.value,
                "passed": v.passed,
            } for v in values.get(i.id, [])],
        } for i in inspections],
        "lots": [{
            "lot_no": lot.lot_no, "qty": lot.qty, "shipped_at": _iso(lot.shipped_at),
            "qty_accepted": lot.qty_accepted, "qty_rejected": lot.qty_rejected,
            "qty_reworked": lot.qty_reworked, "qty_scrapped": lot.qty_scrapped,
            "received_at": _iso(lot.received_at),
            "qty_received": lot.qty_received, "qty_concession": lot.qty_concession,
            "qty_rework_pending": lot.qty_rework_pending, "qty_returned": lot.qty_returned,
            "qty_usable": lot.qty_usable,
        } for lot in lots],
        "exceptions": [{
            "id": e.id, "kind": e.kind, "severity": e.severity, "title": e.title, "description": e.description,
            "node_seq": seq_of.get(e.milestone_id or 0), "lot_no": lot_no.get(e.lot_id or 0), "qty": e.qty,
            "opened_at": _iso(e.opened_at), "opened_by": e.opened_by,
            "acknowledged_at": _iso(e.acknowledged_at), "acknowledged_by": e.acknowledged_by,
            "resolved_at": _iso(e.resolved_at), "resolved_by": e.resolved_by, "resolution": e.resolution,
            "level": e.level,
        } for e in exceptions],
        "photo_count": photo_count or 0,
    }


OPEN_NODE_STATUSES = (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)


def _overdue_clause(today: date) -> Any:
    """An open order with a node not done whose planned date has passed."""
    return and_(
        Order.status.in_(OPEN_ORDER_STATUSES),
        exists().where(
            Milestone.order_id == Order.id,
            Milestone.status.in_(OPEN_NODE_STATUSES),
            Milestone.planned_date < today,
        ),
    )


async def list_orders(
    session: AsyncSession,
    *,
    status: str | None = None,
    supplier: str | None = None,
    overdue: bool | None = None,
    limit: int = 100,
    offset: int = 0,
    today: date | None = None,
    supplier_ids: frozenset[int] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """A page of orders by due date, with each one's current node, and the total matching.

    `status="open"` means released, in progress or shipped. `overdue` and the rows'
    overdue flags need `today`, the service's local date. `supplier_ids`: only those
    suppliers' orders (a staff person's scope); None: every supplier's.
    """
    if overdue is not None and today is None:
        raise ValueError("the overdue filter needs today's date")
    filters: list[Any] = [] if supplier_ids is None else [Order.supplier_id.in_(sorted(supplier_ids))]
    if status == "open":
        filters.append(Order.status.in_(OPEN_ORDER_STATUSES))
    elif status:
        filters.append(Order.status == status)
    if supplier:
        filters.append(or_(Supplier.code == supplier, Supplier.name == supplier))
    if overdue is not None and today is not None:
        clause = _overdue_clause(today)
        filters.append(clause if overdue else ~clause)
    counted = select(func.count(Order.id)).join(Supplier, Order.supplier_id == Supplier.id).where(*filters)
    total = await session.scalar(counted) or 0
    query = (
        select(Order, Supplier, Person)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .outerjoin(Person, Order.buyer_id == Person.id)
        .where(*filters)
        .order_by(Order.due_date, Order.po)
        .limit(limit)
        .offset(offset)
    )
    page = (await session.execute(query)).all()
    open_nodes: dict[int, list[Milestone]] = {}
    if page:
        for milestone in (await session.scalars(
            select(Milestone).where(
                Milestone.order_id.in_([order.id for order, _, _ in page]),
                Milestone.status.in_(OPEN_NODE_STATUSES),
            ).order_by(Milestone.order_id, Milestone.seq)
        )).all():
            open_nodes.setdefault(milestone.order_id, []).append(milestone)
    rows: list[dict[str, Any]] = []
    for order, found_supplier, buyer in page:
        nodes = open_nodes.get(order.id, [])
        row = order_row(order, found_supplier, buyer)
        row["current_node"] = milestone_row(nodes[0]) if nodes else None
        if today is not None:
            row["overdue"] = order.status in OPEN_ORDER_STATUSES and any(m.planned_date < today for m in nodes)
        rows.append(row)
    return rows, total
