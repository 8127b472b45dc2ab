"""Doubt the reader keeps for writers it has never met: signs in a message that the reading may be wrong.

Every round's words carry to the corpora it saw and not much further: an exam met for the first time read 91-96%
right but 1.2-3.9% silently wrong (issue 14, round 27's audit of 125 first-met silent misrecords of eleven exams).
The rounds teach the reader words; these signs are of the *shape* of a misreading, whatever the register, so a
reading that has them is shown first (`confirm`) instead of recorded:

- a fact said inside the free words of another fact (`淬火完了 都没开裂` read as a defect whose words say a step done,
  `dispatch postponed by 4 days` read as a delay of no step whose reason names the step);
- a first article reported done beside the buyer's look still to come (`首件做好了 送过来你们看一下`): done, or made
  and waiting for its verdict? Writers rule it begun, and a register's own words for the wait are what a new writer
  changes;
- a count of one made read from the word 一 (`料到了 一根不少`, `磨床就一台`): the numeral is as often "a", "only" or
  "not one";
- a plan whose day is the earliest it can be (`星期一先出到`, `后天先可以交货`, `最快周六`): a plan, or a delay?
- a report said to be wrong (`数量讲错了 是18只`, `sent by mistake`, `date wrong, ship on 18.12.`): a correction or a
  take-back the reader did not know the words of, never a new fact to record as said;
- a supplier's day of arrival read as the buyer's receipt with no word of goods going to the buyer (`漆包线预计后天到`,
  `啲料 預計後日到`): his own stock arriving, or his goods at the buyer?
- a negation before a verb (`犹未发完`, `唔准`, `not yet completed`) where no fact of the reading is not done, not
  begun or counted as left: the "not" the reading did not use may be the fact;
- an acronym the reader does not know said done, passed or approved (`GRN done`, `PDI completed`, `FPI approved`,
  `FAT 做完了`): the acronym names the step or the paper that was done, and the reading took its step from elsewhere
  (a count, a default) or none; writers of every register name steps by letters the reader has not been taught;
- a message that ends as a question (`今天能发不`, `做完没`) or opens with one (`what all deliveries today`): asked,
  not told.

Round 28 (r28doubt) adds five, each kept only where it turned silent misrecords of at least three corpora into
questions at fewer than four right lines asked for each (the figures are in docs/reading-corpus.md):

- stock not come beside words of lack (`材料 不够`, `还差铝板`, `铝棒莫得了 等料`) or a bare wait for it (`原料没到 等料`,
  round 36): material not in yet, or a shortage? Writers file both (`在等料` alone is the stock not come, by reader20a's
  ruling);
- a plan beside what cannot be done (`冇得发 后日发`, `喷不了漆 后个再喷`, `cannot send Friday, must Monday`): the day
  the work can't keep makes the plan a delay;
- a share of the work read beside a count and no total (`1.2万件 做好一半了`, `4,000 pcs brazing half already`): the
  count is the order's size, not the pieces done;
- a step said missed or short of its mark beside a count (`倒角漏了 10片`, `拉削不到位 14件`): pieces left bad, a
  defect, not pieces done;
- a first article said done while its check is under way or awaited (`首件做出来了 在检`, `首件已完成，等待贵司审批`,
  `首件做好了送检中`): made and waiting for its verdict, not done.

Round 31 (r31c) adds three more of the same bar, each counted on every corpus's silent lines (figures in
docs/reading-corpus.md):

- the first article named while no fact of the reading is of it (`first article pass. can start mass production` read
  as production done, `首件做好交你们QC了` as the final check, `FAI pass, but production need delay` as a delay alone):
  the reader took its step from the words beside it; a defect or a check's values of a first article are its own;
- a small count (under ten) of goods sent or work done whose number stands beside no word of a unit (`发了 3 xe`,
  `lot C-1015-2 at C-1015-3 shipped`, `PO 1929 2 shipped`): a vehicle, a lot's number or an order's split digits
  read as pieces;
- a later fact of the message, a plan or a report, read with no step while an earlier fact has one (`底漆完了 面漆 后天
  完成`, `welding done, powder coating will finish at Monday`, `crimpado terminado, 11319 va al 60%`): the later
  clause's own step is a word the reader does not know, and the fact was kept without it (of the same order only: another
  order's bare count is a fact of its own, shown first by handlers/reading_account.py where it is unsure).

Each sign is measured against every corpus (round 27): the silent misrecords it turns into questions against the
ordinary lines read right that it would ask about. The words are kept here, out of the reader's vocabulary
(handlers/reading_account.py), since they are words of doubt, never words of a report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from handlers.fast_search import quicken
from handlers.reading_japanese import unread_kana
from handlers.reading_view import ReadingView

__all__ = ["doubted"]


# A step done, said in the words a defect, delay or shortage keeps as its description or reason: a fact of its own that
# the reading folded into free words (淬火完了 都没开裂 read as a defect, 转子铸铝完了 浸漆厂排不上 得晚三天 as a delay
# alone, `machining over. 15 pcs found OD undersize`). Only a step said done with its mark: a step to be done or not
# done (模具明天修好, 夹具还没做好) is the reason itself, and stock used up (焊丝用完了) no step.
_DONE_IN_WORDS = re.compile(
    r"(?<![没未不冇用])(?:完了|好了|完成了|做完了|做好了|搞定了|完工了)|已\S{0,2}(?:完成|做好|做完|修好|补好|完工)"
    r"|(?<![A-Za-z])(?:done|over|completed|finished)(?![A-Za-z])",
    re.IGNORECASE)
_NOT_BEFORE = re.compile(r"(?:没|未|不|冇|(?<![A-Za-z])not)\s*\S{0,2}$", re.IGNORECASE)
# Goods sent, said in the reason of a delay that names no step (`dispatch postponed by 4 days, Diwali leave`): the
# step the delay is of, left unread.
_SHIPPING_IN_WORDS = re.compile(r"发货|出货|(?<![A-Za-z])(?:dispatch(?:ed)?|ship(?:ped|ment)?|delivery)(?![A-Za-z])",
                                re.IGNORECASE)

# The buyer's look still to come: you / the customer, then a look, check or confirmation with no mark that it happened
# (等你们QC看, 送过来你们看一下, 等你哋確認, for your approval); 你们质检看过了, 客户确认了, 已通过客户确认 are looks done.
_LOOK_TO_COME = re.compile(
    r"(?:你们|你們|你哋|您|侬|儂|贵司|貴司|客户|客戶|(?<![A-Za-z])(?:your|you)(?![A-Za-z]))\s*\S{0,5}?"
    r"(?:看|确认|確認|(?<![A-Za-z])(?:check|approv|verif|confirm))(?!\S{0,2}(?:了|过|過|咗|完|好|ed|ok|合格))",
    re.IGNORECASE)
_LOOK_AT_YOURS = re.compile(r"(?<![A-Za-z])(?:check|approve|verify|confirm|review)\s+(?:\w+\s+){0,2}(?:at|by|from)\s+(?:your|you)(?![A-Za-z])",
                            re.IGNORECASE)
_LOOK_DONE = re.compile(r"已\S{0,5}(?:确认|確認|看|签|簽|承认|承認)|确认[了咗]|確認[了咗]|看过|看過|签了|簽了")

# The word 一 of a count of one made (一根不少, 磨床就一台): the digit 1 is written nowhere in the message. Only of work
# done: goods sent or left one by one (发了一件, 还剩一根) are counted so often enough.
_DIGIT_ONE = re.compile(r"(?<!\d)1(?!\d)")

# The earliest day a plan can keep (星期一先出到, 后天先可以交货, 最快周六, dispatch only on 12th): the plan said as a
# day put off, which writers file as a delay.
_EARLIEST = re.compile(
    r"(?:最快|最早|(?<=[一二三四五六日天\d])先)(?=\S{0,4}(?:[能可出到交发走做]|$))"
    r"|(?<![A-Za-z])(?:only on|at the earliest)(?![A-Za-z])",
    re.IGNORECASE)


# Said wrong: a report, a number or a day called a mistake (讲错, 写错, 搞错, `by mistake`, `date wrong`).
_SAID_WRONG = re.compile(r"(?:讲|说|写|报|打|填|发|记|搞|弄)错|(?<![A-Za-z])(?:wrong|mistake|mistakenly|typo|incorrect)(?![A-Za-z])",
                         re.IGNORECASE)

# A question by its shape: a verb and its negation closing the message (能发不, 做完没, 到了没有; 还没, 仍未 are "not
# yet", no question), 吗 closing it (嘛 and 呢 close statements as often), or an English question word opening it
# (after the order it is about, if any; `will ship on Friday`, `is 40% done` after an order are statements).
_CLOSING_NEGATIONS = ("没有", "不", "没", "冇", "未", "无", "莫")
_NOT_YET = frozenset("还仍尚仲都也并从绝")
_OPENS_ASKED = re.compile(
    r"\s*(?:(?:po)?[\s#:-]*\d{3,}[\s,:-]*)?(?:what|when|how|which|where)(?![A-Za-z])"
    r"|\s*(?:is|are|did|does|has|have)\s+(?:the|it|this|that|our|my|po|order)(?![A-Za-z])",
    re.IGNORECASE)


def _asked(text: str) -> bool:
    tail = text.rstrip()
    if tail.endswith(("?", "？")):
        tail = tail[:-1].rstrip()
    if tail.endswith("吗"):
        return True
    for negation in _CLOSING_NEGATIONS:
        if tail.endswith(negation):
            before = tail[:-len(negation)][-1:]
            return "\u4e00" <= before <= "\u9fff" and before not in _NOT_YET
    return _OPENS_ASKED.match(text) is not None


# An acronym said done, passed or approved (GRN done, PDI completed, FPI approved, FAT 做完了): two to five capitals,
# then the word of its step's end. Of the reports whose every word counts (progress, plan, shipment); a defect's or a
# delay's acronyms are its words.
_ACRONYM_DONE = re.compile(
    r"(?<![A-Za-z0-9])(?P<acronym>[A-Z]{2,5})(?![A-Za-z0-9])\s*(?i:is\s+|was\s+|has been\s+|已经?|都|也)?"
    r"(?i:done|completed?|ok|okay|approved|rejected|passed|cleared|finished|over|pass|fail(?:ed)?"
    r"|完成|完了|做完|做好|好了|过了|合格|通过|搞定)(?![A-Za-z])")
_REPORTS = frozenset({"progress", "plan", "shipment"})
_LATIN_WORD = re.compile(r"[a-z]+")


def _unknown_acronym_done(items: Sequence[ReadingView], text: str, folded: Callable[[str], str] | None,
                          knows: Callable[[str], bool] | None) -> bool:
    if knows is None or folded is None or items[0].intent not in _REPORTS:
        return False
    unknown = [match["acronym"] for match in _ACRONYM_DONE.finditer(text) if not knows(match["acronym"])]
    if not unknown:
        return False
    words = set(_LATIN_WORD.findall(folded(text).lower()))  # `GRN done` folded into the reader's words is read
    return any(acronym.lower() in words for acronym in unknown)


# The buyer's side, or goods on their way to it: an arrival said with one of these is the buyer's receipt.
_TOWARDS_BUYER = re.compile(
    r"客户|客戶|你们|你們|你哋|贵司|貴司|您|甲方|对方|你那|你处|贵方|发|發|出货|出貨|装车|裝車|物流|快递|快遞|到货|到貨|到厂|到廠"
    r"|厂里|廠裡|送到|送货|送貨|交货|交貨|货|貨|ETA|ETD"
    r"|(?<![A-Za-z])(?:customer|client|buyer|you|your|ship\w*|dispatch\w*|deliver\w*|sent|truck)(?![A-Za-z])",
    re.IGNORECASE)


# A negation before a verb of the work or the goods (没到, 未发完, 冇点, 唔准, 仲未做, not yet completed, not received).
_NOT_VERB = re.compile(
    r"(?:没|沒|未|冇|冒|无|無|唔|莫|不)(?:有)?\s?(?:[到发發做完入够夠准準开開齐齊来來走出收]|检|檢|生产|生產|开始|開始)"
    r"|(?<![A-Za-z])(?:not|yet to|never)\s+(?:yet\s+)?(?:\w+ed|come|arrive|receive|start|done|ready|dispatch|ship|complete"
    r"|finish|ok)(?![A-Za-z])",
    re.IGNORECASE)
_WORDS_OF_TROUBLE = frozenset({"shortage", "delay", "defect"})  # their words are the trouble, negations and all


def _not_unread(items: Sequence[ReadingView], text: str) -> bool:
    if items[0].intent in _WORDS_OF_TROUBLE:
        return False
    if any(item.done is False or item.begun is False or item.qty_left is not None or item.percent is not None
           for item in items):
        return False
    return _NOT_VERB.search(text) is not None


def _fact_in_free_words(items: Sequence[ReadingView]) -> bool:
    for item in items:
        for text in (item.description, item.reason):
            if not text:
                continue
            if any(_NOT_BEFORE.search(text[:done.start()]) is None for done in _DONE_IN_WORDS.finditer(text)):
                return True
            if item.intent == "delay" and item.node is None and _SHIPPING_IN_WORDS.search(text):
                return True
    return False


def _first_article_awaits_look(items: Sequence[ReadingView], text: str) -> bool:
    return any(item.node == "first_process" and item.done is True for item in items) \
        and (_LOOK_TO_COME.search(text) is not None or _LOOK_AT_YOURS.search(text) is not None) \
        and _LOOK_DONE.search(text) is None


def _one_in_words(items: Sequence[ReadingView], text: str) -> bool:
    return any(item.intent == "progress" and item.qty_done == 1 and not isinstance(item.qty_done, bool)
               for item in items) and _DIGIT_ONE.search(text) is None


def _earliest_day_planned(items: Sequence[ReadingView], text: str) -> bool:
    return len(items) == 1 and items[0].intent == "plan" and _EARLIEST.search(text) is not None


def _said_wrong(items: Sequence[ReadingView], text: str) -> bool:
    return items[0].intent not in ("correct", "undo") and _SAID_WRONG.search(text) is not None


def _arrival_of_whose(items: Sequence[ReadingView], text: str, role: str, folded: Callable[[str], str] | None) -> bool:
    return role == "supplier" and any(item.intent == "plan" and item.node == "received" for item in items) \
        and _TOWARDS_BUYER.search(text) is None and (folded is None or _TOWARDS_BUYER.search(folded(text)) is None)


# Words of lack said of stock (不够, 还差, 缺, 莫得了 "none left", `not enough`); 莫得到 / 没到 are "not come yet", and
# 在等料 alone is the stock not come (reader20a's ruling: BZ D L against AM).
_LACK = re.compile(r"不够|不夠|还差|還差|缺|(?:莫|没|冇)得了|冇晒|用完|断货|斷貨"
                   r"|(?<![A-Za-z])(?:short(?:age)?|not enough|lack(?:ing)?)(?![A-Za-z])", re.IGNORECASE)


# A letter of any script but Chinese's: only a message with one has words the reader folds into Chinese or English
# (Vietnamese, Bahasa, Spanish, Korean, Thai; English's own pass through). A message in Chinese alone is read as written.
_OTHER_LETTER = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaff]")
# A letter of neither Chinese nor the Latin alphabet's 26 (Vietnamese's marked ones, Korean, Thai): where a sign that
# is asked of common readings folds, since most messages with Latin letters are English or say an order's `PO`.
_FOREIGN_LETTER = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaffA-Za-z]")


def _says(pattern: re.Pattern[str], text: str, folded: Callable[[str], str] | None,
          letters: re.Pattern[str] = _OTHER_LETTER) -> bool:
    """Whether `text` says `pattern`, as written or as the reader folds it (other languages' words in Chinese or
    English): a sign's words in any register. Folded only when written says nothing and has `letters` to fold, since
    folding is most of a reading's cost."""
    if pattern.search(text) is not None:
        return True
    return folded is not None and letters.search(text) is not None and pattern.search(folded(text)) is not None


