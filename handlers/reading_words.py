"""Words as suppliers type them, put back into the words the reader knows, before it reads.

Three slips, each repaired by a library that knows the language better than a list of ours:
- pinyin input picks a homophone (`言期` for 延期, `发伙` for 发货, `质简` for 质检): a window of
  characters whose pinyin is that of a known keyword, sharing at least one character with it,
  becomes the keyword (pypinyin);
- Chinese numerals (`一千二`, `两百`, a PO read out as `一零零八`) become digits (cn2an);
- pinyin typed without characters (`fahuo 300`) and English typos (`shiped`) become the word
  (rapidfuzz for the typos).

Pure: `repair(folded, display)` returns both strings edited alike, so the reader's spans
still line up with the text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an
from pypinyin import Style, pinyin
from rapidfuzz import fuzz, process

from handlers.count_units import MEASURES, PACKAGES
from handlers.fast_search import needs_any, quicken
from handlers.shop_words import DEFECTS, GAUGES, STEPS

__all__ = ["MEASURES", "PACKAGES", "repair", "unit_meaning", "units_pattern"]

# The units a supplier writes, each spelling filed under the one unit it means (the registry is
# handlers/count_units.py): the reader finds them with `units_pattern`, the scorer compares them with
# `unit_meaning`, so `公斤` and `kg` are one weight wherever they are read or judged.
_MEANING: dict[str, str] = {
    spelling.lower(): unit for registry in (MEASURES, PACKAGES) for unit, spellings in registry.items()
    for spelling in spellings
}


def unit_meaning(spelling: str) -> str | None:
    """The unit a spelling means (`公斤` and `KG` are both `kg`), or None for a spelling not filed."""
    return _MEANING.get(spelling.strip().lower())


def units_pattern(registry: dict[str, tuple[str, ...]]) -> str:
    """One regex alternation of every spelling in a registry, longest first; a Latin spelling only
    as a whole word, so `m` is never the m of `mm` or `5m3`'s neighbour letters."""
    spellings = sorted({s for group in registry.values() for s in group}, key=lambda s: (-len(s), s))
    cjk = [re.escape(s) for s in spellings if not s.isascii()]
    latin = [re.escape(s) for s in spellings if s.isascii()]
    return rf"(?:{'|'.join(cjk)}|(?<![A-Za-z])(?:{'|'.join(latin)})(?![A-Za-z]))"


