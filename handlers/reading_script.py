"""Traditional characters folded to the simplified ones the reader knows, character for character.

Taiwanese-, Hong Kong- and Japanese-owned suppliers type 出貨, 品檢, 納期, 單號, 兩百個; the reader's words
are simplified. A table of our own would always miss the next character, so the folding is OpenCC's
(the conversion library of the Chinese-language projects, with its Taiwan-standard configuration `tw2s`,
which also folds the Taiwanese variants such as 著 to 着). Its phrase-level configurations that swap
vocabulary (`tw2sp`: 軟體 to 软件) are not used: they may change a message's length, and the reader cuts
reasons and descriptions from the text as written by index, so the folding must keep each character in
its place. Should a conversion ever change the length, each character is converted on its own and one
that does not convert to exactly one character is left as written.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("tw2s")


@lru_cache(maxsize=4096)
def _one(ch: str) -> str:
    folded = _CONVERTER.convert(ch)
    return folded if len(folded) == 1 else ch


def fold_script(text: str) -> str:
    """`text` in simplified characters, the same length, index for index (ASCII text is returned as is)."""
    if text.isascii():
        return text
    folded = _CONVERTER.convert(text)
    if len(folded) == len(text):
        return folded
    return "".join(_one(ch) for ch in text)
