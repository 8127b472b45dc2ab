"""People sign in as themselves: personal tokens with a scope and an expiry, sessions the
server can end, disabling that takes effect at once, and an audit log of who changed what."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from bot.web.session import COOKIE, LIFETIME
from storage.access import disable, issue_token, set_staff_suppliers
from storage.db import Database
from storage.models import AuditEntry, Order, Person, Receipt, Supplier
from tests.demo_rows import seed_demo

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]
MASTER = "the-master-token-used-only-for-bootstrap"
REPO = Path(__file__).resolve().parents[2]
ORDER = {"po": "PO-7001", "supplier": "HD", "part_no": "BRK-9", "quantity": 10, "due_date": "2026-12-20"}


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token=MASTER, photo_dir=tmp_path / "photos")


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings,
                 clock: FakeClock) -> TestClient[Any, Any]:
    await seed_demo(database, settings.zone, now=clock.now())
    return await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))


async def token_for(database: Database, clock: FakeClock, name: str, scope: str,
                    valid_for: timedelta | None = timedelta(days=30)) -> str:
    async with database.write() as session:
        person = await session.scalar(select(Person).where(Person.name == name))
        assert person is not None
        return (await issue_token(session, person, scope=scope, now=clock.now(), valid_for=valid_for)).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_in(client: TestClient[Any, Any], token: str) -> str:
    response = await client.post("/login", data={"token": token}, allow_redirects=False)
    assert response.status == 303
    return response.cookies[COOKIE].value


async def test_logging_out_ends_the_session_on_the_server(client: TestClient[Any, Any]) -> None:
    cookie = await sign_in(client, MASTER)
    assert (await client.get("/board", allow_redirects=False)).status == 200
    await client.post("/logout", allow_redirects=False)

    client.session.cookie_jar.clear()
    replayed = await client.get("/board", allow_redirects=False, headers={"Cookie": f"{COOKIE}={cookie}"})
    assert replayed.status == 302 and replayed.headers["Location"].startswith("/login")


async def test_a_session_ends_after_its_lifetime(client: TestClient[Any, Any], clock: FakeClock) -> None:
    await sign_in(client, MASTER)
    clock.advance(LIFETIME - timedelta(minutes=1))
    assert (await client.get("/board", allow_redirects=False)).status == 200
    clock.advance(timedelta(minutes=2))
    assert (await client.get("/board", allow_redirects=False)).status == 302


async def test_a_read_token_reads_and_a_write_token_writes_and_is_audited_by_person(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    reader = await token_for(database, clock, "李娟", "read")
    assert (await client.get("/api/v1/orders", headers=bearer(reader))).status == 200
    refused = await client.post("/api/v1/orders", json=ORDER, headers=bearer(reader))
    assert refused.status == 403 and "only read" in await refused.text()

    writer = await token_for(database, clock, "李娟", "write")  # replaces the read token
    assert (await client.get("/api/v1/orders", headers=bearer(reader))).status == 401
    created = await client.post("/api/v1/orders", json=ORDER, headers=bearer(writer))
    assert created.status == 201

    async with database.read() as session:
        person = await session.scalar(select(Person).where(Person.name == "李娟"))
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "POST /api/v1/orders"))).all()
    assert person is not None
    assert [(e.person_id, e.actor, e.surface, e.status) for e in entries] == [
        (person.id, f"person:{person.id} 李娟", "api", 201)]

    listed = await (await client.get("/api/v1/audit", headers=bearer(writer))).json()
    assert listed["items"][0]["actor"] == f"person:{person.id} 李娟"
    assert listed["items"][0]["target"] == "/api/v1/orders"


async def test_a_disabled_persons_token_and_session_stop_at_once(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    token = await token_for(database, clock, "李娟", "write")
    await sign_in(client, token)
    assert (await client.get("/board", allow_redirects=False)).status == 200
    assert (await client.get("/api/v1/orders", headers=bearer(token))).status == 200

    async with database.write() as session:
        person = await session.scalar(select(Person).where(Person.name == "李娟"))
        assert person is not None
        await disable(session, person, clock.now())

    assert (await client.get("/board", allow_redirects=False)).status == 302
    assert (await client.get("/api/v1/orders", headers=bearer(token))).status == 401
    client.session.cookie_jar.clear()
    again = await client.post("/login", data={"token": token}, allow_redirects=False)
    assert again.status == 401


async def test_an_expired_token_signs_nobody_in(client: TestClient[Any, Any], database: Database,
                                                clock: FakeClock) -> None:
    token = await token_for(database, clock, "李娟", "read", valid_for=timedelta(days=1))
    assert (await client.get("/api/v1/orders", headers=bearer(token))).status == 200
    clock.advance(timedelta(days=1, seconds=1))
    assert (await client.get("/api/v1/orders", headers=bearer(token))).status == 401
    assert (await client.post("/login", data={"token": token}, allow_redirects=False)).status == 401


async def test_the_audit_page_shows_sign_ins_and_changes_with_the_persons_name(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    token = await token_for(database, clock, "李娟", "write")
    await sign_in(client, token)
    assert (await client.post("/api/v1/orders", json=ORDER, headers=bearer(token))).status == 201
    page = await (await client.get("/audit")).text()
    assert "sign in" in page and "POST /api/v1/orders" in page
    assert page.count("李娟") >= 2


def supplierbot(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), **env}, timeout=120)


def test_people_commands_add_list_token_and_disable_as_real_processes(tmp_path: Path) -> None:
    env = {"SUPPLIERBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"}
    assert supplierbot("db", "upgrade", cwd=tmp_path, env=env).returncode == 0

    added = supplierbot("people", "add", "--name", "周敏", "--role", "buyer", "--platform", "telegram",
                        "--user", "4242", "--token", "write", "--days", "30", cwd=tmp_path, env=env)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    assert len(token) >= 40
    assert token not in (tmp_path / "p.db").read_bytes().decode("latin-1")  # stored hashed only

    listed = supplierbot("people", "list", cwd=tmp_path, env=env)
    assert "周敏\tbuyer\tactive\ttoken write until" in listed.stdout and "telegram:4242" in listed.stdout

    person_id = listed.stdout.split("\t")[0].lstrip("#")
    taken = supplierbot("people", "add", "--name", "冒名", "--role", "admin", "--platform", "telegram",
                        "--user", "4242", cwd=tmp_path, env=env)
    assert taken.returncode == 1 and "already belongs" in taken.stderr
    assert "\tall suppliers\t" in listed.stdout
    unknown = supplierbot("people", "set-scope", person_id, "--supplier", "NOPE", cwd=tmp_path, env=env)
    assert unknown.returncode == 1 and "no supplier 'NOPE'" in unknown.stderr
    assert supplierbot("people", "set-scope", person_id, "--all", cwd=tmp_path, env=env).returncode == 0
    assert supplierbot("people", "disable", person_id, cwd=tmp_path, env=env).returncode == 0
    assert "\tdisabled\t" in supplierbot("people", "list", cwd=tmp_path, env=env).stdout
    wrong = supplierbot("people", "set-role", "999", "qc", cwd=tmp_path, env=env)
    assert wrong.returncode == 1 and "no person #999" in wrong.stderr


async def scope_to(database: Database, name: str, *codes: str) -> None:
    async with database.write() as session:
        person = await session.scalar(select(Person).where(Person.name == name))
        assert person is not None
        ids = (await session.scalars(select(Supplier.id).where(Supplier.code.in_(codes)))).all()
        await set_staff_suppliers(session, person, frozenset(ids))


async def po_of(database: Database, code: str) -> str:
    async with database.read() as session:
        po = await session.scalar(select(Order.po).join(Supplier, Supplier.id == Order.supplier_id)
                                  .where(Supplier.code == code).order_by(Order.po).limit(1))
        assert po is not None
        return po


async def test_a_buyer_scoped_to_one_supplier_cannot_read_or_act_on_anothers_through_the_api(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    await scope_to(database, "李娟", "HD")
    token = bearer(await token_for(database, clock, "李娟", "write"))
    mine, theirs = await po_of(database, "HD"), await po_of(database, "XY")

    listed = await (await client.get("/api/v1/orders?limit=1000", headers=token)).json()
    assert listed["total"] > 0 and {row["supplier"]["code"] for row in listed["items"]} == {"HD"}
    assert (await client.get(f"/api/v1/orders/{mine}", headers=token)).status == 200
    assert (await client.get(f"/api/v1/orders/{theirs}", headers=token)).status == 404
    suppliers = await (await client.get("/api/v1/suppliers", headers=token)).json()
    assert [s["code"] for s in suppliers["items"]] == ["HD"]

    async with database.read() as session:
        before = await session.scalar(select(func.count()).select_from(Receipt))
    refused = await client.post(f"/api/v1/orders/{theirs}/receipts", json={"qty": 5}, headers=token)
    assert refused.status == 404
    assert (await client.patch(f"/api/v1/orders/{theirs}/nodes", json={"nodes": []}, headers=token)).status == 404
    assert (await client.delete(f"/api/v1/orders/{theirs}", json={"reason": "x"}, headers=token)).status == 404
    other = await client.post("/api/v1/orders", json={**ORDER, "supplier": "XY"}, headers=token)
    assert other.status == 400 and "不在您的范围内" in await other.text()
    assert (await client.post("/api/v1/suppliers", json={"code": "NEW", "name": "新厂"}, headers=token)).status == 403
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Receipt)) == before
        assert await session.scalar(select(Order).where(Order.po == ORDER["po"])) is None
        cancelled = await session.scalar(select(Order.status).where(Order.po == theirs))
    assert cancelled != "cancelled"
    assert (await client.post("/api/v1/orders", json=ORDER, headers=token)).status == 201  # HD: her own

    assert (await client.get("/api/v1/audit", headers=token)).status == 403  # it names every supplier's orders
    # KPIs: her supplier's, not every supplier's together, and another's are unknown to her (as its orders are)
    assert (await client.get("/api/v1/kpis?supplier=HD", headers=token)).status == 200
    assert (await client.get("/api/v1/kpis", headers=token)).status == 403
    assert (await client.get("/api/v1/kpis?supplier=XY", headers=token)).status == 404
    # the dashboard shows every supplier: someone limited to some is sent to the chat and the API
    await sign_in(client, token["Authorization"].split()[1])
    assert (await client.get("/board", allow_redirects=False)).status == 403


async def test_an_api_token_acts_within_its_persons_role(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    qc = bearer(await token_for(database, clock, "张伟", "write"))
    po = await po_of(database, "HD")
    refused = await client.delete(f"/api/v1/orders/{po}", json={"reason": "不要了"}, headers=qc)
    assert refused.status == 403 and "close_order" in await refused.text()
    assert (await client.post("/api/v1/orders", json=ORDER, headers=qc)).status == 403
    async with database.read() as session:
        assert await session.scalar(select(Order.status).where(Order.po == po)) != "cancelled"


async def test_the_people_page_adds_scopes_issues_a_token_once_and_disables(
        client: TestClient[Any, Any], database: Database, clock: FakeClock) -> None:
    await sign_in(client, MASTER)
    home = f"http://{client.server.host}:{client.server.port}"
    own = {"Origin": home}
    listed = await client.get("/people")
    assert listed.status == 200 and "李娟" in await listed.text()

    added = await client.post("/people", data={"name": "周敏", "role": "buyer", "platform": "telegram",
                                               "user": "4242"}, headers=own, allow_redirects=False)
    assert added.status == 303
    async with database.read() as session:
        person = await session.scalar(select(Person).where(Person.name == "周敏"))
    assert person is not None
    again = await client.post("/people", data={"name": "冒名", "role": "admin", "platform": "telegram",
                                               "user": "4242"}, headers=own)
    assert again.status == 400 and "already belongs" in await again.text()

    scoped = await client.post(f"/people/{person.id}/scope", data={"suppliers": ["HD"]}, headers=own,
                               allow_redirects=False)
    assert scoped.status == 303
    issued = await client.post(f"/people/{person.id}/token", data={"scope": "write", "days": "30"}, headers=own)
    page = await issued.text()
    assert issued.status == 200 and issued.headers["Cache-Control"] == "no-store"
    token = page.split('id="new-token" class="token" readonly value="', 1)[1].split('"', 1)[0]
    assert len(token) >= 40 and token not in await (await client.get("/people")).text()  # shown once
    orders = await (await client.get("/api/v1/orders?limit=1000", headers=bearer(token))).json()
    assert {row["supplier"]["code"] for row in orders["items"]} == {"HD"}

    cross = await client.post(f"/people/{person.id}/disable", headers={"Origin": "https://evil.example"})
    assert cross.status == 403
    assert (await client.get("/api/v1/orders", headers=bearer(token))).status == 200
    off = await client.post(f"/people/{person.id}/disable", headers=own, allow_redirects=False)
    assert off.status == 303
    assert (await client.get("/api/v1/orders", headers=bearer(token))).status == 401

    async with database.read() as session:
        actions = (await session.scalars(select(AuditEntry.action).where(AuditEntry.surface == "web"))).all()
    assert {"POST /people", "POST /people/{id}/scope", "POST /people/{id}/token",
            "POST /people/{id}/disable"} <= set(actions)


async def test_only_admins_see_the_people_page(client: TestClient[Any, Any], database: Database,
                                               clock: FakeClock) -> None:
    await sign_in(client, await token_for(database, clock, "李娟", "write"))
    assert (await client.get("/people")).status == 403
    assert "/people" not in await (await client.get("/board")).text()
    assert (await client.post("/people", data={"name": "x", "role": "admin"})).status == 403
