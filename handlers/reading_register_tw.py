"""The supply-chain register of Taiwanese-, Japanese- and Korean-owned suppliers, folded to the Mandarin
the reader knows, span for span.

Their sales assistants and QC write (after OpenCC has made the characters simplified,
handlers/reading_script.py) 纳期 for the order's delivery date, 品检/品保/出检 for the final inspection,
初品/首品/量试 for the first article, 素材入荷 for material arrived, 重工 for rework, 段取 for the set-up,
嫁动 for running, 70趴 for 70%, and wrap a report in polite filler (跟您回报, 麻烦您了, 敬请见谅). Like
handlers/reading_register.py, each rule is a rule of the register, not a phrase of one corpus, and each
replacement is exactly as long as what it replaces (filler becomes spaces), so the reasons and
descriptions cut from the text as written still line up.
"""

from __future__ import annotations

import re

from handlers.fast_search import needs_any, quicken
from handlers.reading_register import same_length

# One rule a line: (pattern, replacement of the same length, the characters one of which any match holds, so a
# message without them skips the rule at the cost of a look for a character), applied in order on simplified text.
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # the order's delivery date (Japanese 納期)
    (re.compile(r"纳期"), "交期", "纳"),
    # the first article: 初品, 首品 (Japanese 初品), 量试 (the pilot run), 试作; 承认 is the customer's approval (first, so
    # 初品检查 is never read as 品检)
    (re.compile(r"初品|首品|量试|试作"), "首件", "品试"),
    # the supplier's own outgoing inspection: 品检, 出检, 品保 (the QA department doing it)
    (re.compile(r"品保(?=出检|终检|检验|品检)"), "  ", "保"),
    (re.compile(r"(?<![进入来])品检"), "终检", "品"),
    (re.compile(r"(?<![进入来])出检"), "终检", "检"),
    (re.compile(r"品保(?=\s*(?:OK|ok|完成|通过|合格|中|过了|好了))"), "终检", "保"),
    (re.compile(r"(?:(?<=最终)|(?<=出货))检查"), "检验", "查"),
    (re.compile(r"(?<=首件)检查"), "  ", "查"),  # the first article's own check: no final inspection
    (re.compile(r"检查成绩书"), "检验报告 ", "绩"),
    (re.compile(r"(?<=已|被)承认|承认(?=了|OK|ok|通过)"), "认可", "承"),
    # material: 素材 is the stock, 入荷 its arrival (Japanese 入荷), 进来 that it came in
    (re.compile(r"素材"), "材料", "素"),
    (re.compile(r"入荷"), "到货", "荷"),
    (re.compile(r"(?:(?<=材)|(?<=料)|(?<=没)|(?<=未)|(?<=都)|(?<=已))进来"), "进厂", "来"),
    # the floor: 重工 is rework, 段取 the set-up, 嫁动/稼动 running
    (re.compile(r"重工"), "返工", "重"),
    # ... and its slip by sound (cong for chong) after the word saying it is done or under way (已经从工, 在从工)
    (re.compile(r"(?<=[已经在])从工(?![厂地位艺人作程具装序资会期业商])"), "返工", "从"),
    (re.compile(r"段取"), "调试", "取"),
    (re.compile(r"[嫁稼]动(?!率)"), "生产", "嫁稼"),
    # 70趴: percent, said as the English "pa"
    (re.compile(r"(?<=\d)趴"), "%", "趴"),
    (re.compile(r"(?<=\d)\s趴"), " %", "趴"),
    # 出 is goods out in this register once it is done or due, with no object: 全出了, 已经出了, 可以出;
    # never 出问题, 做不出, 出炉 (周五出不了 stays the reader's: late, not which step)
    (re.compile(r"(?:(?<=全)|(?<=经)|(?<=先))出(?=了)(?!了?\s*(?:问题|事|错|状况))"), "发", "出"),
    (re.compile(r"(?<=可以|能够)出(?=\s*$|[\s,，。!！~]|吗)"), "发", "出"),
    # a buyer's words: 准交率 the on-time rate, 一览 a list, 状况 how it stands, 在跑的单 orders running
    (re.compile(r"准交率"), "准时率", "率"),
    (re.compile(r"(?<=订单|单子)一览"), "列表", "览"),
    (re.compile(r"状况"), "情况", "况"),
    (re.compile(r"(?<=在)跑(?=的单|的订单)"), "做", "跑"),
    # measuring (Japanese 測定: 3D測定, 2次元測定) is measuring
    (re.compile(r"测定"), "测量", "定"),
    # the last message as a transaction (上一笔, 刚那笔): the reader's 上一条
    (re.compile(r"上一笔|刚那笔"), "上一条", "笔"),
    (re.compile(r"(?<=刚才那)笔"), "条", "笔"),
    # an urgent order's mark: no fact of its own
    (re.compile(r"急件"), "  ", "急"),
    # polite filler around a report
    (re.compile(r"(?:先|再)?跟您(?:回报|报告|说明|汇报)(?:一下)?|(?:^|(?<=\s))报告\s*[:：]|麻烦您了?|敬请见谅|请见谅|"
                r"谢谢您|再请协助确认|请协助确认|再请确认"), "", "您告谅认"),
)


_REPLACEMENTS = tuple((pattern, same_length(word), keys) for pattern, word, keys in _RULES)


# Where the message is written in traditional characters (Taiwan, Hong Kong), 出了 with no object is goods out,
# as 出咗 is in Cantonese: 實際出了450pcs, lot B1206 出了. In simplified Mandarin some shops say 出了2000个 of parts
# made, so there the reader asks first (handlers/reading_register.py); never 出了问题, 做出了, 出炉.
_OUT_IN_TRADITIONAL = re.compile(r"(?<![做生产炉弄搞印列提指输拿打])出(?=了)"
                                 r"(?!了?\s*(?:问题|啥|什么|事|错|点|些|来|去|炉|现|差|厂|结果|报告|样|状况))")


# So is 出 ending its clause when it is due: after the day it goes (禮拜五出, 下禮拜二才能出, 10/5才能出) or 才能/再.
_OUT_DUE_IN_TRADITIONAL = re.compile(r"(?:(?<=[一二三四五六日天])|(?<=才能)|(?<=再))出(?=\s*$|[\s,，。!！])")


def fold_register_tw(folded: str, traditional: bool = False) -> str:
    """`folded` with the register's words replaced, span for span (same length, index for index);
    `traditional` when the message was written in traditional characters."""
    if folded.isascii():
        return folded
    if _ANY_RULE is None or _ANY_RULE.search(folded) is not None:  # a message holding none of their words: unchanged
        present = frozenset(folded)  # no replacement brings in another rule's key character: the message's own suffice
        for pattern, replace, keys in _REPLACEMENTS:
            if not present.isdisjoint(keys):
                folded = pattern.sub(replace, folded)
    if traditional and "出" in folded:
        folded = _OUT_DUE_IN_TRADITIONAL.sub("发", _OUT_IN_TRADITIONAL.sub("发", folded))
    return folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)

# Every rule's words in one guard (behind `quicken`'s guards): a message with none of them no rule changes, nor one
# rule's change another's, so the rules are passed over at one search.
_ANY_RULE = needs_any(pattern for pattern, _, _ in _REPLACEMENTS)
