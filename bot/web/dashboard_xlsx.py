"""Lists as .xlsx: the sheets buyers already keep, written with openpyxl in write-only mode.

Text from chats is untrusted: a supplier's reason like `=HYPERLINK(...)` must stay text,
so every string cell is typed as a string and never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from aiohttp import web
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


def _cell(ws: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # Excel has no zones: callers pass local times
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for index, width in enumerate(sheet.widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A2"
        ws.append([_cell(ws, h, bold=True) for h in sheet.header])
        for row in sheet.rows:
            ws.append([_cell(ws, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> web.Response:
    disposition = f"attachment; filename=\"{filename.encode('ascii', 'replace').decode()}\"; " \
                  f"filename*=UTF-8''{quote(filename)}"
    return web.Response(body=workbook_bytes(sheets), content_type=XLSX_TYPE,
                        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})
