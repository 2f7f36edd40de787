"""What the chat router and the streaming endpoint share: which provider answers, and the
message list it is sent."""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from fastapi import HTTPException

from .config import chat_config

# Config names a provider family; the manifest registers this plugin's implementation of it.
PROVIDER_ALIASES = {"ollama": "custom_ollama"}


def resolve_provider(ai: Any) -> Tuple[str, Any]:
    """(registered name, instance) of the configured ``defaultProvider``; 503 if none serves it."""
    wanted = chat_config()["defaultProvider"]
    name = PROVIDER_ALIASES.get(wanted, wanted)
    if ai is None or not ai.has_provider(name):
        raise HTTPException(503, detail="AI provider %r is not available on this server" % wanted)
    return name, ai.provider(name)


def with_system_prompt(messages: List[Dict[str, str]]) -> List[Dict[str, str]]:
    """Prepend the configured system prompt unless the caller sent its own."""
    prompt = chat_config()["systemPrompt"]
    if not prompt or (messages and messages[0]["role"] == "system"):
        return list(messages)
    return [{"role": "system", "content": prompt}] + list(messages)
