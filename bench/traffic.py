"""What the inbound benches' senders say: real-style phrases from the labelled reading corpora
(the default), or the old fixed templates (`--traffic templates`), kept so earlier figures can
be reproduced and compared.

Why the corpora: the reader's cost varies a lot by phrase, and the templates were all one cheap
shape (`PO-1001 完成50%`: 169 of the corpora's 54,677 lines are of it), so a speed-up of that shape
alone looked like a gain on the whole hot path. Each kind of message the bench sends (progress,
delay, shipment, defect, a photo's caption, a buyer's question) is drawn from the corpus lines
of that reading (`expect.intent`) and sender (`role`), in the same proportions as the templates,
with its order number rewritten to one of the bench's orders, so every message is recorded
against an order that exists, as before.

The draw is deterministic: a line's place in its kind's queue is a keyed hash of its text
(`SEED`), so the same corpora give the same traffic in every run and process, and a line added
to a corpus moves only itself in. A line is left out when its order cannot be rewritten cleanly
(its number is not written once as digits), when it names another order too, or when it ships
all of an order's rest (the bench's six orders take hundreds of reports each: one such line
would leave every later shipment of that order nothing to ship).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TRAFFICS = ("corpus", "templates")
TRAFFIC_ENV = "SUPPLIERBOT_BENCH_TRAFFIC"
CORPORA = Path(__file__).resolve().parent.parent / "tests" / "data"
SEED = "h42mix"
KINDS = ("progress", "delay", "shipment", "defect", "photo", "buyer query")
# The day's mix of twelve messages, as the templates have always had it: half progress, then one each.
SLOTS = ("progress",) * 6 + ("delay", "shipment", "defect", "photo", "buyer query", "progress")
# Which corpus lines each kind is drawn from: (role, intent, nodes or None for any). A photo's caption
# is what a supplier says about the step a photo shows: the first article or the final inspection.
SOURCES: dict[str, tuple[str, str, frozenset[str] | None]] = {
    "progress": ("supplier", "progress", None),
    "delay": ("supplier", "delay", None),
    "shipment": ("supplier", "shipment", None),
    "defect": ("supplier", "defect", None),
    "photo": ("supplier", "progress", frozenset({"first_process", "final_inspection"})),
    "buyer query": ("buyer", "status_query", None),
}
_chosen: str | None = None


def use(traffic: str) -> None:
    """Choose the traffic for this process (`python -m bench --traffic`); the environment's
    `SUPPLIERBOT_BENCH_TRAFFIC` is set too, so scripts run from here send the same."""
    global _chosen
    if traffic not in TRAFFICS:
        raise ValueError(f"traffic {traffic!r} is not one of {', '.join(TRAFFICS)}")
    _chosen = traffic
    os.environ[TRAFFIC_ENV] = traffic


def chosen() -> str:
    """The traffic in use: `use`'s, else the environment's, else the corpus mix."""
    traffic = _chosen or os.environ.get(TRAFFIC_ENV) or "corpus"
    if traffic not in TRAFFICS:
        raise ValueError(f"{TRAFFIC_ENV}={traffic!r} is not one of {', '.join(TRAFFICS)}")
    return traffic


def kind_of(n: int) -> str:
    """The kind of the n-th message of the day's mix (Telegram's; WeCom's are all progress)."""
    return SLOTS[n % len(SLOTS)]


@dataclass(frozen=True, slots=True)
class Line:
    """A corpus line with its one order number taken out: `before` + the order's digits + `after`."""

    before: str
    after: str
    source: str  # file:line, to find it again

    def naming(self, number: int) -> str:
        return f"{self.before}{number}{self.after}"


def _orders_named(expect: dict[str, Any]) -> set[str]:
    named = {str(expect["po"])} if "po" in expect else set()
    for more in expect.get("also") or []:
        named |= _orders_named(more) if isinstance(more, dict) else set()
    return named