# Domain words a pinyin slip lands near. Two characters or more, so a single homophone never
# rewrites a common word.
KEYWORDS: tuple[str, ...] = (
    "延期", "延迟", "推迟", "发货", "出货", "合格", "不合格", "不良品", "不良", "质检", "终检", "首件", "首检",
    "检验", "原材料", "材料", "原料", "加工", "电镀", "热处理", "明天", "后天", "已经", "尺寸", "毛刺", "生锈",
    "划伤", "压伤", "色差", "报废", "返工", "到货", "喷涂", "攻牙", "攻丝", "淬火", "回火", "钝化", "发黑",
    "镀锌", "氧化", "折弯", "完成", "做完", "到齐", "批号", "缺料", "外径", "内径", "硬度", "料到", "完工",
    "包装", "打包", "装箱", "在途", "出库", "入库", "送检", "抽检", "全检", "返修", "批次", "焊接", "铆接", "抛光",
    "磷化", "氮化", "退火", "镀镍", "喷砂", "冲压", "装配", "组装", "调质", "清砂",
    # the trades' own words (handlers/shop_words.py) a pinyin slip lands near: 沙眼 is 砂眼, 板金 钣金
    "砂眼", "气孔", "裂纹", "变形", "披锋", "飞边", "缩水", "漏镀", "起皮", "麻点", "渗碳", "渗氮", "正火",
    "阳极", "电泳", "喷粉", "喷塑", "喷漆", "丝印", "压铸", "注塑", "钣金", "打磨", "锻造", "拉伸", "剪板", "镀铬",
    "镀锡", "毛坯", "铝棒", "圆钢", "去毛刺", "平面度", "垂直度", "同心度", "粗糙度", "达克罗", "慢走丝", "线切割",
    # spring, fastener and rubber shops (not 气泡 or 缺胶: 起泡 and 缺角 sound alike and are words of their own)
    "绕簧", "搓丝", "硫化", "模压", "修边", "喷油", "品检", "胶料",
    # a shoe shop's sole come unglued (开交 is 开胶: CP)
    "开胶",
    # the Taiwanese register's (handlers/reading_register_tw.py), slipped by zhuyin input: 交其, 言到, 瓜伤, 毛编
    "交期", "延到", "刮伤", "毛边",
    # a warehouse's 收获300件 is 收货; a QC's 尺寸朝差 is 超差
    "收货", "超差",
    # the Japanese register's 出荷检查 and 受入检查 (handlers/reading_register_jp.py): 减查, 捡查 are 检查
    "检查",
    # a kitchen-appliance shop's 刚化 is 钢化, tempered glass
    "钢化", "搪瓷",
    # a valve shop's 船捡 is 船检, 打亚 打压, 通锅 通过
    "船检", "打压", "通过",
    # a gear shop's 衮齿 is 滚齿, hobbing
    "滚齿",
    # a motor shop's enamelled wire said to a phone (七包线 is 漆包线, never seven packages), winding and inserting the
    # coils (饶线 绕线, 欠线 嵌线), balancing (动平恒), varnish dipping, rotor casting and the withstand-voltage test
    "漆包线", "绕线", "嵌线", "动平衡", "浸漆", "铸铝", "耐压",
    # a titanium and aerospace shop's flaw detection (谈伤 is 探伤), solution treatment (固容 固溶) and spark erosion
    # (电火化 电火花): steps of fourteen, four and three corpora
    "探伤", "固溶", "电火花",
)
# Words only a fuzzy-pinyin slip (below) is read as: the weekday's 星期 (新期五 星期五: DK); by exact sound 研期 would be
# 星期 too (研 is read xing as well), where it is 延期. Not 年底 (连底): 开年第一单 sounds it exactly, and 年底 is no day
# the reader reads (handlers/dates.py)
FUZZY_KEYWORDS: tuple[str, ...] = ("星期",)
# Real words that sound like a keyword and share a character with it.
NOT_SLIPS: frozenset[str] = frozenset({
    "收件", "发火", "成品", "已近", "金检", "加班", "以后", "以前", "到期", "到其", "明确", "原来", "原因",
    "回货", "正货", "压住", "喷气", "起批",  # 回货: goods back, never 回火
    "在涂",  # 在涂防锈油: a coat being put on, never 在途 (in transit)
    "自检",  # 自检合格: the shop's own check, never a flat-tongued 质检
})
# A character that never ends a clause (其 needs its 他, 余, 中): a real word ending in it stands before the rest of its
# word, so where the clause ends there it is a slip (料到其了, 材料到其哒, 来料没到其 还差铝板: K BV CC)
_NEVER_ENDS_CLAUSE = frozenset("其")
_WORD_CUT = re.compile(r"\s*(?:[了哒啦咯喽咧呢吧啊嘞]|$|[\s,，。;；!！~～])")
# Real words that sound like a keyword only by a rare reading of one character, one they never take in that word
# (pypinyin lists yong beside rong for 容; 电容, a capacitor, is dian rong): never a slip, whatever follows them.
# The heteronyms cannot be dropped as a rule: 了 read liao (缺了 for 缺料) and 调 read diao (调制 for 调质) are how
# pinyin input really slips.
REAL_WORDS: frozenset[str] = frozenset({"电容", "推移", "不亮"})  # 不亮: a lamp that does not light, never 不良  # 推移杆, 推移千斤顶: a roof support's advancing ram, never 推迟
ROMANIZED: dict[str, str] = {}
ENGLISH: tuple[str, ...] = (
    "shipped", "delayed", "delivered", "received", "material", "materials", "inspection", "inspected",
    "arrived", "finished", "completed", "machining", "tomorrow", "yesterday", "defective", "scratches",
    "scrapped", "rework", "pallets", "boxes", "delivery", "shipment", "production", "started", "article",
    "anodizing", "polishing", "deburring",
    # the Singlish base form (`finish machining liao`), typed `fnish`
    "finish",
)
_ENGLISH_SET = frozenset(ENGLISH)
# Characters a hurried eye takes for a keyword's (形近字): `廷期` is 延期, `发贷` is 发货. Only ever
# within a keyword, with at least one of its characters right, like the homophones.
SHAPES: dict[str, str] = {"廷": "延", "贷": "货", "捡": "检", "睑": "检", "己": "已", "巳": "已", "枓": "料", "刬": "划",
                          "纯": "钝", "氨": "氮", "碎": "淬", "剌": "刺", "胚": "坯", "络": "铬"}
_KNOWN_ENGLISH = frozenset({
    "should", "supplier", "status", "started", "order", "orders", "partial", "parts", "delay", "finish",
    "please", "thanks", "material", "pieces", "remind", "later", "sorry", "schedule", "tomorrow", "shipping",
    "about", "after", "again", "still", "their", "there", "these", "today", "waiting", "first", "batch",
    "piece", "weeks", "arrive", "arrives", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "doing", "where", "update", "issue", "issues", "problem", "power", "broken", "holiday", "quality",
}) | {word for phrase in STEPS + GAUGES if phrase.isascii() for word in phrase.split()} \
  | {word for phrases in DEFECTS.values() for phrase in phrases if phrase.isascii() for word in phrase.split()}
# `injection` is no slip of inspection, `chipped` (a tile's edge) none of shipped


@lru_cache(maxsize=8192)
def _sounds(ch: str) -> frozenset[str]:
    if not "\u4e00" <= ch <= "\u9fff":
        return frozenset()
    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=8192)
