"""Scoring a reading corpus (docs/reading-corpus.md): how often the reader is right, how often
it asks first, and how often it would record something wrong without asking.

One definition of "right" and "silent misrecord", shared by `supplierbot parse --eval`, the
corpus tests and any factory that measures the reader on its own chats.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from handlers.intents import Intent
from handlers.parsing import INTENTS, ROLES, SHANGHAI, Reading, read_message
from handlers.reading_words import unit_meaning

__all__ = [
    "FACT_FIELDS", "NON_WRITING", "CorpusError", "Phrase", "Report", "Verdict",
    "evaluate", "format_report", "judge", "load_corpus", "parse_corpus_line",
]

FACT_FIELDS: frozenset[str] = frozenset({
    "po", "node", "done", "percent", "qty_done", "qty_total", "qty_left", "qty", "lot", "lot_seq",
    "all", "new_date", "delay_days", "defect_qty", "rework", "scrap", "values", "packages",
    "amount", "happened_on",
})
TEXT_FIELDS: frozenset[str] = frozenset({"reason", "description", "note"})
NUMBER_NAMES: frozenset[str] = frozenset({"po", "exception"})  # a thing named by its number, read as a string
NON_WRITING: frozenset[str] = frozenset({
    Intent.STATUS_QUERY, Intent.OVERDUE_QUERY, Intent.TODAY_QUERY, Intent.ORDERS_QUERY, Intent.EXCEPTIONS_QUERY,
    Intent.SUPPLIER_QUERY, Intent.HELP, Intent.NOTED, Intent.CLARIFY, Intent.UNKNOWN,
})
# A fact the intent itself states: a shipment is on the `shipped` node whether or not it is said.
IMPLIED: dict[str, dict[str, Any]] = {Intent.SHIPMENT: {"node": "shipped"}}
READING_FIELDS: frozenset[str] = frozenset(f.name for f in fields(Reading))


class CorpusError(ValueError):
    """A corpus line that is not of the documented form."""

    def __init__(self, line_no: int, problem: str) -> None:
        super().__init__(f"line {line_no}: {problem}")
        self.line_no = line_no


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    role: str
    now: datetime
    expect: dict[str, Any]
    label: str = "-"
    line_no: int = 0


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one reading compares with its expectation."""

    right: bool
    silent: bool
    problems: tuple[str, ...] = ()


ORDINARY_LABELS = ("ordinary", "-")


