"""A login session (collection ``sessions``): one per issued token, deleted on logout, so a
token stops working before it expires once its session is gone."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Optional

from pydantic import BaseModel, Field

from .user import utcnow


class Session(BaseModel):
    id: Optional[str] = None
    user_id: str
    jti: str  # the token's unique id claim
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime

    def to_document(self) -> Dict[str, Any]:
        return self.model_dump(exclude={"id"})

    @classmethod
    def from_document(cls, doc: Dict[str, Any]) -> "Session":
        return cls(id=str(doc["_id"]), **{k: v for k, v in doc.items() if k != "_id"})
