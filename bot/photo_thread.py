"""Photos are stored on one thread of their own, so they never take both cores from the event loop.

`PhotoStore.accept` is ~35 ms of CPU for a 3.5 MB photo (a reduced-scale decode of every scan,
a thumbnail, two hashes), nearly all of it in Pillow and hashlib with the GIL released. Run
through `asyncio.to_thread`, the photos fetched ahead of a batch (the next batch's messages)
ran on up to six threads at once and took both cores from the loop that answers webhooks: with
16 photos at a time the loop's 1 ms heartbeat lagged 35-39 ms at p99 (p50 0.4-0.6 ms); on one
thread 12-14 ms (p50 0.13 ms), on the same busy 2-core machine in the same run. One photo
thread checks ~30 photos/s on a quiet core, more than 200 mixed messages/s bring (one in
twelve is a photo). Only the CPU half (`PhotoStore.prepare`) runs there: the writes, with their
fsyncs, run on the default pool, so a slow disk does not hold up the next photo's decoding.

A worker *process* was measured too (`bench/photos.py`) and is not used: it copies every photo
through a pipe (~7 ms of the service's CPU each) and made the loop's lag worse, not better.

The queue needs no bound of its own: only the media of the messages being processed and of
the next batch's messages (`bot.pipeline.lookahead`, `MEDIA_IN_FLIGHT` downloads at once) are
ever started, and a photo still queued when its message is no longer waiting is cancelled
before it starts.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Final

from storage.photo_store import PhotoStore, StoredPhoto

__all__ = ["accept_photo"]

# One thread per process, started on first use; idle, it costs nothing.
_PHOTO_THREAD: Final = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photos")


async def accept_photo(store: PhotoStore, data: bytes) -> StoredPhoto:
    """`store.accept(data)`: its CPU on the photo thread, its fsyncs on the default pool (a slow
    disk must not hold up the next photo's decoding); raises what it raises (`PhotoRejected`,
    `OSError`)."""
    prepared = await asyncio.get_running_loop().run_in_executor(_PHOTO_THREAD, store.prepare, data)
    return await asyncio.to_thread(store.write, prepared)
