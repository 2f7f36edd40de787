"""Registry of AI providers / models / pipelines / endpoints, and the HTTP API serving them.

Endpoint handler contract (``ai.endpoints`` in a manifest)::

    async def chat_stream(payload: dict, ai: AIRouter, request: Request):
        ...

``payload`` is the JSON body (for GET/DELETE: the query parameters), ``ai`` is this router
(``ai.provider(name)``), ``request`` is the Starlette request. A non-streaming handler returns
anything FastAPI can serialise, or a Response. A streaming handler (``streaming: true``)
returns — or is — an async iterator of chunks: str chunks are sent as they are (one NDJSON line
each, ending in "\\n"), dict chunks are JSON-encoded into a line. Raise HTTPException *before*
returning the iterator to answer with an error status; once streaming starts the status is 200.
"""
from __future__ import annotations

import inspect
import json
import os
from typing import Any, AsyncIterator, Callable, Dict, Iterable, List, Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from ..plugins import get_plugin_config

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
RESERVED_ENDPOINTS = {"providers"}


class AIRouter:
    def __init__(self) -> None:
        self._providers: Dict[str, Dict[str, Any]] = {}
        self._instances: Dict[str, Any] = {}
        self._models: Dict[str, Dict[str, Any]] = {}
        self._pipelines: Dict[str, Dict[str, Any]] = {}
        self._endpoints: Dict[str, Dict[str, Any]] = {}

    # -- registration (called by the generated ai_config.py) --------------------------------
    def register_provider(
        self, name: str, cls: Any, plugin: Optional[str] = None,
        models: Iterable[str] = (), capabilities: Iterable[str] = (),
    ) -> None:
        _unique(self._providers, name, "provider")
        self._providers[name] = {
            "name": name, "cls": cls, "plugin": plugin,
            "models": list(models), "capabilities": list(capabilities),
        }

    def register_model(self, name: str, spec: Dict[str, Any]) -> None:
        _unique(self._models, name, "model")
        self._models[name] = dict(spec, name=name)

    def register_pipeline(
        self, name: str, fn: Callable[..., Any],
        input_types: Iterable[str] = (), output_types: Iterable[str] = (),
    ) -> None:
        _unique(self._pipelines, name, "pipeline")
        self._pipelines[name] = {
            "name": name, "fn": fn, "input_types": list(input_types), "output_types": list(output_types),
        }

    def register_endpoint(
        self, name: str, handler: Callable[..., Any], method: str = "POST", streaming: bool = False
    ) -> None:
        _unique(self._endpoints, name, "endpoint")
        if name in RESERVED_ENDPOINTS:
            raise ValueError("AI endpoint name %r is reserved" % name)
        self._endpoints[name] = {"name": name, "handler": handler, "method": method.upper(), "streaming": streaming}

    # -- lookup ------------------------------------------------------------------------------
    def has_provider(self, name: str) -> bool:
        return name in self._providers

    def provider(self, name: str) -> Any:
        """The provider instance, built on first use so env/config changes before then count."""
        if name not in self._providers:
            raise KeyError("no AI provider %r (registered: %s)" % (name, sorted(self._providers) or "none"))
        if name not in self._instances:
            entry = self._providers[name]
            config = {
                "base_url": os.environ.get("OLLAMA_BASE_URL", DEFAULT_OLLAMA_URL),
                "models": list(entry["models"]),
                **(get_plugin_config(entry["plugin"]) if entry["plugin"] else {}),
            }
            cls = entry["cls"]
            self._instances[name] = cls(config) if callable(cls) else cls
        return self._instances[name]

    def providers(self) -> List[Dict[str, Any]]:
        return [{k: v for k, v in p.items() if k != "cls"} for p in self._providers.values()]

    def models(self) -> List[Dict[str, Any]]:
        return [dict(m) for m in self._models.values()]

    def pipeline(self, name: str) -> Callable[..., Any]:
        return self._pipelines[name]["fn"]

    def pipelines(self) -> List[Dict[str, Any]]:
        return [{k: v for k, v in p.items() if k != "fn"} for p in self._pipelines.values()]

    def endpoints(self) -> List[Dict[str, Any]]:
        return [{k: v for k, v in e.items() if k != "handler"} for e in self._endpoints.values()]

    async def aclose(self) -> None:
        for instance in self._instances.values():
            close = getattr(instance, "aclose", None)
            if close is not None:
                await _maybe_await(close())
        self._instances.clear()

    # -- HTTP --------------------------------------------------------------------------------
    def api_router(self) -> APIRouter:
        """GET /providers plus one route per endpoint at /<name>; main.py mounts it at /ai."""
        router = APIRouter()

        @router.get("/providers")
        async def list_providers() -> Dict[str, Any]:
            return {"providers": self.providers(), "models": self.models()}

        for entry in self._endpoints.values():
            router.add_api_route("/" + entry["name"], self._route(entry), methods=[entry["method"]],
                                 name="ai:" + entry["name"])
        return router

    def _route(self, entry: Dict[str, Any]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Any:
            payload = await _payload(request)
            result = await _maybe_await(entry["handler"](payload, self, request))
            if not entry["streaming"]:
                return result
            if not hasattr(result, "__aiter__"):
                raise TypeError("streaming AI endpoint %r must return an async iterator" % entry["name"])
            return StreamingResponse(_ndjson(result), media_type="application/x-ndjson")

        endpoint.__name__ = "ai_" + entry["name"]
        return endpoint


def _unique(registry: Dict[str, Any], name: str, kind: str) -> None:
    if name in registry:
        raise ValueError("AI %s %r is already registered" % (kind, name))


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def _payload(request: Request) -> Dict[str, Any]:
    if request.method in ("GET", "DELETE", "HEAD"):
        return dict(request.query_params)
    body = await request.body()
    if not body:
        return {}
    try:
        payload = json.loads(body)
    except ValueError:
        raise HTTPException(status_code=400, detail="request body must be JSON") from None
    if not isinstance(payload, dict):
        raise HTTPException(status_code=400, detail="request body must be a JSON object")
    return payload


async def _ndjson(chunks: AsyncIterator[Any]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        if isinstance(chunk, (dict, list)):
            chunk = json.dumps(chunk) + "\n"
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk
