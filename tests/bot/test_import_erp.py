"""ERP exports as they come: a Kingdee-style and a U8-style subcontract-order export with
several lines per bill import as they are, re-import with --update, and show a correct
--dry-run; short supplier names match; unknown suppliers are added only when asked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.intake_cli import import_file
from bot.settings import Settings, load_settings
from storage.db import Database
from storage.models import BindingRole, ChatBinding, Milestone, Order, OrderChange, OutboxMessage, Supplier
from storage.suppliers import create_suppliers

KINGDEE = ["单据编号", "日期", "行号", "供应商", "物料编码", "物料名称", "数量", "单位", "计划完工时间", "备注"]
U8 = ["订单编号", "订单日期", "供应商编码", "行号", "存货编码", "存货名称", "主计量", "数量", "计划到货日期"]


def kingdee_rows(line2_qty: int = 300, due2: datetime = datetime(2026, 12, 18)) -> list[list[Any]]:
    return [
        ["WW2311001", datetime(2026, 11, 20), 1, "华达", "BRK-2201", "冲压支架", 1000, "件", datetime(2026, 12, 15), ""],
        ["WW2311001", datetime(2026, 11, 20), 2, "华达", "BRK-2202", "冲压盖板", line2_qty, "件", datetime(2026, 12, 15),
         ""],
        ["WW2311002", datetime(2026, 11, 21), 1, "鑫源", "PCB-0100", "主控板", 500, "块", due2, "首批"],
    ]


def write(path: Path, title: str, headers: list[str], rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([title])  # ERP list exports put the bill type above the header
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def settings_for(database: Database) -> Settings:
    return load_settings(database_url=database.url, api_token="t")


async def seed(database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        await create_suppliers(session, [{"code": "HD", "name": "华达精密"}, {"code": "XY", "name": "鑫源电子"}],
                               now=clock.now())
        hd = await session.scalar(select(Supplier.id).where(Supplier.code == "HD"))
        session.add(ChatBinding(platform="telegram", chat_id="-1001", role=BindingRole.SUPPLIER.value,
                                supplier_id=hd, language="zh", created_at=clock.now()))


async def orders(database: Database) -> dict[str, Order]:
    async with database.read() as session:
        return {o.po: o for o in (await session.execute(select(Order))).scalars()}


async def test_a_kingdee_export_imports_updates_and_dry_runs(database: Database, clock: FakeClock,
                                                             tmp_path: Path) -> None:
    await seed(database, clock)
    settings = settings_for(database)
    first = write(tmp_path / "委外订单序时簿.xlsx", "委外订单序时簿", KINGDEE, kingdee_rows())
    out: list[str] = []
    assert await import_file(settings, first, out=out.append, clock=clock) == 0, out
    found = await orders(database)
    assert sorted(found) == ["WW2311001/1", "WW2311001/2", "WW2311002"]
    assert found["WW2311001/2"].quantity == 300 and found["WW2311002"].due_date.isoformat() == "2026-12-18"
    async with database.read() as session:
        codes = dict((await session.execute(select(Order.po, Supplier.code).join(Supplier))).all())
    assert codes == {"WW2311001/1": "HD", "WW2311001/2": "HD", "WW2311002": "XY"}  # short names matched

    # the same sheet again without --update is refused whole, as before
    out.clear()
    assert await import_file(settings, first, out=out.append, clock=clock) == 1
    assert "已存在" in "\n".join(out)

    # the ERP changed two lines: a dry run shows exactly that, row by row, and writes nothing
    changed = write(tmp_path / "changed.xlsx", "委外订单序时簿", KINGDEE,
                    kingdee_rows(line2_qty=350, due2=datetime(2026, 12, 24)))
    out.clear()
    assert await import_file(settings, changed, out=out.append, clock=clock, dry_run=True) == 0
    assert out[0] == "changed.xlsx：试运行，未写入。新建 0，更新 2，共 3 行。"
    assert out[2:] == ["  第 3 行 / row 3 WW2311001/1: 无变化 / unchanged",
                       "  第 4 行 / row 4 WW2311001/2: 数量/quantity 300 → 350",
                       "  第 5 行 / row 5 WW2311002: 交期/due date 2026-12-18 → 2026-12-24"]
    assert (await orders(database))["WW2311001/2"].quantity == 300

    out.clear()
    assert await import_file(settings, changed, out=out.append, clock=clock, update=True) == 0
    assert out[0] == "changed.xlsx：已导入 0 个新订单，更新 2 个（共 3 行）。"
    after = await orders(database)
    assert after["WW2311001/2"].quantity == 350 and after["WW2311002"].due_date.isoformat() == "2026-12-24"
    async with database.read() as session:
        history = [(c.field, c.old_value, c.new_value, c.actor, c.source)
                   for c in (await session.execute(select(OrderChange).order_by(OrderChange.id))).scalars()]
        last = await session.scalar(select(Milestone.planned_date).where(Milestone.order_id == after["WW2311002"].id)
                                    .order_by(Milestone.seq.desc()).limit(1))
        told = [row.payload["text"] for row in (await session.execute(select(OutboxMessage))).scalars()]
    assert history == [("quantity", "300", "350", "import", "import"),
                       ("due_date", "2026-12-18", "2026-12-24", "import", "import")]
    assert last.isoformat() == "2026-12-24"  # the plan moved with the due date
    assert told == ["【订单变更】WW2311001/2：数量 300 → 350（原因：import）。请按新要求安排。"]

    # and once more: nothing left to do, and it says so instead of "imported"
    out.clear()
    assert await import_file(settings, changed, out=out.append, clock=clock, update=True) == 0
    assert out[0] == "changed.xlsx：没有需要导入或更新的订单（共 3 行，均无变化）。"


async def test_a_u8_export_with_unknown_suppliers(database: Database, clock: FakeClock, tmp_path: Path) -> None:
    await seed(database, clock)
    settings = settings_for(database)
    rows = [["DD0001", datetime(2026, 11, 20), "HD", 10, "BRK-1", "支架", "件", 100, datetime(2026, 12, 10)],
            ["DD0001", datetime(2026, 11, 20), "HD", 20, "BRK-2", "盖板", "件", 200, datetime(2026, 12, 12)],
            ["DD0002", datetime(2026, 11, 20), "LX", 10, "AL-9", "铝壳", "件", 50, datetime(2026, 12, 20)]]
    path = write(tmp_path / "u8.xlsx", "委外订单列表", U8, rows)
    out: list[str] = []
    assert await import_file(settings, path, out=out.append, clock=clock) == 1
    assert "第 5 行 [supplier] 供应商：未知供应商“LX”" in "\n".join(out)
    assert await orders(database) == {}
    out.clear()
    assert await import_file(settings, path, out=out.append, clock=clock, create_suppliers=True) == 0, out
    assert sorted(await orders(database)) == ["DD0001/10", "DD0001/20", "DD0002"]
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Supplier).where(Supplier.code == "LX")) == 1


async def test_one_bad_row_in_an_update_imports_nothing(database: Database, clock: FakeClock, tmp_path: Path) -> None:
    await seed(database, clock)
    settings = settings_for(database)
    assert await import_file(settings, write(tmp_path / "a.xlsx", "x", KINGDEE, kingdee_rows()), out=lambda _: None,
                             clock=clock) == 0
    rows = kingdee_rows(line2_qty=999)
    rows[2][3] = "华达"  # moves WW2311002 to another supplier: refused
    out: list[str] = []
    assert await import_file(settings, write(tmp_path / "b.xlsx", "x", KINGDEE, rows), out=out.append, clock=clock,
                             update=True) == 1
    assert "第 5 行 [supplier] 供应商：不能通过导入更换供应商" in "\n".join(out)
    assert (await orders(database))["WW2311001/2"].quantity == 300
