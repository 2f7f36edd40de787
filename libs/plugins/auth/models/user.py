"""User account (collection ``users``) and the request/response shapes of the auth API."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional

from bson import ObjectId
from pydantic import BaseModel, Field, constr

# Deliberately loose: the mail server is the real validator (email-validator isn't installed).
Email = constr(strip_whitespace=True, to_lower=True, max_length=254, regex=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
Username = constr(strip_whitespace=True, min_length=3, max_length=32, regex=r"^[A-Za-z0-9_.-]+$")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class User(BaseModel):
    """A stored account. ``id`` is the string form of the document's ObjectId ``_id``."""

    id: Optional[str] = None
    email: str
    username: str
    hashed_password: str
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)

    def to_document(self) -> Dict[str, Any]:
        doc = self.dict(exclude={"id"})
        if self.id:
            doc["_id"] = ObjectId(self.id)
        return doc

    @classmethod
    def from_document(cls, doc: Dict[str, Any]) -> "User":
        return cls(id=str(doc["_id"]), **{k: v for k, v in doc.items() if k != "_id"})

    def public(self) -> "UserPublic":
        return UserPublic(id=self.id, email=self.email, username=self.username)


class UserCreate(BaseModel):
    email: Email
    username: Username
    password: constr(min_length=8, max_length=128)


class UserLogin(BaseModel):
    email: Email
    password: constr(min_length=1, max_length=128)


class UserPublic(BaseModel):
    """What the API shows of a user: never the password hash."""

    id: str
    email: str
    username: str
