"""Words that mark the edges of a slot the reader reads by its place in the message (handlers/parsing.py).

Kept apart from the reader's own rules on purpose, as handlers/reading_settle.py is: the account of known words
(handlers/reading_account.py) is fed by every pattern of handlers/parsing.py, and these words (a buyer's 倍儿 or 好多,
an adverb mistyped where a stock's name stands) only say where a slot ends; they are no words of a report.
"""

from __future__ import annotations

import re

from handlers.fast_search import fast_pattern, quicken


def _re(source: str) -> re.Pattern[str]:
    return fast_pattern(source, re.IGNORECASE)


# What a buyer asks of a supplier, after its name (the name's slot ends where they begin): where (那边), when (最近, a
# month or week in any region's words: 今个月, 呢个月, Cantonese 呢排), what of it (交货, 交期, 表现, 评分, 准时, 拖 with
# 老/倍儿/总) and how, in the regions' words (咋样, Cantonese 点/点样, Henan and Hakka 恁样 (folded 怎样), Hubei 么样,
# Southwest 好多 and 哪样 (folded 什么), Sichuan 落不落教 "reliable?" as 靠不靠谱, Wu 伐): `鸿利注塑那边最近怎么样`,
# `宏辉搪瓷呢个月表现点`, `绵阳华光的评分好多`.
_SPAN_ASKED = (r"那边|那里|这边|最近|近来|近期|这阵子|这段时间|呢排|呢段时间"
               r"|(?:这个?|本|上个?|今个?|呢个|去|近|前)\s*(?:月|周|星期|礼拜|季度|季|年度?|半年)")
_ASPECT_ASKED = r"的?\s*(?:交货|交期|质量|表现|评分|准时率|合格率|准时|做得|搞得|干得)|(?:老是?|总是?|倍儿|一直)\s*拖"
_HOW_ASKED = r"怎么样|咋样|怎样|如何|怎么回事|咋回事|点样|什么|好多|多少|靠不靠谱|落不落教|(?:点|咋)(?=\s*[啊呀啦哦嘛呢]?\s*$)|准不准|(?:不|伐|吗)\s*$"
# a space ends the name, except between the words of a name in letters (Minh Phát, Hoa Binh Precision)
AFTER_NAME = _re(rf"{_SPAN_ASKED}|{_ASPECT_ASKED}|{_HOW_ASKED}|(?<![A-Za-z])\s|\s(?![A-Za-z])")
ASPECT_OR_SPAN = _re(rf"{_SPAN_ASKED}|{_ASPECT_ASKED}")
HOW_OR_ASPECT = _re(rf"{_HOW_ASKED}|{_ASPECT_ASKED}|评分|准时率")
NAME_AT_HEAD = re.compile(r"[\u4e00-\u9fffA-Za-z&]{2,12}|[A-Za-z&]+(?: [A-Za-z&]+){1,3}")
NOT_A_NAME = re.compile(r"[了没不未把给让将被单货批]")  # 拖了交期的单子, 把没交货的单子列一下: words of the orders asked for
PLACE_THEN_WORKS = re.compile(r"那家(?=\S*厂$)")  # 淮北那家镀铬厂: the works in that place, the name as written

# An adverb where a stock's name would stand (`以经到货了`: 已经 mistyped): no stock.
NOT_STOCK_ADVERB = re.compile(r"以经|已经")
# In English the goods themselves, a parcel or a pronoun before `arrived` are no stock's name (`goods arrived`).
NOT_STOCK_EN = re.compile(r"goods|shipment|order|parcel|package|cargo|it|they|all|everything", re.IGNORECASE)

# The package itself named where a defect is counted in packages (`纸箱压烂 12箱`): the count is of that thing; the
# packing said damaged (`包装破损 5箱`) is not.
PACKAGE_NAMED = _re(r"纸箱|外箱|箱子|木箱|托盘|卡板|栈板")

# The potential complement negated (`V不完`, `V不赢`, `V不过来`: the grammar's "cannot get it done"), with any verb in
# its slot, the trade's or a region's (`焊不完`, `织不完`, Southwestern and Hunan `搞不赢`, `送不过来`), then a later day:
# the work cannot be done by the first day and moves to the later one (AE AO AR AU, as `周三肯定不行 得下周一`).
# Never a verb of perceiving or telling (看不完, 说不过来), nor a question (做不完吗).
CANNOT_FINISH = _re(r"(?P<verb>[\u4e00-\u9fff])(?<![说吃看听想记认分数等查睡校])不(?:完|赢|过来)了?(?!\s*(?:吗|么|没|不))")
STEP_VERB = re.compile(r"[车铣磨钻冲镀喷焊锻抛压铸印编织绕浇切割折弯装配涂]")  # a step's own verb: the making is late
SHIP_VERB = re.compile(r"[送发交运拉]")  # a verb of sending: the shipping is late

# The work put off with 再 or 才 to a day (`后天再发`, `下周一再发`, `礼拜五才做得完`): after a trouble of a day (`明天停水`),
# the day it moves to (AF AG, as the doc's `今天停电` reason of a delay).
PUT_OFF = _re(r"(?:再|才)\s*(?=(?:发|做|交|出|送|弄|搞|干)|[\u4e00-\u9fff]{0,2}(?:得完|得好|得出))")  # 周六先发得: a plan (AI)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
