"""The one way we write a spreadsheet cell, for every export (dashboard pages and the CLI).

Text from chats and APIs is untrusted: `=HYPERLINK(...)` typed into an order must stay text,
so string cells are typed as strings and never become formulas; control characters, which
Excel cannot store and which make openpyxl refuse the whole file, are dropped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def safe_cell(ws: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    """A cell that is text unless it is a number or a date we made."""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # Excel has no zones: callers pass local times
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell
