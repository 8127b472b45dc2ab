"""Reading dates and durations as people write them in chat (zh/en), relative to a given day.

Pure functions (the lunar calendar from `handlers.lunar_calendar`): `handlers.parsing` uses them to read a new date or a
delay out of a supplier's message. Text is expected NFKC-normalised (ASCII digits).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from handlers.fast_search import Guarded, needs_any, quicken
from handlers.lunar_calendar import LAST_DAY, lunar_day, next_lunar_day_of_month

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# 廿 and 卅 are twenty and thirty written as one character (the Modern Chinese Dictionary): 廿五号 is the 25th.
CN_NUM = r"[零〇一二两俩三四五六七八九十廿卅]{1,4}"


# Days said in Cantonese, Hakka or northern speech, and the Mandarin word the reader folds each to (two characters
# for two, or the day and a space, so spans still line up): the reader's folding (handlers/parsing.py) and the delay
# causes' key (handlers/delay_causes.py) read the one table.
DIALECT_DAY: dict[str, str] = {
    "听日": "明天", "聽日": "明天", "寻日": "昨天", "尋日": "昨天", "琴日": "昨天", "后日": "后天", "後日": "后天",
    "前日": "前天", "今朝": "今天", "明朝": "明天",
    # ... and the day after (后朝, 大后朝: Wu and Gan, as 明朝 is their tomorrow; CU writes it on 5 lines)
    "后朝": "后天",
    # the written (and southern) 今日, 昨日, 明日: the reader's words of a day hold 今天 (料今日到了, 不锈钢管昨日到)
    "今日": "今天", "昨日": "昨天", "明日": "明天",
    # the north's 明个儿, 今儿个 (three characters: the day and a space)
    "明个儿": "明天 ", "今个儿": "今天 ", "昨个儿": "昨天 ", "明儿个": "明天 ", "今儿个": "今天 ", "昨儿个": "昨天 ",
    # and the days beside them (前儿个, 后儿个), with 夜儿个 for yesterday (Beijing, Shaanxi; 夜来 of Shandong)
    "前儿个": "前天 ", "后儿个": "后天 ", "夜儿个": "昨天 ",
    # Hakka's days and times of day (天光日 tomorrow, 今晡(日) today, 昨晡日 yesterday, 夜晡 the evening, 上昼/下昼
    # morning and afternoon) and Hokkien's (明仔载/明仔日 tomorrow, 今仔日 today): blind AZ and AM wrote them; unread,
    # the clause they time was invisible (转轴车完了 天光日送去镀锌 read as the turning alone)
    "天光日": "明天 ", "今晡日": "今天 ", "昨晡日": "昨天 ", "今晡": "今天", "昨晡": "昨天", "夜晡": "晚上",
    "上昼": "上午", "下昼": "下午", "明仔载": "明天 ", "明仔日": "明天 ", "今仔日": "今天 ",
    # Xiang (Changde, Yiyang) and Gan name the days with 日子 (明日子 tomorrow, 今日子 today, 昨日子 yesterday,
    # 前日子, 后日子): the day and a space, never 明天 then a stray 子 (明日子落雨 read 子落雨 as the reason: DK)
    "明日子": "明天 ", "今日子": "今天 ", "昨日子": "昨天 ", "前日子": "前天 ", "后日子": "后天 ", "大后日": "大后天",
}

NUM = rf"(?:\d{{1,4}}|{CN_NUM})"

EN_NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a few": 3,
}
EN_NUM = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|couple of|a few|an|a)"

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_RE = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAYS_ZH: dict[str, int] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
WEEKDAYS_EN: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
EN_WEEKDAY_RE = (
    r"(?P<wd>mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a text, with the span it came from (so the caller can cut it out)."""

    value: date
    start: int
    end: int
    lunar: bool = False  # a day of the lunar calendar (`腊月廿三`, `除夕`, `初十`), computed, not written as a date


@dataclass(frozen=True, slots=True)
class DurationMatch:
    """A number of days found in a text (`3天`, `两周`, `2 days`), with its span."""

    days: int
    start: int
    end: int


