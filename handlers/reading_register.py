"""The shop floor's register folded to the words the reader knows: Cantonese and English shorthand.

Merchandisers and QC in Dongguan, Shenzhen and Vietnam write Cantonese, Mandarin and English in one
line (`喷砂搞掂 而家氧化紧`, `出咗1500pcs`, `ETD 12/7`). Rather than teach every pattern of the reader
each form, the message is folded once to the Mandarin it means, span for span (every replacement is
as long as what it replaces), so the reasons and descriptions cut from the text as written still
line up. Each rule is a rule of the register, not a phrase: the progressive 紧 after a verb is 中;
出 with a mark of completion is shipping (出咗, 已出, 出完), never 出问题 or 出炉; ETD is the shipping
date and ETA the arrival date.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from handlers.fast_search import needs_any, quicken, start_chars

# One rule a line: (pattern, replacement of the same length). Applied in order on the folded text,
# where 咗 is already 了, 冇 没 and 仲 还 (handlers/parsing.py folds single characters first).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Cantonese 出唔到 / 出唔切 is goods that cannot go out; Mandarin 出不了 may be the making, left alone.
    (re.compile(r"出唔(?:到|切)"), "发不了"),
    (re.compile(r"出(?=唔)"), "发"),
    # Cantonese function words, one character for one.
    (re.compile(r"唔得"), "不行"),  # 周三唔得: no good
    (re.compile(r"(?<=[\u4e00-\u9fff\d])先得(?=\s*$|[\s,，。!！])"), "才行"),  # 要下周一先得: only then
    (re.compile(r"唔(?!该|該|好意思)"), "不"),
    (re.compile(r"(?<![关联體体])系(?!统|列|數|数)"), "是"),
    (re.compile(r"嘅"), "的"),
    (re.compile(r"(?:(?<=\d)|(?<=\d\s))同(?=\s*(?:p[o0]\s*)?\d)", re.IGNORECASE), "和"),  # 8474同8475: Cantonese and, orders listed
    (re.compile(r"喺度"), "正在"),  # 仲喺度喷粉: still at it
    (re.compile(r"返紧工"), "返工中"),  # 有12件爆瓷 返紧工: 紧 between the verb and its object, being reworked
    (re.compile(r"喺"), "在"),
    # 返咗嚟 / 返黎咗 (back, with 咗 inside or after and 黎 typed for 嚟): 回来了, the step back done
    (re.compile(r"返(?:了来|了黎|黎了)"), "回来了"),
    (re.compile(r"返(?=来)"), "回"),  # 电泳件返嚟咗: back
    (re.compile(r"(?<=[你我他佢])哋"), "们"),  # 你哋, 我哋, 佢哋: the plural of persons
    (re.compile(r"佢(?=们|\s*[\u4e00-\u9fff])"), "他"),
    (re.compile(r"(?<=[你我他]们)度"), "那"),  # 送去你哋度: to your place
    (re.compile(r"(?<=[送拿寄运])了去"), "过去"),  # 送咗去: sent there
    # 先 before 出到 (can go out) is "not until" (星期一先出到, 最快禮拜六先出到): the shipping late to that day
    (re.compile(r"先出到"), "才发货"),
    # 遲 before a span of days is late by it (出貨要遲兩日, 遲一日): 晚; never 推迟, 延迟
    (re.compile(r"(?<![推延言])迟(?=\s*(?:\d+|[一两二三四五六七八九十几半])\s*(?:日|天|个?星期|个?礼拜))"), "晚"),
    (re.compile(r"(?<=[在喺])车上(?![面的下])"), "路上"),  # 啲貨而家喺車上: the goods on the lorry, in transit (never 车, turning)
    (re.compile(r"入仓"), "入库"),  # 已入倉: put in store, the receipt made
    # 晒 after a verb is all of it (出晒, 做晒, 搞晒): done in full; 齊晒 all in
    (re.compile(r"(?<=齐)晒"), "了"),
    (re.compile(r"(?<=[发出做搞弄整执印装包])晒"), "完"),
    # 到咗料 / 到咗貨: arrived said before what arrived, as Cantonese and the south order it
    (re.compile(r"到了料"), "料到了"),
    (re.compile(r"到了货"), "货到了"),
    # 啤 is the injection press's verb (啤塑, 啤機 are in handlers/shop_words.py): 開啤 the presses started, 開始啤 and
    # 啤緊 the moulding under way; never 啤酒
    (re.compile(r"(?<=开)啤(?![酒机塑货件])"), "工"),
    (re.compile(r"(?:(?<=开始)|(?<=在))啤(?![酒机塑货件])|啤(?=紧)"), "做"),
    (re.compile(r"首板"), "首件"),  # 首板OK: the first article (板 of 打板, 样板)
    (re.compile(r"执紧"), "返工"),  # 披鋒 30pcs 執緊: trimmed, being put right
    (re.compile(r"等紧"), "在等"),  # 等緊絲印: waiting for it
    (re.compile(r"(?:^|(?<=[\s\d,，]))啲(?=[\u4e00-\u9fff])"), ""),  # 啲料, 啲貨 at a clause's head: the, no count
    (re.compile(r"(?<=[发到完做好出齐])左(?![右边侧])"), "了"),  # 发左800个, 烧完左: 咗 typed as 左
    (re.compile(r"搞[店惦]"), "搞定"),  # 搞掂 typed by sound
    (re.compile(r"月尾"), "月底"),
    (re.compile(r"点搞"), "咋整"),  # 嗰批货点搞: what about it
    (re.compile(r"到边(?=\s*$|[?？呀啊吖])"), "到哪"),  # 嗰批货到边: where is it
    (re.compile(r"边(?=啲|个|張|张|几|單|单|批)"), "哪"),
    (re.compile(r"啲"), "些"),
    (re.compile(r"一齐(?!全|了)"), "一起"),  # 周五一齐发: together (一齐 of Cantonese; not 齐 of "all in")
    (re.compile(r"咩"), "啥"),
    (re.compile(r"乜(?:嘢|野)"), "什么"),  # what, in full
    (re.compile(r"乜"), "啥"),  # what (今日有乜单着到货)
    (re.compile(r"[嗰𠮶]"), "那"),  # OpenCC folds 嗰 to its simplified form 𠮶
    (re.compile(r"(?:^|(?<=[\s,，。\d]))呢(?=个|張|张|批|单|單|条|條|度)"), "这"),
    (re.compile(r"呢(?=个月|个星期|个礼拜|几日|几天)"), "这"),
    (re.compile(r"点样"), "怎样"),
    (re.compile(r"而家"), "现在"),
    (re.compile(r"畀"), "给"),
    (re.compile(r"睇"), "看"),  # 拉出来睇下, 我睇下: to look
    # 未 ending a question after what happened (到咗未, 食咗饭未啊) asks 了没: not yet, or has it?
    (re.compile(r"(?<=[了饭])未(?=\s*[啊呀吖啦?？]*\s*$)"), "没"),
    (re.compile(r"嚟"), "来"),
    (re.compile(r"剩低"), "剩下"),
    # a step given its slot (镀镍排到了) is scheduled, as 排上了 (never 铜排到了: the copper bar, arrived)
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![铜铝钢])排到(?=了)"), "排上"),
    (re.compile(r"头先"), "刚才"),
    (re.compile(r"(?<=个)礼拜"), "星期"),  # weeks counted as in church: 晚一个礼拜, 两个礼拜 (a duration)
    (re.compile(r"啱啱"), "刚刚"),  # just now; 啱 alone is right (数量啱: the count is right)
    (re.compile(r"啱"), "对"),
    (re.compile(r"(?:(?<=[\d\u4e00-\u9fff])|(?<=\d\s))先(?=对)"), "才"),  # 係8496先啱, 12284 先啱: only that is right
    # 出 alone after a day that leads its clause (12284 星期一出, 聽日出): the goods go out that day
    (re.compile("(?:" + "|".join(f"(?<={lead}{day})" for lead in ("^", "\\d\\s") for day in (
        "明天", "后天", "今天", "星期[一二三四五六日天]", "礼拜[一二三四五六日天]", "周[一二三四五六日天]"))
        + r")出(?=\s*$|[\s,，。!！])"), "发"),
    # The progressive: a verb then 紧 (氧化紧, 做紧, 丝印紧 😅) is that step under way; 抓紧, 加紧, 赶紧 are not.
    (re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?<![抓加赶趕要很好太较得跟收绷拧])紧(?=\s|$|[^\u4e00-\u9fff]|啦|呢|中|了)"), "中"),
    (re.compile(r"(?<=[A-Za-z]\s)紧(?=\s|$)"), "中"),  # QC 而家 check 緊: an English verb then its progressive
    # 出 after 已 or 都 is goods out (货已出, 8828 已出, 都出了); more in `_OUT_DONE` below.
    (re.compile(r"(?<=已)出(?!货|来|现|炉|厂|错|问题)"), "发"),
    (re.compile(r"(?<=都)出(?=了)"), "发"),
    # English shorthand of the trade: the shipping and arrival dates.
    (re.compile(r"(?<![A-Za-z])ETD(?![A-Za-z])", re.IGNORECASE), "出货日"),
    # Pinyin initials typed for the trade's words of a step (fh 发货, sj 首件, zp 装配, zj 终检, dh 到货, bz 包装),
    # lower case and alone (never a lot's letters: ZJ0605, ZJ-1128)
    *((re.compile(rf"(?<![A-Za-z0-9\-]){initials}(?![A-Za-z0-9\-])"), word) for initials, word in (
        ("fh", "发货"), ("dh", "到货"), ("sj", "首件"), ("zp", "装配"), ("zj", "终检"), ("bz", "包装"))),
)


# 出 then a mark of completion: 出咗 (Cantonese) or 出完 is goods out, and so is 出了 with packages
# (出了25箱: cartons go out, they are not made); never 出了问题, 做出来, 出炉.
_OUT_DONE = re.compile(r"(?<![做生产炉弄搞印列提指输拿打])出(?=\s*(?:了|完|晒))"
                       r"(?!\s*了?\s*(?:问题|啥|什么|咩|事|错|点|些|来|去|炉|现|差|厂|结果|报告|样))")
_PACKAGES_AFTER = re.compile(r"\s*(?:了|完)?\s*\d+\s*(?:箱|托|包|卷|板|件箱|ctn|ctns|plt|plts|cartons?|pallets?)(?![A-Za-z])",
                             re.IGNORECASE)


# 出 with a count straight after it and nothing after the count but its unit (`今天出了2200件货`, `今日出 1600件`,
# `出了三百五十个`, `出了800 5717出了1200`): goods out, as aa, av, l, o, t and v write it (20 lines), against one
# writer's parts made (h: `出了2000个了`); so it is read as the shipment and, in simplified characters, shown first
# (`made_or_shipped`). Never 挑出/查出 (picked out), 出了2件裂纹 (a defect came up), 做出, 出炉.
_OUT_COUNTED = re.compile(r"(?<![做生产炉弄搞印列提指输拿打挑查抽选找冒检测发寄送付])出(?=了?\s*[\d一二两三四五六七八九十百千万.]+\s*"
                          r"(?:件|个|只|套|片|台|支|根|块|双|条|pcs|pc|PCS|sets?)?\s*(?:左右|多|余)?\s*货?\s*了?"
                          r"(?:$|[\s,，。!！;；]))")


def same_length(word: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps the span's length: `word` where it is as long as the span, blanks for
    no word (filler), else the span as it is. Every register fold uses it, so indexes into the text
    as written stay true."""
    def replace(match: re.Match[str]) -> str:
        span = match.group(0)
        if not word:
            return " " * len(span)
        return word if len(word) == len(span) else span
    return replace


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str], frozenset[str] | None]


