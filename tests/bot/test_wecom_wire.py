"""The WeCom edge's cheap reading of a callback (`bot.adapters.wecom_wire`) gives exactly what the reading
before it gave: xmltodict for both XML documents and wechatpy's `WeChatCrypto.decrypt_message` for the
signature and AES. The reading before is kept here (`OldCallback`, main before h43wecom) and every payload is
read both ways: the same message and raw plaintext (what the inbox row is made of: `InboundPipeline._row`), the
same exception for what either refuses, the same answer (200, 400, 403) and the same stored messages over HTTP.
"""

from __future__ import annotations

import base64
import hmac
import json
import random
import struct
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import xmltodict
from aiohttp import web
from aiohttp.test_utils import TestClient
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.enterprise import parse_message
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.enterprise.events import EnterAgentEvent
from wechatpy.enterprise.messages import MESSAGE_TYPES
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.messages import ImageMessage, TextMessage, UnknownMessage
from wechatpy.utils import WeChatSigner

from bot import payloads
from bot.adapters import wecom_adapter
from bot.adapters.wecom_adapter import (
    REFUSED_ERRORS,
    WeComCallback,
    _base_message,
    _other_message,
    refuse_unsafe_xml,
    wecom_webhook_handlers,
)
from bot.adapters.wecom_bot_adapter import WeComBotCallback
from bot.adapters.wecom_wire import CallbackCipher, read_flat_xml
from bot.clock import FakeClock
from bot.codec import message_to_dict
from bot.ports import InboundMessage, MediaRef
from tests.fakes.wecom_api import (
    CallbackSender,
    _cdata,
    enter_agent_xml,
    file_xml,
    image_xml,
    other_xml,
    template_card_event_xml,
    text_xml,
    voice_xml,
)

TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP_ID = "wx5823bf96d3bd56c7"
KEY = base64.b64decode(AES_KEY + "=")
NOW_TS = 1_700_000_000
NOW = datetime.fromtimestamp(NOW_TS, UTC)
URL = "/webhooks/wecom"


# --- the reading before (main at a8db8d9), as the reference ---------------------------------------------

def old_root(xml: str) -> dict[str, Any]:
    refuse_unsafe_xml(xml)
    root = xmltodict.parse(xml, disable_entities=True).get("xml")
    if not isinstance(root, dict):
        raise ValueError("expected an <xml> element with children")
    return root


class OldCallback(WeComCallback):
    """`WeComCallback` as main had it: xmltodict twice, wechatpy's signer, `decrypt_message` and messages."""

    def _check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        signer = WeChatSigner()
        signer.add_data(self._crypto.token, timestamp, nonce, encrypt)
        if not hmac.compare_digest(signer.signature.encode(), msg_signature.encode()):
            raise InvalidSignatureException()

    def decrypt(self, body: bytes, msg_signature: str, timestamp: str, nonce: str, now: datetime) -> str:
        envelope = old_root(body.decode("utf-8"))
        encrypt = envelope["Encrypt"]
        if not isinstance(encrypt, str):
            raise ValueError("Encrypt must be text")
        self._check_signature(msg_signature, timestamp, nonce, encrypt)
        self._check_fresh(timestamp, now)
        plaintext: str = self._crypto.decrypt_message({"Encrypt": wecom_adapter._check_ciphertext(encrypt)},
                                                      msg_signature, timestamp, nonce)
        refuse_unsafe_xml(plaintext)
        return plaintext

    def inbound_from_decrypted(self, xml: str) -> InboundMessage | None:
        return self.inbound_from_plaintext(xml)

    def inbound_from_plaintext(self, xml: str) -> InboundMessage | None:
        root = old_root(xml)
        if str(root.get("MsgType", "")).lower() == "event":
            return self._event(root, xml)
        if not isinstance(root["MsgType"], str):  # main answered 500 (AttributeError) until stop 43: now 400
            raise ValueError("MsgType must be text")
        message = MESSAGE_TYPES.get(root["MsgType"].lower(), UnknownMessage)(dict(root))
        if isinstance(message, TextMessage):
            return _base_message(root, str(message.id), text=message.content or "")
        if isinstance(message, ImageMessage) and message.media_id:
            return _base_message(root, str(message.id), photos=(MediaRef(file_id=message.media_id),))
        return _other_message(root)

    @staticmethod
    def _event(root: dict[str, Any], xml: str) -> InboundMessage | None:
        event = str(root.get("Event", "")).lower()
        if event == "enter_agent" and isinstance(parse_message(xml), EnterAgentEvent):
            return _base_message(root, wecom_adapter._event_id(root, event),
                                 button_payload=wecom_adapter.ENTER_AGENT_PAYLOAD)
        if event == "template_card_event":
            key = root.get("EventKey")
            if not isinstance(key, str) or payloads.clicked(key) is None:
                return None
            code = root.get("ResponseCode")
            return _base_message(root, wecom_adapter._event_id(root, event, key), button_payload=key,
                                 clicked_message=code if isinstance(code, str) and code else None)
        return None


