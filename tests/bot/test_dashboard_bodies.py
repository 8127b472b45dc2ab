"""The dashboard's own forms and its one JSON route read their bodies with the API's checks:
text no database stores (NUL, control characters, lone surrogates), bytes that are not
UTF-8, or JSON nested absurdly deep get a 400 that says where, and nothing is written —
on both engines (PostgreSQL refuses NUL inside the database, SQLite would keep it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from storage.db import Database
from storage.models import (
    CalendarDay,
    ExceptionTicket,
    PartInspectionItem,
    Person,
    ProcessTemplate,
    ProgressReport,
    SettingChange,
)
from tests.demo_rows import seed_demo

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DEFECTS = ("defect", "inspection_failed")


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "photos")


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings,
                 clock: FakeClock) -> TestClient[Any, Any]:
    await seed_demo(database, settings.zone, now=clock.now())
    web = await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))
    response = await web.post("/login", data={"token": "t", "next": "/setup"}, allow_redirects=False)
    assert response.status == 303
    return web


async def counts(database: Database) -> tuple[int, ...]:
    async with database.read() as session:
        return tuple([await session.scalar(select(func.count()).select_from(model)) or 0
                      for model in (ProcessTemplate, CalendarDay, PartInspectionItem, ProgressReport, SettingChange,
                                    Person)])


@pytest.mark.parametrize(("path", "form", "field"), [
    ("/setup/templates/new", {"code": "laser", "name_zh": "激光\x00切割", "rows": "1", "step-0": "",
                              "stage-0": "shipped", "at-0": "100"}, "name_zh"),
    ("/setup/calendar", {"action": "add_day", "day": "2027-01-04", "kind": "holiday", "note": "元旦\x07"}, "note"),
    ("/setup/inspection-plans/P-1001", {"rows": "1", "name-0": "孔径\x1b", "kind-0": "measure", "nominal-0": "5",
                                        "tol_minus-0": "0.1", "tol_plus-0": "0.1", "unit-0": "mm"}, "name-0"),
    ("/orders/PO-1001/records", {"action": "receipt", "qty": "5", "lot": "L\x00", "reason": "x"}, "lot"),
    ("/people", {"name": "王\x00工", "role": "buyer"}, "name"),
])
async def test_a_form_with_unstorable_text_is_refused_and_changes_nothing(
    client: TestClient[Any, Any], database: Database, path: str, form: dict[str, str], field: str,
) -> None:
    before = await counts(database)
    response = await client.post(path, data=form, allow_redirects=False)
    assert response.status == 400
    assert field in await response.text()
    assert await counts(database) == before


async def test_a_form_that_is_not_utf8_is_a_400_not_a_crash(client: TestClient[Any, Any], database: Database) -> None:
    async with database.read() as session:
        defect = await session.scalar(select(ExceptionTicket.id).where(ExceptionTicket.kind.in_(DEFECTS)).limit(1))
    assert defect is not None
    response = await client.post(f"/quality/defects/{defect}/category", data=b"category=\xff\xfe", headers=FORM,
                                 allow_redirects=False)
    assert response.status == 400
    response = await client.post(f"/quality/defects/{defect}/category", data={"category": "外观", "back": "/quality\x00"},
                                 allow_redirects=False)
    assert response.status == 400 and "back" in await response.text()


async def test_the_category_api_refuses_absurd_json_with_a_400(client: TestClient[Any, Any], database: Database) -> None:
    async with database.read() as session:
        defect = await session.scalar(select(ExceptionTicket.id).where(ExceptionTicket.kind.in_(DEFECTS)).limit(1))
        category = await session.scalar(select(ExceptionTicket.category).where(ExceptionTicket.id == defect))
    headers = {"Authorization": "Bearer t", "Content-Type": "application/json"}
    for body in ("[" * 30_000 + "]" * 30_000, '{"category": "外观", "note": "\\u0000"}', "not json"):
        response = await client.put(f"/api/v1/defects/{defect}/category", data=body, headers=headers)
        assert response.status == 400, await response.text()
        assert "error" in await response.json()
    async with database.read() as session:
        assert await session.scalar(select(ExceptionTicket.category).where(ExceptionTicket.id == defect)) == category
