"""Pictures and the web, against a real HTTP server on 127.0.0.1: hosted URLs and mirroring."""

from __future__ import annotations

import functools
import io
import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from lxml import html as lxml_html

from newsletter.pipeline import open_newsletter, render_slug
from tests.support import EXAMPLE_SLUG, issue_data, run_cli, write_issue
from tests.test_checks_links import localise
from tests.test_images import photo


@dataclass(frozen=True)
class Answer:
    """What the server answers for one path."""

    status: int = 200
    content_type: str = "text/plain"
    body: bytes = b"hello\n"


class Handler(BaseHTTPRequestHandler):
    """Answer /site/* with a page, and the paths of ``answers`` as set by each test."""

    answers: ClassVar[dict[str, Answer]] = {}
    requests: ClassVar[Counter[tuple[str, str]]] = Counter()

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        Handler.requests[(self.command, self.path)] += 1
        answer = Handler.answers.get(self.path)
        if answer is None and self.path.startswith("/site/"):
            picture = self.path.endswith((".jpg", ".png"))
            answer = Answer(200, "image/jpeg", site_picture()) if picture else Answer()
        answer = answer or Answer(404)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if body:
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    Handler.answers.clear()
    Handler.requests.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@functools.cache
def site_picture() -> bytes:
    """The picture every other image URL of the example gets."""
    return jpeg((1200, 800))


def jpeg(size: tuple[int, int]) -> bytes:
    stream = io.BytesIO()
    photo(size).save(stream, "JPEG", quality=90)
    return stream.getvalue()


def set_images(site: Path, **changes: object) -> None:
    path = site / "content" / "newsletter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["images"].update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_pictures(site: Path, names: list[str]) -> None:
    """Add an image block for each name, holding a JPEG of its own beside the issue."""
    folder = site / "content" / "issues" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    front, body = issue_data(site)
    for number, name in enumerate(names):
        (folder / name).write_bytes(jpeg((1300 + 40 * number, 900)))
        front["blocks"].append({"type": "image", "src": f"images/{name}", "alt": name})
    write_issue(site, front, body)


# -- img.hosted: check --links asks the host for every picture -------------------------


def test_check_links_confirms_each_pushed_picture_with_its_host(site: Path, server: str) -> None:
    localise(site, server)
    set_images(site, s3={"bucket": "millbrook", "public_url": f"{server}/pics/"})
    add_pictures(site, ["gone.jpg", "page.jpg", "stale.jpg"])
    rendered = render_slug(open_newsletter(site), EXAMPLE_SLUG)
    by_name = {placed.source.rsplit("/", 1)[1]: placed for placed in rendered.images}
    assert set(by_name) == {"footbridge.jpg", "gone.jpg", "page.jpg", "stale.jpg"}

    def path(name: str) -> str:
        return by_name[name].url.removeprefix(server)

    made = {name: placed.file.read_bytes() for name, placed in by_name.items()}
    Handler.answers.update(
        {
            path("footbridge.jpg"): Answer(200, "image/jpeg", made["footbridge.jpg"]),
            path("gone.jpg"): Answer(404),
            path("page.jpg"): Answer(200, "text/html; charset=utf-8", b"<p>not here</p>"),
            path("stale.jpg"): Answer(200, "image/jpeg", made["stale.jpg"][:-100]),
        }
    )
    result = run_cli("check", "--links", "--json", root=site)
    assert result.returncode == 1, result.stderr
    hosted = [f for f in json.loads(result.stdout) if f["rule"] == "img.hosted"]
    assert len(hosted) == 3, hosted
    wrong = {
        "gone.jpg": "answered 404",
        "page.jpg": "not an image",
        "stale.jpg": f"answered {len(made['stale.jpg']) - 100} bytes",
    }
    blocks = {f"images/{f['message'].split('images/', 1)[1].split(' ', 1)[0]}": f for f in hosted}
    for name, words in wrong.items():
        finding = blocks[f"images/{name}"]
        assert finding["severity"] == "error"
        assert words in finding["message"], finding
        assert by_name[name].field in finding["message"], finding  # the slot, by its field
        assert "image" in finding["message"].split(" at ", 1)[0]
        assert f"newsletter images push {EXAMPLE_SLUG}" in finding["message"]
    # Each picture was asked for, the one answered right gave nothing.
    assert all(Handler.requests[("HEAD", path(name))] == 1 for name in by_name)


# -- images.mirror: pictures hosted elsewhere, downloaded once and hosted as ours -------


def lead_img(site: Path) -> lxml_html.HtmlElement:
    tree = lxml_html.fromstring((site / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    return tree.cssselect(".block-lead img")[0]


def test_mirror_downloads_a_picture_once_and_hosts_it(site: Path, server: str) -> None:
    localise(site, server)
    set_images(site, mirror=True)
    source = jpeg((2400, 1600))
    Handler.answers["/photos/harbour.jpg"] = Answer(200, "image/jpeg", source)
    front, body = issue_data(site)
    front["blocks"][0]["image"] = {
        "src": f"{server}/photos/harbour.jpg",
        "alt": "The harbour",
        "width": 552,
        "height": 368,
    }
    write_issue(site, front, body)

    run_cli("build", root=site, check=True)
    src = lead_img(site).get("src")
    # The bucket's public address, pointed at the local server like every other URL.
    assert src.startswith(f"{server}/site/images.millbrookweekly.example/newsletter/harbour-")
    assert Handler.requests[("GET", "/photos/harbour.jpg")] == 1
    manifest = json.loads((site / "out" / EXAMPLE_SLUG / "manifest.json").read_text())
    (entry,) = [entry for entry in manifest["images"] if entry["url"] == src]
    assert entry["source"] == f"{server}/photos/harbour.jpg"
    assert entry["width"] == 1104 and entry["height"] == 736  # transformed, 2x the column

    asked = sum(Handler.requests.values())
    front["subject"] = "Rendered again, the picture unchanged"
    write_issue(site, front, body)
    run_cli("build", root=site, check=True)
    assert lead_img(site).get("src") == src
    assert sum(Handler.requests.values()) == asked  # the second build asked for nothing


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (Answer(404), "answered 404"),
        (Answer(200, "text/html; charset=utf-8", b"<html><p>Moved</p></html>"), "picture"),
    ],
    ids=["missing", "not-an-image"],
)
def test_a_mirrored_url_that_gives_no_picture_is_one_line(
    site: Path, server: str, answer: Answer, words: str
) -> None:
    localise(site, server)
    set_images(site, mirror=True)
    Handler.answers["/photos/gone.jpg"] = answer
    url = f"{server}/photos/gone.jpg"
    front, body = issue_data(site)
    front["blocks"][0]["image"] = {"src": url, "alt": "Gone", "width": 552, "height": 368}
    write_issue(site, front, body)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    (line,) = lines
    assert url in line and words in line, line
    assert "blocks[0].image.src" in line and "Traceback" not in result.stderr
