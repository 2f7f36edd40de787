from datetime import datetime, timezone

import jwt
import pytest

from conftest import signup
from farm.plugins import get_plugin_config, set_plugin_config

# Hashes passlib 1.7.4 wrote (its pure-Python backend, rounds=4 to keep the test fast): the
# accounts the plugin had before it used bcrypt directly. passlib cut the second password,
# 87 bytes long, to bcrypt's 72.
PASSLIB_HASHES = {
    "correct-horse-1": "$2b$04$08OgVY84o5F6v61/zWvbi.0lTqJEt0muN35SYIm0.qqRWmtRlaglC",
    "correct horse battery staple " * 3: "$2b$04$nxl/puGIjcYtq2CLFqq.puypozAUGSKgkB0WVuD99GTddHWX12mM6",
}


def dev_secret() -> str:
    return get_plugin_config("@farm/auth")["jwt"]["secret"]


def test_register_login_me(client, db):
    r = client.post("/auth/register", json={"email": "Ada@Example.com", "username": "ada", "password": "analytical-1"})
    assert r.status_code == 201
    created = r.json()
    assert set(created) == {"id", "email", "username"}
    assert created["email"] == "ada@example.com" and created["username"] == "ada"

    stored = db["users"].find_one({"username": "ada"})
    assert str(stored["_id"]) == created["id"]
    assert stored["hashed_password"].startswith("$2b$") and "analytical-1" not in stored["hashed_password"]

    r = client.post("/auth/login", json={"email": "ada@example.com", "password": "analytical-1"})
    assert r.status_code == 200
    token = r.json()
    assert token["token_type"] == "bearer" and token["expires_in"] == 24 * 3600
    claims = jwt.decode(token["access_token"], dev_secret(), algorithms=["HS256"])
    assert claims["sub"] == created["id"] and claims["exp"] - claims["iat"] == 24 * 3600

    r = client.get("/users/me", headers={"Authorization": "Bearer " + token["access_token"]})
    assert r.status_code == 200
    assert r.json() == created


def test_bad_credentials_are_401(client):
    signup(client, "bob")
    wrong = client.post("/auth/login", json={"email": "bob@example.com", "password": "wrong-password"})
    unknown = client.post("/auth/login", json={"email": "nobody@example.com", "password": "correct-horse-1"})
    assert wrong.status_code == 401 and unknown.status_code == 401
    assert "access_token" not in wrong.json()


def test_duplicates_are_409(client, db):
    signup(client, "carol")
    same_email = client.post("/auth/register", json={"email": "carol@example.com", "username": "carol2", "password": "x" * 10})
    same_name = client.post("/auth/register", json={"email": "other@example.com", "username": "carol", "password": "x" * 10})
    assert same_email.status_code == 409 and "email" in same_email.json()["detail"]
    assert same_name.status_code == 409 and "username" in same_name.json()["detail"]
    assert db["users"].count_documents({}) == 1


def test_invalid_registration_is_422(client):
    r = client.post("/auth/register", json={"email": "not-an-email", "username": "dave", "password": "long-enough"})
    assert r.status_code == 422
    r = client.post("/auth/register", json={"email": "dave@example.com", "username": "dave", "password": "short"})
    assert r.status_code == 422


def test_passwords_past_bcrypts_72_bytes_are_refused_at_registration(client, db):
    def register(name, password):
        return client.post("/auth/register", json={"email": name + "@example.com", "username": name, "password": password})

    # 36 characters but 72 bytes fits; one more two-byte character does not
    assert register("eve", "é" * 36).status_code == 201
    too_long = register("fay", "é" * 37)
    assert too_long.status_code == 422 and "72 bytes" in too_long.text
    assert client.post("/auth/login", json={"email": "eve@example.com", "password": "é" * 36}).status_code == 200
    assert db["users"].count_documents({}) == 1


def test_hashes_made_by_passlib_still_verify():
    from farm_plugins.auth.security import hash_password, verify_password

    for password, hashed in PASSLIB_HASHES.items():
        assert verify_password(password, hashed)
        assert not verify_password(password.upper(), hashed)
    fresh = hash_password("correct-horse-1")
    assert fresh.startswith("$2b$12$") and verify_password("correct-horse-1", fresh)


