"""A part's size and grade written beside a report: the spec of the part, never a count, a day or a share.

Clerks who paste rows from their sheets name the part with its spec before the report (`闸阀阀体 4寸
钻孔完了`, `90°弯头 DN50 正在喷漆`, `对焊法兰 304 终检OK`, `316棒料到了 850公斤`), and a heavy shop names
the machine with its size (`在上5米立车精车`). Their numbers are the part's or the machine's, so the reader
must not take `4` for a count to ask about, `1.5寸` for 1 May, `304` for 304 pieces or `5米` for an amount.
Each rule is a shape of the trade's specs, not a phrase: a size in inches (寸/英寸/吋/"), an angle in
degrees, a nominal bore or pressure (DN/PN), a stainless grade said by its number beside a part or a stock
word, a machine's size before the machine. The spans are blanked in the folded text, same length, as
handlers/reading_register.blank_codes blanks heat numbers, so reasons cut from the display still line up.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken
from handlers.shop_words import MATERIALS, PARTS, alternation

__all__ = ["blank_specs"]

_NUM = r"\d+(?:\.\d+)?"
# 4寸, 1.5寸, 2英寸, 3/4", 90°, 45度弯头: an inch size or an angle of the part.
_SIZE = re.compile(rf"(?<![\d.])(?:\d+/\d+|{_NUM})\s*(?:寸|英寸|吋|\"|″|°|度(?=弯|角))(?![\d])")
# DN50, PN16, PN2.5, Class150: a nominal bore or pressure class.
_BORE = re.compile(rf"(?<![A-Za-z])(?:DN|PN|NPS|Class)\s*{_NUM}(?![\d])", re.IGNORECASE)
# 304, 316, 2205 beside a part or a stock word (`对焊法兰 304`, `316棒料`, `材质304`): a stainless grade.
_GRADES = r"(?:201|202|304|316|321|310S?|410|416|420|430|440C?|904L?|2205|2507|630)"
_NO_UNIT = r"(?!\s*(?:\d|[.%/]|件|个|只|套|片|台|支|根|块|pcs|pc|箱|托|包|卷|公斤|kg|吨|米|号|日|月|批))"
_STOCK_WORDS = r"(?:不锈钢|不锈|钢|棒|料|板|管|材|锻件|铸件|的料|材质)"
_PART = alternation(PARTS + MATERIALS + ("阀", "球阀", "闸阀", "截止阀", "止回阀", "蝶阀", "对焊", "平焊"))
_GRADE_AFTER_PART = re.compile(rf"(?:{_PART}|材质|材料|牌号)\s*[:：]?\s*(?P<g>{_GRADES}){_NO_UNIT}")
_GRADE_BEFORE_STOCK = re.compile(rf"(?<![\d.])(?P<g>{_GRADES})\s*(?={_STOCK_WORDS}|{_PART})")
# 料到齐了 304的: the grade said after the stock, as a clause of its own with 的 ("the 304 one"), once a stock or part
# word stands before it; a count always carries its unit.
_GRADE_SAID_AFTER = re.compile(rf"(?:{_STOCK_WORDS}|{_PART})\S*\s+(?P<g>{_GRADES})的(?=\s*$|[\s,，。])")
# 6061, 7075, 5052 beside a stock word (`8753 6061铝管昨儿到的`, `铝棒6061都齐了`): an aluminium grade. Its four
# digits are an order's length, so before the stock word it is a grade only after the message's order (`6061料到了`
# alone stays the order); after a part or stock word (`材质6061`) it is one wherever it stands.
_AL_GRADES = r"(?:1060|1100|2024|2A12|3003|5052|5083|6061|6063|6082|7075)"
_AL_AFTER_PART = re.compile(rf"(?:{_PART}|铝(?:棒|管|板|锭|材|型材)?|棒料?|材质|材料|牌号)\s*[:：]?\s*(?P<g>{_AL_GRADES}){_NO_UNIT}")
_AL_BEFORE_STOCK = re.compile(rf"(?<![\d.])(?P<g>{_AL_GRADES})(?=的?铝|{_STOCK_WORDS}|{_PART})")  # 6061的铝棒 (DS)
_AN_ORDER = re.compile(r"\d{4,12}")
# 45#钢, 45号钢, 20#圆钢, 40Cr, 42CrMo, 20CrMnTi, 65Mn, GCr15, Q235B: a carbon or alloy steel's grade (GB/T 699, 3077, 700),
# written with its mark (#, 号钢) or its alloy letters: the stock's spec, never a count (`轴料45#钢到了`: BX)
_STEEL_GRADE = re.compile(r"(?<![\dA-Za-z.])(?P<g>(?:08|10|15|20|25|30|35|40|45|50|55|60|65|70)\s*(?:#|号(?=钢))"
                          r"|(?:12|15|20|30|35|38|40|42)Cr(?:MnTi|MoAl|NiMo|Mo|Ni|Mn)?|65Mn|GCr15"
                          r"|Q(?:195|215|235|275|345|355|390|420|460)[A-E]?)(?![\dA-Za-z])")
# 5米立车, 2.5米龙门铣, 3吨电炉: the machine's size, said before the machine.
_MACHINE = re.compile(rf"(?<![\d.])(?P<g>{_NUM}\s*(?:米|m|吨|t))\s*(?=立车|卧车|车床|龙门|镗床|立磨|电炉|中频炉|锻锤|油压机|压力机)",
                      re.IGNORECASE)


# 磨床就一台, 热处理炉只有两台, 只有一台磨床: how many machines the shop has, said with 就/只 ("only"), never a count
# of the order's pieces (a count of work has its verb: 磨好了2台).
_MACHINES = r"(?:[磨车铣镗钻刨插冲]床|机床|加工中心|设备|机器|机子|炉子|[电窑淬回]?炉|[压冲锻焊]机|锻锤|油压机)"
_MACHINE_COUNT = re.compile(rf"{_MACHINES}\s*(?:就|只|只有|才|总共|一共)\s*有?\s*(?P<g>(?:\d+|[一二两三四五六七八九十])\s*台)"
                            rf"|(?:就|只)有?\s*(?P<h>(?:\d+|[一二两三四五六七八九十])\s*台)\s*(?=\S{{0,3}}{_MACHINES})")


# 那两根主轴, 那3台减速机壳体: the parts pointed at by their number, the order's own, never a count of work done.
_POINTED = re.compile(rf"(?<=那)(?P<g>\d+|[一二两三四五六七八九十]+)\s*(?:根|台|件|套|个|只|块)\s*(?={_PART})")

# Every spec above holds one of these beside its digits; a message with none of them is left as it is.
_WORTH_A_LOOK = re.compile(r"\d\s*(?:寸|英寸|吋|\"|″|°|度|米|m|吨|t)|(?:DN|PN|NPS|Class)\s*\d|"
                           rf"{_GRADES}|{_AL_GRADES}|那\s*(?:\d|[一二两三四五六七八九十])|台|\d\s*(?:#|号钢)|\d(?:Cr|Mn)|GCr|Q\d{3}", re.IGNORECASE)


def blank_specs(folded: str) -> str:
    """`folded` with a part's sizes, bores, grades and a machine's size blanked to `_`, same length."""
    if not _WORTH_A_LOOK.search(folded):
        return folded  # no digit at all, or digits with none of a spec's marks: most messages
    spans = [m.span() for m in _SIZE.finditer(folded)]
    spans += [m.span() for m in _BORE.finditer(folded)]
    spans += [m.span("g") for pattern in (_GRADE_AFTER_PART, _GRADE_BEFORE_STOCK, _GRADE_SAID_AFTER, _MACHINE, _POINTED)
              for m in pattern.finditer(folded)]
    spans += [m.span("g") for m in _AL_AFTER_PART.finditer(folded)]
    spans += [m.span("g") for m in _STEEL_GRADE.finditer(folded)]
    spans += [m.span(m.lastgroup or 0) for m in _MACHINE_COUNT.finditer(folded)]
    spans += [m.span("g") for m in _AL_BEFORE_STOCK.finditer(folded) if _AN_ORDER.search(folded, 0, m.start())]
    for start, end in spans:
        folded = folded[:start] + "_" * (end - start) + folded[end:]
    return folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
