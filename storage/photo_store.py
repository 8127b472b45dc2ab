"""Accept inspection photos from suppliers safely and store them content-addressed on disk.

Photos arrive over chat from outside the company, so every byte is untrusted: the claimed file
name or mime type means nothing, headers can lie about the image size (decompression bombs), and
files routinely carry EXIF with GPS positions and camera serial numbers that must not leak into
the manufacturer's archive. This module therefore:

* refuses by size before decoding, and by the pixel count read from the header before any pixel
  is decoded (Pillow's ``Image.open`` is lazy);
* judges the type by content only, with Pillow restricted to JPEG/PNG/WEBP, so no other decoder
  ever parses supplier bytes (other formats are named from their magic bytes, for a helpful
  refusal, but never decoded);
* stores no metadata, except an embedded ICC colour profile when the colour model is unchanged:
  an upright greyscale or RGB JPEG (EXIF orientation 1 or none, the common phone photo) keeps
  its own compressed pixels with every metadata segment cut out (``storage.jpeg_segments``),
  after one decode at a reduced scale that walks all of its scans (a truncated or broken file
  goes on to the path below and gets its verdict there); every other photo is decoded and
  re-encoded upright (``ImageOps.exif_transpose``) with nothing copied over (see ``_normalise``);
* stores ``<root>/ab/cd/<sha256>.<ext>`` plus ``<sha256>.thumb.jpg`` next to it, each written to a
  temp file in the same folder, fsynced and ``os.replace``-d, so a crash or a refusal never leaves
  a half-written photo under its final name.

Animated PNG/WEBP: only the first frame is kept. An inspection photo is a still; refusing an
animation would just make the supplier retry with no better option, and the first frame is what
every chat client shows as the preview.

``PhotoStore.accept`` is synchronous and CPU-bound; async callers run it off the event loop (the
pipeline runs its CPU half, ``prepare``, on one photo thread and its disk half, ``write``, apart).
It never mutates Pillow's process-wide settings (``Image.MAX_IMAGE_PIXELS``,
``ImageFile.LOAD_TRUNCATED_IMAGES``), so concurrent calls with different limits do not race.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from PIL import ExifTags, Image, ImageOps

from storage import jpeg_segments

__all__ = ["PhotoRejected", "PhotoStore", "PreparedPhoto", "RejectionCode", "StoredPhoto"]

log = logging.getLogger(__name__)

RejectionCode = Literal[
    "too_large",
    "too_many_pixels",
    "not_an_image",
    "unsupported_type",
    "corrupt",
    "decompression_bomb",
    "empty",
]

_MIB: Final = 1024 * 1024
_ALLOWED_FORMATS: Final = ("JPEG", "PNG", "WEBP")
# Pillow reports multi-picture JPEGs (phone cameras embedding a depth map or a large preview) as
# "MPO"; they are JPEGs to everyone else, and only the first picture is kept.
_FORMAT_ALIASES: Final = {"MPO": "JPEG"}
_MIME: Final = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_EXT: Final = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_JPEG_QUALITY: Final = 90
_WEBP_QUALITY: Final = 90
_THUMB_QUALITY: Final = 85
# Only names this store itself produces are accepted by open()/delete(): the cheapest and
# strictest defence against path traversal, before the resolve()-based containment check.
_REL_PATH_RE: Final = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}(?:\.thumb\.jpg|\.jpg|\.png|\.webp)")
_TEMP_PREFIX: Final = ".tmp-"
_BMP_HEADER_SIZES: Final = frozenset({12, 40, 52, 56, 64, 108, 124})  # DIB header sizes after "BM"


@dataclass(frozen=True)
class StoredPhoto:
    """A photo as stored: what callers keep in the database to find and show it again."""

    sha256: str  # hash of the stored (sanitised) bytes; also the file name
    original_sha256: str  # hash of the bytes as received, to spot a re-sent file before decoding
    size: int  # bytes stored
    mime_type: str  # image/jpeg | image/png | image/webp
    width: int
    height: int
    path: str  # relative to the store root, e.g. "ab/cd/abcd....jpg"
    thumb_path: str  # relative to the store root, always a JPEG


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo checked and sanitised, not yet on disk: what ``PhotoStore.write`` puts there."""

    photo: StoredPhoto
    photo_bytes: bytes
    thumb_bytes: bytes


