"""The phrase corpus: how suppliers and buyers really write, read end to end.

A phrase counts only when its intent and every expected field match; the report lists
per-intent accuracy and every miss, so a regression shows what it broke.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from handlers.parsing import INTENTS, ROLES, read_message

CORPUS = Path(__file__).resolve().parent.parent / "data" / "supplier_phrases.jsonl"
REQUIRED_ACCURACY = 0.95
MIN_PHRASES = 260


def load_corpus() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def misses_of(case: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    """The reading of one phrase and the expected fields it got wrong (expected, read)."""
    reading = read_message(case["text"], role=case["role"], now=datetime.fromisoformat(case["now"]))
    got = reading.to_json_dict()
    wrong = {key: (want, got.get(key)) for key, want in case["expect"].items() if got.get(key) != want}
    return got, wrong


def build_report(cases: list[dict[str, Any]]) -> tuple[float, str]:
    per_intent_total: Counter[str] = Counter()
    per_intent_right: Counter[str] = Counter()
    lines: list[str] = []
    for case in cases:
        intent = case["expect"]["intent"]
        per_intent_total[intent] += 1
        got, wrong = misses_of(case)
        if wrong:
            lines.append(f"  MISS [{case['role']}] {case['text']!r}\n       expected {case['expect']}\n       read     {got}")
        else:
            per_intent_right[intent] += 1
    right = sum(per_intent_right.values())
    accuracy = right / len(cases)
    header = [f"parsing corpus: {right}/{len(cases)} = {accuracy:.1%}"]
    for intent in sorted(per_intent_total):
        total, ok = per_intent_total[intent], per_intent_right[intent]
        header.append(f"  {intent:<18} {ok:>3}/{total:<3} {ok / total:.0%}")
    return accuracy, "\n".join(header + lines)


def test_the_corpus_is_large_and_well_formed() -> None:
    cases = load_corpus()
    assert len(cases) >= MIN_PHRASES
    for case in cases:
        assert case["role"] in ROLES, case
        assert case["expect"]["intent"] in INTENTS, case
        assert datetime.fromisoformat(case["now"]).tzinfo is not None, case


def test_the_corpus_is_read_correctly(capsys: pytest.CaptureFixture[str]) -> None:
    accuracy, report = build_report(load_corpus())
    with capsys.disabled():
        print("\n" + report)
    assert accuracy >= REQUIRED_ACCURACY, f"{accuracy:.1%} of the corpus read correctly, below {REQUIRED_ACCURACY:.0%}"
