"""Tagalog words of a report in Taglish, as the Philippines' subcontractors write them, said in the English the reader knows.

Filipino coordinators at the stamping, moulding, plating and harness shops of Cavite and Laguna write the bot in
English with Tagalog words in the middle of the sentence (`stamping tapos na po`, `dumating na yung copper wire`,
`na-ship na 2000pcs`, `ship namin bukas`, `8pcs may gasgas sa housing`). The carrier of such a message is English, so,
as handlers/reading_indonesia.py says Indonesian and handlers/reading_pakistan.py Urdu, each Tagalog word of a report
is said as the English word it means, in place, and the reason or description read from it is put back in the
sender's words (`as_written`). The words are those of Tagalog's grammar of a report and the dictionary, not one
writer's lines:

- Tagalog marks aspect, not tense: `na` after a word is "already" (`tapos na` done, `shipped na`), `pa` "still" or,
  after a negation, "yet" (`hindi pa dumating` not yet arrived, `ongoing pa`), `pa lang`/`palang` "only";
  the affixes of an English verb borrowed into it say the same (`na-ship`, `naideliver`, `nakapag-ship`, `naka-pack`:
  done; `nag-start`: begun; `ma-delay`: to be late; `i-cancel`, `ire-rework`, `paki-send`: the verb itself), and a
  base verb with `na` (`ship na`) is done unless its clause holds a day to come (`ship na bukas`: a plan).
- The trade's English in the Philippines says `deliver` for sending the goods to the buyer (`naideliver na namin sa
  Laguna plant`, `delivered na 1000 pcs sa Sta. Rosa`): said as the shipping, as handlers/reading_pakistan.py says
  `delivery`.
- Days: bukas, makalawa, kahapon, kanina (earlier today), ngayon, `nung isang araw` (two days gone), Lunes to Linggo,
  `sa <day>` on it and `nung <day>` the last one gone, `susunod na linggo` next week.
- Numbers: isa, dalawa, tatlo ... with their linker (`isang araw`, `dalawang libo`), `libo` a thousand, `ikalawang
  batch` the second, `huling batch` the last, `bawat` each, `<count> sa <whole>` the count out of the whole.
- Particles of address and politeness (po, sir, boss, naman, yung, ang, ng, namin) carry no fact.

A message is this register's when it holds one of Tagalog's own words, which no English, pinyin, Indonesian, Malay,
Spanish or romanised Thai writes (`tapos`, `dumating`, `kahapon`, `namin`, `hindi`, `yung`), and no letter of
another script; `na`, `pa`, `po`, `sa`, `ang` and `ni` are pinyin and English fragments too, and are read only
inside such a message.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_india import as_written as india_as_written
from handlers.reading_languages import Language, as_typed, as_written_in, clause_around, past_participle

__all__ = ["TAGALOG", "as_written", "in_english", "is_tagalog"]

_L = "A-Za-z"

# (spellings, English), longest first where one holds another; a word said as "" carries no fact.
_WORDS: tuple[tuple[str, str], ...] = (
    # days and times of day
    ("bukas ng umaga|bukas ng hapon", "tomorrow"), ("bukas", "tomorrow"),
    ("bukas o makalawa|bukas o sa makalawa", "tomorrow or the day after"), ("sa makalawa|makalawa", "day after tomorrow"),
    ("kahapon ng gabi|kahapon ng umaga|kahapon ng hapon|kahapon|kahapun|kahpon|kahapong", "yesterday"),
    ("nung isang araw|noong isang araw", "day before yesterday"),
    ("kanina umaga|kaninang umaga|kanina|kaninang hapon", "earlier today"),
    ("mamayang hapon|mamayang gabi|mamaya", "later today"), ("ngayong araw|ngayon", "today"),
    ("susunod na linggo|sa susunod na linggo|sa isang linggo", "next week"),
    ("buong araw", "whole day"), ("araw", "day"),
    # done, not yet, under way
    ("hindi pa po tapos|hindi pa tapos", "not yet done"),
    ("hindi pa po nagsisimula|hindi pa nagsisimula|hindi pa makapag start|hindi pa makapag-start", "not yet started"),
    ("hindi pa po dumarating|hindi pa dumarating|hindi pa po dumating|hindi pa dumating", "not yet arrived"),
    ("hindi pa po|hindi pa", "not yet"),
    ("tapos na po|tapos na|tapus na|natapos na|natapos|tapos|tapus", "done"), ("matatapos", "will finish"),
    ("ongoing na po|ongoing pa po|ongoing na|ongoing pa|ongoing", "in progress"),
    ("ginagawa pa po|ginagawa pa|ginagawa", "in progress"),
    ("nakagawa na|nakagawa|nagawa na|nagawa", "done"),
    ("nag-uumpisa na|nag-uumpisa|nagsimula na|nagsimula|nagsisimula|nag-start na|nag start na|nag-start|nag start",
     "started"),
    ("dumating na po|dumating na|dumating|dumatin na|dumatin|dumting na|dumting|dumarating", "arrived"),
    ("darating", "will arrive"),
    ("nandito na sa amin|nandito na|nandito", "arrived"),
    ("pasado na po|pasado na|pasado", "passed"),
    ("hindi aabot sa|hindi aabot|hindi kaya sa|hindi kaya", "cannot make it"), ("kulang pa", "still short"),
    ("kumpleto na|kumpleto|complete na po|complete na", "complete"),
    ("naipadala na|naipadala|nakaalis na|nakaalis", "shipped"), ("ipapadala", "will submit"),
    ("papunta na|papunta", "on the way"), ("alis", "leave"),
    ("hinihintay pa|hinihintay|naghihintay ng|naghihintay", "waiting"),
    ("tuloy-tuloy na|tuloy na kami|tuloy na|tuloy", ""),
    ("wala pa po|wala pa", "not yet"), ("walang kuryente", "power outage"), ("wala|walang", "no"),
    ("pa lang po|pa lang|palang|na lang|lang|pala", ""), ("yung isa", "one"), ("yung last", "the last one"), ("bago lang|bago", "just"),
    # the goods, the stock, the shop
    ("materyal|materal", "material"), ("bodega", "warehouse"), ("galing sa inyo|galing", "from"),
    ("nasa bodega na|nasa bodega", "in warehouse"),
    # short, late, broken, what went wrong
    ("kulang tao|kulang ang tao", "short of manpower"), ("pa ang kulang|ang kulang", "not enough"), ("kulang", "short"), ("kailangan", "need"), ("paki-send|pakisend", "please send"),
    ("sira", "broken"), ("bagyo", "typhoon"), ("kuryente", "power"),
    ("gasgas", "scratch"), ("kalawang", "rust"), ("baluktot", "deformed"), ("malabo", "blurred"),
    ("nakalimutan", "forgot"), ("kulay", "color difference"), ("mali", "wrong"),
    ("o", "or"), ("at", "and"), ("ni", "by"), ("ninyo", "your"), ("sa inyo", "to you"),
    # counts and orders
    ("lahat", "all"), ("pareho", "both"), ("din", "also"), ("ikalawang|pangalawang", "2nd"),
    ("ikatlong|pangatlong", "3rd"), ("unang", "1st"), ("huling", "last"), ("bawat", "per"), ("tig", ""),
    ("mga", "about"), ("natira|natitira", "the rest"), ("bilang", "count"),
    # the chat's words
    ("salamat po|salamat", "thanks"), ("sige po|sige", "ok"), ("pasensya na|pasensya|pasensiya", "sorry"),
    ("yung last message ko|last message ko", "last message"), ("yung nauna|nauna", "previous message"),
    ("remind nyo ako|paalala", "remind me"), ("dapat", "should be"), ("kundi", "but"),
    ("hindi ko sure|hindi sigurado", "not sure"), ("depende", "depends"), ("daw", "said"),
    ("sabi ng|sabi ni|sabi", "said by"), ("paano", "how"), ("siguro", "maybe"), ("baka", "maybe"),
    ("kasi", "because"), ("kaya", "so"), ("pero", "but"), ("hindi", "not"), ("ay mali", "wrong"),
    ("pwede na|pwede", "can"), ("para sa|para", "for"),
    # particles, pronouns and linkers: no fact
    ("po|opo|naman|yung|yun|ang|ng|nang|si|sa amin|sa|namin|natin|kami|tayo|nyo|inyo|ako|ko"
     "|dito|tayo dito|ba|ay|mag|ano|diba|eh|kuya|ate|na|pa", ""),
)

_WEEKDAYS = {"lunes": "Monday", "martes": "Tuesday", "miyerkules": "Wednesday", "miyerkoles": "Wednesday",
             "huwebes": "Thursday", "biyernes": "Friday", "sabado": "Saturday", "linggo": "Sunday"}
_NUMBERS = {"isa": 1, "dalawa": 2, "tatlo": 3, "apat": 4, "lima": 5, "anim": 6, "pito": 7, "walo": 8, "siyam": 9,
            "sampu": 10}
# a number word and its linker (`isang araw`, `dalawang libo`, `tatlong araw`)
_NUMBER = "|".join(f"{word}ng|{word}" for word in _NUMBERS)
# English verbs the chat borrows with Tagalog's affixes: done (`na-ship`, `naideliver`, `nakapag-ship`, `naka-pack`),
# begun (`nag-loading`), to come or to be (`ma-delay`, `madeliver`), the verb itself (`i-cancel`, `ire-rework`)
_VERB = (r"ship|deliver|delivered|receive|print|stamp|pack|send|load|loading|update|start|tape|cancel|rework|delay"
         r"|late|check|cut|crimp|mold|plate|test|inspect|pick\s+up|pickup")
_IRREGULAR = {"send": "sent", "cut": "cut", "pick up": "picked up", "pickup": "picked up", "delivered": "shipped"}
# the goods sent to the buyer, in the Philippines' trade English
_DELIVER = {"deliver": "ship", "delivered": "shipped", "delivery": "shipping", "delivred": "shipped"}
_BASE_DONE = {"ship": "shipped", "ship out": "shipped out", "sheep": "shipped", "deliver": "shipped", "send": "sent",
              "arrive": "arrived", "receive": "received", "start": "started", "pass": "passed", "approve": "approved",
              "load": "loaded", "loading": "loading", "print": "printed", "ok": "ok already", "done": "done",
              "shipped": "shipped", "shiped": "shipped", "delivered": "shipped", "delivred": "shipped",
              "sent": "sent", "passed": "passed", "pased": "passed", "approved": "approved", "arrived": "arrived",
              "received": "received", "finished": "finished", "completed": "completed", "ready": "ready"}
_BASES = "|".join(sorted((re.escape(word).replace(r"\ ", r"\s+") for word in _BASE_DONE), key=len, reverse=True))

_MEANING = {spelling: said for spellings, said in _WORDS for spelling in spellings.split("|")}
_ALTERNATIVES = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(_MEANING, key=len, reverse=True))

# Tagalog puts the predicate first and marks its subject with `ang`/`yung` (`dumating na po ang resin`, `tapos na yung
# taping ng harness`, `85% na po ang harness`): said subject first, as English says it (`resin arrived`), so the
# English reader finds the thing before what became of it. A subject is a few words up to a day, a count or a clause's
# end.
_PREDICATES = ("dumating na po|dumating na|dumating|dumatin na|dumting na|nandito na|tapos na po|tapos na|natapos na"
               "|natapos|pasado na po|pasado na|complete na po|complete na|kumpleto na|tapus na|kulang po|kulang|move")
_STOP = (r"(?:nung|noong|kahapon|kahapun|kahpon|kanina|bukas|galing|pero|sa|para|po|na|pa|for|ba|o|hindi|din|daw"
         r"|at|ng|kaya|tapos|namin|kami|ninyo|sir|boss|to|next)")
_NOUN = rf"(?!{_STOP}(?![{_L}]))[A-Za-z][\w.-]*"
_SUBJECT = (rf"(?:\d[\d,.]*\s*(?:kg|pcs|rolls|meters|m|sets)\s+)?{_NOUN}"
            rf"(?:\s+(?:(?:at|ng)\s+)?{_NOUN}){{0,3}}")
# a fault of counted pieces, said as the English of its kind: broken (sira) is a part that does not work, forgotten
# (nakalimutan) a step left out
_FAULT = {"sira": "not working", "nakalimutan": "missed operation"}
_MOVED = {"move": "moved", "kulang": "short", "kulang po": "short"}  # `move po ang delivery to next Tuesday`: the shipping moved to that day
_STEP_GERUND = {"stamp": "stamping", "print": "printing", "crimp": "crimping", "mold": "molding", "plate": "plating",
                "cut": "cutting", "tape": "taping"}
_AFTER_SUBJECT = (rf"(?=\s*(?:[,.;!?]|$|\d|(?:nung|noong|kahapon|kahapun|kahpon|kanina|bukas|galing|pero|sa|para|namin|kami"
                  rf"|po|sir|boss|ninyo|na|to)(?![{_L}])))")

_WORD = re.compile(
    # predicate first, its subject after: said subject first
    rf"(?<![{_L}'])(?P<pred>{_PREDICATES}|(?:nakapag|naka|nai|na)-?receive)(?:\s+(?:po|namin|kami|na))*\s+"
    rf"(?:(?:ang|yung|ng)\s+)?(?P<subject>{_SUBJECT}){_AFTER_SUBJECT}"
    # the stock not here yet, its subject marked (`wala pa po yung connector housing`); `wala pa mold` (no mold yet)
    # has none and stays as it is
    rf"|(?<![{_L}'])(?P<absent>wala\s+pa)(?:\s+po)?\s+(?:ang|yung)\s+(?P<absent_what>{_SUBJECT}){_AFTER_SUBJECT}"
    # a share already reached (`60% na po`, `75% na tayo dito`): done so far
    rf"|(?<![{_L}'\d])(?P<reached>\d{{1,3}}\s*%)\s+na(?:\s+(?:po|tayo|kami))*(?:\s+tapos)?(?![{_L}'])(?!\s+(?:ang|yung)\s)"
    # the buyer's plant the goods went to (`naideliver na namin sa Laguna plant`, `delivered na sa Sta. Rosa`)
    rf"|(?<![{_L}'])sa\s+(?P<place>(?!(?:{'|'.join(_WEEKDAYS)}|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    rf"|QC|OQC|FAI)(?![{_L}]))(?-i:[A-Z][\w.]*(?:\s+(?:[A-Z][\w.]*|plant|warehouse))*))"
    rf"|(?<![{_L}'\d])(?P<share>\d{{1,3}}\s*%)(?:\s+(?:na|pa|lang|po))*\s+(?:ang|yung)\s+(?P<share_of>{_SUBJECT})"
    rf"{_AFTER_SUBJECT}"
    # `nasa` (at) a step, with `na` or `pa`: the step under way (`nasa tin plating na po`, `nasa molding pa`)
    rf"|(?<![{_L}'])nasa\s+(?P<at>(?:(?!(?:na|pa|po)(?![{_L}]))[\w%.-]+\s+){{0,2}}?(?!(?:na|pa|po)(?![{_L}]))[\w%.-]+)"
    rf"\s+(?:na|pa)(?=(?:\s+(?:po|kami|tayo|sir|boss|ngayon))*\s*(?:[,.;!?]|$))"
    # waiting for the next step (`for final inspection na`): no fact of its own
    rf"|(?<![{_L}'])for\s+(?P<awaited>[A-Za-z][\w ]{{1,30}}?)\s+na(?=\s*(?:[,.;!?]|$))"
    # a fault said straight after a count (`6 pcs mali ang pin assignment`, `2 pcs sira ang lock`): the pieces are NG
    rf"|(?<=pcs\s)(?P<fault>mali|malabo|sira|baluktot|nakalimutan|gasgas|kalawang)(?![{_L}'])"
    # `may` (there is, has) beside a count: the pieces have a fault (`8pcs may gasgas`, `may 5 pcs na mali`)
    rf"|(?<![{_L}'])(?P<may>may)(?![{_L}'])"
    # a day put right before the one it replaces (`Biyernes po ang ship hindi Huwebes`)
    rf"|(?<![{_L}'])(?P<right_day>{'|'.join(_WEEKDAYS)})(?:\s+po)?(?:\s+ang\s+[A-Za-z]+)?\s+hindi\s+"
    rf"(?P<wrong_day>{'|'.join(_WEEKDAYS)})(?![{_L}'])"
    # the owner after the thing owned (`QC ninyo`, your QC)
    rf"|(?<![{_L}'])(?P<owned>[A-Za-z][\w-]*)\s+ninyo(?![{_L}'])"
    # the one put right after the one it replaces (`hindi 17739 kundi 17615`), the right one before `dapat`
    rf"|(?<![{_L}'])hindi\s+(?P<wrong>[\w/.%-]+)\s+kundi\s+(?P<right>[\w/.%-]+)"
    rf"|(?<![{_L}'\d])(?P<should>\d[\w/.%-]*)\s+dapat(?=\s*(?:[,.;!?]|$))"
    # `tapos` before a verb of the goods is "and then" (`final inspection bukas tapos ship sa Sabado`)
    rf"|(?<![{_L}'])(?P<then>tapos)(?=\s+(?:ship|deliver|send|mag|i-|na-)(?![{_L}]))"
    # what is left of a count (`1500 na lang`), the rest (`yung 500 sa makalawa`), one of two (`yung isa`)
    rf"|(?<=\d)(?P<left>\s+na\s+lang)(?![{_L}'])"
    rf"|(?<![{_L}'])(?P<rest>yung|ang)\s+(?=\d)"
    # a borrowed verb with Tagalog's affixes
    rf"|(?<![{_L}'])(?:(?P<done_prefix>nakapag|naka|nai|na)-?(?P<done_verb>{_VERB})"
    rf"|(?P<begun_prefix>nag)[-\s](?P<begun_verb>{_VERB})"
    rf"|(?P<future_prefix>ma)-?(?P<future_verb>{_VERB})"
    rf"|(?:i|ire|paki)-(?P<bare_verb>{_VERB}))(?:\s+na)?(?![{_L}'])"
    # an English base verb or participle with `na` (already): done, or to come where its clause holds a day to come
    rf"|(?<![{_L}'])(?P<base>{_BASES})(?:\s+po)?\s+na(?:\s+po)?(?![{_L}'])"
    # a weekday on its own, on it (`sa Lunes`) or the last one gone (`nung Lunes`)
    rf"|(?<![{_L}'])(?:(?P<on>sa)\s+|(?P<last>nung|noong)\s+)?(?P<weekday>{'|'.join(_WEEKDAYS)})(?![{_L}'])"
    # a count out of a whole (`4000 pcs na ang tapos sa 6000`, `3,000 pcs sa 5,000`)
    rf"|(?<=\d)(?P<of_count>(?:\s*(?:pcs|sets|pieces))?(?:\s+na)?(?:\s+ang)?(?:\s+(?:tapos|natapos|nagawa))?)\s+sa\s+"
    rf"(?=\d)"
    # a number in words, thousands (`dalawang libo`, `2 libo`)
    rf"|(?<![{_L}'])(?:(?P<number>{_NUMBER})|(?P<digits>\d+))\s+libo(?P<unit>\s+(?:pcs|sets|piraso))?(?![{_L}'])"
    rf"|(?<![{_L}'])(?P<small>{_NUMBER})(?=\s+(?:araw|days?|pcs|piraso|batch|beses|linggo)(?![{_L}']))"
    # the goods sent, the Philippines' `deliver`
    rf"|(?<![{_L}'])(?P<deliver>{'|'.join(_DELIVER)})(?![{_L}'])"
    rf"|(?<![{_L}'])(?P<word>{_ALTERNATIVES})(?![{_L}'])",
    re.IGNORECASE)

# Tagalog's own words, no English, pinyin, Indonesian, Malay, Spanish or romanised Thai: one marks the message
_OWN = frozenset({
    "tapos", "tapus", "natapos", "matatapos", "dumating", "dumarating", "darating", "dumatin", "dumting", "kahapon",
    "kahapun", "kahpon", "bukas", "makalawa", "kanina", "kaninang", "ngayon", "mamaya", "mamayang", "namin", "natin",
    "ninyo", "nyo", "yung", "yun", "lahat", "walang", "hindi", "nasa", "kulang", "sira", "palang",
    "naman", "nung", "noong", "ikalawang", "huling", "dalawang", "isang", "libo", "bawat", "salamat", "sige", "kasi",
    "siguro", "mali", "kundi", "pasensya", "nauna", "nandito", "nandyan", "galing", "bodega", "ginagawa",
    "nagawa", "nakagawa", "nagsisimula", "nagsimula", "pwede", "makapag", "kumpleto", "materyal", "papunta",
    "nakaalis", "naipadala", "ipapadala", "hinihintay", "naghihintay", "bagyo", "kuryente", "buong", "umaga",
    "gabi", "hapon", "susunod", "natitira", "natira", "pareho", "gasgas", "kalawang", "baluktot", "malabo",
    "nakalimutan", "kulay", "kailangan", "miyerkules", "huwebes", "biyernes", "linggo", "opo", "daw",
    "kami", "tayo", "paano", "depende", "bilang", "tuloy", "piraso", "pangalawang", "ikatlong", "kaya", "ang", "dapat",
})
# a borrowed verb with a Tagalog affix marks the message as well (`na-ship`, `nag-start`, `i-cancel`)
_AFFIXED = re.compile(rf"(?<![{_L}])(?:nakapag|naka|nai|na|nag|ma|i|ire|paki)-(?:{_VERB})(?![{_L}])"
                      r"|(?<![A-Za-z])(?:nareceive|naideliver|madeliver)(?![A-Za-z])", re.IGNORECASE)
# and so do the pairs only Tagalog writes of words other languages share: the polite `po` (never an order's `po` before
# its number), `sa Lunes` (Spanish writes `el lunes`), `pasado na` (Spanish `pasado mañana`), `wala pa`, `walang`
# (Urdu's `wala` is "the one")
_PAIRS = re.compile(r"(?<![A-Za-z\u00c0-\u024f])(?:po(?!\s*[#:.]?\s*\d)|(?:na|pa)\s+po|(?:sa|nung)\s+(?i:lunes|martes|sabado"
                    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|pasado\s+na|wala\s+pa|walang"
                    r"|(?:shipped|shiped|delivered|delivred|sent)\s+na(?=\s+\d)"
                    r"|(?<=pcs\s)may|may(?=\s+\d+\s*pcs)|(?<=\d{4}\s)din(?=\s*(?:[,.;!?]|$)))"
                    r"(?![A-Za-z\u00c0-\u024f])")
_NOT_LATIN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1ea0-\u1ef9ăâđêôơưĂÂĐÊÔƠƯ]")
_LATIN_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_MARK = re.compile(r"[ \t]+(?=[,.;!?])")
_CLAUSE_MARK = re.compile(r"[,;.!?\n]")
# a day to come in the clause of a base verb with `na`: the act planned (`ship na bukas ng umaga`)
_TO_COME = re.compile(rf"(?<![{_L}])(?:bukas|makalawa|mamaya\w*|next|tomorrow|target|sa\s+(?:{'|'.join(_WEEKDAYS)})"
                      r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|susunod)(?![A-Za-z])", re.IGNORECASE)


def is_tagalog(text: str) -> bool:
    """Whether the message is Taglish: one word only Tagalog writes, or an English verb with Tagalog's affix, and no
    other script's letter."""
    if _NOT_LATIN.search(text) is not None:
        return False
    return not _OWN.isdisjoint(_LATIN_WORD.findall(text.lower())) or _AFFIXED.search(text) is not None \
        or _PAIRS.search(text) is not None


