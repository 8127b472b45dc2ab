"""A Japanese sentence of a report, said in the Chinese the reader knows before the message is read.

The Japanese staff of Japanese-owned plants in China (Wuxi, Suzhou, Dalian: precision parts and car electronics) and
the Chinese subcontractors who answer them write the bot in Japanese: kanji words the reader shares (材料, 検査, 出荷,
加工), but the tense, the negation and the reason in kana grammar (出荷しました shipped, 出荷します will ship, まだ届いて
いません not come yet, 材料遅れで because the material is late), the steps and defects in katakana (メッキ plating,
プレス stamping, バリ a burr) and the days in Japanese (明後日, 一昨日, 再来週). Read as Chinese, 出荷します is a
shipment made and 一昨日 is yesterday. As handlers/reading_portuguese.py says Portuguese in English, each Japanese word
of a report is said here as the Chinese word it means, in place, and a reason or description read from it is put back in
the sender's words (`as_written`). The words are the language's grammar of a report and the Japanese shop floor's
glossary (the words of handlers/reading_register_jp.py, written in Japanese), not one writer's lines:

- Tense: a verb's past (〜ました, 〜た, 〜済み) is the fact done (了), its non-past (〜します, 〜ます) the plan, 〜中 and
  〜ています the work under way, 〜ていません / まだ not yet; 予定 is the plan, 見込み the expectation.
- The reason comes first, ended by で / のため / ので (`材料遅れで 出荷 2日 遅れます`): said as Chinese's 因为 … ，.
- Days: 本日, 明後日/あさって (后天), 一昨日/おととい (前天), 今週/来週/再来週/先週, 午前中/午後/朝; weekdays are
  handlers/reading_register_jp.py's.
- The slips of a Japanese keyboard's kana-to-kanji conversion, read as meant: 出火 for 出荷, 乳化 for 入荷, 官僚 for 完了,
  不漁 for 不良, 農機 for 納期, 諸品 for 初品, 険査 for 検査, 了階 for 了解 (a Chinese word said by these is no Japanese
  message's: the gate below keeps them to Japanese sentences), and words left in kana (しゅっか, にゅうか, けんさ, かこう)
  or typed in romaji (shukka shimashita, zairyou tsukimashita).

A message is Japanese's when it holds Japanese grammar in hiragana (a verb's ending, a particle between words) or a
romaji report word, and none of Chinese's own grammar characters (的, 吗, 没, 还, 这, 们, 个, 货, 发, ...): a Chinese
message with a Japanese word in it (纳期遅れ, 出荷待ち, キズ 5个) is handlers/reading_register_jp.py's as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.fast_search import quicken
from handlers.reading_languages import as_typed, said_over

__all__ = ["as_written", "asks_first", "in_chinese", "is_japanese", "unread_kana"]

_K = "\u4e00-\u9fff\u3005"  # kanji (and 々)
_KANA = "\u3040-\u30ff"

# (spellings, Chinese), longest first where one holds another; "" says a word carrying no fact.
_WORDS: tuple[tuple[str, str], ...] = (
    # courtesies: no fact
    ("お世話になっております|お世話になります|おはようございます|休み明けです", ""),
    # the courtesies handlers/reading_register_jp.py says of a Chinese message, said as it says them (noted)
    ("お疲れ様です|お疲れさまです|おつかれさまです|お疲れ様|お疲れさま", "辛苦了"),
    ("ありがとうございます|ありがとう", "谢谢"),
    ("了解です|了解しました|承知しました|かしこまりました", "了解"),
    ("大変申し訳ございません|申し訳ございません|申し訳ありません|すみません|すいません", ""),
    ("ご確認お願いします|ご確認ください|ご確認をお願いします", ""),
    ("よろしくお願いします|よろしくお願い致します|宜しくお願いします|よろしくお願いいたします", "谢谢"),
    # the slips of the kana-to-kanji conversion, and words left in kana, as meant
    ("出火", "出荷"), ("乳化", "入荷"), ("官僚", "完了"), ("不漁", "不良"), ("農機", "纳期"), ("諸品", "初品"),
    ("険査", "检查"), ("しまいた", "しました"),
    ("しゅっか", "出荷"), ("にゅうか", "入荷"), ("けんさ", "检查"), ("ごうかく", "合格"), ("かこう", "加工"),
    ("よてい", "计划"), ("あさって", "后天"), ("おととい", "前天"), ("まちがい", "错了"),
    # days and times of day
    ("明後日", "后天"), ("一昨日", "前天"), ("本日着", "本日到了"), ("着予定", "计划到"), ("今日中に|今日中", "今天"),
    ("再来週の|再来週", "下下周"), ("来週の|来週", "下周"), ("今週の|今週", "本周"), ("先週の|先週", "上周"),
    ("半分終わりました|半分終わった|半分完了|半分できました", "完成50%"),
    ("今日の午後|今日午後", "今天下午"), ("明日の午前中|明日の朝|明日朝", "明天上午"), ("午前中", "上午"),
    ("午後", "下午"), ("残りは|残り", "剩下"),
    # the steps said in katakana or in Japanese kanji
    ("ニッケルメッキ", "镀镍"), ("メッキ屋さん|メッキ屋", "电镀厂"), ("メッキ", "电镀"), ("アルマイト", "阳极氧化"),
    ("プレス", "冲压"), ("射出成形|成形", "注塑"), ("組立", "组装"), ("リフロー", "回流焊"),
    ("実装遅れ", "実装延误"), ("実装", "贴片"), ("ショットブラスト", "喷砂"), ("ポッティング", "灌胶"), ("端子圧着|圧着", "压接"), ("ハーネス", "线束"),
    ("溶接", "焊接"), ("塗装", "喷涂"), ("旋盤加工|旋盤", "车加工"), ("焼入れ", "淬火"), ("焼戻し", "回火"),
    ("熱処理", "热处理"), ("黒染め", "发黑"), ("脱脂洗浄|洗浄", "清洗"), ("梱包", "包装"), ("カシメ", "铆压"),
    ("バリ取り", "去毛刺"), ("量産", "量产"),
    # the inspections: a supplier's bare 検査 is the final one (the plant's is 受入検査, its receipt)
    ("受入検査", "来料检验"), ("出荷前検査|出荷検査|最終検査|完成品検査|最終険査", "终检"), ("全数検査", "全检"),
    ("検査員", "检验员"), ("検査", "检验"), ("出荷準備中", "待出荷"), ("完成予定", "完工计划"),
    ("全数 出荷|全数出荷", "全部 出荷"), ("最終ロット", "最后一批"), ("初回分", "第一批"), ("外観", "外观"),
    ("お願いします|お願い致します|お願いいたします", ""), ("ずれ", "偏移"), ("バレル研磨", "滚光"), ("トラック", "卡车"),
    ("進んでます|進んでいます", "进行中"), ("くらい|ぐらい", "左右"), ("見つかりました", "发现"),
    ("から戻りました|から 戻りました|から戻ってきました|から 戻ってきました|から戻った", "回来了"), ("までに|まで", "之前"), ("から", "开始"),
    ("どちらも|両方とも", "都"),
    # the first article, the receipt
    ("初物", "首件"), ("検収しました|検収済み|検収済", "验收OK"), ("入庫済み|入庫済", "已入库"),
    ("受入完了", "已入库"),
    # lack
    ("欠品中", "缺料"), ("足りないです|足りない", "不够"),
    # the defects
    ("段取り直し|段取直し", "重新调机"), ("手直し", "返工"), ("選別", "挑选"), ("廃棄", "报废"), ("返品", "退货"),
    ("前の|先ほどの|さっきの", "刚才的"), ("物流に確認中", "在确认"),
    # the verbs, by tense: done
    ("届いていません|来ていません|届いてない|来てない|入っていません", "没到"),
    ("届きました|届いた|着きました|来ました|入りました|揃いました|揃っています|揃ってます", "到了"),
    ("受け取りました", "收到了"),
    ("戻ってきました|戻りました|戻った", "回来了"), ("戻ります|戻る予定|戻り予定", "回来"),
    ("終わりました|終わった|終わって|終わり|終了しました|終了", "完成了"),
    ("終わります|終わる", "能完成"), ("終わる予定", "计划做完"),
    ("できました|できてます|できています|出来ました", "好了"),
    ("始めました|開始しました|再開しました|始めてます", "开始了"),
    ("発送", "发货"), ("休みで|休みのため|休み", "休息"), ("出しました", "送了"), ("出します", "送"),
    ("お送りしました|送りました|送付しました", "送了"), ("お送りします|送ります|持って行きます", "送"),
    ("提出済み|提出しました", "提交了"), ("提出します", "提交"),
    ("合格しました", "合格了"), ("承認しました|承認いただきました|承認 いただきました", "批准了"),
    ("済みです|済み|済", "了"), ("完了しました", "完成了"),
    ("致しました|いたしました|しました|しました", "了"),
    # not yet, not
    ("まだです", "还没"), ("まだ", "还"),
    ("問題ないです|問題なし|問題ありません", "没问题"), ("合ってます|合っています", "对"),
    # late, moved
    ("送れます|遅れます", "推迟"), ("遅れてて|遅れて|遅れ", "延误"), ("ずれます|ずれ込みます", "推迟"),
    ("延期させてください", "推迟"), ("以降になります", "以后"),
    ("無理です", "不行"),
    # the plan
    ("予定です|予定", "计划"), ("見込みです|見込み", "预计"), ("可能です", "可以"), ("できます", "可以"),
    ("いたします|致します|します|やります", ""),
    # under way
    ("してます|しています|ています|てます", "中"),
    # the reason ended
    ("のため|ため|なので|ので", "，"),
    # the copula and what is left of the grammar
    ("になります|になりま", ""), ("ありました|あり", "有"), ("ました|です|ます|でした", ""),
)
# a particle after a word (the reason's で, the topic's は, the subject's が, the object's を, a day's に): a pause
_AND = rf"(?<=[{_K}\u30a1-\u30fc])と(?=[{_K}\u30a1-\u30fc])"  # 基板と部品: the board and the parts
_PARTICLE = rf"(?<=[{_K}\u30a1-\u30fc\w)])(?:で|は|が|を|に|も)(?![\u3041-\u309f])"
_ROMAJI: tuple[tuple[str, str], ...] = (
    ("shukka shimashita|shukka simasita|shukka shimasita", "出荷了"),
    ("zairyou tsukimashita|zairyo tsukimashita|zairyou tsukimasita", "材料到了"),
    ("mekki modori mashita|mekki modorimashita", "电镀回来了"),
    ("kensa OK desu|kensa ok desu", "检查OK"),
)
_ROMAJI_KO = r"(?<=\d)\s*ko(?![A-Za-z])"
_DAYS_LATE = r"(?<=(?<![\d/月])\d)日(?=\s*(?:遅|延|後))"  # 2日 遅れます: two days (a date is 10月15日, 9/8)
_WEEKDAY = {"月": "一", "火": "二", "水": "三", "木": "四", "金": "五", "土": "六", "日": "日"}
_SHARE_LEFT = r"残り\s*(?P<tenths>\d)割"  # 残り 4割: four tenths left, six done
_LATER_THAN = r"(?P<later>\d{1,2}/\d{1,2}|\d{1,2}月\s*\d{1,2}日)\s*以降(?:になります|です)?"  # 11/2 以降: put off to it
_ARTICLE_SENT = r"(?P<article>初品|初物)\s*(?:を\s*)?(?:送りました|送付しました|お送りしました|提出しました|提出済み)"
_PIECES_EACH = r"(?P<each>\d+)個入り"  # 500個入り: 500 a package

_MEANING = {spelling: chinese for spellings, chinese in (*_WORDS, *_ROMAJI) for spelling in spellings.split("|")}
_WEEK = {"再来週": "下下周", "来週": "下周", "今週": "本周", "先週": "上周"}
_WORD = re.compile(
    # the special forms first: at one place the first alternative that matches is taken
    rf"(?P<week>再来週|来週|今週|先週)の?\s*(?P<weekday_of>[月火水木金土日])曜日?"
    rf"|(?P<check>出荷前検査|出荷検査|最終検査|完成品検査|全数検査|検査)\s*(?:OK|ＯＫ)(?:です)?(?P<then>、)?(?![A-Za-z])"
    rf"|(?P<late_days>\d+)日\s*(?:遅れます|延期します|延期)"
    rf"|{_SHARE_LEFT}|{_LATER_THAN}|{_ARTICLE_SENT}|"
    + "|".join(sorted((re.escape(spelling) for spelling in _MEANING), key=len, reverse=True))
    + rf"|(?P<particle>{_PARTICLE})|(?P<and>{_AND})|(?P<ko>{_ROMAJI_KO})|(?P<days>{_DAYS_LATE})|{_PIECES_EACH}|(?P<weekday>[月火水木金土日])曜日?", re.IGNORECASE)

# Japanese grammar in hiragana: a verb's ending or a particle between words (no Chinese sentence holds them)
_GRAMMAR = re.compile(rf"ま(?:す|した|せん|いた)|でした|です|ている|てい|てま|ってる|ください|になり|までに|ので|ため"
                      rf"|でき|ません|済み|(?<=[{_K}{_KANA}\w])(?:で|は|が|を|に)(?=\s|、|,)")
_ROMAJI_GATE = re.compile(r"(?<![A-Za-z])(?:shimashita|simasita|shimasita|tsukimashita|modori|mashita|desu)(?![A-Za-z])",
                          re.IGNORECASE)
# Chinese's own grammar and simplified characters a Japanese sentence never holds
_CHINESE = re.compile(r"[的吗呢吧没还这那们个货发过说给么啊呀嘛纳]|(?<![完終])了(?!解|階)")
_HAS_KANA = re.compile(rf"[{_KANA}]")
_KATAKANA_WORD = re.compile("|".join(sorted((spelling for spelling in _MEANING if re.fullmatch(r"[\u30a1-\u30fc]{2,}", spelling)),
                                            key=len, reverse=True)))
# the shapes of characters Japanese alone writes so (Chinese writes 检 and 檢, 济 and 濟, 发 and 發, 观 and 觀 ...)
_JAPANESE_FORM = re.compile(r"[検済発処観圧焼戻揃届込実鉄単対産収価気歩黒頼捗抜乗図営様売転軽]|初回分|欠品|再来週|一昨日|明後日|受入完了|個入り")


def is_japanese(text: str) -> bool:
    """A Japanese sentence: Japanese grammar in hiragana or romaji, a katakana word of the shop floor or a character of
    Japanese's own forms (検, 済, 発, 観), and no grammar of Chinese's."""
    if text.isascii():
        return _ROMAJI_GATE.search(text) is not None
    if _CHINESE.search(text) is not None:
        return False
    if _HAS_KANA.search(text) is not None:
        return _GRAMMAR.search(text) is not None or _KATAKANA_WORD.search(text) is not None \
            or _JAPANESE_FORM.search(text) is not None
    return _JAPANESE_FORM.search(text) is not None


def _chinese(match: re.Match[str]) -> str:
    if match["and"] is not None:
        return "和"
    if match["particle"] is not None:
        return " " if match.string[match.start() - 1].isascii() else ""
    if match["check"] is not None:  # 最終検査OK: the check passed, a fact done (终检OK了)
        # 、 after it is Japanese's clause comma, the next fact's start (Chinese's ，; its 、 lists)
        return f"{_MEANING[match['check']]}OK了" + ("，" if match["then"] else "")
    if match["late_days"] is not None:
        return f"推迟{match['late_days']}天"
    if match["tenths"] is not None:
        return f"完成{100 - 10 * int(match['tenths'])}%"
    if match["later"] is not None:
        return f"推迟到 {match['later']}"
    if match["article"] is not None:
        return "首件 送检了"
    if match["week"] is not None:
        return f"{_WEEK[match['week']]}{_WEEKDAY[match['weekday_of']]}"
    if match["weekday"] is not None:
        return f"周{_WEEKDAY[match['weekday']]}"
    if match["days"] is not None:
        return "天"
    if match["each"] is not None:
        return f"每箱{match['each']}个"
    if match["ko"] is not None:
        return "个"
    return _MEANING.get(match.group(0), _MEANING.get(match.group(0).lower(), match.group(0)))


def _said(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _chinese(m)) for m in _WORD.finditer(text)]


@lru_cache(maxsize=4096)
def in_chinese(text: str) -> str:
    """`text`, a Japanese sentence, with its words of a report said in Chinese; any other text as it is."""
    if not is_japanese(text):
        return text
    return said_over(text, _said(text))


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in Chinese, in the sender's own words again: the span of the
    message it was read from, as typed (`材料遅れ`, not `材料延误`)."""
    if not value or not is_japanese(original):
        return value
    typed = as_typed(_said(original), value, original)
    return value if typed is None else typed