def outcome(read: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """("ok", what it returned) or ("raised", the exception's type)."""
    try:
        return "ok", read(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the type is what is compared
        return "raised", type(exc)


def envelope_root(xml: str) -> tuple[str, Any]:
    return outcome(lambda: xmltodict.parse(xml, disable_entities=True)["xml"])


# --- recorded and varied plaintexts ---------------------------------------------------------------------

OFFICIAL = ("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]>"
            "</FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n"
            "<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n"
            "</xml>")
IMAGE_DOC = ("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
             "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[this is a url]]>"
             "</PicUrl><MediaId><![CDATA[media_id]]></MediaId><MsgId>1234567890123456</MsgId><AgentID>1</AgentID></xml>")
LOCATION_DOC = ("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
                "<CreateTime>1351776360</CreateTime><MsgType><![CDATA[location]]></MsgType><Location_X>23.134</Location_X>"
                "<Location_Y>113.358</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label>"
                "<MsgId>1234567890123456</MsgId><AgentID>1</AgentID></xml>")
LINK_DOC = ("<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
            "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[link]]></MsgType><Title><![CDATA[this is a title]]>"
            "</Title><Description><![CDATA[this is a description]]></Description><Url><![CDATA[this is a url]]></Url>"
            "<PicUrl><![CDATA[this is a url]]></PicUrl><MsgId>1234567890123456</MsgId><AgentID>1</AgentID></xml>")


def _doc(fields: str) -> str:
    return f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>{fields}<AgentID>1000002</AgentID></xml>"


def _text(content: str, **kwargs: Any) -> str:
    return text_xml("wanggong", content, create_time=NOW_TS, corp_id=CORP_ID, **kwargs)


PLAINTEXTS: dict[str, str] = {
    "official vector": OFFICIAL,
    "progress": _text("PO-1001 完成45%"),
    "chinese long": _text("华达精密：PO-1001 冲压工序今天完成了百分之八十，明天安排电镀。" * 40),
    "emoji": _text("PO-1002 完成 ✅🎉 👍🏽 好的😀"),
    "long text": _text("x" * 5000),
    "cdata with ]]> split": _text("a]]>b ]] ]> ]]]]> end]]"),
    "cdata of brackets": _text("]"),
    "spaces inside cdata": _text("  PO-1001 完成45%  \t"),
    "ideographic spaces": _text("\u3000PO-1001 完成45%\u3000"),
    "nel and nbsp": _text("\x85PO-1001\xa0"),
    "empty text": _text(""),
    "only spaces": _text("   "),
    "markup in cdata": _text("<b>PO-1001</b> &amp; &lt; 100% <![CDATA["),
    "doctype in cdata": _text("<!DOCTYPE x>"),
    "newline in cdata": _text("第一行\n第二行\n\n"),
    "carriage return in cdata": _text("第一行\r\n第二行"),
    "control character in cdata": _text("PO-1001\x01"),
    "c1 control in cdata": _text("PO-1001\x7f\x9f"),
    "msg id 0": _text("PO-1001", msg_id=0),
    "no msg id": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                      "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content>"),
    "msg id with spaces": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                               "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content>"
                               "<MsgId> 0042 </MsgId>"),
    "msg id not a number": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content>"
                                "<MsgId>abc</MsgId>"),
    "odd whitespace": ("\n <xml>\n\t<ToUserName> <![CDATA[wx]]> </ToUserName>\n  <FromUserName>\n<![CDATA[u]]>\t"
                       "</FromUserName><CreateTime> 1700000000\n</CreateTime>  <MsgType><![CDATA[text]]></MsgType>"
                       "<Content>\t<![CDATA[ hi ]]>\n</Content><MsgId>7</MsgId><AgentID>1</AgentID>\n</xml>\n\n"),
    "carriage returns between": OFFICIAL.replace("\n", "\r\n"),
    "plain text values": _doc("<FromUserName>u</FromUserName><CreateTime>1700000000</CreateTime>"
                              "<MsgType>text</MsgType><Content>PO-1001 完成 > 45%</Content><MsgId>8</MsgId>"),
    "entity in plain text": _doc("<FromUserName>u</FromUserName><CreateTime>1700000000</CreateTime>"
                                 "<MsgType>text</MsgType><Content>A &amp; B &#20013;</Content><MsgId>9</MsgId>"),
    "cdata and text mixed": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                                 "<MsgType><![CDATA[text]]></MsgType><Content>x<![CDATA[y]]>z</Content><MsgId>1</MsgId>"),
    "empty element": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                          "<MsgType><![CDATA[text]]></MsgType><Content></Content><MsgId>1</MsgId>"),
    "self-closing element": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                                 "<MsgType><![CDATA[text]]></MsgType><Content/><MsgId>1</MsgId>"),
    "repeated element": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                             "<MsgType><![CDATA[text]]></MsgType><Content>a</Content><Content>b</Content>"),
    "attribute": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                      '<MsgType><![CDATA[text]]></MsgType><Content lang="zh">a</Content><MsgId>1</MsgId>'),
    "comment": _doc("<!-- c --><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                    "<MsgType><![CDATA[text]]></MsgType><Content>a<!-- c -->b</Content><MsgId>1</MsgId>"),
    "xml declaration": '<?xml version="1.0" encoding="UTF-8"?>' + _text("PO-1001 完成45%"),
    "byte order mark": "\ufeff" + _text("PO-1001 完成45%"),
    "namespace prefix": _text("hi").replace("<MsgId>", "<w:MsgId>").replace("</MsgId>", "</w:MsgId>"),
    "root text": _text("hi").replace("<MsgId>", "stray<MsgId>"),
    "upper-case kind": _text("PO-1002 完成10%").replace("<![CDATA[text]]>", "<![CDATA[TEXT]]>"),
    "image": image_xml("wanggong", "media-1", create_time=NOW_TS, corp_id=CORP_ID),
    "image (doc 96467)": IMAGE_DOC,
    "voice with transcript": voice_xml("wanggong", "media-2", recognition="PO-1001 完成一半", create_time=NOW_TS),
    "voice without transcript": voice_xml("wanggong", "media-2", create_time=NOW_TS),
    "file": file_xml("wanggong", "media-3", "质检报告 ]]> v2.pdf", create_time=NOW_TS),
    "video": other_xml("wanggong", "video", {"MediaId": "media-4", "ThumbMediaId": "t"}, create_time=NOW_TS),
    "location": LOCATION_DOC,
    "link": LINK_DOC,
    "enter_agent": enter_agent_xml("wanggong", create_time=NOW_TS, corp_id=CORP_ID),
    "ENTER_AGENT": enter_agent_xml("wanggong", create_time=NOW_TS).replace("enter_agent", "ENTER_AGENT"),
    "card click": template_card_event_xml("wanggong", "ack:m42", create_time=NOW_TS, corp_id=CORP_ID),
    "card click with selections": template_card_event_xml("wanggong", "ack:m42", create_time=NOW_TS,
                                                          selected=[("q1", ["o1", "o2"])]),
    "location event": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                           "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event>"
                           "<Latitude>23.1</Latitude><Longitude>113.3</Longitude>"),
    "event without sender": _doc("<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                                 "<Event><![CDATA[enter_agent]]></Event>"),
    "no create time": _doc("<FromUserName><![CDATA[u]]></FromUserName><MsgType><![CDATA[text]]></MsgType>"
                           "<Content>a</Content><MsgId>1</MsgId>"),
    "image without media, id not a number": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000"
                                                 "</CreateTime><MsgType><![CDATA[image]]></MsgType><MsgId>abc</MsgId>"),
    "image without id": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                             "<MsgType><![CDATA[image]]></MsgType><MediaId><![CDATA[m]]></MediaId>"),
    "text without content": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                                 "<MsgType><![CDATA[text]]></MsgType><MsgId>5</MsgId>"),
    "repeated msg id": _text("hi").replace("<MsgId>", "<MsgId>1</MsgId><MsgId>"),
    "nested content": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                           "<MsgType><![CDATA[text]]></MsgType><Content><b>x</b></Content><MsgId>5</MsgId>"),
    "nested media id": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime>"
                            "<MsgType><![CDATA[image]]></MsgType><MediaId><b>x</b></MediaId><MsgId>5</MsgId>"),
    "empty kind": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType></MsgType>"),
    "nested kind": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType><a>x</a></MsgType>"),
    "unknown kind": other_xml("wanggong", "hologram", {}, create_time=NOW_TS),
    "no kind": _doc("<FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime>"),
    "not xml root": _text("hi").replace("<xml>", "<XML>").replace("</xml>", "</XML>"),
    "empty root": "<xml></xml>",
    "entity bomb": ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                    "<xml><Content>&lol2;</Content></xml>"),
    "undeclared entity": _doc("<Content>&lol;</Content>"),
    "not well-formed": _text("hi")[:-3],
    "invalid character outside cdata": _doc("<Content>a\x0bb</Content>"),
    "two roots": _text("a") + _text("b"),
}

