"""POST /ai/chat_stream: a stateless chat whose reply streams back as NDJSON lines."""
from __future__ import annotations

import json
from typing import Any, AsyncIterator, Dict, List, Optional

from fastapi import HTTPException, Request

from farm.ai.provider import ProviderError
from farm_plugins.auth.security import user_from_request

from ..assistant import resolve_provider, with_system_prompt
from ..config import chat_config

ROLES = ("system", "user", "assistant")


def _messages(payload: Dict[str, Any]) -> List[Dict[str, str]]:
    messages = payload.get("messages")
    if not isinstance(messages, list) or not messages:
        raise HTTPException(400, detail="'messages' must be a non-empty list of {role, content}")
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise HTTPException(400, detail="each message needs a role (%s) and a string content" % ", ".join(ROLES))
    return [{"role": m["role"], "content": m["content"]} for m in messages]


def _line(obj: Dict[str, Any]) -> str:
    return json.dumps(obj) + "\n"


async def chat_stream(payload: Dict[str, Any], ai: Any, request: Request) -> AsyncIterator[str]:
    """Payload ``{"messages": [{role, content}, ...], "model"?: str}`` from a signed-in user.

    Returns an async iterator of NDJSON lines: ``{"content": "..."}`` per chunk, then
    ``{"done": true}``; a provider failure after streaming began ends with
    ``{"error": "...", "done": true}``. Errors found before streaming (bad payload 400, not
    signed in 401, provider unreachable 502) are raised as HTTP errors instead. With
    ``enableStreaming: false`` the whole reply comes as a single content line.
    """
    if await user_from_request(request) is None:
        raise HTTPException(401, detail="not authenticated", headers={"WWW-Authenticate": "Bearer"})
    messages = with_system_prompt(_messages(payload))
    config = chat_config()
    _, provider = resolve_provider(ai)
    if payload.get("model") is not None and not isinstance(payload["model"], str):
        raise HTTPException(400, detail="'model' must be a string")
    model: Optional[str] = payload.get("model") or provider.default_model
    try:
        if config["enableStreaming"]:
            chunks = await provider.chat(messages, model=model, stream=True, max_tokens=config["maxTokens"])
            # Pull the first chunk now so an unreachable provider is a 502, not a broken 200.
            first = await chunks.__anext__()
        else:
            chunks, first = None, await provider.chat(messages, model=model, max_tokens=config["maxTokens"])
    except StopAsyncIteration:
        chunks, first = None, ""
    except ProviderError as exc:
        raise HTTPException(502, detail=str(exc)) from exc
    return _stream(first, chunks)


async def _stream(first: str, rest: Optional[AsyncIterator[str]]) -> AsyncIterator[str]:
    if first:
        yield _line({"content": first})
    if rest is not None:
        try:
            async for chunk in rest:
                yield _line({"content": chunk})
        except ProviderError as exc:
            yield _line({"error": str(exc), "done": True})
            return
    yield _line({"done": True})
