import os

import reflex as rx

_port = int(os.environ.get("INBOX_PORT", "3000"))
# Socket pings every 20 s, 20 s to answer: a tab whose network vanished drops within 40 s,
# so its agent counts as offline within the promised 60 s.
os.environ.setdefault("REFLEX_SOCKET_INTERVAL", "20")
os.environ.setdefault("REFLEX_SOCKET_TIMEOUT", "20")
# With Redis, Reflex keeps every tab's state there and runs several workers (GRANIAN_WORKERS,
# default 2 x cores + 1); our own realtime bus and registries use the same server.
_redis_url = os.environ.get("INBOX_REDIS_URL") or None

config = rx.Config(
    app_name="inbox_app",
    telemetry_enabled=False,
    frontend_port=_port,
    backend_port=_port,
    redis_url=_redis_url,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="violet", radius="medium"))],
    disable_plugins=[rx.plugins.sitemap.SitemapPlugin],
)