# Waiting for stock said bare, not as a wait under way (`原料没到 等料`, `等料 铁粉没到`; 在等料, 还在等料 and 等料中 are
# reader20a's stock not come): writers split between the stock not come (CF CX) and the shortage (CU CV DM), so it is
# asked.
_WAITS_FOR_STOCK = re.compile(r"(?<![在])等料(?!\s*中)")


def _stock_lacking(items: Sequence[ReadingView], text: str, folded: Callable[[str], str] | None) -> bool:
    return any(item.node == "material_ready" and item.done is False and item.intent == "progress" for item in items) \
        and all(item.intent != "shortage" for item in items) \
        and (_says(_LACK, text, folded) or _WAITS_FOR_STOCK.search(text) is not None)


# What cannot be done (交不了, 喷不了, 冇得发, 没法, 来不及, `cannot send`; 冇得问题 is "no problem"): a day beside it is
# the day the work moved to.
_CANNOT = re.compile(r"不了|不能|没法|沒法|冇得(?!问题|問題)|冇法|唔得|来不及|來不及|赶不上|趕不上"
                     r"|(?<![A-Za-z])(?:cannot|can't|can not|unable|won't)(?![A-Za-z])", re.IGNORECASE)


def _plan_beside_cannot(items: Sequence[ReadingView], text: str, folded: Callable[[str], str] | None) -> bool:
    return items[0].intent == "plan" and _says(_CANNOT, text, folded)


