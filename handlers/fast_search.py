"""The reader's patterns compiled so a search tries a pattern only where a match can start.

Python's regex engine skips ahead only when a pattern starts with a literal or a set of characters, and
in an alternation it passes over an alternative by its first character only when that alternative starts
with one. Most of the reader's patterns, and many of their alternatives, start with a look-behind
(`(?<![A-Za-z])`, `(?<=[\u4e00-\u9fff])`), so a search ran the whole alternation, look-behinds and all, at
every character of the message. `fast_compile` compiles the same source two ways faster:
- a look-behind that opens an alternative is moved past the alternative's first character and looks back
  one character more (`(?<![A-Za-z])n` is `n(?<![A-Za-z].)`): the same test of the same characters;
- the characters a match can start with (look-arounds consume none) are written into the compiled
  pattern's own prefix set, the one the engine fills itself for `abc|xyz`.
Same source text, same matches: only positions and alternatives that cannot match are never tried.

Compiling twice cost every process that reads about a second at start (`supplierbot`, its work and render
processes, each test process), so the compiled forms are kept on disk the way Python keeps bytecode:
`handlers/__pycache__`, keyed by the pattern's source and flags, in a file named for this Python, its regex
engine and this module's own text. A process that finds a pattern there builds it from the kept code at
once; a missing, unreadable or foreign file is only a slower start.

The compiled form is built with the standard library's own compiler (`re._parser`, `re._compiler`, `_sre`);
should they be absent or change shape, `fast_compile` returns the plain `re.compile` pattern, so the reader
is only ever slower, never different. tests/handlers/test_fast_search.py holds every reader pattern to
`re.compile`'s matches on the corpora, and `python -m bench.reader_same` every reading to a revision's.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import marshal
import os
import re
import sys
import weakref
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

_sre: Any = None
_compiler: Any = None
_parser: Any = None
_c: Any = None
try:  # the standard library's compiler (private modules, hence loaded by name); absent, patterns stay as they are
    _compiler = importlib.import_module("re._compiler")
    _parser = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
    _sre = importlib.import_module("_sre")
except ImportError:  # pragma: no cover - another Python
    _sre = None

__all__ = ["Guarded", "fast_compile", "fast_pattern", "guarded", "keep_compiled", "needs_any", "needs_source", "quicken", "start_chars"]

_Item = tuple[Any, Any]
# What a case-blind Latin letter also matches: its other case, and the few non-ASCII letters whose
# lower case is an ASCII letter (İ, K the Kelvin sign) or that fold to one (ı, ſ). A superset is safe:
# the set only says where a match may start.
_FOLDS = {"i": "iIıİ", "k": "kK\u212a", "s": "sSſ"}


def fast_compile(source: str, flags: int = 0, plain: re.Pattern[str] | None = None) -> re.Pattern[str]:
    """`re.compile(source, flags)` (or `plain`, that pattern already compiled), with the characters a match
    can start with as its search prefix when the standard compiler found none (a pattern that can match
    nothing, or may start anywhere, is left as it is)."""
    parts = _fast_parts(source, flags)
    if parts is None:
        return re.compile(source, flags) if plain is None else plain
    return _built(source, parts)


# What `_sre.compile` takes besides the source: flags, code, groups, group names by name and by number.
_Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _built(source: str, parts: _Parts) -> re.Pattern[str]:
    every, code, groups, groupdict, index_group = parts
    fast: re.Pattern[str] = _sre.compile(source, every, code, groups, groupdict, index_group)
    return fast


def _fast_parts(source: str, flags: int, *, plain: bool = False) -> _Parts | None:
    """The compiled form `fast_compile` makes, or None where it keeps `re.compile`'s (`plain`: that form then)."""
    if _sre is None:  # pragma: no cover - another Python
        return None
    try:
        parsed = _parser.parse(source, flags)
        every = flags | parsed.state.flags
        if every & re.LOCALE:
            return None
        moved = _behind_after_first(parsed.data)
        moved = _by_first_character(parsed.data, bool(every & re.IGNORECASE)) or moved
        if every & re.IGNORECASE and not every & re.ASCII:
            moved = _cased_openings(parsed.data, True, parsed.state) or moved
        skips = bool(_compiler._get_literal_prefix(parsed, every)[0] or _compiler._get_charset_prefix(parsed, every))
        starts, empty = _starts(parsed.data, bool(every & re.IGNORECASE)) if not skips else (None, False)
        if starts is None or empty or not starts:
            starts = None
            if not moved and not plain:
                return None  # the standard compiler skips ahead already, or a match may start anywhere
        code = _compiler._code(parsed, flags)
        if starts is not None and code[0] is _c.INFO and code[2] == 0 and code[3] != 0:
            # <INFO> <skip> <mask> <min> <max> ...: a mask of 0 is no literal prefix and no prefix set
            charset, _ = _compiler._optimize_charset(starts)
            info = [_c.INFO, 0, _c.SRE_INFO_CHARSET, code[3], code[4]]
            _compiler._compile_charset(charset, every, info)
            info[1] = len(info) - 1
            code = info + code[1 + code[1]:]
        index_group: list[str | None] = [None] * parsed.state.groups
        for name, number in parsed.state.groupdict.items():
            index_group[number] = name
        parts: _Parts = (int(every), code, parsed.state.groups - 1, dict(parsed.state.groupdict), tuple(index_group))
        _built(source, parts)  # the engine accepts it, or the plain pattern
    except Exception:  # noqa: BLE001 - any change in the compiler's internals: the plain pattern
        return None
    return parts


