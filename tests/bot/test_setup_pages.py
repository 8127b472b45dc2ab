"""The set-up pages over a real server on demo data, on both engines: process templates with
their own steps (and 激光切割 accepted afterwards), the calendar and prompt times, part
inspection plans typed or imported from a sheet, an order's own nodes through the API, and
which lot and defect a photo shows. Every refusal says what to fix and changes nothing;
every change is in the history."""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from storage.db import Database
from storage.models import (
    CalendarDay,
    ExceptionTicket,
    InspectionCharacteristic,
    Lot,
    MilestoneChange,
    Order,
    PartInspectionItem,
    Photo,
    ProcessTemplate,
    ProgressReport,
    SettingChange,
    Supplier,
)
from storage.photo_store import PhotoStore
from tests.demo_rows import seed_demo

AUTH = {"Authorization": "Bearer t"}
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]

LATHE = [  # 车 → 铣 → 热处理 → 磨, each its own node in the in_process stage
    ("", "material_ready", "10", ""), ("车", "first_process", "25", ""), ("铣", "in_process", "40", ""),
    ("热处理", "in_process", "55", ""), ("磨", "in_process", "70", ""), ("", "final_inspection", "85", "1"),
    ("", "shipped", "95", ""), ("", "received", "100", ""),
]


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "photos")


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings,
                 clock: FakeClock) -> TestClient[Any, Any]:
    await seed_demo(database, settings.zone, now=clock.now())
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    test_client = await aiohttp_client(app)
    response = await test_client.post("/login", data={"token": "t", "next": "/setup"}, allow_redirects=False)
    assert response.status == 303
    return test_client


def template_form(name_zh: str, rows: list[tuple[str, str, str, str]], *, code: str = "",
                  name_en: str = "") -> dict[str, str]:
    form = {"name_zh": name_zh, "name_en": name_en, "rows": str(len(rows) + 2), "code": code}
    for i, (step, stage, at, insp) in enumerate(rows):
        form |= {f"step-{i}": step, f"stage-{i}": stage, f"at-{i}": at}
        if insp:
            form[f"insp-{i}"] = insp
    return form


async def count(database: Database, model: Any) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def post_order(client: TestClient[Any, Any], **fields: Any) -> Any:
    body = {"po": "PO-3001", "supplier": "HD", "part_no": "LSR-1", "quantity": 100, "release_date": "2026-11-24",
            "due_date": "2026-12-24", **fields}
    return await client.post("/api/v1/orders", json=body, headers=AUTH)


# --- process templates ----------------------------------------------------------------------

async def test_a_process_such_as_laser_cutting_is_refused_until_its_template_is_set_up(
    client: TestClient[Any, Any], database: Database
) -> None:
    refused = await post_order(client, process="激光切割")
    assert refused.status == 400
    assert "工艺模板" in (await refused.json())["errors"][0]["message"]  # says where to add it

    response = await client.post("/setup/templates/new", data=template_form(
        "激光切割", LATHE, name_en="Laser cutting"), allow_redirects=False)
    assert response.status == 303, await response.text()
    assert response.headers["Location"].endswith("saved=1")

    created = await post_order(client, process="激光切割")
    assert created.status == 201, await created.text()
    nodes = (await created.json())["items"][0]["milestones"]
    assert [(n["node"], n["step"]) for n in nodes] == [
        ("material_ready", None), ("first_process", "车"), ("in_process", "铣"), ("in_process", "热处理"),
        ("in_process", "磨"), ("final_inspection", None), ("shipped", None), ("received", None)]
    dates = [n["planned_date"] for n in nodes]
    assert dates == sorted(dates) and dates[-1] == "2026-12-24"
    assert [n["inspection"] for n in nodes] == [False] * 5 + [True, False, False]
    also = await post_order(client, po="PO-3002", process="laser cutting")  # the English name works too
    assert also.status == 201

    page = await (await client.get("/orders/PO-3001")).text()
    assert "半成品加工 · 热处理" in page and "半成品加工 · 磨" in page
    history = await (await client.get("/setup/templates")).text()
    assert "激光切割" in history and "新建 激光切割 / Laser cutting" in history and "API" in history


