"""Call an ASGI application as uvicorn does, without a socket (tests of skillcert.asgi)."""

import asyncio

from skillcert.exams import groupcommit, signin_fast


def scope(path: str, method: str, body: bytes, token: str, client: str = "127.0.0.1") -> dict:
    headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")]
    headers += [(b"content-length", str(len(body)).encode())]
    if token:
        headers.append((b"x-exam-token", token.encode()))
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
        "query_string": b"", "root_path": "", "headers": headers,
        "client": (client, 50000), "server": ("127.0.0.1", 80),
    }  # fmt: skip


async def request(app, path: str, *, method="POST", body=b"", token="", client="127.0.0.1"):
    """{"status", "headers" (lower-case name -> value), "body" (bytes)} of one exchange."""
    delivered = asyncio.Event()

    async def receive():
        if not delivered.is_set():
            delivered.set()
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client stays connected

    out = {"body": b""}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    await app(scope(path, method, body, token, client), receive, send)
    return out


def run(coroutine):
    """Run in a new event loop, then close the committer's and the sign-in fast path's
    connections (the test database cannot be dropped while one is open)."""

    async def main():
        try:
            return await coroutine
        finally:
            await groupcommit.close_current()
            await signin_fast.close_current()

    return asyncio.run(main())
