"""A WeCom callback's plaintext is parsed once: the message read from it is exactly what
reading it with wechatpy's own `parse_message` (which parses the XML a second time) gives,
for every kind of message and for the odd ones (no MsgId, empty content, a MsgId of 0).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from wechatpy.enterprise import parse_message
from wechatpy.messages import ImageMessage, TextMessage

from bot.adapters import wecom_adapter
from bot.adapters.wecom_adapter import WeComCallback
from bot.ports import InboundMessage, MediaRef
from tests.fakes.wecom_api import file_xml, image_xml, other_xml, text_xml, voice_xml

AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP = "wwfakecorp"


def read_with_wechatpy(xml: str) -> InboundMessage | None:
    """The reading before: the root parsed once for our fields, the XML again by wechatpy."""
    root = wecom_adapter._parse_xml_root(xml)
    if str(root.get("MsgType", "")).lower() == "event":
        return wecom_adapter._event_from_root(root)
    message = parse_message(xml)
    if isinstance(message, TextMessage):
        return wecom_adapter._base_message(root, str(message.id), text=message.content or "")
    if isinstance(message, ImageMessage) and message.media_id:
        return wecom_adapter._base_message(root, str(message.id), photos=(MediaRef(file_id=message.media_id),))
    return wecom_adapter._other_message(root)


def _without(xml: str, tag: str) -> str:
    start, end = xml.index(f"<{tag}>"), xml.index(f"</{tag}>") + len(f"</{tag}>")
    return xml[:start] + xml[end:]


NOW = int(datetime(2026, 11, 24, 6, 0, tzinfo=UTC).timestamp())
PLAINTEXTS = {
    "progress": text_xml("wanggong", "PO-1001 完成45%", create_time=NOW),
    "empty text": text_xml("wanggong", "", create_time=NOW),
    "msg id 0": text_xml("wanggong", "PO-1001 完成45%", msg_id=0, create_time=NOW),
    "no msg id": _without(text_xml("wanggong", "PO-1001 完成45%", create_time=NOW), "MsgId"),
    "image": image_xml("wanggong", "media-1", create_time=NOW),
    "image without media": _without(image_xml("wanggong", "media-1", create_time=NOW), "MediaId"),
    "voice": voice_xml("wanggong", "media-2", recognition="PO-1001 完成一半", create_time=NOW),
    "file": file_xml("wanggong", "media-3", "质检报告.pdf", create_time=NOW),
    "video": other_xml("wanggong", "video", {"MediaId": "media-4"}, create_time=NOW),
    "location": other_xml("wanggong", "location", {"Location_X": "23.1", "Location_Y": "113.3"}, create_time=NOW),
    "unknown kind": other_xml("wanggong", "hologram", {}, create_time=NOW),
    "upper-case kind": text_xml("wanggong", "PO-1002 完成10%", create_time=NOW).replace(
        "<![CDATA[text]]>", "<![CDATA[TEXT]]>"),
}


@pytest.mark.parametrize("name", list(PLAINTEXTS))
def test_a_plaintext_reads_as_wechatpy_reads_it(name: str) -> None:
    callback = WeComCallback("token", AES_KEY, CORP)
    xml = PLAINTEXTS[name]

    assert callback.inbound_from_plaintext(xml) == read_with_wechatpy(xml)
