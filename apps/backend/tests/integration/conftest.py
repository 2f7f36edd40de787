"""Integration tests against a real MongoDB-wire server: FerretDB v1 over SQLite
(``farm.local_mongo``), started once per session on a free 127.0.0.1 port with a temporary data
folder, and stopped (its process group) at the end.

The parent conftest sets FARM_DATABASE=mongomock at import; here every test switches to
``mongodb`` on FerretDB through monkeypatch, with a database of its own, so the app runs on
motor (``farm.database``) exactly as it does under ``nx run backend:serve``. ``db`` is a sync
pymongo handle on that database, for assertions.

Without the binary these tests fail (they do not skip): CI builds it with
scripts/install-ferretdb.sh.
"""
import uuid

import pytest
from pymongo import MongoClient

from farm.local_mongo import FerretDBMissing, start_ferretdb


@pytest.fixture(scope="session")
def ferretdb(tmp_path_factory):
    missing = None
    try:
        mongo = start_ferretdb(tmp_path_factory.mktemp("ferretdb"))
    except FerretDBMissing as error:
        missing = str(error)
    if missing:  # fail outside the except block: one message, no chained traceback
        pytest.fail("%s (the integration tests need it)" % missing, pytrace=False)
    yield mongo
    mongo.stop()


@pytest.fixture(scope="session")
def mongo_client(ferretdb):
    client = MongoClient(ferretdb.url)
    yield client
    client.close()


@pytest.fixture(autouse=True)
def mongodb(ferretdb, mongo_client, monkeypatch):
    """Point the app at a fresh database on FerretDB; drop it afterwards."""
    name = "farm_it_" + uuid.uuid4().hex[:12]
    monkeypatch.setenv("FARM_DATABASE", "mongodb")
    monkeypatch.setenv("FARM_MONGODB_URL", ferretdb.url)
    monkeypatch.setenv("FARM_DATABASE_NAME", name)
    yield mongo_client[name]
    mongo_client.drop_database(name)


@pytest.fixture
def db(mongodb):
    """The parent's ``db`` is the app's own handle (motor here, async); tests assert through
    pymongo on the same database."""
    return mongodb
