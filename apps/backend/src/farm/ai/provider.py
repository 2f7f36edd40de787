"""Base class for AI providers declared in a plugin manifest's ``ai.providers``."""
from __future__ import annotations

import abc
from typing import Any, AsyncIterator, Dict, List, Optional, Union


class ProviderError(RuntimeError):
    """The provider could not answer (unreachable, HTTP error, unknown model...). Host code
    maps it to 502 instead of a 500 traceback."""


class AIProvider(abc.ABC):
    """A provider is built once per AIRouter with its config dict:
    ``{"base_url": $OLLAMA_BASE_URL or http://127.0.0.1:11434, "models": <manifest models>,
    **<the plugin's resolved config>}``.
    """

    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None:
        self.config: Dict[str, Any] = dict(config or {})

    @property
    def default_model(self) -> Optional[str]:
        models = self.config.get("models") or []
        return self.config.get("model") or (models[0] if models else None)

    @abc.abstractmethod
    async def generate(self, prompt: str, model: Optional[str] = None, **options: Any) -> str:
        """Complete ``prompt``; returns the generated text."""

    @abc.abstractmethod
    async def chat(
        self, messages: List[Dict[str, str]], model: Optional[str] = None, stream: bool = False, **options: Any
    ) -> Union[str, AsyncIterator[str]]:
        """Answer a [{role, content}] conversation: the reply text, or with ``stream=True``
        an async iterator of content chunks."""

    @abc.abstractmethod
    async def embed(self, text: str, model: Optional[str] = None) -> List[float]:
        """An embedding vector for ``text``."""

    @abc.abstractmethod
    async def health_check(self) -> bool:
        """True when the provider is reachable and usable; never raises."""

    async def list_models(self) -> List[str]:
        """Models the provider can serve right now (default: the manifest's list)."""
        return list(self.config.get("models") or [])

    async def aclose(self) -> None:  # noqa: B027 — optional hook: most providers hold nothing to close
        """Release connections (called on app shutdown)."""