async def test_editing_a_template_is_kept_in_its_history_and_applies_to_new_orders(
    client: TestClient[Any, Any], database: Database
) -> None:
    rows = [("", "material_ready", "20", ""), ("", "first_process", "30", ""), ("粗车", "in_process", "50", ""),
            ("精车", "in_process", "70", ""), ("", "final_inspection", "85", ""), ("", "shipped", "95", ""),
            ("", "received", "100", "")]
    response = await client.post("/setup/templates/machining", data=template_form("机加工", rows, name_en="Machining"),
                                 allow_redirects=False)
    assert response.status == 303
    async with database.read() as session:
        template = await session.scalar(select(ProcessTemplate).where(ProcessTemplate.code == "machining"))
        assert template is not None
        assert [n.get("step") for n in template.nodes] == [None, None, "粗车", "精车", None, None, None]
        change = await session.scalar(select(SettingChange).where(SettingChange.subject == "template"))
    assert change is not None and change.actor == "API"
    assert change.old_value and "半成品加工 70%" in change.old_value
    assert change.new_value and "半成品加工·粗车 50% → 半成品加工·精车 70%" in change.new_value
    page = await (await client.get("/setup/templates/machining")).text()
    assert "粗车" in page and "精车" in page and 'id="history"' in page
    created = await post_order(client, process="机加工")
    assert [n["step"] for n in (await created.json())["items"][0]["milestones"]][2:4] == ["粗车", "精车"]


@pytest.mark.parametrize(("rows", "message"), [
    ([("车", "in_process", "50", ""), ("", "material_ready", "60", ""), ("", "shipped", "90", ""),
      ("", "received", "100", "")], "阶段顺序不对"),
    ([("", "material_ready", "10", ""), ("", "received", "100", "")], "必须恰好有一个“发货”节点"),
    ([("", "material_ready", "150", ""), ("", "shipped", "90", ""), ("", "received", "100", "")],
     "0 到 100 之间的百分比"),
    ([("车", "", "10", ""), ("", "shipped", "90", ""), ("", "received", "100", "")], "请选择阶段"),
    ([("", "material_ready", "60", ""), ("", "shipped", "50", ""), ("", "received", "100", "")], "不能早于前一个节点"),
    ([("车", "in_process", "10", ""), ("车", "in_process", "20", ""), ("", "shipped", "90", ""),
      ("", "received", "100", "")], "重复"),
    ([("", "material_ready", "10", ""), ("", "received", "90", ""), ("", "shipped", "100", "")], "最后一个节点"),
])
async def test_a_wrong_template_is_refused_with_what_to_fix_and_changes_nothing(
    client: TestClient[Any, Any], database: Database, rows: list[tuple[str, str, str, str]], message: str
) -> None:
    before = await count(database, SettingChange)
    response = await client.post("/setup/templates/stamping", data=template_form("冲压", rows), allow_redirects=False)
    assert response.status == 400
    page = await response.text()
    assert message in page and 'id="errors"' in page
    assert await count(database, SettingChange) == before
    async with database.read() as session:
        template = await session.scalar(select(ProcessTemplate).where(ProcessTemplate.code == "stamping"))
    assert template is not None and len(template.nodes) == 6


async def test_a_new_template_cannot_take_a_name_already_in_use(client: TestClient[Any, Any]) -> None:
    response = await client.post("/setup/templates/new", data=template_form("冲压", LATHE), allow_redirects=False)
    assert response.status == 400 and "已有工艺模板" in await response.text()
    response = await client.post("/setup/templates/new?lang=en", data=template_form("", LATHE), allow_redirects=False)
    assert response.status == 400 and "the process name is required" in await response.text()


# --- the calendar ---------------------------------------------------------------------------