def _sounding_like(ch: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The keywords whose first sound is one of `ch`'s, in the order of its sounds: the words a slip at `ch`
    may stand for, looked up once a character instead of once a character of every message."""
    return tuple(entry for sound in _sounds(ch) for entry in _BY_FIRST_SOUND.get(sound, ()))


# Fuzzy pinyin (模糊音): the input methods' own setting for southern speakers, who type as they speak. A speaker with no
# retroflexes types z c s for zh ch sh (粗货 for 出货, 宗检 终检, 叟件 首件), Xiang says and types hu for f (花货
# 发货, 荒案 方案), n and l are one sound (原尿 原料), and -in one with -ing (民天 明天, 新期五 星期五): DK writes
# every one, DL and DQ 宗检. Only that way round: a retroflex typed for a flat sound (开始印刷 is no 丝印, 还差料 no
# 材料) and -an for -ang (王工 is no 完工) are no slips of this. A window one character of which is the keyword's own
# and the rest sound like it only under these merges is the keyword, when no keyword sounds exactly like it.
_FUZZY_HU = {"hua": "fa", "huan": "fan", "huang": "fang", "hui": "fei", "hun": "fen", "hu": "fu"}


def _loose(sound: str) -> str:
    """A sound with every merge above made, both ways: the key keywords are looked up by."""
    sound = _FUZZY_HU.get(sound, sound)
    for sharp in ("zh", "ch", "sh"):
        if sound.startswith(sharp):
            sound = sharp[0] + sound[2:]
            break
    if sound.startswith("n"):
        sound = "l" + sound[1:]
    return sound[:-1] if sound.endswith("ing") else sound


@lru_cache(maxsize=16384)
def _fuzzy_match(typed: str, meant: str) -> bool:
    """`typed` is how a southern speaker types `meant`: the merges above, in their direction."""
    if typed.startswith(("zh", "ch", "sh")) and not meant.startswith(typed[:2]):
        return False  # a retroflex typed where none is said
    if typed.startswith("f") and not meant.startswith("f"):
        return False  # f typed for hu is no slip of Xiang's
    return _loose(typed) == _loose(meant)


@lru_cache(maxsize=8192)
def _fuzzy_sounds(ch: str) -> frozenset[str]:
    return frozenset(_loose(sound) for sound in _sounds(ch))


@lru_cache(maxsize=8192)
def _fuzzily_like(ch: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The keywords whose first sound is one of `ch`'s under fuzzy pinyin and not exactly (those are
    `_sounding_like`'s)."""
    exact = {word for word, _ in _sounding_like(ch)}
    return tuple(entry for sound in _fuzzy_sounds(ch) for entry in _BY_FUZZY_FIRST.get(sound, ()) if entry[0] not in exact)


@lru_cache(maxsize=8192)
def _first_sound(ch: str) -> str:
    return pinyin(ch, style=Style.NORMAL)[0][0]


def _index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for word in sorted(KEYWORDS, key=len, reverse=True):
        sounds = tuple(_first_sound(ch) for ch in word)
        index.setdefault(sounds[0], []).append((word, sounds))
        if len(sounds) >= 2:
            ROMANIZED.setdefault("".join(sounds), word)
    return index


_BY_FIRST_SOUND = _index()
_BY_FUZZY_FIRST: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _entry in [entry for entries in _BY_FIRST_SOUND.values() for entry in entries] \
        + [(word, tuple(_first_sound(ch) for ch in word)) for word in FUZZY_KEYWORDS]:
    _BY_FUZZY_FIRST.setdefault(_loose(_entry[1][0]), []).append(_entry)
ROMANIZED.update({"huashang": "划伤", "buliang": "不良", "fahuo": "发货", "yanqi": "延期"})

_KEYWORDS_LONGEST = tuple(sorted(KEYWORDS, key=len, reverse=True))
_KEYWORDS_BY_FIRST: dict[str, tuple[str, ...]] = {
    first: tuple(w for w in _KEYWORDS_LONGEST if w[0] == first) for first in {w[0] for w in KEYWORDS}}
# Keywords that label a code: a window sounding like one is that label only when a code follows it.
_LABELS: dict[str, re.Pattern[str]] = {"批号": re.compile(r"\s*(?:是|为)?\s*[:：#]?\s*[A-Za-z0-9]")}
# A count after the window (发火500件, 发火三百件) makes a real word a slip; a numeral that begins a word of its own
# (在涂二硫化钼: molybdenum disulphide, a coat) counts nothing.
_COUNT_AFTER = re.compile(r"\s*了?\s*(?:一共|总共|共计|共)?\s*(?:\d|[零一二两三四五六七八九十百千]+[万]?"
                          r"(?![\u4e00-\u9fff](?<![件个只套片台支根块箱托包卷袋吨公千米车批盒桶])))")
# 幺 is 一 read out digit by digit (幺二六四五: an order by voice, as a phone number is said)
_CN_NUMERAL = re.compile(r"(?=[零〇一二三四五六七八九幺]*幺)[零〇一二三四五六七八九幺]{4,}|[零〇一二两三四五六七八九十百千万]+")
_ORDER_AFTER = re.compile(r"\s*的\s*(?:单子?|订单)")
_CN_DIGIT_ONLY = re.compile(r"[零〇一二三四五六七八九幺]{3,}")
_UNIT_AFTER = re.compile(r"\s*(?:件|个|只|套|片|台|支|根|块|箱|托|包|卷|袋|卡板|栈板|木箱|吨|公斤|千克|米|pcs|kg)")
# one package (一托), but not one per package (一托是600, 一箱200个) nor one by one (一箱一箱)
_PACKAGE_AFTER = re.compile(r"\s*(?:箱|托|卷)(?!\s*(?:是|装|有|放)?\s*[\d零一二两三四五六七八九十百千])")
_LATIN_WORDS = re.compile(r"[a-z]+(?:\s+[a-z]+)?", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[a-z]+", re.IGNORECASE)  # one word of them, compiled once (not looked up in re's cache each time)
_ANY_LATIN = re.compile(r"[a-z]{2}", re.IGNORECASE)
_DIGIT_THEN_GE = re.compile(r"(?<=\d)\s*ge(?![a-z])", re.IGNORECASE)
_CHINESE = re.compile(r"[\u4e00-\u9fff]")  # where _homophones looks next, past digits, letters and spaces at one search

Edit = tuple[int, int, str]


def _homophones(text: str) -> list[Edit]:
    edits: list[Edit] = []
    shapes = not SHAPES.keys().isdisjoint(text)  # no look-alike character: no shape slip anywhere
    i, size = 0, len(text)
    kept_until = -1  # the end of the keyword last written right
    while i < size:  # once a character of every message: a loop of its own, no generator made at each
        found: Edit | None = None
        here = text[i]
        if not "\u4e00" <= here <= "\u9fff":  # every keyword, sound and look-alike starts with a Chinese character
            ahead = _CHINESE.search(text, i + 1)
            if ahead is None:
                break
            i = ahead.start()
            continue
        spelled = _KEYWORDS_BY_FIRST.get(here)
        if spelled is not None:
            written = None
            for word in spelled:
                if text.startswith(word, i):
                    written = word
                    break
            if written is not None:
                # 首件 is a keyword of its own, never a slip of 首检; its last character may still start one (原材料道了)
                kept_until = i + len(written)
                i += max(1, len(written) - 1)
                continue
        for word, sounds, fuzzy in _candidates(here):
            window = text[i:i + len(word)]
            if len(window) != len(word) or window == word:
                continue
            if not any(map(str.__eq__, window, word)):  # no character of it right: no slip of it
                continue
            if window in REAL_WORDS:
                continue  # 电解电容还没到: a part of its own, counted or not
            if i == kept_until - 1 and window[-1] == "件":
                continue  # 调质件回来了: the parts of the step just named, never that step's last character and 质检
            if window[-1] == "完" and word[-1] != "完" and text.startswith("了", i + len(word)):
                continue  # 折完了: a step's verb and its 完 in the done slot, never a slip of 折弯
            if window in NOT_SLIPS and not _COUNT_AFTER.match(text, i + len(word)) \
                    and not (window[-1] in _NEVER_ENDS_CLAUSE and _WORD_CUT.match(text, i + len(word))):
                continue  # 发火 is a word; 发火500件 is 发货; 没到其 (其 ends no clause: 到其他) is 没到齐
            if word[0] == "不" and window[0] != "不" and i > 0 and text[i - 1] in "全局一大内外细头背东西南北":
                continue  # 全部合格 is all passed, not 全不合格
            if text[i + len(word):i + len(word) + 1] == "成" and any(
                    a != b and a in "一二两三四五六七八九十" for a, b in zip(window, word, strict=True)):
                continue  # 打到七成了: seven tenths done, never 到齐
            if word in _LABELS and not _LABELS[word].match(text, i + len(word)):
                continue  # 这批好像, 这批好了: a label's slip only stands before what it labels (批好B-1206)
            if not fuzzy and all(s in _sounds(ch) for s, ch in zip(sounds, window, strict=True)):
                found = (i, i + len(word), word)
                break
            if fuzzy and all(any(_fuzzy_match(typed, s) for typed in _sounds(ch))
                             for s, ch in zip(sounds, window, strict=True)):
                found = (i, i + len(word), word)
                break
        if found is None and shapes:
            found = _shape_slip(text, i)
        if found:
            edits.append(found)
            i = found[1]
        else:
            i += 1
    return edits


def _candidates(ch: str) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """The keywords a slip at `ch` may stand for: those sounding exactly like it first, then fuzzily. Looked up by
    `is None`: most characters have none, and an empty answer kept is an answer (`or` looked them up again each time)."""
    found = _CANDIDATES.get(ch)
    return _candidates_of(ch) if found is None else found


_CANDIDATES: dict[str, tuple[tuple[str, tuple[str, ...], bool], ...]] = {}


def _candidates_of(ch: str) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    found = tuple((word, sounds, False) for word, sounds in _sounding_like(ch)) \
        + tuple((word, sounds, True) for word, sounds in _fuzzily_like(ch))
    if len(_CANDIDATES) < 16384:
        _CANDIDATES[ch] = found
    return found


def _shape_slip(text: str, i: int) -> Edit | None:
    """A keyword at `i` with a character that looks like its own (`廷期`), the rest written right."""
    if text[i] not in SHAPES and not any(ch in SHAPES for ch in text[i + 1:i + 3]):
        return None
    for word in _KEYWORDS_LONGEST:
        window = text[i:i + len(word)]
        if len(window) != len(word) or window == word:
            continue
        if all(a == b or SHAPES.get(a) == b for a, b in zip(window, word, strict=True)) \
                and any(a == b for a, b in zip(window, word, strict=True)):
            return (i, i + len(word), word)
    return None


# 一号到的料, 十五号发: a day of the month said by voice, told by what happens on it (never 一号机, 三号线).
_DAY_TOLD = re.compile(r"\s*(?:$|[,，。\s]|到|发|出|交|前|后|之前|以前|左右|的|那天|开始|完|能|会|要|才|再)")
_CLAUSE_ENDS = re.compile(r"\s*(?:$|[,，。;；!！])")


def _numerals(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _CN_NUMERAL.finditer(text):
        raw, start, end = match.group(0), match.start(), match.end()
        before = text[max(0, start - 2):start]
        if before.endswith(("周", "星期", "礼拜", "第", "之", "分", "廿", "卅")) or text[end:end + 1] in ("成", "半", "下", "些", "起", "样", "直", "定"):
            continue
        if text.startswith(("个单", "个订单", "单", "个po", "个都", "个全都", "个也都"), end):
            continue  # 两个单子: how many orders, not pieces
        unit_follows = bool(_UNIT_AFTER.match(text, end))
        if _CN_DIGIT_ONLY.fullmatch(raw):
            value = "".join({"零": "0", "〇": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
                             "七": "7", "八": "8", "九": "9", "幺": "1"}[ch] for ch in raw)
        elif text[end:end + 1] in ("号", "日") and len(raw) <= 3 and (
                (start and text[start - 1].isdigit()) or _DAY_TOLD.match(text, end + 1)):
            try:  # 2455二十五号: the order, then a day said by voice
                value = str(cn2an.cn2an(raw, "smart"))
            except (ValueError, KeyError, IndexError):
                continue
        elif any(u in raw for u in "百千万") or (unit_follows and raw not in ("一",)) \
                or (raw == "一" and _PACKAGE_AFTER.match(text, end)) \
                or ("十" in raw and before.endswith(("了", "完", "好")) and _CLAUSE_ENDS.match(text, end)):
            # 一托, 一箱: one package; 一百套做完了八十五: a count of tens said last, after what was done to it
            if len(raw) == 2 and not any(u in raw for u in "十百千万"):
                continue  # 两三件: a range, not 23
            try:
                value = str(cn2an.cn2an(raw, "smart"))
            except (ValueError, KeyError, IndexError):
                continue
        else:
            continue
        if not _CN_DIGIT_ONLY.fullmatch(raw) and _ORDER_AFTER.match(text, end):
            value += "个"  # 一千二的单子: a spoken count is the order's size; an order is said digit by digit
        if start and text[start - 1].isdigit():
            value = " " + value  # 2435两千件: an order said in digits, then a count by voice; two numbers, not one
        edits.append((start, end, value))
    return edits


def _romanized(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _LATIN_WORDS.finditer(text):
        words = match.group(0).split()
        joined = "".join(words).lower()
        if joined in ROMANIZED:
            edits.append((match.start(), match.end(), ROMANIZED[joined]))
            continue
        for word_match in _LATIN_WORD.finditer(match.group(0)):
            word = word_match.group(0).lower()
            start = match.start() + word_match.start()
            if word in ROMANIZED:
                edits.append((start, start + len(word), ROMANIZED[word]))
            elif len(word) >= 4 and word not in _ENGLISH_SET and word not in _KNOWN_ENGLISH \
                    and (swapped := _transposed(word)) is not None:
                edits.append((start, start + len(word), swapped))
            elif len(word) >= 5 and word not in _ENGLISH_SET and word not in _KNOWN_ENGLISH \
                    and not any(word.startswith(known) for known in ENGLISH) and not _inflected(word):
                best = process.extractOne(word, ENGLISH, scorer=fuzz.ratio, score_cutoff=83)
                if best is not None and not best[0].startswith(word):
                    edits.append((start, start + len(word), best[0]))
    for match in _HALF_PINYIN.finditer(text):
        edit = _half_romanized(text, match.start(), match.end())
        if edit is not None and all(edit[1] <= s or edit[0] >= e for s, e, _ in edits):
            edits.append(edit)
    for match in _DIGIT_THEN_GE.finditer(text):
        edits.append((match.start(), match.end(), "个"))
    return edits


# A keyword typed half in characters, half in pinyin (`出huo`, `fa货`): the Latin syllables beside a character.
_HALF_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[a-z]{2,6}(?![a-z])|(?<![a-z])[a-z]{2,6}(?=[\u4e00-\u9fff])", re.IGNORECASE)


def _half_romanized(text: str, start: int, end: int) -> Edit | None:
    """The keyword whose pinyin is the character beside the syllables and the syllables, when the
    keyword keeps that character: `出huo` is 出货 (chu + huo), `fa货` is 发货 only if it kept 货."""
    word = text[start:end].lower()
    if start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
        keyword = ROMANIZED.get(_first_sound(text[start - 1]) + word)
        if keyword is not None and keyword[0] == text[start - 1]:
            return start - 1, end, keyword
    if end < len(text) and "\u4e00" <= text[end] <= "\u9fff":
        keyword = ROMANIZED.get(word + _first_sound(text[end]))
        if keyword is not None and keyword[-1] == text[end]:
            return start, end + 1, keyword
    return None


def _transposed(word: str) -> str | None:
    """`frist` is `first` with two letters swapped, the commonest slip of fast typing."""
    for i in range(len(word) - 1):
        candidate = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if candidate in _ENGLISH_SET or candidate in _KNOWN_ENGLISH:
            return candidate
    return None


def _inflected(word: str) -> bool:
    """`scratched` is a word of its own, not a slip of `scratches`."""
    for ending in ("ed", "es", "ing"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            if any(known != word and known.startswith(stem) and known[len(stem):] in ("", "s", "es", "ed", "ing", "d")
                   for known in ENGLISH):
                return True
    return False


_DIGITS_TEN_THOUSANDS = re.compile(r"(?<![\d.])(?P<n>\d{1,4}(?:\.\d{1,4})?)\s*万(?=\s*(?:多|余)?\s*(?:件|个|只|套|片|台|支|根|块|pcs))")


def _ten_thousands(text: str) -> list[Edit]:
    """`1.5万件` is 15000 pieces: digits before 万 counted in tens of thousands."""
    edits: list[Edit] = []
    for match in _DIGITS_TEN_THOUSANDS.finditer(text):
        value = round(float(match["n"]) * 10000)
        edits.append((match.start(), match.end(), str(value)))
    return edits


# `3千`, `1千2` (1200), `1.2千`: digits counted in thousands, as a shop says a count; never before 万 or a
# further digit (`3千5百` is left to the numeral reader).
_DIGITS_THOUSANDS = re.compile(r"(?<![\d.])(?P<n>\d{1,3}(?:\.\d{1,3})?)\s*千(?P<h>[1-9](?![\d百十万]))?(?![\d百十万])")
# `两吨半`, `3公斤半`, `一吨半` (one, which the numeral reader leaves as a word): a whole weight or length and a half of it.
_AND_A_HALF = re.compile(r"(?<![\d.一二三四五六七八九十])(?P<n>\d{1,4}|一)\s*(?P<u>吨|公斤|千克|米|斤)半")


def _digit_thousands(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _DIGITS_THOUSANDS.finditer(text):
        hundreds = int(match["h"]) * 100 if match["h"] and "." not in match["n"] else 0
        # a count in thousands is a count, never an order: 1千2做好了 is 1200 pieces, not order 1200
        piece = "" if _UNIT_AFTER.match(text, match.end()) else "个"
        edits.append((match.start(), match.end(), f"{round(float(match['n']) * 1000) + hundreds}{piece}"))
    return edits


# `1千2百`, `3百`, `2万5千`, `1千零5`: a speech engine writes each figure as a digit and keeps the
# unit words; a count of hundreds, or of two units and more (`3千` and `1千2` are _DIGITS_THOUSANDS').
_DIGIT_UNITS = re.compile(r"(?<![\d.])(?P<body>(?:\d{1,4}[万千百]\s*){1,3}(?:零\s*\d{1,3}|\d(?:\s*十)?)?)(?![\d.万千百十]|分之|\s*[多余来几])")
_UNIT_VALUE = {"万": 10000, "千": 1000, "百": 100, "十": 10}


def _digit_units(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _DIGIT_UNITS.finditer(text):
        body = match["body"].replace(" ", "")
        pairs = re.findall(r"(\d+)([万千百十])", body)
        if not pairs or ("百" not in body and len(pairs) < 2 and "零" not in body):
            continue
        total = section = 0
        for digits, unit in pairs:
            if unit == "万":
                total += (section + int(digits)) * 10000
                section = 0
            else:
                section += int(digits) * _UNIT_VALUE[unit]
        tail = re.search(r"(零)?(\d+)$", body)
        if tail:
            section += int(tail[2]) if tail[1] else int(tail[2]) * _UNIT_VALUE[pairs[-1][1]] // 10
        piece = "" if _UNIT_AFTER.match(text, match.end()) else "个"
        edits.append((match.start(), match.end(), f"{total + section}{piece}"))
    return edits


# `一点五吨`, `2点5公斤`: a decimal as speech says it, only before a weight or length (`三点` alone is a time of day).
_SPOKEN_DECIMAL = re.compile(r"(?<![\d零一二两三四五六七八九十])(?P<i>\d{1,4}|[零一二两三四五六七八九十]{1,3})点(?P<f>\d{1,3}|[零一二三四五六七八九]{1,3})"
                             r"(?=\s*(?:吨|公斤|千克|斤|米|毫米|厘米|mm|kg|t\b))")
_CN_DIGIT = {"零": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}


def _spoken_decimals(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _SPOKEN_DECIMAL.finditer(text):
        whole = match["i"] if match["i"].isdigit() else cn2an.cn2an(match["i"], "smart") if match["i"] else None
        fraction = match["f"] if match["f"].isdigit() else "".join(_CN_DIGIT[ch] for ch in match["f"])
        if whole is None:
            continue
        edits.append((match.start(), match.end(), f"{whole}.{fraction}"))
    return edits


def _and_a_half(text: str) -> list[Edit]:
    return [(m.start(), m.end(), f"{1 if m['n'] == '一' else m['n']}.5{m['u']}") for m in _AND_A_HALF.finditer(text)]


_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,.])")


# `2K pcs`, `1.5k件`: a count in thousands as stock lists and English write it, before a unit of pieces. An edit of
# its own so every reading of a count sees 2000 (`共 2K pcs` was a total of 2, read where 2K pcs alone was 2000).
_K_THOUSANDS = re.compile(r"(?<![\d.A-Za-z])(?P<n>\d{1,4}(?:\.\d{1,3})?)\s*[kK](?=\s*(?:(?:pcs|pc|pieces|units|sets|ea)(?![A-Za-z])|[件个只套支片台根块]))")


def _k_thousands(text: str) -> list[Edit]:
    return [(m.start(), m.end(), str(round(float(m["n"]) * 1000))) for m in _K_THOUSANDS.finditer(text)]


def _thousands(folded: str, display: str) -> list[Edit]:
    """`1,200 pcs` is 1200: an ASCII comma between groups of three digits (a Chinese `，` parts two numbers)."""
    return [(m.start(), m.end(), m.group(0).replace(",", "")) for m in _THOUSANDS.finditer(folded)
            if "，" not in display[m.start():m.end()]]


# Handwriting input takes a character for one of like shape outside the keywords too, where the
# neighbours leave no other reading: 还末到 (未), 己发货 (已), 23曰 (日), 四拖 (托, a pallet count).
_HANDWRITTEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[还尚仍])末"), "未"),
    (re.compile(r"(?<![自知一异利])己(?=[发到做完经出入])"), "已"),
    (re.compile(r"(?<=\d)曰"), "日"),
    (re.compile(r"(?<=[\d一二两三四五六七八九十])拖(?![了到延后])"), "托"),
    # A pinyin slip read by its slot (reader22b): where one word only can stand, a character that is no word there
    # but sounds as that word is that word. The done slot after a step, ending its clause (`焊接万了`, `切管万了`,
    # `充磁万了`, `滚齿万了`: aa ar ax az), is 完, never a count's 万 (a numeral before it); the verdict slot after a
    # check (`终检国了`) is 过; the unit slot after a count (`1500见`, `1100见`: av m; `晚两填`) is 件, 天: 见 and 填
    # are no measure words (the Modern Chinese Dictionary's list); 正再 (`正再喷漆`) is 正在, a word 正再 is not.
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![零〇一二两三四五六七八九十百千万几多上成数好大小])万(?=了\s*(?:$|[\s,，。!！;；]))"), "完"),
    # ... and so is 玩 there after a verb of work or a step (做玩了, 弄玩了, 折玩了: AF AW X CE), never the play of 去玩了
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![去在来好会要不没想着贪别出])玩(?=了\s*(?:$|[\s,，。!！;；]))"), "完"),
    (re.compile(r"(?:(?<=[检验])|(?<=[检验]\s)|(?<=首件))国(?=[了哩]|\s*$)"), "过"),  # 终检国了, 首件国了 (BV BX), 出货检验 国哩 (DZ)
    # ... and the arrival slot after the stock or its adverb (料也道了, 货都道了: BW; 料道了 E F H J is a keyword's slip) is 到
    (re.compile(r"(?<=[料货材也都已])道了"), "到了"),  # (道了 whole: the guard then looks for 道了, not every 了)
    # ... and straight after the order, ending its clause (`29745 道了`, the warehouse's: EB), where only the goods' 到 stands
    (re.compile(r"(?:(?<=\d{4})|(?<=\d{4}\s))道了(?=\s*(?:$|[,，。!！;；]))"), "到了"),
    # the shipping slot after a day or 已 and before its 了 or 出 (`今天法了 500件`, `已经法了`, `货法出去了`: DE DU EB), where
    # 法 is no word (办法, 没法 keep theirs), is 发, as 法货 is a keyword's slip
    (re.compile(r"(?<=[经已天刚货])法(?=了|出)"), "发"),
    (re.compile(r"(?<=\d)\s*见(?![过到面])"), "件"),
    (re.compile(r"(?<=[\d两一二三四五六七八九十])填"), "天"),
    (re.compile(r"(?<=正)再(?=[\u4e00-\u9fff])"), "在"),
)
# Speech's words for the same thing, said the reader's way: 半道上 is 路上 (on the way), 能卸 is 能到.
_SPOKEN_SAME: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"半道上|半路上|半道|半路"), "路上"),
    (re.compile(r"(?<=[能就才会])卸(?:车|货)?"), "到"),
    # 两个车, 3个车: truckloads as 两车 is said (AO AX BL BP write the loads so), never a count of 2 pieces
    (re.compile(r"(?<=[一二两三四五六七八九十\d])\s*个(?=车(?:\s|$|[,，。!！]|拉|装|走|发|货))"), ""),
)


