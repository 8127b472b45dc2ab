"""The buyer's records by REST — receipts, incoming inspections, returns, changes, close and
cancel — over a real aiohttp server, on both engines; the supplier's chat hears of them
through the outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.intake_cli import export_file
from bot.settings import load_settings
from handlers.materials import material_trace
from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    Lot,
    Milestone,
    Order,
    OrderChange,
    OutboxMessage,
    Receipt,
)
from storage.order_queries import find_order

AUTH = {"Authorization": "Bearer t"}
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, clock: FakeClock) -> TestClient[Any, Any]:
    settings = load_settings(database_url=database.url, api_token="t", language="zh")
    client = await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))
    assert (await client.post("/api/v1/suppliers", headers=AUTH, json={"code": "HD", "name": "华达冲压"})).status == 201
    response = await client.post("/api/v1/orders", headers=AUTH, json={
        "po": "PO-1001", "supplier": "HD", "part_no": "BRK-100", "process": "stamping", "quantity": 1000,
        "unit": "pcs", "release_date": "2026-11-20", "due_date": "2026-12-20"})
    assert response.status == 201, await response.text()
    async with database.write() as session:
        order = (await session.execute(select(Order).where(Order.po == "PO-1001"))).scalar_one()
        session.add(ChatBinding(platform="telegram", chat_id="-1001", role=BindingRole.SUPPLIER.value,
                                supplier_id=order.supplier_id, language="zh", created_at=clock.now()))
        session.add(Lot(order_id=order.id, lot_no="L1", qty=600, shipped_at=datetime(2026, 11, 23, tzinfo=UTC)))
        session.add(Lot(order_id=order.id, lot_no="L2", qty=400, shipped_at=datetime(2026, 11, 23, tzinfo=UTC)))
    return client


async def supplier_chat(database: Database) -> list[str]:
    async with database.read() as session:
        return [row.payload["text"] for row in (await session.execute(
            select(OutboxMessage).where(OutboxMessage.chat_id == "-1001").order_by(OutboxMessage.id))).scalars()]


async def count(database: Database, model: type) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_receipt_inspection_and_acceptance_by_rest(client: TestClient[Any, Any], database: Database) -> None:
    url = "/api/v1/orders/PO-1001"
    over = await client.post(f"{url}/receipts", headers=AUTH, json={"lot": "L1", "qty": 610})
    assert over.status == 409
    body = await over.json()
    assert body["confirm_needed"] is True and "多收 10" in body["message"]
    assert await count(database, Receipt) == 0

    ok = await client.post(f"{url}/receipts", headers=AUTH, json={"lot": "L1", "qty": 600})
    assert ok.status == 201
    assert (await ok.json())["difference"] == 0
    short = await client.post(f"{url}/receipts", headers={**AUTH, "Accept-Language": "en"}, json={"lot": "L2", "qty": 390})
    assert "10 short of the quantity shipped" in (await short.json())["message"]

    wrong = await client.post(f"{url}/inspections", headers=AUTH, json={"lot": "L1", "accepted": 590})
    assert wrong.status == 400
    assert "合格590 = 590" in (await wrong.json())["message"] and "待检 600" in (await wrong.json())["message"]
    bad = await client.post(f"{url}/inspections", headers=AUTH, json={"lot": "L1", "accepted": "many"})
    assert bad.status == 400 and (await bad.json())["errors"][0]["field"] == "accepted"

    done = await client.post(f"{url}/inspections", headers=AUTH,
                             json={"lot": "L1", "accepted": 590, "concession": 10})
    assert done.status == 201 and (await done.json())["order_accepted"] == 600
    second = await client.post(f"{url}/inspections", headers=AUTH, json={"lot": "L2", "accepted": 390})
    assert (await second.json())["order_accepted"] == 990
    await client.post(f"{url}/receipts", headers=AUTH, json={"lot": "L2", "qty": 10})
    last = await client.post(f"{url}/inspections", headers=AUTH, json={"lot": "L2", "accepted": 10})
    assert (await last.json())["order_status"] == "accepted"
    assert (await (await client.get(url, headers=AUTH)).json())["status"] == "accepted"
    assert (await supplier_chat(database))[-1].startswith("【验收完成】PO-1001")

    late = await client.patch(url, headers=AUTH, json={"due_date": "2026-12-30", "reason": "晚了"})
    assert late.status == 409 and "不能再登记订单变更" in (await late.json())["message"]


async def test_patch_changes_the_order_with_history_and_moves_the_plan(
    client: TestClient[Any, Any], database: Database,
) -> None:
    url = "/api/v1/orders/PO-1001"
    before = await client.patch(url, headers=AUTH, json={"due_date": "2026-11-01"})
    assert before.status == 400 and "不能早于下单日期 2026-11-20" in (await before.json())["message"]
    unknown = await client.patch(url, headers=AUTH, json={"supplier": "XY"})
    assert unknown.status == 400 and (await unknown.json())["errors"][0]["field"] == "supplier"

    response = await client.patch(url, headers=AUTH, json={"due_date": "2026-12-27", "priority": "urgent",
                                                           "reason": "客户提前要货"})
    assert response.status == 200, await response.text()
    async with database.read() as session:
        order = (await session.execute(select(Order).where(Order.po == "PO-1001"))).scalar_one()
        assert (order.due_date.isoformat(), order.priority) == ("2026-12-27", "urgent")
        changes = (await session.execute(select(OrderChange).order_by(OrderChange.id))).scalars().all()
        assert [(c.field, c.old_value, c.new_value, c.reason, c.actor, c.source) for c in changes] == [
            ("priority", "normal", "urgent", "客户提前要货", "api", "api"),
            ("due_date", "2026-12-20", "2026-12-27", "客户提前要货", "api", "api")]
        nodes = (await session.execute(select(Milestone).where(Milestone.order_id == order.id)
                                       .order_by(Milestone.seq))).scalars().all()
        assert nodes[-1].planned_date.isoformat() == "2026-12-27"
        assert all(m.planned_date > m.original_planned_date for m in nodes)
    [told] = await supplier_chat(database)
    assert told == "【订单变更】PO-1001：优先级 普通 → 特急，交期 12-20 → 12-27（原因：客户提前要货）。请按新要求安排。"

    no_reason = await client.delete(url, headers=AUTH)
    assert no_reason.status == 400
    gone = await client.delete(url, headers=AUTH, json={"reason": "设计变更"})
    assert gone.status == 200 and (await gone.json())["status"] == "cancelled"
    assert (await supplier_chat(database))[-1] == "【订单作废】PO-1001 已作废，请停止生产和发货。原因：设计变更"
    missing = await client.post("/api/v1/orders/PO-9999/receipts", headers=AUTH, json={"qty": 1})
    assert missing.status == 404


async def test_materials_issued_by_rest_trace_to_a_lot(
    client: TestClient[Any, Any], database: Database, tmp_path: Path,
) -> None:
    url = "/api/v1/orders/PO-1001/materials"
    bad = await client.post(url, headers=AUTH, json={"material": "钢板Q235", "qty": "lots"})
    assert bad.status == 400 and (await bad.json())["errors"][0]["field"] == "qty"
    unknown_lot = await client.post(url, headers=AUTH, json={"material": "钢板Q235", "qty": 5, "lot": "L9"})
    assert unknown_lot.status == 404
    whole = await client.post(url, headers=AUTH, json={"material": "钢板Q235", "batch": "H2311", "qty": 1050.5,
                                                        "unit": "kg"})
    assert whole.status == 201, await whole.text()
    extra = await client.post(url, headers=AUTH, json={"material": "钢板Q235", "batch": "H2312", "qty": 20, "unit": "kg",
                                                        "kind": "supplement", "lot": "L2"})
    assert (await extra.json())["lot_no"] == "L2"
    assert (await supplier_chat(database))[0].startswith("【发料】PO-1001：钢板Q235 1050.5kg，炉号/批号 H2311 已发出")
    async with database.read() as session:
        trace = await material_trace(session, await find_order(session, "PO-1001"))
    assert trace["lots"] == {"L1": ["钢板Q235 H2311"], "L2": ["钢板Q235 H2311", "钢板Q235 H2312"]}

    # the export's second sheet traces each lot to its batches (the first still re-imports)
    path = tmp_path / "orders.xlsx"
    assert await export_file(load_settings(database_url=database.url, api_token="t"), path, out=lambda _: None) == 0
    sheet = load_workbook(path)["批次追溯 Lot trace"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["PO号 / PO No.", "批次 / Lot"]
    assert [(r[0], r[1], r[-1]) for r in rows[1:]] == [
        ("PO-1001", "L1", "钢板Q235 H2311"), ("PO-1001", "L2", "钢板Q235 H2311；钢板Q235 H2312")]
