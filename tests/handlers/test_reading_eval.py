"""The corpus scorer: what counts as right, as a silent misrecord, and as a malformed line.

These pin the rule of docs/reading-corpus.md on hand-made readings, so a change in the
reader can never make the scorer lenient."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from handlers.parsing import Reading
from handlers.reading_eval import CorpusError, Phrase, evaluate, format_report, judge, parse_corpus_line

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-12-03T10:00:00+08:00"


def verdict(expect: dict, reading: Reading):  # type: ignore[no-untyped-def]
    return judge(expect, reading.to_json_dict())


def test_a_reading_with_every_expected_field_is_right() -> None:
    expect = {"intent": "progress", "po": "1001", "node": "material_ready", "done": True}
    result = verdict(expect, Reading("progress", po="1001", node="material_ready", done=True))
    assert result.right and not result.silent and result.problems == ()


def test_a_wrong_field_is_a_silent_misrecord_when_the_reading_would_write() -> None:
    expect = {"intent": "progress", "po": "1001", "percent": 40}
    result = verdict(expect, Reading("progress", po="1001", percent=70))
    assert not result.right and result.silent
    assert result.problems == ("percent: expected 40, read 70",)


def test_an_extra_fact_the_sender_did_not_say_is_wrong() -> None:
    expect = {"intent": "progress", "po": "1021", "node": "material_ready", "done": True}
    result = verdict(expect, Reading("progress", po="1021", node="material_ready", done=True, qty_done=1021))
    assert not result.right and result.silent
    assert result.problems == ("qty_done: not said, read 1021",)


def test_extra_free_text_is_not_an_extra_fact_and_text_fields_match_by_containment() -> None:
    expect = {"intent": "delay", "po": "1017", "delay_days": 2, "reason": "停电"}
    assert verdict(expect, Reading("delay", po="1017", delay_days=2, reason="今天停电")).right
    assert not verdict(expect, Reading("delay", po="1017", delay_days=2, reason="缺料")).right
    assert not verdict(expect, Reading("delay", po="1017", delay_days=2)).right


@pytest.mark.parametrize(("written", "read"), [
    ("公斤", "kg"), ("kg", "千克"), ("吨", "t"), ("吨", "tons"), ("米", "m"), ("meters", "米"), ("KG", "kg"),
])
def test_a_unit_is_right_by_what_it_means_not_how_it_is_spelled(written: str, read: str) -> None:
    expect = {"intent": "progress", "node": "material_ready", "done": True, "amount": 2, "unit": written}
    assert verdict(expect, Reading("progress", node="material_ready", done=True, amount=2, unit=read)).right


def test_a_different_unit_is_a_silent_misrecord_whatever_its_spelling() -> None:
    expect = {"intent": "progress", "node": "material_ready", "done": True, "amount": 2, "unit": "吨"}
    result = verdict(expect, Reading("progress", node="material_ready", done=True, amount=2, unit="kg"))
    assert not result.right and result.silent
    assert result.problems == ("unit: expected '吨', read 'kg'",)
    half_kilos = {"intent": "progress", "node": "material_ready", "done": True, "amount": 50, "unit": "斤"}
    assert not verdict(half_kilos, Reading("progress", node="material_ready", done=True, amount=50, unit="公斤")).right


def test_a_package_unit_is_right_by_what_it_means() -> None:
    expect = {"intent": "shipment", "po": "1001", "packages": 4, "package_unit": "托"}
    assert verdict(expect, Reading("shipment", po="1001", node="shipped", packages=4, package_unit="pallets")).right
    assert not verdict(expect, Reading("shipment", po="1001", node="shipped", packages=4, package_unit="箱")).right


def test_a_shipment_is_on_the_shipped_node_without_saying_so() -> None:
    expect = {"intent": "shipment", "po": "1001", "qty": 500}
    assert verdict(expect, Reading("shipment", po="1001", node="shipped", qty=500)).right
    assert not verdict(expect, Reading("shipment", po="1001", node="final_inspection", qty=500)).right


@pytest.mark.parametrize(("expect", "read"), [
    ({"done": False, "percent": 60}, {"percent": 60}),
    ({"percent": 30}, {"done": False, "percent": 30}),
])
def test_a_share_below_all_is_a_node_not_done_whether_or_not_done_is_written(
    expect: dict[str, object], read: dict[str, object],
) -> None:
    base = {"intent": "progress", "po": "6129", "node": "in_process"}
    assert judge({**base, **expect}, {**base, **read}).right


@pytest.mark.parametrize(("expect", "read"), [
    ({"done": True, "percent": 60}, {"percent": 60}),  # said finished at 60%: not what a share alone says
    ({"percent": 100}, {"done": False, "percent": 100}),
    ({"done": False, "qty_done": 600}, {"qty_done": 600}),  # a count alone says nothing of done
])
def test_only_a_share_below_all_stands_for_not_done(expect: dict[str, object], read: dict[str, object]) -> None:
    base = {"intent": "progress", "po": "6129", "node": "in_process"}
    assert not judge({**base, **expect}, {**base, **read}).right


def test_a_wrong_reading_shown_first_is_a_miss_but_not_silent() -> None:
    expect = {"intent": "progress", "po": "1001", "percent": 40}
    result = verdict(expect, Reading("progress", po="1001", percent=70, confirm=True))
    assert not result.right and not result.silent


def test_a_wrong_question_or_clarify_is_a_miss_but_not_silent() -> None:
    expect = {"intent": "delay", "po": "1001", "delay_days": 2}
    assert not verdict(expect, Reading("clarify", po="1001", question="is_delay")).silent
    assert not verdict(expect, Reading("status_query", po="1001")).silent
    assert verdict(expect, Reading("progress", po="1001")).silent


def test_an_expected_clarify_is_met_by_a_clarify_or_by_asking_first() -> None:
    expect = {"intent": "clarify"}
    assert verdict(expect, Reading("clarify", question="which_order")).right
    assert verdict(expect, Reading("progress", po="1001", percent=70, confirm=True)).right
    result = verdict(expect, Reading("progress", po="1001", percent=70))
    assert not result.right and result.silent


def test_confirm_in_an_expectation_is_not_scored() -> None:
    expect = {"intent": "progress", "po": "1001", "percent": 40, "confirm": True}
    assert verdict(expect, Reading("progress", po="1001", percent=40)).right


def test_also_must_hold_the_expected_readings_in_order() -> None:
    expect = {"intent": "progress", "node": "final_inspection", "done": True,
              "also": [{"intent": "plan", "node": "shipped", "new_date": "2026-12-04"}]}
    plan = Reading("plan", node="shipped", new_date=datetime(2026, 12, 4).date())
    assert verdict(expect, Reading("progress", node="final_inspection", done=True, also=(plan,))).right
    missing = verdict(expect, Reading("progress", node="final_inspection", done=True))
    assert missing.problems == ("also: expected 1 more reading(s), read 0",)
    extra_fact = verdict(expect, Reading("progress", node="final_inspection", done=True,
                                         also=(Reading("plan", node="shipped", new_date=plan.new_date, done=False),)))
    assert extra_fact.problems == ("also[0].done: not said, read False",)
    unexpected = verdict({"intent": "shipment", "po": "2031", "all": True},
                         Reading("shipment", po="2031", all=True, also=(Reading("shipment", po="2032", all=True),)))
    assert not unexpected.right


def test_a_further_reading_that_names_no_order_is_on_the_order_before_it() -> None:
    """The form's own example writes `also` without `po`: a writer who follows it means the message's order,
    so the reader naming that order is right, and naming another is still wrong."""
    expect = {"intent": "progress", "po": "1001", "node": "final_inspection", "done": True,
              "also": [{"intent": "plan", "node": "shipped", "new_date": "2026-12-04"}]}
    day = datetime(2026, 12, 4).date()
    same = Reading("progress", po="1001", node="final_inspection", done=True,
                   also=(Reading("plan", po="1001", node="shipped", new_date=day),))
    assert verdict(expect, same).right
    other = Reading("progress", po="1001", node="final_inspection", done=True,
                    also=(Reading("plan", po="1002", node="shipped", new_date=day),))
    assert verdict(expect, other).problems == ("also[0].po: expected '1001', read '1002'",)
    chained = {"intent": "shipment", "po": "2031", "also": [{"intent": "shipment", "po": "2032"}, {"intent": "plan",
               "node": "shipped", "new_date": "2026-12-04"}]}
    read = Reading("shipment", po="2031", also=(Reading("shipment", po="2032"),
                                                Reading("plan", po="2032", node="shipped", new_date=day)))
    assert verdict(chained, read).right


def test_the_report_counts_right_silent_and_confirm_per_intent_and_class() -> None:
    phrases = [
        Phrase("a", "supplier", datetime.fromisoformat(NOW), {"intent": "progress", "percent": 40}, "quantity", 1),
        Phrase("b", "supplier", datetime.fromisoformat(NOW), {"intent": "progress", "percent": 40}, "quantity", 2),
        Phrase("c", "supplier", datetime.fromisoformat(NOW), {"intent": "undo"}, "correction", 3),
        Phrase("d", "supplier", datetime.fromisoformat(NOW), {"intent": "clarify"}, "dates", 4),
    ]
    readings = {"a": Reading("progress", percent=40), "b": Reading("progress", percent=70),
                "c": Reading("unknown"), "d": Reading("delay", delay_days=2, confirm=True)}
    report = evaluate(phrases, reader=lambda phrase: readings[phrase.text])
    assert (report.total, report.right, report.silent, report.confirm) == (4, 2, 1, 1)
    assert report.per_class_right == {"quantity": 1, "dates": 1}
    text = format_report(report)
    assert "2/4 = 50.0% right" in text and "silent misrecords: 1/4 = 25.0%" in text
    assert "SILENT MISS line 2" in text and "MISS line 3" in text and "SILENT MISS line 3" not in text


@pytest.mark.parametrize(("line", "problem"), [
    ("not json", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    (json.dumps({"role": "supplier", "now": NOW, "expect": {"intent": "undo"}}), "`text`"),
    (json.dumps({"text": "x", "role": "robot", "now": NOW, "expect": {"intent": "undo"}}), "role 'robot'"),
    (json.dumps({"text": "x", "role": "supplier", "now": "2026-12-03T10:00:00", "expect": {"intent": "undo"}}),
     "offset"),
    (json.dumps({"text": "x", "role": "supplier", "now": NOW, "expect": {"intent": "guess"}}), "intent 'guess'"),
    (json.dumps({"text": "x", "role": "supplier", "now": NOW, "expect": {"intent": "progress", "pct": 4}}),
     "pct"),
    (json.dumps({"text": "x", "role": "supplier", "now": NOW,
                 "expect": {"intent": "progress", "also": [{"intent": "nope"}]}}), "expect.also[0].intent"),
])
def test_a_malformed_line_is_refused_with_its_number(line: str, problem: str) -> None:
    with pytest.raises(CorpusError) as raised:
        parse_corpus_line(line, 7)
    assert "line 7" in str(raised.value) and problem in str(raised.value)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SUPPLIERBOT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_parse_eval_prints_the_report_and_exits_non_zero_on_a_malformed_line(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in [
        {"text": "PO-1001 原材料到了", "role": "supplier", "now": NOW, "class": "vocabulary",
         "expect": {"intent": "progress", "po": "1001", "node": "material_ready", "done": True}},
        {"text": "PO-1001 原材料到了", "role": "supplier", "now": NOW, "class": "vocabulary",
         "expect": {"intent": "progress", "po": "1002", "node": "material_ready", "done": True}},
    ]) + "\n", encoding="utf-8")
    result = _cli("parse", "--eval", str(good), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1/2 = 50.0% right" in result.stdout
    assert "silent misrecords: 1/2 = 50.0%" in result.stdout
    assert "confirm first:" in result.stdout and "vocabulary" in result.stdout
    assert "po: expected '1002', read '1001'" in result.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text(encoding="utf-8") + '{"text": "x"\n', encoding="utf-8")
    refused = _cli("parse", "--eval", str(bad), cwd=tmp_path)
    assert refused.returncode == 2
    assert "line 3" in refused.stderr and "not JSON" in refused.stderr


def test_an_order_written_as_a_json_number_names_the_same_order_as_its_digits() -> None:
    expect = {"intent": "progress", "po": 9050, "node": "material_ready", "done": True}
    assert verdict(expect, Reading("progress", po="9050", node="material_ready", done=True)).right
    wrong = verdict(expect, Reading("progress", po="9051", node="material_ready", done=True))
    assert not wrong.right and wrong.silent
    assert verdict({"intent": "ack", "exception": 21}, Reading("ack", exception="21")).right