def _share_beside_size(items: Sequence[ReadingView]) -> bool:
    return any(item.percent is not None and item.qty_done is not None and item.qty_total is None and item.percent < 100
               and item.intent == "progress" for item in items)


# A step missed or short of its mark (攻牙漏了, 倒角漏掉, 拉削不到位, 没做到位, `missed`): the pieces it is said of are bad ones.
_MISSED = re.compile(r"漏了|漏掉|漏做|不到位|没做到位|没到位|(?<![A-Za-z])(?:missed|missing)(?![A-Za-z])", re.IGNORECASE)


def _count_of_missed(items: Sequence[ReadingView], text: str, folded: Callable[[str], str] | None) -> bool:
    return items[0].intent == "progress" and items[0].qty_done is not None and items[0].done is not True \
        and _says(_MISSED, text, folded)


# The first article named, and a check of it under way or awaited (在检, 送检中, 待检, 等待贵司审批, 等客户确认, `under
# inspection`, `awaiting approval`): made, and its verdict still to come, whatever step the reading took it for.
_FIRST_ARTICLE = re.compile(r"首件|首板|(?<![A-Za-z])(?:first (?:article|piece|off)|FAI?)(?![A-Za-z])", re.IGNORECASE)
_CHECK_AWAITED = re.compile(r"在检|送检(?!合格|过|過|OK)|待检|检验中|檢驗中|检查中|审批|審批|审核|審核"
                            r"|等\S{0,4}(?:批|审|審|检|檢|确认|確認|回复|回覆|意见)"
                            r"|(?<![A-Za-z])(?:under (?:inspection|review)|awaiting|pending)(?![A-Za-z])", re.IGNORECASE)


