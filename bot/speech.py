"""Two languages, one way to speak them: every catalogue (chat in `handlers/texts/`, the
scheduler's `scheduler/texts.py`, the pages' `bot/web/dashboard_i18n.py`) is a mapping of
key -> (zh, en), kept with its audience; this picks and fills the words for all of them.

Chinese unless the language is English: the plant's own language is the default, and a
conversation's language is always "zh" or "en" by the time it is spoken to.
"""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[str, str]  # (zh, en)
Catalogue = Mapping[str, Pair]


def in_language(pair: Pair, language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def say(catalogue: Catalogue, key: str, language: str, **values: object) -> str:
    """The sentence `key` in `language`, its {placeholders} filled from `values`."""
    template = in_language(catalogue[key], language)
    return template.format(**values) if values else template


def label(labels: Catalogue, code: str, language: str) -> str:
    """A code's name for people (a node, a process, a status); the code itself when it has none."""
    return in_language(labels.get(code, (code, code)), language)
