"""farm.local_mongo and the embedded default of farm.serve, on the real binary."""
import pytest
from pymongo import MongoClient

from farm.local_mongo import FerretDBFailed, ferretdb_binary, start_ferretdb
from farm.serve import DATA_DIR, choose_database


def test_data_survives_a_restart(tmp_path):
    mongo = start_ferretdb(tmp_path)
    try:
        with MongoClient(mongo.url) as client:
            client["farm"]["users"].insert_one({"name": "ada"})
    finally:
        mongo.stop()
    assert mongo.process.returncode == 0  # stopped cleanly, not killed

    mongo = start_ferretdb(tmp_path)
    try:
        with MongoClient(mongo.url) as client:
            assert [u["name"] for u in client["farm"]["users"].find()] == ["ada"]
    finally:
        mongo.stop()


def test_one_ferretdb_per_data_folder(tmp_path):
    mongo = start_ferretdb(tmp_path)
    try:
        with pytest.raises(FerretDBFailed, match=r"is in use by another FerretDB \(pid %d" % mongo.process.pid):
            start_ferretdb(tmp_path)
    finally:
        mongo.stop()
    start_ferretdb(tmp_path).stop()  # free again once stopped


def test_a_failed_start_says_why(tmp_path, ferretdb):
    taken = int(ferretdb.url.rsplit(":", 1)[1])  # the session's FerretDB holds this port
    with pytest.raises(FerretDBFailed, match=r"(?s)FerretDB exited with code \d+:\n.*address already in use"):
        start_ferretdb(tmp_path, port=taken)


def test_serve_starts_ferretdb_in_the_workspace_by_default(tmp_path, monkeypatch, capsys):
    (tmp_path / ".farm" / "bin").mkdir(parents=True)
    (tmp_path / ".farm" / "bin" / "ferretdb").symlink_to(ferretdb_binary())
    monkeypatch.setenv("FARM_WORKSPACE_ROOT", str(tmp_path))
    env = {}
    mongo = choose_database(env)
    try:
        assert env == {"FARM_DATABASE": "mongodb", "FARM_MONGODB_URL": mongo.url}
        assert mongo.url.startswith("mongodb://127.0.0.1:") and mongo.data_dir == tmp_path / DATA_DIR
        assert capsys.readouterr().err == (
            "farm: database: FerretDB v1.24.2 at %s, data in .farm/data/ferretdb/ (log: ferretdb.log)\n" % mongo.url)
    finally:
        mongo.stop()
