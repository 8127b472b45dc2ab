"""The Hangul words of the trade, as the Korean managers, QC and ethnic-Korean coordinators of Korean-owned plants
mix them into their Chinese, said in Chinese before the message is read.

A Korean-owned maker of auto parts and display modules (Yantai, Weihai, Tianjin, Suzhou: the Korean tier-1s and their
Chinese subcontractors) runs its floor in Korean: 입고 (入库, booked in), 출하 (出荷, shipped), 불량 (不良, a defect),
초도품 (初度品, the first article), 납기 (納期, the delivery date), 원자재 (原資材, raw material), 부족 (不足, short),
장비 고장 (裝備 故障, a machine broken), and `EA` as the piece. Its Sino-Korean words written in Chinese characters
(纳期, 初品) are handlers/reading_register_tw.py's and handlers/regional_words.py's; here are the ones written in
Hangul, with the courtesies that wrap them (네, 감사합니다, 수고하세요, 죄송합니다), which carry no fact, and the
few words of a question or a promise (어떻게 됐어요, 제가 처리할게요) that decide what a line is. Unread, each was
an unknown word, and the line around it lost its step, its day or its whole meaning.

A message is read so only when it holds Hangul (`KOREAN`), so no other message changes; each word is said as the
Chinese it means, as handlers/reading_languages.py says Vietnamese, and `as_written` puts a reason or description
back in the sender's words (`장비 고장`). The words come from the register's own glossary (the Korean quality and
logistics words of the Hyundai/Kia and Samsung/LG supplier manuals), not from one writer's lines.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken
from handlers.reading_languages import Language, as_written_in

__all__ = ["KOREAN", "as_written", "in_chinese"]

# Hangul syllables and letters (ㅋㅋ, ㅎㅎ are laughter in letters alone)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SYLLABLE = "\uac00-\ud7a3"

# (spellings, Chinese): longer phrases first, so a phrase is read whole before its words
_KO_WORDS: tuple[tuple[str, str], ...] = (
    # the buyer's own check promised for a day (내일 확인할게요): no day of the order's, a courtesy
    ("(?:내일|오늘|나중에|이따가?)\\s*(?:다시\\s*)?(?:확인할게요|확인하겠습니다|볼게요|보겠습니다)", "好的"),
    # the stock short: a shortage
    ("(?:원자재|원재료|자재)\\s*부족", "原材料不足"),
    # --- the trade's words -------------------------------------------------------------------------------------------
    ("초도품|초품|초물", "首件"),  # the first article (初度品)
    ("출하\\s*검사|출하검사", "出货检验"),  # the outgoing inspection
    ("출하\\s*완료", "出货完成"),  # shipping completed: the whole order out
    ("출하", "出货"),
    ("입고\\s*예정", "要到货"),  # due in (入庫 豫定): what the warehouse expects
    ("입고\\s*완료", "入库完成"),  # booked in (入庫) at the buyer's gate, or the supplier's stock come in
    ("입고\\s*(?:됐어요|됐습니다|되었습니다|됐어|완료됐어요)", "入库了"),
    ("입고", "入库"),
    ("원자재|원재료|자재", "原材料"),
    ("부족", "不足"),  # short (不足): the stock is short
    ("불량", "不良"),  # a defect (不良)
    ("스크래치|찍힘", "划伤"),  # a scratch, a dent
    ("납기", "交期"),  # the delivery date (納期)
    ("장비\\s*고장|설비\\s*고장", "设备故障"),  # a machine broken down: a reason
    ("고장", "故障"),
    ("고객", "客户"),
    ("완료", "完成"),
    ("예정", "计划"),
    ("지연", "延误"),
    # --- days ----------------------------------------------------------------------------------------------------
    ("오늘", "今天"), ("내일", "明天"), ("모레", "后天"), ("어제", "昨天"),
    # --- a question, a promise, an apology -------------------------------------------------------------------------
    ("잘\\s*지켜요\\?|잘\\s*지켜요|잘\\s*지키나요\\?|잘\\s*지키나요", "准时吗?"),  # does he keep his dates?
    ("어떻게\\s*써요|어떻게\\s*사용해요|어떻게\\s*쓰나요", "怎么用"),
    ("뭐\\s*있어요|뭐\\s*있나요", "有哪些"),
    ("제가\\s*(?:처리할게요|처리하겠습니다|맡을게요|맡겠습니다|볼게요|보겠습니다)", "我来处理"),  # taking an exception on
    ("잘못\\s*(?:보냈어요|보냈습니다|보냈네요|보냈어)", "发错了"),  # the last message sent wrong
    # the apology closing a message carries nothing (是百分之七十 打错了 죄송: the correction said, then sorry); before
    # a value it is the apology before a correction, as 不好意思
    ("(?:죄송합니다|죄송해요|죄송)(?=[\\s.!~]*$)", ""),
    ("죄송합니다|죄송해요|죄송", "不好意思"),
    # --- courtesies: no fact --------------------------------------------------------------------------------------
    ("감사합니다|감사해요|감사|고맙습니다|고마워요", "谢谢"),
    ("수고하셨습니다|수고하셨어요|수고\\s*많으셨습니다|수고하세요|수고하십시오", "辛苦了"),
    ("(?:명절|추석|설날|연휴|주말)?\\s*잘\\s*보내세요", "节日快乐"),  # a holiday's greeting
    ("확인했습니다|확인했어요|확인\\s*했어요|확인했어", "收到"),
    ("했어요|했습니다", "了"),
    ("알겠습니다|알겠어요|알았어요|알았습니다", "好的"),
    ("(?<![" + _SYLLABLE + "])(?:네|넵|넹|예)(?![" + _SYLLABLE + "])", "好的"),
    ("그럼|그러면", ""),
    ("ㅋ{2,}|ㅎ{2,}", "哈哈"),  # laughter
)
# one named group a table row, so the row a match came from says its Chinese (a spelling may stand in two rows: 죄송
# closing a message, and before a value)
_KO_WORD = re.compile("|".join(f"(?P<w{row}>{spellings})" for row, (spellings, _) in enumerate(_KO_WORDS)))
_KO_CHINESE = {f"w{row}": chinese for row, (_, chinese) in enumerate(_KO_WORDS)}


def _korean_chinese(match: re.Match[str]) -> str:
    return _KO_CHINESE.get(match.lastgroup or "", match.group(0))


def _is_korean(text: str) -> bool:
    return not text.isascii() and _HANGUL.search(text) is not None


KOREAN = Language("ko", _is_korean, _KO_WORD, _korean_chinese)


def in_chinese(text: str) -> str:
    """`text` with the Hangul words of a Korean writer's message said in Chinese; any other text as it is."""
    return _KO_WORD.sub(_korean_chinese, text) if _is_korean(text) else text


def as_written(value: str, original: str) -> str:
    """A reason or description read from a message with Hangul said in Chinese, in the sender's words again (`设备故障`
    back to `장비 고장`)."""
    return as_written_in(KOREAN, value, original) if _is_korean(original) else value


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
