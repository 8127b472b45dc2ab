"""`supplierbot corpus export FILE.jsonl [--mask]`: the labelled examples people made while
chatting (✔, ✘, the alternative, answered questions, corrections) as a reading corpus of the
form in docs/reading-corpus.md, so `supplierbot parse --eval FILE.jsonl` can score the reader
on the factory's own chats.

- `expect` is the reading the person settled on. After ✘ nobody said what was right, so the
  expectation is `clarify`: the least a reader must do with those words is ask first.
- `class` is how the example was settled (`confirmed`, `rejected`, `alternative`,
  `clarified`, `corrected`).
- `--mask` replaces supplier and people names by placeholders, and every number of three or
  more digits (POs, quantities, lots) by another of the same length, the same in the text and
  the expectation, new for every export. Dates, percentages and measured values stay as they
  are, so the masked corpus still reads the same.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.settings import Settings
from storage.db import Database
from storage.models import Person, ReadingExample, Supplier
from storage.reading_examples import all_examples

_DIGITS = re.compile(r"(?<![\d.])\d{3,}(?![\d.%％])")
_DATE_LIKE = re.compile(r"\d{4}[-/年]\d{1,2}(?:[-/月]\d{1,2})?")
NUMBER_FIELDS = ("qty", "qty_done", "qty_total", "qty_left", "defect_qty", "rework", "scrap", "packages")
TEXT_FIELDS = ("po", "lot", "supplier", "reason", "description", "note", "exception")
NOT_EXPECTED = ("confirm", "question", "number")


class Masker:
    """Consistent stand-ins within one export: a name or number is replaced the same way everywhere."""

    def __init__(self, names: Iterable[tuple[str, str]], salt: bytes | None = None) -> None:
        self._names = sorted(((n, p) for n, p in names if n), key=lambda item: -len(item[0]))
        self._salt = salt if salt is not None else secrets.token_bytes(16)
        self._numbers: dict[str, str] = {}
        self._used: set[str] = set()

    def number(self, digits: str) -> str:
        if digits not in self._numbers:
            seed = int.from_bytes(self._salt, "big") ^ int(digits)
            candidate = digits
            while candidate == digits or candidate in self._used:
                seed = (seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
                body = str(seed % (10 ** len(digits))).zfill(len(digits))
                candidate = (str(1 + seed % 9) + body[1:]) if digits[0] != "0" else body
            self._numbers[digits] = candidate
            self._used.add(candidate)
        return self._numbers[digits]

    def text(self, text: str) -> str:
        for name, placeholder in self._names:
            text = text.replace(name, placeholder)
        protected = [m.span() for m in _DATE_LIKE.finditer(text)]

        def swap(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in protected):
                return match.group(0)
            return self.number(match.group(0))

        return _DIGITS.sub(swap, text)


def corpus_line(example: ReadingExample, zone: ZoneInfo, masker: Masker | None = None) -> dict[str, Any]:
    expect = _expected(example.right) if example.right else {"intent": "clarify"}
    text = example.text
    if masker is not None:
        expect = _mask_reading(expect, text, masker)
        text = masker.text(text)
    return {"text": text, "role": example.role, "now": example.sent_at.astimezone(zone).isoformat(),
            "class": example.source, "expect": expect}


def _expected(reading: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in reading.items() if k not in NOT_EXPECTED}
    if isinstance(out.get("also"), list):
        out["also"] = [_expected(item) for item in out["also"]]
    return out


def _mask_reading(reading: dict[str, Any], text: str, masker: Masker) -> dict[str, Any]:
    """Mask the fields the text carries as written; a number spelt otherwise (`一千二`) stays."""
    out = dict(reading)
    for key in NUMBER_FIELDS:
        value = out.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and re.search(
                rf"(?<![\d.]){value}(?![\d.])", text) and value >= 100:
            out[key] = int(masker.number(str(value)))
    for key in TEXT_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = masker.text(out[key])
    if isinstance(out.get("also"), list):
        out["also"] = [_mask_reading(item, text, masker) for item in out["also"]]
    return out


def write_corpus(examples: Sequence[ReadingExample], path: Path, zone: ZoneInfo, masker: Masker | None) -> int:
    with path.open("w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(json.dumps(corpus_line(example, zone, masker), ensure_ascii=False) + "\n")
    return len(examples)


async def export_corpus(settings: Settings, path: Path, *, mask: bool) -> int:
    """The CLI command: prints what it wrote and returns the process exit code."""
    database = Database(settings.database_url)
    try:
        async with database.read() as session:
            examples = await all_examples(session)
            masker = None
            if mask:
                suppliers = (await session.execute(select(Supplier.name))).scalars()
                people = (await session.execute(select(Person.name))).scalars()
                masker = Masker([*((n, f"供应商{i}") for i, n in enumerate(suppliers, 1)),
                                 *((n, f"联系人{i}") for i, n in enumerate(people, 1))])
    except Exception as exc:  # an empty or unreachable database: say which, exit 1
        print(f"supplierbot: cannot read the examples: {exc}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    try:
        count = write_corpus(examples, path, settings.zone, masker)
    except OSError as exc:
        print(f"supplierbot: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {count} labelled example(s) to {path}{' (names and numbers masked)' if mask else ''}; "
          f"score the reader on them: supplierbot parse --eval {path}")
    return 0
