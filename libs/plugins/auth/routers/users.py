"""GET /me (mounted at /users by the generated integration)."""
from __future__ import annotations

from fastapi import APIRouter

from ..models.user import UserPublic
from ..security import CurrentUser

user_router = APIRouter()


@user_router.get("/me", response_model=UserPublic)
async def me(user: CurrentUser) -> UserPublic:
    return user.public()
