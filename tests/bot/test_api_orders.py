"""The REST API for orders and suppliers, over a real aiohttp server, on both engines."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import load_settings
from storage.db import Database
from storage.models import Milestone, Order, Supplier

AUTH = {"Authorization": "Bearer t"}
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, clock: FakeClock) -> TestClient[Any, Any]:
    settings = load_settings(database_url=database.url, api_token="t", language="zh")
    return await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))


@pytest.fixture
async def suppliers(client: TestClient[Any, Any]) -> None:
    response = await client.post("/api/v1/suppliers", headers=AUTH, json=[
        {"code": "HD", "name": "华达冲压"}, {"code": "XY", "name": "鑫源电子", "language": "zh"},
    ])
    assert response.status == 201, await response.text()


def an_order(po: str = "PO-1001", **changes: Any) -> dict[str, Any]:
    return {"po": po, "supplier": "HD", "part_no": "BRK-100", "part_name": "支架", "process": "stamping",
            "quantity": 2000, "unit": "pcs", "release_date": "2026-11-20", "due_date": "2026-12-20",
            "priority": "high", "notes": "首批", **changes}


async def count(database: Database, model: type) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_an_order_created_by_api_reads_back_whole(client: TestClient[Any, Any], suppliers: None) -> None:
    order = an_order(inspection=[{"name": "孔径", "nominal": 10, "tol_minus": 0.05, "tol_plus": 0.1, "unit": "mm"},
                                 {"name": "外观", "kind": "passfail"}])
    response = await client.post("/api/v1/orders", headers=AUTH, json=order)
    assert response.status == 201
    assert response.headers["Location"] == "/api/v1/orders/PO-1001"
    [created] = (await response.json())["items"]
    assert (created["po"], created["po_key"], created["priority"], created["status"]) == (
        "PO-1001", "1001", "high", "released")
    assert [m["planned_date"] for m in created["milestones"]][-1] == "2026-12-20"

    response = await client.get("/api/v1/orders/po1001", headers=AUTH)
    assert response.status == 200
    detail = await response.json()
    assert detail["supplier"]["name"] == "华达冲压" and detail["part_name"] == "支架"
    assert [m["node"] for m in detail["milestones"]] == [
        "material_ready", "first_process", "in_process", "final_inspection", "shipped", "received"]
    assert [c["name"] for c in detail["inspection_plan"]] == ["孔径", "外观"]
    assert detail["reports"] == detail["inspections"] == detail["lots"] == detail["exceptions"] == []
    assert detail["photo_count"] == 0
    assert detail["created_at"] == "2026-11-24T02:00:00+00:00"


async def test_a_list_of_orders_is_created_and_listed(
    client: TestClient[Any, Any], suppliers: None, database: Database
) -> None:
    response = await client.post("/api/v1/orders", headers=AUTH, json=[
        an_order("PO-1", due_date="2026-11-23", release_date="2026-11-01"),
        an_order("PO-2", supplier="鑫源电子", process="SMT贴片", priority="紧急"),
    ])
    assert response.status == 201 and "Location" not in response.headers
    assert [o["po"] for o in (await response.json())["items"]] == ["PO-1", "PO-2"]
    assert await count(database, Milestone) == 12

    response = await client.get("/api/v1/orders", headers=AUTH)
    body = await response.json()
    assert body["total"] == 2 and [o["po"] for o in body["items"]] == ["PO-1", "PO-2"]
    assert [o["overdue"] for o in body["items"]] == [True, False]

    for query, expected in [("overdue=true", ["PO-1"]), ("overdue=0", ["PO-2"]), ("supplier=XY", ["PO-2"]),
                            ("status=open&limit=1&offset=1", ["PO-2"]), ("status=accepted", [])]:
        body = await (await client.get(f"/api/v1/orders?{query}", headers=AUTH)).json()
        assert [o["po"] for o in body["items"]] == expected, query


async def test_every_route_needs_the_token(client: TestClient[Any, Any]) -> None:
    for method, path in [("POST", "/api/v1/orders"), ("GET", "/api/v1/orders"), ("GET", "/api/v1/orders/PO-1"),
                         ("POST", "/api/v1/suppliers"), ("GET", "/api/v1/suppliers")]:
        response = await client.request(method, path, json={})
        assert response.status == 401, path
        wrong = await client.request(method, path, json={}, headers={"Authorization": "Bearer nope"})
        assert wrong.status == 401, path


async def test_the_api_is_off_without_a_token(aiohttp_client: ClientFactory, database: Database) -> None:
    app = build_app(load_settings(database_url=database.url), database=database, run_workers=False)
    client = await aiohttp_client(app)
    response = await client.get("/api/v1/orders", headers={"Authorization": "Bearer "})
    assert response.status == 401


async def test_a_refused_batch_lists_every_problem_and_writes_nothing(
    client: TestClient[Any, Any], suppliers: None, database: Database
) -> None:
    await client.post("/api/v1/orders", headers=AUTH, json=an_order("PO-1001"))
    response = await client.post("/api/v1/orders", headers={**AUTH, "Accept-Language": "en-US,en;q=0.9"}, json=[
        an_order("PO-2001"),
        an_order("po 1001"),
        an_order("PO-2003", supplier="Nobody", quantity=0),
        an_order("PO-2004", due_date="2026-11-01", colour="red"),
        "not an order",
    ])
    assert response.status == 400
    errors = (await response.json())["errors"]
    assert sorted((e["row"], e["field"]) for e in errors) == [
        (1, "po"), (2, "quantity"), (2, "supplier"), (3, "colour"), (3, "due_date"), (4, "")]
    assert all(e["message"].isascii() for e in errors)
    assert await count(database, Order) == 1


async def test_problems_speak_the_callers_language(client: TestClient[Any, Any], suppliers: None) -> None:
    bad = an_order(quantity=-1)
    zh = await (await client.post("/api/v1/orders", headers=AUTH, json=bad)).json()
    assert zh == {"errors": [{"row": None, "field": "quantity", "message": "数量：必须是正整数，而不是“-1”"}]}
    en = await (await client.post("/api/v1/orders", headers={**AUTH, "Accept-Language": "fr, en;q=0.5"},
                                  json=bad)).json()
    assert en["errors"][0]["message"] == "Quantity: must be a positive whole number, not '-1'"


@pytest.mark.parametrize("body", [b"{not json", b"", b"42", b"[]", "\xff".encode("latin-1")])
async def test_a_malformed_body_is_a_400(
    client: TestClient[Any, Any], database: Database, body: bytes
) -> None:
    response = await client.post("/api/v1/orders", headers={**AUTH, "Content-Type": "application/json"}, data=body)
    assert response.status == 400
    [error] = (await response.json())["errors"]
    assert error["field"] == "body" and error["row"] is None
    assert await count(database, Order) == 0


async def test_an_unknown_order_is_a_404(client: TestClient[Any, Any]) -> None:
    response = await client.get("/api/v1/orders/PO-404", headers=AUTH)
    assert response.status == 404
    assert await response.json() == {"error": "找不到订单 PO-404"}
    response = await client.get("/api/v1/orders/PO-404", headers={**AUTH, "Accept-Language": "en"})
    assert await response.json() == {"error": "no order with PO 'PO-404'"}


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "offset=-1", "overdue=maybe", "status=lost"])
async def test_bad_query_parameters_are_a_400(client: TestClient[Any, Any], query: str) -> None:
    response = await client.get(f"/api/v1/orders?{query}", headers=AUTH)
    assert response.status == 400
    assert (await response.json())["errors"][0]["field"] == query.split("=")[0]


async def test_suppliers_are_added_and_listed(client: TestClient[Any, Any], database: Database) -> None:
    response = await client.post("/api/v1/suppliers", headers=AUTH, json={
        "code": "ZJ", "name": "浙江精工", "timezone": "Asia/Shanghai", "language": "zh"})
    assert response.status == 201
    assert (await response.json())["items"] == [
        {"code": "ZJ", "name": "浙江精工", "timezone": "Asia/Shanghai", "language": "zh", "active": True}]
    response = await client.post("/api/v1/suppliers", headers=AUTH, json=[
        {"code": "ZJ", "name": "别的"}, {"code": "NEW", "name": "新厂", "timezone": "Moon/Base"}])
    assert response.status == 400
    assert sorted((e["row"], e["field"]) for e in (await response.json())["errors"]) == [(0, "code"), (1, "timezone")]
    body = await (await client.get("/api/v1/suppliers", headers=AUTH)).json()
    assert body["total"] == 1 and body["items"][0]["code"] == "ZJ"
    assert await count(database, Supplier) == 1


async def test_a_po_with_slashes_and_chinese_is_found_at_its_location(
    client: TestClient[Any, Any], suppliers: None
) -> None:
    response = await client.post("/api/v1/orders", headers=AUTH, json=an_order("外协/2026/001"))
    assert response.status == 201
    location = response.headers["Location"]
    detail = await (await client.get(location, headers=AUTH)).json()
    assert detail["po"] == "外协/2026/001"
    assert (await client.get("/api/v1/orders/外协/2026/001", headers=AUTH)).status == 200


async def test_a_list_of_non_objects_names_each_item(client: TestClient[Any, Any]) -> None:
    response = await client.post("/api/v1/orders", headers={**AUTH, "Accept-Language": "en"}, json=["a", 1])
    assert response.status == 400
    assert [(e["row"], e["field"]) for e in (await response.json())["errors"]] == [(0, ""), (1, "")]
