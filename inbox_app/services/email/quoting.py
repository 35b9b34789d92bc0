"""The new text of a reply, with the quoted history below it folded away (mail-parser-reply)."""

from __future__ import annotations

from mailparser_reply import EmailReplyParser

# The languages whose "On ... wrote:" lines are recognised; the UI speaks English and German.
LANGUAGES = ["en", "de", "fr", "es", "it", "nl"]
_parser = EmailReplyParser(languages=LANGUAGES)


def new_text(full_text: str) -> str:
    """What the sender wrote this time; the whole text when nothing is recognised as quoted."""
    try:
        latest = _parser.parse_reply(full_text) or ""
    except Exception:  # a parser's bug must not cost the mail
        return full_text
    return latest.strip() or full_text