def _english(match: re.Match[str]) -> str:  # noqa: C901 - one branch per form of the pattern, in its order
    if match["pred"] is not None:
        predicate = " ".join(match["pred"].lower().split())
        said = "arrived" if predicate.endswith("receive") else _MOVED.get(predicate) or _MEANING[predicate]
        comma = "," if match.string[match.end():].lstrip()[:1].isdigit() else ""
        return f"{_said(match['subject'])} {said}{comma}"  # `tapos na stamping 8000pcs`: the count a clause of its own
    if match["absent"] is not None:
        return f"{_said(match['absent_what'])} not yet arrived"
    if match["reached"] is not None:
        return f"{match['reached']} done"
    if match["place"] is not None:
        shipping = _SHIPPING_WORD.search(clause_around(match, _CLAUSE_MARK)) is not None
        return "to you" if shipping else match["place"]
    if match["share"] is not None:
        return f"{_said(match['share_of'])} {match['share']}"
    if match["at"] is not None:
        at = match["at"]
        if at.lower() == "bodega":
            return "in warehouse"  # `nasa bodega na`: the stock is in
        return f"at {at}" if "%" in at else f"{_said(at)} in progress"
    if match["awaited"] is not None:
        return f"waiting for {match['awaited']}"
    if match["fault"] is not None:
        fault = match["fault"].lower()
        return f"NG {_FAULT.get(fault) or _MEANING[fault]}"
    if match["may"] is not None:
        before, after = match.string[:match.start()].rstrip().lower(), match.string[match.end():].lstrip()
        return "NG" if after[:1].isdigit() or before.endswith("pcs") or before[-1:].isdigit() else ""
    if match["right_day"] is not None:
        return f"should be {_WEEKDAYS[match['right_day'].lower()]} not {_WEEKDAYS[match['wrong_day'].lower()]}"
    if match["owned"] is not None:
        return f"your {_said(match['owned'])}"
    if match["wrong"] is not None:
        return f"should be {match['right']} not {match['wrong']}"
    if match["should"] is not None:
        return f"should be {match['should']}"
    if match["then"] is not None:
        return "then"
    if match["left"] is not None:
        return " left"
    if match["rest"] is not None:
        return "remaining "
    if match["done_verb"] is not None:
        verb = " ".join(match["done_verb"].lower().split())
        if verb in _STEP_GERUND:
            return f"{_STEP_GERUND[verb]} done"  # `na-stamp na 6000 pcs`: the step done, its count so far
        return "arrived" if verb == "receive" else _IRREGULAR.get(verb) or past_participle(_DELIVER.get(verb, verb))
    if match["begun_verb"] is not None:
        verb = match["begun_verb"].lower()
        if verb == "start" and "%" not in clause_around(match, _CLAUSE_MARK) \
                and not _NOT_DAY.sub("", _said(_CLAUSE_MARK.split(match.string[match.end():])[0])).strip(" ,"):
            return "production started"  # `nag start na po kami kanina`: the work begun, no step named
        return verb if verb.endswith("ing") else _IRREGULAR.get(verb) or past_participle(verb)
    if match["future_verb"] is not None:
        verb = match["future_verb"].lower()
        return "delayed" if verb == "delay" else "late" if verb == "late" else _DELIVER.get(verb, verb)
    if match["bare_verb"] is not None:
        return _DELIVER.get(match["bare_verb"].lower(), match["bare_verb"])
    if match["base"] is not None:
        base = " ".join(match["base"].lower().split())
        if base in ("ship", "ship out", "deliver", "send", "start") and _TO_COME.search(clause_around(match, _CLAUSE_MARK)):
            return _DELIVER.get(base, base)
        return _BASE_DONE[base]
    if match["weekday"] is not None:
        day = _WEEKDAYS[match["weekday"].lower()]
        return f"last {day}" if match["last"] else f"on {day}" if match["on"] else day
    if match["of_count"] is not None:
        said = match["of_count"]
        return f"{' pcs' if 'pcs' in said else ''} of "
    if match["number"] is not None or match["digits"] is not None:
        value = _number(match["number"]) if match["number"] else int(match["digits"])
        return f"{value * 1000}{match['unit'] or ' pcs'}"  # a count in words, never an order's number
    if match["small"] is not None:
        return str(_number(match["small"]))
    if match["deliver"] is not None:
        return _DELIVER[match["deliver"].lower()]
    word = " ".join(match.group(0).lower().split())
    if match.group(0) in ("NG", "PO"):
        return match.group(0)  # no good and the order, never the linker `ng` or the polite `po`
    if _MEANING.get(word) == "in progress" and _ORDER_ALONE.search(match.string, 0, match.start()) \
            and _PARTICLES_ALONE.match(_CLAUSE_MARK.split(match.string[match.end():])[0]):
        return "production in progress"  # `17563 ongoing pa po sir`: the work under way, no step named (在做)
    if word == "sa" and re.search(r"waiting(?:\s+na)?(?:\s+lang)?\s*$", match.string[:match.start()], re.IGNORECASE):
        return "for"  # `waiting na lang sa QC ninyo`: waiting for it
    if word == "yung isa" and "yung isa" in match.string[:match.start()].lower():
        return "the other"  # `yung isa na-ship na, yung isa hindi pa`: one, and the other
    return _MEANING.get(word, match.group(0))


