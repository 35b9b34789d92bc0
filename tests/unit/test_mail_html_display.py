"""A mail's HTML in the thread: `cid:` images rewritten to the mail's own files, remote images
not loaded, quoted history folded away, never script (issue 11)."""

from inbox_app.services.email.html_display import (
    content_id_key,
    display_html,
    with_inline_images,
    without_quotes,
)
from inbox_app.services.email.html_text import safe_html

URL = "/api/attachments/7?a=1&exp=9&sig=ab"


def test_content_ids_are_compared_as_cid_links_name_them():
    assert content_id_key("<Logo.PNG@example.net>") == "logo.png@example.net"
    assert content_id_key("logo.png%40example.net") == "logo.png@example.net"
    assert content_id_key(" <a b@x> ") == "a b@x"


def test_a_cid_image_points_at_its_file_and_an_unknown_one_at_nothing():
    html = '<p><img src="cid:logo%40x" alt="Logo"><img src="CID:other@x" alt="Other"></p>'
    shown = with_inline_images(html, image_urls={"logo@x": URL})
    assert '<img src="/api/attachments/7?a=1&amp;exp=9&amp;sig=ab" alt="Logo">' in shown
    assert '<img alt="Other">' in shown


def test_remote_images_are_not_loaded_and_links_open_apart():
    html = '<img src="https://track.example/p.gif" alt="px"><a href="https://shop.example">Shop</a>'
    shown = with_inline_images(html, image_urls={})
    assert "track.example" not in shown and 'alt="px"' in shown
    assert 'href="https://shop.example"' in shown and 'target="_blank"' in shown
    assert 'rel="noopener noreferrer nofollow"' in shown


def test_no_script_survives_either_pass():
    hostile = (
        "<p>Hi</p><script>alert(1)</script><img src=x onerror=alert(2)>"
        '<a href="javascript:alert(3)">x</a><svg onload=alert(4)></svg>'
        '<blockquote><script>alert(5)</script><iframe src="https://evil.example"></iframe></blockquote>'
    )
    shown, whole = display_html(safe_html(hostile), image_urls={})
    for html in (shown, whole, without_quotes(hostile), with_inline_images(hostile, image_urls={})):
        lowered = html.lower()
        assert "<script" not in lowered and "onerror" not in lowered and "onload" not in lowered
        assert "javascript:" not in lowered and "<iframe" not in lowered and "alert(" not in lowered


def test_quoted_history_is_folded_and_the_whole_mail_kept():
    html = "<p>Yes, Tuesday works.</p><blockquote><p>Does Tuesday work?</p></blockquote>"
    shown, whole = display_html(html, image_urls={})
    assert shown == "<p>Yes, Tuesday works.</p>"
    assert "Does Tuesday work?" in whole and "Yes, Tuesday works." in whole


def test_a_mail_without_history_has_nothing_more_to_show():
    assert display_html("<p>Just this.</p>", image_urls={}) == ("<p>Just this.</p>", "")
    assert display_html("  ", image_urls={}) == ("", "")


def test_a_mail_that_is_all_quote_is_shown_whole():
    html = "<blockquote><p>Forwarded words</p></blockquote>"
    assert display_html(html, image_urls={}) == (html, "")


def test_an_inline_image_alone_is_content():
    html = '<p><img src="cid:a@x"></p><blockquote>old</blockquote>'
    shown, whole = display_html(html, image_urls={"a@x": URL})
    assert "/api/attachments/7" in shown and "old" in whole