@dataclass
class Report:
    total: int = 0
    right: int = 0
    silent: int = 0
    confirm: int = 0
    per_intent: Counter[str] = field(default_factory=Counter)
    per_intent_right: Counter[str] = field(default_factory=Counter)
    per_class: Counter[str] = field(default_factory=Counter)
    per_class_right: Counter[str] = field(default_factory=Counter)
    per_class_confirm: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[Phrase, dict[str, Any], Verdict]] = field(default_factory=list)

    @property
    def right_share(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def silent_share(self) -> float:
        return self.silent / self.total if self.total else 0.0

    @property
    def confirm_share(self) -> float:
        return self.confirm / self.total if self.total else 0.0

    @property
    def ordinary_total(self) -> int:
        return sum(self.per_class[label] for label in ORDINARY_LABELS)

    @property
    def ordinary_confirm(self) -> int:
        return sum(self.per_class_confirm[label] for label in ORDINARY_LABELS)

    @property
    def ordinary_confirm_share(self) -> float:
        """Confirm-first on ordinary traffic (phrases labelled `ordinary`, or not labelled at all):
        the share that must stay rare, since hard classes are meant to be asked about more."""
        return self.ordinary_confirm / self.ordinary_total if self.ordinary_total else 0.0


def _check_expect(expect: Any, line_no: int, where: str = "expect") -> None:
    if not isinstance(expect, dict):
        raise CorpusError(line_no, f"{where} must be an object")
    if expect.get("intent") not in INTENTS:
        raise CorpusError(line_no, f"{where}.intent {expect.get('intent')!r} is not one of the intents")
    unknown = set(expect) - READING_FIELDS
    if unknown:
        raise CorpusError(line_no, f"{where} has fields a reading does not have: {', '.join(sorted(unknown))}")
    also = expect.get("also")
    if also is not None:
        if not isinstance(also, list):
            raise CorpusError(line_no, f"{where}.also must be a list")
        for index, item in enumerate(also):
            _check_expect(item, line_no, f"{where}.also[{index}]")


def parse_corpus_line(line: str, line_no: int) -> Phrase:
    """One JSON Lines record as a `Phrase`; `CorpusError` when it is not of the documented form."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(line_no, f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise CorpusError(line_no, "not a JSON object")
    for key, kind in (("text", str), ("role", str), ("now", str)):
        if not isinstance(data.get(key), kind):
            raise CorpusError(line_no, f"`{key}` missing or not a string")
    if data["role"] not in ROLES:
        raise CorpusError(line_no, f"role {data['role']!r} is not one of {', '.join(sorted(ROLES))}")
    try:
        now = datetime.fromisoformat(data["now"])
    except ValueError:
        raise CorpusError(line_no, f"now {data['now']!r} is not an ISO 8601 time") from None
    if now.tzinfo is None:
        raise CorpusError(line_no, "now needs its offset, e.g. 2026-12-03T10:00:00+08:00")
    label = data.get("class", "-")
    if not isinstance(label, str):
        raise CorpusError(line_no, "`class` must be a string")
    _check_expect(data.get("expect"), line_no)
    return Phrase(data["text"], data["role"], now, data["expect"], label or "-", line_no)


def load_corpus(path: Path) -> list[Phrase]:
    with path.open(encoding="utf-8") as handle:
        return [parse_corpus_line(line, n) for n, line in enumerate(handle, 1) if line.strip()]


UNIT_FIELDS: frozenset[str] = frozenset({"unit", "package_unit"})


def _same(key: str, want: Any, got: Any) -> bool:
    """A field read right: units by what they mean (`公斤` is `kg`, `托` is `pallets`), since a
    writer's spelling is no fact; an order or exception written as a JSON number (`"po": 9050`) names
    the same order as its digits in a string; everything else as written."""
    if key in UNIT_FIELDS and isinstance(want, str) and isinstance(got, str):
        meaning = unit_meaning(want)
        return meaning is not None and meaning == unit_meaning(got) or want == got
    if key in ("rework", "scrap") and want is True:
        return got is not None and got is not False
    if key in TEXT_FIELDS:
        return isinstance(got, str) and isinstance(want, str) and want.lower() in got.lower()
    if key in NUMBER_NAMES and isinstance(want, int) and not isinstance(want, bool):
        return isinstance(got, str) and got == str(want)
    return bool(want == got)


def _meant(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields with what they say without a word: a node's share below 100 is a node not finished
    (`焊接60%`), so `done: false` written or left out records the same (the chat starts the node
    and keeps it open either way); a shipment that is not all of the order's rest (`发了1000个 剩下的下周发`)
    records the same with `all: false` written or left out (the chat closes the node on `all` only)."""
    if fields.get("intent") == Intent.SHIPMENT and fields.get("all") is False:
        fields = {key: value for key, value in fields.items() if key != "all"}
    percent = fields.get("percent")
    if fields.get("intent") == Intent.PROGRESS and "done" not in fields and isinstance(percent, (int, float)) \
            and not isinstance(percent, bool) and percent < 100:
        return {**fields, "done": False}
    return fields


def _problems(expect: dict[str, Any], got: dict[str, Any], where: str = "") -> list[str]:
    expect, got = _meant(expect), _meant(got)
    if got.get("intent") != expect["intent"]:
        return [f"{where}intent: expected {expect['intent']}, read {got.get('intent')}"]
    out: list[str] = []
    for key, want in expect.items():
        if key in ("intent", "also", "confirm"):
            continue
        if not _same(key, want, got.get(key)):
            out.append(f"{where}{key}: expected {want!r}, read {got.get(key)!r}")
    implied = IMPLIED.get(expect["intent"], {})
    for key in sorted(FACT_FIELDS & set(got) - set(expect)):
        if implied.get(key) != got[key]:
            out.append(f"{where}{key}: not said, read {got[key]!r}")
    want_also = expect.get("also") or []
    got_also = got.get("also") or []
    if len(want_also) != len(got_also):
        out.append(f"{where}also: expected {len(want_also)} more reading(s), read {len(got_also)}")
    else:
        order = expect.get("po")
        for index, (w, g) in enumerate(zip(want_also, got_also, strict=True)):
            if "po" not in w and order is not None:
                w = {**w, "po": order}  # the form's own example leaves it out: the order of the reading before it
            order = w.get("po")
            out.extend(_problems(w, g, f"{where}also[{index}]."))
    return out


def judge(expect: dict[str, Any], got: dict[str, Any]) -> Verdict:
    """Right, or wrong and silently so, by the rule of docs/reading-corpus.md."""
    if expect["intent"] == Intent.CLARIFY and (got.get("intent") == Intent.CLARIFY or got.get("confirm") is True):
        return Verdict(True, False)
    problems = tuple(_problems(expect, got))
    if not problems:
        return Verdict(True, False)
    writes = got.get("intent") not in NON_WRITING
    return Verdict(False, writes and got.get("confirm") is not True, problems)


Reader = Callable[[Phrase], Reading]


def _read(phrase: Phrase) -> Reading:
    return read_message(phrase.text, role=phrase.role, now=phrase.now, tz=phrase.now.tzinfo or SHANGHAI)


def evaluate(phrases: Iterable[Phrase], reader: Reader = _read) -> Report:
    report = Report()
    for phrase in phrases:
        got = reader(phrase).to_json_dict()
        verdict = judge(phrase.expect, got)
        intent = phrase.expect["intent"]
        report.total += 1
        report.per_intent[intent] += 1
        report.per_class[phrase.label] += 1
        report.confirm += got.get("confirm") is True
        report.per_class_confirm[phrase.label] += got.get("confirm") is True
        if verdict.right:
            report.right += 1
            report.per_intent_right[intent] += 1
            report.per_class_right[phrase.label] += 1
        else:
            report.silent += verdict.silent
            report.misses.append((phrase, got, verdict))
    return report


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else "0/0"


def format_report(report: Report, name: str = "corpus") -> str:
    lines = [
        f"reading {name}: {_share(report.right, report.total)} right",
        f"  silent misrecords: {_share(report.silent, report.total)}",
        f"  confirm first:     {_share(report.confirm, report.total)}",
        f"  confirm first on ordinary: {_share(report.ordinary_confirm, report.ordinary_total)}",
        "per intent:",
    ]
    for intent in sorted(report.per_intent):
        total, ok = report.per_intent[intent], report.per_intent_right[intent]
        lines.append(f"  {intent:<18} {ok:>4}/{total:<4} {ok / total:.0%}")
    if set(report.per_class) != {"-"}:
        lines.append("per class:")
        for label in sorted(report.per_class):
            total, ok = report.per_class[label], report.per_class_right[label]
            lines.append(f"  {label:<18} {ok:>4}/{total:<4} {ok / total:.0%}")
    if report.misses:
        lines.append(f"misses ({len(report.misses)}):")
    for phrase, got, verdict in report.misses:
        mark = "SILENT " if verdict.silent else ""
        lines.append(f"  {mark}MISS line {phrase.line_no} [{phrase.role}] ({phrase.label}) {phrase.text!r}")
        lines.append(f"       expected {json.dumps(phrase.expect, ensure_ascii=False)}")
        lines.append(f"       read     {json.dumps(got, ensure_ascii=False)}")
        lines.append(f"       because  {'; '.join(verdict.problems)}")
    return "\n".join(lines)
