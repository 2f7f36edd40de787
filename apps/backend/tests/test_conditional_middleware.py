from fastapi import FastAPI
from fastapi.testclient import TestClient

from farm.middleware import ConditionalMiddleware


class Stamp:
    """ASGI middleware that marks responses, so a test can see whether it ran."""

    def __init__(self, app, label="yes"):
        self.app, self.label = app, label

    async def __call__(self, scope, receive, send):
        async def stamped(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-stamp", self.label.encode()))
            await send(message)

        await self.app(scope, receive, stamped)


def make_client(**conditions):
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "POST", "DELETE"])
    async def anything(path: str):
        return {"path": path}

    app.add_middleware(ConditionalMiddleware, middleware=Stamp, **conditions)
    return TestClient(app)


def stamped(response):
    assert response.status_code == 200  # the app always answers; only the stamp differs
    return response.headers.get("x-stamp")


def test_paths_and_methods():
    client = make_client(paths=["/auth", "/admin/"], methods=["post", "DELETE"])
    assert stamped(client.post("/auth")) == "yes"
    assert stamped(client.post("/auth/login")) == "yes"
    assert stamped(client.delete("/admin/users/1")) == "yes"
    assert stamped(client.get("/auth/login")) is None  # method not listed
    assert stamped(client.post("/authors")) is None  # "/auth" is a path segment prefix
    assert stamped(client.post("/other")) is None


def test_no_conditions_means_everything_and_options_pass_through():
    client = make_client(label="custom")
    assert stamped(client.get("/x")) == "custom"
    assert stamped(client.post("/y/z")) == "custom"


def test_methods_only_and_star_prefix():
    assert stamped(make_client(methods=["GET"]).get("/any")) == "yes"
    assert stamped(make_client(methods=["GET"]).post("/any")) is None
    client = make_client(paths=["/api*"])
    assert stamped(client.get("/apiv2/x")) == "yes"
    assert stamped(client.get("/ap")) is None


def test_non_http_scopes_bypass_the_wrapped_middleware():
    calls = []

    async def app(scope, receive, send):
        calls.append(("app", scope["type"]))

    class Boom:
        def __init__(self, app):
            pass

        async def __call__(self, scope, receive, send):
            raise AssertionError("must not run")

    import asyncio

    wrapper = ConditionalMiddleware(app, Boom)
    asyncio.run(wrapper({"type": "lifespan"}, None, None))
    asyncio.run(wrapper({"type": "websocket", "path": "/ws"}, None, None))
    assert calls == [("app", "lifespan"), ("app", "websocket")]
