"""ERP sync: pulling N subcontract-order lines from the fake Kingdee WebAPI through Kingdee's SDK
(create, a mass re-plan of every line, a re-read of unchanged lines), against the sheet
import writing the same orders and the same changes (the intake and lifecycle alone),
measured in the same run on SQLite."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Row, sqlite_database
from bot.clock import FakeClock
from bot.connectors.kingdee import KingdeeConfig, KingdeeSource
from bot.connectors.sync import ErpSync
from bot.import_sync import apply_import, plan_import
from bot.settings import load_settings
from scheduler.ladder import Ladder
from storage.db import Database
from storage.order_intake import OrderDraft
from tests.fakes.kingdee_api import Bill, FakeKingdee, Line


def _modified(day: int, n: int) -> str:
    return f"2026-11-{day:02d}T{8 + n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}"


def _drafts(count: int, bump: int, due: str) -> list[OrderDraft]:
    return [OrderDraft(po=f"WW{n:05d}/1", supplier="VEN001", part_no="BRK-2201", part_name="冲压支架", unit="Pcs",
                       quantity=n + 1 + bump, release_date="2026-11-20", due_date=due) for n in range(count)]


async def run(quick: bool) -> list[Row]:
    count = 500 if quick else 2000
    clock = FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # the baseline: the sheet import's intake and update, no ERP in between
        base = Database(await sqlite_database(folder))
        settings = load_settings(database_url=base.url)
        ladder = Ladder.from_settings(settings)
        async with base.write() as session:
            from storage.suppliers import create_suppliers
            await create_suppliers(session, [{"code": "VEN001", "name": "华达精密"}], now=clock.now())
        timings: dict[str, float] = {}
        for name, bump, due, update in (("create", 0, "2026-12-15", False), ("update", 5, "2026-12-18", True)):
            drafts = _drafts(count, bump, due)
            started = time.perf_counter()
            async with base.write() as session:
                plan = await plan_import(session, drafts, today=clock.now().date(), update=update,
                                         create_suppliers=False)
                await apply_import(session, drafts, plan, actor="import", now=clock.now(), today=clock.now().date(),
                                   ladder=ladder)
            timings[f"import {name}"] = time.perf_counter() - started
        await base.dispose()

        database = Database(await sqlite_database(folder))
        async with FakeKingdee() as fake:
            for n in range(count):
                fake.add(Bill(f"WW{n:05d}", "2026-11-20T00:00:00", _modified(20, n),
                              [Line(1, ("VEN001", "华达精密"), ("BRK-2201", "冲压支架"), n + 1, "2026-12-15T00:00:00")]))
            settings = load_settings(database_url=database.url, kingdee_server_url=fake.base_url,
                                     kingdee_acct_id=fake.acct_id, kingdee_user_name=fake.user_name,
                                     kingdee_app_id=fake.app_id, kingdee_app_secret=fake.app_secret)

            async def sync(since: str | None = None) -> float:
                source = KingdeeSource(KingdeeConfig.from_settings(settings))
                started = time.perf_counter()
                await ErpSync(source, database, clock, ladder=ladder, zone=settings.zone).run(since=since)
                return time.perf_counter() - started

            timings["sync create"] = await sync()
            for n, bill in enumerate(fake.bills.values()):
                bill.modified, bill.lines[0].qty, bill.lines[0].finish = _modified(22, n), n + 6, "2026-12-18T00:00:00"
            timings["sync update"] = await sync()
            timings["sync re-read"] = await sync(since="2026-11-01")
        await database.dispose()

    def rate(seconds: float) -> str:
        return f"{count / seconds:,.0f} lines/s ({seconds:.1f} s)"

    return [
        Row("ERP sync: new lines", rate(timings["sync create"]), rate(timings["import create"]) + " sheet import",
            f"{timings['sync create'] / timings['import create']:.1f}×", f"{count} lines, Kingdee SDK + fake WebAPI"),
        Row("ERP sync: every line re-planned", rate(timings["sync update"]),
            rate(timings["import update"]) + " import --update",
            f"{timings['sync update'] / timings['import update']:.1f}×", "history, plan shift, supplier told"),
        Row("ERP sync: lines read again", rate(timings["sync re-read"]), "—", "—", "nothing changed: skipped by time"),
    ]
