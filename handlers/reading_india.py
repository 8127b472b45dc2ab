"""Hindi and Tamil words of a report, and the shorthand of India's trade English, said in the English the reader knows.

Supplier coordinators of Indian subcontractors (Pune, Chennai) write the bot in English with Hindi (Hinglish) and
Tamil words in Latin letters (`kal dispatch karenge`, `material aa gaya`, `machining mudinjiduchu`), and in the
shorthand of India's shop-floor English (`RM recd`, `dispatch done`, `FPI ok`, `PDI completed`, `1800 nos`,
`1.2 lakh pcs`, `GRN done`, `powder coating over`). Each table is a `Language` of handlers/reading_languages.py (its
words said in another language before the message is read, the reason put back in the sender's words after), here
said in English rather than Chinese, as handlers/reading_thai.py says Thai: the words come from the languages'
grammars and the trade's shorthand, not from one writer's lines.

Hindi and Tamil put the verb last and carry the time in it: `kal` is yesterday or tomorrow by the verb's tense
(`kal aaya` came yesterday, `kal dispatch karenge` will go tomorrow), so it is said only where a verb's tense says
which, and left as written (asked) where none does.

Dates: India writes the day first (`05/11` is 5 November). A slash date in a message of India's register is read day
first; where its numbers read as two real dates (`05/11`: 5 November or 11 May) and nothing in the message shows the
day first (another date whose first number is no month, `25/09`), it is asked first (`asks_first`), as a Spanish
message's date is (handlers/reading_languages.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import Language, as_written_in, day_by_tense

__all__ = ["FILLER", "HINDI", "SHORTHAND", "TAMIL", "as_written", "asks_first", "in_english"]

_L = "A-Za-z"


def _words(table: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    meaning = {spelling: said for spellings, said in table for spelling in spellings.split("|")}
    alternatives = "|".join(sorted(meaning, key=len, reverse=True))
    return re.compile(rf"(?<![{_L}])(?:{alternatives})(?![{_L}0-9])", re.IGNORECASE), meaning


def _say(meaning: dict[str, str]) -> Callable[[re.Match[str]], str]:
    def say(match: re.Match[str]) -> str:
        return meaning.get(" ".join(match.group(0).lower().split()), match.group(0))
    return say


# --- Hindi (Hinglish) ----------------------------------------------------------------------------------------------
# The verb's tense decides `kal` and `parso` (yesterday/tomorrow, the day before/after): a future ending (-enge, -ega,
# -egi, -unga, hoga, jayega) or a time of the coming day (subah, shaam) makes them days to come; a past participle
# (aaya, gaya, kiya, diya, tha, hua) days gone.
_HI_FUTURE = re.compile(r"(?<![A-Za-z])(?:\w+(?:enge|egi|ega|unga|oge)|hoga|hogi|honge|jayega|jayegi|subah|shaam|sham)"
                        r"(?![A-Za-z])", re.IGNORECASE)
_HI_PAST = re.compile(r"(?<![A-Za-z])(?:aaya|aayi|aaye|aya|gaya|gayi|gaye|kiya|kiye|diya|diye|tha|thi|the|hua|hui|hue|"
                      r"pahunch gaya|mila)(?![A-Za-z])", re.IGNORECASE)
_HI_WORDS: tuple[tuple[str, str], ...] = (
    ("abhi tak nahi aaya|abhi tak nahi aayi|abhi tak nahi aaye|abhi tak nahi aya|abhi tak nahi pahuncha", "not yet arrived"),
    ("nahi aaya|nahi aayi|nahi aaye|nahi aya|nahi pahuncha", "not arrived"),
    ("aa gaya|aa gayi|aa gaye|aa chuka|aa chuki|pahunch gaya|pahunch gayi|mil gaya|mil gayi", "arrived"),
    ("ho gaya|ho gayi|ho gaye|ho chuka|ho chuki|hogaya|hogayi|kar diya|kar diye|kar di|kar liya|ho gya|hogya",
     "done"),
    ("chal raha hai|chal rahi hai|chal rahe hai|chal raha|chal rahi|ho raha hai|ho rahi hai|ho raha", "in progress"),
    ("aayega|aayegi|aa jayega|aa jayegi|pahunch jayega|pahunchega", "will arrive"),
    ("karenge|karega|karegi|karunga|kar denge|kar denge|bhejenge|bhej denge|hoga|hogi|ho jayega|ho jayegi", ""),
    ("abhi tak nahi|abhi tak", "not yet"), ("nahi|nahin", "not"),
    # `maal` (the goods) is left as written: `maal ready` is the goods made or passed, the sender's to say
    ("aaj", "today"), ("abhi", "now"), ("galat", "wrong"), ("sahi", "right"),
    ("hai|hain|tha|thi|hoon|hu|bhai|bhaiya|ji", ""),
)
_HI_DAY = re.compile(r"(?<![A-Za-z])(?P<day>kal|parso|parson)(?![A-Za-z])", re.IGNORECASE)
_HI_WORD, _HI_MEANING = _words(_HI_WORDS)
_HI_SIGN = re.compile(r"(?<![A-Za-z])(?:gaya|gayi|gaye|karenge|karega|karunga|hoga|hogi|jayega|nahi|nahin|aaya|aayi"
                      r"|kal|parso|aaj|maal|galat|diya|raha|rahi|abhi|hai|tha|subah|shaam|bhai|hogaya)(?![A-Za-z])",
                      re.IGNORECASE)
# a word of Hindi whose Latin spelling is also English or pinyin (`hai` 还, `ji`, `tha`): two are needed
_HI_STRONG = re.compile(r"(?<![A-Za-z])(?:gaya|gayi|gaye|karenge|karega|karunga|hoga|jayega|nahi|nahin|aaya|aayi|parso"
                        r"|aaj|maal|galat|abhi|hogaya|subah"
                        # a future of any verb (bhejenge, denge, karunga), never English's challenge or revenge
                        r"|(?!challenge|revenge|scavenge)[a-z]+(?:enge|unga))(?![A-Za-z])", re.IGNORECASE)


def _is_hindi(text: str) -> bool:
    return text.isascii() and (_HI_STRONG.search(text) is not None or len(_HI_SIGN.findall(text)) >= 2)


_HI_ANY = re.compile(f"{_HI_DAY.pattern}|{_HI_WORD.pattern}", re.IGNORECASE)


def _hindi_english(match: re.Match[str]) -> str:
    if match["day"] is None:
        return _HI_MEANING.get(" ".join(match.group(0).lower().split()), match.group(0))
    return day_by_tense(match["day"], match.string, _HI_FUTURE, _HI_PAST) or match.group(0)


HINDI = Language("hi", _is_hindi, _HI_ANY, _hindi_english)


# --- Tamil ---------------------------------------------------------------------------------------------------------
_TA_WORDS: tuple[tuple[str, str], ...] = (
    ("inniki|inniku|innaiku|innaikku|indru", "today"), ("naalaiku|naalaikku|nalaiku|naalai|nalaikku", "tomorrow"),
    ("nethu|nethiku|netru|nettu", "yesterday"),
    ("mudinjiduchu|mudinjiruchu|mudinjidichu|mudinjathu|mudinjudhu|mudinjuduchu|mudinju|mudichitom|mudichachu",
     "done"),
    ("nadakkudhu|nadakuthu|nadakudhu|nadakkuthu|nadanthukittu irukku|poyitu irukku", "in progress"),
    ("vandhuduchu|vanthuduchu|vanduchu|vandhachu|vandhiduchu|vanthachu", "arrived"),
    ("varum|vandhudum|vanthudum", "will arrive"), ("varala|varalai|innum varala", "not arrived"),
    ("panniten|pannitten|pannitom|panniyachu|panniachu|aachu|achu", "done"),
    ("seri|sari", "ok"), ("anna", ""),
)
_TA_WORD, _TA_MEANING = _words(_TA_WORDS)
_TA_SIGN = re.compile(r"(?<![A-Za-z])(?:inniki|inniku|innaiku|innaikku|naalaiku|naalaikku|nalaiku|nethu|nethiku"
                      r"|mudinj\w*|mudich\w*|nadakk?u\w*|vandh\w*|vanth\w*|vanduchu|varum|varala\w*|pannit\w*|panniy\w*"
                      r"|panniachu|seri)(?![A-Za-z])", re.IGNORECASE)


def _is_tamil(text: str) -> bool:
    return text.isascii() and _TA_SIGN.search(text) is not None


TAMIL = Language("ta", _is_tamil, _TA_WORD, _say(_TA_MEANING))


# --- India's shorthand of the trade, in English -------------------------------------------------------------------
# `dispatch` is India's (and Britain's) word for shipping: `dispatch done` is shipped, `dispatch` before its day or in a
# delay the shipping; RM is raw material; FPI, first off, first piece and the PPAP sample are the first article; PDI
# (pre-dispatch inspection), FI and final QC the final inspection; GRN and inward are the goods booked in; `nos`
# (numbers) after a count is pieces; a lakh is a hundred thousand; `over` ending a clause is finished; `balance`
# before a count is what is left; `under process` and `going on` are under way; `prepone` brings a day forward.
_SH_WORDS: tuple[tuple[str, str], ...] = (
    ("dispatch done|dispatch completed|dispatch complete|dispatch over|dispach done|dispatch finished|despatch done"
     "|dispatch ho gaya|dispatched done", "shipped"),
    ("despatched|dispached|dispatchd", "dispatched"), ("dispatched on|despatched on", "shipped on"),
    ("dispatching|despatching", "shipping"),
    ("dispatch|despatch|dispach|dispatc", "ship"),
    ("recd|rcvd|recvd|recieved|receieved|recived", "received"),
    ("first off sample|first off|first piece inspection|first piece|1st piece|first sample|ppap sample|ppap samples"
     "|first article inspection|fpi|1st off", "first article"),
    ("pdi|pre dispatch inspection|pre-dispatch inspection|final insp|final qc|final inspn", "final inspection"),
    ("grn done|grn completed|grn made|inward done|inward completed|inwarded|grn ok", "received, booked in"),
    ("incoming inspection|incoming qc|incoming insp", "来料检"),
    ("under process|under progress|going on|is going on|are going on", "in progress"),
    ("tmrw|tmw|tommorow|tommorrow|tomorow|tomarrow|tmorrow", "tomorrow"),
    # a day brought forward is the plan of that day, never a delay
    ("preponed to|prepone to|preponed|advanced to", ""),
    ("postpone to|postponed to", "delayed to"), ("postponed|postpone", "delayed"),
    ("eod", "today"), ("pfa|kindly do the needful|do the needful|kindly note|pls note|please note", ""),
    ("what all", "what"),
    ("noted with thanks|noted with thanx|noted sir thanks", "noted, thanks"),
    # slips of the chat keyboard in the words of a report (a vowel dropped or swapped)
    ("dilay|dealy|deley|delaid", "delay"), ("coting", "coating"), ("completd|complted|compleated|comleted", "completed"),
    ("fianl|finel|fnal", "final"), ("matrial|materail|meterial", "material"), ("percentage", "percent"),
    # stock said short by a noun or an adjective of English (`CRCA sheet shortage`, `compound not sufficient`), as 缺料
    ("shortage|is not sufficient|not sufficient|are not sufficient|insufficient", "缺料"),
    ("full qty|full quantity|full order|entire qty|entire quantity|complete qty|complete quantity|total qty", "all"),
    # goods in with the counting still to do are no receipt made (到货了 还没点数)
    ("counting pending|count pending|counting going on|counting in progress|counting under process|yet to count",
     "还没点数"),
    # a check passed is `clear` (`final inspection clear`, `PDI cleared`)
    ("inspection clear|inspection cleared|insp clear|qc clear|qc cleared|pdi clear|pdi cleared|fpi clear|fpi cleared",
     "inspection passed"),
    # the buyer's own check of a first article (`approved by your QC`) is its verdict, not the final inspection
    ("by your qc|by your qa|by your quality|by your quality team|by your inspector|by your team", "by customer"),
    # another party's word (`vendor saying tomorrow`): no fact of the sender's, as 厂家说 is
    ("vendor saying|vendor says|vendor said|vendor told|vendor telling|supplier saying|supplier says|supplier said"
     "|transporter saying|transporter says|transporter said", "厂家说"),
    # of several orders, `all three` counts the orders, never the rest of one order's goods
    ("all three|all 3|all four|all 4|all five|all 5|all two|all 2|all the three|all the 3", ""),
    ("wrong group|wrong grp", "发错群"),
    # the set-up redone after a first article fails (`resetting tool`, `die correction`): as 重新调机, no defect counted
    ("resetting tool|tool resetting|resetting the tool|tool reset|re-setting tool|die correction|tool correction"
     "|die correction going on|tool correction going on", "重新调机"),
    # a message sent in error is the slip owned (发错了), never goods sent
    ("sent by mistake|send by mistake|posted by mistake|typed by mistake|sent wrongly|by mistake", "发错了"),
)
_SH_CODES = re.compile(r"(?<![A-Za-z])(?P<code>RM|FI)(?![A-Za-z])")  # capitals only: `rm`, `fi` may be other words
_SH_COUNT = re.compile(r"(?<=\d)(?P<nos>\s*(?:nos|no\.s|numbers)\.?)(?![A-Za-z])"
                       r"|(?P<lakh>(?<![\d.])\d+(?:\.\d+)?)\s*(?:lakhs?|lacs?)(?![A-Za-z])"
                       r"|(?<![A-Za-z])balance\s+(?P<left>\d[\d,]*(?:\.\d+)?(?:\s*[kK](?![A-Za-z]))?)(?:\s*(?:pcs|nos))?"
                       r"(?:\s+(?:pending|remaining))?"
                       r"|(?<![A-Za-z])(?P<ordinal>first|second|third|fourth|fifth|last)\s+(?P<batch>lot|batch|consignment)"
                       r"(?![A-Za-z])"
                       # a heat number: `no` is its number, never "not"; on the order's parts checked or sent it is their lot
                       r"|(?<![A-Za-z])(?P<heat>heat\s*(?:no\.?|number|#))(?=\s*[:#]?\s*[A-Za-z]?\d)"
                       # the day before the shipping verb (`today dispatch`), as 今天发: said after it, as English does
                       r"|(?<![A-Za-z])(?<!after\s)(?<!before\s)(?P<when>today|tomorrow|tmrw)\s+(?P<verb>dispatch|despatch|dispach)(?=\s*(?:[,.;!]|$|\s+sir))"
                       # the goods said `material` when they are sent (`material dispatched`, `material will dispatch`)
                       r"|(?<![A-Za-z])(?P<goods>material)(?=\s+(?:will\s+(?:be\s+)?)?(?:dispatch|despatch|dispach|ship)\w*)"
                       # where the goods stand (`at stores`, `from your stores`, `at our shop`): a place, no fact (at the gate they are not
                       # yet taken in: left to ask)
                       r"|(?<![A-Za-z])(?P<place>(?:at|from|to|in|into)\s+(?:our\s+|your\s+|the\s+|ur\s+)?(?:stores|godown|warehouse|shop"
                       r"|plant|factory))(?![A-Za-z0-9])"
                       # a first article failed and the set-up redone is the first article not passed, as 首件没过 重新调机 is
                       r"|(?<![A-Za-z])(?P<fa>fpi|first article|first piece|first off)\s+(?:rejected|failed|not ok|ng)"
                       r"(?:\s+by\s+(?:your\s+)?(?:qc|qa|customer))?(?=[\s,.;]+(?:resetting|re-setting|tool|die)\b)"
                       # a stock's name then `short` ending its clause (`powder short sir`, `terminals short, waiting`)
                       r"|(?<=[a-z]\s)(?P<short>short)(?=\s*(?:[,.;!]|$|\s+(?:sir|ji|bhai)\b))"
                       r"|(?<![\d.])(?P<left_after>\d[\d,]*(?:\.\d+)?(?:\s*[kK](?![A-Za-z]))?)\s+(?:nos\s+|pcs\s+)?balance(?![A-Za-z])"
                       r"|(?<![A-Za-z])out of\s+(?P<whole>\d[\d,.]*\s*[kK]?)(?P<what>\s+[A-Za-z]+)?\s*,\s*"
                       r"(?P<part>\d[\d,.]*\s*[kK]?)(?=\s+(?:pcs\s+|nos\s+)?(?:done|completed?|finished|over|ok)\b)"
                       r"|(?<=\d)\s+out of(?=\s+\d)(?!\s+\d[\d,.]*\s*[kK]?(?:\s+[A-Za-z]+)?\s*,)"
                       r"|(?<![A-Za-z])each\s+(?P<each>\d[\d,]*)\s*(?:pcs|nos|pieces)(?![A-Za-z])"
                       # object then verb (`previous msg cancel`, `last message delete pls`): the last message taken back
                       r"|(?<![A-Za-z])(?:pls\s+|please\s+)?(?P<undo>(?:previous|last|above|earlier)\s+(?:msg|message|update)\s+"
                       r"(?:cancel|delete|ignore|wrong)\w*|ignore\s+(?:the\s+)?above\s+(?:msg|message))(?![A-Za-z])"
                       r"|^\s*(?P<address>(?:good\s+(?:morning|afternoon|evening)\s+)?(?:dear\s+)?(?:sir|madam|bhai|ji|hi|hello)"
                       r"(?:\s+(?:sir|ji))?)\s*[,.!]*\s+(?=(?:po\s*)?\d{4,})"
                       r"|(?<![A-Za-z])(?P<end>(?:at\s+)?(?:our|your|my)\s+end)(?![A-Za-z])"
                       r"|(?<=[A-Za-z%])(?P<over>\s+over)(?=\s*(?:[,.;!]|$|\s+(?:sir|ji|bhai|and|waiting|now)\b))",
                       re.IGNORECASE)
_SH_WORD, _SH_MEANING = _words(_SH_WORDS)

# Words of India's register that carry no fact of a report, for the reading's own account: courtesy (kindly, needful),
# the places goods come to (godown, gate), and the goods' papers (the LR and the DC: lorry receipt and delivery
# challan, the invoice).
FILLER: tuple[str, ...] = (
    "kindly", "needful", "godown", "gate", "tempo", "vehicle", "truck", "lorry", "transport",
    "through", "invoice", "challan", "attached", "copy", "regards", "thanks", "thank",
)
_CHECKED_OR_SENT = re.compile(r"(?<![A-Za-z])(?:inspection|insp|qc|pdi|fi|dft|dispatch\w*|ship\w*|values?|readings?)"
                              r"(?![A-Za-z])", re.IGNORECASE)
_SH_ANY = re.compile(f"{_SH_COUNT.pattern}|{_SH_CODES.pattern}|{_SH_WORD.pattern}", re.IGNORECASE)


def _shorthand_english(match: re.Match[str]) -> str:
    if match["nos"] is not None:
        return " pcs"
    if match["lakh"] is not None:
        return format(round(float(match["lakh"]) * 100_000), "d")
    if match["left"] is not None:
        return f"{match['left'].strip()} left"
    if match["ordinal"] is not None:
        ordinal = match["ordinal"].lower()
        if ordinal == "last":
            return match.group(0)
        return {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th"}[ordinal] \
            + " " + match["batch"]
    if match["left_after"] is not None:
        return f"{match['left_after']} left"
    if match["short"] is not None:
        return "缺料"
    if match["fa"] is not None:
        return "首件没过"
    if match["when"] is not None:
        return f"ship {match['when']}"
    if match["goods"] is not None:
        return "goods"
    if match["heat"] is not None:
        checked = _CHECKED_OR_SENT.search(match.string, match.end()) is not None
        return "lot" if checked else "heat number"
    if match["whole"] is not None:
        return f"{match['part']} of {match['whole']}"  # what was counted (`harness`) is no step
    if match.group(0).strip().lower() == "out of":
        return " of"
    if match["each"] is not None:
        return f"{match['each']} pcs each"
    if match["undo"] is not None:
        return "上条撤回"
    if match["address"] is not None or match["end"] is not None or match["place"] is not None:
        return ""
    if match["over"] is not None:
        return " done"
    if match["code"] is not None:
        code = match["code"]
        if code == "RM":
            return "material"
        if code == "FI":
            return "final inspection"
        return code
    return _SH_MEANING.get(" ".join(match.group(0).lower().split()), match.group(0))


# The words any match of the shorthand holds (the tables' words and the patterns' own first words), so a message holding
# none of them is passed over unsearched: most messages are Chinese, or English with none of these words.
_SH_FIRST = frozenset(word for spelling in _SH_MEANING for word in re.findall(r"[a-z]+", spelling)) | frozenset((
    "nos", "numbers", "lakh", "lakhs", "lac", "lacs", "balance", "over", "out", "each", "previous", "last", "above",
    "earlier", "ignore", "pls", "please", "first", "second", "third", "fourth", "fifth", "heat", "good", "dear", "sir",
    "madam", "bhai", "ji", "hi", "hello", "our", "your", "my", "at", "today", "tomorrow", "tmrw", "material", "fpi",
    "rm", "fi", "from", "to", "in", "into"))
_LATIN_WORD = re.compile(r"[a-z]+")


def _is_latin(text: str) -> bool:
    return not _SH_FIRST.isdisjoint(_LATIN_WORD.findall(text.lower())) and _SH_ANY.search(text) is not None


SHORTHAND = Language("en-in", _is_latin, _SH_ANY, _shorthand_english)

_IN_ENGLISH: tuple[Language, ...] = (HINDI, TAMIL, SHORTHAND)


def _sub(language: Language, text: str) -> str:
    return language.word.sub(language.say, text)


_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
# An ASCII letter: what `ch.isascii() and ch.isalpha()` is, found at one search instead of a loop over every character
_ASCII_LETTER = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Hindi and Tamil words of a report and India's trade shorthand said in English."""
    if _ASCII_LETTER.search(text) is None:
        return text
    said = text
    for language in _IN_ENGLISH:
        if language.is_own(said):
            said = _sub(language, said)
    return text if said == text else _SPACES.sub(" ", said).strip()


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again."""
    for language in _IN_ENGLISH:
        if language.is_own(original):
            value = as_written_in(language, value, original)
    return value


# --- Dates ---------------------------------------------------------------------------------------------------------
_SLASH_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")
# India's register beyond its languages: the lakh, `nos`, PFA, `kindly`, `do the needful`, prepone, its festivals
_REGISTER = re.compile(r"(?<![A-Za-z])(?:lakhs?|lacs?|crores?|nos|pfa|kindly|needful|prepone\w*|diwali|deepavali|pongal"
                       r"|onam|dussehra|dasara|navratri|holi|ganesh\w*|ugadi|sankranti|recd)(?![A-Za-z])", re.IGNORECASE)


@lru_cache(maxsize=4096)
def day_first(text: str) -> bool:
    """Whether the message is India's register, whose slash dates put the day first."""
    return text.isascii() and (_is_hindi(text) or _is_tamil(text) or _REGISTER.search(text) is not None)


def days_first(text: str) -> str:
    """`text` with each slash date of India's register turned day first (`05/11` said `11/05`, which the reader reads
    month first); any other text as it is."""
    if "/" not in text or not day_first(text):
        return text

    def turned(match: re.Match[str]) -> str:
        a, b = int(match["a"]), int(match["b"])
        if 1 <= a <= 31 and 1 <= b <= 12:
            return f"{match['b']}/{match['a']}"
        return match.group(0)
    return _SLASH_DATE.sub(turned, text)


def asks_first(text: str) -> bool:
    """A message of India's register holding a slash date that reads as two real dates (`05/11`), with no other date
    in it whose first number is no month (`25/09`) to show the day first: shown first rather than guessed."""
    if "/" not in text or not day_first(text):
        return False
    dates = [(int(m["a"]), int(m["b"])) for m in _SLASH_DATE.finditer(text)]
    if any(12 < a <= 31 and 1 <= b <= 12 for a, b in dates):
        return False
    return any(1 <= a <= 12 and 1 <= b <= 12 and a != b for a, b in dates)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
