"""Round 34 (r34do): a Japanese sentence is read (handlers/reading_japanese.py), and Japanese the reader leaves unread is
never recorded silently.

The Japanese staff of Japanese-owned plants in China and the subcontractors who answer them write the shop's facts in
Japanese: the tense in the verb's ending (出荷しました shipped, 出荷します will ship), the days in Japanese (明後日,
一昨日, 再来週), the steps in katakana (メッキ), and the slips of a kana-to-kanji keyboard (出火 for 出荷). Each word of a
report is said in the Chinese the reader knows; a sentence whose kana it cannot say is shown first. A Chinese message
with a stray kana or a Japanese shop word (出荷待ち, キズ) is read as before."""

from __future__ import annotations

from datetime import date

from handlers.reading_japanese import is_japanese
from tests.handlers.monday_reading import read as _read


def test_the_non_past_with_a_day_is_the_plan() -> None:
    reading = _read("43002 明日 出荷します")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 8))


def test_the_past_is_the_fact_done() -> None:
    reading = _read("43013 しゅっか しました 800個")  # left in kana, as typed before converting
    assert (reading.intent, reading.node, reading.qty) == ("shipment", "shipped", 800)


def test_the_japanese_days() -> None:
    assert _read("43003 明後日 出荷予定です").new_date == date(2026, 12, 9)
    reading = _read("43004 一昨日 材料 届きました")
    assert (reading.node, reading.done, reading.happened_on) == ("material_ready", True, date(2026, 12, 5))
    assert _read("43012 再来週の水曜 出荷予定").new_date == date(2026, 12, 23)


def test_a_katakana_step_done() -> None:
    reading = _read("43006 メッキ 完了しました")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_the_check_passed_and_stock_not_come() -> None:
    reading = _read("43007 検査 合格しました")
    assert (reading.node, reading.done) == ("final_inspection", True)
    reading = _read("43008 材料 まだ 来ていません")
    assert (reading.node, reading.done) == ("material_ready", False)


def test_a_slip_of_the_kana_to_kanji_keyboard_is_read_as_meant() -> None:
    reading = _read("43014 出火しました 200個")  # 出火 (a fire) for 出荷 (shipped)
    assert (reading.intent, reading.qty) == ("shipment", 200)


def test_romaji() -> None:
    reading = _read("43015 shukka shimashita 900 ko")
    assert (reading.intent, reading.qty) == ("shipment", 900)


def test_the_first_article_sent_awaits_the_plant() -> None:
    reading = _read("43016 初品 送付しました")
    assert (reading.node, reading.done, reading.confirm) == ("first_process", False, True)


def test_put_off_to_a_day_or_later() -> None:
    reading = _read("43017 出荷は 12/20 以降になります")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "shipped", date(2026, 12, 20))


def test_the_receipt_made() -> None:
    reading = _read("43018 検収済み 640個", role="warehouse")
    assert (reading.node, reading.done, reading.qty_done) == ("received", True, 640)


def test_a_day_said_impossible_beside_the_new_one_is_shown_first() -> None:
    reading = _read("43022 メッキ屋さんが 忙しくて 水曜は無理です 金曜になります")
    assert (reading.intent, reading.confirm) == ("delay", True)


def test_japanese_left_unread_is_shown_first() -> None:
    assert _read("43010 ねじ 3個 ばらつきがありました").confirm is True  # ばらつき: its grammar unsaid
    assert _read("43011 塗装 ちょっと むずかしいかも").confirm is True


def test_a_chinese_message_with_a_kana_is_no_japanese_sentence() -> None:
    assert not is_japanese("43020 这批の货 明天发")  # a stray の
    assert not is_japanese("43021 出荷待ち 200个")  # a shop word of the register
    assert not is_japanese("43023 キズ 4个 NG")
    reading = _read("43020 这批の货 明天发")
    assert (reading.intent, reading.new_date, reading.confirm) == ("plan", date(2026, 12, 8), None)
