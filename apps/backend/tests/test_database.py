import asyncio
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

import farm.database
from farm.database import index_spec, maybe_await, register_collection, register_model, registered_models


def test_plugin_indexes_are_created_on_startup(client, db):
    users = db["users"].index_information()
    assert users["email_1"]["key"] == [("email", 1)]
    assert users["username_1"]["key"] == [("username", 1)]
    collections = [r["collection"] for r in registered_models(client.app)]
    # Generated order: plugins dependencies-first, then entries by name (docs/generated-code.md).
    assert collections == ["sessions", "users", "conversations", "messages"]
    assert registered_models(client.app)[1]["model"].__name__ == "User"


def test_full_index_definitions(db):
    class Event(BaseModel):
        at: int

    app = FastAPI()
    register_model(app, Event, collection="events", indexes=[{"keys": {"at": -1, "kind": 1}, "unique": True, "name": "recent"}])
    register_collection(app, "audit", indexes=["actor", {"keys": {"text": "text"}}])
    assert db["events"].index_information() == {}  # nothing before startup
    with TestClient(app):
        pass
    events = db["events"].index_information()
    assert events["recent"]["key"] == [("at", -1), ("kind", 1)] and events["recent"]["unique"] is True
    assert "actor_1" in db["audit"].index_information()
    assert "text_text" in db["audit"].index_information()


def test_index_failures_are_logged_and_kept_and_the_app_still_starts(monkeypatch, caplog):
    class Unreachable:
        def create_index(self, keys, **options):
            raise ConnectionError("no server")

    monkeypatch.setattr(farm.database, "get_database", lambda: {"audit": Unreachable()})
    app = FastAPI()

    @app.get("/ping")
    async def ping():
        return "pong"

    register_collection(app, "audit", indexes=["actor"])
    with caplog.at_level(logging.ERROR, logger="farm.database"), TestClient(app) as client:
        assert client.get("/ping").json() == "pong"
    assert app.state.farm_index_errors == [("audit", "actor", "ConnectionError('no server')")]
    assert "index 'actor' on audit failed: no server" in caplog.text


def test_default_collection_name():
    class Widget(BaseModel):
        pass

    app = FastAPI()
    register_model(app, Widget)
    assert registered_models(app)[0]["collection"] == "widgets"


@pytest.mark.parametrize("entry", ["", {"keys": {}}, {"keys": {"a": 2}}, {"keys": {"a": 1}, "uniq": True}, {"unique": True}, 3])
def test_bad_index_entries_fail_at_registration(entry):
    with pytest.raises(ValueError):
        register_collection(FastAPI(), "x", indexes=[entry])


def test_index_spec():
    assert index_spec("email") == ([("email", 1)], {})
    assert index_spec({"keys": {"a": "hashed"}, "sparse": True, "expireAfterSeconds": 60}) == (
        [("a", "hashed")], {"sparse": True, "expireAfterSeconds": 60})


def test_maybe_await_handles_sync_and_async():
    async def forty_two():
        return 42

    async def check():
        return await maybe_await(7), await maybe_await(forty_two())

    assert asyncio.run(check()) == (7, 42)
