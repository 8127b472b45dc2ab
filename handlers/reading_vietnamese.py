"""Vietnamese words of a report, said in Chinese before the message is read.

Chinese plants in Vietnam (Bac Ninh, Hai Phong, Binh Duong) have Vietnamese supervisors write the bot in the
Chinese they learned at work, with Vietnamese words mixed in: `hàng đã 发 hết rồi` (the goods are all sent),
`SMT xong rồi, ngày mai 组装` (SMT done, assembly tomorrow). Unread, such a message was a string of unknown words,
and its Latin letters broke into English ones (`hàng` held `ng`, NG). The words here are those of a report, taken
from the dictionary: days, done and not yet, the goods and their moves, material short, checked, pieces and cartons,
what went wrong. Each is said as the Chinese word it means, so the whole message is read (and its reason or
description shown) as the Chinese the reader knows. Words whose letters without their tone marks are other words
(`hỏng` broken and `Hồng`, a name; `đang` and the pinyin dang) are read only with their marks; a message is read so
only when it is Vietnamese: a letter only Vietnamese writes, or a word of its grammar.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["as_written", "vietnamese_in_chinese"]

_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]|(?<![A-Za-z])(?:xong|chua|ngay mai|hom nay|hom qua)(?![A-Za-z])"
                         r"|(?<![A-Za-z\u00c0-\u024f])(?:ngày|hàng|cái|về|giao|lô|thứ|tháng)(?![A-Za-z\u00c0-\u024f])",
                         re.IGNORECASE)

_WEEKDAYS = {"2": "一", "hai": "一", "3": "二", "ba": "二", "4": "三", "tư": "三", "tu": "三", "5": "四", "năm": "四",
             "nam": "四", "6": "五", "sáu": "五", "sau": "五", "7": "六", "bảy": "六", "bay": "六"}

_WORDS: tuple[tuple[str, str], ...] = (
    ("ngày mai|ngay mai", "明天"), ("ngày kia|ngay kia", "后天"), ("hôm kia|hom kia", "前天"), ("hôm nay|hom nay", "今天"),
    ("hôm qua|hom qua", "昨天"),
    ("tuần sau|tuan sau", "下周"), ("tuần này|tuan nay", "本周"), ("cuối tháng|cuoi thang", "月底"),
    ("chủ nhật|chu nhat", "周日"),
    ("nguyên vật liệu|nguyên liệu|vật liệu|nguyen vat lieu|nguyen lieu|vat lieu", "原料"),
    ("kiểm tra xuất hàng|kiem tra xuat hang", "出货检验"), ("kiểm tra|kiem tra", "检验"),
    ("xuất hàng|giao hàng|xuat hang|giao hang", "发货"), ("nhập kho|nhap kho", "入库"), ("xuất kho|xuat kho", "出库"),
    ("mất điện|cúp điện|mat dien|cup dien", "停电"), ("bão", "台风"), ("xe", "车"), ("trầy xước|trầy", "划伤"),
    ("xong rồi|xong roi|xong|hết rồi", "完了"), ("hết", "完"), ("chưa|chua", "还没"), ("đã", "已"), ("đang", "在"),
    ("rồi|roi", "了"), ("hàng", "货"), ("giao|gửi", "发"), ("đến|về", "到"), ("nhận", "收到"), ("thiếu|thieu", "缺"),
    ("lỗi", "不良"), ("hỏng", "坏"), ("cái|chiếc", "个"), ("thùng", "箱"), ("mỗi", "每"), ("đếm", "点数"), ("sai", "错了"),
)
_WORD = re.compile(
    rf"(?<![{_LETTER}])lô\s*(?:thứ\s*)?(?P<lot>[1-9])(?![\d{_LETTER}])"
    rf"|(?<![{_LETTER}])(?:thứ|thu)\s*(?P<day>[2-7]|hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bay)(?![{_LETTER}\d])"
    rf"|(?<![{_LETTER}])(?P<word>" + "|".join(f"(?:{words})" for words, _ in _WORDS) + rf")(?![{_LETTER}])",
    re.IGNORECASE)
_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")
_MEANING = {word: chinese for words, chinese in _WORDS for word in words.split("|")}


def _chinese(match: re.Match[str]) -> str:
    if match["lot"] is not None:
        return f"第{match['lot']}批"  # lô thứ 2: the second lot
    if match["day"] is not None:
        return f"周{_WEEKDAYS[match['day'].lower()]}"
    return _MEANING[match["word"].lower()]


def _is_vietnamese(text: str) -> bool:
    return not (text.isascii() and "xong" not in text.lower() and "chua" not in text.lower()) \
        and _VIETNAMESE.search(text) is not None


def vietnamese_in_chinese(text: str) -> str:
    """`text` with the Vietnamese words of a report said in Chinese; any other text as it is."""
    if not _is_vietnamese(text):
        return text
    # a learner spaces every word (`hàng 明天 发`); said in Chinese, the words run on as Chinese writes them
    return _SPACED.sub("", _WORD.sub(_chinese, unicodedata.normalize("NFC", text)))


def as_written(value: str, original: str) -> str:
    """A reason or description read from the message said in Chinese, in the sender's own words again
    (`停电` back to `mất điện`): the record keeps what was written, the reading what it meant."""
    if not _is_vietnamese(original):
        return value
    cursor = 0
    for match in _WORD.finditer(unicodedata.normalize("NFC", original)):
        chinese = _chinese(match)
        at = value.find(chinese, cursor)
        if at < 0:
            continue
        before = " " if at > 0 and not value[at - 1].isspace() else ""
        after = " " if at + len(chinese) < len(value) and not value[at + len(chinese)].isspace() else ""
        value = value[:at] + before + match.group(0) + after + value[at + len(chinese):]
        cursor = at + len(before) + len(match.group(0))
    return value