class PhotoRejected(Exception):
    """A photo we will not store, and the figures that say why.

    ``code`` is stable and meant for programs (metrics, tests, and `bot.photo_words`, which says
    it to the supplier); ``detail`` (e.g. Pillow's error text) is for logs only, never for the chat.
    """

    def __init__(
        self,
        code: RejectionCode,
        *,
        size: int | None = None,
        max_bytes: int | None = None,
        pixels: int | None = None,
        max_pixels: int | None = None,
        kind: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.code: RejectionCode = code
        self.size = size
        self.max_bytes = max_bytes
        self.pixels = pixels
        self.max_pixels = max_pixels
        self.kind = kind  # the recognised but unsupported format, e.g. "GIF" or "HEIC"
        self.detail = detail
        known = {"size": size, "max_bytes": max_bytes, "pixels": pixels, "max_pixels": max_pixels, "kind": kind}
        text = ", ".join([code, *(f"{name}={value}" for name, value in known.items() if value is not None)])
        super().__init__(f"{text} ({detail})" if detail else text)


def _sniff(data: bytes) -> str | None:
    """Name the format from its magic bytes, without decoding anything.

    Used only to word a refusal well (``unsupported_type`` with the format's name, or ``corrupt``
    for a damaged JPEG/PNG/WEBP rather than ``not_an_image``); the decision to *accept* is always
    Pillow's, restricted to the allowed formats.
    """
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"mif1", b"msf1"):
            return "HEIF"
        return None  # MP4/MOV video and friends: not an image
    if head.startswith(b"8BPS"):
        return "PSD"
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return "JPEG 2000"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "JPEG XL"
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in text:
        return "SVG"
    return None


def _format_of(img: Image.Image) -> str:
    fmt = img.format or ""
    return _FORMAT_ALIASES.get(fmt, fmt)


