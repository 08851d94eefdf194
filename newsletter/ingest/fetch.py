"""Fetch a feed over HTTP or from a local file, with size, time and redirect limits.

Responses that carry an ETag or Last-Modified header are kept in a cache folder (a JSON
file of metadata and the body, named by a hash of the URL), so the next fetch asks
"changed since?" and a 304 answer reuses the stored body.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import json
import os
import socket
import ssl
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from newsletter.ingest.errors import FeedError, network_error

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 10.0
# A server that trickles a byte just inside every read timeout is cut off here.
TOTAL_SECONDS = 60.0

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, text/calendar, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, */*;q=0.5"
)
LOCAL_TYPES = {
    ".json": "application/feed+json",
    ".ics": "text/calendar",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
}


@dataclass(frozen=True)
class Fetched:
    """A fetched feed: its bytes, the URL they came from and their media type."""

    body: bytes
    url: str
    content_type: str
    cached: bool = False


def user_agent() -> str:
    """Return the User-Agent header value: newsletter/<installed version>."""
    try:
        return f"newsletter/{version('newsletter')}"
    except PackageNotFoundError:
        return "newsletter/dev"


def fetch(
    url: str,
    *,
    base: Path,
    cache: Path | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """Fetch a feed from an http(s) URL, a file:// URL or a path relative to ``base``."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return _fetch_http(url, cache=cache, timeout=timeout, max_bytes=max_bytes)
    return read_local(url, base=base, max_bytes=max_bytes)


def read_local(location: str, *, base: Path, max_bytes: int = MAX_BYTES) -> Fetched:
    """Read a feed file named by a path or file:// URL, at most ``max_bytes`` of it."""
    path = _local_path(location, base=base)
    try:
        with path.open("rb") as file:
            body = file.read(max_bytes + 1)
    except OSError as error:
        raise network_error(
            location,
            f"cannot read {path} ({error.strerror or error})",
            fix="check the path in the feed's url",
        ) from None
    if len(body) > max_bytes:
        raise _too_large(location, max_bytes)
    return Fetched(body, path.as_uri(), LOCAL_TYPES.get(path.suffix.lower(), ""))


def _local_path(location: str, *, base: Path) -> Path:
    parts = urlsplit(location)
    if parts.scheme.lower() == "file":
        return Path(url2pathname(parts.path)).resolve()
    path = Path(location).expanduser()
    return (path if path.is_absolute() else base / path).resolve()


def _fetch_http(url: str, *, cache: Path | None, timeout: float, max_bytes: int) -> Fetched:
    stored = _load_cache(cache, url) if cache is not None else None
    headers = _request_headers(stored)
    at = url
    try:
        with _client(timeout) as client, _transport() as transport:
            for _hop in range(MAX_REDIRECTS + 1):
                with _send(client, transport, at, headers=headers) as response:
                    if response.has_redirect_location:
                        at = redirect_target(url, at, response.headers["location"])
                        continue
                    if response.status_code == 304 and stored is not None:
                        return Fetched(stored.body, stored.url, stored.content_type, cached=True)
                    _check_status(url, response)
                    body = _read_capped(url, response, max_bytes=max_bytes, timeout=timeout)
                    break
            else:
                raise httpx.TooManyRedirects("too many redirects")
    except httpx.HTTPError as error:
        raise _transport_error(url, error, timeout=timeout) from None
    except httpx.InvalidURL:
        raise network_error(
            url, "is not an address that can be fetched", fix="check the feed's address"
        ) from None
    fetched = Fetched(body, str(response.url), response.headers.get("content-type", ""))
    if cache is not None:
        _store_cache(cache, url, fetched, response.headers)
    return fetched


@contextlib.contextmanager
def _send(
    client: httpx.Client, transport: httpx.HTTPTransport, url: str, *, headers: dict[str, str]
) -> Iterator[httpx.Response]:
    """Send one GET straight to the transport, to stream its answer.

    The client itself would work out a redirect's next request even when not following
    it, and fail on a Location it cannot parse (javascript:...) before the policy sees it.
    """
    request = client.build_request("GET", url, headers=headers)
    response = transport.handle_request(request)
    response.request = request
    try:
        yield response
    finally:
        response.close()


