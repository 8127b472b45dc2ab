"""Pulling subcontract orders from Kingdee K/3 Cloud through Kingdee's own SDK, against a fake
WebAPI that checks the SDK's signatures: a sync creates, updates, cancels and closes orders,
refuses a bad line by bill and field and syncs the rest, runs twice without duplicates,
pages past 2,000 rows, resumes from its cursor after a kill, runs once on two replicas,
keeps a SupplierBot edit against a later ERP change as a conflict, logs in again once when
the session is lost, and says in one line when the credentials or the network are wrong."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import selectinload

from bot.clock import FakeClock
from bot.connectors.kingdee import KingdeeConfig, KingdeeSource
from bot.connectors.order_source import SourceError
from bot.connectors.sync import LEASE_TTL, ErpSync
from bot.leases import LeaseKeeper
from bot.settings import Settings, load_settings
from bot.sync_cli import sync_command
from handlers.order_changes import Change, change_order
from handlers.receiving import Actor
from scheduler.ladder import Ladder
from storage import migrate
from storage.db import Database
from storage.erp_state import sync_states
from storage.models import (
    ErpConflict,
    ErpLink,
    ErpSyncState,
    Lease,
    Order,
    OrderChange,
    OrderStatus,
    Supplier,
)
from storage.suppliers import create_suppliers
from tests.fakes.kingdee_api import Bill, FakeKingdee, Line

HUADA = ("VEN001", "华达精密")
XINYUAN = ("VEN002", "鑫源电子")


@pytest.fixture
async def kingdee() -> AsyncIterator[FakeKingdee]:
    async with FakeKingdee() as fake:
        yield fake


def settings_for(database_url: str, fake: FakeKingdee, **overrides: object) -> Settings:
    values: dict[str, object] = dict(
        database_url=database_url, api_token="t", kingdee_server_url=fake.base_url, kingdee_acct_id=fake.acct_id,
        kingdee_user_name=fake.user_name, kingdee_app_id=fake.app_id, kingdee_app_secret=fake.app_secret)
    values.update(overrides)
    return load_settings(**values)


def syncer(database: Database, settings: Settings, clock: FakeClock, owner: str = "replica-a") -> ErpSync:
    source = KingdeeSource(KingdeeConfig.from_settings(settings))
    return ErpSync(source, database, clock, ladder=Ladder.from_settings(settings), zone=settings.zone, owner=owner)


def line(seq: int, qty: object = 1000, finish: str = "2026-12-15T00:00:00", supplier: tuple[str, str] = HUADA,
         part: tuple[str, str] = ("BRK-2201", "冲压支架"), status: str = "3") -> Line:
    return Line(seq, supplier, part, qty, finish, status=status)


async def orders(database: Database) -> dict[str, Order]:
    async with database.read() as session:
        found = (await session.scalars(select(Order).options(selectinload(Order.supplier)))).all()
        return {o.po: o for o in found}


async def test_a_sync_creates_updates_cancels_closes_and_keeps_conflicts(
        database: Database, clock: FakeClock, kingdee: FakeKingdee) -> None:
    async with database.write() as session:  # one supplier is known already, under another code
        await create_suppliers(session, [{"code": "HD", "name": "华达精密"}], now=clock.now())
    kingdee.add(Bill("WW2311001", "2026-11-20T00:00:00", "2026-11-20T09:00:00.123",
                     [line(1), line(2, qty=300.0, part=("BRK-2202", "冲压盖板"))]))
    kingdee.add(Bill("WW2311002", "2026-11-21T00:00:00", "2026-11-21T10:00:00",
                     [line(1, qty=500, supplier=XINYUAN, part=("PCB-0100", "主控板"), finish="2026-12-18T00:00:00")]))
    kingdee.add(Bill("WW2311003", "2026-11-21T00:00:00", "2026-11-21T11:00:00",
                     [line(1, qty=80, finish="2026-12-20T00:00:00"), line(2, qty=12.5)]))
    settings = settings_for(database.url, kingdee)

    report = await syncer(database, settings, clock).run()
    assert report.error == ""
    assert report.counts["created"] == 4 and report.counts["refused"] == 1, report.summary()
    assert any("WW2311003/2 FTreeEntity_FQty" in p for p in report.problems), report.problems
    found = await orders(database)
    assert sorted(found) == ["WW2311001/1", "WW2311001/2", "WW2311002/1", "WW2311003/1"]
    assert found["WW2311001/2"].quantity == 300 and found["WW2311002/1"].due_date == date(2026, 12, 18)
    assert found["WW2311001/1"].supplier.code == "HD"  # matched by name
    assert found["WW2311002/1"].supplier.code == "VEN002"  # created from the ERP's supplier
    assert found["WW2311001/1"].part_name == "冲压支架" and found["WW2311001/1"].unit == "Pcs"

    # the same bills again: nothing changes, nothing twice
    again = await syncer(database, settings, clock).run()
    assert again.counts["created"] == again.counts["updated"] == 0, again.summary()
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 4
        assert await session.scalar(select(func.count()).select_from(ErpLink)) == 4
        state = await session.get(ErpSyncState, "kingdee")
        assert state is not None and state.cursor == "2026-11-21T11:00:00" and state.last_success_at is not None
    assert "FModifyDate>='2026-11-21T11:00:00'" in kingdee.queries[-1]["FilterString"]

    # a buyer moves WW2311003/1 here; then the ERP edits quantity and due dates of its bills
    clock.advance(timedelta(minutes=5))
    async with database.write() as session:
        order = await session.scalar(select(Order).where(Order.po == "WW2311003/1").options(
            selectinload(Order.supplier), selectinload(Order.milestones)))
        assert order is not None
        who = Actor(label="buyer", person_id=None, language="zh", source="chat", ladder=Ladder())
        assert (await change_order(session, order, Change(due_date=date(2026, 12, 22)), who, clock.now())).ok
    bill1 = kingdee.bills["WW2311001"]
    bill1.modified = "2026-11-22T08:00:00"
    bill1.lines[0].qty, bill1.lines[0].finish = 1200, "2026-12-19T00:00:00"
    bill1.lines[1].status = "6"  # 结案
    bill3 = kingdee.bills["WW2311003"]
    bill3.modified = "2026-11-22T09:00:00"
    bill3.lines[0].finish = "2026-12-24T00:00:00"
    bill2 = kingdee.bills["WW2311002"]
    bill2.modified, bill2.document_status, bill2.cancel_status = "2026-11-22T10:00:00", "D", "B"  # 反审核, 作废
    kingdee.expire_sessions()  # and the session has expired meanwhile
    logins = kingdee.logins

    changed = await syncer(database, settings, clock).run()
    assert changed.error == "", changed.summary()
    assert kingdee.logins == logins + 1  # logged in again, once
    c = changed.counts
    assert (c["updated"], c["closed"], c["cancelled"], c["conflicts"]) == (1, 1, 1, 1), changed.summary()
    found = await orders(database)
    assert found["WW2311001/1"].quantity == 1200 and found["WW2311001/1"].due_date == date(2026, 12, 19)
    assert found["WW2311001/2"].status == OrderStatus.CLOSED
    assert found["WW2311002/1"].status == OrderStatus.CANCELLED
    assert found["WW2311003/1"].due_date == date(2026, 12, 22)  # ours kept, not overwritten
    async with database.read() as session:
        actors = set((await session.scalars(select(OrderChange.actor).where(
            OrderChange.order_id == found["WW2311001/1"].id))).all())
        assert actors == {"kingdee"}
        conflict = (await session.scalars(select(ErpConflict))).one()
        assert (conflict.field, conflict.ours, conflict.theirs) == ("due_date", "2026-12-22", "2026-12-24")

    # once more: the conflict stays one row; nothing else moves
    last = await syncer(database, settings, clock).run()
    assert last.counts["updated"] == last.counts["cancelled"] == last.counts["closed"] == 0, last.summary()
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(ErpConflict)) == 1
        states = await sync_states(session)
    assert states[0]["conflicts"] == 1 and not states[0]["failing"]


async def let_the_lease_expire(database: Database, clock: FakeClock) -> None:
    if database.url.startswith("sqlite"):
        clock.advance(LEASE_TTL + timedelta(seconds=1))
    else:  # PostgreSQL measures leases on its own clock: the same expiry, without the wait
        async with database.write() as session:
            await session.execute(update(Lease).where(Lease.name == "erp-sync:kingdee").values(
                expires_at=text("clock_timestamp() - interval '1 second'")))


async def test_pages_past_2000_rows_and_resumes_from_its_cursor_after_a_kill(
        database: Database, clock: FakeClock, kingdee: FakeKingdee) -> None:
    for n in range(2300):
        kingdee.add(Bill(f"WW{n:05d}", "2026-11-20T00:00:00", f"2026-11-20T{8 + n // 3600:02d}:{n // 60 % 60:02d}:"
                                                               f"{n % 60:02d}", [line(1, qty=n + 1)]))
    settings = settings_for(database.url, kingdee)

    class Killed(BaseException):
        pass

    def kill_after_first_page(seen: int) -> None:
        raise Killed

    sync = syncer(database, settings, clock)
    sync.progress = kill_after_first_page
    with pytest.raises(Killed):
        await sync.run()
    assert [q["StartRow"] for q in kingdee.queries] == [0]
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 2000
        state = await session.get(ErpSyncState, "kingdee")
        assert state is not None and state.cursor == "2026-11-20T08:33:19"  # the 2,000th line's time

    # a real kill leaves the lease behind: the restarted process waits it out (3 minutes at most)
    dead = LeaseKeeper(database, "erp-sync:kingdee", "replica-a", LEASE_TTL, clock)
    assert await dead.acquire() == "replica-a"
    blocked = await syncer(database, settings, clock, owner="after-restart").run()
    assert blocked.busy == "replica-a" and len(kingdee.queries) == 1
    await let_the_lease_expire(database, clock)
    resumed = await syncer(database, settings, clock, owner="after-restart").run()
    assert resumed.counts["created"] == 300 and resumed.counts["unchanged"] == 1, resumed.summary()
    assert "FModifyDate>='2026-11-20T08:33:19'" in kingdee.queries[1]["FilterString"]
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 2300

    kingdee.queries.clear()
    full = await syncer(database, settings, clock).run(since="2026-11-01")
    # 2,000 a call, then the rest from the last time read, skipping the one line read at that time
    assert [(q["StartRow"], q["Limit"]) for q in kingdee.queries] == [(0, 2000), (1, 2000)]
    assert "FModifyDate>='2026-11-20T08:33:19'" in kingdee.queries[1]["FilterString"]
    assert full.counts["unchanged"] == 2300 and full.counts["created"] == 0



async def test_two_replicas_sync_once(database: Database, clock: FakeClock, kingdee: FakeKingdee) -> None:
    for n in range(5):
        kingdee.add(Bill(f"WW{n}", "2026-11-20T00:00:00", f"2026-11-20T09:00:0{n}", [line(1), line(2)]))
    kingdee.delay = 0.2
    settings = settings_for(database.url, kingdee)
    other = Database(database.url)  # the second replica: its own engine and connections
    try:
        a, b = await asyncio.gather(syncer(database, settings, clock, "replica-a").run(),
                                    syncer(other, settings, clock, "replica-b").run())
    finally:
        await other.dispose()
    ran, skipped = (a, b) if not a.busy else (b, a)
    assert not ran.busy and skipped.busy == ran_owner(ran, a), (a.summary(), b.summary())
    assert ran.counts["created"] == 10 and skipped.counts["created"] == 0
    assert "another replica" in skipped.summary()[1]
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 10


def ran_owner(ran: object, a: object) -> str:
    return "replica-a" if ran is a else "replica-b"


async def test_orders_imported_from_an_export_are_adopted_not_duplicated(
        database: Database, clock: FakeClock, kingdee: FakeKingdee) -> None:
    from storage.order_intake import OrderDraft, create_orders

    async with database.write() as session:  # the sheet import named them WW1/2 and (one line) WW2
        await create_suppliers(session, [{"code": "VEN001", "name": "华达精密"}], now=clock.now())
        await create_orders(session, [
            OrderDraft(po="WW1/2", supplier="VEN001", part_no="BRK-2201", part_name="冲压支架", unit="Pcs", quantity=300, due_date="2026-12-15",
                       release_date="2026-11-20"),
            OrderDraft(po="WW2", supplier="VEN001", part_no="BRK-2201", part_name="冲压支架", unit="Pcs", quantity=450, due_date="2026-12-15",
                       release_date="2026-11-20"),
        ], actor="import", now=clock.now())
    kingdee.add(Bill("WW1", "2026-11-20T00:00:00", "2026-11-20T09:00:00", [line(1), line(2, qty=300)]))
    kingdee.add(Bill("WW2", "2026-11-20T00:00:00", "2026-11-20T09:00:01", [line(1, qty=500)]))
    report = await syncer(database, database_settings := settings_for(database.url, kingdee), clock).run()
    assert (report.counts["created"], report.counts["updated"], report.counts["unchanged"]) == (1, 1, 1), \
        report.summary()
    found = await orders(database)
    assert sorted(found) == ["WW1/1", "WW1/2", "WW2"] and found["WW2"].quantity == 500
    again = await syncer(database, database_settings, clock).run()
    assert again.counts["created"] == again.counts["updated"] == 0


async def test_wrong_credentials_and_an_unreachable_erp_say_so_in_one_line(
        sqlite_url: str, clock: FakeClock, kingdee: FakeKingdee) -> None:
    kingdee.add(Bill("WW1", "2026-11-20T00:00:00", "2026-11-20T09:00:00", [line(1)]))
    database = Database(sqlite_url)
    await migrate.upgrade(database.writer)
    await database.dispose()
    out: list[str] = []
    wrong = settings_for(sqlite_url, kingdee, kingdee_app_secret="0" * 32)
    assert await sync_command(wrong, "kingdee", out=out.append, clock=clock) == 1
    assert len(out) == 1 and out[0].startswith("kingdee: ✘ Kingdee refused the login"), out
    out.clear()
    gone = settings_for(sqlite_url, kingdee, kingdee_server_url="http://127.0.0.1:9/k3cloud/")
    assert await sync_command(gone, "kingdee", out=out.append, clock=clock) == 1
    assert out == ["kingdee: ✘ Kingdee unreachable at http://127.0.0.1:9/k3cloud/: ConnectionError"], out
    database = Database(sqlite_url)
    try:
        async with database.read() as session:
            state = await session.get(ErpSyncState, "kingdee")
            assert state is not None and "unreachable" in state.last_error and state.last_success_at is None
            assert await session.scalar(select(func.count()).select_from(Supplier)) == 0
    finally:
        await database.dispose()
    out.clear()
    assert await sync_command(wrong, "u8", out=out.append, clock=clock) == 2
    assert "supplierbot import" in out[0]


async def test_a_dry_run_writes_nothing_and_the_scheduled_sync_runs_when_due(
        database: Database, clock: FakeClock, kingdee: FakeKingdee) -> None:
    from scheduler.runner import SchedulerService

    kingdee.add(Bill("WW1", "2026-11-20T00:00:00", "2026-11-20T09:00:00", [line(1), line(2, qty="abc")]))
    settings = settings_for(database.url, kingdee, kingdee_sync_minutes=15)
    out: list[str] = []
    assert await sync_command(settings, "kingdee", dry_run=True, out=out.append, clock=clock) == 0
    assert "试运行" in out[0] and "dry run, nothing written. 1 created" in out[1], out
    assert any("WW1/2 FTreeEntity_FQty" in o for o in out), out
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 0
        state = await session.get(ErpSyncState, "kingdee")
        assert state is not None and state.cursor == "" and state.last_attempt_at is None

    from bot.sync_cli import scheduled_sync
    service = SchedulerService(database, clock, jobs={})
    service.add("erp_sync:kingdee", scheduled_sync("kingdee", settings, clock, Ladder.from_settings(settings)))
    assert (await service.tick())["erp_sync:kingdee"] == 1  # never synced: due
    kingdee.add(Bill("WW2", "2026-11-20T00:00:00", "2026-11-20T10:00:00", [line(1)]))
    clock.advance(timedelta(minutes=10))
    assert (await service.tick())["erp_sync:kingdee"] == 0  # 10 of 15 minutes: not due yet, on any replica
    clock.advance(timedelta(minutes=6))
    assert (await service.tick())["erp_sync:kingdee"] == 1
    kingdee.app_secret = "changed-in-kingdee-000000000000"  # the secret was reset in Kingdee
    clock.advance(timedelta(minutes=16))
    assert (await service.tick())["erp_sync:kingdee"] == 0  # logged, recorded, the service goes on
    async with database.read() as session:
        state = await session.get(ErpSyncState, "kingdee")
        assert state is not None and state.last_error.startswith("Kingdee refused the login")
        assert state.last_error_at == clock.now() and state.last_success_at is not None
        assert (await sync_states(session))[0]["failing"]


def test_the_field_map_is_a_setting_and_a_bad_key_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPLIERBOT_KINGDEE_FIELDS", '{"notes": "", "due_date": "FTreeEntity_FFinishDate"}')
    settings = load_settings(kingdee_form_id="SUB_SUBREQORDER")
    config = KingdeeConfig.from_settings(settings)
    assert config.fields["due_date"] == "FTreeEntity_FFinishDate" and config.fields["notes"] == ""
    assert config.fields["quantity"] == "FTreeEntity_FQty" and config.closed_values == ("6", "7")
    purchase = KingdeeConfig.from_settings(load_settings(kingdee_form_id="PUR_PurchaseOrder",
                                                         kingdee_filter="FBusinessType='WW'"))
    assert purchase.fields["line"] == "FPOOrderEntry_FSeq" and purchase.closed_values == ("B",)
    monkeypatch.setenv("SUPPLIERBOT_KINGDEE_FIELDS", '{"quantity": "FQty; DROP"}')
    with pytest.raises(SourceError, match="quantity = 'FQty; DROP' is not a field key"):
        KingdeeConfig.from_settings(load_settings())
    monkeypatch.setenv("SUPPLIERBOT_KINGDEE_FIELDS", '{"bill": ""}')
    with pytest.raises(SourceError, match="lacks bill"):
        KingdeeConfig.from_settings(load_settings())


async def test_what_a_proxy_or_a_broken_erp_answers_is_one_line_and_changes_nothing(
        sqlite_url: str, clock: FakeClock, kingdee: FakeKingdee) -> None:
    kingdee.add(Bill("WW1", "2026-11-20T00:00:00", "2026-11-20T09:00:00", [line(1)]))
    source = KingdeeSource(KingdeeConfig.from_settings(settings_for(sqlite_url, kingdee)))
    kingdee.answer_html, kingdee.html_status = 1, 200
    with pytest.raises(SourceError, match="^Kingdee answered something that is not JSON: <html>"):
        await source.check()
    kingdee.answer_html, kingdee.html_status = 1, 502
    with pytest.raises(SourceError, match="^Kingdee answered with an error: <html>"):
        await source.check()
    wrong_form = KingdeeSource(KingdeeConfig.from_settings(settings_for(sqlite_url, kingdee,
                                                                        kingdee_form_id="SUB_POORDER")))
    with pytest.raises(SourceError, match="refused the query on SUB_POORDER: 业务对象“SUB_POORDER”不存在"):
        await wrong_form.check()
    typo = KingdeeSource(KingdeeConfig.from_settings(settings_for(
        sqlite_url, kingdee, kingdee_fields={"due_date": "FTreeEntity_FPlanFinshDate"})))
    with pytest.raises(SourceError, match="字段“FTreeEntity_FPlanFinshDate”不存在"):
        await typo.check()
    assert "answered (SUB_SUBREQORDER, account 6512f0a1c3)" in await source.check()


async def test_a_bill_edited_while_the_sync_pages_is_neither_skipped_nor_lost(
        sqlite_url: str, clock: FakeClock, kingdee: FakeKingdee) -> None:
    """Under StartRow paging an edit during the sync moves its bill to the end and every later line
    up one: the 2,001st line would be skipped for good. Keyset paging reads every line."""
    for n in range(2003):
        kingdee.add(Bill(f"WW{n:05d}", "2026-11-20T00:00:00", f"2026-11-20T{8 + n // 3600:02d}:{n // 60 % 60:02d}:"
                                                               f"{n % 60:02d}", [line(1, qty=n + 1)]))
    database = Database(sqlite_url)
    sync = syncer(database, settings_for(sqlite_url, kingdee), clock)

    def edit_during_the_sync(seen: int) -> None:
        if seen == 2000:
            bill = kingdee.bills["WW00005"]
            bill.modified, bill.lines[0].qty = "2026-11-21T08:00:00", 7777

    sync.progress = edit_during_the_sync
    try:
        report = await sync.run()
        assert report.counts["created"] == 2003 and report.counts["updated"] == 1, report.summary()
        found = await orders(database)
        assert len(found) == 2003 and found["WW00005/1"].quantity == 7777
    finally:
        await database.dispose()
