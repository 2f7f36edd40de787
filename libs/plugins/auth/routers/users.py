"""GET /me (mounted at /users by the generated integration)."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from ..models.user import User, UserPublic
from ..security import get_current_user

user_router = APIRouter()


@user_router.get("/me", response_model=UserPublic)
async def me(user: User = Depends(get_current_user)) -> UserPublic:
    return user.public()