def cn_to_int(token: str) -> int | None:
    """`"12"` -> 12, `"十二"` -> 12, `"二十三"` -> 23, `"一千五百"` -> 1500, `"两"` -> 2; None when not a number."""
    token = token.strip()
    if not token:
        return None
    if token.isascii() and token.isdigit():
        return int(token)
    if "廿" in token or "卅" in token:
        token = token.replace("廿", "二十").replace("卅", "三十")
    if not any(ch in CN_UNITS for ch in token):
        digits = [CN_DIGITS.get(ch) for ch in token]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    total = section = 0
    digit: int | None = None
    for ch in token:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def en_to_int(token: str) -> int | None:
    """`"3"` -> 3, `"three"` -> 3, `"a couple of"` -> 2; None when not a number."""
    token = " ".join(token.lower().split())
    if token.isdigit():
        return int(token)
    return EN_NUMBERS.get(token)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def next_month_day(month: int, day: int, today: date) -> date | None:
    """The next `month`/`day` on or after `today` (this year, else next year)."""
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _next_day_of_month(day: int, today: date, month_offset: int = 0) -> date | None:
    year, month = today.year, today.month + month_offset
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    candidate = _safe_date(year, month, day)
    if month_offset == 0 and (candidate is None or candidate < today):
        return _next_day_of_month(day, today, 1)
    return candidate


def _month_end(today: date, month_offset: int = 0) -> date:
    year, month = today.year, today.month + month_offset
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _weekday(target: int, today: date, week_offset: int | None) -> date:
    """`week_offset` None: the next such weekday on or after today; else that calendar week."""
    if week_offset is None:
        return today + timedelta(days=(target - today.weekday()) % 7)
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=week_offset, days=target)


def _calendar_week(week: int, today: date, weekday: int) -> date | None:
    """The given day of ISO week `week` of the year nearest `today` (Monday 0, Friday 4); None for no such week."""
    if not 1 <= week <= 53:
        return None
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date.fromisocalendar(year, week, weekday + 1))
        except ValueError:
            continue
    return min(candidates, key=lambda day: abs((day - today).days), default=None)


def _year(raw: str) -> int:
    value = int(raw)
    return value + 2000 if value < 100 else value


# Thai dates count the Buddhist era (BE = CE + 543): 2569 is 2026, and its short form 69 too, where the common era's
# 2069 is decades off and the Buddhist era's year is about now.
_BUDDHIST_ERA = 543


def _buddhist_year(raw: str, today: date) -> int | None:
    """The common-era year of a Buddhist-era one (`2569`, `/69`), or None where the year is the common era's."""
    value = int(raw)
    if value >= 2500:
        return value - _BUDDHIST_ERA
    if value < 100 and value + 2000 > today.year + 20:
        year = value + 2500 - _BUDDHIST_ERA
        return year if abs(year - today.year) <= 1 else None
    return None


_ISO = re.compile(
    r"(?<![\dA-Za-z])(?P<y>20\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*[日号]?(?!\d)"
)
_ZH_MD = re.compile(
    rf"(?:(?P<y>20\d{{2}})\s*年\s*)?(?P<m>\d{{1,2}}|{CN_NUM})\s*月\s*(?:份\s*)?(?P<d>\d{{1,2}}|{CN_NUM})\s*(?:[日号]|(?![\d]))"
)
_ZH_MONTH_END = re.compile(r"(?P<next>下个?月|下月)?(?:本月|这个?月)?\s*(?:月底|月末)|(?P<next2>下个?月)底")
# The day before New Year's Day (元旦前, 元旦之前): the 31st of December of this year, as 月底 is the month's last day.
# Never 年底 alone: said in December it is the solar year's end or the lunar one (DM's writer asks; DK's and DQ's read
# the 31st): left unread, so asked.
_ZH_YEAR_END = re.compile(r"元旦(?:之?前|以前)")
_ZH_NEXT_MONTH_DAY = re.compile(rf"(?P<rel>下个?月|上个?月|本月|这个?月)\s*(?P<d>\d{{1,2}}|{CN_NUM})\s*[日号]")
_ZH_DAY = re.compile(rf"(?<![\d月零〇一二两俩三四五六七八九十廿卅])(?P<d>\d{{1,2}}|{CN_NUM})\s*[号](?![码线楼机钢])")  # 45号钢: a steel grade
# A day of the month said as an English ordinal alone (`ship on the 5th`, `by 20th`, `delay to the 15th`): the 5th of
# this month or the next, as 5号 is; never an ordinal of a batch, lot or time (`2nd batch`, `3rd time`).
_EN_ORDINAL_DAY = re.compile(
    r"(?<![\dA-Za-z/.\-])(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?![A-Za-z\d])"
    r"(?!\s*(?:batch|lot|shipment|delivery|time|round|piece|article|sample|order|box|pallet|of\s)\w*)", re.IGNORECASE)
