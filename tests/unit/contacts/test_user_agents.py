import pytest

from inbox_app.services.contacts.user_agents import Software, describe_user_agent

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.mark.parametrize(
    ("header", "browser", "system"),
    [
        (CHROME_WINDOWS, "Chrome 131", "Windows 10"),
        (SAFARI_IPHONE, "Mobile Safari 17", "iOS 17"),
        (FIREFOX_LINUX, "Firefox 133", "Ubuntu"),
    ],
)
def test_browser_and_system_with_their_major_version(header, browser, system):
    assert describe_user_agent(header) == Software(browser=browser, operating_system=system)


@pytest.mark.parametrize("header", ["", "nonsense without a product", "x" * 5000])
def test_what_is_not_known_is_none(header):
    assert describe_user_agent(header) == Software(browser=None, operating_system=None)


def test_a_header_padded_past_the_limit_is_cut_before_matching():
    found = describe_user_agent(CHROME_WINDOWS + " " * 5000)
    assert found.browser == "Chrome 131"