# what the fast reader must take: WeCom's own shapes (it is no saving when they fall back)
FLAT = {"official vector", "progress", "chinese long", "emoji", "long text", "cdata of brackets",
        "spaces inside cdata", "ideographic spaces", "nel and nbsp", "empty text", "only spaces", "markup in cdata",
        "doctype in cdata", "newline in cdata", "c1 control in cdata", "msg id 0", "no msg id",
        "msg id with spaces", "msg id not a number", "odd whitespace", "plain text values", "upper-case kind",
        "image", "image (doc 96467)", "voice with transcript", "voice without transcript", "video", "location",
        "link", "enter_agent", "ENTER_AGENT", "card click", "location event", "event without sender",
        "no create time", "unknown kind", "no kind", "empty element", "image without media, id not a number",
        "image without id", "text without content", "empty kind"}


@pytest.mark.parametrize("name", list(PLAINTEXTS))
def test_a_plaintext_reads_as_xmltodict_reads_it(name: str) -> None:
    xml = PLAINTEXTS[name]
    flat = read_flat_xml(xml)
    assert (flat is not None) == (name in FLAT)
    if flat is not None:
        assert envelope_root(xml) == ("ok", flat)
    assert outcome(wecom_adapter._parse_xml_root, xml) == outcome(old_root, xml)


