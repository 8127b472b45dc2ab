"""Round 31 (r31a): stop 36's CM (Yunnan speech) and CT (Leizhou Min and Cantonese speakers typing Mandarin).

A particle after a day to come is the tone of a promise, never a 了 of what is done (CM asked first on its ordinary
lines for it); the Southwest's 开整 is work begun; the bulk run (大货) made is
the making (BV CA CM CT); Min's 无 before a verdict is 没 (AW BZ CA CT); a first article whose mould is set again,
or sent as a sample, awaits its verdict. The lines below are written in the corpora's style, not copied from them.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["6401 明天发喽", "6402 后天发咯"])
def test_a_particle_after_a_day_to_come_is_its_tone_not_a_done(text: str) -> None:
    reading = _read(text)
    assert reading.intent == "plan"
    assert reading.new_date in (date(2026, 12, 3), date(2026, 12, 4))
    assert reading.confirm is not True


def test_a_particle_after_a_day_gone_by_stays_done() -> None:
    reading = _read("6403 上周五就发咧")
    assert reading.intent == "shipment"


def test_the_bulk_run_begun_with_kaizheng_is_the_making_planned() -> None:
    reading = _read("6405 首件过了 大货周五开整")
    assert (reading.node, reading.done) == ("first_process", True)
    assert len(reading.also) == 1
    assert (reading.also[0].intent, reading.also[0].node) == ("plan", "in_process")


def test_the_bulk_run_made_in_part_is_the_making() -> None:
    reading = _read("6406 首件过了 大货做咗四成")
    assert (reading.node, reading.done) == ("first_process", True)
    assert len(reading.also) == 1
    assert (reading.also[0].node, reading.also[0].percent) == ("in_process", 40)


@pytest.mark.parametrize("text", ["6407 首件无通过", "6408 首件唔合格 重新调模", "6409 首件已经送样"])
def test_a_first_article_failed_redone_or_sent_as_a_sample_is_not_passed(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)
