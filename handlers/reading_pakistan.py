"""Urdu words of a report in Latin letters, as Pakistan's subcontractors write them, said in the English the reader knows.

Supplier coordinators in Sialkot, Lahore and Gujranwala write the bot in English with Urdu in Latin letters (`maal
bhej diya`, `2 din late, bijli nahi thi`, `assembly mukammal`, `2500 pcs tayyar hain`, `kal bhej denge inshallah`).
Urdu and Hindi share most everyday words and their grammar, and handlers/reading_india.py reads the Hindi of India's
chats (`ho gaya`, `nahi aaya`, `kal` by the verb's tense); this table reads what Pakistan's chats add or spell their
own way, before India's, so its words are said in English first and India's read what is left:

- the verbs of goods sent (bhejna, rawana karna, nikalna, chala jana) by their tense: past (`bhej diya`, `bheje the`)
  is shipped, future (`bhej denge`, `nikal jayega`) is shipping to come;
- the words of time: `din` (days), `hafta` (week), `mahina` (month), `tareekh` (the day of the month), `pehle` (ago),
  `agle` (next); `kal` and `parson` by the verb's tense as India's table reads them, left as written (asked) where
  none, or both, say which, and where `se` follows (`kal se`: since yesterday or from tomorrow);
- Urdu's own words of a report (mukammal done, tayyar ready, baqi left, ghalat wrong, pohanch arrived, kharab broken,
  shuru started) and its courtesies (inshallah, JazakAllah, shukriya, ji): no fact;
- dates are written day first (`10/12` is 10 December): a slash date in a message of this register is said with its
  month's name, so no reader of month-first dates turns it.

A message is this register's when it holds one of Urdu's own words that is no English word and no pinyin (bhej,
mukammal, tayyar, baqi, ghalat, inshallah, `2 din`, ...); other messages are untouched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import Language, as_written_in, clause_around, day_by_tense

__all__ = ["URDU", "as_written", "in_english"]

# (spellings, English); a word said as "" carries no fact. Longest first where one holds another.
_WORDS: tuple[tuple[str, str], ...] = (
    # goods sent, by the verb's tense
    ("bhej diya hai|bhej diye hain|bhej di hai|bhej diya tha|bhej diye the|bheje the|bheja tha|bheje hain|bheja hai"
     "|bhej diya|bhej diye|bhej dia|bhej di|bheje|bheja|bheji|rawana kar diya|rawana kar diye|rawana kar di"
     "|rawana ho gaya|rawana ho gayi|nikal gaya|nikal gayi|nikal gaye|chala gaya|chali gayi|chale gaye"
     "|dispatch kar diya|dispatch kar diye|dispatch kar di|ship kar diya|ship kar diye", "shipped"),
    ("bhej denge|bhej dein ge|bhej dain ge|bhejenge|bhejain ge|nikal jayega|nikal jayegi|nikal jaye ga"
     "|rawana karenge|rawana kar denge|dispatch karenge|dispatch kar denge", "will ship"),
    # a step done, made, ready, under way
    ("mukammal ho gaya|mukammal ho gayi|mukammal ho gaye|mukammal|mukamal|muqammal", "done"),
    ("ban gaye|ban gaya|ban gayi|bann gaye", "done"),
    ("tayyar hain|tayyar hai|tayyar|tayar|taiyar|tiyar", "ready"),
    ("wapis aa gaya|wapis aa gayi|wapis aa gaye|wapas aa gaya|wapas aa gayi|wapas aa gaye", "back, done"),
    ("approve ho gaya|approve ho gayi|approve ho gaye|approved ho gaya|pass ho gaya|pass ho gayi", "approved"),
    ("mein hai abhi|mein hain abhi|mein hai|mein hain", "in progress"),
    ("kar diya|kar diye|kar di|kar li|kar liya|kar liye", "done"),
    ("mein gaya hua hai|mein gayi hui hai|mein gaya hua|ke liye gaya hua hai|ke liye gayi hui hai|ke liye gaya hua",
     "in progress"),
    ("ho jayegi|ho jayega|ho jaye gi|ho jaye ga|ho jayenge", ""), ("ke liye|ki liye", "for"),
    ("gaya hua hai|gayi hui hai|gaye hue hain|gaya hua|gayi hui|gaye hue", "in progress"),
    ("chal rahi hai|chal raha hai|chal rahe hain|chal rahi|chal raha|chal rahe", "in progress"),
    ("shuru ho gayi hai|shuru ho gaya hai|shuru ho gayi|shuru ho gaya|shuru kar di|shuru kar diya|shuru", "started"),
    ("pohanch gaya|pohanch gayi|pohanch gaye|pohnch gaya|pohnch gayi|pahunch gayi", "arrived"),
    ("raaste mein hai|raste mein hai|raaste mein|raste mein", "in transit"),
    # time
    ("din pehle|din pahle", "days ago"), ("hafta pehle|hafte pehle", "week ago"),
    ("din|dinon", "days"), ("hafta|hafte|hafton", "week"), ("mahina|mahine", "month"),
    ("agle|agla|agli", "next"), ("pichle|pichla|pichli", "previous"),
    # quantities
    ("aadha|adha|aadhi|adhi", "half"), ("aur", "and"),
    ("baqi|baki|baaqi", "rest"), ("sara|saara|sari|saari|sab", "all"), ("dono", "both"),
    ("pehli|pehla|pahli", "first"), ("doosri|dusri|doosra|dusra", "second"), ("teesri|tisri|teesra", "third"),
    # correction, reasons
    ("ghalat|ghalt|galat", "wrong"), ("kharab", "broken"), ("masla|masala", "problem"),
    ("ki wajah se|ke wajah se|wajah se", "because of"), ("bijli", "power"), ("chutti|chhutti", "holiday"),
    # courtesies: no fact
    ("inshallah|insha allah|in sha allah|inshaallah|insha'allah", ""),
    ("assalam o alaikum|assalamu alaikum|assalam-o-alaikum|asalam o alaikum|aoa", ""),
    ("jazakallah|jazak allah|jazakallah khair|shukriya|shukria", "thanks"),
    # particles and the verb `to be`, no fact of their own: the order's `ka` (`16656 ka maal`), `hai`, `ji`, `humne`
    ("hai|hain|hoga|hogi|honge|ji|humne|hum ne|bhi", ""),
    ("ji bilkul|bilkul", "sure"), ("theek hai ji|theek hai|theek|thik hai|sab theek hai|sab theek", "ok"),
    ("khatam ho gaya|khatam ho gayi|khatam ho gaye|khatam", "finished"),
)
_L = "A-Za-z"
_MEANING = {spelling: said for spellings, said in _WORDS for spelling in spellings.split("|")}
_WORD_ALTERNATIVES = "|".join(sorted(_MEANING, key=len, reverse=True))

# `kal` (yesterday or tomorrow) and `parson` (two days off) by the verb's tense, as India's table reads them
_FUTURE = re.compile(r"(?<![A-Za-z])(?:\w+(?:enge|egi|ega|unga|oge|ain ge|ein ge)|hoga|hogi|honge|jayega|jayegi"
                     # God willing is said of what is to come; `kal se` with no verb of its own is from tomorrow
                     r"|will ship|inshallah|insha allah|inshaallah|kal se(?=\s*\w*\s*$))(?![A-Za-z])", re.IGNORECASE)
_PAST = re.compile(r"(?<![A-Za-z])(?:aaya|aayi|aaye|aya|gaya|gayi|gaye|kiya|kiye|diya|diye|tha|thi|the|hua|hui|hue"
                   r"|bheje|bheja|bheji|mila|mili)(?![A-Za-z])", re.IGNORECASE)
_DAY = r"(?P<day>kal|parson|parso)"
# a slash date, day first: said with its month's name
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DATE = r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])"
_OF = r"(?P<whole>\d[\d,]*)\s+mein\s+se\s+(?P<part>\d[\d,]*|aadha|adha)"  # `1500 mein se 900`: 900 of 1500
# the goods' sending or delivery (`shipment 3 din late`, `delivery ho jayegi`) is the shipping, as 交货 is; the delivery
# date itself (交货期) names no step
_SHIPPING = r"(?P<ship>shipment|delivery|dilevery|delivary|delivry)(?!\s+date)"
# the day of the month (`15 tareekh`), and a weekday or date before `ko` (on) or `tak` (by)
_NTH = r"(?P<nth>\d{1,2})\s+(?:tareekh|tarikh|tarik)(?:\s+(?P<nth_case>ko|tak))?"
_ON = (r"(?P<on>monday|tuesday|wednesday|thursday|friday|saturday|sunday|month end|mahine ke aakhir)\s+(?P<case>ko|tak)")
# Urdu puts the verb last: a count before the verb of goods sent (`1200 bhej diye`) is what was sent, said after it
_NOT_FIRST = r"(?<=[\w,]\s)(?<!po\s)(?<!PO\s)(?<!P\.O\s)"  # a count follows the order's number, never is it
_SENT = (rf"{_NOT_FIRST}(?P<count>\d[\d,]*(?:\s*(?:pcs|pieces|ctn|cartons|dozen|pallets?))?)(?:\s+aur)?\s+"
         r"(?P<sent>bhej diya|bhej diye|bhej di|bheje|bheja|bheji)(?:\s+(?:hain|hai|the|tha))?")
# what is left, a count before or after `baqi` (`700 pcs baqi hain`, `baqi 400`)
_LEFT = (r"(?:baqi|baki|baaqi)\s+(?P<left>\d[\d,]*(?:\s*pcs)?)"
         rf"|{_NOT_FIRST}(?P<left_before>\d[\d,]*(?:\s*pcs)?)\s+(?:baqi|baki|baaqi)(?:\s+(?:hain|hai|he))?")
# `maal` (the goods) with a verb of sending is what is sent, no word of its own; otherwise left as written (handlers/
# reading_india.py leaves `maal ready` to its sender)
_MAAL = r"(?P<maal>maal|mal)(?=\s)"
_SENDING = re.compile(r"(?<![A-Za-z])(?:bhej\w*|rawana|nikal|chala gaya|chali gayi|chale gaye|dispatch\w*)(?![A-Za-z])",
                      re.IGNORECASE)
# one or two days ago are yesterday and the day before, which the reader reads (`2 din pehle` is parson gone)
_AGO = r"(?P<ago>[12])\s+din\s+(?:pehle|pahle|pehlay)"
_OF_ORDER = r"(?<=\d\s)(?:ka|ki|ke)(?=\s)"  # `16656 ka maal`: the order's, no word of its own
_WORD = re.compile(rf"(?<![{_L}])(?:{_AGO}|{_MAAL}|{_OF_ORDER}|{_SENT}|{_LEFT}|{_DAY}|{_OF}|{_SHIPPING}|{_NTH}|{_ON}|(?:{_WORD_ALTERNATIVES}))(?![{_L}])|{_DATE}",
                   re.IGNORECASE)
_CASE = {"ko": "on", "tak": "by"}

# Urdu's own words, no English and no pinyin: one makes the message this register's
_SIGN = re.compile(r"(?<![A-Za-z])(?:bhej\w*|rawana|mukammal|mukamal|muqammal|tayyar|taiyar|baqi|baaqi|ghalat|pohanch\w*"
                   r"|inshallah|insha allah|jazakallah|jazak allah|shukriya|shukria|kharab|masla|tareekh|nikal ja\w*"
                   r"|nikal ga\w*|hafta|hafte|bijli|chutti|wapis|raaste|shuru|assalam\w*|\d+\s+din"
                   # Urdu's postpositions after a day or a number (`Monday ko`, `10/12 tak`, `1500 mein se`), and the
                   # verbs Urdu shares with Hindi (`ho gaya`, `ho jayegi`), `kal se` (from a day)
                   r"|(?:[a-z]*day|end|\d)\s+(?:ko|tak)|\d\s+mein\s+se|ho\s+ga(?:ya|yi|ye)|ho\s+jaye(?:ga|gi)|kal\s+se"
                   r"|chal\s+ra(?:hi|ha|he)|ga(?:ya|yi|ye)\s+hu(?:a|i|e)|theek|bilkul|ban\s+ga(?:ya|yi|ye)|mein\s+hai"
                   r"|kar\s+(?:diya|diye|di|li|liya))(?![A-Za-z])",
                   re.IGNORECASE)


_OTHER_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u9fff\uac00-\ud7af\uff00-\uffef]")  # Thai, kana, CJK, Hangul


def _is_urdu(text: str) -> bool:
    return _OTHER_SCRIPT.search(text) is None and _SIGN.search(text) is not None


_CLAUSE_END = re.compile(r"[,.;!?]")


def _english(match: re.Match[str]) -> str:
    if match["d"] is not None:
        day, month = int(match["d"]), int(match["m"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            return f"{day} {_MONTHS[month - 1]}"
        return match.group(0)
    if match["whole"] is not None:
        part = match["part"] if match["part"][0].isdigit() else "half"
        return f"{part} of {match['whole']}"
    if match["ago"] is not None:
        return "yesterday" if match["ago"] == "1" else "day before yesterday"
    if match["maal"] is not None:
        return "" if _SENDING.search(match.string) else match.group(0)
    if match.group(0).lower() in ("ka", "ki", "ke"):
        return ""
    if match["left"] is not None or match["left_before"] is not None:
        return f"{match['left'] or match['left_before']} left"
    if match["count"] is not None:
        return f"shipped {match['count']}"
    if match["ship"] is not None:
        return "shipping"
    if match["nth"] is not None:
        return f"{_CASE[match['nth_case'].lower()]} the {match['nth']}th" if match["nth_case"] else f"the {match['nth']}th"
    if match["on"] is not None:
        return f"{_CASE[match['case'].lower()]} {match['on']}"
    if match["day"] is not None:
        return day_by_tense(match["day"], clause_around(match, _CLAUSE_END), _FUTURE, _PAST) or match.group(0)
    return _MEANING.get(" ".join(match.group(0).lower().split()), match.group(0))


URDU = Language("ur", _is_urdu, _WORD, _english)
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Urdu words of a report said in English, where the message is Pakistan's register."""
    if not _is_urdu(text):
        return text
    said = _WORD.sub(_english, text)
    return text if said == text else _SPACES.sub(" ", said).strip()


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again."""
    return as_written_in(URDU, value, original) if _is_urdu(original) else value


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
