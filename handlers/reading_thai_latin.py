"""Thai words of a report written in Latin letters, said in English before the message is read.

Thai coordinators at the Eastern Seaboard's subcontractors (Rayong, Chonburi, Amata City) write the bot in simple
English with Thai words typed in Latin letters on a phone without a Thai keyboard (`welding sed laew krub`,
`prungnee song khong na`, `watthudip ma laew`, `CNC kamlang tham 30%`). The words are the same words of a report
handlers/reading_thai.py says from Thai script (days, done and not yet, the goods and their moves, the particles of
politeness), each in the spellings Thai writers use for it: the Royal Thai General System's (`laeo`, `phrung ni`,
`muea wan`) and the chat's (`laew`, `prungnee`, `mua wan`). Each is said as the English word it means, in the chat
English handlers/reading_register.fold_chat_english reads (`sed laew` is `finish already`, `ma laew` is
`come already`), and the reason or description read from the message is put back in the sender's words
(`as_written`). Thai has no tense, so a Thai verb is said as the base verb and the time is left to the words around it.

A message is this register's when it holds a word only romanised Thai writes: no English word, no pinyin syllable,
no word of Indonesian, Malay, Hindi or Vietnamese (`laew`, `prungnee`, `watthudip`, `kamlang`, `khong`, `sawasdee`),
or two Thai words that only together are Thai's (`sed laew`, `wan nee`, `mai phan`, `yang mai`); a word it shares
with pinyin or English (`song` send and 送, `mai` not and 买, `set`) is read only inside such a message. A message with
Chinese, Thai, Japanese or Vietnamese letters is left to its own reading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import Language, as_written_in

__all__ = ["FILLER", "THAI_LATIN", "as_written", "in_english", "is_romanised_thai"]

_L = "A-Za-z"

# (spellings, English), longest first where one holds another; a word said as "" carries no fact.
_WORDS: tuple[tuple[str, str], ...] = (
    # days
    ("maruen nee|maruen ni|maruenee|marue nee|marue ni|ma ruen nee|maruen nii", "day after tomorrow"),
    ("prungnee|prung nee|prungni|prung ni|phrungnee|phrung nee|phrung ni|phrungni|phrung nii|proong nee|prung nii",
     "tomorrow"),
    ("wan nee|wannee|wan ni|wanni|wan nii", "today"),
    ("muea wan nee|muea wan|mueawan|mua wan|muawan|meua wan|meuawan|mue wan|muea waan", "yesterday"),
    ("athit na|arthit na|atit na|athit naa|sappada na|sapda na", "next week"),
    # done, not yet, under way
    ("sed laew|set laew|sed leaw|set leaw|sed laeo|set laeo|sed lew|set lew|sed laew laew|riaproi laew|riabroi laew"
     "|riap roi laew|reabroi laew", "finish already"),
    ("sed|riaproi|riabroi|riap roi|reabroi", "finish"),
    ("kamlang tham|kamlang tum|kamlang thum|gamlang tham|gamlang tum|kumlung tum|kamlang chueam", "in process"),
    ("kamlang|gamlang|kumlung", "now"),
    ("yang mai khrop|yang mai krob|yang mai krop", "short"),
    ("yang mai ma|yang mai maa", "not yet come"),
    ("yang mai|yung mai|yang may|yang", "not yet"),
    ("mai phan|mai pan|mai phaan|mai pass", "not pass"),
    ("mai dai|mai daai", "cannot"), ("mai", "not"),
    ("khrop laew|krob laew|krop laew", "all in"), ("khrop|krob|krop", "all in"),
    ("mod laew|mot laew|mod laeo|mot laeo|mod leaw|mot leaw|hmod laew", "all already"),
    ("ma laew|maa laew|ma leaw|ma laeo", "come already"),
    ("thueng laew|tueng laew|teung laew|thung laew", "arrive already"), ("thueng|tueng|teung", "arrive"),
    ("song laew|song leaw|song laeo|song khong laew", "send already"),
    ("song khong|song kong", "send goods"), ("song", "send"),
    ("phan laew|pan laew|phaan laew", "pass already"), ("phan|phaan", "pass"),
    ("rap laew|rab laew", "receive already"), ("rap|rab", "receive"),
    ("ror|roh", "waiting"), ("luean|luen|leuan", "delay"), ("cha", "late"),
    # the goods, the steps
    ("watthudip|wattudip|watudip|watthu dip|wat thu dib|watthudib|wattu dip|wattudib", "material"),
    ("khong|kong", "goods"), ("chin", "pcs"),
    ("chueam|chuem|chuam", "brazing"), ("phon si|pon si|phon see", "spray painting"), ("chit|chid", "injection"),
    # courtesy and particles: no fact
    ("khop khun mak|khob khun mak|khop khun|khob khun|kop kun|kob kun", "thanks"),
    ("sawasdee|sawatdee|sawaddee|sawasdi|sawatdi|sawadee|sawaddi", "hello"),
    ("laew|leaw|laeo|láew", "already"),
    ("na ka|na kha|na krub|na khrap|na kub|ka|kha|kaa|krub|krab|krap|khrap|khrub|kub|na|naa|ja|jaa|ha", ""),
)
# The particles of politeness Thai English puts anywhere in a sentence (`ship already krub 900 pcs`, `Good morning krub
# 16063 ...`), in English messages as in romanised Thai ones: words the reader knows to carry no fact.
FILLER: tuple[str, ...] = ("krub", "krab", "krap", "khrap", "khrub", "khap", "sawasdee", "sawatdee", "sawaddee")
_MEANING = {spelling: said for spellings, said in _WORDS for spelling in spellings.split("|")}
_ALTERNATIVES = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(_MEANING, key=len, reverse=True))
_WORD = re.compile(rf"(?<![{_L}'])(?:{_ALTERNATIVES})(?![{_L}'])", re.IGNORECASE)

# The words only romanised Thai writes (no English word, pinyin syllable, or word of a language the reader knows), and
# the pairs that only together are Thai's: one marks the message.
_OWN = re.compile(
    r"(?<![A-Za-z'])(?:laew|leaw|laeo|prungnee|prungni|phrungnee|phrungni|phrung|prung|maruen|maruenee|marue"
    r"|muea|mueawan|muawan|meuawan|watthudip|wattudip|watudip|watthudib|wattudib|kamlang|gamlang|kumlung|khong"
    r"|sawasdee|sawatdee|sawaddee|sawasdi|sawatdi|sawadee|sawaddi|riaproi|riabroi|reabroi|khrop"
    r"|(?:sed|set|wan|yang|mai|song|ma|athit|arthit)\s+(?:laew|leaw|laeo|nee|mai|phan|pan|khong|kong|na)|mai\s+pass)"
    r"(?![A-Za-z'])", re.IGNORECASE)
_NOT_LATIN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1ea0-\u1ef9ăâđêôơưĂÂĐÊÔƠƯ]")
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_MARK = re.compile(r"[ \t]+(?=[,.;!?])")


def is_romanised_thai(text: str) -> bool:
    """Whether the message holds Thai words in Latin letters: one word or pair only Thai writes, no other script."""
    return _OWN.search(text) is not None and _NOT_LATIN.search(text) is None


def _english(match: re.Match[str]) -> str:
    return _MEANING.get(" ".join(match.group(0).lower().split()), match.group(0))


THAI_LATIN = Language("th-latn", is_romanised_thai, _WORD, _english)


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the romanised Thai words of a report said in English; any other message as it is."""
    if not is_romanised_thai(text):
        return text
    said = _WORD.sub(lambda m: f" {_english(m)} " if _english(m) else " ", text)
    return _BEFORE_MARK.sub("", _SPACES.sub(" ", said)).strip(" ")


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's Thai words again."""
    if not value or not is_romanised_thai(original):
        return value
    return as_written_in(THAI_LATIN, value, original)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
