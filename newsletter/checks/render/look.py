"""Look at built emails in headless Chromium, mode by mode, and record what the rules report.

One browser and one page serve every email and mode: a mode that changes nothing but
the window width only resizes the page. The browser is the machine's own Chromium or
Chrome, driven through Playwright; none is ever downloaded. Remote images are never
fetched: each is drawn as a placeholder of the size the email gives it.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.checks.render.modes import Mode, modes, script
from newsletter.errors import CommandFailed
from newsletter.project import CONTACT_SHEET

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

    from newsletter.checks.engine import Email

# Where to find the browser when it is not on PATH under one of BROWSER_NAMES.
BROWSER_VARIABLE = "NEWSLETTER_BROWSER"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    "no Chromium or Chrome found for --render: install one (Debian: apt-get install chromium) "
    f"or set {BROWSER_VARIABLE} to its path"
)
PLAYWRIGHT_HINT = "--render needs Playwright: pip install 'newsletter[render]'"
WINDOW_HEIGHT = 900
# Bound on every wait for the page, in milliseconds.
WAIT_MS = 30_000
# Less space than this between an image and the text below it reads as touching.
MIN_IMAGE_GAP = 6
# The template's column-like containers, grids, grid columns and buttons.
COLUMNS = ".column-gap, .column:not(.gutter), .promo, .block, .masthead, .footer, .top-links"
GRID = ".grid"
GRID_CELL = ".column:not(.gutter)"
BUTTONS = "a.button"
# The mode in which Outlook.com's [data-og*] selectors are checked for matching nothing.
OUTLOOK_DARK = "dark-outlook"
_VML_WIDTH = re.compile(r"<v:roundrect\b[^>]*?\bwidth:\s*(\d+)px", re.I)


@dataclass(frozen=True)
class Seen:
    """One thing a rule reports, in one mode at one window width."""

    rule: str
    mode: str
    width: int
    element: int | None
    """Index of the element in ``Email.elements``; None for the whole email."""
    detail: str


@dataclass(frozen=True)
class Shot:
    """A screenshot of one mode at one width."""

    mode: Mode
    width: int
    path: Path


@dataclass
class Looked:
    """What the browser saw of one email."""

    seen: list[Seen] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)


def find_browser() -> str:
    """Return the path of the machine's Chromium or Chrome; raise CommandFailed without one."""
    named = os.environ.get(BROWSER_VARIABLE)
    if named:
        if os.access(named, os.X_OK):
            return named
        raise CommandFailed(
            f"{BROWSER_VARIABLE}={named} is not an executable browser; fix or unset it"
        )
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise CommandFailed(INSTALL_HINT)


@contextmanager
def browser_page() -> Iterator[Page]:
    """Start the machine's browser once and yield its one page, which never goes online."""
    path = find_browser()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise CommandFailed(PLAYWRIGHT_HINT) from None
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        try:
            context = browser.new_context(viewport={"width": 600, "height": WINDOW_HEIGHT})
            context.set_default_timeout(WAIT_MS)
            yield context.new_page()
        finally:
            browser.close()


def look_all(emails: list[Email], *, shots: Path | None = None) -> None:
    """Look at every email with one browser, setting each one's ``looked``.

    With ``shots``, write a screenshot per mode and width and a contact sheet per email
    to that folder, all at the end: a failure leaves nothing half written.
    """
    if shots is not None and shots.exists() and not shots.is_dir():
        raise CommandFailed(f"{shots} is a file; --shots needs a folder")
    with browser_page() as page:
        if shots is None:
            for email in emails:
                email.looked = look(email, page)
            return
        shots.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=shots, prefix=".shots-") as temp:
            for email in emails:
                email.looked = look(email, page, shots=Path(temp))
            _publish(emails, Path(temp), shots)