# A plate or bar's size said beside its arrival (`冷板 2.5个厚的`, `3mm厚`): the stock's spec, never a
# count (a shop says 个 for a millimetre); left as the word 厚 so no number stands unexplained.
_STOCK_SIZE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,2})?\s*(?:个|mm|毫米?|公分|厘米?)?\s*厚(?!度)")


# The capital numerals of bills and contracts (大写数字, the accounting rules' forms: 壹仟贰佰件), in a run of two or
# more or before a unit, are the common numerals, one character for one; 伍 or 陆 alone may be a name.
_CAPITAL_NUMERALS = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟", "一二二三三四五六六七八九十百千")
_CAPITAL_RUN = re.compile(r"[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟零万]{2,}|[壹贰貳叁參肆伍陆陸柒捌玖拾](?=[件个只套箱托])")


def _handwritten(text: str) -> list[Edit]:
    edits = [(m.start(), m.end(), word) for pattern, word in _HANDWRITTEN for m in pattern.finditer(text)] \
        if _ANY_HANDWRITTEN is None or _ANY_HANDWRITTEN.search(text) is not None else []
    for run in _CAPITAL_RUN.finditer(text):
        edits.append((run.start(), run.end(), run.group(0).translate(_CAPITAL_NUMERALS)))
    return edits


