"""Lists as .xlsx: the sheets buyers already keep, written straight to their XML by
`bot.spreadsheet_cells.plain_workbook` (openpyxl in write-only mode for any value it leaves).

Every cell follows `bot.spreadsheet_cells.safe_cell`'s rules: chat text stays text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from aiohttp import web
from openpyxl import Workbook

from bot.spreadsheet_cells import PlainRowsUnsupported, plain_workbook, safe_cell
from bot.web.rendering import off_process

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one workbook: written straight to XML (`plain_workbook`, ~10x faster than
    openpyxl's cells), or by openpyxl when a row holds a value that writer leaves to it."""
    listed = [Sheet(sheet.title, sheet.header, list(sheet.rows), sheet.widths) for sheet in sheets]
    try:
        return plain_workbook([(s.title, s.header, s.rows, s.widths) for s in listed])
    except PlainRowsUnsupported:
        return openpyxl_workbook_bytes(listed)


def openpyxl_workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The same workbook, every cell made by `safe_cell`."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for index, width in enumerate(sheet.widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A2"
        ws.append([safe_cell(ws, h, bold=True) for h in sheet.header])
        for row in sheet.rows:
            ws.append([safe_cell(ws, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> web.Response:
    return _xlsx(filename, workbook_bytes(sheets))


async def xlsx_response_off_loop(filename: str, sheets: Sequence[Sheet]) -> web.Response:
    """`xlsx_response` with the workbook written in a render process (`bot.web.rendering`): a
    report's thousands of rows (~1 s of openpyxl for the monthly report) neither run in the
    process that answers webhooks nor hold its interpreter lock. The sheets' rows must be plain
    data, already read from the database; they are listed here (a generator cannot be sent)."""
    listed = [Sheet(sheet.title, list(sheet.header), [list(row) for row in sheet.rows], list(sheet.widths))
              for sheet in sheets]
    return _xlsx(filename, await off_process(workbook_bytes, listed))


def attachment(filename: str) -> str:
    """The Content-Disposition of a download named `filename` (any language)."""
    return f"attachment; filename=\"{filename.encode('ascii', 'replace').decode()}\"; " \
           f"filename*=UTF-8''{quote(filename)}"


def _xlsx(filename: str, body: bytes) -> web.Response:
    return web.Response(body=body, content_type=XLSX_TYPE,
                        headers={"Content-Disposition": attachment(filename), "Cache-Control": "no-store"})
