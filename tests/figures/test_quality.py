"""Quality counts what stands: a withdrawn defect or inspection counts nowhere, defects
have a category (from the reader, else from the words of the description), QC can change
it on the quality page or by the API, and the Pareto is by category with the descriptions
beneath — never a raw message such as "50.02 49.98 50.11" as a category.

By hand, on PO-1001 (孔径 50 ±0.05, 厚度 2 ±0.1, 外观无毛刺 OK/NG):
  不良20件 尺寸偏大 ........................ dimension, 20 pcs
  质检 50.02 49.98 50.11 (out of tolerance) . dimension (a measured value failed)
  不良5件 表面划伤 ......................... appearance, 5 pcs
  不良3件 包装破损, then 撤回 .............. withdrawn: counts nowhere
  质检 50.03 2.12 OK, then 撤回 ............. withdrawn: counts nowhere
  -> Pareto: 尺寸 2 (20 pcs), 外观 1 (5 pcs); the digest's 新不良 lists 3, each with that category.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.settings import Settings, load_settings
from handlers.defects import category_of
from scheduler.jobs import JobConfig, daily_digest
from storage.board import defect_pareto
from storage.db import Database
from storage.defect_categories import DefectCategory, categorize, description_shown
from storage.models import ChatBinding, ExceptionTicket, OutboxMessage
from tests.handlers.supplier_world import HUADA_CHAT, WANG, Talker, seed_world
from tests.scheduler.world import sh

AUTH = {"Authorization": "Bearer t"}
ClientFactory = Callable[..., Awaitable[TestClient[Any, Any]]]


@pytest.fixture
async def reported(database: Database, clock: FakeClock, tmp_path: Path) -> dict[str, int]:
    await seed_world(database, clock)
    wang = Talker(database, clock, HUADA_CHAT, WANG, "王工", photo_dir=tmp_path / "photos")

    async def say(text: str) -> None:
        clock.advance(timedelta(minutes=1))
        await wang.says(text)

    await say("PO-1001 不良20件 尺寸偏大")
    await say("1001 质检")
    await say("50.02 49.98 50.11")
    await say("PO-1001 不良5件 表面划伤")
    await say("PO-1001 不良3件 包装破损")
    await say("撤回")
    await say("1001 质检")
    await say("50.03 2.12 OK")
    await say("撤回")
    async with database.read() as session:
        tickets = (await session.scalars(select(ExceptionTicket).order_by(ExceptionTicket.id))).all()
    return {t.description: t.id for t in tickets} | {"withdrawn": sum(t.withdrawn_at is not None for t in tickets)}


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return load_settings(database_url=database.url, api_token="t", language="zh", photo_dir=tmp_path / "photos")


@pytest.fixture
async def client(aiohttp_client: ClientFactory, database: Database, settings: Settings, clock: FakeClock,
                 reported: dict[str, int]) -> TestClient[Any, Any]:
    app = build_app(settings, clock=clock, database=database, run_workers=False)
    web = await aiohttp_client(app)
    assert (await web.post("/login", data={"token": "t", "next": "/quality"}, allow_redirects=False)).status == 303
    return web


async def pareto(database: Database, clock: FakeClock) -> list[tuple[str, int, int, tuple[str, ...]]]:
    async with database.read() as session:
        items = await defect_pareto(session, clock.now() - timedelta(days=1), clock.now() + timedelta(minutes=1))
    return [(i.category, i.count, i.qty, tuple(text for text, _ in i.descriptions)) for i in items]


def test_the_words_of_a_description_suggest_a_category() -> None:
    assert [categorize(t) for t in ("尺寸偏大", "表面划伤", "硬度不够", "虚焊", "包装破损", "少发10件",
                                    "50.02 49.98 50.11", "scratches on the face", "")] == [
        DefectCategory.DIMENSION, DefectCategory.APPEARANCE, DefectCategory.MATERIAL, DefectCategory.FUNCTION,
        DefectCategory.PACKAGING, DefectCategory.QUANTITY, DefectCategory.OTHER, DefectCategory.APPEARANCE,
        DefectCategory.OTHER]
    assert description_shown("50.02 49.98 50.11") == description_shown("50.03 2.12 OK") == ""
    assert description_shown(" 尺寸  偏大 ") == "尺寸 偏大"


def test_the_readers_category_wins_over_the_words_when_it_is_a_known_one() -> None:
    assert category_of(SimpleNamespace(category="外观"), "尺寸偏大") == "appearance"
    assert category_of(SimpleNamespace(category="packaging"), "") == "packaging"
    assert category_of(SimpleNamespace(category="whatever"), "尺寸偏大") == "dimension"
    assert category_of(SimpleNamespace(), "尺寸偏大") == "dimension"  # a reading without the field


async def test_withdrawn_defects_and_inspections_count_nowhere(
    database: Database, clock: FakeClock, reported: dict[str, int],
) -> None:
    assert reported["withdrawn"] == 2
    assert await pareto(database, clock) == [
        ("dimension", 2, 20, ("孔径 50.11（50 ±0.05 mm）", "尺寸偏大")),  # equal counts: by text
        ("appearance", 1, 5, ("表面划伤",)),
    ]
    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id="-9", role="managers", title="管理层", language="zh",
                                created_at=clock.now()))
    assert await daily_digest(database, sh(2026, 11, 25, 8, 30), JobConfig()) >= 1
    async with database.read() as session:
        digests = [m.payload["text"] for m in (await session.scalars(select(OutboxMessage))).all()
                   if m.idempotency_key.startswith("digest:")]
    assert digests
    for text in digests:
        assert "新不良 3" in text and "包装破损" not in text and "2.12" not in text
        new_defects = text.split("新不良 3")[1].split("\n\n")[0].splitlines()[1:]
        # each line with its category, the Pareto's (storage.defect_categories.defect_category)
        assert sorted(line.split("[")[1].split("]")[0] for line in new_defects) == ["不良·外观", "不良·尺寸",
                                                                                   "检验不合格·尺寸"]


async def test_the_quality_page_draws_the_pareto_by_category_with_descriptions_beneath(
    client: TestClient[Any, Any],
) -> None:
    page = await (await client.get("/quality")).text()
    rows = re.findall(r'<tr class="pareto-row" data-category="(\w+)"><td>(\S+)', page)
    assert rows == [("dimension", "尺寸"), ("appearance", "外观")]
    assert "<li>尺寸偏大</li>" in page and "<li>表面划伤</li>" in page
    for raw in ("50.02 49.98 50.11", "50.03 2.12 OK", "包装破损"):
        assert raw not in page


async def test_qc_changes_a_category_on_the_page_and_by_the_api(
    client: TestClient[Any, Any], database: Database, clock: FakeClock, reported: dict[str, int],
) -> None:
    scratch_like = reported["尺寸偏大"]
    answer = await client.put(f"/api/v1/defects/{scratch_like}/category", json={"category": "外观"}, headers=AUTH)
    assert answer.status == 200
    assert await answer.json() == {"exception": f"EXC-{scratch_like}", "category": "appearance",
                                   "label_zh": "外观", "label_en": "Appearance"}
    assert [(c, n) for c, n, _, _ in await pareto(database, clock)] == [("appearance", 2), ("dimension", 1)]

    form = await client.post(f"/quality/defects/{scratch_like}/category",
                             data={"category": "material", "back": "/quality"}, allow_redirects=False)
    assert form.status == 303 and form.headers["Location"].startswith("/quality?saved=1")
    page = await (await client.get(form.headers["Location"])).text()
    assert f'<tr id="defect-{scratch_like}" data-exception="{scratch_like}" data-category="material">' in page
    assert "类别已保存。" in page

    # wrong input changes nothing and says why
    assert (await client.put(f"/api/v1/defects/{scratch_like}/category", json={"category": "50.02"},
                             headers=AUTH)).status == 400
    assert (await client.put("/api/v1/defects/99999/category", json={"category": "外观"}, headers=AUTH)).status == 404
    assert (await client.put(f"/api/v1/defects/{scratch_like}/category", json={"category": "外观"})).status == 401
    assert (await client.post(f"/quality/defects/{scratch_like}/category", data={"category": "other"},
                              headers={"Origin": "http://evil.example"})).status == 403
    assert [(c, n) for c, n, _, _ in await pareto(database, clock)] == [
        ("appearance", 1), ("dimension", 1), ("material", 1)]


async def test_a_buyers_token_may_not_change_a_category_but_qcs_may(
    client: TestClient[Any, Any], database: Database, clock: FakeClock, reported: dict[str, int],
) -> None:
    from storage.access import issue_token
    from storage.models import Person

    async with database.write() as session:
        tokens = {}
        for name, role in (("李娟", "buyer"), ("质检小王", "qc")):
            person = Person(name=name, role=role, language="zh", created_at=clock.now())
            session.add(person)
            await session.flush()
            tokens[role] = (await issue_token(session, person, scope="write", now=clock.now(), valid_for=None)).token
    defect = reported["表面划伤"]
    refused = await client.put(f"/api/v1/defects/{defect}/category", json={"category": "material"},
                               headers={"Authorization": f"Bearer {tokens['buyer']}"})
    assert refused.status == 403
    accepted = await client.put(f"/api/v1/defects/{defect}/category", json={"category": "material"},
                                headers={"Authorization": f"Bearer {tokens['qc']}"})
    assert accepted.status == 200
    assert [(c, n) for c, n, _, _ in await pareto(database, clock)] == [("dimension", 2), ("material", 1)]
