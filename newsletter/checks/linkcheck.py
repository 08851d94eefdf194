"""Check that URLs answer: HEAD (falling back to GET), redirects followed one by one."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException
from urllib.parse import urljoin

TIMEOUT = 10.0
WORKERS = 8
MAX_REDIRECTS = 10
USER_AGENT = "newsletter-linkcheck/1.0 (pre-send check of a newsletter's links)"
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class LinkResult:
    """What one URL answered, after following its redirects."""

    url: str
    status: int | None = None
    error: str | None = None
    insecure_redirect: str | None = None
    """The first http:// address the redirects passed through, if any."""
    length: int | None = None
    """Content-Length of the final answer, when the server sent one."""
    content_type: str | None = None
    """Content-Type of the final answer, without parameters, when the server sent one."""
    unresolved: bool = False
    """The host name could not be looked up (DNS), as on a machine that is offline."""

    @property
    def ok(self) -> bool:
        """Return whether the URL answered without an HTTP error."""
        return self.error is None and self.status is not None and self.status < 400

    @property
    def problem(self) -> str:
        """Describe what went wrong, e.g. 'answered 404'."""
        if self.error is not None:
            return f"could not be checked ({self.error})"
        return f"answered {self.status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects as they come instead of following them, to see each hop."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check_links(
    urls: Iterable[str],
    *,
    timeout: float = TIMEOUT,
    workers: int = WORKERS,
    max_redirects: int = MAX_REDIRECTS,
) -> dict[str, LinkResult]:
    """Check every URL, a few at a time, and return the results by URL."""
    unique = sorted(set(urls))
    if not unique:
        return {}
    opener = urllib.request.build_opener(_NoRedirect)

    def one(url: str) -> LinkResult:
        return check_link(url, opener=opener, timeout=timeout, max_redirects=max_redirects)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique)))) as pool:
        return dict(zip(unique, pool.map(one, unique), strict=True))


def check_link(
    url: str,
    *,
    opener: urllib.request.OpenerDirector,
    timeout: float,
    max_redirects: int = MAX_REDIRECTS,
) -> LinkResult:
    """Follow one URL's redirects, trying HEAD first and GET where HEAD is refused."""
    current = url
    insecure = None
    for _ in range(max_redirects + 1):
        try:
            status, headers = _request(opener, current, "HEAD", timeout)
            if status >= 400:  # many servers refuse or mishandle HEAD
                status, headers = _request(opener, current, "GET", timeout)
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as error:
            return LinkResult(
                url,
                error=_describe(error),
                insecure_redirect=insecure,
                unresolved=_unresolved(error),
            )
        location = headers.get("Location")
        if status in _REDIRECTS and location:
            current = urljoin(current, location.strip())
            if insecure is None and current.lower().startswith("http://"):
                insecure = current
            continue
        length = headers.get("Content-Length")
        kind = (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        return LinkResult(
            url,
            status=status,
            insecure_redirect=insecure,
            length=int(length) if length and length.isdigit() else None,
            content_type=kind or None,
        )
    return LinkResult(url, error=f"more than {max_redirects} redirects", insecure_redirect=insecure)


def _request(
    opener: urllib.request.OpenerDirector, url: str, method: str, timeout: float
) -> tuple[int, Message]:
    request = urllib.request.Request(
        url,
        method=method,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "*/*",
        },
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers


def offline(results: dict[str, LinkResult]) -> bool:
    """Tell whether no host of any URL could be looked up: the machine is offline."""
    return bool(results) and all(result.unresolved for result in results.values())


def _unresolved(error: BaseException) -> bool:
    return isinstance(getattr(error, "reason", None), socket.gaierror) or isinstance(
        error, socket.gaierror
    )


def _describe(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    if isinstance(reason, (socket.timeout, TimeoutError)) or isinstance(error, TimeoutError):
        return "timed out"
    if reason is not None:
        return str(reason)
    return str(error) or type(error).__name__