def _first_article_in_check(items: Sequence[ReadingView], text: str, folded: Callable[[str], str] | None) -> bool:
    """The reader names the first article in any register (its node); else by the word, whatever node was read."""
    return any(item.done is True for item in items) \
        and (any(item.node == "first_process" for item in items) or _FIRST_ARTICLE.search(text) is not None) \
        and _says(_CHECK_AWAITED, text, folded, _FOREIGN_LETTER)


# The first article by name (a lot named `FA2611-03` is none); a report or delay, never a defect or a check's values.
_FIRST_ARTICLE_NAMED = re.compile(r"首件|首板|(?<![A-Za-z])(?:(?i:first (?:article|piece|off))|FAI?)(?![A-Za-z0-9])")
_REPORTS_AND_DELAYS = _REPORTS | {"delay"}


def _first_article_elsewhere(items: Sequence[ReadingView], text: str) -> bool:
    return items[0].intent in _REPORTS_AND_DELAYS and all(item.node != "first_process" for item in items) \
        and _FIRST_ARTICLE_NAMED.search(text) is not None


# A word of a unit after a count (件, 只, 套, 箱, 托, pcs, sets, chiếc, ชิ้น ...): a count with none is a number of
# something else (a truck, a lot, an order's digits) when it is small.
_UNIT_AFTER = re.compile(
    r"\s*(?:件|个|個|只|套|台|支|条|條|根|片|张|張|块|塊|双|雙|对|對|卷|桶|吨|噸|米|箱|托|板|包|盒|批|组|組|pcs?|pieces?"
    r"|units?|sets?|nos|pzs|piezas|kg|m(?![A-Za-z])|ctns?|cartons?|pallets?|boxes|bags?|ชิ้น|cái|chiếc|buah)",
    re.IGNORECASE)
