"""Counting units: one registry of what a number beside a unit counts, read before the reader reads.

Chinese counts with a measure word for each kind of thing (800双 soles, 5打 dozens, 3根 springs, 2副
gloves) and a shop counts big runs in tens of thousands (3万5, 1.2万, 两万). A reader with a closed
set of piece units turns `5000双做了200双` into an order 5000 and `1250双发出去了` into a shipment of
nothing. So every unit is filed here once, by what it counts:

- piece units read as written (`PIECE_UNIT`, the reader's `UNIT`), and measure words of pieces that
  are folded to 件 after a number (`MEASURE_WORDS`: 双 is counted as said, never doubled);
- the dozen (打), whose count is multiplied out (5打 is 60);
- package units (`PACKAGES`: 箱, 托, 包/袋, 卷, 桶) and weight and length (`MEASURES`), never pieces;
- never-counts: a shoe size (42码), a colour number (色号1102), a pipe's DN or an inch size are the
  goods' spec, blanked so their digits are never a count, a lot or an order.

Pure functions of the text: `fold_counts` edits the folded and the written text alike (values change
length: 3万5 becomes 35000个); `fold_measure_words` and `blank_never_counts` keep the length, so the
reasons and descriptions cut from the text as written still line up.
"""

from __future__ import annotations

import re

import cn2an

from handlers.fast_search import quicken

__all__ = [
    "DOZEN", "MEASURES", "MEASURE_WORDS", "NEVER_COUNTS", "PACKAGES", "PIECES", "PIECE_UNIT",
    "blank_never_counts", "fold_counts", "fold_measure_words", "fold_none_left",
]

# Piece units the reader reads as written (handlers/parsing.py `UNIT`); 只 is no unit in 只能, 只有, 只剩.
PIECES: tuple[str, ...] = ("件", "个", "個", "只", "套", "片", "台", "支", "根", "块", "塊", "颗", "粒", "张", "條", "条",
                           "pcs", "PCS", "pc", "piece", "pieces", "unit", "units", "ea", "sets", "set", "组")
# A Latin unit is a word of its own: `PCB`, `PCBA` and `each` hold no `pc` or `ea` (7410 PCB光板到了 is order 7410).
# A unit that begins a word of its own is none (character classes, so the reader's vocabulary gains no word): `7870 台风` is order 7870 and a typhoon, `条码` a barcode,
# `根据` according to, `张总` a person. 个 before an hour is the measure word of a span of time, in any Mandarin
# (还有两个钟头出来, 烤了3个小时): how long, never a count of pieces.
PIECE_UNIT = r"(?:件(?!箱)|[个個](?![多半]?(?:小时|钟头))|只(?![能好得有是要剩差])|套(?!筒)|片(?![区])|台(?![风湾阶面账帐州北南中])|支(?!架)|根(?![据本])|块|塊|(?:pcs|pc|pieces?|units?|ea|PCS|sets?)(?![A-Za-z])|颗|粒|张(?![总工]|经理|师傅|家港)|條|条(?![码件例])|组(?![装长件合织员对焊立成别数]))"

# 组 is a battery shop's piece (a pack, or a group of cells: `发了500组`, `有7组不充电`, CO's 51 lines); never 组装,
# 组长, 组件 or a team (`周一组装` is Monday's assembly).

# Measure words of pieces the reader folds to 件 after a number, each with what may not follow it
# (8对吗 is "is 8 right?", 双端面 a grinding step, 3把料 no count of handles).
MEASURE_WORDS: dict[str, str] = {
    # (双十一, 双11, 双十二: the shopping festivals of 11 November and 12 December, a day the buyer sells by, no pairs)
    "双": r"(?!端|面|层|头|色(?!差)|向|边|十[一二](?!\d)|1[12](?!\d))",
    "对": r"(?![吗吧的了不啊呀哦么嘛么？?,，。焊接比应照过账齐称折半外内上号头面口])(?!\s*$)",
    "副": r"(?!总|经理|厂长|主任|本|品|作用)",
    "把": r"(?![料货它他她这那东单模门关握])",
    "枚": "",
    "樘": "",
    "卷": "",  # listed so the registry is whole; a roll is a package (PACKAGES), never folded
}
_FOLDED_MEASURES = {word: guard for word, guard in MEASURE_WORDS.items() if word != "卷"}

