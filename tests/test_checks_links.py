"""`newsletter check --links` against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from newsletter.checks import Email, link_urls
from newsletter.checks.linkcheck import check_links
from tests.support import edit_settings, issue_data, run_cli, write_issue

# Bound on each request to the local server; generous for a loaded machine, never reached.
TIMEOUT = 30.0
_WEB_URL = re.compile(r"https?://([^/\s\"'<>()|]+)", re.IGNORECASE)


class Handler(BaseHTTPRequestHandler):
    """Routes: /ok 200, /missing 404, /error 500, /to-http redirects to http, and more."""

    requests: ClassVar[list[tuple[str, str]]] = []

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        Handler.requests.append((self.command, self.path))
        port = self.server.server_address[1]
        if self.path == "/ok":
            self._send(200, body=body)
        elif self.path == "/missing":
            self._send(404, body=body)
        elif self.path == "/error":
            self._send(500, body=body)
        elif self.path == "/moved":
            self._send(301, location="/ok", body=body)
        elif self.path == "/to-http":
            self._send(302, location=f"http://localhost:{port}/ok", body=body)
        elif self.path == "/loop":
            self._send(302, location="/loop", body=body)
        elif self.path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, body=body)
        elif self.path == "/big.jpg":
            self._send(200, length=2_500_000, body=False)
        elif self.path.startswith("/site/"):
            self._send(200, body=body)
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, body=body)
        else:
            self._send(404, body=body)

    def _send(
        self, status: int, *, location: str | None = None, length: int | None = None, body: bool
    ) -> None:
        content = b"hello\n"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(length if length is not None else len(content)))
        self.end_headers()
        if body and length is None:
            self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_status_of_each_url(server: str) -> None:
    routes = ["/ok", "/missing", "/error", "/moved", "/to-http", "/no-head", "/big.jpg", "/loop"]
    results = check_links([server + r for r in routes] + [server + "/ok"], timeout=TIMEOUT)
    assert len(results) == len(routes)
    got = {url.removeprefix(server): (r.ok, r.status, r.error) for url, r in results.items()}
    assert got == {
        "/ok": (True, 200, None),
        "/missing": (False, 404, None),
        "/error": (False, 500, None),
        "/moved": (True, 200, None),
        "/to-http": (True, 200, None),
        "/no-head": (True, 200, None),
        "/big.jpg": (True, 200, None),
        "/loop": (False, None, "more than 10 redirects"),
    }
    assert results[server + "/to-http"].insecure_redirect.startswith("http://localhost:")
    # A relative Location is resolved against the URL that sent it (plain http here).
    assert results[server + "/moved"].insecure_redirect == server + "/ok"
    assert results[server + "/big.jpg"].length == 2_500_000
    assert results[server + "/missing"].problem == "answered 404"


def test_head_comes_first_and_get_only_where_head_fails(server: str) -> None:
    Handler.requests.clear()
    check_links([server + "/ok", server + "/no-head"], timeout=TIMEOUT)
    assert sorted(Handler.requests) == [("GET", "/no-head"), ("HEAD", "/no-head"), ("HEAD", "/ok")]


def test_slow_servers_time_out(server: str) -> None:
    (result,) = check_links([server + "/slow"], timeout=0.3).values()
    assert not result.ok and result.error == "timed out"
    assert result.problem == "could not be checked (timed out)"


def test_unreachable_hosts_are_reported() -> None:
    # A port that is bound but not listening refuses connections for as long as it is held.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        (result,) = check_links([f"http://127.0.0.1:{port}/nothing"], timeout=TIMEOUT).values()
    assert not result.ok and result.status is None
    assert result.error and "refused" in result.error.lower()


def localise(root: Path, server: str) -> None:
    """Point every web URL of the content at the local server, so nothing leaves the machine."""
    texts = [path for path in (root / "content").rglob("*.*") if path.suffix in (".md", ".yaml")]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        text = _WEB_URL.sub(lambda match: f"{server}/site/{match[1]}", text)
        path.write_text(text, encoding="utf-8")
    for path in texts:
        urls = _WEB_URL.findall(path.read_text(encoding="utf-8"))
        assert all(f"http://{host}" == server for host in urls), (path, urls)
    # What --links would request, templates' URLs included, is all on the local server.
    for email in built_emails(root):
        outside = [url for url in link_urls(email) if not url.startswith(server + "/")]
        assert not outside, outside


def built_emails(root: Path) -> list[Email]:
    """Build every issue in memory and return them as the checks read them."""
    from newsletter.pipeline import open_newsletter, render_all

    emails = [Email.of(rendered) for rendered in render_all(open_newsletter(root))]
    assert emails
    return emails


def test_localise_points_every_host_at_the_local_server(site: Path) -> None:
    settings = site / "content" / "newsletter.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "# https://new.example/page\n", encoding="utf-8"
    )
    localise(site, "http://127.0.0.1:1")
    assert "http://127.0.0.1:1/site/new.example/page" in settings.read_text(encoding="utf-8")
    assert "http://127.0.0.1:1/site/www.facebook.com/" in settings.read_text(encoding="utf-8")


def test_check_links_reports_broken_links_and_http_redirects(site: Path, server: str) -> None:
    localise(site, server)
    data, body = issue_data(site)
    data["blocks"][0]["url"] = server + "/missing"
    data["blocks"][1]["url"] = server + "/to-http"
    data["blocks"][0]["image"].update(src=server + "/big.jpg", width=552, height=310)
    write_issue(site, data, body)
    Handler.requests.clear()
    result = run_cli("check", "--links", "--json", root=site)
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    broken = [f for f in found if f["rule"] == "link.broken"]
    assert [(f["severity"], f["block"]) for f in broken] == [("error", 0)]
    assert broken[0]["message"].startswith(f"{server}/missing answered 404")
    redirects = [f for f in found if f["rule"] == "link.redirect-http"]
    assert [(f["severity"], f["block"]) for f in redirects] == [("warning", 1)]
    weight = [f for f in found if f["rule"] == "img.weight"]
    assert [(f["severity"], f["block"]) for f in weight] == [("warning", 0)]
    # Each URL is requested once, however often the issue links it; merge tags never.
    heads = [path for method, path in Handler.requests if method == "HEAD"]
    assert len(heads) == len(set(heads)) > 20
    assert not [path for path in heads if "|" in path]
    # Every link reached the local server: none was unreachable.
    assert not [f for f in broken if "could not be checked" in f["message"]]


def test_check_links_requests_the_settings_own_unsubscribe_url(site: Path, server: str) -> None:
    localise(site, server)
    edit_settings(
        site,
        mailing_service="none",
        greeting="Good morning,",
        unsubscribe_url=f"{server}/gone/unsubscribe",
    )
    Handler.requests.clear()
    result = run_cli("check", "--links", "--json", root=site)
    assert ("HEAD", "/gone/unsubscribe") in Handler.requests
    broken = [f for f in json.loads(result.stdout) if f["rule"] == "link.broken"]
    assert [f["message"].split(" answered")[0] for f in broken] == [f"{server}/gone/unsubscribe"]
    assert broken[0]["where"].startswith("footer, <a>")


def test_links_are_not_requested_without_the_option(site: Path, server: str) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["url"] = server + "/missing"
    write_issue(site, data, body)
    Handler.requests.clear()
    result = run_cli("check", "--json", root=site)
    assert Handler.requests == []
    assert not [f for f in json.loads(result.stdout) if f["rule"] == "link.broken"]
