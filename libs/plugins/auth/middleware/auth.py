"""Sets ``request.state.user_id`` from a valid Bearer token, for code that only wants to know
who is calling (logging, rate limits). It never rejects a request: routes that require a user
depend on ``get_current_user``, which also checks the session and the account."""
from __future__ import annotations

import logging

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from ..security import AuthConfigError, decode_token

log = logging.getLogger("farm.auth")


class AuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        request.state.user_id = None
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            try:
                claims = decode_token(token.strip())
            except AuthConfigError as exc:  # misconfiguration: say so, but don't block
                log.error("%s", exc)
                claims = None
            if claims:
                request.state.user_id = claims["sub"]
        return await call_next(request)


auth_middleware = AuthMiddleware
