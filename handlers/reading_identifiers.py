"""Numbers that name a thing, never an order, a count, a lot or a day: plates, phones, containers, models, clock times.

A message about goods on the road carries the road's numbers beside the report: the truck's plate (`车牌粤SD38059`),
the driver's phone (`司机电话13526587060`), the container and its seal (`柜号TCNU5575237 封号H8714152`), and a battery
shop names its packs and cells by model (`48V20Ah`, `13S4P`, `42V2A`, cells `18650`/`21700`) and says when the truck
comes or the result is out by the clock (`晚上8点来拉`, `10:30卸完`, `下午3点出结果`). Their digits are an order's length
or a count's, so a reader that leaves them in reads `18650` as a second order, `4点` as a count to ask about and
`60V24Ah` as a figure no fact holds. Each rule is a shape standard outside any one shop, not a phrase: a mainland plate
(a province's character, the city's letter, five or six letters and digits), a mainland mobile number (eleven digits
from 13 to 19), an ISO 6346 container number (three letters, U/J/Z, seven digits), a seal number after its label, a
pack's voltage and capacity or its series-parallel count, the standard cylindrical cell sizes, and a clock time.
The spans are blanked in the folded text, same length, as handlers/reading_specs.blank_specs blanks a part's sizes,
so reasons cut from the display still line up; the display keeps them as written.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken

__all__ = ["blank_identifiers"]

# 粤L12345, 粤BE53028, 粤LDG8703: a province's one-character abbreviation, the city's letter, 4 to 6 letters and digits
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"[{_PROVINCES}][A-HJ-NP-Z]\s?[A-HJ-NP-Z0-9]{{4,6}}(?![A-Za-z0-9])")
# 13526587060: a mainland mobile number, eleven digits from 13 to 19 (never an order: no shop's orders run so long)
_PHONE = re.compile(r"(?<![\dA-Za-z.])1[3-9]\d{9}(?![\d.A-Za-z])")
# TCNU5575237, OOLU8725714: ISO 6346, the owner's three letters, U (J, Z), six digits and the check digit
_CONTAINER = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[UJZ]\s?\d{6}\s?\d(?![A-Za-z0-9])")
# 封号H8714152, seal H3320726, 铅封号: the seal's number after its label
_SEAL = re.compile(r"(?:封号|封条号?|铅封号?|(?<![A-Za-z])seal(?:\s*(?:no\.?|number|#))?)\s*[:：#]?\s*(?P<g>[A-Za-z]{0,3}\d{4,})",
                   re.IGNORECASE)
# 48V20Ah, 52V17.5Ah, 42V2A, 60V 24Ah: a pack's (or charger's) voltage and capacity or current; 13S4P: cells in series
# and parallel; 3000mAh, 500Wh: a cell's capacity or a pack's energy
_MODEL = re.compile(r"(?<![A-Za-z0-9.])(?:\d{1,3}(?:\.\d)?\s?V\s?\d{1,3}(?:\.\d{1,2})?\s?(?:Ah|AH|ah|A)"
                    r"|\d{1,2}S\d{1,2}P|\d{3,5}\s?mAh|\d{2,4}\s?Wh)(?![A-Za-z0-9])")
# 18650, 21700, 26650, 32140, 4680: a cylindrical cell's size (its diameter and length in millimetres, then 0 for round,
# as the cell makers name them), the cell's type. Five digits are an order's length, so it is a type only in a message
# of cells (电芯, 镍片, 极耳, 锂, a count in 组, a cell's grade A+/A品), and there after an order (`在焊接 18650 今日焊1200组`,
# `32140镍片焊了一半`) or with a size said beside a word of cells (`18650 电芯到了 17901`); `单号14500` alone stays the
# order. One rule for the cells' numbers: handlers/reading_specs.py held a second one until stop 36.
_CELL_SIZES = r"(?:10440|14500|14650|16340|18350|18500|18650|20700|21700|26650|26700|32140|32650|32700|46800|4680)"
_CELL_WORDS = r"(?:电芯|电池|镍片|cells?|锂电)"
# never a figure with a unit of pieces after it (`发了18500件`, `做好了21700个`: a count that has a cell's digits)
_CELL = re.compile(rf"(?<![\d.A-Za-z])(?P<g>{_CELL_SIZES})(?![\d.])(?!\s*(?:件|个|只|套|支|根|台|pcs|PCS|Pcs))")
_CELL_BESIDE = re.compile(rf"{_CELL_WORDS}\s*{_CELL_SIZES}(?![\d.])|(?<![\d.A-Za-z]){_CELL_SIZES}\s*{_CELL_WORDS}", re.IGNORECASE)
_ABOUT_CELLS = re.compile(r"电芯|电池|镍片|极耳|锂|(?<=\d)\s*组|(?<![A-Za-z])A(?:\+|品|级)|(?<![A-Za-z])(?:cells?|battery|pack)(?![A-Za-z])",
                          re.IGNORECASE)
_AN_ORDER = re.compile(r"(?<![\d.])\d{4,12}(?![\d.])")
# 10:30, 17:20: a clock time; 8点, 9点半, 3点钟, 下午3点, 晚上十点: the hour said (a digit hour, or a numeral one after
# a part of the day: 一点 alone is "a little", 还差一点)
_DAY_PART = r"(?:上午|下午|晚上|早上|中午|凌晨|傍晚|夜里|今早|今晚|明早|明晚|早|晚)"
_CLOCK = re.compile(rf"(?:(?P<part>{_DAY_PART})\s*)?(?:(?<![\d.:：])(?P<h>[01]?\d|2[0-3])[:：][0-5]\d(?![\d.:：])"
                    r"|(?<![\d.第几])(?P<o>[01]?\d|2[0-4])\s*点(?:半|钟|[0-5]?\d\s*分?)?(?![\d个焊胶]))"
                    rf"|(?P<spoken>{_DAY_PART})\s*(?:十[一二]?|[一二两三四五六七八九])\s*点(?:半|钟)?")


def _part_of_day(hour: int) -> str:
    """The part of the day a clock hour falls in, as the reader knows a time of day (`下午发`, `晚上来拉`): a working
    hour before seven is the afternoon's (`4点出结果`)."""
    return "上午" if 7 <= hour < 12 else "晚上" if hour >= 18 else "下午"


