"""A chat reply that quotes an earlier message: the quote is context, the answer is the message.

WeChat and WeCom write a quoted reply, when it reaches us as text (copied, forwarded, archived, or typed by a client
that flattens the AI bot's separate `quote` field), in one of two shapes:

    「李姐：21155几时出货」              回复 王经理：21156首件过了没？
    - - - - - - - - - - - - - - -       过了 [OK]
    听日

The quote is someone's earlier words, said before this message and often by someone else; read as part of the
message, its question was read as the sender's (`status_query`) and its statement as the sender's fact (a buyer
quoting a supplier's `已出货` and answering `收到` recorded a shipment). The answer often leaves out what the quote
said (`听日`: ship tomorrow; `过了`: the first article passed), so it is read in the quote's context: what the answer
names stands; only the order and the step it leaves out are taken from the quote, and only from a quote that asks
(a statement quoted is answered, never restated). Nothing of the quote is recorded as a fact of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Quoted", "split_quote", "topic_of"]


@dataclass(frozen=True, slots=True)
class Quoted:
    """A reply split: who was quoted, what they said, and the sender's own answer."""

    speaker: str
    quote: str
    answer: str


# WeChat's copied quote: 「name：words」 on its own lines, then a rule of spaced dashes, then the answer.
_BRACKETED = re.compile(r"^\s*「(?P<speaker>[^「」:：\n]{1,20})[:：](?P<quote>[^」]*)」\s*\n\s*(?:-\s*){3,}\n(?P<answer>.+)$",
                        re.DOTALL)
# The typed reply: `回复 name：words` as the first line, the answer on the lines after it.
_REPLY_TO = re.compile(r"^\s*回复\s*@?(?P<speaker>[^:：\n]{1,20})[:：](?P<quote>[^\n]*)\n(?P<answer>.+)$", re.DOTALL)

# The words that make a quote a question (几时 "when", 过了没 "passed yet?", 到哪一步 "how far along"), blanked from its
# topic so the topic is only the order and the step asked about: first the question's end (`过了没？`, `到了吗`, `发咗未`)
# with the 了 before it (the quote asks whether; the answer says), then the question words anywhere in it.
_ASKING_END = re.compile(r"(?:[了咗]?\s*(?:没有?|未|冇|吗|嗎|呢|嘛|呀|啊|[?？!！。~～\s]))+$")
_ASKING = re.compile(r"几时|什么时候|啥时候|何时|哪天|几号|多久|怎么样|点样|咩时候|到哪(?:一步|里|儿)?了?|进度|情况"
                     r"|有没有|是不是|能不能|可不可以|会不会")
_ASKS = re.compile(r"[?？]|吗|几时|什么时候|啥时候|何时|哪天|几号|多久|怎么样|点样|咩时候|到哪|进度|情况|[了咗](?:没有?|未|冇)"
                   r"|有没有|是不是|能不能|可不可以|会不会")
# A quote's own chat markers (`[图片]`, `[OK]`) and mentions: no topic.
_NOISE = re.compile(r"\[[^\[\]\d\n]{1,8}\]|@\S+")


def split_quote(text: str) -> Quoted | None:
    """The quote and the answer of a quoted reply, or None for a message that quotes nothing."""
    if "「" not in text and "回复" not in text:
        return None
    match = _BRACKETED.match(text) or _REPLY_TO.match(text)
    if match is None or not match["answer"].strip():
        return None
    return Quoted(match["speaker"].strip(), match["quote"].strip(), match["answer"].strip())


def topic_of(quote: str) -> str | None:
    """What a quoted question asks about (`21155几时出货` asks of `21155 出货`), or None for a quote that asks nothing:
    a statement quoted is answered (`收到`), and its facts stay its sender's."""
    if not _ASKS.search(quote):
        return None
    topic = _ASKING.sub(" ", _ASKING_END.sub("", _NOISE.sub(" ", quote))).strip()
    return topic or None