# a day said impossible (月曜は無理です, 金曜は無理): the day it cannot and the day it can are both named
_DAY_IMPOSSIBLE = re.compile(r"(?:[月火水木金土日]曜日?|\d{1,2}/\d{1,2}|明日|今日|今週|来週)\s*(?:は|も)?\s*無理")


def asks_first(text: str) -> bool:
    """A Japanese message whose reading is shown first: a day said impossible beside the day it moves to, which of
    them the reader took for the new day being the sender's to confirm."""
    return "無理" in text and is_japanese(text) and _DAY_IMPOSSIBLE.search(text) is not None


_UNREAD_HIRAGANA = re.compile(r"[\u3041-\u309f]{2}")
_UNREAD_KATAKANA = re.compile(r"[\u30a1-\u30fa][\u30a1-\u30fc]")


def unread_kana(text: str, folded: str) -> bool:
    """Japanese left unread once the message is folded: two hiragana together (a stray の or ー of a Chinese message
    is none), or, in a Japanese sentence, a katakana word: a sentence whose grammar or a word of which the reader has
    not said, so its figures and days may be of anything."""
    if _HAS_KANA.search(text) is None:
        return False
    return _UNREAD_HIRAGANA.search(folded) is not None \
        or (_UNREAD_KATAKANA.search(folded) is not None and is_japanese(text))


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
