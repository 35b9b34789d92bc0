"""The handle the composer inserts after `@` is one the mention rule reads back as that agent."""

import pytest

from inbox_app.services.composer.mentions import matches, mention_handle, mentioned_names


@pytest.mark.parametrize(
    ("name", "email", "handle"),
    [
        ("Anna Schmidt", "anna@example.com", "Anna.Schmidt"),
        ("Ben", "ben@example.com", "Ben"),
        ("Zoë Ünal", "zoe@example.com", "Zoë.Ünal"),
        ("Anne-Marie O'Neil", "amo@example.com", "amo"),  # the apostrophe would cut the name
        ("Søren O'Brien", "s'b@example.com", "Søren"),  # odd local part too
    ],
)
def test_the_handle_reaches_the_agent(name, email, handle):
    assert mention_handle(name, email) == handle
    read = mentioned_names(f"Could you look, @{handle} ?")
    assert matches(name, email, read)


def test_an_agent_no_handle_can_reach_gets_none():
    assert mention_handle("'", "'@example.com") is None