# A sentence's full stop may follow a date of slashes or dashes (`ready on 11/6.`), never one of dots (`3.5.`)
_SLASH_MD = re.compile(
    r"(?<![\dA-Za-z/.\-])(?P<m>\d{1,2})\s*(?P<sep>[/\-.])\s*(?P<d>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{2}|20\d{2}|25\d{2}))?(?![\d/%]|\.\d|(?<=\.\d)\.|(?<=\.\d\d)\.|\s*(?:件|个|pcs|pc|套|只|天|days?)"
    # a count in thousands or ten-thousands with its decimal point (`出货 1.2K`, `1.5万`): no date
    r"|(?<=\.\d)(?:[kK](?:pcs|pc)?(?![A-Za-z])|万)|(?<=\.\d\d)(?:[kK](?:pcs|pc)?(?![A-Za-z])|万))"
)
_EN_MD = re.compile(
    rf"(?<![A-Za-z])(?=[A-Za-z]){MONTH_RE}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>20\d{{2}}))?(?![\d])",
    re.IGNORECASE,
)
_EN_DM = re.compile(
    rf"(?<![\dA-Za-z])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?{MONTH_RE}(?![A-Za-z])(?:\s*,?\s*(?P<y>20\d{{2}}))?",
    re.IGNORECASE,
)
# The German day-first date (`18.12.`, `10.12.2026`): day, month and the dot that ends it; a dot between two numbers
# alone (`12.10`, `10.02`) stays the month-first date or the decimal it is read as above.
_DOTTED_DM = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>20\d{2})?(?![\d.]|-\d)")
# A calendar week by its number (`KW51`, `CW 51`, `week 51`, `第51周`), as German and European ERPs date a week: its
# Monday; the week's end said (`Ende KW48`, `end of week 48`, `第48周末`) is its Friday. The week is the numbered one
# nearest today (KW2 said in December is January's).
_CAL_WEEK = re.compile(
    r"(?:(?P<end>(?<![A-Za-z])(?:ende|end\s+of|end)\s*)|(?<![A-Za-z]))"
    r"(?:(?:kw|cw|wk|week|calendar\s+week)\s*(?:no\.?\s*)?(?P<n>[1-5]?\d)(?![\d%])|第\s*(?P<n2>[1-5]?\d)\s*周(?P<end2>末|底)?)",
    re.IGNORECASE)
