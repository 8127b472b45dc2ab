"""PO numbers as written and as stored: `PO-1001`, `P0１００１`, `订单1001` are all order "1001".

It sits in storage because the store keys orders by the canonical form (the intake reads
sheets with it); the message reader (`handlers.parsing`) finds PO numbers in running text
with the same body pattern and the same canonical form, so both agree by construction.
"""

from __future__ import annotations

import re
import unicodedata

PO_BODY = r"(?P<body>(?:[A-Za-z]{1,3}-?)?\d{2,12}(?:[-_]\d{1,6})*)"
PO_WHOLE = re.compile(
    rf"^\s*(?:(?:p[o0](?:\s*(?:no\.?|number|#))?|订单号?|訂單號?|单号|采购单号?)\s*[#:\-_.]*|#)?\s*{PO_BODY}\s*$",
    re.IGNORECASE,
)
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")  # zero-width and soft-hyphen characters
_SEPARATORS = re.compile(r"[-_\s]")  # compiled once: the reader asks canonical_po of every order it reads


def normalize_po(raw: str) -> str | None:
    """The canonical PO number of `raw` (`PO-1001`, `P0１００１`, `订单1001` -> "1001"), or None."""
    if not isinstance(raw, str):
        return None
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", raw))[:100]
    match = PO_WHOLE.match(text)
    if match is None:
        return None
    return canonical_po(match["body"])


def canonical_po(body: str) -> str:
    return _SEPARATORS.sub("", body).upper()
