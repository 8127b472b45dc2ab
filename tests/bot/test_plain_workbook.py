"""`plain_workbook` (the dashboard's exports, written straight to XML) reads back cell for cell
as openpyxl's own workbook of the same sheets: values, types, formats, bold header, frozen
header, widths; whatever it does not write goes to openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from bot.web.dashboard_xlsx import Sheet, openpyxl_workbook_bytes, workbook_bytes

ROWS: list[list[Any]] = [
    [1, "=HYPERLINK(\"http://x\")", 85.5, True, None, 0.1 + 0.2, date(2026, 1, 2)],
    [datetime(2026, 11, 3, 10, 5, tzinfo=UTC), "a\x07b <&> \"q\"", -3, 1e20, "  spaced  ", 2**40, False],
    ["供应商0001 (S0001)", "停电 ×3; 钢材没到 ×2", 0.0, 0, "", datetime(2026, 11, 3, 10, 5), "+1"],
]


def _cells(body: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(body))
    out: list[Any] = []
    for sheet in book.worksheets:
        widths = {key: dim.width for key, dim in sheet.column_dimensions.items() if dim.customWidth}
        out.append((sheet.title, sheet.freeze_panes, widths))
        out.extend(tuple((c.value, c.data_type, c.number_format, bool(c.font and c.font.b)) for c in row)
                   for row in sheet.iter_rows())
    return out


def _sheets() -> list[Sheet]:
    return [Sheet("KPI报表", ["指标", "分子", "分母", "比率", "x", "y", "z"], iter(ROWS), widths=[12, 10, 8]),
            Sheet("exceptions", ["PO", "when"], ([f"PO-{i}", date(2026, 11, i + 1)] for i in range(20)))]


def test_plain_workbook_reads_back_as_openpyxls_own() -> None:
    assert _cells(workbook_bytes(_sheets())) == _cells(openpyxl_workbook_bytes(_sheets()))


def test_a_value_it_does_not_write_goes_to_openpyxl() -> None:
    sheets = [Sheet("s", ["amount"], [[Decimal("1.5")]])]
    assert _cells(workbook_bytes(sheets)) == _cells(openpyxl_workbook_bytes(sheets))


def test_formulas_stay_text_and_control_characters_are_dropped() -> None:
    cells = _cells(workbook_bytes(_sheets()))
    assert cells[2][1][:2] == ("=HYPERLINK(\"http://x\")", "s")
    assert cells[3][1][0] == "ab <&> \"q\""
    assert cells[3][0][2] == "yyyy-mm-dd hh:mm" and cells[3][0][0] == datetime(2026, 11, 3, 10, 5)