# Any one character: a look-behind moved past the character it stood before looks back over that one too.
_ANY_CHAR = (_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE), (_c.CATEGORY, _c.CATEGORY_NOT_SPACE)]) if _sre else None


def _behind_after_first(sequence: list[_Item]) -> bool:
    """Look-behinds that open an alternative moved past its first character, in place: `(?<![A-Za-z])n`
    is `n(?<![A-Za-z].)`, the same test of the same characters, but the engine tries an alternative that
    starts with a character only where that character stands, and one that starts with a look-behind at
    every position. A look-behind before a group of alternatives goes into each. True when any moved."""
    moved = False
    for op, av in sequence:
        if op is _c.BRANCH:
            for alternative in av[1]:
                moved = _behind_after_first(alternative.data) or moved
        elif op is _c.SUBPATTERN:
            moved = _behind_after_first(av[3].data) or moved
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT, _c.ATOMIC_GROUP):
            inner = av if op is _c.ATOMIC_GROUP else av[2]
            moved = _behind_after_first(inner.data) or moved
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            moved = _behind_after_first(av[1].data) or moved
    behind = 0
    while behind < len(sequence) and sequence[behind][0] in (_c.ASSERT, _c.ASSERT_NOT) \
            and sequence[behind][1][0] < 0 and not _has_group(sequence[behind][1][1].data):
        behind += 1
    if not behind or behind >= len(sequence):
        return moved
    first_op, first_av = sequence[behind]
    looks = sequence[:behind]
    if first_op in (_c.LITERAL, _c.IN):
        wider = [(op, (direction, _parser.SubPattern(body.state, [*body.data, _ANY_CHAR])))
                 for op, (direction, body) in looks]
        sequence[:behind + 1] = [(first_op, first_av), *wider]
        return True
    if first_op is _c.BRANCH and all(alternative.data for alternative in first_av[1]):
        for alternative in first_av[1]:
            alternative.data[:0] = list(looks)
            _behind_after_first(alternative.data)
        del sequence[:behind]
        return True
    return moved


def _by_first_character(sequence: list[_Item], ignorecase: bool) -> bool:
    """Alternatives that open with the same character gathered behind it, in place: `测试不过|断裂|测不过` is
    `测(?:试不过|不过)|断裂`. The engine tries the alternatives of a group one by one at every place a match
    may start, and the reader's largest hold two hundred; gathered, it passes over each character's group at
    one test. An alternative moves up only past alternatives that cannot start with its character, so at any
    place the one alternative that matches first is the same, with the same groups. True when any moved."""
    moved = False
    for index, (op, av) in enumerate(sequence):
        if op is _c.BRANCH:
            for alternative in av[1]:
                moved = _by_first_character(alternative.data, ignorecase) or moved
            gathered = _gathered(av[1], ignorecase)
            if gathered is not None:
                sequence[index] = (op, (av[0], gathered))
                moved = True
        elif op is _c.SUBPATTERN:
            moved = _by_first_character(av[3].data, ignorecase) or moved
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            moved = _by_first_character(av[2].data, ignorecase) or moved
        elif op is _c.ATOMIC_GROUP:
            moved = _by_first_character(av.data, ignorecase) or moved
        elif op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] >= 0:  # a look-behind's width is left as it is
            moved = _by_first_character(av[1].data, ignorecase) or moved
    return moved


_Key = TypeVar("_Key", bound=Hashable)  # what gathers alternatives: an opening character, or a letter's cases


def _grouped(alternatives: list[Any], opening: Callable[[Any], _Key | None],
             may_open: Callable[[Any, _Key], bool]) -> list[tuple[_Key | None, list[Any]]]:
    """The alternatives in runs: each joins the latest group of its opening (`opening`, None for one that
    opens otherwise) unless an earlier alternative without such an opening that may start with it
    (`may_open(its data, the opening)`) stands between them, since it must keep its place before it."""
    groups: list[tuple[_Key | None, list[Any]]] = []
    for alternative in alternatives:
        first = opening(alternative)
        placed = False
        if first is not None:
            for key, members in reversed(groups):
                if key == first:
                    members.append(alternative)
                    placed = True
                    break
                if key is None and may_open(members[0].data, first):
                    break
        if not placed:
            groups.append((first, [alternative]))
    return groups


