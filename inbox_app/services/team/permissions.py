"""Who may do what. Team settings are for admins only."""

from __future__ import annotations

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Role
from inbox_app.services.errors import DomainError


class PermissionDenied(DomainError):
    """The acting agent may not do this; the message is safe to show and nothing changed."""


def require_admin(actor: AgentView) -> None:
    """Refuse anyone but an admin. Pass a view read fresh from the database for the request."""
    if actor.role != Role.admin.value:
        raise PermissionDenied(mark("Only admins can change team settings."))
