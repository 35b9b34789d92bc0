"""How a mail that had HTML shows in the thread: its sanitised HTML with quoted history folded
away (the whole mail one click away), `cid:` images pointing at the files kept from that same
mail, and no remote image loaded (a tracking pixel learns nothing). Pure: no database."""

from __future__ import annotations

from urllib.parse import unquote

import nh3

from inbox_app.services.email.html_text import URL_SCHEMES

# In a stored mail's `message.email_meta`: Content-ID → storage key of that mail's own files.
INLINE_KEY = "inline_images"
_REL = "noopener noreferrer nofollow"
_LINKS_OPEN_APART = {"a": {"target": "_blank"}}
_QUOTE = "blockquote"
_TAGS_BUT_QUOTES = nh3.ALLOWED_TAGS - {_QUOTE}
_ATTRIBUTES_BUT_QUOTES = {t: set(a) for t, a in nh3.ALLOWED_ATTRIBUTES.items() if t != _QUOTE}


def content_id_key(value: str) -> str:
    """A Content-ID as a `cid:` link names it (RFC 2392: URL-encoded, no angle brackets)."""
    return unquote(value.strip()).strip("<>").strip().lower()


def with_inline_images(html: str, *, image_urls: dict[str, str]) -> str:
    """`<img src="cid:x">` → the URL of the mail's own file named x (`image_urls`, keyed by
    `content_id_key`); any other image source is dropped, its alt text kept."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag != "img" or attribute != "src":
            return value
        if not value.lower().startswith("cid:"):
            return None
        return image_urls.get(content_id_key(value[4:]))

    return nh3.clean(
        html,
        url_schemes=URL_SCHEMES,
        link_rel=_REL,
        attribute_filter=keep,
        set_tag_attribute_values=_LINKS_OPEN_APART,
    )


def without_quotes(html: str) -> str:
    """The HTML with every `<blockquote>` (how mail clients quote the history) taken out."""
    return nh3.clean(
        html,
        tags=_TAGS_BUT_QUOTES,
        attributes=_ATTRIBUTES_BUT_QUOTES,
        clean_content_tags={_QUOTE, "script", "style"},
        url_schemes=URL_SCHEMES,
        link_rel=_REL,
    )


def display_html(html: str, *, image_urls: dict[str, str]) -> tuple[str, str]:
    """(shown, whole): the mail's HTML with history folded away, and the whole HTML when
    something was folded ("" when not)."""
    if not html.strip():
        return "", ""
    whole = with_inline_images(html, image_urls=image_urls)
    shown = with_inline_images(without_quotes(html), image_urls=image_urls)
    if not _has_content(shown):  # all of it was a quote (a forward): show it whole
        return whole, ""
    return shown, whole if shown != whole else ""


def _has_content(html: str) -> bool:
    return bool(nh3.clean(html, tags={"img"}).strip())
