"""The auth plugin on a real server, through motor: accounts, sessions, duplicates."""
from datetime import datetime, timedelta

from conftest import signup


def test_register_login_me_logout(client, db):
    r = client.post("/auth/register", json={"email": "Ada@Example.com", "username": "ada", "password": "analytical-1"})
    assert r.status_code == 201, r.text
    created = r.json()
    stored = db["users"].find_one({"username": "ada"})
    assert str(stored["_id"]) == created["id"] and stored["email"] == "ada@example.com"
    assert stored["hashed_password"].startswith("$2b$") and isinstance(stored["created_at"], datetime)

    r = client.post("/auth/login", json={"email": "ada@example.com", "password": "analytical-1"})
    assert r.status_code == 200, r.text
    headers = {"Authorization": "Bearer " + r.json()["access_token"]}
    [session] = list(db["sessions"].find({"user_id": created["id"]}))
    # datetimes round-trip (naive UTC from the driver, as from MongoDB)
    assert timedelta(hours=23) < session["expires_at"] - session["created_at"] <= timedelta(hours=24)

    assert client.get("/users/me", headers=headers).json() == created
    assert client.post("/auth/logout", headers=headers).status_code == 204
    assert db["sessions"].count_documents({}) == 0
    assert client.get("/users/me", headers=headers).status_code == 401


def test_wrong_password_is_401(client):
    signup(client, "bob")
    r = client.post("/auth/login", json={"email": "bob@example.com", "password": "not-the-password"})
    assert r.status_code == 401


def test_registering_twice_is_409(client, db):
    signup(client, "carol")
    same_email = client.post("/auth/register", json={"email": "carol@example.com", "username": "carol2", "password": "x" * 10})
    same_name = client.post("/auth/register", json={"email": "other@example.com", "username": "carol", "password": "x" * 10})
    assert same_email.status_code == 409 and "email" in same_email.json()["detail"]
    assert same_name.status_code == 409 and "username" in same_name.json()["detail"]
    assert db["users"].count_documents({}) == 1
