"""What every HTTP answer carries, who may set the forwarded headers, how large a body may
be, how guessing a token is slowed, and who may read /metrics."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from storage.db import Database
from tests.bot.test_cli import supplierbot

ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]
TOKEN = "a-long-enough-random-api-token-for-tests"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")


def make_settings(database: Database, tmp_path: Path, **overrides: Any) -> Settings:
    return load_settings(database_url=database.url, api_token=TOKEN, photo_dir=tmp_path / "photos", **overrides)


@pytest.fixture
def client_for(aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
               tmp_path: Path) -> Callable[..., Awaitable[TestClient[Any, Any]]]:
    async def make(**overrides: Any) -> TestClient[Any, Any]:
        app = build_app(make_settings(database, tmp_path, **overrides), clock=clock, database=database,
                        run_workers=False)
        return await aiohttp_client(app)

    return make


def assert_secured(headers: Any) -> None:
    for name in SECURITY_HEADERS:
        assert name in headers, f"{name} missing"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Server"] == "SupplierBot"  # no aiohttp or Python version


async def test_every_answer_carries_the_security_headers_and_no_server_version(client_for: Any) -> None:
    client = await client_for()
    for method, path, status in [("GET", "/login", 200), ("GET", "/board", 302), ("GET", "/healthz", 200),
                                 ("GET", "/api/v1/orders", 401), ("GET", "/no/such/page", 404),
                                 ("POST", "/login", 401)]:
        response = await client.request(method, path, allow_redirects=False, data={"token": "x"})
        assert response.status == status, path
        assert_secured(response.headers)
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would mean nothing


async def test_behind_a_trusted_proxy_tls_makes_the_cookie_secure_and_adds_hsts(client_for: Any) -> None:
    client = await client_for(trusted_proxies="127.0.0.1")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    response = await client.post("/login", data={"token": TOKEN}, headers=forwarded, allow_redirects=False)

    assert response.status == 303
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


async def test_forwarded_headers_from_an_untrusted_address_are_ignored(client_for: Any) -> None:
    client = await client_for(trusted_proxies="10.9.9.9")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    response = await client.post("/login", data={"token": TOKEN}, headers=forwarded, allow_redirects=False)

    assert response.status == 303
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


def test_a_trusted_proxy_setting_that_is_not_an_address_stops_start_up() -> None:
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="SUPPLIERBOT_TRUSTED_PROXIES.*not an IP address"):
        load_settings(trusted_proxies="10.0.0.1, proxy.local")


async def test_forms_and_small_json_take_small_bodies_only(client_for: Any) -> None:
    client = await client_for()
    big = "x" * (65 * 1024)

    declared = await client.post("/login", data={"token": big})
    assert declared.status == 413

    async def chunks() -> Any:  # no Content-Length: the limit must hold while reading
        for _ in range(20):
            yield b"token=" + b"x" * 8192

    streamed = await client.post("/login", data=chunks(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert streamed.status == 413
    assert_secured(streamed.headers)


async def test_the_order_batch_api_still_takes_a_large_body(client_for: Any) -> None:
    client = await client_for()
    orders = [{"po": f"PO-9{i:04d}", "supplier": "nobody", "part_no": "P" * 40, "qty": 1,
               "due_date": "2026-12-20"} for i in range(1000)]
    response = await client.post("/api/v1/orders", json=orders, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.request_info.headers["Content-Length"] and int(response.request_info.headers["Content-Length"]) > 100_000
    assert response.status == 400  # read whole and validated (an unknown supplier), not refused for its size
    assert "nobody" in await response.text()


async def test_guessing_the_login_token_is_slowed_logged_and_counted(
        client_for: Any, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    client = await client_for()
    caplog.set_level(logging.WARNING, logger="supplierbot.auth")
    statuses = []
    for guess in range(1000):
        response = await client.post("/login", data={"token": f"guess-{guess}"}, allow_redirects=False)
        statuses.append(response.status)
        if response.status == 429:
            assert int(response.headers["Retry-After"]) >= 1
            assert "稍后再试" in await response.text()

    assert statuses.count(401) == 6  # five free failures, the sixth starts the wait
    assert statuses.count(429) == 994
    assert any("refused for" in record.getMessage() for record in caplog.records)

    # The right token is not even looked at while the address waits...
    right = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert right.status == 429
    # ...and works once the wait is over.
    clock.advance(timedelta(seconds=2))
    right = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert right.status == 303

    metrics = await (await client.get("/metrics")).text()
    assert re.search(r'supplierbot_auth_failures_total\{surface="login"\} 6\.0', metrics)
    assert re.search(r'supplierbot_auth_throttled_total\{surface="login"\} 995\.0', metrics)


async def test_each_failure_past_the_allowance_doubles_the_wait(client_for: Any, clock: FakeClock) -> None:
    client = await client_for()
    headers = {"Authorization": "Bearer wrong"}
    for _ in range(6):
        assert (await client.get("/api/v1/orders", headers=headers)).status == 401
    waits = []
    for _ in range(4):
        refused = await client.get("/api/v1/orders", headers=headers)
        assert refused.status == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(timedelta(seconds=waits[-1]))
        assert (await client.get("/api/v1/orders", headers=headers)).status == 401  # one more try, then a longer wait
    assert waits == [1, 2, 4, 8]
    right = await client.get("/api/v1/orders", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status == 429  # the address still waits, whatever it sends


async def test_requests_without_a_token_are_refused_but_not_counted_as_guesses(client_for: Any) -> None:
    client = await client_for()
    for _ in range(50):
        assert (await client.get("/api/v1/orders")).status == 401
    assert (await client.get("/api/v1/orders", headers={"Authorization": f"Bearer {TOKEN}"})).status == 200


async def test_metrics_are_open_on_loopback_and_want_the_token_from_elsewhere(client_for: Any) -> None:
    open_client = await client_for(trusted_proxies="127.0.0.1")
    assert (await open_client.get("/metrics")).status == 200
    from_afar = {"X-Forwarded-For": "198.51.100.4"}
    refused = await open_client.get("/metrics", headers=from_afar)
    assert refused.status == 403
    assert "SUPPLIERBOT_METRICS_TOKEN" in await refused.text()

    guarded = await client_for(trusted_proxies="127.0.0.1", metrics_token="scrape-me")
    assert (await guarded.get("/metrics")).status == 401
    assert (await guarded.get("/metrics", headers={"Authorization": "Bearer nope"})).status == 401
    scraped = await guarded.get("/metrics", headers={**from_afar, "Authorization": "Bearer scrape-me"})
    assert scraped.status == 200
    assert "supplierbot_inbound_messages_total" in await scraped.text()


async def test_the_simulator_refuses_cross_site_posts_and_allows_only_its_own_script(client_for: Any) -> None:
    client = await client_for(simulator=True)
    page = await client.get("/simulator")
    html = await page.text()
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]

    body = {"persona": "supplier-huada", "text": "PO-1001 原材料到了"}
    forged = await client.post("/simulator/api/messages", json=body, headers={"Origin": "https://evil.example"})
    assert forged.status == 403
    own = await client.post("/simulator/api/messages", json=body,
                            headers={"Origin": f"http://{client.server.host}:{client.server.port}"})
    assert own.status != 403


def test_serve_refuses_a_short_api_token_and_doctor_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPLIERBOT_API_TOKEN", "short")
    served = supplierbot("serve", cwd=tmp_path)
    assert served.returncode == 2
    assert "at least 24" in served.stderr

    doctor = supplierbot("doctor", cwd=tmp_path)
    assert doctor.returncode != 0
    assert "API token" in doctor.stdout and "at least 24" in doctor.stdout


@pytest.mark.parametrize("path", [
    "/board?page=%C2%B2", "/board?q=%00", "/board?supplier=%00", "/orders/PO-1001%00", "/quality?from=%00",
    "/api/v1/orders?supplier=%00", "/api/v1/orders/%00",
])
async def test_odd_addresses_get_a_400_or_a_page_never_a_500(client_for: Any, path: str) -> None:
    client = await client_for()
    await client.post("/login", data={"token": TOKEN})
    response = await client.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status in (200, 400), await response.text()
    if "%00" in path:
        assert response.status == 400
        assert "control character" in await response.text()


@pytest.mark.parametrize(("body", "field"), [
    ("[" * 100_000 + "]" * 100_000, "body"),
    ('{"po": "PO-77\\ud800", "supplier": "HD", "part_no": "x", "quantity": 1, "due_date": "2026-12-20"}', "body.po"),
    ('{"po": "PO-77", "supplier": "HD", "part_no": "x\\u0007y", "quantity": 1, "due_date": "2026-12-20"}',
     "body.part_no"),
    ('{"po": "PO-77", "supplier": "HD", "part_no": "x", "quantity": 1, "due_date": "9999-12-31"}', "due_date"),
    ('{"po": "PO-77", "supplier": "HD", "part_no": "x", "quantity": 1, "due_date": "2026-12-20", "notes": "'
     + "n" * 30_000 + '"}', "notes"),
])
async def test_unstorable_or_absurd_order_fields_are_refused_with_the_field_named(
        client_for: Any, database: Database, clock: FakeClock, tmp_path: Path, body: str, field: str) -> None:
    from tests.demo_rows import seed_demo

    client = await client_for()
    await seed_demo(database, make_settings(database, tmp_path).zone, now=clock.now())
    response = await client.post("/api/v1/orders", data=body,
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status == 400
    errors = (await response.json())["errors"]
    assert [e["field"] for e in errors] == [field]
    listed = await client.get("/api/v1/orders?page_size=200", headers={"Authorization": f"Bearer {TOKEN}"})
    assert "PO-77" not in await listed.text()


@pytest.mark.parametrize(("method", "path"), [("POST", "/api/v1/orders/PO-1001/receipts"),
                                              ("PATCH", "/api/v1/orders/PO-1001"),
                                              ("PATCH", "/api/v1/orders/PO-1001/nodes")])
async def test_every_order_route_refuses_unstorable_text_with_a_400(
        client_for: Any, database: Database, clock: FakeClock, tmp_path: Path, method: str, path: str) -> None:
    from tests.demo_rows import seed_demo

    client = await client_for()
    await seed_demo(database, make_settings(database, tmp_path).zone, now=clock.now())
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for body, field in [('{"qty": 5, "lot": "L\\ud800", "reason": "x"}', "body.lot"),
                        ("[" * 100_000 + "]" * 100_000, "body")]:
        response = await client.request(method, path, data=body, headers=headers)
        assert response.status == 400, await response.text()
        assert [e["field"] for e in (await response.json())["errors"]] == [field]
