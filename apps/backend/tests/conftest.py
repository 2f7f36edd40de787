"""Test setup: import the host from apps/backend/src, use an in-memory mongomock database, and
never talk to a real Ollama (OLLAMA_BASE_URL points at a closed port unless a test starts the
fake server)."""
import os
import socket
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # fake_ollama
# No __pycache__ inside libs/plugins: those folders are Nx inputs of the integrate target.
sys.dont_write_bytecode = True
os.environ["FARM_DATABASE"] = "mongomock"
os.environ["FARM_DATABASE_NAME"] = "farm_test"

from fastapi.testclient import TestClient  # noqa: E402

from fake_ollama import FakeOllama  # noqa: E402
from farm.database import get_database, reset_database  # noqa: E402


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return "http://127.0.0.1:%d" % port


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    reset_database()
    monkeypatch.setenv("OLLAMA_BASE_URL", closed_port_url())
    yield


@pytest.fixture
def fake_ollama(monkeypatch):
    server = FakeOllama().start()
    monkeypatch.setenv("OLLAMA_BASE_URL", server.url)
    yield server
    server.stop()


@pytest.fixture
def app():
    from main import create_app

    return create_app()


@pytest.fixture
def client(app):
    with TestClient(app) as c:  # the context runs startup (indexes) and shutdown
        yield c


@pytest.fixture
def db():
    return get_database()


def signup(client, name: str, password: str = "correct-horse-1") -> dict:
    """Register and log in ``name``; returns Authorization headers."""
    r = client.post("/auth/register", json={"email": name + "@example.com", "username": name, "password": password})
    assert r.status_code == 201, r.text
    r = client.post("/auth/login", json={"email": name + "@example.com", "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": "Bearer " + r.json()["access_token"]}
