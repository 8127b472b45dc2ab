"""Instructions by kind of message, from `bench.processing_profile`'s dumps (`CALLGRIND_KINDS=1`).

`python -m bench.callgrind_kinds DIR`: DIR holds one run's callgrind files and its output as `out.txt`
(the `kinds:` line says what each dump counted: a dump is taken as each handler begins and as it ends).
Prints the main thread's instructions a message of each kind while its handler ran, and the batch's own
work (everything between handlers) a message of the whole traffic.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def totals(folder: Path) -> dict[int, int]:
    """The main thread's instructions of each dump, by the dump's number."""
    found: dict[int, int] = {}
    for path in folder.glob("callgrind.out.*.*-01"):
        number = int(re.search(r"\.(\d+)-01$", path.name).group(1))  # type: ignore[union-attr]
        for line in path.read_text().splitlines():
            if line.startswith("totals:"):
                found[number] = int(line.split()[1])
                break
    return found


def main(folder: Path) -> None:
    out = (folder / "out.txt").read_text().splitlines()
    kinds = next(line for line in out if line.startswith("kinds: ")).split()[1:]
    messages = {kind.replace(" ", "_"): n for kind, n in
                json.loads(next(line for line in out if line.startswith("messages: "))[len("messages: "):]).items()}
    found = totals(folder)
    by_kind: dict[str, int] = {}
    # dump n (from 1) counts what ran since the one before: the kind named n-1 in the list (the
    # first dump, before the first handler, counts the first batch's start: the batch's)
    for number, instructions in found.items():
        kind = kinds[number - 2] if number >= 2 else "batch"
        by_kind[kind] = by_kind.get(kind, 0) + instructions
    done = sum(messages.values())
    print(f"main thread, instructions: {sum(by_kind.values()) / done / 1000:,.0f}k a message of the traffic")
    for kind, instructions in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        n = messages.get(kind) or done
        print(f"  {kind:12} {instructions / n / 1000:8,.0f}k a message ({n} messages), "
              f"{instructions / done / 1000:7,.0f}k of the traffic's a message")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
