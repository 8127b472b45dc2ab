"""The supplier world most conversation tests talk in (tests/handlers/supplier_world.py):
华达's 王工 in chat -1001, seeded once per test. A file that needs another world defines its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import FakeClock
from storage.db import Database
from tests.handlers.supplier_world import HUADA_CHAT, WANG, Talker, seed_world


@pytest.fixture
async def world(database: Database, clock: FakeClock) -> Database:
    await seed_world(database, clock)
    return database


@pytest.fixture
def wang(world: Database, clock: FakeClock, tmp_path: Path) -> Talker:
    return Talker(world, clock, HUADA_CHAT, WANG, "王工", photo_dir=tmp_path / "photos")
