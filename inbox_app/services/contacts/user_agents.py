"""A browser's User-Agent header, told as a person reads it: "Chrome 131", "Windows 10".

ua-parser (the Browserscope rules, kept up to date in ua-parser-builtins) does the matching;
its rules load on the first call (a fraction of a second), so callers parse off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from ua_parser import parse

MAX_HEADER_CHARS = 1000  # longer headers are cut: nothing a browser sends is longer
MAX_LABEL_CHARS = 100


@dataclass(frozen=True)
class Software:
    browser: str | None
    operating_system: str | None


def describe_user_agent(header: str) -> Software:
    """The browser and operating system with their major version; None for what is unknown."""
    found = parse(header[:MAX_HEADER_CHARS])
    browser = _label(found.user_agent.family, found.user_agent.major) if found.user_agent else None
    system = _label(found.os.family, found.os.major) if found.os else None
    return Software(browser=browser, operating_system=system)


def _label(family: str, major: str | None) -> str | None:
    if not family or family == "Other":
        return None
    return (f"{family} {major}" if major else family)[:MAX_LABEL_CHARS]
