"""`python -m bench.reader_same [REV]`: does the reader read every corpus line exactly as it did at REV?

For a change that must not change a single reading (a faster reader, a rule moved, one table for four):
every line of every corpus in tests/data/*.jsonl is read by the working tree's reader and by REV's
(default HEAD, checked out with `git archive` into a temporary folder and run in its own process), and
every field of every reading is compared. Exit status 1 and the first differences when any differs.

A check to run, not a test: a stored snapshot of ~11,000 readings would fail on every intended change
of a rule and be rewritten each time, while the corpus tests already hold the readings that matter to
their expectations. The question this answers is only "the same as before?", so "before" is a revision.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Run in the reader's own checkout: every corpus line read, each reading as the repr of all its fields.
_DUMP = """
import json, sys
from datetime import datetime
from pathlib import Path
from handlers.parsing import read_message
out = {}
for path in sorted(Path(sys.argv[1]).glob("*.jsonl")):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            now = datetime.fromisoformat(case["now"]) if case.get("now") else None
            out[f"{path.name}:{number}"] = repr(read_message(case["text"], case.get("role", "supplier"), now))
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def readings(checkout: Path, corpora: Path) -> dict[str, str]:
    """Every corpus line's reading by the reader of `checkout`, by `file:line`."""
    done = subprocess.run([sys.executable, "-c", _DUMP, str(corpora)], cwd=checkout, capture_output=True,
                          text=True, check=True, env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"})
    result: dict[str, str] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader_same")
    parser.add_argument("rev", nargs="?", default="HEAD", help="the revision whose readings are the reference")
    args = parser.parse_args()
    corpora = REPO / "tests" / "data"
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", args.rev, "handlers", "storage"], cwd=REPO,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        before = readings(Path(tmp), corpora)
    after = readings(REPO, corpora)
    differ = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    for key in differ[:20]:
        print(f"{key}\n  {args.rev}: {before.get(key)}\n  now: {after.get(key)}")
    print(f"{len(differ)} of {len(after)} readings differ from {args.rev}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