class PhotoStore:
    """Content-addressed photo storage under ``root``; see the module docstring for the why."""

    def __init__(
        self,
        root: str | Path,
        *,
        max_bytes: int = 10 * _MIB,
        max_pixels: int = 40_000_000,
        thumb_size: int = 320,
    ) -> None:
        if max_bytes <= 0 or max_pixels <= 0 or thumb_size <= 0:
            raise ValueError("max_bytes, max_pixels and thumb_size must be positive")
        self._root = Path(root)
        self._root.mkdir(parents=True, exist_ok=True)
        self._root_resolved = self._root.resolve()
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        # Mirrors Pillow's own convention (warn above the limit, error above twice the limit):
        # a bit over the limit is a big camera photo and gets a "use a lower resolution" hint;
        # far over it is a crafted or broken header. Pillow's global MAX_IMAGE_PIXELS still
        # applies as an outer backstop and also ends in "decompression_bomb".
        self._bomb_pixels = 2 * max_pixels
        self.thumb_size = thumb_size

    @property
    def root(self) -> Path:
        return self._root

    # -- accepting ---------------------------------------------------------------------------

    def accept(self, data: bytes) -> StoredPhoto:
        """Check, sanitise and store one photo; raise ``PhotoRejected`` for anything unfit.

        Every check runs before anything touches the disk, so a refusal writes nothing.
        Storing the same picture again is idempotent: same result, still one file.
        Disk errors (e.g. a full disk) propagate as ``OSError``; they are not the supplier's fault.
        """
        return self.write(self.prepare(data))

    def prepare(self, data: bytes) -> PreparedPhoto:
        """All of ``accept`` but the disk: the checks and the CPU (decoding, thumbnail, hashes).

        Split from ``write`` so a caller can keep the CPU-bound half on a thread of its own
        (``bot.photo_thread``) while the fsyncs of the other half wait elsewhere.
        """
        if not data:
            raise PhotoRejected("empty")
        if len(data) > self.max_bytes:
            raise PhotoRejected("too_large", size=len(data), max_bytes=self.max_bytes)
        original_sha256 = hashlib.sha256(data).hexdigest()

        kept = self._kept_as_is(data)
        if kept is not None:
            photo_bytes, thumb_bytes, (width, height) = kept
            fmt = "JPEG"
        else:
            img, fmt = self._decode(data)
            with img:
                clean, icc = _normalise(img, fmt)
            try:
                photo_bytes = _encode(clean, fmt, icc)
                thumb_bytes = _thumbnail(clean, self.thumb_size, icc)
                width, height = clean.size
            finally:
                clean.close()

        # A JPEG without metadata is stored as it came: no need to hash 3 MB again.
        sha256 = original_sha256 if photo_bytes == data else hashlib.sha256(photo_bytes).hexdigest()
        folder = f"{sha256[:2]}/{sha256[2:4]}"
        photo = StoredPhoto(
            sha256=sha256,
            original_sha256=original_sha256,
            size=len(photo_bytes),
            mime_type=_MIME[fmt],
            width=width,
            height=height,
            path=f"{folder}/{sha256}.{_EXT[fmt]}",
            thumb_path=f"{folder}/{sha256}.thumb.jpg",
        )
        return PreparedPhoto(photo, photo_bytes, thumb_bytes)

    def write(self, prepared: PreparedPhoto) -> StoredPhoto:
        """Put a prepared photo and its thumbnail on disk, each atomically; ``OSError`` if the disk fails."""
        # Thumbnail first: once the photo exists under its final name, so does its thumbnail.
        _write_atomic(self._root / prepared.photo.thumb_path, prepared.thumb_bytes)
        _write_atomic(self._root / prepared.photo.path, prepared.photo_bytes)
        return prepared.photo

    def _kept_as_is(self, data: bytes) -> tuple[bytes, bytes, tuple[int, int]] | None:
        """An upright JPEG's bytes without its metadata segments, its thumbnail and its size.

        The fast path for the common photo (a JPEG that needs no turning, in greyscale or
        RGB): its segments are rewritten (``storage.jpeg_segments``) instead of decoding and
        re-encoding every pixel, so the stored picture is the supplier's, bit for bit. The
        result is decoded once at a reduced scale (libjpeg's DCT scaling, several times
        cheaper than full size at the same entropy decoding), which walks every scan: a
        truncated or damaged file fails there just as a full decode would. That decode also
        gives the thumbnail.

        ``None`` for everything else and for anything unexpected, including a failed decode:
        the re-encode path then runs, with its checks (limits before decoding, the verdict on
        a broken file), so refusals are exactly today's.
        """
        if _sniff(data) != "JPEG":
            return None
        try:
            probe = Image.open(io.BytesIO(data), formats=["JPEG"])
        except Exception:
            return None
        with probe:
            width, height = probe.size
            if not (0 < width and 0 < height and width * height <= self.max_pixels):
                return None
            if probe.mode not in ("L", "RGB"):
                return None  # CMYK, YCCK, ...: converted to RGB on the re-encode path
            try:
                # Orientation as exif_transpose reads it (EXIF, or XMP's tiff:Orientation).
                orientation = probe.getexif().get(ExifTags.Base.Orientation, 1)
            except Exception:
                return None
            if orientation in range(2, 9):
                return None  # turned upright by re-encoding
            icc = probe.info.get("icc_profile") or None
            mode = probe.mode
        clean = jpeg_segments.without_metadata(data)
        if clean is None:
            return None
        target = _thumb_target((width, height), self.thumb_size)
        try:
            with Image.open(io.BytesIO(clean), formats=["JPEG"]) as img:
                if (img.format, img.mode, img.size) != ("JPEG", mode, (width, height)):
                    return None  # the rewrite changed how it reads: not ours to store
                # The smallest DCT scale (1/1..1/8) still at least the thumbnail's size: a 2000 px
                # photo decodes at 500 px, which LANCZOS brings to 320 in ~3 ms (~9 ms from 1/2).
                img.draft(mode, target)
                img.load()  # never LOAD_TRUNCATED_IMAGES: every scan must be there and decode
                thumb_bytes = _thumbnail(img, self.thumb_size, icc, target=target)
        except MemoryError:
            raise
        except Exception as exc:
            log.debug("a JPEG takes the re-encode path after its reduced decode failed: %r", exc)
            return None
        return clean, thumb_bytes, (width, height)

    def _decode(self, data: bytes) -> tuple[Image.Image, str]:
        """Open by content, check the header's pixel count, verify, then load the pixels."""
        sniffed = _sniff(data)
        if sniffed is not None and sniffed not in _ALLOWED_FORMATS:
            # Named from its magic bytes; no other Pillow decoder gets to parse supplier bytes.
            raise PhotoRejected("unsupported_type", kind=sniffed)

        probe = self._open(data, sniffed, self.max_pixels)
        with probe:
            fmt = _format_of(probe)
            if fmt not in _ALLOWED_FORMATS:  # pragma: no cover - formats= already restricts this
                raise PhotoRejected("unsupported_type", kind=fmt or None)
            width, height = probe.size
            pixels = width * height
            if width <= 0 or height <= 0:
                raise PhotoRejected("corrupt", detail=f"declared size {width}x{height}")
            if pixels > self._bomb_pixels:
                raise PhotoRejected("decompression_bomb", pixels=pixels, max_pixels=self.max_pixels)
            if pixels > self.max_pixels:
                raise PhotoRejected("too_many_pixels", pixels=pixels, max_pixels=self.max_pixels)
            try:
                probe.verify()  # chunk CRCs for PNG; cheap structural checks, no pixel decoding
            except MemoryError:
                raise
            except Exception as exc:
                raise PhotoRejected("corrupt", detail=f"verify: {exc!r}") from exc

        # verify() leaves the image unusable, so reopen to actually decode.
        img = self._open(data, sniffed, self.max_pixels)
        try:
            img.load()  # truncated files fail here: we never set LOAD_TRUNCATED_IMAGES
        except MemoryError:
            img.close()
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            img.close()
            raise PhotoRejected("decompression_bomb", max_pixels=self.max_pixels, detail=str(exc)) from exc
        except Exception as exc:
            img.close()
            raise PhotoRejected("corrupt", detail=f"load: {exc!r}") from exc
        return img, fmt

    @staticmethod
    def _open(data: bytes, sniffed: str | None, max_pixels: int) -> Image.Image:
        """``Image.open`` limited to the allowed formats, with Pillow's errors turned into refusals."""
        try:
            return Image.open(io.BytesIO(data), formats=list(_ALLOWED_FORMATS))
        except MemoryError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            # Pillow's global backstop (the warning is only raised when warnings are errors).
            raise PhotoRejected("decompression_bomb", max_pixels=max_pixels, detail=str(exc)) from exc
        except Exception as exc:  # UnidentifiedImageError, SyntaxError, OSError, struct.error, ...
            # Looks like an allowed format but Pillow cannot read it: damaged, not "not an image".
            code: RejectionCode = "corrupt" if sniffed in _ALLOWED_FORMATS else "not_an_image"
            raise PhotoRejected(code, detail=f"open: {exc!r}") from exc

    # -- reading, pruning, capacity ----------------------------------------------------------

    def open(self, rel_path: str) -> Path:
        """The absolute path of a stored file; refuses anything that could escape the root.

        Raises ``ValueError`` for a path this store would never produce (traversal, absolute,
        wrong shape, or a symlink leading outside the root) and ``FileNotFoundError`` if missing.
        """
        path = self._resolve(rel_path)
        if not path.is_file():
            raise FileNotFoundError(rel_path)
        return path

    def find(self, sha256: str, *, thumbnail: bool = False) -> Path:
        """The stored file of a photo hash (or its JPEG thumbnail); ``FileNotFoundError`` if absent."""
        if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
            raise FileNotFoundError(f"not a photo hash: {sha256!r}")
        folder = f"{sha256[:2]}/{sha256[2:4]}"
        names = ("thumb.jpg",) if thumbnail else ("jpg", "png", "webp")
        for ext in names:
            with contextlib.suppress(FileNotFoundError):
                return self.open(f"{folder}/{sha256}.{ext}")
        raise FileNotFoundError(f"photo {sha256} is not stored")

    def delete(self, rel_path: str) -> None:
        """Remove a stored file (retention pruning); a file already gone is fine.

        Empty fan-out folders are left in place: removing them could race a concurrent ``accept``
        about to write into the same folder. The name itself is unlinked (after the containment
        check), so a stray symlink inside the root never deletes what it points to.
        """
        self._resolve(rel_path)
        (self._root_resolved / rel_path).unlink(missing_ok=True)

    def free_bytes(self) -> int:
        """Free space on the root's file system, so callers can stop accepting before it is full."""
        return shutil.disk_usage(self._root).free

    def _resolve(self, rel_path: str) -> Path:
        if not isinstance(rel_path, str) or not _REL_PATH_RE.fullmatch(rel_path):
            raise ValueError(f"not a photo store path: {rel_path!r}")
        path = (self._root_resolved / rel_path).resolve()
        if not path.is_relative_to(self._root_resolved):
            raise ValueError(f"path escapes the photo store root: {rel_path!r}")
        return path


