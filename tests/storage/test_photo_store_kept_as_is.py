"""Specification of the fast path of ``storage.photo_store``: an upright JPEG kept as it came.

A JPEG that needs no turning (EXIF orientation 1 or none) in greyscale or RGB is stored as its
own bytes with every metadata segment cut out (``storage.jpeg_segments``), and decoded once at a
reduced scale to prove it complete and to make its thumbnail. These tests say what that must
mean: nothing of the metadata survives, the pixels are the supplier's bit for bit, the
thumbnail is what the re-encode path makes, and every refusal is the re-encode path's refusal.
The re-encode path itself is specified in ``test_photo_store.py``.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from storage import jpeg_segments
from storage.photo_store import PhotoRejected, PhotoStore

SECRETS = (
    b"SecretCam",
    b"exif-thumbnail-secret",
    b"where-we-were",
    b"adobe:ns:meta",
    b"iptc-byline-zhang",
    b"comment-serial-0815",
    b"app5-vendor-blob",
    b"jfxx-thumbnail-secret",
    b"JFSECR",
    b"second-picture-secret",
)


class ReencodingStore(PhotoStore):
    """The store with its fast path switched off: every photo decoded and re-encoded."""

    def _kept_as_is(self, data: bytes) -> None:
        return None


@pytest.fixture
def store(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "photos")


@pytest.fixture
def reencoding(tmp_path: Path) -> PhotoStore:
    return ReencodingStore(tmp_path / "reencoded")


# -- building JPEGs with every kind of metadata --------------------------------------------


def encode(img: Image.Image, fmt: str = "JPEG", /, **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def photo(size: tuple[int, int] = (400, 300), mode: str = "RGB", seed: int = 0) -> Image.Image:
    """Light and shade with some grain, like a photo: compresses, but not to nothing."""
    width, height = size
    rng = random.Random(seed)
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).point(lambda v: v // 8)
    light = Image.linear_gradient("L").resize(size)
    shade = Image.radial_gradient("L").resize(size)
    if mode == "L":
        return Image.blend(light, grain, 0.2)
    return Image.merge("RGB", (light, grain, shade))


def segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def exif_with_a_thumbnail() -> bytes:
    """An EXIF block (little-endian TIFF) whose IFD0 names the camera and whose IFD1 carries a
    JPEG thumbnail, as phones write them; the thumbnail has its own secret comment."""
    thumb = encode(Image.new("RGB", (16, 12), "green"), comment=b"exif-thumbnail-secret")
    make = b"SecretCam\x00"
    # IFD0 at 8: 1 entry (Make), next IFD -> IFD1. IFD1: 2 entries (thumbnail offset, length).
    ifd0 = 8
    ifd1 = ifd0 + 2 + 12 + 4
    make_at = ifd1 + 2 + 2 * 12 + 4
    thumb_at = make_at + len(make)
    tiff = b"II*\x00" + struct.pack("<I", ifd0)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x010F, 2, len(make), make_at) + struct.pack("<I", ifd1)
    tiff += struct.pack("<H", 2)
    tiff += struct.pack("<HHII", 0x0201, 4, 1, thumb_at) + struct.pack("<HHII", 0x0202, 4, 1, len(thumb))
    tiff += struct.pack("<I", 0) + make + thumb
    return b"Exif\x00\x00" + tiff


def with_every_kind_of_metadata(data: bytes) -> bytes:
    """``data`` (a JPEG from Pillow, starting SOI + JFIF) with metadata in every place phones,
    editors and cameras put it, and a second picture after the end, as multi-picture files do."""
    assert data[:4] == b"\xff\xd8\xff\xe0"
    jfif_end = 4 + struct.unpack(">H", data[4:6])[0]
    jfif_with_thumbnail = b"JFIF\x00\x01\x02\x01\x01\x2c\x01\x2c\x02\x01" + b"JFSECR"  # 300 dpi, 2x1 px
    metadata = (
        segment(0xE0, jfif_with_thumbnail)
        + segment(0xE0, b"JFXX\x00\x10" + b"jfxx-thumbnail-secret")
        + segment(0xE1, exif_with_a_thumbnail())
        + segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00"
                  + b'<x:xmpmeta xmlns:x="adobe:ns:meta/">where-we-were</x:xmpmeta>')
        + segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x14\x1c\x02\x50\x00\x11iptc-byline-zhang")
        + segment(0xE5, b"app5-vendor-blob")
        + segment(0xFE, b"comment-serial-0815")
    )
    second = encode(Image.new("RGB", (8, 8), "blue"), comment=b"second-picture-secret")
    return data[:2] + metadata + data[jfif_end:] + second


def scan_data(data: bytes) -> bytes:
    """From the first start-of-scan to the end-of-image: the compressed pixels themselves
    (of a file without an EXIF thumbnail, whose own scan would come first)."""
    return data[data.index(b"\xff\xda") : data.index(b"\xff\xd9", data.index(b"\xff\xda")) + 2]


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        return img.tobytes()


# -- what is stored -------------------------------------------------------------------------


def test_an_upright_jpeg_is_stored_with_its_pixels_bit_for_bit_and_none_of_its_metadata(
    store: PhotoStore,
) -> None:
    plain = encode(photo(), quality=92)
    data = with_every_kind_of_metadata(plain)
    for secret in SECRETS:  # the test file really carries all of it
        assert secret in data, secret
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()[ExifTags.Base.Make] == "SecretCam"
        assert original.info["comment"] == b"comment-serial-0815"

    stored_photo = store.accept(data)

    stored = store.open(stored_photo.path).read_bytes()
    for secret in (*SECRETS, b"Exif\x00\x00", b"Photoshop 3.0", b"JFXX", b"http://ns.adobe.com"):
        assert secret not in stored, secret
    assert scan_data(plain) in stored  # the very same compressed pixels: nothing was re-encoded
    assert pixels(stored) == pixels(data)
    assert stored.count(b"\xff\xd8") == 1 and stored.endswith(b"\xff\xd9")  # one picture, no tail
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and img.size == (400, 300)
        assert not img.getexif()
        assert not {"exif", "comment", "xmp", "photoshop", "mp", "dpi"} & img.info.keys()
        assert img.info["jfif_version"] == (1, 1)
    assert (stored_photo.width, stored_photo.height, stored_photo.mime_type) == (400, 300, "image/jpeg")
    assert stored_photo.original_sha256 == hashlib.sha256(data).hexdigest()
    assert stored_photo.sha256 == hashlib.sha256(stored).hexdigest() != stored_photo.original_sha256


def test_a_jpeg_that_carries_no_metadata_is_stored_exactly_as_it_came(store: PhotoStore) -> None:
    data = encode(photo(), quality=90)

    stored_photo = store.accept(data)

    assert store.open(stored_photo.path).read_bytes() == data
    assert stored_photo.sha256 == stored_photo.original_sha256 == hashlib.sha256(data).hexdigest()


def test_the_exif_and_gps_written_by_pillow_do_not_survive_on_the_fast_path(store: PhotoStore) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 14.0, 5.0)}
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.MakerNote] = b"maker-note-serial-4711"
    data = encode(photo(), exif=exif, comment=b"comment-serial-0815")

    stored_photo = store.accept(data)

    stored = store.open(stored_photo.path).read_bytes()
    for secret in (b"Exif\x00\x00", b"SecretCam", b"maker-note-serial-4711", b"comment-serial-0815"):
        assert secret not in stored
    assert scan_data(data) in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif()
        assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("progressive", {"progressive": True}),
        ("restart markers", {"restart_marker_blocks": 3}),
        ("no chroma subsampling", {"subsampling": 0}),
        ("optimised tables", {"optimize": True}),
    ],
)
def test_every_kind_of_jpeg_scan_keeps_its_pixels(store: PhotoStore, kind: str, params: dict[str, object]) -> None:
    plain = encode(photo(seed=3), quality=85, **params)
    data = with_every_kind_of_metadata(plain)

    stored = store.open(store.accept(data).path).read_bytes()

    assert pixels(stored) == pixels(data), kind
    assert b"SecretCam" not in stored and b"where-we-were" not in stored
    assert scan_data(plain) in stored


def test_a_greyscale_jpeg_stays_greyscale_and_keeps_its_pixels(store: PhotoStore) -> None:
    data = with_every_kind_of_metadata(encode(photo(mode="L")))

    stored_photo = store.accept(data)

    stored = store.open(stored_photo.path).read_bytes()
    assert pixels(stored) == pixels(data)
    with Image.open(store.open(stored_photo.thumb_path)) as thumb:
        assert thumb.mode == "L"


def test_the_icc_profile_is_kept_in_the_photo_and_its_thumbnail(store: PhotoStore) -> None:
    icc = bytes(range(256)) * 400  # > 64 KB: split over several APP2 segments
    data = with_every_kind_of_metadata(encode(photo(), icc_profile=icc))

    stored_photo = store.accept(data)

    with Image.open(store.open(stored_photo.path)) as stored:
        assert stored.info["icc_profile"] == icc
    with Image.open(store.open(stored_photo.thumb_path)) as thumb:
        assert thumb.info["icc_profile"] == icc


def test_a_multi_picture_jpeg_keeps_only_its_first_picture(store: PhotoStore) -> None:
    data = encode(Image.new("RGB", (64, 48), "red"), "MPO", save_all=True,
                  append_images=[Image.new("RGB", (640, 480), "blue")])

    stored = store.open(store.accept(data).path).read_bytes()

    assert len(stored) < len(data) // 2
    assert b"MPF\x00" not in stored and stored.count(b"\xff\xd8") == 1
    assert pixels(stored) == pixels(data[: data.index(b"\xff\xd9") + 2])


def test_a_jpeg_turned_by_xmp_alone_is_still_turned_upright(store: PhotoStore) -> None:
    # No EXIF, but the XMP says "rotate 90°": Pillow's exif_transpose obeys it, so the fast path,
    # which keeps pixels as they are, must not take it.
    img = Image.new("RGB", (80, 40), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 40, 40))
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description tiff:Orientation="6"/></x:xmpmeta>'
    data = encode(img, xmp=xmp)

    stored_photo = store.accept(data)

    assert (stored_photo.width, stored_photo.height) == (40, 80)
    stored = store.open(stored_photo.path).read_bytes()
    assert b"adobe:ns:meta" not in stored


# -- thumbnails -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(2000, 1500), (1999, 1333), (4000, 3000), (321, 17), (17, 900), (300, 200)])
def test_the_thumbnail_has_the_size_the_reencode_path_gives_it(
    store: PhotoStore, reencoding: PhotoStore, size: tuple[int, int]
) -> None:
    data = encode(photo(size), quality=80)

    fast = store.accept(data)
    slow = reencoding.accept(data)

    with Image.open(store.open(fast.thumb_path)) as thumb, Image.open(reencoding.open(slow.thumb_path)) as expected:
        assert thumb.format == "JPEG"
        assert thumb.size == expected.size
        assert max(thumb.size) == min(320, max(size))
        # The same picture: a reduced decode then LANCZOS, against LANCZOS from full size.
        difference = [abs(a - b) for a, b in zip(thumb.tobytes(), expected.tobytes(), strict=True)]
        assert sum(difference) / len(difference) < 4


# -- refusals: exactly the re-encode path's ---------------------------------------------------


def verdict(store: PhotoStore, data: bytes) -> str:
    try:
        store.accept(data)
    except PhotoRejected as refused:
        return refused.code
    return "accepted"


def test_a_truncated_jpeg_is_refused_as_corrupt_wherever_it_is_cut(store: PhotoStore, reencoding: PhotoStore) -> None:
    data = with_every_kind_of_metadata(encode(photo((600, 400)), quality=95))
    data = data[: data.rindex(b"\xff\xd8")]  # without the second picture, which would hide a cut

    for cut in (0.3, 0.5, 0.9, 0.999):
        cut_data = data[: int(len(data) * cut)]
        assert verdict(store, cut_data) == verdict(reencoding, cut_data) == "corrupt", cut
    assert verdict(store, data[:-2]) == verdict(reencoding, data[:-2])  # only the end marker missing


def test_a_scan_cut_short_by_an_end_marker_gets_the_reencode_paths_verdict(
    store: PhotoStore, reencoding: PhotoStore
) -> None:
    data = encode(photo((600, 400)), quality=95)
    for cut in (0.3, 0.6, 0.95):
        cut_data = data[: int(len(data) * cut)] + b"\xff\xd9"
        assert verdict(store, cut_data) == verdict(reencoding, cut_data), cut


def test_corrupted_bytes_get_the_reencode_paths_verdict(store: PhotoStore, reencoding: PhotoStore) -> None:
    data = encode(photo((300, 200)), quality=90)
    sos = data.index(b"\xff\xda")
    rng = random.Random(5)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(2, len(data) - 2)] = rng.randrange(256)
        assert verdict(store, bytes(damaged)) == verdict(reencoding, bytes(damaged))
    broken_tables = bytearray(data)
    dht = data.index(b"\xff\xc4")
    broken_tables[dht + 5 : dht + 21] = b"\xff" * 16  # Huffman code counts that cannot be
    assert verdict(store, bytes(broken_tables)) == verdict(reencoding, bytes(broken_tables)) == "corrupt"
    assert sos > dht


def test_the_pixel_limit_is_checked_before_the_fast_path_decodes_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = PhotoStore(tmp_path, max_pixels=1000)
    data = with_every_kind_of_metadata(encode(photo((40, 40))))

    def refuse_to_draft(self: Image.Image, mode: str | None, size: tuple[int, int] | None) -> None:
        raise AssertionError("a photo over the pixel limit was decoded")

    monkeypatch.setattr(Image.Image, "draft", refuse_to_draft)

    assert verdict(store, data) == "too_many_pixels"


# -- the segment rewrite on its own ----------------------------------------------------------


def test_the_rewrite_gives_none_for_what_it_does_not_know() -> None:
    data = encode(photo((64, 48)))
    sos = data.index(b"\xff\xda")

    assert jpeg_segments.without_metadata(b"\x89PNG\r\n\x1a\n") is None
    assert jpeg_segments.without_metadata(data[:-2]) is None  # no end of image
    assert jpeg_segments.without_metadata(data[: sos - 3]) is None  # cut inside the headers
    assert jpeg_segments.without_metadata(data[:2] + segment(0xF7, b"jpeg-ls") + data[2:]) is None
    assert jpeg_segments.without_metadata(data[:2] + b"\xff\xd9") is None  # no frame, no scan
    assert jpeg_segments.without_metadata(data[:2] + segment(0xE0, b"JFIF\x00") + b"\x00" + data[2:]) is None


def test_the_rewrite_keeps_the_tables_frame_and_scans_in_order() -> None:
    data = encode(photo((64, 48)), progressive=True, restart_marker_blocks=2)

    clean = jpeg_segments.without_metadata(with_every_kind_of_metadata(data))

    assert clean is not None
    markers = [clean[i + 1] for i in range(len(clean) - 1) if clean[i] == 0xFF and clean[i + 1] in
               (0xC2, 0xC4, 0xDB, 0xDD, 0xDA)]
    original = [data[i + 1] for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] in
                (0xC2, 0xC4, 0xDB, 0xDD, 0xDA)]
    assert markers == original
    assert clean.endswith(b"\xff\xd9") and pixels(clean) == pixels(data)
