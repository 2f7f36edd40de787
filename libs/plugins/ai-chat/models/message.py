"""One message of a conversation (collection ``messages``)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Literal, Optional

from pydantic import BaseModel, Field

from .conversation import utcnow

Role = Literal["system", "user", "assistant"]


class Message(BaseModel):
    id: Optional[str] = None
    conversation_id: str
    role: Role
    content: str
    model: Optional[str] = None  # which model wrote an assistant message
    created_at: datetime = Field(default_factory=utcnow)

    def to_document(self) -> Dict[str, Any]:
        return self.model_dump(exclude={"id"})

    @classmethod
    def from_document(cls, doc: Dict[str, Any]) -> "Message":
        return cls(id=str(doc["_id"]), **{k: v for k, v in doc.items() if k != "_id"})
