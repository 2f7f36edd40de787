"""Password hashing, JWT tokens and the ``get_current_user`` dependency.

Other plugins protect routes with::

    from farm_plugins.auth.security import get_current_user
    @router.get("/x")
    async def x(user: User = Depends(get_current_user)): ...
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional, Tuple

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jose import JWTError, jwt
from passlib.context import CryptContext

from farm.plugins import get_plugin_config

from . import store
from .models.user import User

PLUGIN = "@farm/auth"
ALGORITHM = "HS256"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
bearer = HTTPBearer(auto_error=False)  # we answer 401 ourselves (HTTPBearer would say 403)


class AuthConfigError(RuntimeError):
    """The plugin config can't sign tokens (missing secret, bad expiration)."""


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    return pwd_context.verify(password, hashed)


def parse_duration(text: Any) -> int:
    """'24h', '30m', '3600s', '7d', '1h30m' or a number of seconds -> seconds."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and text > 0:
        return int(text)
    spec = str(text).strip().lower()
    if spec.isdigit() and int(spec) > 0:
        return int(spec)
    parts = re.findall(r"(\d+)\s*([smhdw])", spec)
    if not parts or re.sub(r"\s+", "", spec) != "".join(n + u for n, u in parts):
        raise AuthConfigError("%s: jwt.expiration %r is not a duration like '24h', '30m', '3600s'" % (PLUGIN, text))
    seconds = sum(int(n) * UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise AuthConfigError("%s: jwt.expiration %r must be positive" % (PLUGIN, text))
    return seconds


def jwt_settings() -> Tuple[str, int]:
    """(secret, lifetime in seconds) from the plugin config, or a clear error."""
    settings: Dict[str, Any] = get_plugin_config(PLUGIN).get("jwt") or {}
    secret = settings.get("secret")
    if not secret:
        raise AuthConfigError(
            "%s: jwt.secret is not configured; set plugins['%s'].config.jwt.secret in workspace.json "
            "and run `nx run backend:integrate`" % (PLUGIN, PLUGIN)
        )
    return secret, parse_duration(settings.get("expiration", "24h"))


def create_access_token(user_id: str) -> Tuple[str, str, datetime, int]:
    """A signed token for ``user_id``: (token, jti, expires_at, lifetime seconds)."""
    secret, lifetime = jwt_settings()
    now = datetime.now(timezone.utc)
    expires_at = now + timedelta(seconds=lifetime)
    jti = uuid.uuid4().hex
    claims = {"sub": user_id, "jti": jti, "iat": int(now.timestamp()), "exp": int(expires_at.timestamp())}
    return jwt.encode(claims, secret, algorithm=ALGORITHM), jti, expires_at, lifetime


def decode_token(token: str) -> Optional[Dict[str, Any]]:
    """The token's claims if its signature and expiry are valid, else None."""
    secret, _ = jwt_settings()
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM])
    except JWTError:
        return None
    return claims if claims.get("sub") and claims.get("jti") else None


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail=detail,
                         headers={"WWW-Authenticate": "Bearer"})


async def get_token_claims(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Dict[str, Any]:
    """Claims of a valid Bearer token whose session still exists; 401 otherwise."""
    if credentials is None:
        raise _unauthorized("not authenticated")
    claims = decode_token(credentials.credentials)
    if claims is None or not await store.session_is_active(claims["jti"]):
        raise _unauthorized("invalid or expired token")
    return claims


async def get_current_user(claims: Dict[str, Any] = Depends(get_token_claims)) -> User:
    """FastAPI dependency: the signed-in, active user; 401 otherwise."""
    user = await store.find_user_by_id(claims["sub"])
    if user is None or not user.is_active:
        raise _unauthorized("invalid or expired token")
    return user


async def user_from_request(request: Request) -> Optional[User]:
    """The signed-in user for code that gets a raw Request (AI endpoint handlers), or None."""
    credentials = await bearer(request)
    try:
        return await get_current_user(await get_token_claims(credentials))
    except HTTPException:
        return None