def _publish(emails: list[Email], staging: Path, folder: Path) -> None:
    """Write each email's contact sheet, then move every file from staging into folder."""
    from newsletter.checks.render.sheet import contact_sheet

    for email in emails:
        assert email.looked is not None
        slug = email.slug or "email"
        sheet = staging / CONTACT_SHEET.format(slug=slug)
        sheet.write_text(contact_sheet(slug, email.looked.shots), encoding="utf-8")
        email.looked.shots[:] = [
            Shot(shot.mode, shot.width, folder / shot.path.name) for shot in email.looked.shots
        ]
    for path in sorted(staging.iterdir()):
        path.replace(folder / path.name)


def look(
    email: Email, page: Page, *, shots: Path | None = None, only: Sequence[Mode] | None = None
) -> Looked:
    """Load the email in every mode and width; return what the rules report, and shots.

    The email is loaded once. Each window width is set once, and every mode measured at
    that width is shown in turn in one call to the page (see view.js); what is seen is
    then put in mode order. ``only`` limits the modes, for callers that sample.
    """
    chosen = tuple(modes() if only is None else only)
    sizes = image_sizes(email)
    vml = vml_buttons(email)
    page.route("**/*", lambda route: _offline(route, sizes))
    try:
        page.emulate_media(color_scheme="light")
        page.set_content(annotated(email), wait_until="load")
        looked = Looked(seen=_measured(page, chosen, vml))
        if shots is not None:
            looked.shots.extend(_shots(email, page, chosen, shots))
    finally:
        page.unroute("**/*")
    return looked


def _measured(page: Page, chosen: tuple[Mode, ...], vml: dict[int, int]) -> list[Seen]:
    """Measure every mode at each of its widths; return what was seen, in mode order."""
    ranked: list[tuple[int, int, list[Seen]]] = []
    columns: dict[int, float] = {}
    scheme = "light"
    probed = False  # Outlook.com's unmatched selectors: looked for at one width only
    fresh = True
    for width, group in _by_width(chosen):
        page.set_viewport_size({"width": width, "height": WINDOW_HEIGHT})
        for mode_scheme in ("light", "dark"):
            batch = tuple(mode for mode in group if mode.scheme == mode_scheme)
            if not batch:
                continue
            if mode_scheme != scheme:
                page.emulate_media(color_scheme=mode_scheme)
                scheme = mode_scheme
            probe = "" if probed else OUTLOOK_DARK
            results = _view(page, batch, vml, fresh=fresh, probe=probe)
            fresh = False
            for mode, result in zip(batch, results, strict=True):
                seen = [
                    Seen(item["rule"], mode.name, width, item["element"], item["detail"])
                    for item in result["found"]
                ]
                if mode.name == probe:
                    probed = True
                    seen[:0] = [
                        Seen("render.outlook-dark", mode.name, 0, None, selector)
                        for selector in result["unmatched"]
                    ]
                if mode.name == "desktop" and width == max(mode.widths):
                    columns = {int(k): v for k, v in result["columns"].items()}
                ranked.append((chosen.index(mode), mode.widths.index(width), seen))
    ranked.sort(key=lambda item: item[:2])
    found = [seen for _, _, items in ranked for seen in items]
    return found + list(_vml_seen(vml, columns))


def _by_width(chosen: tuple[Mode, ...]) -> list[tuple[int, tuple[Mode, ...]]]:
    """Return each window width with the modes measured at it, those without a script first."""
    widths = sorted({width for mode in chosen for width in mode.widths})
    return [
        (
            width,
            tuple(
                sorted(
                    (mode for mode in chosen if width in mode.widths),
                    key=lambda mode: mode.script is not None,
                )
            ),
        )
        for width in widths
    ]


def _view(
    page: Page,
    batch: tuple[Mode, ...],
    vml: dict[int, int],
    *,
    fresh: bool = False,
    probe: str = "",
    measuring: bool = True,
) -> list[dict[str, Any]]:
    """Show each mode of the batch in turn at the current width; return what each measured."""
    options = {**_options(vml), "fresh": fresh, "probeOutlook": probe, "measuring": measuring}
    return list(page.evaluate(view_script(batch), options))


