"""Images: heights, images-off styling, alt that fits, and real pixel sizes with --links."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import html as lxml_html
from PIL import Image

from newsletter.checks import Email, run
from newsletter.checks.imagefetch import fetch_pixels
from newsletter.commands.build import build
from tests.support import EXAMPLE_SLUG, issue_data, run_cli, write_issue
from tests.test_checks_links import localise

# Pixel sizes the local server gives the example's image files.
FILES = {
    "footbridge-1104.jpg": (1104, 620),  # 2x its 552 x 310: fine
    "lido-552.jpg": (400, 300),  # 4:3 shown at 552 x 310, and narrower than 552
    "trees-520.jpg": (520, 347),  # 3:2 at 268 x 179, but below 2x (536)
    "bakery-520.jpg": (536, 358),
    "sunset-vale-1104.jpg": (1104, 552),
    "summer-sale-1104.jpg": (1028, 514),
    "logo-96.png": (96, 96),
    "logo-96-dark.png": (96, 96),
}


def image_bytes(name: str) -> tuple[bytes, str]:
    """Return a real image file made with Pillow, and its content type."""
    width, height = FILES[name]
    buffer = io.BytesIO()
    kind = "PNG" if name.endswith(".png") else "JPEG"
    Image.new("RGB", (width, height), (120, 150, 180)).save(buffer, kind)
    return buffer.getvalue(), f"image/{kind.lower()}"


class ImageHandler(BaseHTTPRequestHandler):
    """Serves the FILES as real JPEG and PNG files and 200 for every other page."""

    files: ClassVar[dict[str, tuple[bytes, str]]] = {}

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        name = self.path.rsplit("/", 1)[-1]
        content, kind = self.files.get(name, (b"<p>page</p>", "text/html"))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    ImageHandler.files = {name: image_bytes(name) for name in FILES}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ImageHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_every_image_has_a_height_and_a_coloured_cell(site: Path) -> None:
    build(site)
    tree = lxml_html.parse(str(site / "out" / EXAMPLE_SLUG / "email.html")).getroot()
    images = tree.xpath("//img")
    assert len(images) == 8  # seven images and the dark logo
    assert all(int(image.get("height")) > 0 for image in images)
    # Heights follow the width where an image is capped to its column.
    lead = tree.xpath("//td[contains(@class, 'block-lead')]//img")[0]
    assert (lead.get("width"), lead.get("height")) == ("552", "310")
    for image in tree.xpath("//img[@class='image']"):
        cell = image.xpath("ancestor::td[@class='image-cell']")[0]
        assert cell.get("bgcolor") == "#f2f0eb"  # theme.light.background
        style = image.get("style")
        assert "font-size:14px" in style and "color:#5c6370" in style  # alt text, muted
    # The name follows the logo as text: the logo is decorative, never a clipped alt.
    logos = tree.xpath("//img[contains(@class, 'logo')]")
    assert [(logo.get("alt"), logo.get("role")) for logo in logos] == [("", None)] * 2


def test_an_image_without_height_is_a_warning(site: Path) -> None:
    data, body = issue_data(site)
    del data["blocks"][1]["image"]["height"]
    write_issue(site, data, body)
    result = run_cli("check", "--json", root=site)
    found = [f for f in json.loads(result.stdout) if f["rule"] == "img.height"]
    assert [(f["severity"], f["block"]) for f in found] == [("warning", 1)]


def page(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><body><div lang="en">{body}</div></body></html>'


def test_alt_text_that_does_not_fit_its_box_is_a_warning() -> None:
    logo = (
        '<img src="https://x.example/logo.png" width="48" height="48" '
        'alt="The Millbrook Weekly" style="font-size:14px">'
    )
    wide = (
        '<img src="https://x.example/wide.png" width="552" height="310" '
        'alt="Cyclists crossing the newly painted footbridge" style="font-size:14px">'
    )
    found = [f for f in run(Email(html=page(logo + wide), text="x\n")) if f.rule == "img.alt-fits"]
    assert len(found) == 1 and found[0].message.startswith("alt text of 20 characters")


def test_pixel_sizes_are_read_from_real_files(server: str) -> None:
    urls = [f"{server}/img/{name}" for name in ("footbridge-1104.jpg", "logo-96.png")]
    found = fetch_pixels([*urls, f"{server}/not-an-image"])
    assert {url.rsplit("/", 1)[1]: (p.width, p.height, p.format) for url, p in found.items()} == {
        "footbridge-1104.jpg": (1104, 620, "JPEG"),
        "logo-96.png": (96, 96, "PNG"),
    }


def test_check_links_reports_shape_and_resolution_of_image_files(site: Path, server: str) -> None:
    localise(site, server)
    result = run_cli("check", "--links", "--json", root=site)
    found = json.loads(result.stdout)

    def rule(name: str) -> list[tuple[int | None, str]]:
        return [(f["block"], f["message"]) for f in found if f["rule"] == name]

    ((block, message),) = rule("img.aspect")
    assert block == 1 and message.startswith("the file is 400x300 px but is shown at 552x310")
    assert "set height to 414" in message
    assert [block for block, _ in rule("img.upscaled")] == [1]
    assert [block for block, _ in rule("img.density")] == [3]  # trees: 520 for 268
    assert "use one 536 px wide" in rule("img.density")[0][1]
