"""A loopback TCP proxy to put in front of PostgreSQL and cut, on cue, at the worst moment."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field


@dataclass
class TcpProxy:
    """Forwards 127.0.0.1:<port> to `target`. `cut()` drops every connection and refuses new
    ones until `restore()`; `cut_before(marker)` / `cut_after(marker)` do it when the client
    next sends bytes containing `marker` (e.g. b"COMMIT"), without / after forwarding them."""

    target_host: str
    target_port: int
    port: int = 0
    refusing: bool = False
    cuts: int = 0
    _server: asyncio.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _trigger: tuple[bytes, bool] | None = None
    _deaf: bool = False  # replies from the server are dropped (the acknowledgement is lost)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self._drop_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def cut(self) -> None:
        self.refusing = True
        self.cuts += 1
        self._drop_all()

    def restore(self) -> None:
        self._trigger = None
        self._deaf = False
        self.refusing = False

    def cut_before(self, marker: bytes) -> None:
        self._trigger = (marker, False)

    def cut_after(self, marker: bytes) -> None:
        self._trigger = (marker, True)

    def _drop_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update({client_writer, server_writer})
        for task in (asyncio.create_task(self._pump(client_reader, server_writer, watch=True)),
                     asyncio.create_task(self._pump(server_reader, client_writer, watch=False))):
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, watch: bool) -> None:
        try:
            while data := await reader.read(65536):
                trigger = self._trigger if watch else None
                if trigger is not None and trigger[0] in data:
                    self._trigger = None
                    if trigger[1]:
                        self._deaf = True
                        writer.write(data)
                        with contextlib.suppress(ConnectionError):
                            await writer.drain()
                        await asyncio.sleep(0.1)  # the server commits; its answer is dropped
                    self.cut()
                    return
                if self._deaf and not watch:
                    continue
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.transport.abort()
            self._writers.discard(writer)
