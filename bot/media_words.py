"""What the bot says about a photo or file it will not keep (`PhotoRejected`,
`AttachmentRejected`), in Chinese or English: the stores keep codes and figures, the words
are said here.

Limits read as the supplier can act on them: sizes rounded up, limits rounded down, so a
file just over the limit never reads as "10.0 MB, limit 10 MB".
"""

from __future__ import annotations

import math

from storage.attachment_store import AttachmentRejected
from storage.photo_store import PhotoRejected

_MIB = 1024 * 1024


def rejection_words(rejected: PhotoRejected | AttachmentRejected, language: str) -> str:
    """A helpful sentence for the chat in ``"zh"`` or ``"en"`` (anything not Chinese gets English)."""
    zh = language.lower().startswith("zh")
    if isinstance(rejected, AttachmentRejected):
        return _file_words(rejected, zh)
    match rejected.code:
        case "empty":
            if zh:
                return "收到的文件是空的，请重新发送照片。"
            return "The file you sent is empty. Please send the photo again."
        case "too_large":
            if zh:
                got = f"（{_mb_up(rejected.size)} MB）" if rejected.size is not None else ""
                limit = f" {_mb_limit(rejected.max_bytes)} MB 以内" if rejected.max_bytes is not None else "更小"
                return f"照片太大{got}，请发送{limit}的照片。"
            got = f" ({_mb_up(rejected.size)} MB)" if rejected.size is not None else ""
            limit = (
                f"of at most {_mb_limit(rejected.max_bytes)} MB" if rejected.max_bytes is not None else "smaller"
            )
            return f"The photo is too large{got}. Please send a photo {limit}."
        case "too_many_pixels" | "decompression_bomb":
            # A bomb is mostly a crafted or broken header, but a 100+ MP phone mode lands
            # there too: word it for the honest supplier, an attacker does not read it anyway.
            bomb = rejected.code == "decompression_bomb"
            if zh:
                got = f"（{_wan_up(rejected.pixels)} 万像素）" if rejected.pixels is not None else ""
                limit = (
                    f" {_wan_limit(rejected.max_pixels)} 万像素以内"
                    if rejected.max_pixels is not None
                    else "分辨率较低"
                )
                what = f"这个图片文件声明的尺寸大得异常{got}，无法处理" if bomb else f"照片像素太多{got}"
                return f"{what}。请发送{limit}的照片，例如在相机设置中选择较低的分辨率。"
            got = f" ({_mp_up(rejected.pixels)} megapixels)" if rejected.pixels is not None else ""
            limit = (
                f"of at most {_mp_limit(rejected.max_pixels)} megapixels"
                if rejected.max_pixels is not None
                else "of a lower resolution"
            )
            what = (
                f"This image file declares an abnormally large size{got} and cannot be processed"
                if bomb
                else f"The photo has too many pixels{got}"
            )
            return f"{what}. Please send a photo {limit}, e.g. by choosing a lower resolution in the camera settings."
        case "unsupported_type":
            heic = rejected.kind in ("HEIC", "HEIF")
            if zh:
                what = f"{rejected.kind} 格式" if rejected.kind else "这种格式"
                hint = "（iPhone：设置 → 相机 → 格式 → 兼容性最佳）" if heic else ""
                return f"不支持{what}的文件，请发送 JPG、PNG 或 WEBP 格式的照片{hint}。"
            what = f"{rejected.kind} files are" if rejected.kind else "This file type is"
            hint = " (on an iPhone: Settings → Camera → Formats → Most Compatible)" if heic else ""
            return f"{what} not supported. Please send a JPEG, PNG or WEBP photo{hint}."
        case "not_an_image":
            if zh:
                return "这个文件不是图片，请发送 JPG、PNG 或 WEBP 格式的照片。"
            return "This file is not an image. Please send a JPEG, PNG or WEBP photo."
        case "corrupt":
            if zh:
                return "照片文件已损坏或不完整，请重新发送；如果仍然不行，请重新拍摄。"
            return "The photo file is damaged or incomplete. Please send it again, or take it again."
    raise AssertionError(f"unknown rejection code {rejected.code!r}")  # pragma: no cover


def _trim(value: float) -> str:
    """``10.0`` → ``"10"``, ``12.3`` → ``"12.3"``: limits read better without a trailing zero."""
    return f"{value:.1f}".removesuffix(".0")


def _mb_up(n: int) -> str:
    # Rounded *up*, so a file just over the limit never reads as "10.0 MB, limit 10 MB".
    return f"{math.ceil(n * 10 / _MIB) / 10:.1f}"


def _mb_limit(n: int) -> str:
    return _trim(math.floor(n * 10 / _MIB) / 10)


def _mp_up(n: int) -> str:
    return _trim(math.ceil(n / 100_000) / 10)


def _mp_limit(n: int) -> str:
    return _trim(math.floor(n / 100_000) / 10)


def _wan_up(n: int) -> str:
    return str(math.ceil(n / 10_000))


def _wan_limit(n: int) -> str:
    return str(n // 10_000)


def _file_words(rejected: AttachmentRejected, zh: bool) -> str:
    limit = f"{(rejected.max_bytes or 0) / _MIB:.0f}"
    if rejected.code == "too_large":
        return (f"文件太大，请发送 {limit} MB 以内的文件。" if zh
                else f"The file is too large. Please send files of at most {limit} MB.")
    if rejected.code == "empty":
        return "收到的文件是空的，请重新发送。" if zh else "The file you sent is empty. Please send it again."
    return ("这种文件无法存档。可以发送：照片（JPG/PNG/WEBP）、PDF、图纸（DWG/DXF）。" if zh
            else "This kind of file cannot be kept. You can send photos (JPG/PNG/WEBP), PDFs and drawings "
                 "(DWG/DXF).")
