"""The web chat simulator talks to the bot through the same inbox, handlers and outbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot.app import RUNTIME, build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from tests.demo_rows import seed_demo


@pytest.fixture
async def simulator(aiohttp_client, database: Database, clock: FakeClock, tmp_path: Path) -> TestClient:  # noqa: ANN001
    settings = Settings(database_url=database.url, simulator=True, photo_dir=tmp_path / "photos")
    await seed_demo(database, settings.zone, now=clock.now())
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    return await aiohttp_client(app)


async def deliver(client: TestClient) -> None:
    runtime = client.app[RUNTIME]
    await runtime.pipeline.process_pending()
    await runtime.dispatcher.dispatch_once()


async def test_the_page_and_the_personas_are_served(simulator: TestClient) -> None:
    page = await simulator.get("/simulator")
    assert page.status == 200 and "SupplierBot" in await page.text()
    personas = await (await simulator.get("/simulator/api/personas")).json()
    assert {"supplier-huada", "buyer"} <= {p["key"] for p in personas}


async def test_a_supplier_message_gets_an_answer_in_the_same_chat(simulator: TestClient) -> None:
    posted = await simulator.post("/simulator/api/messages", json={"persona": "supplier-huada",
                                                                    "text": "PO-1001 原材料到了"})
    assert posted.status == 201
    await deliver(simulator)
    transcript = await (await simulator.get("/simulator/api/messages?persona=supplier-huada")).json()
    assert [m["from"] for m in transcript] == ["user", "bot"]
    assert "1001" in transcript[1]["text"]
    other = await (await simulator.get("/simulator/api/messages?persona=buyer")).json()
    assert other == []


@pytest.mark.parametrize("body", [{"persona": "nobody", "text": "hi"}, {"persona": "buyer", "text": ""},
                                  {"persona": "buyer", "text": "x" * 5000}])
async def test_bad_simulator_input_is_refused_and_stores_nothing(simulator: TestClient, body: dict) -> None:
    response = await simulator.post("/simulator/api/messages", json=body)
    assert response.status == 400
    assert simulator.app[RUNTIME].pipeline.accepted == 0


async def test_a_non_json_body_is_a_400(simulator: TestClient) -> None:
    response = await simulator.post("/simulator/api/messages", data=b"not json",
                                    headers={"Content-Type": "application/json"})
    assert response.status == 400
