"""One door for the buyer's records on an order from the web — the REST API and the order
page both come here: the fields are checked, the record is made by the same handlers the
chat uses, and the notices for the supplier's chat go into the outbox in the same
transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from handlers.access import Act
from handlers.materials import KINDS, issue_material
from handlers.order_changes import Change, cancel, change_order, close_short
from handlers.receiving import DISPOSITIONS, Actor, Outcome, inspect_lot, queue_notices, receive, return_goods
from handlers.texts.receiving import say
from storage.models import Lot, NodeCode, Priority
from storage.order_queries import find_order

# what each action changes, in the one vocabulary of rights (handlers.access.MAY)
ACTION_ACTS: dict[str, Act] = {"receipt": Act.RECEIVE, "inspection": Act.INSPECT, "return": Act.RETURN_GOODS,
                               "close_short": Act.CLOSE_ORDER, "cancel": Act.CLOSE_ORDER, "change": Act.CHANGE_ORDER,
                               "material": Act.ISSUE_MATERIAL}
ACTIONS = frozenset({"receipt", "inspection", "return", "close_short", "cancel", "change", "material"})


@dataclass
class ActionError(Exception):
    """A field of the request that cannot be read; nothing was written."""

    field: str
    zh: str
    en: str


def _count(body: dict[str, Any], name: str, *, required: bool = False) -> int:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise ActionError(name, "必填", "required")
        return 0
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise ActionError(name, f"必须是非负整数，收到 {value!r}", f"must be a whole number ≥ 0, not {value!r}")
    return int(str(value).strip())


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ActionError(name, "必须是文字", "must be text")
    return value.strip()[:2000]


def _day(value: Any, name: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ActionError(name, f"日期格式应为 YYYY-MM-DD，收到 {value!r}", f"a date is YYYY-MM-DD, not {value!r}") from None


def _amount(body: dict[str, Any], name: str) -> float:
    value = body.get(name)
    try:
        number = float(str(value).strip())
    except ValueError:
        number = -1.0
    if isinstance(value, bool) or value is None or not number > 0 or number != number or number > 1e12:
        raise ActionError(name, f"必须是正数，收到 {value!r}", f"must be a positive number, not {value!r}")
    return number


def _material(body: dict[str, Any]) -> dict[str, Any]:
    kind = _text(body, "kind") or "issue"
    if kind not in KINDS:
        raise ActionError("kind", f"只能是 {'、'.join(KINDS)}", f"one of {', '.join(KINDS)}")
    material = _text(body, "material")
    if not material:
        raise ActionError("material", "必填", "required")
    return dict(kind=kind, material=material[:120], batch=_text(body, "batch")[:60], qty=_amount(body, "qty"),
                unit=_text(body, "unit")[:16])


def _change(body: dict[str, Any]) -> Change:
    known = {"quantity", "due_date", "priority", "nodes", "reason"}
    unknown = sorted(set(body) - known)
    if unknown:
        raise ActionError(unknown[0], f"不能修改，可改：{', '.join(sorted(known))}",
                          f"cannot be changed; these can: {', '.join(sorted(known))}")
    priority = body.get("priority")
    if priority not in (None, "") and priority not in {p.value for p in Priority}:
        raise ActionError("priority", "只能是 normal、high 或 urgent", "must be normal, high or urgent")
    nodes = body.get("nodes") or {}
    if not isinstance(nodes, dict):
        raise ActionError("nodes", "必须是 {节点: 日期}", "must be an object {node: date}")
    codes = {n.value for n in NodeCode}
    for node in nodes:
        if node not in codes:
            raise ActionError(f"nodes.{node}", f"没有这个节点，可用：{', '.join(sorted(codes))}",
                              f"no such node; one of {', '.join(sorted(codes))}")
    return Change(
        quantity=_count(body, "quantity") if body.get("quantity") not in (None, "") else None,
        due_date=_day(body["due_date"], "due_date") if body.get("due_date") else None,
        priority=priority or None,
        nodes=tuple((node, _day(day, f"nodes.{node}")) for node, day in nodes.items() if day),
        reason=_text(body, "reason"),
    )


async def record_action(
    services: Services, po: str, action: str, body: dict[str, Any], *, language: str, actor_label: str,
    source: str, person_id: int | None = None, may_see: Callable[[int], bool] = lambda _supplier_id: True,
) -> Outcome:
    """Check, record and queue the notices of one action on order `po`; never writes half of it.
    An order of a supplier outside the caller's scope (`may_see`) is not found."""
    if action not in ACTIONS:
        raise ActionError("action", "未知操作", "unknown action")
    change = _change(body) if action == "change" else None
    quantities = {name: _count(body, name) for name in DISPOSITIONS} if action == "inspection" else {}
    qty = _count(body, "qty", required=True) if action in ("receipt", "return") else 0
    material = _material(body) if action == "material" else None
    lot = _text(body, "lot") or None
    reason = _text(body, "reason")
    confirmed = body.get("confirm") in (True, "true", "1", "on", "yes")
    actor = Actor(label=actor_label[:120], person_id=person_id, language=language, source=source,
                  ladder=services.ladder)
    now = services.clock.now()
    try:
        async with services.database.write() as session:
            return await _apply(session, po, action, actor, now, may_see, lot=lot, qty=qty, reason=reason,
                                confirmed=confirmed, quantities=quantities, change=change, note=_text(body, "note"),
                                material=material)
    except _Refused as refused:
        return refused.outcome


class _Refused(Exception):
    """Rolls the transaction back: a refusal writes nothing, not even a lot it created on the way."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome


async def _apply(
    session: AsyncSession, po: str, action: str, actor: Actor, now: datetime, may_see: Callable[[int], bool], *,
    lot: str | None, qty: int,
    reason: str, confirmed: bool, quantities: dict[str, int], change: Change | None, note: str,
    material: dict[str, Any] | None,
) -> Outcome:
    order = await find_order(session, po)
    if order is None or not may_see(order.supplier_id):
        raise _Refused(Outcome.refused(say("not_found", actor.language, po=po), 404))
    match action:
        case "receipt":
            outcome = await receive(session, order, lot, qty, actor, now, confirmed=confirmed, note=note)
        case "inspection":
            outcome = await inspect_lot(session, order, lot, quantities, actor, now)
        case "return":
            outcome = await return_goods(session, order, lot, qty, reason, actor, now)
        case "close_short":
            outcome = await close_short(session, order, reason, actor, now)
        case "cancel":
            outcome = await cancel(session, order, reason, actor, now)
        case "material":
            assert material is not None
            outcome = await issue_material(session, order, lot_no=lot, actor=actor, now=now, **material)
        case _:
            assert change is not None
            accepted = int(await session.scalar(
                select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == order.id)) or 0)
            outcome = await change_order(session, order, change, actor, now, accepted=accepted)
    if not outcome.ok:
        raise _Refused(outcome)
    await queue_notices(session, outcome, f"{actor.source}:{action}:{order.id}:{now.isoformat()}", now)
    return outcome
