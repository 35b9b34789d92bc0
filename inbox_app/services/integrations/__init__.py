"""Integrations: API keys, and webhooks (signed, queued in the database, retried)."""