def same_length_rules(rules: tuple[tuple[re.Pattern[str], str], ...]) -> tuple[Rule, ...]:
    """A fold's rules, each with its `same_length` replacement made once and the characters its matches
    start with (handlers/fast_search.py), for `fold_rules`."""
    return tuple((pattern, same_length(word), start_chars(pattern)) for pattern, word in rules)


def fold_rules(folded: str, rules: tuple[Rule, ...]) -> str:
    """`folded` with each rule applied in order, as `pattern.sub` would one after another; a rule none of
    whose starting characters is in the text (as the rules before it left it) is passed over unsearched."""
    present = frozenset(folded)
    for pattern, replace, starts in rules:
        if starts is not None and starts.isdisjoint(present):
            continue
        changed = pattern.sub(replace, folded)
        if changed != folded:
            folded, present = changed, frozenset(changed)
    return folded


_REPLACEMENTS = same_length_rules(_RULES)


# Chat English of Singapore and Malaysia (and the Hokkien-flavoured English of Chinese shops there): a verb in its base
# form then a mark of completion (liao, already, ady, alr, oredi) is that verb done (`ship liao`, `material reach
# already`, `FAI pass liao`, `CNC start liao`); `reach` is to arrive (`material reach`, `3 plt reach`), and the
# sentence particles lah, leh, lor, hor, sia, mah, wor, bah and nia ("only") carry no fact. Folded to the English the
# reader knows, span for span (each past form is no longer than the verb with its mark, the rest blanked).
_DONE_MARK = r"(?:liao|liaw|already|alr|alrdy|ady|oredi|orredi)"
_BASE_THEN_DONE = re.compile(
    rf"(?<![A-Za-z])(?P<verb>ship|send|deliver|reach|arrive|finish|start|pass|receive|come back|came back|done|ok|"
    rf"complete|in|come)(?P<out>\s+out)?(?P<goods>\s+goods(?:\s+all)?|\s+all(?:\s+goods)?)?(?P<count>\s+\d[\d,.]*\s*(?:pcs|pc|pieces|sets?|units?|pallets?|cartons?|boxes|box|ctns?))?"
    rf"\s+{_DONE_MARK}(?![A-Za-z])", re.IGNORECASE)
