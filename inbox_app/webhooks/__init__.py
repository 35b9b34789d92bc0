"""Webhooks' background work: the sender that takes due deliveries from the database's queue
and POSTs them, signed (services/integrations/webhook_queue.py keeps the rules)."""

import os


def allow_private() -> bool:
    """INBOX_WEBHOOK_ALLOW_PRIVATE=1: targets on loopback and private networks are allowed."""
    return os.environ.get("INBOX_WEBHOOK_ALLOW_PRIVATE") == "1"
