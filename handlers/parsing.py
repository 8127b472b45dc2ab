"""The message reader: one chat message (zh/en, shop-floor style) -> one `Reading`.

Pure (standard library, and the store's PO-number form and node codes), so every handler and test can call it directly. It never
guesses silently: when a message could mean two things it returns `clarify` with the
question to ask, and when it means nothing it returns `unknown`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from handlers import reading_settle as settle
from handlers import reading_slots as slots
from handlers.count_units import (
    PIECE_UNIT,
    blank_never_counts,
    fold_counts,
    fold_labelled_counts,
    fold_measure_words,
    fold_none_left,
)
from handlers.dates import CN_NUM, DIALECT_DAY, DateMatch, cn_to_int, find_dates, find_durations
from handlers.fast_search import Guarded, fast_pattern, quicken
from handlers.intents import READER_INTENTS, Intent
from handlers.quick_copy import quick_init, replace
from handlers.reading_account import FILLER_ONE, Vocabulary, unexplained
from handlers.reading_arabizi import as_written as written_arabizi
from handlers.reading_arabizi import asks_first as asks_first_arabizi
from handlers.reading_arabizi import in_english as arabizi_in_english
from handlers.reading_clauses import (
    arrival_said,
    bare_report,
    hearsay,
    pieces_apart,
    self_doubt,
    unsaid_past,
    without_hearsay,
)
from handlers.reading_doubt import doubted
from handlers.reading_filler import FILLER_WORDS, blank_filler, fold_dialect, fold_perfective, worked_over_day
from handlers.reading_french import as_written as written_french
from handlers.reading_french import asks_first as asks_first_french
from handlers.reading_french import in_english as french_in_english
from handlers.reading_french import is_french
from handlers.reading_french import unread as unread_french
from handlers.reading_gauge import count_before_gauge
from handlers.reading_identifiers import blank_identifiers
from handlers.reading_india import FILLER as INDIA_FILLER
from handlers.reading_india import as_written as written_india
from handlers.reading_india import asks_first as asks_first_india
from handlers.reading_india import days_first, in_english
from handlers.reading_indonesia import as_written as written_indonesia
from handlers.reading_indonesia import in_english as indonesian_in_english
from handlers.reading_japanese import as_written as written_japanese_said
from handlers.reading_japanese import asks_first as asks_first_japanese
from handlers.reading_japanese import in_chinese as japanese_said
from handlers.reading_korean import as_written as written_korean
from handlers.reading_korean import in_chinese as korean_in_chinese
from handlers.reading_languages import as_written as written
from handlers.reading_languages import asks_first, in_chinese
from handlers.reading_lists import ListShape, list_shape
from handlers.reading_memo import close_reading, once, open_reading
from handlers.reading_pakistan import as_written as written_pakistan
from handlers.reading_pakistan import in_english as urdu_in_english
from handlers.reading_pannonian import as_written as written_pannonian
from handlers.reading_pannonian import asks_first as asks_first_pannonian
from handlers.reading_pannonian import in_english as pannonian_in_english
from handlers.reading_pannonian import unread as unread_pannonian
from handlers.reading_pidgin import as_written as written_pidgin
from handlers.reading_pidgin import asks_first as asks_first_pidgin
from handlers.reading_pidgin import in_english as pidgin_in_english
from handlers.reading_pidgin import is_pidgin
from handlers.reading_portuguese import as_written as written_portuguese
from handlers.reading_portuguese import asks_first as asks_first_portuguese
from handlers.reading_portuguese import in_english as portuguese_in_english
from handlers.reading_quotes import Quoted, split_quote, topic_of
from handlers.reading_register import HEAT_NUMBER, blank_codes, counted_out, fold_register, made_or_shipped
from handlers.reading_register_jp import as_written as written_japanese
from handlers.reading_register_jp import fold_register_jp
from handlers.reading_register_jp import in_chinese as japanese_in_chinese
from handlers.reading_register_tw import fold_register_tw
from handlers.reading_russian import as_written as written_russian
from handlers.reading_russian import in_english as russian_in_english
from handlers.reading_same_step import one_step
from handlers.reading_script import fold_script
from handlers.reading_specs import blank_specs
from handlers.reading_tagalog import as_written as written_tagalog
from handlers.reading_tagalog import in_english as tagalog_in_english
from handlers.reading_thai import as_written as written_thai
from handlers.reading_thai import thai_in_english
from handlers.reading_thai_latin import FILLER as THAI_FILLER
from handlers.reading_thai_latin import as_written as written_thai_latin
from handlers.reading_thai_latin import in_english as thai_latin_in_english
from handlers.reading_words import MEASURES, PACKAGES, repair, units_pattern
from handlers.regional_words import FILLER as REGIONAL_FILLER
from handlers.regional_words import fold_regional
from handlers.shop_words import (
    DECORATION_OFF,
    DEFECTS,
    GAUGES,
    MATERIALS,
    PARTS,
    STEP_OR_DEFECT,
    STEPS,
    STEPS_NOT_DEFECTS,
    WORDS,
    alternation,
)
from storage.models import NodeCode
from storage.po_numbers import INVISIBLE as _INVISIBLE
from storage.po_numbers import PO_BODY as _PO_BODY
from storage.po_numbers import PO_WHOLE as _PO_WHOLE
from storage.po_numbers import canonical_po as _canonical_po
from storage.po_numbers import normalize_po

__all__ = ["INTENTS", "NODES", "ROLES", "SHANGHAI", "Reading", "normalize_po", "read_message"]

INTENTS: frozenset[str] = frozenset(intent.value for intent in READER_INTENTS)
NODES: tuple[str, ...] = tuple(node.value for node in NodeCode)  # the standard nodes, in order
ROLES: frozenset[str] = frozenset({"supplier", "buyer", "qc", "manager", "admin", "warehouse"})
MAX_CHARS = 1000
# 发 as the first character of a word of the trade (发泡 foaming, 发黑 and 发蓝 finishes, 发花 and 发霉 defects): the word,
# never the verb of shipping. The characters that follow it are taken from the vocabulary, so a word filed there counts.
_IN_A_WORD = "".join(sorted({w[1] for w in STEPS + STEP_OR_DEFECT + tuple(d for ds in DEFECTS.values() for d in ds)
                             if w.startswith("发") and len(w) > 1}))
_FA = rf"发(?![{_IN_A_WORD}])"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@quick_init  # made and copied several times a message: faster, the same (handlers/quick_copy.py)
@dataclass(frozen=True, slots=True)
class Reading:
    """What a message says: an intent plus the fields it carried (None when not said).

    Beyond the usual fields, `qty_left` holds a remaining quantity (`还差200件`) and `number`
    holds the bare number a `clarify` reading is asking about. `begun` is False when the message
    says the step has not even begun (`首件还没做`): not done, and not under way either. `confirm` is True when the
    chat must show this reading and record it only on ✔; `also` holds the further facts or
    orders of the same message (docs/reading-corpus.md has the whole form).
    """

    intent: str
    po: str | None = None
    node: str | None = None
    done: bool | None = None
    percent: int | float | None = None
    qty_done: int | None = None
    qty_total: int | None = None
    qty_left: int | None = None
    qty: int | None = None
    lot: str | None = None
    all: bool | None = None
    new_date: date | None = None
    delay_days: int | None = None
    reason: str | None = None
    defect_qty: int | None = None
    description: str | None = None
    rework: int | bool | None = None
    scrap: int | bool | None = None
    values: tuple[float, ...] | None = None
    exception: str | None = None
    note: str | None = None
    supplier: str | None = None
    question: str | None = None
    number: int | float | None = None
    lot_seq: int | None = None
    packages: int | None = None
    package_unit: str | None = None
    amount: int | float | None = None
    unit: str | None = None
    category: str | None = None
    happened_on: date | None = None
    begun: bool | None = None
    confirm: bool | None = None
    also: tuple[Reading, ...] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """`intent` plus every field that is set, JSON-ready (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for name in _READING_FIELDS:  # fields() built its tuple afresh at every call
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif name == "also":
                value = [item.to_json_dict() for item in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


_READING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Reading))
# Nothing read, nothing else said: compared with, never made afresh (a reading made and compared field by field,
# twice a message, was ~5% of a progress report's reading)
_UNKNOWN = Reading("unknown")


UNIT = PIECE_UNIT  # the piece units of handlers/count_units.py, read as written
PACKAGE_UNIT = units_pattern(PACKAGES)
AMOUNT_UNIT = units_pattern(MEASURES)
_CJK = "\u4e00-\u9fff"
# Patterns of one character class or figure, asked of most messages: compiled here once, where a pattern given
# as a string to `re.search` is looked up in `re`'s cache of compiled patterns at every call
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_A_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_ORDER_NEXT = re.compile(r"\D*\d{4,}")  # the next number an order's length
_CJK_NEXT = re.compile(rf"\s*[{_CJK}]")  # words, not a number, come next
_PUNCT = " \t\r\n,.;:!?~`'\"()[]{}<>|/\\-_=+*&^%$#@，。、；：！？～…·「」『』【】（）《》“”‘’"

_PO_PREFIXED = re.compile(
    rf"(?:(?<![A-Za-z])p[o0](?:\s*(?:no\.?|number|#))?|订单号?|訂單號?|采购单号?|(?<![流递运货])单号(?=\s*[#:：]?\s*\d{{4,12}}(?![\dA-Za-z])))\s*[#:\-_.]*\s*{_PO_BODY}(?![\d])",
    re.IGNORECASE,
)
_GREETING = r"(?:(?:老板|老师|领导|经理|师傅|进度|进展|早上好|早安|早|(?<![A-Za-z])(?:ok|okay|morning|good morning|boss)(?![A-Za-z])|(?<![A-Za-z])(?:progress|update)(?![A-Za-z])|[\u4e00-\u9fff]总|[\u4e00-\u9fff]工|你好|您好|hi|hello|hey|dear)\s*[,，!！:：]?\s*)*"
# A weekday glued to the order that leads a message (`16979周三肯定不行`: CL's writer glues the order to every first
# word) leaves it the order; 周 after a figure is otherwise weeks.
_PO_LEADING = re.compile(
    rf"^\s*{_GREETING}#?\s*(?P<body>\d{{4,12}})(?![\d.%/\-年日号天]|周(?![一二三四五六日天末])|月(?![底初中])|\s*(?:{UNIT}|%|percent|/|of\b|月(?![底初中])|号|日))",
    re.IGNORECASE,
)
_PO_AFTER_PUNCT = re.compile(
    rf"(?<=[,，;；。!！:：])\s*(?P<body>\d{{4,12}})(?![\d.%/\-年月日号天周]|\s*(?:{UNIT}|%|percent|/|of\b|月|号|日))",
    re.IGNORECASE,
)
_PO_LIST = re.compile(r"^\s*(?:p[o0][\s#:\-_]*)?\d{4,12}\s*(?:和|与|跟|及|、|,|，|&|and)\s*(?:p[o0][\s#:\-_]*)?\d{4,12}(?![\d.%]|\s*(?:件|个|pcs))", re.IGNORECASE)
_PO_OWNED = re.compile(r"(?<![\dA-Za-z.\-/:])(?P<body>\d{4,12})(?=\s*(?:的|那批|这批|那单|这单|单子|订单|号单))")
_PO_FOR = re.compile(
    r"(?<![A-Za-z])(?:for|of|on)\s+(?:po\s*)?#?(?P<body>\d{4,12})(?![\d.%]|\s*(?:pcs|pieces|units|kg|件|个))", re.IGNORECASE
)
_PO_ANYWHERE = re.compile(
    rf"(?<![\dA-Za-z.\-/:])#?(?P<body>\d{{4,12}})(?![\d.%/\-:年月日号天周]|\s*(?:{UNIT}|%|percent|/|of\b))",
    re.IGNORECASE,
)
_EXCEPTION = re.compile(
    r"(?:(?<![A-Za-z])exc|异常(?:工单|单)?|工单)\s*(?:号|no\.?)?\s*[#:\-_]?\s*(?P<n>\d{1,9})(?!\d)"
    r"|(?<![\d.])(?P<m>\d{1,9})\s*号?\s*(?:异常|工单)", re.IGNORECASE)
# A mention (`@supplierbot`, `@采购-李姐 @品质部 小陈`): WeCom and WeChat end the name with U+2005, a space by NFKC, so a
# run of them opening the message and any one standing alone as a word are who is told, never the report (an order
# after two of them was read as a count). `@200pcs` (so many in each package) is a count, and an address is no mention.
_BOT_MENTION = re.compile(r"@[A-Za-z0-9_]{3,}bot\b|^\s*@\S+\s+(?:@\S+\s+)*|(?<!\S)@(?![\d\s])[^\s@.]{1,20}(?=\s|$)",
                          re.IGNORECASE)
_COMMAND = re.compile(r"^\s*/(?P<cmd>[A-Za-z_]+)(?:@[A-Za-z0-9_]+)?(?![A-Za-z_])\s*(?P<rest>.*)$", re.DOTALL)

_COMMANDS: dict[str, str] = {
    "status": "status_query", "s": "status_query", "po": "status_query", "order": "status_query",
    "overdue": "overdue_query", "late": "overdue_query",
    "today": "today_query",
    "orders": "orders_query", "myorders": "orders_query", "my_orders": "orders_query",
    "supplier": "supplier_query", "suppliers": "supplier_query", "score": "supplier_query",
    "scorecard": "supplier_query",
    "exceptions": "exceptions_query", "exception": "exceptions_query", "exc": "exceptions_query",
    "alerts": "exceptions_query",
    "ack": "ack", "acknowledge": "ack",
    "resolve": "resolve", "resolved": "resolve", "close": "resolve",
    "help": "help", "start": "help", "h": "help",
    "undo": "undo", "cancel": "undo",
}


def _re(source: str) -> re.Pattern[str]:
    return fast_pattern(_english_fast(source), re.IGNORECASE)


_ENGLISH_GROUP = "(?<![A-Za-z])(?:"


def _english_fast(pattern: str) -> str:
    """`(?<![A-Za-z])(?:done|finished|...)` tried at every character costs every word at every
    character; a look-ahead for a letter first makes the Chinese text skip it at once. Only for
    groups whose every alternative starts with a letter (or a group of such)."""
    out: list[str] = []
    cursor = 0
    while (at := pattern.find(_ENGLISH_GROUP, cursor)) >= 0:
        inner_start = at + len(_ENGLISH_GROUP)
        depth, i = 1, inner_start
        while i < len(pattern) and depth:
            if pattern[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(pattern[i], 0)
            i += 1
        alternatives, level, start = [], 0, inner_start
        for j in range(inner_start, i - 1):
            if pattern[j] == "(":
                level += 1
            elif pattern[j] == ")":
                level -= 1
            elif pattern[j] == "|" and level == 0 and pattern[j - 1] != "\\":
                alternatives.append(pattern[start:j])
                start = j + 1
        alternatives.append(pattern[start:i - 1])
        english = all(re.match(r"(?:\(\?:)*[A-Za-z]", alt) for alt in alternatives)
        out.append(pattern[cursor:at] + (_ENGLISH_GROUP[:-3] + "(?=[A-Za-z])(?:" if english else _ENGLISH_GROUP))
        cursor = inner_start
    out.append(pattern[cursor:])
    return "".join(out)


_UNDO = _re(
    r"撤回|撤销|撤消|取消上一?条|删掉上一?条|删除上一?条|上一?条(?:作废|不算|取消|删掉)|刚才(?:那条|那个|的)?(?:发错|填错|报错|说错|写错|打错|不算|作废)"
    r"|删(?:掉|除)?(?:刚才|上面|前面|上一)|(?:刚才|刚刚|上面|前面|上一|上(?=条))(?:那|的)?(?:条|个|句|一条)?.{0,6}(?:不作数|不算数?|作废|不要了|不要管|别管|忽略|乱发|无效|取消|删掉|删了|撤了|撤掉|撤吧|(?:先)?(?:别|不要|不用)(?:记|录|登记))"
    r"|当我没说|(?<![A-Za-z])(?:scratch that|disregard|never ?mind)(?![A-Za-z])"
    r"|发错群|(?<![\u4e00-\u9fff])(?:那|这)条(?:不算数?|作废|不作数)|单号\S{0,2}打[岔叉]了?"  # 发错群了 那条不算: sent to the wrong chat
    r"|(?:发|填|报|写|打)错了|(?<![A-Za-z])undo(?![A-Za-z])|cancel (?:that|the last|last)|ignore (?:that|my last|the last|last|previous)|wrong (?:order|po|number)"
    r"|(?<![A-Za-z])(?:delete|remove) (?:the |my |that )?(?:last|previous) (?:message|msg|one|report)(?![A-Za-z])"
    # the message named first, as 上一条删掉 (Thai English: `last one delete na`)
    r"|(?<![A-Za-z])(?:the |my )?(?:last|previous) (?:message|msg|one|report) (?:delete|remove|cancel)(?![A-Za-z])"
)
_HELP = _re(
    r"^(?:这个|你|机器人|这个机器人|bot|这个bot|这玩意)*\s*(?:帮助|help|怎么(?:报|填|用|发|操作|回复)\S{0,4}|怎么用|咋用啊?|咋整|如何使用|使用说明|发啥格式|什么格式|啥格式|使用方法|说明|命令|指令|菜单|menu|commands|how to use(?:\s+(?:this|the)\s+bot)?|how do i use (?:this bot|this|you)|\?+|能做什么|你能做什么|有哪些命令|咋弄|怎么弄)(?:\s+(?:发啥格式|什么格式|啥格式|怎么发|怎么报|我不会用|不会用|看不懂))?(?:\s*(?:这个|这玩意))?[?!。.]*$"
)
# How the bot is used, asked in any region's words (`这个机器人咋个用哦`, `呢个bot点用`, `么样填啊 不会搞`): the bot named with
# a how, or how to fill in, with no order (AL AU AX AY O P).
_HOW_TO_USE = _re(r"^\D*(?:(?:机器人|(?<![a-z])bot(?![a-z])).{0,4}(?:怎么|咋个?|点|么样|如何|怎样)\s*(?:用|使|搞|弄)"
                  r"|(?:怎么|咋个?|么样|如何|怎样|点)\s*(?:用|使)\s*(?:这个|这|呢个|个)?\s*(?:机器人|bot)"
                  r"|^(?:怎么|咋个?|么样|点样|如何)\s*填)\D*$")
_PASSED_ON = r"我\s*(?:跟|和|同|给)\s*[\u4e00-\u9fff]{1,3}?\s*(?:讲|说)\s*(?:一下|一声)?|我?\s*转告\s*[\u4e00-\u9fff]{0,3}"
_NOTED_TOKENS = _re(
    r"好的|好滴|好哒|好嘞|好啊|好|收到了?|知道了?|晓得了?|明白了?|了解|嗯+|哦+|噢+|行|可以|没问题|ok(?:ay)?|okk*|k"
    # 知道了 你放心吧, 谢谢你了, 我晓得了: the person spoken to, never a fact (你好 stays a greeting)
    r"|(?<=谢谢|多谢|谢了)\s*(?:你们?|您)(?:了|啦)?|(?:你们?|您)?放心吧?|我们?(?=知道|晓得|明白|收到)"
    # 歹势 我知影了 (Minnan: sorry, I know now), 感恩喔 (Taiwan's thanks), 好着呢 (the Northwest's "all fine"): courtesy only
    r"|歹势|不好意思|抱歉|感恩|喔+|(?<=好)\s*着(?:呢|啊)"
    # Sichuan's praise as assent (巴适 辛苦了, 安逸 要得嘛: "great", DL): courtesy, no fact
    r"|巴适(?:得板)?|安逸"
    # ... and Guizhou's 板扎 ("great") and 得行 ("fine", DS, r35ds), and 老表 (cousin: a mate addressed, 辛苦了老表)
    r"|板扎|得行|老表"
    # the word passed on to whoever decides (好的 我跟阿爸讲, 收到 我转告老板): noted, no fact
    rf"|{_PASSED_ON}"
    # greetings and good-nights beside it (早上好 收到, 辛苦啦 早点睡, ok收到 周一见: see you Monday) and the fix promised
    # (收到 马上改): courtesy, no fact; the person thanked by surname and title, the ranks of a Korean- or Japanese-owned
    # plant among them (谢谢金部长, 好的 朴课长: BN K Q CX address people so)
    r"|早上好|早安|早晨|晚安|早点(?:睡|休息)|(?:(?:周|星期|礼拜)[一二三四五六日天]|明天|下周|回头)见|(?<=马上|立刻|这就)\s*(?:去)?改"
    r"|谢谢|谢了|谢啦|多谢晒?|感谢|唔该晒?|辛苦(?:了|晒|啦)?|要得|麻烦(?:你|您|你们)?了|thanks?(?: you)?|thx|ty|noted|got it|roger(?: that)?|sure|will do|copy(?: that)?|understood|fine|yes|yep|"
    r"\[[\u4e00-\u9fffA-Za-z]{1,4}\]|已安排|妥了?|杠杠的|马上|立刻|稍等|安排|处理|跟进|提醒|我这边|我们这边|(?<=收到)\s*今天|看一?下|的|啦|哈+|呀|吧|老板|领导|师傅|老师|经理|(?<=谢|苦|到|的|好)\s*[\u4e00-\u9fff](?:[工总姐哥]|经理|老师|师傅|主管|老板|部长|课长|科长|主任|厂长)|(?:这就|马上|立刻)?\s*(?:去)?办|\U0001F44D|\U0001F44C|\U0001F64F|\U0001F91D|\u2705|\u263A|\U0001F60A|\U0001F600|\U0001F642"
)
_NOTED_CORE = _re(r"唔该|感恩|要得|得行|板扎|妥|杠杠的|辛苦|麻烦(?:你|您|你们)?了|(?<!早上|下午|晚上)(?<![你您])好|收到|知道|晓得|明白|了解|嗯|行|可以|没问题|ok|k|noted|got it|roger|sure|will do|copy|understood|yes|yep|\U0001F44D|\U0001F44C|\u2705|谢|thank|thx")

# A verb asked as yes-or-no (得不得明天到, 能不能周五发, 赶不赶得上): the question whatever the region's verb. A tag
# asking leave after a plan (明儿发 中不中, 周五发 可不可以) is the supplier's plan offered, not a question of the order.
_YES_OR_NO = r"能不能|会不会|得不得|要不要|到不到|发不发|来不来|赶不赶|够不够|交不交|走不走|出不出" \
    r"|(?<![清道楚])(?:发没发|到没到|做没做|出没出|交没交|来没来|好没好|完没完)(?=\s|$|[?？啊呀呢])"  # 今天发没发: asked
_QUESTION = _re(
    _YES_OR_NO + r"|[?？]|吗|么\s*$|呢\s*$|是不是|怎么(?:老|总|又|一直)|了没有?\s*$|怎么样|怎样|如何|到哪|哪一?步|什么情况|啥情况|什么进度|啥进度|进度如何|什么时候|啥时候|何时|几号|哪天|多少|多久|有没有|是否|咋|怎么还|有哪些|哪些|哪几"
    r"|^(?:where|what|which|how|when|is|are|any|did|has|have|can|could|status)\b|\b(?:where is|what's|whats|how's|hows|status of|update on|any update)\b|(?<!还)没有?\s*$"
)
_STATUS_WORDS = _re(
    r"进度|进展|情况|状态|到哪|哪一步|怎么样|如何|查一?下|查询|看看|status|where|update|progress|how is|how's|eta|track"
)
_OVERDUE = _re(r"过了?交期|超了?交期|拖了?交期|延期的\S{0,6}?(?:单|订单)|到期了?\S{0,2}(?:还没|没)|逾期|超期|过期|拖期|延误|误期|超时|晚了的|迟交|(?:哪|几)\S{0,3}(?:单|订单)\S{0,2}(?:延迟|拖)了|(?<![A-Za-z])(?:overdue|past due|late orders?|delay(?:ed)? (?:orders?|pos?)|behind schedule|late)(?![A-Za-z])")  # delayed orders: 延期的单
_TODAY = _re(
    r"^(?:今天|今日|today|今天的?|今日的?)"
    r"(?:的|有|要|跟|跟进|进|催|报|处理|办|做|单子|哪些单|哪几(?:个|张|家)?单?|哪(?:个|张|家)单|谁|哪些家|些|吗|呢|我|需要|该|什么|啥|哪些|任务|计划|安排|待办|提醒|节点|到期|交|交货|交付|订单|事|事情|的事|'s|s|what|is|due|agenda|tasks?|plan|schedule|orders?|\s|[?？!。.])*$"
    r"|^(?:哪些|什么|哪个|有哪些)单子?今天(?:到期|要交|交货|该交)[?？]*$"
    r"|^(?:今天|今日)(?:有(?:啥|什么|哪些|几单|几个|[么幺]事|没有?)(?:要|需要|该)?(?:出货|发货|发|交货|交|到货)|到期)的?(?:单子?|订单|货)?[?？]*$"
    r"|^今天(?:该|要|应该)(?:到|交|发)的?(?:货|单子?|订单)?(?:有哪些|有什么|是哪些|呢|有几个)?[?？]*$"
    r"|^(?:今天|今日)的?(?:交期|到期|交货|出货|到货)的?(?:单子?|订单|货|清单|列表)[?？]*$"
    # the day's arrival or shipping plan asked for by its paper (今天到货计划发一下, 今天出货安排发我看看: ED's warehouse)
    r"|^(?:今天|今日)的?(?:到货|来货|收货|交货|出货|发货)的?(?:计划|安排)表?\s*(?:发|给)?(?:我|过来)?\s*(?:一下|下|看看|看下|看一下)?[?？!！。]*$"
    # the trucks due in a part of today (下午有哪些车要来, 上午有几车货到) or all of it (今天有几车货要到: EP): the day's arrivals
    r"|^(?:今天(?:上午|下午|晚上)?|上午|下午|晚上)(?:还)?有(?:哪些|几|什么)(?:车|辆车|车货)(?:货)?(?:要|会)?(?:来|到)(?:吗|呢)?[?？]*$"
    r"|^(?:what(?:'s| is)? due today|due today|what'?s (?:on )?today|today'?s (?:tasks|agenda|plan|list))[?？]*$"
    # the goods due today by their movement (`what deliveries today`, `today's dispatches?`)
    r"|^(?:what|which|any)\s+(?:are\s+(?:the\s+)?)?(?:deliveries|delivered|dispatches|shipments|arrivals|receipts)\s+(?:due\s+)?today[?？]*$"
    r"|^today'?s?\s+(?:deliveries|dispatches|shipments|arrivals)[?？]*$"
)
_ORDERS = _re(
    r"(?:我的|所有的?|全部的?)?单子都?列|(?:我手上|手上|我手里|我这边?)的?(?:单子?|订单)\S{0,2}列|^我名下的?(?:单子?|订单)[?？]*$|列(?:一下|出)?(?:我的|我跟的|我负责的|所有的?)?(?:单|订单)|(?:哪些|什么|哪个|多少)单子?(?:还)?(?:没|未)(?:交|完成|发)|(?:哪些|什么)(?:在做的?|没交货的?|未交货的?|没完成的?)单|还有哪些没交|(?:我手上|手上|我这)?还有几个单子?(?:还)?没(?:完|交|做完|交货)|我的单子|我的订单|订单列表|所有订单|全部订单|在途订单|在做的订单|有哪些订单|哪些订单|(?:我|我手上|手上|我这边?|我这里)(?:现在|目前)?(?:还)?(?:有|在跟|负责)(?:哪些|什么|几个|多少)(?:单|订单)|订单清单|未完成的?订单|(?:在做|没交货|未交货|没完成|未完成)的(?:单子?|订单)(?:都|还)?有哪些|(?<![A-Za-z])(?:my orders|list orders|all orders|open orders|orders list)(?![A-Za-z])|^orders[?？]?$"
    r"|^(?:还在|目前|现在)?(?:进行中|生产中|在生产|在生产中)的(?:单子?|订单)(?:列一下|列出来|有哪些|都有哪些)?[?？]*$|^列(?:一下|出)?所有(?:进行中|生产中|在做)的(?:单子?|订单)[?？]*$"
)
_SUPPLIER = _re(r"供应商|厂商|外协厂|(?<![A-Za-z])(?:supplier|vendor)(?![A-Za-z])")
_SCORE = _re(r"评分|打分|得分|绩效|评级|表现|准时率|合格率|(?<![A-Za-z])(?:score(?:card)?|rating|performance|kpi)(?![A-Za-z])")
_EXCEPTIONS = _re(
    r"^(?:(?:这个?|本|上个?)(?:礼拜|星期|周|月)|这几天|最近|今天|这两天)?(?:现在|目前|当前)?(?:还)?(?:有?(?:什么|啥|哪些|多少|几个|几条|几单)?(?:未处理的?|未关闭的?|开着的|待处理的?|当前的?|所有的?)?(?:异常|告警|问题单)(?:列表|清单|情况|汇总|工单)?(?:有哪些|吗|呢|没)?"
    r"|(?:质量问题|问题|异常)(?:还有)?(?:没|未)(?:处理|解决|关)的?(?:吗|呢)?"
    r"|(?:最近|现在|目前|这几天|这周|本周)?有没有(?:出|发生|什么|啥|出现)*(?:什么|啥)?(?:异常|质量问题)(?:吗|呢)?"
    r"|(?:异常单?|问题单|告警)(?:现在|目前|还)?(?:有)?(?:几个|几条|几单|多少个?|哪些)"
    r"|异常单?列(?:一下|出来)?|(?:异常单?|问题单)(?:都)?(?:发|给|拿)我(?:看看|看一下|瞧瞧)|(?:open |all |list |any |current )?(?:exceptions?|alerts|issues)(?: list)?)(?:现在|目前)?[?？!。.]*$"
)

_DELAY = _re(
    r"(?:(?:可能|估计|大概|需要|要|会|得|将|只能|只好|只得)\s*)?(?:延期|推迟|推後|推后|延后|延後|延迟|延误|順延|顺延|往后推|往后延|往後|拖期|拖延|拖后|拖到|改期|改到|延到|延至|推到|逾期|晚交|赶不上|趕不上|来不及|來不及|跟不上|交不了货?|(?:出|发|交)货不了|完不成|做不完|弄不完|搞不完|干不完|[车铣磨钻冲镀喷焊锻抛铸]不完|做不出来|弄不出来|(?<![做弄搞])出不来|发不了|出不了货?|发不出去?|排不上|排不进|赶不出来?|做不出来|(?<![往向])推(?=\s*(?:\d+|" + CN_NUM + r")\s*(?:天|日|周|个星期))|往后拖|(?<![往向])拖(?=\s*(?:\d+|" + CN_NUM + r")\s*(?:天|日|周|个星期))|(?<![顺拖推往向蔓])延(?=\s*(?:\d+|" + CN_NUM + r")\s*(?:天|日|周|个星期)))(?:\s*(?:到|至|了|交期))?"
    r"|(?:交期|交货期|交货日期|货期|出货日期|发货日期|完工日期)\s*(?:要|需要|得)?\s*(?:改为|改成|改到|调整为|调整到|调到|变为|变成|延到|推到|顺延到|为|是|到)"
    r"|晚\s*个?\s*(?:" + CN_NUM + r"|\d+|几|两三|三五|一两)\s*(?:天|日|周|个星期)(?:\s*(?:才能|才)?\s*(?:交货|交|发货|" + _FA + r"|到|完成|出货))?"
    r"|(?<![A-Za-z])(?:(?:will|would|'ll|is|are|be|gonna|going to|might|may|has to|have to|need to|must)\s+)*(?:be\s+)?(?:delayed|delaying|delay|postponed?|postponing|pushed\s+back|push\s+back|pushed|push|slipped|slipping|slips?|rescheduled?|late|behind)(?![A-Za-z])(?!\s+(?:(?:the|your|our|their|my)\s+)?(?:[A-Za-z]+\s+)?(?:suppliers?|vendors?|them|him|her)(?![A-Za-z]))(?:\s+(?:to|until|till|by|for|until|back to)(?![A-Za-z])|\s*(?:到|至))?"
    r"|(?<![A-Za-z])(?:need|needs|takes?|another)\s+(?=(?:\d+|a few|two|three|four|five|one|a couple of)\s+(?:more |extra )?(?:days?|weeks?))"
    r"|(?<![A-Za-z])(?:new (?:date|eta|delivery date)|can(?:'t|not) make(?: it)?|won'?t make(?: it)?|will miss|miss(?:ed)? the (?:date|deadline))(?:\s+(?:is|:|to|until|by))?"
    r"|(?<![A-Za-z])(?:(?:eta|date|delivery|due date|ship date)\s+)?(?:moved|changed|shifted|rescheduled|moving|changing)\s+(?:to|until|till)(?![A-Za-z])"
    # the base verb after the date it moves, as English without tense writes it (`ship date change to 5/10`)
    r"|(?<![A-Za-z])(?:eta|etd|date|delivery date|due date|ship date|send date)\s+(?:move|change|shift)\s+to(?![A-Za-z])"
)
_CHANGE = _re(r"不行|不可能|搞不定|来不及|原定|原计划|原来定|本来定?|悬|够呛|改(?:到|成|为|在)?|现在要|现在|得(?=\s*(?:下|周|星期|礼拜|\d))|(?<![A-Za-z])(?:instead|now)(?![A-Za-z])")
_ONLY_BY = _re(r"(?:才能|才可以|才会|才|要到|得到|最快)\s*(?:交货|交付|交|发货|出货|发出|发走|发|完成|完工|做完|做好|好|到|出来|出)?")

# Defects by the shape of their words, whatever the part or the shop: a mark left on the part (X伤: 拉伤, 磕伤,
# 烧伤), a check it fails (通电测试不过, 螺纹不过规), a measure over its limit (同轴度超了), a step left out
# (漏装, 漏焊), a part broken or chipped (断簧, 崩牙), a moulding short of material (缺胶, 缺肉).
_DEFECT_SHAPES = (r"(?<![受工探])(?<=[\u4e00-\u9fff])伤(?!心|害|亡|者|人)|(?<=[\u4e00-\u9fff])(?:测试|检测|测|试|检|装|通|止)\s*不过(?:规)?"
                  r"|不过规|(?<=[度寸径距差])\s*超(?:了|差|标|出)|漏[装焊攻钻铆打贴放喷镀装配压]|断[簧丝齿裂]|崩[牙边角齿口]|缺(?:胶(?!料)|[肉角边牙])")
# A step's name then 漏了 (漏做, 漏掉) and a count (`攻牙漏了 4件`, `倒角漏了 10片`, `攻丝漏了 9件`: AY BM CE): the step left out on so
# many pieces, as 漏攻 is (`other`); a pressure or leak test's 漏了 (`打压漏了2只`) is the parts leaking, no step left out
# (found from 漏 by the last character of a step, so no step list is tried at every character of every message; never a
# vessel's, a seam's or a part's character, where 漏了 is a leak: 水管漏了, 水箱漏了, 焊缝漏了)
_STEP_LEFT_OUT = "(?<=[" + "".join(sorted({w[-1] for w in (*STEPS, "攻牙", "攻丝", "钻孔", "冲孔") if not w.isascii()
                                          and not any(t in w for t in ("压", "试", "密封", "气密", "漏"))}
                                         - set("管箱袋盒罐桶壶瓶阀泵油水气泡件货料壳皮缝膜芯头口体"))) \
    + r"])(?:\s*(?:也|都))?\s*漏(?:了|做了?|掉了?)(?=\s*(?:\d|[一二两三四五六七八九十几]))"
_MOULDED_SHORT = _re(r"缺(?:胶(?!料)|[肉角边牙])")  # 缺胶 25个: a moulding short of material is a defect, not a shortage
_DEFECT = _re(
    _DEFECT_SHAPES + "|" + _STEP_LEFT_OUT + r"|(?<![\u4e00-\u9fff])(?:车|磨|铣|镗|钻|割)(?:小|大|短|深|浅|偏)了|(?<=[孔圆径槽件个根套台只])(?:车|磨|铣|镗|钻|割)(?:小|大|短|深|浅|偏)了|压坏|碰坏|摔坏|破损|(?<![不有])偏了|偏移|歪了|压扁|硬度不够|硬度不足|硬度不达标|螺纹不通|螺纹不良|漏工序|漏加工|漏攻|客户不收|少了(?=\s*\d+(?![\d.])(?!\s*(?:公斤|千克|斤|吨|米|kg|箱|托|包|卷)))|少(?=\s*\d+\s*(?:件|个|只|套|pcs))|多发|少发|漏发|错发|发错(?:了)?(?:型号|货|料)|退回|退了(?=\s*\d)|不良|次品|不合格|有问题|缺陷|瑕疵|偏大|偏小|偏厚|偏薄|超差|超公差|毛刺|披锋|批锋|飞边|划伤|划痕|刮伤|擦伤|碰伤|压伤|凹痕|变形|裂纹|开裂|断裂|生锈|锈蚀|有锈|锈了|锈迹|锈斑|氧化|起泡|气泡|脱落|掉漆|色差|砂眼|气孔|漏焊|虚焊|短路|偏位|错位|露铜|毛边|崩边|缩水|少件|错料|尺寸不对|尺寸超|尺寸不良|孔位不对|孔偏|外观不良|不达标|报废|返工|返修|退货"
    r"|" + alternation(tuple(word for words in DEFECTS.values() for word in words)) +
    r"|(?<![A-Za-z])(?:NG|defects?|defective|rejects?|rejected|out of (?:tolerance|spec)|oot|oversized?|undersized?|scratch(?:ed|es)?(?!\s+that(?![A-Za-z]))|burrs?|crack(?:ed|s)?|bent|rust(?:y|ed)?|dents?|damaged?|fail(?:ed)?|not ok|bad parts?|scrap(?:ped)?|rework|nonconform\w*"
    # the English of the trade's faults: a coat peeling, holes and marks of moulding and casting, a test failed
    r"|peel(?:ing|ed)?(?: off)?|blow ?holes?|pin ?holes?|porosity|flow marks?|cold shuts?|short mou?lding|flash(?= observed| found| in)"
    r"|colou?r mismatch|test failed|fail(?:ed)? in (?:pull|test)|undersize|oversize|bend"
    # and the English of 变形, 翘曲, 回弹 and 气泡 (shop_words.DEFECTS)
    r"|deform(?:ed|ation)?|warp(?:ed|age)?|spring ?back|bubbles?|blisters?"
    r"|(?:hardness|thickness|length|height|width|diameter|dft|torque|pull force)\s+(?:less|low|more|high|short)"
    r"|(?:less|low|high)\s+(?:hardness|thickness|dft))(?![A-Za-z])"
)
# A defect word straight after its negation (`都没开裂`, `无渗漏`, `没发现裂纹`, `未见气孔`) is a check's clean result, no
# defect (AJ BN BP: five lines of three writers, none a defect)
_NOT_DEFECT = _re(r"(?:没有?|无|未|冇)(?:发现|见|出现|看到|检出|测出)?\s*(?:任何)?\s*(?:问题|不良|异常|缺陷|裂纹|开裂|裂缝|断裂|裂"
                  r"|气孔|砂眼|夹渣|渗漏|泄漏|漏水|漏气|漏油|漏|变形|毛刺|划伤|划痕|锈|起泡|脱落)|(?<![A-Za-z])(?:no (?:problem|issue|defect)s?|no ng)(?![A-Za-z])|不良\s*(?:0|零)\s*" + UNIT + "?"
    r"|(?<![\d.])(?:0|零)\s*(?:个|件|只|pcs)?\s*(?:不良|缺陷|NG)(?![A-Za-z])")
_SHIP = _re(
    r"发货(?!单|通知|报告|资料|前\s*[抽全]?[检验终])|交货完(?:毕|成|了)|(?<!报告)(?<!资料)(?<!照片)(?<!图片)(?<!证书)(?<!材证)已发(?!邮箱|邮件|你邮箱)|发出|发走|发了|发的|货发|发(?:了)?(?:顺丰|快递|物流|德邦|跨越|中通|圆通|京东)|出的货|走的货|出了货|出过货|装柜|装货柜|出柜|走柜|货\S{0,3}走了|(?<=[\d个])\s*(?:都|也都|已经?|全都?)\s*走了|(?<=[吨箱托包件个桶])\s+走了|走货(?=了|\s*\d)|已走货|走了\s*(?=\d+\s*(?:箱|托|包|卷|件|个|pcs|台|套|根|支|只|块|张|条)|(?:两|[一二三四五六七八九十]{1,3})\s*(?:件|台|套|根|支))|车\S{0,3}走了|装好车|装完车|货\S{0,2}在路上|(?<=批)\S{0,2}走了|出货(?!前?\s*[抽全]?[检验终]|单|报告|资料)|出库|送货|送出|送过去|送了(?=\s*\d+\s*[^\s去到]{0,4}?(?:过去|给|$|[\s,，。]))|寄出|寄了|装车|提货|物流|快递|托运|在途|发完|发\s*\d|"
    r"(?<![A-Za-z])(?<!can )(?<!could )(?<!able to )(?<!ok to )(?<!can be )(?<!pre-)(?<!pre )"
    r"(?:shipp?(?:ed|ing)?|shipment|dispatched|dispatch|sent out|sent|on the way|in transit|delivered to carrier|picked up)(?![A-Za-z])"
)
_SHIP_FUTURE = _re(
    r"(?:准备|待|安排|等待?|即将|将|可以|能|要|会|一定|计划|预计|打算|明天|后天|下周|今晚|下午|晚上|晚点|稍后|马上|一早|上午|早上)\s*(?:就\s*|再\s*|能\s*|会\s*)?(?:" + _FA + r"|出货|装车|送货|寄)(?!了|的|[货走出完](?:了|的)|出去了)|"
    r"(?:^|(?<=[\u4e00-\u9fff\s]))后\s*(?:再|就|才)?\s*(?:发货|发|出货|装车|送货)(?!了)|(?:可以|能|可)\s*(?:来\s*)?(?:发货|发|出货|装车|提货)了|"
    r"物流约了|约了?物流|来拉|来提货?|等\s*(?:物流|快递|车|提货|司机|货车|拉货)|已?安排\s*(?:发货|发|出货|装车|送货)|"
    r"(?:周[一二三四五六日天]|明天|明早|明晚|今晚|后天|下周\S?|\d+号)\s*(?:再|就|能|会)?\s*(?:一起|一块儿?|一并|统一)?\s*(?:发|出|走)(?=\s*$|[\s,，。])|"
    r"(?<![A-Za-z])(?:ready to ship|will ship|going to ship|to ship|ship (?:tomorrow|today|on|next|by|this)|shipping (?:tomorrow|on|next|by))(?![A-Za-z])"
)
_SHIP_ALL = _re(
    r"(?:发|出|交)货\s*完(?:毕|成|了)|全部|全发|都发完|货都发|发完|发齐|尾数|余数|余量|余下|剩下的|(?:剩下|剩余)\s*\d+\s*\S{0,3}?\s*(?:都|全)|(?:剩下|剩余|余下)\s*\d+\s*\S{0,3}?\s*(?:今天|昨天|刚刚?|已经?|也)\s*(?:发|出货|出)(?:出去|走)?\s*了|剩余的|(?<![A-Za-z])(?:all|fully|the rest|remaining|everything|complete shipment|final batch)(?![A-Za-z])"
)
_LOT = _re(r"(?:批次号?|批号|(?<![A-Za-z])(?:lot|batch)(?:\s*(?:no\.?|number|#))?)\s*(?:是|为)?\s*[:：#]?\s*(?P<lot>(?!\d+\s*(?:pcs|pc|pieces|sets?|units?|nos|ea|ctns?|cartons?|pallets?|plts?|kg)(?![A-Za-z]))(?=[A-Za-z0-9\-]*[A-Za-z])(?=[A-Za-z0-9\-]*\d)[A-Za-z]{0,3}-?\d[A-Za-z0-9\-_/.]*|\d{3,}(?!\s*(?:pcs|pc|pieces|sets?|units?|nos|ea|ctns?|cartons?|pallets?|plts?|kg)(?![A-Za-z]))[A-Za-z0-9\-_/.]*)")
# (a count with its unit after the word, `last batch 400pcs shipped`, is what went, never the lot's code: CS)
# A lot code with no label before it: a dashed code (`H-1208-2`), a code the word lot is part of
# (`LOT-C88`), or a code said to be a batch (`B2412批`, and after it: `这批B2611的`).
_LOT_BARE = re.compile(
    r"(?<![A-Za-z0-9\-])(?P<lot>[A-Z]{1,3}\d{3,}(?:[-_]\d+)+|(?!EXC|PO|NG)[A-Z]{1,3}-\d{3,}(?:[-_]\d+)*|(?:LOT|Lot|lot)[-_](?=[A-Za-z0-9\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]*"
    r"|[A-Za-z]{1,3}-?\d{2,}[A-Za-z0-9\-]*(?=\s*批(?!量|[一二三四五六七八九十\d]))"
    r"|(?<=[这那该此本]批)[A-Za-z]{1,3}-?\d{2,}[A-Za-z0-9\-]*)(?![A-Za-z0-9])"
    # the 批 after a code is the code's word (B-0915-2批 划伤: the lot, not a word of the defect), taken with it
    r"(?:\s*批(?![量次号一二三四五六七八九十\d]))?")
_TRACKING = _re(
    r"(?:(?:物流|快递|运|货运|跟踪)?单号|运单)\s*[:：]?\s*(?P<t>[A-Za-z]{0,4}\d{6,})"
    # a courier's waybill by its own prefix, unlabelled (JDVA85355218505 JD Logistics, DPK199528830366 Deppon, SF...)
    r"|(?<![A-Za-z0-9])(?P<t2>(?:JD[A-Z]{0,4}|DPK|YT|ZTO|STO|JT|SF)\d{10,15})(?![A-Za-z0-9])"
    r"|(?<![A-Za-z])(?:顺丰|中通|圆通|申通|韵达|德邦|京东|EMS|跨越|安能|SF|DHL|FedEx|UPS|TNT|tracking(?:\s*(?:no\.?|number|#))?|awb)\s*[:：#]?\s*(?P<u>[A-Za-z]{0,4}\d{6,})"
)

_INSPECTION = _re(
    alternation(GAUGES) + r"|外径|内径|长度|宽度|高度|厚度|直径|孔径|硬度|粗糙度|平面度|圆度|HRC|HRB|HV|HB|(?<![A-Za-z])(?:Ra|OD|ID|length|width|thickness|hardness)(?![A-Za-z])|测了|量了|的"
    r"|照片|图片|相片|质检报告|检验报告|检测报告|(?<![A-Za-z])(?:photos?|pictures?|pics?)(?![A-Za-z])|质检|質檢|终检|檢驗|检验|检测|测量值?|实测值?|测试|测值|数据|尺寸|读数|出货检|FQC|OQC|IPQC|IQC|QC|inspection|inspected|measured|measurements?|values?|readings?|data|dims?|dimensions?|mm|um|μm|µm|毫米"
)
_PHOTO = _re(r"照片|图片|相片|photos?|pictures?|pics?")
_NUMBER = re.compile(r"(?<![\d.])[-+]?\d+(?:\.\d+)?(?![\d.])")
_VALUE_SEPARATORS = re.compile(r"[\s,，、;；:：|]+|和|及|(?<![A-Za-z])and(?![A-Za-z])")

# (a resin's filler share in its grade, PA66+30%GF, PBT-GF30%: no share of the work)
_PERCENT = _re(r"(?<![\d.])(?<![A-Za-z0-9]\+)(?<!GF)(?P<n>\d{1,3}(?:\.\d+)?)\s*(?:%|％|percent|pct|个点)(?!\s*(?:GF|GB|CF|玻纤|碳纤))")
_PERCENT_CN = _re(rf"百分之\s*(?P<n>\d{{1,3}}(?:\.\d+)?|{CN_NUM})")
# 六成, and 6成 typed with the digit (AT BB): tenths of the order; 六成五 (six tenths and a half-tenth's five, as 三万五 is
# 35000) is 65
_PERCENT_TENTHS = _re(r"(?<![八七六五四三二一九十两\d.])(?P<n>[一二两三四五六七八九]|十|[1-9])\s*成(?![品功本为])"
                      r"(?:(?P<m>[一二三四五六七八九])(?![\d一二三四五六七八九十百千万号日天月点个件只套批]))?")
_PERCENT_PARTS = _re(rf"(?P<b>\d{{1,2}}|{CN_NUM})\s*分之\s*(?P<a>\d{{1,2}}|{CN_NUM})")
# 一半多, 多一半, 一半以上, 超过一半: more than half is no share said (BN, as AY's 一大半)
_HALF = _re(r"(?<!超过)一半(?!\s*(?:多|以上|还多|出头))|(?<![A-Za-z])(?<!more than )(?<!over )half(?![A-Za-z])")
_FRACTION = _re(
    rf"(?<![\d.])(?P<a>\d+)\s*{UNIT}?\s*(?:(?:finished|done|completed|made|machined)\s+)?(?:/|／|of|out of|in|from)\s*(?P<b>\d+)\s*{UNIT}?(?![\d.])"
)
# A whole, then the work done on it, then how many (`3000个里做好了2600`, `1000件做了600`). The work's slot takes a step
# by any name, the reader's or not, with its done word (`3000片里磨边好了2600`, `3万5个里浸好了2万个`, `800套焊了500`,
# `1000块板子贴好了780`, `一千二百个里 精车完了九百`: eight writers, at as ay az ae ao s g); never a word of what is
# left, short, spoiled or sent (剩, 差, 坏, 废, 发).
_OF_TOTAL = _re(
    rf"(?<![\d.])(?P<a>\d+)\s*(?:{UNIT}|把)?\s*(?:[\u4e00-\u9fff]{{1,3}}?(?=\s*(?:里|中|当中|里面)))?\s*(?:里|中|当中|里面)?\s*"
    r"(?:已经|已|现在)?\s*(?:做了|做好了?|好了|完成了?|做完了?|加工了|加工好了?|[车冲铣磨焊喷镀注打浇锻铸压折切抛装][好完出]了?"
    r"|(?:[\u4e00-\u9fff](?<![剩差坏废缺少丢漏破裂发出送交到收不没未还里]))(?:[\u4e00-\u9fff](?<![剩差坏废缺少丢漏破裂发出送交到收不没未还里])){0,3}?(?:好了?|完了|了))"
    rf"\s*(?P<b>\d+)\s*(?:{UNIT}|把)?"
)
# 3000套里装配好了2400, 3000片里磨边好了2600: the whole, a step named in full, and the count of it done (AS AT), as
# with a step's one-character verb (`2000个里焊好了1500`)
_OF_TOTAL_STEP = _re(
    rf"(?<![\d.])(?P<a>\d+)\s*{UNIT}?\s*(?:里面?|里头|当中)\s*(?:已经|已|现在)?\s*[\u4e00-\u9fff]{{2,4}}?"
    rf"(?:好了?|完了?|完成了?|做好了?|做完了?)\s*(?P<b>\d+)\s*{UNIT}?(?![\d.])"
)
_WITHIN_TOTAL = _re(rf"(?<![\d.])(?P<n>\d+)\s*{UNIT}?\s*(?:里头|里面?|中间?|当中)")
_ORDER_SIZE = _re(rf"(?<![\d.])(?P<n>\d+)\s*{UNIT}?\s*的\s*(?:单子?|订单|量|总量)")  # 2000个的单子: the order's size
# (`一共5件箱`: 件箱, a carton counted by the piece's word, is neither pieces nor a package unit the reader is sure of,
# so the count is left unplaced and shown first, as CO's writer reads its five lines)
_TOTAL = _re(rf"(?:共计?|总共|一共|合计|总数|总量|总计|订单数量?|订单量|总|(?<![A-Za-z])total(?: of)?)\s*[:：]?\s*(?P<n>\d+)(?!\d|\s*件箱)\s*{UNIT}?")
_LEFT = _re(
    rf"(?:还差|还剩|还有|剩下?|剩余|尚余|未完成|没做的|(?<![A-Za-z])(?:remaining|remain|left)(?![A-Za-z]))\s*(?:最后)?\s*[:：]?\s*(?P<n>\d+)(?!\d|\s*(?:天|日|周|个?星期|个?礼拜|个?小时|个?钟头|个?钟|分钟|个?月|(?<![A-Za-z])(?:days?|weeks?|hours?)))\s*{UNIT}?(?:\s*(?:没做|未做|没完成|未完成|待做|要做))?"
    rf"|(?<![\d.])(?P<m>\d+)\s*{UNIT}?\s*(?:left|remaining|to go|没做|未做|还没做|没完成|未完成|待做)(?![A-Za-z])"
    # 还剩一根, 还差两台: a count left in words, with its unit (还有一点 is no count)
    rf"|(?:还差|还剩|剩下?|剩余|尚余)\s*(?P<c>{CN_NUM})\s*(?={UNIT})"
)
# 2K pcs, 1.2k pcs: a count written in thousands, as stock lists and English write it (H AS BA BB)
_QTY_UNIT = _re(rf"(?<![\d.])(?P<n>\d+(?:\.\d+)?(?=\s*k\s*{UNIT})|\d+)(?:\s*k)?\s*(?:多|余)?\s*{UNIT}(?![A-Za-z])")
_THOUSANDS = re.compile(r"\s*[kK](?=\s*(?:[^A-Za-z\s]|(?:pcs|pc|pieces|units|sets|ea)(?![A-Za-z])|$))", re.IGNORECASE)
_QTY_UNIT_CN = _re(r"(?<![零一二两三四五六七八九十百千万])(?P<n>[零一二两三四五六七八九十百千万]{1,8})\s*(?:多|余)?\s*(?:件|个|只|套|片|台|支|根|块|pcs)(?!月|星期|礼拜|小时|单|订单|都|全都|也都)")
_ON_TRACK = _re(r"没问题|没有问题|正常|按时|准时|按计划|顺利|(?<![A-Za-z])(?:on track|on schedule|no problem|as planned|on time|all good|going well)(?![A-Za-z])")
_HOURS = _re(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:个)?\s*[多半]?\s*(?:小时|钟头|分钟|(?<![A-Za-z])(?:h|hrs?|hours?)(?![A-Za-z]))")
_BARE_INT = re.compile(r"(?<![\d.A-Za-z\-/])(?P<n>\d+(?:\.\d+)?)(?![\d.A-Za-z/%])")
_PROGRESS_WORD = _re(r"进度|进展|完成率|(?<![A-Za-z])progress(?![A-Za-z])")

_DEFECT_QTY_LABELED = _re(
    # (a defect word glued to the feature it is said of, `螺纹不良 6只`, `牙不良 18件`, is the defect's words (AS BO BP), not
    # a label of the count, as it is after a category's name, `外观不良 50pcs` (the house's); NG a word of its own,
    # never the end of one, `brazing 80%`)
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[有现出检共中是批的，,])|(?<=外观|尺寸|来料|功能|性能|包装|材质|材料))(?:不良品?|次品|不合格品?|(?<![A-Za-z])NG|坏的?|有问题的?|(?<![A-Za-z])(?:defects?|defective|rejects?|rejected|bad)(?![A-Za-z]))\s*(?:数量?)?\s*[:：]?\s*(?P<n>\d+)\s*{UNIT}?"
    rf"|(?<![\d.])(?P<m>\d+)\s*{UNIT}?\s*(?:不良品?|次品|不合格品?|(?:是)?坏的?|NG|(?:are |were )?(?:defective|defects?|rejects?|rejected|bad|ng))(?![A-Za-z])(?!\s*[:：]?\s*\d)"
)
_REWORK = _re(
    rf"(?:返工|返修|重做|(?<![A-Za-z])rework(?:ed)?(?![A-Za-z]))\s*了?\s*[:：]?\s*(?P<n>\d+)\s*{UNIT}?"
    rf"|(?<![\d.])(?P<m>\d+)\s*{UNIT}?\s*(?:全部|都|全)?\s*(?:需要?|要|已|得)?\s*(?:返工|返修|重做|(?:to |need |needs |for )?rework(?:ed)?)(?!\s*[:：]?\s*\d)"
)
_SCRAP = _re(
    rf"(?:报废|(?<![A-Za-z])scrap(?:ped)?(?![A-Za-z]))\s*了?\s*[:：]?\s*(?P<n>\d+)\s*{UNIT}?"
    rf"|(?<![\d.])(?P<m>\d+)\s*{UNIT}?\s*(?:全部|都|全)?\s*(?:需要?|要|已|得)?\s*(?:报废|(?:are |were )?scrap(?:ped)?)(?!\s*[:：]?\s*\d)"
)
_DEFECT_FILLER = _re(
    r"^(?:发现|有|其中|共|总共|一共|出现|检出|大概|大约|约|有个|有些|已经?|there (?:are|were)|found|we found|about|approx\.?)\s*"
    r"|\s*(?:有|的|大概|大约|约)$"
)

# Stock named by its own name is material only where it arrives or is awaited: `铜排到厂了`, `钢带还没到`;
# `螺母不够了` is a shortage and `铜排差一些` its reason.
_ARRIVAL_AHEAD = (r"(?=\s*(?:(?:都|也|已经?|今天|昨天|前天|刚刚?|还|今早|上午|下午|明天|明早|后天|大后天|下周\S?|周[一二三四五六日天]"
                  r"|预计|估计|应该|大概)\s*){0,2}\s*(?:已经?)?\s*(?:的?车\s*(?:还|已经?)?\s*)?"  # 生铁车在路上: the truck of it
                  # (booked into the sender's own stock, 镀锌板入库了, as 钢板到了 已入库 is: his material, not a receipt)
                  r"(?:到|进厂|入厂|入库|回来|齐|来了|在途|在路上|没到|没来|未到|莫得到|冇到))")
# The base verb of receiving with its count straight after (`receive 12 pallet`, `receive 600 pcs`), as 收到 is read
# with one: Thai English says no tense, and a count received is a receipt made (BJ's and CI's warehouse clerks).
_RECEIVE_COUNTED = re.compile(r"receive(?=\s+(?:total\s+)?\d[\d,]*\s*" + f"(?:{UNIT}|{PACKAGE_UNIT}))", re.IGNORECASE)
_NODE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("material_ready", _re(
        r"原材料|原料|材料|物料|资材|資材|(?<![\u4e00-\u9fff])料\s*$|(?:(?<![\u4e00-\u9fff])|(?<=天))料(?=\s*(?:下|上(?=周|个|星期|礼拜|月)|年前|去年|明|后|周|星期|礼拜|今|昨|前|已|还|没|到|齐|在|就|收|入库|也|是|预计|估计|大概|应该|来了|早(?:就|已|都)?到|刚到|刚刚到))|(?<=[等待])料|客供料|供料|客料|五金件|配件|紧固件|螺丝|(?<=的)料|料都|铝棒|钢棒|铜棒|棒材|线材|铜线|钢丝|管材|铸件|锻件|来料|到料|料到|料已到|料齐|料也|料还|料没|料今天|料明天|备料|备好料|钢材|钢板|板材|铝材|铝料|铝板|铜材|铜料|棒料|管料|型材|毛坯|坯料|胚料|圆钢|钢料|塑料粒子|胶料|PCB板?到|元器件|物料齐套|齐套"
        r"|" + alternation(MATERIALS) + _ARRIVAL_AHEAD +
        # a coating shop's powder named bare at its clause's start (粉到了, 粉还没到: r34dl, DL, as ED and BX write it)
        r"|(?<![\u4e00-\u9fff])粉" + _ARRIVAL_AHEAD +
        # stock named by its own name after the sender's 收到 (收到 鋅合金錠 800kg): it has come in
        r"|(?:(?<=收到)|(?<=收到\s))" + alternation(MATERIALS) +
        # (`stock in` is the warehouse's 入库, the receipt booked, no stock come)
        r"|(?<![A-Za-z])(?:raw materials?|raw mats?|materials?|mat'?ls?|mtls?|steel|aluminium|aluminum|stock(?![- ]?in(?![A-Za-z]))|blanks|castings|components)(?![A-Za-z])"
        # stainless stock by its JIS name, as Singapore's and Malaysia's shops call it (`SUS bar reach`, `SUS304 plate`: DJ)
        r"|(?<![A-Za-z])SUS\s*(?:3\d\d|4\d\d)?L?\s*(?:bars?|rods?|plates?|sheets?|coils?|pipes?|tubes?)(?![A-Za-z])"
    )),
    # (an apparel shop's pre-production sample and first garment off the line, 产前样 and 头件, are its first article;
    # a moulding or die-casting shop's first shot, 首模, is its own)
    ("first_process", _re(
        r"首件|首检|首样|首模|产前样|头件|打样|样品|样件|首道工序|第一道工序|第一道|首工序|头道工序|(?<![A-Za-z])(?:first article|first piece|first part|first op(?:eration)?|fai|first process)(?![A-Za-z])|(?<![A-Za-z])FA(?![A-Za-z])"
    )),
    ("in_process", _re(
        r"(?:去|除|修)(?:毛刺|毛边|飞边|批锋|披锋|锈)|加工|半成品|机加|车削|车床|铣|冲压|贴片|电镀|喷涂|喷漆|喷塑|喷粉|热处理|焊接|组装|装配|注塑|压铸|折弯|抛光|阳极"
        r"|第\s*[二三四五六七八九十2-9]\s*道(?:工序)?|[二三四五六七八九2-9]道工序|最后一道(?:工序)?|下一道(?:工序)?|CNC|数控|攻牙|攻丝|去毛刺|钝化|发黑|镀锌(?![板卷管丝])|镀镍|镀铬|镀(?!锌[板卷管丝])|氧化(?!皮)|淬火|回火|调质|渗碳|线切割|激光切割|切割|下料|开料|切料|落料|磨床|磨削|打磨"
        r"|中间检验|中间质检|过程检验|工序检验|巡检|钻孔|冲孔|拉丝|喷砂|上机|开机|开干|开始(?:磨|铣|钻|焊|冲|喷|镀|干|弄|锻|镗|铸|浇|切|割|锯|剪|压(?![着货])|组焊|组对|装(?![车箱货柜袋盒托]))|批量|量产|(?:开始|[开上])\s*大货|大货(?=\s*(?:已经?|都|也|在|正在)?\s*(?:做|开整|开做|开始|生产|啤|完成|完工)|\s*(?:下礼拜|下星期|下周|礼拜|星期|周)[一二三四五六日天]\s*开|\s*(?:明天|后天|大后天)\s*开)|(?<!装)(?<![装卸]好)(?<![装卸]完)(?<![上卸停倒])车(?=好|完|了|削|加工)|[焊磨铣钻抛印编折](?=好|完)|(?<=[齿链蜗]轮)滚(?=好|完)|(?<=在)滚(?=\s*了?\s*(?:$|[\s,，。]))|开始车|(?<=在)车(?!\S{0,3}走)|(?<=在)(?:[喷镀磨焊铣钻冲割切锯铆浇抛锻印编裱涂织镗](?![货料件])|压(?![着货料件]))|(?<=还再)车|冲(?=好|完|了)|[喷镀](?=完|好)"
        r"|" + alternation(STEPS) +
        # a step the lists lack, said as its verb and what it works on right after the order (贴花完了, 编轮50%,
        # 锯管完了, 胶合完了, 搓牙中): the step named in full, by the verbs of making only (never 装, 包, 发, 车)
        r"|(?:(?<=\d)|(?<=\d\s)|^)[贴编锯切剪筛搓胶镗滚绕钻铣磨攻铆](?=[\u4e00-\u9fff]\s*(?:完|好|中|\d+(?:\.\d+)?\s*%))"
        # a step's one-character verb straight after a day to come, ending its clause (明仔载拿去抛, 明个磨, 漆明天刷,
        # 11963 11964明天喷: BO BP): the step planned, as `明天焊接` is
        r"|(?:明天|后天|明早|今晚|周[一二三四五六日天]|礼拜[一二三四五六日天])\s*(?:再|就|才|拿去|送去|开始)?\s*[抛磨喷镀焊铣钻刷冲锻铸](?![\u4e00-\u9fffA-Za-z])"
        r"|(?<![A-Za-z])(?:machining|machined|cutting|in process|in-process|processing|wip|semi-finished|stamping|plating|coating|welding|assembly|painting|heat treatment|heat[- ]?treat(?:ed|ing)?|anodi[sz]ing|tapping|deburring|deburr|mass production)(?![A-Za-z])"
        # the English of the trade's steps in moulding, tube and sheet shops (injection 20%, powder coat finish)
        r"|(?<![A-Za-z])(?:injection(?! (?:mou?ld|tool|die)s?\b)|powder[- ]?coat\w*|braz(?:ing|ed)|(?:tube|hairpin|pipe) bending|fin press\w*"
        r"|flaring|swaging|blanking|e-?coat\w*|phosphat(?:e|ing)(?: line)?|silk ?screen\w*|spray painting)(?![A-Za-z])"
    )),
    # an outside party's inspection before release is the final one: the classification society's (船检, AM), the
    # buyer's (验货, 来检), the military representative's (军检, CH) or the customer's own (客检)
    # (尾查, the brand's QC checking the finished garments at the factory before they go, is the final one too)
    ("final_inspection", _re(
        r"尾查|出厂(?:试压|打压|测试|试验)|(?:导通|耐压|安规|绝缘|成品)\s*测试|船检|验船|军检|客检|见证|送检|来检|验货|(?<!中间)质检|質檢|(?<!来料)品检|终检|最终检验|最终质检|出货检|(?:出货|发货|出厂)前\s*(?:检|终检|全检|抽检)|(?<!中间)(?<!过程)(?<!工序)检验|检测|全检|抽检|FQC|OQC|(?<![A-Za-z])(?:QC|qa|inspection|inspected|final check)(?![A-Za-z])"
    )),
    ("shipped", _re(r"(?<![要该没时期])交货(?!期|日|时间|单|地|通知|周期|计划|进度|情况)|发货(?!单|通知|报告|资料|前\s*[抽全]?[检验终])|(?<!报告)(?<!资料)(?<!照片)(?<!图片)(?<!证书)(?<!材证)已发(?!邮箱|邮件|你邮箱)|发出|出货(?!前?\s*[抽全]?[检验终]|单|报告|资料)|送货|装车|走货|(?<![A-Za-z])(?<!can )(?<!could )(?<!able to )(?<!ok to )(?<!can be )(?<!pre-)(?<!pre )(?:shipp?(?:ed|ing)?|shipments?|dispatched)(?![A-Za-z])")),
    # (the goods able to go, `can ship`, are not gone: a plan's day makes it the shipping's (_planned_node); the
    # inspection before shipment, `pre-shipment inspection`, is the final one, as 出货前检验)
    ("received", _re(
        r"到货|收货|(?<![料])收齐|收到货|货收到|收到(?=\s*(?:\d+|[一二两三四五六七八九十百千万]+)\s*" + UNIT + r")|已收到(?!\s*(?:你们的|贵司的|您的|的)?\s*(?:订单|采购单|PO|po|图纸|邮件|消息|通知)(?![\s#:\-_.]*\d))|收到了(?!\s*(?:你们的|贵司的|您的|的)?\s*(?:订单|采购单|PO|po|图纸|邮件|消息|通知)(?![\s#:\-_.]*\d))|货到了|货\s*(?:已经?|都|也|今天|昨天|刚刚?)\s*(?:已经?)?\s*到(?=了|齐|货)|来料检验|进料检验|进厂检验|入厂检验|进货检验|(?<![A-Za-z])IQC(?![A-Za-z])|入库|验收|签收|到厂|送到|送达|到你们(?:那|那边|厂|仓库?)|(?<![A-Za-z])(?:received(?!\s+(?:your|the|ur|our|new)?\s*(?:po|purchase order|order|drawings?|emails?|mail|messages?|files?|notice)(?![\s#:\-_.]*\d))|delivered|goods arrived|receipt"
        r"|" + _RECEIVE_COUNTED.pattern + r")(?![A-Za-z])"
    )),
)
_GENERIC_IN_PROCESS = _re(
    r"(?<!可以|准备|马上|明天|后天)(?:生产中|在生产|正在生产|(?<!现)在做|正在做|开始做|开工|上线|已排产|排产|生产)"
    r"|(?<![A-Za-z])(?:in production|producing|production|manufacturing|working on it)(?![A-Za-z])"
)
_NOT_FINISHED = _re(r"(?:还|仍)?(?:没|未)(?:有)?(?:做|弄|搞|干)完")
# The bare verbs of work are one verb here as elsewhere (`喷漆还没弄`, `首件还没整`: not begun, as 还没做), and Wu's
# 不曾做, folded to 没有做 (CU AH CV N)
_NOT_STARTED = _re(r"还?没(?:有)?开始|未开始|没开工|还没动|还没有?[做弄搞整](?!完|好)|(?<![剩余差])没有[做弄搞整](?!完|好)|没排产|(?<![A-Za-z])(?:not started|haven'?t started|not yet started)(?![A-Za-z])")
_INHERENT_DONE = _re(
    r"到料|料到|来料|料已到|料齐|齐套|到货|收货|收到(?!\s*(?:吗|没|么|了吗))(?!\s*(?:你们的|贵司的|您的|的)?\s*(?:订单|采购单|PO|po|图纸|邮件|消息|通知)(?![\s#:\-_.]*\d))|货收到|已收到(?!\s*(?:你们的|贵司的|您的|的)?\s*(?:订单|采购单|PO|po|图纸|邮件|消息|通知)(?![\s#:\-_.]*\d))|收到了(?!\s*(?:你们的|贵司的|您的|的)?\s*(?:订单|采购单|PO|po|图纸|邮件|消息|通知)(?![\s#:\-_.]*\d))|货到了|入库|签收|到厂|已发|已?送到|已?送达|(?<![A-Za-z])(?:received(?!\s+(?:your|the|ur|our|new)?\s*(?:po|purchase order|order|drawings?|emails?|mail|messages?|files?|notice)(?![\s#:\-_.]*\d))|delivered|goods arrived|arrived)(?![A-Za-z])"
)
# (`no.` before a code is its number, `lot no. 691023-A`, never a negation; `wait material`, Thai English's waiting for
# it, the material not in; a wait for the next step, `stamping done, wait plating`, is no step undone)
_NOT_DONE = _re(
    r"^\s*等(?![等到])|莫得(?!问题|事|毛病)|没得到|快要?(?=\s*(?:做|弄|搞)?\s*(?:好|完|到|齐|发))|即将|(?<![A-Za-z])(?:almost|nearly)(?![A-Za-z])|没|未|还差|尚未|不到|缺|不够|不足|短缺|等料|等待|待|(?<![A-Za-z])short(?:age)?(?![A-Za-z])|(?<![A-Za-z])(?:not|n't|no(?!\s*\.\s*[A-Za-z0-9])(?<!lot no)(?<!batch no)|pending|waiting|wait(?=\s+(?:for\s+)?(?:raw\s+)?(?:material|materials|mat'?l|stock)(?![A-Za-z]))|missing|yet)(?![A-Za-z])"
)
_POSITIVE_NEGATION = _re(r"没得?问题|没有问题|没毛病|没事(?!做|干)|没啥事|没什么事|无异常|无问题|(?:没有?|不|无)(?:缺|少)(?![料货件个只套])|一个不少|(?<![A-Za-z])(?:no problems?|no issues?)(?![A-Za-z])")
# The cutting room begun (开裁, `开裁了`, DA CU) is the making begun, as 开干 and 开工 are; 在裁 under way as 在切.
# Work loaded onto its machine (`上机了`, `SMT上线了`, `已经上立车了`, `上车床了`) is under way, begun and not finished
# (AT D G U write 上机/上线 so, four writers, none done); 上车 alone is the truck. 中 before 底 is the midsole
# (`EVA中底料到了`, `中底缺胶`: CP's four lines), a part, never the work under way.
_ONGOING = _re(
    r"(?<!其)中(?!间|午|心|国|转|频|底)|正在|进炉|入炉|装炉|炉进了|(?<!现)在做|还在|量产|批量生产|在批量|投产|在\s*(?:弄|搞|调|赶|试|跑|磨|滚(?=\s*了?\s*(?:$|[\s,，。]))|焊|装(?![箱车柜袋盒托])|排|车|切|裁|割|锯|冲|铣|钻|镀|喷|烤|压|抛|铆|印|拉|洗|锻|铸|浇|打(?!包|算)|走(?!货)|下(?!周|个|星期|礼拜|月|午|旬|次|回|一))|在加工|在生产|在检|在测|进行|开始|开工|开机|开干|开裁|上线|上机(?!器)|上\s*(?:[立卧]车|[车铣磨镗钻刨]床|机床|数控|加工中心)|排产|已排|(?<![没未])排好|(?<![没未不])排上了|等\s*[\u4e00-\u9fff]{1,4}?\s*回(?:来|厂)|路上|途中|"
    r"(?<=今天|现在|目前|这会|还是)在\s*(?!途|等|即|外|路)(?=[\u4e00-\u9fff])|"
    r"(?:接着|继续|恢复|重新开始)\s*(?:做|干|生产|加工|吊装|组焊|焊|车|磨|铣|锻|镗|装|开工)|"  # 今天接着焊: resumed, under way
    r"在\s*(?:质检|终检|抽检|全检|检验|检|做|干|[精粗]?加工|生产|电镀|喷|热处理|冲压|贴片|组装|焊接|备料|调试|打样|抛光|测)|(?<![A-Za-z])(?:on the way|in transit)(?![A-Za-z])|(?<![A-Za-z])(?:started|starting|in progress|being|ongoing|underway|under way|working on|currently|still|running)(?![A-Za-z])"
    # English's `in` before a step is its work under way (`in assembly`, `in plating`, `in SMT`), as 在组装 is (DJ)
    # ... and `now <step>` after a step done (`CNC done, now deburr`, `SMT done, now AOI`): the next step under way, as
    # 车完了 在去毛刺 is (DJ; `cutting finished, now doing welding` CS's writer reads done and shown first: left)
    r"|(?<![A-Za-z])now\s+(?:(?:at\s+)?(?:aoi|ict|fct|deburr\w*|testing|assembly|welding|plating|painting|polishing|grinding|reflow))(?![A-Za-z])"
    r"|(?<![A-Za-z])in\s+(?:assembly|welding|plating|painting|coating|machining|cnc|smt|production|moulding|molding|stamping|polishing|grinding|anodi[sz]ing|heat treat\w*|reflow)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?<!finished )(?<!completed )(?<!done )(?<!with )(?<!finish )(?:machining|producing|processing|inspecting)(?![A-Za-z])(?!\s+(?:(?:on|of|for)\s+\S+\s+)?(?:\d+(?:\.\d+)?\s*%\s*)?(?:is\s+|are\s+|was\s+|has been\s+)?(?:done|finished|complete|completed|ok))"
)
# (礼拜X heading its clause before the shipping or the end of the work, `礼拜一发货 没得问题`, `下礼拜二前肯定整完`,
# `礼拜五做完`: BF BZ CT CV EN, is that day to come, as 周X is; elsewhere 礼拜X may be a day gone, `船检礼拜一过了`)
_FUTURE = _re(
    r"明天|明日|明早|明晚|后天|大后天|月底|月初|月中|年底|预计|预期|估计|准备|打算|计划|安排(?=\s*(?:发|出货|装车|送货|生产|加工|检))|将|下周|争取|应该能|(?<![功性产])能(?!力|源)|(?<!说)可以|"
    r"(?:上午|下午|晚上|今晚|晚点|稍后|待会|一会儿?)(?!.*[了已])|下星期|周[一二三四五六日天]|星期[一二三四五六日天]|(?:^|(?<=[\s,，。\d]))(?:下个?)?礼拜[一二三四五六日天](?=\s*(?:前)?\s*(?:肯定|就|能|可以)?\s*(?:发货|发|出货|交货|做完|做好|弄好|整完|搞完)(?![了过]))|(?<!\d)(?:\d{1,2}|" + CN_NUM + r")[号日]|"
    r"(?<![A-Za-z])(?:will|tomorrow|expected|expect|planned|plan|going to|ready to|ready for|about to|eta)(?![A-Za-z])"
)
# 啦 is 了 and 啊 said as one (the Modern Chinese Dictionary's entry): 到啦, 完啦, 好啦, 过啦 are done as with 了.
# 到了就 and a step with no 了 after it (`到了就开裁`, `到了就焊接`) is a condition, once it comes: the step to come, not done.
_DONE = _re(
    # a step 妥了 or 弄利索了 (北方话: settled, done neatly) is done: AG AQ BZ, five lines, none otherwise
    r"(?<=[\u4e00-\u9fff])妥了|(?<=[弄整搞干])利索了|"
    r"(?:今天|今早|昨天|昨晚|前天|刚刚?|一起|都是)\s*到的(?!话|时候)|(?<=[料材坯棒管板])\s*(?:都|也|已经?)?\s*来了|进厂了?|入厂了?|刚刚?到|出炉了?|签了|已签|完成(?!时间|日期|期限|节点|的时间|的日期)|完了|完毕|完工|好了|过了|(?<=[\u4e00-\u9fff])完(?![不没成])[\u4e00-\u9fff]{1,2}了|过啦|回来了|回厂了?|做完|做好|做完|弄好|弄完|搞定|搞好|结束|(?<![A-Za-z])ok(?![A-Za-z])|合格|通过|全过|都过|到了(?!\s*就(?!是)[^了啦]*$)|到位|已到|到齐|齐了|已经到|出来了|回来了|确认了|已确认|认可了|已(?!\s*(?:经\s*)?(?:安排|排(?:期|产|上|满|队)|联系|预约|下单|通知|催|沟通|申请|满))|都好|好啦|到啦|完啦|齐啦|✅|👌|👍"
    r"|(?<![A-Za-z])in(?![A-Za-z])(?!\s+(?:process|production|progress|transit))|(?<![A-Za-z])(?:done|finish|finished|complete|completed|ready|passed|pass|pas|already|arrived|okay|good|fine|accepted|approved|back"
    r"|machined|welded|painted|plated|assembled|polished|coated|anodi[sz]ed|stamped|drilled|tapped|deburred|heat[- ]treated"
    r"|(?:is|are|got) here|came in|has come|have come)(?![A-Za-z])"  # English arrival as it is said, 到了
)
_DONE_STANDALONE = _re(
    r"^(?:(?:那个|这个|那|这)\s*(?:单子?|订单|货)\s*)?(?:已经?)?\s*(?:已?完成了?|完工了?|(?:都|全部|全)?(?:做完|做好|弄完|弄好|搞完|搞定|完)(?:了|咯|啦|喽|哒)?|好了|ok了|搞好了|结束了|妥了|done|finished|complete|completed|all done)"
    r"\s*[哈咯啦喽呢呀哦嘞噢哒]*[!！。.✅👌👍\s~～]*$"
)


# Cantonese written forms to the Mandarin word the reader knows (咗 is 了, 冇 is 没, 搞掂 is 搞定), one
# character for one, so spans still line up; traditional characters are folded by OpenCC first
# (handlers/reading_script.py), and the few here stay as a floor should it leave one.
_TRADITIONAL = str.maketrans(
    "咗冇掂仲嚟終檢發貨驗裝單號質進過週後運個來還沒開時問題齊廠貨剩餘數異常達劃傷變鍍鋅層車銑磨焊噴塗檢測範術準確報廢剛錯",
    "了没定还来终检发货验装单号质进过周后运个来还没开时问题齐厂货剩余数异常达划伤变镀锌层车铣磨焊喷涂检测范术准确报废刚错",
)


# Days said in Cantonese, Hakka or northern speech (handlers/dates.py `DIALECT_DAY`), folded to the reader's own.
_DIALECT_DAYS = re.compile("|".join(sorted(DIALECT_DAY, key=len, reverse=True)))  # longest first: 明日子 before 明日


def _latin_plain() -> dict[int, str]:
    """Each Latin letter with a diacritic as its plain letter, one for one (`hàng` -> `hang`, `đã` -> `da`).

    The English words the reader knows are whole words between letters it sees as [A-Za-z]: unfolded, a
    Vietnamese, Malay or European word broke at its accented letter, and its end read as a word of ours
    (`hàng` goods and `ngày` day held `ng`, NG, a defect)."""
    # Ø and ø stay: the trade writes them as the diameter sign (Ø12.004)
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D", ord("ł"): "l", ord("Ł"): "L", ord("ı"): "i",
                             ord("ß"): "s", ord("æ"): "a", ord("Æ"): "A"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if code not in table and chr(code).isalpha() and len(base) == 1 and base.isascii():
            table[code] = base
    return table


_LATIN_PLAIN = _latin_plain()
# A character either table changes: a message holding none (most) is left as it is at one search, not translated
# a character at a time through two tables
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted({*_TRADITIONAL, *_LATIN_PLAIN})) + "]")


def _fold(ch: str) -> str:
    folded = fold_script(unicodedata.normalize("NFKC", ch)).translate(_TRADITIONAL).translate(_LATIN_PLAIN)
    return folded if len(folded) == 1 else ch


def _simplified(said: str) -> str:
    """Words as typed (a description cut from the text as written, 噴油返工中) in the characters the patterns hold."""
    return said if said.isascii() else fold_script(said).translate(_TRADITIONAL)


def _prepare(text: str) -> tuple[str, str]:
    """The message folded for matching (ASCII digits, half-width) and as written, index for index."""
    folded, display, _said = _prepared(text)
    return folded, display


# A run of readings written with the decimal comma (`24,98 25,01 25,02`, `5,01 5,03 4,99`), as Europe's QC writes
# them in any language: each comma between digits stands alone between spaces, one or two digits after it, so it is
# no thousands mark and no list (`12,13,14`).
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d{1,2})(?=\s|$|\s*/)")
_DIGIT_COMMA = re.compile(r"\d,\d")


def _decimal_commas(body: str) -> str:
    """`body` with its decimal commas as points, where every comma between digits is one and there are two or more."""
    if "," not in body:
        return body
    found = _DECIMAL_COMMA.findall(body)
    if len(found) < 2 or len(found) != len(_DIGIT_COMMA.findall(body)):
        return body
    return _DECIMAL_COMMA.sub(r"\1.\2", body)


def _prepared(text: str) -> tuple[str, str, str | None]:
    """`_prepare`, and `text` with India's and Indonesia's words in English as `_read_whole`'s second looks take it
    (None where the message was cut or held invisible characters, so that is not what was said in English here)."""
    # Thai words are said in English (the carrier of a Thai message is English); other languages' in Chinese
    # Hindi and Tamil words and India's trade shorthand in English, its dates day first (handlers/reading_india.py);
    # Bahasa Indonesia's words in English, its dates month first, before any other language's (reading_indonesia.py);
    # Thai words typed in Latin letters in English likewise (handlers/reading_thai_latin.py);
    # Pakistan's Urdu words in English before India's Hindi reads what is left (handlers/reading_pakistan.py);
    # the Philippines' Tagalog words in English first, so no other register reads its `na`, `pa`, `baka` or `dapat`
    # (handlers/reading_tagalog.py); Brazilian Portuguese's before them all, so Spanish reads none of its accents
    # (handlers/reading_portuguese.py); Russian's in Cyrillic letters before any (handlers/reading_russian.py);
    # the French (and Darija) of the Maghreb's shops before Portuguese's, which it shares no word with
    # (handlers/reading_french.py); Arabizi's and Arabic's likewise, so no digit standing for a letter is read as a
    # count (handlers/reading_arabizi.py); Nigerian Pidgin's and Kenyan Swahili's before all, so no other register
    # reads their `na`, `go` or `leo` (handlers/reading_pidgin.py); Hungarian's and Serbian's next, behind a gate no
    # other language opens (handlers/reading_pannonian.py)
    cut = _INVISIBLE.sub("", text[: MAX_CHARS * 2])[:MAX_CHARS]
    indonesian = thai_latin_in_english(indonesian_in_english(tagalog_in_english(portuguese_in_english(
        french_in_english(russian_in_english(japanese_said(arabizi_in_english(pannonian_in_english(pidgin_in_english(cut))))))))))
    other = thai_in_english(in_chinese(korean_in_chinese(japanese_in_chinese(indonesian))))
    if other == cut and "," in cut:
        # no language's module read it (each reads its own decimal comma): readings with the decimal comma as points
        indonesian = other = _decimal_commas(cut)
    english = in_english(days_first(urdu_in_english(other)))
    said = None if cut != text else english if other == indonesian else in_english(days_first(urdu_in_english(indonesian)))
    display = english[:MAX_CHARS]
    widened = display if display.isascii() else unicodedata.normalize("NFKC", display)
    simplified = fold_script(widened)
    traditional = simplified != widened  # written in traditional characters: Taiwan's or Hong Kong's register
    folded = simplified.translate(_TRADITIONAL).translate(_LATIN_PLAIN) if _TRANSLATED.search(simplified) else simplified
    if len(folded) != len(display):
        folded = "".join(_fold(ch) for ch in display)
    if not folded.isascii():
        folded = _DIALECT_DAYS.sub(lambda m: DIALECT_DAY[m.group(0)], folded)
    # no fact: markers, money, particles (blanked last, once the registers' words are read)
    folded = fold_labelled_counts(fold_none_left(fold_measure_words(blank_filler(
        fold_register_tw(fold_register_jp(fold_dialect(fold_regional(fold_register(folded, display)))), traditional)))))
    for match in reversed(list(_BOT_MENTION.finditer(folded))):
        start, end = match.span()
        folded = folded[:start] + " " + folded[end:]
        display = display[:start] + " " + display[end:]
    if len(folded) != len(display):
        raise ValueError("folded and display out of step")
    # every run of space (as the folded text has it) one space in both, none at either end
    words = [m.span() for m in _NOT_SPACE.finditer(folded)]
    folded, display = " ".join(folded[s:e] for s, e in words), " ".join(display[s:e] for s, e in words)
    folded, display = _space_orders_glued_behind(folded, display)
    if "错了" in folded:  # 数量打错了发了650只: the slip owned, then the report again, one clause each as when spaced
        for match in reversed(list(_OWNED_SLIP_GLUED.finditer(folded))):
            folded = folded[:match.end()] + " " + folded[match.end():]
            display = display[:match.end()] + " " + display[match.end():]
    if len(_LATER_ORDER_GLUED.findall(folded)) >= 2 and _FIRST_ORDER.match(folded):
        # 2571退火完了 2572周五退火: by voice, each order's number runs into its clause; spaced as typed
        for match in reversed(list(_LATER_ORDER_GLUED.finditer(folded))):
            folded = folded[:match.end()] + " " + folded[match.end():]
            display = display[:match.end()] + " " + display[match.end():]
    folded, display = count_before_gauge(*_two_orders_apart(*repair(*fold_counts(folded, display))))
    return blank_identifiers(blank_never_counts(blank_specs(blank_codes(folded)))), display, said


_NOT_SPACE = re.compile(r"\S+")  # \S is what str.isspace() is not
_FIRST_ORDER = re.compile(r"\s*(?P<n>\d{4,12})(?!\d)")
_ORDER_AFTER_ADDRESS = re.compile(r"\s*[\u4e00-\u9fff]{1,3}\s+(?P<n>\d{4,12})(?!\d)")  # 拐子 9800首件过了撒
# 节后第一天 11575 锻件正常开工了, 放假回来 11575 在锻: a clause of the day or the news, then the order set apart leading the
# report (a count stands after its verb or before its unit, never between two clauses of words)
# So after words of address, of who writes for whom, or a filler (俺们11553连杆首件OK了, 帮我阿伯回一下 11702料昨天到了,
# 我是阿明的小妹 帮他回 11730 电镀好了, 嗯那个11973首件...: BN BO BP)
_ORDER_AFTER_OPENING = re.compile(r"\s*(?P<head>[\u4e00-\u9fff][\u4e00-\u9fff\s,，]{1,15}?)\s*(?P<n>\d{4,12})(?!\d)\s*(?=[\u4e00-\u9fff])")
# A later order at the head of a clause, glued to a word that is no unit, day or count of it.
_LATER_ORDER_GLUED = re.compile(
    rf"(?:(?<=[\s,，;；。])|^)\d{{4,12}}(?=[\u4e00-\u9fff])(?!{UNIT}|[号日月年天个块元箱托包卷袋吨米斤多余来]|公斤|千克|没|未|还没|剩|左右|以上|以内)")


# A later order glued to the words before it as well (`8301首件过了8302也是`, `8304发了8305礼拜五发`): by voice input
# the numbers run into the text on both sides. Only a number of the first order's length, a few numbers from it and
# no unit after it is an order; a count beside a verb (`发了2000只`, `发了1500`) is never that close to it.
_ORDER_GLUED_BEHIND = re.compile(
    rf"(?<=[\u4e00-\u9fff])\d{{4,12}}(?![\d.%])(?!\s*(?:多|余)?\s*(?:{UNIT}|[号日月年天个块元箱托包卷袋吨米斤把来]|公斤|千克|左右|以上|以内))")
_OWNED_SLIP_GLUED = re.compile(r"(?:打|写|填|报|说|输)错了(?=[\u4e00-\u9fff\d])")
_TWO_ORDERS_RUN = re.compile(r"\s*(?P<one>\d{4,5})(?P<two>\d{4,5})(?!\d)")
_ORDERS_APART = 50  # orders of one supplier written in one message: consecutive numbers, or nearly


def _two_orders_apart(folded: str, display: str) -> tuple[str, str]:
    """八三一二八三一三都延期两天 (a speech engine's digits, no pause): two orders a few numbers apart, run together at
    the head of the message, are two orders, spaced as typed."""
    if (pair := _TWO_ORDERS_RUN.match(folded)) is not None:
        one, two = pair["one"], pair["two"]
        if len(one) == len(two) and one != two and abs(int(one) - int(two)) <= _ORDERS_APART \
                and not one.endswith("00") and not two.endswith("00"):
            at = pair.start("two")
            folded, display = folded[:at] + " " + folded[at:], display[:at] + " " + display[at:]
    return folded, display


def _space_orders_glued_behind(folded: str, display: str) -> tuple[str, str]:
    first = _FIRST_ORDER.match(folded)
    if first is None:
        return folded, display
    head = first.group(0).strip()
    for match in reversed(list(_ORDER_GLUED_BEHIND.finditer(folded, first.end()))):
        number = match.group(0)
        if len(number) != len(head) or abs(int(number) - int(head)) > _ORDERS_APART or number.endswith("00"):
            continue
        start = match.start()
        folded, display = folded[:start] + " " + folded[start:], display[:start] + " " + display[start:]
    return folded, display


def _today(now: datetime | None, tz: tzinfo) -> date:
    if now is None:
        return datetime.now(tz).date()
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    return now.astimezone(tz).date()


def _number(raw: str) -> int | float:
    value = float(raw)
    return int(value) if value.is_integer() else value


def _clean(text: str) -> str | None:
    text = " ".join(text.split()).strip(_PUNCT)
    return text or None


class _Text:
    """The prepared message with the spans already read, so the rest can become a reason or a note."""

    def __init__(self, text: str, display: str | None = None) -> None:
        self.text = text
        self.display = text if display is None else display
        self.used: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> None:
        self.used.append((start, end))

    def as_written(self, value: str | None) -> str | None:
        """`value`, read from the folded text, in the characters the sender typed (東亞電鍍, 噸) where
        only the script or a Latin letter's diacritic differs (Minh Phát); otherwise as read."""
        if not value or len(self.display) != len(self.text):
            return value
        at = self.text.find(value)
        if at < 0:
            return value
        written = self.display[at:at + len(value)]
        if written == value:
            return value
        folded = fold_script(written)
        return written if folded == value or folded.translate(_LATIN_PLAIN) == value else value

    def free(self, start: int, end: int) -> bool:
        for s, e in self.used:  # a loop, not all() over a generator: called for every match and date tried
            if end > s and start < e:
                return False
        return True

    def free_matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of `pattern` that overlap nothing read yet, trying every start position."""
        text, pos = self.text, 0
        while pos <= len(text):
            match = pattern.search(text, pos)
            if match is None:
                return
            start, end = match.span()
            if self.free(start, end):
                yield match
                pos = max(end, start + 1)
            else:
                pos = start + 1

    def take_first(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The first of `free_matches`, taken; written out, as most calls find nothing (no generator to make, and
        nothing asked before the first search: ~18 calls a message)."""
        text, used = self.text, self.used
        match = pattern.search(text)
        if match is None:
            return None
        if not used:  # nothing read yet: the first match is free
            used.append(match.span())
            return match
        while True:
            start, end = match.span()
            if self.free(start, end):
                used.append((start, end))
                return match
            if start >= len(text):
                return None
            match = pattern.search(text, start + 1)
            if match is None:
                return None

    def rest(self, folded: bool = False, filler: re.Pattern[str] | None = None,
             said: list[tuple[int, int]] | None = None) -> str:
        """What was not read, as written (or folded), cleaned piece by piece. `said`: spans read, yet the sender's
        own words of what is left (a reason's day, its works): they stay in their piece, which is dropped if they
        are all it says (a day alone is no reason)."""
        source = self.text if folded else self.display
        used = self.used
        if said:
            used = list(used)
            for span in said:
                if span in used:
                    used.remove(span)
        pieces: list[tuple[int, int]] = []
        cursor = 0
        for start, end in sorted(used):
            if start > cursor:
                pieces.append((cursor, start))
            cursor = max(cursor, end)
        pieces.append((cursor, len(source)))
        cleaned: list[str] = []
        for start, end in pieces:
            text = _clean(source[start:end])
            while text and filler is not None:
                stripped = _clean(filler.sub("", text))
                if stripped == text:
                    break
                text = stripped
            if text and said is not None and (not text.isascii() or any(start < b and a < end for a, b in said)) \
                    and not _says_more(
                    self.text[start:end], [(max(a, start) - start, min(b, end) - start) for a, b in said], filler):
                continue  # 这礼拜焊不完了 下礼拜三吧, 明天停水 后天再发: a day, or a word of the delay's clause, alone
            if text:
                cleaned.append(text)
        return " ".join(cleaned)


_THIS_WEEK = re.compile(r"(?:这个?|本)(?:周|星期|礼拜)")  # 这礼拜焊不完了: the week that cannot do it, no reason


def _says_more(piece: str, said: list[tuple[int, int]], filler: re.Pattern[str] | None) -> bool:
    """A piece says more than the read words kept in it (`今天` of `今天做不完` alone, `下周`): a day or a delay's
    filler on its own is no reason."""
    for a, b in sorted(said, reverse=True):
        if b > a:
            piece = piece[:a] + " " + piece[b:]
    for day in reversed(find_dates(piece, _ANY_DAY)):
        piece = piece[:day.start] + " " + piece[day.end:]
    text = _clean(_THIS_WEEK.sub(" ", _DELAY_FILLER.sub(" ", piece)))
    while text and filler is not None:
        stripped = _clean(filler.sub("", text))
        if stripped == text:
            break
        text = stripped
    return _meaningful(text) is not None


def read_message(
    text: str, role: str = "supplier", now: datetime | None = None, tz: tzinfo = SHANGHAI
) -> Reading:
    """Read one chat message from someone in `role`, with dates relative to `now` in `tz`."""
    answers = open_reading()  # what the stages ask more than once of the same words, answered once (reading_memo.py)
    try:
        quoted = split_quote(text) if isinstance(text, str) else None
        if quoted is not None:
            return _read_reply(quoted, role, now, tz)
        return _read_message(text, role, now, tz)
    finally:
        close_reading(answers)


def _read_reply(quoted: Quoted, role: str, now: datetime | None, tz: tzinfo) -> Reading:
    """A quoted reply read as its answer, with the order and the step it leaves out taken from the quote
    (handlers/reading_quotes.py): `「21155几时出货」 听日` plans shipping tomorrow; the quote is never a fact of its own."""
    answer = _read_message(quoted.answer, role, now, tz)
    if answer.intent == "correct" or answer.intent in _NON_WRITING and answer.intent not in ("clarify", "status_query"):
        return answer  # a correction names its message by quoting it; an acknowledgement (收到) restates nothing
    topic = topic_of(quoted.quote)
    if topic is not None and (answer.intent == "clarify" or answer.intent in _TAKES_STEP and answer.node is None):
        within = _read_message(f"{topic} {quoted.answer}", role, now, tz)
        if within.intent not in _NON_WRITING and within.node is not None and (answer.po is None or within.po == answer.po):
            return within
    if answer.po is None and answer.intent != "clarify":
        orders = {m.group(0) for m in _QUOTED_ORDER.finditer(quoted.quote)}
        if len(orders) == 1:
            return replace(answer, po=orders.pop())  # `回复 陈生：21435要晚两天` + `现在到哪一步了`: that order's
    return answer


# The intents that name a step; an answer of one that leaves its step out takes the quote's.
_TAKES_STEP = frozenset({"progress", "plan", "delay"})
# An order number in a quote (the reader's own length of one: four to twelve digits, no decimal, no percent).
_QUOTED_ORDER = re.compile(r"(?<![\d.])\d{4,12}(?![\d.%])")


def _read_message(text: str, role: str, now: datetime | None, tz: tzinfo) -> Reading:
    shape = list_shape(text) if isinstance(text, str) and "\n" in text else None
    if shape is not None:
        listed = _read_list(shape, role, now, tz)
        if listed is not None:
            return listed
    try:
        today = _today(now, tz)  # once: a zone's conversion is a microsecond of every message
        reading, folded = _read_whole(text if isinstance(text, str) else "", role, today)
    except (ValueError, OverflowError):
        return Reading("unknown")
    raw = text if isinstance(text, str) else ""

    def as_folded(said: str) -> str:
        """The message as the reader matched it (handlers/reading_doubt.py asks only of `raw`), folded once."""
        return folded if said is raw else _folded(said)
    reading = _out_shown_first(_delay_named(_named_enough(_all_of_one(reading, raw), raw, role), role), raw)
    reading = _bare_work_named(reading, raw, role)
    if reading.intent == "plan" and reading.new_date == today and reading.node == "material_ready" and not reading.also \
            and role == "supplier" and _CAME_TODAY.search(folded):
        # 料今天上午到的, 原材料是今天早上到的: 到的 says it came, this morning of today (CJ CV EQ Y): the stock in
        reading = Reading("progress", po=reading.po, node="material_ready", done=True)
    if reading.intent == "plan" and reading.new_date == today and reading.node in ("material_ready", "received") \
            and not reading.confirm and not reading.also and _ARRIVES_TODAY_UNSAID.search(raw):
        reading = replace(reading, confirm=True)  # 棒料今天上午到货: came this morning, or comes today? shown first
    if reading.intent == "progress" and reading.node == "material_ready" and reading.done is not None \
            and not reading.confirm and not reading.also and _SOME_CAME_SOME_NOT.search(raw):
        reading = replace(reading, done=False, confirm=True)  # 铜线到了 硅钢片还没到: not all come, shown first
    if reading.intent == "progress" and reading.node == "in_process" and reading.done is False and not reading.confirm \
            and not reading.also and _DONE_THEN_NOW.search(raw):
        reading = replace(reading, confirm=True)  # `deburr done, now powder coat`: one step done, the next under way
    if not reading.confirm and any(item.intent in ("plan", "delay") for item in (reading, *(reading.also or ()))) \
            and worked_over_day(raw):
        reading = replace(reading, confirm=True)  # 周六加班 下周一能做完: the day worked is no plan's; the plan's is shown first
    if not reading.confirm and (_order_sized_count(reading, raw) or (
            reading.intent == "correct" and reading.new_date is None and reading.happened_on is None
            and find_dates(in_english(urdu_in_english(raw)), today))):
        # `12121 powder coating over, 12122 in progress`: a count the size of the order beside it may be the next order;
        # `correction: dispatch is on Friday not Thursday`: a correction that leaves its day unread; shown first
        reading = replace(reading, confirm=True)
    if not reading.confirm and reading.intent != "unknown" \
            and (asks_first(raw) or asks_first_india(raw) or asks_first_portuguese(raw) or asks_first_japanese(raw)
                 or asks_first_arabizi(raw) or asks_first_pidgin(raw)
                 or asks_first_french(raw) or any(not _knows(word) for word in unread_french(raw))
                 or asks_first_pannonian(raw) or any(not _knows(word) for word in unread_pannonian(raw))):
        # `sale el 3/11`: 3 November or 11 March, in a Spanish message; `gris trop clair`: French words unread
        reading = replace(reading, confirm=True)
    if not reading.confirm and reading.intent not in _NON_WRITING \
            and doubted((reading, *(reading.also or ())), raw, role, as_folded, _knows):
        reading = replace(reading, confirm=True)  # a sign of a misreading in any register (handlers/reading_doubt.py)
    return _words_kept(_in_their_words(_heat_on_goods(reading, raw), raw), raw)


def _words_kept(reading: Reading, raw: str) -> Reading:
    """A French message's reason or description that cannot be put back in the sender's words (`rework burrs` where
    `retour pour reprise, 30 pcs bavures` was typed) was read across words the table said apart: shown first. So a reason in
    Pidgin's and Swahili's (`power cut since finish` where `NEPA take light since yesterday, we go finish` was typed)."""
    french = is_french(raw)
    if reading.confirm or not (french or is_pidgin(raw)):
        return reading
    lowered = unicodedata.normalize("NFC", raw).replace("\u2019", "'").lower()
    names = ("reason", "description") if french else ("reason",)  # a Pidgin defect's words run past its count
    said = [getattr(item, name) for item in (reading, *(reading.also or ())) for name in names]
    if any(isinstance(value, str) and value and value.lower() not in lowered for value in said):
        return replace(reading, confirm=True)
    return reading


def _read_list(shape: ListShape, role: str, now: datetime | None, tz: tzinfo) -> Reading | None:
    """A list or pasted table read item by item (handlers/reading_lists.py): each item's facts on its own order in
    `also`, the first item's as the reading. A row with no verb takes the heading's (今天发货明细： 22910 800件), or
    the row above's step: a day alone plans what the row above planned (22891 周五发 / 22893 下周一), a state alone
    is of the step the row above named (22897 原材料已到 / 22898 还没到). Where any item stays unread, the message is
    read whole as before (None)."""
    readings: list[Reading] = []
    for item in shape.items:
        po = item.po if item.po is not None else shape.order
        said = f"{po} {item.body}" if po is not None else item.body
        reading = _read_message(said, role, now, tz)
        if _unsaid_step(reading) and shape.title is not None:
            reading = _read_message(f"{said} {shape.title}", role, now, tz)
        if _unsaid_step(reading) and readings and po is not None:
            reading = _step_from_above(reading, readings[-1], item.body, po, now, tz) or reading
        if reading.intent in _NON_WRITING or reading.intent in ("undo", "correct", "snooze", "ack", "resolve") \
                or (po is not None and reading.po != _canonical_po(po)) or (po is None and reading.po is not None):
            return None
        readings.append(reading)
    items = [item for reading in readings for item in (replace(reading, also=None), *(reading.also or ()))]
    confirm = True if any(item.confirm for item in items) else None
    return replace(items[0], confirm=confirm, also=tuple(replace(item, confirm=None) for item in items[1:]))


def _unsaid_step(reading: Reading) -> bool:
    """An item read as naming no step of its own: a question back, or a bare figure with no step."""
    return reading.intent == "clarify" or (reading.intent == "progress" and reading.node is None)


def _step_from_above(reading: Reading, above: Reading, body: str, po: str, now: datetime | None,
                     tz: tzinfo) -> Reading | None:
    """A verbless row's fact on the step of the row above: its day planned as above, or its state of that step."""
    if above.node is None:
        return None
    days = find_dates(body, _today(now, tz))
    if len(days) == 1 and not _NUMBER_LEFT.search(_blank_days(body, days)):
        if above.intent in ("plan", "delay"):
            return Reading(above.intent, po=_canonical_po(po), node=above.node, new_date=days[0].value)
        if above.intent == "shipment" and days[0].value > _today(now, tz):
            # 31020 发了300件 / 31021 明天: shipping tomorrow, most likely; a day after goods gone is shown first
            return Reading("plan", po=_canonical_po(po), node="shipped", new_date=days[0].value, confirm=True)
    said = _done_state(body)
    if not days and above.intent == "progress" and said is not None and not re.search(r"\d", body):
        return Reading("progress", po=_canonical_po(po), node=above.node, done=said)
    return None


_NUMBER_LEFT = re.compile(r"\d")


def _blank_days(body: str, days: list[DateMatch]) -> str:
    for day in sorted(days, key=attrgetter("start"), reverse=True):
        body = body[:day.start] + " " + body[day.end:]
    return body


# The goods a heat number is said of: shipped, found bad, worked on or checked (not stock come in: 9 lines of five
# writers, BI E P Q, give stock arriving with its heat number no lot, against AU BF's 2)
_GOODS_NODES = frozenset({"first_process", "in_process", "final_inspection"})


def _heat_on_goods(reading: Reading, raw: str) -> Reading:
    """A heat number said of goods (`炉号C26-0918的铜套 发了300件`, `炉号A2617的那批调质完了`, `heat no H4521 final
    inspection ok`) is their lot, as a 批号 is: five lines of four writers (BC BL BP BQ) read it so, none otherwise."""
    if "炉" not in raw and "heat" not in raw.lower():
        return reading
    codes = {m["code"] for m in HEAT_NUMBER.finditer(raw)}
    if len(codes) != 1:
        return reading
    code = codes.pop()

    def goods(item: Reading) -> bool:
        return item.lot is None and (item.intent in ("shipment", "defect")
                                     or (item.intent == "progress" and item.node in _GOODS_NODES))
    if goods(reading):
        reading = replace(reading, lot=code)
    if reading.also and any(goods(item) and item.intent != "progress" for item in reading.also):
        reading = replace(reading, also=tuple(replace(item, lot=code) if goods(item) and item.intent != "progress"
                                              else item for item in reading.also))
    return reading


def _order_sized_count(reading: Reading, text: str) -> bool:
    """A count of pieces typed as a number of as many digits as the order and a few numbers from it: the next order,
    read as a count (a round count, or one said in words, `1千零20件`, is a count)."""
    if reading.po is None or not reading.po.isdigit():
        return False
    order = int(reading.po)
    return any(isinstance(count, int) and not isinstance(count, bool) and len(str(count)) == len(reading.po)
               and 0 < abs(count - order) <= _ORDERS_APART and count % 100 != 0
               and re.search(rf"(?<!\d){count}(?!\d)", text) is not None
               for count in (reading.qty_done, reading.qty_total, reading.qty, reading.qty_left))


# Today's arrival said with no word of time to come and none of time gone (`钛棒今天上午到厂`): it may have come already
_CAME_TODAY = _re(r"(?:今天|今日)\s*(?:上午|早上|中午|下午|一早|早)\s*(?:就|已经?)?\s*(?:到货|到厂|到)的")
_ARRIVES_TODAY_UNSAID = _re(r"^(?!.*(?:预计|估计|会|将|要|能|可以|应该|争取|计划|安排|准备|马上|快|才|等|还没|没|未|了|吗|\?|？))"
                            r".*(?:今天|今日|today)\S{0,3}(?:上午|早上|中午|下午)?\S{0,2}(?:到货|到厂|到)")


# One material come and another not yet, of the same order (`树脂砂到了 生铁还没到`, `铜线到了 但系硅钢片仲未到`, `拉链到了滴
# 纽扣还没到`, `外箱到了 内卡还冇到`): the material is not all ready, and which part is, the sender settles (BS CT DA CZ
# expect it asked; CZ would record both facts, the house records the step not ready).
_SOME_CAME_SOME_NOT = _re(r"(?:到了|已到|到齐了?|来了|到咗|到啦)\S{0,2}[\s,，;；]+(?:但是?|但系|可是|不过|就)?\s*"
                          r"[\u4e00-\u9fff]{1,6}?(?:还没有?|还冇|仲未|还未|未|没有?|冇)(?:到|来)")


def _folded(raw: str) -> str:
    """The message as the reader matches it (handlers/reading_doubt.py asks for it only where a sign needs the words)."""
    return _prepare(raw)[0]


def _knows(word: str) -> bool:
    """Whether `word` is in the reader's vocabulary (handlers/reading_account.py). Asked by handlers/reading_doubt.py
    of an acronym said done, which it also looks for in the message as the reader folds it (`PDI` read as final
    inspection is no unknown word)."""
    return word.lower() in _vocabulary().english


def _in_their_words(reading: Reading, raw: str) -> Reading:
    """The words of a reason, description or note as the sender wrote them, where the reader read them translated
    (handlers/reading_languages.py, handlers/reading_thai.py, handlers/reading_india.py, handlers/reading_indonesia.py,
    handlers/reading_thai_latin.py, handlers/reading_pakistan.py, handlers/reading_tagalog.py, handlers/reading_korean.py,
    handlers/reading_portuguese.py, handlers/reading_russian.py, handlers/reading_french.py, handlers/reading_japanese.py,
    handlers/reading_arabizi.py, handlers/reading_pannonian.py, handlers/reading_pidgin.py)."""
    changed = {name: written_pannonian(written_pidgin(written_arabizi(written_french(written_russian(written_portuguese(written_korean(written_tagalog(written_thai_latin(written_japanese(
                   written_indonesia(written_pakistan(written_india(written_thai(written_japanese_said(written(value, raw), raw), raw),
                   urdu_in_english(raw)), raw), raw), raw), raw), raw), raw), raw, whole=name == "note"), raw), raw), raw), raw), raw)
               for name in ("reason", "description", "note")
               if isinstance(value := getattr(reading, name), str)}
    also = tuple(_in_their_words(item, raw) for item in reading.also) if reading.also else None
    if not changed and not also:
        return reading
    return replace(reading, **changed, **({"also": also} if also else {}))


def _out_shown_first(reading: Reading, text: str) -> Reading:
    """Goods counted out with a bare 出 in simplified characters (`今日出 1600件`, `5716 出了800 5717出了1200`) are
    read as shipped (six writers of seven), but some shops say so of parts made: the shipment is shown first,
    whichever order of several it is on. In traditional characters 出 is goods out (handlers/reading_register_tw.py)."""
    if reading.confirm or not counted_out(text) or fold_script(text) != text \
            or all(item.intent != "shipment" for item in (reading, *(reading.also or ()))):
        return reading
    return replace(reading, confirm=True)


def _all_of_one(reading: Reading, text: str) -> Reading:
    """`6005 都发了`, `货都走了`: of one order, 都 is every piece of it, so all of it shipped; of several
    (`3701 3702 都发了`, `两单都发了`) it is each order, and says nothing of the rest of any. Settled on the
    whole message, since each order of several is read on its own first."""
    if reading.intent != "shipment" or reading.all is not None or reading.also \
            or not _ALL_OF_ONE.search(text) or len(_STANDING_ORDER.findall(text)) > 1:
        return reading  # a count of four digits and its unit (`共2400件 都发了`) is no second order
    return replace(reading, all=True)


def _named_enough(reading: Reading, text: str, role: str) -> Reading:
    """The whole message's reading, once: a report that names no order and nothing but its verb (`发了`, `延期`,
    `做完一半了`) is written to an order the chat picks, so that order is named first (handlers/reading_clauses.py);
    a delay with nothing of when or why is asked back."""
    if reading.po is not None or reading.also or role not in ("supplier", "qc", "warehouse") \
            or reading.intent not in ("progress", "shipment", "delay"):
        return reading
    if not bare_report(reading.intent, reading.po, reading.node, {f.name: getattr(reading, f.name) for f in fields(reading)},
                       _PO_TOKEN.sub(" ", text).strip(_PUNCT)):
        return reading
    if reading.intent == "delay":
        return Reading("clarify", question="what_update")
    return replace(reading, confirm=True)


# 在弄, 在弄了 莫急, 在做着呢 别急: only the bare verb of work under way (no step named), with at most a word that calms
_BARE_WORK_UNDER_WAY = _re(r"\s*(?:还|正|也|都|已经)?\s*在\s*[做弄搞干整赶](?:着|了|呢|中)?\s*(?:了|呢|啊|哈|嘛|哒|咧)?"
                           r"(?:[,，。!！\s]+(?:莫急|别急|不要急|勿急|莫慌|放心|稍等|等等)\S{0,2})?[,，。!！~～\s]*")


def _bare_work_named(reading: Reading, text: str, role: str) -> Reading:
    """`在弄了 莫急` with no order: the work goes on, of no step and no order (G CC ask which), so the order the chat
    picks is named first, as for any report of nothing but its verb."""
    if reading.intent == "progress" and reading.po is None and not reading.also and reading.node == "in_process" \
            and role in ("supplier", "qc", "warehouse") and not _has_figure(reading) and reading.confirm is not True \
            and _BARE_WORK_UNDER_WAY.fullmatch(_folded(text)):
        return replace(reading, confirm=True)
    return reading


def _delay_named(reading: Reading, role: str) -> Reading:
    """`晚两天` from a supplier with no order: how long is said, of which order is not; the chat names the order it
    picks first, as for a bare report (AB)."""
    if reading.intent == "delay" and reading.po is None and not reading.also and role in ("supplier", "qc", "warehouse"):
        return replace(reading, confirm=True)
    return reading


_COUNT_FIELDS = ("qty_done", "qty", "qty_total")


def _order_not_count(reading: Reading, number: str) -> Reading:
    """A message's only number, of an order's length, leading it, read as a count of a reading that names no order
    (`8907 套圈毛坯到了`: 套 read as sets, `8380件收到了`): a PO is never lost into a count, so it is the order, and
    the reading is shown first since the writer may have meant the count."""
    counted = [name for name in _COUNT_FIELDS if str(getattr(reading, name)) == number]
    if not counted:
        return reading
    also = tuple(replace(item, po=number) if item.po is None else item for item in reading.also or ()) or None
    return replace(reading, po=number, also=also, confirm=True,
                   qty_done=None if "qty_done" in counted else reading.qty_done,
                   qty=None if "qty" in counted else reading.qty,
                   qty_total=None if "qty_total" in counted else reading.qty_total)


def _read(raw: str, role: str, today: date) -> Reading:
    folded, display = _prepare(raw)
    if not folded:
        return Reading("unknown")
    return _read_folded(raw, folded, display, role, today)


def _read_whole(raw: str, role: str, today: date) -> tuple[Reading, str]:
    """The message's reading, then settled against the whole message once (a clause read on its own is not); and
    the message folded, for the signs of doubt that need its words (one fold a message, not one more for them)."""
    folded, display, said = _prepared(raw)
    if not folded:
        return Reading("unknown"), folded
    # India's and Indonesia's words in English for the second looks too (as _prepared said them, where it read all)
    if said is None:
        said = in_english(days_first(urdu_in_english(thai_latin_in_english(indonesian_in_english(
            portuguese_in_english(french_in_english(russian_in_english(japanese_said(arabizi_in_english(
                pannonian_in_english(pidgin_in_english(raw))))))))))))
    return _quoted_as_typed(_lunar_day_shown(_settled(_read_folded(said, folded, display, role, today), folded, role, today),
                                             folded, today), folded, display), folded


def _lunar_day_shown(reading: Reading, folded: str, today: date) -> Reading:
    """A day the reader computed from the lunar calendar (`腊月廿三前发`, `年后初十`, `大年夜前一日`) is shown first, as
    `延到年后初十` is (docs/reading-corpus.md): the writer's lunar day and the date it became are put side by side."""
    if reading.confirm is True or reading.intent in _NON_WRITING or not any(
            item.new_date is not None or item.happened_on is not None for item in (reading, *(reading.also or ()))):
        return reading
    return replace(reading, confirm=True) if any(d.lunar for d in find_dates(folded, today)) else reading


_QUOTED = ("description", "reason", "note")


def _quoted_as_typed(reading: Reading, folded: str, display: str) -> Reading:
    """A defect's words, a delay's reason and a note are the sender's own words: quoted in the characters he typed
    (刮傷 in traditional script, 一批磁钢 that the typo repair read as 批次), wherever the folded words stand in the text
    as one piece; what was joined from several pieces stays as read."""
    if folded == display:
        return reading
    msg = _Text(folded, display)
    changed = {name: typed for name in _QUOTED
               if (value := getattr(reading, name)) and (typed := _typed(msg, value)) != value}
    also = tuple(_quoted_as_typed(item, folded, display) for item in reading.also or ()) or None
    if not changed and also == reading.also:
        return reading
    return replace(reading, also=also, **changed)


def _typed(msg: _Text, value: str) -> str:
    at = msg.text.find(value)
    return msg.display[at:at + len(value)] if at >= 0 and msg.text.find(value, at + 1) < 0 else value


# A bare done leading a message with no order before its next clause (`过了 听日发`, `好了 明天还是后天发`), or goods sent
# with nothing but the waybill (`发了 单号SF0302081528306`): no order and no step, the chat picks both, so shown first as
# a bare 发了 is (AK R CO: all such lines of any writer ask)
_BARE_DONE_LEADING = _re(r"^\s*(?:已经|都|全)?(?:好了|过了|搞掂|搞定了?|弄好了|做完了|ok了?)\s+\S")
_WAYBILL_ONLY = _re(r"^\s*(?:已经?)?(?:发了|发货了|已发货?|发咗|寄了|寄出了?)\s*(?:(?:物流|快递|运)?单号|运单)?\s*[:：]?\s*"
                    r"[A-Za-z]{0,4}\d{8,}\s*$")


def _unordered_bare(reading: Reading, folded: str) -> bool:
    """Whether a reading with no order rests on a bare done before another clause, or on goods sent with only a waybill."""
    if reading.intent == "shipment" and reading.qty is None and reading.packages is None:
        return _WAYBILL_ONLY.match(folded) is not None
    return _BARE_DONE_LEADING.match(folded) is not None


_ERRAND_ROLES = ("buyer", "qc", "manager")


def _total_of_what_came(reading: Reading, folded: str) -> Reading:
    """`终检合格 今天发了 共1500件`, `蒸发器到了 共360台`: a total said in a clause of its own after the goods went out
    or came in is what went or came, as it is in the clause of the shipping or the receipt itself (`货已发出 共2000件`:
    some sixty lines; `到货共2400件`); a receipt so counted is no receipt made unless it says so."""
    def counted(item: Reading) -> Reading:
        if item.qty_total is None or item.qty_left is not None:
            return item
        if item.intent == "shipment" and item.qty is None:
            return replace(item, qty=item.qty_total, qty_total=None)
        if item.intent == "progress" and item.node == "received" and item.qty_done is None and item.percent is None:
            done = item.done if _RECEIPT_DONE.search(folded) else None
            return replace(item, qty_done=item.qty_total, qty_total=None, done=done)
        return item
    items = [counted(item) for item in (reading, *(reading.also or ()))]
    return replace(items[0], also=tuple(items[1:]) or None)


def _settled(reading: Reading, folded: str, role: str, today: date) -> Reading:
    """The whole reading against the whole message, where a part the reader was sure of is not what the writer
    said: a wait for stock is its shortage; a start only announced, or a plan of the very node just said done, is
    shown first; the rest of the pieces after a defect is a fact of its own, not the defect's words."""
    if role in _ERRAND_ROLES and reading.intent == "plan" and not reading.also and settle.OWN_ERRAND.search(folded):
        return Reading("noted")
    if role == "supplier" and reading.po is None and reading.node == "shipped" and not reading.also \
            and not _PO_TOKEN.search(folded) and settle.OWN_PICKUP.search(folded):
        return Reading("noted")
    if reading.intent in ("progress", "plan", "shipment") and reading.po is None and not reading.confirm \
            and not _PO_TOKEN.search(folded) and _unordered_bare(reading, folded):
        return replace(reading, confirm=True)
    if reading.intent == "progress" and reading.node == "material_ready" and reading.done is False \
            and not reading.also and not _has_figure(reading) and settle.WAITING_STOCK.search(folded):
        said = _PO_TOKEN.sub(" ", folded).strip(_PUNCT) if reading.po else folded.strip(_PUNCT)
        return Reading("shortage", po=reading.po, reason=said or None, confirm=reading.confirm)
    if reading.intent == "defect" and reading.defect_qty is None and reading.category is None and not reading.also \
            and reading.description and (step := _PROCESSING_WORDS.match(said := _simplified(reading.description))) \
            is not None and _REWORK_UNDER_WAY.fullmatch(said[step.end():].strip()):
        # 抛光 返工中: a step named and its rework under way, no count and no fault: work under way (AN AT)
        return Reading("progress", po=reading.po, node="in_process", done=False, confirm=reading.confirm)
    if reading.intent not in _NON_WRITING and (papers := settle.PAPERS_SENT.search(folded)) is not None:
        # 终检做完了 数据明天发你 货周五走: the papers sent are no goods shipped; the message read without them
        again = _read(folded[:papers.start()] + " " * (papers.end() - papers.start()) + folded[papers.end():], role, today)
        if again.intent not in _NON_WRITING:
            reading = again
    if role == "supplier" and reading.also and settle.ARRIVAL_AFTER_SHIPPING.search(folded) and any(
            item.intent == "plan" and item.node == "shipped" for item in reading.also):
        reading = replace(reading, also=tuple(replace(item, node="received") if item.intent == "plan"
                                              and item.node == "shipped" else item for item in reading.also))
    if role == "supplier" and reading.also and settle.LOADED_TODAY_THEN_ARRIVES.search(folded):
        reading = _loading_left_out(reading, today)
    if role == "supplier" and reading.intent == "plan" and reading.node == "shipped" and reading.also \
            and len(reading.also) == 1 and (_shipped_again(reading, loading := reading.also[0]) or (
                loading.intent == "plan" and loading.node == "shipped" and loading.new_date == today)) \
            and settle.SHIPS_LATER_LOADED_TODAY.search(folded):
        reading = replace(reading, also=None)  # 明天发货 今天装车: the loading is the shipping's own (DE EK)
    if reading.intent == "progress" and reading.node is None and reading.qty_total is not None and reading.also \
            and len(reading.also) == 1 and (went := reading.also[0]).intent == "shipment" and went.qty is not None \
            and went.qty < reading.qty_total and reading.done is None and reading.percent is None \
            and reading.qty_done is None and reading.qty_left is None:
        # 总共2400件 今天先发了1600: the order's size, then the part of it gone; the shipping, not all of it, as
        # 一共2400件 先发了1600 already reads (ED, and the 总共 lines of a dozen corpora)
        reading = replace(went, all=False, confirm=reading.confirm or went.confirm)
    if (reading.qty_total is not None or any(item.qty_total is not None for item in reading.also or ())) \
            and len(_TOTAL.findall(folded)) == 1:
        reading = _total_of_what_came(reading, folded)
    if reading.also and reading.intent == "progress" and reading.node == "material_ready" and reading.done is False \
            and settle.THEIR_MAKING.search(folded) and all(
                item.intent == "progress" and item.node == "in_process" and item.done is False for item in reading.also):
        reading = replace(reading, also=None)  # 原材料还没到 钢厂还在排产: the mill's work, the stock not come
    if reading.happened_on is not None and (promised := settle.DAY_OF_WORDS.search(folded)) is not None:
        again = _read(folded[:promised.start()] + " " * (promised.end() - promised.start()) + folded[promised.end():],
                      role, today)
        if again.intent == reading.intent:
            reading = again  # 钢锭到了 夜来就说到结果今儿才到: yesterday it was promised; it came today
    if (goes_on := settle.GOES_ON.search(folded)) is not None \
            and any(item.intent == "plan" for item in (reading, *(reading.also or ()))):
        again = _read(folded[:goes_on.start()] + " " * (goes_on.end() - goes_on.start()) + folded[goes_on.end():], role, today)
        if again.intent not in _NON_WRITING:
            reading = again  # 机加工完成80%，明天继续: the work goes on tomorrow, no day it will be done
    if (worked := settle.DAY_WORKED.search(folded)) is not None \
            and any(item.intent == "plan" for item in (reading, *(reading.also or ()))):
        again = _read(folded[:worked.start()] + " " * (worked.end() - worked.start()) + folded[worked.end():], role, today)
        if again.intent not in _NON_WRITING:  # (a doubt of the whole message stays: `周六加班 下周一能做完` is asked)
            reading = replace(again, confirm=True) if reading.confirm and not again.confirm else again
            # 周六也干着 在焊: working on Saturday, the welding under way; no plan of Saturday
    if reading.also and settle.DAY_AT_WORK.search(folded) and not any(
            item.intent == "plan" for item in reading.also[:-1]) and reading.also[-1].intent == "plan":
        reading = replace(reading, also=reading.also[:-1] or None)
    if reading.intent == "delay" and reading.node == "shipped" and (theirs := settle.THEIR_SHIPPING.search(folded)) is not None \
            and not settle.OWN_SHIPPING.search(folded[:theirs.start()] + folded[theirs.end():]):
        # 要晚两天铝锭供应商那边压着不发: the supplier's own supplier not shipping is the reason, not the node late (AO)
        reading = replace(reading, node=None)
    if role == "supplier" and reading.also and any(
            item.intent == "plan" and item.node == "received" and before.intent == "progress" and before.node == "material_ready"
            for before, item in zip((reading, *reading.also), reading.also, strict=False)):
        # PO5733 材料到了，PO5734 明天到: the next clause's 到 is the same stock's arrival, not the buyer's receipt (T)
        reading = replace(reading, also=tuple(
            replace(item, node="material_ready") if item.intent == "plan" and item.node == "received" else item
            for item in reading.also))
    if reading.intent == "undo" and reading.also and reading.po is not None:
        return replace(reading, po=None)  # 撤回上条 6141还在滚齿: the order is the new fact's, in `also` (AF)
    if reading.intent == "correct" and (back := settle.TAKE_BACK_WORD.search(folded)) is not None and _OWN_LAST.search(folded) \
            and (told := _fact_after_take_back(folded[back.end():], role, today)) is not None:
        return Reading("undo", also=(told,))  # 刚才那条撤了 8829是明儿发: taken back, then the fact said again (AR)
    if reading.intent == "correct" and reading.po is None and (back := settle.TAKE_BACK_WORD.search(folded)) is not None \
            and (order := _FIRST_ORDER.match(folded, back.end())) is not None and len(_PO_TOKEN.findall(folded)) == 1:
        # 上条删掉 17911 系首件过了 唔系终检: the order straight after the take-back is the corrected report's, as it is
        # the fact's after 上条不算 (AZ BM BN CD CG) and the order leading a take-back is (round 27)
        return replace(reading, po=order["n"])
    if role in ("buyer", "manager", "admin") and reading.intent == "progress" and reading.node == "received" \
            and reading.po is None and not reading.also and not _has_figure(reading) and _ACK_WORD.search(folded):
        return Reading("noted")  # well received, thx: the buyer's thanks for a message, no receipt of any order (AS)
    if reading.intent == "plan" and reading.new_date == today + timedelta(days=2) and settle.TOMORROW_OR_NEXT.search(folded):
        # 明后天能回来: tomorrow or the day after, two days as alternatives: the earlier, shown first (as 明天还是后天)
        return replace(reading, new_date=today + timedelta(days=1), confirm=True)
    if reading.intent == "progress" and reading.node == "shipped" and reading.done is False and not reading.also \
            and settle.WAITING_TRUCK.search(folded):
        # 包装好了 等车: waiting for the truck is no fact (AG AI AO AX F read it so beside a step done); alone it is
        # nothing to record, so asked back (AY)
        return Reading("clarify", po=reading.po, question="what_update")
    if reading.intent == "defect" and reading.category is None and not reading.also and reading.description \
            and (root := next((kind for kind, words in settle.DEFECT_ROOTS if words.search(reading.description)), None)):
        reading = replace(reading, category=root)
    if reading.intent == "plan" and not reading.also and (etd := settle.ETD.search(folded)) is not None \
            and (eta := settle.ETA.search(folded)) is not None and etd.start() < eta.start():
        leaves = next((d.value for d in find_dates(folded[etd.end():eta.start()], today)), None)
        comes = next((d.value for d in find_dates(folded[eta.end():], today)), None)
        if leaves is not None and comes is not None and leaves <= comes:
            return replace(reading, node="shipped", new_date=leaves,
                           also=(Reading("plan", po=reading.po, node="received", new_date=comes),))
    if reading.intent == "shipment" and reading.also and _CARRIER_NAMED.search(folded) \
            and any(_shipped_again(reading, item) for item in reading.also):
        # 昨天发出去了 物流是佳吉: the carrier named after the shipping is the same goods gone, no second shipment
        reading = replace(reading, also=tuple(item for item in reading.also if not _shipped_again(reading, item)) or None)
    if reading.intent == "defect" and reading.defect_qty is not None and reading.po is not None and not reading.also:
        reading = _faults_apart(reading, folded, role, today)
    if reading.intent == "shipment" and reading.confirm is not True and settle.LOADED_GOES_TODAY.search(folded):
        reading = replace(reading, confirm=True)
    if reading.intent == "shipment" and reading.also and reading.confirm is not True and any(
            item.intent == "progress" and item.node == "in_process" and item.done is False for item in reading.also) \
            and settle.REST_STILL_MADE.search(folded):
        reading = replace(reading, confirm=True)  # 发了两百个 剩下的都在做: the making beside it, or only `all: false`?
    if reading.intent == "shipment" and reading.also and reading.confirm is not True and any(
            item.intent == "plan" and item.node == "shipped" for item in reading.also) \
            and settle.REST_BY_MONTH_END.search(folded):
        reading = replace(reading, confirm=True)
    items = (reading, *(reading.also or ()))
    if reading.intent not in _NON_WRITING and _nothing_settled(reading, folded):
        # 钢厂说在排产: only another party's words; 发了 还没发完 都发完了: the same work finished and not: no fact to
        # record, so asked back (AY N expect `clarify`)
        return Reading("clarify", po=reading.po, question="what_update")
    if reading.intent == "plan" and not reading.also and reading.confirm is not True and "我" not in folded \
            and not without_hearsay(" " + _PO_TOKEN.sub(" ", folded)).strip(_PUNCT).strip():
        # 热处理厂说明天出炉, 镀铬厂说下周一能出: a day in another party's words alone, the sender's own none: its plan
        # (D), its plan shown first (AK), or asked back (EP): shown first
        return replace(reading, confirm=True)
    if reading.intent not in _NON_WRITING and reading.confirm is not True and _unsettled(reading, items, folded):
        return replace(reading, confirm=True)
    if role in ("supplier", "qc") and any(item.intent == "defect" and item.description
                                          and settle.REST_OF_PIECES.search(item.description) for item in items):
        return _rest_apart(reading, role, today)
    if reading.intent == "progress" and reading.done is False and reading.qty_done is not None \
            and reading.qty_left is not None and not settle.REST_UNDER_WAY.search(folded):
        # 冲压好了800 还差1200: the count left says the step is not finished; no done is written beside it (81 lines of
        # some twenty writers leave it out, 4 of two write it); the rest said under way (还有500在做) is the step begun
        reading = replace(reading, done=None)
    if reading.intent == "progress" and reading.done is True and reading.qty_done is not None and not reading.also \
            and reading.qty_total is None and reading.qty_left is None \
            and settle.COUNT_BEFORE_DONE.fullmatch(_HEAD_ORDER.sub("", folded, count=1).strip(_PUNCT)):
        # 两千套组装好咗: a count said before its step's done word is what was made so far, as a count glued after it
        # (冲压好了1500) and the house's `2000件都做完了` are: no done (O)
        reading = replace(reading, done=None)
    if reading.intent == "progress" and reading.node == "in_process" and reading.qty_total is not None \
            and reading.done is None and not reading.also and _OF_TOTAL_STEP.search(folded):
        # 3000套里装配好了2400: of the whole, the step named has done so many; under way (`done: false`, S) or a bare
        # count of it (AS AT AY)? Shown first
        return replace(reading, confirm=True)
    if reading.intent == "delay" and reading.new_date is None and reading.delay_days is None and reading.confirm is not True \
            and (unread := settle.MOVED_TO_UNREAD_DAY.search(folded)) is not None \
            and not find_dates(folded[unread.start():], today):
        # 延到年后初十: moved to a day the reader cannot place (a lunar day): the move is shown first, never written dateless
        return replace(reading, confirm=True)
    if reading.intent == "delay" and reading.delay_days is not None and settle.DAYS_AS_A_RANGE.search(folded):
        return replace(reading, delay_days=None, confirm=True)  # 要晚三四天: which of the two is asked, never guessed
    if role == "supplier" and reading.intent == "progress" and reading.node == "received" and not reading.also \
            and settle.SUPPLIER_RECEIVED.search(folded) and not settle.THE_BUYERS_SIDE.search(folded):
        # 9014 wire rod received: what a supplier receives is his stock come in (AB AO AS AT C G I J L Y, none the
        # buyer's receipt); the buyer's receipt he relays names the buyer (客户收到了)
        reading = replace(reading, node="material_ready")
    if reading.intent == "progress" and reading.node == "received" and reading.done is not None and not reading.also \
            and not _has_figure(reading) and settle.COUNT_SHORT_UNSAID.search(folded):
        # 到了 数量少了: come in, short by a count not said: not booked in whole, asked (ED's notes)
        return replace(reading, done=None, confirm=True)
    if reading.intent == "progress" and reading.node == "received" and reading.done is True and reading.also \
            and any(item.intent == "defect" and item.category == "quantity" for item in reading.also) \
            and not _RECEIPT_DONE.search(folded):
        # 到了 少发了50只, 收货 600件 短装40件: come in short by a count, not booked in whole: no done (AY AZ EC EP)
        reading = replace(reading, done=None)
    if reading.confirm is not True and _split_reading(reading, items, folded):
        return replace(reading, confirm=True)  # writers split on it: the house's reading, shown first (round 41)
    if reading.confirm is True or reading.intent != "progress":
        return reading
    if reading.node == "in_process" and reading.percent is not None and not reading.also \
            and settle.BARE_WORK_SHARE.match(_goods_off(_PO_TOKEN.sub(" ", folded).strip(_PUNCT_KEEP_PERCENT))):
        # 在做 完成20%: the making, or no node? (writers split 2 to 5); so with the goods named first (`针床还在做
        # 大概一半`: EQ's writer asks it, a part's name says no step)
        return replace(reading, confirm=True)
    if any(item.intent == "progress" and item.node == "in_process" and item.done is False for item in items[1:]) \
            and (settle.START_SCHEDULED.search(folded) or (settle.START_BARE.search(folded) and not settle.START_MARKED.search(folded))):
        return replace(reading, confirm=True)
    return reading


_CARRIER_NAMED = re.compile(r"(?:物流|快递)\s*(?:是|用的|找的)|走的(?!货)")


def _faults_apart(reading: Reading, folded: str, role: str, today: date) -> Reading:
    """压伤3件 变形2件: faults each with its own count and nothing else said, read as one defect each (settle's
    FAULT_COUNTED); where one of them reads as no counted defect alone, the reading stays as it was."""
    body = _HEAD_ORDER.sub("", folded, count=1).strip(_PUNCT)
    if reading.lot and (head := _LOT_HEAD.match(body)) is not None and head["lot"].upper() == reading.lot.upper():
        body = body[head.end():]  # 这批B2612的 压伤3件 变形2件: the lot heads the faults, each one that lot's (EE EN)
    faults: list[str] = []
    at = 0
    while at < len(body) and (said := settle.FAULT_COUNTED.match(body, at)) is not None:
        faults.append(said["fault"])
        at = said.end()
    if len(faults) < 2 or at < len(body):
        return reading
    told = [_read(f"{reading.po} {fault}", role, today) for fault in faults]
    if not all(item.intent == "defect" and item.defect_qty is not None and item.description and not item.also
               for item in told):
        return reading
    doubt = True if any(item.confirm for item in told) else None  # the run-on words were the whole message's doubt
    told = [replace(item, lot=item.lot or reading.lot) for item in told]
    return replace(told[0], confirm=doubt, also=tuple(replace(item, confirm=None) for item in told[1:]))


# A lot heading the faults found in it (`这批B2612的`, `批号B2612`, `B2612批`)
_LOT_HEAD = _re(r"(?:这批|该批|此批|批号|批次)?\s*[:：]?\s*(?P<lot>[A-Za-z][A-Za-z0-9\-]{2,20})\s*(?:的|批)?[\s,，;；]*")


def _loading_left_out(reading: Reading, today: date) -> Reading:
    """今天下午装车 明天到你们那: the loading today read as goods shipped (or their shipping planned for today), right
    before the day they come, is no node of its own: the receipt's plan is the message's (settle's
    LOADED_TODAY_THEN_ARRIVES)."""
    items = (reading, *(reading.also or ()))
    for index, (loading, arrival) in enumerate(zip(items, items[1:], strict=False)):
        if arrival.intent == "plan" and arrival.node == "received" and arrival.po in (None, loading.po) and (
                _shipped_again(loading, replace(loading, po=None, also=None))
                or (loading.intent == "plan" and loading.node == "shipped" and loading.new_date == today)):
            kept = [replace(item, also=None) for item in items[:index] + items[index + 1:]]
            head = replace(kept[0], po=kept[0].po or loading.po, confirm=reading.confirm)
            return replace(head, also=tuple(kept[1:]) or None)
    return reading


def _shipped_again(first: Reading, item: Reading) -> bool:
    """A further shipment of the same order that says nothing of its own: no count, packages, weight, day, lot or all."""
    return item.intent == "shipment" and item.po in (None, first.po) and not item.also and all(
        getattr(item, f.name) is None for f in fields(item) if f.name not in ("intent", "po", "node", "confirm"))


def _fact_after_take_back(rest: str, role: str, today: date) -> Reading | None:
    """The report said again after the last one is taken back, with its order: `8829是明儿发` is 8829 明儿发."""
    told = _read(settle.ORDER_IS.sub(" ", rest.strip(_PUNCT), count=1), role, today)
    if told.intent in ("progress", "plan", "shipment") and (told.po is not None or told.node is not None) and not told.also:
        return told  # `previous msg cancel, final inspection not yet completed`: the fact on the last report's order
    return None


def _nothing_settled(reading: Reading, folded: str) -> bool:
    own = without_hearsay(" " + _PO_TOKEN.sub(" ", folded)).strip(_PUNCT)
    if not own and reading.intent == "progress" and "我" not in folded:
        return True
    # the same verb said finished, with 完 or as all of it (都发了 啦: Minnan 拢发了)
    return any((other := re.search(rf"(?<![没未有]){m['v']}完|(?<=[都全])\s*{m['v']}了", folded)) is not None
               and other.start() != m.start("v")
               for m in settle.NOT_FINISHED_OF.finditer(folded))


def _unsettled(reading: Reading, items: tuple[Reading, ...], folded: str) -> bool:
    """A reading the message does not settle, to be shown first: a day or a number of days (`3天后才能交货`), or a
    truck read as a step (`车找好了`). (A message with no fact of its own is `_nothing_settled`'s.)"""
    if reading.intent == "delay" and reading.new_date is not None and settle.DAYS_ON_DELAY.search(folded):
        return True
    return any(item.intent == "progress" and item.node == "in_process" for item in items) and settle.TRUCK.search(folded) is not None


def _rest_apart(reading: Reading, role: str, today: date) -> Reading:
    """A defect's words that run on into the rest of the pieces (`其余的终检合格`, `其他的明天照常出货`): the defect is
    what came before, and the rest's fact, read on its own, follows it (J T U Y); the rest passed with nothing more
    (`其余合格`) is no fact. A rest the reader cannot read is shown first."""
    out: list[Reading] = []
    unsure = reading.confirm is True
    for item in (reading, *(reading.also or ())):
        rest = settle.REST_OF_PIECES.search(item.description or "") if item.intent == "defect" else None
        out.append(replace(item, also=None))
        if rest is None or settle.REST_PASSED_ONLY.fullmatch(rest["rest"]):
            continue
        said = rest["rest"][len(passed.group(0)):] if (passed := settle.REST_PASSED_ONLY.match(rest["rest"])) else rest["rest"]
        told = _read(f"PO{item.po} {said}" if item.po else said, role, today)
        kept = (item.description or "")[:rest.start()].strip()
        if not kept or told.node is None or not (told.intent == "shipment" or (told.intent == "plan" and told.new_date)
                                                   or (told.intent == "progress" and told.done is True)):
            unsure = True
            continue
        out[-1] = replace(out[-1], description=kept)
        out.extend(replace(each, confirm=None, also=None) for each in (told, *(told.also or ())))
        unsure = unsure or told.confirm is True
    return replace(out[0], also=tuple(out[1:]) or None, confirm=True if unsure else out[0].confirm)


def _read_folded(raw: str, folded: str, display: str, role: str, today: date) -> Reading:
    reading = _second_look(_read_prepared(folded, display, role, today), folded, raw, role, today)
    if reading.po is None and not reading.also and (head := _ORDER_BEFORE_PART.match(raw)) is not None \
            and float(head["n"]) in {reading.qty_done, reading.qty, reading.qty_total}:
        # 8907 套圈毛坯到了: the order, then a part whose name starts with a unit's character (套圈), not 8907 sets
        named = _read("PO" + raw.lstrip(), role, today)
        if named.po == head["n"]:
            return named
    if role in ("supplier", "qc", "warehouse") and (stepped := _step_by_its_slot(reading, raw, role, today)) is not None:
        return stepped
    if role in ("supplier", "qc") and (found := _trouble_counted(reading, folded, display)) is not None:
        return found
    if reading.also and (graded := _grade_of_stock(reading, folded)) is not None:
        reading = graded
    if reading.intent == "progress" and reading.node == "received" and reading.lot is not None and reading.done is True \
            and not reading.also and not _RECEIPT_DONE.search(folded):
        # 批号KS1120 到货了: one lot of the order came in, not the order's receipt made (AO AQ AR AS against N)
        reading = replace(reading, done=None)
    if role in ("supplier", "qc", "warehouse") and (
            (reading.intent == "unknown" and _fragment_of_report(folded, today))
            or (reading.intent == "defect" and reading.po is None and reading.defect_qty is None
                and reading.category is None and reading.lot is None and reading.lot_seq is None)):
        return Reading("clarify", question="what_update")
    if reading.po is None and reading.intent in ("delay", "defect", "shortage") and not reading.also \
            and (said := reading.reason or reading.description) and (order := _STANDING_ORDER.search(said)) is not None:
        # an order left inside the words of a reason or a defect is never lost there: it is the order, shown first
        reading = replace(reading, po=order.group(0), confirm=True)
    if reading.po is None and role in ("supplier", "qc", "warehouse") and reading.intent in ("progress", "shipment") \
            and reading.node is not None and (_FIRST_ORDER.match(raw) or _ORDER_AFTER_ADDRESS.match(raw)) is None \
            and (opening := _ORDER_AFTER_OPENING.match(folded)) is not None and len(_DIGIT_RUN.findall(folded)) == 1 \
            and not _STEP_WORD.search(opening["head"]) and not _DONE.search(opening["head"]) \
            and not _COUNTED_WHAT.search(opening["head"]) and not _UNIT_FIRST.match(folded, opening.end()):
        again = _read(" " * opening.start("n") + raw[opening.start("n"):], role, today) \
            if raw[opening.start("n"):opening.end("n")] == opening["n"] else None
        # the report read from its order on: the opening words held no fact (no step, done, count or day of it)
        reading = again if again is not None and again.po == opening["n"] and again.intent == reading.intent \
            and not find_dates(opening["head"], today) else _order_not_count(reading, opening["n"])
    if reading.po is None and role in ("supplier", "qc", "warehouse") and reading.intent in ("progress", "shipment") \
            and reading.node is not None and (_FIRST_ORDER.match(raw) or _ORDER_AFTER_ADDRESS.match(raw)) is not None \
            and (first := _FIRST_ORDER.match(folded) or _ORDER_AFTER_ADDRESS.match(folded)) is not None \
            and len(_DIGIT_RUN.findall(folded)) == 1:
        # a report of a step, not a count alone (`1500件`, `两千五` ask which order and what), written in digits; a word
        # of address before it (`阿兄 9545料今日到了`, `拐子 9800首件过了撒`) leaves it leading the report
        reading = _order_not_count(reading, first["n"])
    if reading.intent == "unknown" and reading == _UNKNOWN and _acknowledged(korean_in_chinese(raw).lower()):  # (an unknown command keeps its note)
        return Reading("noted")
    if reading.intent == "unknown" and reading == _UNKNOWN and not _nothing_of_the_trade(korean_in_chinese(raw).lower()):
        # a fragment of the trade's talk (`下周`, `还差点`, `那批货哪样了`, `the bearings?`) is asked back, never dropped:
        # 43 lines of 22 writers expect it so; only noise, small talk and injections stay unknown
        return Reading("clarify", question="what_update")
    if reading.intent == "unknown" and _LOT.fullmatch(folded.strip(_PUNCT)):
        return Reading("clarify", question="what_update")  # 批号B-0318 alone, from anyone: what of that lot?
    if role in ("supplier", "qc", "warehouse") and reading.intent == "noted" and _DONE_STANDALONE.fullmatch(folded.strip(_PUNCT)):
        return Reading("clarify", question="what_update")  # 妥了 from a supplier: done, of which order and step? (a buyer's is OK)
    if role in _BUYERS_SIDE and reading.intent in ("progress", "shipment") and reading.node != "received" \
            and reading.confirm is not True:
        # a buyer or manager does not report the supplier's making, checking or shipping. A step named as under way
        # with an order and no figure (1001 在装配) is how he asks its state; what he says is done he relays, so it is
        # shown first (the chat tells a buyer where progress is reported and how to ask for it)
        if reading.po is not None and reading.done is not True and not _has_figure(reading) and not reading.also:
            return Reading("status_query", po=reading.po)
        return replace(reading, confirm=True)
    if role == "warehouse" and reading.intent in ("progress", "shipment") and reading.node != "received":
        return replace(reading, confirm=True)  # the warehouse receives; of the making it only relays: shown first
    return reading


# A message opened by an order's number set apart by a space from a word that starts with a unit's character (`8907
# 套圈毛坯到了`, `8940 套圈车加工完了`): no writer of any corpus opens a count so; a count is glued to its unit or followed
# by its verb (`2000 件已发`).
_ORDER_BEFORE_PART = re.compile(rf"^\s*(?P<n>\d{{4,12}})\s+(?={UNIT}[{_CJK}])(?!{UNIT}[已了都全还在再发到出做完好交走送收给被的和也就])")
# A step the shop words do not hold, named where only a step stands: a two-character word of its own straight after the
# order or 在/正在 and straight before its done word, its share or 中 (`8789 切管80%`, `9170 装调完成三成`, `7232 衡磨中`,
# `正在装调`). Read as any step would be (`加工`), so its count, share and `done` follow the house rules for a step named
# in full, instead of a bare share with no node (AK, AR, AS, AT: eleven lines of five writers left their step unread).
_STEP_SLOT = re.compile(rf"(?:(?<=\d)|(?<=\d\s)|(?<=[\s,，;；])|(?<=在))(?P<step>[{_CJK}]{{2}})"
                        rf"(?=完了|完成|完毕|好了|进度|中(?![{_CJK}])|\s*\d+(?:\.\d+)?\s*%)"
                        rf"|(?:(?<=在)|(?<=开始))(?P<begun>[{_CJK}]{{2}})(?=了?\s*$)")  # `8757 在贴花`, `开始切管了`
# Not a step: a word of the reading's own or of filler, a bare verb of work (做完, 弄好), the goods or a part's name.
_NOT_STEP_CHARS = frozenset(FILLER_ONE + "做干弄搞整发到出交货单件料批全都已没未再又刚才将要快总共")
# What was made and by which step, said together where only a step stands (`曲轴锻好了`, `网布定型好了`, `刀轴焊好了
# 400根`, `托盘做好了`, `动平衡做完了`, `点汗搞完了`): the thing worked and its verb, two to six characters of a clause
# of their own before the done word, with a bare verb of work (做, 搞, 弄) left to the done word; or a step after 在 that
# ends its clause (`在织 40%`, `在充气 完成了70%`). Twenty lines of thirteen writers (AA AB AD AE AG AK AQ AR AS AU AV AW
# U) read such a report as the processing, `in_process`, and none as another node.
#
# Two more slots of the same report (reader20b): the treatment gone out and come back (`锌镍件回来了`, `镀铬回来了`):
# 51 lines of 29 writers read `<order> <treatment> 回来了` as the processing done, one (Q) as stock hauled back (管料,
# whose 料 no step holds); and a step of three or four characters under way with 中 (`动平衡中`, `定子嵌线中`), as the
# two-character slot above reads `衡磨中`.
_MADE_SLOT = re.compile(rf"(?:^|(?<=\d)|(?<=[\s,，;；]))(?P<made>[{_CJK}]{{2,6}}?)(?=[做搞弄]?(?:完成|完毕|完工|好了|好咗|完了|完咗|"
                        rf"(?:完|好)(?![{_CJK}]))|件?回(?:来|厂)了|中(?![{_CJK}]))"
                        rf"|(?<=在)(?P<under>[{_CJK}]{{1,4}})(?=[\s,，;；]*(?:\d|完成|$)|[\s,，;；]+[{_CJK}])")
# The same slot in English (`box build done`, `powder coat parts come back liao`, `heading 45% done`): one to three
# words of the work between the order and its done word or share. 32 lines of 14 writers (AA AC AG AL AS BA H I K L M
# and the house's) read `<order> <step> done` as `in_process`; the words that name a check, a first article, packing,
# stock or the whole order name another node or none, and are left.
_ENGLISH_STEP_SLOT = re.compile(
    r"(?:(?<=\d)\s+|^|(?<=[,;]\s))(?P<step>[a-z][a-z'\-]*(?:\s+[a-z][a-z'\-]*){0,2}?)"
    r"(?=\s+(?:parts?\s+|pcs\s+)?(?:done|finish(?:ed)?|completed?|come back|came back|back|\d{1,3}\s*%"
    # or under way (`trimming in progress`, India's `vulcanising going on`, said so in handlers/reading_india.py)
    r"|(?:is\s+|are\s+)?in progress(?=\s*(?:[,.;!]|$|\s+(?:sir|now|today|and|will))))"
    r"(?!\s+\S+\s+of\s+\d))", re.IGNORECASE)
# A second step named as under way after the first one's done (`deburr done, now powder coat`): the work stands at the
# second, and which is the sender's to say.
_DONE_THEN_NOW = re.compile(r"(?<![A-Za-z])(?:done|finish(?:ed)?|completed?)\b.*?[,;]\s*now\s+[a-z]", re.IGNORECASE)
_NOW_NEXT = re.compile(r"(?<![A-Za-z])now\s+[a-z]", re.IGNORECASE)
_NOT_ENGLISH_STEP = frozenset({
    "all", "half", "everything", "whole", "order", "po", "job", "work", "qc", "oqc", "iqc", "fqc", "ipqc", "fai", "inspection",
    "inspect", "check", "checking", "test", "testing", "tested", "pack", "packing", "packaging", "packed", "carton",
    "material", "materials", "mat'l", "matl", "sample", "samples", "first", "article", "shipment", "delivery",
    "goods", "already", "about", "around", "now", "still", "only", "also", "not", "yet", "is", "are", "was", "be",
    "the", "a", "an", "and", "lot", "batch", "liao", "lah", "ok", "can", "will", "have", "has", "had", "been",
    "just", "today", "tmr", "tomorrow", "yesterday", "production", "mass", "pcs", "pc", "piece", "pieces", "unit",
    "units", "set", "sets", "ea", "kg", "kgs", "ctn", "ctns", "plt", "plts", "cartons", "pallet", "pallets",
    # a day said before the base verb (`next Tuesday finish`): when, not what
    "next", "this", "week", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "cannot"})
# Not the thing made and its step: packing (no node), a check, a sample, a mould, a receipt, or trouble; nor the look
# of the goods or a verdict on it (`外观很好`, `外观杠好`: a QC's word of the goods, no step done).
_NOT_MADE_CHARS = frozenset("包检验测试样模收库坏断裂漏等途齐回来去没不未首批次零一二两三四五六七八九十百千万几观很")


def _wrapping_under_way(slot: re.Match[str], ch: str) -> bool:
    """包 in a step under way after 在 that is no packing (`在漆包`, `在包边`, `在包胶`: wrapping is the work, as AO's
    `藤椅在包边` and CB's `在漆包 完成40%` say), where `在包装`/`在打包` stay packing, no node."""
    return ch == "包" and slot["under"] is not None and len(slot["under"]) > 1 and not _PACKING.search(slot["under"])


def _step_by_its_slot(reading: Reading, raw: str, role: str, today: date) -> Reading | None:
    """The reading again with an unknown step in its slot read as `加工`, when it gave a share, a count or a done with no
    node: a step the shop words do not hold is still a step, and its figures follow the rules of a step named in full.
    Kept only when the second reading is the same report of `in_process`, and sure of it."""
    asked = reading.intent == "clarify" and reading.question == "what_update" and reading.po is not None
    if (reading.intent not in ("progress", "plan") and not asked) or reading.also or reading.node is not None \
            or (reading.intent == "progress" and reading.percent is None and reading.qty_done is None and reading.done is None):
        return None
    if (reading.qty_done is not None or reading.percent is not None) and any(
            _lone_step_verb(match) == " " for match in _LONE_VERB_COUNTED.finditer(raw)):
        return None  # 转轴车好了六百根: the count glued to a verb's one character is a bare count, whatever stands before
    words = _vocabulary().chinese
    raw = fold_perfective(raw)  # 车扣完咧 800件: Shaanxi's 咧 is the 了 the slots look for
    text = raw
    for slot in _STEP_SLOT.finditer(raw):
        step = slot["step"] or slot["begun"]
        if step in words or any(ch in _NOT_STEP_CHARS for ch in step) \
                or step[0] in "完进進" or step[1] in "成度":
            continue  # 完城80%, 进杜80%, 万成: 完成 or 进度 mistyped, no step (sixteen corpora write such typos)
        text = text[:slot.start()] + "加工" + text[slot.end():]
    if text == raw:
        text = _made_by_its_step(raw, words, counted=reading.qty_done is not None or reading.qty_total is not None)
    if text == raw:
        text = _english_step(raw)
    if text == raw:
        return None
    # 加工完了 1800个 reads no node where 机加工完了 1800个 does; an English step (`machining`) is read once
    for said in dict.fromkeys((text, text.replace("加工", "机加工"))):
        folded, display = _prepare(said)
        again = _second_look(_read_prepared(folded, display, role, today), folded, said, role, today)
        if (again.intent == reading.intent or asked) and again.po == reading.po and again.node == "in_process" \
                and not again.confirm:
            return again
    return None


def _english_step(raw: str) -> str:
    """The message with the English words of a step the reader lacks (`box build`, `powder coat`) said as
    a step the reader knows; the message itself where no such slot holds one."""
    text = raw
    for slot in reversed(list(_ENGLISH_STEP_SLOT.finditer(raw))):
        step = slot["step"].lower().split()
        if any(word in _NOT_ENGLISH_STEP for word in step) or _NOW_NEXT.search(raw, slot.end()) \
                or (raw[slot.end():].lstrip()[:1].isdigit() and not step[-1].endswith("ing")):
            continue  # before a share only a step's -ing names the work (`bending 50%`); `finsh 80%` is done mistyped
        share = raw[slot.end():].lstrip()[:1].isdigit()  # `machining 50%` is under way; `welding back` is done
        text = text[:slot.start("step")] + ("machining" if share else "welding") + text[slot.end("step"):]
    return text


def _made_by_its_step(raw: str, words: frozenset[str], *, counted: bool) -> str:
    """The message with the thing made and its step (`网布定型`, `刀轴焊`, `在织`) said as `加工`, the step any
    shop word would name; the message itself where no such slot holds one. A part made by the bare verb of work with
    a count (`柜体做好30套了`, `柜体做好了二十台`) is the count of parts made, no step (AB's writer), so it is left."""
    text = raw
    for slot in reversed(list(_MADE_SLOT.finditer(raw))):
        made = slot["made"] or slot["under"]
        if made in words or any(ch in _NOT_STEP_CHARS or ch in _NOT_MADE_CHARS and not _wrapping_under_way(slot, ch) for ch in made) \
                or made[0] in "完进進已都全" or (counted and raw[slot.end():slot.end() + 1] in "做搞弄"):
            continue
        text = text[:slot.start()] + "加工" + text[slot.end():]
    return text


# Words beside a lone count that say nothing of making, moving or a day (`抽丝 12片`, `壁厚不均 11只`, `bearing noise 12
# pcs`, `8447纸箱有40只破的`): no writer of any corpus reports progress so (every count of progress carries a verb:
# 做好了800个, 发了500件, 到了 500米), while sixteen lines of twelve writers (AA AB AD AK AO AS AT AU AW and more) write
# a defect found and counted. Read as that defect, its words the description, shown first since the reader does not
# know the words.
_TROUBLE_COUNT = _re(rf"(?<![\d.])(?P<n>\d+)\s*(?:{UNIT}|把)(?![A-Za-z])")
_REPORT_CHARS = frozenset("做干弄搞整发到出交货完好已剩差还在过收装走送寄共总里批测查验合格入库来回排等要会能将今昨明天")
# Pieces sampled or checked (`抽了200个`, `检查了50件`) or made by a verb said before its count (`焊了300个`, `打了两千八`).
_COUNTED_BY_VERB = _re(r"抽[检查测样了]|检[查测验]|[\u4e00-\u9fff]了$")
_TROUBLE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (  # a defect's words the categories do not hold, by their root
    ("material", _re(r"渗层|硬度|材")),
    ("packaging", _re(r"纸箱|箱|破")),
    ("dimension", _re(r"[长短宽窄厚薄深浅]|椭圆|圆度|不均|距|偏|超")),
    ("function", _re(r"异音|异响|噪|漏|不牢|松|卡|不转|不动|响|(?<![A-Za-z])(?:noise|noisy|leak\w*|loose|stuck)(?![A-Za-z])")),
    ("appearance", _re(r"颗粒|丝|印|花|色|脏|崩|面|点|痕")),
)


def _trouble_counted(reading: Reading, folded: str, display: str) -> Reading | None:
    """A count of pieces beside words that say no report (`抽丝 12片`): the defect found and counted, shown first."""
    if reading.intent != "progress" or reading.node is not None or reading.done is not None or reading.also \
            or reading.po is None or reading.percent is not None or reading.qty_done is None \
            or reading.qty_total is not None or reading.qty_left is not None or reading.happened_on is not None:
        return None
    head = _order_in(reading.po, folded)
    counts = list(_TROUBLE_COUNT.finditer(folded))
    if head is None or len(counts) != 1 or float(counts[0]["n"]) != reading.qty_done or re.search(
            r"\d", folded[:head.start()] + " " + folded[head.end():counts[0].start()] + " " + folded[counts[0].end():]):
        return None
    count = counts[0]
    words = " ".join(part.strip(_PUNCT + "有的") for part in (
        display[:head.start()], display[head.end():count.start()], display[count.end():]) if part.strip(_PUNCT + "有的"))
    plain = " ".join((folded[:head.start()], folded[head.end():count.start()], folded[count.end():]))
    if not words or len(words) > 16 or any(ch in _REPORT_CHARS for ch in plain) or _NODE_WORD.search(plain) \
            or _STEP_WORD.search(plain) or _DONE.search(plain) or _ONGOING.search(plain) or _FUTURE.search(plain) \
            or _DELAY.search(plain) or _SHORTAGE.search(plain) or _HEDGE.search(folded) or _COUNTED_BY_VERB.search(folded, head.end(), count.start()):
        return None
    category = _defect_category(plain) or next((name for name, kind in _TROUBLE_KINDS if kind.search(plain)), None)
    return Reading("defect", po=reading.po, defect_qty=int(reading.qty_done), description=words, category=category,
                   confirm=True)


_DECIMALS = re.compile(r"\d+")


def _order_in(po: str, text: str) -> re.Match[str] | None:
    """The first place `po` stands in `text` with no digit either side, as `(?<!\\d)PO(?!\\d)` finds it: an order of
    digits is one whole run of them, found without compiling a pattern for each order (a new one nearly every message)."""
    if po.isdecimal():
        return next((run for run in _DECIMALS.finditer(text) if run.group(0) == po), None)
    return re.search(rf"(?<!\d){re.escape(po)}(?!\d)", text)


# A number glued to the stock it grades (`6061铝管`, `6061棒料`, `304板`): the metal's grade, not a second order.
_STOCK_AFTER = "铝钢铜棒板管材锭型"  # 型 of 型材 (6063型材: CC); not 料: `3737料到了` is an order and its stock


def _grade_of_stock(reading: Reading, text: str) -> Reading | None:
    """`8753 6061铝管昨儿到的`: the message's order stands apart, and a second "order" glued to the stock it names, with
    the very same fact, is the stock's grade (AR, AT; AF, S and W write 304板, 316料 the same way). It is dropped, never
    recorded as an order of its own."""
    head = _order_in(reading.po, text) if reading.po else None
    if head is None or text[head.end():head.end() + 1] in _STOCK_AFTER:
        return None
    kept = [item for item in reading.also or () if not (
        item.po and _glued_to_stock(item.po, text)
        and not _near_order(item.po, reading.po) and replace(item, po=reading.po, also=None) == replace(reading, also=None))]
    if len(kept) == len(reading.also or ()):
        return None
    return replace(reading, also=tuple(kept) or None)


def _glued_to_stock(po: str, text: str) -> bool:
    """Whether `po` stands glued to a stock (`6061铝管`), as `(?<![\\d、,，和])(?<![、,，和]\\s)PO[铝钢...]` finds it, without
    compiling that pattern for each order (a new one nearly every message with two orders, ~7% of the reader's time)."""
    at = text.find(po)
    while at >= 0:
        end = at + len(po)
        if end < len(text) and text[end] in _STOCK_AFTER and not (at and (text[at - 1].isdecimal() or text[at - 1] in "、,，和")) \
                and not (at > 1 and text[at - 2] in "、,，和" and text[at - 1].isspace()):
            return True
        at = text.find(po, at + 1)
    return False


def _near_order(one: str, other: str | None) -> bool:
    """Orders named together run close (`3736 3737铝管到了`: two orders); a grade lies far from the order (6061 by 8753)."""
    return other is not None and one.isdigit() and other.isdigit() and abs(int(one) - int(other)) < 100


# A piece of a report with no order and no fact whole (`明天`, `800`, `数量不对`, `整完了`, `快了快了`): asked back,
# never dropped as chatter. Chatter (`你好`, `今天天气不错`, `哈哈`) holds none of these.
_FRAGMENT_WORDS = _re(r"说不准|不好说|合格了|和格了|过了|不对|对不上|少了|多了|不够数|有毛病|不行|有问题|有(?:点|些|一点)(?:问题|毛病)|出问题|改一下|改下|搞定|整完|弄完|做完|好了|快了|差不多|一点点|在弄|在做|在搞|停一下|先停|等下说|咋整|怎么说")


# Talk that holds nothing of the trade: greetings, wishes (假期愉快), laughter, meals, weather, a keyboard mashed along one row, a
# machine's placeholder (`[图片]`) or code pasted in (`<script>`, `DROP TABLE`, `' OR 1=1 --`).
_SMALL_TALK = _re(r"(?<![\u4e00-\u9fff])早晨(?![\u4e00-\u9fff\d])|^\s*早[啊呀哈~～!！。.]*\s*$|你好|您好|在吗|在么|在不在|在嘛|早上好|早安|午安|晚安|下午好|晚上好|哈{2,}|呵{2,}|嘿{2,}|嘻{2,}|吃饭|吃啥|吃了吗|吃了没|食饭|食咗饭|饮茶|"
                  r"吃什么|天气|下雨|出太阳|好热|好冷|周末|放假去|喝茶|喝酒|打球|快乐|愉快|"
                  r"(?<![a-z])(?:hello|hi|hey|hiya|good (?:morning|afternoon|evening|night)|morning|haha+|lol|hehe+)(?![a-z])")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_CODE = _re(r"<\s*/?\s*[a-z]+[^>]*>|(?<![a-z])(?:select|drop|insert|delete|update|union)\s+(?:\*|from|table|into|select)|'\s*or\s+\d+\s*=\s*\d+|--\s*$|;\s*--")
_PLACEHOLDER = _re(r"\[[\u4e00-\u9fffA-Za-z]{1,6}\]")


def _bare(text: str, kinds: tuple[str, ...]) -> str:
    """The text without punctuation, spaces and characters of the Unicode categories `kinds` (`S`: symbols and emoji,
    `P`: punctuation, `C`: controls and joiners): what is left to account for once the words read are taken out."""
    return "".join(ch for ch in text if ch not in _PUNCT and not ch.isspace() and not unicodedata.category(ch).startswith(kinds))


def _nothing_of_the_trade(text: str) -> bool:
    """True when a message with no fact holds nothing a supplier reports either: noise, small talk or code. Anything
    else with no fact is a fragment of a report and asked back (docs/reading-corpus.md)."""
    if _SMALL_TALK.search(text) or _CODE.search(text):
        return True
    bare = _PLACEHOLDER.sub("", text)
    bare = _bare(bare, ("S", "P", "C"))
    if not bare or (bare.isdigit() and not 2 < len(bare) <= 12):
        # 😂😂, 。。。, [图片], a run of digits longer than any order's number, and a bare one- or two-digit number:
        # a pick from a numbered menu, which the chat answers itself and means nothing once the menu is gone
        return True
    latin = bare.lower()
    return latin.isascii() and latin.isalpha() and len(latin) >= 4 and any(
        all(ch in row for ch in latin) for row in _KEYBOARD_ROWS)  # asdfgh, qwer: a row of the keyboard


# An acknowledgement in the words of a region or of the internet (得嘞, 得行, 知了, 栓Q, 蟹蟹, tq, 666), with at most a
# few characters more of address or mood (`谢了拐子`, `得嘞 您忙`, `蟹蟹亲`, `ok thanks lah`, `tq boss`): read as `noted`
# only when nothing else was read, nothing is asked and no word of work stands in what is left.
_ACK_WORD = _re(r"谢|thank|thx|(?<![a-z])(?:tq|ty|ok|okay|noted)(?![a-z])|得嘞|得行|要得|好的|好嘞|收到|知道|知了|晓得|明白|"
                r"栓q|蟹蟹|3q|(?<!\d)666(?!\d)")
_ACK_ASKS = _re(r"[?？]|吗|没|么|呢|伐|不(?!客气)|嘛|咋|啥|哪|几")
_ACK_WORK = _re(r"[发到做完改交货单批料数差少坏齐整弄搞]|多(?!谢)|ship|deliver|done|siap|ready")


def _acknowledged(text: str) -> bool:
    if _DIGIT_RUN.search(text) or _ACK_ASKS.search(text) or len(text) > 16:
        return False
    found = _ACK_WORD.search(text)
    if found is None:
        return False
    rest = _ACK_WORD.sub(" ", _NOTED_TOKENS.sub(" ", text))
    # the words of work are looked for beside the acknowledgement, never in it: 收到's 到 is no goods come (`好嘞您呐
    # 收到`, `收到 您受累了`: DC's Beijing courtesy, as 辛苦了 beside 收到 is everywhere)
    return not _ACK_WORK.search(rest) and len(_bare(rest, ("S", "P"))) <= 4


def _fragment_of_report(text: str, today: date) -> bool:
    if _DIGIT_RUN.search(text) or len(text) > 20:
        return False
    if _LOT.search(text) or _LOT_SEQ.fullmatch(text.strip(_PUNCT)):
        return True  # 批号B-1220, 第二批: a lot named and nothing said of it
    # a bare number of one or two digits is a pick from a numbered menu (or one that expired), not a count
    if re.search(r"(?<![\d.])\d{1,3}(?![\d.])", text) and not re.search(r"[?？]", text) \
            and (re.fullmatch(r"\s*\d{3}\s*", text) or re.search(f"[{_CJK}]", text)):
        return True
    if any(d.value != today for d in find_dates(text, today)):
        return True
    return _FRAGMENT_WORDS.search(text) is not None


def _read_prepared(folded: str, display: str, role: str, today: date) -> Reading:
    command = _COMMAND.match(folded)
    if command:
        start = command.start("rest")
        return _read_command(command["cmd"].lower(), _Text(folded[start:], display[start:]))
    msg = _Text(folded, display)
    each = _read_each_order(folded, role, today) or _read_same_tail(folded, role, today)
    if each is not None:
        return each
    orders = _find_po_list(msg)
    po = orders[0] if orders else _find_po(msg)
    said = set(orders) | ({po} if po else set())
    for again in _DIGIT_RUN.finditer(folded):
        if again.group(0) in said and msg.free(*again.span()):
            msg.take(*again.span())
    exception = _EXCEPTION.search(folded)
    if exception:
        return _read_exception(msg, exception, po)
    if _TAKEN_BACK.search(folded) and role in ("supplier", "qc", "warehouse"):
        return Reading("undo", po=po)  # 刚才的发货不对 还没发: the last report did not happen
    if _TAKE_BACK_VERB.search(folded) and _OWN_LAST.search(folded) and _TAKE_BACK_ONLY.fullmatch(_PO_TOKEN.sub(" ", folded)):
        return Reading("undo", po=po)  # 刚发的那条不算, 弄错了 删掉: nothing but one's last message and its taking back
    right = _RIGHT_ORDER_NAMED.search(folded)
    if right is not None and po in (None, right["n"]) and (_UNDO.search(folded) or _MISTYPED.search(folded)):
        return Reading("correct", po=right["n"])  # 打错了 12284才对, sorry 打錯 12284 先啱: the order was mistyped
    correction = _read_correction(msg, po, role, today)
    if correction is not None:
        return correction
    right_order = po is not None and _RIGHT_ORDER.search(folded) is not None  # searched once for the two rules below
    if right_order and (_UNDO.search(folded) or _MISTYPED.search(folded) or _RIGHT_ORDER_ALONE.fullmatch(
            _PO_TOKEN.sub(" ", folded).strip(_PUNCT))):
        return Reading("correct", po=po)  # 4515才对 上面打错了, sorry wrong PO, it is 6620: the order was mistyped
    if right_order and _NOT_THAT_ORDER.search(folded):
        return Reading("correct", po=po, confirm=True)  # 刚才那条是8562的 不是8552的: the order corrected, shown first
    if _UNDO.search(folded):
        return Reading("undo", po=po)
    snooze = _read_snooze(msg, today)
    if snooze is not None and not _fact_before_promise(msg, po, role, today):
        return snooze
    if snooze is not None:  # 今天发了两车 具体数量晚上报: the fact, read without the promise (its time of day is its own)
        s, e = _SNOOZE.search(folded).span()  # type: ignore[union-attr]
        return _read_prepared(folded[:s] + " " * (e - s) + folded[e:], display[:s] + " " * (e - s) + display[e:],
                              role, today)
    if _HELP.match(folded) or _HOW_TO_USE.search(folded):
        return Reading("help")
    if (po is None or _THANKS_OR_TAKEN.search(folded)) and _is_noted(_PO_TOKEN.sub(" ", folded) if po else folded):
        return Reading("noted")
    sampled = _SAMPLED_ROW.search(folded) if role in ("supplier", "qc", "warehouse") else None
    if sampled is not None:
        # 测了5个 10.02 10.05 9.98: the sample's size, then what it measured; the size is no count of the order
        return Reading("inspection_values", po=po, values=tuple(float(n) for n in _NUMBER.findall(sampled["nums"])))
    reading = _read_with_values(msg, po, role, today) or _read_body(msg, po, role, today)
    if len(orders) > 1 and (reading.intent not in _NON_WRITING or reading.intent == "status_query"):
        reading = _told_of_each(reading, orders, folded)
        if (_has_figure(reading) or reading.qty_left is not None) and not _EACH.search(folded):
            reading = replace(reading, confirm=True)  # 2413 2414 发了500: 500 in all, or 500 each?
    if reading.intent == "status_query" and role == "supplier" and _HEDGE.search(folded) and _NUMBER.search(msg.rest(folded=True)):
        return Reading("clarify", po=po, question="what_update")  # 发300 或者400 看车能装多少: not yet decided
    if reading.intent == "shipment" and reading.all is None and any(
            not _still_to_ship(_clause_of(folded, m.start(), m.end()), today) for m in _LAST_LOT.finditer(folded)):
        reading = replace(reading, all=True)  # 最后一批发了; not 第三批已发 最后一批下礼拜三发, where the last is a plan
    if reading.intent == "shipment" and reading.all is None and _rest_follows(folded):
        reading = replace(reading, all=False)  # 发了1000个 剩下的下周发: part went out, the rest is still to go
    if reading.intent == "progress" and reading.node is None and reading.percent is None and not reading.also \
            and (reading.qty_done or reading.qty_total) and (_LOT.search(folded) or _LOT_SEQ.search(folded)) \
            and not any(d.value > today for d in find_dates(folded, today)):
        # 第2批 共800件 批号H-1208: a batch told by its count and number is a shipment; no verb said so: shown first
        lot, seq = _LOT.search(folded) or _LOT_BARE.search(folded), _LOT_SEQ.search(folded)
        reading = Reading("shipment", po=po, node="shipped", qty=reading.qty_done or reading.qty_total,
                          lot=lot["lot"].rstrip(".-_/") if lot else None, lot_seq=_lot_seq(seq) if seq else None,
                          confirm=True)
    if reading.intent == "delay" and reading.reason:
        reading = _done_after_reason(reading, role, today)
    if reading.intent not in _NON_WRITING and _lost_order(reading, folded):
        reading = _read_next_order(folded, role, today) or reading  # 4147 延期到周五 4163 发货了
    if reading.intent not in _NON_WRITING and reading.intent not in ("undo", "correct", "snooze") \
            and _ASKED.search(folded):
        # 4150 是不是全发完了: a question about a fact is never the fact; asked back when there is no order to look up
        return Reading("status_query", po=po) if po else Reading("clarify", question="what_update")
    if reading.intent not in _NON_WRITING and (_unsure(reading, msg, today) or _unplaced_date(reading, msg.text, today)):
        reading = replace(reading, confirm=True)
    if reading.intent not in _NON_WRITING and reading.po is None and role in ("qc", "warehouse", "buyer", "manager") \
            and settle.POINTED_ALONE.search(folded):
        # 来料检验 那个 还没出结果: an order pointed at, not named, as `那个单呢` asked is (DG; EB's notes): which order?
        # With a figure of its own the report is kept, shown first
        reading = replace(reading, confirm=True) if _has_figure(reading) else Reading("clarify", question="pointed_order")
    if reading.intent == "defect" and reading.po is None and reading.defect_qty is None and not reading.also \
            and not _NUMBER.search(folded):
        # 色差, 尺寸有问题: a defect of no order and no count is a fragment of a report (the doc's clarify), shown first
        reading = replace(reading, confirm=True)
    return reading


_ANY_NUMBER = re.compile(r"(?<!\d)\d{4,12}(?!\d)")  # an order's number wherever it stands, PO2031 as 2031


def _told_of_each(reading: Reading, orders: list[str], folded: str) -> Reading:
    """Several orders at the head, then what is said of them (`2031 2032 终检过了 明天发`): each fact told of the
    first order holds for every order of the series, fact by fact in the message's order (the check of 2031 and 2032,
    then the shipping of 2031 and 2032, as BY writes it). The facts after an order named on its own
    (`3736、3737料到了 3738料还差`) are that order's alone; so are all but the first when an order of the series is
    named again (`2031 2032 终检过了 2031 明天发`), since the later fact may then be of that order only."""
    first = orders[0]
    again = sum(1 for m in _ANY_NUMBER.finditer(folded) if _canonical_po(m.group(0)) in orders) > len(orders)
    facts: list[Reading] = []
    shared = True
    spread = 0
    for at, fact in enumerate((replace(reading, also=None), *(reading.also or ()))):
        shared = shared and fact.po == first and (at == 0 or not again)
        spread += shared
        facts.extend([replace(fact, po=order) for order in orders] if shared else [fact])
    if spread > 1:
        # Several facts over several orders: which fact holds for which order is the reader's spreading, not the
        # sender's words; shown first, as the reader always did with these lines
        return replace(facts[0], also=tuple(facts[1:]), confirm=True)
    return replace(facts[0], also=tuple(facts[1:]))


# A sample measured (`测了5个`, `抽检3件`) then a row of decimals to the end: the row is what it measured.
_SAMPLED_ROW = _re(r"(?:测|量|抽|检|抽检|抽测|测量)了?\s*\d+\s*(?:个|件|只|pcs|支|根|套)\s*[:：,，]?\s*"
                   r"(?P<nums>\d+\.\d+(?:\s*(?:mm)?\s*[\s,，、/]\s*\d+(?:\.\d+)?){2,})\s*(?:mm)?[\s。.!！]*$")
# The forms of a question, whatever words it asks about: a message in one of them reports nothing.
# A yes-no particle that ends the message (发了没, 到了吗, 发咗未呀: verb, then "or not yet?") turns its report into a question;
# 还未/仲未 at the end is the answer "not yet", not the question.
_ASKED = _re(r"[?？]|吗\s*[?？!！。.]*$|哪些|哪几|什么时候|啥时候|几时|多少|是不是\S*了|怎么(?:老|总|又|一直)|有没有|" + _YES_OR_NO
             + r"|(?:了|咗|完|好|过|齐)\s*(?:没有?|未)\s*(?:呀|啊|呢|吖|嘛)?\s*[?？]*$|(?<=[\u4e00-\u9fff])(?<![还仲都尚也])未\s*(?:呀|啊|呢|吖|嘛)\s*[?？]*$")
# The last report taken back in other words: it was wrong and what it said has not happened, or it was sent by mistake.
# The order said to be the right one: with an undo word, the last report's order is corrected, not undone.
_RIGHT_ORDER = _re(r"\d{4,12}\s*(?:才对|才是对的|才是|是对的)|(?:应该是|正确的?是|是)\s*(?:po|PO|单号)?\s*[#:：]?\s*\d{4,12}"
                   r"|(?<![A-Za-z])(?:it(?:'s| is)|should be|correct (?:one|po) is)\s*(?:po\s*)?#?\d{4,12}"
    r"|[,，]\s*is\s*(?:po\s*)?#?\d{4,12}")  # wrong PO, is 7840
# 刚才那条是8562的 不是8552的: the order said to be wrong, beside the right one.
_NOT_THAT_ORDER = _re(r"(?:不是|并非)\s*(?:po|PO|单号)?\s*\d{4,12}\s*的?\s*$|(?:不是|并非)\s*(?:po|PO|单号)?\s*\d{4,12}\s*的?[\s,，。]")
_RIGHT_ORDER_NAMED = _re(r"(?<![\d.])(?P<n>\d{4,12})\s*(?:才对|才是对的|是对的)")
_RIGHT_ORDER_ALONE = _re(r"\s*(?:才对|才是对的|是对的)[!！。.\s]*")
_TAKEN_BACK = _re(
    r"(?:刚才|刚刚|上一?条|上面|前面|之前)\S{0,8}(?:不对|错了|有误)\s*[,，。]?\s*(?:还|都|其实|根本|并)*(?:没|未)(?:有)?\S{0,2}$"
    r"|(?:刚才|刚刚|上一?条|上面|前面)\S{0,6}(?:误发|发错了?|发重了?)(?:的)?\s*[,，。]?\s*(?:取消|作废|撤回|撤销|删掉|不算)?\s*$"
)
# Taking back one's last message in any words: a word of that message or of the slip, and a verb of taking back,
# with nothing else said (what else is said is read as the report it is).
_TAKE_BACK_VERB = _re(r"不算数?|不作数|作废|删掉|删了|删除|撤回|撤销|取消|无效|忽略|(?<![A-Za-z])(?:delete|ignore|cancel)(?![A-Za-z])")
_TAKE_BACK_ONLY = _re(
    # the slip itself, said as its reason (看错单子了, 发错单了, 写错数量)
    r"(?:[\s,，。.!！;；~]|[看发报填写打弄搞选认]错了?\s*(?:单子|单号|订单|单|号|数量|数)|刚才|刚刚|刚|上一?条|上面|前面|之前|我|的|那|这|条|个|句|消息|信息|发|报|说|填|写|打|弄|搞|错了|错|了|吧|哈|啊|呀|哦|请|帮我|麻烦"
    r"|" + _TAKE_BACK_VERB.pattern + r")+")
_OWN_LAST = _re(r"刚|上一?条|上面|前面|之前|(?:那|这)条|错|(?<![A-Za-z])(?:last|previous|above|earlier)(?![A-Za-z])")
# (the order's number said wrong by any verb, 单号搞错了, 单号错了, 订单号错了: AY BV BX write it beside `N才对`)
_MISTYPED = _re(r"(?:打|写|填|报|输)成|(?:打|写|填|输)错|(?:单号|订单号)\s*(?:搞|弄|报|发)?错")  # 打錯 12284 先啱: typed wrong, that one is right  # 9115才对 刚才打成9151了: the number was typed wrong
_EACH = _re(r"各|每|分别|(?<![A-Za-z])(?:each|apiece)(?![A-Za-z])")
_SAME_TAIL = _re(
    r"[\s,，;；。]+(?:p[o0][\s#:\-_]*)?(?P<po>\d{4,12})\s*(?:也一样|也是一样|也是这样|也是|都是|都一样|一样|同上|(?:too|as well|same))[的了。.!！\s]*$"
)


def _read_same_tail(folded: str, role: str, today: date) -> Reading | None:
    """`8115 发货推到周五 8116也一样`: the fact told once, for the order named first and again for the last."""
    match = _SAME_TAIL.search(folded)
    if match is None or match.start() == 0:
        return None
    first = _read(folded[: match.start()], role, today)
    if first.intent in _NON_WRITING or first.intent in ("undo", "correct", "snooze", "ack", "resolve") \
            or first.po is None or first.also or first.po == _canonical_po(match["po"]):
        return None
    return replace(first, also=(replace(first, po=_canonical_po(match["po"]), confirm=None),))


_DIGIT_RUN = re.compile(r"(?<![\dA-Za-z\-])\d{4,12}(?![\d\-])")  # K-7713-3 is a lot, not the order again
_COUNTED_AFTER = _re(r"\s*(?:(?:done|finished|made|completed|shipped|sent|left|to go|remaining|of\b|out of)(?![A-Za-z])"
                     r"|的\s*(?:单子?|订单|量|总量|数量))")  # 1627 5000的单: after an order, the order's size
_ORDER_HEAD = re.compile(
    rf"(?:^|(?<=[\s,，;；。]))(?:p[o0][\s#:\-_]*)?(?P<body>\d{{4,12}})(?![\d.%/])(?!\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT}|%|月|号|日))",
    re.IGNORECASE,
)


# A verb that only one step takes, so a second order's bare clause (`2049还没到`) names the first's step.
_STEP_VERB: dict[str, re.Pattern[str]] = {
    "material_ready": _re(r"到|齐|在途|路上"),
    "in_process": _re(r"完工|加工|做完"),
    "shipped": _re(r"发"),
}


_STATE_CHARS = re.compile(r"[\d\s还没未冇有在都也了呢完好过做中的正再]|没有")
_AWAY_AT_A_STEP = _re(r"回来|回厂|炉里|炉子里|在炉")  # a step gone out to be done (热处理, 镀) comes back; heat is in the furnace


def _echoes_step(first: str, part: str) -> bool:
    """The second order's words name its step by the first order's own verb, or by where that step's parts are
    (`9517喷完了 9518还没喷`, `3725 热处理完 3726 还没回来`, `7285 调质完了 7286 还在炉里`): the same step, told of
    it (AB AC AK): the slot of a state holds the step's verb again, not a step of its own."""
    said = _STATE_CHARS.sub("", part)
    if not said:
        return False
    if _AWAY_AT_A_STEP.fullmatch(said):
        return True
    return all(ch in _STATE_CHARS.sub("", first) for ch in said) and len(said) <= 2


# 都 over several orders (8155 8156 都发完了): all of each order, or every one of the orders? 全 says whole (全部发完)
_WHOLE = _re(r"全|(?<![A-Za-z])(?:fully|all)(?![A-Za-z])")


def _order_heads(folded: str) -> tuple[re.Match[str], ...]:
    """Every order number at the head of its words: looked for by `_read_each_order`, and again in the same message by
    `_lost_order` and `_read_next_order` once a first fact is read, so asked through `once`."""
    return tuple(_ORDER_HEAD.finditer(folded))


def _read_each_order(folded: str, role: str, today: date) -> Reading | None:
    """Several orders, each with its own figures (`2116不良10件 2117不良4件 都是毛刺`): each
    order's part is read on its own, with the words after the last order shared by all."""
    heads = [h for i, h in enumerate(once(_order_heads, folded)) if i == 0 or not _COUNTED_AFTER.match(folded, h.end())]
    if len(heads) < 2 or heads[0].start() != 0 or len({h["body"] for h in heads}) != len(heads):
        return None
    parts = [folded[h.start():(heads[i + 1].start() if i + 1 < len(heads) else len(folded))]
             for i, h in enumerate(heads)]
    borrowed: set[int] = set()
    for i in range(len(parts) - 2, -1, -1):
        if not _ORDER_JOINER.sub("", parts[i][heads[i].end() - heads[i].start():]):
            borrowed.update((i, i + 1))
            # 2704 2705 周五发: an order with no words of its own shares the next one's
            parts[i] = parts[i].rstrip(_PUNCT + "和与及跟") + " " + parts[i + 1][heads[i + 1].end() - heads[i + 1].start():]
    shared = _SHARED_TAIL.search(parts[-1])
    tail = ""
    if shared is not None:
        tail, parts[-1] = shared.group(0), parts[-1][: shared.start()]
    readings = [_read(f"{part.strip()} {tail}".strip(), role, today) for part in parts]
    first = readings[0]
    if first.intent in _NON_WRITING or first.intent in ("undo", "correct", "snooze", "ack", "resolve"):
        return None
    if first.intent == "progress" and first.node is not None and not first.also and not first.confirm:
        for i, (part, head) in enumerate(zip(parts, heads, strict=True)):
            said = _done_state(part[head.end() - head.start():])
            bare = readings[i].intent == "clarify" or (readings[i].intent == "progress" and readings[i].node is None
                                                       and all(getattr(readings[i], n) is None for n in _FIGURES))
            fits = _STEP_VERB.get(first.node)
            if i and bare and said is not None and (
                    (fits is not None and fits.search(part)) or (first.node == "in_process" and _echoes_step(parts[0], part))):
                # 2048 料到了 2049还没到: the second order's step is the first's, left unsaid
                readings[i] = Reading("progress", po=_canonical_po(head["body"]), node=first.node, done=said)
    lone = all(r.intent == "progress" and r.node is None and r.percent is not None and r.confirm for r in readings)
    for reading, head in zip(readings, heads, strict=True):
        mixed = reading.intent in ("plan", "shipment") and first.intent in ("plan", "shipment") and reading.node == "shipped"
        if (reading.intent != first.intent and not mixed) or reading.po != _canonical_po(head["body"]) or reading.also \
                or (reading.confirm and not lone) \
                or not (_has_figure(reading) or (reading.node is not None and first.node is not None)):
            return None
    if lone:  # 4471 60% 4472 80%: a figure for each order, each asked first as it would be alone
        return replace(first, also=tuple(replace(r, confirm=None) for r in readings[1:]), confirm=True)
    if any(_has_figure(readings[i]) for i in borrowed) and not _EACH.search(folded):
        return replace(first, also=tuple(readings[1:]), confirm=True)  # 2413 2414 发了500: in all, or each?
    if any(readings[i].all for i in borrowed) and "都" in folded and not _WHOLE.search(folded):
        # 8155 8156 8157 都发完了: each order's rest shipped, or only these orders' goods gone? The corpora split 3 to 2
        # (AN BF BV read no `all`, the house's and blind A's read it on each): read as the house does, shown first.
        # 全部发完 says each order whole (B F M N and blind A write `all` on each) and is not asked
        return replace(first, also=tuple(readings[1:]), confirm=True)
    return replace(first, also=tuple(readings[1:]))


_REASON_CLAUSE = re.compile(r"[\s,，;；。]+")


def _done_after_reason(reading: Reading, role: str, today: date) -> Reading:
    """`发货延期到下周二 锻压机坏了 首件已经过了`: a step said done after the reason is a fact of
    its own (progress in also), not more of why the order is late."""
    assert reading.reason is not None
    clauses = [c for c in _REASON_CLAUSE.split(reading.reason) if c]
    done: list[Reading] = []
    while len(clauses) > 1:
        alone = _read(clauses[-1], role, today)
        if alone.intent != "progress" or alone.node is None or alone.done is not True or alone.po is not None \
                or alone.also or alone.confirm or _has_figure(alone):
            break
        done.insert(0, replace(alone, po=reading.po))
        clauses.pop()
    if len(clauses) > 1:
        # 完成70% 缺M8螺母 要晚一天: a share done said before the reason is the progress, kept; the delay goes with it
        # 焊接完了 电泳厂排不上 得晚两天: so is a step said done before the reason (another works' delay, not the step's)
        first = _read(clauses[0], role, today)
        if first.intent == "progress" and (first.percent is not None or (first.node is not None and first.done is True)) \
                and first.po is None and not first.also \
                and not first.confirm and first.qty_done is None and first.qty_left is None:
            late = replace(reading, reason=" ".join(clauses[1:]), also=(*done, *(reading.also or ())) or None)
            return replace(first, po=reading.po, also=(replace(late, also=None), *(late.also or ())))
    if not done:
        return reading
    return replace(reading, reason=" ".join(clauses), also=(*done, *(reading.also or ())))


def _lost_order(reading: Reading, folded: str) -> bool:
    """An order number said after the first with words of its own, yet read as no order: as a count
    (`4128喷好了 4153还在前处理` read 4153 done) or inside a reason (`延期到周五 4163 发货了`)."""
    items = (reading, *(reading.also or ()))
    said = {item.po for item in items}
    figures = {getattr(item, name) for item in items for name in _QUANTITY_FIELDS}
    words = " ".join(t for item in items for t in (item.reason, item.description, item.note) if t)
    for head in once(_order_heads, folded)[1:]:
        body = head["body"]
        if _canonical_po(body) not in said and _CJK_NEXT.match(folded[head.end():]) \
                and (int(body) in figures or body in words):
            return True
    return False


def _read_next_order(folded: str, role: str, today: date) -> Reading | None:
    """`4128喷好了 4153还在前处理`, `4147 延期到周五 4163 发货了`: after a first fact, an order number
    with words of its own starts the next order's fact; it is never a count of the first, nor part of
    its reason. The next order's fact goes in `also`; an undated `正常发` adds nothing; an unread one
    has the whole message confirmed first."""
    heads = once(_order_heads, folded)
    if len(heads) < 2 or heads[0].start() != 0:
        return None
    first_po = _canonical_po(heads[0]["body"])
    for head in heads[1:]:
        own = folded[head.end():]
        if _canonical_po(head["body"]) == first_po or not _CJK_NEXT.match(own) \
                or _COUNTED_AFTER.match(folded, head.end()):
            continue
        first = _read(folded[: head.start()].strip(), role, today)
        if first.intent in _NON_WRITING or first.intent in ("undo", "correct", "snooze", "ack", "resolve") \
                or first.po != first_po:
            return None
        rest = _read(folded[head.start():].strip(), role, today)
        if rest.confirm and rest.intent not in _NON_WRITING:
            return None  # 8108也过了: a clause leaning on the first one's words is read with them
        if rest.po == _canonical_po(head["body"]) and rest.intent not in _NON_WRITING \
                and rest.intent not in ("undo", "correct", "snooze", "ack", "resolve"):
            if rest.intent == "progress" and rest.node is None and not _has_figure(rest) and rest.done is None:
                return first  # 4139 正常发: on plan, nothing new to write for it
            return replace(first, also=(*(first.also or ()), replace(rest, also=None), *(rest.also or ())),
                           confirm=first.confirm or rest.confirm)
        return replace(first, confirm=True)
    return None


_ORDER_JOINER = re.compile(r"[\s,，、/&和与及跟]+")
_SHARED_TAIL = _re(r"[\s,，;；。]+(?:都是|全是|都|全部是?|均为|均是|原因都是)\s*\S+$")


def _split_reading(reading: Reading, items: tuple[Reading, ...], folded: str) -> bool:
    """Whether the reading is one of a construction blind writers split on (docs/reading-corpus.md, round 41): the
    house's reading stands, but nothing is written unasked."""
    if reading.intent == "progress" and reading.node not in (None, "in_process") \
            and reading.done is True and any(item.intent == "progress" and item.node == "in_process" and item.done is False
                                             and not _has_figure(item) for item in items[1:]) \
            and settle.START_SAID_BEGUN.search(folded):
        return True  # 首件检验合格，已开始批量: the run begun beside the first article passed, or only the verdict?
    if any(item.intent == "shortage" and item.amount is not None for item in items) \
            and settle.SHORT_BY_WEIGHT.search(folded):
        return True  # 还差两吨: the weight short its amount, or left out?
    if reading.intent == "progress" and reading.node == "received" and reading.done is None \
            and settle.STILL_COUNTING.search(folded):
        return True  # 到货 还在点数: the receipt not done (EP; round 38's ruling), or its done unsaid (DZ)?
    return False


def _has_figure(reading: Reading) -> bool:
    return any(getattr(reading, name) is not None for name in ("qty_done", "qty", "defect_qty", "percent", "packages", "values"))
# A row of readings ending the message, after the name of what was measured: a gauge of the shop's words (GB/T 1182's
# characteristics of form and position, sizes, hardness, torque: handlers/shop_words.py) or a hardness scale, with
# the unit it is read in after the row (`扭矩 38 40 39 41 N.m`, `外径 7.96 7.98 mm`).
_TRAILING_VALUES = _re(
    r"(?:" + alternation(GAUGES) + r"|外径|内径|长度|宽度|高度|厚度|直径|孔径|硬度|粗糙度|平面度|圆度|尺寸|实测值?|测量值?|数据|HRC|HRB|HRA|HV|HB[WS]?|"
    # a pressure test's readings (`试压 52.5 52.6 52.5 MPa`): the pressures held, under the test's own name
    r"试压|打压|压力|保压|"
    r"(?<![A-Za-z])(?:Ra|OD|ID|length|width|thickness|hardness|dims?|values?|measured)(?![A-Za-z]))"
    r"(?:\s*(?:HRC|HRB|HRA|HV|HB[WS]?|Ra))?\s*[:：]?\s*(?P<nums>\d+(?:\.\d+)?(?:\s*(?:mm)?\s*[\s,，、/]\s*\d+(?:\.\d+)?)+)"
    r"\s*(?:mm|μm|um|N\.?m|kgf|N|HRC|HB|HV|度|MPa|mpa|兆帕|bar|psi|MΩ|M[Oo]hm|GΩ|kΩ|Ω|V|A|rpm)?[\s。.!！]*$"
)
# Words before the gauge that name only the sample or the measuring (`末件`, `3D测定`, `测了一下`, `测了5个`, a lot
# code): no report of their own, so the row is the report; never a state, a trouble, a delay or goods sent.
_SAMPLE_LABEL = re.compile(r"(?![^批]*批)[\u4e00-\u9fffA-Za-z0-9\s:：\-_#]{1,16}")  # 第二批 外径: the batch's, read as before
# A heat or lot code before the row (`炉号25C-118 调质硬度 HB 250 248 255`, `LOT: 24-118 硬度 HRC 45 46 45`): the lot
# measured, as written (the folded text has blanked a heat number, so it is read from the display).
_HEAT_OR_LOT = _re(r"(?:炉号|炉批号|批号|批次号?|(?<![A-Za-z])(?:lot|batch|heat)(?:\s*no\.?)?)\s*[:：#]?\s*"
                   r"(?P<lot>[A-Za-z0-9](?=[A-Za-z0-9\-_/]*\d)[A-Za-z0-9\-_/]*)")


# A step's name then the word of its measured sizes (`首件尺寸`, `终检数据`, `首件实测`) and no verdict: the values are the report.
_VALUES_OF = _re(r"(?:尺寸|数据|实测值?|测量值?|测得|检测值)")


def _read_with_values(msg: _Text, po: str | None, role: str, today: date) -> Reading | None:
    """A step reported with its measurements after it (`热处理完了 硬度 HRC 48 49 48.5`,
    `首件OK 尺寸 20.01 20.02`): the step's progress, then the values as a second fact."""
    match = _TRAILING_VALUES.search(msg.text)
    if match is None or not msg.free(*match.span()) or role not in ("supplier", "qc", "warehouse"):
        return None
    head = _sub(msg, 0, match.start())
    said = head.rest(folded=True).strip(_PUNCT)
    values = tuple(float(n) for n in _NUMBER.findall(match["nums"]))
    # 来料检验 硬度HRC 28 29 27.5, 到货检验 外径 40.01 40.00 39.99: the incoming check's heading over its row, no verdict:
    # the values are the report, no receipt made (CK EP EQ, as B's and T's `IQC 外径 ...`)
    incoming = _INCOMING_HEAD.fullmatch(said.replace(po or "", " ").strip(_PUNCT).strip()) is not None
    if not said or not _NODE_WORD.search(said) or incoming:
        if said and not incoming and not _named_sample(said):
            return None
        # 扭矩 38 40 39 41 N.m, 末件 孔距 86.02 85.97, 测了5个 内径 12.003 ...: the row under its gauge is the report
        msg.take(*match.span())
        lot = _LOT.search(head.text) or _LOT_BARE.search(head.text) or _HEAT_OR_LOT.search(head.display)
        code = lot["lot"].rstrip(".-_/") if lot else None
        unsaid = said.replace(po or "", " ")
        if (sample := _SAMPLE_SIZE.search(unsaid)) is not None and int(sample["n"]) == len(values):
            unsaid = unsaid[:sample.start()] + " " + unsaid[sample.end():]  # 测了5个 then five values: the sample's size
        unplaced = code is None and _BARE_INT.search(unsaid) is not None
        return Reading("inspection_values", po=po, values=values, lot=code, confirm=True if unplaced else None)
    first = _read_body(head, po, role, today)
    if first.intent != "progress" or first.also:
        return None
    glued = match.start() > 0 and "\u4e00" <= msg.text[match.start() - 1] <= "\u9fff"  # 镀锡厚度: the coat's thickness
    if first.done is None and not _has_figure(first) and (
            _VALUES_OF.match(match.group(0)) or glued or any("." in n for n in _NUMBER.findall(match["nums"]))
            or _FIRST_ARTICLE_CHECK.search(head.text) or _INSPECTION.search(said)):
        msg.take(*match.span())
        lot = _LOT.search(head.text) or _LOT_BARE.search(head.text) or _HEAT_OR_LOT.search(head.display)
        return Reading("inspection_values", po=po, values=values,  # 首件尺寸 3.002 2.998: the first article's sizes, no verdict
                       lot=lot["lot"].rstrip(".-_/") if lot else None)
    msg.take(*match.span())
    return replace(first, also=(Reading("inspection_values", po=po, values=values),))
_INCOMING_HEAD = _re(r"(?:来料|进料|到货|进货)\s*(?:抽检|检验|检测|检查|检)|(?<![A-Za-z])IQC(?:\s*(?:检验|检测))?")
_SAMPLE_SIZE = _re(r"(?:测|量|抽|检|抽检|抽测|测量)了?\s*(?P<n>\d+)\s*(?:个|件|只|pcs|支|根|套|片|点)")


def _named_sample(said: str) -> bool:
    return _SAMPLE_LABEL.fullmatch(said) is not None and not (_DONE_WORD.search(said) or _DEFECT.search(said)
                                                             or _DELAY.search(said) or _SHIP.search(said)
                                                             or _ASKED.search(said) or _FAILED_CHECK.search(said))


_WHY = _re(r"为什么|为啥|为何|怎么还|咋还|点解|(?<![A-Za-z])why(?![A-Za-z])")  # 点解: the Cantonese why
_UNDER_WAY = _re(r"进行中|在进行|上机|(?<![A-Za-z])in (?:process|production)(?![A-Za-z])|(?:^|(?<=[\s,，\d]))在\s*(?=[\u4e00-\u9fff])(?!途|等|即|外)|(?<=[\u4e00-\u9fff])中\s*$|(?:^|(?<=[\s,，\d]))(?:都|也|全)在\s*(?=[\u4e00-\u9fff])(?!途|等|即|外|路)")
_ARRIVING = _re(r"(?<![料货])到(?!期|料|齐|位|货|了)|(?<![A-Za-z])(?:arrive|arrives|arriving|reach|reaches|reaching)(?![A-Za-z])")
_COUNTED_PACKAGES = _re(rf"(?:\d+|[一二两三四五六七八九十]+)\s*(?P<u>{PACKAGE_UNIT})")
_SAID_WRONG = _re(r"不对|错了|说错|打错|(?<![A-Za-z])wrong(?![A-Za-z])")
# A day that only says when the sender will look or ask again (`明天再看`, `周一再说`, `下午再确认`).
_SEE_LATER = _re(r"(?:今天|明天|后天|下周.?|周.|礼拜.|星期.|晚上|下午|上午|回头)\s*(?:再|才)\s*(?:看|说|问|确认|定|联系|回复|回你|通知)")
# A receipt told as made: booked in, taken in (`已入库`, `仓库已收货`, `到货了`, the warehouse's English `stock in`, 入库).
# booked in, signed for, or said as finished: a bare 收货500件 is a count received, not the receipt made
# A check named alone, heading what it found, with what of it passed (来料检 尺寸OK 外观有6件划伤): the check the
# fault was found in, no receipt made.
_CHECK_HEADING = _re(r"(?:(?:来料|进料|入厂|进货)检验?|IQC|来料检查)"
                     r"(?:\s*(?:尺寸|硬度|外观|功能|性能|材质|数量)\s*(?:OK|合格|没问题|可以|对))?")
_NEXT_STEP_STARTS = _re(r"开始\s*(?!做完|完成|完工)[\u4e00-\u9fff]")
# ... and so is the next step said bare after its day, with no word of an end or of ability (在抛丸 明天喷, 在去毛刺 明天试漏:
# DL; 在干燥呢 下礼拜一施釉, a weekday as well: DH; 在研磨 明天能完, 在焊 后天能焊完 are the day the step under way ends, one
# plan; 回 is the goods coming back, never 回火, tempering, a step of its own: 在淬火 明日回火 is two facts; 能 before a
# step of another name is still the next step's day: 在喷砂 礼拜三能喷漆, EN)
_NEXT_STEP_BARE = _re(r"\s*(?:明天|后天|明早|明日|(?:下个?|这个?|本)?(?:周|星期|礼拜)[一二三四五六日天])\s*(?:就|再)?\s*(?:能|可以)?\s*"
                      r"(?![\u4e00-\u9fff]*(?:完|好|出|回(?!火)|结束|能|得|可以|会|交|到|发))"
                      r"[\u4e00-\u9fff]{1,4}\s*")
_CONDITIONAL_START = _re(r"(?:一|等|回来|到了|齐了|好了|完了)\S{0,4}就\s*(?:马上)?\s*(?:开始|开工|开干|上机|动工)")
_TODAYS_STEP = _re(r"\s*(?:今天|今日)\s*(?:就|再|安排)?\s*(?!开|上机|上线)[\u4e00-\u9fff]{2,4}(?<![了啦咯])\s*")
_TODAYS_CHECK = _re(r"\s*(?:今天|今日)\s*(?:做|搞|安排|就)?\s*(?:终检|出货检验?|成品检验?|最终检验|FQC|OQC)\s*")
_RECEIPT_DONE = _re(r"(?:验收|(?:来料|进料)检验?|IQC)\s*(?:合格|和格|通过|OK|ok|没问题)|入库|签收|已(?:经)?(?:收|到)|收齐|到齐|数量对|数量\s+对(?!不)|数量\s*(?:OK|ok|无误|没问题|正确)|(?<![A-Za-z])(?:booked in|all received|stock(?:ed)?[- ]?in|(?:count|qty|quantity)\s+(?:ok|okay|correct))(?![A-Za-z])")
_RECEIPT_NOT_YET = _re(r"没|未|还没|不|(?<![A-Za-z])(?:not|yet)(?![A-Za-z])")
# Counting not yet done (`还没点`, `没点数`, `未清点`): of goods that came, neither the receipt made nor refused.
# So is the check still to come (`还没验`, `未检`, `还没检验`): the goods in, neither received as passed nor refused (9 lines of
# AC AO AX BL CG leave the receipt's done unsaid); so are the goods not yet unpacked or weighed (`到了2托 还没拆`,
# `到了4卷 还没称`: 8 lines of BF CU CV DA DG, none done) or unloaded (`还没卸车`: BM EB), and the counting under way (`货到了 在点数`, `正在复点`: DG; `到货 还在点数`: DZ);
# and in English, `not count yet`, `not checked yet`, as Thai English
# says it with no tense.
_NOT_COUNTED = _re(r"(?<![A-Za-z])not\s+(?:yet\s+)?(?:count|check)(?:ed)?(?![A-Za-z])|(?:没|未)(?:有)?\s*(?:清点|点数|点货|点清|盘点|数过|核数|点|检验|检查|验收|检|验|拆(?:箱|包)?(?:点数)?|开箱|称重?|过磅|卸(?:车|货)?)(?![\u4e00-\u9fff])|(?<![\u4e00-\u9fff])(?:还|都)?(?:正)?在\s*(?:清点|点数|点货|复点|盘点|核数|过磅|称重)|(?:数量|件数)\s*(?:还)?(?:没|未)(?:有)?\s*(?:清点|点|数|核对|核)")
_IN_TRANSIT = _re(r"在途|在路上|路上|(?<![A-Za-z])(?:in transit|on the way)(?![A-Za-z])")
_MOVED_ON = _re(r"(?:转(?:到|入|去)?|(?:送|拿|拉|发)(?:去|到))\s*(?:下道|下一道|热处理|电镀|镀|喷|氧化|钝化|发黑|淬火|回火|磨|铣|车|CNC|抛光|焊|装配|组装|外协)")
# After an undo, a report of its own: the order's number first (上一条作废 5744 今天出货600pcs).
_SENT_ON = _re(r"(?:转|送|拿|拉)(?:去|到|入)?\s*|(?:发)(?:去|到)\s*")


def _sent_on_to_a_step(text: str) -> bool:
    """The parts sent on to a step of the processing, whichever the trade names (`送阳极了`, `拉去喷粉`):
    one step done, the making goes on (docs/reading-corpus.md: a step done and the next one under way)."""
    for m in _SENT_ON.finditer(text):
        step = _NODE_PATTERNS[2][1].match(text, m.end())
        if step is None or _LATER_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue
        if _DONE_NEXT.match(text, step.end()):
            continue  # 法拉钻孔完了: the step named is the one said done, nothing sent on (a 拉 of a word, a typo)
        return True
    return False


# The step just named said finished (`钻孔完了`, `喷粉好了`): that step done, not the one the parts go on to.
# The step's name may run on past what the node pattern matched (铣 of 铣面完了).
_DONE_NEXT = _re(r"[\u4e00-\u9fff]{0,2}?\s*(?:已经?|都|也)?\s*(?:做)?(?:完|好)")


_LATER_LEAD = _re(r"\s*(?:下午|晚上|今晚|晚点|稍后|待会|等会|一会儿?|回头)\s*(?:再|就)?\s*[\u4e00-\u9fff]")
# A time still to come straight before the sending on (`下午拉去喷塑`, `明天送去抛光`, a weekday: `周四送去喷粉`,
# `下周一送去阳极氧化`: AR CH EE): the parts have not moved on yet,
# so the step just said done stays done.
_LATER_BEFORE = _re(r"(?:明天|明日|明早|后天|下午|晚上|今晚|晚点|稍后|待会|等会|一会儿?|回头|准备|打算|马上|要"
                    r"|(?:下个?)?(?:周|礼拜|星期)[一二三四五六日天])\s*(?:再|就)?\s*$")


_NEW_REPORT_AFTER = re.compile(r"[\s,，。:：;；!！]*(?:PO[\s#:\-]*)?\d{4,12}(?!\d)\s*\S", re.IGNORECASE)
_REDO = _re(r"重新报|重报|重新发|重新说|应该是|(?<![A-Za-z])(?:should be|correct one is)(?![A-Za-z])")
_STILL_NOT = _re(r"还没|没有?做|未做|尚未|(?<![A-Za-z])not yet(?![A-Za-z])")
_SHIPPED_PAST = _re(r"了|已|过|完|出|的|走|到|在途|路上|(?<![A-Za-z])(?:shipped|sent|dispatched|out|left|on the way|in transit)(?![A-Za-z])"
                    r"|(?<![A-Za-z])(?:ship|send)\s+(?:finished|done|completed)(?![A-Za-z])")  # `ship finish already` (DJ), as 发完
_FIGURES = ("percent", "qty_done", "qty_total", "qty_left", "qty")
# a step under way after one finished: `激光切割完了 在折弯`, `研磨好了 在做钝化` (not 在途, 在等)
_NEXT_UNDER_WAY = _re(r"(?:完了|好了|完成了?|做完了?)\s*[,，]?\s*(?:(?:现在|目前)\s*(?:正在|还在|在)?|正在|还在|在)\s*(?:做|搞|弄)?\s*(?![途等路外]|包装|打包|装箱)[\u4e00-\u9fffA-Za-z]")
_PASSED = _re(r"过了|合格|通过|确认了|已确认|认可|没问题|(?<![A-Za-z])(?:ok|passed|approved)(?![A-Za-z])")


# A day, then 先 before a word of can (后天先可以交货, 下周一先能发): only then (Cantonese 先 is 才) or first?
_ONLY_THEN_OR_FIRST = _re(r"(?:天|日|[一二三四五六日]|号|底)\s*先\s*(?:可以|能|会)")


def _second_look(reading: Reading, text: str, raw: str, role: str, today: date) -> Reading:
    """The reading checked once more as a whole, by classes of slip a blind writer showed: a fact
    the reading's shape cannot hold is moved where it belongs, or the reading is shown before it
    is written. Each rule names its class; none is a phrase."""
    told = without_hearsay(text)  # the text whose clauses the reading must hold (what others say it need not)
    if role in ("buyer", "manager", "admin") and reading.intent in _ACCOUNTED and _WHY.search(text):
        return Reading("status_query", po=reading.po)  # 1005 为什么还没发: a buyer asks, he does not report
    if reading.intent == "delay" and _EARLIER.search(text) and _SAID_WRONG.search(text):
        return Reading("correct", po=reading.po, new_date=reading.new_date)  # 改到18号 之前说的15号不对
    if role == "qc" and reading.intent == "progress" and reading.node is None and reading.done is True \
            and reading.po is not None and not reading.also and not _has_figure(reading) and _QC_VERDICT.search(text) \
            and not _MAKING_VERB.search(text) and not _LATIN_WORD.search(text) and not _LIKEWISE.search(text):
        # 合格 放行, 外观很好 尺寸也没问题 合格: the buyer's QC passing goods that name no step passes them in (DG's IQC)
        reading = Reading("progress", po=reading.po, node="received", done=True)
    if reading.intent == "progress" and reading.new_date is not None:
        if reading.node in (None, "in_process") and not reading.also:
            plan = Reading("plan", po=reading.po, node="in_process", new_date=reading.new_date)
            reading = replace(reading, new_date=None, also=(plan,))  # 做好了600 剩下400下周二做完: done, then a plan
        else:
            reading = replace(reading, confirm=True)
    if reading.intent == "progress" and reading.done is None and not reading.also \
            and all(getattr(reading, name) is None for name in _FIGURES) and _UNDER_WAY.search(text):
        reading = replace(reading, node=reading.node or "in_process", done=False)  # 在钝化, 上机了, 正常进行中
    if reading.intent == "progress" and reading.node is None and reading.done is True \
            and all(getattr(reading, name) is None for name in _FIGURES) \
            and any(item.node in ("final_inspection", "shipped", "received") for item in reading.also or ()):
        reading = replace(reading, node="in_process")  # 全部做完了 周五出货: the making is done, the shipping planned
    items = [reading, *(reading.also or ())]
    if any(item.intent == "plan" and item.node is None for item in items) and _ARRIVING.search(text):
        items = [replace(item, node="received") if item.intent == "plan" and item.node is None else item for item in items]
        reading = replace(items[0], also=tuple(items[1:]) or None)  # 周三能到: arriving at the buyer's
    if reading.intent == "delay" and reading.reason is None and not reading.also and _SHORTAGE.search(text):
        reading = replace(reading, confirm=True)  # 缺Φ8棒料 交期推到周四: the shortage behind the delay is left unread
    if reading.intent == "plan" and _ONLY_THEN_OR_FIRST.search(text):
        # 后天先可以交货, 下周一先可以发: Cantonese 先 after a day is 才 (only then: late), Mandarin's is "first"; AA and BW
        # write the one a delay, BW the other a plan: shown first
        reading = replace(reading, confirm=True)
    if reading.intent == "plan" and not reading.also and (later := _SEE_LATER.search(text)) is not None \
            and len(find_dates(text, today)) == 1:
        # 料没到 明天再看: the day is when the sender will look again, not when the step will be done
        if _RECEIPT_NOT_YET.search(text[:later.start()]) and reading.node is not None:
            return Reading("progress", po=reading.po, node=reading.node, done=False)
        reading = replace(reading, confirm=True)
    if reading.intent == "progress" and reading.node == "received" and reading.done is not None and not reading.also \
            and _NOT_COUNTED.search(text):
        reading = replace(reading, done=None)  # 到货了 还没点数: the goods are in, the count still to come; the chat asks it
    if reading.intent == "progress" and reading.node == "received" and reading.done is None \
            and reading.qty_done is not None and _RECEIPT_DONE.search(text) and not _RECEIPT_NOT_YET.search(text):
        reading = replace(reading, done=True)  # 到货1000件 已入库, 仓库已收货 900pcs: a counted receipt is a receipt made
    also = reading.also or ()
    if reading.intent == "progress" and reading.node == "material_ready" and _IN_TRANSIT.search(text) \
            and len(also) == 1 and also[0].intent == "shipment" and not _has_figure(also[0]) and also[0].packages is None:
        reading = replace(reading, also=None)  # 17-4PH的料还没到 在途: the stock is on its way, no goods shipped
        also = ()
    if reading.intent == "shortage" and any(_stock_share(item) for item in also) and "等" not in text:
        # material shortage, only got half the aluminum: the stock's half come is the shortage told again (a wait for the
        # stock, `还差一半 在等料`, is read as before: the stock not come, shown first)
        also = tuple(item for item in also if not _stock_share(item) or item.po != reading.po)
        reading = replace(reading, also=also or None)
        items = [reading, *also]
    if _stock_share(reading) and _REST_OF_STOCK.search(text) and "等" not in text:
        # 铸件到了一半 还有一半下礼拜到, 钢板到了 角钢还差一半: a share of the stock come in, the rest still to come, is no
        # share of the order's work (CF CU CV CW); the stock is not all in, and the chat asks what it is (a wait for it, 在等料,
        # is read as before)
        reading = replace(reading, percent=None, done=False, confirm=True)
        items = [reading, *also]
    if reading.intent == "shipment" and _IN_TRANSIT.search(text) and all(getattr(reading, name) is None for name in _FIGURES) \
            and reading.packages is None and len(also) == 1 and also[0].intent == "plan":
        reading = also[0]  # 在途 预计明天到你们那: one plan of the arrival, not a second shipment
        items = [reading]
    if reading.intent == "progress" and reading.node == "in_process" and reading.done is True and not reading.also \
            and (any(not _LATER_BEFORE.search(text, max(0, m.start() - 6), m.start()) for m in _MOVED_ON.finditer(text))
                 or _NEXT_UNDER_WAY.search(text) or _sent_on_to_a_step(text)):
        reading = replace(reading, done=False)  # 车加工完成 转热处理, 激光切割完了 在折弯: one step done, the making goes on
    if reading.intent == "progress" and reading.node is None and reading.done is True and not _has_figure(reading) \
            and reading.also and len(reading.also) == 1 and (nxt := reading.also[0]).intent == "progress" \
            and nxt.node == "in_process" and nxt.done is False and not _has_figure(nxt) and nxt.po == reading.po:
        reading = nxt  # 锻好了 在去氧化皮: one step done (named or not), the next under way: the making goes on
        items = [reading]
    if reading.intent == "shipment" and _FIRST_SENT.search(text) and not _has_figure(reading) and not reading.also:
        reading = Reading("progress", po=reading.po, node="first_process", done=True)  # 首件送过去了: for approval
    if reading.intent == "progress" and reading.node in ("first_process", "final_inspection") and reading.done is not False \
            and not reading.also and _AWAITING_WORD.search(text) and not _PASSED.search(text):
        reading = replace(reading, done=False)  # 首件做好了 送检中, 送检了 等结果: in inspection, not yet passed
    if reading.intent == "undo" and (redo := _REDO.search(text)) is not None:
        again = _read_prepared(text[redo.end():], text[redo.end():], role, today)
        if again.intent in _FACT_INTENTS or again.intent in ("delay", "defect"):
            # 上面那个作废 重新报：1014 完成50%: the last taken back and the report again (AH BL D), which BX's writer reads
            # as one correction; what is recorded is the same either way, so it is shown first
            return Reading("undo", also=(again,), confirm=True)
        if text[redo.end():].strip(_PUNCT):
            return replace(reading, confirm=True)
    if reading.intent == "undo" and (undone := _UNDO.search(text)) is not None:
        rest = text[undone.end():]  # what follows the undo: an order's report again, or a bare fact
        if _REDO.search(text) is None and _NEW_REPORT_AFTER.match(rest):
            again = _read_prepared(rest, rest, role, today)
            if (again.intent in _FACT_INTENTS or again.intent in ("delay", "defect")) and not again.confirm:
                # 上一条作废 5744 今天出货600pcs, 前面那个作废 13643延期到下礼拜五: undone, and the report again, of
                # any kind, as the report after 重新报 is
                return Reading("undo", also=(again,))
        if not reading.also and rest.strip(_PUNCT) and not _SAID_WRONG.search(rest) and not _UNDO.search(rest):
            rest = rest.strip(" ,，。.;；:：!！~")
            again = _read_prepared(rest, rest, role, today)
            if again.intent in _FACT_INTENTS and not again.confirm and not again.also:
                # 刚才那条撤回 终检还没做完: taken back, then the fact; an order leading the message (12960 上条作废
                # 料还未到) is the fact's, as an order after the taking back is (AF). Said wrong rather than taken
                # back (`刚才说错了 首件还没过`), the fact is the last report put right, as BX's and EB's writers read
                # it: the same record either way, so it is shown first, as the report again after 重新报 is
                said_wrong = settle.SAID_WRONG_UNDO.search(undone.group(0)) is not None
                return replace(reading, also=(replace(again, po=again.po or reading.po),), confirm=reading.confirm or said_wrong or None)
    if reading.intent in _FACT_INTENTS and reading.also and any(_rest_with_day(item) for item in reading.also):
        # 发了2根 剩下1根月底发: what is left, with its day, is a plan of the step its verb names
        reading = replace(reading, also=tuple(
            Reading("plan", po=item.po, node=node, new_date=item.new_date)
            if _rest_with_day(item) and (node := _planned_node(text)) is not None else item for item in reading.also))
    if any(item.intent == "shortage" and (item.qty_done, item.qty_left) != (None, None) for item in items):
        # 料不够了 还差一根: a count short is no count done, nor a count of the order left to make
        reading = replace(reading, qty_done=None, qty_left=None) if reading.intent == "shortage" else reading
        reading = replace(reading, also=tuple(replace(item, qty_done=None, qty_left=None) if item.intent == "shortage"
                                              else item for item in reading.also or ()) or None)
    if reading.intent == "progress" and reading.node is None and reading.percent is not None and reading.also \
            and all(item.intent == "plan" and item.new_date is not None for item in reading.also) \
            and _FORESEEN_SHARE.search(text) and not _DONE_SO_FAR.search(text):
        # 今天能做完一半: a part foreseen for a day, with nothing said done or under way: no fact; asked back
        return Reading("clarify", po=reading.po, question="what_update")
    if reading.intent in _FACT_INTENTS and reading.also and any(_forecast(item) for item in reading.also):
        kept = tuple(item for item in reading.also if not _forecast(item))
        reading = replace(reading, also=kept or None)  # 还在做 今天能做完一半: a part foreseen is no fact to record
    if reading.intent == "progress" and reading.node == "material_ready" and reading.done is True and reading.also \
            and all(item.intent == "progress" and item.node == "in_process" and item.done is False for item in reading.also) \
            and _START_ANNOUNCED.search(text):
        reading = replace(reading, also=None)  # 料到齐 下周开工: a start announced for later is no progress yet
    if reading.intent == "progress" and reading.node == "material_ready" and reading.done is False and reading.also \
            and all(item.intent == "shortage" for item in reading.also) and len(reading.also) == 1:
        said = _meaningful(_PO_TOKEN.sub(" ", text).strip(_PUNCT))  # 缺料了 不锈钢板还没到: the reason as said
        reading = replace(reading.also[0], po=reading.po,  # 钢材没到 缺料: one shortage, said twice
                          reason=said if said and len(said) <= 200 else reading.also[0].reason)
    if reading.intent == "shortage" and reading.also and all(
            item.intent == "progress" and item.node == "material_ready" and item.done is False for item in reading.also):
        said = _meaningful(_PO_TOKEN.sub(" ", text).strip(_PUNCT))  # 缺料了 铜棒没到: the reason as said
        reading = replace(reading, also=None,  # 缺了 等料: the shortage says the material is not in
                          reason=said if said and len(said) <= 200 else reading.reason)
    if reading.intent == "shortage" and reading.also and any(
            item.intent == "plan" and item.node == "received" for item in reading.also) \
            and not _BUYERS_RECEIPT.search(text):
        reading = replace(reading, also=tuple(  # 缺色粉 预计后天到: what is short arrives, not the buyer's goods
            replace(item, node="material_ready") if item.intent == "plan" and item.node == "received" else item
            for item in reading.also))
    if reading.intent == "progress" and reading.node == "first_process" and reading.also \
            and len(reading.also) == 1 and (other := reading.also[0]).intent == "progress" \
            and other.node == "in_process" and other.done is False and other.po is not None and other.po != reading.po \
            and _STILL_AT_IT.fullmatch(text[text.rfind(other.po) + len(other.po):].strip(_PUNCT)):
        # 6650的首件过了，6651的还在做: the first article is made, so the second's is still being made
        # (a check is not made: `终检ok 5368还在做` is the making under way)
        reading = replace(reading, also=(replace(other, node=reading.node),))
    if reading.intent == "progress" and reading.node == "in_process" and reading.qty_done is not None \
            and not reading.also and _MADE_COUNT.fullmatch(_PO_TOKEN.sub(" ", text).strip(_PUNCT)):
        # 加工好200pcs了, 冲压件今天做了1500个: a count made, with no step named, names no node (as 做好了800个)
        reading = replace(reading, node=None, done=None)
    if reading.intent == "defect" and reading.defect_qty is None and reading.category is None \
            and _REWORK_UNDER_WAY.fullmatch(_PO_TOKEN.sub(" ", text).strip(_PUNCT)):
        return Reading("progress", po=reading.po, node="in_process", done=False)  # 返工中: the work goes on
    if role == "supplier" and reading.intent == "progress" and reading.node == "material_ready" and reading.also \
            and all(item.intent == "progress" and item.node == "received" for item in reading.also) \
            and _STOCKED.search(text) and not _BUYERS_RECEIPT.search(text):
        reading = replace(reading, also=None)  # 钢板到了 已入库: the supplier's material into his stock, not the buyer's receipt
        items = [reading]
        told = _STOCKED.sub(lambda m: " " * len(m.group(0)), told)
    one = one_step(reading, text) if reading.intent == "progress" and reading.also else reading
    told_twice = one is not reading  # 原材料已到厂，经查验收合格; 首件尚未完成，正在调试: one step told in two clauses
    if told_twice:
        reading, items = one, [one]
    unsure = False
    for item in reading.also or ():
        if item.intent == "progress" and item.node is None and item.done is True and reading.node is not None \
                and all(getattr(item, name) is None for name in _FIGURES):
            unsure = True  # 2050 在加工 2051已完工: done, but which step is the sender's to say
    if any(_names_no_step(item) for item in items):
        unsure = True  # 1035 做完了, 2601 2602 都做完了: done, but which step is the sender's to say
    if reading.intent == "progress" and reading.node == "first_process" and reading.done is not False \
            and (_AWAITING_VERDICT.search(text) or _SENT_TO_BUYER.search(text)) and not _PASSED.search(text):
        # 首件送过去了 等你们确认: the first article is made, its verdict still the buyer's: the node is begun, not
        # passed (nine blind writers of thirteen), and shown first
        unsure = True
        if reading.also and all(_shipped_again(reading, item) for item in reading.also):
            reading = replace(reading, also=None)  # 首件做好了 送过去给你们确认: the article sent, no goods shipped
        # begun, also beside another fact (`Muster verschickt, 批量的料也到了`: the stock's arrival is its own fact)
        reading = replace(reading, done=False)
        items = [reading, *(reading.also or ())]
    if reading.intent in _ACCOUNTED and not told_twice and _clause_unheld(items, told):
        unsure = True  # 4128喷好了 首件也过了 终检明天: a clause names a step no fact of the reading holds
    if any(item.new_date is not None for item in items) and _CONDITIONAL.search(text):
        unsure = True  # 估计周六回 回来就发: a day said of one event, the other only follows it
    if reading.intent == "defect" and reading.scrap is None and _REMEDY_TO_DO.search(reading.description or "") \
            and (reading.rework is None or reading.defect_qty is None or _REMEDY_STILL_AHEAD.search(reading.description or "")):
        # 硬度不够 要重新淬火: a remedy still to do may be rework the reading did not count, or of parts it
        # did not count (有划伤 要重新抛光); 刻字不清 8件 要重刻 says both
        unsure = True
    if reading.intent == "correct" and reading.node is None and reading.percent is None \
            and any(getattr(reading, name) is not None for name in ("qty", "qty_done", "qty_total")) \
            and not _COUNTED_WHAT.search(text):
        unsure = True  # 数量错了 是800个: a count corrected, with no word of what was counted
    if reading.intent == "correct" and reading.node is not None \
            and len(once(_node_ranks, text)) > 1 and _STILL_NOT.search(text):
        unsure = True  # 不对 是首件过了 终检还没做: which of the two steps is the correction
    if reading.intent == "progress" and not reading.also:
        named = _nodes_named(text)
        if reading.node is not None and len(named - {reading.node}) > 0 and reading.done is False and _DONE.search(text) \
                and not told_twice:
            unsure = True  # 首件没问题 已经开始批量了: a step done and a step begun, read as one
        if reading.node is None and reading.done is False and all(getattr(reading, name) is None for name in _FIGURES) \
                and not _NOT_STARTED.search(text):
            unsure = True  # 1020 中简完了: not done, and which step is not said
    if reading.intent == "shipment" and all(getattr(reading, name) is None for name in _FIGURES) \
            and reading.packages is None and reading.happened_on is None and not _SHIPPED_PAST.search(text):
        unsure = True  # 今天发货: shipping today, or shipped today?
    if reading.intent == "shipment" and len({m["u"] for m in _COUNTED_PACKAGES.finditer(text)}) > 1:
        unsure = True  # 两托一箱: packages of two kinds are not one count
    for item in items:
        if item.po is not None and item.po.isdigit() and any(
                getattr(item, name) == int(item.po) for name in ("qty_done", "qty", "qty_left", "defect_qty")):
            unsure = True  # 打错了 是1023: one number cannot be both the order and its count
    if any(item.po is not None and item.po not in raw for item in reading.also or ()):
        unsure = True  # 一千二已经做完: a further order the sender never wrote in figures
    if reading.intent == "delay" and reading.node == "shipped" and _MAKING_BY.search(text):
        unsure = True  # 今天必须发 但是明天才能做完: the day is the making's; when it ships is not said
    if any(item.new_date is not None and (item.new_date - today).days > FAR_DAYS for item in items):
        unsure = True  # 12/12 发 on 12-18: a day just past read as next year's, or a day already gone?
    if _structure_unsaid(reading, text):
        unsure = True
    if reading.intent == "progress" and reading.node == "in_process" and not reading.also \
            and (any(getattr(reading, name) is not None for name in _COUNTS) or _VERB_THEN_SHARE.search(text)) \
            and _STEP_VERB_ONLY.search(text) \
            and not (_STEP_VERB_FINISHED.search(text) and reading.qty_total is None and reading.qty_left is None) \
            and _read_node(_STEP_VERB_ONLY.sub(_lone_step_verb, text), role)[0] is None:
        # 车好了800件, 2000个里焊好了1500: a count whose only step is a verb's one character is a bare count of the
        # order (docs/reading-corpus.md), as seven blind writers of eight read it; the chat puts it on the current step.
        # So is a share glued to the verb's aspect (`锯片 冲了一半`, `2000个车了一半`): eight lines of seven writers, none on
        # a node; a share beside the verb under way (`在车 完成40%`) stays the step under way (nine lines of five writers)
        reading = replace(reading, node=None, done=None)
    if pieces_apart(text) or self_doubt(text):
        unsure = True  # 一批发了 另一批还在打压, 首件过了 又说不行 我问下车间: the clauses do not make one fact
    if any(item.happened_on is not None for item in items) and unsaid_past(_PO_TOKEN.sub(" ", text)):
        unsure = True  # 这个月20号发 on the 28th: a plan's day already gone, not a day something happened
    if unsure and reading.intent not in _NON_WRITING:
        reading = replace(reading, confirm=True)
    return reading


_VERB_THEN_SHARE = _re(r"[车冲焊磨铣喷镀钻压啤]\s*(?:好了|完了|了|好)\s*(?:大概|大约|约)?\s*(?:一半|\d{1,3}\s*%|[一二三四五六七八九]\s*成)")
# A step said by its verb's one character beside a count: `车好了`, `焊了`, `镀好`.
_STEP_VERB_ONLY = _re(r"(?<![冲电喷抛打精粗铣磨车焊锻压铸化镀丝移])[车铣磨钻冲镀喷焊锻抛压铸印编啤](?=\s*(?:好|完|了|过))")
# The one character with 完 and the count in a clause of its own (`转轴车完了 一千五百根`, `螺母焊完了 1800件`): the
# step finished and its count, as every writer of such a line reads it (4 lines of AH AV AZ, none a bare count), like a
# step named in full; the same writers' 冲好了1.2万片 and 3000件里冲好了2600 are bare counts (docs/reading-corpus.md).
# A count out of a total (`里`, `还剩`) is no step finished.
_STEP_VERB_FINISHED = _re(r"(?<![冲电喷抛打精粗铣磨车焊锻压铸化镀丝移])[车铣磨钻冲镀喷焊锻抛压铸印编啤]\s*完了?(?=\s)")
# The one character with 好了/完了 and its count or share glued after it (`转轴车好了六百根`, `今天车好了四百个`, `生坯压好了一半`):
# a bare count of the order (docs/reading-corpus.md) whatever the thing or day before the verb (BP CV, five lines; none
# on a node), where the count set apart (`刀轴焊好了 400根`) stays the step's.
_LONE_VERB_COUNTED = _re(r"(?<![冲电喷抛打精粗铣磨车焊锻压铸化镀丝移])[车铣磨钻冲镀喷焊锻抛压铸印编啤]"
                         r"(?=(?:好了|完了)(?:\d|[一二三四五六七八九十两几]|一半))")
# The rest of the stock still to come or short, said after a share of it come (`还有一半下礼拜到`, `还差一半`).
_REST_OF_STOCK = _re(r"还有一半|另一半|还差|剩下|余下|其余|(?<![A-Za-z])the rest(?![A-Za-z])")


def _stock_share(item: Reading) -> bool:
    """A reading of the stock come in with only a share of it (`料到了一半`)."""
    return item.intent == "progress" and item.node == "material_ready" and item.percent is not None \
        and item.qty_done is None and item.qty_total is None and item.qty_left is None


_COUNTS = ("qty_done", "qty_total", "qty_left")
# A step word of the trade that ends in such a character (`点焊`, `机器人焊`, `级进模冲` is 级进模 then 冲): the step is
# named in full, so the character is no step said by its verb alone.
_STEP_WORD_ENDING = _re("(?:" + alternation(tuple(w for w in STEPS if len(w) > 1 and not w.isascii())) + ")$")


def _lone_step_verb(match: re.Match[str]) -> str:
    """The one-character step blanked, unless a named step word ends with it or stands straight before it."""
    text, start, end = match.string, match.start(), match.end()
    if _STEP_WORD_ENDING.search(text, max(0, end - 6), end) or _STEP_WORD_ENDING.search(text, max(0, start - 6), start):
        return match.group(0)
    return " "


def _rest_with_day(item: Reading) -> bool:
    """A further reading that holds only a count left and a day (`剩下1根月底发`): a plan, not progress."""
    return item.intent == "progress" and item.node is None and item.new_date is not None and item.qty_left is not None \
        and item.done is None and item.percent is None and item.qty_done is None


_START_ANNOUNCED = _re(r"(?:^|[\s,，。;；])(?:下周|下星期|下礼拜|明天|后天|准备|随后|然后|过两天|节后)\s*"
                      r"(?:开工|开干|开搞|动工|开做|开始做|开始生产|投产)(?!了)\s*[!！。.~]*$")
_STOCKED = _re(r"入库|入仓|进仓")
_BUYERS_RECEIPT = _re(r"收货|签收|验收|客户|你们|贵司|到货|(?<![A-Za-z])(?:received|delivered)(?![A-Za-z])")


def _structure_unsaid(reading: Reading, text: str) -> bool:
    """Whether a part of the reading came from no word the reader knows: the state of a step,
    the role of a count, or a count that stands where an order stands. Each is the reader filling
    in what it did not read, so the reading is shown before it is written (docs/reading-corpus.md)."""
    items = (reading, *(reading.also or ()))
    if reading.intent == "progress" and _has_figure(reading) and any(item.intent == "plan" for item in items[1:]) \
            and not _PAST_MARK.search(text) and not _PROGRESS_WORD.search(text):
        return True  # 下礼拜一先出一半: a part foreseen for a day, with no word that any of it is done
    if reading.intent in _FACT_INTENTS and not any(item.done is True or item.intent == "shipment" or _has_figure(item)
                                                   for item in items) \
            and any(_DONE_STANDALONE.match(c.strip(_PUNCT)) for c in _CLAUSES.split(_PO_TOKEN.sub(" ", text)) if c.strip()) \
            and not (reading.node == "in_process" and _sent_on_to_a_step(text)):  # CNC 完成 送阳极了: the done is a step's
        return True  # 全部搞定 可以出货: a clause says a thing is done, and the reading holds nothing done
    if reading.po is None and reading.intent not in ("undo", "snooze", "correct") and _STANDING_ORDER.search(text):
        return True  # 明天厂里检修 2031晚一天: an order-sized number, and the reading is on no order
    if reading.intent in _FACT_INTENTS and not any(item.lot or item.lot_seq for item in items) \
            and (_LOT.search(text) or _LOT_BARE.search(text)):
        return True  # 3319 LOT-C88 到货验收合格: a lot the message names, which the reading holds nowhere
    for item in items:
        if item.intent == "progress" and item.node is not None and item.done is None \
                and all(getattr(item, name) is None for name in _FIGURES) and item.packages is None \
                and item.new_date is None and item.happened_on is None and not _PARTLY.search(text) \
                and not _named_as_intention(item.node, text) \
                and not (item.node == "received" and _NOT_COUNTED.search(text)):  # 到货了 还没点数: its state, said
            return True  # 热处理搞掂, 终检通国: a step named, its state said in a word the reader does not know
        if item.intent == "progress" and (item.qty_done is not None or item.packages is not None) \
                and item.node in (None, "shipped", "material_ready", "received") and not _COUNT_ROLE.search(text):
            return True  # 出huo了 500件, 长度短了 有25件: a count, and no word of what was done to it
        if item.intent == "defect" and _has_figure(item) and _STOCK_IN.search(text) \
                and _MATERIAL.search(_STOCK_IN.sub(" ", text)):
            return True  # 来料 板材厚度不对 9件: nine sheets of the stock named, or nine parts made of it?
        if item.intent in ("progress", "defect") and _has_figure(item) and _two_readings(text):
            return True  # 发黑 5件: five blackened (a finish) or five gone black (a defect)?
        if item.intent == "progress" and item.qty_done is not None and _FAILED_CHECK.search(text):
            return True  # 终检未过 有8件尺寸大: a count beside a failed check is more likely the faulty ones
        if item.intent == "progress" and item.packages is not None and item.node not in ("received", "material_ready"):
            return True  # 走了3托: packages counted, but neither shipped nor received is read
        if item.intent == "progress" and item.node is not None and item.done is True and not reading.also \
                and _UNDER_WAY.search(text) and not _DONE_WORD.search(text):
            return True  # 在氧化 👌: under way in words, done only by a mark
        if item.intent == "progress" and item.done is False and _DONE_MARK.search(text):
            return True  # 还在磨 ✅: the words say under way, the mark says done
        if item.intent == "defect" and item.description and _MADE_DONE.search(item.description):
            return True  # 有5件划伤 其他的都做好了 明天终检: the defect's words hold another fact
        if item.po is not None and item.po.isdigit():
            for name in ("qty_done", "qty", "defect_qty", "qty_left", "qty_total"):
                value = getattr(item, name)
                if isinstance(value, int) and len(str(value)) == len(item.po) >= 4 and any(
                        _WHERE_ORDER_STANDS.search(text[:m.start()]) and not _COUNTING_BEFORE.search(text[:m.start()])
                        for m in _BARE_ORDER_SIZED.finditer(text) if int(m["n"]) == value):
                    return True  # 8831 首件OK 8832 8833 明天做首件: a number the size of an order, with no unit
    return False


_STEP_OR_DEFECT = _re(alternation(STEP_OR_DEFECT))
_STOCK_IN = _re(r"来料(?!检)|进料(?!检)")
# The receiving side (warehouse, IQC, the buyer): what comes in to them is the receipt, their check is its check.
RECEIVER_ROLES = frozenset({"warehouse", "qc", "buyer"})


def _two_readings(text: str) -> bool:
    """A word that is a step and a defect alike (handlers/shop_words.py), and no other word of what was
    done to the count or found in it."""
    plain = _PROCESS_NOT_DEFECT.sub(" ", text)  # 阳极氧化, 氧化好了: the step, settled
    if not _STEP_OR_DEFECT.search(plain):
        return False
    rest = _STEP_OR_DEFECT.sub(" ", plain)
    return not (_COUNT_ROLE.search(rest) or _TROUBLE.search(rest))


def _named_as_intention(node: str, text: str) -> bool:
    """Whether a clause names the node only as something to do (`接下来安排质检`): it states no state to ask about."""
    pattern = dict(_NODE_PATTERNS)[node]
    return any(pattern.search(c) and (_INTENDED.search(c) or _TO_DO.search(c)) for c in _CLAUSES.split(text) if c.strip())


_TO_DO = _re(r"安排|接下来|下一步|然后|之后|(?<![A-Za-z])(?:next|then)(?![A-Za-z])")


# The words that give a count its role: made, done, under way, shipped, received (a count beside none is a guess).
_COUNT_ROLE = _re(
    r"做|完|好|成|产|加工|出来|出了|过|合格|到|收|入库|在|中|剩|还有|差|共|总|里|装"
    r"|(?<![A-Za-z])(?:done|made|finished|complete\w*|produced|machined|ready|received|arrived|left|total|of"
    # Thai English's base verbs (`receive 600 pcs`, `tapping finish 800 pcs`, `stock in`), and the count said in after
    # an arriving (`goods arrive 900 pcs`, folded by handlers/reading_register.py)
    r"|receive|finish|remain|stock[- ]?in|in(?=\s+\d[\d,.]*\s*(?:pcs|pc|sets?|units?|m|kg|pallets?|cartons?|ctns?|boxes|box|rolls?|coils?|bags?)(?![A-Za-z])))(?![A-Za-z])"
)
# A word of a step finished (not a mark such as 👌 or a bare 已).
_DONE_WORD = _re(r"完成|完了|完毕|完工|好了|过了|做完|做好|弄好|弄完|搞定|搞好|合格|通过|到了|到齐|齐了|回来了|出来了"
                 r"|(?<![A-Za-z])(?:done|finished|complete|completed|passed)(?![A-Za-z])")
# A number of an order's size with no unit, that the reading took for no order.
_STANDING_ORDER = re.compile(rf"(?<![\dA-Za-z.:/\-])\d{{4,8}}(?![\d.:/\-])(?!\s*(?:多|余)?\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT}|%|％))")
# A check that failed: a count beside it may be the faulty parts, not the parts made.
_FAILED_CHECK = _re(r"(?:未|没|不)(?:有)?(?:通过|过)|不合格|不行|(?<![A-Za-z])(?:ng|failed|not ok)(?![A-Za-z])")
# A making finished, said in a defect's words: a second fact the defect reading swallowed.
_MADE_DONE = _re(r"(?<![不没未])(?:[做搞弄干整](?:好|完)|完成|完工|好了)|(?<![A-Za-z])(?:done|finished)(?![A-Za-z])"
                 # or a check the rest passed (`scratch, the rest passed final QC`, `other pass final QC already`)
                 r"|(?<![A-Za-z])(?<!not )(?:passed|pass(?=(?:\s+[A-Za-z]+){0,3}\s+already))(?![A-Za-z])")
# Where an order stands: at the start, after a separator, or after `是` / `不是`.
_WHERE_ORDER_STANDS = _re(r"(?:^|[\s,，、;；。]|是|和|及|与)\s*$")
_BARE_ORDER_SIZED = re.compile(rf"(?<![\d./])(?P<n>\d{{4,12}})(?![\d./])(?!\s*(?:多|余)?\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT}|%|％))")


def _names_no_step(item: Reading) -> bool:
    """A done with neither a step nor a figure: the chat would have to pick the node, so it asks."""
    return item.intent == "progress" and item.done is True and item.node is None \
        and all(getattr(item, name) is None for name in _FIGURES)


def plain_done(text: str) -> bool:
    """The message is an order (or none) and a plain "done" (`1035 做完了`, `done`): in answer to a
    prompt about one node, it answers that node and needs no question (handlers/reading_checks.py)."""
    folded, _ = _prepare(text)
    return bool(_PLAIN_ACK.fullmatch(_PO_TOKEN.sub(" ", folded).strip(_PUNCT)))


# A verdict on the step awaited from someone else (the buyer's approval of a first article).
# The thing made sent over to the buyer (首件已送过去, 送你们确认, sent to you): its verdict is the buyer's, still to come.
_SENT_TO_BUYER = _re(r"(?:送|寄|拿|交)(?:给|到|去)?\s*(?:过去|你们|您|贵司|客户|你那)|(?<=首件)\s*已?\s*寄出|(?<![A-Za-z])sent (?:to you|over)(?![A-Za-z])")
_AWAITING_VERDICT = _re(r"等\s*(?:你们|您|客户|贵司|甲方)?\s*(?:的)?\s*(?:QC|质检|品质|品管)?\s*(?:确认|回复|通知|批准|审核|签样|承认|认可|意见|(?<=[们您户司方C检质管])\s*看)"
                        # 等你们QC看, 等你们来看, 等客户那边判定: the buyer's people looking at it, any of them (AG BL BO M)
                        r"|等\s*(?:你们|您|客户|贵司|甲方)\s*(?:那边|的)?\s*(?:QC|IQC|SQE|质检|品管|品检|品质|工程师?|技术)?\s*(?:来)?"
                        r"\s*(?:看|检|验|判定|评审)"
                        # 送过去给你们确认, 送过来给你们看: sent for the buyer's verdict
                        r"|(?:给你们|给您|给客户|给贵司|请你们|请您)\s*(?:QC|质检|品质|品管)?\s*(?:确认|看|过目|审核|签样|检验)"
                        # ... and with 给 left out, as spoken Hunan and Southwest Mandarin say it (送过来你们看一下): the
                        # first article sent for a verdict is awaiting it in AC AT BH BO BP BR BT BU BV BX (10 corpora);
                        # the sending said done, then the look asked in a clause of its own, 检 for 看 as BH's 给你们检 has it
                        # (送过来了 你们检一下: CL, r30cl)
                        r"|(?:送|寄|拿)(?:过来|过去|来|去)(?:了|咯|啦)?[\s,，]*(?:你们|您|客户|贵司)\s*(?:QC|质检|品质|品管)?\s*"
                        r"(?:确认|看|过目|审核|检验|检|验)"
                        r"|(?<![A-Za-z])(?:waiting for|awaiting|pending)\s+(?:your\s+|the customer'?s?\s+)?(?:approval|confirmation|feedback|ok)(?![A-Za-z])")
def _clause_unheld(items: list[Reading], text: str) -> bool:
    """Whether a clause of a message of several names a step that no fact of the reading is on
    (an intention or a wait, `准备装车`, `等终检`, records nothing and is left out): a fact the
    reading lost, the shape of a message it did not understand."""
    clauses = [c for c in _CLAUSES.split(text) if c.strip()]
    if len(clauses) < 2:
        return False
    held = {item.node for item in items} | {"shipped" for item in items if item.intent == "shipment"} \
        | {"material_ready" for item in items if item.intent == "shortage"}  # 料还差一点: the shortage is the material's
    for clause in clauses:
        if "件" in clause:
            clause = _MADE_PART_ARRIVING.sub("毛坯", clause)  # 冲压件到了: a part made elsewhere, no step named
        named = _nodes_named(clause)
        if "material_ready" in named and _BLANK_WORKED.search(clause):
            named = named - {"material_ready"} | {"in_process"}  # 铸件浇完了: the castings made, as _read_node reads it
        if "material_ready" in named and _PRODUCT_SHIPPED.search(clause) and not _THEIR_DELIVERY.search(clause):
            named = named - {"material_ready"} | {"shipped"}  # 铸件都发了: the sender's own castings gone, no stock come in
        if "received" in held and (_STOCK_IN.search(clause) or _INCOMING_CHECK.search(clause)):
            named.discard("material_ready")  # 来料合格 from the warehouse: the goods that came in, the receipt held
            named.discard("final_inspection")  # 来料检合格: the incoming check is the receipt's own
        if "received" in held and named == {"final_inspection"} and not _FINAL_CHECK.search(clause):
            continue  # 抽检50个 全部合格 已入库: a check that names no final inspection, the receipt's own
        if _ASKED_OF_BUYER.match(clause.strip(_PUNCT)):
            continue  # 烦请安排收货: the buyer asked to take the goods in
        if _LOADING.search(clause) and not _GONE.search(clause):
            continue  # 货在装车了: loading is no node
        if _CONDITIONAL_START.search(clause):
            continue  # 回来就开始冲: a start waiting on another event records nothing, as an intention
        if named == {"final_inspection"} and "first_process" in held and _LOOKED_AT.search(clause) \
                and not _FINAL_CHECK.search(clause):
            continue  # 首件出来了 你们质检看过了 合格: the check is the first article's, not the final one
        if named and not named & held and not _INTENDED.search(clause):
            return True
    return False


# A look at the thing just named (看过了, 检过了), as against a verdict of its own (质检通过).
_LOOKED_AT = _re(r"看过|看了|检过|测过|检查过|查过|确认过")
# The final inspection by name, as against a check of whatever the message is about.
_LOT_CLAUSE = _re(r"\s*[\u4e00-\u9fffA-Za-z]{0,6}?(?:批次号?|批号|炉号)\s*(?:是|为)?\s*[:：#]?\s*[A-Za-z0-9][A-Za-z0-9\-_/.]*\s*")
_FINAL_CHECK = _re(r"终检|最终|出货前?检|发货前检|成品检|FQC|OQC|(?<![A-Za-z])final(?![A-Za-z])")


# Clauses: split at punctuation, and at a space beside Chinese (English words are spaced anyway).
_CLAUSES = re.compile(r"[,，。;；!！]+|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
_INTENDED = _re(r"等|待|准备|打算|要|需要|想|(?:可以|能)(?=\s*开始)|(?<![A-Za-z])(?:waiting|wait|ready to|ready for|plan|planned)(?![A-Za-z])")
# One event after another (`回来就发`, `一到就走`, `as soon as`): a day said belongs to the first.
_CONDITIONAL = _re(r"(?:一|等|到了|回来|好了|完了|齐了)\S{0,4}就\s*\S|(?<![A-Za-z])(?:as soon as|once)(?![A-Za-z])")
# A remedy still to do, in a defect's words (`要重新淬火`, `需要返修`).
_REMEDY_TO_DO = _re(r"(?:[\s,，。]|^)\S{0,2}(?:要|需要|得|准备|安排|重新|再)\s*\S{0,3}(?:重新|再|返|补|修|做|磨|镀|喷|淬|处理|加工)"
                    r"|(?:[\s,，。]|^)(?:要|需要|得|准备|安排)\s*[\u4e00-\u9fff]{2}")
# What a corrected count counts: made, shipped, in all, left or faulty.
_COUNTED_WHAT = _re(r"做|完成|完工|生产|加工|好的|发|出货|送|交|装|共|总|剩|还有|不良|坏|报废|返工|合格|收|到"
                    r"|(?<![A-Za-z])(?:made|done|finished|shipped|sent|delivered|total|left|remaining|defect\w*|scrap\w*)(?![A-Za-z])")


def _forecast(item: Reading) -> bool:
    """A further reading that foresees a part (`今天能做完一半`): a figure with a day and no step."""
    return item.intent == "progress" and item.new_date is not None and item.node is None and _has_figure(item)


# A share foreseen: a verb of can or will before the share made (`今天能做完一半`, `明天可以完成80%`); and the words of a
# message that say some of the work is done or under way beside it (`还在做`, `已经`, `了`)
_FORESEEN_SHARE = _re(r"(?:能|可以|会|可)\s*(?:做完|做好|完成|弄完|干完|搞完|做到|完)\s*(?:一半|\d{1,3}\s*%|[一二三四五六七八九]成)")
_DONE_SO_FAR = _re(r"在|已|了|过")
_MAKING_BY = _re(r"(?:才能|才可以|才会|才|要到|最快)\s*(?:做完|做好|完成|完工|加工完|生产完|弄好|搞定)")
FAR_DAYS = 180  # a plan or delay further out than this is more likely a day read as next year's
_REWORK_UNDER_WAY = _re(r"(?:还在|正在|在)?\s*(?:返工|返修|重做)\s*(?:中|当中)?(?:了|呢)?")


_PO_TOKEN = re.compile(r"(?:p[o0][\s#:\-_]*)?(?<![\dA-Za-z])(?P<body>\d{4,12})(?!\d)", re.IGNORECASE)
_HEDGE = _re(
    r"\d+\s*(?:\S{0,2})?还是\s*\d+|还是\s*\d{3,}|(?P<v>[\u4e00-\u9fff])了?还是(?:没|不)有?(?P=v)"
    r"|(?<=[一二三四五六七日天号])\s*或\s*(?=周|星期|礼拜|下|\d)|或者|或是|也可能|也许|记不清|不记得|不一定|不确定|(?:^|(?<=[\s,，。]))(?:还|都)?(?:未|没有?)(?:确定|定)(?=\s*$|[\s,，。])|说不准|好像|忘了(?!\s*(?:报|说|讲|告诉|通知|回复?|汇报|跟你))|退回来|退回|又退"
    r"|(?:今天|明天|后天|大后天|周[一二三四五六日天]|星期[一二三四五六日天]|[号日])\s*(?:[发出走交到]\s*)?还是\s*(?=今天|明天|后天|大后天|下?周|星期|礼拜|\d)"
    r"|一个\S{1,6}一个|有的\S{1,6}有的|一部分\S{1,6}一部分"
    r"|(?:发|出)了\S{0,4}\s*(?:不过|但是?|可是)\s*还?(?:没|未)有?\s*(?:发|出)"  # 已经出咗 不过仲未出: both at once
    r"|应该(?:已经?|都)?[发到做好完过]\S?了|[发到做好完过]了吧|应该是\S{0,8}吧\s*$|(?<=[\d十百千万])\s*[来多]\s*(?:个|件|只|套|pcs)"
    r"|(?<=\d)\s*(?:件|个|pcs)?\s*(?:左右|上下)|(?:大概|大约|约莫|差不多)\s*(?:[发做]了|完成了?)?\s*(?=\d+(?![\d.]|\s*[%％]))"
    r"|(?:^|[\s,，。])(?:不对|不是不是)(?=[\s,，。]|$)"
    r"|(?<![A-Za-z])(?:not sure|maybe|i think|or so|can'?t remember)(?![A-Za-z])"
)
_BARE_DONE = _re(
    r"^\s*(?:已经|都|全)?(?:好了|过了|好啦|合格了?|通过了?|搞定了?|弄好了)[!！。.\s]*$"
)
_PLAIN_ACK = _re(r"\s*(?:ok|okay|done|finished|complete|completed|all done|好了|完成|完成了|已完成|做完了|做好了|全部完成|全部做完了?|都完成了|(?:已经)?全部?完工了?)[!！。.✅👌👍\s]*")
_CONFLICT_DONE = _re(r"(?:全部|都|全)(?:做|弄|搞)?(?:完|好了|搞定|弄好)|已经全部|(?<![A-Za-z])(?:all|fully|everything) (?:done|finished|complete)(?![A-Za-z])")
_PART_COUNT = _re(r"(?:剩下|余下|剩余|其余|另外|另一)(?:的)?\s*\d|补(?:发|货|做|了|上)?(?:的)?\s*\d")
_REWORK_DONE = _re(r"(?:返工|返修|重做|补做)\S{0,6}?(?:已经?|都|全部?)?(?:修好|做好|弄好|好了|完成|完了|做完|合格)"
                   r"|(?<![A-Za-z])rework(?:ed)?\s+(?:is\s+|are\s+)?(?:done|finished|complete)(?![A-Za-z])")
_PROBLEM_AFTER = _re(r"坏了|出问题|有问题|不行了")


def _unsure(reading: Reading, msg: _Text, today: date) -> bool:
    """Whether the chat should show this reading and record it only on ✔.

    The reading is unsure when the sender hedges or contradicts himself, when a bare "done"
    does not say which step, when a number is left unexplained, or when a lone value could be
    a measurement, a percentage or a quantity."""
    text = msg.text
    if _HEDGE.search(text):
        return True
    if reading.intent == "defect" and _REWORK_DONE.search(text):
        return True  # 返工的50件修好了: rework finished, not a new defect
    if reading.intent == "progress" and reading.qty_done is not None and _PART_COUNT.search(text):
        return True  # 剩下的500件已全部完成, 补了10件: a count of a part, not how many are done in all
    if reading.intent == "progress" and reading.node == "in_process" and reading.qty_total \
            and reading.qty_done is not None and reading.qty_done < reading.qty_total \
            and (part := _OF_TOTAL.search(msg.text)) is not None and "完了" in part.group(0):
        return True  # 一千二百个里 精车完了九百: 完 says the step finished, the count a part of the whole (S: not done)
    if reading.intent in {"shipment", "progress"} and made_or_shipped(msg.display) and made_or_shipped(msg.text):
        return True  # 出了2000个: made, or shipped? shown first (unless the register already said: 出了 in traditional)
    if reading.happened_on is not None and any(
            d.value > today and _DAY_OF_MONTH.fullmatch(text[d.start:d.end].strip()) for d in find_dates(text, today)):
        return True  # 5号发的货: this month's 5th, or last month's? read as past, shown first
    if reading.intent == "plan" and reading.new_date is not None and reading.new_date.month != today.month \
            and (reading.new_date - today).days >= 14 and today.day - reading.new_date.day >= 7 \
            and any(d.value == reading.new_date and _DAY_OF_MONTH.fullmatch(text[d.start:d.end].strip())
                    for d in find_dates(text, today)):
        return True  # 12号出货 said on the 26th: this month's 12th two weeks gone, next month's far off; shown first
    orders = {reading.po} | {other.po for other in reading.also or ()}
    rest = _PO_TOKEN.sub(lambda m: " " if m["body"] in orders else m.group(0), text).strip(_PUNCT)
    if reading.intent == "progress" and reading.node is None and reading.percent is None \
            and reading.qty_done is None and (_BARE_DONE.match(rest) or (
                reading.done is True and not reading.also and not _PLAIN_ACK.fullmatch(rest))):
        return True  # 包装完了, 嗯 好了: done, but which step is the sender's to say
    if _FIGURE.fullmatch(rest):
        return True
    if reading.percent is not None and reading.percent < 100 and _CONFLICT_DONE.search(text):
        return True
    if (reading.qty_done is not None or reading.qty is not None) and _PROBLEM_AFTER.search(text):
        return True
    if _unexplained_number(reading, text, today):
        return True
    told = {item.intent for item in (reading, *(reading.also or ()))}
    if reading.intent in _ACCOUNTED and not told & {"defect", "delay", "shortage"} and _other_story(text):
        return True  # 外协那边弄坏了 还剩300个: a trouble the progress leaves out
    # a part named by its own word is no doubt where the reading named its step or state (a bare count stays in doubt)
    parts = all(item.intent != "progress" or (item.node is not None and item.qty_done is None and item.qty_total is None)
                for item in (reading, *(reading.also or ())))
    if reading.intent == "progress" and reading.node in ("material_ready", "received") and not reading.also \
            and not _has_figure(reading) and (named := _stock_arriving(text)) is not None \
            and (reading.node == "material_ready" or named["en"]):  # `rubber compound received`: read as the receipt first
        name = next(group for group in ("stock", "coming", "later", "en") if named[group])
        text = text[:named.start()] + " " * (named.end(name) - named.start()) + text[named.end(name):]  # the stock's name
    if reading.intent in _ACCOUNTED and (words := _unexplained_words(text, today, parts=parts)) \
            and not _goods_named(reading, text, words):
        return True  # 客供料收到了: a word the reading did not use may be the fact it missed
    if reading.percent is not None and _RATE.search(text):
        return True  # 合格率98%: a rate, not how far the order is
    if reading.intent == "plan" and _PAST_EVENT.search(text):
        return True  # 2号发的货: a day of the past read as a plan
    if reading.intent == "progress" and reading.po is None and reading.node is None and not reading.also \
            and reading.percent is None and (reading.qty_done is not None or reading.qty_total is not None):
        return True  # `3个` alone: so many of what, on which order?
    return False


_PART_NAMED = re.compile(alternation(PARTS))  # a part a shop names before a report (handlers/shop_words.py)
_HEAD_ORDER = re.compile(r"^\s*(?:p[o0][\s#:\-_]*)?\d{4,12}\s*", re.IGNORECASE)
_PART_TAIL = frozenset("套件杆管板座盖")  # 导向套, 活塞杆: the last character of a part's name the vocabulary holds alone
_COUNTED_GOODS = re.compile(rf"\d\s*{UNIT}\s*$")


def _goods_off(text: str) -> str:
    """The report without the part's name that heads it (`针床还在做 大概一半` -> `还在做 大概一半`)."""
    part = _PART_NAMED.match(text)
    return text[part.end():].lstrip() if part is not None else text


def _goods_named(reading: Reading, text: str, words: list[str]) -> bool:
    """Whether the one word the reading leaves unexplained only names the goods: at the head of the report, straight
    after its order and straight before the step the reading names, with no figure (`7008 缸筒焊接中`, `7075
    导向套加工完了`; never `估摸着发了` or `元旦前能发`, whose word is no part), or after
    a count as what was counted, ending the message (`今天发货了 120根活塞杆`). Where a fact may hide (a count read
    beside an unknown word, words of trouble) the reading is still shown first."""
    if len(words) != 1 or reading.also:
        return False
    word = words[0]
    head = _HEAD_ORDER.match(text)
    after = head.end() + len(word) if head is not None else 0
    while head is not None and (part := _PART_NAMED.match(text, after)) is not None:
        after = part.end()  # 轮椅扶手注塑完成: the goods' own word, then a part the shop names (扶手), then the step
    if head is not None and reading.po is not None and reading.node is not None and not _has_figure(reading) \
            and text.startswith(word, head.end()) and _NODE_WORD.match(text, after + (
                1 if text[after:after + 1] in _PART_TAIL else 0)):
        return True
    if head is not None and reading.po is not None and reading.node is not None and text.startswith(word, head.end()) \
            and _GOODS_THEN_REPORT.match(text, after) and not _ASKED.search(text) \
            and not (reading.done is False and _NOT_DONE.search(text)):
        return True  # 9332 海绵发了 1000个, 9250 base 抛光完了, 9534 火锅 首件过了: the goods, then the whole report
    at = text.rfind(word)
    return reading.intent == "shipment" and at > 0 and text[at + len(word):].strip(_PUNCT) == "" \
        and _COUNTED_GOODS.search(text[:at]) is not None


def _only_dates(reading: Reading, text: str, day: DateMatch) -> bool:
    """A day a delay's reason keeps only as the date of its cause (`腊月廿五放假 赶不上了 要过完年发`): the delay itself
    has no day then, and is shown first as before the reason kept it; a day said with 才 (`钢棒明天才到`) or a works'
    booking (`排到下周一`) is the cause itself."""
    return reading.intent == "delay" and _NOT_UNTIL.match(text, day.end) is None \
        and _BOOKED_TO.search(text, max(0, day.start - 4), day.start) is None


def _unplaced_date(reading: Reading, text: str, today: date) -> bool:
    """Whether the message names a day the reading puts nowhere (`终检过了 下周一走货` read as
    the inspection alone): a fact was left unread, so the reading is shown before it is written."""
    placed = any(item.new_date is not None or item.happened_on is not None for item in (reading, *(reading.also or ())))
    if placed or reading.intent in ("undo", "snooze", "ack", "resolve", "correct", "inspection_values") \
            or reading.delay_days is not None:
        return False
    said = " ".join(t for item in (reading, *(reading.also or ())) for t in (item.reason, item.description, item.note) if t)
    for part in _DAY_PART.finditer(text):
        clause = _clause_of(text, part.start(), part.end())
        if reading.intent == "progress" and reading.done is False and _RESULT_DUE.search(clause):
            continue  # 终检在做 下午出结果: the check under way gives its result then, no fact of its own (BS CD Y CO)
        if part.group(0) not in said and not _PAST_MARK.search(clause):
            return True  # 3306 终检也过了 晚上发: a time of day still to come, its fact left unread
    for day in find_dates(text, today):
        written = text[day.start:day.end].strip()
        if day.value == today or _DECIMAL.fullmatch(written) or (written in said and not _only_dates(reading, text, day)):
            continue  # today is every report's default day; 12.01 is a measurement
        return True
    return False


_DECIMAL = re.compile(r"\d+\.\d+")
_RESULT_DUE = re.compile(r"出(?:结果|报告|数据)\s*$")
# A time of day: a date of its own when what it times is still to come (`下午发`, `tonight`).
_DAY_PART = _re(r"(?:上午|下午|中午|晚上|今晚|傍晚|早上|夜里)(?!好)|(?<![A-Za-z])(?:tonight|this (?:afternoon|evening|morning))(?![A-Za-z])")
_CLAUSE_END = re.compile(r"[\s,，。;；!！]+")
_SENTENCE_END = re.compile(r"[,，。;；!！]+")
_DONE_MARK = re.compile("\u2705")  # a check mark says done; 👌 is only "ok"
_PAST_MARK = _re(r"[了已完]|过(?![去来])|(?<=[到走发来出送])的(?=\s*$|[\s,，。;；!！])|(?<![A-Za-z])(?:\w+ed|sent|left|went|came|done)(?![A-Za-z])")
# Reports whose every word must be accounted for; a delay's, defect's or shortage's other words are its reason.
_ACCOUNTED = frozenset({"progress", "plan", "shipment"})
_FIGURE_OR_ORDER = re.compile(r"(?:p[o0]|#)?[A-Za-z]{0,3}-?\d+(?:[.\-/]\d+)*", re.IGNORECASE)


def _other_story(text: str) -> bool:
    """Words of trouble (a breakdown, a defect) in a message read as plain progress, plan or shipment."""
    if not _TROUBLE.search(text):
        return False
    plain = _POSITIVE_NEGATION.sub(" ", _NOT_DEFECT.sub(" ", _PROCESS_NOT_DEFECT.sub(" ", text)))
    plain = _FIRST_ARTICLE_FAILED.sub(" ", plain)  # 首件不合格: the first article's verdict, which the reading holds
    return bool(_PROBLEM.search(plain) or _DEFECT.search(plain))


def _unexplained_words(text: str, today: date, *, parts: bool = False) -> list[str]:
    """The words of a message neither the reading nor the filler explains (handlers/reading_account.py):
    a Chinese word of two characters or more, or an English word of four letters or more."""
    blank = list(text)
    for day in find_dates(text, today):
        blank[day.start:day.end] = " " * (day.end - day.start)
    plain = _FIGURE_OR_ORDER.sub(lambda m: " " * len(m.group(0)), "".join(blank))
    if _PLACE_OR_CARRIER_SIGN.search(plain):
        plain = _PLACE_OR_CARRIER.sub(lambda m: " " * len(m.group(0)), plain)
    return [w for w in unexplained(plain, _vocabulary()) if len(w) >= 2 and (not w.isascii() or len(w) >= 4)
            and not (parts and _part_named(w, plain))]


# Where the goods went from and who hauls them (`从西宁发出来了`, `威海那边物流拉的`, `走的佳吉`, `物流是佳吉`): a place or a
# carrier's name, no fact of the order; the shipping is read from its own words around it.
_PLACE_OR_CARRIER = re.compile(
    r"(?<=从)[\u4e00-\u9fff]{2,3}?(?=\s*(?:发|运|拉|寄|出|走|过来|过去))"
    r"|(?:(?<=^)|(?<=[\s,，。;；]))[\u4e00-\u9fff]{2,3}?(?=那边|这边)"
    r"|(?:(?<=走的)|(?<=物流是)|(?<=快递是)|(?<=物流用的)|(?<=快递用的))\s*[\u4e00-\u9fff]{2,4}?(?:物流|快递)?(?=\s*(?:$|[,，。;；!！]))"
    # ... and where they were sent to (`发往海口`, `货发去三亚那边了`: DF; `运往` and `送往` of written Mandarin), a town of
    # two or three characters ending its clause
    r"|(?<=[发运送]往)[\u4e00-\u9fff]{2,3}?(?=\s*(?:$|了|那边|这边|[,，。;；!！\s]))")
_PLACE_OR_CARRIER_SIGN = re.compile(r"从|那边|这边|走的|物流|快递|[发运送]往")


# A part a shop names by its own word (通海阀, 带缆桩, 海水滤器, 人孔盖): a noun ending in a part's head, standing at
# the head of its clause and followed by the report, not by a count or a word of damage (`爆管 3根` stays unexplained).
_PART_HEAD = "阀桩孔器盖杆轴座架体箱罩轮壳环圈套盘钩锚柱梁销筒缸塞嘴柜刀扣钳轨"  # not 板, 管: stock (纸板, 钢管)
_PART_AFTER = re.compile(r"\s*(?![\d一二三四五六七八九十两几]|[了有的坏裂断漏破歪弯变掉烂坏卡堵])\S")
# A word the reader lacks said before a part's name it knows (`卡钳支架`, `滑轨总成`, `线束支架`): what kind of part it is,
# so the name of the part (reader20b: AY's writer names three parts so, AH AI AM others).
_PART_NOUN_AFTER = re.compile(rf"总成|组件|部件|[{_CJK}]?[{_PART_HEAD}]")


def _part_named(word: str, text: str) -> bool:
    if word.isascii() or len(word) > 5:
        return False
    at = text.find(word)
    if at > 0 and "\u4e00" <= text[at - 1] <= "\u9fff" and text[at - 1] != "的":  # 线束支架的卡扣: a part's part
        return False
    end = at + len(word)
    if word[-1] not in _PART_HEAD:
        if (noun := _PART_NOUN_AFTER.match(text, end)) is None:
            return False
        end = noun.end()
    return _PART_AFTER.match(text, end) is not None


@cache
def _vocabulary() -> Vocabulary:
    """Every literal word of this module's patterns and the shop's words whole (their patterns are tries,
    written in character codes), built once on first use."""
    patterns = (v.plain if isinstance(v, Guarded) else v for v in globals().values() if isinstance(v, (re.Pattern, Guarded)))
    return Vocabulary.of(patterns, words=WORDS + FILLER_WORDS + REGIONAL_FILLER + INDIA_FILLER + THAI_FILLER)


_RATE = _re(r"合格率|良率|良品率|不良率|直通率|报废率|返工率|(?<![A-Za-z])(?:yield|pass rate|reject rate)(?![A-Za-z])")
_NUMBER_TOKEN = re.compile(r"(?<![\dA-Za-z.\-/])(?P<n>\d+(?:\.\d+)?)(?![\d.]|[A-Za-z]*\d)(?!\s*(?:[月号日点:：/]|点钟|小时|个?钟头|分钟|天|周|个?星期|礼拜|h\b|day|week))")
_AFTER_LOT_OR_LABEL = re.compile(r"(?:批次号?|批号|lot|batch|exc|no\.?|#)\s*[:：-]?\s*$", re.IGNORECASE)
_QUANTITY_FIELDS = ("qty_done", "qty_total", "qty_left", "qty", "defect_qty", "packages", "amount", "percent",
                    "delay_days", "lot_seq", "number")
_QUANTITIES = attrgetter(*_QUANTITY_FIELDS)
_REWORK_AND_SCRAP = attrgetter("rework", "scrap")


def _explained(reading: Reading) -> tuple[set[float], list[str]]:
    """The numbers a reading accounts for, and the texts (orders, lots) whose digits it uses."""
    values: set[float] = set()
    texts: list[str] = []
    for item in (reading, *(reading.also or ())):
        for value in _QUANTITIES(item):  # most are None: the fields fetched at one call, the None passed at once
            if value is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
                values.add(float(value))
        for value in _REWORK_AND_SCRAP(item):
            if value is not None and isinstance(value, int) and not isinstance(value, bool):
                values.add(float(value))
        values.update(float(v) for v in item.values or ())
        if item.qty and item.packages:
            values.add(item.qty / item.packages)  # 3箱 每箱100个: the count per package
        if item.intent == "delay" and item.reason:
            texts.append(item.reason)  # 2个工人请假: a number inside the reason is part of the reason
        texts.extend(t for t in (item.po, item.lot, item.exception) if t)
    return values, texts


def _unexplained_number(reading: Reading, text: str, today: date) -> bool:
    """Whether the message holds a number the reading does not account for: a second quantity,
    a measurement, an order number read as a count. Such a reading is shown before it is written."""
    if reading.intent in ("undo", "snooze", "ack", "resolve"):
        return False
    values, texts = _explained(reading)
    placed = {item.new_date for item in (reading, *(reading.also or ()))} | \
        {item.happened_on for item in (reading, *(reading.also or ()))}
    in_dates = [(d.start, d.end) for d in find_dates(text, today)
                if d.value in placed or _back_to_past(d, text, today).value in placed]
    rest_planned = any(item.intent == "plan" for item in reading.also or ())
    clean = [m.span() for m in _NOT_DEFECT.finditer(text)]
    figures_said: set[str] | None = None
    for match in _NUMBER_TOKEN.finditer(text):
        raw = match["n"]
        if any(s <= match.start() and match.end() <= e for s, e in in_dates + clean):
            continue  # part of a day the reading placed, or the zero of a clean sample (0不良)
        if _AFTER_LOT_OR_LABEL.search(text[max(0, match.start() - 8):match.start()]):
            continue
        if float(raw) in values:
            continue
        if figures_said is None:  # the figures inside the reading's words, found once a reading, not once a number
            figures_said = {figure for t in texts for figure in _FIGURE.findall(t)}
        if raw in figures_said:
            continue
        if _THOUSANDS.match(text, match.end()) and round(float(raw) * 1000) in values:
            continue  # 2K pcs read as 2000
        if text.startswith("成", match.end()) and float(raw) * 10 in values:
            continue  # 6成 read as 60%
        if _SAMPLED_BEFORE.search(text[max(0, match.start() - 6):match.start()]) \
                and any(item.intent == "defect" or (item.node in ("first_process", "final_inspection", "received")
                                                        and item.done)
                        or (item.intent == "inspection_values" and item.values and float(raw) == len(item.values))
                        for item in (reading, *(reading.also or ()))):
            continue  # 抽检50个 2个生锈, 终检过了 抽了125件: the size of the sample beside what was found in it
        if rest_planned and _REST_BEFORE.search(text[max(0, match.start() - 6):match.start()]):
            continue  # 发了500 剩1500下周三发: the size of the rest whose plan the reading holds
        return True
    for item in (reading, *(reading.also or ())):
        for name in ("qty_done", "qty", "defect_qty", "qty_left"):
            value = getattr(item, name)
            if isinstance(value, int) and value >= 1000 and item.po is not None and len(str(value)) == len(item.po) \
                    and any(int(m["n"]) == value and (not _COUNTING_BEFORE.search(text[:m.start()])
                                                      or _NODE_WORD.match(text, m.end() + 1) is not None)
                            for m in _SUBJECT_NUMBER.finditer(text)):
                return True  # 7708 首件过了 7709还没: a number the size of an order, where an order stands
    if reading.po is None:
        for item in (reading, *(reading.also or ())):
            for name in ("qty_done", "qty", "defect_qty"):
                value = getattr(item, name)
                if isinstance(value, int) and value >= 1000 and re.search(
                        rf"(?<![\d.]){value}(?![\d.])(?!\s*(?:多|余)?\s*{UNIT})", text):
                    return True  # a bare four-digit number read as a count may be the order
    return False


# What a plan does with its day: the words that make a day the plan's own.
_PLAN_VERB = _re(_FA + r"|出货|交|到|做完|做好|完成|完工|完|好|走|送|装|(?<![A-Za-z])(?:ship|deliver|finish|done|ready|arrive|reach)")
_REST_BEFORE = _re(r"(?:剩下?的?|剩余的?|其余的?|余下的?|还剩|还有|另外|(?<![A-Za-z])(?:the rest|remaining|other))\s*$")
_SUBJECT_NUMBER = re.compile(rf"(?:^|(?<=[\s,，;；。]))(?P<n>\d{{4,12}})(?=\s*[\u4e00-\u9fffA-Za-z])(?!\s*(?:多|余)?\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT}))")
_COUNTING_BEFORE = _re(r"(?:做|发|完成|好|共|计|有|出|交|差|剩|里|总|(?<![A-Za-z])(?:done|at|shipped|made|finished|of|total))\s*了?\s*[,，]?\s*$")
_NON_WRITING = frozenset({
    "status_query", "overdue_query", "today_query", "orders_query", "exceptions_query",
    "supplier_query", "help", "noted", "clarify", "unknown",
})


def _read_body(msg: _Text, po: str | None, role: str, today: date) -> Reading:
    """A message past its commands, undo and snooze: a question, one or several facts, or a question back."""
    query = _read_query(msg, po, role)
    if query is not None:
        return query
    if po is not None and role in _BUYERS_SIDE and settle.PAPERS_ASKED.match(msg.rest(folded=True)):
        return Reading("status_query", po=po)  # 物流单号发我一下: the buyer asks for the order's papers
    facts = _read_facts(msg, po, role, today) if not once(_put_off_by_trouble, msg.text, today) else None
    if facts is not None:
        return facts
    report = _read_report(msg, po, role, today)
    if report is not None:
        return report
    if po is not None:
        if role == "supplier":
            return Reading("clarify", po=po, question="what_update")
        if role in _BUYERS_SIDE and settle.ORDER_CHANGED_BY_BUYER.search(msg.text):
            return Reading("clarify", po=po)  # 数量改成1500 原来是1200: the buyer's own change, asked what to do
        if role in _BUYERS_SIDE and settle.ORDER_CLOSED_REMARK.match(msg.rest(folded=True)):
            return Reading("noted")  # 这单结了 谢谢: a closing remark, nothing recorded
        return Reading("status_query", po=po)
    return Reading("unknown")


_PO_LIST_ITEM = r"(?:p[o0][\s#:\-_]*|#|单号|订单号?)?\s*(?P<n{i}>\d{{4,12}})"
_PO_SERIES = re.compile(
    r"^\s*" + _GREETING + _PO_LIST_ITEM.format(i=0)
    + r"(?:\s*(?:和|与|跟|及|、|,|，|&|/|\s|(?<![A-Za-z])and(?![A-Za-z]))\s*" + _PO_LIST_ITEM.format(i=1) + r")"
    + r"(?:\s*(?:和|与|跟|及|、|,|，|&|/|\s|(?<![A-Za-z])and(?![A-Za-z]))\s*" + _PO_LIST_ITEM.format(i=2) + r")?"
    + r"(?:\s*(?:和|与|跟|及|、|,|，|&|/|\s|(?<![A-Za-z])and(?![A-Za-z]))\s*" + _PO_LIST_ITEM.format(i=3) + r")?"
    + r"(?![\d.%/\-年月日号天周]|\s*(?:" + UNIT + r"|%|percent|of\b|月|号|日|的\s*(?:单子?|订单|量|总量|数量)))",
    re.IGNORECASE,
)


def _head_series_end(text: str) -> int:
    """Where a series of several orders at the message's head ends (0 when there is none): a clause inside it names
    no order of its own, since the series is split at its spaces (`2031 2032 终检过了` as `2031` and `2032 终检过了`)."""
    match = _PO_SERIES.match(text)
    if match is None or len({_canonical_po(match[f"n{i}"]) for i in range(4) if match[f"n{i}"]}) < 2:
        return 0
    return match.end()


def _find_po_list(msg: _Text) -> list[str]:
    """Several orders named together at the head (`2031、2032 都发了`): each is an order, never a quantity."""
    match = _PO_SERIES.match(msg.text)
    if match is None:
        return []
    found = [_canonical_po(match[f"n{i}"]) for i in range(4) if match[f"n{i}"]]
    if len(set(found)) < 2:
        return []
    msg.take(*match.span())
    return list(dict.fromkeys(found))


_PUNCT_KEEP_PERCENT = _PUNCT.replace("%", "")
_WRONG = _re(
    r"(?:单号|订单号|数量|日期|批号)(?=\s*(?:应该是|$))|(?:打|写|发|填|报|说|搞|弄|输|记)错了?|(?:打|写|填|报|记)(?:多|少)了|错了|有误|不对|更正|纠正|订正|少打|多打|不是|歹势|^\s*其实(?=\s*是)"
    r"|(?<![A-Za-z])(?:typo|wrong|mistake|correction|i meant|meant to say|sorry)(?![A-Za-z])"
    # `not` before an order, a batch or a lot named by its number (`16343 not 16334`, `not batch 2, batch 3`), as 不是
    r"|(?<![A-Za-z])not(?=\s+(?:(?:po|batch|lot)\s*#?\s*)?\d)"
)
_RIGHT_IS = _re(
    r"(?:应该|应|实际|实际上|正确的?|其实)(?:是|为)|(?:实际上?|其实)(?=\s*\S)|改为|改成|更正为|更正[:：]|纠正[:：]|订正[:：]"
    r"|(?<![不])是(?=\s*\S)|(?<![A-Za-z])(?:should be|should have been|is actually|it'?s|i meant|meant|correct(?:ion)? is|correction:?|actually)(?![A-Za-z])"
    # English's bare `is` before the right value, as 是 (`PO wrong, is 16342`, `wrong lot, lot is RY2612-03`)
    r"|(?<![A-Za-z])is(?=\s+\S)"
)
_EARLIER = _re(r"刚才|刚刚|上一条|上条|前面|之前|(?<![A-Za-z])(?:earlier|last message|previous)(?![A-Za-z])")
# (a thousands' comma is no clause's: `1,500 done, not 15,000`)
_NOT_BUT = _re(r"^(?P<right>.+?)\s*[,，]?\s*(?:不是|(?<![A-Za-z])not(?![A-Za-z]))\s*(?P<wrong>(?:[^,，]|(?<=\d),(?=\d{3}))+)$")
# English's order the other way, the wrong one first (`not batch 2, batch 3`), as 不是第二批 是第三批
_NOT_THEN_RIGHT = _re(r"^\s*(?<![A-Za-z])not\s+(?P<wrong>[^,，]+?)\s*[,，]\s*(?:but\s+)?(?P<right>[^,，]+?)\s*$")
_WRONG_ORDER = _re(r"单号|订单|(?<![A-Za-z])(?:po|order)(?![A-Za-z])")
_WRONG_DATE = _re(r"日期|日子|时间|几号|周[一二三四五六日天]|星期|(?<![A-Za-z])date(?![A-Za-z])")
_WRONG_LOT = _re(r"批号|批次|(?<![A-Za-z])(?:lot|batch)(?![A-Za-z])")
_SHIP_CONTEXT = _re(r"发货|发了|实发|(?<!刚才)(?<!刚)(?<!上面)(?<!我)发的(?!数据|消息|那条)|出货|(?<![A-Za-z])(?:ship\w*|send|sent)(?![A-Za-z])")
_DEFECT_CONTEXT = _re(r"不良|次品|不合格|(?<![A-Za-z])(?:defect\w*|ng)(?![A-Za-z])")
_PAST_EVENT = _re(r"发的|到的|做的|(?:发|到|走|出)了(?!\s*(?:就|再|吗|没))|(?<![A-Za-z])(?:shipped|arrived|came in|came|delivered|received)(?![A-Za-z])")
# A weekday said alone (not 下周一, not next Monday): the nearest one, before or after, by the tense.
_BARE_WEEKDAY = _re(r"(?:(?:这|本)?(?:周|星期|礼拜)[一二三四五六日天]|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)")


# The apology leading a message straight before what is so (`不好意思 是第三批`: AD BO; `不好意思 是百分之八十`: BU;
# `不好意思 实际发了650只`: CL): the last report put right, as `sorry` and Minnan 歹势 say it. Before a report alone
# (`不好意思 发了500件`, sorry to be late) or trailing a delay (`要往后推三天 实在不好意思`) it is courtesy only.
_APOLOGY_LEAD = _re(r"^\s*(?:不好意思|抱歉|对不起)[\s,，。!！]*(?=实际|其实|应该是|是)")
# A correction said as what actually happened, first in the message, with its figure (`实际发了450件`, `其实是18箱`).
_ACTUALLY_LEAD = _re(r"^\s*(?:实际上?|其实)\s*(?:是|为)?\s*(?:[^\d\s]{0,4}\s*\d+(?:\.\d+)?\s*(?:%|[^\d\s号日月点:：/.\-])|百分之)")
_SAID_IS = _re(r"^(?:应该|应|就|才)?(?:是|为)\s*")
_RIGHT_AFTER = _re(r"(?:^|[\s,，。])(?P<value>[^\s,，。]+?)\s*(?:才对|才是对的|是对的|才是正确的)[。.!！\s]*$")
_AFTERTHOUGHT = re.compile(r"[\s,，。；;!！]+")
# A share or a count with its unit alone, then that the last report was mistyped (`百分之八十 刚才打错了`, AH's
# `是百分之七十 打错了`, AB AC's `6225才对 前面打错了`): the right figure said first, as 才对 or 是 says it.
_VALUE_THEN_MISTYPED = _re(rf"\s*(?:(?:应该|应)?是\s*)?(?:百分之\s*(?:\d{{1,3}}|{CN_NUM})|\d+(?:\.\d+)?\s*(?:%|％|{UNIT})|{CN_NUM}\s*{UNIT})"
                           r"[\s,，。]+(?:刚才|刚刚|前面|上面|上一?条)?\s*(?:(?:打|写|填|报|说|发)错了?"
                           # 是百分之六十 刚才打成八十了: the wrong figure named as what was typed (打成, as 9115才对 刚才打成9151了)
                           rf"|(?:打|写|填|报|输)成\s*(?:百分之)?\s*(?:\d+(?:\.\d+)?|{CN_NUM})\s*(?:%|％|{UNIT})?\s*了)[\s。!！]*$")
_CHANGE_ASKED = _re(r"改一下|改改|修改|更改|要改|重新(?:报|填|发)|(?<![A-Za-z])(?:change|fix|edit) (?:it|that)(?![A-Za-z])")


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    """The last of a pattern's matches (`sorry wrong date`: the word of the date's fault, not the apology)."""
    found = None
    for found in matches:  # noqa: B007
        pass
    return found


def _read_correction(msg: _Text, po: str | None, role: str, today: date) -> Reading | None:
    """`70%打错了 应该是40%`, `发错单号了 是2044`, `不良是12件 不是21件`: the last report was wrong,
    and the fields read here replace its fields."""
    text = msg.text
    actually = _ACTUALLY_LEAD.match(text) is not None and po is None  # 实际发了450件: the last report, said right
    actually = actually or (_APOLOGY_LEAD.match(text) is not None and po is None)  # 不好意思 实际发了650只
    if role not in ("supplier", "qc", "warehouse") or not (_WRONG.search(text) or _EARLIER.search(text) or actually):
        return None
    right_after = _RIGHT_AFTER.search(text)
    if right_after is not None and _WRONG.search(text[: right_after.start("value")]):
        # 单号打错 4377才对, 搞错了 不是3193 是3843才对: the right value said first, `才对` after it
        value = _SAID_IS.sub("", right_after["value"])
        return _correction_fields(value, text[: right_after.start("value")], None, role, today)
    not_but = _NOT_BUT.match(text) or _NOT_THEN_RIGHT.match(text)
    if not_but is not None and po is not None and po in not_but["wrong"]:
        po = None  # 做了600不是6000: the wrong figure is no order
    right = None
    for candidate in _RIGHT_IS.finditer(text):
        if candidate.end() < len(text.rstrip(_PUNCT_KEEP_PERCENT)):
            right = candidate
    if not_but is not None and (right is None or right.start() < not_but.start("wrong")):
        head, tail_start, tail_end = text, not_but.start("right"), not_but.end("right")
        inner = _RIGHT_IS.search(text, tail_start, tail_end)
        if inner is not None:
            tail_start = inner.end()
        elif (back := settle.TAKE_BACK_WORD.search(text, tail_start, tail_end)) is not None:
            # 上条删掉 20778 首件过了 不是终检: the report said again after its taking back, its 是 left out (Korean
            # writers drop it, CX), as 上条删掉 20778 是首件过了 不是终检 and Cantonese 系…唔系 (AZ BM BN CD CG) say it
            tail_start = back.end()
            if (order := _FIRST_ORDER.match(text, tail_start)) is not None and order["n"] == po:
                tail_start = order.end()
    elif right is not None and (_WRONG.search(text) or _EARLIER.search(text[: right.start()]) or actually):
        head, tail_start, tail_end = text[: right.start()], right.end(), len(text)
    elif (wrong := _WRONG.search(text)) is not None and (restated := _RESTATED.search(text, wrong.end())) is not None:
        head, tail_start, tail_end = text[: restated.start()], restated.start(), len(text)  # 数量错了 发了650件: said again, right
    elif (wrong := _last(_WRONG.finditer(text))) is not None and _WRONG_DATE.search(text[: wrong.end() + 6]) \
            and len(dates := find_dates(text[wrong.end():], today)) == 1 and dates[0].value >= today:
        # sorry date wrong, ship on 28/7: the date named wrong, then the plan said again with one day to come
        return Reading("correct", po=po, new_date=dates[0].value)
    elif _VALUE_THEN_MISTYPED.match(text):
        head, tail_start, tail_end = "", 0, len(text)  # 百分之八十 刚才打错了: the right figure, then that the last was mistyped
    elif _EARLIER.search(text) and _CHANGE_ASKED.search(text) and not _UNDO.search(text):
        return Reading("clarify", po=po, question="what_correction")  # 刚才那个改一下: change it to what?
    else:
        return None
    tail = text[tail_start:tail_end].strip(_PUNCT_KEEP_PERCENT)
    first, *after = _AFTERTHOUGHT.split(tail)
    said_wrong_after = bool(first and after and all(_WRONG.search(part) or _EARLIER.search(part) for part in after if part))
    if not (_WRONG.search(text) and (_EARLIER.search(text) or _WRONG.search(head))) and not _EARLIER.search(head) \
            and not actually and not (said_wrong_after and not head.strip(_PUNCT)):
        # (是百分之七十 打错了: the right value first, then that the last was typed wrong, is a correction too)
        return None
    head_only = text[:tail_start] + text[tail_end:]
    if said_wrong_after:
        tail = first  # 应该是2643 刚才少打了一位: the value, then why it was wrong
    return _correction_fields(tail, head_only, po, role, today)


# After a word that the last report was wrong, the report said again with its figure (`刚发的数量错了 发了650件`).
_RESTATED = _re(r"(?:^|(?<=[\s,，。;；]))\s*(?:实际|其实)?\s*(?:发了|做了|做好了|完成了?|出了|收了|到了|(?:实收|实到|实发)(?:数|数量)?\s*(?:是|为)?"
                # and in English, the verb as Thai English says it or in the past, or the share alone after its comma
                # (`qty wrong, ship 850 pcs`, `percent wrong, 80%`)
                r"|(?<![A-Za-z])(?:ship|shipped|send|sent|made|finish|finished|done|receive|received)(?![A-Za-z])"
                r"|(?<=[,，])(?=\s*\d{1,3}\s*%)|(?<=[,，]\s)(?=\d{1,3}\s*%))"
                r"\s*(?=\d|[一两二三四五六七八九十百千]+\s*" + UNIT + r")(?!\d{1,2}\s*/\s*\d)")  # a figure, never a date (`send 30/9`)
_COUNT_CONTEXT = _re(r"做好|做了|做完|完成|发了|发的|数量|不良|件|个|(?<![A-Za-z])(?:pcs|qty|made|shipped)(?![A-Za-z])")
# The figure that ends a correction, with its counter word, also one the reader does not list (`是18双`).
_TRAILING_FIGURE = re.compile(r"(?<![\d.])(?P<n>\d+)\s*(?:" + UNIT + r"|(?![的了吧呢啊呀号日月天周点年])[\u4e00-\u9fff])?\s*$")


# The right figure, then the English verb of what it counts (`1,500 done`, `850 shipped`), as 做了1500 says it before.
_FIGURE_THEN_VERB = _re(r"\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*(?:pcs\s*)?"
                        r"(?:done|made|finished|completed|shipped|sent|received)\s*")


def _correction_fields(tail: str, head: str, po: str | None, role: str, today: date) -> Reading | None:
    bare_po = _PO_WHOLE.match(tail)
    if bare_po is not None and (_WRONG_ORDER.search(head) or (re.search(r"\d{4,}", head) and not _COUNT_CONTEXT.search(head)
                                                               and not _WRONG_LOT.search(head)
                                                               and len(bare_po["body"]) >= 4)) \
            and not re.search(r"件|个|pcs|%", tail):  # (不是批号K2611-02 是K2611-03: the lot, below)
        return Reading("correct", po=_canonical_po(bare_po["body"]))
    lot = _LOT.search(tail) or _LOT_BARE.search(tail)
    if _WRONG_LOT.search(head) and (lot or re.fullmatch(r"[A-Za-z]{0,3}-?\d[\w\-]*", tail)):
        return Reading("correct", po=po, lot=(lot["lot"] if lot else tail).rstrip(".-_/"))
    dates = find_dates(tail, today)
    if dates and len(tail) - (dates[0].end - dates[0].start) <= 4:
        day = dates[0].value
        if _PAST_EVENT.search(tail + head) and day > today:
            return Reading("correct", po=po, happened_on=_most_recent(day, today))
        if day < today:
            return Reading("correct", po=po, happened_on=day)  # 不是昨天 是前天到的: a day past is when it happened
        return Reading("correct", po=po, new_date=day)
    seq = _LOT_SEQ.search(tail)
    if seq is not None:  # 是第三批 不是第二批
        raw = seq["n"] or seq["m"] or seq["e"] or seq["o"] or ("1" if seq["f"] else "")
        return Reading("correct", po=po, lot_seq=int(raw) if raw.isdigit() else cn_to_int(raw))
    node, done = _read_node(tail, role)
    if node not in (None, "ambiguous") and not _A_DIGIT.search(tail):
        return Reading("correct", po=po, node=node)
    shares = (_PERCENT, _PERCENT_CN, _PERCENT_TENTHS, _PERCENT_PARTS)  # every form of a share the reader knows
    percent = _take_percent(_Text(tail)) if any(share.search(tail) for share in shares) else None
    if percent is not None:
        return Reading("correct", po=po, percent=percent)  # 是百分之八十, 改成九成
    packages = _PACKAGES.search(tail)
    if packages is not None:
        # 其实是18箱: the count with its unit, as any report of packages carries it (AY)
        return Reading("correct", po=po, packages=int(packages["n"]), package_unit=packages["u"])
    amount = _AMOUNT.search(tail)
    if amount is not None:
        return Reading("correct", po=po, amount=_number(amount["n"]))
    count = _QTY_UNIT.search(tail) or _BARE_INT.fullmatch(tail) or _TRAILING_FIGURE.search(tail) \
        or _FIGURE_THEN_VERB.fullmatch(tail)
    if count is None:
        return None
    value = int(float(count["n"].replace(",", "")))
    if re.search(r"%|％|percent|成", head) and value <= 100 and not _QTY_UNIT.search(tail):
        return Reading("correct", po=po, percent=value)
    if _DEFECT_CONTEXT.search(head + tail) or _defect_category(head + tail) not in (None, "quantity", "packaging"):
        return Reading("correct", po=po, defect_qty=value)  # 刚才说的划伤是9个: a defect's word, so its count
    if _SHIP_CONTEXT.search(head + tail):
        return Reading("correct", po=po, qty=value)
    return Reading("correct", po=po, qty_done=value)


def _most_recent(value: date, today: date) -> date:
    """A day of the month said of something already done: this month's, or last month's."""
    candidate = value.replace(year=today.year, month=today.month) if value.day <= 28 else value
    if candidate > today:
        month = today.month - 1 or 12
        year = today.year if today.month > 1 else today.year - 1
        candidate = candidate.replace(year=year, month=month)
    return candidate


# The sender's own promise to answer or report later (明天再回你, 晚点回复您, 回头答复你, 明天再报): he takes it on, so the bot is not asked to
# come back (that is `snooze`: 明天再问我, 再提醒我). The one answered may stand before the verb, as Chinese puts him
# with 给 (明天给你回话, 下午给您答复): the same promise.
_GIVEN_ANSWER = r"(?:给|跟)\s*(?:你|您)\s*(?:回个?话|回复|回覆|答复|回信|回个?电话)"
_REPLY_LATER = _re(r"(?:晚点|稍后|待会|回头|过会|等会|明天|后天|下午|晚上|改天|过两天|周.|礼拜.|星期.)\s*(?:再|才)?\s*"
                   r"(?:(?:回复?|回覆|答复|告诉|通知)\s*(?:你|您)|报(?![检关验单价])|" + _GIVEN_ANSWER + ")")
_REMIND_ASKED = _re(r"提醒|提示|问我|催我|叫我|喊我|找我|(?<![A-Za-z])(?:remind|ask me|ping me)(?![A-Za-z])")
_SNOOZE = _re(
    r"再来?(?:提醒|提示|通知|找)(?:我|一下|下)?|(?<![我俺])再来?(?:问|催)(?!问|看)(?:我|一下|下)?|(?:明天|后天|晚点|稍后|下午|晚上|下周\S?|\d+号|(?:周|星期|礼拜)[一二三四五六日天])\S{0,2}(?:提醒?|叫|喊)我|(?:晚点|稍后|待会|回头|过会|等会|明天|下午|晚上|改天|过两天)\s*再?(?:说|聊|回复|回你|答复|报)"
    r"|(?:晚点|稍后|待会|回头|过会|等会|明天|后天|下午|晚上|改天|过两天)\s*(?:再|才)?\s*" + _GIVEN_ANSWER +
    r"|(?<![A-Za-z])(?:remind me|ask me|ping me|check back|later please)(?![A-Za-z])"
)


def _fact_before_promise(msg: _Text, po: str | None, role: str, today: date) -> bool:
    """`今天发了两车 具体数量晚上报`, `终检过了 数量晚点告诉你`: a fact, then the sender's own promise of the rest later.
    The fact is the report; the promise asks no reminder (a reminder asked, `明天再提醒我`, stays the snooze)."""
    match = _SNOOZE.search(msg.text)
    if match is None or _REMIND_ASKED.search(msg.text) or not settle.OWN_REPORT_LATER.search(match.group(0)):
        return False  # (晚点问 后天再问吧: the bot asked to come back, a snooze whatever stands before it)
    head = _sub(msg, 0, match.start())
    if not _PO_TOKEN.sub(" ", head.text).strip(_PUNCT + " "):
        return False
    return _read_body(head, po, role, today).intent not in _NON_WRITING


def _read_snooze(msg: _Text, today: date) -> Reading | None:
    """`明天再提醒我`: not a report, the prompt comes back later (on the date named, if any)."""
    match = _SNOOZE.search(msg.text)
    if match is None or _PERCENT.search(msg.text) or _QTY_UNIT.search(msg.text):
        return None
    if _REPLY_LATER.search(msg.text) and not _REMIND_ASKED.search(msg.text) and not _DIGIT_RUN.search(msg.text):
        return Reading("noted")  # 明日再回你: the sender will answer himself, later; nothing to record, nothing to remind
    # 今天太忙 后天再问我: a day of the reason comes first; the prompt comes back on the last day named
    when = max((d.value for d in find_dates(msg.text, today) if d.value >= today), default=None)
    if when == today and settle.LATER_TODAY.search(msg.text):
        when = None  # 今天晚黑再提醒我, 今天晚上再提醒我: later today, no date kept, as 下午再提醒我 (docs: snooze)
    return Reading("snooze", new_date=when)


# (啦 ends a clause said done as 了 does, `终检合格啦 包装中`: 了 and 啊 said as one, see _DONE)
_FACT_BREAK = _re(
    r"[,，;；。!！\n]+\s*|\s+(?=\d{4,}\s*(?![件个只套箱托])[\u4e00-\u9fff])|(?:(?<=[了好完过齐格啦])|(?<=(?<![排推延拖改挪调约])到)|(?<=[到好完]的))\s*(?=\s|[明下周星礼预准等马估今再]|后天|就\s*等|昨天|前天|可以|首件|首检|送检|在(?![途路等]))\s*"
    r"|\s+(?=(?:有|发现|其中|另有|另外(?:有|挑出来?|挑了|发现|检出)?|但是?|不过)\s*\d)"
    # 收货 600件 短装40件: a count come in, then pieces short counted on their own, two facts (the receipt, the defect)
    r"|(?<=[件个只套箱台支根片条])\s+(?=" + alternation(DEFECTS["quantity"]) + r"\s*\d)"
    # 到货1500件 外箱破了4个, 到货1500件 划伤4个: a count come in, then cartons or pieces damaged counted on their own (ED)
    r"|(?<=[件个只套箱台支根片条])\s+(?=(?:" + alternation(DEFECTS["packaging"]) + r"|[划刮擦碰压磕]伤)\s*了?\s*\d)"
    r"|(?<=[\u4e00-\u9fff]ok)\s+"  # 出货检验OK 12-10发货: a step's verdict, then the next fact
    # 终检过了然后礼拜五发货: voice input's 然后 ("and then") after a fact said done is the next fact's start, as `then` is
    r"|(?:(?<=[了好完过齐格])|(?<=[到好完]的))\s*然后\s*"
    # `final QC passed and shipped 1500 pcs`, `inspection passed shipping tomorrow`: a verdict, then the goods' going
    r"|(?:(?<=passed)|(?<=approved)|(?<=finished)|(?<=done))\s+(?:and\s+)?(?=ship|sent|send|deliver)"
    r"|\s+(?=(?:明天|后天|大后天|昨天|前天|昨晚|下周|下个?星期|周[一二三四五六日天末]|星期|礼拜|预计|准备|等|马上|估计|今天|今晚|再|剩下|剩余|其余|余下|还剩|剩(?=\s*\d)|另外(?=\s*\d)|还有(?=\s*\d)|上午|下午|中午|晚上|待会|稍后)"
    r"|(?:will|then|and then|expected|eta|the rest|waiting|now waiting)(?![A-Za-z]))"
)
_FINAL_CHECK = _re(r"终检|最终|出货前?检|发货前检|验货|全检|FQC|OQC|(?<![A-Za-z])final(?![A-Za-z])")
_FACT_INTENTS = frozenset({Intent.PROGRESS, Intent.PLAN, Intent.SHIPMENT, Intent.SHORTAGE})


_ORDER_TAKEN = _re(
    r"(?:我们|我这边)?(?:已经?|刚)?(?:收到|接到)了?(?:你们的|贵司的|您的|的)?(?:订单|采购单|PO|图纸|邮件|消息|通知)了?"
    r"|(?:we\s+)?(?:have\s+)?(?:received|got)\s+(?:your|the|ur)?\s*(?:po|purchase order|order|drawings?|email)(?:,?\s*thanks?)?"
)
_ASKED_OF_BUYER = _re(r"(?:烦请|麻烦|劳烦|请|望|(?<![A-Za-z])please(?![A-Za-z]))\s*(?:您|你们|贵司)?\s*(?:安排|注意|及时|帮忙)?\s*(?:收货|查收|签收|验收|接收|receive|check)")
# The stock's coming as the condition of the next step (`到了就开裁`, `齐了就焊接`): what will be done once it comes.
_ONCE_COME = _re(r"^\s*(?:到了|来了|到齐了?|齐了)\s*就\s*(?!是)[^了啦]*$")
_UNDATED_INTENT = _re(r"^\s*(?P<own>我们?\s*)?(?:准备|打算|计划|即将|马上|(?P<soon>等下|等会|待会)|待|要|接着|然后|接下来|下一步|可以|可|能(?=\s*开始))\s*(?:开始|安排|去|做|进行|送)?\s*[\u4e00-\u9fffA-Za-z]{1,6}\s*$")
# A machine, crane or supply back in order (`天车修好了`, `来电了`): it explains the work resumed, it is none of it.
_MEANS_BACK = _re(r"^\s*(?:天车|行车|吊车|航车|设备|机器|机床|炉子|电炉|加热炉|热处理炉|模具|叉车|压机|油压机|锻机|锻锤|焊机|吊具)"
                  r"\S{0,3}(?:修好|弄好|好了|恢复|调好)|^\s*(?:来电了|电来了|通电了|恢复供电|恢复生产了?$)")
_WAITING = _re(r"^\s*(?:(?:余下|剩下|剩余|其余|还有)的?\s*)?(?:就|在|还在|现在)?(?:等(?:待|着)?|待(?=\s*(?:终检|检|质检|出货|发货|入库|验收|包装|送检|FQC|OQC|客户)))\s*(?:你们|客户|贵司)?\s*(?:来)?|^\s*(?:now\s+)?(?:waiting (?:for|on)|ready for|waiting(?=\s+(?:(?:your|ur|you)\s+)?(?:oqc|fqc|qc|ipqc|inspection|final|customer|approval|ict|fct|aoi)(?![A-Za-z])))\s+(?:the\s+)?")
# (`waiting your QC`, `waiting your inspection`: the `for` a second-language writer leaves out, as `等你们QC` has
# none; CS's three lines; a board's tests too, `reflow done, waiting ICT`: DJ)
_CHECK = _re(r"\s*(?:检|验|(?<![A-Za-z])(?:check|qc)(?![A-Za-z]))")
# Loading under way (`货在装车了`, `正在装车`, `装车中`), and words that the goods left after it (`装车走了`).
_LOADING = _re(r"在\s*装车|装车中")
_GONE = _re(r"走|发|出|送")
# A wait for the buyer's side to come and check (等你们来验货, 等客户验货): their check, not the rest of the sender's.
_BUYERS_OWN_CHECK = _re(r"等\S{0,2}(?:你们|您|客户|贵司|甲方)\s*(?:来|过来|派人)?\s*\S{0,2}(?:验|检|看货)")
_PACKING = _re(r"包装|打包|打好包|装箱|(?<![A-Za-z])(?:packed|packing)(?![A-Za-z])")
_SAME_AGAIN = _re(r"\s*(?:也是|也一样|一样|同上|也好了|也完了|也过了|也(?:都|已经?)?(?:到|发|齐|过|好|完|做完|做好|开始|缺料?|不够|差料)?)\s*(?:的|了)?\s*|\s*(?:too|same|also|as well)\s*")


def _clauses(msg: _Text, today: date) -> list[tuple[int, int]]:
    text = msg.text
    days = [d for d in find_dates(text, today) if d.value > today]
    # a step word, or the work begun with no step named (今天开始生产 料昨晚已经到了: two facts, each its own)
    steps = sorted([m.span() for m in _STEP_WORD.finditer(text)] + [m.span() for m in _WORK_BEGUN.finditer(text)]) \
        if _WORDS_APART.search(text) else []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _FACT_BREAK.finditer(text):
        if match.start() > cursor:
            spans.extend(_split_at_node_words(text, cursor, match.start(), days, steps))
        cursor = max(cursor, match.end())
    if cursor < len(text):
        spans.extend(_split_at_node_words(text, cursor, len(text), days, steps))
    spans = [(a, b) for a, b in spans if text[a:b].strip(_PUNCT)]
    for index in range(len(spans) - 1, 0, -1):
        count = _COUNT_THEN_STEP.match(text, *spans[index])
        if count is not None and _NODE_WORD.match(text, count.end()) and _DONE.search(text, *spans[index - 1]):
            # 冲片冲完了 12万片 绕线明天开始: the count said after a step done is that step's, the next step a fact of its own
            spans[index - 1:index + 1] = [(spans[index - 1][0], count.end("n")), (count.end("n"), spans[index][1])]
    for index in range(len(spans) - 2, 0, -1):
        if _ORDER_ALONE.fullmatch(text, *spans[index]):
            # 终检过 6401 6402 都发咗: an order named alone before the next shares that one's words
            spans[index:index + 2] = [(spans[index][0], spans[index + 1][1])]
    return spans


_ORDER_ALONE = _re(r"\s*(?:p[o0][\s#:\-_]*|#)?\d{4,12}\s*[、和及跟与,，]?\s*")
_WORK_BEGUN = _re(r"(?<![没未不])(?:开始|重新|今天|已经?)\s*(?:做|生产|加工|开工|开机|投产)(?![\u4e00-\u9fff])")


def _split_at_node_words(text: str, start: int, end: int, days: list[DateMatch],
                         steps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`终检ok 物流下午来提货`: two parts, each with a step word of its own, parted by a space, are two facts."""
    out: list[tuple[int, int]] = []
    cursor = start
    inside = [(a, b) for a, b in steps if start <= a and b <= end]
    if len(inside) >= 2:
        for gap in _SPACE.finditer(text, start, end):
            cut, after = gap.start(), gap.end()
            if any(cursor <= a and b <= cut for a, b in inside) and any(a >= after for a, _ in inside) \
                    and (_DONE.search(text, cursor, cut) or _ONGOING.search(text, cursor, cut)) \
                    and not _FACT_GLUE.search(text, after, end):
                out.extend(_split_at_second_day(text, cursor, cut, days))
                cursor = after
    out.extend(_split_at_second_day(text, cursor, end, days))
    return out


_SPACE = re.compile(r"\s+")
_WORDS_APART = re.compile(r"[^\d\s]\s+[\u4e00-\u9fff]")  # a space before a Chinese word, not beside an order number


def _split_at_second_day(text: str, start: int, end: int, days: list[DateMatch]) -> list[tuple[int, int]]:
    """`明天安排终检后天就可以发出` typed without a pause: a second day after a node word starts a fact of its own."""
    inside = [d for d in days if start <= d.start and d.end <= end]
    if len(inside) < 2 or not _NODE_WORD.search(text, inside[0].end, inside[1].start) \
            or _DELAY.search(text, start, end) or _CHANGE.search(text, start, end):
        return [(start, end)]
    cut = inside[1].start
    return [(start, cut), (cut, end)]


def _is_fact(reading: Reading | None) -> bool:
    if reading is None or reading.intent not in _FACT_INTENTS:
        return False
    if reading.intent == "progress":
        if reading.node == "shipped" and reading.done is False and reading.new_date is None:
            return False  # an undated shipping plan (`剩下的下周发`, `准备装车`) records nothing
        return any(value is not None for value in (reading.node, reading.percent, reading.qty_done, reading.qty_left,
                                                   reading.qty_total, reading.done, reading.amount, reading.packages))
    return True


def _read_facts(msg: _Text, po: str | None, role: str, today: date) -> Reading | None:
    """A message of several facts (`终检过了 周五发`, `原料到了，后天开始车`): one reading each, in order.

    Only reports of progress, plans, shipments and shortages split: a delay's other clauses
    are its reason, a defect's are its description."""
    spans = _clauses(msg, today)
    if len(spans) < 2 or role not in ("supplier", "qc", "warehouse", "buyer", "manager", "admin"):
        return None
    facts: list[Reading] = []
    starts: set[int] = set()  # the plans that are a step's start (`明天开始抛光`), not the day one under way ends
    dropped = doubt = False
    current = po
    said = ""  # the clause of the last fact
    defect = _DEFECT.search(msg.text)  # once: the message's words do not change below (one of the reader's largest)
    sampled = [m.span() for m in _SAMPLE_COUNT.finditer(msg.text)] if defect else []
    if sampled == [] and defect:
        # 5000个里头 有35个缺胶: the whole the fault was found in, a clause of its own, is no count done (DL)
        sampled = [m.span() for m in _WITHIN_TOTAL.finditer(msg.text)]
    head = _head_series_end(msg.text)
    sampled_in = defect if role in RECEIVER_ROLES else None
    headed = False
    for index, (start, end) in enumerate(spans):
        part = _sub(msg, start, end)
        if index == 0 and len(spans) > 1 and not _A_DIGIT.search(part.text) and _is_noted(part.text) \
                and _ORDER_NEXT.match(msg.text[end:]):
            continue  # ok 4471 下午发: a greeting before the order, not a report
        if sampled_in is not None and _CHECK_HEADING.fullmatch(part.rest(folded=True).strip(_PUNCT)):
            headed = True
            continue  # 来料检 尺寸OK 外观有6件划伤: the check named as the heading of what it found, no receipt (DL)
        if (_SAMPLE_COUNT.search(part.text) and sampled or any(s < end and start < e for s, e in sampled)) \
                and not _DEFECT.search(part.text):
            continue  # 检了500个 有8个尺寸超差 (抽咗 80pcs, its count a clause apart): the sample's size, then what was found
        if _ASKED_OF_BUYER.match(part.rest(folded=True).strip(_PUNCT)):
            dropped = True
            continue  # 已发货 烦请安排收货: what the buyer is asked to do is no fact of the supplier's
        if _ORDER_TAKEN.fullmatch(part.rest(folded=True).strip(_PUNCT)):
            continue  # 已收到订单: the order acknowledged, no step of it
        if facts and _LOT_CLAUSE.fullmatch(part.rest(folded=True).strip(_PUNCT)):
            continue  # 已发6托，灭菌批号 EO26-0729: the lot of the fact before, named by its step; no fact of that step
        own = _find_po(part)
        if start < head:
            own = None  # 2031 2032 终检过了: the head's orders are the message's; what follows is told of each of them
        current = own or current
        waiting = _WAITING.search(part.text)
        awaited = None
        if waiting is not None:
            after = part.text[waiting.end():]
            awaited = _read_node(after, role)[0] or ("final_inspection" if _CHECK.match(after) else None)
        if waiting is not None and awaited is None and _AWAITING_VERDICT.search(part.text) and facts \
                and facts[-1].intent == "progress" and facts[-1].node == "first_process" and facts[-1].done is True:
            # 料到了 首件也做好了 等你们确认: the first article made, its verdict awaited: begun, and shown first (stop 28)
            facts[-1] = replace(facts[-1], done=False, confirm=True)
            doubt = dropped = True
            continue
        if awaited in NODES:
            last = facts[-1] if facts and facts[-1].intent == "progress" and facts[-1].done is True else None
            if last is not None and last.node is None and NODES.index(awaited) > 0:
                before = awaited if awaited == "in_process" else NODES[NODES.index(awaited) - 1]
                facts[-1] = replace(last, node=before)  # 焊完了 在等喷粉: one step of processing, then the next
            elif last is not None and last.node == awaited and _BUYERS_OWN_CHECK.search(part.text):
                pass  # 终检完了 等你们来验货: the sender's check is done, the buyer's own is awaited
            elif last is not None and last.node == awaited and awaited == "in_process" and "回" not in part.text:
                # 焊完了 在等探伤, 机加完了 在等喷漆: the step done stands (C G Q BS; J reads the making on), and is
                # shown first still: J's writer and the house's own held-out lines read the node not yet ended
                facts[-1] = replace(last, confirm=True)
            elif last is not None and last.node == awaited:
                # one step of the node done, the next awaited; whether that ends the node is the sender's to say
                facts[-1] = replace(last, done=None, confirm=True)
            dropped = True
            continue
        if _PACKING.search(part.text) and not _NODE_WORD.search(part.text) and not _DEFECT.search(part.text):
            dropped = True
            continue
        if _LOADING.search(part.text) and not _GONE.search(part.text):
            dropped = True
            continue  # 货在装车了: loading, like packing, is no node; the goods have not left
        if len(facts) == 1 and facts[-1].intent == "progress" and facts[-1].node == "material_ready" \
                and facts[-1].done is False and not facts[-1].also \
                and (promised := arrival_said(part.rest(folded=True))) is not None \
                and len(days := [d.value for d in find_dates(promised, today) if d.value > today]) == 1:
            # 钢板还没到 供应商说明天到: the stock not come and the day its maker promises it: that arrival planned
            facts[-1] = Reading("plan", po=facts[-1].po, node="material_ready", new_date=days[0])
            continue
        if facts and hearsay(part.rest(folded=True)):
            dropped = True
            continue  # 料还没到 钢厂说在排产: what another party says is the reason, no fact of the order
        if _MEANS_BACK.search(part.rest(folded=True).strip(_PUNCT)):
            dropped = True
            continue  # 天车修好了 / 来电了: the means of the work back, a reason's end, never the work done
        if own is not None and facts and own != facts[-1].po and _NOT_YET_SAME.fullmatch(part.rest(folded=True)) \
                and facts[-1].intent == "progress" and facts[-1].node in ("material_ready", "received"):
            node = facts[-1].node  # (`2622 还没发` after shipments records nothing: blind D wrote it so)
            facts.append(Reading("progress", po=own, node=node, done=False, begun=False))  # 7723 到货了 7724还没到: not yet
            continue
        if own is not None and facts and own != facts[-1].po and _BARE_NOT_YET.fullmatch(part.rest(folded=True)):
            dropped = True  # 7708 首件过了 7709还没: nothing happened on 7709
            continue
        if own is not None and facts and _SAME_AGAIN.fullmatch(part.rest(folded=True)):
            facts.append(replace(facts[-1], po=own, also=None))
            continue
        if facts and own is not None and _PO_SERIES.match(part.text) and len(_find_po_list(part)) > 1:
            # 终检过 6401 6402 都发咗: one fact of several orders, each its own; the orders are never a count
            many = _read(part.text, role, today)
            if many.intent in _FACT_INTENTS and many.also and all(m.intent == many.intent for m in many.also):
                facts.extend([replace(many, also=None), *many.also])
                said = part.text
                continue
        reading = _read_report(part, current, role, today)
        if (reading is None or reading.intent == "clarify") and facts and facts[-1].node == "first_process" \
                and facts[-1].done is not False and _AWAITING_WORD.fullmatch(part.text.strip(_PUNCT)):
            facts[-1] = replace(facts[-1], done=False)  # 料昨天到的 首件今天做出来了 在检: its verdict still to come (EN)
            dropped = True
            continue
        if (reading is None or reading.intent == "clarify") and facts and facts[-1].intent == "shipment" \
                and facts[-1].lot_seq is not None and (day := _next_batch_day(part.text, today)) is not None:
            # 第一批1000套发了 第二批下周三, 头批发了600 二批礼拜五: a batch sent, then the next batch and a day with no verb,
            # is the shipping of it planned for that day (CC CF DW); its ordinal stays off the plan, shown first
            reading = Reading("plan", po=facts[-1].po, node="shipped", new_date=day)
            doubt = True
        if (reading is None or (reading.intent == "shipment" and not _has_figure(reading)
                                and not reading.lot_seq and reading.all is None)) \
                and facts and facts[-1].intent == "progress" and facts[-1].done is True \
                and not _has_figure(facts[-1]) and _SHIPS_TODAY_CLAUSE.fullmatch(part.text):
            # 终检过了 今天发, 磨完了 今儿发: a step done, then today's shipping in a clause of its own with no count, is
            # today's plan of it, as `今天下午发` (BH) and `明天发` are (`OQC合格 今天出货`, `OQC过的 今天出`: DP)
            reading = Reading("plan", po=facts[-1].po, node="shipped", new_date=today)
        if reading is not None and reading.intent == "progress" and reading.done is False and not _has_figure(reading) \
                and _CONDITIONAL_START.search(part.text):
            dropped = True  # 回来就开始冲: a start that waits on another event has not begun (AY)
            continue
        if reading is not None and reading.intent == "progress" and reading.node == "final_inspection" \
                and reading.done is None and not _has_figure(reading) and _TODAYS_CHECK.fullmatch(part.text):
            # 电镀回来了 今天终检 明天发: today's check with no mark that it is done or under way is today's plan of
            # it, as `今天发` is of the shipping (AX I AZ)
            reading = Reading("plan", po=reading.po, node="final_inspection", new_date=today)
        if reading is not None and reading.intent == "progress" and reading.node == "in_process" and reading.done is None \
                and not _has_figure(reading) and facts and facts[-1].intent == "progress" and facts[-1].done is True \
                and facts[-1].node == "in_process" and _TODAYS_STEP.fullmatch(part.text) and not _ONGOING.search(part.text):
            # 焊接完了 今天打压: a step done, then the next one said bare for today, is today's plan of it, as
            # `焊接完了 明天打压` is tomorrow's and `今天终检` today's check (BP, with AX's 打整完了 今天下午终检)
            reading = Reading("plan", po=reading.po, node="in_process", new_date=today)
        if reading is not None and own is not None and facts and own != facts[-1].po and reading.intent == "progress" \
                and reading.node is None and reading.percent is not None and facts[-1].intent == "progress" \
                and facts[-1].node is not None and facts[-1].percent is not None \
                and _BARE_SHARE.fullmatch(_PO_ANYWHERE.sub(" ", part.text)):
            # 19338 production 80%, 19339 60%; 11302 soldadura 50% y 11303 80%: a share alone after another order's
            # step and share is of the same step, as `4082也是` takes 4081's fact (CS; BK's writer reads its Spanish so)
            reading = replace(reading, node=facts[-1].node)
        if reading is not None and own is not None and facts and own != facts[-1].po and reading.intent == "progress" \
                and reading.node is None and reading.done is False and not _has_figure(reading) \
                and facts[-1].intent == "progress" and facts[-1].node is not None:
            # 6211 首件过了 6212还没做: the step just named not begun on the next order, or the order not begun at all?
            # Read as said (no step), and shown first
            doubt = True
        told = facts and (facts[-1].intent in ("defect", "shipment")
                          or (facts[-1].qty_done is not None or _DONE.search(said)))
        if reading is not None and reading.intent == "defect" and told and (
                reading.defect_qty is not None or facts[-1].intent == "defect"):
            facts.append(reading)  # 加工完了 有6件划伤 返工中: the progress, then the defect
            continue
        if reading is not None and reading.intent == "defect" and headed and not facts:
            facts.append(reading)
            continue
        if reading is not None and reading.intent in ("delay", "defect", "inspection_values"):
            return None
        if reading is not None and reading.intent == "clarify" and reading.question != "which_order":
            return None
        if reading is not None and reading.intent == "progress" and reading.node == "shipped" \
                and reading.done is False and reading.new_date is None:
            dropped = True
        if reading is not None and reading.intent == "progress" and reading.done is not True and reading.new_date is None \
                and (intent := _UNDATED_INTENT.match(part.rest(folded=True))) is not None and not _has_figure(reading) \
                and (reading.done is False or intent["own"] is not None or intent["soon"] is not None):
            # 钝化完成 准备终检: an intention without a day records nothing; so does the sender's own or the one of a moment
            # later, read with no mark of its state (我等下安排开料: DZ), while `接下来安排质检` after a step done keeps its reading
            dropped = True
            continue
        if reading is not None and reading.intent == "progress" and reading.done is not True and facts \
                and _ONCE_COME.match(part.rest(folded=True)) and not _has_figure(reading):
            dropped = True  # 料明天到 到了就开裁: the step once the stock has come, an intention with no day of its own
            continue
        if reading is not None and ((reading.intent == "progress" and reading.done is False and reading.new_date is None)
                                    or (reading.intent == "plan" and reading.new_date == today)) \
                and facts and not _has_figure(reading) and _LATER_LEAD.match(part.rest(folded=True)) \
                and (_OUTSOURCED.search(part.text) or _SENT_ON.search(part.text)):
            # 焊完了 下午拉去喷塑, 镀膜完了 今天下午送检 (today's day named beside the time of day: X AY AT): the parts
            # sent on later today have not moved yet, so no step is under way; the done is shown first (a time of day
            # still to come that no fact holds)
            dropped = doubt = True
            continue
        if reading is not None and reading.node == "final_inspection" and facts \
                and facts[-1].node == "first_process" and not _FINAL_CHECK.search(part.text):
            dropped = True  # 首件做出来了 送检合格: the first article's own check, not the final one
            if facts[-1].done is not False and _AWAITING_WORD.search(part.text) and not _PASSED.search(part.text):
                facts[-1] = replace(facts[-1], done=False)  # 首件做好了 送检中 材料也到齐了: its verdict still to come
            continue
        if role in RECEIVER_ROLES and reading is not None and reading.intent == "progress" \
                and reading.node == "received" and reading.done is True and facts and _receipts_check(facts[-1], said):
            facts[-1] = reading  # 合格 已入库, 抽检50个 全部合格 已入库 from IQC: the check is the receipt's own, one fact
            said = part.text
            continue
        if _is_fact(reading):
            assert reading is not None
            if not facts or reading != facts[-1]:
                facts.append(reading)
                said = part.text
                if reading.intent == "plan" and (_NEXT_STEP_STARTS.search(part.text) or (
                        reading.node in (None, "in_process") and _NEXT_STEP_BARE.fullmatch(part.text))):
                    starts.add(len(facts) - 1)
    groups: list[Reading] = []
    for at, fact in enumerate(facts):
        if fact.intent == "plan" and fact.node is None and groups and groups[-1].intent in ("progress", "plan") \
                and groups[-1].node is not None and groups[-1].done is not True:
            fact = replace(fact, node=groups[-1].node)
        if at in starts and groups and groups[-1].intent == "progress" and groups[-1].done is False:
            groups.append(fact)  # 在精磨 明天开始抛光: a step under way, and the next one's start: two facts (AT)
        elif groups and _same_fact(groups[-1], fact):
            groups[-1] = _merge(groups[-1], fact)
        else:
            groups.append(fact)
    if headed and len(groups) == 1 and groups[0].intent == "defect":
        return groups[0]  # the fault found under its check's heading, read without it
    if any(g.intent == "defect" for g in groups) and not any(g.intent != "defect" for g in groups):
        return None  # a defect told in several clauses is one defect, read whole
    if len(groups) == 1 and dropped and groups[0].intent != "shortage":
        return groups[0]
    if len(groups) == 1 and groups[0].intent == "plan" and len(facts) > 1 and facts[-1].intent == "plan":
        return groups[0]  # 精车完了 下午在磨 估计后天能磨完: the step under way and the day it will be done, one plan
    if len(groups) == 1 and groups[0].intent == "progress" and groups[0].done is False \
            and any(fact.done is True and fact.node == groups[0].node for fact in facts):
        return groups[0]  # 车加工好了 铣床在做: one step of the node done, the next under way: the node goes on
    if len(groups) < 2:
        return None
    first, *rest = groups
    if first.lot is not None and first.node == "final_inspection":
        # 批次号 H-2611 OQC合格 已ship: the lot that passed its check is the lot that went out
        rest = [replace(g, lot=first.lot) if g.intent == "shipment" and g.lot is None and g.po == first.po else g
                for g in rest]
    return replace(first, also=tuple(rest), confirm=True if doubt else first.confirm)


def _next_batch_day(clause: str, today: date) -> date | None:
    """The day a clause of only a batch's ordinal and a day to come names (`第二批下周三`, `二批礼拜五`), or None."""
    seq = _LOT_SEQ.search(clause)
    if seq is None or clause[:seq.start()].strip(_PUNCT) or (seq["f"] is not None):
        return None
    rest = clause[seq.end():]
    days = find_dates(rest, today)
    if len(days) != 1 or days[0].value <= today or (rest[:days[0].start] + rest[days[0].end:]).strip(_PUNCT + "的"):
        return None
    return days[0].value


def _receipts_check(fact: Reading, clause: str) -> bool:
    """A check passed that names no step of the making (`合格`, `抽检50个 全部合格`), told by the receiving side
    beside the receipt: the goods' incoming check (到货验收), not a node of the supplier's."""
    return fact.intent == "progress" and fact.done is True and fact.new_date is None \
        and (fact.node is None or (fact.node == "final_inspection" and not _FINAL_CHECK.search(clause))) \
        and (_PASSED.search(clause) is not None or _CHECKED_BARE.search(clause.rstrip(_PUNCT)) is not None)


# The check said done in its bare verb (`检完了`, `验好了`), beside the verdict the next clause gives (`检完了 合格`).
_CHECKED_BARE = _re(r"(?:^|(?<=[\s\d]))(?:都|全部?)?\s*(?:检|验|检验|检查)(?:完|好|过)了?\s*$")


def _only_figures(reading: Reading) -> bool:
    return reading.intent == "progress" and reading.node is None and reading.new_date is None


def _same_fact(a: Reading, b: Reading) -> bool:
    """Two clauses that tell one fact (`still machining, 70%`; `shipped, batch L1, 600 pcs`)."""
    if a.po != b.po and a.po is not None and b.po is not None:
        return False
    if a.intent == b.intent == "progress" and a.node == b.node and a.done is True and b.done is False and b.begun is False:
        return False  # 冲片冲好了 绕线还没开始: a step done, the next not begun: two facts, not the node going on (BX)
    if _only_figures(b) and (b.done is None or a.intent != "progress" or a.done in (None, b.done)):
        return True
    if b.intent == "plan" and a.intent == "progress" and a.node is not None and b.node in (None, a.node) \
            and a.done is not True and a.percent is None and a.qty_done is None:
        return True
    if b.intent == "plan" and b.node == "received" and a.intent == "progress" and a.node == "material_ready" \
            and a.done is False and a.percent is None and a.qty_done is None:
        return True  # 材料还在路上 预计周四到厂: the material's arrival, not the buyer's
    if _only_figures(a) and b.intent == "progress" and b.new_date is None and (a.done is None or b.done is None):
        return True
    if _only_figures(a) and b.intent == "plan" and b.node == "shipped" and a.percent is None \
            and (a.qty_done is not None or a.qty_left is not None):
        return True  # 第二批 400件 明天发: what will ship, and when
    if _only_figures(a) and b.intent == "shipment" and (a.qty_done is not None or a.packages is not None
                                                        or (a.qty_total is not None and a.qty_left is None)) \
            and b.qty is None and b.packages is None and a.percent is None:
        return True  # 最后一批 300件 今天发了, 第三批 共2000片 今天发了: the count is what was shipped
    if a.intent == b.intent == "shipment" and a.all is True and b.all is True and a.qty is None \
            and a.happened_on is None and a.lot_seq is None and a.packages is None:
        return True  # 全发了 剩下的700套昨天都拉走了: all shipped, then how the last of it went: one shipment
    if a.intent == b.intent == "shipment" and (
            (a.qty is not None and b.qty is not None) or a.happened_on != b.happened_on):
        return False  # 今天发了300 昨天发了200: two shipments, each with its own count or day
    if a.intent != b.intent or a.intent == "plan":
        return False
    if a.intent == "progress" and (a.node is None) != (b.node is None):
        return a.new_date is None and b.new_date is None and (a.done is None or b.done is None)
    return a.node == b.node or a.intent != "progress"


def _merge(a: Reading, b: Reading) -> Reading:
    """One reading of two clauses of one fact: the first says what, the later adds or updates."""
    values = {f.name: getattr(a, f.name) for f in fields(Reading)}
    for f in fields(Reading):
        later = getattr(b, f.name)
        if later is None:
            continue
        if values[f.name] is None or f.name == "done":
            values[f.name] = later
    if b.intent == "plan" and a.intent == "progress":
        node = a.node if a.node == "material_ready" else b.node or a.node
        return Reading("plan", po=a.po or b.po, node=node, new_date=b.new_date)
    if b.intent == "shipment" and a.intent == "progress":
        values["intent"] = "shipment"
        values["node"] = "shipped"
    if values["intent"] == "shipment" and values.get("qty") is None and values.get("qty_done") is not None:
        values["qty"], values["qty_done"] = values["qty_done"], None
    elif b.intent == "shipment" and a.intent == "progress" and values.get("qty") is None \
            and values.get("qty_total") is not None:
        values["qty"], values["qty_total"] = values["qty_total"], None  # 共2000片 今天发了: 2000 shipped in all
    if values["percent"] is not None and values["percent"] < 100 and values["done"] is True:
        values["done"] = None
    return Reading(**values)


def _sub(msg: _Text, start: int, end: int) -> _Text:
    """A part of the message as a message of its own, with the spans already read still read."""
    part = _Text(msg.text[start:end], msg.display[start:end])
    for s, e in msg.used:
        if s < end and e > start:
            part.take(max(s, start) - start, min(e, end) - start)
    return part


_LOT_LABEL_BEFORE = _re(r"(?:批次号?|批号|(?<![A-Za-z])(?:lot|batch)(?:\s*(?:no\.?|number|#))?)\s*(?:是|为)?\s*[:：#]?\s*$")


def _find_po(msg: _Text) -> str | None:
    found: list[str] = []
    for match in _PO_PREFIXED.finditer(msg.text):
        if _LOT_LABEL_BEFORE.search(msg.text, 0, match.start()):
            continue  # 批次P0102: a lot that starts like an order number
        msg.take(*match.span())
        found.append(_canonical_po(match["body"]))
    for pattern in (_PO_LEADING, _PO_OWNED, _PO_AFTER_PUNCT, _PO_FOR, _PO_AFTER_LEAD):
        if found:
            break
        hit = pattern.search(msg.text)
        if hit and pattern is _PO_AFTER_LEAD and _NOT_A_LEAD.search(hit["lead"]):
            continue
        if hit:
            msg.take(*hit.span())
            found.append(_canonical_po(hit["body"]))
    if not found:
        lone = _lone_po(msg)
        if lone is not None:
            msg.take(*lone.span())
            found.append(_canonical_po(lone["body"]))
    return found[0] if found else None


# An order after a few words of filler (`歹势 6152 注塑完成啦`, `那个 7886 移印做好了`): four digits standing alone,
# the first number of the message, where an order stands; never after a word of counting or a day (`今天 1500 发了`).
_PO_AFTER_LEAD = re.compile(
    rf"^\s*(?P<lead>[\u4e00-\u9fff]{{1,4}}(?:\s+[\u4e00-\u9fff]{{1,4}})?)\s+(?P<body>\d{{4}})(?![\d.%/\-])"
    rf"(?!\s*(?:多|余|来)?\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT}|[号日月年天周个]))(?=\s)")
_NOT_A_LEAD = _re(r"[天日周号月年早晚午了共计剩发做到完有差出收交总还约近]|(?<!不)好|星期|礼拜|大概|大约|差不多|左右")
_PO_LONE = re.compile(
    r"(?<![\dA-Za-z.\-/:#])(?P<body>\d{4,8})(?=\s*(?:$|[,，。!！;；]|得|要|那|这|昨|今|前天|明天|后天|已|啊|呀|呢|也|还|都|就|刚))"
)
_SUBJECT_AFTER = re.compile(r"\s*(?:得|要|那|这|已|也|还|都|就|刚)")
# The same number before the goods or the step it reports on (`俺们11553连杆首件OK了`, `帮我阿伯回一下 11702料昨天到了`,
# `我是阿明的小妹 帮他回 11730 电镀好了`): voice input and a relative typing for the boss put words of who writes before
# the order; a count is never followed straight by a noun with no unit (it takes a unit, a verb or a word of counting).
# Five digits or more (BN BO BP's orders, and BK BM's): a bare four-digit figure is still a count often enough that
# four-digit orders keep the narrower patterns above (read so, two older wrong readings of N and Q lost their asking).
_REPORT_CHARS_AFTER = _REPORT_CHARS | frozenset("没未不无冇号日月年周个多余都也就各每共是的了")
_PO_LONE_BEFORE_GOODS = re.compile(
    rf"(?<![\dA-Za-z.\-/:#])(?P<body>\d{{5,8}})(?![\d.%/\-])(?!\s*(?:多|余|来|左右|以上|以内)?\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT}))"
    rf"(?=\s*(?![{''.join(sorted(_REPORT_CHARS_AFTER))}])[\u4e00-\u9fff])")
_COUNT_BEFORE = _re(r"(?:(?<!到)(?<!过)了|好|完|共|计|做|发|交|到|出|有|剩|差|[\d.])\s*$")
# A verb of counting right before a number makes it a count, also before `还差` (`做了1500 还差500`, `done 3500`).
_COUNT_VERB_BEFORE = _re(
    r"(?:做了|做好了?|发了|完成了?|共计?|总共|一共|合计|还差|还剩|剩下?|实收|实到|实发)\s*(?:数|数量)?\s*(?:是|为)?\s*[:：]?\s*$"
    r"|(?<![A-Za-z])(?:done|made|finished|completed|shipped|sent|total|qty|quantity)\s*[:：]?\s*$"
)


def _lone_po(msg: _Text) -> re.Match[str] | None:
    """A four-to-eight digit number standing alone in the message, neither after a verb of
    counting nor before a unit (`李姐 1295昨天下午发了`, `料就到了 1704`): the order it is about."""
    spans = {m.span(): m for m in (*_PO_LONE.finditer(msg.text), *_PO_LONE_BEFORE_GOODS.finditer(msg.text))}
    matches = [m for m in spans.values()
               if msg.free(*m.span()) and not _COUNT_VERB_BEFORE.search(msg.text[max(0, m.start() - 12):m.start()])
               and (_SUBJECT_AFTER.match(msg.text, m.end())
                    or not _COUNT_BEFORE.search(msg.text[max(0, m.start() - 3):m.start()]))]
    runs = [m for m in _DIGIT_RUN.finditer(msg.text) if msg.free(*m.span())]
    return matches[0] if len(matches) == 1 and len(runs) == 1 else None


def _po_anywhere(text: str) -> str | None:
    match = _PO_ANYWHERE.search(text)
    return _canonical_po(match["body"]) if match else None


def _read_command(cmd: str, msg: _Text) -> Reading:
    intent = _COMMANDS.get(cmd)
    if intent is None:
        return Reading("unknown", note=f"/{cmd}")
    rest = msg.text.strip()
    if intent in ("ack", "resolve", "exceptions_query"):
        exception = _EXCEPTION.search(msg.text) or re.search(r"(?<![\w.])#?(?P<n>\d{1,9})(?!\d)", msg.text)
        number = exception["n"] if exception else None
        if exception is not None:
            msg.take(*exception.span())
        if intent == "exceptions_query":
            return Reading(intent, exception=number)
        return Reading(intent, exception=number, note=_clean(msg.rest()))
    if intent == "supplier_query":
        return Reading(intent, supplier=msg.as_written(_supplier_name(rest)))
    if intent in ("status_query", "undo"):
        return Reading(intent, po=_find_po(msg) or _po_anywhere(rest))
    return Reading(intent)


_ACK = _re(
    r"确认|收到|知道了?|认领|我(?:先|去)?看看|我这边跟进?|我们这边跟进?|我这边来|我这边处理|我来处理|我来跟进|我来|我跟|跟一下|我看一?下|我处理|我来跟进|跟进|接手|我接了?|接了|我负责|交给我|已读|"
    r"(?<![A-Za-z])(?:ack(?:nowledged?)?|got it|on it|mine|taking it|seen|noted|ok)(?![A-Za-z])"
)
# 处理 with its perfective 了 (`我处理了 让他们返工了`) is the exception handled, closed; 我来处理 is taking it on
_RESOLVE = _re(
    r"已?解决了?|已?处理(?:好|完|掉)了?|已经?处理了?|(?:我们?)?(?<![来去要会在正])处理过?了(?![吗没么])|处理完毕|已?关闭|关掉|关了|搞定了?|已修复|修好了?|结案"
    r"|(?<![A-Za-z])(?:resolved?|fixed|closed?|done|sorted)(?![A-Za-z])"
)


def _read_exception(msg: _Text, exception: re.Match[str], po: str | None) -> Reading:
    number = exception["n"] or exception["m"]
    msg.take(*exception.span())
    resolve = msg.take_first(_RESOLVE)
    if resolve:
        return Reading("resolve", exception=number, note=_clean(msg.rest()))
    ack = msg.take_first(_ACK) or msg.take_first(settle.EXCEPTION_KEPT) or msg.take_first(settle.EXCEPTION_LOOKED_AT)
    if ack:
        return Reading("ack", exception=number, note=_clean(msg.rest()))
    return Reading("exceptions_query", exception=number, po=po)


_THANKS_OR_TAKEN = _re(_PASSED_ON + r"|辛苦|谢|唔该|(?<![A-Za-z])(?:thanks?|thx|ty)(?![A-Za-z])|收到\s*[,，]?\s*(?:我这边|我们这边|这边)?\s*(?:今天|马上)?\s*(?:安排|跟进|处理)")


def _is_noted(text: str) -> bool:
    if not _NOTED_CORE.search(text):
        return False
    rest = _NOTED_TOKENS.sub(" ", text)
    return not _bare(rest, ("S", "P", "M"))  # a kaomoji ((｡•́︿•̀｡)) is punctuation and marks: mood, no word


_SUPPLIER_FILLER = _re(
    r"(?:这个?|本|上个?|今|去|近|前)\s*(?:月|周|星期|礼拜|季度|季|年度?|半年)"  # a span of time, never the name
    r"|哪个|哪家|哪些|谁家?|这个|这家|那个|那家|最[\u4e00-\u9fff]{1,3}$|最(?:拖|慢|快|好|差|准时|靠谱|不靠谱|稳)|帮我|帮忙|给我|怎么样|如何|咋样|怎样|情况|最近|这阵子|近来|近期|这段时间|查询|查一?下|看一?下|看看|多少|是|的|呢|吗|有哪些"
    r"|(?<![A-Za-z])(?:how is|how's|doing|for|of|the|show|what|is|me|(?:this|last) (?:month|week|quarter|year)|recently|lately|so far)(?![A-Za-z])"
)


def _supplier_name(text: str) -> str | None:
    head = _named_first(text.strip(_PUNCT))
    if head is not None:
        return head
    name = _SCORE.sub(" ", _SUPPLIER.sub(" ", text))
    return _clean(_SUPPLIER_FILLER.sub(" ", name))


def _named_first(stripped: str) -> str | None:
    """The supplier's name where it leads the question: the words up to the first of what is asked of it, when
    they are a name (no order, no word of a step alone, of the order's state or of the asking)."""
    after = slots.AFTER_NAME.search(stripped, 2)
    if after is None or not slots.NAME_AT_HEAD.fullmatch(name := stripped[:after.start()]):
        return None
    if _STATUS_NOT_NAME.search(name) or _SUPPLIER.search(name) or _SCORE.search(name) or _NODE_WORD.fullmatch(name) \
            or _SUPPLIER_FILLER.search(slots.PLACE_THEN_WORKS.sub("", name)) or _TODAY_WORD.search(name) \
            or _DONE_WORD.search(name) or slots.NOT_A_NAME.search(name):
        return None
    rest = stripped[after.start():]
    return name if slots.ASPECT_OR_SPAN.search(rest) and slots.HOW_OR_ASPECT.search(rest) else None


_SUPPLIER_HOW = _re(
    r"^(?P<name>[\u4e00-\u9fff]{2,9}?)\s*(?:这家|这个厂|这个供应商)?\s*(?:最近|这阵子|近来|这段时间|近期|(?:这个?|本|上个?|今|去|近|前)(?:月|周|星期|礼拜|季度|季|年度?|半年))?(?:的)?(?:交货|质量|表现|做得|交期|准时率|合格率|评分)?(?:情况)?"
    r"(?:怎么样|咋样|怎样|如何|靠谱吗|靠谱不|靠不靠谱|行不行|好不好|还行吗|准不准|准吗|稳不稳|及时吗|好吗)[?？]*$"
    r"|^(?P<asked>[\u4e00-\u9fff]{2,6}?)(?:最近|这阵子|近来|这段时间|近期|(?:这个?|本|上个?|今|去|近|前)(?:月|周|星期|礼拜|季度|季|年度?|半年))?(?:怎么|为什么|为啥|咋|(?:咋回事|怎么回事)[\s,，]*)(?:老|总|又|一直|老是|总是)\S{1,8}$"
    r"|^how(?:'s| is| are)\s+(?P<en>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*)*)\s+(?:doing|performing)[?？]*$"
)
_STATUS_NOT_NAME = _re(r"那批|这批|(?:那|这)[张个笔]?单|供应商|厂商|厂家|订单|进度|今天|异常|质检|发货|交货|情况|最近|这个|那个|我们|你们|他们|现在|单子")


_RUNNING_LATE = _re(r"拖了|拖着|晚了|迟了|落后了?|超了")  # 哪几个单子拖了: late, in words a buyer asks with
_NOT_YET_SAME = _re(r"\s*(?:还|都|也)?(?:没|没有|未)\s*(?:到|来|齐|入库|收到)(?:呢)?[!！。.\s]*")
_BARE_NOT_YET = _re(r"\s*(?:还|都|也)?(?:没|没有|未|没呢|还没呢|not yet)[!！。.\s]*")


def _read_query(msg: _Text, po: str | None, role: str) -> Reading | None:
    text = msg.text
    stripped = text.strip(_PUNCT)
    is_question = bool(_QUESTION.search(text))
    has_figures = bool(_PERCENT.search(text) or _QTY_UNIT.search(text) or _FRACTION.search(text))
    if po is None and role != "supplier":
        named = _SUPPLIER_HOW.match(stripped)
        if named and not _STATUS_NOT_NAME.search(named["name"] or named["en"] or named["asked"] or ""):
            said = (named["name"] or named["en"] or named["asked"]).strip()
            # 浦阳阀门怎么老拖: the name before the asking word is the name (EP), never the head up to the complaint
            return Reading("supplier_query", supplier=msg.as_written(said if named["asked"] else (_named_first(stripped) or said)))
        if (first := _named_first(stripped)) is not None and not has_figures:
            return Reading("supplier_query", supplier=msg.as_written(first))  # 宏昌镀铬最近准时不, 宏发最近交期咋样啊
    if po is None and (_POINTED.fullmatch(stripped) or (not has_figures and _POINTED_ASKED.search(stripped))
                       or (not has_figures and _POINTED_GOODS.fullmatch(stripped))
                       or (is_question and role != "supplier" and _POINTED_ORDER.match(stripped))):
        return Reading("clarify", question="pointed_order")  # 那个单呢, 这个怎么样了: an order pointed at, never named
    if po is None:
        if _SUPPLIER.search(text) and (_SCORE.search(text) or is_question or role != "supplier"):
            return Reading("supplier_query", supplier=msg.as_written(_supplier_name(text)))
        if _SCORE.search(text) and role != "supplier" and not has_figures:
            return Reading("supplier_query", supplier=msg.as_written(_supplier_name(text)))
        if _TODAY.match(stripped):
            return Reading("today_query")
        if _EXCEPTIONS.match(stripped):
            return Reading("exceptions_query")
        if role != "supplier" and is_question and _EXCEPTION_WORD.search(text) and not has_figures:
            return Reading("exceptions_query")  # 还有没处理完的异常吗: any question of staff about exceptions
        asked = is_question or _ASKED_BY_NOT.search(stripped) is not None \
            or (role != "supplier" and _SHOW_ME.search(stripped) is not None)
        if not has_figures and ((role != "supplier" and (
                (_EXCEPTION_WORD.search(text) and (asked or len(stripped) <= 8)) or (asked and _TROUBLE_ASKED.search(text))))
                or (asked and _EXCEPTION_WORD.search(text) and _ASKED_BY_NOT.search(stripped))):  # a supplier's 有啥异常木有
            return Reading("exceptions_query")  # 现在还有几个异常没关, 异常单列表, any open issues
        if role != "supplier" and (asked or _WHAT_ASKED.search(text)) and _TODAY_WORD.search(text) \
                and _DUE_WORD.search(text) and not has_figures:
            return Reading("today_query")  # 今儿个有要到的货不, 今天该到货的有哪些, anything due today
        if role != "supplier" and (asked or len(stripped) <= 8) and _MINE.search(text) and not has_figures:
            return Reading("orders_query")  # 我跟的单有哪些, 我这边都有啥单子
        if _OVERDUE.search(text) and (is_question or role != "supplier" or len(stripped) <= 8):
            return Reading("overdue_query")
        if is_question and _WHICH_ORDERS.search(text) and not has_figures and (
                _DELAY.search(text) or _RUNNING_LATE.search(text)):
            return Reading("overdue_query")  # 哪几个单延期了: a buyer asks which, he reports no delay
        if _ORDERS.search(stripped) and not has_figures:
            return Reading("orders_query")
        if role != "supplier" and not has_figures and _WHICH_ORDERS.search(text) and _NOT_IN_YET.search(text):
            return Reading("orders_query")  # 还有几个单没到货: staff counting the orders still open, no receipt
        if role != "supplier" and is_question and _DUE_ORDERS.search(text) and not has_figures:
            return Reading("orders_query")  # 这周要交的有哪些, 哪些单子快到期了: staff asking which orders are due
        if role in _BUYERS_SIDE and not has_figures and _ORDERS_WORD.search(text) and (asked or _LIST_ASKED.search(text)):
            # 我手上在做的单列一下, 所有没完的订单发我: a buyer asking for orders, of no order named; he reports none
            return Reading("orders_query")
        if not has_figures and _ORDERS_WORD.search(text) and _LIST_REQUEST.search(text):
            return Reading("orders_query")  # 俺手上在做的单列一下 from a supplier: his own orders listed, no report
    if role == "supplier" and po is not None and _BARE_NOT_YET.fullmatch(msg.rest(folded=True)):
        return Reading("clarify", po=po, question="what_update")  # 1910 还没: which step is not yet?
    if is_question and not has_figures:
        po = po or _po_anywhere(text)
        if po is not None or _STATUS_WORDS.search(text):
            return Reading("status_query", po=po)
    if has_figures or not _STATUS_WORDS.search(text) or role == "supplier":
        return None
    if po is None:
        po = _po_anywhere(text)
        return Reading("status_query", po=po) if po else None
    return None if _DONE.search(text) else Reading("status_query", po=po)


# A question that points at one order (那个, 这单) and names none: which one is asked back.
_POINTED = _re(r"\s*(?:那|这|那边|这边)(?:个|张|笔|单|批)?\s*(?:单子?|订单|po|货)?\s*(?:的)?\s*"
               r"(?:呢|怎么样了?|咋样了?|如何了?|情况呢?|进度呢?|到哪[了哒]?|什么情况|啥情况|点(?:样|呀|啊)|咋(?:呀|啊))\s*[?？]*")
# A question about one order pointed at and not named (`那个单冇发噻？`, `这批货到了吗`): which order is asked back.
_POINTED_ORDER = _re(r"\s*(?:那|这)(?:个|张|笔|批)?\s*(?:单子?|订单|货)(?![\u4e00-\u9fff]{0,3}(?:都|全|哪|有哪|列))")
# One order or batch pointed at and asked after, whatever else the message says (`那个单呢 咋还没动静`, `那批货咋整啊`):
# the order is never named, so the chat asks which.
_POINTED_ASKED = _re(r"(?:那|这)(?:个|张|笔)?\s*(?:单子?|订单|批(?:货|[\u4e00-\u9fff]{1,3}?)?)\s*(?:的)?\s*(?:货)?\s*"
                     r"(?:呢|怎么样|咋样|如何|情况|进度|到哪|什么情况|啥情况|咋整|咋弄|怎么弄|怎么办|咋办|咋还|怎么还)")
# The goods of one order or batch pointed at by what they are, and asked after (`那批藤椅咋样了`, `那个铝椅脚的货到哪了`,
# `那个喷塑的单子发了没有`, `上次那批货侬看了没有`): no order is named, so the chat asks which.
_POINTED_GOODS = _re(r"\s*(?:上次|上回)?\s*(?:那|这)(?:个|批)(?![\u4e00-\u9fff]{0,4}(?:供应商|厂商|厂家|厂|公司))\s*[\u4e00-\u9fffA-Za-z]{0,6}?\s*(?:的)?\s*(?:货|单子?|订单)?\s*"
                     r"(?:你|您)?\s*(?:呢|怎么样了?|咋样了?|如何了?|到哪[了哒]?|(?:发|到|做|看|验|收)(?:了|好|完)?没有?|咋整|怎么办|咋办)"
                     r"\s*[?？啊呀]*")
# Who never reports a supplier's own work (making, checking, shipping): what they say of it is asked or relayed.
_BUYERS_SIDE = frozenset({"buyer", "manager", "admin"})
_ORDERS_WORD = _re(r"单子?(?!号)|订单(?!号)|(?<![A-Za-z])(?:orders|pos)(?![A-Za-z])")
# A list asked for in so many words (列一下, 拉个单子): whoever asks it reports nothing.
_LIST_REQUEST = _re(r"列(?:一下|一个|个|出来|张表)|拉(?:一下|个表|张表)|汇总一下")
_LIST_ASKED = _re(r"列|发(?:给)?我|给我|看看|看一?下|报一?下|汇总|统计|(?<![A-Za-z])(?:list|show|send)(?![A-Za-z])")
# Staff asking in free words: a question ending in 不/没 (`有要到的货不`), the day, what falls due, whose orders.
_ASKED_BY_NOT = _re(r"[\u4e00-\u9fff](?:不|没|没有)[?？]*$|有几个|有几家|有几单|有哪些|有啥|给我看看|(?<![A-Za-z])(?:any|anything)(?![A-Za-z])")
_TODAY_WORD = _re(r"今天|今儿个?|今日|(?<![A-Za-z])today(?![A-Za-z])")
# "What" in a question that asks for a list (今天有什么要到货的, 今天有啥要发的), not 没什么问题.
# Staff asking to be shown (帮我看一下, 帮我查下, 发我看看, 给俺看看): a question put as a request, as 28 of the 29 such lines
# of staff in 25 corpora are (status, overdue, orders, exceptions, today's goods, a score; the other a QC's defect report).
_SHOW_ME = _re(r"帮(?:我|俺|忙)\s*(?:看|查)|(?:发|给)(?:我|俺)\s*(?:看|查)")
_WHAT_ASKED = _re(r"(?<![没无])(?:有|要)?(?:什么|啥|哪些)\s*(?:要|该|会)")
_DUE_WORD = _re(r"到货|要到|该到|到的|要交|该交|要发|该发|到期|交货|送货|送来|来货|(?<![A-Za-z])(?:due|arriv\w*)(?![A-Za-z])")
_MINE = _re(r"(?:我跟的|我负责的|我的|我这边|我手上|我手里|我名下)\S{0,3}(?:单|订单)|(?<![A-Za-z])my (?:orders|pos)(?![A-Za-z])")
_DUE_ORDERS = _re(r"要交|该交|到期|交货|交付|要发|在做|没做完|没交|(?<![A-Za-z])(?:due|open orders?)(?![A-Za-z])")
# Staff asking whether anything went wrong, in words of trouble rather than of the exception list.
_TROUBLE_ASKED = _re(r"出了?(?:啥|什么|些)?(?:问题|状况|岔子)|有(?:啥|什么)问题|(?<![A-Za-z])(?:any (?:problems?|issues?|trouble))(?![A-Za-z])")
_EXCEPTION_WORD = _re(r"异常|告警|(?<![A-Za-z])(?:exceptions?|alerts?|open issues?)(?![A-Za-z])")
# A count made with the general verb only: 加工 is making, and 冲压件 names the part, not the step.
_MADE_COUNT = _re(
    # the order's size may stand first (一共12根 加工完9根, 十五件里加工好了十件); the count made names no step either way
    rf"(?:你好|您好)?\s*的?\s*(?:(?:一共|总共|共)?\s*(?:\d+|{CN_NUM})\s*{UNIT}\s*(?:里面?|中|当中)?\s*)?"
    r"(?:[\u4e00-\u9fff]{0,4}?(?:冲压|压铸|注塑|焊接|机加工?|加工)件)?\s*(?:今天|已经|已|都)*\s*"
    rf"(?:(?:加工|做)[好完了]了?|生产了?)\s*(?:\d*|{CN_NUM})\s*{UNIT}?\s*了?"  # \d*: a count of four digits went with the POs
)
_STILL_AT_IT = _re(r"(?:的|也|那个|那批|这个|这批)*\s*(?:还在|在|正在)(?:做|弄|搞)(?:中|呢|着)?")
_NOT_IN_YET = _re(r"(?:没|未|还没|没有)\s*(?:到货|交货|到|交|发货|发|收到|送到|送来)")
_WHICH_ORDERS = _re(r"(?:哪些|哪几个?|几个|多少|什么)\s*(?:单|订单|po)|(?<![A-Za-z])(?:which|how many) (?:orders|pos)(?![A-Za-z])")
_DAY_THEN_VERB = _re(r"\s*(?:前|之前|以前|就|再|能|会|可以|要|一早|早上|上午|下午)?\s*(?:就|能|会|可以|要)?\s*")
_FIRST_SENT = _re(
    r"(?:首件|样品|样件)\S{0,3}(?:已经?)?(?:发|送|寄)(?:给|过去|到)?(?:你们|贵司|客户)|(?:首件|样品|样件)\S{0,3}(?:已经?)?(?:发|送|寄)(?:过去|出|走)了?"
    r"|(?<![A-Za-z])(?:first articles?|samples?)\s+(?:were\s+|was\s+|have been\s+|has been\s+)?(?:sent|shipped|sent out)\b(?:\s+to\s+(?:you|the customer|your\s+(?:qa|qc|quality|team)))?"
    r"(?:\s+for\s+(?:your\s+)?(?:approval|verification|confirmation))?"
)
# (and 在检, 在测 ending their clause: the check under way, `首件做出来了 在检`, `首件做出来了 在测`: AV BH DE DK DL DQ DS DU
# EN, the house's `首件做好了 送检中` in other words; DP's `在测尺寸` with what is measured as well)
_AWAITING_WORD = _re(r"等\S{0,3}结果|送检中|在送检|送检了|(?<![A-Za-z])(?:waiting for (?:the )?results?)(?![A-Za-z])"
                     r"|(?:正|还)?在\s*(?:检|测|检验|检测)(?:尺寸)?\s*(?:中|呢|啊)?\s*(?=$|[\s,，。;；!！])")
_MATERIAL_NOT_IN = _re(r"(?:料|材料|原料|原材料|钢材|铝材|铜材|板材|毛坯)\S{0,2}(?:还)?(?:没|未)(?:有)?(?:到|来|齐|回)")
_OUTSIDE_STEP = r"(?:电镀|阳极氧化|阳极|氧化|热处理|喷涂|喷粉|喷塑|发黑|镀锌|镀镍|钝化|淬火|外协|外发加工)"
_OUTSOURCED = _re(
    rf"{_OUTSIDE_STEP}\S{{0,3}}(?:送出去|送去|发出去|发走|拉走|外发|送走)(?!.*(?:回来|回厂))"
    rf"|(?:送|发|拉)(?:出去|去|到)\S{{0,3}}{_OUTSIDE_STEP}(?:厂)?(?!.*(?:回来|回厂))|外发(?:加工)?了|送外协"
    r"|(?<![A-Za-z])(?:sent|gone|went|shipped)\s+(?:out\s+)?(?:for|to)\s+(?:the\s+)?(?:plating|platers?|anodi[sz]ing|heat[- ]treat\w*|coating|painting|"
    r"powder coating|passivation|galvani[sz]ing|outside processing|subcontractors?)(?![A-Za-z])"
)
_SHIP_PAST = _re(r"了|已|发出|出去|走了|(?<![A-Za-z])(?:shipped|sent|dispatched|went out)(?![A-Za-z])")
_WEAK_SHIP = _re(r"在途|物流|快递|(?<![A-Za-z])(?:on the way|in transit|sent)(?![A-Za-z])")
_NEGATED_SHIP = _re(
    r"(?:物流|快递|车|司机|货车)\S{0,2}(?:还)?(?:没|未)(?:有)?(?:来|到)|"
    r"(?:先|暂|暂时|还)?不(?:用|要|能|再)?\s*(?=发了|发货|出货|发出)|别发|"
    r"(?:没|未|还没|尚未|不能|无法)\s*(?:有\s*)?(?:发货|发出|出货|发)|(?<![A-Za-z])not (?:yet )?(?:shipped|ship|sent)(?![A-Za-z])"
)


_ARRIVED_WORD = _re(r"到了|到货|已到|到齐|(?<![A-Za-z])arrived(?![A-Za-z])")
# (a digit ending a dashed code, `B-0915-2批`, is the lot's code, never the batch's ordinal)
_LOT_SEQ = _re(
    r"第\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,2})\s*批次?|(?P<f>首|头一?)批(?![号次量产])|(?P<m>(?<![\d第\-_A-Za-z])[2-9]|(?<!第)[二三四五六七八九十])\s*批(?![号次量产])(?!\s*(?:都|全|一共|共|货))"
    r"|(?<![A-Za-z])(?:batch|lot)\s*#?\s*(?P<e>[1-9])(?![\dA-Za-z\-])|(?<![\dA-Za-z])(?P<o>[1-9])(?:st|nd|rd|th)\s+(?:batch|lot)(?![A-Za-z])"
)
# Trucks counted as they come in (`今天到了2车`, 来了3车货): how many loads arrived, no count of the goods
_TRUCKLOADS = _re(r"(?<=到了|到货|来了)\s*(?:\d|[一两二三四五六七八九十])\s*(?:辆)?车(?:货)?(?![间床削铣工])")
_LAST_LOT = _re(r"最后一批|尾批|最后一车|最后一趟|(?<![A-Za-z])(?:last|final) (?:batch|lot|one|shipment)(?![A-Za-z])")
_PACKAGES = _re(rf"(?<![\d.])(?P<n>\d+)\s*(?P<u>{PACKAGE_UNIT})")
_PER_PACKAGE = _re(
    rf"(?:(?:每|一|(?<![A-Za-z])(?:each|per)\s)\s*(?:{PACKAGE_UNIT}|板(?![子材件]))\s*(?:是|装|有|放)?|(?<![A-Za-z\d])[x×*])\s*(?P<n>\d+|{CN_NUM})(?![\d零一二两三四五六七八九十百千万])(?!\s*(?:\.\d|{AMOUNT_UNIT}))\s*"
    + UNIT + "?"  # 15 CTN x 80pcs, each PLT 480pcs: the English of 每箱80个; 一板400支: 板, the pallet (栈板, 卡板) said short
    r"|(?<![\d.])(?P<m>\d+)\s*(?:pcs|pieces|units)?\s*(?:each|per (?:box|pallet|carton|roll)"
    # the count per package by a slash, as the shipping mark writes it (`20ctns, 50pcs/ctn`)
    r"|(?<=pcs)/\s*(?:ctns?|cartons?|box(?:es)?|plts?|pallets?|bags?))(?![A-Za-z])"
)
# 4托 每托25盒 每盒100支: the count per package was of smaller packages (盒, a box, is counted as pieces elsewhere)
_INNER_PACKAGE = rf"(?:{PACKAGE_UNIT}|[内小中]?盒|小包|(?<![A-Za-z])(?:inner box(?:es)?|packs?)(?![A-Za-z]))"
_PACKAGE_NEXT = _re(rf"\s*{_INNER_PACKAGE}")
_PER_INNER = _re(rf"(?:每|一|(?<![A-Za-z])(?:each|per)\s)\s*{_INNER_PACKAGE}\s*(?:是|装|有|放)?\s*(?P<n>\d+|{CN_NUM})(?!\s*(?:\.\d|{AMOUNT_UNIT}))\s*{UNIT}?")
_AMOUNT = _re(rf"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*(?P<u>{AMOUNT_UNIT})")
_PER_PACKAGE_AMOUNT = _re(rf"(?:每|一)\s*(?:{PACKAGE_UNIT})\s*(?:是|装|有|放)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?:{AMOUNT_UNIT})")  # 4托 每托1吨
# (缺 after 都, 还 or 也 at a clause's head is the stock short as a bare 缺 is (`都缺树脂`, `胶衣还缺`: round 33), but not
# before a count: `料没到 还缺一吨` is stock not come with its weight short, shown first as round 28 rules)
_SHORTAGE = _re(
    alternation(MATERIALS) + r"\S{0,2}(?:不够|不足|短缺|没了|莫得了|冇了|用完了|差一些|差一点|差点|还差(?!不多|\s*(?:\d|[一二两三四五六七八九十百千几](?![点些])))|还差(?=\s*\d+(?:\.\d+)?\s*(?:" + UNIT + r"|" + AMOUNT_UNIT + r")?\s*还?(?:没|未)有?(?:到|来))|缺(?![陷口损]))|缺料|(?<=[\u4e00-\u9fff])(?<!们)(?<!你)(?<!我)缺货|(?:(?<![\u4e00-\u9fff])缺|(?<=(?<![\u4e00-\u9fff])[都还也])缺(?![一二两三四五六七八九十百千几半]))\s*(?!陷|口|损|件|角|少|勤|货|了)(?=[\u4e00-\u9fff])|欠料|断料|断货|(?:料|材|原料|材料|钢材|铜材|铝材|物料|板材|铝棒|钢棒|铜棒|圆钢|钢板|铝板)\S{0,2}(?:不够|不足|短缺|缺(?![陷口损角])|还差(?!\S{0,3}(?:天|日|周|星期|礼拜)))"
    # (轴承还差200套没到: stock by name with its count still not come is short, as 钢板还差2吨没到; a count alone after
    # 还差 may be the order's own pieces left, 没到 says it is the stock's)
    # 料还差一点, 3738料还差, PCB还差料: material still short is a shortage, whatever follows it; 缺货 等料 waits for it
    # 原料还没到齐 还差一半: stock not all in, then how much is still short (K BI BO; EB without its 还): short, as 料不够 还差一半;
    # so are parts bought in (`密封件还没到齐 还差40套`: EN) and stock by its name (CU)
    r"|(?:料|材|件|" + alternation(MATERIALS) + r")\S{0,2}(?:还|仍)?(?:没|未)有?(?:到齐|齐|到全)\s*[,，]?\s*(?:还|仍)?差(?!不多|\S{0,3}(?:天|日|周|星期|礼拜))"
    r"|(?:料|材)\s*(?:还|也|都)?\s*差(?!不多|点儿?就|\s*(?:\d|[一二两三四五六七八九十百千几](?![点些])))|(?:还|也|都)?差\s*(?:一?点儿?|一些|些)?\s*(?:料|材料|原料|物料)(?![件号])|缺货(?=\s*(?:了|啦)?\s*[,，]?\s*(?:在|还在)?\s*等\s*(?:料|材料|原料|物料|货))"
    r"|(?<![A-Za-z])(?:short of \w+|short on \w+|material shortage|materials? (?:is |are )?short|out of (?:material|stock))(?![A-Za-z])"
    # stock by its English name not enough (`resin not enough`, `copper tube still not enough`): short, as 料不够
    r"|(?<![A-Za-z])(?:materials?|raw material|resin|coil|copper(?: tube| pipe)?|tubes?|pipes?|steel|sheet|aluminium|aluminum"
    r"|wire|plastic|granules?|pellets?|components?|parts)\s+(?:is |are |still |also )?not enou?g?h?t?h?(?![A-Za-z])"
    # stock by any name still short, ending its clause (`但是绝缘套管还差`, `PCBA还差`): as stock by any name arriving
    r"|(?:(?<=[\s,，。\d])|(?<=但是)|(?<=可是)|(?<=就是)|^)[\u4e00-\u9fffA-Za-z]{2,6}?(?<![货单天周号])\s*(?:也|都)?还差(?=\s*(?:[,，。!！]|$))"
)
_CATEGORIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", _re(alternation(DEFECTS["other"]) + r"|漏[装焊攻钻铆打贴放喷镀配压]|" + _STEP_LEFT_OUT)),  # a step left out (漏压端子), as 漏工序
    ("dimension", _re(alternation(DEFECTS["dimension"]) + r"|(?<=[度寸径距])\s*超(?:了|差|标|出)|尺寸|偏大|偏小|超差|超公差|孔位|孔偏|外径|内径|公差|(?<![A-Za-z])(?:oversized?|undersized?|dimension\w*|out of tolerance|oot|(?:OD|ID) (?:over|under|out of) spec|hole position"
                      # a measured feature said wrong (`crimp height NG`, `OD undersize`, `length short`)
                      r"|height|length|width|thickness|diameter|pitch|(?:OD|ID)(?=\s|$)|runout|flatness|concentricity"
                      # 变形, 翘曲, 回弹 in English
                      r"|deform(?:ed|ation)?|warp(?:ed|age)?|spring ?back)(?![A-Za-z])")),
    # (`color not match` as `color not same`, `loose thread` as 线头, CS's words for what BQ BT CJ write)
    ("appearance", _re(alternation(DEFECTS["appearance"]) + r"|[划刮擦碰压磕拉夹撞]伤|[贴印标刻喷]歪|歪斜|(?<![塑胶料])颗粒|外观|划伤|划痕|刮伤|擦伤|碰伤|压伤|毛刺|披锋|批锋|飞边|毛边|生锈|锈|色差|凹痕|掉漆|(?<![A-Za-z])(?:scratch\w*(?!\s+that(?![A-Za-z]))|burrs?|rust\w*|dents?|cosmetic|colou?r not (?:same|match\w*)|colou?r differen\w*|loose threads?|orange peel|sink marks?|peel(?:ing|ed)?(?: off)?|flow marks?|pin ?holes?|colou?r mismatch|flash|bubbles?|blisters?)(?![A-Za-z])")),
    ("material", _re(alternation(DEFECTS["material"]) + r"|材料|材质|硬度|砂眼|气孔|(?<![A-Za-z])(?:hardness|material|crack(?:s|ed)?|blow ?holes?|porosity|cold shuts?)(?![A-Za-z])")),
    # a test the parts fail (通电测试不过, 耐压没过): what they do, unless a size was what failed (尺寸检测不过, above)
    ("function", _re(alternation(DEFECTS["function"]) + r"|功能|(?:测试|试验|通电|耐压|导通)\s*(?:不过|不通过|没过|没通过|失败)"
                     r"|(?<![A-Za-z])(?:function\w*|leak(?:s|ing|age)?|(?:pull|push|torque|continuity|hipot|leak|pressure|drop) test"
                     r"|pull force|not working|pin assignment)(?![A-Za-z])")),
    ("packaging", _re(alternation(DEFECTS["packaging"]) + r"|包装|(?<![A-Za-z])(?:packag\w*|packing (?:damaged|torn|broken|wet)|labels? wrong|wrong labels?)(?![A-Za-z])")),
    ("quantity", _re(alternation(DEFECTS["quantity"]) + r"|数量|少件|短少|少了|多发|少发|漏发|(?<=[现检])少|(?<![A-Za-z])(?:quantity|short count)(?![A-Za-z])")),
)
# Taking a defect off is a step (`去毛边`, `除锈`, `修飞边`): the work on the parts, never a defect found.
_PROCESS_NOT_DEFECT = _re(alternation(STEPS_NOT_DEFECTS) + r"|(?:去|除|修|打磨)\s*(?:毛刺|毛边|飞边|批锋|披锋|锈)|去毛刺|阳极氧化|氧化(?=\s*(?:做|弄|搞)?\s*(?:好|完|中|回来|回厂|厂)|在做|\s*(?:做|弄|搞)\s*了|\s*在\s*(?:做|弄|搞))|(?:送|做|去|发)\s*氧化|(?<=在)\s*氧化|(?<![A-Za-z])deburr\w*"
                         # parts named by the step (氧化件回来了) or the step scheduled (氧化排好了): the step, not the look
                         r"|(?:" + alternation(STEP_OR_DEFECT) + r")(?=件|排[好上了不期])"
                         # the step put to a day to come (喷砂好了 明天氧化, 周三发黑): the work planned, never a look found
                         r"|(?:(?<=明天|后天|明日|后日|下午|晚上)|(?<=周[一二三四五六日天])|(?<=礼拜[一二三四五六日天]))\s*(?:"
                         + alternation(STEP_OR_DEFECT) + r")(?![\u4e00-\u9fff])"
                         # a hole made on purpose (排气孔, 透气孔 of a mould, a casting's 出气孔) is the part's, not a pore;
                         # so is any pore or hole said drilled or machined (气孔钻完了)
                         r"|[排出进透通放]气孔|气孔(?=\s*(?:都|也|已经?)?\s*(?:钻|打|铣|加工|攻)(?:好|完|了))")


# Non-destructive testing (UT/MT/PT/RT, 探伤) finds what is inside the metal: slag, flakes, folds and cracks are
# the material's, whatever their look would say on a surface (`UT发现1件白点` is hydrogen flakes, not a spot).
_NDT_FOUND = _re(r"探伤|无损|超声波?|磁粉|渗透|(?<![A-Za-z])(?:UT|MT|PT|RT|NDT)(?![A-Za-z])")
# A size missed by the cut itself (`外圆车小了`, `磨小了`): the dimension, with no label word needed.
_CUT_OFF_SIZE = _re(r"(?:车|磨|铣|镗|钻|割|切)(?:小|大|短|长|偏|深|浅)了|外圆")


# A leak the parts fail with (漏水, 漏气, 试压漏了): a casting's flaw named beside it (砂眼 试压漏水, 缩松漏气) is the
# leak's cause, and the part's failure is what it does. Ruled in r30cl: the only writer to file the pair (CL, five
# lines) files it `function`; AX's and N's (缸体缩松漏气, 缩松 打压漏了) leave it open; none files it `material`.
_LEAKS = _re(r"漏水|漏气|漏油|渗漏|泄漏|(?:试压|打压|水压|气密)\S{0,3}漏|(?<![A-Za-z])leak(?:s|ing|age)?(?![A-Za-z])")

# A battery cell or pack swelled (`有9组鼓包`, `电芯鼓包`) has failed inside: its function, not a paint's blister (blind CO).
_CELL_SWELLED = _re(r"(?:\d+\s*组|电芯|电池包?)\s*(?:有)?\s*鼓包|鼓包\s*\d+\s*组")


_FORCE_OFF = _re(r"插拔力\s*(?:偏小|偏大|不足|不够)")
_DECORATION_OFF = _re(alternation(DECORATION_OFF))  # 电绣走位, 丝印偏位: a print or embroidery off its mark is its look


def _defect_category(text: str) -> str | None:
    found = next((name for name, pattern in _CATEGORIES if pattern.search(text)), None)
    if found == "dimension" and _DECORATION_OFF.search(text):
        return "appearance"
    if found == "dimension" and _FORCE_OFF.search(text):
        return "function"  # 插拔力偏小: a force low is what the part does, however its 偏小 reads as a size
    if found == "material" and _LEAKS.search(text):
        return "function"
    if found == "appearance" and "鼓包" in text and _CELL_SWELLED.search(text):
        return "function"
    if found in (None, "appearance") and _NDT_FOUND.search(text):
        return "material"
    if found is None and _CUT_OFF_SIZE.search(text):
        return "dimension"
    return found


_RUNNING_TOTAL = _re(rf"(?:累计|累积|总共|一共|合计)\s*(?:已经?)?\s*(?:做|完成|生产|加工|浇|锻|冲|焊)了?\s*\d+\s*{UNIT}?")
_DAYS_COUNT = _re(rf"(?:今天|今日|昨天|今早|上午|下午|晚上|这两天)\s*(?:又|也|再)?\s*[\u4e00-\u9fff]{{0,2}}了\s*\d+\s*{UNIT}?")
# 累计15000, 累计是8200 with no verb: the order's running total too (DT's shift handovers); the shift's own count beside
# it (`中班 3600 累计 15000`, `夜班注塑1350，累计7400`) is only the increment, never an order or the count recorded
# (a pair, not module patterns: the shift's names stay out of the words the reader knows, _vocabulary). Not where a
# patrol check stands (巡检OK reads as the step under way, which DT's writer reads as no fact: left for a round of its own)
_SHIFT_INCREMENT = (_re(r"(?:累计|累积)\s*(?:是|有|已|共)?\s*\d+"),
                    _re(rf"(?:白|夜|中|早|晚|本)班\s*(?:[\u4e00-\u9fff]{{1,3}}?\s*了?)?\s*\d+\s*{UNIT}?(?=\s*[,，;；]?\s*(?:累计|累积))"))


# Hands put on the work (`上了三个人`, `加了5个人`, `两个师傅在焊`): the crew, never a count of parts.
_HEADCOUNT = _re(rf"(?<![\d.周期拜])(?:\d+|{CN_NUM})\s*(?:个\s*(?:人(?!工|家|员)|工人|师傅|焊工)|人(?![工家员])|名\s*(?:工人|师傅|焊工))")


def _read_report(msg: _Text, po: str | None, role: str, today: date) -> Reading | None:
    """A report, with what any report may carry read first: its lot, packages, weights and the day it happened."""
    while not _DELAY.search(msg.text) and msg.take_first(_HEADCOUNT):
        pass  # in a delay the crew belongs to its reason (3个工人请假 要晚1天), which keeps it whole
    if _RUNNING_TOTAL.search(msg.text):
        msg.take_first(_DAYS_COUNT)  # 今天又浇了三百 累计做了一千三: the day's share of a count said in all
    if "累" in msg.text and "巡检" not in msg.text and _SHIFT_INCREMENT[0].search(msg.text):
        msg.take_first(_SHIFT_INCREMENT[1])
    seq = msg.take_first(_LOT_SEQ)
    lot = msg.take_first(_LOT) or msg.take_first(_LOT_BARE)
    last_lot = msg.take_first(_LAST_LOT)
    packages = msg.take_first(_PACKAGES)
    per_package = msg.take_first(_PER_PACKAGE) if packages else None
    # 4托 每托25盒 每盒100支: packages of packages, each inner one counted in pieces; 10000 in all
    inner = msg.take_first(_PER_INNER) if per_package is not None and per_package["n"] is not None \
        and _PACKAGE_NEXT.match(msg.text, per_package.end("n")) else None
    amount = msg.take_first(_AMOUNT)
    trucks = msg.take_first(_TRUCKLOADS) if "车" in msg.text else None
    if _DEFECT.search(msg.text) or _PASSED.search(msg.text):
        msg.take_first(_SAMPLE_COUNT)  # 抽检50个 2个生锈, 抽检50个 全部合格: how many were checked counts no defect, no made
    past = [_back_to_past(d, msg.text, today) for d in find_dates(msg.text, today) if msg.free(d.start, d.end)]
    past = [d for d in past if d.value < today]
    for d in past:
        msg.take(d.start, d.end)
    reading = _read_report_core(msg, po, role, today)
    if (amount is not None or packages is not None) and (reading is None or reading.intent == "clarify"
                               or (reading.intent == "progress" and reading.node is None)):
        arrived = _MATERIAL.search(msg.text) or _ARRIVED_WORD.search(msg.text) or (
            role in ("buyer", "warehouse", "qc") and _TAKEN_IN.search(msg.text))
        if arrived and role in ("buyer", "warehouse") and not _MATERIAL.search(msg.text):
            reading = Reading("progress", po=po, node="received", done=True)  # 到了3托, at the buyer's door
        elif arrived:
            reading = Reading("progress", po=po, node="material_ready", done=True)
        elif reading is None or reading.intent == "clarify":
            reading = Reading("progress", po=po)
    elif reading is not None and reading.intent == "progress" and reading.node is None and reading.qty_done is not None \
            and role == "warehouse" and (_ARRIVED_WORD.search(msg.text) or _TAKEN_IN.search(msg.text)) \
            and not _MATERIAL.search(msg.text):
        # the warehouse's 到了500PCS: counted in at its door; booked in (收齐, 入库, 签收) is the receipt made
        reading = replace(reading, node="received", done=True if _TAKEN_IN.search(msg.text) else None)
    if trucks is not None and reading is not None and reading.intent == "progress" and not reading.also \
            and reading.qty_done is None and reading.percent is None \
            and (reading.node == "received" or (reading.node is None and role in ("buyer", "warehouse"))):
        # 今天到了2车: trucks come in, the receipt, with no count of the goods and none booked in (ED's notes)
        reading = replace(reading, node="received", done=None)
    if reading is None:
        return None
    extra: dict[str, Any] = {}
    # a step of a batch (第四批 终检合格) carries its lot, and so does a receipt (三批到货 600件, 二批 已入库): five blind
    # writers of seven (AH AI AJ N U; E and X not) file the batch's ordinal on the receipt. The warehouse numbers what
    # came in and the supplier what he sent, so a receipt's ordinal is shown first, to be matched with its shipment.
    if reading.intent in ("shipment", "defect", "inspection_values") or (
            reading.intent == "progress" and reading.node in ("received", "in_process", "final_inspection")):
        # a receipt's lot code (批号KS1215 到货了) is written on the goods: four writers of four keep it; so is the lot
        # a final check passed (批号NB-0326 终检过了: AL AM AR AX, four of four), and the lot of goods worked on
        # (`lot CD1118 热处理搞完哒`, `批次HZ1120 发黑件回来了`: DK DW), as their heat number is (_heat_on_goods); a
        # first article's code is its report's as often as its lot (`首件检验合格 报告FAI-6826-01`)
        if lot is not None:
            extra["lot"] = lot["lot"].rstrip(".-_/")
    # (a delay of the batch too, `第三批 要晏两日`: DZ, the one writer of it; the ordinal rides on any fact of the batch)
    if reading.intent in ("shipment", "defect", "inspection_values", "progress", "delay") and seq is not None:
        extra["lot_seq"] = _lot_seq(seq)
        if reading.intent == "progress" and reading.node == "received":
            extra["confirm"] = True
    if reading.intent == "plan" and seq is not None:
        # 第三批明天发: whether the batch's ordinal is filed on the plan, blind writers split five (AJ AK AT AV AZ) to
        # four (AH AI AN E): read without it, and shown first
        extra["confirm"] = True
    if reading.intent == "shipment" and last_lot is not None:
        extra["all"] = True
    elif reading.intent == "shipment" and reading.all and seq is not None \
            and (batch := _BATCH_DONE.search(msg.text, seq.start())) is not None and batch.start() == seq.end() \
            and not _ships_all(msg.text[: seq.start()] + msg.text[batch.end():]):
        extra["all"] = None  # 第四批发完了: the batch named is what went out in full, not the order
    if reading.intent == "defect" and packages is not None and reading.defect_qty is None and per_package is None \
            and _defect_category(msg.text) == "packaging" and slots.PACKAGE_NAMED.search(msg.text) is not None:
        # 纸箱压烂 12箱, 纸箱淋湿 3箱: the cartons named, found damaged and counted in cartons, are the count (AI AM AN),
        # shown first; the packing said damaged (包装破损 5箱: E) or packages short (少装了 两箱: AM) stay uncounted
        extra["defect_qty"] = int(packages["n"])
        extra["confirm"] = True
    if reading.intent in ("shipment", "progress") and packages is not None:
        extra["packages"] = int(packages["n"])
        extra["package_unit"] = packages["u"]
        if reading.intent == "progress" and reading.node is None and role == "warehouse" \
                and not _MAKING_VERB.search(msg.text):
            extra["node"] = "received"  # 来了3托 还没点: the warehouse's packages come in are its receipt (AX BL CJ CP)
        if per_package is not None:
            each = per_package["n"] or per_package["m"]
            pieces = int(each) if each.isdigit() else cn_to_int(each) or 0
            if inner is not None:
                within = inner["n"]
                pieces *= int(within) if within.isdigit() else cn_to_int(within) or 0
            extra["qty" if reading.intent == "shipment" else "qty_done"] = int(packages["n"]) * pieces
    if reading.intent in ("shipment", "progress", "shortage") and amount is not None:  # 还差200公斤: how much is short
        extra["amount"] = _number(amount["n"])
        if packages is not None and _PER_PACKAGE_AMOUNT.search(msg.text):
            extra["amount"] = _number(str(float(amount["n"]) * int(packages["n"])))  # 4托 每托1吨: 4 tons in all
        extra["unit"] = msg.as_written(amount["u"])
        if reading.intent == "progress" and reading.node == "material_ready" and reading.done is None:
            extra["done"] = True
    if reading.intent in ("shipment", "progress") and past:
        extra["happened_on"] = past[0].value
        if reading.intent == "progress" and reading.done is not True and reading.node is not None \
                and not (_NOT_DONE.search(msg.text) or _ONGOING.search(msg.text)):
            extra["done"] = True  # 铝材昨天下午到的: a node reported with a past day is done
    if reading.intent == "defect":
        extra["category"] = _defect_category(msg.text)
    if reading.intent == "progress" and reading.node == "received" and reading.done is True \
            and (amount is not None or packages is not None) and extra.get("done") is not True \
            and not _RECEIPT_DONE.search(msg.text):
        # 收到12箱 3.6吨, 收到3托 已卸货, 收货15箱 每箱200个: a weight or packages taken in are a count received,
        # like 收货500件, not the receipt made (booked in, signed for, all in, the count right)
        extra["done"] = None
    return replace(reading, **extra) if extra else reading


_DAY_OF_MONTH = re.compile(r"\d{1,2}\s*[号日]")
_TAKEN_IN = _re(r"收到|收齐|签收|已(?:经)?收(?![款费钱据])|入库|入仓|进仓|(?<![A-Za-z])received(?![A-Za-z])")  # the buyer's side taking goods in
# The size of a sample checked (`抽检50个`, `检了500个`, `全检1200件`): what was looked at, not what was found.
_SAMPLED_BEFORE = _re(r"(?:抽检|抽查|抽了|抽样|(?<![\u4e00-\u9fff])抽\s*|全检|检了|检验了|查了|检查了|挑了|测了|checked |inspected |sampled )(?:了)?$")
_SAMPLE_COUNT = _re(rf"(?:抽检|抽查|抽了|抽样|(?<![\u4e00-\u9fff])抽(?=\s*\d)|全检|检了|检验了|查了|检查了|挑了|测了|(?<![A-Za-z])(?:checked|inspected|sampled)(?![A-Za-z]))(?:了)?\s*(?P<n>\d+|{CN_NUM})\s*{UNIT}(?=\s*(?:[,，;；]|\s|中|里|$|\d))")
_ROLLED_OVER = 300  # a month and day read as next year's, when the message tells of something done


def _clause_of(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]: between spaces or punctuation beside Chinese, between
    punctuation in English (whose words are spaced)."""
    ends = _CLAUSE_END if not text[start:end].isascii() else _SENTENCE_END
    return ends.split(text[:start])[-1] + text[start:end] + ends.split(text[end:], maxsplit=1)[0]


# 只能礼拜四发了, 最快下周三发了: the only day left for it, ahead, whatever tense closes the clause.
_ONLY_ON = _re(r"(?:只能|只好|只得|最早|最快也?得?)\s*$")
_MOVED_ONTO = _re(r"(?:推|推迟|延|延期|延迟|顺延|改|拖|往后推)\s*到\s*$")
_ONLY_ON_WORD = _re(r"只能|只好|只得|(?<=发货|出货|交货)\s*得")


def _back_to_past(day: DateMatch, text: str, today: date) -> DateMatch:
    """`11月28号发的` on December 1st: the day that passed, not next year's."""
    if _ONLY_ON.search(text, 0, day.start) or _MOVED_ONTO.search(text, max(0, day.start - 6), day.start):
        return day  # 料晚到了 交期推到18号: the day an order is moved to is ahead, whatever came before (EP EQ)
    if (day.value - today).days > _ROLLED_OVER and _PAST_EVENT.search(text):
        return DateMatch(day.value.replace(year=day.value.year - 1), day.start, day.end)
    if day.value > today and _PAST_EVENT.search(text) and _DAY_OF_MONTH.fullmatch(text[day.start:day.end].strip()):
        return DateMatch(_most_recent(day.value, today), day.start, day.end)  # 1号到的料: the 1st that passed
    if today < day.value <= today + timedelta(days=7) and _BARE_WEEKDAY.fullmatch(text[day.start:day.end].strip()) \
            and _PAST_EVENT.search(_clause_of(text, day.start, day.end)):
        return DateMatch(day.value - timedelta(days=7), day.start, day.end)  # 周一到的, came in on Monday: the one past
    return day


def _lot_seq(seq: re.Match[str]) -> int | None:
    raw = seq["n"] or seq["m"] or seq["e"] or seq["o"] or ("1" if seq["f"] else "")
    return int(raw) if raw.isdigit() else cn_to_int(raw)


def _put_off_by_trouble(text: str, today: date) -> re.Match[str] | None:
    """The work put off with 再/才 to a later day after a trouble (`明天停水 后天再发`): one delay, not the trouble's
    clause and a plan (AF AG AP). `_read_body` asks it before the facts and `_read_report_core` of the same text
    for the delay: asked through `once`."""
    if (trouble := _PROBLEM.search(text)) is None or (put_off := slots.PUT_OFF.search(text, trouble.end())) is None:
        again = _CANNOT_THEN_AGAIN.search(text) if "不" in text else None
        if again is None or not any(d.value > today for d in find_dates(again["between"], today)):
            return None
        return _AGAIN.search(text, again.start("between"))  # 明个下雨喷不了漆 后个再喷: the step itself put off
    between = text[trouble.end():put_off.start()]
    return put_off if any(d.value > today for d in find_dates(between, today)) else None


# A step that cannot be done (喷不了, 焊不成), then the same verb again with 再/才 on a later day: the work put off to
# that day, a delay, as a trouble's `明天停水 后天再发` is (fifteen corpora write that one; CD the step's own verb).
_CANNOT_THEN_AGAIN = _re(r"(?P<v>[\u4e00-\u9fff])\s*不(?:了|成)(?P<between>.*?)(?:再|才)\s*(?:能\s*)?(?P=v)")
_AGAIN = _re(r"(?:再|才)\s*(?:能\s*)?[\u4e00-\u9fff]")


def _read_report_core(msg: _Text, po: str | None, role: str, today: date) -> Reading | None:
    text = msg.text
    values = _read_values(msg, po)
    if values is not None:
        return values
    dates = [d for d in find_dates(text, today) if msg.free(d.start, d.end)]
    delay = next(msg.free_matches(_DELAY), None)
    if delay is None and len([d for d in dates if d.value >= today]) >= 2:
        delay = next(msg.free_matches(_CHANGE), None)
    if delay is None:
        # 料今天才到 (料今晡才到): arrived only today is the arrival late and done, no delay still to come
        delay = next((m for m in msg.free_matches(_ONLY_BY)
                      if m.group(0) and any((0 <= m.start() - d.end <= 1 and not (
                          m.group(0).endswith("到") and d.value <= today))
                                            or (m.group(0).startswith("最快") and 0 <= d.start - m.end() <= 1)
                                            for d in dates)), None)
    if delay is None:  # 线材没到 只能礼拜四发了: the only day left is a delay to it
        delay = next((m for m in msg.free_matches(_ONLY_ON_WORD)
                      if any(0 <= d.start - m.end() <= 1 and d.value > today for d in dates)), None)
    if delay is None:  # 这礼拜焊不完了 下礼拜三吧, 周四肯定搞不赢 要下周一: cannot get it done, then the day it moves to
        delay = next((m for m in msg.free_matches(slots.CANNOT_FINISH)
                      if any(d.start >= m.end() and d.value > today for d in dates)), None)
    if delay is None and (put_off := once(_put_off_by_trouble, text, today)) is not None and msg.free(*put_off.span()):
        delay = put_off  # 明天停水 后天再发: a trouble of a day, then the work put off to a later day: delayed to it
    if delay is not None:
        read = _read_delay(msg, po, delay, dates, today)
        # 喷不了 后个再喷: the step's own verb put off is a delay the trade words do not say, so it is shown first
        return replace(read, confirm=True) if delay.re.pattern == _AGAIN.pattern else read
    shortage = next(msg.free_matches(_SHORTAGE), None) if not _MOULDED_SHORT.search(text) else None
    if shortage is not None and role == "qc" and _QTY_UNIT.search(text) and _DEFECT.search(_SHORTAGE.sub(" ", text)):
        shortage = None  # QC's 发泡件缺料 气泡多 17个: parts short-filled beside a defect found and counted, a defect (as 缺胶)
    if shortage is not None:
        # 料还差一卷 等宝钢: a count read inside the reason's clause stays in it as said (no holes), recorded nowhere else
        counts = [(a, b) for a, b in msg.used if _CJK_CHAR.search(text, a, b)]
        whole = msg.rest(filler=_REASON_FILLER, said=counts or None)  # 镀锌料不够 缺料了: the reason in the order said
        msg.take(*shortage.span())
        rest = msg.rest(filler=_REASON_FILLER, said=counts or None)
        said = msg.display[shortage.start():shortage.end()]
        if rest and whole and said in whole:
            return Reading("shortage", po=po, reason=_meaningful(whole))
        return Reading("shortage", po=po, reason=_meaningful(f"{said} {rest}" if rest else said))
    if _NOT_STARTED.search(text):
        if _MATERIAL_NOT_IN.search(text):
            return Reading("progress", po=po, node="material_ready", done=False)  # 还没开始做 料还没到
        stop = _NOT_STARTED.search(text)
        node, _ = _read_node(_clause_of(text, stop.start(), stop.end()).replace(stop.group(0), " "), role) \
            if stop else (None, None)
        if node is None:
            node, _ = _read_node(text, role)  # 首件还没做: the step named is the one not begun
        # 首件还没开始弄 模具在修: the step not begun is the one its own clause names; the rest says why
        return Reading("progress", po=po, node=node if node in NODES else None, done=False, begun=False)
    if _NOT_FINISHED.search(text) and not _NUMBER.search(msg.rest(folded=True)):
        node, _ = _read_node(text, role)
        if node in NODES:
            return Reading("progress", po=po, node=node, done=False)  # 氧化还没做完: begun, not finished; no defect
    if _first_article_failed(text, msg):
        return Reading("progress", po=po, node="first_process", done=False)  # 首件不合格 重新调机: made again
    if _DEFECT.search(_POSITIVE_NEGATION.sub(" ", _NOT_DEFECT.sub(" ", _PROCESS_NOT_DEFECT.sub(" ", text)))):
        return _read_defect(msg, po)
    if _NEGATED_SHIP.search(text):
        # 还没发, 不发了, 物流没来: nothing went out, and the shipping is not begun either
        return Reading("progress", po=po, node="shipped", done=False, begun=False)
    if _FIRST_SENT.search(text):
        return Reading("progress", po=po, node="first_process", done=True)  # the first article sent for approval
    if any(not _LATER_BEFORE.search(text, max(0, m.start() - 6), m.start()) for m in _OUTSOURCED.finditer(text)):
        return Reading("progress", po=po, node="in_process", done=False)  # 阳极氧化送出去了: sent out for a step
    if role == "supplier" and _THEIRS_SENT.search(text) and _GOT_IT.search(text):
        # 你们发的铸件毛坯收到了: the buyer sent it, the supplier got it: his material is in
        return Reading("progress", po=po, node="material_ready", done=True)
    planned = [m.span() for m in _SHIP_FUTURE.finditer(text)]
    if (today_ship := _SHIPS_TODAY.search(text)) is not None and not _COUNT_SAID.search(text):
        planned.append(today_ship.span())
    shipped = [
        m for m in _SHIP.finditer(text)
        if all(m.end() <= start or m.start() >= end for start, end in planned)
        and not (_WEAK_SHIP.fullmatch(m.group(0)) and (_MATERIAL.search(text) or planned))
    ]
    if shipped and any(d.value > today for d in dates) and not _SHIP_PAST.search(text):
        shipped = []
    if shipped and any(d.value > today and _DAY_THEN_VERB.fullmatch(text, d.end, m.start()) for d in dates for m in shipped):
        shipped = []  # 周五前发出: a day to come, then the shipping word: a plan
    if shipped:
        return _read_shipment(msg, po)
    return _read_progress(msg, po, role, dates, today)


# What the buyer sent the supplier (customer-supplied castings, blanks, material), and its arrival.
_THEIRS_SENT = _re(r"(?:你们|贵司|客户|甲方)\S{0,3}?(?:发|送|寄|供)(?:过来|来|给我们)?的")
_GOT_IT = _re(r"收到|到了|到齐|到厂|已到")


def _read_values(msg: _Text, po: str | None) -> Reading | None:
    body = msg.rest(folded=True)
    keyword = _INSPECTION.search(body)
    if keyword is None:  # the common case, settled without rewriting the text
        if "%" in body:
            return None
        found = _NUMBER.findall(body)
        if not found or (len(found) < 3 and not any("." in n for n in found)):
            return None
    residue = _INSPECTION.sub(" ", body) if keyword is not None else body
    if "%" in residue:
        return None
    numbers = _NUMBER.findall(residue)
    has_decimal = any("." in n for n in numbers)
    rest = _VALUE_SEPARATORS.sub(" ", _NUMBER.sub(" ", residue))
    if has_decimal or len(numbers) >= 3:  # 59/55/62/65/64: a run of readings parted by slashes
        rest = rest.replace("/", " ")
    if rest.strip(" ,.;:-+") and not _measured_under_label(rest, residue, numbers):
        return None
    if not numbers:
        word = keyword.group(0).lower() if keyword else ""
        if word and word not in ("mm", "um", "μm", "µm", "毫米") and (po is not None or not _PHOTO.fullmatch(word)):
            return Reading("inspection_values", po=po)
        return None
    if has_decimal or (keyword and po is not None) or (keyword and len(numbers) >= 2) or len(numbers) >= 3:
        return Reading("inspection_values", po=po, values=tuple(float(n) for n in numbers))
    return None


# A label the reader does not know before a row of readings (`自由长度 18.2 18.1 18.3`, `渗层深度 0.82 0.85 0.80`,
# `抽检 5.01 5.00 4.98`): three or more numbers of one size after one short word are measurements of that gauge.
_GAUGE_LABEL = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}(?: [A-Za-z]{1,2})?")  # Shore A, 邵A


def _measured_under_label(rest: str, residue: str, numbers: list[str]) -> bool:
    label = rest.strip(" ,.;:-+：")
    if len(numbers) < 3 or not _GAUGE_LABEL.fullmatch(label) or residue.strip().find(label) != 0:
        return False
    if _DONE_WORD.search(label) or _DEFECT.search(label) or _DELAY.search(label) or _SHIP.search(label):
        return False
    values = [float(n) for n in numbers]
    return min(values) > 0 and max(values) <= 2 * min(values)


_DELAY_FILLER = _re(r"下个?周|下个?星期|下个?礼拜|下个?月|月初|年后|节后|(?<![A-Za-z])next (?:week|month)(?![A-Za-z])|交期|交货期|货期|交货|(?<![A-Za-z])(?:the )?(?:delivery|order)(?![A-Za-z])")
_REASON_FILLER = _re(
    r"^(?:因为|因|由于|原因(?:是|为)?|理由|是因为|主要是|了|要|会|的|都|也|大概|可能|估计|预计|需要|再|本来|原计划|原定|肯定|整体|发的|得)\s*[:：,，]?\s*"
    # (a reason's closing 的 stays, the sender's assertion of it: 热处理厂那边压起的, DL)
    r"|\s*(?:要|得|整体|肯定|可能|估计|大概|预计|会)$"
    r"|^(?:due to|because(?: of)?|as|since|reason(?: is)?|cause(?: is)?|we|we're|it|it's|they|i|will|would|be|is|are|am|"
    r"need|needs|until|till|to|by|have|has|so)(?![A-Za-z])\s*[:,]?\s*"
)


# A works booked up to a day (`定型机排到礼拜三`, `镀锌厂排到下周一`): the day is the booking's, said as part of the reason,
# as a day said with 才 is; never the day the late node moves to. Not booked (`没排到 下周四`), the day is the delay's.
_BOOKED_TO = _re(r"(?<![没沒不未])排(?:到|在)$")
_NOT_UNTIL = _re(r"\s*才")  # 今天才到: not until that day, the cause itself (a day that only dates it, 今天停电, is none)
# 物流车明天才来, 钢棒明天才到: a day to come said with 才 after the thing it is of, in a clause of its own, is the
# cause (the truck comes only then), kept in the reason as a past one is; at its clause's head (明天才能发) it is the
# order's own day, and the day the delay moves to is never its reason.
_OF_A_THING = _re(r"[\u4e00-\u9fffA-Za-z]$")


def _a_cause_not_until(text: str, day: DateMatch, new_date: date | None) -> bool:
    return day.value != new_date and _NOT_UNTIL.match(text, day.end) is not None \
        and _OF_A_THING.search(_CLAUSE_END.split(text[:day.start])[-1]) is not None
_MOVED_AFTER_NODE = _re(r"\s*(?:要|会|得|也)?\s*(?:改到|推到|延到|推迟到|延期到|改在|挪到|顺延到"
                       r"|(?:推迟|延迟|延期|推后|顺延)\s*(?:\d{1,2}|[一二两三四五六七八九十])\s*(?:天|日))")
_CAUSE_DELAY = _re(r"排不上|排不进|赶不出来?|做不出来|来不及|來不及|跟不上")
# 要推迟到周五 sent on a Friday: a delay moves to a later day, so a bare weekday it moves *to* that is today's is next
# week's (the weekday alone reads as on or after today; 这周五/本周五/今天 stay today)
_MOVED_TO_WEEKDAY = _re(r"(?:推迟|推后|推|延迟|延期|延|改|挪|拖)\s*(?:到|至)\s*(?:(?:周|星期|礼拜)[一二三四五六日天]|"
                        r"(?<![A-Za-z])(?:mon|tues|wednes|thurs|fri|satur|sun)day(?![A-Za-z]))$")


def _read_delay(
    msg: _Text, po: str | None, delay: re.Match[str], dates: list[DateMatch], today: date
) -> Reading:
    text = msg.text
    read_before = len(msg.used)
    node = _delayed_node(msg, delay)
    # the spans read that are the sender's words of the cause all the same: they stay in the reason, no holes in it
    said: list[tuple[int, int]] = msg.used[read_before:] if _CAUSE_DELAY.fullmatch(delay.group(0).strip()) else []
    msg.take(*delay.span())
    words = [delay.span()]
    for extra in msg.free_matches(_DELAY):
        word = extra.group(0).strip().lower()
        if _CAUSE_DELAY.fullmatch(word):
            continue  # 延期到15号 电镀厂排不上: a second delay word that says why stays in the reason
        if _CJK_CHAR.search(word) or not word.endswith(("late", "behind")):
            msg.take(*extra.span())
            words.append(extra.span())
    new_date: date | None = None
    attached = next((d for d in find_durations(text)
                     if delay.start() <= d.start <= delay.end() + 2
                     and (msg.free(d.start, d.end) or d.end <= delay.end())), None)
    booked = [d for d in dates if _BOOKED_TO.search(text, max(0, d.start - 4), d.start)]
    future = [d for d in dates if d.value > today and d not in booked
              and not (settle.DATES_A_CAUSE.match(text, d.end) and not settle.MOVED_TO_IT.search(text, 0, d.start))]
    if not future and attached is None:
        future = [DateMatch(d.value + timedelta(days=7), d.start, d.end) for d in dates
                  if d.value == today and _MOVED_TO_WEEKDAY.search(text, 0, d.end)]
    if future and attached is None:
        after = [d for d in future if d.start >= delay.start()]
        new_date = max(d.value for d in after) if after else future[-1].value
    delay_clause = _clause_of(text, delay.start(), delay.end())
    clause_at = text.find(delay_clause, max(0, delay.end() - len(delay_clause)))
    in_clause = range(clause_at, clause_at + len(delay_clause) + 1)
    own_days: list[tuple[int, int]] = []  # the days the delay's own words say (moved to, its clause's)
    for d in dates:
        if d in booked:
            continue  # 镀锌厂排到下周一 发货要晚几天: the works' booking is why, its day said with it (CU)
        if (d.value > today and not _a_cause_not_until(text, d, new_date)) or d.start in in_clause \
                or not _NOT_UNTIL.match(text, d.end):
            msg.take(d.start, d.end)  # (晚两天 钢棒今天才到: the day the cause came only then stays in the reason: AC)
            if _dates_the_cause(text, d, today, new_date, in_clause):
                said.append((d.start, d.end))  # 今天停电, 明天停水, 客户明天要来验厂: the day of the cause stays in it
            else:
                own_days.append((d.start, d.end))

    def own(start: int) -> bool:  # a word of the delay itself: in its clause, or beside a day it moves to
        return start in in_clause or any(a - 3 <= start <= b + 1 for a, b in own_days)
    delay_days: int | None = None
    if attached is not None:
        delay_days = attached.days
        msg.take(attached.start, attached.end)
    elif new_date is None:
        for duration in find_durations(text):
            if msg.free(duration.start, duration.end) or any(a <= duration.start < b for a, b in words):
                # 延期 晚三天: the duration may sit on a second delay word
                delay_days = duration.days
                msg.take(duration.start, duration.end)
                break
    future_spans = [(d.start, d.end) for d in dates if d.value > today and not msg.free(d.start, d.end)]
    for extra in list(msg.free_matches(_ONLY_BY)):
        if extra.group(0) and (extra.start() in in_clause
                               or any(a - 3 <= extra.start() <= b + 1 for a, b in future_spans)):
            msg.take(*extra.span())
            if not own(extra.start()):
                said.append(extra.span())
    theirs = _THEIR_DELIVERY.search(text)  # 钢厂交货晚了: another works' delivery is the reason, as said
    for season in list(msg.free_matches(settle.SEASON_NAMING_NO_DAY)):
        msg.take(*season.span())  # 推到元宵节后, 下个月上旬: the season moved to is no reason, as 下周 is not
        if not own(season.start()):
            said.append(season.span())
    for filler in list(msg.free_matches(_DELAY_FILLER)):
        if any(d.start <= filler.start() < d.end for d in booked):
            continue  # 排到下周一: the week of the booking's day stays with it
        if theirs is None or not theirs.start() <= filler.start() < theirs.end():
            msg.take(*filler.span())
            if not own(filler.start()):
                said.append(filler.span())  # 验船师下周二才来: the week of a cause's day is no filler of the delay
    if _CAUSE_DELAY.fullmatch(delay.group(0).strip()):
        msg.used.remove(delay.span())  # 排不上 says why as well as that it is late: in the reason where it was said
    if node is None and delay.group(0).rstrip().endswith("到") \
            and (place := _AT_THE_BUYERS.match(text, delay.end())) is not None and msg.free(*place.span()):
        node = "received"  # 后个才能到你们那: the goods reach the buyer only then, his receipt is late (the place is no reason)
        msg.take(*place.span())
    if node is None and not _OUT_WHEN_DUE_OTHER.search(text):
        if delay.re.pattern == _ONLY_BY.pattern and delay.group(0).endswith("出") and _CLAUSE_ENDS.match(text, delay.end()):
            node = "shipped"  # 要到下周三才能出
        for out in _OUT_WHEN_DUE.finditer(text):
            if msg.free(*out.span()):
                node = "shipped"  # 周五出不了 下周一出, 要到下周三才能出: the goods out on that day
                msg.take(out.start() - (text[out.start() - 1] == "再"), out.end())
                if not own(out.start()):
                    said.append(msg.used[-1])  # 铸造厂说下礼拜才能出: the works' words, kept in the reason as said
    reason = msg.rest(filler=_REASON_FILLER, said=said)
    clause = delay_clause
    if (new_date is not None or delay_days is not None) and (moved := next(
            (name for name, pattern in _NODE_PATTERNS if name != node for m in pattern.finditer(text, delay.end())
             if _MOVED_AFTER_NODE.match(text, m.end()) and msg.free(m.start(), m.end())), None)) is not None:
        # 材料延误，出货改到下周三, 验船师临时改期 见证要推到下礼拜二: the node whose day is moved is the one named with the
        # move; the first clause, late with no day of its own, is why (L AM); so with days (`材料延误 出货推迟2天`, DO)
        node, reason = moved, clause
    if new_date is not None and node == "in_process" and _MAKING_LATE.fullmatch(delay.group(0).strip()) \
            and (_SHIPS_ONLY_THEN.search(text, delay.end()) is not None or any(
                d.start >= delay.end() and _SHIPS_THAT_DAY.fullmatch(text, d.end) for d in dates)):
        # 加工做不完 下周一才能出货: the making that cannot finish is why; the day is the one 才 puts on the shipping (43
        # lines of 26 corpora read `<day>才能发` a shipping's day)
        node, reason = "shipped", clause
    if theirs is not None:
        text = text[:theirs.start()] + " " * (theirs.end() - theirs.start()) + text[theirs.end():]
        clause = _clause_of(text, delay.start(), delay.end())
    if node is None and ((_SHIP_VERB.search(text) and not _MATERIAL.search(text))
                         or (_SHIP_VERB.search(clause) and not _MATERIAL.search(clause))):
        node = "shipped"  # 线材没到 只能礼拜四发了: the material is the reason, the shipping is late
    if node is None and _MAKING_DONE_BY.fullmatch(delay.group(0).strip()):
        node = "in_process"  # 抛光机坏了一台 周五才能做完: the making finishes late, whatever the reason names
    unsure = node is None and _DELIVERY.search(text) is not None and not _THEIR_DELIVERY.search(text)
    if node is None and _PRODUCTION_LATE.search(clause):
        node = "in_process"  # `production delay 2 days`, `our production need 5 more days`: the making is late (CS)
    return Reading("delay", po=po, node=node, new_date=new_date, delay_days=delay_days,
                   reason=_meaningful(reason), confirm=True if unsure and node is None else None)


def _dates_the_cause(text: str, day: DateMatch, today: date, new_date: date | None, in_clause: range) -> bool:
    """A day read in a delay that dates its cause, kept in the reason as said: today's or a past one (今天停电, 昨天
    停了一天电), or one to come that is not the day moved to, out of the delay's clause, within its own clause
    (客户明天要来验厂) or heading one that says no commitment (明天停水, 明天下大雨; not 周五发)."""
    if day.value <= today:
        return True
    start = day.start + len(text[day.start:day.end]) - len(text[day.start:day.end].lstrip())
    if day.value == new_date or start in in_clause:
        return False
    head = _CLAUSE_END.split(text[:start])[-1]
    rest = _CLAUSE_END.split(text[day.end:], maxsplit=1)[0]
    return bool(_meaningful(head)) or (bool(rest) and not _COMMITMENT.search(rest))


# The making by its general name in the delay's own clause (`production will delay 3 days`, 生产要推迟): the making
# is what is late, as a verb of making (做不完) says it; a register's own word, on three lines of CS.
_PRODUCTION_LATE = _re(r"(?<!大货)生产|(?<![A-Za-z])production(?![A-Za-z])(?!\s+(?:date|plan|schedule)s?(?![A-Za-z]))")
_AT_THE_BUYERS = _re(r"\s*(?:你们|您们|你|您|贵司|客户)\s*(?:那边|那里|那儿|那|这边|厂里?|仓库|公司|手上|手里)?")
# Another works' delivery (钢厂交货晚了, 供应商发货慢): the cause of the delay, never the order's own shipping.
_THEIR_DELIVERY = _re(r"(?:钢厂|厂家|厂商|供应商|料商|铸造厂|电镀厂|外协厂?)(?:的|那边)?\s*(?:交货|发货|送货|供货)")


_NODE_DELAY_GAP = _re(
    r"^\s*(?:日期|日|期)?\s*(?:那边|这边|那里|这里|车间)?\s*(?:还|也|可能|估计|预计|要|会|将|得|需要|又)*\s*"
    r"(?:(?:is|are|was|were|will|will be|to be|be|has been|have been|got|gets|getting|running)\s+)*$"
)


_NODE_DATE_WORD = re.compile(r"日期|日|期")


def _node_delay_gap(gap: str, delay: re.Match[str]) -> bool:
    """Nothing but filler between a node and its delay word; before 才能 a day may stand too (`OQC要明天才能做`,
    `终检要下周一才能做`: the node is done only on that day, so it is the node that is late)."""
    if _NODE_DELAY_GAP.match(gap):
        return True
    if delay.re.pattern != _ONLY_BY.pattern or not gap.strip() or not delay.group(0).startswith("才"):
        return False
    days = find_dates(gap, _ANY_DAY)
    if len(days) != 1:
        return False
    before = gap[:days[0].start]
    if (till := _TILL_THE_DAY.search(before)) is not None and not _SHIPS_ONLY_THEN.match(delay.group(0)):
        before = before[:till.start()]  # 热处理要到下周二才能出来: "not until" the day, the step done only then
    return bool(_NODE_DELAY_GAP.match(before)) and not gap[days[0].end:].strip()


_TILL_THE_DAY = re.compile(r"(?<=[要得])到\s*$")


_ONLY_BY_DOING = _re(r"\s*(?:做|检|验|测)(?![\u4e00-\u9fff])")


# (and a step that cannot be done, 今天没法硫化 晚一天, 下雨没法镀: the reason, as U X BZ write it)
_NEGATED_BEFORE = _re(r"(?:没|未|没有|还没|还未|没法|没办法|无法)\s*$")
_MAKING_LATE = _re(r"(?:[做弄干]|[车铣磨钻冲镀喷焊锻抛铸](?=不完))(?:不完|不出来)了?")  # 焊不完, 镀不完: AR AU  # 搞, the verb of any work at all, names no step
_STEP_NAMED = _re(alternation(STEPS))
# 出 ending its clause on the day it goes or with 才能/再 (`周五出不了 下周一出`, `要到下周三才能出`, `周五再出`): the goods out,
# as the doc reads it in traditional characters (handlers/reading_register_tw.py); in a delay the simplified say it
# so too (DP, four lines). Never another thing's coming out (首件明天出, 报告周五出).
_OUT_WHEN_DUE = _re(r"(?:(?<=[一二三四五六日天])|(?<=才能)|(?<=再))出(?=\s*$|[\s,，。!！])")
_CLAUSE_ENDS = _re(r"\s*$|[\s,，。!！]")
_OUT_WHEN_DUE_OTHER = _re(r"首件|首检|首样|报告|结果|样品|样板|数据|图纸")


# A day, then the shipping that can happen only then (10/9才能出货, 下周一才可以发货): the shipping's day.
_SHIPS_ONLY_THEN = _re(r"(?:才能|才可以|才会|才)\s*(?:发货|发出|发走|发|出货|交货|送货)")
# ... or a day moved to with the bare shipping closing the message (`礼拜四做不完 礼拜六加个班 下礼拜一发`: EN, as CU CX
# read `这周来不及了 下礼拜三交货`): that day is the shipping's too
_SHIPS_THAT_DAY = _re(r"\s*(?:再|就)?\s*(?:发货|发|出货|交货)\s*[。.!！]*\s*")
_MAKING_DONE_BY = _re(r"(?:才能|才可以|才会|才|要到|最快)\s*(?:做完|做好|完工|弄好|弄完)")  # the making's own last day


def _delayed_node(msg: _Text, delay: re.Match[str]) -> str | None:
    """The node the delay word is attached to (`原材料延期到…`, `质检要推迟…`, `machining delayed to…`).

    Only a node in the same clause with nothing but filler before the delay word counts: in
    `钢材没到，12月5号才能交` the steel is the reason, not the node."""
    head = msg.text[: delay.start()]
    clause_start = max((m.end() for m in _CLAUSE.finditer(head)), default=0)
    attached = []
    for rank, (_, pattern) in enumerate(_NODE_PATTERNS):
        for match in pattern.finditer(msg.text, clause_start, delay.start()):
            named = _STEP_NAMED.match(msg.text, match.start(), delay.start())  # 镀锡 in full, not its 镀
            end = max(match.end(), named.end() if named else 0)
            if msg.free(match.start(), match.end()) and _node_delay_gap(msg.text[end:delay.start()], delay) \
                    and not _NEGATED_BEFORE.search(msg.text, clause_start, match.start()):
                attached.append((rank, match.start(), end))  # 铸造厂没出炉 要晚两天: a step not done is the reason
    if not attached:
        # 周四弄不完了 要到下周二: the making cannot finish, so the making is what is late
        if _MAKING_LATE.fullmatch(delay.group(0).strip()):
            return "in_process"
        if delay.re.pattern == slots.CANNOT_FINISH.pattern:  # 焊不完, 织不完: the making; 送不过来: the sending; 搞不赢: no node
            verb = delay["verb"]
            return "in_process" if slots.STEP_VERB.match(verb) else "shipped" if slots.SHIP_VERB.match(verb) else None
        return None
    rank, start, end = max(attached, key=lambda item: item[0])
    date_word = _NODE_DATE_WORD.match(msg.text, end)  # 出货日期推迟: the node's date, as ETD is
    msg.take(start, date_word.end() if date_word else end)
    if delay.re.pattern == _ONLY_BY.pattern and (doing := _ONLY_BY_DOING.match(msg.text, delay.end())) is not None:
        msg.take(*doing.span())  # OQC要明天才能做: the node's own doing, no reason
    return NODES[rank]


def _meaningful(text: str | None) -> str | None:
    text = _clean(text or "")
    if text is None:
        return None
    cjk = len(_CJK_CHAR.findall(text))
    letters = len(_LATIN_LETTER.findall(text))
    return text if cjk >= 2 or letters >= 3 else None


def _first_int(match: re.Match[str]) -> int:
    """The count a quantity match read, in digits or Chinese numerals."""
    raw = match["n"] if match["n"] is not None else match["m"]
    if raw is None and "c" in match.re.groupindex:
        raw = match["c"]
    if raw[0].isdigit():
        start = match.end("n") if match["n"] is not None else match.end("m")
        if _THOUSANDS.match(match.string, start):
            return round(float(raw) * 1000)  # 出貨 2K pcs: two thousand
        return int(float(raw))
    return cn_to_int(raw) or 0


def _take_count(msg: _Text) -> re.Match[str] | None:
    return msg.take_first(_QTY_UNIT) or msg.take_first(_QTY_UNIT_CN)


_DEFECT_LABEL_ONLY = _re(r"(?:不良品?|次品|不合格品?|NG|defects?|defective|rejects?|rejected|返工|返修|报废|rework|scrap)")


# A first article that failed its check, said by the verdict alone with no fault named and nothing counted
# (`首件不合格 重新调机`, `首件没过`, `首件不行 重新做`): the first-article step is not passed and is made again, not a
# defect of the goods. Ruled by count (round 28, r28n): four writers (AJ, CC, CD, J) read it so, only the house line
# (supplier_phrases 432) a defect, and that line follows the count now; a fault named beside it (`首件不合格 孔位偏了`,
# `首件没过 孔距超差`) stays the defect, as six writers of seven (AH AK BP BT BU E, against BZ) read it.
# Said as a condition (`首件不中的话俺再重做`, `要是首件不过`) it is no verdict at all.
_FIRST_ARTICLE_FAILED = _re(r"(?<!如果)(?<!要是)(?<!万一)(?<!假如)(?:首件|首检|首样|首模)\s*(?:检验|检查)?\s*(?:也|又|还是)?\s*"
                            r"(?:不合格|不行|不过|没过|没通过|未通过|NG|不\s*OK(?![A-Za-z]))(?!\s*(?:的话|就|再))")


# What may stand beside that verdict: the machine set again or the article made again (`重新调机`, `在调`, `重新做`,
# `在调机床`), said now or today (`今天重新调机`; Japanese `今 段取り直し中`).
_FIRST_ARTICLE_REDONE = _re(r"(?:今天|现在|目前|今)?\s*(?:要|得|需要|正在|在|已经?|马上)?\s*(?:重新|再|重)?\s*(?:调机床|调机|调模|修模|调整|调|做|打|弄|搞)"
                            r"\s*(?:一下|一个|一件)?\s*(?:了|中)?")


def _first_article_failed(text: str, msg: _Text) -> bool:
    """Nothing but the first article's failed verdict and its making again: a fault the reader does not know
    (`首件不合格 螺纹规不进`) may stand in any other word, and is left to the defect's reading."""
    failed = _FIRST_ARTICLE_FAILED.search(text)
    if failed is None:
        return False
    rest = _FIRST_ARTICLE_REDONE.sub(" ", _PO_TOKEN.sub(" ", text[:failed.start()] + " " + text[failed.end():]))
    return not rest.strip(_PUNCT + FILLER_ONE)


def _read_defect(msg: _Text, po: str | None) -> Reading:
    for whole in (_SAMPLE_COUNT, _WITHIN_TOTAL):
        # 终检抽了50个3个有毛刺, 两千件里有三十件掉粉: the sample checked or the whole, then the count found in it
        found = next(msg.free_matches(whole), None)
        if found is not None and _QTY_UNIT.search(msg.text, found.end()):
            msg.take(*found.span())
    labeled = msg.take_first(_DEFECT_QTY_LABELED)
    rework = msg.take_first(_REWORK)
    scrap = msg.take_first(_SCRAP)
    counted = labeled or _take_count(msg)
    rework_word = _REWORK_WORD.search(msg.text) if rework is None else None
    scrap_word = _SCRAP_WORD.search(msg.text) if scrap is None else None
    description = msg.rest(filler=_DEFECT_FILLER) or None
    if description and _DEFECT_LABEL_ONLY.fullmatch(description):
        description = None
    defect_qty = _first_int(counted) if counted else None
    rework_qty: int | bool | None = _first_int(rework) if rework else (True if rework_word else None)
    scrap_qty: int | bool | None = _first_int(scrap) if scrap else (True if scrap_word else None)
    if defect_qty is None and (rework is None) != (scrap is None):
        defect_qty = _first_int(rework or scrap)  # type: ignore[arg-type]
    if rework_qty is None and scrap_qty is None and defect_qty is not None and description \
            and settle.UNDER_WAY_AFTER.search(description):
        rework_qty = True  # 毛刺 15件 在打磨: the counted pieces under work after the defect's words, by any verb
    return Reading("defect", po=po, defect_qty=defect_qty, description=description, rework=rework_qty,
                   scrap=scrap_qty)


# A remedy under way in a defect's words is rework, whatever step it redoes (重新抛, 在校, 拿去修).
# 去毛刺中 beside burrs counted: a step that removes the very defect is its remedy
# (打磨 and a bare 补 with its aspect, 在打磨, 已补好: beside a defect count the faulty pieces ground or made good, rework
# in AJ AR AX AY BF BS BU BV BW, nine corpora, against E's one 不良2个 已经修好)
# (a garment's stones set again and its zip changed, 补钻 and 换拉链, are the apparel shop's 补焊: DA)
_REMEDY_STEP = r"(?:校正|校直|校平|矫正|矫直|整形|补钻|换拉链|补焊|补漆|补镀|补喷|补涂|补胶|修补|修磨|修整|返修|返工|重做|去毛刺|去毛边|去披锋|去批锋|修毛刺|修毛边|打毛刺|除锈|去锈|打磨|补(?=好|完))"
_REMEDY_AHEAD = rf"(?:要|需要|得|待)\s*{_REMEDY_STEP}|留(?:下来?|着)\s*(?:{_REMEDY_STEP}|修(?!模))"
# (返修, 返工, 重做 to do were rework words before and are recorded so, not shown first)
_REMEDY_STILL_AHEAD = _re(rf"(?:要|需要|得|待)\s*(?!返修|返工|重做){_REMEDY_STEP}|留(?:下来?|着)\s*(?!返修|返工|重做)(?:{_REMEDY_STEP}|修(?!模))")
# (English's redo of a finish: re-pickling, re-polish, and the chat English of Singapore and Malaysia's step then again,
# `deburr again`, `polish again`, as 重新抛 is: DJ)
_REWORK_WORD = _re(r"(?<![A-Za-z])(?:straighten\w*|re[- ]?(?:heat treat\w*|plat\w*|coat\w*|machin\w*|grind\w*|paint\w*|work\w*|pickl\w*|polish\w*|deburr\w*|anodi[sz]\w*|passivat\w*|blast\w*|buff\w*))(?![A-Za-z])"
    r"|(?<![A-Za-z])(?:deburr|polish|grind|plate|coat|paint|anodi[sz]e|pickle|blast|buff|sand|machine|redo|do)\s+(?:again|balik|semula)(?![A-Za-z])|返工|返修|重做|重新(?:做|加工)|(?:要|需要|得|准备|安排)\s*重新?\s*[抛磨喷镀车焊校整打修印刻标钝]|(?:在|正在|已经?|拿去)\s*重新\s*[抛磨喷镀车焊校整打修]|(?:拿|送|拉|退)回去\s*重新?\s*[抛磨喷镀车焊校整打修]|(?<=在)(?:校正|校直|校平|校|整形)|(?:拿去|送去|在)修(?!模)"
                   # taken back to be redone (拿回去重抛, 拉回去重新镀): the pieces go back through the step
                   # a remedy of the pieces under way or done (校正中, 已补焊, 重镀了): the defect reworked
                   r"|(?:补焊|补镀|补漆|补喷|重镀|重焊|重喷|修磨|校正|校直|校平)\s*(?:中|了|好|完)"
                   r"|(?:已经?|正在)\s*(?:补焊|补镀|补漆|补喷|重镀|重焊|重喷|修磨|校正|校直|校平)"
                   # a remedy with its aspect: under way or done (在修磨, 补漆好了, 矫直中): the parts are redone
                   rf"|(?:已经?|正在|在)\s*{_REMEDY_STEP}|{_REMEDY_STEP}\s*(?:中|了|好|完)"
                   # a remedy still to do on the pieces found (砂眼 挑出来6只 要补焊, 磕碰的留下来修, 留下返修): rework, as
                   # AM BP CD and Q write it (four writers, none reading it otherwise); shown first as any remedy to do
                   rf"|{_REMEDY_AHEAD}"
                   # a step done again, said by 返 or 退 (返抛, 返喷, 退镀重镀): the pieces go back through it
                   r"|返[抛镀喷磨焊涂]|退镀|重镀|重新钝化|退[油漆粉]\s*重[喷涂镀]"
                   # ... or back into the furnace or kiln to be fired or hardened again (回炉重烧, 回炉重新淬火)
                   r"|回炉\s*(?:重新?)\s*[烧淬熔烤]"
                   # sent back to have the step again (退回重磷化, 退回去重新镀): the pieces go back through it
                   r"|退回(?:去)?\s*重新?\s*[\u4e00-\u9fff]"  # 退油重噴: stripped and sprayed again
                   # the defect taken off the pieces (毛边修掉了, 毛刺打磨掉了), or a step to be done again (要重抛)
                   r"|(?:修|磨|打磨|锉|刮|抛)掉了?|(?:要|需要|得|着)\s*重[抛磨喷镀焊]"
                   # a step to be done again, by any name (要重新调质, 要重新钝化, 要重新酸洗): the pieces reworked
                   r"|(?:要|需要|得|准备|安排)\s*重新\s*[\u4e00-\u9fff]"
                   # ... or said done, plainly or at the head of its clause, as a QC's record has it (重新压铆了,
                   # 重新酸洗, 生锈了4件 重新酸洗): the pieces go through the step again, by any name; never a report
                   # said again (重新报, 重新发一下), the replacement sent (重新寄, 重新送) nor the machine set up again
                   # (重新调机, 重新改程序: the first article's remedy, not the pieces')
                   r"|重新\s*(?![报发写说填下确核数来问开算调改编换排寄送])[\u4e00-\u9fff]"
                   # a step left out made good with its aspect (补攻完了, 补铆好了), as 补焊好了 is
                   r"|补(?![发货料单齐充交])[\u4e00-\u9fff]\s*(?:完|好)"
                   # the faulty casing, board or carton of the pieces changed (换壳, 换板中, 换箱再发): the pieces made
                   # good by a new part, as 补焊 makes them good by welding (CO's 14 lines, its own words)
                   r"|(?<!要)换\s*(?:外|保护)?[壳板箱盖]|(?<!要)换\s*包装"
                   # the pieces found already mended, the quality record's bare 已修 (披锋 11pcs 已修: DP)
                   r"|已修(?![\u4e00-\u9fff])"
                   r"|(?<![A-Za-z])(?:rework(?:ed|ing)?|redo|re-?do)(?![A-Za-z])")
_SCRAP_WORD = _re(r"报废|废了|废掉|(?<![A-Za-z])scrap(?:ped|ping)?(?![A-Za-z])")  # `scrapping them`: the word in any form


_SHIP_QTY = _re(
    # (loads or trips counted, `发了 2车`, `走了3趟`: loads and trips, never pieces)
    r"(?:发货?|出货|送|寄|shipped|ship|sent|dispatched)\s*(?:了|出)?\s*[:：]?\s*(?P<n>\d+)(?![\d.%/])(?!\s*(?:车|趟|货?柜))"
    r"|(?<![\d.])(?P<m>\d+)\s*(?:已发|发出|shipped|sent|dispatched)"
)


def _read_shipment(msg: _Text, po: str | None) -> Reading:
    tracking = msg.take_first(_TRACKING)
    total = next(msg.free_matches(_TOTAL), None)
    others = [m for pattern in (_QTY_UNIT, _SHIP_QTY) for m in msg.free_matches(pattern)
              if not total.start() <= m.start() < total.end()] if total is not None else []
    if total is not None and len({m.start("n") if m["n"] else m.start("m") for m in others}) == 1:
        msg.take(*total.span())  # 共3000件 已发1000件 / 已发两千: the order's total, not what went out
    lot = None
    qty = _take_count(msg) or msg.take_first(_SHIP_QTY) or msg.take_first(_TOTAL)
    return Reading(
        "shipment",
        po=po,
        node="shipped",
        qty=_first_int(qty) if qty else None,
        lot=lot["lot"].rstrip(".-_/") if lot else None,
        all=True if _ships_all(msg.text) else None,
        note=(tracking["t"] or tracking["t2"] or tracking["u"]) if tracking else None,
    )


# 都发了, 货都走了 of one order: every piece of it (not 两单都发了, 各200套: each order).
_ALL_OF_ONE = _re(r"(?<![两三四五几各单])都\s*(?:已经?|已)?\s*(?:发|出货|出|走)\s*(?:了|完|出去|走了|[货活]了)")  # 发活: a slip of 发货
_REST = _re(r"余下|剩下|剩余|其余|余数|余量|尾数|(?<![A-Za-z])(?:the rest|remaining|rest)(?![A-Za-z])")
_LATER = _re(r"再|等|待|下(?:周|个?星期|个?礼拜|个?月|次|批|回)|过\s*(?:几|两|一两|两三|三五|[一二三四五六七八九十\d])\s*天|过(?:段时间|阵子|一阵)|回头|改天|后面|随后|陆续|晚点|晚些|稍后"
    r"|(?<![A-Za-z])(?:later|next|will|to follow|pending)(?![A-Za-z])")


# The verb right after a batch named (第四批发完了, 第二批已经出完): the batch done, whatever the order's rest.
_BATCH_DONE = _re(r"\s*(?:也|都|已经?|全部?)?\s*(?:发|出|交|送)(?:货)?完")


# The rest's own clause ends where its going out is told done (`剩下的都发了 今天下午物流拉走的`): what follows is of it.
_REST_WENT = _re(r"^的?\s*(?:\d+\s*\S{0,3}?)?\s*(?:今天|昨天|刚刚?|已经?|也)?\s*(?:都|全部?)?\s*(?:已经?)?\s*(?:发|出货|出)(?:出去|走)?\s*了")
# A rest whose clause ends on the bare verb (`剩下的10月出`, `剩下的慢慢出`): still to go out.
_REST_TO_GO = _re(r"(?<![发做完好已了])出\s*$"
                  # 剩下的礼拜五, 余下的下周: the rest and a day to come, its verb left out
                  r"|^的?\s*(?:\d+\s*\S{0,2}?)?\s*(?:(?:下个?|这个?|本)?(?:周|星期|礼拜)[一二三四五六日天末]|下个?(?:周|星期|礼拜|月)|明天|后天|大后天|月底|过两天|改天)\s*(?:再|才)?\s*$")


# English `all` straight after two orders or more (`19331/19332/19333 all shipped`, `12114/12115/12116 all three
# dispatched`) is every order named, as 都 after them is (some hundred lines of every corpus): no word of the rest of
# any of them.
_ALL_THE_ORDERS = _re(r"(?<=\d)(?:\s*[/,、&]\s*|\s+(?:and\s+|&\s+)?)\d{3,}\s+(?:are\s+|were\s+)?all(?![A-Za-z])")


_BARE_SHARE = _re(r"[\s,，;；.。]*(?:(?:and|y|&|和|跟)\s*)?\d{1,3}(?:\.\d+)?\s*%[\s,，;；.。!！]*")


def _ships_all(text: str) -> bool:
    """Everything left went out, unless the rest is said to follow (`发了600 余下的下礼拜再发`), also with no word of
    when: a rest whose verb bears no mark of the past (`剩低嘅迟啲发`, `剩下的慢慢发`) is still to go."""
    if not _SHIP_ALL.search(_ALL_THE_ORDERS.sub(" ", text)):
        return False
    for rest in _REST.finditer(text):
        clause = re.split(r"[,，;；。!！]", text[rest.start():], maxsplit=1)[0]
        after = clause[rest.end() - rest.start():]
        if _REST_WENT.match(after):
            continue  # 剩下的都发了 今天下午物流拉走的: the rest went out, whatever its clause says after
        if _LATER.search(clause) or _FUTURE.search(clause) or _NOT_DONE.search(clause) or _REST_TO_GO.search(after):
            return False
        if _SHIP_VERB.search(after) and not _PAST_MARK.search(after) and not re.search(r"[都全]", after):
            return False
    return True


def _rest_follows(text: str) -> bool:
    """What is left of the order is said not to have gone out (`剩下的下周发`, `余下的过几天再发`, `剩下的都在做`,
    `rest next week`): the shipment beside it is a part, whatever words say when the rest goes."""
    for rest in _REST.finditer(text):
        clause = re.split(r"[,，;；。!！]", text[rest.start():], maxsplit=1)[0]
        after = clause[rest.end() - rest.start():]
        if _REST_WENT.match(after):
            continue
        if _REST_TO_GO.search(after):
            return True
        if _LATER.search(clause) or _FUTURE.search(clause) or _NOT_DONE.search(clause) or _ONGOING.search(after):
            return True
        if _SHIP_VERB.search(after) and not _PAST_MARK.search(after) and not re.search(r"[都全]", after):
            return True
    return False


def _still_to_ship(clause: str, today: date) -> bool:
    """A clause that ships on a day to come (`最后一批下礼拜三发`): a plan, whatever batch it names."""
    return _SHIP_FUTURE.search(clause) is not None or any(d.value > today for d in find_dates(clause, today))


def _take_percent(msg: _Text) -> int | float | None:
    for m in msg.free_matches(_PERCENT):
        value = _number(m["n"])
        if _PASSED_SHARE.match(msg.text, m.end()):
            msg.take(*m.span())  # 导通测试100%通过: the share that passed the check, a rate, not how far the order is
            continue
        if 0 <= value <= 100:
            msg.take(*m.span())
            return value
    written = msg.take_first(_PERCENT_CN)
    if written:
        said = cn_to_int(written["n"]) if not written["n"][0].isdigit() else _number(written["n"])
        if said is not None and 0 <= said <= 100:
            return said
    tenths_match = msg.take_first(_PERCENT_TENTHS)
    if tenths_match:
        tenths = int(tenths_match["n"]) if tenths_match["n"].isdigit() else cn_to_int(tenths_match["n"])
        more = cn_to_int(tenths_match["m"]) if tenths_match["m"] else 0
        return _done_share(tenths * 10 + (more or 0), msg.text, tenths_match.start()) if tenths is not None else None
    parts = msg.take_first(_PERCENT_PARTS)
    if parts:
        part, whole = cn_to_int(parts["a"]), cn_to_int(parts["b"])
        if part is not None and whole and 0 <= part <= whole:
            return _done_share(_number(str(round(100 * part / whole, 1))), msg.text, parts.start())
    half = msg.take_first(_HALF)
    return 50 if half else None


_PASSED_SHARE = _re(r"\s*(?:都|全部?)?\s*(?:通过|合格|良品|pass(?:ed)?)")
# A share said of what is still to do (`还剩四分之一没做`, `还剩三成`): the share done is the rest of it.
_STILL_TO_DO = _re(r"(?:还剩|还差|还有|剩下?的?|剩余|尚余|(?<![A-Za-z])(?:remaining|remain|left)(?![A-Za-z]))\s*(?:大概|大约|约|差不多)?\s*$")


def _done_share(share: int | float, text: str, start: int) -> int | float:
    if _STILL_TO_DO.search(text[max(0, start - 8):start]):
        return _number(str(round(100 - share, 1)))
    return share

# 做完了 共8000个, 完成了 一共12000个: a step finished, then the total (what was made in all, never an order's size)
_DONE_BEFORE_TOTAL = _re(r"(?:完成|完了|完毕|完工|做完|做好)了?\s*[,，]?\s*(?:共计?|总共|一共|合计)\s*[:：]?\s*\d")


def _read_progress(
    msg: _Text, po: str | None, role: str, dates: list[DateMatch], today: date
) -> Reading | None:
    text = msg.text
    for d in dates:
        msg.take(d.start, d.end)
    percent = _take_percent(msg)
    left = msg.take_first(_LEFT)
    qty_left = _first_int(left) if left else None
    qty_done = qty_total = None
    fraction = msg.take_first(_FRACTION)
    if fraction and 0 <= int(fraction["a"]) <= int(fraction["b"]):
        qty_done, qty_total = int(fraction["a"]), int(fraction["b"])
    of_total = (msg.take_first(_OF_TOTAL) or msg.take_first(_OF_TOTAL_STEP)) if qty_total is None else None
    if of_total and int(of_total["b"]) <= int(of_total["a"]):
        qty_total, qty_done = int(of_total["a"]), int(of_total["b"])
    total = (msg.take_first(_TOTAL) or msg.take_first(_ORDER_SIZE)) if qty_total is None else None
    if total:
        qty_total = int(total["n"])
    if qty_total is None and qty_left is not None and (within := msg.take_first(_WITHIN_TOTAL)) is not None:
        qty_total = int(within["n"])  # 4000个里还差900个: the whole, and what is left of it
    count_at = None
    whole_asked = False
    if qty_done is None:
        counted = _take_count(msg)
        qty_done = _first_int(counted) if counted else None
        count_at = counted.start() if counted else None
        if counted is not None and percent is not None and qty_total is None \
                and (share := _SHARE_OF_IT.match(text, counted.end())) is not None:
            qty_total, qty_done = qty_done, None  # 2000个做了一半, 三千个 完成了五分之四: the whole, and its share done
            # 1.2万个 做好一半了: the share glued to its verb, 了 after it, is the whole too (BI DA DM DW DZ), shown first
            # as four of those five writers ask (round 28's sign asked it while the count was read as the pieces done)
            whole_asked = "了" not in share.group(0) and "咗" not in share.group(0)
    node, done = _read_node(text, role)
    if node == "received" and total is not None and qty_done is None and qty_total is not None and qty_left is None:
        # 到货共2400件, 签收了 共3600件: a receipt counts what came; its total, with no other count, is what arrived
        qty_done, qty_total = qty_total, None
    elif done is True and node is not None and total is not None and qty_done is None and qty_total is not None \
            and qty_left is None and percent is None and _DONE_BEFORE_TOTAL.search(text) is not None:
        # 注塑全部完成了 共12000个, 入库完了 共2400个: a total said after its step finished is what was made in all
        qty_done, qty_total = qty_total, None
    arriving = next((d.value for d in dates if d.value > today), None)
    if arriving is None and node in ("ambiguous", "material_ready") and done is None and settle.ARRIVES_TODAY.search(text):
        arriving = today  # 料今天到, 今天下午到你们那: arriving today, not yet come
        if node == "material_ready":
            return Reading("plan", po=po, node=node, new_date=today)
    if node == "ambiguous" and arriving is not None and not _MATERIAL.search(text) and not _PAST_EVENT.search(text):
        return Reading("plan", po=po, node="received", new_date=arriving)  # 后天到货: the goods arrive at the buyer's
    if node == "ambiguous":
        return Reading("clarify", po=po, question="which_node")
    if node is None and (_ships_later(text) or (arriving is not None and _planned_node(text) == "shipped")):
        node, done = "shipped", False  # 明天送过去: any verb of shipping with a day to come is the shipping planned
    if percent is None and qty_done is None:
        for clean in list(msg.free_matches(_NOT_DEFECT)):
            msg.take(*clean.span())  # 0不良, 不良0: a clean sample's zero is no count of the order
        for lasting in list(msg.free_matches(_HOURS)):
            msg.take(*lasting.span())  # 老化168小时做完了: how long the work ran, no count of pieces
        bare = list(msg.free_matches(_BARE_INT))
        context = po is not None or node is not None or _DONE.search(text) or _PROGRESS_WORD.search(text) \
            or (len(bare) == 1 and _COUNT_VERB_BEFORE.search(text[max(0, bare[0].start() - 12):bare[0].start()]))
        if len(bare) == 1 and context:
            msg.take(*bare[0].span())
            value = _number(bare[0]["n"])
            if _PROGRESS_WORD.search(text) and 0 <= value <= 100:
                percent = value
            elif isinstance(value, int) and value > 100 and (qty_total is None or value <= qty_total):
                qty_done, count_at = value, bare[0].start()
            else:
                return Reading("clarify", po=po, question="percent_or_quantity", number=value)
    has_figures = percent is not None or qty_done is not None or qty_left is not None
    if node is None:
        if _DONE_STANDALONE.match(text.strip(_PUNCT)):
            done = True
        elif not has_figures and po is not None and _DONE.search(text):
            done = _done_state(text)
        elif not has_figures and qty_total is None:
            if _PROBLEM.search(text):
                return Reading("clarify", po=po, question="is_delay", reason=_meaningful(msg.rest()))
            committed = next((d.value for d in dates if d.value > today), None)
            if committed is not None and (_COMMITMENT.search(text) or _PLANNED_START.search(text)):
                return Reading("plan", po=po, node=_planned_node(text), new_date=committed)
            return Reading("progress", po=po) if _ON_TRACK.search(text) else None
    if node is None and role == "warehouse" and (has_figures or done is not None) and not _MAKING_VERB.search(text):
        node = "received"  # 来了300件 还没点, 已入仓: the warehouse's half of an order is its receipt, unless it says made
    if percent is not None:
        done = True if percent == 100 else (None if done else done)
    elif qty_done is not None and qty_total is not None:
        done = qty_done >= qty_total or (None if done else done)
    new_date = None
    if done is not True:
        coming = [d for d in dates if d.value > today]
        new_date = coming[0].value if coming else None
        if len(coming) >= 2 and (_BECAUSE.search(text, 0, coming[1].start) or not _PLAN_VERB.search(
                text, coming[0].end, coming[1].start)) and not _EITHER_DAY.fullmatch(text, coming[0].end, coming[1].start):
            # 因为明天放假 周一再发, 周末加班 周一能做完: a day with no plan of its own is the reason's or
            # the means', not the plan's
            new_date = coming[-1].value
        if new_date is None and (_ships_later(text) if node == "shipped" else _FUTURE.search(text)):
            new_date = next((d.value for d in dates if d.value == today), None)
        if new_date is None and node == "final_inspection" and done is None:
            # 今天终检, 今晡终检: today's check said bare, as 今天发 is today's shipping, is the check planned for today
            # (AX AZ I)
            new_date = next((d.value for d in dates if d.value == today and _CHECK_BARE.fullmatch(
                _CLAUSE_END.split(text[d.end:].lstrip(), maxsplit=1)[0])), None)  # 今儿个终检 folds to `今天 终检`
    if new_date is not None and percent is None and (node == "shipped" or (qty_left is None and qty_done is None)):
        return Reading("plan", po=po, node=node or _planned_node(text), new_date=new_date)
    if done is True and node in _MAKING_NODES and qty_done is not None and qty_total is None and percent is None \
            and count_at is not None and (_DONE_THEN_COUNT.search(text, max(0, count_at - 3), count_at)
                                          or _FINISH_THEN_COUNT.search(text, max(0, count_at - 10), count_at)):
        done = None  # 冲压好了1500, 攻丝完成450只: the count is what the step has done so far, not the step finished
    if node == "in_process" and done is True and _NUMBERED_STEP.search(text):
        done = False  # 第二道工序做完了: one step of the processing, so it is under way, not finished
    if node == "received" and qty_done is not None and qty_total is None and not _SHIP_ALL.search(text):
        done = None  # so many received is not the whole order received
    qty = None
    begun = None
    if node == "shipped" and done is not True and new_date is None and _ships_later(text):
        done, begun = False, False  # 准备发货, 终检完后发货: shipping to come, with no day: it starts nothing
    if node == "shipped" and done is False:
        qty, qty_done = qty_done, None
    return Reading(
        "progress", po=po, node=node, done=done, percent=percent, qty_done=qty_done,
        qty_total=qty_total, qty_left=qty_left, qty=qty, new_date=new_date, begun=begun,
        confirm=True if whole_asked else None,
    )


# Words of making: what a warehouse never does to an order, so a count of them is not its receipt.
_MAKING_VERB = _re(r"做|生产|加工|完工|干完|弄|搞|(?<![A-Za-z])(?:made|produced|machined|finished)(?![A-Za-z])")
# A count followed straight by the share of it done: the count is the whole.
# 2000个做了一半, 2000个冲了一半, 两百个车架 焊好了一半: the count before the share, by any verb of work and with the
# parts named between, is the whole (AR AY beside twenty lines with 做; 两万五千片 贴好了一半: CE's SMT mounting)
_SHARE_OF_IT = _re(r"\s*(?:[,，]\s*)?(?:的单子?|的订单|[\u4e00-\u9fff]{1,3}(?=\s))?\s*(?:已经|已|现在|目前)?\s*(?:做了|做好了?|完成了?|干了|加工了|做完了?"
                   r"|[车铣磨钻冲镀喷焊锻抛压铸印编装贴啤折绕](?:好了?|完了?|了|好咗|咗))\s*(?:大概|大约|约)?\s*(?:一半|百分之|\d{1,3}\s*%|[一二三四五六七八九十\d]{1,2}\s*分之|[一二三四五六七八九]\s*成)")
# 今天发, 今天都发, 今天发货, 今天发走 (DZ) ending the message with no count: today's shipping with no mark that it is done, so a plan
# (three writers of three); with a count (`三批 600件 今天发`) it is the batch sent, as five writers of seven read it.
def _ships_later(text: str) -> bool:
    """Shipping still to come: a verb of shipping planned, or today's with no count and no mark that it is done."""
    return _SHIP_FUTURE.search(text) is not None or (
        _SHIPS_TODAY.search(text) is not None and _COUNT_SAID.search(text) is None)


_CHECK_BARE = _re(r"\s*(?:就|再|要|做)?\s*(?:终检|质检|出货检验?|检验|(?<![A-Za-z])(?:OQC|FQC)(?![A-Za-z]))\s*")
_COUNT_SAID = _re(rf"(?<![\d.])\d+\s*(?:多|余)?\s*(?:{UNIT}|{PACKAGE_UNIT}|{AMOUNT_UNIT})")
# (after the order or the goods it names: `8420纸箱今天发`; never after a word that makes it no plan: 不/没/说/本来)
# (今天发完 with no 了, no count and no 都: the shipping finished today, still to do (EB), as 月底前发完 plans its day)
_SHIPS_TODAY = _re(r"(?<=[\d\s\u4e00-\u9fff])(?<![不没能说本原该要再还才就都只也来定是])今天\s*(?:(?:都|也|就|再)?\s*(?:发货?|发走|出货)|就?\s*发完)(?=[\s,，。!！]*$)")
_SHIPS_TODAY_CLAUSE = _re(r"\s*今天\s*(?:都|也|就)?\s*(?:发货?|发走|出货?)[\s,，。!！]*")
# Two days said as alternatives (`明天还是后天发`): the plan is the earlier, the doubt is shown first.
_EITHER_DAY = _re(r"\s*(?:还是|或者|或|或是)\s*")
_BECAUSE = _re(r"因为|由于|(?<![A-Za-z])(?:because|due to|since)(?![A-Za-z])")
# A count straight after the done word, no space or stop between (`冲压好了1500`): the object of the verb, so
# what is done so far; `冲压完了 4000件`, a clause of its own, is the step finished and its count.
_DONE_THEN_COUNT = _re(r"(?:好了|完了|完成了?|完毕|好|完)$")
# The same in English: the count straight after the done word is its object (`brazing finish 600 pcs`, `injection
# finish 5,000 pcs already`: so many made so far, 7 lines of BJ CI, none read the step finished); `finish already,
# 4,000 pcs`, the count a clause of its own, is the step finished and its count.
_FINISH_THEN_COUNT = _re(r"(?<![A-Za-z])(?:finish|finished|done|completed)\s+$")
_MAKING_NODES = frozenset({"first_process", "in_process", "final_inspection"})
_NUMBERED_STEP = _re(r"第\s*[二三四五六七八九十2-9]\s*道|[二三四五六七八九2-9]道工序")
# The goods' delivery in English (`delivery tomorrow`, `we will deliver at 16th`, `delivery delay to 28th`); the
# delivery date itself, as 交货期, is none of it. Promised for a day it is the shipping, as 交 is (BQ CK CN CS); late,
# writers split (BQ CK CN CS read the shipping, BT and the house's own held-out lines no node: docs/reading-corpus.md,
# round 30), so a delay said so is shown first.
_DELIVERY = _re(r"(?<![A-Za-z])(?:deliver(?:y|ing|s)?|delivry|dilevery|delivary)(?![A-Za-z])"
                r"(?!\s+(?:date|time|schedule|performance|note|address|order|term)s?(?![A-Za-z]))")
_SHIP_VERB = _re(r"(?:" + _FA + r"|出货|送货|送过去|装车|寄)(?![现生票言给烧霉错])|走货|货[^\s,，。]{0,4}走(?=不了|不掉|不出|不成)|(?<=交不了)货|(?<![要该没时期])交货(?!期|日|时间|单|地|通知|周期|计划|进度|情况)|(?<![A-Za-z])shipp?(?:ing|ed|s)?(?![A-Za-z])")  # shiping, shipp: typed fast; ships tmr


_PLANNED_RECEIPT = _re(r"到你们|到贵司|到你那|到你们那|送到|送达|(?<![A-Za-z])(?:arrive at your|reach you)(?![A-Za-z])")
_PLANNED_FINISH = _re(r"做完|完工|做好|加工完|搞定|弄好|弄完|搞好|搞完")
# 交 alone promised for a day (`明天交`, `下周三能交`, `月底前交`) is 交货, the delivery: handing the
# goods over, not 交期 (the date itself), 交检/交验 (for inspection), 交样 (a sample) or 交给 (to someone).
_HAND_OVER = _re(r"(?<![提移转递外])交(?![货付]?(?:期|日期|时间)|[检验样给])")
# A start promised for a day (`明天开工`, `周一投产`): a plan of the processing, which it never starts.
_PLANNED_START = _re(r"开工|开干|开[冲铣磨钻锻铸喷镀]|投产|上线|上机|开机|开始(?:做|干|生产|加工|弄)?|(?<![A-Za-z])(?:start\w*|begin\w*)(?![A-Za-z])")


# 明天送, 明早送 (a day glued to the bare verb of taking the goods over, ending its clause): the goods shipped that day,
# as 明天发 and 明天寄 already are (AO DT; a space between is the Japanese module's お送りします, left as it was; a
# one-pattern tuple, kept out of the words the reader knows, _vocabulary)
_DAY_THEN_SEND = (_re(r"(?:明天|明早|后天|今天|今晚|下午|上午|晚上)(?:上午|下午|早上)?送(?=\s*$|\s*[,，。!！;；\s])"),)


def _planned_node(text: str) -> str | None:
    """The node a dated promise is about when no node word is written: `明天能发` is shipping,
    `预计周四到你们那` is receipt, `后天做完` is the processing."""
    if _PLANNED_RECEIPT.search(text):
        return "received"
    if _SHIP_VERB.search(text) or _HAND_OVER.search(text) or _DELIVERY.search(text) \
            or ("送" in text and _DAY_THEN_SEND[0].search(text)):
        return "shipped"
    if _PLANNED_FINISH.search(text) or _PLANNED_START.search(text):
        return "in_process"
    return None


_PROBLEM = _re(
    r"坏了|故障|停电|断电|停水|断水|限电|停产|停机|停工|缺人|人手不够|人不够|放假|盘点|生病|事故|着火|火灾|检修|维修|修机|模具坏|设备问题|缺料|欠料|卡住了|出问题"
    r"|(?<![A-Za-z])(?:broke(?:n)?(?: down)?|breakdown|power (?:cut|outage)|shortage|machine down|out of stock|holiday|sick|accident)(?![A-Za-z])"
)
_TROUBLE = _re(f"(?:{_PROBLEM.pattern})|(?:{_DEFECT.pattern})")
_COMMITMENT = _re(
    r"交货|交付|交|发货|" + _FA + r"|出货|出来|出炉|完成|完工|做完|做好|好|到|送到|(?<![A-Za-z])(?:deliver\w*|ship\w*|finish\w*|complete\w*|ready|done|due)(?![A-Za-z])"
)
# 原料都到了可以开工了: done, then what it allows; 首件ok 大货下周开: a step's verdict ok ends its clause as 好 does
_CLAUSE = re.compile(r"[,，;；。!！\n]|(?<=[了好到完])\s+|(?<=[\u4e00-\u9fff][oO][kK])\s+|(?<=[了好到完])(?=可以)")
_MATERIAL = _NODE_PATTERNS[0][1]
_ARRIVED_ONLY = _re(r"^[^A-Za-z]*?(?:到了|已到|到啦|到位了|到货了?)[!！。.\s]*$|(?<![A-Za-z])arrived(?![A-Za-z])")
# Into the sender's own works: arrived there, or 收到 with no one named (the sender got it; not a question).
# A thing named arriving at a supplier (`8420纸板到了`, `藤条到了`): whatever the stock is called, it came to his works;
# the goods he sends are said 货 and reach their side (289 lines of every corpus, each read as material_ready).
_NAMED_ARRIVING = _re(r"(?P<stock>(?<![\u4e00-\u9fffA-Za-z])料|[\u4e00-\u9fffA-Za-z]{2,8}?|_+[\u4e00-\u9fffA-Za-z]{0,6}?)(?<![货单你们您司])\s*(?:都|也|已经?|今天|昨天|前天|刚刚?|全部?)?\s*"
                      r"(?:(?:\d{1,2}\s*[号日]\s*)?就?\s*(?:到了|已到|到啦|到位了|到齐了?|进来了|进厂了|到货了|到的(?:货)?|[拉运]回来了?)"
                      r"|还?(?:没|未)(?:有)?到(?:齐|货)?了?)"
                      r"(?:[!！。.\s]*$|[!！。.\s,，]+(?:ok|OK|好的|好了)?了?[!！。.\s]*$"
                      # how much came, or an emoji, after it (`磁钢昨日到的 600公斤`, `铝锭到啦 🎉`, `铝壳到了 600只`: BX)
                      rf"|\s*(?:\d+(?:\.\d+)?\s*(?:{AMOUNT_UNIT}|{PACKAGE_UNIT}|{UNIT}))?[^\w]*$)"
                      r"|(?P<coming>[\u4e00-\u9fffA-Za-z]{2,8}?)(?<![货单你们您司])\s*(?:还|已经?)?\s*(?:在路上|在途中?)"
                      # the day first, the stock after its verb (`1号到的钢锭`): the same arrival
                      r"|(?:^|(?<=[\s\d]))就?\s*到的\s*(?P<later>[\u4e00-\u9fffA-Za-z]{2,8})[!！。.\s]*$"
                      # in English, a thing named then arrived (`magnet arrived`, `castings came in`): never the goods
                      # or named in two or three words (`rubber compound received`, `MS pipe still not received`)
                      r"|(?<![A-Za-z])(?P<en>[A-Za-z]{3,}(?:\s+[A-Za-z]{2,}){0,2})"
                      r"\s+(?:has\s+|have\s+)?(?:(?:still\s+)?not\s+(?:yet\s+)?)?(?:arrived|reached|came\s+in|received)(?![A-Za-z])")
_NOT_STOCK = _re(r"[周天号日月年礼拜星期午晚早]|上|下个")  # 上周六就到了: a day, not the stock's name


def _stock_name(named: re.Match[str]) -> str:
    return named["stock"] or named["coming"] or named["later"] or named["en"]


_ANY_DAY = date(2026, 1, 1)  # where a day is written does not hang on the day it is counted from


def _days_blanked(text: str) -> str:
    """`text` with its days and times of day blanked, same length: a day stands between the stock and its verb
    (`料10号到的`, `锻坯昨天下午就到了`, `1号到的钢锭`) as an adverb does, in no slot of the arrival's own."""
    spans = [(d.start, d.end) for d in find_dates(text, _ANY_DAY)] + [m.span() for m in _DAY_PART.finditer(text)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _stock_arriving(text: str) -> re.Match[str] | None:
    named = _NAMED_ARRIVING.search(text)
    if (named is None or _NOT_STOCK.search(_stock_name(named))) and "到" in text:
        named = _NAMED_ARRIVING.search(_days_blanked(text))
    if named is None or _NOT_STOCK.search(stock := _stock_name(named)) or slots.NOT_STOCK_ADVERB.search(stock) \
            or (named["en"] and slots.NOT_STOCK_EN.fullmatch(stock)):
        return None
    if _UNIT_FIRST.match(stock) and text[:named.start()].rstrip()[-1:].isdigit():
        return None  # 5120 粒子到了: 5120 pellets, or the order and its pellets? A unit after a number is no stock's name
    return named


_UNIT_FIRST = _re(UNIT)


_AT_OUR_WORKS = _re(r"(?<![你贵客])(?:到厂|进厂|入厂)|(?<![签验])收到(?!\s*(?:吗|没|么|了吗))")
_THEIR_SIDE = _re(r"你们|您|贵司|贵厂|客户|甲方|(?<![A-Za-z])(?:your|you)(?![A-Za-z])")
_RECEIVED_CLEAR = _re(r"收货|收到|入库|签收|验收|客户|(?<![A-Za-z])(?:received|delivered)(?![A-Za-z])")


_NODE_WORD = _re("|".join(f"(?:{pattern.pattern})" for _, pattern in _NODE_PATTERNS))
# A count of pieces then, past a space, a Chinese word (a step named, _clauses checks) (`12万片 绕线明天开始`): the count ends the clause before (_clauses).
_COUNT_THEN_STEP = _re(rf"\s*(?P<n>\d+(?:\.\d+)?\s*{UNIT})\s+(?=[{_CJK}])")
# Every verb of shipping is a step word (`抛光完成 明天送过去`: the step done, then the goods' sending planned).
_STEP_WORD = _re(_NODE_WORD.pattern + r"|物流|快递|提货|发|出货|" + _SHIP_VERB.pattern)
# The report straight after the goods' name (a space at most): its step or its shipping, with any count after it, so
# the count is the report's, never the word's (`海绵发了 1000个`, `base shipped 500pcs`; not `抽丝 12片`).
_GOODS_THEN_REPORT = _re(r"\s?(?:已经?|都|全部?|也)?\s?(?=" + _STEP_WORD.pattern + ")")
_FACT_GLUE = _re(r"\d|也|都|(?<![A-Za-z])(?:and|too)(?![A-Za-z])")
_INCOMING_CHECK = _re(r"来料检验?|进料检验?|(?<![A-Za-z])IQC(?![A-Za-z])")
_QC_VERDICT = _re(r"合格|通过|过了|没问题|放行")
_LATIN_WORD = _re(r"[A-Za-z]{2,}")
_LIKEWISE = _re(r"(?:^|(?<=\d))\s*也")  # 8170也合格: the verdict of the order before, whatever its node
# A QC's check said bare (`检验合格`, `检测合格`), as against the final inspection by any of its names (终检, 出货检验, 质检):
# the QC who says it is the buyer's, so the check is the goods' incoming one (DG's 5 lines of its IQC; no corpus reads a
# QC's bare check passed as the supplier's final inspection).
# ... and its sampling said bare (`抽检合格 放行`, AC's `抽检50个 全部合格`: EQ's IQC)
_QC_SAMPLED_WORD = r"(?<![出终厂货前A-Za-z])抽检(?!报告|数据|单)"
_QC_OWN_CHECK = _re(r"(?<![出终品质来进厂货前验送间程序成全抽巡])检(?:验|测)(?!报告|数据|单)|" + _QC_SAMPLED_WORD)
_QC_SAMPLED = _re(_QC_SAMPLED_WORD)
_FINAL_WORDS = dict(_NODE_PATTERNS)["final_inspection"]
# 首件检验, 首件已检验合格, 首件再检验中: the first article's own check, never the final inspection.
# A check made whose verdict is still to come (首件打出来了 拿去测了 结果还没出): the step is not passed yet.
_RESULT_PENDING = _re(r"结果\s*(?:还)?(?:没|未)出|(?:还)?没出结果|等\s*(?:检测|测量|检验)?结果|报告\s*(?:还)?(?:没|未)出")
# (送样, the sample sent for the buyer's approval, as 送检 is: CT)
_FIRST_ARTICLE_SENT = _re(r"(?:首件|首检)\s*(?:已经?|也|都)?\s*送(?:检|样)(?:了|中)?")
_FIRST_ARTICLE_CHECK = _re(r"(首件|首检)\s*((?:已经?|再|在|正在|还在|也|都)?)\s*(?:(?:用|拿去|上|送)?\s*(?:三坐标|投影仪?|二次元|卡尺|千分尺)\s*)?"
                           r"(?:检验|检测|检查|送检|检|测量?"
                           # a test named then its verdict (首件打压过了, 首件硬度过了, 首件试装合格: CJ AD): the first article's
                           # own test, as 检验 is; a test named alone (首件在打压) is no check of it
                           r"|(?:打压|试压|测试|试验|试装|检漏|硬度|探伤)(?=\s*(?:也|都|已经?|就)?\s*(?:过|合格|通过|OK|ok|没过|不过|不合格|NG))"
                           # 首件你们质检看过了: the buyer's QC looking at the first article is its check, not the final one
                           r"|(?:(?:你们|您们|客户|贵司|甲方)\s*的?\s*)?(?:质检|品检|品管)(?=\s*(?:看|检|测|查|确认)))")


def _node_ranks(text: str) -> tuple[int, ...]:
    """The ranks (in _NODE_PATTERNS) of the steps whose words `text` holds. `_read_node` asks this of each clause and
    the second look asks it again of the same clauses (`_second_look`, `_clause_unheld`): ask it through `once`."""
    return tuple(rank for rank, (_, pattern) in enumerate(_NODE_PATTERNS) if pattern.search(text))


def _nodes_named(text: str) -> set[str]:
    """The steps whose words `text` holds, by name (answered once a reading, as `_node_ranks`)."""
    return {_NODE_PATTERNS[rank][0] for rank in once(_node_ranks, text)}


def _read_node(text: str, role: str) -> tuple[str | None, bool | None]:
    """The furthest node the text names and whether it is done; "ambiguous" when it cannot tell."""
    found: list[tuple[int, bool | None, str]] = []
    sent = (_FIRST_ARTICLE_SENT.search(text) is not None or _RESULT_PENDING.search(text) is not None) \
        and not _PASSED.search(text)
    text = _STEP_STOCK.sub(_bought_in, _FIRST_ARTICLE_CHECK.sub(r"\1\2", text))
    if "件" in text:
        text = _MADE_PART_ARRIVING.sub("毛坯", text)
    for clause in (c for c in _CLAUSE.split(text) if c and c.strip()):
        nodes = list(once(_node_ranks, clause))
        incoming = _INCOMING_CHECK.search(clause)
        if incoming and role == "supplier" and settle.SENT_TO_THEIR_CHECK.search(clause) \
                and settle.FIRST_ARTICLE.search(text) and not _PASSED.search(text):
            nodes = [1]  # 首件做好了 送你们IQC了: the first article sent to the buyer's check, awaiting its verdict
            sent = True
        elif incoming or (role in RECEIVER_ROLES and (not nodes or 0 in nodes) and _STOCK_IN.search(clause)):
            nodes = [5]  # 来料检验合格, and 来料合格 from the warehouse or QC: the buyer's incoming goods, the received step
        elif role == "qc" and nodes == [3] and _PASSED.search(clause) and _QC_OWN_CHECK.search(clause) \
                and not _FINAL_WORDS.search(_QC_OWN_CHECK.sub(" ", _QC_SAMPLED.sub(" ", clause))):
            nodes = [5]  # 检验合格 from the buyer's QC: its own check, the incoming one, naming no final inspection
        elif 0 in nodes and 5 in nodes:
            nodes.remove(5)
        if not nodes and _GENERIC_IN_PROCESS.search(clause):
            nodes = [2]
        found.extend((rank, _done_state(clause), NODES[rank]) for rank in nodes)
    if not found:
        if role == "supplier" and _stock_arriving(text) is not None and not _THEIR_SIDE.search(text):
            state = _done_state(text)
            return "material_ready", True if state is None else state
        if _ARRIVED_ONLY.search(text):
            return ("ambiguous", None) if role == "supplier" else ("received", True)
        return None, None
    if role == "supplier" and {f[0] for f in found} == {5} and not _RECEIVED_CLEAR.search(text) \
            and not _THEIR_SIDE.search(text) and _stock_arriving(text) is not None:
        state = _done_state(text)  # 钢球到货了, 密封圈还没到货: a thing named come in to his works, his stock
        return "material_ready", True if state is None else state
    rank, done, node = max(found, key=lambda f: (f[0], f[1] is not None))
    if done is None and len({f[0] for f in found}) == 1:
        done = _done_state(text)
    if node == "material_ready" and role == "warehouse" and _ARRIVED_WORD.search(text) and not _MADE_DONE.search(text):
        # 纸箱到了共6000只 from the warehouse: whatever came, it came to the buyer's stores, the receipt (201 warehouse
        # arrivals of every corpus are read so)
        return "received", done
    if node == "received" and role == "supplier" and _AT_OUR_WORKS.search(text) and not _THEIR_SIDE.search(text):
        # 铜套今天到厂了, 面板收到了: what comes into the supplier's own works, or he says he received, is his
        # material, whatever it is called (the buyer's receipt is said with their side: 你们收到, 到你们那)
        return "material_ready", done if done is not None else _done_state(text)
    if node == "received" and role == "supplier" and not _RECEIVED_CLEAR.search(text):
        return "ambiguous", None
    if node == "first_process" and sent:
        done = False  # 首件已送检: sent to be checked, its verdict still to come
    if node == "material_ready" and _BLANK_WORKED.search(text):
        return "in_process", done  # 连杆毛坯锻好了: work done on the blank, not the blank arrived
    return node, done


# A blank with a step's verb done on it (`毛坯锻好了`, `铸坯车完了`): the processing, whose stock the blank is.
_BLANK_WORKED = _re(r"(?:毛坯|毛胚|坯料|胚料|锻坯|铸坯|粗坯|钢坯)\s*(?:已经?|都|也)?\s*[锻铸车铣磨焊冲压割切](?:好|完)"
                    # the forgings or castings made (锻件做完了) or fettled (铸件清理完了: BS CR EN): the sender's own product, not stock
                    # come in
                    r"|(?:锻件|铸件)\s*(?:已经?|都|也|全部)?\s*(?:做|加工|生产|锻|铸|浇|清理)(?:好|完)"
                    # or begun (锻件正常开工了 在锻, 铸件开始浇了): the making under way, not stock awaited
                    r"|(?:锻件|铸件)\s*(?:已经?|都|也|全部|正常|今天|昨天)?\s*(?:开工|开始|开干|开炉|在\s*(?:做|加工|生产|锻|铸|浇))"
                    # or come back from the forge or foundry it went out to (锻件回来了: BP), as 电镀件回来了 is the plating
                    r"|(?:锻件|铸件)\s*(?:已经?|都|也|全部|今天|昨天|刚刚?)?\s*回(?:来|厂)了")
# The forgings or castings shipped (铸件发了 800个, 锻件发走了): the sender's own product gone, as eight shipments of
# five corpora read it, not stock come in.
_PRODUCT_SHIPPED = _re(r"(?:锻件|铸件)\s*(?:已经?|都|也|全部|今天|昨天|刚刚?)?\s*(?:发|出货|送|寄)")
# A part named by the step that made it, arriving (`压铸件到齐`, `冲压件今天到了`): made elsewhere, it is the sender's
# material, as 铸件 and 锻件 are; its step is none of his work.
_MADE_PART_ARRIVING = _re("(?:" + alternation(STEPS + ("压铸", "冲压", "注塑", "电镀", "焊接", "机加", "镀锌", "喷涂", "喷塑",
                                                          "喷粉", "喷漆", "折弯", "抛光", "阳极", "钣金"))
                          + r")(?=件\s*(?:毛坯|毛胚|坯料)?\s*(?:(?:今天|昨天|已经?|都|也|全部|刚刚?)\s*){0,3}(?:到|进厂|收到|来了))")
# A step's name before 料 (`弯管料`): the stock for that step, so the material, not the step.
# So is a step's name before 件 arriving (`压铸件到齐`, `冲压件今天到了`): parts bought in made by that step, the stock
# of this works (never 电镀件回来了, the parts back from a step).
def _bought_in(match: re.Match[str]) -> str:
    """The step's name gone from its stock: 弯管料 is 料, 压铸件 arriving is 配件 (parts bought in)."""
    return "配" if match.string.startswith(("件", "盒"), match.end()) else " "  # 吸塑盒到了: blister boxes bought in


# (sheet, coil, tube and wire whose own name begins with a step's, 镀锌板 and 镀锌卷, are that stock whole: the name is never
# cut; boxes and parts made by a step, 吸塑盒, are bought in as _bought_in reads them)
_STOCK_NAMED_BY_STEP = tuple(m for m in MATERIALS if m.endswith(("板", "卷", "管", "丝")))
_STEP_STOCK = _re("(?!" + alternation(_STOCK_NAMED_BY_STEP) + ")(?:" + alternation(STEPS) + "|压铸|注塑|冲压|焊接)(?=料|[件盒]\\s*(?:(?:都|也|已经?|今天|昨天|刚|全部)\\s*){0,3}(?:到|进厂|入厂))"
                  # a step's name before a thing's own name, arriving (焊接螺母到了, 电泳漆到了, 喷粉粉末进厂了): a nut made
                  # to be welded, the paint of the step, bought in; never the step back (电镀回来了) or done (焊接好了)
                  "|(?!" + alternation(_STOCK_NAMED_BY_STEP) + ")(?:" + alternation(STEPS + ("压铸", "注塑", "冲压", "电镀", "焊接", "机加", "镀锌", "喷涂", "喷塑", "喷粉",
                                                "喷漆", "折弯", "抛光", "阳极", "钣金")) + ")"
                  # or its arrival planned (镀锌板明天到厂: ED); a day is never the thing (焊接明天到厂 names no stock)
                  "(?=(?![完好了过中在已都也到回来出去的得做后前厂件料明今昨上下晚周])[\u4e00-\u9fff]{1,2}\\s*"
                  "(?:都|也|已经?|今天|昨天|刚刚?|明天|后天|上午|下午|晚上)?\\s*"
                  "(?:到了|到货|到齐|进厂|入厂|到厂))")


_PARTLY = _re(r"一部分|部分|一大半|大半|一多半|(?<![A-Za-z])(?:most of|mostly)(?![A-Za-z])|(?<![A-Za-z])(?:partly|partially|part of)(?![A-Za-z])")


# 在 before a step of the trade, also after the part it is done to (`曲轴在精车`, `齿轮在滚齿`): that step under way.
_STEP_UNDER_WAY = _re(r"(?<![现实存所好不])在\s*" + alternation(STEPS))
_AT = _re(r"(?<![现实存所好不])在\s*")
_PROCESSING_WORDS = dict(_NODE_PATTERNS)["in_process"]


def _at_a_step(clause: str) -> bool:
    """在 straight before any word that names the processing node (`在机加`, `在装配`, `在打磨`): that step under way.
    The node's own words are asked, so a step the reader knows is under way however it is named."""
    return any(_PROCESSING_WORDS.match(clause, at.end()) for at in _AT.finditer(clause))


def _done_state(clause: str) -> bool | None:
    said = clause
    clause = _POSITIVE_NEGATION.sub(" OK ", clause)
    if "可以" in clause:
        clause = _PERMITTED_BY_VERDICT.sub(r"\1", clause)  # 验收合格 可以上线了: the check passed, what it allows no plan
    if _PARTLY.search(clause):
        return None
    if _NOT_DONE.search(clause) or _ONGOING.search(clause) or _FUTURE.search(clause) \
            or ("在" in clause and (_STEP_UNDER_WAY.search(clause) or _at_a_step(clause))):
        return False
    done = _DONE.search(clause) is not None  # asked once: it rules out a step said now, and says done below
    if not done and _now_at_a_step(clause):  # 现在加工完了: now, but done
        return False
    if _only_fine(said):
        return None
    if _INHERENT_DONE.search(clause) or done or _ENDS_DONE.search(clause):
        return True
    return None


# What a verdict allows, said after it (`首件过了 可以批量做`, `IQC合格 可以入库`, `验收合格 可以上线了`): the check done,
# the step it lets go ahead no day to come; some fifty lines of over twenty corpora read the check passed, none a plan.
_PERMITTED_BY_VERDICT = _re(r"(合格|通过|过了|没问题|(?<![A-Za-z])(?:OK|ok)(?![A-Za-z]))\s*[,，]?\s*可以[\u4e00-\u9fff]*")
# A check passes with 没问题 (`首件没问题`, `终检冇问题`); a step of the making said to have no problem is going well
# (`冲压冇得问题 蛮好`, `端盖机加60% 冇问题`, `在加工中 没问题`: AY AZ F), never finished by it
_GOING_WELL = _re(r"(?:蛮|挺|很|还|比较|相当)\s*(?:好|顺利|正常)(?![了啦咯哒])")  # 蛮好: fine, as the work goes
_A_CHECK = _re(r"首件|首检|检|验|测|试|合格|(?<![A-Za-z])(?:qc|fai)(?![A-Za-z])")


def _only_fine(said: str) -> bool:
    if not _POSITIVE_NEGATION.search(said) or not _PROCESSING_WORDS.search(said) or _A_CHECK.search(said):
        return False
    rest = _GOING_WELL.sub(" ", _POSITIVE_NEGATION.sub(" ", said))
    return not (_INHERENT_DONE.search(rest) or _DONE.search(rest) or _ENDS_DONE.search(rest))


_NOW = _re(r"(?:现在|目前|这会儿?)\s*|(?<![A-Za-z])now\s+")
_NOW_AFTER = _re(r"(?<![A-Za-z])[a-z]+ing\s+now(?![A-Za-z])")


def _now_at_a_step(clause: str) -> bool:
    """A step of the processing said to be what is done now (而家机加工, 现在冲压, cutting now): under way, unless the
    clause says it done (现在加工完了), which `_done_state` asks first."""
    return any(_NODE_PATTERNS[2][1].match(clause, m.end()) is not None for m in _NOW.finditer(clause)) \
        or (_NOW_AFTER.search(clause) is not None and _NODE_PATTERNS[2][1].search(clause) is not None)


# A step's clause that ends on its completion, with no 了 (喷粉完, 终检过): done, as 喷粉完了 is.
# A verb's result said bare at the end or before its count (`装配好 1800套`, `压铸完`, `首件过`): done, as with 了.
_ENDS_DONE = _re(r"(?<=[\u4e00-\u9fff])(?<![能会要得才将可])完\s*$|(?<=[\u4e00-\u9fff])(?<![你您能会要得才将可还没不最好])好\s*(?=$|\d)|(?:(?<=[检验])|(?<=首件)|(?<=一次))过\s*$")


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
