"""Regional Mandarin folded to the words the reader knows: Minnan-flavoured Fujian, Hebei, Hunan and Wu speech.

Line leaders in Jinjiang and Putian write Mandarin with Minnan words (好势 "sorted", 袂赴 "can't make it",
拢 "all", 嘛 "also", 歹去 "broken", 拜三 for 礼拜三); owners of Yongnian fastener shops write northern
colloquial (俺 "I", 完事 "finished", 弄着呢 "at it", 正回火呢 "tempering now"). Each rule is a rule of the
speech, not a phrase of a corpus, and every replacement is as long as what it replaces (the folded text
only), so the reasons and descriptions cut from the text as written still line up. `FILLER` lists the
words that carry no fact (歹势 "sorry", 有影 "really", 跟你讲 "look"), so the reading accounts for them.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken
from handlers.reading_register import fold_rules, same_length_rules

__all__ = ["FILLER", "fold_regional"]

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Minnan
    (re.compile(r"好势(?=了)"), "已好"),        # 移印好势了: done
    (re.compile(r"好势"), "好了"),
    (re.compile(r"袂赴|袂赶"), "延误"),      # can't make it: late
    (re.compile(r"拢总"), "总共"),
    (re.compile(r"(?<![靠拉合围聚收])拢(?=\s*(?:在|做|过|好|发|完|是|已|都|齐|到))"), "都"),
    (re.compile(r"嘛是"), "也是"),
    (re.compile(r"(?<=[\u4e00-\u9fff\d])嘛(?=\s*(?:到|发|过|好|做|完|有|在|齐))"), "也"),
    (re.compile(r"会使"), "可以"),
    (re.compile(r"按怎"), "怎样"),
    (re.compile(r"歹去"), "坏了"),
    (re.compile(r"甲伊"), "跟他"),
    (re.compile(r"好否(?=\s*$|[?？。!！])"), "好吗"),
    (re.compile(r"(?<=下)里(?=拜[一二三四五六日天])"), "礼"),     # 下里拜三: a pinyin slip of 下礼拜三
    (re.compile(r"(?<![礼禮做])拜(?=[一二三四五六日天])"), "周"),  # 拜三 is 礼拜三
    # Hebei and the north
    (re.compile(r"俺们"), "我们"),
    (re.compile(r"俺(?!们)"), "我"),
    (re.compile(r"恁(?=们|那|这|家|厂|确认|看|验|收)"), "你"),           # Shandong 恁: you (送恁那边了, 等恁确认)
    (re.compile(r"木有"), "没有"),                                    # 木有: not (过了木有, 还木有到)
    (re.compile(r"(?<=[还都也些])木(?=[交到发做完])"), "没"),         # 还有哪些木交货的
    (re.compile(r"完事(?!了)"), "完了"),
    (re.compile(r"明儿"), "明天"),                                    # 明儿, 赶明儿: tomorrow
    (re.compile(r"拉走"), "发走"),                                    # 4托 拉走了: hauled away, shipped
    (re.compile(r"催过了|催过"), ""),                                 # 胶料跟他催过了 后天到: chased, nothing done
    (re.compile(r"(?:弄|搞|干|做|整)着呢"), "进行中"),
    (re.compile(r"(?<=在)整(?![形改理顿体批车箱个套])"), "弄"),     # 弯管在整, 正在整: the north's verb of any work, under way
    (re.compile(r"(?<=[\s\d])正(?=[\u4e00-\u9fff]{1,4}呢)"), "在"),  # 正回火呢, 正磨端面呢: under way
    # 线材没到呢, 首件还没做呢: a not-yet ending on 呢 states it, it asks nothing
    (re.compile(r"(?:(?<=[没未][\u4e00-\u9fff])|(?<=[没未][\u4e00-\u9fff]{2}))呢(?=\s*$)"), "啊"),
    (re.compile(r"^中(?=\s|[,，]|$)"), "好"),                           # 中 知道了: fine, noted
    # Hunan: 哒 after a verb is the perfective 了 (喷完漆哒, 到哒, 搞定哒); 好哒 alone is "OK", left as it is
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<!好)哒(?=\s|$|[,，。!！~])"), "了"),
    # Hunan: 好久 before a verb is "when" (好久发货: when does it ship?), not "for a long time" (好久没发)
    (re.compile(r"好久(?=\s*(?:能|可以|会|才|就)?\s*(?:发|到|交|做|好|出|完))"), "多久"),
    # Wu (Shanghai, Zhejiang): 弗/勿 is 不 (弗好, 走弗了, 弗来事 "won't do"), 侬 is 你, 阿拉 我们, 伊拉 他们,
    # 清爽 after a not is 清楚 (搞弗清爽: can't tell), 落雨 is 下雨
    (re.compile(r"[弗勿]来事"), "不行 "),
    (re.compile(r"(?<=[\u4e00-\u9fff\s])弗(?=[\u4e00-\u9fff])(?![兰里洛雷吉拉朗])|^弗(?=是|对|好|行)"), "不"),
    (re.compile(r"(?<=[弄搞做])勿(?=[了好完来])"), "不"),
    (re.compile(r"(?<=[不弗勿])清爽"), "清楚"),
    (re.compile(r"侬"), "你"),
    (re.compile(r"阿拉(?![伯斯丁])"), "我们"),
    (re.compile(r"伊拉"), "他们"),
    (re.compile(r"落雨"), "下雨"),
    (re.compile(r"(?<=[\d拉侬])格(?=\s*[\u4e00-\u9fff])(?![式子外局])"), "的"),  # 7463格铝件, 阿拉格: Wu 格 is 的
    # stickers typed as words ([抱拳], [强], [OK]): blanked, they carry no fact
    (re.compile(r"\[(?!图片|照片|相片|视频|语音|文件|图)[\u4e00-\u9fffA-Za-z]{1,4}\]"), ""),
)

FILLER: tuple[str, ...] = (
    "歹势", "有影", "跟你讲", "跟你说", "我跟你讲", "确实", "跟他", "催过", "老板", "我们",
    "大底", "中底", "鞋垫", "鞋底", "大货",
)


# 在回火呢: the particle 呢 after a step under way states it (read as 在回火中), it asks nothing.
_UNDER_WAY_NE = re.compile(r"(?<![\u4e00-\u9fff])在(?P<step>[\u4e00-\u9fff]{1,4}?)呢(?=\s*$|[\s,，。!！])")


# Every rule's pattern in one, so a message of none of these words costs one search.
_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _RULES))


_REPLACEMENTS = same_length_rules(_RULES)


def fold_regional(folded: str) -> str:
    """`folded` with regional words replaced by the Mandarin the reader knows, span for span."""
    if "呢" in folded:
        folded = _UNDER_WAY_NE.sub(lambda m: f"在{m['step']}中", folded) if "在" in folded else folded
    if not _ANY.search(folded):
        return folded
    folded = fold_rules(folded, _REPLACEMENTS)
    if "呢" in folded:  # 正回火呢 is 在回火呢 only now
        folded = _UNDER_WAY_NE.sub(lambda m: f"在{m['step']}中", folded)
    return folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
