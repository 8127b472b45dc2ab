"""The Japanese shop floor's words, as the Chinese staff and the Japanese managers of Japanese-owned plants write them.

A Japanese-owned maker of auto and precision parts (Dalian, Suzhou, Wuxi, Guangzhou: a large share of China's tier-1
and tier-2 suppliers) runs its floor in the words of its mother plant, and its Chinese staff write those words in
Chinese characters: 检品 (検品, the outgoing inspection), 全数检查 (全数検査, every piece checked: 全检), 受入检查
(受入検査, the incoming inspection), 不具合 (a nonconformity), 打痕 (a dent from a knock), 寸法 (dimensions), 异品 (a wrong
part), 异音 (an abnormal noise), 旋削/研削/烧入 (turning, grinding, quenching), 品番 (the part number), 予定 (the plan), 手配
(ordering the material), 治具 (a jig), 指示书 (an instruction sheet), 注文 (an order). The words the Taiwanese-, Japanese- and
Korean-owned suppliers share (纳期, 初品, 素材, 入荷, 段取) are handlers/reading_register_tw.py's; 出荷 and 纳品 are
handlers/regional_words.py's. Here, like there, each replacement is as long as what it replaces, so the descriptions
cut from the text as written still line up (`打痕` is read as 碰伤 and kept as 打痕).

The Japanese managers write short Japanese (了解です, 進捗どうですか, 月曜出荷です), and their staff mix its kana words
into Chinese (出荷待ち, 纳期遅れ, キズ, ロットNo.): `JAPANESE` says a message holding kana in the Chinese it means,
as handlers/reading_languages.py says Vietnamese or Spanish, and `as_written` puts a description back in the
sender's words. The words come from the register's own glossary (the Japanese quality and logistics words of the
Toyota production system and JIS Z 8101), not from one writer's lines.
"""

from __future__ import annotations

import re

from handlers.fast_search import needs_any, quicken
from handlers.reading_languages import Language, as_written_in
from handlers.reading_register import same_length

__all__ = ["JAPANESE", "as_written", "fold_register_jp", "in_chinese"]

# --- The register's words in Chinese characters: same length, on simplified text ------------------------------------
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # the incoming inspection (受入検査) at the buyer's or its own gate: the goods received and checked; first, so its
    # 检 is never read as the supplier's own outgoing 检品
    (re.compile(r"受入检查|受入检验"), "来料检验"),
    (re.compile(r"受入检品"), "来料检验"),
    (re.compile(r"受入(?=\s*(?:检|OK|ok|NG|ng|合格|不合格))"), "来料"),
    # every piece checked (全数検査, 全数再检查 after a countermeasure): what Chinese calls 全检
    (re.compile(r"全数检查|全数检验"), "全检  "),
    (re.compile(r"全数再检查|全数再检验"), "再全检  "),
    # the supplier's outgoing inspection (検品): the final inspection
    (re.compile(r"(?<![进入来料])检品"), "终检"),
    # a nonconformity (不具合): a defect; one asked about as still open (没处理, 未对应) is the open problem, an exception
    (re.compile(r"不具合(?=\s*(?:没|未|还没)\s*(?:处理|对应|解决|关))"), "异常 "),
    (re.compile(r"不具合"), "不良品"),
    # the steps of the register: 旋削 turning (车削), 研削 grinding (磨削), 烧入/焼入 quench hardening (淬火)
    (re.compile(r"旋削"), "车削"),
    (re.compile(r"研削"), "磨削"),
    (re.compile(r"[烧焼]入(?!库|仓)"), "淬火"),
    # the material's arrival (素材入荷): the material in, never the goods received at the buyer's (素材入荷遅れ is the
    # material late)
    (re.compile(r"(?:(?<=素材)|(?<=材料)|(?<=原料))\s*入荷"), "到料"),
    # the defects of the register: 打痕 a dent from a knock (碰伤), 寸法 the dimensions (寸法NG: out of size)
    (re.compile(r"打痕"), "碰伤"),
    (re.compile(r"(?<![\d一二两三四五六七八九十半])寸法(?!兰)"), "尺寸"),  # never 4寸法兰 (a 4-inch flange)
    # the part number (品番) with its code names no order, count or lot: blanked
    (re.compile(r"品番\s*[:：]?\s*[A-Za-z0-9][A-Za-z0-9\-_/.]*"), ""),
    # 异品 (異品) is a wrong part, mixed in among the right ones (异品混入): a part of another number; 异音 (異音) an
    # abnormal noise, what the reader knows as 异响
    (re.compile(r"异品"), "错件"),
    (re.compile(r"异音"), "异响"),
    # the plan (予定), ordering the material (手配), a jig (治具), an order (注文)
    (re.compile(r"予定"), "计划"),
    (re.compile(r"手配"), "采购"),
    (re.compile(r"治具"), "夹具"),
    # an instruction sheet (指示书: 出荷指示书 the shipping order, 作业指示书 the work sheet), and its arrival, are papers:
    # no goods moved nor made (出荷指示书收到了 明天出荷 is the plan alone)
    (re.compile(r"(?:出货|作业|生产|检查)?指示书(?:\s*(?:已(?:经)?)?(?:收到|到)了?)?"), ""),
    (re.compile(r"注文"), "订单"),
    # a deal handled (対応完了, 对应完了): done with, as a buyer closes an exception
    (re.compile(r"[对対]应完了"), "处理好了"),
)

