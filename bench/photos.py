"""Photos: CPU per accepted photo, the path a photo takes today beside the re-encode path, same run.

`PhotoStore.accept` keeps an upright JPEG as it came, minus its metadata segments, and decodes
it once at a reduced scale (validation and thumbnail); everything else is decoded and
re-encoded. The baseline is that re-encode path forced for every photo, on the same bytes, in
the same process, so the ratio holds however busy the machine is. CPU is this thread's CPU
time (Pillow works in C on the calling thread); the files already exist after the first
round, so the figure is the CPU, not the disk.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image

from bench.common import Row
from storage.photo_store import PhotoStore
from tests.fakes.photos import noise_jpeg


class ReencodingStore(PhotoStore):
    """The store as it was before the segment rewrite: every photo decoded and re-encoded."""

    def _kept_as_is(self, data: bytes) -> None:
        return None


def phone_jpeg(orientation: int = 1, size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A 12 MP phone-like photo: smooth light, sensor noise, EXIF with GPS and a maker, q90."""
    light = Image.linear_gradient("L").resize(size)
    grain = Image.effect_noise(size, 12)
    shade = Image.radial_gradient("L").resize(size)
    img = Image.merge("RGB", (light, grain, shade))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 14.0, 5.0)}
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def cpu_ms(accept: Callable[[bytes], object], data: bytes, rounds: int) -> float:
    accept(data)  # first round writes the files; later rounds find them and skip the disk
    start = time.thread_time()
    for _ in range(rounds):
        accept(data)
    return (time.thread_time() - start) / rounds * 1000


async def run(quick: bool) -> list[Row]:
    rounds = 5 if quick else 20
    photos = {
        "bench photo: 2000×1500 noise, no metadata, 3.5 MB": noise_jpeg(),
        "2400×1800 noise, no metadata, 5.1 MB": noise_jpeg(2400, 1800),
        "phone 4000×3000 with EXIF/GPS, upright, 3.7 MB": phone_jpeg(1),
        "phone 4000×3000, EXIF orientation 6 (re-encoded on both), 3.7 MB": phone_jpeg(6),
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        store = PhotoStore(Path(folder) / "now")
        before = ReencodingStore(Path(folder) / "before")
        for name, data in photos.items():
            new = cpu_ms(store.accept, data, rounds)
            old = cpu_ms(before.accept, data, rounds)
            rows.append(Row(f"photo CPU, {name}", f"{new:.1f} ms",
                            f"re-encode path {old:.1f} ms", f"{old / new:.2f}× less"))
    return rows
