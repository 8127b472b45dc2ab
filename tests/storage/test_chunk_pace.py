"""How `storage.chunked.Pace` sizes a long job's chunks from the holds it is told.

Holds here follow a line, `fixed + per_row * size` seconds: what any chunk pays (round trips,
and on a busy event loop a turn of every other task at each) and what its rows cost. No clock
is read: the pace is told each hold.
"""

from __future__ import annotations

from storage.chunked import FIRST_CHUNK, WRITE_BUDGET, Pace


def paced(pace: Pace, fixed: float, per_row: float, chunks: int) -> list[tuple[int, float]]:
    """(size, hold) of `chunks` chunks in a row, each told to the pace as it ends."""
    seen = []
    for _ in range(chunks):
        hold = fixed + per_row * pace.size
        seen.append((pace.size, hold))
        pace.took(hold)
    return seen


def test_cheap_rows_grow_to_the_largest_chunk() -> None:
    seen = paced(Pace(200), fixed=0.002, per_row=0.0002, chunks=10)
    assert seen[0][0] == FIRST_CHUNK
    assert seen[-1][0] == 200


def test_costly_rows_shrink_a_chunk_to_the_budget() -> None:
    seen = paced(Pace(200), fixed=0.002, per_row=0.01, chunks=10)
    assert seen[0] == (FIRST_CHUNK, 0.002 + 0.01 * FIRST_CHUNK)  # 0.5 s: over the budget
    size, hold = seen[-1]
    assert size == int((WRITE_BUDGET - 0.002) / 0.01)  # 19 rows
    assert hold <= WRITE_BUDGET


def test_a_hold_that_is_not_its_rows_does_not_keep_chunks_at_one_row() -> None:
    """A busy event loop: every chunk waits ~0.3 s whatever its size, each row costs 0.5 ms.
    Shrinking cannot bring such a chunk under the budget; sized by its whole hold it went to one
    row and stayed there (3 rows a second). The rows get a quarter of the budget instead."""
    pace = Pace(200)
    seen = paced(pace, fixed=0.3, per_row=0.0005, chunks=20)
    assert seen[1][0] == 30  # the first hold, one size timed, is taken as all rows: 50 rows -> 30
    assert seen[-1][0] == int(WRITE_BUDGET / 4 / 0.0005)  # 100 rows: 0.05 s of them beside the 0.3 s
    rows = sum(size for size, _ in seen[-5:])
    assert rows / sum(hold for _, hold in seen[-5:]) > 100  # rows a second, against ~3 at one row a chunk


def test_a_pace_that_starts_at_one_row_over_the_budget_grows_out_of_it() -> None:
    seen = paced(Pace(200, size=1), fixed=0.3, per_row=0.0005, chunks=12)
    assert [size for size, _ in seen[:8]] == [1, 2, 4, 8, 16, 32, 64, 100]


def test_a_one_row_chunk_over_the_budget_tries_two() -> None:
    pace = Pace(200, size=1)
    pace.took(0.4)
    assert pace.size == 2
    pace.took(0.4 + 0.2)  # the second row cost as much as the first: the rows are the cost
    assert pace.size == 1


def test_a_chunk_grows_at_most_twofold_and_never_past_the_largest() -> None:
    pace = Pace(30, size=4)
    pace.took(0.001)
    assert pace.size == 8
    pace.took(0.0011)  # a second size: rows nearly free, the fit would allow far more
    assert pace.size == 16
    pace.took(0.0012)
    assert pace.size == 30