@lru_cache(maxsize=64)
def view_script(batch: tuple[Mode, ...]) -> str:
    """Return the page function that shows and measures these modes in turn."""
    steps = ", ".join(
        f"[{json.dumps(mode.name)}, {mode.script or 'null'}, {json.dumps(mode.images)}]"
        for mode in batch
    )
    return (
        f"(opts) => ({script('view')})"
        f"(opts, [{steps}], {script('measure')}, {script('outlook_unmatched')})"
    )


def _shots(email: Email, page: Page, chosen: tuple[Mode, ...], folder: Path) -> Iterator[Shot]:
    """Show each mode at its screenshot width and take a full-page screenshot of it."""
    for mode in chosen:
        page.set_viewport_size({"width": mode.shot_width, "height": WINDOW_HEIGHT})
        page.emulate_media(color_scheme=mode.scheme)
        _view(page, (mode,), {}, measuring=False)
        path = folder / f"{email.slug or 'email'}-{mode.name}-{mode.shot_width}.png"
        page.screenshot(path=str(path), full_page=True)
        yield Shot(mode, mode.shot_width, path)


def _options(vml: dict[int, int]) -> dict[str, Any]:
    return {
        "columns": COLUMNS,
        "grid": GRID,
        "cell": GRID_CELL,
        "buttons": BUTTONS,
        "minGap": MIN_IMAGE_GAP,
        "probe": list(vml),
        "waitMs": WAIT_MS,
    }


def annotated(email: Email) -> str:
    """Return the email's HTML with each element's index in ``data-nl``."""
    from lxml import html as lxml_html

    tree = copy.deepcopy(email.tree)
    elements = (el for el in tree.iter() if isinstance(el.tag, str))
    for index, el in enumerate(elements):
        el.set("data-nl", str(index))
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def image_sizes(email: Email) -> dict[str, tuple[int, int]]:
    """Return the size to draw each image URL at: its file's, else its attributes'."""
    found: dict[str, tuple[int, int]] = {}
    for el in email.find("img"):
        src = (el.get("src") or "").strip()
        pixels = email.pixels.get(src)
        if pixels is not None:
            found[src] = (pixels.width, pixels.height)
            continue
        width, height = _number(el.get("width")), _number(el.get("height"))
        found.setdefault(src, (width or 600, height or round((width or 600) * 2 / 3)))
    return found


def _number(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _offline(route: Route, sizes: dict[str, tuple[int, int]]) -> None:
    """Answer image requests with a placeholder of the image's size; refuse the rest."""
    request = route.request
    if request.resource_type != "image":
        route.abort()
        return
    width, height = sizes.get(request.url, (600, 400))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<rect width="100%" height="100%" fill="#9aa9b9"/></svg>'
    )
    route.fulfill(status=200, body=svg, content_type="image/svg+xml")


def vml_buttons(email: Email) -> dict[int, int]:
    """Return the width Outlook's VML buttons are drawn at, by the index of their cell."""
    index = {el: i for i, el in enumerate(email.elements)}
    found: dict[int, int] = {}
    for comment in email.tree.iter(tag=_comment_tag()):
        match = _VML_WIDTH.search(comment.text or "")
        parent = comment.getparent()
        if match and parent is not None and parent in index:
            found[index[parent]] = int(match.group(1))
    return found


def _comment_tag() -> Any:
    from lxml import etree

    return etree.Comment


def _vml_seen(vml: dict[int, int], columns: dict[int, float]) -> Iterator[Seen]:
    for element, width in vml.items():
        room = columns.get(element)
        if room is not None and width > room + 1:
            yield Seen(
                "render.button-width",
                "outlook",
                0,
                element,
                f"Outlook's button (VML) is {width} px wide in a {round(room)} px column",
            )
