"""Photos: CPU per accepted photo, the path a photo takes today beside the re-encode path, same run.

`PhotoStore.accept` keeps an upright JPEG as it came, minus its metadata segments, and decodes
it once at a reduced scale (validation and thumbnail); everything else is decoded and
re-encoded. The baseline is that re-encode path forced for every photo, on the same bytes, in
the same process, so the ratio holds however busy the machine is. CPU is this thread's CPU
time (Pillow works in C on the calling thread); the files already exist after the first
round, so the figure is the CPU, not the disk.

It also weighs running `accept` in a process of its own (a pool of one worker) against a
thread (`asyncio.to_thread`, what the pipeline does), by what the event loop feels: the lag of
a 1 ms heartbeat on the loop while photos are stored one after another, and the CPU the
service's own process spends per photo. Pillow decodes, resizes and hashes with the GIL
released, so the thread leaves the loop's thread free most of the time; a worker process
costs a copy of every photo through a pipe instead.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import ExifTags, Image

from bench.common import Row, percentile
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


_worker_store: PhotoStore | None = None


def _start_worker(root: str) -> None:
    global _worker_store
    _worker_store = PhotoStore(root)


def _accept_in_worker(data: bytes) -> object:
    assert _worker_store is not None
    return _worker_store.accept(data)


async def loop_feel(store_one: Callable[[bytes], Awaitable[object]], data: bytes, count: int) -> tuple[float, float]:
    """(heartbeat lag p99 in ms, this process's CPU per photo in ms) while `count` photos are stored."""
    lags: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append((time.perf_counter() - started - 0.001) * 1000)

    beating = asyncio.create_task(heartbeat())
    cpu = time.process_time()
    for _ in range(count):
        await store_one(data)
    cpu_per_photo = (time.process_time() - cpu) / count * 1000
    done.set()
    await beating
    return percentile(lags, 99), cpu_per_photo


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
        data = photos["bench photo: 2000×1500 noise, no metadata, 3.5 MB"]
        loop = asyncio.get_running_loop()
        with ProcessPoolExecutor(1, initializer=_start_worker, initargs=(str(Path(folder) / "worker"),)) as pool:
            await loop.run_in_executor(pool, _accept_in_worker, data)  # started, and the files written
            thread_lag, thread_cpu = await loop_feel(lambda d: asyncio.to_thread(store.accept, d), data, 6 * rounds)
            pool_lag, pool_cpu = await loop_feel(lambda d: loop.run_in_executor(pool, _accept_in_worker, d), data,
                                                 6 * rounds)
        rows.append(Row("photo in a worker process (pool of 1) vs a thread: loop lag p99, service CPU/photo",
                        f"process: {pool_lag:.1f} ms, {pool_cpu:.1f} ms (its own, beside the worker's)",
                        f"thread: {thread_lag:.1f} ms, {thread_cpu:.1f} ms (all of it)",
                        f"lag {thread_lag / pool_lag:.2f}×", "p99 of a 1 ms heartbeat on the event loop"))
    return rows