_PAST: dict[str, str] = {
    "ship": "shipped", "send": "sent", "deliver": "delivered", "reach": "arrived", "arrive": "arrived",
    "finish": "finished", "start": "started", "pass": "passed", "receive": "received", "come back": "back",
    "came back": "back", "done": "done", "ok": "ok", "complete": "completed", "in": "in", "come": "arrived",
}
_REACH = re.compile(r"(?<![A-Za-z])reach(?=\s*(?:[,.;!]|$|\s+(?:yesterday|ytd|today|just|this|last|on|at|already|le)))",
                    re.IGNORECASE)
# Thai English says to ship as `send` (`tomorrow can send`, `Friday will send`, `cannot send`): with a word of time
# to come or of ability before it, the goods, never a photo or a report sent.
_SEND_TO_COME = re.compile(r"(?:(?<=\bcan\s)|(?<=\bwill\s)|(?<=\bmust\s)|(?<=\bcannot\s)|(?<=\bcan't\s)|(?<=\bcant\s)|(?<=\bnot\s)|(?<=\bto\s))"
                           r"send(?!\s+(?:me|you|u|photo|photos|pic|pics|"
                           r"picture|pictures|report|file|files|doc|docs|drawing|drawings|invoice|email|mail|cert|coa)\b)",
                           re.IGNORECASE)
