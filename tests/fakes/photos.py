"""Inspection photos as phones make them: real JPEGs of a few megabytes."""

from __future__ import annotations

import io
import random

from PIL import Image


def noise_jpeg(width: int = 2000, height: int = 1500, *, seed: int = 7, quality: int = 95) -> bytes:
    """A real JPEG of random pixels, which do not compress: 2000×1500 is about 3.5 MB,
    2400×1800 about 5 MB."""
    pixels = random.Random(seed).randbytes(width * height * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(out, "JPEG", quality=quality)
    return out.getvalue()
