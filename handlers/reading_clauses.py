"""Clause by clause: whether the facts a run-on message tells agree with one another and with who tells them.

A long voice line or a pasted row tells several things (`首件过了 又说不行 在重做还是怎么的 我问下车间`,
`一批发了 另一批还在打压`, `料还没到 钢厂说在排产`). The reader reads each clause (handlers/parsing.py);
these checks say, of the clauses and the reading made of them, where the facts do not hold together:

- a clause that tells what another party says (`钢厂说在排产`) is hearsay: the supplier's reason, never a
  fact of the order;
- a message that parts the order into pieces it does not name (`一批…另一批…`, `有的…有的…`) tells two
  states of one order: which pieces is the sender's to say;
- a clause that takes back the one before (`又说不行`) or says the sender will ask (`我问下车间`) makes the
  whole message unsure;
- a past day read from a message that says nothing happened (`这个月20号发` on the 28th) is a day already
  gone for a plan, not a fact;
- a report that names neither its order nor anything but its verb (`发了`, `延期`, `做完一半了`) must name
  the order the chat picks before anything is written.

Pure patterns and predicates, no reading of their own, so the reader stays one fast function.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken

__all__ = ["arrival_said", "bare_report", "hearsay", "without_hearsay", "pieces_apart", "self_doubt", "unsaid_past"]

_CJK = "\u4e00-\u9fff"

# 钢厂说在排产, 那边回复说下周到, 师傅讲还要两天: a third party's words, never the sender's own fact. The family a child or
# wife types for (依伯讲首件过了, 阿公讲明天发: BX's Fuzhou shops) is the shop itself speaking, as 我 is. 说下 is "say a
# word" (跟你说下), but 说下周一发, 讲下礼拜到 is what they say of a day to come (AE AK BT BV)
_HEARSAY = re.compile(rf"^\s*(?!我|咱|阿公|阿爸|阿伯|阿妈|阿嬷|依伯|依公|依姆|依妈|老爸)[{_CJK}A-Za-z]{{1,6}}?"
                      rf"(?<![再才先就还都也又别不没要会能跟和])(?:说|讲|回复|反馈|回话)(?:说)?\s*"
                      r"(?!好|了算|一下|下(?!周|个?礼拜|个?星期|个月|午))")


def hearsay(clause: str) -> bool:
    """Whether the clause tells what someone else says (the steel mill, the plater, the crane's fitter)."""
    return _HEARSAY.match(clause) is not None


# What another party says of the day the stock comes (`钢板还没到 供应商说明天到`, 厂家说后天到: EA's and ED's writers):
# the arrival they promise, the day's plan of the stock, where the rest of their words is a reason
_ARRIVAL_SAID = re.compile(r"(?:说|讲|回复|反馈)(?:说)?\s*(?P<day>\S{1,6}?)\s*(?:能|就|可以|会)?\s*(?:到|送到|送过来)(?:货|厂)?"
                           r"[\s,，。!！]*$")


def arrival_said(clause: str) -> str | None:
    """The words of the day in a clause of hearsay that promises the stock's arrival (供应商说明天到: 明天), or None."""
    said = _ARRIVAL_SAID.search(clause) if hearsay(clause) else None
    return said["day"] if said is not None else None


_SAID = re.compile(r"说|讲|回复|反馈|回话")
_CLAUSE_CUT = re.compile(r"[\s,，;；。!！]+")


def without_hearsay(text: str) -> str:
    """`text` with each clause of hearsay blanked (same length): the clauses a reading must account for."""
    if not _SAID.search(text):
        return text
    out, start = [], 0
    for cut in [*_CLAUSE_CUT.finditer(text), None]:
        end = cut.start() if cut is not None else len(text)
        clause = text[start:end]
        out.append(" " * len(clause) if clause and start and hearsay(clause) else clause)
        if cut is not None:
            out.append(cut.group(0))
            start = cut.end()
    return "".join(out)


# 一批发了 另一批还在打压, 一部分做好了 另外一部分还在磨, 有的到了 有的没到: pieces of one order, not named.
_PIECES = re.compile(
    r"(?:^|[\s,，;；。]|\d)(?:一批|一部分|有的|有些|一些|部分)\S{0,10}[\s,，;；。]+\S{0,3}"
    r"(?:另一批|另外一批|另一部分|另外一部分|另外的|其余的?\S{0,2}还|剩下的?\S{0,2}还|有的|有些)"
    # and in English (`one shipped, the other not yet`, as Taglish's `yung isa ..., yung isa ...` is said)
    r"|(?<![A-Za-z])one\s+[^,;.\d]{1,20}[,;]\s*the\s+other(?![A-Za-z])")


def pieces_apart(text: str) -> bool:
    """Whether the message tells two states of pieces of one order without naming them (lot, count)."""
    return _PIECES.search(text) is not None


# 又说不行, 又说不合格: the clause before taken back; 我问下车间, 问一下师傅, 还是怎么的: the sender does not know.
_DOUBT = re.compile(r"又说\s*(?:不行|不对|不合格|不要|没过)|还是怎么(?:的|回事|样)?|我(?:再)?问(?:一?下|问)|问一?下(?:车间|师傅|老板|厂里|那边)"
                    r"|(?:待|要|还得|还要)(?:再)?确认一?下|搞不清|说不清")


def self_doubt(text: str) -> bool:
    """Whether a clause takes back the fact before it, or says the sender will ask before he knows."""
    return _DOUBT.search(text) is not None


# A word that something happened: a mark of completion, a past day or its ordinal form.
_PAST_WORD = re.compile(r"了|的|已|过|完|昨|前天|上周|上礼拜|上星期|那天|当天|[A-Za-z]{2,}ed(?![A-Za-z])"
                        r"|(?<![A-Za-z])(?:was|were|did|yesterday|ago|last|came|got|went|sent)(?![A-Za-z])"
                        # the chat English of Singapore and Malaysia: yesterday shortened (ytd, yday), Malay's semalam
                        # and kemarin, and the marks of a thing done (liao, already, ady, alr: DJ)
                        r"|(?<![A-Za-z])(?:ytd|yday|ystd|semalam|kemarin|liao|already|ady|alr|oredi)(?![A-Za-z])",
                        re.IGNORECASE)


def unsaid_past(text: str) -> bool:
    """Whether the message holds no word that anything happened (a day read as past is then a plan's day gone)."""
    return _PAST_WORD.search(text) is None


_FIGURES = ("all", "percent", "qty_done", "qty_total", "qty_left", "qty", "packages", "amount", "lot", "lot_seq",
            "new_date", "delay_days", "reason", "happened_on")


def bare_report(intent: str, po: str | None, node: str | None, has: dict[str, object], text: str) -> bool:
    """Whether a report names no order and says nothing but its verb (`发了`, `延期`, `做完一半了`): the chat
    would write it to an order it picks itself, so it names that order first. A step named (`原材料到了`) or a
    figure beside an order (`60%` is kept as the house reads it, shown first all the same) is said enough when
    it names the node; a delay with nothing of when or why is no fact at all."""
    if po is not None or len(text) > 12 or any(ch.isdigit() for ch in text):
        return False  # a figure typed (`完成60%`) is a report the chat asks the order of, as the house reads it
    if intent == "delay":
        return not any(has.get(name) is not None for name in ("new_date", "delay_days", "reason", "node"))
    if intent == "shipment":
        return not any(has.get(name) is not None for name in _FIGURES)
    if intent == "progress":
        return node is None and all(has.get(name) is None for name in ("qty_done", "qty_total", "qty_left", "amount"))
    return False


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