def repair(folded: str, display: str) -> tuple[str, str]:
    """`folded` and `display` (same length, index for index) with slips repaired in both."""
    if not folded.isascii():  # one character for one, so first: the numerals then see 四托
        for start, end, word in _handwritten(folded):
            folded = folded[:start] + word + folded[end:]
            display = display[:start] + word + display[end:]
    for pattern, word in _SPOKEN_SAME:
        for match in reversed(list(pattern.finditer(folded))):
            folded = folded[:match.start()] + word + folded[match.end():]
            display = display[:match.start()] + word + display[match.end():]
    if "厚" in folded:
        for match in reversed(list(_STOCK_SIZE.finditer(folded))):
            folded = folded[:match.start()] + "厚" + folded[match.end():]
            display = display[:match.start()] + "厚" + display[match.end():]
    edits = [] if folded.isascii() else _homophones(folded)
    slips = frozenset(edits)  # a word typed by its sound: repaired for reading, quoted as typed (毛次 is the writer's)
    if "," in folded:
        edits += [e for e in _thousands(folded, display) if all(e[1] <= s or e[0] >= t for s, t, _ in edits)]
    if "k" in folded or "K" in folded:
        edits += [e for e in _k_thousands(folded) if all(e[1] <= s or e[0] >= t for s, t, _ in edits)]
    if "万" in folded:
        edits += [e for e in _ten_thousands(folded) if all(e[1] <= s or e[0] >= t for s, t, _ in edits)]
    if "百" in folded or "万" in folded or "千" in folded:  # 1千2百, 3百, 2百4十: digits with their unit words
        edits += [e for e in _digit_units(folded) if all(e[1] <= s or e[0] >= t for s, t, _ in edits)]
    if "点" in folded:  # 一点五吨: a spoken decimal before a weight or length
        edits += [e for e in _spoken_decimals(folded) if all(e[1] <= s or e[0] >= t for s, t, _ in edits)]
    taken = [(s, e) for s, e, _ in edits]
    numerals = _numerals(folded) if _CN_NUMERAL.search(folded) else []
    romanized = _romanized(folded) if _ANY_LATIN.search(folded) else []
    for edit in numerals + romanized:
        if all(edit[1] <= s or edit[0] >= e for s, e in taken):
            edits.append(edit)
            taken.append((edit[0], edit[1]))
    if "千" in folded:  # after the Chinese numerals, so 两千 is theirs; 3千 and 1千2 are these
        edits += [e for e in _digit_thousands(folded) if all(e[1] <= s or e[0] >= t for s, t in taken)]
    if not edits and "半" not in folded:
        return folded, display
    for start, end, word in sorted(edits, reverse=True):
        folded = folded[:start] + word + folded[end:]
        if (start, end, word) not in slips or len(word) != end - start:
            display = display[:start] + word + display[end:]
    if "半" in folded:  # 两吨半: once 两 is 2, the half joins it
        for start, end, word in sorted(_and_a_half(folded), reverse=True):
            folded = folded[:start] + word + folded[end:]
            display = display[:start] + word + display[end:]
    return folded, display


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)

# Every handwritten slip's words in one guard: a message holding none of them is passed over at one search.
_ANY_HANDWRITTEN = needs_any(pattern for pattern, _ in _HANDWRITTEN)