def _gathered(alternatives: list[Any], ignorecase: bool) -> list[Any] | None:
    """The alternatives with those that open with one plain character gathered (see `_by_first_character`),
    or None when no two could be."""
    groups = _grouped(alternatives, lambda alternative: _opening(alternative.data, ignorecase),
                      lambda data, first: _may_open_with(data, first, ignorecase))
    if len(groups) == len(alternatives):
        return None
    out = []
    for key, members in groups:
        if len(members) == 1:
            out.append(members[0])
            continue
        rest: list[_Item] = [(_c.BRANCH, (None, [_parser.SubPattern(member.state, member.data[1:]) for member in members]))]
        _by_first_character(rest, ignorecase)
        out.append(_parser.SubPattern(members[0].state, [(_c.LITERAL, key), *rest]))
    return out


def _cased_openings(sequence: list[_Item], ignorecase: bool, state: Any) -> bool:
    """Alternatives of a case-blind pattern that open with a Latin letter gathered behind the exact set of characters
    the letter matches case-blind (`[kK\u212a]`), matched case-sensitively, in place: `(?i:ready|rm|dispatch)` is
    `(?-i:[rR])(?i:eady|m)|(?-i:[dD])(?i:ispatch)`. The engine passes over an alternative at one test only where it
    opens with a plain character or a plain set; a case-blind letter it enters and fails, one alternative after
    another at every place tried: India's shorthand (three hundred English words) cost ~1 ms a search. As in
    `_by_first_character`, an alternative moves up only past alternatives that cannot start with its letter, and the
    same characters match: the same alternative matches first. True when any changed."""
    changed = False
    for index, (op, av) in enumerate(sequence):
        if op is _c.BRANCH:
            alternatives = av[1]
            if ignorecase and (gathered := _gathered_cases(alternatives, state)) is not None:
                sequence[index] = (op, (av[0], gathered))
                alternatives = gathered
                changed = True
            for alternative in alternatives:
                changed = _cased_openings(alternative.data, ignorecase, state) or changed
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            changed = _cased_openings(inner.data, (ignorecase or bool(add_flags & re.IGNORECASE))
                                      and not del_flags & re.IGNORECASE, state) or changed
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            changed = _cased_openings(av[2].data, ignorecase, state) or changed
        elif op is _c.ATOMIC_GROUP:
            changed = _cased_openings(av.data, ignorecase, state) or changed
        elif op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] >= 0:  # a look-behind's width is left as it is
            changed = _cased_openings(av[1].data, ignorecase, state) or changed
    return changed


def _gathered_cases(alternatives: list[Any], state: Any) -> list[Any] | None:
    """The alternatives of a case-blind branch, those opening with the same Latin letter gathered behind the set of
    its cases (see `_cased_openings`); None when none opens with a letter."""
    def cases_opening(alternative: Any) -> tuple[int, ...] | None:
        data = alternative.data
        return _cases_of(data[0][1]) if data and data[0][0] is _c.LITERAL else None

    groups = _grouped(alternatives, cases_opening,
                      lambda data, cases: any(_may_open_with(data, code, True) for code in cases))
    if all(key is None for key, _ in groups):
        return None
    out = []
    for key, members in groups:
        if key is None:
            out.append(members[0])
            continue
        opening = (_c.SUBPATTERN, (None, 0, re.IGNORECASE,
                                   _parser.SubPattern(state, [(_c.IN, [(_c.LITERAL, code) for code in key])])))
        if len(members) == 1:
            members[0].data[0] = opening
            out.append(members[0])
            continue
        rest = [(_c.BRANCH, (None, [_parser.SubPattern(member.state, member.data[1:]) for member in members]))]
        out.append(_parser.SubPattern(members[0].state, [opening, *rest]))
    return out


@cache
def _cased_letters() -> frozenset[str]:
    """Every character some ASCII letter matches case-blind, found by the engine itself over every character, once
    (the letters, and the Kelvin sign, the long s, dotted and dotless i): a scan of all of Unicode a letter took
    ~0.8 s at a compile without kept forms and kept a 4.5 MB string for the life of the process."""
    return frozenset(re.compile("[A-Za-z]", re.IGNORECASE).findall("".join(map(chr, range(sys.maxunicode + 1)))))


