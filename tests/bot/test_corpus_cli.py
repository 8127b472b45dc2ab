"""`supplierbot corpus export`: the examples people made in chat, as a corpus `parse --eval` scores.
Real processes on a real SQLite file; the examples come from a real conversation."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.clock import FakeClock
from storage.db import Database
from tests.bot.test_cli import supplierbot
from tests.handlers.supplier_world import HUADA_CHAT, WANG, Talker, add_order, payloads, seed_world


async def chat_some_examples(folder: Path, clock: FakeClock) -> None:
    database = Database(f"sqlite+aiosqlite:///{folder / 'supplierbot.db'}")
    try:
        await seed_world(database, clock)
        await add_order(database, clock, "PO-1017", quantity=500)
        wang = Talker(database, clock, HUADA_CHAT, WANG, "王工")
        [shown] = await wang.says("1017 完成1200")
        await wang.clicks(next(p for p in payloads(shown) if p.endswith(":yes")))
        [asked] = await wang.says("1001 60")
        await wang.clicks(next(p for p in payloads(asked) if p.endswith(":qty")))
        [again] = await wang.says("1017 完成1300")
        await wang.clicks(next(p for p in payloads(again) if p.endswith(":no")))
    finally:
        await database.dispose()


async def test_export_writes_the_corpus_form_and_parse_eval_scores_it(tmp_path: Path, clock: FakeClock) -> None:
    assert supplierbot("db", "upgrade", cwd=tmp_path).returncode == 0
    await chat_some_examples(tmp_path, clock)

    result = supplierbot("corpus", "export", "chats.jsonl", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "wrote 3 labelled example(s) to chats.jsonl" in result.stdout
    lines = [json.loads(line) for line in (tmp_path / "chats.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(line["text"], line["class"]) for line in lines] == [
        ("1017 完成1200", "confirmed"), ("1001 60", "clarified"), ("1017 完成1300", "rejected")]
    assert lines[0]["expect"] == {"intent": "progress", "po": "1017", "qty_done": 1200}
    assert lines[1]["expect"] == {"intent": "progress", "po": "1001", "qty_done": 60}
    assert lines[2]["expect"] == {"intent": "clarify"}  # ✘ without saying what was right: the reader must ask
    assert all(line["role"] == "supplier" and line["now"] == "2026-11-24T10:00:00+08:00" for line in lines)

    scored = supplierbot("parse", "--eval", "chats.jsonl", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert "chats.jsonl" in scored.stdout


async def test_masked_export_replaces_numbers_the_same_way_in_text_and_expectation(
        tmp_path: Path, clock: FakeClock) -> None:
    assert supplierbot("db", "upgrade", cwd=tmp_path).returncode == 0
    await chat_some_examples(tmp_path, clock)

    result = supplierbot("corpus", "export", "masked.jsonl", "--mask", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "masked.jsonl").read_text(encoding="utf-8").splitlines()]
    first = lines[0]
    assert "1017" not in first["text"] and "1200" not in first["text"]
    po, qty = re.fullmatch(r"(\d{4}) 完成(\d{4})", first["text"]).groups()
    assert first["expect"] == {"intent": "progress", "po": po, "qty_done": int(qty)}
    assert lines[2]["text"].startswith(f"{po} ")  # the same order is masked the same way
    assert lines[1]["text"].endswith(" 60")  # two digits stay: percentages and small counts read the same


def test_export_from_a_database_never_upgraded_fails_with_a_reason(tmp_path: Path) -> None:
    result = supplierbot("corpus", "export", "out.jsonl", cwd=tmp_path)

    assert result.returncode == 1
    assert "cannot read the examples" in result.stderr