@pytest.mark.parametrize("name", list(PLAINTEXTS))
def test_a_plaintext_becomes_the_same_message(name: str) -> None:
    xml = PLAINTEXTS[name]
    new = outcome(WeComCallback(TOKEN, AES_KEY, CORP_ID).inbound_from_plaintext, xml)
    assert new == outcome(OldCallback(TOKEN, AES_KEY, CORP_ID).inbound_from_plaintext, xml)
    if name in {"progress", "official vector", "image", "enter_agent", "card click", "location"}:
        assert new[0] == "ok" and new[1] is not None  # the comparison is of messages, not of two refusals


def test_the_reading_of_the_official_vector() -> None:
    assert read_flat_xml(OFFICIAL) == {
        "ToUserName": "wx5823bf96d3bd56c7", "FromUserName": "mycreate", "CreateTime": "1409659813",
        "MsgType": "text", "Content": "hello", "MsgId": "4561255354251345929", "AgentID": "218"}


# --- documents made at random from the pieces XML gets wrong ---------------------------------------------

_PIECES = ["a", "PO-1001", "中文", "😀", " ", "\t", "\n", ">", "]", "\u3000", '"', "'", "=", "%", "CDATA"]
_ODD_PIECES = ["\r", "\r\n", "]]", "]]>", "<", "&", "&amp;", "&#20013;", "&#x1F600;", "&lol;", "\x00", "\x01",
               "\x0b", "\x1f", "\x7f", "\x85", "\xa0", "\ufffe", "\ufeff", "<!-- c -->", "<?pi x?>", "<![CDATA["]