# ... and so is `send` before the day it goes or its delay (`send tomorrow`, `send Friday`, `send delay 1 day`).
_SEND_WHEN = re.compile(r"(?<![A-Za-z])send(?=\s+(?:delay|date|tomorrow|tomorow|tmr|today|tonight|next|this|on|by|end of"
                        r"|mon|tue|wed|thu|fri|sat|sun|\d{1,2}/\d)[a-z]*\b)", re.IGNORECASE)
# ... and after its day, as Thai puts the time first (`tomorrow send`, `Friday send`).
_WHEN_SEND = re.compile(r"(?P<when>(?<![A-Za-z])(?:tomorrow|tomorow|tmr|today|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
                        r"|next week|this week)\s+)send(?![A-Za-z])", re.IGNORECASE)
# A base verb of arriving with what came counted straight after it (`resin come 25 bag`, `tube arrive 800 m`): Thai
# English puts the time in time words, and with none here the count is of what is in.
_ARRIVE_COUNTED = re.compile(r"(?<![A-Za-z])(?:arrive|come)(?=\s+\d[\d,.]*\s*(?:pcs|pc|m|kg|bags?|pallets?|cartons?|ctns?"
                             r"|boxes|box|rolls?|coils?|sets?|tons?)(?![A-Za-z]))", re.IGNORECASE)
