"""Lists as .xlsx: the sheets buyers already keep, written with openpyxl in write-only mode.

Every cell goes through `bot.spreadsheet_cells.safe_cell`: chat text stays text.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from aiohttp import web
from openpyxl import Workbook

from bot.spreadsheet_cells import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
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
    """`xlsx_response` with the workbook written in a worker thread: a report's thousands of
    rows (~0.3 s for the monthly report) no longer hold up the event loop's webhooks. The
    sheets' rows must be plain data, already read from the database."""
    return _xlsx(filename, await asyncio.to_thread(workbook_bytes, sheets))


def _xlsx(filename: str, body: bytes) -> web.Response:
    disposition = f"attachment; filename=\"{filename.encode('ascii', 'replace').decode()}\"; " \
                  f"filename*=UTF-8''{quote(filename)}"
    return web.Response(body=body, content_type=XLSX_TYPE,
                        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})