def _transport() -> httpx.HTTPTransport:
    return httpx.HTTPTransport(verify=_tls())


@functools.cache
def _tls() -> ssl.SSLContext:
    """Return one TLS context for all fetches: building it loads the CA bundle each time."""
    return httpx.create_ssl_context()


def _client(timeout: float) -> httpx.Client:
    return httpx.Client(
        verify=_tls(),
        follow_redirects=False,  # followed one by one, under the policy of redirect_target
        timeout=httpx.Timeout(timeout),
        headers={
            "User-Agent": user_agent(),
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip",
        },
    )


def redirect_target(feed: str, at: str, location: str) -> str:
    """Return where a redirect from ``at`` leads, or raise FeedError if it may not be followed.

    A redirect is followed only to an http(s) address with a host and no user name,
    password or backslash; on the same host only to the same port or the scheme's
    default one; and from a public address only to another public one.
    """

    def refuse(what: str) -> FeedError:
        return network_error(
            feed, f"redirected to {what}, which is not followed", fix="use the feed's own address"
        )

    location = location.strip()
    if "\\" in location:
        raise refuse("an address with a backslash")
    target = urljoin(at, location)
    parts, origin = urlsplit(target), urlsplit(at)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise refuse(f"an address that is not http(s) ({parts.scheme}:)")
    if parts.username is not None or parts.password is not None:
        raise refuse("an address with a user name or password")
    try:
        port, origin_port = _port(parts), _port(origin)
    except ValueError:
        raise refuse("an address with an invalid port") from None
    if parts.hostname == origin.hostname and port not in (
        origin_port,
        _DEFAULT_PORTS[parts.scheme.lower()],
    ):
        raise refuse(f"another port ({port}) of the same host")
    if _is_public(origin.hostname or "") and not _is_public(parts.hostname):
        raise refuse(f"a private or local address ({parts.hostname})")
    return target


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _port(parts: SplitResult) -> int:
    """Return the port a URL connects to (raise ValueError for one that is not a number)."""
    return parts.port or _DEFAULT_PORTS[parts.scheme.lower()]