# The dozen: counted out. Not 打包, 打孔, 打头, 打磨 or any other 打 that is a verb of the work.
DOZEN = "打"
DOZEN_SIZE = 12

# Units of packages, each spelling filed under the one unit it means; weight and length likewise.
MEASURES: dict[str, tuple[str, ...]] = {
    "kg": ("公斤", "千克", "kg", "kgs"),
    "t": ("吨", "t", "ton", "tons"),
    "m": ("米", "m", "meter", "meters", "metre", "metres"),
    "斤": ("斤",),  # half a kilogram: a unit of its own, never kg
}
PACKAGES: dict[str, tuple[str, ...]] = {
    "箱": ("箱", "木箱", "外箱", "box", "boxes", "carton", "cartons", "crate", "crates", "ctn", "ctns"),
    "托": ("托", "托盘", "卡板", "栈板", "pallet", "pallets", "plt", "plts", "skid", "skids"),  # 卡板: pallet in Cantonese
    "包": ("包", "袋", "bag", "bags"),
    # 盘: a coil of wire, counted after a number (盘条 is wire rod); bakara, Arabizi's cable reel (بكرة), never bokra
    "卷": ("卷", "盘", "roll", "rolls", "coil", "coils", "bakara", "bakarat"),
    "桶": ("桶", "drum", "drums"),
}

# The goods' spec, never a count: a shoe size, a colour number, a pipe's nominal size, inches.
NEVER_COUNTS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:色号|颜色号|色卡号|鞋码|尺码|码数|码号)\s*[:：#]?\s*[A-Za-z]{0,2}-?\d+(?:[.\-]\d+)?"),
    re.compile(r"(?<![\d.])\d{2}(?:\.5)?\s*(?:码|号码)(?![头子])"),  # 42码, 38.5码; 码头 is a dock
    re.compile(r"(?<![A-Za-z])DN\s*\d{1,4}(?!\d)", re.IGNORECASE),
    # a paint's colour by its RAL or Pantone number (`RAL 7035`, `RAL9005`), as 色号1102
    re.compile(r"(?<![A-Za-z])(?:RAL|pantone|PMS)\s*[:#]?\s*\d{3,4}(?!\d)", re.IGNORECASE),
    re.compile(r"(?<![\d.])\d{1,2}(?:\.\d)?\s*(?:寸|英寸)(?!步)"),
    # a pressure class, as DN is the size: 16公斤压力 (kg per cm², the trade's spoken bar), PN16; never a weight
    re.compile(r"(?<![\d.])\d{1,3}(?:\.\d)?\s*(?:公斤|kg|KG)\s*(?:的)?\s*压力|(?<![A-Za-z])PN\s*\d{1,3}(?!\d)"),
)

_ANY_NEVER_COUNT = re.compile("|".join(f"(?:{p.pattern})" for p in NEVER_COUNTS), re.IGNORECASE)
_CN = "零一二两三四五六七八九十"
_NUMBER_BEFORE = rf"(?:(?<=[\d{_CN}百千万])\s*)"
# 对 and 把 only right after their number (`7338 对焊法兰` is an order, then a butt-weld flange)
_RIGHT_AFTER_NUMBER = rf"(?<=[\d{_CN}百千万])"
_MEASURE = re.compile("|".join((_RIGHT_AFTER_NUMBER if word in "对把" else _NUMBER_BEFORE) + word + guard
                               for word, guard in _FOLDED_MEASURES.items()))
_COIL = re.compile(rf"{_NUMBER_BEFORE}盘(?!条|子|点|算|问|查|一)")
_DOZENS = re.compile(rf"(?<![\d.{_CN}])(?P<n>\d{{1,3}}|[一二两三四五六七八九十]{{1,3}})\s*打"
                     # (打螺丝 is driving screws; 5打螺栓, 3打螺母 are the fasteners counted in dozens)
                     r"(?![包孔头磨标码印样字卡错折算完好掉烂碎胶光砂底了过一电招听扰扫架钉]|螺丝)")
