"""Learning a supplier's phrasing: how much less the chat asks first once it remembers his ✔.

Each blind corpus is replayed in the order it was sent, as one supplier's chat: a line the reader
is unsure of is asked first unless its words were settled before (handlers/learned_phrasing.py);
the supplier answers ✔ when the reading is the corpus's expected one and ✘ when it is not, and
that answer is remembered. Printed beside the baseline of the same lines without learning: the
share of the suppliers' ordinary lines asked first, and the wrong readings that learning let
through unasked (silent misrecords it added). One supplier per corpus is the kindest case (every
writer's repetition counts); a factory's real chats split it among many suppliers.
`python -m bench.learned_phrasing` prints every corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.common import REPO, Row
from handlers.learned_phrasing import Settled, settled_before
from handlers.parsing import read_message
from handlers.reading_eval import Phrase, judge, load_corpus

CORPORA = sorted((REPO / "tests" / "data").glob("blind_phrases*.jsonl"))


@dataclass
class Replay:
    ordinary: int = 0
    asked_before: int = 0  # ordinary lines asked first without learning
    asked_after: int = 0  # ... with learning
    learned_wrong: int = 0  # lines learning let through that were read wrong


def replay(phrases: list[Phrase]) -> Replay:
    out, settled = Replay(), []  # settled: newest first
    for phrase in sorted(phrases, key=lambda p: p.now):
        if phrase.role != "supplier":
            continue
        reading = read_message(phrase.text, phrase.role, phrase.now).to_json_dict()
        doubted = reading.get("confirm") is True or any(part.get("confirm") for part in reading.get("also") or ())
        if not doubted:
            continue
        ordinary = phrase.label == "ordinary"
        right = judge(phrase.expect, reading).right
        if settled_before(settled, phrase.text, reading):
            out.learned_wrong += not right
        else:
            out.asked_after += ordinary
            answer: Settled = (phrase.text, "confirmed", reading) if right else (phrase.text, "rejected", None)
            settled.insert(0, answer)
        out.asked_before += ordinary
    out.ordinary = sum(1 for p in phrases if p.role == "supplier" and p.label == "ordinary")
    return out


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


async def run(quick: bool) -> list[Row]:
    total = Replay()
    for corpus in CORPORA:
        one = replay(load_corpus(corpus))
        for name in ("ordinary", "asked_before", "asked_after", "learned_wrong"):
            setattr(total, name, getattr(total, name) + getattr(one, name))
    return [Row(
        "asking first, with the supplier's confirmed phrasing learned",
        f"{_share(total.asked_after, total.ordinary)} of ordinary supplier lines asked first",
        f"not learned: {_share(total.asked_before, total.ordinary)}",
        f"{total.asked_after / total.asked_before:.2f}×" if total.asked_before else "-",
        f"{len(CORPORA)} blind corpora, {total.ordinary:,} ordinary supplier lines, each corpus one supplier; "
        f"wrong readings let through unasked: {total.learned_wrong}",
    )]


def main() -> None:
    for corpus in CORPORA:
        one = replay(load_corpus(corpus))
        print(f"{corpus.stem:24s} ordinary {one.ordinary:4d}  asked first {_share(one.asked_before, one.ordinary):>6s}"
              f" → {_share(one.asked_after, one.ordinary):>6s}  wrong let through {one.learned_wrong}")


if __name__ == "__main__":
    main()
