"""Nigerian Pidgin and Kenyan Swahili (with Sheng) words of a report, said in the English the reader knows.

Subcontractors in Lagos and Nairobi write the bot in English with the grammar of Nigerian Pidgin (`e don finish`,
`we dey paint am`, `we go ship Friday`, `material never land`) or with Swahili and Sheng words in the middle of the
sentence (`material imefika leo`, `tutamaliza welding kesho`, `tumesend 1,000 pcs`). The carrier is English, so, as
handlers/reading_tagalog.py says Tagalog, each such word of a report is said as the English word it means, in place,
and the reason or description read from it is put back in the sender's words (`as_written`). The words are those of
the two registers' grammar of a report, not one writer's lines:

- Pidgin marks aspect with a word before the verb: `don` is done (`don finish` finished, `don land` arrived), `dey` is
  under way (`we dey weld` welding in progress, `dey go on` in progress), `go` is to come (`we go ship` will ship),
  `never` is not yet (`never reach` not yet arrived); `am` after a verb is its object (it) and says nothing more;
  `na` before a day or a thing only puts it first (`na tomorrow`, `na Friday we go finish`).
- Swahili marks tense on the verb: `-me-` done (`imefika` arrived, `tumemaliza` finished, `tumetuma` shipped), `-na-`
  under way (`inaendelea` in progress, `tunakata` cutting), `-ta-` to come (`tutamaliza` will finish, `tutatuma` will
  ship), `ha-...-ja-` not yet (`haijafika` not yet arrived); Sheng puts the same marks on English verbs (`tumesend`,
  `tumeship`, `tunapaint`, `tutaship`).
- Days: kesho, leo, jana, juzi, `kesho kutwa`, with asubuhi/jioni (morning, evening); `hadi` until; a slash date is day
  first, as in India's register.
- Power cut (NEPA, `light no dey`, `stima ilipotea`) is a reason; politeness and address (abeg, o, sha, sef, oga, `by
  God's grace`, poa, boss, asante) carry no fact.

A message is this register's when it holds a word only Pidgin or Swahili writes (`dey`, `abeg`, `imefika`, `kesho`,
`bado`), and no letter of another script; `na`, `go`, `am`, `o`, `leo`, `ni`, `ya` are read only inside such a
message.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_india import as_written as india_as_written
from handlers.reading_languages import as_typed, past_participle

__all__ = ["asks_first", "as_written", "in_english", "is_pidgin"]

_L = "A-Za-z"

# (spellings, English), a word said as "" carrying no fact; longer spellings are tried first
_WORDS: tuple[tuple[str, str], ...] = (
    # Swahili days and times of day
    ("kesho kutwa|keshokutwa", "day after tomorrow"), ("kesho asubuhi", "tomorrow morning"), ("kesho", "tomorrow"),
    ("leo asubuhi", "this morning"), ("leo jioni", "today evening"), ("leo", "today"),
    ("jana jioni|jana usiku", "yesterday evening"), ("jana", "yesterday"), ("juzi", "day before yesterday"),
    ("asubuhi", "morning"), ("jioni", "evening"), ("sasa hivi|sasa", "now"), ("wiki ijayo", "next week"),
    ("hadi|mpaka", "to"), ("siku", "days"),
    # arrived, not yet, done, under way, to come
    ("imefika|zimefika|yamefika|umefika|limefika|ilifika|zilifika|yalifika|imeingia|zimeingia", "arrived"),
    ("nimepata|tumepata|tumepokea|tumereceive", "received"),
    ("haijafika|hazijafika|hayajafika|haujafika|bado haijafika|bado hazijafika", "not yet arrived"),
    ("hatujaanza|haijaanza|bado hatujaanza", "not yet started"), ("hatujamaliza|haijaisha", "not yet finished"),
    ("haijapita|hazijapita", "not passed"), ("bado", "not yet"),
    ("imeisha|zimeisha|imekwisha|imemalizika|tumemaliza|nimemaliza|imekamilika", "done"),
    ("imepita|zimepita|imepass", "passed"),
    ("inaendelea vizuri|inaendelea|zinaendelea|tunaendelea|inafanya kazi|tunafanya", "in progress"),
    ("tutamaliza|nitamaliza|itaisha", "will finish"),
    ("tumeanza|imeanza|nimeanza", "started"), ("tunaanza|tutaanza|tunastart|tutastart", "will start"),
    ("tunakata", "cutting in progress"), ("tumekata", "cut"), ("tunarudia", "redoing"),
    ("tutachelewa|itachelewa|tumechelewa|imechelewa", "will be late"), ("haitoshi|hazitoshi|haikutosha", "short"),
    ("tumetuma|imetumwa|zimetumwa|tumepeleka mzigo|tumedispatch|umeondoka|imeondoka|zimeondoka", "dispatched"),
    ("tulituma|tulisend|tuliship|tulidispatch", "shipped"), ("tunatuma|tutatuma", "will ship"),
    ("zimebaki|imebaki|zimesalia|imesalia|yamebaki", "remaining"), ("tunaweka|tunafanya|tunaendesha", "doing"), ("tumepeleka", "moved"), ("itakuwa", "will be"),
    ("tunasubiri|tunangoja|tunangojea", "waiting for"), ("zimekataliwa|imekataliwa", "rejected"), ("zimevunjika|imevunjika|zimepasuka|imepasuka", "broken"),
    ("stima ilipotea|stima imepotea|hakuna stima|stima hakuna", "power cut"), ("stima", "power"),
    ("nikumbushe", "remind me"), ("nusu", "half"), ("mzigo", "goods"), ("mabati", "iron sheets"),
    ("mgonjwa", "sick"), ("iko|ziko", "at"), ("zina|ina", "have"), ("yote|zote", "all"), ("tumeshindwa kumaliza|hatukumaliza", "delayed"),
    # Pidgin: power cut, not there, waiting, gone
    ("nepa take light|nepa don take light|light no dey|no light|nepa", "power cut"),
    ("no dey", "not"), ("where e dey", "where is it"), ("wetin", "what"), ("una", "your"),
    # the chat's words
    ("samahani", "sorry"), ("sio|siyo", "not"), ("imekosea|nimekosea|tumekosea|imekosewa", "wrong"),
    ("futa", "delete"), ("hiyo message", "last message"),
    ("hiyo", "that"), ("pia", "also"), ("tu", ""),
    ("asante sana|asante", "thanks"), ("sawa sawa|sawa|poa poa", "ok"), ("habari", "hello"),
    ("tuko kazini", "we are at work"), ("ni", "is"), ("ya", "of"), ("kwa", ""), ("na", "with"),
    ("good morning ma|good morning sir|good afternoon ma|good afternoon sir|good evening ma|good evening sir"
     "|good morning|good afternoon|good evening", ""),
    ("by god's grace|by god grace|by gods grace|by the grace of god|abeg|oga|sha|sef|poa|vizuri|sana|boss|o", ""),
)
_MEANING = {spelling: said for spellings, said in _WORDS for spelling in spellings.split("|")}
_ALTERNATIVES = "|".join(re.escape(word).replace(r"\ ", r"\s+").replace("'", "['’]?")
                         for word in sorted(_MEANING, key=len, reverse=True))

# English verbs Pidgin's markers and Sheng's affixes stand before
_ARRIVE = {"land", "reach", "arrive", "enter", "come", "arrive our yard"}
_IRREGULAR = {"cut": "cut", "come": "came", "send": "sent", "begin": "begun", "go": "gone", "do": "done",
              "leave": "dispatched", "commot": "dispatched", "comot": "dispatched", "finish": "finished",
              "complete": "completed", "return": "came back", "come back": "came back", "load": "loaded"}
_VERB = (r"finish|complete|land|reach|arrive|enter|come\s+back|come|return|commot|comot|leave|load|start|begin|ship|send"
         r"|dispatch|deliver|cut|weld|paint|prime|polish|bend|thread|coat|pack|test|check|pass|fail|do|make|fire|press"
         r"|glaze|laminate|frame|sort|cure|galvani[sz]e|reweld|rework|repaint|repair|redo|change|move|wait|delay|late|go\s+on|go"
         r"|receive|collect|approve|dip|plate|blast|sandblast|assemble|fix|mount|label|inspect|drill|bore|grind")
_SHENG_VERB = r"send|shipp?|paint|dispatch|load|pack|weld|cut|test|deliver|receive|finish|start|check|print"

_WORD = re.compile(
    rf"(?<![{_L}'])(?P<going>dey\s+go(?:\s+on)?)(?=\s*(?:[,.;!?]|$|now(?![{_L}])))"
    rf"|(?<![{_L}'])(?:we\s+|i\s+)?(?P<wait>dey\s+wait)(?:\s+for)?(?![{_L}])"
    rf"|(?<![{_L}'])(?:(?:we|i|e|dem|they)\s+)?(?P<marker>don\s+dey|don|dey|go|never)\s+(?P<verb>{_VERB})"
    rf"(?:\s+(?P<am>am))?(?![{_L}])"
    rf"|(?<![{_L}'])(?P<sheng>tume|nime|ime|zime|tuna|ina|tuta|ita)-?(?P<sheng_verb>{_SHENG_VERB})(?![{_L}])"
    rf"|(?<![{_L}'])(?:hiyo\s+)?(?P<final>[A-Za-z]+)\s+ya\s+mwisho(?![{_L}])"
    # an ordinal before a coat or a round of work is no day (`2nd coat remain`)
    rf"|(?<![\d/])(?P<nth>[1-5])(?:st|nd|rd|th)(?=\s+(?:coat|layer|round|pass|firing|time)s?(?![{_L}]))"
    rf"|(?<=[a-z])\s+(?P<object>am)(?![{_L}'])"
    rf"|(?<![{_L}'])(?P<first>na)\s+(?=[A-Za-z])"
    rf"|(?<=pcs\s)(?P<get>get)(?![{_L}])"
    rf"|(?<![{_L}'\d])(?P<word>{_ALTERNATIVES})(?![{_L}'’\d])",
    re.IGNORECASE)

# words only Pidgin or Swahili writes: one marks the message
_OWN = frozenset({
    "dey", "abeg", "oga", "una", "commot", "comot", "wetin", "sef", "nepa", "imefika", "zimefika", "yamefika",
    "umefika", "limefika", "ilifika", "zilifika", "haijafika", "hazijafika", "hayajafika", "hatujaanza", "haijaanza",
    "hatujamaliza", "haijapita", "hazijapita", "bado", "imeisha", "zimeisha", "imekwisha", "tumemaliza", "nimemaliza",
    "imepita", "zimepita", "inaendelea", "zinaendelea", "tunaendelea", "tutamaliza", "tumeshindwa", "tumeanza",
    "imeanza", "tunaanza", "tutaanza", "tunakata", "tumekata", "tunarudia", "tutachelewa", "imechelewa", "haitoshi",
    "hazitoshi", "tumetuma", "imetumwa", "zimetumwa", "tumepeleka", "umeondoka", "imeondoka", "tunatuma", "tutatuma",
    "itakuwa", "tunasubiri", "tunangoja", "zimevunjika", "imevunjika", "stima", "nikumbushe", "kesho", "jana", "juzi",
    "asubuhi", "jioni", "nusu", "mzigo", "mabati", "mgonjwa", "zina", "iko", "ziko", "asante", "samahani", "sio",
    "imekosea", "nimekosea", "futa", "hiyo", "mwisho", "pia", "zimebaki", "imebaki", "tulituma", "tunaweka",
    "zimekataliwa", "imekataliwa", "sawa", "habari", "tuko", "kazini", "hadi", "nimepata", "tumepata", "tumepokea",
    "inafanya", "vizuri", "zimeingia", "imeingia", "ilipotea",
})
# and so do Sheng's English verbs with Swahili's tense, Pidgin's `don` before a verb, its object `am` after one, and a
# subject with `go` before one (`we go ship`: English says `we will`)
_SHENG = re.compile(rf"(?<![{_L}])(?:tume|nime|ime|zime|tuna|tuta)-?(?:{_SHENG_VERB})(?![{_L}])"
                    rf"|(?<![{_L}'])(?:don|never)\s+(?:{_VERB})(?![{_L}])"
                    rf"|(?<![{_L}'])(?:we|e|dem)\s+go\s+(?:{_VERB})(?![{_L}])|(?<![{_L}'])go\s+(?:leave|commot|comot|late)(?![{_L}])"
                    rf"|(?<![{_L}'])(?:{_VERB})\s+am(?![{_L}'])", re.IGNORECASE)
# a letter of any other alphabet or script, accented Latin too (`sábado` is Portuguese's, not `bado`)
_FOREIGN = re.compile(r"[\u00c0-\u1fff\u3000-\ufaff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[a-z0-9]+")  # a word with a digit in it (`sawa2`) is Arabizi's, never Swahili's
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_MARK = re.compile(r"[ \t]+(?=[,.;!?])")
_MARK_FIRST = re.compile(r"^[ \t]*[,.;!?]+[ \t]*|(?<=[,.;!?])[ \t]*[,.;!?]+")
_STATE_THEN_SHARE = re.compile(r"in progress(?=\s+\d+\s*%)")
_ORDER_LAST = re.compile(r"(?<!\d)\d{4,}$")
_ORDER = re.compile(r"(?<!\d)\d{4,}(?!\d)")
_SLASH_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")


def is_pidgin(text: str) -> bool:
    """Whether the message is Nigerian Pidgin's or Kenyan Swahili's register: one word only they write, and only Latin
    letters (an emoji aside)."""
    if not text.isascii() and _FOREIGN.search(text) is not None:
        return False
    return not _OWN.isdisjoint(_LATIN_WORD.findall(text.lower())) or _SHENG.search(text) is not None


def _participle(verb: str) -> str:
    verb = " ".join(verb.lower().split())
    return _IRREGULAR.get(verb) or past_participle(verb)


def _gerund(verb: str) -> str:
    verb = " ".join(verb.lower().split())
    if verb in ("go on", "go", "do"):
        return "in progress"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgmnprt]$", verb) and len(verb) <= 4:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _english(match: re.Match[str]) -> str:  # noqa: C901 - one branch per form of the pattern, in its order
    if match["going"] is not None:
        return "in progress"
    if match["wait"] is not None:
        return "waiting for"
    if match["marker"] is not None:
        marker, verb = match["marker"].lower(), " ".join(match["verb"].lower().split())
        if marker.startswith("don") and marker != "don":
            return f"{_gerund(verb)} in progress"  # `don dey`: begun and going on
        if marker == "don":
            return "arrived" if verb in _ARRIVE else _participle(verb)
        if marker == "never":
            return "not yet arrived" if verb in _ARRIVE else f"not yet {_participle(verb)}"
        if marker == "dey":
            return "delaying" if verb == "delay" else f"{_gerund(verb)} in progress"
        if verb in ("leave", "commot", "comot", "move"):
            return "will ship"
        if verb.startswith("re") and verb != "return" or verb == "repair":
            return "will rework"  # `we go reweld`, `we go repaint`: the pieces done again
        return "will be late" if verb == "late" else f"will {verb}"
    if match["sheng"] is not None:
        tense, verb = match["sheng"].lower(), match["sheng_verb"].lower()
        if tense in ("tuna", "ina"):
            return f"{_gerund(verb)} in progress"
        if tense in ("tuta", "ita"):
            return f"will {verb}"
        return {"send": "shipped", "dispatch": "dispatched", "ship": "shipped"}.get(verb) or _participle(verb)
    if match["nth"] is not None:
        return ("first", "second", "third", "fourth", "fifth")[int(match["nth"]) - 1]
    if match["final"] is not None:
        thing = match["final"]
        return "last message" if thing.lower() in ("message", "hiyo") else f"final {thing}"  # `QC ya mwisho`: the last
    if match["object"] is not None or match["first"] is not None or match["get"] is not None:
        return ""
    word = " ".join(match["word"].lower().replace("’", "'").split())
    if word in ("zote", "yote") and len(_ORDER.findall(match.string, 0, match.start())) >= 2:
        return ""  # `28602 28603 zote zimetumwa`: all of the orders, not all of each
    if word == "na":
        before = match.string[:match.start()].rstrip()
        if not match.string[match.end():].lstrip()[:1].isdigit() or not before or before[-1] in ",.;:!?":
            return ""  # Pidgin's focus (`na tomorrow`, `wrong PO, na 28360`), never Swahili's `na` before a count
        return "and" if _ORDER_LAST.search(before) else "with"  # `28627 na 28628`: and; `imeondoka na 1500 pcs`: with
    if word == "pia" and _ORDER_LAST.search(match.string[:match.start()].rstrip()):
        return "same"  # `28632 pia`: that order too, as the one before
    return _MEANING.get(word, _MEANING.get(word.replace("'", ""), match["word"]))


def _turned(match: re.Match[str]) -> str:
    a, b = int(match["a"]), int(match["b"])
    return f"{match['b']}/{match['a']}" if 1 <= a <= 31 and 1 <= b <= 12 else match.group(0)


@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Pidgin and Swahili words of a report said in English, its slash dates day first; any other
    message as it is."""
    if not is_pidgin(text):
        return text
    said = _WORD.sub(lambda m: f" {word} " if (word := _english(m)) else " ", text)
    if "/" in said:
        said = _SLASH_DATE.sub(_turned, said)
    said = _STATE_THEN_SHARE.sub(r"\g<0>,", said)  # `pressing inaendelea 60%`: the state, then the share
    return _MARK_FIRST.sub("", _BEFORE_MARK.sub("", _SPACES.sub(" ", said))).strip(" ")


def asks_first(text: str) -> bool:
    """A message of this register holding a slash date that reads as two real dates (`1/12`), with none whose first
    number is no month to show the day first: shown first rather than guessed."""
    if "/" not in text or not is_pidgin(text):
        return False
    dates = [(int(m["a"]), int(m["b"])) for m in _SLASH_DATE.finditer(text)]
    if any(12 < a <= 31 and 1 <= b <= 12 for a, b in dates):
        return False
    return any(1 <= a <= 12 and 1 <= b <= 12 and a != b for a, b in dates)


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's words again: the span of the
    message it was read from, as typed."""
    if not value or not is_pidgin(original):
        return value
    value = india_as_written(value, in_english(original))  # India's shorthand said over ours (`short` as 缺料) undone
    said = [(m.start(), m.end(), _english(m)) for m in _WORD.finditer(original)]
    typed = as_typed(said, value, original)
    return value if typed is None else typed


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
