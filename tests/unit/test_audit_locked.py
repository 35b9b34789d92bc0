"""The advisory check of the locked dependencies (scripts/audit_locked.py), on canned answers."""

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_locked.py"
spec = importlib.util.spec_from_file_location("audit_locked", SCRIPT)
audit = importlib.util.module_from_spec(spec)
sys.modules["audit_locked"] = audit  # its dataclasses look their module up there
spec.loader.exec_module(audit)

ECDSA = {"id": "PYSEC-2026-1325", "aliases": ["CVE-2024-23342", "GHSA-wj6h-64fc-37mp"]}
OTHER = {"id": "GHSA-xxxx-0000-yyyy", "aliases": [], "details": "remote code execution"}


def test_the_lock_is_read_by_name_and_release():
    text = "alembic==1.20.1\n# a comment\nPyYAML==6.0.3 ; python_version >= '3.11'\n\n"
    assert audit.locked_releases(text) == {"alembic": "1.20.1", "PyYAML": "6.0.3"}


def test_an_advisory_of_a_locked_newest_release_fails_the_check():
    findings = audit.judge([audit.Release("web", "2.0", "2.0", [OTHER])])
    assert findings.open == ["web 2.0: GHSA-xxxx-0000-yyyy: remote code execution"]


def test_an_accepted_advisory_is_listed_with_its_reason_and_passes():
    findings = audit.judge([audit.Release("ecdsa", "0.19.2", "0.19.2", [ECDSA])])
    assert findings.open == []
    assert findings.accepted[0].startswith("ecdsa 0.19.2: CVE-2024-23342, GHSA-wj6h-64fc-37mp")
    assert "HS256" in findings.accepted[0]


def test_an_older_release_is_held_to_its_newest_releases_advisories():
    findings = audit.judge([audit.Release("web", "1.0", "2.0", [OTHER])])
    assert findings.open == ["web 1.0: GHSA-xxxx-0000-yyyy: remote code execution"]


def test_an_older_release_is_named_as_not_fully_checked_with_why_it_is_held_back():
    findings = audit.judge(
        [audit.Release("redis", "7.4.1", "8.1.0", []), audit.Release("web", "1.0", "2.0", [])]
    )
    assert findings.open == []
    assert findings.not_checked == [
        "redis 7.4.1 (newest 8.1.0): Reflex 0.10.1 requires redis<8",
        "web 1.0 (newest 2.0): upgrade it to have it checked",
    ]


def test_held_back_names_are_matched_as_pip_normalises_them():
    assert audit.normalised("jsonschema_rs") == audit.normalised("JSONSchema.RS") == "jsonschema-rs"


def test_the_locked_file_has_no_open_advisory_today_on_canned_answers(monkeypatch):
    answers = {"ecdsa": ("0.19.2", [ECDSA])}

    def fetch(name, locked):
        newest, advisories = answers.get(name, (locked, []))
        return audit.Release(name, locked, newest, advisories)

    monkeypatch.setattr(audit, "fetch", fetch)
    assert audit.main(str(SCRIPT.parents[1] / "requirements.lock")) == 0


def test_one_advisory_listed_twice_is_reported_once():
    findings = audit.judge([audit.Release("ecdsa", "0.19.2", "0.19.2", [ECDSA, ECDSA])])
    assert len(findings.accepted) == 1
