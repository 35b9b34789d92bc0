"""The address an HTTP request came from, for rate limits and visitor facts."""

from __future__ import annotations

from fastapi import Request

from inbox_app.services.client_address import client_address
from inbox_app.settings import get_settings


def request_address(request: Request) -> str:
    """The socket's peer, or behind INBOX_TRUSTED_PROXIES the client address they forwarded.
    A header sent several times counts as one list, in order (RFC 9110)."""
    return client_address(
        peer=request.client.host if request.client else "",
        forwarded_for=", ".join(request.headers.getlist("x-forwarded-for")),
        forwarded=", ".join(request.headers.getlist("forwarded")),
        trusted=get_settings().trusted_proxies,
    )
