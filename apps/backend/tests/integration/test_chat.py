"""The ai-chat conversation/message store on a real server, through motor (Ollama is the
fake from tests/fake_ollama.py)."""
from conftest import signup


def test_conversation_and_messages_are_stored(client, fake_ollama, db):
    headers = signup(client, "ivy")
    conversation = client.post("/chat/conversations", json={}, headers=headers).json()
    for text in ("hello there", "and again"):
        r = client.post("/chat/conversations/%s/messages" % conversation["id"], json={"content": text}, headers=headers)
        assert r.status_code == 201, r.text
        assert r.json()["content"] == "You said: " + text
    # the provider saw the history read back from the store, in order
    assert [m["content"] for m in fake_ollama.bodies("/api/chat")[-1]["messages"][1:]] == [
        "hello there", "You said: hello there", "and again"]

    history = client.get("/chat/conversations/%s/messages" % conversation["id"], headers=headers).json()
    assert [(m["role"], m["content"]) for m in history] == [
        ("user", "hello there"), ("assistant", "You said: hello there"),
        ("user", "and again"), ("assistant", "You said: and again")]
    assert db["messages"].count_documents({"conversation_id": conversation["id"]}) == 4
    stored = db["conversations"].find_one()
    assert stored["title"] == "hello there"  # $set by add_message
    assert stored["updated_at"] > stored["created_at"]


def test_conversations_are_listed_newest_first_and_private(client, fake_ollama):
    owner, other = signup(client, "jack"), signup(client, "kate")
    first = client.post("/chat/conversations", json={"title": "first"}, headers=owner).json()["id"]
    client.post("/chat/conversations", json={"title": "second"}, headers=owner)
    client.post("/chat/conversations", json={"title": "theirs"}, headers=other)
    assert [c["title"] for c in client.get("/chat/conversations", headers=owner).json()] == ["second", "first"]

    client.post("/chat/conversations/%s/messages" % first, json={"content": "bump"}, headers=owner)
    assert [c["title"] for c in client.get("/chat/conversations", headers=owner).json()] == ["first", "second"]
    assert client.get("/chat/conversations/%s/messages" % first, headers=other).status_code == 404
    assert client.get("/chat/conversations/not-an-id/messages", headers=owner).status_code == 404


def test_provider_down_stores_nothing(client, db):
    headers = signup(client, "liam")  # OLLAMA_BASE_URL is a closed port
    cid = client.post("/chat/conversations", json={}, headers=headers).json()["id"]
    r = client.post("/chat/conversations/%s/messages" % cid, json={"content": "anyone?"}, headers=headers)
    assert r.status_code == 502
    assert db["messages"].count_documents({}) == 0
