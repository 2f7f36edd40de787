"""Password hashing, JWT tokens and the ``get_current_user`` dependency.

Other plugins protect routes with::

    from farm_plugins.auth.security import CurrentUser
    @router.get("/x")
    async def x(user: CurrentUser): ...
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Dict, Optional, Tuple

import bcrypt
import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from farm.plugins import get_plugin_config

from . import store
from .models.user import BCRYPT_MAX_BYTES, User

PLUGIN = "@farm/auth"
ALGORITHM = "HS256"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# An HS256 key shorter than the hash output weakens the signature (RFC 7518 section 3.2).
MIN_SECRET_BYTES = 32

# A missing token reaches get_token_claims as None, so every 401 is answered in one place and
# user_from_request gets None rather than an exception.
bearer = HTTPBearer(auto_error=False)


class AuthConfigError(RuntimeError):
    """The plugin config can't sign tokens (missing or too short secret, bad expiration)."""


def hash_password(password: str) -> str:
    """A bcrypt hash in the standard ``$2b$`` format. The models keep new passwords within
    bcrypt's 72 bytes; bcrypt raises ValueError on longer ones."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def verify_password(password: str, hashed: str) -> bool:
    # passlib, which hashed the passwords stored before, cut them at 72 bytes without a word;
    # cutting here too keeps those accounts working (bcrypt 5 would raise instead).
    return bcrypt.checkpw(password.encode("utf-8")[:BCRYPT_MAX_BYTES], hashed.encode("ascii"))


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
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        raise AuthConfigError(
            "%s: jwt.secret is %d bytes; HS256 needs at least %d (RFC 7518 section 3.2). Set a longer "
            "plugins['%s'].config.jwt.secret in workspace.json and run `nx run backend:integrate`"
            % (PLUGIN, len(secret.encode("utf-8")), MIN_SECRET_BYTES, PLUGIN)
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
    except jwt.InvalidTokenError:
        return None
    return claims if claims.get("sub") and claims.get("jti") else None


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail=detail,
                         headers={"WWW-Authenticate": "Bearer"})


async def get_token_claims(
    credentials: Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)],
) -> Dict[str, Any]:
    """Claims of a valid Bearer token whose session still exists; 401 otherwise."""
    if credentials is None:
        raise _unauthorized("not authenticated")
    claims = decode_token(credentials.credentials)
    if claims is None or not await store.session_is_active(claims["jti"]):
        raise _unauthorized("invalid or expired token")
    return claims


TokenClaims = Annotated[Dict[str, Any], Depends(get_token_claims)]


async def get_current_user(claims: TokenClaims) -> User:
    """FastAPI dependency: the signed-in, active user; 401 otherwise."""
    user = await store.find_user_by_id(claims["sub"])
    if user is None or not user.is_active:
        raise _unauthorized("invalid or expired token")
    return user


# A route parameter ``user: CurrentUser`` requires a signed-in user.
CurrentUser = Annotated[User, Depends(get_current_user)]


async def user_from_request(request: Request) -> Optional[User]:
    """The signed-in user for code that gets a raw Request (AI endpoint handlers), or None."""
    credentials = await bearer(request)
    try:
        return await get_current_user(await get_token_claims(credentials))
    except HTTPException:
        return None
