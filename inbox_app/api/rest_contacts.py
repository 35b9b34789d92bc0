"""REST API: contacts found and filled by plugins (`/api/v1/contacts`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response, status

from inbox_app.api.deps import DbSession
from inbox_app.api.rest_auth import Integration
from inbox_app.api.rest_live import conversation_changed
from inbox_app.api.rest_models import ContactChanges, ContactOut, ContactUpsert
from inbox_app.api.rest_responses import ERRORS, contact_out, refusal
from inbox_app.models.tables import utcnow
from inbox_app.realtime.events import everything_changed
from inbox_app.services.attachments.storage import delete_stored_files
from inbox_app.services.contacts import upsert as contact_upsert
from inbox_app.services.contacts.erasure import ErasureError, erase_contact
from inbox_app.services.conversations.feed import MAX_ID
from inbox_app.services.errors import DomainError
from inbox_app.settings import get_settings

router = APIRouter(prefix="/api/v1/contacts", tags=["contacts"], responses=ERRORS)
ContactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact's id")]


@router.get("", response_model=ContactOut)
def find_contact(
    session: DbSession,
    _caller: Integration,
    email: Annotated[str, Query(max_length=254, examples=["paula@example.net"])],
) -> ContactOut:
    """The contact with this email (any case); 404 when there is none."""
    try:
        found = contact_upsert.find_contact(session, email=email)
    except DomainError as error:
        raise refusal(error) from error
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No contact with this email.")
    return contact_out(found)


@router.put("", response_model=ContactOut, responses={201: {"model": ContactOut}})
def upsert_contact(
    body: ContactUpsert, session: DbSession, _caller: Integration, response: Response
) -> ContactOut:
    """Update the contact with this email, or make it (201). Values set here show the source
    `plugin` in the contact panel; a field left out stays, "" clears it; an attribute set to
    "" is removed."""
    fields = body.model_dump(include={"name", "phone", "company"}, exclude_none=True)
    try:
        record, created = contact_upsert.upsert_contact(
            session, email=body.email, changes=fields, attributes=body.attributes, now=utcnow()
        )
    except DomainError as error:
        raise refusal(error) from error
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    _show_live(session, record.id)
    return contact_out(record)


@router.get("/{contact_id}", response_model=ContactOut)
def get_contact(contact_id: ContactId, session: DbSession, _caller: Integration) -> ContactOut:
    try:
        return contact_out(contact_upsert.contact_by_id(session, contact_id=contact_id))
    except DomainError as error:
        raise refusal(error) from error


@router.patch("/{contact_id}", response_model=ContactOut)
def patch_contact(
    contact_id: ContactId, body: ContactChanges, session: DbSession, _caller: Integration
) -> ContactOut:
    """Change one contact's values (its email too); they show the source `plugin`."""
    fields = body.model_dump(include={"email", "name", "phone", "company"}, exclude_none=True)
    try:
        record = contact_upsert.patch_contact(
            session, contact_id=contact_id, changes=fields, attributes=body.attributes
        )
    except DomainError as error:
        raise refusal(error) from error
    _show_live(session, record.id)
    return contact_out(record)


@router.delete("/{contact_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_contact(contact_id: ContactId, session: DbSession, caller: Integration) -> Response:
    """Erases the contact for good (the right to erasure): their conversations, messages and
    files too, and nothing of theirs stays in the search index. There is no undo."""
    try:
        files = erase_contact(session, actor=caller, contact_id=contact_id)
    except ErasureError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from error
    delete_stored_files(upload_dir=get_settings().upload_dir, storage_keys=files)
    everything_changed()  # their conversations leave every dashboard's lists at once
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _show_live(session, contact_id: int) -> None:
    for conversation_id in contact_upsert.open_conversation_ids(session, contact_id=contact_id):
        conversation_changed(conversation_id)