_SMALL = 10
_FIGURE = re.compile(r"(?<![\d.])\d+(?![\d.])")  # a whole figure, so `3` is never the 3 of 13 or 3.5


def _small_count_unitless(items: Sequence[ReadingView], text: str) -> bool:
    for item in items:
        count = item.qty if item.intent == "shipment" else \
            item.qty_done if item.intent == "progress" else None
        if not isinstance(count, int) or isinstance(count, bool) or not 0 < count < _SMALL:
            continue
        said = [match.end() for match in _FIGURE.finditer(text) if match.group() == str(count)]
        if said and all(_UNIT_AFTER.match(text, end) is None for end in said):
            return True
    return False


# A step said done, then `now` and the next thing at work (`CNC finish already, now doing deburr`, `SMT done, now AOI`,
# `cutting finished, now doing welding`): the order's making done, or going on at its next step? CS's writer reads the
# first, DJ's the second (the house, in Chinese, the second: docs/reading-corpus.md, round 32): shown first.
_NOW_NEXT = re.compile(r"(?<![A-Za-z])(?:done|finish\w*|completed?|already|liao|ady)\b.*?(?<![A-Za-z])now\s+(?:doing\s+|at\s+)?(?!is\b|go\b|pack|ship|send|deliver|wait|ready|qc\b)[A-Za-z]",
                       re.IGNORECASE)


