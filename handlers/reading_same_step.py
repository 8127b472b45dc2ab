"""Two clauses of one step read as two steps: the second clause only tells more of the first.

The reader reads each clause of a message for a step of its own. Two kinds of clause name no step of their own
and were read as one, so a single fact was written twice, the second time as a step nobody reported:

- a check passed straight after the sender's stock came in (`订单所需原材料已到厂，经查验收合格`, `钢板到厂了 检验合格`,
  `raw material arrived, inspection OK`): the stock's own incoming check (来料检验), part of the material being
  ready; not the buyer's receipt (验收 said of goods at the buyer) nor the final inspection of the order
  (CQ writes it on 9 lines; the house, docs/reading-corpus.md, keeps 验收 the buyer's only where goods reach him);
- work said under way after the first article said not finished (`首件尚未完成，正在调试`, `首件还没好 在加工`,
  `first article not finished yet, still machining`): the first piece is what is being worked on; mass production
  cannot be under way before its first article is made (CQ's 8 silent misrecords, and the same shape in every
  register that writes 首件/FAI).

Neither clause is dropped where it says anything the first does not: a count, a day, a lot or the buyer's side.
"""

from __future__ import annotations

import re
from typing import TypeVar

from handlers.quick_copy import replace
from handlers.reading_view import ReadingView

__all__ = ["one_step"]


_R = TypeVar("_R", bound=ReadingView)

# A check passed, with no step of its own named (验收合格, 检验合格, 经查合格, `inspection OK`, `IQC pass`).
_CHECK_PASSED = re.compile(
    r"(?:验收|检验|检查|复检|来料检|进料检|查验)?\s*(?:合格|无误|OK|ok|通过)"
    r"|(?<![A-Za-z])(?:incoming\s+)?(?:inspection|iqc|check)\s+(?:ok|pass(?:ed)?|good)(?![A-Za-z])", re.IGNORECASE)
# The buyer's side, or goods leaving: then a receipt or a final check may well be a fact of its own.
_BUYER_OR_GOODS = re.compile(
    r"你们|您|贵司|客户|甲方|发货|出货|入库|终检|成品|(?<![A-Za-z])(?:your|you|customer|shipped|final|fqc|oqc)(?![A-Za-z])",
    re.IGNORECASE)
# Work said under way (正在调试, 在加工, 加工中, `still machining`).
_UNDER_WAY = re.compile(
    r"正在|在\s*[\u4e00-\u9fff]{1,3}|[\u4e00-\u9fff]{1,3}中(?![国心])|(?<![A-Za-z])(?:still|in progress|ongoing|under way)(?![A-Za-z])",
    re.IGNORECASE)
# Mass production named: then the under-way clause is of it, a second fact (`首件没完 批量在做` is the writer's to square).
_MASS = re.compile(r"批量|大货|量产|(?<![A-Za-z])(?:mass|bulk)(?![A-Za-z])", re.IGNORECASE)


def _bare(item: ReadingView, po: str | None) -> bool:
    return item.intent == "progress" and item.po in (None, po) and item.qty_done is None and item.qty_total is None \
        and item.percent is None and item.new_date is None and item.happened_on is None


def one_step(reading: _R, text: str) -> _R:
    """`reading` with a further reading dropped where its clause only tells more of the first step."""
    also = getattr(reading, "also", None)
    if reading.intent != "progress" or not also or len(also) != 1 or not _bare(also[0], reading.po):
        return reading
    other = also[0]
    if reading.node == "material_ready" and reading.done is True and other.node in ("received", "final_inspection") \
            and other.done is True and _CHECK_PASSED.search(text) and not _BUYER_OR_GOODS.search(text):
        return replace(reading, also=None)
    if reading.node == "first_process" and reading.done is False and other.node == "in_process" \
            and other.done is not True and _UNDER_WAY.search(text) and not _MASS.search(text):
        return replace(reading, also=None)
    return reading