_REPLACEMENTS = tuple((pattern, same_length(word)) for pattern, word in _RULES)


def fold_register_jp(folded: str) -> str:
    """`folded` with the register's words replaced, span for span (same length, index for index)."""
    if folded.isascii() or (_ANY_RULE is not None and _ANY_RULE.search(folded) is None):
        return folded
    for pattern, replace in _REPLACEMENTS:
        folded = pattern.sub(replace, folded)
    return folded


# --- Kana: Japanese words said in Chinese (the text's length changes; `as_written` puts a description back) -----------
_KANA = re.compile(r"[\u3040-\u30ff]|巣")

_WEEKDAY = {"月": "一", "火": "二", "水": "三", "木": "四", "金": "五", "土": "六", "日": "日"}

_JA_WORDS: tuple[tuple[str, str], ...] = (
    # courtesies: no fact (了解 is the reader's own noted; お疲れ様です the greeting of the day's work)
    ("お疲れ様です|お疲れさまです|おつかれさまです|お疲れ様|お疲れさま", "辛苦了"),
    ("宜しくお願いします|よろしくお願いします|宜しくお願い致します|よろしくお願い致します|よろしくお願いいたします"
     "|宜しく|よろしく", "谢谢"),
    ("ありがとうございます|ありがとう", "谢谢"),
    ("了解です|了解しました|承知しました|かしこまりました", "了解"),
    ("教えてください|教えて下さい", "告诉我"),
    # the questions of a manager: how it stands, when it goes, whether the date holds
    ("進捗どうですか|進捗は\\?|進捗は？|進捗", "进度"), ("どうですか|どう", "怎么样"),
    ("大丈夫ですか", "没问题吗"), ("大丈夫", "没问题"),
    ("はいつ|いつ", "什么时候"),
    ("ありますか|ある", "有"), ("ないです|ない", "没有"),
    # the floor's words: late, a scratch, a void in a casting, a lot
    ("遅れて|遅れ|遅延", "延误"), ("キズ|傷", "划伤"), ("巣", "气孔"),
    ("ロットNo\\.|ロットNO\\.|ロットno\\.|ロット番号|ロット", "批号"),
    ("ですか|ますか", "吗"), ("です|ます|でした|ました", ""), ("の", "的"),
)
_JA_MEANING = {spelling.replace("\\", ""): chinese for spellings, chinese in _JA_WORDS for spelling in spellings.split("|")}
_JA_WORD = re.compile(
    # 出荷待ち: waiting for the step, said as Chinese says it (待出荷), so the step is no fact of its own
    r"(?P<waited>[\u4e00-\u9fff]{1,2})待ち"
    # 月曜, 月曜日: the weekday
    r"|(?P<day>[月火水木金土日])曜日?"
    r"|(?P<word>" + "|".join(f"(?:{spellings})" for spellings, _ in _JA_WORDS) + ")")


def _japanese_chinese(match: re.Match[str]) -> str:
    if match["waited"] is not None:
        return f"待{match['waited']}"
    if match["day"] is not None:
        return f"周{_WEEKDAY[match['day']]}"
    return _JA_MEANING.get(match["word"], match["word"])


def _is_japanese(text: str) -> bool:
    return not text.isascii() and _KANA.search(text) is not None


JAPANESE = Language("ja", _is_japanese, _JA_WORD, _japanese_chinese)


def in_chinese(text: str) -> str:
    """`text` with the kana words of a Japanese message said in Chinese; any other text as it is. Its spaces stay:
    Japanese is no learner's Chinese spaced word by word (handlers/reading_languages.py), they part its clauses."""
    return _JA_WORD.sub(_japanese_chinese, text) if _is_japanese(text) else text


def as_written(value: str, original: str) -> str:
    """A description read from a Japanese message said in Chinese, in the sender's words again (`划伤` back to `キズ`)."""
    return as_written_in(JAPANESE, value, original) if _is_japanese(original) else value


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)

# Every rule's words in one guard: a message with none of them is passed over at one search.
_ANY_RULE = needs_any(pattern for pattern, _ in _RULES)
