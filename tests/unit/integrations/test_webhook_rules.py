"""Webhooks' pure rules: the signature, the retry schedule, which targets are refused."""

import hashlib
import hmac
import time
from datetime import timedelta
from pathlib import Path

import pytest

from inbox_app.services.integrations.webhook_queue import retry_delay
from inbox_app.services.integrations.webhook_signing import body_of, signature, verify
from inbox_app.services.integrations.webhook_targets import (
    WebhookTargetError,
    check_target,
    is_public,
)

SECRET = "whsec_test"


def test_the_signature_is_an_hmac_of_the_timestamp_and_the_raw_body():
    body = b'{"event":"message.created"}'
    expected = hmac.new(SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signature(secret=SECRET, body=body, timestamp=1700000000) == (
        f"t=1700000000,v1={expected}"
    )


def test_a_receiver_verifies_a_signature_and_refuses_a_changed_body_or_an_old_one():
    body = body_of({"event": "message.created", "data": {"id": 1}})
    header = signature(secret=SECRET, body=body, timestamp=1000)
    assert verify(secret=SECRET, body=body, header=header, now=1010)
    assert not verify(secret=SECRET, body=body + b" ", header=header, now=1010)
    assert not verify(secret="other", body=body, header=header, now=1010)
    assert not verify(secret=SECRET, body=body, header=header, now=1000 + 301)  # replayed
    assert not verify(secret=SECRET, body=body, header="t=x,v1=00", now=1000)


def test_the_body_is_compact_json_in_a_stable_order():
    assert body_of({"b": 1, "a": [1, 2]}) == b'{"a":[1,2],"b":1}'


def test_retries_wait_1_min_5_min_30_min_2_h_6_h_then_stop():
    waits = [retry_delay(n) for n in range(1, 7)]
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=6),
        None,
    ]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1%eth0",
        "fd00::1",
        "::ffff:127.0.0.1",
    ],
)
def test_local_and_private_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_internet_addresses_are_public(address):
    assert is_public(address)


def test_a_host_with_any_private_address_is_refused_unless_allowed():
    def resolver(host, port):
        return ["93.184.216.34", "10.0.0.5"]  # one public, one private: refused

    with pytest.raises(WebhookTargetError):
        check_target("https://hooks.example/in", allow_private=False, resolver=resolver)
    url = "https://hooks.example/in"
    assert check_target(url, allow_private=True, resolver=resolver) == url


def test_a_public_host_is_accepted():
    url = "https://hooks.example/in"
    assert check_target(url, allow_private=False, resolver=lambda h, p: ["93.184.216.34"]) == url


@pytest.mark.parametrize(
    "url",
    ["", "ftp://hooks.example/", "https://", "https://user:pw@hooks.example/", "http://h:99999/"],
)
def test_malformed_urls_are_refused(url):
    with pytest.raises(WebhookTargetError):
        check_target(url, allow_private=True, resolver=lambda h, p: ["93.184.216.34"])


def test_the_readmes_receiver_example_verifies_a_real_signature():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Webhooks", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(example.strip().splitlines()) <= 10
    scope: dict = {}
    exec(example, scope)  # noqa: S102 (our own README's code)
    body = body_of({"event": "message.created"})
    header = signature(secret=SECRET, body=body, timestamp=int(time.time()))
    assert scope["verified"](SECRET, body, header)
    assert not scope["verified"](SECRET, body + b"x", header)
    assert not scope["verified"]("other", body, header)
    old = signature(secret=SECRET, body=body, timestamp=int(time.time()) - 3600)
    assert not scope["verified"](SECRET, body, old)
