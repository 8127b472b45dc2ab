"""How often the chat shows a reading first instead of recording it, on ordinary traffic.

Issue 14: confirm-first must stay rare, about 1 message in 10 at most. Every supplier
phrase of tests/data/supplier_phrases.jsonl is sent, each in a fresh copy of one world in
which every order it names exists (2000 pcs, nothing reported yet), and its outcome counted:
recorded, shown first (✔ / ✘), asked, or answered without a record. The figures are printed.
The world is generic (2000 pcs, Ø50/2 mm inspection plan): some phrases are shown first only
because their totals or values belong to another order, so the real rate is lower.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.clock import FakeClock
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, WANG, Talker, add_order, payloads, seed_world

CORPUS = Path(__file__).resolve().parents[1] / "data" / "supplier_phrases.jsonl"
MAX_CONFIRM_SHARE = 0.10
SAMPLE_EVERY = 1


def _pos(expect: dict) -> set[str]:
    found = {expect["po"]} if isinstance(expect.get("po"), str) else set()
    for item in expect.get("also") or ():
        found |= _pos(item)
    return found


async def test_confirm_first_stays_rare_on_ordinary_supplier_traffic(sqlite_url: str, tmp_path: Path) -> None:
    phrases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    phrases = [p for p in phrases if p["role"] == "supplier"][::SAMPLE_EVERY]
    clock = FakeClock(datetime.fromisoformat("2026-11-24T10:00:00+08:00"))
    template = Database(sqlite_url)
    await seed_world(template, clock)
    for po in sorted(set().union(*(_pos(p["expect"]) for p in phrases)) - {"1001"}):
        await add_order(template, clock, f"PO-{po}" if po.isdigit() else po)
    await template.dispose()
    source = Path(sqlite_url.split("///", 1)[1])

    outcomes: Counter[str] = Counter()
    shown: list[str] = []
    for index, phrase in enumerate(phrases):
        copy = tmp_path / f"w{index}.db"
        shutil.copy(source, copy)
        database = Database(f"sqlite+aiosqlite:///{copy}")
        clock = FakeClock(datetime.fromisoformat(phrase["now"]))
        try:
            replies = await Talker(database, clock, HUADA_CHAT, WANG, "王工").says(phrase["text"])
            async with database.read() as session:
                recorded = await session.scalar(select(func.count()).select_from(ProgressReport))
        finally:
            await database.dispose()
            copy.unlink()
        choices = [p for r in replies for p in payloads(r)]
        if any(p.endswith(":yes") for p in choices):
            outcomes["confirm_first"] += 1
            shown.append(phrase["text"])
        elif recorded:
            outcomes["recorded"] += 1
        elif choices or any("？" in r.text or "?" in r.text for r in replies):
            outcomes["asked"] += 1
        else:
            outcomes["no_record"] += 1

    total = len(phrases)
    share = outcomes["confirm_first"] / total
    print(f"\nchat outcomes on {total} supplier phrases: "
          + ", ".join(f"{k} {v} ({v / total:.1%})" for k, v in sorted(outcomes.items())))
    print("shown first: " + " | ".join(shown))
    assert share <= MAX_CONFIRM_SHARE, f"confirm-first on {share:.1%} of ordinary messages: {shown}"
