"""Add startup/shutdown work to a FastAPI app that already exists.

The registries in this package (``farm.database`` indexes, ``farm.tasks`` schedules) first see
an app when generated code registers something on it, too late for ``FastAPI(lifespan=...)``.
Starlette 1.x removed ``add_event_handler`` (Kludex/starlette#3117) and FastAPI deprecates
``on_event``; what FastAPI supports instead is running the lifespan of every included router
inside the app's own (fastapi#9630), so the work rides in on an empty router.
"""
from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Callable

from fastapi import APIRouter, FastAPI

Lifespan = Callable[[Any], AbstractAsyncContextManager[None]]


def add_lifespan(app: FastAPI, lifespan: Lifespan) -> None:
    """Run ``lifespan`` (an ``@asynccontextmanager`` function taking the app) nested in the
    app's lifespan: its startup runs after what the app already had, its shutdown before."""
    app.include_router(APIRouter(lifespan=lifespan))
