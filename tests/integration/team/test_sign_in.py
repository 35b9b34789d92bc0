import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest
from sqlmodel import Session

from inbox_app.models.enums import Role
from inbox_app.security import verify_password
from inbox_app.services.team import agents
from inbox_app.services.team.agents import AgentError, active_agent, create_agent, sign_in

WRONG = "Wrong email or password."


def attempt(session, password, *, email="anna@example.com", address="10.0.0.1"):
    return sign_in(session, email=email, password=password, address=address)


@pytest.fixture()
def checks(monkeypatch):
    """Every password check, as (password, hash), from any thread; the real check answers."""
    seen = []
    lock = threading.Lock()

    def counted(password, password_hash):
        with lock:
            seen.append((password, password_hash))
        return verify_password(password, password_hash)

    monkeypatch.setattr(agents, "verify_password", counted)
    return seen


@pytest.fixture()
def quick_checks(monkeypatch):
    """The same answers, each (password, hash) pair checked once: many failures, little CPU."""
    monkeypatch.setattr(agents, "verify_password", cache(verify_password))


def test_right_password_signs_in_without_exposing_the_hash(session, team):
    result = attempt(session, "password-1")
    assert result.error is None
    assert result.agent.email == "anna@example.com"
    assert not hasattr(result.agent, "password_hash")


def test_email_is_matched_case_insensitively(session, team):
    result = sign_in(session, email=" Anna@Example.COM ", password="password-1", address="a")
    assert result.agent is not None


def test_wrong_password_and_unknown_email_get_the_same_message(session, team):
    assert attempt(session, "nope").error == WRONG
    assert attempt(session, "nope", email="x@example.com", address="b").error == WRONG


def test_five_failures_lock_the_account_from_every_address_even_for_the_right_password(
    session, team
):
    for n in range(5):
        assert attempt(session, "nope", address=f"198.51.100.{n}").error == WRONG
    locked = attempt(session, "password-1", address="203.0.113.9")
    assert locked.agent is None
    assert locked.error == "Too many failed sign-ins. Try again in 5 minutes."
    # A colleague at one of those addresses is not locked out with her.
    assert attempt(session, "password-2", email="ben@example.com", address="198.51.100.0").agent


def test_success_resets_the_failure_count(session, team, quick_checks):
    for _ in range(4):
        attempt(session, "nope")
    assert attempt(session, "password-1").agent is not None
    for _ in range(4):
        attempt(session, "nope")
    assert attempt(session, "password-1").agent is not None


@pytest.mark.parametrize("addresses", ["one address", "sixteen addresses"])
def test_sixteen_parallel_wrong_guesses_get_five_checks_then_the_lockout(
    engine, session, team, checks, addresses
):
    start = threading.Barrier(16)

    def guess(n: int) -> str | None:
        address = "198.51.100.1" if addresses == "one address" else f"198.51.100.{n}"
        with Session(engine) as own:
            start.wait()
            return attempt(own, f"guess-{n}", address=address).error

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(guess, range(16)))
    assert answers.count(WRONG) == 5
    assert len(checks) == 5
    assert all(a.startswith("Too many failed sign-ins") for a in answers if a != WRONG)
    assert attempt(session, "password-1", address="203.0.113.9").agent is None


def test_twenty_failures_from_one_address_over_many_accounts_lock_the_address(
    session, team, quick_checks
):
    answers = [attempt(session, "nope", email=f"guess{n}@example.com").error for n in range(20)]
    assert answers == [WRONG] * 20  # no account had five, and the address may take twenty
    assert attempt(session, "password-2", email="ben@example.com").agent is None
    assert attempt(session, "password-2", email="ben@example.com", address="10.0.0.2").agent


def test_ipv6_addresses_of_one_64_network_count_as_one_address(session, team, quick_checks):
    for n in range(20):
        address = f"2001:db8:1:2:{n + 1:x}::1"
        assert (
            attempt(session, "nope", email=f"guess{n}@example.com", address=address).error == WRONG
        )
    ben = {"email": "ben@example.com", "password": "password-2"}
    assert sign_in(session, **ben, address="2001:db8:1:2:ffff::9").agent is None
    assert sign_in(session, **ben, address="2001:db8:1:3::9").agent is not None


def test_an_unknown_email_costs_a_password_check_as_well(session, team, checks):
    assert attempt(session, "nope", email="nobody@example.com").error == WRONG
    assert len(checks) == 1
    password, password_hash = checks[0]
    assert password == "nope" and password_hash.startswith("$argon2")
    assert attempt(session, "other", email="nobody2@example.com").error == WRONG
    assert checks[1][1] == password_hash  # one dummy hash, made once


def test_deactivated_agent_cannot_sign_in_or_use_a_token(session, team):
    from inbox_app.models.tables import Agent

    row = session.get(Agent, team["anna"].id)
    row.is_active = False
    session.add(row)
    session.commit()
    assert attempt(session, "password-1").agent is None
    assert active_agent(session, agent_id=team["anna"].id) is None


def test_a_deactivated_agent_costs_the_same_password_check(session, team, checks):
    from inbox_app.models.tables import Agent

    row = session.get(Agent, team["anna"].id)
    row.is_active = False
    session.add(row)
    session.commit()
    assert attempt(session, "password-1").error == WRONG
    assert checks == [("password-1", row.password_hash)]


@pytest.mark.parametrize(
    ("email", "password"), [("not-an-email", "long-enough"), ("a@b.c", "short")]
)
def test_bad_agent_input_is_refused(session, email, password):
    with pytest.raises(AgentError):
        create_agent(session, email=email, password=password)


def test_duplicate_email_is_refused(session, team):
    with pytest.raises(AgentError, match="exists already"):
        create_agent(session, email="ANNA@example.com", password="password-9", role=Role.admin)
