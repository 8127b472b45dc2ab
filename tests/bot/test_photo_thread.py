"""Specification of ``bot.photo_thread``: photos are checked one at a time on a thread of their
own, and written apart from it, so they never take both cores from the event loop."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from bot.photo_thread import accept_photo
from storage.photo_store import PhotoRejected, PhotoStore, PreparedPhoto, StoredPhoto


class WatchedStore(PhotoStore):
    """Records on which thread each half ran, and how many checks ever ran at once."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0
        self.prepare_threads: set[str] = set()
        self.write_threads: set[str] = set()

    def prepare(self, data: bytes) -> PreparedPhoto:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.prepare_threads.add(threading.current_thread().name)
        try:
            time.sleep(0.01)  # long enough for overlaps to show if the thread were not alone
            return super().prepare(data)
        finally:
            with self.lock:
                self.running -= 1

    def write(self, prepared: PreparedPhoto) -> StoredPhoto:
        self.write_threads.add(threading.current_thread().name)
        return super().write(prepared)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


async def test_photos_are_checked_one_at_a_time_on_the_photo_thread_and_written_elsewhere(tmp_path: Path) -> None:
    store = WatchedStore(tmp_path)
    photos = [jpeg((i * 40, 0, 0)) for i in range(6)]

    stored = await asyncio.gather(*(accept_photo(store, data) for data in photos))

    assert stored == [PhotoStore(tmp_path).accept(data) for data in photos]  # what accept() gives
    assert all(store.open(photo.path).is_file() and store.open(photo.thumb_path).is_file() for photo in stored)
    assert store.most_at_once == 1
    assert len(store.prepare_threads) == 1 and next(iter(store.prepare_threads)).startswith("photos")
    assert not store.write_threads & store.prepare_threads
    assert threading.current_thread().name not in store.prepare_threads | store.write_threads


async def test_a_refused_photo_raises_its_refusal_and_writes_nothing(tmp_path: Path) -> None:
    store = WatchedStore(tmp_path)

    with pytest.raises(PhotoRejected) as refused:
        await accept_photo(store, b"not a photo at all")

    assert refused.value.code == "not_an_image"
    assert store.write_threads == set()
    assert files_under(tmp_path) == []