# 3万5, 1万2, 2万, 1.2万: digits counted in tens of thousands, a trailing digit the thousands (3万5 is 35000).
_TEN_THOUSANDS = re.compile(r"(?<![\d.])(?P<n>\d{1,3}(?:\.\d{1,3})?)\s*万(?P<k>\d(?![\d.]))?(?![\d千百十]|分之)")
# 1.2K, 5K in a Chinese message (`出货 1.2K`, `每卷5K`): a count in thousands, as the floor's English abbreviation
# writes it; only where a count may stand after it (never 10K电阻, 1.5kV, 4K屏)
_THOUSANDS_K = re.compile(r"(?<![\d.A-Za-z])(?P<n>\d{1,3}(?:\.\d{1,3})?)\s*[kK](?=\s*(?:pcs|pc|PCS|[个只件])|\s*$|[\s,，。;；!！)）])")
# 3.2w, 1.5w in a Chinese message (`累计3.2w 还差8000`): w is 万 as a Guangdong floor types it; a decimal only and
# lowercase only, where a count may stand after it (never 5W灯, 10w电阻: a whole number of watts)
_TEN_THOUSANDS_W = re.compile(r"(?<![\d.A-Za-z])(?P<n>\d{1,3}\.\d{1,2})w(?=\s*(?:pcs|pc|PCS|[个只件])|\s*$|[\s,，。;；!！)）])")
# 四千五, 一万二, 两万: a count said with its magnitude (never an order, which is read out digit by digit).
_SPOKEN_MAGNITUDE = re.compile(rf"(?<![\d{_CN}百千万第周拜期])(?P<raw>[{_CN}]{{1,3}}[千万][{_CN}百]{{0,3}})"
                               rf"(?![千万百克米瓦{_CN}]|分之|多|余|来|几|块|元|钱|年|倍|次|遍)")
# 3吨2 is 3.2 tons, as a shop says a weight (the trailing digit the tenths).
_TONS_AND_TENTHS = re.compile(rf"(?<![\d.{_CN}])(?P<n>\d{{1,4}}|[一二两三四五六七八九十]{{1,3}})\s*吨(?P<d>\d|[一二三四五六七八九])"
                              rf"(?![\d.{_CN}万千百个件箱托包袋桶])")  # 3吨2, 一吨二: 3.2 and 1.2 tons
_UNIT_FOLLOWS = re.compile(r"\s*(?:多|余)?\s*(?:" + PIECE_UNIT + r"|箱|托|包|袋|卷|桶|吨|公斤|千克|斤|米|双|对|副|打)")

Edit = tuple[int, int, str]


def _piece(text: str, end: int) -> str:
    """`个` after a count that no unit follows: a count in 万 or 千 is a count, never an order."""
    return "" if _UNIT_FOLLOWS.match(text, end) else "个"


def _edits(folded: str) -> list[Edit]:
    edits: list[Edit] = []
    if "万" in folded:
        for m in _TEN_THOUSANDS.finditer(folded):
            value = round(float(m["n"]) * 10000) + (int(m["k"]) * 1000 if m["k"] and "." not in m["n"] else 0)
            if m["k"] and "." in m["n"]:
                continue  # 1.2万5 is no way of saying a number
            edits.append((m.start(), m.end(), f"{value}{_piece(folded, m.end())}"))
    if "千" in folded or "万" in folded:
        for m in _SPOKEN_MAGNITUDE.finditer(folded):
            try:
                value = int(cn2an.cn2an(m["raw"], "smart"))
            except (ValueError, KeyError, IndexError, TypeError):
                continue
            edits.append((m.start(), m.end(), f"{value}{_piece(folded, m.end())}"))
    if DOZEN in folded:
        for m in _DOZENS.finditer(folded):
            raw = m["n"]
            try:
                count = int(raw) if raw.isdigit() else int(cn2an.cn2an(raw, "smart"))
            except (ValueError, KeyError, IndexError, TypeError):
                continue
            edits.append((m.start(), m.end(), f"{count * DOZEN_SIZE}件"))
    if ("k" in folded or "K" in folded) and not folded.isascii():
        for m in _THOUSANDS_K.finditer(folded):
            edits.append((m.start(), m.end(), f"{round(float(m['n']) * 1000)}{_piece(folded, m.end())}"))
    if "w" in folded and not folded.isascii():
        for m in _TEN_THOUSANDS_W.finditer(folded):
            edits.append((m.start(), m.end(), f"{round(float(m['n']) * 10000)}{_piece(folded, m.end())}"))
    if "吨" in folded:
        for m in _TONS_AND_TENTHS.finditer(folded):
            try:
                whole, tenth = (int(x) if x.isdigit() else int(cn2an.cn2an(x, "smart")) for x in (m["n"], m["d"]))
            except (ValueError, KeyError, IndexError, TypeError):
                continue
            edits.append((m.start(), m.end(), f"{whole}.{tenth}吨"))
    kept: list[Edit] = []
    for edit in sorted(edits):
        if not kept or edit[0] >= kept[-1][1]:
            kept.append(edit)
    return kept


