"""Known advisories of the locked dependencies (requirements.lock); `make test` runs this first.

pip-audit asks PyPI per release (`/pypi/<name>/<version>/json`) or OSV. From these machines
neither answers (404, no route); the project's JSON (`/pypi/<name>/json`) does, and it carries
the advisories of the project's newest release. So a locked release that is the newest is
checked exactly. An older one is held to its newest release's advisories too (an advisory still
open there most likely reaches back), but one fixed in between would go unseen: such a release
is listed as not fully checked, with the reason it is held back (HELD_BACK), or "upgrade it".

An advisory fails the check unless ACCEPTED says why it does not reach the inbox (the README's
"Known advisories" says the same). Stdlib only: it runs before anything is installed.

    python3 scripts/audit_locked.py [requirements.lock]
"""

from __future__ import annotations

import json
import re
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

PYPI = "https://pypi.org/pypi/{name}/json"
ACCEPTED = {
    # CVE-2024-23342, PYSEC-2026-1325: the Minerva timing attack on ecdsa's ECDSA signing.
    "GHSA-wj6h-64fc-37mp": "python-jose installs ecdsa for ES256 keys; the inbox signs and "
    "checks its tokens with HS256 only, so ecdsa never signs or verifies anything.",
}
HELD_BACK = {  # by normalised name: why the lock cannot take the newest release
    "deprecated": "3.x needs Python 3.12; the inbox runs on 3.11",
    "lingua-language-detector": "2.2 needs Python 3.12; the inbox runs on 3.11",
    "redis": "Reflex 0.10.1 requires redis<8",
    "jsonschema-rs": "schemathesis (tests only) requires jsonschema-rs<0.61",
}
_LOCKED_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


@dataclass(frozen=True)
class Release:
    name: str
    locked: str
    newest: str
    advisories: list[dict] = field(default_factory=list)  # of the newest release


@dataclass
class Findings:
    open: list[str] = field(default_factory=list)  # fail the check
    accepted: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_releases(text: str) -> dict[str, str]:
    return {m[1]: m[2] for line in text.splitlines() if (m := _LOCKED_LINE.match(line.strip()))}


def judge(releases: list[Release]) -> Findings:
    findings = Findings()
    for release in releases:
        if release.locked != release.newest:
            why = HELD_BACK.get(normalised(release.name), "upgrade it to have it checked")
            findings.not_checked.append(
                f"{release.name} {release.locked} (newest {release.newest}): {why}"
            )
        seen: set[str] = set()
        for advisory in release.advisories:
            names = sorted({advisory["id"], *advisory.get("aliases", [])})
            reason = next((ACCEPTED[name] for name in names if name in ACCEPTED), None)
            line = f"{release.name} {release.locked}: {', '.join(names)}"
            if line in seen:
                continue  # one advisory listed twice (as PYSEC and as GHSA)
            seen.add(line)
            if reason:
                findings.accepted.append(f"{line}: {reason}")
            else:
                findings.open.append(f"{line}: {advisory.get('details', '')[:200]}")
    return findings


def fetch(name: str, locked: str) -> Release:
    """The project's newest release and its advisories; tried three times (1 s, 2 s apart)."""
    for wait in (1, 2):
        try:
            return _release(name, locked)
        except OSError:
            time.sleep(wait)
    return _release(name, locked)


def _release(name: str, locked: str) -> Release:
    with urllib.request.urlopen(PYPI.format(name=name), timeout=30) as answer:
        project = json.load(answer)
    return Release(name, locked, project["info"]["version"], project["vulnerabilities"])


def main(path: str = "requirements.lock") -> int:
    with open(path, encoding="utf-8") as lock:
        locked = locked_releases(lock.read())
    with ThreadPoolExecutor(8) as pool:
        releases = list(pool.map(lambda item: fetch(*item), locked.items()))
    findings = judge(releases)
    for title, lines in [
        ("advisories", findings.open),
        ("accepted advisories", findings.accepted),
        ("not fully checked (older than the newest release)", findings.not_checked),
    ]:
        for line in lines:
            print(f"{title}: {line}")
    exact = len(releases) - len(findings.not_checked)
    print(f"{len(releases)} locked, {exact} checked exactly, {len(findings.open)} open advisories")
    return 1 if findings.open else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