_ZH_WEEKDAY = re.compile(
    r"(?P<rel>下下个?|下个?|这个?|本|上个?)?\s*(?:周|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天七1-7])"
)
_ZH_WEEKEND = re.compile(r"(?P<rel>下个?|这个?|本)?(?:周末|礼拜天?末)")
# Chat English of Singapore, Malaysia, India and the Philippines writes the week after its day (`Wed next week`,
# `Fri this wk`) and shortens next (`nxt Mon`): the same weekday of that week.
# `last Friday` is the latest Friday before today, and `next week Tuesday` (the week before its day, as Thai and Chinese
# English write 下周二) is Tuesday of next week.
_EN_WEEKDAY = re.compile(
    rf"(?<![A-Za-z])(?=[A-Za-z])(?:(?P<rel>next|nxt|nx|this|coming|on|last)\s+)?(?:(?P<rel3>next|this)\s+(?:week|wk)\s+)?"
    rf"{EN_WEEKDAY_RE}(?![A-Za-z])"
    r"(?:\s+(?P<rel2>next|nxt|this)\s+(?:week|wk)(?![A-Za-z]))?", re.IGNORECASE
)
_EN_WEEKEND = re.compile(r"(?<![A-Za-z])(?=[A-Za-z])(?:(?P<rel>next|this)\s+)?weekend(?![A-Za-z])", re.IGNORECASE)
_EN_MONTH_END = re.compile(r"(?<![A-Za-z])(?=[A-Za-z])end\s+of\s+(?P<rel>(?:the|this|next)\s+)?month(?![A-Za-z])", re.IGNORECASE)
# A day of the lunar calendar (Jinhua, Yongkang and the rest of China date the weeks around the New Year so): a lunar
# month's day (`腊月廿三`, `正月初八`, `正月半`), a festival that is one day (`腊八`, `除夕`, `年三十`, `大年夜`, `元宵`),
# and `初十` alone, the next lunar month's tenth (`年后初十`: 正月's). A festival said with after or around it
# (`元宵节后`, `过完元宵`, `元宵前后`) names no single day; nor do 小年 (廿三 in the north, 廿四 in Jiangnan), 年前, 年后.
_LUNAR_MD = re.compile(
    r"(?:农历|阴历)?(?P<mon>正|冬|腊)月\s*(?P<d>初[一二三四五六七八九十]|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?"
    r"|廿[一二三四五六七八九]?|卅|半|[12]?\d(?![\d.]))(?:\s*[号日])?")
_LUNAR_FESTIVAL = re.compile(
    r"(?<!过完)(?<!过了)(?:(?P<eve>大?年三十|大年夜|除夕)|(?P<laba>腊八)(?![粥蒜])|(?P<yuanxiao>元宵|正月半))节?"
    r"(?!\s*节?\s*(?:前后|左右|后|以后|之后|过后|过完|快乐))")
_LUNAR_BARE_DAY = re.compile(r"(?:(?P<new_year>年后|过完?年|开年|大年)\s*)?(?<![月\d])初(?P<d>[一二三四五六七八九十])(?![号一二三四五六七八九十])")
_DAY_NEXT_TO = re.compile(r"\s*的?(?P<dir>前|后)(?:一|1)\s*[天日](?![期子\d])")
_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
_ZH_RELATIVE_DAY = re.compile(r"大后天|后天|明天|明日|明儿|明早|明晚|今天|今日|今儿|大前天|前天|昨天|昨日|昨儿|昨晚")
_EN_RELATIVE_DAY = re.compile(
    r"(?<![A-Za-z\d])(?:(?<![A-Za-z\d])2(?:moro|morrow|mr|day)|(?=[A-Za-z])(?:the\s+)?day\s+(?:after\s+(?:tomorrow|tmrw?|tml)|before\s+(?:yesterday|ytd))"
    r"|tomorrow|tmr|tmrw|today|yesterday"
    # chat shorthand of the same days (Singapore and Malaysia: tml, tmw, 2moro, tomolo; ytd, yday, ystd; tdy, 2day)
    r"|tml|tmw|tmrow|tmorow|tmoro|tomolo|tomoro|tommorow|tommorrow|tomorow"
    r"|ytd|yday|ystd|ysd|yest|ystdy|ysterday|yesterdy|tdy|tday)(?![A-Za-z])",
    re.IGNORECASE
)
_EN_YESTERDAY = frozenset({"yesterday", "ytd", "yday", "ystd", "ysd", "yest", "ystdy", "ysterday", "yesterdy"})
_EN_TODAY = frozenset({"today", "tdy", "2day", "tday"})
_ZH_IN_DAYS = re.compile(rf"(?:过\s*)?(?P<n>{NUM})\s*(?P<unit>天|日|个?工作日|周|个?星期|个?礼拜)\s*(?:以?后|之后)")
_ZH_IN_DAYS_PRE = re.compile(rf"再过\s*(?P<n>{NUM})\s*(?P<unit>天|日|个?工作日|周|个?星期|个?礼拜)")
_EN_IN_DAYS = re.compile(
    rf"(?<![A-Za-z])(?:in\s+(?P<n>{EN_NUM})\s*(?P<unit>days?|weeks?)|(?P<n2>{EN_NUM})\s*(?P<unit2>days?|weeks?)\s+(?:later|from\s+now))(?![A-Za-z])",
    re.IGNORECASE,
)