@cache
def _cases_of(code: int) -> tuple[int, ...] | None:
    """Every character an ASCII letter matches case-blind, as the engine itself matches them (`k` is also the Kelvin
    sign, `s` the long s); None for any other character."""
    if not (0x41 <= code <= 0x5A or 0x61 <= code <= 0x7A):
        return None
    letter = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return tuple(sorted(ord(ch) for ch in _cased_letters() if letter.fullmatch(ch)))


def _opening(sequence: list[_Item], ignorecase: bool) -> int | None:
    """The plain character an alternative opens with, one that matches itself only (case-blind or not)."""
    if not sequence or sequence[0][0] is not _c.LITERAL:
        return None
    code: int = sequence[0][1]
    return code if _letter(code, ignorecase) == [(_c.LITERAL, code)] and not (ignorecase and _sre.unicode_iscased(code)) \
        else None


def _may_open_with(sequence: list[_Item], code: int, ignorecase: bool) -> bool:
    """Whether a match of `sequence` may start with the character `code` (or be empty): True unless surely not."""
    starts, empty = _starts(sequence, ignorecase)
    if starts is None or empty:
        return True
    for op, av in starts:
        if op is _c.LITERAL and av != code:
            continue
        if op is _c.RANGE and not av[0] <= code <= av[1]:
            continue
        if op is _c.CATEGORY and not _in_category(av, code):
            continue
        return True
    return False


def _in_category(category: Any, code: int) -> bool:
    """Whether the character is of `\\d`, `\\s` or `\\w` (the categories `_set_items` keeps), as the engine tests it."""
    return _CATEGORIES.get(category, _ANYTHING).match(chr(code)) is not None


_CATEGORIES = {_c.CATEGORY_DIGIT: re.compile(r"\d"), _c.CATEGORY_SPACE: re.compile(r"\s"),
               _c.CATEGORY_WORD: re.compile(r"\w")} if _sre else {}
_ANYTHING = re.compile(r"[\s\S]")


def _has_group(sequence: list[_Item]) -> bool:
    return any(op is _c.SUBPATTERN or op is _c.GROUPREF or op is _c.GROUPREF_EXISTS
               or (isinstance(av, (list, tuple)) and any(isinstance(x, _parser.SubPattern) and _has_group(x.data) for x in av))
               for op, av in sequence)


