"""The inbound bench's traffic (bench/traffic.py): the corpus mix names the bench's own orders and
reads as the corpus lines it was drawn from; the templates are the words of the stops before 42."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import traffic
from bench.inbound import BUYERS_GROUP_ID, GROUP_ID, ORDERS, telegram_requests
from handlers.parsing import read_message


def _messages(count: int, first_id: int, kind: str) -> list[dict[str, Any]]:
    return [json.loads(body)["message"] for _path, _query, _headers, body in telegram_requests(count, first_id, kind)]


def _words(message: dict[str, Any]) -> str:
    return str(message.get("text") or message.get("caption"))


def test_each_corpus_message_names_one_bench_order_once_in_the_day_s_proportions() -> None:
    messages = _messages(240, 1, "corpus")
    kinds = [traffic.kind_of(n) for n in range(240)]
    assert {kind: kinds.count(kind) for kind in traffic.KINDS} == {
        "progress": 140, "delay": 20, "shipment": 20, "defect": 20, "photo": 20, "buyer query": 20}
    for n, (message, kind) in enumerate(zip(messages, kinds, strict=True)):
        words = _words(message)
        named = re.findall(r"(?<!\d)100[1-9](?!\d)", words)
        assert named == [str(1001 + n % ORDERS)], (n, words)
        assert ("photo" in message) == (kind == "photo")
        assert message["chat"]["id"] == (BUYERS_GROUP_ID if kind == "buyer query" else GROUP_ID)
    assert len({_words(message) for message in messages}) > 230  # real lines, hardly a repeat


def test_the_mix_is_the_same_every_time_and_the_latency_batch_goes_on_from_the_first() -> None:
    first = [_words(message) for message in _messages(300, 1, "corpus")]
    assert first == [_words(message) for message in _messages(300, 1, "corpus")]
    later = [_words(message) for message in _messages(50, 251, "corpus")]
    assert later == first[250:300]  # the latency run sends lines the throughput run did not


def _with_order(reading: Any, number: str) -> Any:
    if isinstance(reading, dict):
        return {key: number if key == "po" else _with_order(value, number) for key, value in reading.items()}
    if isinstance(reading, list):
        return [_with_order(item, number) for item in reading]
    return reading


def test_a_line_with_its_order_rewritten_reads_as_the_corpus_line_did_with_that_order() -> None:
    for kind, pool in traffic.pools().items():
        assert len(pool) > 200, kind
        for line in pool[:12]:
            name, line_no = line.source.rsplit(":", 1)
            data = json.loads((traffic.CORPORA / name).read_text(encoding="utf-8").splitlines()[int(line_no) - 1])
            now = datetime.fromisoformat(data["now"])
            before = read_message(data["text"], role=data["role"], now=now, tz=now.tzinfo).to_json_dict()
            after = read_message(line.naming(1004), role=data["role"], now=now, tz=now.tzinfo).to_json_dict()
            assert after == _with_order(before, "1004"), (kind, data["text"], line.naming(1004))


def test_lines_that_cannot_stand_for_one_bench_order_are_left_out() -> None:
    sources = {line.source for pool in traffic.pools().values() for line in pool}
    for path in sorted(Path(traffic.CORPORA).glob("*.jsonl"))[:3]:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            data = json.loads(raw)
            expect = data["expect"]
            if f"{path.name}:{n}" not in sources:
                continue
            number = str(expect["po"])
            assert len(re.findall(rf"(?<!\d){number}(?!\d)", data["text"])) == 1
            assert data.get("class") != "multi_order" and expect.get("all") is not True
            assert all(str(more.get("po", number)) == number for more in expect.get("also") or [])


def test_the_templates_are_the_words_the_bench_sent_before() -> None:
    words = [_words(message) for message in _messages(12, 1, "templates")]
    assert words == ["PO-1001 完成1%", "PO-1002 完成2%", "PO-1003 完成3%", "PO-1004 完成4%", "PO-1005 完成5%",
                     "PO-1006 完成6%", "PO-1001 热处理要晚两天 设备坏了", "PO-1002 今天发了17件",
                     "PO-1003 发现9件毛刺 返工中", "PO-1004 终检照片", "PO-1005 进度怎么样", "PO-1006 完成12%"]
    assert [_words(message) for message in _messages(2, 2010, "templates")] == ["PO-1001 完成1%", "PO-1002 完成2%"]
    assert traffic.wecom_text(5, 1001, "templates") == "PO-1001 完成6%"
