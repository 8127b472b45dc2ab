"""A message's shape and a reading's signature: how the chat learns a supplier's own phrasing.

Suppliers repeat themselves: the same words every day, only the order and the figures change
(`8301 殷钢料到了 材质单也收到了`). When the reader is unsure of such words it asks first, and
asking the same man the same thing every morning teaches him to ignore the bot. So a reading he
has confirmed (✔) is remembered by the message's *shape* (its words, every figure in it a `#`)
and the reading's *signature* (the reading with each figure named by where it stands in the
words): the same shape read to the same signature was right before, with other figures in the
same places. Pure functions: the chat decides with them what it still has to ask
(handlers/learned_phrasing.py).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")
DATE_FIELDS = frozenset({"new_date", "happened_on"})
NOT_SIGNED = frozenset({"confirm"})  # whether to ask is what is being decided, not part of the reading


def _plain(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).strip().lower())


def shape(text: str) -> str:
    """The words with every figure a `#`: `8301 喷好了 300件` and `8302 喷好了 120件` are one shape."""
    return _FIGURE.sub("#", _plain(text))


def figures(text: str) -> list[str]:
    """The message's figures as written, in order (what `#` stands for in its shape)."""
    return _FIGURE.findall(_plain(text))


def _place(value: str, written: list[str]) -> str | None:
    places = [str(i) for i, figure in enumerate(written) if figure == value]
    return "#" + ",".join(places) if places else None


def _signed(key: str, value: Any, written: list[str]) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if key in DATE_FIELDS:
        return "date"  # read from the same words: a day the same words name on another day
    if isinstance(value, list):
        return [_signed(key, item, written) for item in value]
    if isinstance(value, int | float):
        as_written = _place(format(value, "g"), written) or _place(str(value), written)
        return as_written if as_written is not None else value  # a figure made from others stays itself
    if isinstance(value, str):
        if key == "po":
            return _place(value, written) or value
        return _FIGURE.sub("#", value)
    return value


def signature(reading: dict[str, Any], text: str) -> str:
    """The reading with its figures replaced by their places in `text`, as one comparable string.
    A figure the words do not hold (`4托 每托250件` is 1000) stays as it is, so that reading is
    only ever the same as itself."""
    written = figures(text)

    def signed(fields: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in fields.items():
            if key in NOT_SIGNED:
                continue
            if key == "also":
                out[key] = [signed(part) for part in value or ()]
            else:
                out[key] = _signed(key, value, written)
        return out

    return json.dumps(signed(reading), ensure_ascii=False, sort_keys=True)
