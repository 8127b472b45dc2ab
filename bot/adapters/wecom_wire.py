"""WeCom's callback wire read cheaply, with the results of the general readers.

The edge reads every callback twice as XML (the envelope, then the decrypted message) and decrypts it once.
Through xmltodict (expat calling back into Python for every element and every run of text) and wechatpy's
`WeChatCrypto` (a new AES context, signer and cipher objects a message, the signature computed a second time
and the base64 decoded a second time) that was about a quarter of the edge's CPU a stored message.

- `read_flat_xml` reads the flat `<xml><Name>value</Name>...</xml>` documents WeCom sends with two regular
  expressions, into the dict `xmltodict.parse(xml)["xml"]` gives. It accepts only a subset whose reading is
  beyond doubt (names of ASCII letters, digits and `_`; each value one CDATA section or plain text without
  `&`, `<` or `]`; no attributes, nesting, repeated names, comments, declarations or characters XML refuses
  or rewrites, such as a carriage return) and answers None for anything else, which the caller then reads
  the general way: odd documents get exactly the answers they got before, errors included.
- `CallbackCipher` computes WeCom's signature and opens an `Encrypt` value as wechatpy 1.8.18 does
  (`wechatpy.crypto.BasePrpCrypto._decrypt`: AES-256-CBC with the key's first 16 bytes as IV, then
  random(16), a big-endian length, the message, the receive id), with the same exceptions for the same
  inputs, from one `Cipher` made once.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.enterprise.exceptions import InvalidCorpIdException

# Characters XML 1.0 does not allow (C0 controls but tab and newline, surrogates, U+FFFE, U+FFFF), and the
# carriage return, which expat turns into a newline: a document with any of them goes the general way.
_NOT_PLAIN = "\\x00-\\x08\\x0b-\\x1f\\ud800-\\udfff\\ufffe\\uffff"
_DOCUMENT = re.compile(r"[ \t\n]*<xml>[ \t\n]*(.*)</xml>[ \t\n]*", re.DOTALL)
_FIELD = re.compile(
    r"(<([A-Za-z_][A-Za-z0-9_]*)>"
    # a CDATA section ends at its first "]]>": runs without "]", each "]" not starting "]]>" (no lazy scan)
    r"(?:[ \t\n]*<!\[CDATA\[([^\]" + _NOT_PLAIN + r"]*(?:\](?!\]>)[^\]" + _NOT_PLAIN + r"]*)*)\]\]>[ \t\n]*"
    r"|([^<&\]" + _NOT_PLAIN + r"]*))"
    r"</\2>[ \t\n]*)"
)


def read_flat_xml(xml: str) -> dict[str, str | None] | None:
    """The children of a flat `<xml>` document as xmltodict reads them (text stripped as `str.strip`
    does, None for an empty one); None when the document is not of the simple kind this reads."""
    document = _DOCUMENT.fullmatch(xml)
    if document is None:
        return None
    start, end = document.span(1)
    fields = _FIELD.findall(xml, start, end)
    root: dict[str, str | None] = {}
    covered = 0
    for whole, name, cdata, plain in fields:
        covered += len(whole)
        root[name] = (cdata or plain).strip() or None
    # every character between <xml> and </xml> belongs to a field (nothing skipped), each name once
    if not fields or covered != end - start or len(root) != len(fields):
        return None
    return root


_LENGTH = struct.Struct(">I")  # wechatpy: socket.ntohl(struct.unpack(b"I", ...)[0]), network order


class CallbackCipher:
    """The signature and AES layout of WeCom's callbacks (doc 90968) for one token, key and receive id."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        key = base64.b64decode((encoding_aes_key + "=").encode())
        if len(key) != 32:
            raise ValueError("EncodingAESKey must decode to 32 bytes")
        self._token = token.encode()
        self._cipher = Cipher(algorithms.AES(key), modes.CBC(key[:16]))
        self._receive_id = receive_id

    def signature(self, timestamp: str, nonce: str, encrypt: str) -> str:
        """sha1 of the four values sorted as bytes and joined, in lower-case hex (wechatpy's `WeChatSigner`)."""
        parts = [self._token, timestamp.encode(), nonce.encode(), encrypt.encode()]
        parts.sort()
        return hashlib.sha1(b"".join(parts)).hexdigest()

    def open(self, ciphertext: bytes) -> str:
        """The message inside a decoded `Encrypt` value. As wechatpy: the padding is taken from the last byte
        unchecked; `struct.error` when fewer than 4 bytes are left for the length, `UnicodeDecodeError` for
        a message or receive id that is not UTF-8, `InvalidCorpIdException` for another receive id."""
        decryptor = self._cipher.decryptor()
        plain = decryptor.update(ciphertext) + decryptor.finalize()
        padding = plain[-1]
        end = len(plain) - padding if padding else 0  # wechatpy's plain[16:-padding]: empty for a padding of 0
        if end < 20:
            raise struct.error("unpack requires a buffer of 4 bytes")
        (length,) = _LENGTH.unpack_from(plain, 16)
        split = min(20 + length, end)
        message = plain[20:split].decode()
        if plain[split:end].decode() != self._receive_id:
            raise InvalidCorpIdException()
        return message
