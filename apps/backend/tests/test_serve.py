"""farm.serve's choice of database (no FerretDB needed: see integration/test_local_mongo.py
for the embedded default)."""
import pytest

from farm.serve import choose_database, redact


@pytest.fixture
def no_ferretdb(tmp_path, monkeypatch):
    """A workspace root without .farm/bin/ferretdb."""
    monkeypatch.setenv("FARM_WORKSPACE_ROOT", str(tmp_path))
    return tmp_path


def test_mongomock_stays_in_memory_with_a_banner(no_ferretdb, capsys):
    env = {"FARM_DATABASE": "MongoMock", "FARM_MONGODB_URL": "mongodb://elsewhere:27017"}
    assert choose_database(env) is None
    assert env == {"FARM_DATABASE": "MongoMock", "FARM_MONGODB_URL": "mongodb://elsewhere:27017"}
    assert capsys.readouterr().err == (
        "farm: database: mongomock (FARM_DATABASE=mongomock) — data is in memory and is lost when the server stops\n")


def test_a_given_url_is_used_and_mongodb_url_is_an_alias(no_ferretdb, capsys):
    env = {"MONGODB_URL": "mongodb://app:s3cret@db.internal:27017/farm"}
    assert choose_database(env) is None
    assert env["FARM_MONGODB_URL"] == "mongodb://app:s3cret@db.internal:27017/farm"
    assert capsys.readouterr().err == "farm: database: mongodb://app:***@db.internal:27017/farm (from MONGODB_URL)\n"

    env = {"FARM_MONGODB_URL": "mongodb://one:27017", "MONGODB_URL": "mongodb://two:27017"}
    choose_database(env)
    assert env["FARM_MONGODB_URL"] == "mongodb://one:27017"
    assert "(from FARM_MONGODB_URL)" in capsys.readouterr().err


def test_without_the_binary_it_falls_back_to_mongomock_and_says_how_to_build(no_ferretdb, capsys):
    env = {}
    assert choose_database(env) is None
    assert env == {"FARM_DATABASE": "mongomock"}
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "farm: database: mongomock — data is in memory and is lost when the server stops"
    assert err[1].endswith("Build it: bash scripts/install-ferretdb.sh") and ".farm/bin/ferretdb missing" in err[1]
    assert len(err) == 2


def test_redact():
    assert redact("mongodb://127.0.0.1:27017") == "mongodb://127.0.0.1:27017"
    assert redact("mongodb://u:p@h:1,h2:2/db?tls=true") == "mongodb://u:***@h:1,h2:2/db?tls=true"
    assert redact("mongodb+srv://user@cluster.example.net") == "mongodb+srv://user@cluster.example.net"
