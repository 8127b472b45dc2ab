"""Order intake rules and queries, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from handlers.parsing import normalize_po
from storage.db import Database
from storage.intake_fields import IntakeError
from storage.intake_values import as_date, as_quantity, po_key
from storage.models import (
    ExceptionTicket,
    Inspection,
    InspectionCharacteristic,
    InspectionValue,
    Lot,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Order,
    Person,
    Photo,
    ProcessTemplate,
    ProgressReport,
    Supplier,
)
from storage.order_intake import CharacteristicDraft, OrderDraft, create_orders, validate_draft
from storage.order_queries import list_orders, order_detail
from storage.plans import DEFAULT_TEMPLATES, ensure_templates, plan_milestones, process_code
from storage.suppliers import create_suppliers

TODAY = date(2026, 11, 24)


def draft(po: str = "PO-1001", **changes: object) -> OrderDraft:
    values: dict[str, object] = {
        "po": po, "supplier": "HD", "part_no": "BRK-100", "part_name": "支架", "process": "冲压",
        "quantity": 2000, "release_date": date(2026, 11, 20), "due_date": date(2026, 12, 20),
    }
    values.update(changes)
    return OrderDraft(**values)  # type: ignore[arg-type]


async def add_suppliers(database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        await create_suppliers(session, [
            {"code": "HD", "name": "华达冲压"},
            {"code": "XY", "name": "鑫源电子", "timezone": "Asia/Shanghai", "language": "zh"},
        ], now=clock.now())


async def count(database: Database, model: type) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


# --- pure rules ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "key"), [
    ("PO-1001", "1001"), ("po1001", "1001"), ("P0-1001", "1001"), (" PO#1001 ", "1001"),
    ("ＰＯ－１００１", "1001"), ("po_a-12", "A12"), ("1001", "1001"), ("PO", "PO"), ("4500012345", "4500012345"),
    ("订单1001", "1001"), ("PO/2026/001", "/2026/001"), ("PO-ABC-7", "ABC7"),
])
def test_po_key_normalises_what_people_type(text: str, key: str) -> None:
    assert po_key(text) == key


def test_po_key_agrees_with_the_chat_parser_wherever_it_reads_a_po() -> None:
    for text in ("PO-1001", "po1001", "P0-1001", "ＰＯ１００１", "PO#1001", "1001", "PO No. 4500012345", "A-12"):
        assert normalize_po(text) == po_key(text), text


@pytest.mark.parametrize(("value", "expected"), [
    (5, 5), (5.0, 5), ("1,000", 1000), ("2000", 2000), ("２０００", 2000), ("12.0", 12),
    ("1.5", None), (1.5, None), ("abc", None), (True, None), (None, None), ("", None),
])
def test_quantity_reading(value: object, expected: int | None) -> None:
    assert as_quantity(value) == expected


@pytest.mark.parametrize("text", ["2026-12-03", "2026/12/3", "2026年12月3日", "2026.12.03", "20261203",
                                  "2026-12-03 00:00:00", "２０２６年１２月３日"])
def test_dates_as_written_in_sheets(text: str) -> None:
    assert as_date(text) == date(2026, 12, 3)


def test_impossible_dates_are_not_dates() -> None:
    assert as_date("2026-02-30") is None
    assert as_date("next week") is None


def test_a_valid_draft_is_cleaned() -> None:
    order, problems = validate_draft(
        draft(priority="紧急", quantity="1,500", due_date="2026年12月20日"), processes=DEFAULT_TEMPLATES, today=TODAY
    )
    assert problems == []
    assert order is not None
    assert (order.po_key, order.process, order.quantity, order.priority, order.unit) == (
        "1001", "stamping", 1500, "urgent", "pcs")
    assert order.due_date == date(2026, 12, 20)


def test_missing_release_date_means_today() -> None:
    order, _ = validate_draft(draft(release_date=None), processes=DEFAULT_TEMPLATES, today=TODAY)
    assert order is not None and order.release_date == TODAY


@pytest.mark.parametrize("quantity", [0, -5, "1.5", 2.5, "十", "abc"])
def test_quantity_must_be_a_positive_whole_number(quantity: object) -> None:
    order, problems = validate_draft(draft(quantity=quantity), processes=DEFAULT_TEMPLATES, today=TODAY)
    assert order is None
    assert [(p.field, p.row) for p in problems] == [("quantity", None)]
    assert "正整数" in problems[0].message_zh and "positive whole number" in problems[0].message_en


def test_every_pure_problem_of_one_draft_is_reported() -> None:
    _, problems = validate_draft(
        OrderDraft(po="", supplier=" ", part_no=None, quantity=None, due_date="soon", priority="asap",
                   process="welding", row=7),
        processes=DEFAULT_TEMPLATES, today=TODAY,
    )
    assert {p.field for p in problems} == {"po", "supplier", "part_no", "quantity", "due_date", "priority", "process"}
    assert all(p.row == 7 for p in problems)


def test_due_before_release_is_refused() -> None:
    _, problems = validate_draft(draft(due_date="2026-11-19"), processes=DEFAULT_TEMPLATES, today=TODAY)
    assert [p.field for p in problems] == ["due_date"]
    assert "2026-11-19" in problems[0].message_en and "早于下单日期" in problems[0].message_zh


def test_inspection_criteria_are_checked() -> None:
    order, problems = validate_draft(draft(inspection=[
        CharacteristicDraft("孔径", nominal="10.0", tol_minus="-0.05", tol_plus="0.1"),
        CharacteristicDraft("外观无划伤"),
    ]), processes=DEFAULT_TEMPLATES, today=TODAY)
    assert problems == []
    assert order is not None
    hole, looks = order.inspection
    assert (hole.kind, hole.nominal, hole.tol_minus, hole.tol_plus, hole.unit) == ("measure", 10.0, 0.05, 0.1, "mm")
    assert looks.kind == "passfail"
    _, problems = validate_draft(draft(inspection=[CharacteristicDraft("长度", nominal=50, tol_plus="x")]),
                                 processes=DEFAULT_TEMPLATES, today=TODAY)
    assert {p.field for p in problems} == {"inspection[0].tol_minus", "inspection[0].tol_plus"}


@pytest.mark.parametrize(("name", "code"), [
    ("冲压", "stamping"), ("SMT贴片", "smt"), ("smt", "smt"), ("机加工", "machining"), ("CNC", "machining"),
    ("电镀", "plating"), ("喷涂", "coating"), ("热处理", "heat_treatment"), ("", "default"), ("焊接", None),
])
def test_process_names_map_to_templates(name: str, code: str | None) -> None:
    assert process_code(name) == code


# --- plans --------------------------------------------------------------------------------

@pytest.mark.parametrize("template", sorted(DEFAULT_TEMPLATES))
@pytest.mark.parametrize("days", [0, 1, 2, 7, 30, 90, 365])
def test_plans_stay_inside_the_window_and_end_on_the_due_date(template: str, days: int) -> None:
    release = date(2026, 11, 20)
    due = release + timedelta(days=days)
    plan = plan_milestones(DEFAULT_TEMPLATES[template], release, due)
    assert [seq for seq, *_ in plan] == [1, 2, 3, 4, 5, 6]
    assert [node for _, node, _, _ in plan] == [
        "material_ready", "first_process", "in_process", "final_inspection", "shipped", "received"]
    dates = [when for _, _, when, _ in plan]
    assert dates == sorted(dates)
    assert dates[0] >= release and dates[-1] == due
    assert [inspection for *_, inspection in plan] == [False, False, False, True, False, False]


def test_a_thirty_day_default_plan() -> None:
    plan = plan_milestones(DEFAULT_TEMPLATES["default"], date(2026, 12, 1), date(2026, 12, 31))
    assert [when.day for _, _, when, _ in plan] == [5, 11, 22, 26, 29, 31]


def test_a_plan_with_unsorted_fractions_never_goes_back() -> None:
    nodes = [{"node": "a", "at": 0.5}, {"node": "b", "at": 0.2}, {"node": "c", "at": 0.9}]
    plan = plan_milestones(nodes, date(2026, 1, 1), date(2026, 1, 11))
    assert [when.day for _, _, when, _ in plan] == [6, 6, 11]


def test_a_plan_refuses_an_inverted_window() -> None:
    with pytest.raises(ValueError):
        plan_milestones(DEFAULT_TEMPLATES["default"], date(2026, 2, 1), date(2026, 1, 1))


async def test_default_templates_are_inserted_once(database: Database) -> None:
    async with database.write() as session:
        await ensure_templates(session)
    async with database.write() as session:
        await ensure_templates(session)
    async with database.read() as session:
        codes = (await session.scalars(select(ProcessTemplate.code))).all()
    assert sorted(codes) == sorted(DEFAULT_TEMPLATES)


# --- database rules -----------------------------------------------------------------------

async def test_orders_are_created_with_their_plan(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        orders = await create_orders(session, [
            draft(inspection=[CharacteristicDraft("孔径", 10, 0.05, 0.1)]),
            draft("PO-1002", supplier="鑫源电子", process="SMT贴片", priority="加急"),
        ], actor="test", now=clock.now())
    assert [o.po for o in orders] == ["PO-1001", "PO-1002"]
    async with database.read() as session:
        stored = (await session.scalars(select(Order).order_by(Order.po))).all()
        assert [(o.po_key, o.process, o.priority, o.status, o.created_by) for o in stored] == [
            ("1001", "stamping", "normal", "released", "test"), ("1002", "smt", "urgent", "released", "test")]
        assert stored[0].created_at == clock.now() and stored[0].created_at.tzinfo is not None
        milestones = (await session.scalars(
            select(Milestone).where(Milestone.order_id == stored[0].id).order_by(Milestone.seq))).all()
        assert len(milestones) == 6
        assert all(m.planned_date == m.original_planned_date for m in milestones)
        assert milestones[-1].planned_date == date(2026, 12, 20)
        assert [m.inspection for m in milestones].count(True) == 1
        criteria = (await session.scalars(select(InspectionCharacteristic))).all()
        assert [(c.order_id, c.name, c.nominal) for c in criteria] == [(stored[0].id, "孔径", 10.0)]


async def test_unknown_supplier_is_refused(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        with pytest.raises(IntakeError) as caught:
            await create_orders(session, [draft(supplier="不存在的厂", row=2)], actor="t", now=clock.now())
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "supplier")]
    assert "不存在的厂" in caught.value.problems[0].message_zh
    assert await count(database, Order) == 0


async def test_supplier_code_is_matched_ignoring_case(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        orders = await create_orders(session, [draft(supplier="hd")], actor="t", now=clock.now())
    assert orders[0].supplier.code == "HD"


async def test_duplicate_po_against_the_database_is_refused(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        await create_orders(session, [draft("PO-1001")], actor="t", now=clock.now())
    async with database.write() as session:
        with pytest.raises(IntakeError) as caught:
            await create_orders(session, [draft("po1001", row=3)], actor="t", now=clock.now())
    [found] = caught.value.problems
    assert (found.row, found.field) == (3, "po")
    assert "PO-1001" in found.message_en and "已存在" in found.message_zh
    assert await count(database, Order) == 1


async def test_duplicate_po_inside_one_batch_is_refused(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        with pytest.raises(IntakeError) as caught:
            await create_orders(session, [draft("PO-1001", row=2), draft("po1001", row=5)], actor="t", now=clock.now())
    [found] = caught.value.problems
    assert (found.row, found.field) == (5, "po")
    assert "row 2" in found.message_en and "第 2 行" in found.message_zh
    assert await count(database, Order) == 0


async def test_all_problems_of_a_batch_are_reported_together_and_nothing_is_written(
    database: Database, clock: FakeClock
) -> None:
    await add_suppliers(database, clock)
    batch = [
        draft("PO-2001", row=2),
        draft("PO-2002", row=3, supplier="Nobody"),
        draft("PO-2003", row=4, quantity=0),
        draft("PO-2004", row=5, due_date="2026-11-01"),
        draft("po 2001", row=6),
        draft("PO-2006", row=7, quantity=-3, supplier="Ghost"),
        draft("PO-2007", row=8, quantity="2.5"),
    ]
    async with database.write() as session:
        with pytest.raises(IntakeError) as caught:
            await create_orders(session, batch, actor="t", now=clock.now())
    assert sorted((p.row, p.field) for p in caught.value.problems) == [
        (3, "supplier"), (4, "quantity"), (5, "due_date"), (6, "po"), (7, "quantity"), (7, "supplier"),
        (8, "quantity"),
    ]
    assert await count(database, Order) == 0
    assert await count(database, Milestone) == 0


async def test_a_known_buyer_is_linked_and_an_unknown_one_kept_in_the_notes(
    database: Database, clock: FakeClock
) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        session.add(Person(name="王芳", role="buyer", created_at=clock.now()))
    async with database.write() as session:
        orders = await create_orders(session, [
            draft("PO-1", buyer="王芳"), draft("PO-2", buyer="李雷", notes="急件"),
        ], actor="t", now=clock.now())
    assert orders[0].buyer is not None and orders[0].buyer.name == "王芳"
    assert orders[1].buyer is None and orders[1].notes == "急件\n采购员/Buyer: 李雷"


async def test_an_empty_batch_is_a_problem(database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        with pytest.raises(IntakeError):
            await create_orders(session, [], actor="t", now=clock.now())


async def test_naive_now_is_a_bug(database: Database) -> None:
    async with database.write() as session:
        with pytest.raises(ValueError):
            await create_orders(session, [draft()], actor="t", now=datetime(2026, 1, 1))


async def test_suppliers_are_validated(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        with pytest.raises(IntakeError) as caught:
            await create_suppliers(session, [
                {"code": "HD", "name": "另一家"}, {"code": "N1", "name": "新厂", "timezone": "Mars/Base"},
                {"code": "N2", "name": "", "language": "fr"}, {"code": "N2", "name": "x", "vat": 1},
            ], now=clock.now())
    assert sorted((p.row, p.field) for p in caught.value.problems) == [
        (0, "code"), (1, "timezone"), (2, "language"), (2, "name"), (3, "code"), (3, "vat")]
    assert await count(database, Supplier) == 2


# --- queries ------------------------------------------------------------------------------

async def test_order_detail_holds_everything_about_an_order(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    now = clock.now()
    async with database.write() as session:
        [order] = await create_orders(session, [draft(inspection=[
            CharacteristicDraft("孔径", 10, 0.05, 0.1), CharacteristicDraft("外观"),
        ])], actor="api", now=now)
        first = order.milestones[0]
        first.status = MilestoneStatus.DONE
        first.done_at = now
        report = ProgressReport(order_id=order.id, milestone_id=first.id, kind="progress", reporter="老张",
                                platform="wecom", reported_at=now, text="PO-1001 原材料到了", details={})
        session.add(report)
        await session.flush()
        session.add(MilestoneChange(milestone_id=order.milestones[2].id, at=now, actor="老张", field="planned_date",
                                    old_value="2026-12-11", new_value="2026-12-14", reason="钢材没到", source="chat",
                                    report_id=report.id))
        lot = Lot(order_id=order.id, lot_no="L2311-01", qty=500, shipped_at=now, qty_accepted=480, qty_rejected=20)
        session.add(lot)
        await session.flush()
        characteristic = (await session.scalars(select(InspectionCharacteristic).order_by(
            InspectionCharacteristic.seq))).first()
        assert characteristic is not None
        inspection = Inspection(order_id=order.id, milestone_id=order.milestones[3].id, lot_id=lot.id,
                                inspected_at=now, inspector="老张", verdict="fail", qty_inspected=500,
                                qty_accepted=480, qty_rejected=20)
        session.add(inspection)
        await session.flush()
        session.add_all([
            InspectionValue(inspection_id=inspection.id, characteristic_id=characteristic.id, value=10.02, passed=True),
            InspectionValue(inspection_id=inspection.id, characteristic_id=characteristic.id, value=10.2, passed=False),
            ExceptionTicket(order_id=order.id, lot_id=lot.id, kind="defect", title="不良20件", opened_at=now,
                            opened_by="老张", qty=20),
            Photo(sha256="a" * 64, size=1, mime_type="image/jpeg", width=1, height=1, path="p", thumb_path="t",
                  order_id=order.id, uploaded_by="老张", uploaded_at=now),
        ])

    async with database.read() as session:
        detail = await order_detail(session, "po1001")
        assert await order_detail(session, "PO-9999") is None
        assert await order_detail(session, "  ") is None
    assert detail is not None
    assert detail["po"] == "PO-1001" and detail["po_key"] == "1001"
    assert detail["supplier"] == {"code": "HD", "name": "华达冲压", "timezone": "Asia/Shanghai", "language": "zh",
                                  "active": True}
    assert (detail["process"], detail["process_zh"], detail["quantity"]) == ("stamping", "冲压", 2000)
    assert (detail["release_date"], detail["due_date"]) == ("2026-11-20", "2026-12-20")
    assert detail["created_at"] == now.isoformat()
    assert [m["node"] for m in detail["milestones"]] == [
        "material_ready", "first_process", "in_process", "final_inspection", "shipped", "received"]
    assert detail["milestones"][0]["status"] == "done" and detail["milestones"][0]["label_zh"] == "原材料到位"
    assert detail["milestones"][2]["changes"] == [{
        "at": now.isoformat(), "actor": "老张", "field": "planned_date", "old_value": "2026-12-11",
        "new_value": "2026-12-14", "reason": "钢材没到", "source": "chat"}]
    assert detail["progress"] == {"nodes_done": 1, "nodes_total": 6, "current_node": "first_process",
                                  "qty_shipped": 500, "qty_accepted": 480, "qty_rejected": 20}
    assert [(r["kind"], r["node_seq"], r["text"]) for r in detail["reports"]] == [
        ("progress", 1, "PO-1001 原材料到了")]
    assert [(c["name"], c["kind"]) for c in detail["inspection_plan"]] == [("孔径", "measure"), ("外观", "passfail")]
    [inspected] = detail["inspections"]
    assert (inspected["lot_no"], inspected["node_seq"], inspected["verdict"]) == ("L2311-01", 4, "fail")
    assert inspected["values"] == [{"characteristic": "孔径", "value": 10.02, "passed": True},
                                   {"characteristic": "孔径", "value": 10.2, "passed": False}]
    assert [(lot["lot_no"], lot["qty"]) for lot in detail["lots"]] == [("L2311-01", 500)]
    assert [(e["kind"], e["lot_no"], e["qty"]) for e in detail["exceptions"]] == [("defect", "L2311-01", 20)]
    assert detail["photo_count"] == 1


async def test_list_orders_filters_and_pages(database: Database, clock: FakeClock) -> None:
    await add_suppliers(database, clock)
    async with database.write() as session:
        await create_orders(session, [
            draft("PO-1", release_date="2026-10-01", due_date="2026-11-10"),
            draft("PO-2", release_date="2026-11-01", due_date="2026-12-31", supplier="XY"),
            draft("PO-3", release_date="2026-11-20", due_date="2026-12-05"),
        ], actor="t", now=clock.now())
        order3 = (await session.scalars(select(Order).where(Order.po == "PO-3"))).one()
        order3.status = "accepted"
    today = clock.now().date()
    async with database.read() as session:
        rows, total = await list_orders(session, today=today)
        assert total == 3 and [r["po"] for r in rows] == ["PO-1", "PO-3", "PO-2"]
        assert [r["overdue"] for r in rows] == [True, False, True]
        assert rows[0]["current_node"]["node"] == "material_ready"
        rows, total = await list_orders(session, overdue=True, today=today)
        assert (total, [r["po"] for r in rows]) == (2, ["PO-1", "PO-2"])
        rows, total = await list_orders(session, overdue=False, today=today)
        assert (total, [r["po"] for r in rows]) == (1, ["PO-3"])
        rows, total = await list_orders(session, supplier="鑫源电子")
        assert (total, [r["po"] for r in rows]) == (1, ["PO-2"])
        assert "overdue" not in rows[0]
        rows, total = await list_orders(session, status="open", limit=1, offset=1)
        assert (total, [r["po"] for r in rows]) == (2, ["PO-2"])
        rows, total = await list_orders(session, status="accepted")
        assert (total, [r["po"] for r in rows]) == (1, ["PO-3"])
        with pytest.raises(ValueError):
            await list_orders(session, overdue=True)


async def test_times_are_timezone_aware_on_both_engines(database: Database) -> None:
    clock = FakeClock(datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    await add_suppliers(database, clock)
    async with database.write() as session:
        await create_orders(session, [draft()], actor="t", now=clock.now(), today=date(2026, 11, 25))
    async with database.read() as session:
        order = (await session.scalars(select(Order))).one()
    assert order.created_at == clock.now()