async def test_holidays_make_up_days_and_prompt_times_are_set_on_the_calendar_page(
    client: TestClient[Any, Any], database: Database
) -> None:
    for form in ({"action": "add_day", "day": "2027-01-01", "kind": "holiday", "note": "元旦"},
                 {"action": "add_day", "day": "2027-01-10", "kind": "workday", "note": "调休"},
                 {"action": "prompt_times", "prompt-HD": "8:45", "prompt-XY": ""}):
        response = await client.post("/setup/calendar", data=form, allow_redirects=False)
        assert response.status == 303, await response.text()
    page = await (await client.get("/setup/calendar")).text()
    assert 'data-day="2027-01-10" data-kind="workday"' in page and "调休" in page
    async with database.read() as session:
        days = {d.day.isoformat(): d.kind for d in (await session.scalars(select(CalendarDay))).all()}
        huada = await session.scalar(select(Supplier).where(Supplier.code == "HD"))
    assert days == {"2027-01-01": "holiday", "2027-01-10": "workday"}
    assert huada is not None and huada.prompt_time == "08:45"
    assert "默认 → 08:45" in page.replace("</span> → ", " → ")

    bad = await client.post("/setup/calendar", data={"action": "prompt_times", "prompt-HD": "8点"},
                            allow_redirects=False)
    assert bad.status == 400 and "例如 09:30" in await bad.text()
    bad = await client.post("/setup/calendar", data={"action": "add_day", "day": "2026-02-30", "kind": "holiday"},
                            allow_redirects=False)
    assert bad.status == 400 and "日期格式不对" in await bad.text()
    response = await client.post("/setup/calendar", data={"action": "remove_day", "day": "2027-01-01"},
                                 allow_redirects=False)
    assert response.status == 303
    assert await count(database, CalendarDay) == 1


# --- inspection plans -----------------------------------------------------------------------

def plan_form(rows: list[tuple[str, str, str, str, str, str]]) -> dict[str, str]:
    form = {"rows": str(len(rows) + 1)}
    for i, values in enumerate(rows):
        for name, value in zip(("name", "kind", "nominal", "tol_minus", "tol_plus", "unit"), values, strict=True):
            form[f"{name}-{i}"] = value
    form[f"kind-{len(rows)}"] = "measure"  # the blank line the page always offers
    return form


async def test_a_parts_inspection_plan_is_edited_and_new_and_uninspected_orders_follow_it(
    client: TestClient[Any, Any], database: Database
) -> None:
    response = await client.post("/setup/inspection-plans/LSR-1", data=plan_form([]), allow_redirects=False)
    assert response.status == 404  # no such part yet
    created = await post_order(client, process="冲压")
    assert created.status == 201
    rows = [("外径", "measure", "50", "0.05", "0.03", "mm"), ("外观", "passfail", "", "", "", "")]
    response = await client.post("/setup/inspection-plans/LSR-1", data=plan_form(rows), allow_redirects=False)
    assert response.status == 303, await response.text()
    assert "applied=1" in response.headers["Location"]  # the open order without inspections took it
    async with database.read() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-3001"))
        assert order is not None
        criteria = (await session.scalars(select(InspectionCharacteristic).where(
            InspectionCharacteristic.order_id == order.id).order_by(InspectionCharacteristic.seq))).all()
    assert [(c.name, c.kind, c.nominal, c.tol_minus, c.tol_plus) for c in criteria] == [
        ("外径", "measure", 50.0, 0.05, 0.03), ("外观", "passfail", None, None, None)]
    later = await post_order(client, po="PO-3003", process="冲压")
    plan = (await (await client.get("/api/v1/orders/PO-3003", headers=AUTH)).json())["inspection_plan"]
    assert [c["name"] for c in plan] == ["外径", "外观"] and later.status == 201
    page = await (await client.get("/setup/inspection-plans/LSR-1")).text()
    assert "外径 50 +0.03/-0.05 mm; 外观 合格/不合格" in page and "已更新 1 个未检验的未结订单" in page


@pytest.mark.parametrize(("row", "message"), [
    (("外径", "measure", "abc", "0.05", "0.05", "mm"), "标称值必须是数字"),
    (("外径", "measure", "50", "0.05", "-0.05", "mm"), "上限 49.95 不高于下限 49.95"),
    (("", "measure", "50", "0.05", "0.05", "mm"), "检验项目名称必填"),
    (("外径", "随便", "50", "0.05", "0.05", "mm"), "类型只能是"),
])
async def test_a_wrong_plan_line_is_refused_and_the_plan_is_unchanged(
    client: TestClient[Any, Any], database: Database, row: tuple[str, ...], message: str
) -> None:
    response = await client.post("/setup/inspection-plans/BRK-2201", data=plan_form([row]), allow_redirects=False)
    assert response.status == 400
    page = await response.text()
    assert f"第 1 行：{message}" in page
    assert await count(database, PartInspectionItem) == 0 and await count(database, SettingChange) == 0