# Coming, in Thai English, is arriving: not yet come / still not come is not arrived (`not come back`, people not
# returned, is no arrival: the reason's words as said, CS)
_NOT_COME = re.compile(r"(?<=\bnot\s)(?:yet\s)?come(?![A-Za-z])(?!\s+back(?![A-Za-z]))", re.IGNORECASE)
_REACHED = re.compile(r"(?<![A-Za-z])reached(?![A-Za-z])", re.IGNORECASE)
_CHAT_PARTICLE = re.compile(r"(?<=[A-Za-z0-9%)]\s)(?:liao|lah|leh|lor|loh|hor|sia|mah|wor|bah|nia)(?![A-Za-z])"
                            r"|(?<=[A-Za-z0-9%)])\s+(?:liao|lah|leh|lor|loh|hor|sia|mah|wor|bah|nia)(?=\s*(?:[,.;!~]|$))",
                            re.IGNORECASE)
# Thai English ends a sentence on a particle of politeness or softening (ka, kha, krub, khrap, na, ja): no fact. Only
# where a clause ends (`not yet na`, `finish already krub, tomorrow send`), never a word inside one.
_THAI_PARTICLE = re.compile(r"(?<=[A-Za-z0-9%)])\s+(?:ka|kha|kaa|krub|krab|krap|khrap|khrub|kub|na|naa|ja|jaa)"
                            r"(?=\s*(?:[,.;!~]|$))"
                            # or after a word said to the reader (`sorry ka`, `thank you krub`, `ok na`)
                            r"|(?:(?<=\bsorry)|(?<=\bthanks)|(?<=\bthank you)|(?<=\bok)|(?<=\bokay)|(?<=\byes)|(?<=\bhello)|(?<=\bhi)"
                            # or after the greeting or the mark of a thing done it softens, mid-sentence (`Good morning
                            # krub 16063 ...`, `ship already krub 900 pcs`)
                            r"|(?<=\bmorning)|(?<=\bafternoon)|(?<=\bevening)|(?<=\balready))"
                            r"\s+(?:ka|kha|krub|krab|khrap|kub|na|ja)\b",
                            re.IGNORECASE)
# Thai English names an elder colleague with P' (พี่) before the name (`P'Wang`, `P'Noi`): an address, no fact.
_THAI_ADDRESS = re.compile(r"(?<![A-Za-z])P'[A-Z][a-z]+(?![A-Za-z])")
# A mark of completion left after a word already past (`arrived ady`, `done alr`) says no more than the past form.
_DONE_MARK_AFTER_PAST = re.compile(rf"(?<=[A-Za-z](?:ed|ne|ok|in)\s){_DONE_MARK}(?![A-Za-z])", re.IGNORECASE)
# Malay said in the same chats: esok (tomorrow), semalam (yesterday). `sudah siap` ("all ready") is left: BA's writer
# files it as no step done.
# Thai thanks said in Latin letters (khop khun, khob khun): as thanks.
_THAI_THANKS = re.compile(r"(?<![A-Za-z])kh?o[pb]\s?kh?un(?:\s?(?:krub|khrap|ka|kha|mak))?(?![A-Za-z])", re.IGNORECASE)
_MALAY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![A-Za-z])esok(?![A-Za-z])", re.IGNORECASE), "tmr"),
    (re.compile(r"(?<![A-Za-z])semalam(?![A-Za-z])", re.IGNORECASE), "ytd"),
)
_CHAT_SIGN = re.compile(r"liao|liaw|already|alr|ady|oredi|reach|lah|leh|lor|loh|hor|sia|mah|wor|bah|nia|esok|semalam"
                        r"|send|come|arrive|khun|P'|(?<![A-Za-z])(?:ka|kha|kaa|krub|krab|krap|khrap|khrub|kub|na|naa|ja|jaa)(?![A-Za-z])", re.IGNORECASE)


