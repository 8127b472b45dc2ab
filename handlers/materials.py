"""Materials issued to the supplier for an order or one of its lots (委外领料 / 补料 / 退料).

The supplier is told at once and asked to confirm; its `料收到了` is an ordinary report of the
`material_ready` node, so an issue counts as confirmed once that node is done after it. A lot
traces back to the batches issued for the whole order and those issued for it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.receiving import Actor, Outcome, ended_refusal, lot_named, lots_of, supplier_notices
from handlers.texts.receiving import say
from storage.models import Lot, MaterialIssue, MilestoneStatus, Order

KINDS = ("issue", "supplement", "return")
_MATERIAL_RECEIVED = re.compile(r"(?:原?材?料|来料|物料|钢板|钢材)\s*(?:已经?|都)?\s*(?:收到|到了|收齐|到齐)|收到\s*(?:原?材?料|来料|物料)"
                                r"|material\s+(?:received|arrived|in)", re.IGNORECASE)


def says_material_received(text: str) -> bool:
    """`料收到了`, `材料已收到`, `收到料了`, `material received`: the supplier confirms the material
    issued to it, which is the `material_ready` node, not the buyer's `received` (到货验收)."""
    return _MATERIAL_RECEIVED.search(text or "") is not None


def _amount(qty: float) -> str:
    return f"{qty:g}"


async def issue_material(
    session: AsyncSession, order: Order, *, kind: str, material: str, batch: str, qty: float, unit: str,
    lot_no: str | None, actor: Actor, now: datetime,
) -> Outcome:
    language = actor.language
    if (ended := ended_refusal(order, actor, "material")) is not None:
        return ended
    if kind not in KINDS:
        return Outcome.refused(say("material_help", language, po=order.po))
    if not material.strip() or qty <= 0:
        return Outcome.refused(say("material_help", language, po=order.po))
    lot: Lot | None = None
    if lot_no:
        lots = await lots_of(session, order)
        lot = lot_named(lots, lot_no)
        if lot is None:
            return Outcome.refused(say("lot_unknown", language, po=order.po, lot=lot_no,
                                       lots=", ".join(x.lot_no for x in lots) or "—"), 404)
    record = MaterialIssue(order_id=order.id, lot_id=lot.id if lot else None, kind=kind, material=material.strip()[:120],
                           batch_no=batch.strip()[:60], qty=qty, unit=unit.strip()[:16], issued_at=now,
                           issued_by=actor.label[:120], source=actor.source)
    session.add(record)
    await session.flush()

    def words(lang: str) -> dict[str, Any]:
        return dict(po=order.po, kind=say(f"kind.{kind}", lang), material=record.material, qty=_amount(qty),
                    unit=record.unit if lang.startswith("zh") else record.unit,
                    batch=say("batch_part", lang, batch=record.batch_no) if record.batch_no else "",
                    lot=say("lot_part", lang, lot=lot.lot_no) if lot else "")

    notices = await supplier_notices(session, order, lambda lang: say("supplier_material", lang, **words(lang)),
                                     actor.ladder.language)
    return Outcome(True, say("material_issued", language, **words(language)), notices=notices,
                   data={"material_issue_id": record.id, "material": record.material, "batch": record.batch_no,
                         "qty": qty, "unit": record.unit, "kind": kind, "lot_no": lot.lot_no if lot else None})


async def material_trace(session: AsyncSession, order: Order) -> dict[str, Any]:
    """The order's issues (each with `confirmed`), and per lot number the batches it traces to."""
    issues = list((await session.execute(
        select(MaterialIssue).where(MaterialIssue.order_id == order.id).order_by(MaterialIssue.issued_at,
                                                                                  MaterialIssue.id)
    )).scalars())
    lots = await lots_of(session, order)
    lot_no = {lot.id: lot.lot_no for lot in lots}
    ready = next((m for m in order.milestones if m.node == "material_ready"), None)
    done_at = ready.done_at if ready is not None and ready.status == MilestoneStatus.DONE.value else None
    rows = [{
        "kind": i.kind, "material": i.material, "batch": i.batch_no, "qty": i.qty, "unit": i.unit,
        "lot_no": lot_no.get(i.lot_id or 0), "issued_at": i.issued_at.isoformat(), "issued_by": i.issued_by,
        "confirmed": done_at is not None and done_at >= i.issued_at,
    } for i in issues]
    whole_order = [r for r in rows if r["lot_no"] is None and r["kind"] != "return"]
    by_lot = {lot.lot_no: whole_order + [r for r in rows if r["lot_no"] == lot.lot_no and r["kind"] != "return"]
              for lot in lots}
    return {"issues": rows, "lots": {no: sorted({f"{r['material']} {r['batch']}".strip() for r in found})
                                     for no, found in by_lot.items()}}


async def lot_trace_rows(session: AsyncSession) -> list[dict[str, Any]]:
    """Every lot with its quantities and the material batches it traces to, for the export."""
    lots = (await session.execute(select(Lot, Order.po).join(Order, Order.id == Lot.order_id)
                                  .order_by(Order.po, Lot.shipped_at, Lot.id))).all()
    issues = list((await session.execute(
        select(MaterialIssue).where(MaterialIssue.kind != "return").order_by(MaterialIssue.issued_at, MaterialIssue.id)
    )).scalars())
    rows = []
    for lot, po in lots:
        mine = [i for i in issues if i.order_id == lot.order_id and i.lot_id in (None, lot.id)]
        batches = sorted({f"{i.material} {i.batch_no}".strip() for i in mine})
        rows.append({"po": po, "lot_no": lot.lot_no, "qty": lot.qty, "qty_received": lot.qty_received,
                     "qty_accepted": lot.qty_accepted, "qty_rejected": lot.qty_rejected,
                     "qty_reworked": lot.qty_reworked, "qty_scrapped": lot.qty_scrapped,
                     "qty_returned": lot.qty_returned, "qty_usable": lot.qty_usable, "batches": "；".join(batches)})
    return rows