def _normalise(img: Image.Image, fmt: str) -> tuple[Image.Image, bytes | None]:
    """An upright, metadata-free image in a mode its own format can store, plus the ICC to keep.

    The ICC profile is kept (unparsed, as opaque bytes) when the colour model is unchanged:
    dropping it would visibly shift the colours of wide-gamut phone photos (e.g. Display P3),
    which matters for judging coatings and finishes. It is dropped when converting CMYK (or any
    other exotic mode) to RGB, where the old profile no longer describes the pixels.
    """
    icc = img.info.get("icc_profile") or None
    try:
        upright = ImageOps.exif_transpose(img)
    except Exception as exc:  # a broken EXIF block should not cost the supplier the photo
        log.warning("could not apply EXIF orientation, storing as is: %r", exc)
        upright = img.copy()

    mode = upright.mode
    if fmt == "JPEG":
        keep = {"L", "RGB"}
    elif fmt == "PNG":
        keep = {"1", "L", "LA", "I", "I;16", "RGB", "RGBA"}
    else:  # WEBP
        keep = {"RGB", "RGBA"}
    if mode in keep:
        out = upright
    else:
        if mode == "P":
            target = "RGBA" if upright.has_transparency_data else "RGB"
        elif fmt != "JPEG" and (mode.endswith("A") or upright.has_transparency_data):
            target = "RGBA"
        else:
            target = "RGB"
        if mode not in ("P", "L", "LA", "1", "RGB", "RGBA"):  # CMYK, YCbCr, LAB, I, F, ...
            icc = None
        out = upright.convert(target)
        if out is not upright:
            upright.close()
    # Nothing from the source's info survives: EXIF, XMP, comments, text chunks, DPI, etc.
    # (Pillow's JPEG writer would otherwise copy a source comment from ``info``.)
    out.info = {}
    return out, icc


