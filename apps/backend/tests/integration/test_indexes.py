"""Indexes on a real server: what the manifests declare is created at startup, through motor;
a unique index refuses a duplicate; what FerretDB v1 cannot build is reported, not fatal."""
import asyncio
import json
from contextlib import asynccontextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pymongo.errors import DuplicateKeyError

from farm.database import close_database, get_database, index_spec, register_collection, registered_models
from farm.plugins import workspace_root


@asynccontextmanager
async def closing_database(app):
    yield
    close_database()  # as main.py's lifespan does: open connections would delay FerretDB's stop


def bare_app() -> FastAPI:
    return FastAPI(lifespan=closing_database)


def declared_models():
    """(collection, indexes) of every model the active plugins' manifests declare."""
    root = workspace_root()
    workspace = json.loads((root / "workspace.json").read_text())
    declared = []
    for entry in workspace["plugins"].values():
        if not entry.get("active"):
            continue
        manifest = json.loads((root / entry["source"]["spec"] / "plugin.json").read_text())
        for model in manifest.get("backend", {}).get("models", {}).values():
            declared.append((model["collection"], model.get("indexes", [])))
    return sorted(declared, key=json.dumps)


def test_manifest_models_and_indexes_are_created_on_startup(client, db):
    registered = [(r["collection"], r["indexes"]) for r in registered_models(client.app)]
    assert sorted(registered, key=json.dumps) == declared_models()
    assert ("users", ["email", "username"]) in registered  # the declarations are not empty
    assert client.app.state.farm_index_errors == []
    for collection, indexes in registered:
        created = {tuple(info["key"]): info for info in db[collection].index_information().values()}
        for entry in indexes:
            keys, options = index_spec(entry)
            assert tuple(keys) in created, (collection, entry)
            assert created[tuple(keys)].get("unique", False) == options.get("unique", False)


def test_a_unique_index_refuses_a_duplicate(db):
    app = bare_app()
    register_collection(app, "accounts", indexes=[{"keys": {"email": 1}, "unique": True}])
    with TestClient(app):  # startup creates the index through motor
        pass
    assert db["accounts"].index_information()["email_1"]["unique"] is True

    async def insert_twice():
        accounts = get_database()["accounts"]  # motor, as plugin stores use it
        try:
            await accounts.insert_one({"email": "a@example.com"})
            with pytest.raises(DuplicateKeyError):
                await accounts.insert_one({"email": "a@example.com"})
            await accounts.insert_one({"email": "b@example.com"})
        finally:
            close_database()

    asyncio.run(insert_twice())
    assert sorted(d["email"] for d in db["accounts"].find()) == ["a@example.com", "b@example.com"]


# farm.database accepts these (MongoDB does); FerretDB v1.24 refuses them. If a FerretDB
# upgrade builds one, this test fails: update docs/ferretdb.md and drop the entry.
FERRETDB_V1_REFUSES = [
    ({"keys": {"body": "text"}}, "IndexNotFound"),  # "can't find index with key: { body: "text" }"
    ({"keys": {"owner": "hashed"}}, "IndexNotFound"),
    ({"keys": {"where": "2dsphere"}}, "IndexNotFound"),
    ({"keys": {"at": 1}, "expireAfterSeconds": 60}, '"expireAfterSeconds" is not implemented yet'),
]


@pytest.mark.parametrize("entry, error", FERRETDB_V1_REFUSES)
def test_indexes_ferretdb_v1_cannot_build_are_reported_not_fatal(db, entry, error):
    app = bare_app()

    @app.get("/ping")
    async def ping():
        return "pong"

    register_collection(app, "notes", indexes=["author", entry])
    with TestClient(app) as client:
        assert client.get("/ping").json() == "pong"
    [(collection, failed, message)] = app.state.farm_index_errors
    assert (collection, failed) == ("notes", entry) and error in message
    assert "author_1" in db["notes"].index_information()  # the others are still created
