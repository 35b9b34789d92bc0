"""The chat widget's settings: what the contact form asks, and which sites may embed it.

Stored as AppSetting rows; admins change them in Settings → Chat widget, the widget reads the
public part (never the site secret, see visitor_identity) before it draws its form.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import AgentGroup, AppSetting
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

FORM_KEY, ORIGINS_KEY = "widget_form", "widget_origins"
FIELD_MODES = ("required", "optional", "off")
MAX_ORIGINS = 20
MAX_STORED = 2000  # an AppSetting value


class WidgetConfigError(DomainError):
    """A setting or a form the rules refuse; the message is safe to show and nothing changed."""


@dataclass(frozen=True)
class WidgetForm:
    name: str = "optional"  # required | optional | off
    email: str = "optional"
    group_choice: bool = False
    group_ids: list[int] = field(default_factory=list)  # offered; none chosen means every group


@dataclass(frozen=True)
class OfferedGroup:
    id: int
    name: str


def widget_form(session: Session) -> WidgetForm:
    row = session.get(AppSetting, FORM_KEY)
    try:
        stored = json.loads(row.value) if row else {}
        form = WidgetForm(**stored)
    except (ValueError, TypeError):
        return WidgetForm()
    return form if {form.name, form.email} <= set(FIELD_MODES) else WidgetForm()


def offered_groups(session: Session, *, form: WidgetForm) -> list[OfferedGroup]:
    if not form.group_choice:
        return []
    statement = select(AgentGroup).order_by(AgentGroup.name)
    if form.group_ids:
        statement = statement.where(col(AgentGroup.id).in_(form.group_ids))
    return [OfferedGroup(id=g.id or 0, name=g.name) for g in session.exec(statement).all()]


def routable_group(session: Session, *, form: WidgetForm, group_id: int | None) -> int | None:
    """The group a new chat goes to: when the form offers a choice, only an offered group
    (a visitor can send any id); else the site's `setGroup`, which services check exists."""
    if group_id is None or not form.group_choice:
        return group_id
    offered = {group.id for group in offered_groups(session, form=form)}
    return group_id if group_id in offered else None


def public_config(session: Session) -> dict[str, Any]:
    """What the widget's form needs: nothing secret, nothing about agents."""
    form = widget_form(session)
    groups = [asdict(group) for group in offered_groups(session, form=form)]
    return {"name": form.name, "email": form.email, "groups": groups}


def save_widget_form(session: Session, *, actor: AgentView, form: WidgetForm) -> WidgetForm:
    require_admin(actor)
    if not {form.name, form.email} <= set(FIELD_MODES):
        raise WidgetConfigError(mark("Each field is required, optional or off."))
    known = set(session.exec(select(AgentGroup.id)).all())
    if not set(form.group_ids) <= known:
        raise WidgetConfigError(mark("One of those groups no longer exists."))
    _store(session, FORM_KEY, json.dumps(asdict(form)))
    return form


def checked_form(form: WidgetForm, *, name: str, email: str) -> tuple[str, str]:
    """The visitor's name and email as the form rules allow them: off fields are dropped."""
    values = {"name": name.strip(), "email": email.strip()}
    modes = {"name": form.name, "email": form.email}
    for key, word in (("name", "your name"), ("email", "your email address")):
        if modes[key] == "required" and not values[key]:
            raise WidgetConfigError(mark("Please enter {word} to start the chat."), word=word)
        if modes[key] == "off":
            values[key] = ""
    return values["name"], values["email"]


def allowed_origins(session: Session) -> list[str]:
    """The sites that may embed the widget; an empty list means any site."""
    row = session.get(AppSetting, ORIGINS_KEY)
    return [line for line in (row.value.split() if row else []) if line]


def save_allowed_origins(session: Session, *, actor: AgentView, text: str) -> list[str]:
    require_admin(actor)
    origins = list(dict.fromkeys(normal_origin(part) for part in text.replace(",", " ").split()))
    if len(origins) > MAX_ORIGINS or len("\n".join(origins)) > MAX_STORED:
        raise WidgetConfigError(mark("At most {max_origins} sites."), max_origins=MAX_ORIGINS)
    _store(session, ORIGINS_KEY, "\n".join(origins))
    return origins


def normal_origin(text: str) -> str:
    """'https://Shop.example/' → 'https://shop.example'; anything but an origin is refused."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise WidgetConfigError(
            mark("{text} is not a site address like https://shop.example."), text=text
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise WidgetConfigError(
            mark("{text} is not a site address like https://shop.example."), text=text
        )
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def _store(session: Session, key: str, value: str) -> None:
    row = session.get(AppSetting, key) or AppSetting(key=key, value="")
    row.value = value
    session.add(row)
    session.commit()