def _done_then_now_next(items: Sequence[ReadingView], text: str) -> bool:
    return any(item.intent == "progress" and item.node == "in_process" and item.done is True for item in items) \
        and _NOW_NEXT.search(text) is not None


# The year's end by name (年底, 年末; Xiang's n/l slip 连底) where the reading holds no day: the solar year's or the lunar
# one's (DM's writer asks; DK's and DQ's read the 31st), and the fact beside it may be a plan to it (`连底前肯定花完`)
_YEAR_END = re.compile(r"[年连]底|年末")


def _year_end_unplaced(items: Sequence[ReadingView], text: str) -> bool:
    return _YEAR_END.search(text) is not None and not any(item.new_date is not None for item in items)


def _later_fact_stepless(items: Sequence[ReadingView]) -> bool:
    return any(later.intent in ("plan", "progress") and later.node is None
               and any(earlier.node is not None and earlier.po == later.po for earlier in items[:place])
               for place, later in enumerate(items[1:], start=1))


# A letter of a script the reader has no words of (Cyrillic, Greek, Armenian, Georgian, Hebrew, Arabic, Syriac,
# Devanagari and the other Indic scripts, Sinhala, Myanmar, Khmer, Lao, Ethiopic): a word in one that is still so once
# the reader has said what it reads in English or Chinese (handlers/reading_russian.py says Russian's) is a word unread,
# and the figures around it (`23859 литьё 70%`) may be of any step, so the reading is shown first, never recorded
# silently. Thai, Korean, Japanese and Vietnamese are read (their own modules) and are not among them. A Greek
# letter alone is a unit's or a size's sign (`μm`, `MΩ`, `Φ8`): two together make a word.
_UNREAD_LETTER = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{2}"
                            r"|[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
                            r"\u0530-\u058f\u10a0-\u10ff\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f"
                            r"\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u0900-\u0dff\u1000-\u109f\u0e80-\u0eff"
                            r"\u1780-\u17ff\u1200-\u137f]")


