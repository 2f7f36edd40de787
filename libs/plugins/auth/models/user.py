"""User account (collection ``users``) and the request/response shapes of the auth API."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Dict, Optional

from bson import ObjectId
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

# bcrypt hashes at most 72 bytes of a password, and bcrypt 5 raises on longer input.
BCRYPT_MAX_BYTES = 72

# Deliberately loose: the mail server is the real validator (email-validator isn't installed).
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
Username = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
]


def _fits_bcrypt(password: str) -> str:
    if len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:
        raise ValueError("password must be at most %d bytes in UTF-8" % BCRYPT_MAX_BYTES)
    return password


# A new password longer than bcrypt can hash is refused (422) rather than cut short or
# pre-hashed: cutting would ignore what the user typed past byte 72, and pre-hashing would
# make the stored hashes differ from plain $2b$ bcrypt. max_length is in characters (it is
# what OpenAPI shows); the byte check is the real limit for non-ASCII passwords.
NewPassword = Annotated[
    str, StringConstraints(min_length=8, max_length=BCRYPT_MAX_BYTES), AfterValidator(_fits_bcrypt)
]
# Login keeps the old limit: accounts made before the check above may have longer passwords
# (verify_password handles them).
LoginPassword = Annotated[str, StringConstraints(min_length=1, max_length=128)]


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
        doc = self.model_dump(exclude={"id"})
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
    password: NewPassword


class UserLogin(BaseModel):
    email: Email
    password: LoginPassword


class UserPublic(BaseModel):
    """What the API shows of a user: never the password hash."""

    id: str
    email: str
    username: str
