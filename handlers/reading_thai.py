"""Thai words of a report, said in English before the message is read.

Thai supervisors at Chinese plants on the Eastern Seaboard write the bot in simple English with Thai words mixed in
(`copper tube ถึงแล้ว`, `พรุ่งนี้ send`, `material ยังไม่ครบ`). Thai script is Thai's alone, so a message holding it is
read so without further sign. The words here are those of a report: days, done and not yet, the goods and their moves,
steps of the shop, the particles of politeness (no fact). Each is said as the English word it means, in the chat
English handlers/reading_register.fold_chat_english reads (`ถึงแล้ว` is `arrive already`); Thai digits are digits.
Thai has no tense, so a Thai word is said as the base verb and the time is left to the words around it, as in the
English written beside it.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken

__all__ = ["as_written", "thai_in_english"]

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Longest first where one word holds another (ยังไม่ before ยัง, เสร็จแล้ว before แล้ว).
_WORDS: tuple[tuple[str, str], ...] = (
    ("มะรืนนี้", "day after tomorrow"), ("พรุ่งนี้", "tomorrow"), ("วันนี้", "today"), ("เมื่อวาน", "yesterday"),
    ("อาทิตย์หน้า|สัปดาห์หน้า", "next week"),
    ("เสร็จแล้ว|เสร็ดแล้ว|เรียบร้อยแล้ว", "finish already"), ("เสร็จ|เสร็ด|เรียบร้อย", "finish"),
    ("กำลังทำ|กำลังตรวจ", "in process"), ("กำลัง", "now"),
    ("ยังไม่ครบ", "short"), ("ยังไม่นับ", "uncounted"), ("ยังไม่", "not yet"), ("ยัง", "not yet"), ("ไม่ได้", "cannot"), ("ไม่", "not"),
    ("ครบแล้ว", "all in"), ("ครบ", "all in"), ("รอ", "waiting"), ("ผ่าน", "pass"), ("รับ", "receive"), ("ถึง", "arrive"), ("มา", "come"),
    ("ส่ง", "send"), ("ของ", "goods"), ("ล็อต|ล๊อต", "lot"), ("เลื่อน", "delay"), ("ช้า", "late"),
    ("เชื่อม", "brazing"), ("ดัดท่อ", "tube bending"), ("พ่นสี", "spray painting"), ("ฉีด", "injection"),
    ("ขอบคุณ", "thanks"), ("แล้ว", "already"), ("ชิ้น", "pcs"),
    ("ค่ะ|คะ|ครับ|คับ|นะ|จ้า|จ้ะ|ค่า|น้า", ""),
)
# Thai writes no full stop: a space ends a clause, and one after แล้ว (a thing done) always does
# (`เสร็จแล้ว พรุ่งนี้ส่ง`: finished; tomorrow it goes), so it is said as the comma English writes there.
_CLAUSE_END = re.compile(r"(?<=แล้ว)\s+(?=[\u0e00-\u0e7f])")
_THOUSAND = re.compile(r"(?P<n>\d+)\s*พัน")
_WORD = re.compile("|".join(f"(?P<w{i}>{words})" for i, (words, _) in enumerate(_WORDS)))


def _english(match: re.Match[str]) -> str:
    said = _WORDS[int(match.lastgroup[1:])][1] if match.lastgroup else ""
    return f" {said} " if said else " "


# compiled once here, not looked up in re's cache of string patterns at every Thai message
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[,.!?])")


def thai_in_english(text: str) -> str:
    """`text` with the Thai words of a report said in English and Thai digits as digits; any other text as it is."""
    if not _THAI.search(text):
        return text
    text = _CLAUSE_END.sub(", ", _THOUSAND.sub(lambda m: m["n"] + "000", text.translate(_DIGITS)))
    said = _WORD.sub(_english, text)
    return _SPACE_RUN.sub(" ", _SPACE_BEFORE_MARK.sub("", said)).strip()


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, with the sender's Thai words again where
    they stand whole in it (`no truck ส่ง` stays as written): the record keeps what was written."""
    if not _THAI.search(original):
        return value
    for match in _WORD.finditer(original.translate(_DIGITS)):
        said = _english(match).strip()
        if said and f" {said} " in f" {value} ":
            value = f" {value} ".replace(f" {said} ", f" {match.group(0)} ", 1).strip()
    return value


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
