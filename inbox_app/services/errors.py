"""The one base of every refusal a service gives."""

from __future__ import annotations


class DomainError(ValueError):
    """A use case refused the request: the message is safe to show, and nothing changed.

    Adapters catch this (never a bare ValueError, which a bug raises too) and show the message:
    a toast in the dashboard, a 4xx in the API."""
