"""Specification of ``storage.photo_store``: what a supplier's photo must survive to be stored.

Every image is generated here with Pillow (or crafted byte by byte for lying headers), so the
tests need no fixtures on disk and show exactly what each case is.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import struct
import warnings
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageFile

from bot.media_words import rejection_words
from storage import photo_store
from storage.photo_store import PhotoRejected, PhotoStore, StoredPhoto

MIB = 1024 * 1024
ALL_CODES = (
    "too_large",
    "too_many_pixels",
    "not_an_image",
    "unsupported_type",
    "corrupt",
    "decompression_bomb",
    "empty",
)


# -- helpers ---------------------------------------------------------------------------------


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def noise(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Incompressible pixels, so encoded files are big enough to truncate meaningfully."""
    width, height = size
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(width * height * 3))


def left_red_right_blue(size: tuple[int, int]) -> Image.Image:
    img = Image.new("RGB", size, (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return img


def png_chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def png_with_declared_size(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims ``width`` x ``height`` RGB pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def rejection(store: PhotoStore, data: bytes) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        store.accept(data)
    return caught.value


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())


def reopen(store: PhotoStore, rel_path: str) -> Image.Image:
    return Image.open(store.open(rel_path))


@pytest.fixture
def store(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "photos")


@pytest.fixture
def no_pixel_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any image's pixels get decoded."""

    def refuse_to_load(self: ImageFile.ImageFile) -> None:
        raise AssertionError(f"pixels of a {self.size} image were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_load)


# -- accepted photos -------------------------------------------------------------------------


def test_a_jpeg_is_stored_content_addressed_with_both_hashes(store: PhotoStore) -> None:
    data = encode(noise((64, 48)), "JPEG", quality=95)

    photo = store.accept(data)

    stored = store.open(photo.path).read_bytes()
    assert photo.original_sha256 == hashlib.sha256(data).hexdigest()
    assert photo.sha256 == hashlib.sha256(stored).hexdigest()
    assert photo.size == len(stored)
    assert (photo.mime_type, photo.width, photo.height) == ("image/jpeg", 64, 48)
    assert photo.path == f"{photo.sha256[:2]}/{photo.sha256[2:4]}/{photo.sha256}.jpg"
    assert store.open(photo.path) == (store.root / photo.path).resolve()


def test_a_jpeg_with_exif_orientation_is_stored_upright_without_any_metadata(store: PhotoStore) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 14.0, 5.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (121.0, 28.0, 9.0),
    }
    data = encode(
        left_red_right_blue((80, 40)),
        "JPEG",
        exif=exif,
        comment=b"serial-4711",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">where-we-were</x:xmpmeta>',
    )
    with Image.open(io.BytesIO(data)) as original:  # the test image really carries all of it
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert original.info["comment"] == b"serial-4711"

    photo = store.accept(data)

    assert (photo.width, photo.height) == (40, 80)
    stored_bytes = store.open(photo.path).read_bytes()
    for secret in (b"Exif\x00\x00", b"SecretCam", b"serial-4711", b"where-we-were", b"adobe:ns:meta"):
        assert secret not in stored_bytes
    with reopen(store, photo.path) as stored:
        assert stored.size == (40, 80)
        assert not stored.getexif()
        assert not {"exif", "comment", "xmp"} & stored.info.keys()
        # Upright: what was the left (red) side is now on top.
        red, _, blue = stored.convert("RGB").getpixel((20, 10))
        assert red > 200 and blue < 60
        red, _, blue = stored.convert("RGB").getpixel((20, 70))
        assert blue > 200 and red < 60


def test_a_png_claiming_to_be_a_jpeg_is_stored_as_png(store: PhotoStore) -> None:
    # The chat said "photo.jpg, image/jpeg"; accept() does not even take the claim: content decides.
    data = encode(noise((30, 20)), "PNG")

    photo = store.accept(data)

    assert photo.mime_type == "image/png"
    assert photo.path.endswith(".png")
    with reopen(store, photo.path) as stored:
        assert stored.format == "PNG"


def test_a_png_is_stored_losslessly(store: PhotoStore) -> None:
    original = noise((30, 20), seed=3)

    photo = store.accept(encode(original, "PNG"))

    with reopen(store, photo.path) as stored:
        assert stored.tobytes() == original.tobytes()


def test_png_text_chunks_and_exif_are_not_stored(store: PhotoStore) -> None:
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Author", "Zhang San, 13800000000")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    data = encode(noise((16, 16)), "PNG", pnginfo=text, exif=exif)

    photo = store.accept(data)

    stored_bytes = store.open(photo.path).read_bytes()
    assert b"13800000000" not in stored_bytes and b"SecretCam" not in stored_bytes
    with reopen(store, photo.path) as stored:
        assert not stored.getexif()


def test_a_webp_is_stored_as_webp_without_exif(store: PhotoStore) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    data = encode(noise((40, 30)), "WEBP", exif=exif, quality=90)

    photo = store.accept(data)

    assert photo.mime_type == "image/webp" and photo.path.endswith(".webp")
    assert b"SecretCam" not in store.open(photo.path).read_bytes()
    with reopen(store, photo.path) as stored:
        assert stored.format == "WEBP" and stored.size == (40, 30)
        assert "exif" not in stored.info


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_a_plain_jpeg(store: PhotoStore) -> None:
    # Phones embed a depth map or big preview; Pillow calls that "MPO". It is still a JPEG.
    data = encode(
        Image.new("RGB", (64, 48), "red"), "MPO", save_all=True, append_images=[Image.new("RGB", (32, 24))]
    )
    with Image.open(io.BytesIO(data)) as original:
        assert original.format == "MPO"

    photo = store.accept(data)

    assert photo.mime_type == "image/jpeg" and (photo.width, photo.height) == (64, 48)
    with reopen(store, photo.path) as stored:
        assert stored.format == "JPEG"


def test_a_cmyk_jpeg_is_stored_as_rgb(store: PhotoStore) -> None:
    data = encode(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG")

    photo = store.accept(data)

    with reopen(store, photo.path) as stored:
        assert stored.mode == "RGB"
        red, green, blue = stored.getpixel((10, 10))
        assert red > 200 and green < 60 and blue < 60


def test_a_palette_png_keeps_its_transparency_and_the_thumbnail_is_flattened_on_white(
    store: PhotoStore,
) -> None:
    img = Image.new("P", (40, 40), 0)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    img.paste(1, (0, 0, 20, 40))
    data = encode(img, "PNG", transparency=0)

    photo = store.accept(data)

    with reopen(store, photo.path) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((5, 5)) == (255, 0, 0, 255)
        assert stored.getpixel((35, 5))[3] == 0
    with reopen(store, photo.thumb_path) as thumb:
        assert thumb.format == "JPEG"
        assert min(thumb.convert("RGB").getpixel((35, 5))) > 240  # transparent became white


def test_a_16_bit_greyscale_png_is_kept_and_gets_a_readable_thumbnail(store: PhotoStore) -> None:
    row = struct.pack("<25H", *[40000] * 25) + struct.pack("<25H", *[0] * 25)  # left half bright
    img = Image.frombytes("I;16", (50, 50), row * 50)

    photo = store.accept(encode(img, "PNG"))

    with reopen(store, photo.path) as stored:
        assert stored.mode.startswith("I")
    with reopen(store, photo.thumb_path) as thumb:
        assert 140 < thumb.getpixel((5, 5)) < 170  # 40000 / 256 ≈ 156, not clipped to white
        assert thumb.getpixel((45, 5)) < 10


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_an_animation_is_stored_as_its_first_frame(store: PhotoStore, fmt: str) -> None:
    frames = [Image.new("RGB", (24, 24), "red"), Image.new("RGB", (24, 24), "blue")]
    data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, lossless=True)
    with Image.open(io.BytesIO(data)) as original:
        assert original.n_frames == 2

    photo = store.accept(data)

    with reopen(store, photo.path) as stored:
        assert getattr(stored, "n_frames", 1) == 1
        red, green, blue = stored.convert("RGB").getpixel((12, 12))
        assert red > 240 and green < 15 and blue < 15


# -- thumbnails and idempotence --------------------------------------------------------------


def test_the_thumbnail_exists_and_fits_in_320_px(store: PhotoStore) -> None:
    photo = store.accept(encode(noise((1200, 800)), "PNG"))

    assert photo.thumb_path == photo.path.removesuffix(".png") + ".thumb.jpg"
    with reopen(store, photo.thumb_path) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.size == (320, 213)


def test_a_small_photo_is_not_upscaled_for_its_thumbnail(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, thumb_size=100)

    photo = store.accept(encode(noise((60, 30)), "JPEG"))

    with reopen(store, photo.thumb_path) as thumb:
        assert thumb.size == (60, 30)


def test_storing_the_same_picture_twice_is_idempotent(store: PhotoStore) -> None:
    data = encode(noise((64, 48)), "JPEG")
    first = store.accept(data)
    written = {p: p.stat().st_mtime_ns for p in files_under(store.root)}

    second = store.accept(data)

    assert second == first
    assert {p: p.stat().st_mtime_ns for p in files_under(store.root)} == written
    assert len(written) == 2  # the photo and its thumbnail


def test_the_same_picture_stored_from_many_threads_at_once_ends_up_as_one_file(store: PhotoStore) -> None:
    data = encode(noise((300, 200)), "JPEG")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(store.accept, [data] * 16))

    assert all(result == results[0] for result in results)
    assert [p.relative_to(store.root).as_posix() for p in files_under(store.root)] == sorted(
        [results[0].path, results[0].thumb_path]
    )


# -- refusals --------------------------------------------------------------------------------


def test_empty_bytes_are_refused(store: PhotoStore) -> None:
    assert rejection(store, b"").code == "empty"


def test_a_photo_over_10_mb_is_refused_before_decoding(
    store: PhotoStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = encode(noise((32, 32)), "JPEG")
    data += b"\x00" * (int(12.3 * MIB) - len(data))

    def must_not_open(*args: object, **kwargs: object) -> Image.Image:
        raise AssertionError("decoded an oversized file")

    monkeypatch.setattr(Image, "open", must_not_open)
    refused = rejection(store, data)

    assert refused.code == "too_large"
    assert rejection_words(refused, "zh") == "照片太大（12.3 MB），请发送 10 MB 以内的照片。"
    assert rejection_words(refused, "en") == "The photo is too large (12.3 MB). Please send a photo of at most 10 MB."


def test_a_file_one_byte_over_the_limit_does_not_read_as_the_limit(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, max_bytes=10 * MIB)

    refused = rejection(store, b"\xff" * (10 * MIB + 1))

    assert "（10.1 MB）" in rejection_words(refused, "zh")


def test_the_byte_limit_is_configurable(tmp_path: Path) -> None:
    data = encode(noise((64, 64)), "PNG")
    store = PhotoStore(tmp_path, max_bytes=len(data) - 1)

    assert rejection(store, data).code == "too_large"
    assert PhotoStore(tmp_path, max_bytes=len(data)).accept(data).size > 0


def test_a_48_megapixel_header_is_refused_without_decoding_it(
    store: PhotoStore, no_pixel_decoding: None
) -> None:
    refused = rejection(store, png_with_declared_size(8000, 6000))

    assert refused.code == "too_many_pixels"
    assert refused.pixels == 48_000_000
    assert "4800 万像素" in rejection_words(refused, "zh") and "4000 万像素" in rejection_words(refused, "zh")
    assert "48 megapixels" in rejection_words(refused, "en") and "40 megapixels" in rejection_words(refused, "en")
    assert rejection_words(refused, "zh") == (
        "照片像素太多（4800 万像素）。请发送 4000 万像素以内的照片，例如在相机设置中选择较低的分辨率。"
    )


def test_the_pixel_limit_is_configurable(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path, max_pixels=1000)

    assert rejection(store, encode(noise((40, 40)), "PNG")).code == "too_many_pixels"
    assert store.accept(encode(noise((25, 40)), "PNG")).width == 25


def test_a_decompression_bomb_is_refused_without_decoding_it(
    store: PhotoStore, no_pixel_decoding: None
) -> None:
    data = png_with_declared_size(100_000, 100_000)  # 10 gigapixels in a file of ~100 bytes
    assert len(data) < 200

    assert rejection(store, data).code == "decompression_bomb"


def test_a_header_far_over_our_own_limit_is_a_bomb_even_below_pillows_limit(
    store: PhotoStore, no_pixel_decoding: None
) -> None:
    # 81 MP: more than twice the 40 MP limit, yet under Pillow's global 89 MP warning threshold.
    assert rejection(store, png_with_declared_size(9000, 9000)).code == "decompression_bomb"


def test_pillows_own_bomb_error_becomes_a_refusal_without_touching_the_global_limit(
    tmp_path: Path, no_pixel_decoding: None
) -> None:
    store = PhotoStore(tmp_path, max_pixels=100_000_000)  # ours would allow up to 200 MP as "too many"
    global_limit = Image.MAX_IMAGE_PIXELS

    refused = rejection(store, png_with_declared_size(15_000, 13_000))  # 195 MP > Pillow's 179 MP

    assert refused.code == "decompression_bomb"
    assert Image.MAX_IMAGE_PIXELS == global_limit


def test_pillows_bomb_warning_becomes_a_refusal_when_warnings_are_errors(
    tmp_path: Path, no_pixel_decoding: None
) -> None:
    store = PhotoStore(tmp_path, max_pixels=100_000_000)

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        refused = rejection(store, png_with_declared_size(10_000, 9_000))  # 90 MP > Pillow's 89 MP

    assert refused.code == "decompression_bomb"


def test_a_truncated_jpeg_is_refused_as_corrupt(store: PhotoStore) -> None:
    data = encode(noise((400, 300)), "JPEG")

    assert rejection(store, data[: len(data) // 2]).code == "corrupt"


def test_a_truncated_png_is_refused_as_corrupt(store: PhotoStore) -> None:
    data = encode(noise((200, 150)), "PNG")

    assert rejection(store, data[: len(data) // 2]).code == "corrupt"


def test_a_png_with_a_bad_checksum_is_refused_as_corrupt(store: PhotoStore) -> None:
    data = bytearray(encode(noise((50, 50)), "PNG"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk's payload

    assert rejection(store, bytes(data)).code == "corrupt"


def test_a_jpeg_signature_followed_by_garbage_is_corrupt_not_a_non_image(store: PhotoStore) -> None:
    assert rejection(store, b"\xff\xd8\xff\xe0" + random.Random(1).randbytes(2000)).code == "corrupt"


def _heic_header() -> bytes:
    return struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00" * 64


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("GIF", lambda: encode(Image.new("P", (10, 10)), "GIF")),
        ("BMP", lambda: encode(Image.new("RGB", (10, 10)), "BMP")),
        ("TIFF", lambda: encode(Image.new("RGB", (10, 10)), "TIFF")),
        ("PDF", lambda: encode(Image.new("RGB", (10, 10)), "PDF")),
        ("SVG", lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("HEIC", _heic_header),
    ],
)
def test_other_image_formats_are_refused_as_unsupported_naming_the_format(
    store: PhotoStore, kind: str, make: Callable[[], bytes]
) -> None:
    refused = rejection(store, make())

    assert refused.code == "unsupported_type"
    assert refused.kind == kind
    assert kind in rejection_words(refused, "zh") and kind in rejection_words(refused, "en")


def test_an_iphone_heic_refusal_says_how_to_switch_the_camera_format(store: PhotoStore) -> None:
    refused = rejection(store, _heic_header())

    assert "兼容性最佳" in rejection_words(refused, "zh")
    assert "Most Compatible" in rejection_words(refused, "en")


@pytest.mark.parametrize(
    "data",
    [
        "检验报告：合格\nInspection report: OK\n".encode(),
        random.Random(2).randbytes(4096),
        struct.pack(">I", 24) + b"ftypisom" + b"\x00" * 64,  # an MP4 video
    ],
    ids=["text", "random-bytes", "video"],
)
def test_things_that_are_not_images_are_refused_as_such(store: PhotoStore, data: bytes) -> None:
    assert rejection(store, data).code == "not_an_image"


def test_no_files_are_left_behind_after_refusals(store: PhotoStore) -> None:
    bad = [
        b"",
        b"hello",
        b"\xff" * (10 * MIB + 1),
        png_with_declared_size(8000, 6000),
        png_with_declared_size(100_000, 100_000),
        encode(noise((400, 300)), "JPEG")[:5000],
        encode(Image.new("P", (10, 10)), "GIF"),
    ]
    for data in bad:
        rejection(store, data)

    assert files_under(store.root) == []


def test_a_failed_write_leaves_no_temp_file_and_no_photo(
    store: PhotoStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_gone(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(photo_store.os, "replace", disk_gone)

    with pytest.raises(OSError):
        store.accept(encode(noise((64, 48)), "JPEG"))

    assert files_under(store.root) == []


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_refusal_has_a_chinese_and_an_english_message(code: str) -> None:
    refused = PhotoRejected(
        code,  # type: ignore[arg-type]
        size=12 * MIB,
        max_bytes=10 * MIB,
        pixels=48_000_000,
        max_pixels=40_000_000,
    )
    bare = PhotoRejected(code)  # type: ignore[arg-type]  # e.g. Pillow's bomb error has no pixel count

    for r in (refused, bare):
        zh, en = rejection_words(r, "zh"), rejection_words(r, "en")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
        assert en.isascii() or "→" in en, en
        assert en[0].isupper() and en.endswith("."), en
        assert zh.endswith("。"), zh
        assert "?" not in zh + en and "None" not in zh + en
        assert rejection_words(r, "fr") == en
        assert rejection_words(r, "zh-CN") == zh
    assert refused.code == code and code in str(refused)


# -- open, delete, free space ----------------------------------------------------------------


@pytest.mark.parametrize(
    "rel_path",
    [
        "../outside.jpg",
        "/etc/passwd",
        "ab/cd/../../../outside.jpg",
        "ab/cd/" + "a" * 64 + ".exe",
        "AB/CD/" + "A" * 64 + ".jpg",
        "",
        "ab\\cd\\" + "a" * 64 + ".jpg",
    ],
)
def test_open_and_delete_refuse_paths_this_store_never_made(store: PhotoStore, rel_path: str) -> None:
    with pytest.raises(ValueError):
        store.open(rel_path)
    with pytest.raises(ValueError):
        store.delete(rel_path)


def test_open_refuses_a_symlink_that_leads_out_of_the_root(store: PhotoStore, tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not yours")
    rel_path = "ab/cd/" + "ab" * 32 + ".jpg"
    (store.root / "ab/cd").mkdir(parents=True)
    (store.root / rel_path).symlink_to(secret)

    with pytest.raises(ValueError):
        store.open(rel_path)
    with pytest.raises(ValueError):
        store.delete(rel_path)
    assert secret.exists()


def test_open_of_a_missing_photo_raises_file_not_found(store: PhotoStore) -> None:
    with pytest.raises(FileNotFoundError):
        store.open("ab/cd/" + "ab" * 32 + ".jpg")


def test_delete_removes_the_file_and_a_missing_file_is_fine(store: PhotoStore) -> None:
    photo: StoredPhoto = store.accept(encode(noise((20, 20)), "JPEG"))

    store.delete(photo.path)
    store.delete(photo.thumb_path)
    store.delete(photo.path)

    assert files_under(store.root) == []
    with pytest.raises(FileNotFoundError):
        store.open(photo.path)


def test_free_bytes_reports_the_free_space_of_the_roots_disk(store: PhotoStore) -> None:
    usage = shutil.disk_usage(store.root)

    assert 0 < store.free_bytes() <= usage.total


def test_the_root_is_created_if_missing(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b"

    PhotoStore(os.fspath(root))

    assert root.is_dir()
