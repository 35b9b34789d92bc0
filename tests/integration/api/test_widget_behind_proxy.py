"""The widget's rate limits behind a reverse proxy: each visitor keeps a budget of their own."""

from dataclasses import replace
from ipaddress import ip_network

import pytest

from inbox_app.api import client_address, widget_guards
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import api_client

PROXY = "10.0.0.2"


@pytest.fixture()
def through_proxy(engine, settings, monkeypatch):  # noqa: F811
    """A test client whose every request arrives from the proxy's address."""
    behind = replace(settings, trusted_proxies=(ip_network("10.0.0.0/8"),))
    monkeypatch.setattr(client_address, "get_settings", lambda: behind)
    widget_guards.reset()
    with api_client(engine, behind, address=(PROXY, 50000)) as test_client:
        yield test_client
    widget_guards.reset()


def start(client, forwarded_for: str) -> int:
    response = client.post(
        "/api/widget/start", json={"name": "Vera"}, headers={"X-Forwarded-For": forwarded_for}
    )
    return response.status_code


def test_visitors_behind_the_proxy_each_have_their_own_limit(through_proxy):
    assert [start(through_proxy, "203.0.113.7") for _ in range(11)] == [201] * 10 + [429]
    assert start(through_proxy, "198.51.100.8") == 201
    # What a visitor writes left of their own address changes nothing.
    assert start(through_proxy, "198.51.100.8, 203.0.113.7") == 429


def test_ipv6_visitors_count_by_their_64_network(through_proxy):
    codes = [start(through_proxy, f"2001:db8:1:2::{n + 1:x}") for n in range(11)]
    assert codes == [201] * 10 + [429]
    assert start(through_proxy, "2001:db8:1:3::1") == 201
