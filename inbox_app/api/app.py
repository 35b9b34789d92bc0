"""The FastAPI app Reflex mounts through `rx.App(api_transformer=create_api())`."""

from __future__ import annotations

from fastapi import FastAPI

from inbox_app.api.attachments import router as attachments_router
from inbox_app.api.health import router as health_router
from inbox_app.api.no_framing import NoFraming
from inbox_app.api.request_ids import RequestIds
from inbox_app.api.widget import router as widget_router
from inbox_app.api.widget_files import router as widget_files_router
from inbox_app.api.widget_guards import SmallBodies
from inbox_app.api.widget_live import router as widget_live_router
from inbox_app.api.widget_origins import SiteOriginsOnly
from inbox_app.api.widget_site import router as widget_site_router
from inbox_app.api.widget_visitors import router as widget_visitors_router


def create_api() -> FastAPI:
    api = FastAPI(title="Inbox API", docs_url=None, redoc_url=None, openapi_url=None)
    api.include_router(attachments_router)
    api.include_router(health_router)  # GET /api/health, no sign-in
    api.include_router(widget_router)
    api.include_router(widget_live_router)  # typing, updates with files
    api.include_router(widget_files_router)  # visitor attachments
    api.include_router(widget_visitors_router)  # visitors online, proactive chat
    api.include_router(widget_site_router)
    api.add_middleware(SmallBodies)
    api.add_middleware(SiteOriginsOnly)
    api.add_middleware(NoFraming)
    api.add_middleware(RequestIds)  # added last: runs first, so even refusals get an id
    return api