# So many days or weeks ago (`3 days ago`, Thai English's `3 day ago`, `two days ago`): that day gone. A vague count
# (`a few days ago`) names no day.
_EN_DAYS_AGO = re.compile(r"(?<![A-Za-z\d.])(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|an?|a couple of)"
                          r"\s*(?P<unit>days?|weeks?)\s+ago(?![A-Za-z])", re.IGNORECASE)
# A weekday's numeral (`下周五 天车坏了`) is no count of days, nor is 天 of a word (天车, 天气, 天然气).
_ZH_DURATION = re.compile(rf"(?<!周)(?<!星期)(?<!礼拜)(?<!月)(?P<n>{NUM}|半)\s*(?P<unit>天(?![车气然窗线])|日|个?工作日|周|个?星期|个?礼拜|个月)(?!\s*(?:以?后|之后))")
_EN_DURATION = re.compile(
    rf"(?<![A-Za-z])(?P<n>{EN_NUM})\s*(?:(?:more|extra|additional)\s+)?(?P<unit>days?|weeks?|wks?|d)(?![A-Za-z])(?!\s+(?:later|from\s+now))",
    re.IGNORECASE,
)


def _unit_days(unit: str) -> int:
    unit = unit.lower()
    if unit.startswith(("周", "个星期", "星期", "礼拜", "个礼拜", "week", "wk")):
        return 7
    if unit == "个月":
        return 30
    return 1


def find_dates(text: str, today: date) -> list[DateMatch]:
    """Every date the text mentions, in the order written, overlapping readings removed."""
    return list(_find_dates(text, today))


