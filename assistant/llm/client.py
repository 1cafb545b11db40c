"""The chat-completions client: one OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server,
OpenAI/Azure), non-streaming and streaming, on httpx (HTTP) and httpx-sse (server-sent events).

Why httpx and not the openai SDK: httpx is already installed (Gradio uses it) and speaks the
protocol in a few lines; the SDK adds its own dependency tree, retries by default (which multiplies
the time a user waits before the extractive fallback), needs another class for Azure, and its
errors would be mapped to ours all the same. The wire format is pinned by a contract test against
a real HTTP server on loopback (tests/fake_openai.py).

Every failure — no connection, a timeout, an HTTP error, a body that is not the protocol, a
stream that stops before it is finished — becomes :class:`LlmUnavailable` with a Norwegian message,
and the caller falls back to the extractive answer.

``timeout`` bounds the whole call: connect, waiting for the first byte and every streamed chunk
share one deadline, checked between chunks. (httpx's own timeouts are per operation, so a single
silent stretch inside the stream is also cut off after ``timeout`` seconds: a stream that goes
quiet near the deadline ends at the latest after twice the timeout.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import httpx
from httpx_sse import EventSource, SSEError

from assistant.errors import LlmUnavailable
from assistant.settings import Settings

Message = dict[str, str]

_TIMED_OUT = "Språkmodellen svarte ikke i tide, så svaret bygger bare på utdrag fra dokumentene."
_UNREADABLE = "Språkmodellen sendte et strømmet svar som ikke kunne leses."


class LlmClient:
    """A chat-completions client. ``base_url`` is the API root, e.g. ``http://localhost:11434/v1``;
    requests go to ``{base_url}/chat/completions`` (a query string such as Azure's
    ``?api-version=…`` is kept)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key or None
        self.timeout = timeout
        try:
            url = httpx.URL(self.base_url)
        except httpx.InvalidURL:
            url = None
        if url is None or url.scheme not in ("http", "https") or not url.host:
            raise LlmUnavailable(f"Adressen til språkmodellen er ugyldig: «{base_url}». Bruk f.eks. http://localhost:11434/v1.")
        self._url = url
        headers = {}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
            headers["api-key"] = self.api_key  # Azure OpenAI reads this header instead
        # Proxy settings from the environment apply to remote endpoints, never to a model on this machine.
        local = url.host in ("localhost", "127.0.0.1", "::1")
        self._http = httpx.Client(headers=headers, trust_env=not local)

    # -- public -------------------------------------------------------------------------------
    def complete(self, messages: list[Message], timeout: float | None = None) -> str:
        """The whole answer text of one non-streaming completion."""
        deadline = self._deadline(timeout)
        data = self._json("POST", "/chat/completions", self._body(messages, stream=False), deadline)
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise LlmUnavailable("Språkmodellen ga et svar som ikke kunne leses.") from exc
        if not isinstance(content, str):
            raise LlmUnavailable("Språkmodellen ga et svar uten tekst.")
        return content

    def stream(self, messages: list[Message], timeout: float | None = None) -> Iterator[str]:
        """Text deltas of a streaming completion (server-sent events, ``data: [DONE]`` at the end)."""
        deadline = self._deadline(timeout)
        finished = False
        with self._send("POST", "/chat/completions", self._body(messages, stream=True), deadline) as resp:
            try:
                for event in EventSource(resp).iter_sse():
                    if time.monotonic() > deadline:
                        raise LlmUnavailable(_TIMED_OUT)
                    if event.data == "[DONE]":
                        finished = True
                        break
                    if not event.data:
                        continue
                    delta, done = _parse_chunk(event.data)
                    finished = finished or done
                    if delta:
                        yield delta
            except SSEError as exc:  # not an event stream (wrong content type)
                raise LlmUnavailable(_UNREADABLE) from exc
        if not finished:
            raise LlmUnavailable("Svaret fra språkmodellen ble avbrutt før det var ferdig.")

    def models(self, timeout: float | None = None) -> list[str]:
        """Model ids the endpoint offers (``GET {base_url}/models``) — a cheap reachability check."""
        data = self._json("GET", "/models", None, self._deadline(timeout))
        try:
            return [str(m["id"]) for m in data["data"]]
        except (KeyError, TypeError) as exc:
            raise LlmUnavailable("Språkmodellen ga en modelliste som ikke kunne leses.") from exc

    def close(self) -> None:
        self._http.close()

    # -- internals ------------------------------------------------------------------------------
    def _deadline(self, timeout: float | None) -> float:
        return time.monotonic() + (timeout if timeout is not None else self.timeout)

    def _body(self, messages: list[Message], stream: bool) -> dict[str, Any]:
        return {"model": self.model, "messages": messages, "stream": stream, "temperature": 0}

    def _json(self, method: str, endpoint: str, body: dict | None, deadline: float) -> Any:
        with self._send(method, endpoint, body, deadline) as resp:
            raw = resp.read()
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise LlmUnavailable("Språkmodellen ga et svar som ikke kunne leses.") from exc

    @contextmanager
    def _send(self, method: str, endpoint: str, body: dict | None, deadline: float) -> Iterator[httpx.Response]:
        """Send one request; yield the response once its status is 200; map httpx's errors."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LlmUnavailable(_TIMED_OUT)
        url = self._url.copy_with(path=self._url.path.rstrip("/") + endpoint)
        accept = "text/event-stream" if body and body.get("stream") else "application/json"
        try:
            with self._http.stream(method, url, json=body, timeout=httpx.Timeout(remaining),
                                   headers={"Accept": accept}) as resp:
                if resp.status_code != 200:
                    raise LlmUnavailable(_status_message(resp))
                yield resp
        except httpx.TimeoutException as exc:
            raise LlmUnavailable(_TIMED_OUT) from exc
        except httpx.ConnectError as exc:
            raise LlmUnavailable(f"Fikk ikke kontakt med språkmodellen på {self.base_url} ({exc}).") from exc
        except httpx.HTTPError as exc:  # the connection broke, the body was not valid HTTP, …
            raise LlmUnavailable(f"Forbindelsen til språkmodellen ble brutt: {exc}") from exc


def _status_message(resp: httpx.Response) -> str:
    try:
        detail = _error_detail(resp.read())
    except httpx.HTTPError:
        detail = ""
    hint = " Sjekk API-nøkkelen." if resp.status_code in (401, 403) else ""
    return f"Språkmodellen svarte med feil (HTTP {resp.status_code}){': ' + detail if detail else ''}.{hint}"


def make_llm(settings: Settings) -> LlmClient | None:
    """The configured client, or None when no endpoint is set (extractive answers only). One client
    per endpoint and process, so answers reuse its open connections."""
    if not settings.llm_base_url:
        return None
    return _client(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)


@lru_cache(maxsize=4)
def _client(base_url: str, model: str, api_key: str | None, timeout: float) -> LlmClient:
    return LlmClient(base_url, model, api_key, timeout)


def _parse_chunk(payload: str) -> tuple[str, bool]:
    """(text delta, finished?) of one streamed ``chat.completion.chunk``."""
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise LlmUnavailable(_UNREADABLE) from exc
    if not isinstance(data, dict):
        raise LlmUnavailable(_UNREADABLE)
    if "error" in data:  # vLLM and OpenAI report errors that happen mid-stream as an event
        raise LlmUnavailable(f"Språkmodellen meldte feil: {_error_detail(payload.encode())}")
    choices = data.get("choices") or []
    if not choices:
        return "", False  # e.g. a final usage-only chunk
    choice = choices[0]
    if not isinstance(choice, dict):
        raise LlmUnavailable(_UNREADABLE)
    delta = choice.get("delta") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    return (content if isinstance(content, str) else ""), choice.get("finish_reason") is not None


def _error_detail(raw: bytes) -> str:
    try:
        err = json.loads(raw).get("error")
        msg = err.get("message") if isinstance(err, dict) else err
        return str(msg)[:200] if msg else ""
    except (ValueError, AttributeError):
        return raw.decode("utf-8", errors="replace").strip()[:200]
