"""Integrations: API keys (and, later, webhooks)."""
