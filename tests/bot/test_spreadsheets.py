"""Sheet import and export: real-looking .xlsx and GBK .csv files, on both engines."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select

from bot.clock import FakeClock
from bot.intake_cli import export_file, import_file
from bot.settings import Settings, load_settings
from bot.spreadsheets import match_header, read_orders, write_orders_xlsx
from storage.db import Database
from storage.intake_fields import IntakeError
from storage.models import Milestone, Order
from storage.order_queries import list_orders
from storage.suppliers import create_suppliers

TITLE = "2026年11月 外协加工订单跟踪表"
HEADERS = ["序号", "PO号", "供应商", "物料编码", "品名", "工艺", "数量(件)", "单位", "下单日期", "交期",
           "紧急", "采购员", "备注", "表面颜色"]
PROCESSES = ["冲压", "SMT贴片", "机加工", "电镀", "喷涂", "热处理"]


def sheet_rows(count: int = 20) -> list[list[Any]]:
    rows = []
    for i in range(count):
        release = datetime(2026, 11, 2 + i % 20)
        rows.append([
            i + 1, f"PO-{1001 + i}", "华达冲压" if i % 2 == 0 else "XY", f"BRK-{100 + i}", f"支架{i}",
            PROCESSES[i % len(PROCESSES)], float(500 + 100 * i), "件", release, release + timedelta(days=20 + i),
            "是" if i % 5 == 0 else "", "王芳" if i % 3 == 0 else "", "首批" if i == 0 else None, "银色",
        ])
    return rows


def write_xlsx(path: Path, rows: list[list[Any]], *, headers: list[str] = HEADERS, blank_at: int | None = 8) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for index, row in enumerate(rows):
        if index == blank_at:
            sheet.append([])
        sheet.append(row)
    for cell in sheet["I"][2:] + sheet["J"][2:]:
        cell.number_format = "yyyy/m/d"
    workbook.save(path)
    return path


def settings_for(database: Database) -> Settings:
    return load_settings(database_url=database.url, api_token="t")


async def add_suppliers(database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        await create_suppliers(session, [{"code": "HD", "name": "华达冲压"}, {"code": "XY", "name": "鑫源电子"}],
                               now=clock.now())


async def order_count(database: Database) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(Order)) or 0


# --- reading ------------------------------------------------------------------------------

def test_headers_in_chinese_and_english_are_recognised() -> None:
    columns, flags = match_header(["序号", "*PO号", "Supplier", "零件号", "Part name", "工序", "Qty", "Unit",
                                   "发布日期", "交货日期", "紧急", "跟单", "Remarks", "颜色"])
    assert columns == {"po": 1, "supplier": 2, "part_no": 3, "part_name": 4, "process": 5, "quantity": 6,
                       "unit": 7, "release_date": 8, "due_date": 9, "priority": 10, "buyer": 11, "notes": 12}
    assert flags == {"priority"}
    columns, flags = match_header(["PO No.", "采购单号", "交期 / Due date", "数量\nQuantity", "优先级 / Priority"])
    assert columns == {"po": 0, "due_date": 2, "quantity": 3, "priority": 4}
    assert not flags


def test_a_real_looking_sheet_is_read_row_by_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "orders.xlsx", sheet_rows())
    seen: list[tuple[int, int]] = []
    drafts = read_orders(path, progress=lambda done, total: seen.append((done, total)))
    assert len(drafts) == 20
    first, ninth = drafts[0], drafts[8]
    assert (first.row, first.po, first.supplier, first.quantity) == (3, "PO-1001", "华达冲压", 500.0)
    assert (first.release_date, first.due_date, first.priority, first.notes) == (
        date(2026, 11, 2), date(2026, 11, 22), "urgent", "首批")
    assert (drafts[1].priority, drafts[1].process) == ("normal", "SMT贴片")
    assert ninth.row == 12  # the blank row 11 is skipped, numbering stays the sheet's
    assert seen and seen[-1][0] == seen[-1][1] == 23


def test_a_missing_required_column_is_one_clear_problem(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h != "交期"]
    rows = [[c for i, c in enumerate(r) if HEADERS[i] != "交期"] for r in sheet_rows(3)]
    path = write_xlsx(tmp_path / "no-due.xlsx", rows, headers=headers, blank_at=None)
    with pytest.raises(IntakeError) as caught:
        read_orders(path)
    [found] = caught.value.problems
    assert (found.row, found.field) == (2, "due_date")
    assert "交期" in found.message_zh and "Due date" in found.message_en


def test_files_that_are_not_sheets_are_refused(tmp_path: Path) -> None:
    old = tmp_path / "orders.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(IntakeError, match="save it as .xlsx"):
        read_orders(old)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(IntakeError, match="cannot open"):
        read_orders(broken)
    with pytest.raises(IntakeError, match="no such file"):
        read_orders(tmp_path / "absent.csv")


def test_a_sheet_without_a_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(IntakeError, match="no header row"):
        read_orders(path)


@pytest.mark.parametrize(("encoding", "delimiter"), [("gbk", ","), ("utf-8-sig", ","), ("utf-8", ";"),
                                                      ("gb18030", "\t")])
def test_csv_in_the_encodings_excel_writes(tmp_path: Path, encoding: str, delimiter: str) -> None:
    lines = [
        ["采购订单号", "供应商名称", "料号", "名称", "加工工艺", "订单数量", "下单日期", "交货日期", "优先级", "说明"],
        ["PO-3001", "华达冲压", "SCR-1", "螺钉", "电镀", "1,000", "2026/11/3", "2026年12月3日", "加急", "镀锌，蓝白"],
        ["", "", "", "", "", "", "", "", "", ""],
        ["PO-3002", "鑫源电子", "PCB-7", "主板", "SMT", "300", "2026-11-05", "2026-12-10", "", ""],
    ]
    path = tmp_path / "orders.csv"
    path.write_text("\r\n".join(delimiter.join(line) if delimiter != "," else ",".join(
        f'"{cell}"' if "," in cell else cell for cell in line) for line in lines) + "\r\n", encoding=encoding)
    drafts = read_orders(path)
    assert [(d.row, d.po, d.part_name, d.quantity, d.due_date, d.priority) for d in drafts] == [
        (2, "PO-3001", "螺钉", "1,000", "2026年12月3日", "加急"),
        (4, "PO-3002", "主板", "300", "2026-12-10", ""),
    ]
    assert drafts[0].notes == "镀锌，蓝白"


# --- importing ----------------------------------------------------------------------------

async def test_importing_a_sheet_creates_every_order(database: Database, clock: FakeClock, tmp_path: Path) -> None:
    await add_suppliers(database, clock)
    path = write_xlsx(tmp_path / "外协订单.xlsx", sheet_rows())
    out: list[str] = []
    assert await import_file(settings_for(database), path, out=out.append, clock=clock) == 0
    assert "已导入 20 个订单" in out[0] and "imported 20 order(s)" in out[1]
    async with database.read() as session:
        orders = (await session.scalars(select(Order).order_by(Order.id))).all()
        milestones = await session.scalar(select(func.count()).select_from(Milestone))
    assert len(orders) == 20 and milestones == 120
    first = orders[0]
    assert (first.po, first.po_key, first.process, first.quantity, first.unit, first.priority) == (
        "PO-1001", "1001", "stamping", 500, "件", "urgent")
    assert (first.release_date, first.due_date, first.created_by, first.created_at) == (
        date(2026, 11, 2), date(2026, 11, 22), "import", clock.now())
    assert [o.process for o in orders[:6]] == ["stamping", "smt", "machining", "plating", "coating", "heat_treatment"]
    assert sum(o.priority == "urgent" for o in orders) == 4


async def test_a_gbk_csv_is_imported(database: Database, clock: FakeClock, tmp_path: Path) -> None:
    await add_suppliers(database, clock)
    path = tmp_path / "orders.csv"
    path.write_bytes(
        "PO号,供应商,物料编码,品名,工艺,数量,交期,紧急\r\n"
        "PO-5001,HD,BRK-1,支架,冲压,800,2026/12/3,是\r\n"
        "PO-5002,鑫源电子,PCB-2,控制板,SMT贴片,120,2026年12月20日,\r\n".encode("gbk")
    )
    assert await import_file(settings_for(database), path, out=lambda _: None, clock=clock) == 0
    async with database.read() as session:
        rows, total = await list_orders(session)
    assert total == 2
    assert [(r["po"], r["supplier"]["code"], r["part_name"], r["due_date"], r["priority"], r["release_date"])
            for r in rows] == [
        ("PO-5001", "HD", "支架", "2026-12-03", "urgent", "2026-11-24"),
        ("PO-5002", "XY", "控制板", "2026-12-20", "normal", "2026-11-24"),
    ]


async def test_bad_rows_import_nothing_and_each_problem_names_row_and_field(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    await add_suppliers(database, clock)
    rows = sheet_rows()
    rows[13][9] = datetime(2026, 10, 1)  # due before release
    rows[15][6] = -20
    rows[17][1] = "po1002"  # the same PO as the second row
    path = write_xlsx(tmp_path / "bad.xlsx", rows, blank_at=None)
    out: list[str] = []
    assert await import_file(settings_for(database), path, out=out.append, clock=clock) == 1
    text = "\n".join(out)
    assert "发现 3 个问题，未导入任何订单" in text and "3 problem(s) found; nothing was imported" in text
    assert "第 16 行 [due_date] 交期：2026-10-01 早于下单日期" in text
    assert "row 16 [due_date] Due date: 2026-10-01 is before the release date" in text
    assert "第 18 行 [quantity]" in text and "row 20 [po]" in text and "row 4" in text
    assert await order_count(database) == 0


async def test_a_missing_file_is_reported(database: Database, tmp_path: Path) -> None:
    out: list[str] = []
    assert await import_file(settings_for(database), tmp_path / "nope.xlsx", out=out.append) == 1
    assert "no such file" in "\n".join(out)


# --- export -------------------------------------------------------------------------------

async def test_export_then_reimport_gives_the_same_orders(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    await add_suppliers(database, clock)
    settings = settings_for(database)
    assert await import_file(settings, write_xlsx(tmp_path / "in.xlsx", sheet_rows()), out=lambda _: None,
                             clock=clock) == 0
    async with database.read() as session:
        before, _ = await list_orders(session, limit=1000)

    exported = tmp_path / "out" / "orders.xlsx"
    progress: list[tuple[int, int]] = []
    out: list[str] = []
    assert await export_file(settings, exported, out.append, progress=lambda d, t: progress.append((d, t)),
                             clock=clock) == 0
    assert "已导出 20 个订单" in out[0] and progress[-1] == (20, 20)

    workbook = load_workbook(exported)
    sheet = workbook.active
    assert sheet is not None
    assert sheet["A1"].value == "PO号 / PO No." and sheet["J1"].value == "交期 / Due date"
    assert sheet.column_dimensions["A"].width == 16
    assert isinstance(sheet["J2"].value, datetime) and sheet["J2"].number_format == "yyyy-mm-dd"
    assert sheet.max_row == 21

    async with database.write() as session:
        await session.execute(delete(Order))
    assert await import_file(settings, exported, out=lambda _: None, clock=clock) == 0
    async with database.read() as session:
        after, _ = await list_orders(session, limit=1000)
    keys = ("po", "supplier", "part_no", "part_name", "process", "quantity", "unit", "release_date", "due_date",
            "priority", "buyer", "notes", "current_node")
    assert [{k: r[k] for k in keys} for r in after] == [{k: r[k] for k in keys} for r in before]


def test_writing_reports_progress(tmp_path: Path) -> None:
    row = {"po": "PO-1", "supplier": {"code": "HD", "name": "华达"}, "part_no": "A", "part_name": "", "process": "x",
           "quantity": 1, "unit": "pcs", "release_date": "2026-11-01", "due_date": "2026-12-01",
           "priority": "urgent", "status": "released", "buyer": None, "notes": "", "current_node": None}
    seen: list[tuple[int, int]] = []
    assert write_orders_xlsx(tmp_path / "o.xlsx", [row] * 450, total=450,
                             progress=lambda d, t: seen.append((d, t))) == 450
    assert seen == [(200, 450), (400, 450), (450, 450)]
    sheet = load_workbook(tmp_path / "o.xlsx").active
    assert sheet is not None and sheet["K2"].value == "紧急" and sheet["P2"].value is None


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)",
                                   "ok\x07bell\x00nul"])
def test_every_exported_cell_that_came_from_people_is_text(tmp_path: Path, typed: str) -> None:
    row = {"po": "PO-1", "supplier": {"code": "HD", "name": typed}, "part_no": typed, "part_name": typed,
           "process": "x", "quantity": 1, "unit": "pcs", "release_date": "2026-11-01", "due_date": "2026-12-01",
           "priority": "urgent", "status": "released", "buyer": typed, "notes": typed, "current_node": None}
    assert write_orders_xlsx(tmp_path / "o.xlsx", [row]) == 1

    sheet = load_workbook(tmp_path / "o.xlsx").active
    assert sheet is not None
    texts = [cell for cell in sheet[2] if isinstance(cell.value, str) and cell.value.strip("\x07\x00")[:2] in
             (typed[:2], "ok")]
    assert len(texts) >= 4
    for cell in texts:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert not any(ord(ch) < 0x20 for ch in cell.value)
    assert isinstance(sheet["J2"].value, datetime)  # dates we made stay dates
