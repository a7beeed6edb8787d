"""A lean HTTP/1.1 client for the load generator: a pool of keep-alive connections on
asyncio streams (uvloop's loop), Content-Length bodies only (what the server sends).

Why not aiohttp: it cost ~1.4 ms of CPU per request, and the generator shares the 2 cores
with the server and PostgreSQL; this one costs a fraction of that, so more of the machine
measures the server. It still does what a page does: a real TCP connection, a full request
and response, a timeout, a new connection after any error.
"""

import asyncio
from collections import deque

TIMEOUT = 10.0  # seconds per request, like the exam page's fetch


class HTTPError(Exception):
    """The connection failed or the answer was not HTTP; `kind` names how."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class Pool:
    def __init__(self, url: str, size: int):
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self._slots = asyncio.Semaphore(size)
        # First in, first out: every connection stays in use, so none sits idle long enough
        # for the server to close it under load.
        self._idle: deque[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = deque()

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> tuple[int, bytes]:
        """(status, body); HTTPError on a refused, reset or timed-out exchange."""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method == "POST":
            head.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        try:
            async with self._slots, asyncio.timeout(TIMEOUT):
                return await self._send(raw)
        except TimeoutError:
            raise HTTPError(f"timeout ({TIMEOUT:.0f} s)") from None

    async def _send(self, raw: bytes) -> tuple[int, bytes]:
        if self._idle:
            try:
                return await self._on(self._idle.popleft(), raw)
            except HTTPError as exc:
                # The server closed an idle connection (its keep-alive ran out, or it
                # restarted): retry once on a new one, as browsers do.
                if exc.kind not in ("server disconnected", "connection reset"):
                    raise
        return await self._on(None, raw)

    async def _on(self, conn, raw: bytes) -> tuple[int, bytes]:
        try:
            conn = conn or await asyncio.open_connection(self.host, self.port)
            status, data, keep = await _exchange(conn, raw)
        except FAILURES as exc:
            _abort(conn)
            raise _kind(exc) from exc
        except BaseException:  # cancelled or timed out: the connection may be mid-exchange
            _abort(conn)
            raise
        (self._idle.append if keep else _close)(conn)
        return status, data

    def close(self) -> None:
        for conn in self._idle:
            _close(conn)
        self._idle.clear()


async def _exchange(conn, raw: bytes) -> tuple[int, bytes, bool]:
    reader, writer = conn
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    data = await reader.readexactly(int(fields.get("content-length", 0)))
    return status, data, fields.get("connection", "").lower() != "close"


FAILURES = (
    OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError,
)  # fmt: skip


def _close(conn) -> None:
    conn[1].close()


def _abort(conn) -> None:
    if conn is not None:
        conn[1].transport.abort()


def _kind(exc: BaseException) -> HTTPError:
    if isinstance(exc, ConnectionRefusedError):
        return HTTPError("connection refused")
    if isinstance(exc, asyncio.IncompleteReadError):
        return HTTPError("server disconnected")
    if isinstance(exc, ConnectionError | OSError):
        return HTTPError("connection reset")
    return HTTPError("bad response")
