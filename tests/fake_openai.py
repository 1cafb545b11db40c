"""A local stand-in for an OpenAI-compatible server, for tests.

A real HTTP server (``http.server`` in a thread) on 127.0.0.1 and a free port. It speaks the
chat-completions protocol: ``POST /v1/chat/completions`` answers with a ``chat.completion``
JSON object, or — with ``"stream": true`` — with server-sent events (``data: {chunk}`` lines
of ``chat.completion.chunk`` objects over chunked transfer encoding, ending with
``data: [DONE]``), like OpenAI, vLLM, Ollama and llama.cpp do. ``GET /v1/models`` lists the model.

Usage::

    from tests.fake_openai import FakeOpenAI

    with FakeOpenAI(reply="Kommunen har trivselsledere [1].") as server:
        client = LlmClient(server.base_url, "fake-model")
        ...
        server.requests[0].body["messages"]   # what the client sent

or, in tests/test_llm.py, the ``fake_openai`` fixture, which yields a running server whose
behaviour can be changed per test (``fake_openai.reply = ...``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

Reply = str | Callable[[dict], str]


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # header names lower-cased
    body: dict | None  # parsed JSON body (None for GET or unparsable bodies)

    @property
    def prompt(self) -> str:
        """All message contents of a chat request joined — handy for asserting on the prompt."""
        if not self.body:
            return ""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


class FakeOpenAI:
    """Configurable fake endpoint. Behaviour knobs (all may be changed while it runs):

    - ``reply``: the answer text, or a function of the request body returning it;
    - ``delay``: seconds to wait before answering (forces client timeouts);
    - ``chunk_delay``: seconds between streamed chunks (forces a timeout mid-stream);
    - ``status``: HTTP status to answer with (e.g. 500 → an OpenAI-style error body);
    - ``garbage``: answer 200 with a body that is not the protocol (non-JSON / broken SSE);
    - ``truncate``: stream a few chunks, then close without finish_reason or ``[DONE]``;
    - ``malformed_after``: stream that many good chunks, then one that is not JSON;
    - ``error_after``: stream that many good chunks, then an ``{"error": …}`` event (how vLLM and
      OpenAI report a failure once the 200 header is sent);
    - ``cut_after``: stream that many good chunks, then drop the connection mid-body;
    - ``api_key``: when set, requests without ``Authorization: Bearer <key>`` get HTTP 401.
    """

    def __init__(
        self,
        reply: Reply = "",
        *,
        model: str = "fake-model",
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        status: int = 200,
        garbage: bool = False,
        truncate: bool = False,
        api_key: str | None = None,
        chunk_size: int = 7,
        malformed_after: int | None = None,
        error_after: int | None = None,
        cut_after: int | None = None,
    ) -> None:
        self.reply = reply
        self.model = model
        self.delay = delay
        self.chunk_delay = chunk_delay
        self.status = status
        self.garbage = garbage
        self.truncate = truncate
        self.api_key = api_key
        self.chunk_size = chunk_size
        self.malformed_after = malformed_after
        self.error_after = error_after
        self.cut_after = cut_after
        self.requests: list[RecordedRequest] = []
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers sleeping in a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.split("?")[0].endswith("/chat/completions")]

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stop.wait(seconds)

    def reply_for(self, body: dict) -> str:
        return self.reply(body) if callable(self.reply) else self.reply


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_fake: FakeOpenAI

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    # -- routing ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        fake = self.server_fake
        fake.requests.append(RecordedRequest("GET", self.path, _lower(self.headers), None))
        if not self._authorised():
            return
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": fake.model, "object": "model", "created": 0, "owned_by": "fake"}]})
        else:
            self._json(404, {"error": {"message": f"Unknown path {self.path}", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        fake = self.server_fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        fake.requests.append(RecordedRequest("POST", self.path, _lower(self.headers), body))
        try:
            if not self._authorised():
                return
            if self.path.split("?")[0].rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": f"Unknown path {self.path}", "type": "invalid_request_error"}})
                return
            if not isinstance(body, dict) or "messages" not in body or "model" not in body:
                self._json(400, {"error": {"message": "Invalid request body", "type": "invalid_request_error"}})
                return
            fake.sleep(fake.delay)
            if fake.status != 200:
                self._json(fake.status, {"error": {"message": "The server had an error while processing your request.", "type": "server_error"}})
            elif body.get("stream"):
                self._stream(body)
            elif fake.garbage:
                self._raw(200, "application/json", b"<html>this is not json")
            else:
                self._json(200, _completion(fake.model, fake.reply_for(body)))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) — fine

    # -- responses ------------------------------------------------------------------------------
    def _authorised(self) -> bool:
        key = self.server_fake.api_key
        if key and self.headers.get("Authorization") != f"Bearer {key}":
            self._json(401, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "code": "invalid_api_key"}})
            return False
        return True

    def _json(self, status: int, obj: dict) -> None:
        self._raw(status, "application/json", json.dumps(obj).encode())

    def _raw(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, body: dict) -> None:
        fake = self.server_fake
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if fake.garbage:
            self._chunk(b"data: {this is not json\n\n")
            self._chunk(b"")
            return
        text = fake.reply_for(body)
        pieces = [text[i : i + fake.chunk_size] for i in range(0, len(text), fake.chunk_size)]
        cid, created = "chatcmpl-fake", int(time.time())
        self._event(_chunk_obj(cid, created, fake.model, {"role": "assistant", "content": ""}, None))
        self._chunk(b": keep-alive comment, ignored by clients\n\n")
        for i, piece in enumerate(pieces):
            if fake.truncate and i >= 2:
                self._chunk(b"")  # end the body cleanly, but without finish_reason / [DONE]
                return
            if i == fake.malformed_after:
                self._chunk(b'data: {"choices": [{"delta": {"content": "brok\n\n')
                self._chunk(b"")
                return
            if i == fake.error_after:
                self._event({"error": {"message": "The model is overloaded.", "type": "server_error"}})
                self._chunk(b"")
                return
            if i == fake.cut_after:
                self.wfile.write(b"40\r\ndata: {\"cho")  # a chunk announced as 64 bytes, then the socket closes
                self.wfile.flush()
                self.close_connection = True
                return
            fake.sleep(fake.chunk_delay)
            self._event(_chunk_obj(cid, created, fake.model, {"content": piece}, None))
        self._event(_chunk_obj(cid, created, fake.model, {}, "stop"))
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _event(self, obj: dict) -> None:
        self._chunk(f"data: {json.dumps(obj, ensure_ascii=False)}\n\n".encode())

    def _chunk(self, data: bytes) -> None:
        """One piece of chunked transfer encoding (empty = the terminating chunk)."""
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _lower(headers: object) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}  # type: ignore[attr-defined]


def _completion(model: str, text: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": None,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": max(1, len(text) // 4), "total_tokens": 10 + max(1, len(text) // 4)},
    }


def _chunk_obj(cid: str, created: int, model: str, delta: dict, finish: str | None) -> dict:
    return {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "system_fingerprint": None,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }
