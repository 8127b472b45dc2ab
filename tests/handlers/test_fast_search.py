"""The reader's patterns compiled to skip where no match can start (handlers/fast_search.py) match exactly
what `re.compile` matches: the same spans, the same groups, the same substitutions."""

from __future__ import annotations

import hashlib
import importlib
import json
import marshal
import re
import sys
from pathlib import Path
from typing import cast

import pytest

from handlers import (
    count_units,
    dates,
    fast_search,
    parsing,
    reading_account,
    reading_clauses,
    reading_filler,
    reading_india,
    reading_indonesia,
    reading_languages,
    reading_pakistan,
    reading_register,
    reading_register_tw,
    reading_specs,
    reading_tagalog,
    reading_thai,
    reading_words,
    regional_words,
)
from handlers.fast_search import _FOLDS, Guarded, fast_compile, guarded, needs_any, needs_source, start_chars
from handlers.reading_register import fold_rules, same_length_rules

_sre = importlib.import_module("_sre")
DATA = Path(__file__).resolve().parent.parent / "data"
MODULES = (parsing, dates, count_units, reading_account, reading_clauses, reading_filler, reading_india, reading_indonesia,
           reading_languages, reading_pakistan, reading_register, reading_register_tw, reading_specs, reading_tagalog, reading_thai,
           reading_words, regional_words)


