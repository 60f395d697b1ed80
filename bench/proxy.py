"""A TCP proxy that counts the bytes a server sends, per connection.

Put between the browser and Streamlit, it measures what really travels on
the wire, websocket compression included (the browser's own view of a
websocket message is after decompression).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from tools.appserver import free_port

CHUNK = 1 << 16
WEBSOCKET_PATH = b"/_stcore/stream"


class CountingProxy:
    """Forwards ``localhost:<port>`` to ``localhost:<target>`` in a thread of its own."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.websocket_bytes = 0
        self.http_bytes = 0
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(10)

    def reset(self) -> None:
        self.websocket_bytes = self.http_bytes = 0

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", self.port)
        )
        ready.set()
        self._loop.run_forever()
        server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)
        first = await reader.read(CHUNK)
        is_websocket = WEBSOCKET_PATH in first.split(b"\r\n", 1)[0]
        upstream_writer.write(first)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, count: bool) -> None:
            try:
                while data := await src.read(CHUNK):
                    if count:
                        if is_websocket:
                            self.websocket_bytes += len(data)
                        else:
                            self.http_bytes += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                # RuntimeError: the proxy is stopping and its loop is closed.
                with contextlib.suppress(RuntimeError):
                    dst.close()

        await asyncio.gather(
            pipe(reader, upstream_writer, False), pipe(upstream_reader, writer, True)
        )

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
