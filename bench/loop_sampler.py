"""Where the process that answers webhooks spends its event loop's time, sampled from inside it:
`BENCH_SAMPLE=FILE python -m bench.target ...` (bench.target starts it when the variable is set).

Two records, written to FILE as JSON lines when the process ends:
- `lag`: a task that asks to wake every 2 ms notes each time it woke more than 10 ms late (the
  event loop was busy with something else, or the process had no CPU), with when and by how much;
- `stack`: every 2 ms, a thread reads what the main thread is doing (its innermost frames), so the
  samples taken while the loop lagged say what held it (Python on the loop, the interpreter lock
  held by another thread, or nothing: the process waited for a CPU).

Bench only: the service never imports it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from pathlib import Path
from types import FrameType

EVERY = 0.002
LATE = 0.010
DEPTH = 14


def _frames(frame: FrameType | None) -> list[str]:
    out: list[str] = []
    while frame is not None and len(out) < DEPTH:
        code = frame.f_code
        out.append(f"{Path(code.co_filename).name}:{code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return out


class LoopSampler:
    def __init__(self, path: str) -> None:
        self.path = path
        self.main = threading.main_thread().ident
        self.stacks: list[tuple[float, list[str]]] = []
        self.lags: list[tuple[float, float]] = []
        self.stopped = threading.Event()

    def _sample(self) -> None:
        while not self.stopped.wait(EVERY):
            frame = sys._current_frames().get(self.main or 0)
            self.stacks.append((time.monotonic(), _frames(frame)))

    async def _lag(self) -> None:
        while True:
            asked = time.monotonic()
            await asyncio.sleep(EVERY)
            late = time.monotonic() - asked - EVERY
            if late > LATE:
                self.lags.append((asked + EVERY, late))

    def start(self) -> asyncio.Task[None]:
        threading.Thread(target=self._sample, name="bench-sampler", daemon=True).start()
        return asyncio.get_running_loop().create_task(self._lag())

    def write(self) -> None:
        self.stopped.set()
        with open(self.path, "w") as out:
            for at, late in self.lags:
                out.write(json.dumps({"lag": late, "at": at}) + "\n")
            for at, stack in self.stacks:
                out.write(json.dumps({"stack": stack, "at": at}) + "\n")


def summary(path: str, top: int = 25, start: float = 0.0, stop: float = float("inf")) -> str:
    """What the main thread was doing while the loop lagged, by innermost frames of the service
    (between monotonic times `start` and `stop`)."""
    lags: list[tuple[float, float]] = []
    stacks: list[tuple[float, list[str]]] = []
    for line in Path(path).read_text().splitlines():
        row = json.loads(line)
        if not start <= row["at"] <= stop:
            continue
        if "lag" in row:
            lags.append((row["at"], row["lag"]))
        else:
            stacks.append((row["at"], row["stack"]))
    windows = sorted((end - late, end) for end, late in lags)
    counted: dict[str, int] = {}
    overall: dict[str, int] = {}
    inside = 0
    place = 0
    for at, stack in stacks:
        whole = " < ".join(stack[:6]) if stack else "(no Python frame)"
        overall[whole] = overall.get(whole, 0) + 1
        while place < len(windows) and windows[place][1] < at:
            place += 1
        if place < len(windows) and windows[place][0] <= at <= windows[place][1]:
            inside += 1
            key = " < ".join(stack[:6]) if stack else "(no Python frame)"
            counted[key] = counted.get(key, 0) + 1
    lines = [f"{len(lags)} lags > {LATE * 1000:.0f} ms, {sum(late for _, late in lags):.2f} s in all, "
             f"worst {max((late for _, late in lags), default=0) * 1000:.0f} ms; {inside} of {len(stacks)} samples "
             f"inside them"]
    for key, n in sorted(counted.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{n:6d}  {key}")
    lines.append(f"all {len(stacks)} samples:")
    for key, n in sorted(overall.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{n:6d}  {key}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(sys.argv[1], start=float(sys.argv[2]) if len(sys.argv) > 2 else 0.0,
                  stop=float(sys.argv[3]) if len(sys.argv) > 3 else float("inf")))
