"""Round 27 (r27cov): an acronym the reader does not know, said done, is a step the reading may have missed.

Writers of every register name a step or its paper by letters (`GRN done`, `PDI completed`, `FPI approved`): where the
reader has never been taught the letters, the reading took its step from a count, a default or nothing, and is shown
first (`confirm`) instead of recorded. Letters the reader knows or folds into its own words are read as usual.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, _folded, _knows, read_message
from handlers.reading_doubt import doubted

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _doubted(reading: Reading, text: str) -> bool:
    return doubted((reading,), text, "supplier", _folded, _knows)


@pytest.mark.parametrize("text", ["7431 XKT done, 600 nos", "7432 packing over, ZRV approved", "7433 QWP 做完了 500件"])
def test_an_unknown_acronym_said_done_is_doubted(text: str) -> None:
    assert _doubted(Reading("progress", po=text[:4], node="in_process", done=True), text)


def test_an_unknown_acronym_said_done_is_shown_first_by_the_reader() -> None:
    assert read_message("7434 XKT completed, 600 nos", role="supplier", now=_NOW).confirm is True


@pytest.mark.parametrize("text", ["7435 QC ok, 600 nos", "7436 PO done"])
def test_an_acronym_the_reader_knows_is_no_doubt(text: str) -> None:
    assert not _doubted(Reading("progress", po=text[:4], node="final_inspection", done=True), text)


def test_an_acronym_the_reader_folds_into_its_words_is_no_doubt() -> None:
    text = "7437 PDI completed"
    assert "pdi" not in _folded(text).lower()
    assert not _doubted(Reading("progress", po="7437", node="final_inspection", done=True), text)


def test_an_unknown_acronym_not_said_done_is_no_doubt_of_this_kind() -> None:
    assert not _doubted(Reading("shipment", po="7438", node="shipped"), "7438 sent by XKT carrier")


def test_the_acronyms_of_a_defects_words_are_its_words() -> None:
    assert not _doubted(Reading("defect", po="7439", defect_qty=5, description="XKT failed"), "7439 XKT failed 5 pcs")
