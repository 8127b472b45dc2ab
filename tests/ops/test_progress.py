"""Progress shows a redrawn bar on a terminal and plain, periodic lines everywhere else."""

from __future__ import annotations

import io

from bot.progress import Progress


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_without_a_tty_it_prints_plain_periodic_lines() -> None:
    stream, clock = io.StringIO(), Ticks()
    progress = Progress(stream, line_every=5.0, clock=clock)
    assert not progress.tty
    with progress.task("imported", total=50000) as task:
        for done in range(0, 50001, 1000):
            task.update(done)
            clock.now += 1.0
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert lines[0] == "imported 0/50000 rows"
    assert "imported 5000/50000 rows" in lines
    assert lines[-1] == "imported 50000/50000 rows"
    assert len(lines) == 11


def test_on_a_tty_it_redraws_one_line_at_a_limited_rate() -> None:
    stream, clock = io.StringIO(), Ticks()
    progress = Progress(stream, tty=True, redraw_every=0.2, clock=clock)
    with progress.task("copied", total=1000, unit="pages") as task:
        for _ in range(1000):
            task.advance()
    output = stream.getvalue()
    assert output.count("\r") == 2
    assert "copied 1000/1000 pages" in output and "100%" in output
    assert output.endswith("\n")


def test_an_unknown_total_counts_up_and_silent_prints_nothing() -> None:
    stream = io.StringIO()
    with Progress(stream).task("exported", unit="orders") as task:
        task.advance(7)
    assert stream.getvalue().splitlines()[-1] == "exported 7 orders"
    with Progress.silent().task("exported") as task:
        task.advance(3)