def _line(data: dict[str, Any], source: str) -> tuple[list[str], Line] | None:
    """The kinds a corpus line can stand for (a first article's progress is a progress report and a
    photo's caption) and the line with its order taken out; None if it can stand for none."""
    expect = data.get("expect") or {}
    orders = _orders_named(expect)
    if len(orders) != 1 or data.get("class") == "multi_order" or expect.get("all") is True:
        return None
    kinds = [kind for kind in KINDS if _fits(kind, data, expect)]
    number = orders.pop()
    if not kinds or not number.isdigit():
        return None
    text = data["text"]
    found = list(re.finditer(rf"(?<!\d){number}(?!\d)", text))
    if len(found) != 1:
        return None
    return kinds, Line(text[:found[0].start()], text[found[0].end():], source)


def _fits(kind: str, data: dict[str, Any], expect: dict[str, Any]) -> bool:
    role, intent, nodes = SOURCES[kind]
    return data.get("role") == role and expect.get("intent") == intent and (nodes is None or expect.get("node") in nodes)


def _rank(kind: str, text: str) -> bytes:
    return hashlib.sha256(f"{SEED}\0{kind}\0{text}".encode()).digest()


@cache
def pools() -> dict[str, tuple[Line, ...]]:
    """Each kind's corpus lines, once each (the first of equal texts), in the order they are sent."""
    found: dict[str, dict[str, Line]] = {kind: {} for kind in KINDS}
    for path in sorted(CORPORA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for n, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                fitted = _line(json.loads(raw), f"{path.name}:{n}")
                if fitted is not None:
                    kinds, line = fitted
                    for kind in kinds:
                        found[kind].setdefault(line.naming(0), line)
    return {kind: tuple(sorted(lines.values(), key=lambda line: _rank(kind, line.naming(0))))
            for kind, lines in found.items()}


def corpus_text(kind: str, ordinal: int, number: int) -> str:
    """The `ordinal`-th line of `kind` (round the pool again when it runs out), naming order `number`."""
    pool = pools()[kind]
    return pool[ordinal % len(pool)].naming(number)


def ordinal_in_kind(n: int) -> int:
    """How many messages of the n-th's kind came before it in the day's mix."""
    kind = kind_of(n)
    return n // len(SLOTS) * SLOTS.count(kind) + SLOTS[:n % len(SLOTS)].count(kind)


def telegram_text(n: int, number: int, traffic: str) -> str:
    """The words of the n-th Telegram message (a photo's caption for a photo), about order `number`."""
    kind = kind_of(n)
    if traffic == "corpus":
        return corpus_text(kind, ordinal_in_kind(n), number)
    po = f"PO-{number}"
    templates = {
        "delay": f"{po} 热处理要晚两天 设备坏了",
        "shipment": f"{po} 今天发了{n % 50 + 10}件",
        "defect": f"{po} 发现{n % 9 + 1}件毛刺 返工中",
        "photo": f"{po} 终检照片",
        "buyer query": f"{po} 进度怎么样",
    }
    return templates.get(kind, f"{po} 完成{n % 99 + 1}%")


def wecom_text(n: int, number: int, traffic: str) -> str:
    """The words of the n-th WeCom message: a progress report, as always."""
    if traffic == "corpus":
        return corpus_text("progress", n, number)
    return f"PO-{number} 完成{n % 99 + 1}%"


def describe(traffic: str) -> str:
    """One line saying which traffic was sent, for the bench's output and its table."""
    if traffic == "templates":
        return "traffic: templates (the fixed `PO-1001 完成N%` shapes of stops before 42)"
    sizes = ", ".join(f"{kind} {len(lines):,}" for kind, lines in pools().items())
    digest = hashlib.sha256("\n".join(line.source for lines in pools().values() for line in lines).encode())
    return f"traffic: corpus mix of tests/data/*.jsonl (seed {SEED!r}; lines per kind: {sizes}; " \
           f"draw {digest.hexdigest()[:10]})"