def _padded(word: str) -> Callable[[re.Match[str]], str]:
    """A replacement by `word` padded with blanks to the span's length (the span itself where `word` is longer)."""
    def replace(match: re.Match[str]) -> str:
        span = match.group(0)
        return word.ljust(len(span)) if len(word) <= len(span) else span
    return replace


def fold_chat_english(folded: str) -> str:
    """`folded` with the chat English of Singapore and Malaysia said as the English the reader knows, same length."""
    if not _CHAT_SIGN.search(folded):
        return folded

    def done(m: re.Match[str]) -> str:
        # the verb may have its count between it and the mark, as Thai puts it (`send 500 pcs already`), and its
        # object (`send goods already`, `send goods 800 pcs already`)
        return _padded(_PAST[m["verb"].lower()] + (" out" if m["out"] else "") + (m["goods"] or "") + (m["count"] or ""))(m)
    folded = _BASE_THEN_DONE.sub(done, folded)
    folded = _DONE_MARK_AFTER_PAST.sub(lambda m: " " * len(m.group(0)), folded)
    folded = _THAI_THANKS.sub(_padded("thanks"), folded)
    for pattern, word in _MALAY:
        folded = pattern.sub(_padded(word), folded)
    folded = _SEND_WHEN.sub("ship", _SEND_TO_COME.sub("ship", folded))
    folded = _WHEN_SEND.sub(lambda m: m["when"] + "ship", folded)
    folded = _ARRIVE_COUNTED.sub(_padded("in"), folded)
    folded = _NOT_COME.sub(lambda m: m.group(0)[:-4] + "in  ", folded)
    folded = _REACHED.sub("arrived", folded)
    folded = _REACH.sub("in   ", folded)
    folded = _THAI_PARTICLE.sub(lambda m: " " * len(m.group(0)), folded)
    folded = _THAI_ADDRESS.sub(lambda m: " " * len(m.group(0)), folded)
    return _CHAT_PARTICLE.sub(lambda m: " " * len(m.group(0)), folded)


def fold_register(folded: str, display: str) -> str:
    """`folded` with the register's words replaced, span for span (same length, index for index)."""
    folded = fold_chat_english(folded)
    if _ANY_RULE is None or _ANY_RULE.search(folded) is not None:  # a message holding none of their words: unchanged
        folded = fold_rules(folded, _REPLACEMENTS)
    if "出" in folded:
        def out(m: re.Match[str]) -> str:
            after = m.end()
            said = display[after:after + 2] if len(display) == len(folded) else ""
            cantonese = "咗" in said or "完" in folded[after:after + 2] or "晒" in said
            return "发" if cantonese or _PACKAGES_AFTER.match(folded, after) else "出"
        folded = _OUT_COUNTED.sub("发", _OUT_DONE.sub(out, folded))
    return folded


# 出了2000个 as written in Mandarin: goods out in the register of the trade, but parts made in some shops.
_MADE_OR_SHIPPED = re.compile(r"(?<![已都])出了\s*(?:\d|[一二两三四五六七八九十百千万])")


def counted_out(display: str) -> bool:
    """Whether the message counts goods out with a bare 出 (`今日出 1600件`, `出了800`), read as shipped."""
    return "出" in display and _OUT_COUNTED.search(display) is not None


def made_or_shipped(display: str) -> bool:
    """Whether the message counts what went out with a bare 出了 (shown first: made or shipped?)."""
    return any(not _PACKAGES_AFTER.match(display, m.start() + 1) for m in _MADE_OR_SHIPPED.finditer(display))


