"""The web chat simulator's platform: lets a new user play a supplier or a buyer in the
browser, through exactly the same inbox, handlers and outbox as WeCom and Telegram.

Transcripts and uploaded photos live in memory: the simulator is for trying the product,
not for running it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.ports import MediaRef, Platform, Reply, SendError, SendResult

MAX_TRANSCRIPT = 500


@dataclass
class SimulatorChannel:
    clock: Clock
    platform: Platform = Platform.SIMULATOR
    transcripts: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    uploads: dict[str, bytes] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def _append(self, chat_id: str, entry: dict[str, Any]) -> dict[str, Any]:
        entry["id"] = next(self._ids)
        transcript = self.transcripts[chat_id]
        transcript.append(entry)
        del transcript[:-MAX_TRANSCRIPT]
        return entry

    def record_user_message(self, chat_id: str, *, sender: str, text: str, photo_ids: list[str],
                            at: datetime, button_label: str | None = None) -> dict[str, Any]:
        return self._append(chat_id, {
            "from": "user", "sender": sender, "text": text, "photos": photo_ids, "at": at.isoformat(),
            "button": button_label,
        })

    async def send(self, reply: Reply) -> SendResult:
        entry = self._append(reply.chat.chat_id, {
            "from": "bot",
            "text": reply.text,
            "buttons": [[{"label": b.label, "payload": b.payload} for b in row] for row in reply.buttons],
            "image": reply.image_sha256,
            "at": self.clock.now().isoformat(),
        })
        return SendResult(platform_message_id=str(entry["id"]))

    async def download(self, media: MediaRef) -> bytes:
        if media.data is not None:
            return media.data
        data = self.uploads.pop(media.file_id, None)
        if data is None:
            raise SendError("upload expired", permanent=True)
        return data

    def messages(self, chat_id: str, after: int = 0) -> list[dict[str, Any]]:
        return [m for m in self.transcripts.get(chat_id, []) if m["id"] > after]
