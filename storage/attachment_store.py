"""Documents suppliers send with an order (PDFs, CAD drawings), stored like photos: every byte
untrusted, judged by content only, content-addressed on disk.

Unlike photos they are not decoded or re-encoded (we have no safe renderer for PDF or DWG),
so the checks are the size cap and an allow-list of magic bytes: a real PDF header, DWG's
version tag, ASCII or binary DXF. Anything else is refused with a sentence for the chat. The
claimed file name is kept for display only, cleaned; it never becomes a path. Files live under
``<root>/ab/cd/<sha256>.<ext>``, written atomically, and are served back only through
``open``, which accepts no name this store would not produce.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from storage.photo_store import _write_atomic

__all__ = ["AttachmentRejected", "AttachmentStore", "StoredAttachment", "sniff_document"]

_MIB: Final = 1024 * 1024
_MIME: Final = {"pdf": "application/pdf", "dwg": "image/vnd.dwg", "dxf": "image/vnd.dxf"}
_REL_PATH_RE: Final = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.(?:pdf|dwg|dxf)")
_DWG_VERSIONS: Final = re.compile(rb"AC10(?:0[2-9]|1[0-9]|2[0-9]|3[0-9])")
_UNSAFE_NAME: Final = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def sniff_document(data: bytes) -> str | None:
    """`pdf`, `dwg` or `dxf` from the content alone; None for anything else."""
    if data[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return "pdf"
    if _DWG_VERSIONS.match(data[:6]):
        return "dwg"
    if data.startswith(b"AutoCAD Binary DXF\r\n\x1a\x00"):
        return "dxf"
    head = data[:64].lstrip(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").split(b"\n")
    if len(head) >= 2 and head[0].strip() == b"0" and head[1].strip() == b"SECTION":
        return "dxf"
    return None


def clean_file_name(name: str | None, kind: str) -> str:
    """A display name: no path, no control characters, at most 120 characters, the right suffix."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE_NAME.sub("_", base).strip(" ._") or f"document.{kind}"
    if not base.lower().endswith("." + kind):
        base = f"{base}.{kind}"
    return base[-120:]


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    sha256: str
    kind: str  # pdf | dwg | dxf
    size: int
    mime_type: str
    path: str  # relative to the store root
    file_name: str


class AttachmentRejected(Exception):
    """A file we will not keep, and why (`code`; `bot.media_words` says it to the sender)."""

    def __init__(self, code: str, *, size: int | None = None, max_bytes: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.size = size
        self.max_bytes = max_bytes


class AttachmentStore:
    def __init__(self, root: str | Path, *, max_bytes: int = 20 * _MIB) -> None:
        self._root = Path(root)
        self._root.mkdir(parents=True, exist_ok=True)
        self._root_resolved = self._root.resolve()
        self.max_bytes = max_bytes

    @property
    def root(self) -> Path:
        return self._root

    def accept(self, data: bytes, file_name: str | None = None) -> StoredAttachment:
        """Check and store one document; ``AttachmentRejected`` for anything unfit (nothing written)."""
        if not data:
            raise AttachmentRejected("empty")
        if len(data) > self.max_bytes:
            raise AttachmentRejected("too_large", size=len(data), max_bytes=self.max_bytes)
        kind = sniff_document(data)
        if kind is None:
            raise AttachmentRejected("unsupported_type")
        sha256 = hashlib.sha256(data).hexdigest()
        rel_path = f"{sha256[:2]}/{sha256[2:4]}/{sha256}.{kind}"
        _write_atomic(self._root / rel_path, data)
        return StoredAttachment(sha256, kind, len(data), _MIME[kind], rel_path, clean_file_name(file_name, kind))

    def open(self, rel_path: str) -> Path:
        """The absolute path of a stored document; ``ValueError`` for any name this store would
        not produce (traversal, wrong shape, a symlink out of the root), ``FileNotFoundError`` if gone."""
        if not isinstance(rel_path, str) or not _REL_PATH_RE.fullmatch(rel_path):
            raise ValueError(f"not an attachment store path: {rel_path!r}")
        path = (self._root_resolved / rel_path).resolve()
        if not path.is_relative_to(self._root_resolved):
            raise ValueError(f"path escapes the attachment store root: {rel_path!r}")
        if not path.is_file():
            raise FileNotFoundError(rel_path)
        return path
