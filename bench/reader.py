"""Reader: messages read per second by `read_message` on one core, over both phrase corpora,
against the reader as it was before issue 14 (the commit below, loaded from git in the same
run), so the cost of confidence, several facts and the word repairs is one ratio.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.common import REPO, Row

BASELINE_COMMIT = "945a8e1"  # the reader before issue 14: one fact a message, no confirm, no word repairs
CORPORA = ("tests/data/supplier_phrases.jsonl", "tests/data/blind_phrases.jsonl")

Reader = Callable[..., Any]


def _phrases() -> list[tuple[str, str, datetime]]:
    out = []
    for name in CORPORA:
        path = REPO / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    case = json.loads(line)
                    out.append((case["text"], case["role"], datetime.fromisoformat(case["now"])))
    return out


def _baseline_reader(folder: Path) -> Reader | None:
    """`read_message` of BASELINE_COMMIT, imported under its own package name; None outside a git checkout."""
    package = folder / "reader_before"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in ("parsing", "dates"):
        try:
            source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:handlers/{name}.py"], cwd=REPO,
                                    capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        (package / f"{name}.py").write_text(source.replace("from handlers.", "from reader_before."), encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location("reader_before.parsing", package / "parsing.py")
        assert spec is not None and spec.loader is not None
        module: ModuleType = importlib.util.module_from_spec(spec)
        sys.modules["reader_before.parsing"] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    reader: Reader = module.read_message
    return reader


def _round(reader: Reader, phrases: list[tuple[str, str, datetime]], seconds: float) -> float:
    """Messages per second of this process's own CPU time: on a shared machine, wall time also
    counts the moments another process had the core, and the ratio swung from 0.4× to 1.0×."""
    count, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for text, role, now in phrases:
            reader(text, role, now)
        count += len(phrases)
    return count / (time.process_time() - start)


def _rates(readers: list[Reader], phrases: list[tuple[str, str, datetime]], seconds: float) -> list[float]:
    """The best of three rounds each, the readers taking turns so both meet the same machine."""
    for reader in readers:
        for text, role, now in phrases:
            reader(text, role, now)
    best = [0.0] * len(readers)
    for _ in range(3):
        for i, reader in enumerate(readers):
            best[i] = max(best[i], _round(reader, phrases, seconds))
    return best


async def run(quick: bool) -> list[Row]:
    from handlers.parsing import read_message

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figure says
    phrases = _phrases()
    seconds = 1.0 if quick else 3.0
    with tempfile.TemporaryDirectory() as tmp:
        before = _baseline_reader(Path(tmp))
        rates = _rates([read_message] if before is None else [read_message, before], phrases, seconds)
        now_rate, before_rate = rates[0], (rates[1] if before is not None else None)
    baseline = f"{before_rate:,.0f} msg/s (reader at {BASELINE_COMMIT})" if before_rate else "n/a (no git history)"
    ratio = f"{now_rate / before_rate:.2f}×" if before_rate else "-"
    return [Row("reader, one core", f"{now_rate:,.0f} msg/s", baseline, ratio,
                f"{len(phrases)} phrases of both corpora, read_message end to end")]
