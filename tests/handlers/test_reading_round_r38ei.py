"""Round 38 (r38ei): stop 40's EI (Xi'an and Baoji titanium, aerospace-fastener and bearing subcontractors).

Families read here: the delivery date (交期) moved names no node even when the sender's own supplier does not ship;
a day to come said with 才 after the thing it is of is the delay's cause, kept in its reason; a span of days said as
a range is asked, never a number guessed; a delay moved to words the reader reads no day in is asked; a step redone,
said bare at its clause's head beside a defect, is rework; a numeral that begins a word (二硫化钼) is no count that
makes a coat (在涂) a slip of 在途."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_the_delivery_date_moved_names_no_node_when_the_stock_maker_holds_its_shipping() -> None:
    reading = _read("72001 交期改到月底 铜棒厂家压着不发")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", None, date(2026, 12, 31))


def test_a_day_to_come_said_with_cai_after_its_thing_stays_in_the_reason() -> None:
    reading = _read("72002 晚两天 叉车明天才修好")
    assert (reading.intent, reading.delay_days, reading.reason) == ("delay", 2, "叉车明天才修好")
    reading = _read("72003 延期到周五 钢管后天才能到")
    assert (reading.new_date, reading.reason) == (date(2026, 12, 11), "钢管后天才能到")


def test_the_days_own_day_said_with_cai_at_its_clause_head_is_no_reason() -> None:
    reading = _read("72004 晚两天 明天才能发")
    assert (reading.intent, reading.node, reading.reason) == ("delay", "shipped", None)


def test_a_span_of_days_said_as_a_range_is_asked_never_guessed() -> None:
    reading = _read("72005 喷砂排不上 可能晚四五天")
    assert (reading.intent, reading.delay_days, reading.confirm) == ("delay", None, True)
    assert _read("72006 推迟一两周").delay_days is None


def test_a_span_of_days_said_once_is_still_recorded() -> None:
    reading = _read("72007 晚五天")
    assert (reading.delay_days, reading.confirm) == (5, None)


def test_a_delay_moved_to_words_with_no_day_read_is_asked() -> None:
    reading = _read("72008 推迟到越低 模具坏了")
    assert (reading.intent, reading.new_date, reading.confirm) == ("delay", None, True)


def test_a_step_redone_said_bare_beside_a_defect_is_rework() -> None:
    reading = _read("72009 氧化膜发花5件 重新阳极")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 5, True)


def test_the_machine_set_again_after_a_failed_first_article_is_no_rework() -> None:
    assert _read("72010 首件不合格 孔径偏小 重新调机").rework is None


def test_a_coat_under_way_named_by_a_word_beginning_with_a_numeral_is_no_shipment() -> None:
    reading = _read("72011 滚丝完了 在涂二硫化钼")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert reading.also is None


def test_a_count_after_the_slip_still_makes_it_the_shipping() -> None:
    assert _read("72012 在涂一共300件").intent == "shipment"
