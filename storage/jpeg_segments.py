"""A JPEG without its metadata, by rewriting its segments: no pixel is decoded or re-encoded.

Why: re-encoding a supplier's 3.5 MB photo only to shed its EXIF costs a full decode and a full
encode (most of ~70 ms of CPU), on the same two cores that answer webhooks, and loses quality
each time. A JPEG is a list of marker segments followed by entropy-coded scans; the metadata
(EXIF with GPS and serial numbers, XMP, IPTC, comments, maker notes, embedded previews) lives
only in APPn and COM segments, so keeping just the segments a decoder needs gives the same
pixels, bit for bit, with nothing else.

The rule is a whitelist, never a blacklist: frame and scan headers, tables and restart
intervals are copied; JFIF and Adobe segments are written anew from the one or two fields a
decoder reads (so their thumbnails and flags do not travel); ICC profiles are copied (see
``storage.photo_store``: they are kept on every path); every other APPn and every COM is
dropped, and so is everything after the first end-of-image marker (the second picture of a
phone's multi-picture file: a depth map or a preview). Any marker this module does not know,
or a file that does not parse as segments to the end, gives ``None``: the caller then takes
the slow, safe path (decode and re-encode), which also gives the verdict on a broken file.

This module only rearranges bytes; it does not judge whether the scans decode. The caller must
still decode the result (a reduced-scale decode walks all entropy-coded data) before storing it.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["without_metadata"]

_SOI: Final = b"\xff\xd8"
_EOI: Final = b"\xff\xd9"
_SOS: Final = 0xDA
# Frame headers (baseline, extended, progressive, lossless; Huffman or arithmetic), Huffman and
# arithmetic-coding tables, quantisation tables, restart interval: all a decoder needs.
_DECODING: Final = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF,
                              0xC4, 0xCC, 0xDB, 0xDD})
_FRAMES: Final = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_APP0: Final = 0xE0
_APP2: Final = 0xE2
_APP14: Final = 0xEE
_COM: Final = 0xFE
# A JFIF header says "the three components are YCbCr", which libjpeg reads when choosing the
# colour transform; density and thumbnail are not carried over (version 1.01, no units, 1:1).
_JFIF: Final = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
_ICC: Final = b"ICC_PROFILE\x00"
# In entropy-coded data a 0xFF byte is followed by 0x00 (a stuffed byte) or a restart marker
# (0xD0-0xD7); anything else (fill bytes 0xFF aside) is the next marker.
_NEXT_MARKER: Final = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")


def without_metadata(data: bytes) -> bytes | None:
    """``data`` (a JPEG) with only the segments needed to decode it, or ``None`` if not plainly so.

    ``None`` means "take the re-encode path", never "refuse": a truncated file, an unknown
    marker, a hierarchical or DNL-sized frame, a file without a frame or a scan.
    """
    if not data.startswith(_SOI):
        return None
    out = [_SOI]
    pos = len(_SOI)
    end = len(data)
    jfif = adobe = framed = scanned = False
    while True:
        while pos < end and data[pos] == 0xFF and pos + 1 < end and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos + 2 > end or data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xD9:  # EOI: anything after it (another picture, junk) is not kept
            if not (framed and scanned):
                return None
            out.append(_EOI)
            return b"".join(out)
        if pos + 4 > end:
            return None
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > end:
            return None
        segment = data[pos : pos + 2 + length]
        body = segment[4:]
        pos += 2 + length
        if marker in _DECODING:
            out.append(segment)
            framed = framed or marker in _FRAMES
        elif marker == _SOS:
            if not framed:
                return None
            found = _NEXT_MARKER.search(data, pos)
            if found is None:
                return None  # no end-of-image: truncated
            out.append(segment)
            out.append(data[pos : found.start()])
            pos = found.start()
            scanned = True
        elif marker == _APP0:
            if body.startswith(b"JFIF\x00") and not jfif:
                out.append(_JFIF)
                jfif = True
        elif marker == _APP2:
            if body.startswith(_ICC):
                out.append(segment)
        elif marker == _APP14:
            if body.startswith(b"Adobe") and len(body) >= 12 and not adobe:
                # Only the colour transform flag (byte 11) means anything to a decoder.
                out.append(b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00" + body[11:12])
                adobe = True
        elif 0xE1 <= marker <= 0xEF or marker == _COM:
            continue  # EXIF, XMP, IPTC, maker notes, MPF, comments, ...: never kept
        else:
            return None  # DNL, hierarchical frames, JPEG extensions, stray markers: re-encode