def sheet(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_inspection_plans_import_from_a_sheet_whole_or_not_at_all(
    client: TestClient[Any, Any], database: Database
) -> None:
    header = ["物料编码", "检验项目", "类型", "标称", "下公差", "上公差", "单位"]
    wrong = sheet([header, ["BRK-2201", "孔径", "计量", 8, 0.02, 0.02, "mm"], ["PCBA-7710", "焊点", "判定"],
                   ["SFT-3305", "长度", "计量", "x", 0.1, 0.1, "mm"]])
    form = FormData()
    form.add_field("sheet", wrong, filename="plans.xlsx")
    response = await client.post("/setup/inspection-plans", data=form)
    assert response.status == 400 and "SFT-3305 第 4 行：标称值必须是数字" in await response.text()
    assert await count(database, PartInspectionItem) == 0

    right = sheet([["检验计划 2026"], header, ["BRK-2201", "孔径", "计量", 8, 0.02, 0.02, "mm"],
                   ["BRK-2201", "毛刺", "判定", None, None, None, None], ["PCBA-7710", "焊点", "判定"]])
    form = FormData()
    form.add_field("sheet", right, filename="plans.xlsx")
    response = await client.post("/setup/inspection-plans", data=form)
    assert response.status == 200
    assert "已导入 2 个零件的检验计划" in await response.text()
    async with database.read() as session:
        items = [(i.part_no, i.name) for i in (await session.scalars(
            select(PartInspectionItem).order_by(PartInspectionItem.part_no, PartInspectionItem.seq))).all()]
        change = await session.scalar(select(SettingChange).where(SettingChange.subject_key == "BRK-2201"))
    assert items == [("BRK-2201", "孔径"), ("BRK-2201", "毛刺"), ("PCBA-7710", "焊点")]
    assert change is not None and "导入 plans.xlsx" in change.summary

    form = FormData()
    form.add_field("sheet", b"not a workbook", filename="plans.xlsx")
    response = await client.post("/setup/inspection-plans", data=form)
    assert response.status == 400 and "无法读取文件" in await response.text()


# --- an order's own nodes through the API ---------------------------------------------------

async def test_an_orders_own_nodes_and_dates_are_set_through_the_api(
    client: TestClient[Any, Any], database: Database
) -> None:
    assert (await post_order(client, process="冲压")).status == 201
    nodes = [{"stage": "material_ready", "planned_date": "2026-11-26"},
             {"step": "激光切割", "stage": "first_process", "planned_date": "2026-12-01"},
             {"step": "折弯", "stage": "in_process", "planned_date": "2026-12-08"},
             {"stage": "final_inspection", "planned_date": "2026-12-15"},
             {"stage": "shipped", "planned_date": "2026-12-18"}, {"stage": "received", "planned_date": "2026-12-20"}]
    response = await client.put("/api/v1/orders/PO-3001/nodes", json={"nodes": nodes, "reason": "客户要求"},
                                headers=AUTH)
    assert response.status == 200, await response.text()
    got = (await response.json())["milestones"]
    assert [(m["step"], m["planned_date"]) for m in got][1:3] == [("激光切割", "2026-12-01"), ("折弯", "2026-12-08")]
    assert got[3]["inspection"] is True

    backwards = [{**n} for n in nodes]
    backwards[2]["planned_date"] = "2026-11-20"
    response = await client.put("/api/v1/orders/PO-3001/nodes", json={"nodes": backwards}, headers=AUTH)
    assert response.status == 400
    fields = {e["field"] for e in (await response.json())["errors"]}
    assert "planned_date" in fields

    response = await client.patch("/api/v1/orders/PO-3001/nodes",
                                  json={"nodes": [{"seq": 3, "planned_date": "2026-12-10"}], "reason": "模具维修"},
                                  headers=AUTH)
    assert response.status == 200, await response.text()
    moved = (await response.json())["milestones"][2]
    assert moved["planned_date"] == "2026-12-10" and moved["original_planned_date"] == "2026-12-08"
    assert moved["changes"][-1]["reason"] == "模具维修" and moved["changes"][-1]["source"] == "api"
    async with database.read() as session:  # its key for the delay-reason figure, written with it
        key = await session.scalar(select(MilestoneChange.reason_key).where(MilestoneChange.source == "api")
                                   .order_by(MilestoneChange.id.desc()).limit(1))
    assert key == "模具维修"
    response = await client.patch("/api/v1/orders/PO-3001/nodes",
                                  json={"nodes": [{"seq": 3, "planned_date": "2026-12-30"}]}, headers=AUTH)
    assert response.status == 400  # no reason, and after the next node
    assert {e["field"] for e in (await response.json())["errors"]} == {"planned_date", "reason"}

    response = await client.put("/api/v1/orders/PO-1017/nodes", json={"nodes": nodes}, headers=AUTH)
    assert response.status == 409  # the demo order has progress: its nodes carry history
    assert "PATCH" in (await response.json())["errors"][0]["message"]
    assert (await client.put("/api/v1/orders/PO-9999/nodes", json={"nodes": nodes}, headers=AUTH)).status == 404
    assert (await client.put("/api/v1/orders/PO-3001/nodes", json={"nodes": nodes})).status == 401
    assert (await client.put("/api/v1/orders/PO-3001/nodes", data=b"{", headers=AUTH)).status == 400


# --- photos ---------------------------------------------------------------------------------

def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(out, "PNG")
    return out.getvalue()


async def test_a_photo_shows_its_lot_and_defect_on_the_order_page_and_qc_can_relink_it(
    client: TestClient[Any, Any], database: Database, settings: Settings, clock: FakeClock
) -> None:
    stored = PhotoStore(settings.photo_dir).accept(png())
    now = clock.now()
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-1001"))
        assert order is not None
        report = ProgressReport(order_id=order.id, kind="defect", reporter="王工", platform="simulator",
                                reported_at=now, text="PO-1001 不良20件 毛刺", details={})
        session.add(report)
        await session.flush()
        ticket = ExceptionTicket(order_id=order.id, kind="defect", title="PO-1001 不良 20 件 毛刺", opened_at=now,
                                 opened_by="王工", dedupe_key=f"defect:{report.id}")
        lot = Lot(order_id=order.id, lot_no="L-77", qty=300, shipped_at=now - timedelta(days=1))
        session.add_all([ticket, lot])
        await session.flush()
        report.details = {"exception_id": ticket.id}
        photo = Photo(sha256=stored.sha256, size=stored.size, mime_type=stored.mime_type, width=stored.width,
                      height=stored.height, path=stored.path, thumb_path=stored.thumb_path, order_id=order.id,
                      report_id=report.id, uploaded_by="王工", uploaded_at=now)
        session.add(photo)
        await session.flush()
        ids = {"photo": photo.id, "ticket": ticket.id, "order": order.id}

    page = await (await client.get("/orders/PO-1001")).text()
    figure = page[page.index(f'id="photo-{ids["photo"]}"'):]
    assert f'<span class="defect">EXC-{ids["ticket"]}</span>' in figure  # the defect it was sent with
    card = page[page.index(f'id="exception-{ids["ticket"]}"'):]
    assert f'href="#photo-{ids["photo"]}"' in card[:800]  # and the defect shows its photo

    response = await client.post(f"/orders/PO-1001/photos/{ids['photo']}", data={"lot": "L-77", "exception": "none"},
                                 allow_redirects=False)
    assert response.status == 303
    async with database.read() as session:
        saved = await session.get(Photo, ids["photo"])
        change = await session.scalar(select(SettingChange).where(SettingChange.subject == "photo"))
    assert saved is not None and saved.lot_id is not None
    assert change is not None and change.new_value is not None and "批次 L-77" in change.new_value
    page = await (await client.get("/orders/PO-1001")).text()
    figure = page[page.index(f'id="photo-{ids["photo"]}"'):]
    assert '<span class="lot">L-77</span>' in figure
    assert '<span class="defect">—</span>' in figure  # "none" chosen by a person sticks over the derived link

    wrong = await client.post(f"/orders/PO-1001/photos/{ids['photo']}", data={"lot": "L-nope", "exception": ""},
                              allow_redirects=False)
    assert wrong.status == 400 and "没有批次" in await wrong.text()
    other = await client.post(f"/orders/PO-1017/photos/{ids['photo']}", data={"lot": "", "exception": ""},
                              allow_redirects=False)
    assert other.status == 400  # not that order's photo


async def test_the_setup_pages_need_a_login_and_render_in_both_languages(
    client: TestClient[Any, Any], aiohttp_client: ClientFactory
) -> None:
    for path in ("/setup", "/setup/templates", "/setup/templates/stamping", "/setup/templates/new",
                 "/setup/calendar", "/setup/inspection-plans", "/setup/inspection-plans/BRK-2201"):
        for lang in ("zh", "en"):
            response = await client.get(f"{path}?lang={lang}")
            assert response.status == 200, path
            text = await response.text()
            untranslated = re.search(r">\s*(?:state|status|kind|day|exc_state|priority|severity|stage)_[a-z_]+\s*<", text)
            assert "{{" not in text and not untranslated, (path, lang)
    stranger = await aiohttp_client(client.app)
    response = await stranger.get("/setup/templates", allow_redirects=False)
    assert response.status == 302
    response = await stranger.post("/setup/templates/stamping", data={}, allow_redirects=False)
    assert response.status == 302
    assert (await client.get("/setup/templates/nope")).status == 404


async def test_a_large_plan_sheet_is_imported_whole(client: TestClient[Any, Any], database: Database) -> None:
    """A plant's whole sheet of plans is bigger than the 64 KiB a form may send."""
    header = ["Part No", "Characteristic", "Kind", "Nominal", "Lower tol", "Upper tol", "Unit"]
    lines = [[f"P-{part:04d}", f"尺寸 {item} {part * 7919 % 100003}", "measure", 10 + item + part / 1000, 0.1, 0.1, "mm"]
             for part in range(120) for item in range(20)]
    body = sheet([header, *lines])
    assert len(body) > 64 * 1024
    form = FormData()
    form.add_field("sheet", body, filename="all-plans.xlsx")
    response = await client.post("/setup/inspection-plans?lang=en", data=form)
    assert response.status == 200, (await response.text())[:500]
    assert "Imported the plans of 120 parts" in await response.text()
    assert await count(database, PartInspectionItem) == 2400


async def test_each_setting_is_changed_by_the_people_who_own_it(
    client: TestClient[Any, Any], aiohttp_client: ClientFactory, database: Database
) -> None:
    from bot.web.auth import token_hash
    from storage.models import Person

    async with database.write() as session:
        for name, token in (("张伟", "qc-token"), ("李娟", "buyer-token")):
            person = await session.scalar(select(Person).where(Person.name == name))
            assert person is not None
            person.api_token_hash = token_hash(token)

    async def signed_in(token: str) -> TestClient[Any, Any]:
        other = await aiohttp_client(client.app)
        response = await other.post("/login", data={"token": token, "next": "/setup"}, allow_redirects=False)
        assert response.status == 303
        return other

    qc, buyer = await signed_in("qc-token"), await signed_in("buyer-token")
    rows = [("毛刺", "passfail", "", "", "", "")]
    assert (await qc.post("/setup/inspection-plans/BRK-2201", data=plan_form(rows), allow_redirects=False)).status == 303
    refused = await buyer.post("/setup/inspection-plans/BRK-2201", data=plan_form([]), allow_redirects=False)
    assert refused.status == 403 and "质检" in await refused.text()
    refused = await qc.post("/setup/templates/new", data=template_form("激光切割", LATHE), allow_redirects=False)
    assert refused.status == 403 and "采购" in await refused.text()
    assert (await buyer.post("/setup/templates/new", data=template_form("激光切割", LATHE),
                             allow_redirects=False)).status == 303
    assert (await qc.get("/setup/templates")).status == 200  # everyone signed in may look
    async with database.read() as session:
        actors = {c.subject: c.actor for c in (await session.scalars(select(SettingChange))).all()}
    assert actors == {"inspection_plan": "张伟", "template": "李娟"}
