"""Russian words of a report, said in the English the reader knows before the message is read.

Russian and Kazakh subcontractors of Chinese car and truck plants (stamping, moulding, wiring-harness, seat, paint and
plating shops around Tula, Kaluga and Kostanay) write the bot in the Russian of the chat: the shop's own names of its
steps (штамповка, литьё, сварка, сборка, покраска, обжимка, катафорез, гальваника), its papers and checks (ОТК, первая
деталь, входной контроль), its goods counted in шт., паллеты and коробки, and the short forms of courtesy (спс, ок).
Unread, each is a word of a script the reader has no words of, and the figures around it were recorded without a step
(`23859 литьё 70%`). As handlers/reading_portuguese.py says Portuguese, each Russian word of a report is said as the
English word it means, in place, and a reason or description read from it is put back in the sender's words
(`as_written`). The words are the language's grammar of a report and the trade's dictionary, not one writer's lines:

- Days: сегодня, завтра, послезавтра, вчера; the weekdays in any case (в пятницу, до понедельника); утром, после обеда.
- Dates are written day first with a dot (`15.10`, `03.11.2026`): said month first as the reader reads a slash date.
- Numbers: a space between groups of three is the thousands' (`1 200`), the comma the decimal mark (`2,5 т`), `тыс.`
  a thousand.
- Greetings and courtesy (добрый день, доброе утро, спасибо, спс, рахмет) carry no fact.

A message is read so only when it holds a Cyrillic letter (`is_russian`), so no other message changes. A Cyrillic word
the table does not hold is left as written, and the reading is then shown first (handlers/reading_doubt.py's sign of a
script unread).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import as_typed, said_over

__all__ = ["as_written", "in_english", "is_russian"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_L = "A-Za-z\u0400-\u04ff"

# (spellings, English), each spelling a pattern of a word (its endings spelt out); a word said as "" carries no fact.
# Longer phrases first, so a phrase is read whole before its words.
_WORDS: tuple[tuple[str, str], ...] = (
    # --- courtesy and greetings: no fact --------------------------------------------------------------------------
    (r"добр(?:ый|ое|ого)(?:\s+(?:день|утро|вечер|дня))?|здравствуйте|привет|коллеги|уважаемые", ""),
    (r"спасибо(?:\s+большое)?|спс|благодарю|рахмет|пасиб", "thanks"),
    (r"понял(?:а|и)?(?:\s+вас)?|принято|принял(?:а)?(?!\s+\d)|хорошо|ладно|договорились", "ok"),
    (r"ок|окей", "ok"),
    # --- the checks and the first article ------------------------------------------------------------------------
    (r"первая\s+деталь|первую\s+деталь|первой\s+детали|перв(?:ый|ого)\s+образ(?:ец|ца)|ппап", "first article"),
    (r"отк|приёмо-сдаточный\s+контроль|приемо-сдаточный\s+контроль", "final inspection"),
    (r"входной\s+контроль|на\s+входном(?:\s+контроле)?|входном\s+контроле", "incoming inspection"),
    (r"пройдено|прошли|прошла|прошёл|прошел|пройден[аоы]?", "passed"),
    (r"не\s+прошл[аои]|не\s+прош[её]л", "failed"),
    # --- the shop's steps -----------------------------------------------------------------------------------------
    (r"порошков(?:ая|ой|ую)\s+покраск[аиеу]", "powder coating"),
    (r"лить[её]\s+под\s+давлением", "die casting"),
    (r"лить[её]\s+пластика|лить[её]|литья|литье", "injection molding"),
    (r"штампо?вк[аиеу]|штамповкой", "stamping"), (r"сварк[аиеу]|сваркой", "welding"),
    (r"сборк[аиеу]|сборкой", "assembly"), (r"покраск[аиеу]|покраской|окраск[аиеу]", "painting"),
    (r"вырубк[аиеу]", "blanking"), (r"формовк[аиеу]", "molding"), (r"обжимк[аиеу]|опрессовк[аиеу]", "crimping"),
    (r"катафорез(?:а|е)?", "e-coating"), (r"гальваник[аиеу]", "plating"), (r"цинковани[еяю]", "zinc plating"),
    (r"гибк[аиеу]", "bending"), (r"нарезк[аиеу]|резк[аиеу]|режем", "cutting"),
    (r"упаковываем|упаковк[аиеу]", "packing"), (r"термообработк[аиеу]", "heat treatment"),
    (r"фосфатировани[еяю]", "phosphating"), (r"пошив(?:а|е)?", "sewing"), (r"грунт", "primer"), (r"эмаль", "top coat"),
    (r"отлили|отлито", "molding done"), (r"покрасили|покрашен[аоы]?", "painting done"),
    (r"сварили|сварен[аоы]?", "welding done"), (r"собрали|собран[аоы]?", "assembly done"),
    (r"нанесли", "done"), (r"вернул(?:ось|ась|ись|ся)", "back"),
    # --- done, under way, not yet -----------------------------------------------------------------------------------
    (r"ещё\s+не|еще\s+не|пока\s+не", "not yet"),
    (r"в\s+работе|в\s+процессе|идёт|идет|в\s+производстве", "in progress"),
    (r"закончен[аоы]?|закончили|завершен[аоы]?|завершили|готов[аоы]?|сделан[аоы]?|сделали", "done"),
    (r"отгрузили|отгружено|отгружен[аоы]?", "shipped"), (r"отправили|отправлен[аоы]?", "sent"),
    (r"отгрузим|отгружаем|отгрузить|отправим|отправляем", "will ship"),
    (r"отгрузка|отгрузки|отгрузку|отгрузкой", "shipment"),
    (r"ушл[аио]|ушёл|ушел|уехал[аио]?", "shipped"), (r"машин[аыу]", "truck"),
    (r"перенесен[аоы]?|перенесли|переносим|переносится|перенос", "postponed"),
    (r"не\s+начинали|не\s+начали", "not started"), (r"начали|начинаем|начнём|начнем|запускаем", "start"),
    (r"переделываем|переделка|исправляем", "rework"),
    (r"не\s+в\s+допуске|вне\s+допуска|не\s+по\s+размеру", "out of tolerance"), (r"размер", "dimension"),
    (r"количество\s+сходится", "quantity correct"), (r"утвердили|утвержден[аоы]?|одобрили", "approved"),
    (r"твёрдость|твердость", "hardness"),
    (r"пришл[аио]|пришёл|пришел|поступил[аио]?|получили|привезли", "arrived"),
    # приняли (taken in) is left unread: the reader's `received` with a count keeps `done` open, the writers of this
    # register mean all of it came, so the line is asked first
    (r"на\s+складе", "in stock"),
    # --- goods and stock ----------------------------------------------------------------------------------------------
    (r"металл[аы]?|заготовк[аиу]|сырь[её]|материал[аы]?|гранулы|листы?", "material"),
    (r"ткан[ьи]|пен[аы]|краск[аиу]|провод(?:а)?|пластик(?:а)?|пвх", "material"),
    (r"жгут(?:ы|ов)?|чехл(?:ы|ов)|сидени(?:й|я|е)|детал(?:и|ей|ь)", ""),
    (r"не\s+хватает|нехватка|не\s+хватило", "short of"),
    # --- delays ---------------------------------------------------------------------------------------------------
    (r"задержка|задерживаемся|задерживается|задержим|перенос|переносится|переносим", "delay"),
    (r"не\s+успеваем", "delay"),
    # --- defects ------------------------------------------------------------------------------------------------------
    (r"брак[аи]?", "defect"), (r"царапин[аыу]?", "scratches"), (r"вмятин[аыу]?", "dents"),
    (r"заусенц(?:ы|ами)|заусенцы", "burrs"), (r"трещин[аыу]?", "cracks"), (r"ржавчин[аыу]?", "rust"),
    (r"деформаци[яию]", "deformation"), (r"разнотон|не\s+тот\s+цвет", "color difference"),
    (r"сколы|скол", "chipped paint"),  # непрокрас (paint missed) has no English word of the reader's: left unread, asked
    # --- units --------------------------------------------------------------------------------------------------------
    (r"шт\.?|штук[аи]?", "pcs"), (r"паллет[аы]?|поддон(?:а|ов|ы)?", "pallets"),
    (r"коробк[аи]|коробок|короб(?:а|ов)?", "cartons"), (r"комплект(?:а|ов|ы)?", "sets"),
    (r"т(?=\s|$|[,.])", "t"), (r"кг", "kg"), (r"м(?=\s|$|[,.])", "m"),
    # --- days ---------------------------------------------------------------------------------------------------------
    (r"послезавтра", "day after tomorrow"), (r"завтра(?:\s+утром)?", "tomorrow"), (r"сегодня", "today"),
    (r"позавчера", "day before yesterday"), (r"вчера", "yesterday"), (r"после\s+обеда", "afternoon"), (r"утром", "morning"),
    (r"на\s+неделю", "1 week"), (r"на\s+день", "1 day"), (r"недел[яиюе]", "week"),
    (r"дн(?:я|ей)|день", "days"),
    # --- little words ---------------------------------------------------------------------------------------------------
    (r"вс[её]", "all"), (r"остальное\s+позже", "rest later"), (r"из", "of"), (r"до", "until"),
    (r"ждём|ждем", "waiting"), (r"сейчас", "now"), (r"пока", "so far"),
    (r"по(?=\s+\d+\s*(?:шт|штук|комплект|кг))", "x"),  # `2 паллеты по 300 шт`: so many in each
    (r"партия|партии|партию", "batch"), (r"перв(?:ая|ую)", "first"), (r"втор(?:ая|ую)", "second"),
    (r"трет(?:ья|ью)", "third"), (r"последн(?:яя|юю)", "last"), (r"№", ""),
    (r"на(?=\s+\d{1,2}\.\d)", "to"), (r"с(?=\s+\d{1,2}\.\d)", "from"),
    (r"заказы|заказов", "orders"), (r"заказ(?:а|у|е|ом)?", "order"), (r"просрочен(?:ы|о|а)?", "overdue"), (r"какие|какой", "which"),
    (r"напомни(?:те)?", "remind me"), (r"пжл|пожалуйста", "please"),
    (r"к\s+вам|вам", "to you"), (r"по|на|в|с|и|а|уже", ""),
)
_WEEKDAYS: tuple[tuple[str, str], ...] = (
    (r"понедельник(?:а|у)?", "Monday"), (r"вторник(?:а|у)?", "Tuesday"), (r"сред[аыу]", "Wednesday"),
    (r"четверг(?:а|у)?", "Thursday"), (r"пятниц[аыу]", "Friday"), (r"суббот[аыу]", "Saturday"),
    (r"воскресень[еяю]", "Sunday"),
)


def _either(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


_TABLE = _WORDS + _WEEKDAYS
_EACH = tuple(re.compile(rf"(?:{pattern})", re.IGNORECASE) for pattern, _ in _TABLE)
_WORD = re.compile(
    # a date written day first with a dot (`15.10`, `03.11.2026`): said month first
    r"(?<![\d.,])(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?P<year>\.\d{2,4})?(?![\d.]*\d)"
    # the thousands' space (`1 200`, `12 000`) and the decimal comma (`2,5`)
    r"|(?<![\d.,])(?P<grouped>\d{1,3}(?: \d{3})+)(?![\d.,]*\d)"
    r"|(?<![\d.,])(?P<whole>\d+),(?P<fraction>\d{1,2})(?![\d.,]*\d)"
    r"|(?<![\d.,])(?P<thousands>\d+)\s*тыс\.?"
    rf"|(?<![{_L}])(?P<word>{_either(pattern for pattern, _ in _TABLE)})(?![{_L}])",
    re.IGNORECASE)


# Russian typed in Latin letters (`otgruzili 500 sht`, `zavtra otgruzim`, `OTK proshli`): read only where one of its
# words is one no English, pinyin or other language the reader knows writes, and no Chinese character stands beside.
_TRANSLIT: tuple[tuple[str, str], ...] = (
    (r"otgruzili|otgruzli|otgruzhen[aoy]?", "shipped"), (r"otgruzim|otgruzhaem", "will ship"),
    (r"otgruzka|otgruzku", "shipment"), (r"poslezavtra", "day after tomorrow"), (r"zavtra", "tomorrow"),
    (r"sdelali|gotovo|gotova|gotovy", "done"), (r"proshli|proshla", "passed"), (r"prishel|prishla|prishlo", "arrived"),
    (r"shtampovka", "stamping"), (r"svarka", "welding"), (r"pokraska", "painting"), (r"sborka", "assembly"),
    (r"sht", "pcs"), (r"spasibo|sps", "thanks"), (r"zhdem|zhdyom", "waiting"), (r"metall?", "material"),
    (r"otk", "final inspection"), (r"vtoraya", "second"), (r"pervaya", "first"), (r"partiya", "batch"),
    (r"otmena", "cancel"), (r"oshibsya|oshibka", "wrong"),
)
_OWN_LATIN = re.compile(r"(?<![A-Za-z])(?:otgruz\w*|zavtra|poslezavtra|sdelali|gotovo|proshli|prishel|prishla"
                        r"|shtampovka|spasibo|zhdem|partiya|otmena|oshibsya)(?![A-Za-z])", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_TRANSLIT_EACH = tuple(re.compile(rf"(?:{pattern})", re.IGNORECASE) for pattern, _ in _TRANSLIT)
_TRANSLIT_WORD = re.compile(rf"(?<![A-Za-z])(?P<word>{_either(pattern for pattern, _ in _TRANSLIT)})(?![A-Za-z])",
                            re.IGNORECASE)


@lru_cache(maxsize=4096)
def _in_latin(text: str) -> bool:
    return _CYRILLIC.search(text) is None and _OWN_LATIN.search(text) is not None and _CJK.search(text) is None


@lru_cache(maxsize=4096)
def is_russian(text: str) -> bool:
    """Whether the message holds a Cyrillic letter, or a word only Russian typed in Latin letters writes: only such a
    message is said in English here."""
    return _CYRILLIC.search(text) is not None or _in_latin(text)


def _english(match: re.Match[str]) -> str:
    if match["day"] is not None:
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            return f"{month}/{day}{(match['year'] or '').replace('.', '/')}"
        return match.group(0)
    if match["grouped"] is not None:
        return match["grouped"].replace(" ", "")
    if match["whole"] is not None:
        return f"{match['whole']}.{match['fraction']}"
    if match["thousands"] is not None:
        return str(int(match["thousands"]) * 1000)
    start, end = match.span("word")
    return next((said for (_, said), each in zip(_TABLE, _EACH, strict=True)
                 if (found := each.match(match.string, start)) is not None and found.end() == end), match["word"])


def _latin_english(match: re.Match[str]) -> str:
    start, end = match.span("word")
    return next((said for (_, said), each in zip(_TRANSLIT, _TRANSLIT_EACH, strict=True)
                 if (found := each.match(match.string, start)) is not None and found.end() == end), match["word"])


def _said(text: str) -> list[tuple[int, int, str]]:
    """Each Russian word of `text` as (start, end, English)."""
    if _in_latin(text):
        return [(m.start(), m.end(), _latin_english(m)) for m in _TRANSLIT_WORD.finditer(text)]
    return [(m.start(), m.end(), _english(m)) for m in _WORD.finditer(text)]




@lru_cache(maxsize=4096)
def in_english(text: str) -> str:
    """`text` with the Russian words of a report said in English and its dotted dates month first; other text as is."""
    if not is_russian(text):
        return text
    return said_over(text, _said(text))


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in English, in the sender's own words again (`пресс
    сломался`, not what the reader made of it)."""
    if not value or not is_russian(original):
        return value
    typed = as_typed(_said(original), value, original)
    return value if typed is None else typed


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
