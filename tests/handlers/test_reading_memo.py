"""The reading's memo (handlers/reading_memo.py): a question asked twice of the same words in one reading is
answered once, and nothing is kept from one reading to the next (issue #20: the reader's hot path)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from handlers import parsing, reading_memo
from handlers.reading_memo import close_reading, once, open_reading


def _counted() -> tuple[list[str], Callable[[str], int]]:
    asked: list[str] = []

    def question(text: str) -> int:
        asked.append(text)
        return len(text)
    return asked, question


def test_outside_a_reading_every_question_is_asked() -> None:
    asked, question = _counted()
    assert once(question, "4128喷好了") == once(question, "4128喷好了") == 7
    assert asked == ["4128喷好了", "4128喷好了"]


def test_in_a_reading_a_question_is_answered_once_and_forgotten_after() -> None:
    asked, question = _counted()
    answers = open_reading()
    try:
        assert once(question, "首件过了") == once(question, "首件过了") == 4
        assert once(question, "终检明天") == 4  # other words, asked
        assert asked == ["首件过了", "终检明天"]
    finally:
        close_reading(answers)
    assert reading_memo._ANSWERS.get() is None  # nothing kept once the reading ends
    once(question, "首件过了")
    assert asked == ["首件过了", "终检明天", "首件过了"]


def test_read_message_reads_the_same_with_its_memo_and_leaves_none() -> None:
    now = datetime(2026, 3, 2, 9, 0)
    for text in ("4128喷好了 首件也过了 终检明天", "明天停水 后天再发", "4147 延期到周五 4163 发货了", "hàng xong rồi 明天发"):
        assert parsing.read_message(text, "supplier", now) == parsing.read_message(text, "supplier", now)
        assert reading_memo._ANSWERS.get() is None


def test_the_steps_named_are_the_step_patterns_own() -> None:
    clause = "首件过了 在机加"
    ranks = parsing._node_ranks(clause)
    assert ranks == tuple(rank for rank, (_, p) in enumerate(parsing._NODE_PATTERNS) if p.search(clause))
    assert parsing._nodes_named(clause) == {parsing._NODE_PATTERNS[rank][0] for rank in ranks}
