"""What every request passes through before a route sees it, and every response on its way out.

One plain ASGI middleware (Starlette's ``BaseHTTPMiddleware`` costs a task per request):

- the ``Host`` allow-list: a page on another site can make a browser send requests to a
  loopback server by pointing its own name at 127.0.0.1 (DNS rebinding); the name it uses is
  then the ``Host`` header, which is not one the server answers to;
- the body cap (413) and ``Content-Length`` on requests with a body (411);
- security headers on every response: the explorer loads nothing but this server's own files,
  so the content security policy allows exactly that, and nothing may frame the pages;
- the last resort for a bug: a 500 in the JSON error shape, answered here so the exception
  never reaches the HTTP server, which would drop the client's keep-alive connection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors

logger = logging.getLogger(__name__)

#: The names a server answers to without being told: loopback, where it listens by default.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
#: ``--allow-host *``: any ``Host`` header.
ANY_HOST = "*"

#: The explorer and the API page load scripts, styles, images and JSON from this server only,
#: and set styles through the DOM, never with inline <script> or <style>.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def host_name(value: str) -> str:
    """The name in a ``Host`` header or an ``--allow-host`` value, comparable: lower case,
    without port, IPv6 brackets or the trailing dot of a fully qualified name
    (``LocalHost.:8000`` -> ``localhost``, ``[::1]:8000`` -> ``::1``)."""
    name = value.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else name[1:]
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    return name.rstrip(".")


def host_names(names: Iterable[str]) -> frozenset[str]:
    """The allow-list of ``names`` as :func:`host_name` compares them (``*`` kept)."""
    kept = (n.strip() for n in names)
    return frozenset(n if n == ANY_HOST else host_name(n) for n in kept if n)


class Guard:
    """The ASGI middleware described above, around the application (inside Starlette's
    error middleware, outside its exception handlers and routes)."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str], max_body: int) -> None:
        self.app = app
        self.hosts = hosts
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", ()), *SECURITY_HEADERS]}
            await send(message)

        refusal = self.refuse(scope)
        if refusal is not None:
            await refusal(scope, receive, send_secured)
            return
        try:
            await self.app(scope, receive, send_secured)
        except ClientDisconnect:
            return  # nobody to answer (a client gone, or one closed for being too slow)
        except Exception as exc:
            if started:
                raise  # a response half sent cannot become an error; the connection must go
            logger.exception("internal error", exc_info=exc)
            await errors.internal_error()(scope, receive, send_secured)

    def refuse(self, scope: Scope) -> JSONResponse | None:
        """The error response for a request refused on its headers alone, or None."""
        headers: dict[bytes, bytes] = {}
        for key, value in scope["headers"]:
            if key in (b"host", b"content-length"):
                if key in headers:
                    return errors.error_response(400, f"more than one {key.decode()} header")
                headers[key] = value
        if ANY_HOST not in self.hosts:
            host = headers.get(b"host", b"").decode("latin-1")
            if not host:
                return errors.error_response(400, "a request needs a Host header")
            name = host_name(host)
            if name not in self.hosts:
                return errors.error_response(
                    400,
                    f"this server does not answer to the host name {name[:100]!r}; "
                    "start it with --allow-host to add it",
                    [{"field": "host", "message": "not an allowed host name"}],
                )
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return errors.error_response(413, f"request body over {self.max_body} bytes")
        if scope["method"] in _BODY_METHODS and length is None:
            return errors.error_response(411, "a request body needs a Content-Length header")
        return None
