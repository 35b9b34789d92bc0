"""Where a webhook may point (SSRF): http(s) to a host whose every address is public. Loopback,
private, link-local (cloud metadata), multicast and reserved addresses are refused unless the
operator allows them (INBOX_WEBHOOK_ALLOW_PRIVATE=1). Checked when the webhook is added and
again before every send, since a name may resolve elsewhere later."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from inbox_app.i18n import mark
from inbox_app.services.errors import DomainError

MAX_URL = 2000
Resolver = Callable[[str, int], Iterable[str]]


class WebhookTargetError(DomainError):
    """The URL cannot be a webhook's target; the text is safe to show."""


def is_public(address: str) -> bool:
    """False for every address a server should not be made to call on someone's behalf."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address the host names (blocking: the sender calls it on a thread)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookTargetError(mark("The host {host} cannot be found."), host=host) from error
    return sorted({str(info[4][0]) for info in infos})


def checked_url(url: str) -> tuple[str, str, int]:
    """(url, host, port) of a well-formed http(s) URL, else WebhookTargetError."""
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise WebhookTargetError(
            mark("Enter the URL to send events to (at most {max_url} chars)."), max_url=MAX_URL
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookTargetError(
            mark("The URL must start with http:// or https:// and name a host.")
        )
    if parts.username or parts.password:
        raise WebhookTargetError(
            mark("Put no user name or password in the URL; sign with the secret.")
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise WebhookTargetError(mark("The URL's port is not a number from 1 to 65535.")) from error
    return url, parts.hostname, port


def check_target(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> str:
    """The URL, checked; refused if any address of its host is not public (unless allowed)."""
    url, host, port = checked_url(url)
    if allow_private:
        return url
    addresses = list(resolver(host, port))
    if not addresses or not all(is_public(address) for address in addresses):
        raise WebhookTargetError(
            mark(
                "That address is on a private or local network; webhooks go to public servers "
                "(an operator can allow private ones with INBOX_WEBHOOK_ALLOW_PRIVATE=1)."
            )
        )
    return url