_KANA = re.compile(r"[\u3040-\u30ff]")


# A plating or coat left off the parts (漏镀, 漏涂): writers file it under appearance, the bare metal showing (AI BS DH,
# 4 lines), or as a step left out, `other` (AA DP); the category is asked, never filed unasked. Paint sprayed short
# (漏喷) stays `other` unasked: AO and BH file it so, no writer otherwise.
_COAT_MISSED = re.compile(r"漏(?:镀|涂)")


def _coat_missed(items: Sequence[ReadingView]) -> bool:
    return any(item.intent == "defect" and item.description is not None and _COAT_MISSED.search(item.description)
               for item in items)


def _unread_script(text: str, folded: Callable[[str], str] | None) -> bool:
    """A word of a script the reader does not read, left unread once the message is folded; or Japanese the reader
    left unread (handlers/reading_japanese.py `unread_kana`). Kana are no letters of an unread script: the reader says
    Japanese sentences and the kana words of Chinese ones (キズ, 出荷待ち), and a Chinese message holds a stray の or ー."""
    if _UNREAD_LETTER.search(text) is not None:
        return folded is None or _UNREAD_LETTER.search(folded(text)) is not None
    return folded is not None and _KANA.search(text) is not None and unread_kana(text, folded(text))


def doubted(items: Sequence[ReadingView], text: str, role: str = "supplier", folded: Callable[[str], str] | None = None,
            knows: Callable[[str], bool] | None = None) -> bool:
    """Whether a reading (its items: the reading and its `also`) of `text` from someone in `role` shows a sign of a
    misreading. `folded` gives the text as the reader matches it (other languages' words in Chinese or English), asked
    only where a sign needs the words themselves; `knows` says whether the reader has a word of its own for a word of
    the text in its vocabulary (asked only of an acronym said done)."""
    return _unread_script(text, folded) or _fact_in_free_words(items) or _first_article_awaits_look(items, text) \
        or _arrival_of_whose(items, text, role, folded) \
        or _one_in_words(items, text) or _earliest_day_planned(items, text) or _said_wrong(items, text) \
        or _not_unread(items, text) \
        or _asked(text) or _unknown_acronym_done(items, text, folded, knows) \
        or _stock_lacking(items, text, folded) or _plan_beside_cannot(items, text, folded) or _share_beside_size(items) \
        or _count_of_missed(items, text, folded) or _first_article_in_check(items, text, folded) \
        or _first_article_elsewhere(items, text) or _small_count_unitless(items, text) or _later_fact_stepless(items) \
        or _done_then_now_next(items, text) or _year_end_unplaced(items, text) or _coat_missed(items)


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