@lru_cache(maxsize=1024)
def _find_dates(text: str, today: date) -> tuple[DateMatch, ...]:
    if _ANY_DATE is not None and _ANY_DATE.search(text) is None:
        return ()  # none of the words the patterns below need: most messages, and ~18 searches saved
    found: list[DateMatch] = []

    def add(value: date | None, match: re.Match[str], lunar: bool = False) -> None:
        if value is None:
            return
        start, end = match.span()
        if any(start < m.end and m.start < end for m in found):
            return
        found.append(DateMatch(value, start, end, lunar))

    for m in _ISO.finditer(text):
        y = int(m["y"])
        add(_safe_date(y, int(m["m"]), int(m["d"])), m)
    for m in _ZH_MD.finditer(text):
        month, day = cn_to_int(m["m"]), cn_to_int(m["d"])
        if month is None or day is None:
            continue
        if m["y"]:
            add(_safe_date(int(m["y"]), month, day), m)
        else:
            add(next_month_day(month, day, today), m)
    for m in _LUNAR_MD.finditer(text):
        day = 15 if m["d"] == "半" else cn_to_int(m["d"].removeprefix("初"))
        if day is not None and 1 <= day <= 30:
            add(lunar_day(_LUNAR_MONTHS[m["mon"]], day, today), m, lunar=True)
    for m in _LUNAR_FESTIVAL.finditer(text):
        add(lunar_day(12, LAST_DAY, today) if m["eve"] else lunar_day(12, 8, today) if m["laba"]
            else lunar_day(1, 15, today), m, lunar=True)
    for m in _LUNAR_BARE_DAY.finditer(text):
        day = cn_to_int(m["d"])
        if day is not None:
            add(lunar_day(1, day, today) if m["new_year"] else next_lunar_day_of_month(day, today), m, lunar=True)
    for m in _ZH_NEXT_MONTH_DAY.finditer(text):
        day = cn_to_int(m["d"])
        if day is not None:
            if m["rel"].startswith(("下", "上")):
                add(_next_day_of_month(day, today, 1 if m["rel"].startswith("下") else -1), m)
            else:  # 这个月2号: this month's, also when it has passed (这个月2号到的料)
                add(_safe_date(today.year, today.month, day), m)
    for m in _ZH_MONTH_END.finditer(text):
        add(_month_end(today, 1 if (m["next"] or m["next2"]) else 0), m)
    for m in _ZH_YEAR_END.finditer(text):
        # the New Year's Day nearest: said in January to June (元旦前发的), the one just past
        add(date(today.year if today.month > 6 else today.year - 1, 12, 31), m)
    for m in _EN_MONTH_END.finditer(text):
        add(_month_end(today, 1 if (m["rel"] or "").strip().lower() == "next" else 0), m)
    for m in _EN_MD.finditer(text):
        _add_month_name(m, today, add)
    for m in _EN_DM.finditer(text):
        _add_month_name(m, today, add)
    for m in _SLASH_MD.finditer(text):
        month, day = int(m["m"]), int(m["d"])
        buddhist = _buddhist_year(m["y"], today) if m["y"] else None
        if m["sep"] == "/" and (buddhist is not None or (12 < month <= 31 and 1 <= day <= 12)):
            # 31/7, 28/7: day first, as Malaysia and Britain write it; no month is 31. A Thai date (a Buddhist-era
            # year, 5/10/2569) is day first whatever its numbers.
            month, day = day, month
        if buddhist is not None:
            add(_safe_date(buddhist, month, day), m)
        elif m["y"]:
            add(_safe_date(_year(m["y"]), month, day), m)
        elif m["sep"] != "." or (1 <= month <= 12 and day <= 31):
            add(next_month_day(month, day, today) if 1 <= month <= 12 else None, m)
    for m in _DOTTED_DM.finditer(text):
        day, month = int(m["d"]), int(m["m"])
        add(_safe_date(int(m["y"]), month, day) if m["y"] else next_month_day(month, day, today) if 1 <= month <= 12
            else None, m)
    for m in _CAL_WEEK.finditer(text):
        add(_calendar_week(int(m["n"] or m["n2"]), today, 4 if (m["end"] or m["end2"]) else 0), m)
    for m in _ZH_IN_DAYS.finditer(text):
        n = cn_to_int(m["n"])
        if n is not None:
            add(today + timedelta(days=n * _unit_days(m["unit"])), m)
    for m in _ZH_IN_DAYS_PRE.finditer(text):
        n = cn_to_int(m["n"])
        if n is not None:
            add(today + timedelta(days=n * _unit_days(m["unit"])), m)
    for m in _EN_IN_DAYS.finditer(text):
        n = en_to_int(m["n"] or m["n2"])
        if n is not None:
            add(today + timedelta(days=n * _unit_days(m["unit"] or m["unit2"])), m)
    for m in _ZH_RELATIVE_DAY.finditer(text):
        word = m.group(0)
        offset = {"大后天": 3, "后天": 2, "大前天": -3, "前天": -2}.get(
            word, 1 if word.startswith("明") else -1 if word.startswith("昨") else 0)
        add(today + timedelta(days=offset), m)
    for m in _EN_RELATIVE_DAY.finditer(text):
        word = m.group(0).lower()
        offset = 2 if "after" in word else -2 if "before" in word else -1 if word in _EN_YESTERDAY \
            else 0 if word in _EN_TODAY else 1
        add(today + timedelta(days=offset), m)
    for m in _ZH_WEEKDAY.finditer(text):
        wd = m["wd"]
        target = int(wd) - 1 if wd.isdigit() else WEEKDAYS_ZH[wd]
        add(_weekday(target, today, _zh_week_offset(m["rel"])), m)
    for m in _ZH_WEEKEND.finditer(text):
        add(_weekday(5, today, _zh_week_offset(m["rel"])), m)
    for m in _EN_WEEKDAY.finditer(text):
        rel = (m["rel2"] or m["rel3"] or m["rel"] or "").lower()
        rel = "next" if rel in ("nxt", "nx") else rel
        target = WEEKDAYS_EN[m["wd"][:3].lower()]
        if rel == "last":
            add(today - timedelta(days=(today.weekday() - target - 1) % 7 + 1), m)
            continue
        add(_weekday(target, today, 1 if rel == "next" else 0 if rel == "this" else None), m)
    for m in _EN_DAYS_AGO.finditer(text):
        count = int(m["n"]) if m["n"].isdigit() else EN_NUMBERS[m["n"].lower()]
        add(today - timedelta(days=count * _unit_days(m["unit"])), m)
    for m in _ZH_DAY.finditer(text):
        day = cn_to_int(m["d"])
        if day is not None and 1 <= day <= 31:
            # 12月10号发不了 要到14号: a bare day after a month named is that month's (or a later one's)
            named = [d for d in found if d.end <= m.start() and text[d.start:d.end].count("月") == 1
                     and _ZH_MD.fullmatch(text[d.start:d.end].strip())]
            month_day = _safe_date(named[-1].value.year, named[-1].value.month, day) if named else None
            if month_day is not None and month_day >= named[-1].value:
                add(month_day, m)
            else:
                add(_next_day_of_month(day, today), m)
    if "th" in text or "st" in text or "nd" in text or "rd" in text:
        for m in _EN_ORDINAL_DAY.finditer(text):
            add(_next_day_of_month(int(m["d"]), today), m)
    for m in _EN_WEEKEND.finditer(text):
        rel = (m["rel"] or "").lower()
        add(_weekday(5, today, 1 if rel == "next" else None), m)
    found.sort(key=lambda d: d.start)
    for i, d in enumerate(found):
        if (next_to := _DAY_NEXT_TO.match(text, d.end)) is not None:
            # 大年夜前一日到, 15号前一天: the day before (or after) the day named, one day, never a count of one
            step = timedelta(days=-1 if next_to["dir"] == "前" else 1)
            found[i] = DateMatch(d.value + step, d.start, next_to.end(), d.lunar)
    return tuple(found)


