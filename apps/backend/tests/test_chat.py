import json

import pytest

from conftest import signup
from farm.plugins import get_plugin_config, set_plugin_config

SYSTEM = {"role": "system", "content": "You are a helpful AI assistant."}


def test_health_and_providers(client):
    assert client.get("/health").json() == {"status": "ok", "plugins": ["@farm/auth", "@farm/ai-chat"]}
    providers = client.get("/ai/providers").json()["providers"]
    assert providers == [{"name": "custom_ollama", "plugin": "@farm/ai-chat", "models": ["llama3.1", "codestral"],
                          "capabilities": ["chat", "completion", "embedding"]}]


def test_providers_are_closed_at_shutdown(app):
    from fastapi.testclient import TestClient

    closed = []
    with TestClient(app):
        provider = app.state.ai.provider("custom_ollama")
        provider.aclose = lambda: closed.append(provider)  # sync is fine: AIRouter awaits only awaitables
        assert closed == []
    assert closed == [provider]


def test_chat_routes_require_a_user(client):
    for method, path in [("get", "/chat/models"), ("get", "/chat/conversations"), ("post", "/chat/conversations")]:
        assert getattr(client, method)(path).status_code == 401, path


def test_conversation_round_trip(client, fake_ollama, db):
    headers = signup(client, "ivy")
    assert client.get("/chat/models", headers=headers).json() == ["llama3.1:latest", "codestral:latest"]

    r = client.post("/chat/conversations", json={}, headers=headers)
    assert r.status_code == 201
    conversation = r.json()
    assert conversation["title"] == "New conversation"

    first = client.post("/chat/conversations/%s/messages" % conversation["id"], json={"content": "hello there"}, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["role"] == "assistant" and first.json()["content"] == "You said: hello there"
    assert first.json()["model"] == "llama3.1"
    sent = fake_ollama.bodies("/api/chat")[-1]
    assert sent["messages"] == [SYSTEM, {"role": "user", "content": "hello there"}]
    assert sent["options"] == {"num_predict": 1000} and sent["stream"] is False

    second = client.post("/chat/conversations/%s/messages" % conversation["id"],
                         json={"content": "and again", "model": "codestral"}, headers=headers)
    assert second.json()["content"] == "You said: and again" and second.json()["model"] == "codestral"
    assert [m["content"] for m in fake_ollama.bodies("/api/chat")[-1]["messages"]] == [
        SYSTEM["content"], "hello there", "You said: hello there", "and again"]

    history = client.get("/chat/conversations/%s/messages" % conversation["id"], headers=headers).json()
    assert [(m["role"], m["content"]) for m in history] == [
        ("user", "hello there"), ("assistant", "You said: hello there"),
        ("user", "and again"), ("assistant", "You said: and again")]
    assert db["messages"].count_documents({"conversation_id": conversation["id"]}) == 4

    listed = client.get("/chat/conversations", headers=headers).json()
    assert [c["id"] for c in listed] == [conversation["id"]]
    assert listed[0]["title"] == "hello there"  # named after the first question


def test_conversations_are_private(client, fake_ollama):
    owner, other = signup(client, "jack"), signup(client, "kate")
    cid = client.post("/chat/conversations", json={"title": "mine"}, headers=owner).json()["id"]
    client.post("/chat/conversations", json={"title": "theirs"}, headers=other)
    assert [c["title"] for c in client.get("/chat/conversations", headers=owner).json()] == ["mine"]
    assert client.get("/chat/conversations/%s/messages" % cid, headers=other).status_code == 404
    r = client.post("/chat/conversations/%s/messages" % cid, json={"content": "hi"}, headers=other)
    assert r.status_code == 404
    assert client.get("/chat/conversations/not-an-id/messages", headers=owner).status_code == 404


def test_provider_down_is_502_and_keeps_history_clean(client, db):
    headers = signup(client, "liam")  # no fake_ollama: OLLAMA_BASE_URL is a closed port
    cid = client.post("/chat/conversations", json={}, headers=headers).json()["id"]
    r = client.post("/chat/conversations/%s/messages" % cid, json={"content": "anyone?"}, headers=headers)
    assert r.status_code == 502 and "unreachable" in r.json()["detail"]
    assert db["messages"].count_documents({}) == 0
    assert client.get("/chat/models", headers=headers).status_code == 502


def stream_lines(response):
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def test_chat_stream(client, fake_ollama):
    headers = signup(client, "mia")
    body = {"messages": [{"role": "user", "content": "stream this please"}], "model": "codestral"}
    r = client.post("/ai/chat_stream", json=body, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = stream_lines(r)
    assert lines[-1] == {"done": True}
    assert [line["content"] for line in lines[:-1]] == ["You", " said:", " stream", " this", " please"]
    sent = fake_ollama.bodies("/api/chat")[-1]
    assert sent["stream"] is True and sent["model"] == "codestral" and sent["messages"][0] == SYSTEM


def test_chat_stream_errors(client, fake_ollama):
    headers = signup(client, "noah")
    ok = {"messages": [{"role": "user", "content": "x"}]}
    assert client.post("/ai/chat_stream", json=ok).status_code == 401
    assert client.post("/ai/chat_stream", json={"messages": []}, headers=headers).status_code == 400
    assert client.post("/ai/chat_stream", json={"messages": [{"role": "bot", "content": "x"}]}, headers=headers).status_code == 400
    assert client.post("/ai/chat_stream", content=b"[1]", headers=headers).status_code == 400
    r = client.post("/ai/chat_stream", json=dict(ok, model="missing-model"), headers=headers)
    assert r.status_code == 502 and "not found" in r.json()["detail"]


def test_chat_stream_provider_down_is_502(client):
    headers = signup(client, "olga")
    r = client.post("/ai/chat_stream", json={"messages": [{"role": "user", "content": "x"}]}, headers=headers)
    assert r.status_code == 502


@pytest.fixture
def chat_config():
    saved = get_plugin_config("@farm/ai-chat")
    yield
    set_plugin_config("@farm/ai-chat", saved)


def test_streaming_disabled_and_custom_prompt(client, fake_ollama, chat_config):
    headers = signup(client, "pete")
    set_plugin_config("@farm/ai-chat", dict(get_plugin_config("@farm/ai-chat"), enableStreaming=False,
                                            systemPrompt="Be terse.", maxTokens=5))
    r = client.post("/ai/chat_stream", json={"messages": [{"role": "user", "content": "one shot"}]}, headers=headers)
    assert stream_lines(r) == [{"content": "You said: one shot"}, {"done": True}]
    sent = fake_ollama.bodies("/api/chat")[-1]
    assert sent["stream"] is False and sent["options"] == {"num_predict": 5}
    assert sent["messages"][0] == {"role": "system", "content": "Be terse."}


def test_unknown_default_provider_is_503(client, chat_config):
    headers = signup(client, "quinn")
    set_plugin_config("@farm/ai-chat", dict(get_plugin_config("@farm/ai-chat"), defaultProvider="openai"))
    r = client.get("/chat/models", headers=headers)
    assert r.status_code == 503 and "openai" in r.json()["detail"]