_NAMES = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "AgentID", "Event", "EventKey",
          "PicUrl", "MediaId", "Recognition", "A", "x1", "_a", "Location_X"]
_ODD_NAMES = ["a-b", "a.b", "a:b", "中", "1a", "xml", "A b"]


def _pick(rng: random.Random, usual: list[str], odd: list[str], p: float = 0.04) -> str:
    return rng.choice(odd) if rng.random() < p else rng.choice(usual)


def _random_text(rng: random.Random) -> str:
    return "".join(_pick(rng, _PIECES, _ODD_PIECES) for _ in range(rng.randrange(0, 6)))


def _random_field(rng: random.Random) -> str:
    name, value, shape = _pick(rng, _NAMES, _ODD_NAMES), _random_text(rng), rng.randrange(24)
    if shape < 11:
        return f"<{name}><![CDATA[{value}]]></{name}>"
    if shape < 18:
        return f"<{name}>{value}</{name}>"
    if shape == 18:
        return f"<{name}>{_cdata(value)}</{name}>"
    if shape == 19:
        return f"<{name}>{rng.choice(['', ' ', chr(10)])}<![CDATA[{value}]]>{rng.choice(['', ' ', 'x'])}</{name}>"
    if shape == 20:
        return f"<{name}/>" if rng.random() < 0.5 else f"<{name}></{name}>"
    if shape == 21:
        return f'<{name} k="{rng.choice(["v", ""])}">{value}</{name}>'
    if shape == 22:
        return f"<{name}>{value}</{name.upper()}>"
    return f"<{name}><B>{value}</B></{name}>"


def _random_document(rng: random.Random) -> str:
    def between() -> str:
        return _pick(rng, ["", "", " ", "\n", "\t"], ["\r\n", "x", "\u3000", "&amp;", "<!-- c -->"])

    fields = "".join(_random_field(rng) + between() for _ in range(rng.randrange(0, 8)))
    root = _pick(rng, ["xml"], ["XML", "root", 'xml a="1"', "xml "])
    head = _pick(rng, ["", " \n"], ["\ufeff", '<?xml version="1.0"?>', "<!-- c -->", "x", "\r\n"], 0.1)
    tail = _pick(rng, ["", "\n", " \t"], ["<x/>", "x", "\r", "</xml>"], 0.1)
    return f"{head}<{root}>{between()}{fields}</{root.split()[0]}>{tail}"


def test_random_documents_read_as_xmltodict_reads_them() -> None:
    rng = random.Random(20)
    fast = 0
    for _ in range(6000):
        xml = _random_document(rng)
        flat = read_flat_xml(xml)
        if flat is not None:
            fast += 1
            assert envelope_root(xml) == ("ok", flat), xml
        assert outcome(wecom_adapter._parse_xml_root, xml) == outcome(old_root, xml), xml
    assert 600 < fast < 5400  # both ways are exercised (965 of 6,000 read by `read_flat_xml`)


# --- the signature and the AES layout ---------------------------------------------------------------------