class _KeptForms:
    """The fast compiled forms of patterns, read from and written to one file beside the modules'
    bytecode. The file's name holds what its contents depend on (this Python, its regex engine's
    version and code size, this module's text), so a file is only ever read by the code that wrote it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._forms: dict[tuple[str, int], tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]] | None] = {}
        self._needs: dict[tuple[str, int], str | None] = {}  # a pattern's `needs_source`
        self._anchored: dict[str, str] = {}  # `_anchored` of a `needs_source`
        self._loaded = False
        self._new = False

    def _load(self) -> None:
        self._loaded = True
        if self.path is None:
            return
        try:
            kept = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):  # none yet, or unreadable: compiled afresh
            return
        if isinstance(kept, tuple) and len(kept) == 3 and all(isinstance(part, dict) for part in kept):
            self._forms, self._needs, self._anchored = kept

    def pattern(self, source: str, flags: int, plain: re.Pattern[str] | None = None, *,
                always: bool = False) -> re.Pattern[str]:
        """The fast form of the pattern (`always`: its standard form too, where it has no fast one)."""
        if not self._loaded:
            self._load()
        flags = int(flags)
        key = (source, flags)
        if key in self._forms:
            kept = self._forms[key]
            if kept is None:
                return re.compile(source, flags) if plain is None else plain
            try:
                every, code, groups, groupdict, index_group = kept
                return _built(source, (every, array(_CODE_TYPE, code).tolist(), groups, groupdict, index_group))
            except Exception:  # noqa: BLE001 - a kept form the engine refuses (a damaged file): compiled afresh
                del self._forms[key]
        parts = _fast_parts(source, flags, plain=always)
        self._forms[key] = None if parts is None else (
            parts[0], array(_CODE_TYPE, parts[1]).tobytes(), parts[2], parts[3], parts[4])
        self._added()
        if parts is None:
            return re.compile(source, flags) if plain is None else plain
        return _built(source, parts)

    def needs(self, pattern: re.Pattern[str]) -> str | None:
        """`needs_source(pattern)`, kept: finding it parses the pattern, as long as compiling it."""
        if not self._loaded:
            self._load()
        key = (pattern.pattern, int(pattern.flags & ~re.UNICODE))
        if key not in self._needs:
            self._needs[key] = needs_source(pattern)
            self._added()
        return self._needs[key]

    def anchored(self, source: str) -> str:
        """`_anchored(source)`, kept: finding it parses the words."""
        if not self._loaded:
            self._load()
        if source not in self._anchored:
            self._anchored[source] = _anchored(source)
            self._added()
        return self._anchored[source]

    def _added(self) -> None:
        if not self._new:
            self._new = True
            atexit.register(self.save)

    def save(self, *, asked: bool = False) -> None:
        """Written whole under a new name, then moved into place: a reader sees the old file or the new one.
        At exit only where Python writes its own bytecode; `asked` (`keep_compiled`) writes regardless."""
        if self.path is None or not (self._new or asked) or (sys.dont_write_bytecode and not asked):
            return
        self._new = False
        spare = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            spare.write_bytes(marshal.dumps((self._forms, self._needs, self._anchored)))
            os.replace(spare, self.path)
            stem = self.path.name.rsplit(".", 2)[0]  # this Python and engine; the module's text comes next
            for earlier in self.path.parent.glob(f"{stem}.*.patterns"):
                if earlier != self.path:  # written by an earlier text of this module: never read again
                    earlier.unlink(missing_ok=True)
        except OSError:  # a read-only install: every start compiles, as before
            spare.unlink(missing_ok=True)


def _kept_path() -> Path | None:
    if _sre is None:  # pragma: no cover - another Python
        return None
    here = Path(__file__)
    own = hashlib.sha256(here.read_bytes()).hexdigest()[:16]
    tag = sys.implementation.cache_tag or "python"
    return here.parent / "__pycache__" / f"fast_search.{tag}.{_sre.MAGIC}.{_sre.CODESIZE}.{own}.patterns"


_CODE_TYPE = next((kind for kind in "IL" if array(kind).itemsize == (_sre.CODESIZE if _sre else 4)), "I")
_KEPT = _KeptForms(_kept_path())
_MADE: weakref.WeakSet[re.Pattern[str]] = weakref.WeakSet()


def keep_compiled() -> None:
    """Keeps the compiled forms of every pattern made so far, as `compileall` keeps bytecode: what `make`
    runs after importing the reader, so that processes started with PYTHONDONTWRITEBYTECODE (CI, services)
    start without compiling them again."""
    _KEPT.save(asked=True)


def fast_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """`fast_compile(source, flags)`, built from the kept compiled form when this Python has made it
    before: for rules that would otherwise be compiled twice, once plain and once by `quicken`."""
    made = _KEPT.pattern(source, flags)
    _MADE.add(made)
    return made


def quicken(namespace: MutableMapping[str, Any]) -> None:
    """Every compiled pattern bound at a module's top level (and in its top-level dicts of patterns)
    recompiled with `fast_compile`. Called at the bottom of a reader module, so its rules stay written
    as plain `re.compile`."""
    for name, value in list(namespace.items()):
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            namespace[name] = _quick(value)
        elif isinstance(value, dict) and value and all(isinstance(v, re.Pattern) for v in value.values()):
            for key, compiled in value.items():
                value[key] = _quick(compiled) if isinstance(compiled.pattern, str) else guarded(compiled)
        elif isinstance(value, tuple) and _holds_patterns(value):
            # a table of rules (`(node, pattern)`, `(pattern, word)`): its patterns as the module's own
            namespace[name] = tuple(tuple(_quick(part) if _is_text_pattern(part) else part for part in item)
                                    if isinstance(item, tuple) else _quick(item) if _is_text_pattern(item) else item
                                    for item in value)


def _quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern's fast form (`fast_compile`), behind its guard where it has one."""
    if pattern not in _MADE and not isinstance(pattern, Guarded):
        pattern = _KEPT.pattern(pattern.pattern, pattern.flags & ~re.UNICODE, pattern)
    return pattern if isinstance(pattern, Guarded) else guarded(pattern)


def _is_text_pattern(value: object) -> bool:
    return isinstance(value, re.Pattern) and isinstance(value.pattern, str)


def _holds_patterns(table: tuple[Any, ...]) -> bool:
    """A tuple of patterns, or of tuples holding one each (a table of rules), and nothing else mutable."""
    return bool(table) and all(_is_text_pattern(item) or (isinstance(item, tuple) and any(map(_is_text_pattern, item)))
                               for item in table)


_END = sys.maxsize  # endpos when none is given, as the engine has it


