"""One JSON error shape for every error the HTTP API returns.

``{"error": {"status": 404, "type": "not_found", "message": "...", "detail": ...}}``: clients
branch on ``type``, show ``message``, and find the offending parameters in ``detail`` (a list
of ``{"field", "message"}`` for invalid parameters). Internal errors never leak tracebacks.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import NewsEventsError
from ..store.vocabulary import FilterError

logger = logging.getLogger(__name__)

#: The ``type`` of an error by its HTTP status.
TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
}


#: Parts of a validation error's location that say where, not which parameter.
WHERE = frozenset({"query", "path", "body", "header"})


class ApiError(Exception):
    """An error to return as it is: ``raise ApiError(404, "no actor RUSX")``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers


def error_response(
    status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {
        "error": {
            "status": status,
            "type": TYPES.get(status, "error"),
            "message": message,
            "detail": detail,
        }
    }
    return JSONResponse(body, status_code=status, headers=headers)


def internal_error() -> JSONResponse:
    """The answer to a bug: no traceback, which goes to the server log."""
    return error_response(500, "internal error; the server log has the details")


def install(app: FastAPI) -> None:
    """Route every exception through :func:`error_response`."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.detail, exc.headers)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else TYPES.get(exc.status_code, "")
        return error_response(exc.status_code, message.replace("_", " "))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p not in WHERE),
                "message": str(err.get("msg", "")),
            }
            for err in exc.errors()
        ]
        names = ", ".join(f["field"] for f in fields if f["field"]) or "the request"
        return error_response(422, f"invalid value for {names}", fields)

    @app.exception_handler(FilterError)
    async def _filter(_: Request, exc: FilterError) -> JSONResponse:
        detail = [{"field": exc.field, "message": str(exc), "suggestions": list(exc.suggestions)}]
        return error_response(422, f"invalid value for {exc.field}", detail)

    @app.exception_handler(NewsEventsError)
    async def _domain(_: Request, exc: NewsEventsError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        # Only for a fault of the outermost middleware: routes' bugs are answered by
        # guard.Guard, which keeps the connection open.
        logger.exception("internal error", exc_info=exc)
        return internal_error()
