"""Answers that the reading of one message needs more than once about the same words, kept for that reading only.

Several stages of the reader ask the same question about the same text. `_read_node` asks which steps a clause
names, and the second look asks it again about the same clause. The language of a message is checked when its
words are turned into Chinese, again when its dates are checked, and again for each reason put back in the
sender's words. Each time the answer is the same, because it depends only on the text. Profiled, about one pattern
call in ten of a message's ~240 repeated one already made on the same text, with the same pattern and method.

`read_message` opens a memo for the message it reads (`open_reading`) and closes it when done (`close_reading`).
An answer lives as long as one reading, and nothing carries over from one message to the next, so the memo never
grows. Outside a reading (a test that calls one function) `once` just asks the question. Only pure questions go
here: functions of their arguments alone, whose answers are never changed (a bool, a tuple, a match, a language).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar, Token
from typing import Any, TypeVar

__all__ = ["close_reading", "once", "open_reading"]

_Answer = TypeVar("_Answer")
_Answers = dict[tuple[Any, ...], Any]

# A context variable, not a module global: readings in two threads or tasks each keep their own answers.
_ANSWERS: ContextVar[_Answers | None] = ContextVar("reading_answers", default=None)


def open_reading() -> Token[_Answers | None]:
    """Start the answers of one message's reading; give the token to `close_reading` when the reading ends."""
    return _ANSWERS.set({})


def close_reading(token: Token[_Answers | None]) -> None:
    """Drop the reading's answers (and go back to the outer reading's, if a reading ran inside another)."""
    _ANSWERS.reset(token)


def once(question: Callable[..., _Answer], *args: Any) -> _Answer:
    """`question(*args)`, asked only the first time in this reading; later calls return the same answer."""
    answers = _ANSWERS.get()
    if answers is None:
        return question(*args)
    key = (question, *args)
    try:
        answer: _Answer = answers[key]
    except KeyError:
        answer = answers[key] = question(*args)
    return answer