def fold_counts(folded: str, display: str) -> tuple[str, str]:
    """Counts said with a magnitude or by the dozen, and weights in tons and tenths, as figures:
    `3万5` → `35000个`, `两打` → `24件`, `3吨2` → `3.2吨`, edited alike in the folded and written text."""
    if not any(ch in folded for ch in "万千打吨kKw"):
        return folded, display
    for start, end, word in reversed(_edits(folded)):
        folded = folded[:start] + word + folded[end:]
        display = display[:start] + word + display[end:]
    return folded, display


def fold_measure_words(folded: str) -> str:
    """`folded` with measure words of pieces after a number read as 件 (800双 → 800件), and a coil as
    a roll (5盘 → 5卷); same length."""
    if any(word in folded for word in _FOLDED_MEASURES):
        folded = _MEASURE.sub(lambda m: m.group(0)[:-1] + "件", folded)
    if "盘" in folded:
        folded = _COIL.sub(lambda m: m.group(0)[:-1] + "卷", folded)
    return folded


# 一个没剩, 一箱都没剩: not one left is all of it, never a count of one.
_NONE_LEFT = re.compile(r"一(?:个|件|只|双|箱|托|根)(?=\s*(?:都|也)?\s*(?:没|不)\s*(?:剩|留))")


# 一根不少, 一个都没少, 一件不差: not one short, the count right, never a count of one (said of stock or goods in)
_NONE_SHORT = re.compile(r"一(?:个|件|只|双|箱|托|根|条|支|套|片|块|台|张|颗|粒|包|卷|桶|吨)\s*(?:都|也)?\s*(?:不|没有?)\s*(?:少|差|缺)")


def fold_none_left(folded: str) -> str:
    """`folded` with the one of `一个没剩` read as all (全部没剩), and `一根不少` blanked; same length."""
    folded = _NONE_LEFT.sub("全部", folded) if "剩" in folded else folded
    return _NONE_SHORT.sub(lambda m: " " * len(m.group(0)), folded) if "一" in folded else folded


# 箱数:8, 托数 3, 件数：500: a column of a packing list, the label naming the unit of the figure after it (L's rows)
_LABELLED_COUNT = re.compile(r"(?P<u>[箱托包卷桶件个只套])数\s*(?:[:：=]|为|是)?\s*(?P<n>\d+)(?![\d.])")


def fold_labelled_counts(folded: str) -> str:
    """`folded` with a count labelled by its unit (`箱数:8`) said as counts are (`   8箱`); same length."""
    if "数" not in folded:
        return folded
    return _LABELLED_COUNT.sub(lambda m: " " * (len(m.group(0)) - len(m["n"]) - 1) + m["n"] + m["u"], folded)


def blank_never_counts(folded: str) -> str:
    """`folded` with sizes, pressure classes and colour numbers blanked to `_` (42码, 色号1102, DN50, 3寸, PN16); same length."""
    if not any(ch in folded for ch in "码号寸DNdn力P") or not any(ch.isdigit() for ch in folded) \
            or not _ANY_NEVER_COUNT.search(folded):
        return folded
    for pattern in NEVER_COUNTS:
        folded = pattern.sub(lambda m: "_" * len(m.group(0)), folded)
    return folded


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
