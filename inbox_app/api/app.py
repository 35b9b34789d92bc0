"""The FastAPI app Reflex mounts through `rx.App(api_transformer=create_api())`."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from inbox_app.api import rest_problems
from inbox_app.api.attachments import router as attachments_router
from inbox_app.api.health import router as health_router
from inbox_app.api.no_framing import NoFraming
from inbox_app.api.request_ids import RequestIds
from inbox_app.api.rest_attachments import router as rest_attachments_router
from inbox_app.api.rest_bodies import RestBodies
from inbox_app.api.rest_contacts import router as rest_contacts_router
from inbox_app.api.rest_conversations import router as rest_conversations_router
from inbox_app.api.rest_not_found import RestNotFound, paths_match_newlines
from inbox_app.api.rest_team import router as rest_team_router
from inbox_app.api.upload_bodies import UploadBodies
from inbox_app.api.widget import router as widget_router
from inbox_app.api.widget_files import router as widget_files_router
from inbox_app.api.widget_guards import SmallBodies
from inbox_app.api.widget_live import router as widget_live_router
from inbox_app.api.widget_origins import SiteOriginsOnly
from inbox_app.api.widget_site import router as widget_site_router
from inbox_app.api.widget_visitors import router as widget_visitors_router

DESCRIPTION = """The inbox's REST API for integrations: read and start conversations, answer
them, assign and close them, and fill contact details (the values show the source `plugin`).

Authenticate with an API key (Settings → API keys, or `python -m inbox_app create-api-key
--name N`): `Authorization: Bearer <key>`. What a key does is attributed to it ("API key
<name> closed this"). Errors are RFC 9457 problem details (`application/problem+json`)."""


def create_api() -> FastAPI:
    # The docs' script and styles are served from here, not a CDN: they work on a closed network.
    api = FastAPIOffline(
        title="Inbox API",
        version="1",
        description=DESCRIPTION,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        static_url="/api/docs-static",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
    )
    api.include_router(rest_conversations_router)  # the REST API: /api/v1/...
    api.include_router(rest_contacts_router)
    api.include_router(rest_team_router)
    api.include_router(rest_attachments_router)
    api.include_router(health_router)  # GET /api/health, no sign-in
    # The dashboard's and the widget's own endpoints: not part of the documented API.
    for internal in (
        attachments_router,
        widget_router,
        widget_live_router,
        widget_files_router,
        widget_visitors_router,
        widget_site_router,
    ):
        api.include_router(internal, include_in_schema=False)
    rest_problems.install(api)
    paths_match_newlines()  # before Reflex mounts its app, and ours, on `{path:path}`
    api.add_middleware(RestNotFound)
    api.add_middleware(RestBodies)
    api.add_middleware(UploadBodies)
    api.add_middleware(SmallBodies)
    api.add_middleware(SiteOriginsOnly)
    api.add_middleware(NoFraming)
    api.add_middleware(RequestIds)  # added last: runs first, so even refusals get an id
    return api