def _is_public(host: str) -> bool:
    """Tell whether a host is on the public internet: not loopback, private or link-local."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return True  # unresolvable: the connection will fail on its own
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    return all(address.is_global for address in addresses)


def _check_status(url: str, response: httpx.Response) -> None:
    status = response.status_code
    if status < 400 and status != 304:
        return
    reason = f"HTTP {status} {response.reason_phrase}".strip()
    if status in (404, 410):
        fix = "check the address; the site may have moved its feed"
    elif status in (401, 403):
        fix = "the site refuses the request; check the address or ask the site to allow it"
    elif status >= 500:
        fix = "the site has a problem; try again later"
    else:
        fix = "check the address"
    raise network_error(url, f"the server answered {reason}", fix=fix)


def _read_capped(url: str, response: httpx.Response, *, max_bytes: int, timeout: float) -> bytes:
    """Read and decompress the body, stopping as soon as it passes ``max_bytes``."""
    deadline = time.monotonic() + _deadline_seconds(timeout)
    gunzip = _Gunzip(url, response.headers.get("content-encoding", ""))
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        for chunk in gunzip.feed(raw, room=max_bytes + 1 - size):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(url, max_bytes)
            chunks.append(chunk)
        if time.monotonic() > deadline:
            raise network_error(
                url,
                f"took more than {_deadline_seconds(timeout):g} s to download",
                fix="try again later",
            )
    return b"".join(chunks)


# httpx's own decoder inflates each network chunk whole: 64 KB of a gzip bomb would
# become 64 MB in memory before the size cap could see it.
class _Gunzip:
    """Decompress a gzip body piece by piece, never producing more than asked for."""

    def __init__(self, url: str, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip"):
            raise network_error(
                url,
                f"the server sent an unsupported compression ({encoding})",
                fix="ask the site to serve the feed with gzip or without compression",
            )
        self.url = url
        self.inflater = _inflater() if encoding.endswith("gzip") else None

    def feed(self, data: bytes, *, room: int) -> list[bytes]:
        """Return the decompressed pieces of ``data``; stop once ``room`` bytes are out."""
        if self.inflater is None:
            return [data]
        pieces: list[bytes] = []
        try:
            while data and room > 0:
                piece = self.inflater.decompress(data, room)
                pieces.append(piece)
                room -= len(piece)
                data = self.inflater.unconsumed_tail
                if self.inflater.eof:  # a body may hold several gzip members in a row
                    data, self.inflater = self.inflater.unused_data, _inflater()
        except zlib.error:
            raise network_error(
                self.url, "the server sent a damaged gzip body", fix="try again later"
            ) from None
        return pieces


def _inflater() -> zlib._Decompress:
    return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)


def _deadline_seconds(timeout: float) -> float:
    """Return the most seconds a whole download may take."""
    return max(TOTAL_SECONDS, timeout)


def _too_large(url: str, max_bytes: int) -> FeedError:
    megabytes = max_bytes / (1024 * 1024)
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{max_bytes} bytes"
    return network_error(url, f"is larger than {size}", fix="use a feed that lists fewer items")


def _transport_error(url: str, error: httpx.HTTPError, *, timeout: float) -> FeedError:
    if isinstance(error, httpx.TimeoutException):
        what = f"no answer within {timeout:g} s"
        fix = "check the address, or try again later"
    elif isinstance(error, httpx.TooManyRedirects):
        what = f"more than {MAX_REDIRECTS} redirects"
        fix = "use the address the feed finally lives at"
    elif isinstance(error, httpx.UnsupportedProtocol):
        what = "redirected to an address that is not http(s)"
        fix = "use the feed's https:// address"
    elif isinstance(error, httpx.ConnectError):
        what = f"cannot connect ({error})"
        fix = "check the address and your internet connection"
    else:
        what = f"the download failed ({type(error).__name__}: {error})"
        fix = "try again later"
    return network_error(url, what, fix=fix)


# -- conditional GET cache ----------------------------------------------------


@dataclass(frozen=True)
class _Stored:
    etag: str
    last_modified: str
    url: str
    content_type: str
    body: bytes


def cache_paths(cache: Path, url: str) -> tuple[Path, Path]:
    """Return the metadata and body files that cache ``url``."""
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return cache / f"{key}.json", cache / f"{key}.body"


def _request_headers(stored: _Stored | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if stored is not None and stored.etag:
        headers["If-None-Match"] = stored.etag
    if stored is not None and stored.last_modified:
        headers["If-Modified-Since"] = stored.last_modified
    return headers


def _load_cache(cache: Path, url: str) -> _Stored | None:
    """Return the cached response for ``url``, or None if there is none or it is unreadable."""
    meta_path, body_path = cache_paths(cache, url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
        stored = _Stored(
            etag=str(meta.get("etag", "")),
            last_modified=str(meta.get("last_modified", "")),
            url=str(meta["final_url"]),
            content_type=str(meta.get("content_type", "")),
            body=body,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if meta.get("url") != url or not (stored.etag or stored.last_modified):
        return None
    return stored


def _store_cache(cache: Path, url: str, fetched: Fetched, headers: httpx.Headers) -> None:
    etag = headers.get("etag", "")
    last_modified = headers.get("last-modified", "")
    if not (etag or last_modified):
        return
    meta = {
        "url": url,
        "final_url": fetched.url,
        "content_type": fetched.content_type,
        "etag": etag,
        "last_modified": last_modified,
    }
    meta_path, body_path = cache_paths(cache, url)
    cache.mkdir(parents=True, exist_ok=True)
    _write_atomic(body_path, fetched.body)
    _write_atomic(meta_path, json.dumps(meta, indent=2).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file so a crash never leaves half a cache entry."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
