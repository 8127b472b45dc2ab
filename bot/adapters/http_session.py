"""The one HTTP session a channel keeps open from the service's start to its stop."""

from __future__ import annotations

import aiohttp


class HttpSessionOwner:
    """Mixed into a channel that talks to its platform over plain HTTP: `start()` (a start-up
    hook) opens one aiohttp session with the channel's `_timeout`, `stop()` closes it, and `http`
    is that session. Before `start()` it raises, so a missing hook fails loudly instead of each
    call opening a session nobody closes. Tokens are fetched on first use, so a platform that is
    down at start-up is not fatal."""

    _timeout: aiohttp.ClientTimeout
    _session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError(f"{type(self).__name__}.start() was not called")
        return self._session