def _zh_week_offset(rel: str | None) -> int | None:
    if not rel:
        return None
    if rel.startswith("下下"):
        return 2
    if rel.startswith("下"):
        return 1
    if rel.startswith("上"):
        return -1
    return 0


def _add_month_name(m: re.Match[str], today: date, add: Callable[[date | None, re.Match[str]], None]) -> None:
    month = MONTHS[m["mon"].lower().rstrip(".")[:3]]
    day = int(m["d"])
    add(_safe_date(int(m["y"]), month, day) if m["y"] else next_month_day(month, day, today), m)


def find_date(text: str, today: date) -> DateMatch | None:
    """The first date the text mentions, or None."""
    dates = find_dates(text, today)
    return dates[0] if dates else None


def _range_upper(token: str) -> int | None:
    """`两三天`, `三五天`: two digits side by side are a range, not 23; the later end counts."""
    if len(token) != 2 or any(ch in CN_UNITS for ch in token):
        return None
    low, high = CN_DIGITS.get(token[0]), CN_DIGITS.get(token[1])
    return high if low is not None and high is not None and 0 < low < high else None


def find_durations(text: str) -> list[DurationMatch]:
    """Every span of days the text mentions (`3天`, `两周`, `2 days`, `a week`), in order."""
    found: list[DurationMatch] = []
    for m in _ZH_DURATION.finditer(text):
        raw = m["n"]
        if raw == "半":
            days = 15 if m["unit"] == "个月" else 3 if _unit_days(m["unit"]) == 7 else 0
        else:
            n = _range_upper(raw) or cn_to_int(raw)
            if n is None:
                continue
            days = n * _unit_days(m["unit"])
        if days > 0:
            found.append(DurationMatch(days, m.start(), m.end()))
    for m in _EN_DURATION.finditer(text):
        n = en_to_int(m["n"])
        if n is None or (m["unit"].lower() == "d" and not m["n"].isdigit()):
            continue
        if any(m.start() < f.end and f.start < m.end() for f in found):
            continue
        found.append(DurationMatch(n * _unit_days(m["unit"]), m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
# The words one of which any pattern `_find_dates` searches needs (the patterns its code names): one search first.
_ANY_DATE = needs_any(value for name in _find_dates.__wrapped__.__code__.co_names
                      if isinstance(value := globals().get(name), (re.Pattern, Guarded)))