def _texts() -> list[str]:
    """Every 20th line of every corpus, and their edges: a wide sample of what suppliers write."""
    lines = [json.loads(line)["text"] for path in sorted(DATA.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[::20] + ["", " ", "a", "NG", "Kg", "ſ", "İ", "K"]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def _reader_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern the reader's modules bind: at their top level, and in their tables of rules (`(node, pattern)`)."""
    patterns: dict[str, re.Pattern[str]] = {}  # a Guarded answers as its pattern
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, (re.Pattern, Guarded)):
                patterns[f"{module.__name__}.{name}"] = cast(re.Pattern[str], value)
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    for j, part in enumerate(item if isinstance(item, tuple) else (item,)):
                        if isinstance(part, (re.Pattern, Guarded)):
                            patterns[f"{module.__name__}.{name}[{i}][{j}]"] = cast(re.Pattern[str], part)
    return patterns


def test_every_reader_pattern_matches_as_re_compile_does() -> None:
    texts = _texts()
    patterns = _reader_patterns()
    assert len(patterns) > 300
    assert sum(isinstance(value, Guarded) for value in patterns.values()) > 200  # most are searched behind a guard
    for name, fast in patterns.items():
        plain = re.compile(fast.pattern, fast.flags)
        for text in texts:
            spans = _matches(plain, text)
            assert _matches(fast, text) == spans, (name, text)
            assert fast.sub("_", text) == _substituted(text, spans), (name, text)


def _substituted(text: str, matches: list[tuple[object, ...]]) -> str:
    """What `re.sub("_", text)` makes of `re.finditer`'s matches (both walk the same matches since Python 3.7):
    read off the spans already found, instead of a second search of every pattern over every text (a third of
    this test's time)."""
    out, last = [], 0
    for span, *_ in matches:
        start, end = cast(tuple[int, int], span)
        out.append(text[last:start])
        out.append("_")
        last = end
    out.append(text[last:])
    return "".join(out)


@pytest.mark.parametrize("source", [
    r"(?<![A-Za-z])(?:ng|defects?)(?![A-Za-z])",  # a look-behind before a group of words
    r"(?<=[孔圆径])(?:车|磨)(?:小|大)了|(?<![不有])偏了",  # look-behinds opening two alternatives
    r"(?<!a)(?<=b)c",  # two look-behinds, both moved
    r"(?<=(?<!x)y)z",  # a look-behind inside a look-behind
    r"x*(?<!a)b|(?<=^)q",  # a pattern that may start anywhere, and an anchor looked behind
    r"(?P<po>(?<!\d)\d{4})(?!\d)",  # a named group
])
def test_a_look_behind_moved_past_the_first_character_tests_the_same(source: str) -> None:
    texts = ["", "ng", "NG", "xng", "defect", "孔车大了", "不偏了", "没偏了", "bc", "abc", "ac", "c", "yz", "xyz", "z",
             "ab", "qb", "q", "1234", "12345", "a1234b", "ſng", "\u212ang"]
    for flags in (0, re.IGNORECASE):
        fast, plain = fast_compile(source, flags), re.compile(source, flags)
        assert fast.pattern == source
        for text in texts:
            assert _matches(fast, text) == _matches(plain, text), (source, flags, text)


@pytest.mark.parametrize("source", [
    r"测试不过|断裂|测不过|测",  # three of one character, one a prefix of the others, around another
    r"ab|\w|ac|a",  # a class that may start with the character keeps the later ones behind it
    r"(?P<x>甲乙)|丙|(?P<y>甲)丁|甲",  # groups inside gathered alternatives keep their numbers
    r"发(?:货|了)|(?<=\d)发出|\s*发|发",  # a look-behind, and an alternative that may start with a space or not
    r"k|K|\u212a|ks",  # case-blind letters are gathered only behind the set of their cases (`_cased_openings`)
    r"(?:延期|延后|推迟|推后|(?<!往)推)到?\d+天",  # inside a group, then more
])
def test_alternatives_gathered_by_their_first_character_match_the_same(source: str) -> None:
    texts = ["", "测", "测试不过", "测不过了", "断裂测", "ab", "ac", "a", "b", "甲乙", "甲丁", "甲", "丙", "发货", "3发出",
             "发了", " 发", "k", "K", "\u212a", "ks", "KS", "延期到3天", "推5天", "往推5天", "延后10天"]
    for flags in (0, re.IGNORECASE):
        fast, plain = fast_compile(source, flags), re.compile(source, flags)
        for text in texts:
            assert _matches(fast, text) == _matches(plain, text), (source, flags, text)


def test_alternatives_of_one_first_character_are_tried_behind_it_once() -> None:
    parsed = re._parser.parse(r"测试不过|断裂|测不过|测")  # type: ignore[attr-defined]
    assert fast_search._by_first_character(parsed.data, False)
    (op, (_, alternatives)), = parsed.data
    assert [alternative.data[0] for alternative in alternatives] == [(re._constants.LITERAL, ord("测")),  # type: ignore[attr-defined]
                                                                     (re._constants.LITERAL, ord("断"))]  # type: ignore[attr-defined]
    unmoved = re._parser.parse(r"ab|\w|ac")  # type: ignore[attr-defined]
    assert not fast_search._by_first_character(unmoved.data, False)


@pytest.mark.parametrize("source", [
    r"ready|rm|dispatch|r\w|Rx|delay",  # a class that may start with the letter keeps the later ones behind it
    r"(?<![A-Za-z])(?:first piece|fpi|first off|final)(?![A-Za-z])",  # a look-behind before words of one letter
    r"(?-i:ab)|aB|k|ks|(?-i:K)x",  # a case-sensitive group is no case-blind letter
    r"(?P<a>ok)|(?P<b>o)k|skip|ſk|is|İs|ık",  # groups keep their numbers; the long s, dotted and dotless i
    r"(?:(?i:ng)|nG|x)",  # a case-blind group inside a case-sensitive pattern
])
def test_case_blind_alternatives_gathered_by_their_first_letter_match_the_same(source: str) -> None:
    texts = ["", "ready", "READY", "rx", "RX", "rm", "Rm", "ra", "dispatch", "Dispatch", "delay", "first piece", "FPI",
             "first off", "xfpi", "final", "ab", "AB", "aB", "Ab", "k", "K", "\u212a", "ks", "\u212aS", "Kx", "kx", "ok",
             "OK", "ok", "skip", "ſkip", "ſk", "is", "IS", "İs", "ıs", "ık", "ng", "NG", "nG", "x"]
    for flags in (re.IGNORECASE, 0, re.IGNORECASE | re.ASCII):
        fast, plain = fast_compile(source, flags), re.compile(source, flags)
        for text in texts:
            assert _matches(fast, text) == _matches(plain, text), (source, flags, text)


def test_a_case_blind_letter_opens_with_the_set_of_its_cases() -> None:
    parsed = re._parser.parse(r"ready|rm|dispatch", re.IGNORECASE)  # type: ignore[attr-defined]
    assert fast_search._cased_openings(parsed.data, True, parsed.state)
    (_, (_, alternatives)), = parsed.data
    assert len(alternatives) == 2  # r: ready, rm; d: dispatch
    assert fast_search._cases_of(ord("k")) == (ord("K"), ord("k"), 0x212A)
    assert fast_search._cases_of(ord("s")) == (ord("S"), ord("s"), 0x17F)
    assert fast_search._cases_of(ord("1")) is None


def test_the_folds_of_latin_letters_are_every_letter_that_matches_one_case_blind() -> None:
    """`_FOLDS` lists, for i, k and s, the non-ASCII letters a case-blind match also takes; every other
    Latin letter folds only to its other case. Checked over every code point, as the engine folds them."""
    ascii_letters = {ord(ch) for ch in "abcdefghijklmnopqrstuvwxyz"}
    for code in range(sys.maxunicode + 1):
        lower = _sre.unicode_tolower(code)
        if lower in ascii_letters and code >= 128:
            assert chr(code) in _FOLDS[chr(lower)], hex(code)
        if code >= 128 and re.fullmatch(r"[a-z]", chr(code), re.IGNORECASE):
            assert any(chr(code) in folds for folds in _FOLDS.values()), hex(code)


def test_start_chars_are_plain_characters_or_none() -> None:
    assert start_chars(re.compile(r"(?<=已)出(?!货)")) == frozenset("出")
    assert start_chars(re.compile(r"^中(?=\s|$)")) == frozenset("中")
    assert start_chars(re.compile(r"(?<![A-Za-z])ETD", re.IGNORECASE)) == frozenset("Ee")
    assert start_chars(re.compile(r"\d+件")) is None  # a class: no shortcut
    assert start_chars(re.compile(r"x?")) is None  # may match nothing


def test_a_fold_passes_over_rules_as_the_chain_of_substitutions_would() -> None:
    """A rule may make the text another rule starts with (出 to 发): the shortcut looks at the text as it is now."""
    rules = ((re.compile(r"出(?=唔)"), "发"), (re.compile(r"(?<=发)唔"), "不"), (re.compile(r"不行"), "不可"))
    folded = same_length_rules(rules)
    for text in ["出唔到", "唔", "出", "不行", "出唔行", "好的"] + _texts()[:200]:
        chained = text
        for pattern, word in rules:
            chained = pattern.sub(reading_register.same_length(word), chained)
        assert fold_rules(text, folded) == chained, text


KEPT_SOURCES = (r"(?<![A-Za-z])(?:ng|defects?)(?![A-Za-z])", r"(?<![不没])(?:做好|做完)了?", r"(\d+)\s*(?P<unit>件|个)")


def _kept_store(path: Path) -> fast_search._KeptForms:
    return fast_search._KeptForms(path)


def test_a_pattern_built_from_its_kept_form_matches_as_re_compile_does(tmp_path: Path) -> None:
    path = tmp_path / "forms.patterns"
    first = _kept_store(path)
    made = [first.pattern(source, re.IGNORECASE) for source in KEPT_SOURCES]
    first.save(asked=True)
    second = _kept_store(path)
    kept = [second.pattern(source, re.IGNORECASE) for source in KEPT_SOURCES]
    assert set(second._forms) == {(source, int(re.IGNORECASE)) for source in KEPT_SOURCES}
    for source, fresh, from_file in zip(KEPT_SOURCES, made, kept, strict=True):
        plain = re.compile(source, re.IGNORECASE)
        for text in _texts():
            assert _matches(from_file, text) == _matches(plain, text) == _matches(fresh, text), (source, text)


@pytest.mark.parametrize("contents", [b"", b"\x00garbage", b"\xe9" * 40])
def test_an_unreadable_kept_file_is_only_a_slower_start(tmp_path: Path, contents: bytes) -> None:
    path = tmp_path / "forms.patterns"
    path.write_bytes(contents)
    store = _kept_store(path)
    for source in KEPT_SOURCES:
        assert _matches(store.pattern(source, 0), "NG 3 defects 做好了 12件") == _matches(
            re.compile(source), "NG 3 defects 做好了 12件")


def test_nothing_is_kept_at_exit_where_python_keeps_no_bytecode(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "forms.patterns"
    store = _kept_store(path)
    store.pattern(KEPT_SOURCES[0], 0)
    store.save()
    assert not path.exists()
    store.save(asked=True)  # `make` asks, as compileall does
    assert path.exists()


def test_the_kept_file_is_named_for_this_python_and_this_modules_text() -> None:
    path = fast_search._kept_path()
    assert path is not None
    own = hashlib.sha256(Path(fast_search.__file__).read_bytes()).hexdigest()[:16]
    assert path.name == f"fast_search.{sys.implementation.cache_tag}.{_sre.MAGIC}.{_sre.CODESIZE}.{own}.patterns"


def test_keeping_forms_clears_those_an_earlier_text_of_the_module_kept(tmp_path: Path) -> None:
    earlier = tmp_path / "fast_search.cpython-311.20220615.4.0000000000000000.patterns"
    other_python = tmp_path / "fast_search.cpython-312.20230612.4.0000000000000000.patterns"
    earlier.write_bytes(b"old")
    other_python.write_bytes(b"old")
    store = _kept_store(tmp_path / "fast_search.cpython-311.20220615.4.1111111111111111.patterns")
    store.pattern(KEPT_SOURCES[0], 0)
    store.save(asked=True)
    assert not earlier.exists() and other_python.exists()


def test_a_kept_form_the_engine_refuses_is_compiled_afresh(tmp_path: Path) -> None:
    """A file that reads but holds forms that do not build (damaged, or written by hand) never stops a start."""
    path = tmp_path / "forms.patterns"
    source = KEPT_SOURCES[2]
    path.write_bytes(marshal.dumps(({(source, 0): (32, b"\x00\x01\x02\x03" * 3, 2, {"unit": 2}, (None, None, "unit")),
                                     (KEPT_SOURCES[0], 0): ("not", "a", "form")}, {}, {})))
    store = _kept_store(path)
    for text in ("做好了 12件", "NG 3 defects"):
        assert _matches(store.pattern(source, 0), text) == _matches(re.compile(source), text)
        assert _matches(store.pattern(KEPT_SOURCES[0], 0), text) == _matches(re.compile(KEPT_SOURCES[0]), text)


@pytest.mark.parametrize(("source", "flags", "words"), [
    (r"\d+\s*(?:个|件)", 0, {"个", "件"}),  # a class of digits needs nothing known; the unit is needed
    (r"(?<=已)出(?!货)", 0, {"出"}),  # what is looked at behind or not wanted ahead is not needed
    (r"(?:延期|推迟)(?=\s*到)", 0, {"延期", "推迟", "到"}),  # a look-ahead's word counts: the least likely is kept
    (r"(?<![A-Za-z])(?:Delay|late)(?![A-Za-z])", re.IGNORECASE, {"delay", "late"}),  # case-blind: lower case
    (r"还是\s*\d+|或者", 0, {"还是", "或者"}),
    (r"x*", 0, None),  # may match nothing
    (r"[^a]b|\w", 0, None),  # an alternative of a class only
    (r"(?i:ok)|好", 0, None),  # a group with its own flags
])
def test_a_pattern_needs_the_words_every_match_holds(source: str, flags: int, words: set[str] | None) -> None:
    found = needs_source(re.compile(source, flags))
    if words is None:
        assert found is None
    else:
        assert found is not None
        needs = re.compile(found)  # searched case-sensitively: a case-blind letter is a class of its cases
        assert any(needs.fullmatch(word) for word in words) and not needs.search("x 1 不")
        for word in words:
            if needs.fullmatch(word):
                assert needs.fullmatch(word.upper()) or not word.isascii()


def test_the_patterns_of_a_table_of_rules_are_searched_behind_their_guards() -> None:
    """`quicken` takes in the tuples of rules a module binds (parsing._NODE_PATTERNS, reading_words._HANDWRITTEN):
    their patterns were searched in full at every message, as a pattern bound on its own no longer is."""
    assert all(isinstance(pattern, Guarded) for _, pattern in parsing._NODE_PATTERNS)
    assert all(isinstance(pattern, Guarded) for pattern, _ in reading_words._HANDWRITTEN)
    namespace: dict[str, object] = {"rules": ((re.compile(r"延期|推迟"), "delay"), (re.compile(r"\d+"), "n")),
                                    "mixed": [re.compile(r"延期")], "words": ("a", "b")}
    fast_search.quicken(namespace)
    rules = namespace["rules"]
    assert isinstance(rules, tuple) and isinstance(rules[0][0], Guarded) and rules[0][1] == "delay"
    assert not isinstance(rules[1][0], Guarded) and rules[1][0].search("a12").group(0) == "12"
    assert namespace["words"] == ("a", "b") and isinstance(namespace["mixed"], list)  # not a table of rules: as it is


@pytest.mark.parametrize(("source", "anchored"), [
    ("延期|推迟", "延(?=期)|迟(?<=推迟)"),  # each from its least likely character: 推 is in more messages than 迟
    ("完成率", "率(?<=完成率)"),  # 完 and 成 are in many messages, 率 in few: the word is looked for from 率
    ("[pP][oO]", "[pP](?=[oO])"),  # a case-blind letter is its class of cases
    ("发(?:货|出)|已发", "[货出](?<=发[货出])|已(?=发)"),  # a class of characters is one character of a word
    ("[嘛撒]", "[嘛撒]"),  # a word of one
])
def test_the_words_are_looked_for_from_their_least_likely_character(source: str, anchored: str) -> None:
    assert fast_search._anchored(source) == anchored


def test_a_guard_finds_every_word_its_pattern_needs() -> None:
    """The guard built from the words' least likely characters finds wherever the words are (inside a window of
    pos and endpos too), so a pattern is never passed over where it matches."""
    texts = _texts()
    for name, pattern in _reader_patterns().items():
        if not isinstance(pattern, Guarded):
            continue
        words = re.compile(fast_search._KEPT.needs(pattern.plain) or "")
        for text in texts:
            for pos, endpos in ((0, len(text)), (2, len(text)), (0, len(text) // 2)):
                if words.search(text, pos, endpos):
                    assert pattern.needs.search(text, pos, endpos), (name, text, pos, endpos)


def test_a_guarded_pattern_answers_every_method_as_the_pattern() -> None:
    """Found by the guard or not, each method gives what the pattern gives, windows (pos, endpos) included:
    a look-ahead past endpos sees nothing, as the guard looks no further."""
    plain = re.compile(r"(?P<n>\d+)\s*(?:个|件)(?=了)|(?<=已)发")
    fast = guarded(plain)
    assert isinstance(fast, Guarded)
    texts = ["", "12件了", "12件", "已发 3个了", "发了", "5 件了 6个了", "\u212a件了"]
    for text in texts:
        for pos, endpos in [(0, len(text)), (1, len(text)), (0, 3), (2, 4), (0, 0)]:
            for method in ("search", "match", "fullmatch", "findall"):
                got, want = getattr(fast, method)(text, pos, endpos), getattr(plain, method)(text, pos, endpos)
                assert (got.span() if isinstance(got, re.Match) else got) == \
                       (want.span() if isinstance(want, re.Match) else want), (method, text, pos, endpos)
            assert [m.span() for m in fast.finditer(text, pos, endpos)] == [m.span() for m in plain.finditer(text, pos, endpos)]
        assert fast.sub("_", text) == plain.sub("_", text) and fast.subn("_", text, 1) == plain.subn("_", text, 1)
        assert fast.split(text) == plain.split(text)
    assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (plain.pattern, plain.flags, plain.groups, plain.groupindex)
    assert guarded(re.compile(r"\d+")) is not None and not isinstance(guarded(re.compile(r"\d+")), Guarded)


def test_the_words_a_pattern_needs_are_kept_with_its_compiled_form(tmp_path: Path) -> None:
    path = tmp_path / "forms.patterns"
    first = _kept_store(path)
    pattern = re.compile(r"(?:延期|推迟)\s*\d+天")
    assert first.needs(pattern) == needs_source(pattern) == "延期|推迟"
    first.save(asked=True)
    second = _kept_store(path)
    second._load()
    assert second._needs == {(pattern.pattern, 0): "延期|推迟"}
    assert first.anchored("延期|推迟") == "延(?=期)|迟(?<=推迟)"  # the guard's own form, kept beside it
    first.save(asked=True)
    third = _kept_store(path)
    third._load()
    assert third._anchored == {"延期|推迟": "延(?=期)|迟(?<=推迟)"}


def test_words_any_of_several_patterns_needs_are_found_by_one() -> None:
    """dates._ANY_DATE stands for every pattern `_find_dates` searches: a text where it finds none has no date."""
    ones = [guarded(re.compile(r"\d+\s*天后")), guarded(re.compile(r"(?<![a-z])next week", re.IGNORECASE))]
    both = needs_any(ones)
    assert both is not None and needs_any([*ones, re.compile(r"\d+")]) is None and needs_any([]) is None
    for text in ["3天后", "NEXT WEEK", "3天", "week", ""]:
        assert (both.search(text) is not None) >= any(one.search(text) for one in ones), text
    assert dates._ANY_DATE is not None
    names = [name for name in dates._find_dates.__wrapped__.__code__.co_names
             if isinstance(getattr(dates, name, None), (re.Pattern, Guarded))]
    assert len(names) > 10
    for text in _texts():
        if dates._ANY_DATE.search(text) is None:
            assert not any(getattr(dates, name).search(text) for name in names), text


@pytest.mark.parametrize(("guard", "rules"), [
    (reading_register._ANY_RULE, [pattern for pattern, _, _ in reading_register._REPLACEMENTS]),
    (reading_register_tw._ANY_RULE, [pattern for pattern, _, _ in reading_register_tw._REPLACEMENTS]),
    (reading_words._ANY_HANDWRITTEN, [pattern for pattern, _ in reading_words._HANDWRITTEN]),
])
def test_a_table_whose_rules_find_none_of_their_words_is_passed_over_at_one_search(
        guard: re.Pattern[str] | None, rules: list[re.Pattern[str]]) -> None:
    """The register folds' `_ANY_RULE` and reading_words._ANY_HANDWRITTEN stand for every rule of their table: where
    they find none of the rules' words, no rule matches (so none makes a text another matches)."""
    assert guard is not None and len(rules) > 5
    passed = 0
    for text in _texts():
        if guard.search(text) is None:
            passed += 1
            assert not any(rule.search(text) for rule in rules), text
    assert passed > 100
