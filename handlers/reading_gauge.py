"""A gauge, then how many pieces, then how they are off: the count said inside the defect's words.

Chinese puts what was measured first as the topic, then the pieces counted, then the comment on them:
`硬度有3件偏低` (the hardness: three pieces are low), `硬度有十个不够`, `外径 5件偏大`. The defect is `硬度偏低` and its
count 3, as `有3件硬度偏低` and `硬度偏低3件` say it; read in the written order, the count stands between a gauge and a
word of direction the reader knows only joined, and was taken for pieces made (CV EB, beside the house's
`尺寸有问题 12个偏大`). The count is put before the gauge, in the folded and the written text alike (index for index,
so a description is still quoted as typed): `有3件硬度偏低`.
"""

from __future__ import annotations

import re

from handlers.fast_search import quicken

__all__ = ["count_before_gauge"]

# What a check measures (GB/T 1182's characteristics and the shop's gauges), said as the topic
_GAUGES = (
    "硬度", "尺寸", "外径", "内径", "孔径", "孔距", "孔位", "长度", "厚度", "宽度", "高度", "壁厚", "膜厚", "直径",
    "平面度", "同心度", "圆度", "垂直度", "平行度", "粗糙度", "扭矩", "螺纹",
)
# How the pieces counted are off (the comment): the words the defect lists hold joined to the gauge
_OFF = (
    "偏低", "偏高", "偏大", "偏小", "偏厚", "偏薄", "偏长", "偏短", "不够", "不足", "超差", "超标", "超了", "不对",
    "不合格", "不良", "太高", "太低", "太大", "太小", "不达标",
)
_COUNT = r"(?:\d+|[一二两三四五六七八九十百]+)\s*(?:件|个|只|根|套|片|支|台|pcs)"
_GAUGE_COUNT_OFF = re.compile(
    r"(?P<g>" + "|".join(_GAUGES) + r")(?P<c>\s*有?\s*" + _COUNT + r")(?P<s>\s*)(?P<o>" + "|".join(_OFF) + r")")


def count_before_gauge(folded: str, display: str) -> tuple[str, str]:
    """`folded` and `display` with `<gauge>有N件<off>` said as `有N件<gauge><off>`; same length, index for index."""
    if not any(gauge in folded for gauge in _GAUGES):
        return folded, display
    for match in reversed(list(_GAUGE_COUNT_OFF.finditer(folded))):
        (g0, g1), (c0, c1), o0 = match.span("g"), match.span("c"), match.start("o")
        folded = folded[:g0] + folded[c0:c1] + folded[c1:o0] + folded[g0:g1] + folded[o0:]
        display = display[:g0] + display[c0:c1] + display[c1:o0] + display[g0:g1] + display[o0:]
    return folded, display


quicken(globals())  # every pattern above searched from where a match can start (handlers/fast_search.py)
