"""Cell and JSON values read as what intake expects: text, whole numbers, dates, priorities, PO keys.

Pure functions, shared by every way in (sheets typed by people, JSON, ERP exports, chat).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from storage.models import Priority
from storage.po_numbers import normalize_po

PRIORITY_ALIASES: dict[str, str] = {
    "": Priority.NORMAL, "normal": Priority.NORMAL, "普通": Priority.NORMAL, "一般": Priority.NORMAL,
    "正常": Priority.NORMAL, "常规": Priority.NORMAL, "低": Priority.NORMAL, "low": Priority.NORMAL,
    "high": Priority.HIGH, "高": Priority.HIGH, "急": Priority.HIGH, "重要": Priority.HIGH,
    "urgent": Priority.URGENT, "紧急": Priority.URGENT, "加急": Priority.URGENT, "特急": Priority.URGENT,
    "插单": Priority.URGENT, "紧急插单": Priority.URGENT,
}

_PO_SEPARATORS = re.compile(r"[-#_\s\u2010-\u2015]+")
_PO_PREFIX = re.compile(r"^P[O0](?=.)")
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.0+)?$")


def po_key(text: Any) -> str:
    """The PO as people type it, reduced to what identifies it: `PO-1001`, `po1001`, `ＰＯ１００１` → `1001`.

    The chat parser's own normalisation wherever it recognises the PO, so an order is found
    by what suppliers write; POs it cannot read in chat (`PO/2026/001`) still get a stable key.
    """
    parsed = normalize_po(as_text(text))
    if parsed:
        return parsed
    cleaned = unicodedata.normalize("NFKC", as_text(text)).strip().upper()
    cleaned = _PO_SEPARATORS.sub("", cleaned)
    return _PO_PREFIX.sub("", cleaned)


_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def as_text(value: Any) -> str:
    """Cell or JSON value as text: numbers typed into Excel (1001.0) read as `1001`; control
    characters and lone surrogates (a sheet's stray bytes) are dropped, never stored."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _UNSTORABLE.sub("", str(value)).strip()


def as_quantity(value: Any) -> int | None:
    """A whole number, allowing `1,000`, `1000.0` and full-width digits; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return int(value) if value == int(value) else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number.is_finite() and number == int(number) else None


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    try:
        number = float(unicodedata.normalize("NFKC", str(value)).strip().replace("±", ""))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def as_date(value: Any) -> date | None:
    """`2026-12-03`, `2026/12/3`, `2026.12.3`, `2026年12月3日`, `20261203`, or a date value."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or isinstance(value, bool | int | float):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def as_priority(value: Any) -> str | None:
    text = unicodedata.normalize("NFKC", as_text(value)).strip().lower()
    return PRIORITY_ALIASES.get(text)

