"""A stand-in Ollama server with the real API's JSON shapes, for tests (no model needed).

It answers every chat with ``You said: <last user message>``, streamed word by word as
chunked NDJSON like Ollama does, and records each request body in ``requests``.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple

CREATED_AT = "2024-07-23T10:00:00.000000Z"
TIMINGS = {"total_duration": 5043500667, "load_duration": 5025959, "prompt_eval_count": 26,
           "prompt_eval_duration": 325953000, "eval_count": 290, "eval_duration": 4709213000}


def tag(name: str) -> Dict[str, Any]:
    return {"name": name, "model": name, "modified_at": CREATED_AT, "size": 4661224676,
            "digest": "sha256:" + "0" * 64,
            "details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
                        "parameter_size": "8.0B", "quantization_level": "Q4_0"}}


class FakeOllama:
    def __init__(self, models: Tuple[str, ...] = ("llama3.1:latest", "codestral:latest"), delay: float = 0.0) -> None:
        self.models = models
        self.delay = delay  # seconds between streamed chunks, to watch streaming by eye
        self.requests: List[Tuple[str, Dict[str, Any]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # chunked streaming, like Ollama

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                fake.requests.append((self.path, {}))
                if self.path == "/api/tags":
                    self._json(200, {"models": [tag(m) for m in fake.models]})
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append((self.path, body))
                route = {"/api/chat": self._chat, "/api/generate": self._generate,
                         "/api/embeddings": self._embeddings}.get(self.path)
                if route is None:
                    return self._json(404, {"error": "not found"})
                if not fake.knows(body.get("model", "")):
                    return self._json(404, {"error": 'model "%s" not found, try pulling it first' % body.get("model")})
                route(body)

            def _chat(self, body: Dict[str, Any]) -> None:
                users = [m["content"] for m in body.get("messages", []) if m.get("role") == "user"]
                text = "You said: " + (users[-1] if users else "")
                base = {"model": body["model"], "created_at": CREATED_AT}
                final = dict(base, message={"role": "assistant", "content": ""}, done=True, done_reason="stop", **TIMINGS)
                if body.get("stream", True) is False:
                    return self._json(200, dict(final, message={"role": "assistant", "content": text}))
                self._start_stream()
                for word in _pieces(text):
                    self._chunk(dict(base, message={"role": "assistant", "content": word}, done=False))
                self._chunk(final)
                self._end_stream()

            def _generate(self, body: Dict[str, Any]) -> None:
                text = "Completed: " + body.get("prompt", "")
                base = {"model": body["model"], "created_at": CREATED_AT}
                final = dict(base, response="", done=True, done_reason="stop", context=[1, 2, 3], **TIMINGS)
                if body.get("stream", True) is False:
                    return self._json(200, dict(final, response=text))
                self._start_stream()
                for word in _pieces(text):
                    self._chunk(dict(base, response=word, done=False))
                self._chunk(final)
                self._end_stream()

            def _embeddings(self, body: Dict[str, Any]) -> None:
                prompt = body.get("prompt", "")
                self._json(200, {"embedding": [float(len(prompt)), 0.5, -0.25]})

            def _json(self, status: int, data: Dict[str, Any]) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _start_stream(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()

            def _chunk(self, data: Dict[str, Any]) -> None:
                time.sleep(fake.delay)
                line = (json.dumps(data) + "\n").encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
                self.wfile.flush()

            def _end_stream(self) -> None:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def knows(self, model: str) -> bool:
        # Ollama accepts "llama3.1" for "llama3.1:latest"
        return any(model in (m, m.split(":")[0]) for m in self.models)

    def bodies(self, path: str) -> List[Dict[str, Any]]:
        return [body for p, body in self.requests if p == path]

    def start(self) -> "FakeOllama":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _pieces(text: str) -> List[str]:
    """'a b c' -> ['a', ' b', ' c']: chunks that join back to the text."""
    words = text.split(" ")
    return [words[0]] + [" " + w for w in words[1:]]
