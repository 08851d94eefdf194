"""Headless Chromium for the tests: the machine's own browser, never a downloaded one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
INSTALL_HINT = "apt-get install chromium chromium-driver"
# Bound, in milliseconds, on every wait for a page to catch up; not a timing assertion,
# so it is generous: a loaded CI machine may take many seconds to build and render.
WAIT_MS = 60_000
# Milliseconds between a wait's checks. Playwright's default checks on each animation
# frame, and Chromium may run none in a frame it is not painting (an iframe mid-load,
# a loaded machine), so such a wait can time out on a page that is ready.
POLL_MS = 100
# Stands in for the email's remote images, which the tests must not fetch.
PLACEHOLDER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="1104" height="620" viewBox="0 0 1104 620">'
    b'<rect width="1104" height="620" fill="#c5d0dc"/>'
    b'<circle cx="850" cy="170" r="70" fill="#e9eef4"/>'
    b'<path d="M0 620 L330 260 L560 480 L760 330 L1104 620 Z" fill="#8fa3b8"/></svg>'
)


def in_ci() -> bool:
    """Return True when running in CI, where a missing browser is a failure."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip the test locally; fail it in CI, where the browser must be installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """Return the path of the installed Chromium, or None."""
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch headless Chromium, or skip (locally) or fail (in CI) if it is missing."""
    path = find_chromium()
    if path is None:
        unavailable(f"no Chromium found; install it with: {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is missing; install it with: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def offline(context: BrowserContext) -> None:
    """Keep a browser context on the local server: remote images get a placeholder."""

    def handle(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        elif route.request.resource_type == "image":
            route.fulfill(status=200, body=PLACEHOLDER, content_type="image/svg+xml")
        else:
            route.abort()

    context.route("**/*", handle)


def open_page(browser: Browser, *, width: int, height: int = 800) -> Page:
    """Open a page of that size in a new context that stays on this machine."""
    context = browser.new_context(viewport={"width": width, "height": height})
    offline(context)
    context.set_default_timeout(WAIT_MS)
    return context.new_page()
