"""The client's address behind reverse proxies, and what counts as one client for limits."""

import re
from ipaddress import ip_network

import pytest

from inbox_app.services.client_address import address_key, client_address, parse_address
from inbox_app.settings import SettingsError, load_settings, parse_trusted_proxies

PROXIES = (ip_network("10.0.0.0/8"), ip_network("fd00::/8"), ip_network("192.0.2.1/32"))


def address(peer, *, xff="", forwarded="", trusted=PROXIES):
    return client_address(peer=peer, forwarded_for=xff, forwarded=forwarded, trusted=trusted)


def test_a_direct_client_is_its_socket_address_whatever_it_claims():
    assert address("203.0.113.7", xff="198.51.100.1") == "203.0.113.7"
    assert address("203.0.113.7", forwarded="for=198.51.100.1") == "203.0.113.7"


def test_without_trusted_proxies_no_header_is_believed():
    assert address("10.0.0.2", xff="198.51.100.1", trusted=()) == "10.0.0.2"


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client():
    assert address("10.0.0.2", xff="198.51.100.1") == "198.51.100.1"


def test_what_the_client_wrote_left_of_its_own_address_is_ignored():
    # The client sent "X-Forwarded-For: 1.1.1.1, 10.9.9.9"; the proxy appended its address.
    assert address("10.0.0.2", xff="1.1.1.1, 10.9.9.9, 198.51.100.1") == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    assert address("10.0.0.2", xff="198.51.100.1, 192.0.2.1, 10.1.1.1") == "198.51.100.1"
    assert address("fd00::2", xff="2001:db8::5, 10.1.1.1") == "2001:db8::5"


def test_a_chain_of_only_trusted_proxies_ends_at_the_leftmost():
    assert address("10.0.0.2", xff="10.0.0.9, 10.0.0.8") == "10.0.0.9"


def test_an_entry_that_is_no_address_stops_at_the_proxy_that_wrote_it():
    assert address("10.0.0.2", xff="unknown") == "10.0.0.2"
    assert address("10.0.0.2", xff="198.51.100.1, garbage, 10.0.0.3") == "10.0.0.3"


def test_no_header_leaves_the_proxy_address():
    assert address("10.0.0.2") == "10.0.0.2"
    assert address("10.0.0.2", xff="  ") == "10.0.0.2"


def test_ports_brackets_and_mapped_ipv4_are_understood():
    assert address("10.0.0.2", xff="198.51.100.1:4711") == "198.51.100.1"
    assert address("10.0.0.2", xff="[2001:db8::1]:443") == "2001:db8::1"
    assert address("::ffff:10.0.0.2", xff="198.51.100.1") == "198.51.100.1"
    assert parse_address("::ffff:198.51.100.1") == parse_address("198.51.100.1")
    assert parse_address("[2001:db8::1]x") is None


def test_forwarded_header_of_rfc_7239():
    header = 'for=1.1.1.1, For="[2001:db8:cafe::17]:4711";proto=https;by=10.0.0.2'
    assert address("10.0.0.2", forwarded=header) == "2001:db8:cafe::17"
    header = 'for="198.51.100.1:80";host="a,b;c", for=10.0.0.3'
    assert address("10.0.0.2", forwarded=header) == "198.51.100.1"


def test_forwarded_elements_without_a_usable_for_stop_the_walk():
    assert address("10.0.0.2", forwarded='for="_gazonk"') == "10.0.0.2"
    assert address("10.0.0.2", forwarded="proto=https") == "10.0.0.2"


def test_x_forwarded_for_wins_over_a_forwarded_header_the_client_could_have_sent():
    both = address("10.0.0.2", xff="198.51.100.1", forwarded="for=203.0.113.99")
    assert both == "198.51.100.1"


def test_a_peer_that_is_no_address_is_kept_as_is():
    assert address("", xff="198.51.100.1") == "unknown"
    assert address("testclient", xff="198.51.100.1") == "testclient"


def test_ipv6_clients_count_by_their_64_network():
    assert address_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:2:bbbb::9") == address_key("2001:db8:1:2:aaaa::1")
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("198.51.100.1") == "198.51.100.1"
    assert address_key("::ffff:198.51.100.1") == "198.51.100.1"
    assert address_key("") == "unknown"


def test_trusted_proxies_setting_takes_addresses_and_networks():
    parsed = parse_trusted_proxies(" 10.0.0.5, 172.16.0.0/12 fd00::/8,,")
    assert parsed == (
        ip_network("10.0.0.5/32"),
        ip_network("172.16.0.0/12"),
        ip_network("fd00::/8"),
    )
    assert parse_trusted_proxies("") == ()


@pytest.mark.parametrize("value", ["proxy.local", "10.0.0.5/8", "10.0.0.0/33", "*"])
def test_a_bad_trusted_proxies_setting_is_a_clear_start_up_error(value, monkeypatch, tmp_path):
    monkeypatch.setenv("INBOX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INBOX_TRUSTED_PROXIES", f"10.0.0.1, {value}")
    with pytest.raises(
        SettingsError, match=re.escape(f"INBOX_TRUSTED_PROXIES: '{value}' is not an")
    ):
        load_settings()
