"""FARM backend host: FastAPI app with the active plugins wired in by generated code.

Run: .venv/bin/python -m uvicorn main:app --app-dir apps/backend/src --host 127.0.0.1 --port 8000
"""
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure

from farm.ai.router import AIRouter
from farm.database import close_database
# The generated `plugins` package mounts every active plugin as farm_plugins.<alias> when it is
# first imported, so integration and ai_config can import plugin code in either order.
from plugins import PLUGINS
from plugins.ai_config import setup_ai_providers
from plugins.integration import setup_plugin_integrations


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Plugin registries (indexes, tasks) nest their own lifespans inside this one, so their
    # shutdown (e.g. scheduled tasks that call a provider) runs before the providers close.
    try:
        yield
    finally:
        await app.state.ai.aclose()  # providers hold HTTP connection pools
        close_database()  # and motor its connections to MongoDB


def create_app() -> FastAPI:
    app = FastAPI(title="FARM backend", lifespan=lifespan)

    @app.get("/health", tags=["host"])
    async def health() -> dict:
        return {"status": "ok", "plugins": list(PLUGINS)}

    @app.exception_handler(ConnectionFailure)
    async def database_unavailable(request: Request, exc: ConnectionFailure) -> JSONResponse:
        # No MongoDB reachable is an outage, not a bug: say so instead of a bare 500.
        logging.getLogger("farm").error("database unavailable: %s", exc)
        return JSONResponse({"detail": "database unavailable"}, status_code=503)

    ai = AIRouter()
    app.state.ai = ai
    setup_ai_providers(ai)
    setup_plugin_integrations(app)
    app.include_router(ai.api_router(), prefix="/ai", tags=["ai"])
    return app


app = create_app()
