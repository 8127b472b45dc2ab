"""Round 29 (r29fix): four readings put right at their cause.

Castings and forgings a foundry or forge ships or pours are its own goods, not stock come in, so such a message is
not asked first; a stray 拉 before a step said done sends nothing on; a region's perfective (咧) is 了 to every check;
留着 after a verb of keeping is Mandarin's aspect, not Teochew's 着 of must.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=_TZ)


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["7301 铸件已经发了 600只", "7302 锻件今天发走了", "7303 铸件全部发出去了"])
def test_castings_shipped_are_the_senders_goods_not_asked_first(text: str) -> None:
    reading = _read(text)
    assert reading.intent == "shipment"
    assert not reading.confirm


@pytest.mark.parametrize("text", ["7311 铸件都浇好了", "7312 锻件锻完了"])
def test_castings_poured_are_the_making_done_not_asked_first(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert not reading.confirm



@pytest.mark.parametrize("text", ["7331 法拉铣面完了", "7332 拉 攻丝好了"])
def test_a_step_said_done_after_a_stray_la_is_done(text: str) -> None:
    """A 拉 of a word or a slip (法拉 for 法兰) before a step said finished sends nothing on: that step is done."""
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_parts_hauled_on_to_the_next_step_still_go_on() -> None:
    reading = _read("7333 焊好了 拉去打砂")
    assert (reading.node, reading.done) == ("in_process", False)


@pytest.mark.parametrize("text", ["7341 阀体攻扣完咧 650件", "7342 接头铰扣完咧 650件", "7343 阀体攻扣完了 650件"])
def test_a_step_the_words_lack_done_with_a_regions_perfective_keeps_its_step(text: str) -> None:
    """Shaanxi's 咧 is 了: an unknown step done with its count is the step done, however the particle is written."""
    reading = _read(text)
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, 650)


@pytest.mark.parametrize("text", ["7351 挑出5个划伤的 留着修", "7352 压伤的4件 先留着修"])
def test_pieces_kept_back_to_repair_are_rework(text: str) -> None:
    """留着: Mandarin's aspect after a verb of keeping, not Teochew's 着 of must; the pieces await repair."""
    reading = _read(text, role="qc")
    assert reading.intent == "defect"
    assert reading.rework is True


def test_teochews_must_before_a_repair_still_folds() -> None:
    reading = _read("7353 延期到下礼拜三 夹具着修")
    assert reading.intent == "delay"
