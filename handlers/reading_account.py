"""Does a reading account for the whole message? The words nobody explained.

A reading is only as good as the words it used. `孔位偏了 7件` read as "7 done" leaves `孔位偏`
unexplained; `客供料收到了` read as "received" leaves `客供`. Such a word, beside a figure or
in a report of progress, is where a misreading hides, so the reader asks first instead of
recording (docs/reading-corpus.md, `confirm`).

The vocabulary is every literal word of the reader's own patterns (so a word the reader knows
is never "unexplained") plus the filler people add around a report (greetings, particles,
"we", "the goods"). Matching is a greedy longest-word cover over a set, so it stays cheap
beside the reader's regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from handlers.fast_search import quicken

__all__ = ["Vocabulary", "unexplained"]

MAX_WORD = 6

# Filler: words that carry no fact of their own in a supplier's report.
FILLER_ZH = (
    "我们这边", "我这边", "你们那边", "这边", "那边", "已经", "刚刚", "刚才", "目前", "现在", "今天", "开始", "正在",
    "安排", "一下", "一共", "总共", "其中", "剩下", "剩余", "大概", "大约", "估计", "应该", "肯定", "一定", "全部",
    "都是", "那个", "这个", "那批", "这批", "那单", "这单", "单子", "订单", "号单", "客户", "你们", "我们", "厂里",
    "车间", "工厂", "老板", "老师", "领导", "经理", "师傅", "你好", "您好", "左右", "差不多", "基本", "终于", "总算",
    "数量", "所有", "每个", "部分", "一部分", "的货", "货物", "产品", "东西", "零件", "工件", "这次", "这边的",
    "然后", "之后", "以后", "之前", "以前", "马上", "随时", "可能", "再", "出来", "回来", "过来", "出去", "过去",
    "一批", "全都", "都已", "麻烦", "请", "谢谢", "好的", "收到", "另外", "还有", "但是", "不过", "所以", "因为",
    "百分之", "分之", "一半", "多少", "总数", "合计", "共计", "成品", "货", "工序", "道", "第", "度", "进度",
    "仓库", "品质", "质量", "一起", "补发", "派车", "位", "对",
    "自己", "公差", "三坐标", "投影仪", "卡尺", "千分尺", "拿去", "结果", "卸车", "卸货", "模具", "夹具", "治具", "刀具", "设备", "机器", "机床", "修模", "试模", "拍照", "拍了照", "发群里", "群里", "物流单号", "单号", "看情况",
    # the bounds a measured value falls in (`硬度都在范围内`: AK BT; `容量内阻都在范围`: CO), as 公差
    "范围", "容量", "内阻",
)
FILLER_ONE = "了的吧啊呀呢哈嗯哦吗啦呐喔也都就还在再先会要能可把被给和跟与及是有个这那上下里中前后共约批次每已刚把从到于去来过着得地很太又才只"
FILLER_EN = (
    "the", "a", "an", "is", "are", "was", "were", "has", "have", "had", "been", "be", "for", "on", "of", "to", "and",
    "we", "our", "it", "its", "all", "will", "by", "at", "in", "po", "order", "orders", "pcs", "pieces", "today",
    "just", "now", "yet", "still", "already", "about", "this", "that", "please", "hi", "hello", "boss", "with",
    "from", "so", "out", "up", "i", "you", "your", "they", "them", "goods", "parts", "part", "item", "items", "lot",
    "batch", "no", "number", "more", "some", "few", "got", "get", "us", "as", "also", "too", "then", "but",
    "around", "approx", "approximately", "nearly", "almost", "fully", "mr", "ms", "dear", "sir", "thanks", "thank",
    "morning", "afternoon", "evening", "tonight", "left", "remaining", "total", "each", "per", "first", "second",
    "third", "re", "s", "m", "ll", "d", "t", "half", "way", "at", "here", "there", "over", "under", "into",
    "both", "came", "come", "start", "starts", "mass", "went", "go", "going", "one", "two", "ok",
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_CJK_SINGLE = re.compile(r"(?:^|(?<=[|(:]))([\u4e00-\u9fff])(?=[|)]|$)")
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_WORD_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")  # where `unexplained` looks next: a Chinese character or a letter


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words a reading may leave unused: the reader's own and the filler."""

    chinese: frozenset[str]
    english: frozenset[str]
    sizes: dict[str, tuple[int, ...]]  # by first character: the lengths of the words it starts, longest first

    @classmethod
    def of(cls, patterns: Iterable[re.Pattern[str]], words: Iterable[str] = ()) -> Vocabulary:
        """Every literal word written in `patterns`, plus `words` and the filler."""
        words = tuple(words)
        chinese: set[str] = set(FILLER_ZH) | set(FILLER_ONE) | {w for w in words if not w.isascii()}
        english: set[str] = set(FILLER_EN) | {w for word in words if word.isascii() for w in _LATIN_WORD.findall(word.lower())}
        for pattern in patterns:
            source = pattern.pattern
            chinese.update(_CJK_RUN.findall(source))
            chinese.update(_CJK_SINGLE.findall(source))
            english.update(w.lower() for w in _LATIN_WORD.findall(source.lower()))
        kept = frozenset(w for w in chinese if len(w) <= MAX_WORD)
        sizes: dict[str, set[int]] = {}
        for word in kept:
            sizes.setdefault(word[0], set()).add(len(word))
        return cls(kept, frozenset(english), {ch: tuple(sorted(n, reverse=True)) for ch, n in sizes.items()})


def unexplained(text: str, vocabulary: Vocabulary) -> list[str]:
    """The words of `text` (numbers, dates and orders already blanked by the caller) that
    neither the reader's vocabulary nor the filler explains, in order."""
    left: list[str] = []
    run: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if "\u4e00" <= ch <= "\u9fff":
            for size in vocabulary.sizes.get(ch, ()):
                if size == 1 or text[i:i + size] in vocabulary.chinese:
                    if run:
                        left.append("".join(run))
                        run = []
                    i += size
                    break
            else:
                run.append(ch)
                i += 1
            continue
        if run:
            left.append("".join(run))
            run = []
        if ch.isascii() and ch.isalpha():
            j = i
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            word = text[i:j].lower()
            if word not in vocabulary.english and not _inflection_known(word, vocabulary):
                left.append(word)
            i = j
            continue
        ahead = _WORD_START.search(text, i + 1)  # past the blanked numbers, spaces and marks at one search
        i = n if ahead is None else ahead.start()
    if run:
        left.append("".join(run))
    return left


def _inflection_known(word: str, vocabulary: Vocabulary) -> bool:
    for ending in ("s", "es", "ed", "d", "ing"):
        if word.endswith(ending) and word[: -len(ending)] in vocabulary.english:
            return True
    return False


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
