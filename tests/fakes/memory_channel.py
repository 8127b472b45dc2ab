"""An in-memory `Channel` for pipeline and dispatcher tests: records sends, fails on cue.

Platform behaviour is tested against the wire fakes (telegram_api, wecom_api); this one
exists to test our own delivery logic without a platform in between.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.ports import MediaRef, Platform, Reply, SendError, SendResult


@dataclass
class MemoryChannel:
    platform: Platform
    clock: Clock | None = None
    sent: list[tuple[Reply, object]] = field(default_factory=list)
    faults: deque[SendError] = field(default_factory=deque)
    files: dict[str, bytes] = field(default_factory=dict)

    async def send(self, reply: Reply) -> SendResult:
        if self.faults:
            raise self.faults.popleft()
        self.sent.append((reply, self.clock.now() if self.clock else None))
        return SendResult(platform_message_id=str(len(self.sent)))

    async def download(self, media: MediaRef) -> bytes:
        if media.file_id not in self.files:
            raise SendError("file not found", permanent=True)
        return self.files[media.file_id]

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply, _ in self.sent]