def test_an_account_with_a_long_passlib_password_can_log_in(client, db):
    password = "correct horse battery staple " * 3
    db["users"].insert_one({"email": "old@example.com", "username": "old", "hashed_password": PASSLIB_HASHES[password],
                            "is_active": True, "created_at": datetime.now(timezone.utc)})
    assert client.post("/auth/login", json={"email": "old@example.com", "password": password}).status_code == 200
    wrong = client.post("/auth/login", json={"email": "old@example.com", "password": password[:71] + "X"})
    assert wrong.status_code == 401


def test_me_requires_a_valid_token(client):
    headers = signup(client, "erin")
    assert client.get("/users/me").status_code == 401
    assert client.get("/users/me", headers={"Authorization": "Bearer not.a.jwt"}).status_code == 401
    other_secret = "another-secret-at-least-32-bytes"
    forged = jwt.encode({"sub": "x", "jti": "y", "exp": 4102444800}, other_secret, algorithm="HS256")
    assert client.get("/users/me", headers={"Authorization": "Bearer " + forged}).status_code == 401
    assert client.get("/users/me", headers=headers).status_code == 200

    assert client.post("/auth/logout", headers=headers).status_code == 204
    assert client.get("/users/me", headers=headers).status_code == 401  # session gone


def test_middleware_sets_user_id(app):
    from fastapi import Request
    from fastapi.testclient import TestClient

    @app.get("/whoami")
    async def whoami(request: Request):
        return {"user_id": request.state.user_id}

    with TestClient(app) as client:
        headers = signup(client, "frank")
        me = client.get("/users/me", headers=headers).json()
        assert client.get("/whoami", headers=headers).json() == {"user_id": me["id"]}
        assert client.get("/whoami").json() == {"user_id": None}
        # never blocks: a bad token just means no user
        r = client.get("/whoami", headers={"Authorization": "Bearer garbage"})
        assert r.status_code == 200 and r.json() == {"user_id": None}


@pytest.fixture
def auth_config():
    saved = get_plugin_config("@farm/auth")
    yield
    set_plugin_config("@farm/auth", saved)


def test_expiration_comes_from_config(client, auth_config):
    signup(client, "gina")
    secret = "another-secret-at-least-32-bytes"
    set_plugin_config("@farm/auth", {"jwt": {"secret": secret, "expiration": "30m"}})
    r = client.post("/auth/login", json={"email": "gina@example.com", "password": "correct-horse-1"})
    assert r.json()["expires_in"] == 1800
    claims = jwt.decode(r.json()["access_token"], secret, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 1800


def test_missing_secret_is_a_clear_error(client, auth_config):
    from farm_plugins.auth.security import AuthConfigError

    signup(client, "hank")
    set_plugin_config("@farm/auth", {"jwt": {"expiration": "24h"}})
    with pytest.raises(AuthConfigError, match=r"jwt\.secret is not configured"):
        client.post("/auth/login", json={"email": "hank@example.com", "password": "correct-horse-1"})


def test_short_secret_is_a_clear_error(client, auth_config):
    from farm_plugins.auth.security import AuthConfigError

    signup(client, "iris")
    set_plugin_config("@farm/auth", {"jwt": {"secret": "s3cret", "expiration": "24h"}})
    with pytest.raises(AuthConfigError, match=r"jwt\.secret is 6 bytes; HS256 needs at least 32"):
        client.post("/auth/login", json={"email": "iris@example.com", "password": "correct-horse-1"})


def test_parse_duration():
    from farm_plugins.auth.security import AuthConfigError, parse_duration

    assert parse_duration("24h") == 86400
    assert parse_duration("30m") == 1800
    assert parse_duration("3600s") == 3600
    assert parse_duration("1h30m") == 5400
    assert parse_duration("7d") == 604800
    assert parse_duration(90) == 90
    for bad in ("", "soon", "10x", "h", "0s", "1h 5"):
        with pytest.raises(AuthConfigError):
            parse_duration(bad)
