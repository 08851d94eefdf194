"""One HTTP client for every mailing service: retries, Retry-After, one-line errors, no secrets.

A request that changes nothing (GET, PUT, PATCH, DELETE) is retried on 429, 5xx, timeouts
and dropped connections. A create (POST) is retried only when the service cannot have
acted on it (429, or no connection made); any other failure of a create raises
``Ambiguous``, and the caller looks the campaign up before trying again.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from newsletter.errors import CommandFailed

_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
REDACTED = "[redacted]"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before asking a service again."""

    attempts: int = 5
    first_wait: float = 1.0
    max_wait: float = 60.0
    timeout: float = 30.0


class ServiceError(CommandFailed):
    """The service refused a request: one line with its own message, credentials redacted."""


class Transient(Exception):
    """A failure worth another try: rate limited, a server error, a lost connection."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Ambiguous(Transient):
    """A create whose outcome is unknown: the service may have made the campaign."""


class Client:
    """A service's API at a base URL, with its credentials in headers and nowhere else."""

    def __init__(
        self,
        *,
        service: str,
        base_url: str,
        headers: dict[str, str],
        secrets: Iterable[str],
        retry: RetryPolicy,
    ) -> None:
        self.service = service
        self.retry = retry
        self._secrets = [value for value in secrets if value]
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Accept": "application/json", **headers},
            timeout=httpx.Timeout(retry.timeout),
            verify=_tls(),
            follow_redirects=False,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def redact(self, text: str) -> str:
        """Return the text with every credential replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def get(self, path: str, *, params: dict[str, Any] | None = None) -> Any:
        """GET a resource; None when the service answers 404."""
        return self.call("GET", path, params=params, missing_ok=True)

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        creates: bool = False,
        missing_ok: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send a request with retries and return its JSON (None for an empty body or 404)."""
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=self._wait,
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(
                        method,
                        path,
                        body=body,
                        params=params,
                        creates=creates,
                        missing_ok=missing_ok,
                        headers=headers,
                    )
        except Ambiguous:
            raise
        except Transient as error:
            raise CommandFailed(
                f"{self.service}: {self.redact(str(error))} (gave up after "
                f"{self.retry.attempts} tries)"
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self,
        method: str,
        path: str,
        *,
        body: Any,
        params: dict[str, Any] | None,
        creates: bool,
        missing_ok: bool,
        headers: dict[str, str] | None,
    ) -> Any:
        try:
            response = self._http.request(method, path, json=body, params=params, headers=headers)
        except httpx.ConnectError as error:
            # No connection, so nothing reached the service: safe to try again.
            raise Transient(f"cannot connect: {_reason(error)}") from None
        except (httpx.TimeoutException, httpx.TransportError) as error:
            kind = Ambiguous if creates else Transient
            raise kind(f"{method} {path}: {_reason(error)}") from None
        return self._read(
            response, method=method, path=path, creates=creates, missing_ok=missing_ok
        )

    def _read(
        self, response: httpx.Response, *, method: str, path: str, creates: bool, missing_ok: bool
    ) -> Any:
        status = response.status_code
        if status == 404 and missing_ok:
            return None
        if status in _TRANSIENT_STATUS:
            message = f"{method} {path}: HTTP {status} {_message(response)}".rstrip()
            after = retry_after(response.headers.get("Retry-After"))
            # A 429 was not acted on; a 5xx to a create may have been.
            kind = Ambiguous if creates and status != 429 else Transient
            raise kind(message, retry_after=after)
        if status >= 400:
            raise ServiceError(
                self.redact(
                    f"{self.service} refused {method} {path}: HTTP {status} {_message(response)}"
                ).rstrip()
                + _hint(status)
            )
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ServiceError(
                f"{self.service}: {method} {path} answered HTTP {status} without JSON"
            ) from None

    def _wait(self, state: RetryCallState) -> float:
        """Wait what Retry-After says, else back off exponentially; never beyond max_wait."""
        error = state.outcome.exception() if state.outcome else None
        asked = getattr(error, "retry_after", None)
        if asked is not None:
            if asked > self.retry.max_wait:
                raise CommandFailed(
                    f"{self.service}: asked to wait {asked:.0f} s before trying again; "
                    "publish again later"
                )
            return asked
        return min(self.retry.first_wait * 2 ** (state.attempt_number - 1), self.retry.max_wait)


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """Return one TLS context for every client: loading the CA store costs about 60 ms."""
    return ssl.create_default_context()


def _retryable(error: BaseException) -> bool:
    """Tell whether to try again: transient failures, but never an ambiguous create."""
    return isinstance(error, Transient) and not isinstance(error, Ambiguous)


def retry_after(value: str | None) -> float | None:
    """Return the seconds a Retry-After header asks for (delay or HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _message(response: httpx.Response) -> str:
    """Return the service's own words from an error body, in one short line."""
    try:
        data = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200]
    return " ".join(_words(data).split())[:300]


def _words(data: Any) -> str:
    """Pick the message out of the error shapes the services use."""
    if isinstance(data, dict):
        for key in ("message", "detail", "title", "error", "errors"):
            if data.get(key):
                return _words(data[key])
        return json.dumps(data, ensure_ascii=False)
    if isinstance(data, list):
        return "; ".join(_words(item) for item in data)
    return str(data)


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check the API key in the environment variable named in docs/publish.md)"
    return ""
