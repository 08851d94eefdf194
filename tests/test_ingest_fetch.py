"""Fetching feeds from a real HTTP server on 127.0.0.1 and from local files."""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import socket
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsletter.ingest.errors import FeedError
from newsletter.ingest.fetch import MAX_BYTES, cache_paths, fetch, read_local, user_agent

FEEDS = Path(__file__).parent / "feeds"
BIG = 50 * 1024 * 1024
CHUNK = b"<!-- padding -->" * 4096
TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".rdf": "application/rdf+xml",
}


class FeedServer(ThreadingHTTPServer):
    """A local HTTP server for the feed files in tests/feeds and for failure cases."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sent: dict[str, int] = {}
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore clients that hang up, as capped fetches do; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def url(self, path: str) -> str:
        """Return the absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def headers_of(self, path: str) -> list[dict[str, str]]:
        """Return the headers of every request made for ``path``."""
        return [headers for seen, headers in self.requests if seen == path]

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server: FeedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        """Answer one of the routes below."""
        path = self.path.split("?")[0]
        self.server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
        # The client hanging up mid-body is what a capped fetch should do.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path)

    def _route(self, path: str) -> None:
        parts = path.strip("/").split("/")
        name = parts[-1]
        if parts[0] == "feeds":
            self._file(name)
        elif parts[0] == "gzip":
            self._send(
                200,
                gzip.compress((FEEDS / name).read_bytes()),
                TYPES[".xml"],
                {"Content-Encoding": "gzip"},
            )
        elif parts[0] == "etag":
            self._conditional(name, "ETag", '"v1"', "if-none-match")
        elif parts[0] == "modified":
            stamp = "Mon, 01 Jun 2026 10:00:00 GMT"
            self._conditional(name, "Last-Modified", stamp, "if-modified-since")
        elif parts[0] == "status":
            self._send(int(name), b"<h1>error</h1>", "text/html")
        elif parts[0] == "slow":
            self.server.stopping.wait(3)
            self._file("rss2.xml")
        elif parts[0] == "big":
            self._big(chunked=name == "chunked")
        elif parts[0] == "gzip-bomb":
            self._send(200, _gzip_zeros(), "application/rss+xml", {"Content-Encoding": "gzip"})
        elif parts[0] == "brotli":
            self._send(200, b"\x1b\x00", "application/rss+xml", {"Content-Encoding": "br"})
        elif parts[0] == "bad-gzip":
            self._send(
                200, b"\x1f\x8bnot gzip", "application/rss+xml", {"Content-Encoding": "gzip"}
            )
        elif parts[0] == "loop":
            self._redirect("/loop")
        elif parts[0] == "redirect":
            left = int(name)
            self._redirect(f"/redirect/{left - 1}" if left > 1 else "/feeds/rss2.xml")
        elif parts[0] == "to-file":
            self._redirect("file:///etc/passwd")
        else:
            self._send(404, b"not found", "text/plain")

    def _send(
        self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _file(self, name: str) -> None:
        path = FEEDS / name
        self._send(200, path.read_bytes(), TYPES.get(path.suffix, "application/octet-stream"))

    def _conditional(self, name: str, header: str, value: str, request_header: str) -> None:
        if self.headers.get(request_header) == value:
            self.send_response(304)
            self.send_header(header, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (FEEDS / name).read_bytes()
        self._send(200, body, TYPES[".xml"], {header: value})

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", {"Location": location})

    def _big(self, *, chunked: bool) -> None:
        """Send 50 MB, counting what actually left the server."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        key = self.path
        self.server.sent[key] = 0
        while self.server.sent[key] < BIG and not self.server.stopping.is_set():
            data = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK) if chunked else CHUNK
            self.wfile.write(data)
            self.server.sent[key] += len(CHUNK)


_ZEROS: list[bytes] = []


def _gzip_zeros() -> bytes:
    """Return 50 MB of zeros, gzip-compressed to about 50 KB."""
    if not _ZEROS:
        packer = zlib.compressobj(1, zlib.DEFLATED, 31)
        block = bytes(1024 * 1024)
        _ZEROS.append(b"".join(packer.compress(block) for _ in range(50)) + packer.flush())
    return _ZEROS[0]


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def _fails(url: str, **options: object) -> FeedError:
    options.setdefault("base", FEEDS)
    with pytest.raises(FeedError) as caught:
        fetch(url, **options)  # type: ignore[arg-type]
    error = caught.value
    assert "\n" not in error.message
    assert url in error.message
    return error


# -- success ------------------------------------------------------------------


def test_fetch_returns_the_body_final_url_and_type(server: FeedServer) -> None:
    url = server.url("/feeds/rss2.xml")
    fetched = fetch(url, base=FEEDS)
    assert fetched.body == (FEEDS / "rss2.xml").read_bytes()
    assert fetched.url == url
    assert fetched.content_type == "application/rss+xml; charset=utf-8"
    assert not fetched.cached


def test_fetch_names_itself_and_accepts_gzip(server: FeedServer) -> None:
    fetch(server.url("/feeds/atom.xml"), base=FEEDS)
    headers = server.headers_of("/feeds/atom.xml")[-1]
    assert re.fullmatch(r"newsletter/\S+", headers["user-agent"])
    assert headers["user-agent"] == user_agent()
    assert headers["accept-encoding"] == "gzip"


def test_fetch_decodes_a_gzip_body(server: FeedServer) -> None:
    fetched = fetch(server.url("/gzip/rss2.xml"), base=FEEDS)
    assert fetched.body == (FEEDS / "rss2.xml").read_bytes()


def test_five_redirects_are_followed_to_the_final_url(server: FeedServer) -> None:
    fetched = fetch(server.url("/redirect/5"), base=FEEDS)
    assert fetched.url == server.url("/feeds/rss2.xml")
    assert fetched.body.startswith(b"<?xml")


# -- network failures exit 1 ------------------------------------------------------


def test_http_404_names_the_status(server: FeedServer) -> None:
    error = _fails(server.url("/status/404"))
    assert error.exit_code == 1
    assert "HTTP 404" in error.message
    assert "check the address" in error.message


def test_http_503_says_try_again_later(server: FeedServer) -> None:
    error = _fails(server.url("/status/503"))
    assert error.exit_code == 1
    assert "HTTP 503" in error.message
    assert "try again later" in error.message


def test_a_slow_server_times_out(server: FeedServer) -> None:
    started = time.monotonic()
    error = _fails(server.url("/slow"), timeout=0.2)
    assert time.monotonic() - started < 1.5
    assert error.exit_code == 1
    assert "no answer within 0.2 s" in error.message


@pytest.mark.parametrize("kind", ["chunked", "with-length"])
def test_a_50_mb_body_is_cut_off_at_5_mb(server: FeedServer, kind: str) -> None:
    started = time.monotonic()
    error = _fails(server.url(f"/big/{kind}"))
    assert error.exit_code == 1
    assert "larger than 5 MB" in error.message
    assert time.monotonic() - started < 3
    # The server stops once the client hangs up; socket buffers hold a few MB at most.
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and server.sent[f"/big/{kind}"] >= BIG:
        time.sleep(0.01)
    assert server.sent[f"/big/{kind}"] < 4 * MAX_BYTES


def test_a_gzip_bomb_is_cut_off_after_decoding_5_mb_in_bounded_memory(
    server: FeedServer,
) -> None:
    _gzip_zeros()
    tracemalloc.start()
    try:
        error = _fails(server.url("/gzip-bomb/x"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.exit_code == 1
    assert "larger than 5 MB" in error.message
    # The body pieces plus one joined copy; inflating a whole 64 KB chunk would be 64 MB.
    assert peak < 3 * MAX_BYTES


def test_an_unknown_compression_is_refused(server: FeedServer) -> None:
    error = _fails(server.url("/brotli/x"))
    assert error.exit_code == 1
    assert "unsupported compression (br)" in error.message


def test_a_damaged_gzip_body_is_a_network_error(server: FeedServer) -> None:
    assert "damaged gzip body" in _fails(server.url("/bad-gzip/x")).message


def test_a_redirect_loop_stops_after_5_redirects(server: FeedServer) -> None:
    error = _fails(server.url("/loop"))
    assert error.exit_code == 1
    assert "more than 5 redirects" in error.message
    assert len(server.headers_of("/loop")) <= 6


def test_six_redirects_are_too_many(server: FeedServer) -> None:
    assert _fails(server.url("/redirect/6")).exit_code == 1


def test_a_redirect_to_a_file_url_is_refused(server: FeedServer) -> None:
    error = _fails(server.url("/to-file"))
    assert error.exit_code == 1
    assert "not http(s)" in error.message


def test_an_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as held:  # bound but not listening: connections are refused
        held.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{held.getsockname()[1]}/feed.xml"
        error = _fails(url, timeout=2)
    assert error.exit_code == 1
    assert "cannot connect" in error.message


# -- conditional GET ------------------------------------------------------------------


def test_etag_revalidation_reuses_the_cached_body(server: FeedServer, tmp_path: Path) -> None:
    url = server.url("/etag/rss2.xml")
    first = fetch(url, base=FEEDS, cache=tmp_path)
    second = fetch(url, base=FEEDS, cache=tmp_path)
    requests = server.headers_of("/etag/rss2.xml")
    assert "if-none-match" not in requests[-2]
    assert requests[-1]["if-none-match"] == '"v1"'
    assert not first.cached
    assert second.cached
    assert second.body == first.body == (FEEDS / "rss2.xml").read_bytes()
    assert second.content_type == first.content_type


def test_last_modified_revalidation_sends_if_modified_since(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.url("/modified/atom.xml")
    fetch(url, base=FEEDS, cache=tmp_path)
    second = fetch(url, base=FEEDS, cache=tmp_path)
    assert server.headers_of("/modified/atom.xml")[-1]["if-modified-since"] == (
        "Mon, 01 Jun 2026 10:00:00 GMT"
    )
    assert second.cached
    assert second.body == (FEEDS / "atom.xml").read_bytes()


def test_a_response_without_validators_is_not_cached(server: FeedServer, tmp_path: Path) -> None:
    url = server.url("/feeds/jobs.xml")
    fetch(url, base=FEEDS, cache=tmp_path)
    fetch(url, base=FEEDS, cache=tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert "if-none-match" not in server.headers_of("/feeds/jobs.xml")[-1]


def test_a_damaged_cache_entry_is_ignored(server: FeedServer, tmp_path: Path) -> None:
    url = server.url("/etag/jsonfeed.json")
    fetch(url, base=FEEDS, cache=tmp_path)
    meta, _ = cache_paths(tmp_path, url)
    assert json.loads(meta.read_text())["etag"] == '"v1"'
    meta.write_text("{not json")
    again = fetch(url, base=FEEDS, cache=tmp_path)
    assert not again.cached
    assert "if-none-match" not in server.headers_of("/etag/jsonfeed.json")[-1]
    assert again.body == (FEEDS / "jsonfeed.json").read_bytes()


# -- local files ------------------------------------------------------------------


def test_a_relative_path_is_read_from_the_base_folder() -> None:
    fetched = fetch("feeds/events.ics", base=FEEDS.parent)
    assert fetched.body == (FEEDS / "events.ics").read_bytes()
    assert fetched.url == (FEEDS / "events.ics").as_uri()
    assert fetched.content_type == "text/calendar"


def test_a_file_url_is_read_directly() -> None:
    fetched = fetch((FEEDS / "jsonfeed.json").as_uri(), base=Path("/nonexistent"))
    assert fetched.content_type == "application/feed+json"
    assert fetched.body.startswith(b"{")


def test_a_missing_file_says_which_path(tmp_path: Path) -> None:
    error = _fails("missing.xml", base=tmp_path)
    assert error.exit_code == 1
    assert str(tmp_path / "missing.xml") in error.message


def test_a_local_file_is_capped_too(tmp_path: Path) -> None:
    (tmp_path / "huge.xml").write_bytes(b"x" * 2048)
    with pytest.raises(FeedError, match="is larger than 1024 bytes"):
        read_local("huge.xml", base=tmp_path, max_bytes=1024)