def _encode(img: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    """Re-encode so that only pixels (and the ICC profile) make it to disk."""
    extra: dict[str, bytes] = {"icc_profile": icc} if icc else {}
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=_JPEG_QUALITY, **extra)
    elif fmt == "PNG":
        img.save(buf, "PNG", compress_level=6, **extra)
    else:
        img.save(buf, "WEBP", quality=_WEBP_QUALITY, **extra)
    return buf.getvalue()


def _thumb_target(full: tuple[int, int], size: int) -> tuple[int, int]:
    """A thumbnail's size: the longest side at most ``size``, never upscaled."""
    width, height = full
    scale = min(1.0, size / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _thumbnail(img: Image.Image, size: int, icc: bytes | None, *, target: tuple[int, int] | None = None) -> bytes:
    """A JPEG no larger than ``size`` px on its longest side, transparency flattened onto white.

    Grey stays grey and colour stays colour, so the photo's ICC profile (if kept) still applies.
    """
    src = img
    if src.mode == "1":  # resize() would fall back to nearest-neighbour for bilevel images
        src = src.convert("L")
    elif src.mode in ("I", "I;16"):  # 16-bit greyscale: scale down rather than clip to white
        src = src.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if target is None:
        target = _thumb_target(src.size, size)
    thumb = src.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0) if target != src.size else src.copy()
    if thumb.mode in ("LA", "RGBA"):
        flat = Image.new("L" if thumb.mode == "LA" else "RGB", thumb.size, "white")
        flat.paste(thumb.convert(flat.mode), mask=thumb.getchannel("A"))
        thumb = flat
    extra: dict[str, bytes] = {"icc_profile": icc} if icc else {}
    buf = io.BytesIO()
    thumb.save(buf, "JPEG", quality=_THUMB_QUALITY, **extra)
    return buf.getvalue()


def _write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so it is either absent or complete, even after a crash.

    Content addressing makes an existing file of the right size the same file, so it is left
    untouched (idempotent re-store). Two threads storing the same picture each write their own
    temp file; both ``os.replace`` calls install identical bytes.
    """
    with contextlib.suppress(FileNotFoundError):
        if target.stat().st_size == len(data):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself (POSIX); without it a power cut can forget the new name."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