class Guarded:
    """A compiled pattern searched only in a text holding one of the words every match of it needs.

    Most of the reader's ~470 patterns find nothing in most messages, yet a search that fails still tries the
    pattern at every place a match could start (every digit, every Chinese character). `needs` finds, far faster
    (literal words only), the words one of which each match holds; where it finds none, the pattern would find
    nothing, and its search is never made. Every method answers as the pattern's own: same matches, same results.
    A match's `.re` is the pattern itself, not this: compare a match's pattern by `.pattern`, never by `is`.
    """

    # No __getattr__ passing on what else a pattern has (scanner): with one, every method call went through it.
    __slots__ = ("plain", "needs", "_holds", "pattern", "flags", "groups", "groupindex")

    def __init__(self, plain: re.Pattern[str], needs: re.Pattern[str]) -> None:
        self.plain, self.needs, self._holds = plain, needs, needs.search
        self.pattern, self.flags, self.groups, self.groupindex = plain.pattern, plain.flags, plain.groups, plain.groupindex

    def search(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return None if self._holds(string, pos, endpos) is None else self.plain.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return None if self._holds(string, pos, endpos) is None else self.plain.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return None if self._holds(string, pos, endpos) is None else self.plain.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        return iter(()) if self._holds(string, pos, endpos) is None else self.plain.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        return [] if self._holds(string, pos, endpos) is None else self.plain.findall(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return string if self._holds(string) is None else self.plain.sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return (string, 0) if self._holds(string) is None else self.plain.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return [string] if self._holds(string) is None else self.plain.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"Guarded({self.plain!r})"


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, or a `Guarded` of it when every match needs one of a few words rare enough to look for first."""
    source = _KEPT.needs(pattern)
    if source is None:
        return pattern
    needs = _KEPT.pattern(_KEPT.anchored(source), 0, always=True)
    made: re.Pattern[str] = Guarded(pattern, needs)  # type: ignore[assignment]  # every method a pattern's
    return made


_Unit = tuple[int, ...]  # one character of a word: itself, or a case-blind letter's class of cases


def _words_of(source: str) -> list[tuple[_Unit, ...]]:
    """The words a `needs_source` pattern (a trie of literal words) finds, each a sequence of units."""
    def words(sequence: Iterable[_Item]) -> list[tuple[_Unit, ...]]:
        out: list[tuple[_Unit, ...]] = [()]
        for op, av in sequence:
            if op is _c.LITERAL:
                out = [word + ((av,),) for word in out]
            elif op is _c.IN:
                unit = tuple(code for item_op, code in av if item_op is _c.LITERAL)
                if len(unit) != len(av):
                    raise ValueError("not a trie of words")
                out = [word + (unit,) for word in out]
            elif op is _c.BRANCH:
                out = [word + rest for word in out for alternative in av[1] for rest in words(alternative.data)]
            elif op is _c.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
                out = [word + rest for word in out for rest in words(av[3].data)]
            else:
                raise ValueError("not a trie of words")
        return out
    return words(_parser.parse(source, 0).data)


# The characters in one message in a hundred or more (every corpus, Latin letters in lower case), the most
# frequent first: a word is looked for from its character furthest down (or not in) this list.
_LIKELY = (" 10了23568479发件到o完天p货c做在e个s检料一a的ti下dr首好不-n周号批已l成出过还今终单明h%k没是有期.要m度三都后来y五"
           "上b格二错g,收合u月哪箱延中两我材只镀喷工验，x车交电晚差那进拜f四压焊理原第回。钢才处百礼等装剩打推量日数昨毛伤套w能部开良"
           "v全现厂化样共儿得超q缺应子前齐/外去")
_RANK = {char: rank for rank, char in enumerate(_LIKELY)}


def _rarity(unit: _Unit) -> int:
    return min(_RANK.get(chr(code).lower(), len(_LIKELY)) for code in unit)


def _anchor_at(word: tuple[_Unit, ...]) -> int:
    """Where the word's least likely character stands (the first of equals)."""
    return max(range(len(word)), key=lambda i: (_rarity(word[i]), -i))


def _unit_source(unit: _Unit) -> str:
    return re.escape(chr(unit[0])) if len(unit) == 1 else "[" + "".join(re.escape(chr(code)) for code in unit) + "]"


def _anchored(source: str) -> str:
    """The words of a `needs_source` pattern, each looked for from its least likely character (`_LIKELY`): `延期`
    is `延(?=期)`, `完成率` is `率(?<=完成率)`. The trie looked for each word from its first character, so a search
    stopped at every `完`, `P`, space or digit of a message and tried there every word of the pattern, one after
    another (a third of the WeCom report's reading); from a rare character, most messages hold no place to try.
    It finds every word the trie finds; the look-behind may also see before `pos`, which only lets the pattern
    itself be searched where it would have been passed over."""
    try:
        found = _words_of(source)
    except Exception:  # noqa: BLE001 - not a trie of words (or the parser changed): the words as they are
        return source
    by_anchor: dict[_Unit, list[str]] = {}
    for word in found:
        at = _anchor_at(word)
        before = f"(?<={''.join(map(_unit_source, word[:at + 1]))})" if at else ""
        after = f"(?={''.join(map(_unit_source, word[at + 1:]))})" if at + 1 < len(word) else ""
        by_anchor.setdefault(word[at], []).append(before + after)
    out = []
    for anchor, looks in by_anchor.items():
        if "" in looks:  # the character is a word of its own
            out.append(_unit_source(anchor))
        else:
            out.append(_unit_source(anchor) + (f"(?:{'|'.join(looks)})" if len(looks) > 1 else looks[0]))
    return "|".join(out)


def needs_any(patterns: Iterable[object]) -> re.Pattern[str] | None:
    """One pattern finding the words any of `patterns` (each a `Guarded`) needs: in a text where it finds none,
    none of them matches, and a chain of searches can stop at once. None when one of them needs nothing known."""
    sources = []
    for pattern in patterns:
        if not isinstance(pattern, Guarded):
            return None
        sources.append(pattern.needs.pattern)
    return _KEPT.pattern("|".join(sources), 0, always=True) if sources else None


# Characters in one message in twenty or more (the corpora): a word of these alone is a poor sign of a match.
_COMMON = frozenset(" 0123456789了发到件天完做一料周货不下期成检个的号%-acdefhilmnoprstuy")
_ODDS_COMMON, _ODDS_RARE, _ODDS_NEXT = 0.15, 0.01, 0.3  # a word's odds of being in a message: its rarest
_WORTH_IT = 2.4  # character's, each further character less likely; the words all together above this: no guard (r31d: 2.0 -> 2.2, so the in_process rule keeps its guard with the shoe and furniture steps; stop 39: 2.2 -> 2.4 with the tile, solar and pipe trades' English steps, 2.26)


def needs_source(pattern: re.Pattern[str]) -> str | None:
    """A pattern of literal words, one of which every match of `pattern` holds (consumed, or looked at ahead),
    so a text holding none has no match; None when there are no such words, or they are too common to help.
    From the pattern's parse: a sequence needs what its least likely part needs (a run of characters is one
    word), alternatives what each needs, a repeat what it repeats at least once, a look-ahead what it looks
    at; a class, a look-behind, an anchor, a back-reference or a group with its own flags need nothing known.
    Case-blind patterns need the words in lower case, each Latin letter written as the class of what it matches
    case-blind (`[kK\u212a]`): the guard itself is searched case-sensitively, several times faster."""
    if _sre is None:  # pragma: no cover - another Python
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
        ignorecase = bool((pattern.flags | parsed.state.flags) & re.IGNORECASE)
        words = _needed(parsed.data, ignorecase)
    except Exception:  # noqa: BLE001 - any change in the parser's internals: no guard
        return None
    if not words or _odds(words) > _WORTH_IT:
        return None
    return _trie({word for word in words if not any(other != word and other in word for other in words)}, ignorecase)


def _trie(words: Iterable[str], ignorecase: bool) -> str:
    """The words as one pattern, branching a character at a time (`发(?:货|出)|延期`), so a search tries at each
    place only the words that go on with the characters there. No word holds another, so none ends where
    another goes on."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words):
        by_first.setdefault(word[0], []).append(word[1:])
    out = []
    for first, rests in by_first.items():
        char = f"[{_FOLDS.get(first, first + first.upper())}]" if ignorecase and "a" <= first <= "z" else re.escape(first)
        rest = _trie(rests, ignorecase) if rests != [""] else ""
        out.append(char + (f"(?:{rest})" if len(rests) > 1 else rest))
    return "|".join(out)


def _odds(words: set[str]) -> float:
    # summed in one order: in a set's (which moves with each process's string hashing) the last digits of two
    # equal sums differed, and which of two parts a pattern needs changed from one process to the next
    return sum(min(_ODDS_COMMON if ch in _COMMON else _ODDS_RARE for ch in word) * _ODDS_NEXT ** (len(word) - 1)
               for word in sorted(words))


def _needed(sequence: Iterable[_Item], ignorecase: bool) -> set[str] | None:
    """The words one of which a match of `sequence` holds (the least likely of its parts'), or None."""
    options: list[set[str]] = []
    run = ""
    for op, av in sequence:
        char = _plain_char(av, ignorecase) if op is _c.LITERAL else None
        if char is not None:
            run += char
            continue
        if run:
            options.append({run})
            run = ""
        got = _needed_by(op, av, ignorecase)
        if got is not None:
            options.append(got)
    if run:
        options.append({run})
    return min(options, key=_odds, default=None)


def _plain_char(code: int, ignorecase: bool) -> str | None:
    """The character as the guard looks for it: itself, or a case-blind Latin letter in lower case; None for a
    case-blind letter of another script (its folds are not all listed)."""
    char = chr(code)
    if ignorecase and _sre.unicode_iscased(code):
        return char.lower() if char.isascii() else None
    return char


def _needed_by(op: Any, av: Any, ignorecase: bool) -> set[str] | None:
    if op is _c.LITERAL:
        char = _plain_char(av, ignorecase)
        return None if char is None else {char}
    if op is _c.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            codes = [item_av] if item_op is _c.LITERAL else \
                range(item_av[0], item_av[1] + 1) if item_op is _c.RANGE and item_av[1] - item_av[0] < 64 else None
            if codes is None:  # a category, a negation, a wide range: anything
                return None
            for code in codes:
                char = _plain_char(code, ignorecase)
                if char is None:
                    return None
                chars.add(char)
        return chars
    if op is _c.BRANCH:
        words: set[str] = set()
        for alternative in av[1]:
            got = _needed(alternative.data, ignorecase)
            if got is None:
                return None
            words |= got
        return words
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return None if add_flags or del_flags else _needed(inner.data, ignorecase)
    if op is _c.ATOMIC_GROUP:
        return _needed(av.data, ignorecase)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, inner = av
        return _needed(inner.data, ignorecase) if low >= 1 else None
    if op is _c.ASSERT and av[0] > 0:  # a look-ahead sees only up to endpos, as the guard does
        return _needed(av[1].data, ignorecase)
    return None


def start_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters every match of `pattern` starts with, when they are a set of plain characters;
    None when a match may start anywhere, with a class (a digit, a range) or with nothing. A text holding
    none of them has no match, so a chain of rules can pass over a rule without searching."""
    if _sre is None:  # pragma: no cover - another Python
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
        starts, empty = _starts(parsed.data, bool(pattern.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - any change in the parser's internals: no shortcut
        return None
    if starts is None or empty or not starts or any(op is not _c.LITERAL for op, _ in starts):
        return None
    return frozenset(chr(code) for _, code in starts)


def _starts(sequence: Iterable[_Item], ignorecase: bool) -> tuple[list[_Item] | None, bool]:
    """The set items a match of `sequence` can start with (None: any character), and whether it can be empty."""
    out: list[_Item] = []
    for op, av in sequence:
        got, empty = _starts_of(op, av, ignorecase)
        if got is None:
            return None, False
        out += got
        if not empty:
            return out, False
    return out, True


def _starts_of(op: Any, av: Any, ignorecase: bool) -> tuple[list[_Item] | None, bool]:
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):  # look-arounds and anchors consume nothing
        return [], True
    if op is _c.LITERAL:
        return _set_items(op, av, ignorecase), False
    if op is _c.IN:
        out: list[_Item] = []
        for item_op, item_av in av:
            got = _set_items(item_op, item_av, ignorecase)
            if got is None:
                return None, False
            out += got
        return out, False
    if op is _c.BRANCH:
        out, empty = [], False
        for alternative in av[1]:
            starts, can_be_empty = _starts(alternative, ignorecase)
            if starts is None:
                return None, False
            out += starts
            empty = empty or can_be_empty
        return out, empty
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if not add_flags and del_flags == re.IGNORECASE:  # `_cased_openings`' case-sensitive set of a letter's cases
            return _starts(inner, False)
        if add_flags or del_flags:
            return None, False
        return _starts(inner, ignorecase)
    if op is _c.ATOMIC_GROUP:
        return _starts(av, ignorecase)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, inner = av
        starts, empty = _starts(inner, ignorecase)
        return starts, (starts is not None and (empty or low == 0))
    return None, False  # any character, a negated set, a back-reference: anywhere


def _set_items(op: Any, av: Any, ignorecase: bool) -> list[_Item] | None:
    if op is _c.LITERAL:
        return _letter(av, ignorecase)
    if op is _c.RANGE:
        low, high = av
        if ignorecase and _cased(low, high):
            if high - low > 128:
                return None
            out: list[_Item] = []
            for code in range(low, high + 1):
                got = _letter(code, ignorecase)
                if got is None:
                    return None
                out += got
            return out
        return [(op, av)]
    if op is _c.CATEGORY and av in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE, _c.CATEGORY_WORD):
        return [(op, av)]  # each closed under case: \w holds both cases of every letter
    return None


@cache
def _cased(low: int, high: int) -> bool:
    return any(_sre.unicode_iscased(code) for code in range(low, high + 1))


def _letter(code: int, ignorecase: bool) -> list[_Item] | None:
    char = chr(code)
    if not ignorecase or not _sre.unicode_iscased(code):
        return [(_c.LITERAL, code)]
    if not char.isascii():
        return None  # a non-Latin cased letter: its folds are not listed here, so anywhere
    return [(_c.LITERAL, ord(other)) for other in _FOLDS.get(char.lower(), char.lower() + char.upper())]