_SHIPPING_WORD = re.compile(r"(?<![A-Za-z])(?:na-?|nai|naka|nakapag-?)?(?:ship\w*|deliver\w*|delivred|sent|send)(?![A-Za-z])",
                            re.IGNORECASE)
_ORDER_ALONE = re.compile(r"(?:^|[,;.!?]\s*)(?:PO\s*)?\d{4,}\s*$")
_PARTICLES_ALONE = re.compile(r"(?:\s+(?:po|pa|na|sir|boss|naman))*\s*$", re.IGNORECASE)
_NOT_DAY = re.compile(r"\b(?:earlier today|today|yesterday|later today)\b")


def _said(words: str) -> str:
    """Words inside a match (a subject, a step) said in English as the whole message is."""
    return _SPACES.sub(" ", _WORD.sub(lambda m: f" {word} " if (word := _english(m)) else " ", words)).strip()


def _number(word: str) -> int:
    lowered = word.lower()
    stem = lowered[:-2] if lowered.endswith("ng") and lowered[:-2] in _NUMBERS else lowered
    return _NUMBERS[stem]


TAGALOG = Language("tl", is_tagalog, _WORD, _english)


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Tagalog words of a report said in English; any other message as it is."""
    if not is_tagalog(text):
        return text
    said = _WORD.sub(lambda m: f" {word} " if (word := _english(m)) else " ", text)
    return _BEFORE_MARK.sub("", _SPACES.sub(" ", said)).strip(" ")


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's Taglish again: the span of the
    message it was read from, as typed, its particles with it (`sira yung crimping machine`, `kulang ang resin`)."""
    if not value or not is_tagalog(original):
        return value
    value = india_as_written(value, in_english(original))  # India's shorthand said over ours (`short` as 缺料) undone
    said = [(m.start(), m.end(), _english(m)) for m in _WORD.finditer(original)]
    typed = as_typed(said, value, original)
    return as_written_in(TAGALOG, value, original) if typed is None else typed


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
