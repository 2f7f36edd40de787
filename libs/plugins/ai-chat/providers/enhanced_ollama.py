"""Ollama provider speaking Ollama's HTTP API (https://github.com/ollama/ollama/blob/main/docs/api.md).

Config (from the AI router): ``base_url`` (OLLAMA_BASE_URL), ``models`` (manifest list; the
first is the default model), plus the plugin config (``maxTokens`` -> ``num_predict``).
"""
from __future__ import annotations

import json
from typing import Any, AsyncIterator, Dict, List, Optional, Union

import httpx

from farm.ai.provider import AIProvider, ProviderError

FALLBACK_MODEL = "llama3.1"


class EnhancedOllamaProvider(AIProvider):
    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(config)
        self.base_url = str(self.config.get("base_url") or "http://127.0.0.1:11434").rstrip("/")
        # Generation can take minutes on CPU; connecting should not.
        self.timeout = httpx.Timeout(float(self.config.get("timeout", 300)), connect=5.0)

    # A client per call: an httpx pool is bound to one event loop, and this instance lives as
    # long as the app (tests open a new loop per request).
    def _client(self, timeout: Optional[httpx.Timeout] = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base_url, timeout=timeout or self.timeout)

    def _model(self, model: Optional[str]) -> str:
        return model or self.default_model or FALLBACK_MODEL

    def _options(self, options: Dict[str, Any]) -> Dict[str, Any]:
        opts = dict(options)
        max_tokens = opts.pop("max_tokens", self.config.get("maxTokens"))
        if max_tokens:
            opts["num_predict"] = int(max_tokens)
        return opts

    async def _post(self, path: str, body: Dict[str, Any]) -> Dict[str, Any]:
        try:
            async with self._client() as client:
                response = await client.post(path, json=body)
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        return _json_or_error(response)

    async def generate(self, prompt: str, model: Optional[str] = None, system: Optional[str] = None,
                       **options: Any) -> str:
        body = {"model": self._model(model), "prompt": prompt, "stream": False, "options": self._options(options)}
        if system:
            body["system"] = system
        return (await self._post("/api/generate", body)).get("response", "")

    async def chat(self, messages: List[Dict[str, str]], model: Optional[str] = None, stream: bool = False,
                   **options: Any) -> Union[str, AsyncIterator[str]]:
        body = {"model": self._model(model), "messages": messages, "stream": stream,
                "options": self._options(options)}
        if stream:
            return self._stream_chat(body)
        return ((await self._post("/api/chat", body)).get("message") or {}).get("content", "")

    async def _stream_chat(self, body: Dict[str, Any]) -> AsyncIterator[str]:
        """Content chunks of Ollama's NDJSON stream, until the object with ``done: true``."""
        try:
            async with self._client() as client:
                async with client.stream("POST", "/api/chat", json=body) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        _json_or_error(response)
                    async for line in response.aiter_lines():
                        if not line.strip():
                            continue
                        try:
                            data = json.loads(line)
                        except ValueError:
                            raise ProviderError("Ollama sent a line that is not JSON: %r" % line[:200]) from None
                        if data.get("error"):
                            raise ProviderError("Ollama: %s" % data["error"])
                        content = (data.get("message") or {}).get("content")
                        if content:
                            yield content
                        if data.get("done"):
                            return
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        raise ProviderError("Ollama ended the stream without done")

    async def embed(self, text: str, model: Optional[str] = None) -> List[float]:
        data = await self._post("/api/embeddings", {"model": self._model(model), "prompt": text})
        embedding = data.get("embedding")
        if not isinstance(embedding, list):
            raise ProviderError("Ollama returned no embedding")
        return embedding

    async def list_models(self) -> List[str]:
        """Names of the models installed in Ollama (GET /api/tags)."""
        try:
            async with self._client() as client:
                response = await client.get("/api/tags")
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        return [m["name"] for m in _json_or_error(response).get("models", [])]

    async def health_check(self) -> bool:
        try:
            async with self._client(httpx.Timeout(5.0)) as client:
                response = await client.get("/api/tags")
            return response.status_code == 200 and isinstance(response.json().get("models"), list)
        except (httpx.HTTPError, ValueError, AttributeError):
            return False


def _unreachable(base_url: str, exc: Exception) -> ProviderError:
    return ProviderError("Ollama at %s is unreachable: %s" % (base_url, str(exc) or type(exc).__name__))


def _json_or_error(response: httpx.Response) -> Dict[str, Any]:
    """The JSON body, or ProviderError carrying Ollama's ``{"error": ...}`` message."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.status_code >= 400 or not isinstance(data, dict):
        detail = data.get("error") if isinstance(data, dict) else response.text[:200]
        raise ProviderError("Ollama %s %s: HTTP %d %s" % (
            response.request.method, response.request.url.path, response.status_code, detail))
    return data


custom_ollama = EnhancedOllamaProvider
