"""What a website owner pastes: the script tag, and how their server signs a user for identify()."""

from __future__ import annotations


def script_snippet(*, app_origin: str) -> str:
    return f'<script async src="{app_origin}/widget.js"></script>'


def identify_example(*, app_origin: str) -> str:
    return (
        "<!-- For a signed-in user: sign their id on your server with the site secret -->\n"
        f'<script async src="{app_origin}/widget.js" data-user-id="USER_ID" data-user-hash="USER_HASH"></script>\n'
        "<!-- or later, from your page: InboxChat.identify({userId: 'USER_ID', userHash: 'USER_HASH'}) -->\n"
        "<!-- and when the user signs out: InboxChat.identify(null) -->\n"
        "\n"
        "# USER_HASH on your server, e.g. in Python:\n"
        "import hashlib, hmac\n"
        "user_hash = hmac.new(SITE_SECRET.encode(), user_id.encode(), hashlib.sha256).hexdigest()\n"
        "\n"
        "// or in Node.js:\n"
        "const userHash = require('crypto').createHmac('sha256', SITE_SECRET).update(userId).digest('hex');"
    )
