"""`supplierbot import FILE` and `supplierbot export FILE.xlsx`: the sheet way in and out.

An import is all or nothing: every problem of the file is printed with its row and field,
in Chinese and English, and the exit code says whether anything was written.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot.clock import Clock, SystemClock
from bot.settings import Settings
from bot.spreadsheets import OrdersXlsxWriter, Progress, read_orders
from storage.db import Database
from storage.orders import IntakeError, Problem, create_orders, list_orders

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
    clock: Clock | None = None,
) -> int:
    """Import orders from an .xlsx or .csv file. 0: all imported; 1: problems, nothing imported."""
    path = Path(path)
    try:
        drafts = await asyncio.to_thread(read_orders, path, progress=progress)
    except IntakeError as exc:
        return _report_problems(out, path, exc.problems)
    now = (clock or SystemClock()).now()
    database = Database(settings.database_url)
    try:
        async with database.write() as session:
            orders = await create_orders(
                session, drafts, actor=actor, now=now, today=now.astimezone(settings.zone).date()
            )
            by_supplier = Counter(order.supplier.name for order in orders)
    except IntakeError as exc:
        return _report_problems(out, path, exc.problems)
    finally:
        await database.dispose()
    out(f"{path.name}：已导入 {len(orders)} 个订单。")
    out(f"{path.name}: imported {len(orders)} order(s).")
    for name, count in sorted(by_supplier.items()):
        out(f"  {name}: {count}")
    return OK


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
    finally:
        await database.dispose()
    await asyncio.to_thread(writer.close)
    out(f"已导出 {writer.count} 个订单到 {path}。")
    out(f"exported {writer.count} order(s) to {path}.")
    return OK
