"""Errors of the REST API as RFC 9457 problem details: `{"type", "title", "status", "detail"}`
with `application/problem+json`. Only paths under /api/v1/ answer so; the widget's endpoints
keep FastAPI's `{"detail"}` (problem details carry `detail` too)."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

REST_PREFIX = "/api/v1/"
MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class Problem(BaseModel):
    """An error: `status` repeats the HTTP status, `detail` says what to change."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Unauthorized"])
    status: int = Field(examples=[401])
    detail: str = Field(examples=["Send a valid API key as `Authorization: Bearer <key>`."])
    errors: list[dict] | None = Field(default=None, description="Each invalid input (422).")


def problem(status: int, detail: str, *, headers: dict | None = None, errors=None) -> JSONResponse:
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors)
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        headers=headers,
        media_type=MEDIA_TYPE,
    )


def is_rest(request: Request) -> bool:
    return request.url.path.startswith(REST_PREFIX)


async def _http_error(request: Request, error: StarletteHTTPException):
    if not is_rest(request):
        return await http_exception_handler(request, error)
    headers = dict(error.headers) if error.headers else None
    return problem(error.status_code, str(error.detail), headers=headers)


async def _invalid(request: Request, error: RequestValidationError):
    if not is_rest(request):
        return await request_validation_exception_handler(request, error)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in error.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        return problem(400, "The body is not valid JSON.", errors=errors)
    return problem(422, "Some input is not valid; see `errors`.", errors=errors)


async def _unexpected(request: Request, error: Exception):
    """A bug, never a client's doing: logged with the request id, answered without details."""
    log.exception("request failed: %s %s", request.method, request.url.path)
    if not is_rest(request):
        return PlainTextResponse("Internal Server Error", status_code=500)
    return problem(500, "Something went wrong on the server; the request id names it in the log.")


def install(api: FastAPI) -> None:
    # Starlette types a handler as taking any Exception; each gets only its own class.
    api.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, _unexpected)
