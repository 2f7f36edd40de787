"""A chat conversation (collection ``conversations``), owned by one user."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional

from pydantic import BaseModel, Field

DEFAULT_TITLE = "New conversation"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Conversation(BaseModel):
    id: Optional[str] = None
    user_id: str
    title: str = DEFAULT_TITLE
    model: Optional[str] = None  # the conversation's model; None = the provider's default
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def to_document(self) -> Dict[str, Any]:
        return self.model_dump(exclude={"id"})

    @classmethod
    def from_document(cls, doc: Dict[str, Any]) -> "Conversation":
        return cls(id=str(doc["_id"]), **{k: v for k, v in doc.items() if k != "_id"})