def _seal(plain: bytes) -> str:
    """AES-256-CBC as WeCom encrypts, of bytes laid out by the test (padding included)."""
    encryptor = Cipher(algorithms.AES(KEY), modes.CBC(KEY[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def _layout(message: bytes, receive_id: bytes, *, length: int | None = None, padding: int | None = None) -> bytes:
    """random(16) + length + message + receive id, PKCS#7-padded to 32 as WeCom pads; `length` and the last
    byte (`padding`) can be made wrong."""
    body = bytes(range(16)) + struct.pack(">I", len(message) if length is None else length) + message + receive_id
    count = 32 - len(body) % 32
    padded = body + bytes([count]) * count
    return padded if padding is None else padded[:-1] + bytes([padding])


LAYOUTS = {
    "right": _layout(b"<xml/>", CORP_ID.encode()),
    "aligned": _layout(b"x" * (64 - 20 - len(CORP_ID)), CORP_ID.encode()),
    "other receive id": _layout(b"<xml/>", b"wwOTHER"),
    "empty receive id": _layout(b"<xml/>", b""),
    "empty message": _layout(b"", CORP_ID.encode()),
    "padding 0": _layout(b"<xml/>", CORP_ID.encode(), padding=0),
    "padding 33": _layout(b"<xml/>", CORP_ID.encode(), padding=33),
    "padding 255": _layout(b"<xml/>", CORP_ID.encode(), padding=255),
    "length past the end": _layout(b"<xml/>", CORP_ID.encode(), length=10_000),
    "length 0": _layout(b"<xml/>", CORP_ID.encode(), length=0),
    "length into the id": _layout(b"<xml/>", CORP_ID.encode(), length=8),
    "message not utf-8": _layout(b"\xff\xfe<xml/>", CORP_ID.encode()),
    "receive id not utf-8": _layout(b"<xml/>", b"\xffwx"),
    "chinese and emoji": _layout("<xml>中文😀</xml>".encode(), CORP_ID.encode()),
    "one block": bytes(15) + b"\x10",
    "two blocks, padding 12": bytes(31) + b"\x0c",
    "two blocks, padding 11": bytes(20) + b"\x00\x00\x00\x01" + bytes(7) + b"\x0b",
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_a_layout_opens_as_wechatpy_opens_it(name: str) -> None:
    encrypt = _seal(LAYOUTS[name])
    new = outcome(CallbackCipher(TOKEN, AES_KEY, CORP_ID).open, base64.b64decode(encrypt))
    assert new == outcome(PrpCrypto(KEY).decrypt, encrypt, CORP_ID)
    if name in {"right", "aligned", "chinese and emoji", "empty message"}:
        assert new[0] == "ok"


def test_random_ciphertexts_open_as_wechatpy_opens_them() -> None:
    rng = random.Random(43)
    cipher, opened = CallbackCipher(TOKEN, AES_KEY, CORP_ID), 0
    for _ in range(3000):
        kind = rng.randrange(3)
        if kind == 0:  # any bytes
            plain = rng.randbytes(16 * rng.randrange(1, 8))
        else:  # a layout with one thing wrong, or nothing
            message = rng.choice([b"<xml/>", "中".encode() * rng.randrange(5), rng.randbytes(rng.randrange(9))])
            receive_id = rng.choice([CORP_ID.encode(), b"", b"wx", rng.randbytes(3)])
            plain = _layout(message, receive_id, length=rng.choice([None, None, rng.randrange(64)]),
                            padding=rng.choice([None, None, rng.randrange(256)]))
        encrypt = _seal(plain)
        new = outcome(cipher.open, base64.b64decode(encrypt))
        assert new == outcome(PrpCrypto(KEY).decrypt, encrypt, CORP_ID), plain
        opened += new[0] == "ok"
    assert opened > 100  # 158 of 3,000 open: the comparison is not only of refusals


@pytest.mark.parametrize("values", [
    ("1409659813", "1372623149", "abc"), ("", "", ""), ("1", "中文", "x+/="), ("b", "a", "B"), ("ts", "n", "QDG6eK")])
def test_the_signature_is_wechatpys(values: tuple[str, str, str]) -> None:
    signer = WeChatSigner()
    signer.add_data(TOKEN, *values)
    assert CallbackCipher(TOKEN, AES_KEY, CORP_ID).signature(*values) == signer.signature


def test_the_bot_callback_decrypts_as_wechatpy() -> None:
    """The AI bot's webhook (the same scheme, an empty receive id, JSON bodies) opens with the same cipher."""
    crypto, callback = WeChatCrypto(TOKEN, AES_KEY, ""), WeComBotCallback(TOKEN, AES_KEY)
    for plaintext in ('{"msgid": "1", "text": {"content": "PO-1001 完成45% 😀"}}', "{}"):
        encrypt = xmltodict.parse(crypto.encrypt_message(plaintext, "n", str(NOW_TS)))["xml"]
        body = json.dumps({"encrypt": encrypt["Encrypt"]}).encode()
        assert callback.decrypt(body, encrypt["MsgSignature"], str(NOW_TS), "n", NOW) == plaintext


# --- whole callbacks: the same plaintext, message, answer and stored messages -----------------------------

SENDER = CallbackSender(TOKEN, AES_KEY, CORP_ID)


def _signed(encrypt: str) -> dict[str, str]:
    return SENDER.signed_raw(encrypt, timestamp=NOW_TS)


def _callbacks() -> dict[str, tuple[dict[str, str], bytes]]:
    calls = {f"plaintext: {name}": SENDER.request(xml, timestamp=NOW_TS, nonce=str(i))
             for i, (name, xml) in enumerate(PLAINTEXTS.items())}
    right = SENDER.request(PLAINTEXTS["progress"], timestamp=NOW_TS)
    query, body = right
    encrypt = xmltodict.parse(body)["xml"]["Encrypt"]
    envelope = body.decode()
    bad: dict[str, tuple[dict[str, str], bytes]] = {
        "official vector": ({"msg_signature": "477715d11cdb4164915debcba66cb864d751f3e6", "timestamp": "1409659813",
                             "nonce": "1372623149"},
                            (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA["
                             + "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdC"
                             "Upj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4X"
                             "gpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+K"
                             "qCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XX"
                             "ZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHB"
                             "ZZIs2pDBS8R07+qN+E7Q==" + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>").encode()),
        "bad signature": ({**query, "msg_signature": "0" * 40}, body),
        "upper-case signature": ({**query, "msg_signature": query["msg_signature"].upper()}, body),
        "stale timestamp": (SENDER.request(PLAINTEXTS["progress"], timestamp=NOW_TS - 301)),
        "timestamp not a number": ({**query, "timestamp": "soon"}, body),
        "other corp": CallbackSender(TOKEN, AES_KEY, "wwOTHER").request(PLAINTEXTS["progress"], timestamp=NOW_TS),
        "not xml": (query, b"this is not xml"),
        "not utf-8": (query, b"\xff\xfe<xml/>"),
        "empty body": (query, b""),
        "envelope bomb": (query, (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                                  b"<xml><Encrypt>&lol2;</Encrypt></xml>")),
        "external entity": (query, b'<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml><Encrypt>x</Encrypt></xml>'),
        "no encrypt": (query, b"<xml><ToUserName>x</ToUserName></xml>"),
        "encrypt twice": (query, envelope.replace("<AgentID>", f"<Encrypt>{encrypt}</Encrypt><AgentID>").encode()),
        "encrypt with attribute": (query, envelope.replace("<Encrypt>", '<Encrypt a="1">').encode()),
        "encrypt empty": (_signed(""), b"<xml><Encrypt></Encrypt></xml>"),
        "encrypt nested": (query, envelope.replace("<Encrypt>", "<Encrypt><B>").replace("</Encrypt>", "</B></Encrypt>")
                           .encode()),
        "envelope with whitespace": (query, envelope.replace("<Encrypt>", "\n <Encrypt>\n ").encode()),
        "envelope with crlf": (query, envelope.replace("<Encrypt>", "\r\n<Encrypt>").encode()),
        "envelope plain encrypt": (query, envelope.replace(f"<![CDATA[{encrypt}]]>", encrypt).encode()),
        "envelope with declaration": (query, b'<?xml version="1.0" encoding="utf-8"?>' + body),
        "encrypt with spaces": (_signed(encrypt[:20] + " " + encrypt[20:]),
                                envelope.replace(encrypt, encrypt[:20] + " " + encrypt[20:]).encode()),
        "encrypt not base64": (_signed("!!!!"), SENDER.envelope("!!!!")),
        "encrypt bad padding": (_signed("abc"), SENDER.envelope("abc")),
        "encrypt short block": (_signed("YWJj"), SENDER.envelope("YWJj")),
        "encrypt garbage blocks": (_signed("A" * 64), SENDER.envelope("A" * 64)),
        "encrypt non-ascii": (_signed("中" * 4), SENDER.envelope("中" * 4)),
    }
    for name, layout in LAYOUTS.items():
        sealed = _seal(layout)
        bad[f"layout: {name}"] = (_signed(sealed), SENDER.envelope(sealed))
    return {**calls, **bad}


CALLBACKS = _callbacks()


@pytest.mark.parametrize("name", list(CALLBACKS))
def test_a_callback_decrypts_to_the_same_plaintext_and_message(name: str) -> None:
    query, body = CALLBACKS[name]
    now = datetime.fromtimestamp(1409659813, UTC) if name == "official vector" else NOW
    results = []
    for callback in (WeComCallback(TOKEN, AES_KEY, CORP_ID), OldCallback(TOKEN, AES_KEY, CORP_ID)):
        plaintext = outcome(callback.decrypt, body, query["msg_signature"], query["timestamp"], query["nonce"], now)
        message = outcome(callback.inbound_from_plaintext, plaintext[1]) if plaintext[0] == "ok" else None
        results.append((plaintext, message))
    assert results[0] == results[1]
    if name in {"official vector", "plaintext: progress", "plaintext: image", "envelope with whitespace"}:
        assert results[0][1] is not None and results[0][1][0] == "ok"


class RecordingSink:
    """What the inbox would store: each accepted message as its row's `message` JSON, and the raw text."""

    def __init__(self) -> None:
        self.rows: list[tuple[dict[str, Any], str]] = []

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        new = all(row[0]["external_id"] != message.external_id for row in self.rows)
        self.rows.append((message_to_dict(message), raw))
        return new


ClientFactory = Callable[..., Awaitable[TestClient]]


async def _answers(aiohttp_client: ClientFactory, callback: WeComCallback) -> tuple[list[int], RecordingSink]:
    sink = RecordingSink()
    get_handler, post_handler = wecom_webhook_handlers(callback, sink, FakeClock(NOW))
    app = web.Application()
    app.router.add_post(URL, post_handler)
    client = await aiohttp_client(app)
    statuses = []
    for name, (query, body) in CALLBACKS.items():
        if name != "official vector":  # signed at another time: refused as stale by both
            for _ in range(2):  # a repeat (WeCom delivers again when it had no answer in 5 s)
                statuses.append((await client.post(URL, params=query, data=body)).status)
    return statuses, sink


async def test_every_callback_gets_the_same_answer_and_stores_the_same_rows(aiohttp_client: ClientFactory) -> None:
    new, new_sink = await _answers(aiohttp_client, WeComCallback(TOKEN, AES_KEY, CORP_ID))
    old, old_sink = await _answers(aiohttp_client, OldCallback(TOKEN, AES_KEY, CORP_ID))
    assert new == old
    assert new_sink.rows == old_sink.rows
    assert {200, 400, 403} <= set(new) and len(new_sink.rows) > 40
    assert set(new) <= {200, 400, 403}  # never a 500: WeCom delivers again what it had no 200 for


def test_refusals_are_the_edges_403() -> None:
    """A sanity check of the comparison above: the refused kinds are the ones answered 403."""
    query, body = CALLBACKS["bad signature"]
    read = outcome(WeComCallback(TOKEN, AES_KEY, CORP_ID).decrypt, body, *query.values(), NOW)
    assert read[0] == "raised" and issubclass(read[1], REFUSED_ERRORS)
