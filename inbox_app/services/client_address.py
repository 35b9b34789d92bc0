"""Who is calling, by network address: the socket's peer, or behind trusted reverse proxies the
address they forwarded.

`X-Forwarded-For` and `Forwarded` are written by whoever sends the request, so only the
entries a trusted proxy appended can be believed. Each proxy appends the address it received
the request from; walking from the right and stepping over trusted proxies, the first address
that is not one is the client (anything left of it, the client could have written itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
UNKNOWN = "unknown"


def client_address(
    *, peer: str, forwarded_for: str = "", forwarded: str = "", trusted: Sequence[Network]
) -> str:
    """The client's address. `X-Forwarded-For` wins over `Forwarded` when both came: every
    common proxy (nginx, Caddy, Traefik, HAProxy's `forwardfor`, cloud balancers) appends to
    the former and passes a client's made-up `Forwarded` through untouched."""
    hop = parse_address(peer)
    if hop is None:
        return peer or UNKNOWN
    chain = _x_forwarded_for(forwarded_for) if forwarded_for.strip() else _forwarded(forwarded)
    for entry in reversed(chain):
        if not _is_trusted(hop, trusted):
            break
        if entry is None:
            # A trusted proxy wrote something that is no address ("unknown", an obfuscated
            # name): the proxy itself is the nearest address known, never the client's text.
            break
        hop = entry
    return str(hop)


def address_key(address: str) -> str:
    """What counts as one client for limits: an IPv4 address, or an IPv6 /64 (one line or
    household gets a whole /64, so single IPv6 addresses would cost an attacker nothing)."""
    parsed = parse_address(address)
    if isinstance(parsed, IPv6Address):
        return str(ip_network(f"{parsed}/64", strict=False))
    return str(parsed) if parsed is not None else (address or UNKNOWN)[:100]


def parse_address(text: str) -> Address | None:
    """An address as proxies write it: bare, `1.2.3.4:port`, `[v6]` or `[v6]:port`; an IPv4
    address mapped into IPv6 (`::ffff:1.2.3.4`, a dual-stack socket's view) counts as IPv4."""
    text = text.strip().strip('"').strip()
    if text.startswith("["):
        inside, closed, rest = text[1:].partition("]")
        if not closed or not (rest == "" or (rest[0] == ":" and rest[1:].isdigit())):
            return None
        text = inside
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        parsed = ip_address(text)
    except ValueError:
        return None
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def _is_trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def _x_forwarded_for(value: str) -> list[Address | None]:
    return [parse_address(entry) for entry in value.split(",") if entry.strip()]


def _forwarded(value: str) -> list[Address | None]:
    """The `for=` of each element of RFC 7239's `Forwarded` (None where a hop gave none)."""
    chain: list[Address | None] = []
    for element in _split_outside_quotes(value, ","):
        if not element.strip():
            continue
        found: Address | None = None
        for pair in _split_outside_quotes(element, ";"):
            name, equals, text = pair.partition("=")
            if equals and name.strip().lower() == "for":
                found = parse_address(text)
        chain.append(found)
    return chain


def _split_outside_quotes(value: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted, escaped = False, False
    for char in value:
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts
