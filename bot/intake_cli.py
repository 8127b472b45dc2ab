"""`supplierbot import FILE` and `supplierbot export FILE.xlsx`: the sheet way in and out.

An import is all or nothing: every problem of the file is printed with its row and field,
in Chinese and English, and the exit code says whether anything was written. The file is
judged whole before anything is written, then written in short chunks (`bot.import_chunks`)
so the service's webhooks keep the writer while a big sheet goes in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from bot.clock import Clock, SystemClock
from bot.import_chunks import ImportCutShort, apply_in_chunks, create_in_chunks
from bot.import_sync import plan_import
from bot.settings import Settings
from bot.spreadsheets import OrdersXlsxWriter, Progress, read_orders
from handlers.materials import lot_trace_rows
from scheduler.ladder import Ladder
from storage.db import Database
from storage.intake_fields import IntakeError, Problem
from storage.order_intake import check_orders
from storage.order_queries import list_orders

Out = Callable[[str], None]
EXPORT_PAGE = 500
OK, PROBLEMS = 0, 1


def format_problem(problem: Problem) -> str:
    """Two lines, Chinese then English, each naming the row and the field."""
    if problem.row is not None:
        return (f"  第 {problem.row} 行 [{problem.field}] {problem.message_zh}\n"
                f"  row {problem.row} [{problem.field}] {problem.message_en}")
    return f"  [{problem.field}] {problem.message_zh}\n  [{problem.field}] {problem.message_en}"


def _report_problems(out: Out, path: Path, problems: list[Problem]) -> int:
    out(f"{path.name}：发现 {len(problems)} 个问题，未导入任何订单。")
    out(f"{path.name}: {len(problems)} problem(s) found; nothing was imported.")
    for problem in problems:
        out(format_problem(problem))
    return PROBLEMS


async def import_file(
    settings: Settings,
    path: str | Path,
    *,
    actor: str = "import",
    out: Out = print,
    progress: Progress | None = None,
    written: Progress | None = None,
    clock: Clock | None = None,
    update: bool = False,
    dry_run: bool = False,
    create_suppliers: bool = False,
) -> int:
    """Import orders from an .xlsx or .csv file. 0: imported (or, with `dry_run`, could be);
    1: problems, nothing imported. `update` changes the orders that exist instead of refusing
    them; `dry_run` prints the differences row by row and writes nothing. The file is judged
    whole on a read connection, then written in chunks (`bot.import_chunks`); `progress` counts
    the rows read, `written` the rows written."""
    path = Path(path)
    try:
        drafts = await asyncio.to_thread(read_orders, path, progress=progress)
    except IntakeError as exc:
        return _report_problems(out, path, exc.problems)
    now = (clock or SystemClock()).now()
    today = now.astimezone(settings.zone).date()
    database = Database(settings.database_url)
    try:
        if dry_run or update or create_suppliers:
            async with database.read() as session:
                plan = await plan_import(session, drafts, today=today, update=update or dry_run,
                                         create_suppliers=create_suppliers)
            if dry_run:
                out(f"{path.name}：试运行，未写入。新建 {plan.created}，更新 {plan.updated}，共 {len(drafts)} 行。")
                out(f"{path.name}: dry run, nothing written. {plan.created} new, {plan.updated} changed, "
                    f"{len(drafts)} row(s).")
                for line in plan.lines():
                    out(line)
                return OK
            result = await apply_in_chunks(database, drafts, plan, actor=actor, now=now, today=today,
                                           ladder=Ladder.from_settings(settings), written=written)
            created, updated = plan.created, plan.updated
        else:
            async with database.read() as session:
                await check_orders(session, drafts, today=today, ensure=False)
            result = await create_in_chunks(database, drafts, actor=actor, now=now, today=today, written=written)
            created, updated = result.created, 0
        by_supplier = result.by_supplier
    except ImportCutShort as exc:
        return _report_cut_short(out, path, exc)
    except IntakeError as exc:
        return _report_problems(out, path, exc.problems)
    finally:
        await database.dispose()
    if created + updated == 0:
        out(f"{path.name}：没有需要导入或更新的订单（共 {len(drafts)} 行，均无变化）。")
        out(f"{path.name}: nothing to import or change ({len(drafts)} row(s), all unchanged).")
        return OK
    if updated:
        out(f"{path.name}：已导入 {created} 个新订单，更新 {updated} 个（共 {len(drafts)} 行）。")
        out(f"{path.name}: imported {created} new order(s), updated {updated} ({len(drafts)} row(s)).")
    else:
        out(f"{path.name}：已导入 {created} 个订单。")
        out(f"{path.name}: imported {created} order(s).")
    for name, count in sorted(by_supplier.items()):
        out(f"  {name}: {count}")
    return OK


def _report_cut_short(out: Out, path: Path, exc: ImportCutShort) -> int:
    """Some chunks were written before one was refused: say so, and how to finish."""
    rows = exc.written.rows
    out(f"{path.name}：前 {rows} 行已写入，其后发现 {len(exc.problems)} 个问题，其余未导入。"
        f"改正后用 `supplierbot import --update {path.name}` 完成导入（已写入的行不会重复）。")
    out(f"{path.name}: the first {rows} row(s) were written, then {len(exc.problems)} problem(s) stopped the rest. "
        f"Fix them and run `supplierbot import --update {path.name}` to finish (rows written are not written twice).")
    for problem in exc.problems:
        out(format_problem(problem))
    return PROBLEMS


async def export_file(
    settings: Settings,
    path: str | Path,
    out: Out = print,
    *,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> int:
    """Export every order to an .xlsx file that `import` reads back. 0 on success."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        out(f"请使用 .xlsx 文件名：{path.name}")
        out(f"export writes .xlsx files: {path.name}")
        return PROBLEMS
    today = (clock or SystemClock()).now().astimezone(settings.zone).date()
    database = Database(settings.database_url)
    writer = OrdersXlsxWriter(path)
    try:
        async with database.read() as session:
            offset, total = 0, None
            while total is None or offset < total:
                rows, total = await list_orders(session, limit=EXPORT_PAGE, offset=offset, today=today)
                if not rows:
                    break
                for row in rows:
                    writer.append(row)
                offset += len(rows)
                if progress is not None:
                    progress(writer.count, total)
            for lot in await lot_trace_rows(session):
                writer.append_lot(lot)
    finally:
        await database.dispose()
    await asyncio.to_thread(writer.close)
    out(f"已导出 {writer.count} 个订单到 {path}。")
    out(f"exported {writer.count} order(s) to {path}.")
    return OK
