"""Persistence of users and sessions through the host database (motor or mongomock)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from bson import ObjectId
from bson.errors import InvalidId

from farm.database import get_database, maybe_await

from .models.session import Session
from .models.user import User


def _users():
    return get_database()["users"]


def _sessions():
    return get_database()["sessions"]


async def find_user_by_id(user_id: str) -> Optional[User]:
    try:
        oid = ObjectId(user_id)
    except (InvalidId, TypeError):
        return None
    doc = await maybe_await(_users().find_one({"_id": oid}))
    return User.from_document(doc) if doc else None


async def find_user_by(field: str, value: str) -> Optional[User]:
    doc = await maybe_await(_users().find_one({field: value}))
    return User.from_document(doc) if doc else None


async def insert_user(user: User) -> User:
    """Insert and return the user with its new id (DuplicateKeyError if a unique index hits)."""
    result = await maybe_await(_users().insert_one(user.to_document()))
    return user.model_copy(update={"id": str(result.inserted_id)})


async def insert_session(session: Session) -> None:
    await maybe_await(_sessions().insert_one(session.to_document()))


async def session_is_active(jti: str) -> bool:
    doc = await maybe_await(_sessions().find_one({"jti": jti}))
    if not doc:
        return False
    expires_at = doc["expires_at"]
    if expires_at.tzinfo is None:  # pymongo/mongomock hand back naive UTC datetimes
        expires_at = expires_at.replace(tzinfo=timezone.utc)
    return expires_at > datetime.now(timezone.utc)


async def delete_session(jti: str) -> None:
    await maybe_await(_sessions().delete_one({"jti": jti}))
