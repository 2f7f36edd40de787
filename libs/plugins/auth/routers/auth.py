"""POST /register, /login, /logout (mounted at /auth by the generated integration)."""
from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel
from pymongo.errors import DuplicateKeyError

from .. import store
from ..models.session import Session
from ..models.user import User, UserCreate, UserLogin, UserPublic
from ..security import TokenClaims, create_access_token, hash_password, verify_password

auth_router = APIRouter()

# Verifying against a real hash when the email is unknown keeps both failures equally slow,
# so response time doesn't reveal which emails have accounts.
@lru_cache(maxsize=1)
def _dummy_hash() -> str:  # lazy: bcrypt takes ~0.2 s, not worth paying at import
    return hash_password("not-a-real-password")


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@auth_router.post("/register", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
async def register(body: UserCreate) -> UserPublic:
    for field in ("email", "username"):
        if await store.find_user_by(field, getattr(body, field)):
            raise HTTPException(status.HTTP_409_CONFLICT, detail="%s is already registered" % field)
    user = User(email=body.email, username=body.username, hashed_password=hash_password(body.password))
    try:
        user = await store.insert_user(user)
    except DuplicateKeyError:  # a concurrent registration won, if the indexes are unique
        raise HTTPException(status.HTTP_409_CONFLICT, detail="email or username is already registered") from None
    return user.public()


@auth_router.post("/login", response_model=TokenResponse)
async def login(body: UserLogin) -> TokenResponse:
    user = await store.find_user_by("email", body.email)
    valid = verify_password(body.password, user.hashed_password if user else _dummy_hash())
    if not user or not valid or not user.is_active:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="invalid email or password",
                            headers={"WWW-Authenticate": "Bearer"})
    token, jti, expires_at, lifetime = create_access_token(user.id)
    await store.insert_session(Session(user_id=user.id, jti=jti, expires_at=expires_at))
    return TokenResponse(access_token=token, expires_in=lifetime)


@auth_router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(claims: TokenClaims) -> Response:
    """End the token's session: the token is refused from now on."""
    await store.delete_session(claims["jti"])
    return Response(status_code=status.HTTP_204_NO_CONTENT)
