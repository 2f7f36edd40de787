import asyncio

import pytest

from conftest import closed_port_url
from farm.ai.provider import AIProvider, ProviderError


def provider(url, **config):
    from farm_plugins.ai_chat.providers.enhanced_ollama import custom_ollama

    return custom_ollama({"base_url": url, "models": ["llama3.1", "codestral"], **config})


def run(coro):
    return asyncio.run(coro)


def test_is_an_ai_provider():
    assert isinstance(provider("http://x"), AIProvider)


def test_health_check(fake_ollama):
    assert run(provider(fake_ollama.url).health_check()) is True
    assert run(provider(closed_port_url()).health_check()) is False


def test_generate_chat_embed_models(fake_ollama):
    p = provider(fake_ollama.url, maxTokens=77)
    assert run(p.generate("two plus two")) == "Completed: two plus two"
    assert fake_ollama.bodies("/api/generate")[-1] == {
        "model": "llama3.1", "prompt": "two plus two", "stream": False, "options": {"num_predict": 77}}

    messages = [{"role": "user", "content": "hi there"}]
    assert run(p.chat(messages, model="codestral")) == "You said: hi there"
    assert fake_ollama.bodies("/api/chat")[-1]["stream"] is False

    async def collect():
        return [c async for c in await p.chat(messages, stream=True)]

    assert run(collect()) == ["You", " said:", " hi", " there"]
    assert fake_ollama.bodies("/api/chat")[-1]["stream"] is True

    assert run(p.embed("abcd")) == [4.0, 0.5, -0.25]
    assert run(p.list_models()) == ["llama3.1:latest", "codestral:latest"]


def test_errors_become_provider_errors(fake_ollama):
    with pytest.raises(ProviderError, match="not found"):
        run(provider(fake_ollama.url).chat([{"role": "user", "content": "x"}], model="nope"))

    async def stream_unknown():
        return [c async for c in await provider(fake_ollama.url).chat([], model="nope", stream=True)]

    with pytest.raises(ProviderError, match="not found"):
        run(stream_unknown())
    with pytest.raises(ProviderError, match="unreachable"):
        run(provider(closed_port_url()).generate("x"))
