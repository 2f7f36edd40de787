"""The plugin's config with the manifest's defaults (the generator applies them too; these
keep the plugin correct when it is used without generated code, e.g. in tests)."""
from __future__ import annotations

from typing import Any, Dict

from farm.plugins import get_plugin_config

PLUGIN = "@farm/ai-chat"
DEFAULTS: Dict[str, Any] = {
    "defaultProvider": "ollama",
    "enableStreaming": True,
    "maxTokens": 1000,
    "systemPrompt": "You are a helpful AI assistant.",
}


def chat_config() -> Dict[str, Any]:
    return {**DEFAULTS, **get_plugin_config(PLUGIN)}