# The QA register names its stock and papers by code: a material grade (316L, 17-4PH, TC4, Ti6Al4V, 40Cr,
# SUS304) and a heat, certificate or report number (炉号406662, heat no. H2231, 证书号 C-88). Their digits are
# no count, percentage or order: the codes are blanked in the folded text (same length, so the reasons and
# descriptions cut from the display still line up), and the display keeps them as written.
_GRADE = re.compile(
    r"(?<![A-Za-z0-9.\-])(?:SUS\s?\d{3}L?|\d{3}L(?:VM)?|\d{2}-\d{1,2}\s?PH|T[CA]\d{1,2}|Ti-?6Al-?4V(?:\s?ELI)?"
    r"|\d{2}Cr(?:Mo|Ni|MnTi|MoA)?|\d{2}(?:Mn|CrMo)|Q\d{3}[A-E]?|Co-?Cr(?:-?Mo)?)(?![A-Za-z0-9])",
    re.IGNORECASE)
_CODE_AFTER_LABEL = re.compile(
    r"(?P<label>炉号|炉批号|熔炼号|炉次|证书号|证书编号|报告号|报告编号|材证号|(?<![A-Za-z])heat\s*(?:no\.?|number|#)?)"
    r"\s*(?:是|为)?\s*[:：#]?\s*(?P<code>[A-Za-z0-9][A-Za-z0-9\-_/]*\d[A-Za-z0-9\-_/]*|\d+)", re.IGNORECASE)
# 炉号C26-0918的铜套 发了300件, heat no H4521 final inspection ok: the heat number alone, as a lot of goods is named
HEAT_NUMBER = re.compile(
    r"(?:炉号|炉批号|熔炼号|炉次|(?<![A-Za-z])heat\s*(?:no\.?|number|#))\s*(?:是|为)?\s*[:：#]?\s*"
    r"(?P<code>[A-Za-z0-9][A-Za-z0-9\-_/]*\d[A-Za-z0-9\-_/]*|\d+)", re.IGNORECASE)
# AQL 0.65 / AQL1.0: the sampling plan's acceptance level, never a quantity.
_AQL = re.compile(r"(?<![A-Za-z])AQL\s*[:：=]?\s*(?P<code>\d+(?:\.\d+)?)", re.IGNORECASE)


# The diameter sign before a measured value (`Φ3.002`, `Ø5.998`): the value is a measurement; the sign is
# blanked so a row of them reads as the row of numbers it is. A size of stock (`Φ8棒料`, no decimals) keeps it.
_DIAMETER = re.compile(r"[ΦφØø⌀](?=\s*\d+\.\d)")
# A size of stock or thread (`Φ8棒料`, `Φ6的316L`, `M6螺纹`): a code of the stock, never a count.
_STOCK_SIZE = re.compile(r"(?<![A-Za-z0-9])(?:[ΦφØø⌀]|M(?=\d{1,2}(?:x\d|\s*(?:的|螺|牙|丝|棒|料|孔))))\s*\d{1,3}(?![\d.])")


def blank_codes(folded: str) -> str:
    """`folded` with material grades, heat and certificate numbers, AQL levels and diameter signs blanked to `_`,
    same length."""
    if not any(ch.isdigit() for ch in folded):
        return folded
    spans = [m.span() for m in _GRADE.finditer(folded)]
    spans += [m.span("code") for m in _CODE_AFTER_LABEL.finditer(folded)]
    spans += [m.span("code") for m in _AQL.finditer(folded)]
    for start, end in spans:
        folded = folded[:start] + "_" * (end - start) + folded[end:]
    for match in _DIAMETER.finditer(folded):
        folded = folded[:match.start()] + " " + folded[match.end():]
    for match in _STOCK_SIZE.finditer(folded):  # blanked to spaces: 缺Φ8棒料 reads as 缺 棒料
        folded = folded[:match.start()] + " " * (match.end() - match.start()) + folded[match.end():]
    return folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)

# Every rule's words in one guard (behind `quicken`'s guards): a message with none of them no rule changes, nor one
# rule's change another's, so the rules are passed over at one search, as regional_words._ANY does for its own.
_ANY_RULE = needs_any(pattern for pattern, _, _ in _REPLACEMENTS)