def _said_as_part_of_day(match: re.Match[str]) -> str:
    """The clock time as the part of the day it falls in, same length (`17:20` → `   下午`, `晚上8点` → `晚上  `)."""
    text = match.group(0)
    part = match["part"] or match["spoken"]
    if part:
        return part + " " * (len(text) - len(part))
    hour = int(match["h"] or match["o"])
    word = _part_of_day(hour)
    # padded before the word, so the part of the day stays glued to what it times (`15:40出结果` → `   下午出结果`)
    return " " * (len(text) - len(word)) + word if len(text) >= len(word) else " " * len(text)


_WORTH_A_LOOK = re.compile(rf"[{_PROVINCES}][A-Z]|1[3-9]\d{{9}}|[A-Z]{{3}}[UJZ]|封|seal|\dV|\dS\d|mAh|Wh|{_CELL_SIZES}|\d[:：]\d|点",
                           re.IGNORECASE)


def blank_identifiers(folded: str) -> str:
    """`folded` with plates, phone, container and seal numbers and pack and cell models blanked to `_`, and a clock
    time said as the part of the day it falls in (the reader's time of day still to come), same length."""
    if not _WORTH_A_LOOK.search(folded):
        return folded
    spans = [m.span() for pattern in (_PLATE, _PHONE, _CONTAINER, _MODEL) for m in pattern.finditer(folded)]
    spans += [m.span("g") for m in _SEAL.finditer(folded)]
    if _ABOUT_CELLS.search(folded):
        beside = _CELL_BESIDE.search(folded) is not None
        spans += [m.span("g") for m in _CELL.finditer(folded) if beside or _AN_ORDER.search(folded, 0, m.start())]
    for start, end in spans:
        folded = folded[:start] + "_" * (end - start) + folded[end:]
    return _CLOCK.sub(_said_as_part_of_day, folded) if ("点" in folded or ":" in folded or "：" in folded) else folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
