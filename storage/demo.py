"""Realistic demo data: a few suppliers, their contacts, the chat groups, and about thirty
orders in every state, so the dashboard and the bot have something to show on day one.

Dates are placed around today, so the demo always has nodes due today, overdue and done.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ChatIdentity,
    ExceptionTicket,
    Inspection,
    InspectionValue,
    Lot,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Order,
    OrderStatus,
    Person,
    ProgressReport,
    Role,
    Supplier,
)
from storage.order_intake import CharacteristicDraft, OrderDraft, create_orders

SUPPLIERS: list[dict[str, Any]] = [
    {"code": "HD", "name": "华达精密", "timezone": "Asia/Shanghai", "language": "zh", "process": "stamping",
     "part": ("BRK-2201", "冲压支架")},
    {"code": "XY", "name": "鑫源电子", "timezone": "Asia/Shanghai", "language": "zh", "process": "smt",
     "part": ("PCBA-7710", "控制板 PCBA")},
    {"code": "HT", "name": "恒通机械", "timezone": "Asia/Shanghai", "language": "zh", "process": "machining",
     "part": ("SFT-3305", "传动轴")},
    {"code": "MH", "name": "明辉表面处理", "timezone": "Asia/Shanghai", "language": "zh", "process": "plating",
     "part": ("HSG-1108", "镀锌外壳")},
    {"code": "APX", "name": "Apex Coating", "timezone": "Europe/Berlin", "language": "en", "process": "coating",
     "part": ("CVR-5002", "Powder-coated cover")},
]

SIMULATOR_PERSONAS: list[dict[str, Any]] = [
    {"key": "supplier-huada", "name": "王工", "role": "supplier", "role_label": "供应商 华达精密 / supplier",
     "supplier": "HD", "chat_id": "sim-huada", "chat_title": "华达精密 外协群", "chat_kind": "group",
     "user_id": "sim-wang", "language": "zh"},
    {"key": "supplier-xinyuan", "name": "赵经理", "role": "supplier", "role_label": "供应商 鑫源电子 / supplier",
     "supplier": "XY", "chat_id": "sim-xinyuan", "chat_title": "鑫源电子 外协群", "chat_kind": "group",
     "user_id": "sim-zhao", "language": "zh"},
    {"key": "supplier-apex", "name": "Tom", "role": "supplier", "role_label": "supplier Apex Coating",
     "supplier": "APX", "chat_id": "sim-apex", "chat_title": "Apex Coating group", "chat_kind": "group",
     "user_id": "sim-tom", "language": "en"},
    {"key": "buyer", "name": "李娟", "role": "buyer", "role_label": "采购跟单 / buyer",
     "chat_id": "sim-buyers", "chat_title": "采购跟单群", "chat_kind": "group", "user_id": "sim-lijuan",
     "language": "zh"},
    {"key": "qc", "name": "张伟", "role": "qc", "role_label": "质检 / QC",
     "chat_id": "sim-qc", "chat_title": "质检群", "chat_kind": "group", "user_id": "sim-zhangwei", "language": "zh"},
    {"key": "manager", "name": "陈总", "role": "manager", "role_label": "负责人 / manager",
     "chat_id": "sim-managers", "chat_title": "管理层群", "chat_kind": "group", "user_id": "sim-chen",
     "language": "zh"},
]

_BINDING_ROLE = {"supplier": BindingRole.SUPPLIER, "buyer": BindingRole.BUYERS, "qc": BindingRole.QC,
                 "manager": BindingRole.MANAGERS}
_PERSON_ROLE = {"supplier": Role.SUPPLIER, "buyer": Role.BUYER, "qc": Role.QC, "manager": Role.MANAGER}
DELAY_REASONS = ["钢材没到", "设备故障", "模具维修", "订单插单", "电镀线排产满", "物料质量问题"]


async def seed_demo_data(database: Database, zone: tzinfo, *, now: datetime, seed: int = 7) -> str | None:
    """Fill an empty database with demo data, dated around `now` in the plant's time `zone`;
    returns a summary, or None when data exists."""
    async with database.write() as session:
        if await session.scalar(select(func.count()).select_from(Supplier)):
            return None
        counts = await _seed(session, now, zone, random.Random(seed))
    return ", ".join(f"{n} {what}" for what, n in counts.items())


async def _seed(session: AsyncSession, now: datetime, zone: tzinfo, rng: random.Random) -> dict[str, int]:
    suppliers: dict[str, Supplier] = {}
    for item in SUPPLIERS:
        supplier = Supplier(code=item["code"], name=item["name"], timezone=item["timezone"],
                            language=item["language"], created_at=now)
        session.add(supplier)
        suppliers[item["code"]] = supplier
    await session.flush()
    people = await _seed_people(session, suppliers, now)
    today = now.astimezone(zone).date()
    drafts = _order_drafts(today, rng, people["buyer"].name)
    orders = await create_orders(session, drafts, actor="demo", now=now, today=today)
    await _advance_orders(session, orders, today, now, zone, rng)
    return {"suppliers": len(suppliers), "people": len(people), "orders": len(orders)}


async def _seed_people(session: AsyncSession, suppliers: dict[str, Supplier], now: datetime) -> dict[str, Person]:
    people: dict[str, Person] = {}
    admin = Person(name="系统管理员", role=Role.ADMIN.value, created_at=now)
    session.add(admin)
    for persona in SIMULATOR_PERSONAS:
        supplier = suppliers.get(persona.get("supplier", ""))
        person = Person(name=persona["name"], role=_PERSON_ROLE[persona["role"]].value,
                        supplier_id=supplier.id if supplier else None, language=persona["language"], created_at=now)
        session.add(person)
        await session.flush()
        session.add(ChatIdentity(person_id=person.id, platform="simulator", user_id=persona["user_id"]))
        session.add(ChatBinding(platform="simulator", chat_id=persona["chat_id"], chat_kind=persona["chat_kind"],
                                role=_BINDING_ROLE[persona["role"]].value,
                                supplier_id=supplier.id if supplier else None, title=persona["chat_title"],
                                language=persona["language"], bound_by_person_id=admin.id, created_at=now))
        people[persona["role"] if persona["role"] != "supplier" else persona["key"]] = person
    await session.flush()
    return people


def _order_drafts(today: date, rng: random.Random, buyer: str) -> list[OrderDraft]:
    drafts = [OrderDraft(
        po="PO-1001", supplier="HD", part_no="BRK-2201", part_name="冲压支架", process="stamping", quantity=2000,
        unit="件", release_date=today - timedelta(days=3), due_date=today + timedelta(days=14), priority="normal",
        buyer=buyer, notes="演示订单：当前节点为原材料到位",
        inspection=[CharacteristicDraft("孔径 Ø", 50.0, 0.05, 0.05, "mm"),
                    CharacteristicDraft("厚度", 2.0, 0.1, 0.1, "mm"),
                    CharacteristicDraft("外观无毛刺", kind="passfail")],
    )]
    number = 1002
    for index in range(29):
        item = SUPPLIERS[index % len(SUPPLIERS)]
        age = rng.randint(-2, 40)
        length = rng.randint(14, 35)
        release = today - timedelta(days=age)
        drafts.append(OrderDraft(
            po=f"PO-{number}", supplier=item["code"], part_no=item["part"][0], part_name=item["part"][1],
            process=item["process"], quantity=rng.choice([200, 500, 1000, 1200, 2000, 5000]), unit="件",
            release_date=release, due_date=release + timedelta(days=length),
            priority="urgent" if index % 9 == 4 else ("high" if index % 7 == 3 else "normal"), buyer=buyer,
            inspection=[CharacteristicDraft("关键尺寸", 25.0, 0.05, 0.05, "mm"), CharacteristicDraft("外观", kind="passfail")],
        ))
        number += 1
    return drafts


async def _advance_orders(session: AsyncSession, orders: list[Order], today: date, now: datetime,
                          zone: tzinfo, rng: random.Random) -> None:
    """Play history forward: done nodes, reports, a few delays, lots, inspections, defects."""
    orders_by_id = {o.id: o for o in orders}
    milestones = (await session.execute(
        select(Milestone).where(Milestone.order_id.in_(orders_by_id)).order_by(Milestone.order_id, Milestone.seq)
    )).scalars().all()
    by_order: dict[int, list[Milestone]] = {}
    for milestone in milestones:
        by_order.setdefault(milestone.order_id, []).append(milestone)
    reporter = {s["code"]: ("王工" if s["code"] == "HD" else "供应商") for s in SUPPLIERS}
    for order in orders[1:]:
        plan = by_order[order.id]
        behaviour = rng.random()
        for milestone in plan:
            if milestone.planned_date > today:
                if milestone.planned_date <= today + timedelta(days=3) and rng.random() < 0.5:
                    milestone.status = MilestoneStatus.IN_PROGRESS.value
                    milestone.percent = float(rng.choice([20, 40, 60]))
                break
            late = behaviour > 0.8 and milestone.planned_date >= today - timedelta(days=4)
            if late:
                if rng.random() < 0.5:
                    await _delay(session, order, milestone, today, now, rng)
                break
            slip = rng.choice([0, 0, 0, 0, 1, 2]) if behaviour > 0.55 else 0
            done_day = min(today, milestone.planned_date + timedelta(days=slip))
            done_at = datetime.combine(done_day, time(rng.randint(8, 17), rng.randint(0, 59)), zone)
            _complete(session, order, milestone, done_at, reporter.get(order.po[:2], "供应商"))
            if milestone.node == "final_inspection":
                await _inspect(session, order, milestone, done_at, rng)
            if milestone.node == "shipped":
                session.add(Lot(order_id=order.id, lot_no=f"L{done_day:%y%m}-{order.id:02d}", qty=order.quantity,
                                shipped_at=done_at, qty_accepted=0))
                order.status = OrderStatus.SHIPPED.value
            if milestone.node == "received":
                order.status = OrderStatus.ACCEPTED.value
                order.accepted_at = done_at
        if order.status == OrderStatus.RELEASED.value and any(m.status != MilestoneStatus.PENDING for m in plan):
            order.status = OrderStatus.IN_PROGRESS.value
    await session.flush()


def _complete(session: AsyncSession, order: Order, milestone: Milestone, done_at: datetime, who: str) -> None:
    milestone.status = MilestoneStatus.DONE.value
    milestone.percent = 100.0
    milestone.qty_done = order.quantity
    milestone.done_at = done_at
    milestone.updated_at = done_at
    session.add(ProgressReport(order_id=order.id, milestone_id=milestone.id, kind="progress", reporter=who,
                               platform="simulator", reported_at=done_at, text="完成", percent=100.0, details={}))


async def _delay(session: AsyncSession, order: Order, milestone: Milestone, today: date, now: datetime,
                 rng: random.Random) -> None:
    reason = rng.choice(DELAY_REASONS)
    new_date = milestone.planned_date + timedelta(days=rng.randint(2, 5))
    session.add(MilestoneChange(milestone_id=milestone.id, at=now - timedelta(hours=rng.randint(2, 30)),
                                actor="供应商", field="planned_date", old_value=milestone.planned_date.isoformat(),
                                new_value=new_date.isoformat(), reason=reason, source="chat",
                                reason_key=reason))  # the demo's reasons date nothing: each is its own key
    session.add(ProgressReport(order_id=order.id, milestone_id=milestone.id, kind="delay", reporter="供应商",
                               platform="simulator", reported_at=now - timedelta(hours=3),
                               text=f"延期到{new_date.month}月{new_date.day}号 {reason}", details={"reason": reason}))
    milestone.planned_date = new_date
    session.add(ExceptionTicket(order_id=order.id, milestone_id=milestone.id, kind="delay", severity="medium",
                                title=f"{order.po} 延期: {reason}", description=reason, opened_at=now - timedelta(hours=3),
                                opened_by="供应商", level=1, next_escalation_at=now + timedelta(hours=4),
                                dedupe_key=f"delay:{milestone.id}"))


async def _inspect(session: AsyncSession, order: Order, milestone: Milestone, at: datetime,
                   rng: random.Random) -> None:
    failed = rng.random() < 0.15
    inspection = Inspection(order_id=order.id, milestone_id=milestone.id, inspected_at=at, inspector="供应商质检",
                            verdict="fail" if failed else "pass", qty_inspected=order.quantity,
                            qty_accepted=order.quantity - (20 if failed else 0), qty_rejected=20 if failed else 0)
    session.add(inspection)
    await session.flush()
    for value in (25.01, 24.98, 25.08 if failed else 25.02):
        session.add(InspectionValue(inspection_id=inspection.id, value=value, passed=abs(value - 25.0) <= 0.05))
    if failed:
        session.add(ExceptionTicket(order_id=order.id, milestone_id=milestone.id, kind="inspection_failed",
                                    severity="high", title=f"{order.po} 终检不合格: 关键尺寸超差", qty=20,
                                    opened_at=at, opened_by="供应商质检", level=1, acknowledged_at=at + timedelta(hours=2),
                                    acknowledged_by="张伟", dedupe_key=f"inspection:{inspection.id}"))
