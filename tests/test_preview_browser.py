"""The built email and the preview page in real headless Chromium: layout and live reload."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from lxml import html as lxml_html

from newsletter.preview.server import PreviewServer
from tests.browser import POLL_MS, WAIT_MS, open_page, unavailable
from tests.support import EXAMPLE_SLUG, REPO, issue_data, write_issue
from tests.test_editions import SLUG as EDITIONS_SLUG
from tests.test_editions import copy_fixture
from tests.test_preview import edit_until, subject_is

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = 375
DESKTOP = 700
# Set to a path (e.g. docs/preview.png) to keep the preview page's screenshot there too.
SCREENSHOT_ENV = "PREVIEW_SCREENSHOT"

BOX_JS = """(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
    const box = element.getBoundingClientRect();
    return {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
            width: box.width, height: box.height};
})"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """Preview a copy of the example newsletter, shared by the tests that only read."""
    site = tmp_path_factory.mktemp("served") / "site"
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, site / folder)
    with PreviewServer(site, port=0) as server:
        yield server


def origin(server: PreviewServer) -> str:
    host, port = server.httpd.server_address[:2]
    return f"http://{host}:{port}"


def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.evaluate(BOX_JS, selector)


def email_layout(page: Any, *, width: int) -> list[dict[str, float]]:
    """Check what holds at any width; return the boxes of the grid's story columns."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    images = boxes(page, "img.image, img.logo-light")
    assert images, "the example email has images"
    assert all(0 < image["width"] <= width for image in images)
    assert page.locator(".preheader").count() == 1
    assert not page.locator(".preheader").is_visible()
    columns = boxes(page, ".column:not(.gutter)")
    assert len(columns) == 2, "the example email has one grid of two stories"
    return columns


# -- the built email at phone and desktop widths ---------------------------------------------


def test_email_at_phone_width_stacks_and_fits(
    browser: Browser, served: PreviewServer, tmp_path: Path
) -> None:
    page = open_page(browser, width=PHONE)
    try:
        page.goto(f"{origin(served)}/out/{EXAMPLE_SLUG}/email.html")
        page.wait_for_load_state("load")
        first, second = email_layout(page, width=PHONE)
        assert second["top"] >= first["bottom"] - 1
        assert abs(second["left"] - first["left"]) < 1
        assert first["right"] <= PHONE
        page.screenshot(path=tmp_path / "email-375.png", full_page=True)
    finally:
        page.context.close()
    assert (tmp_path / "email-375.png").stat().st_size > 0


def test_email_at_desktop_width_puts_columns_side_by_side(
    browser: Browser, served: PreviewServer, tmp_path: Path
) -> None:
    page = open_page(browser, width=DESKTOP)
    try:
        page.goto(f"{origin(served)}/out/{EXAMPLE_SLUG}/email.html")
        page.wait_for_load_state("load")
        first, second = email_layout(page, width=DESKTOP)
        assert abs(first["top"] - second["top"]) < 1
        assert second["left"] >= first["right"]
        page.screenshot(path=tmp_path / "email-700.png", full_page=True)
    finally:
        page.context.close()
    assert (tmp_path / "email-700.png").stat().st_size > 0


# -- the preview page -----------------------------------------------------------------------


def test_index_lists_the_issues(browser: Browser, served: PreviewServer) -> None:
    page = open_page(browser, width=1000)
    try:
        page.goto(f"{origin(served)}/")
        row = page.locator("table.issues tbody tr")
        row.first.wait_for()
        assert row.count() == 1
        cells = row.first.locator("td").all_inner_texts()
        issue = served.preview.issue(EXAMPLE_SLUG)
        assert issue is not None
        assert cells == [
            EXAMPLE_SLUG,
            issue["subject"],
            "2026-06-05",
            f"{issue['html_bytes'] / 1000:.1f} KB",
            str(len(issue["warnings"])),
        ]
        page.click(f"text={EXAMPLE_SLUG}")
        page.wait_for_url(f"**/issues/{EXAMPLE_SLUG}")
    finally:
        page.context.close()


def test_issue_page_frames_text_and_dark_mode(
    browser: Browser, served: PreviewServer, tmp_path: Path
) -> None:
    out = served.preview.out / EXAMPLE_SLUG
    page = open_page(browser, width=1180, height=820)
    try:
        page.goto(served.url + f"issues/{EXAMPLE_SLUG}")
        issue = served.preview.issue(EXAMPLE_SLUG)
        assert issue is not None
        page.locator("#subject").filter(has_text=issue["subject"]).wait_for()
        assert "of Gmail's ~102 KB clipping limit" in page.inner_text("#size")
        assert page.inner_text("#inbox").startswith("\u2014 " + issue["preheader"])
        frames = {}
        for name, width in (("desktop", DESKTOP), ("phone", PHONE)):
            handle = page.wait_for_selector(f"#frame-{name}")
            frame = handle.content_frame()
            frame.wait_for_load_state("load")
            frame.locator(".masthead-name").wait_for()
            assert frame.evaluate("window.innerWidth") == width
            frame.wait_for_function(
                "Array.from(document.images).every((image) => image.complete)", polling=POLL_MS
            )
            frames[name] = frame
        # The frames hold out/'s email, nothing injected: only its pictures come from here.
        source = page.evaluate(
            "(url) => fetch(url).then((response) => response.text())",
            frames["desktop"].url,
        )
        expected = out.joinpath("email.html").read_text(encoding="utf-8")
        manifest = json.loads(out.joinpath("manifest.json").read_text(encoding="utf-8"))
        assert manifest["images"], "the example has a picture file"
        for picture in manifest["images"]:
            name = picture["url"].rsplit("/", 1)[1]
            expected = expected.replace(picture["url"], f"/pictures/{EXAMPLE_SLUG}/{name}")
        assert source == expected
        phone_columns = boxes(frames["phone"], ".column:not(.gutter)")
        assert phone_columns[1]["top"] >= phone_columns[0]["bottom"] - 1
        desktop_columns = boxes(frames["desktop"], ".column:not(.gutter)")
        assert abs(desktop_columns[0]["top"] - desktop_columns[1]["top"]) < 1
        # Without editions there is nothing to choose, and the URL names none.
        assert not page.locator("#edition-choice").is_visible()
        assert "edition" not in page.url
        page.screenshot(path=tmp_path / "preview.png")
        if target := os.environ.get(SCREENSHOT_ENV):
            shutil.copyfile(tmp_path / "preview.png", target)

        page.click("button[data-view=text]")
        text = page.locator("pre#text")
        text.wait_for()
        page.wait_for_function(
            "document.querySelector('pre#text').textContent.length > 0", polling=POLL_MS
        )
        assert text.text_content() == out.joinpath("email.txt").read_text(encoding="utf-8")
        assert not page.locator("#frame-desktop").is_visible()
        assert page.eval_on_selector("pre#text", "(pre) => getComputedStyle(pre).fontFamily")

        page.click("button[data-view=both]")
        page.check("#dark")
        frame = page.wait_for_selector("#frame-desktop").content_frame()
        page.wait_for_function(
            "document.querySelector('#frame-desktop').contentWindow.location.pathname"
            f" === '/dark/{EXAMPLE_SLUG}/email.html'",
            polling=POLL_MS,
        )
        frame.wait_for_load_state("load")
        frame.locator(".container").wait_for()
        background = frame.eval_on_selector(
            ".container", "(element) => getComputedStyle(element).backgroundColor"
        )
        assert background == "rgb(27, 31, 36)"  # theme.dark.surface, #1b1f24
        page.screenshot(path=tmp_path / "preview-dark.png")
    finally:
        page.context.close()
    assert (tmp_path / "preview.png").stat().st_size < 200_000


# -- live reload ----------------------------------------------------------------------------


FRAMES = "[...document.querySelectorAll('iframe')]"
FRAMES_LOADED = f"{FRAMES}.every((f) => f.contentDocument.readyState === 'complete')"
MARK_FRAMES = f"{FRAMES}.forEach((f) => {{ f.contentWindow.kept = true; }})"
FRAMES_MARKED = f"{FRAMES}.map((f) => f.contentWindow.kept === true)"
# Each frame is as tall as its email, so the page, not the frame, scrolls.
FRAME_HEIGHTS_FIT = (
    f"{FRAMES}.every((f) => Math.abs(f.clientHeight - f.contentDocument.body.scrollHeight) < 4)"
)


def test_live_reload_follows_edits_errors_and_fixes(browser: Browser, site: Path) -> None:
    data, body = issue_data(site)
    with PreviewServer(site, slug=EXAMPLE_SLUG, port=0) as server:
        page = open_page(browser, width=1180)
        try:
            page.goto(server.url)
            page.locator("#subject").filter(has_text=data["subject"]).wait_for()
            page.locator("#status.live").wait_for()
            page.evaluate("window.notReloaded = true")
            desktop = page.frame_locator("#frame-desktop")
            desktop.locator(".lead-title").filter(has_text="footbridge").wait_for()
            page.wait_for_function(FRAMES_LOADED, polling=POLL_MS)
            page.evaluate(MARK_FRAMES)

            data["blocks"][0]["title"] = "Footbridge opening party on Saturday"
            data["subject"] = "Edited while the preview was open"
            edit_until(
                server,
                lambda: write_issue(site, data, body),
                subject_is("Edited while the preview was open"),
            )
            page.locator("#subject").filter(has_text="Edited while the preview was open").wait_for()
            desktop.locator(".lead-title").filter(has_text="opening party").wait_for()
            page.frame_locator("#frame-phone").locator(".lead-title").filter(
                has_text="opening party"
            ).wait_for()
            # The new email replaced the old in the same frames: nothing loaded again.
            assert page.evaluate(FRAMES_MARKED) == [True, True]
            page.wait_for_function(FRAME_HEIGHTS_FIT, timeout=10_000, polling=POLL_MS)

            broken = {key: value for key, value in data.items() if key != "subject"}
            edit_until(
                server,
                lambda: write_issue(site, broken, body),
                lambda current: bool(current["problems"]),
            )
            problem = page.locator("#problems li").filter(
                has_text=f"content/issues/{EXAMPLE_SLUG}.md"
            )
            problem.first.wait_for()
            assert "subject: is required" in problem.first.inner_text()
            assert page.locator("#problems").is_visible()
            assert not page.locator("#frame-desktop").is_visible()

            data["subject"] = "Fixed again"
            edit_until(server, lambda: write_issue(site, data, body), subject_is("Fixed again"))
            page.locator("#subject").filter(has_text="Fixed again").wait_for()
            page.locator("#problems").wait_for(state="hidden")
            assert page.locator("#frame-desktop").is_visible()
            assert page.evaluate("window.notReloaded") is True
        finally:
            page.context.close()


def html_version(server: PreviewServer) -> str:
    issue = server.preview.issue(EXAMPLE_SLUG)
    assert issue is not None
    return str(issue["html_version"])


def wait_until(page: Page, done: Callable[[], bool]) -> None:
    """Let the page run until ``done()`` holds (route handlers run meanwhile)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not done():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(20)


def open_loaded(browser: Browser, server: PreviewServer) -> Page:
    """Open the preview's page and wait until it is live and both frames have loaded."""
    page = open_page(browser, width=1180)
    page.goto(server.url)
    page.locator("#status.live").wait_for()
    page.wait_for_function(FRAMES_LOADED, polling=POLL_MS)
    return page


def retitle_lead(server: PreviewServer, site: Path, title: str) -> None:
    """Give the lead story a new title and wait until the preview has built it."""
    data, body = issue_data(site)
    data["blocks"][0]["title"] = title
    before = html_version(server)
    edit_until(
        server, lambda: write_issue(site, data, body), lambda _: html_version(server) != before
    )


def test_an_edit_while_the_frames_load_another_page_ends_on_the_edit(
    browser: Browser, site: Path
) -> None:
    from playwright.sync_api import Error as PlaywrightError

    with PreviewServer(site, slug=EXAMPLE_SLUG, port=0) as server:
        page = open_loaded(browser, server)
        held: list[Any] = []
        try:
            # The dark pages are held back: the frames are loading them, still showing
            # the light page, when the edit arrives.
            page.route("**/dark/**", lambda route: held.append(route))
            page.check("#dark")
            wait_until(page, lambda: len(held) >= 2)
            retitle_lead(server, site, "Edited while the dark page loads")
            wait_until(page, lambda: len(held) >= 4)  # both frames asked for the new one
            page.unroute_all()
            for route in held:
                with contextlib.suppress(PlaywrightError):  # a load the frame gave up
                    route.continue_()
            for name in ("desktop", "phone"):
                frame = page.frame_locator(f"#frame-{name}")
                frame.locator(".lead-title").filter(has_text="dark page loads").wait_for()
            assert page.evaluate(
                f"{FRAMES}.every((f) => f.contentWindow.location.pathname.startsWith('/dark/'))"
            )
        finally:
            page.context.close()


def test_a_frame_hidden_during_an_edit_fits_its_email_when_shown(
    browser: Browser, site: Path
) -> None:
    with PreviewServer(site, slug=EXAMPLE_SLUG, port=0) as server:
        page = open_loaded(browser, server)
        try:
            page.click("button[data-view=desktop]")
            retitle_lead(server, site, "Edited while the phone frame is hidden " * 4)
            desktop = page.frame_locator("#frame-desktop")
            desktop.locator(".lead-title").filter(has_text="phone frame is hidden").wait_for()
            page.click("button[data-view=both]")
            phone = page.frame_locator("#frame-phone")
            phone.locator(".lead-title").filter(has_text="phone frame is hidden").wait_for()
            page.wait_for_function(FRAME_HEIGHTS_FIT, timeout=10_000, polling=POLL_MS)
        finally:
            page.context.close()


def test_missing_browser_fails_in_ci_and_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        unavailable("no Chromium found")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="no Chromium found"):
        unavailable("no Chromium found")


# Whether the desktop frame shows the email as the named client (or as sent, for "").
CLIENT_JS = """(name) => {
    const doc = document.querySelector('#frame-desktop').contentDocument;
    return doc && doc.documentElement && (doc.documentElement.dataset.client || '') === name;
}"""


def test_client_toggles_apply_the_render_checks_modes_to_the_frames(
    browser: Browser, served: PreviewServer
) -> None:
    page = open_page(browser, width=1180, height=820)
    try:
        page.goto(served.url + f"issues/{EXAMPLE_SLUG}")
        frame = page.wait_for_selector("#frame-desktop").content_frame()
        assert frame is not None
        frame.locator(".masthead-name").wait_for()
        options = page.eval_on_selector_all("#client option", "(all) => all.map((o) => o.value)")
        assert options == ["", "no-style", "gmail", "images-off", "dark-invert", "dark-outlook"]
        assert frame.evaluate("document.querySelectorAll('style').length") > 0

        page.select_option("#client", "no-style")
        page.wait_for_function(CLIENT_JS, arg="no-style", polling=POLL_MS)
        assert frame.evaluate("document.querySelectorAll('style').length") == 0

        page.select_option("#client", "dark-outlook")
        page.wait_for_function(CLIENT_JS, arg="dark-outlook", polling=POLL_MS)
        marked = frame.evaluate("document.querySelectorAll('[data-ogsc]').length")
        title = frame.eval_on_selector(".lead-title", "(el) => getComputedStyle(el).color")
        assert marked > 10 and title != "rgb(19, 49, 92)"  # no longer the light brand colour

        page.select_option("#client", "")
        page.wait_for_function(CLIENT_JS, arg="", polling=POLL_MS)
        assert frame.evaluate("document.querySelectorAll('[data-ogsc], [data-ogsb]').length") == 0
    finally:
        page.context.close()


# -- picture files: shown before they are pushed --------------------------------------------


NATURAL_JS = """() => Array.from(document.querySelectorAll('.block-lead img')).map((img) => ({
    src: img.currentSrc, width: img.naturalWidth, complete: img.complete}))"""


def test_the_preview_shows_a_picture_file_that_was_never_pushed(
    browser: Browser, site: Path
) -> None:
    from PIL import Image

    folder = site / "content" / "issues" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    # Narrower than the slot's 1104 px: kept at 800, so no stand-in has its width.
    Image.radial_gradient("L").resize((800, 500)).convert("RGB").save(folder / "new.jpg")
    data, body = issue_data(site)
    data["blocks"][0]["image"] = {"src": "images/new.jpg", "alt": "Not pushed yet"}
    write_issue(site, data, body)
    with PreviewServer(site, slug=EXAMPLE_SLUG, port=0) as server:
        hosted = (
            lxml_html.fromstring((site / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
            .cssselect(".block-lead img")[0]
            .get("src")
        )
        assert hosted.startswith("https://images.millbrookweekly.example/"), hosted
        context = browser.new_context(viewport={"width": 1180, "height": 800})
        context.set_default_timeout(WAIT_MS)
        # Nothing but this machine: a hosted URL would not load at all.
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(server.origin + "/")
                else route.abort()
            ),
        )
        page = context.new_page()
        try:
            page.goto(server.url)
            page.locator("#status.live").wait_for()
            page.wait_for_function(FRAMES_LOADED, polling=POLL_MS)
            for name in ("desktop", "phone"):
                frame = page.wait_for_selector(f"#frame-{name}").content_frame()
                assert frame is not None
                frame.wait_for_function(
                    "Array.from(document.images).every((image) => image.complete)",
                    polling=POLL_MS,
                )
                (lead,) = frame.evaluate(NATURAL_JS)
                assert lead["src"].startswith(f"{server.origin}/pictures/{EXAMPLE_SLUG}/new-")
                assert lead["width"] == 800, lead
            page.check("#dark")
            page.wait_for_function(
                "document.querySelector('#frame-desktop').contentWindow.location.pathname"
                f" === '/dark/{EXAMPLE_SLUG}/email.html'",
                polling=POLL_MS,
            )
            frame = page.wait_for_selector("#frame-desktop").content_frame()
            assert frame is not None
            frame.wait_for_function(
                "Array.from(document.images).every((image) => image.complete)", polling=POLL_MS
            )
            (lead,) = frame.evaluate(NATURAL_JS)
            assert lead["width"] == 800, lead
        finally:
            context.close()
    # out/ keeps the hosted URL: what is sent is not changed by the preview.
    assert hosted in (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")


# -- editions -------------------------------------------------------------------------------


EDITION_OPTIONS = "(all) => all.map((option) => [option.value, option.textContent])"
WELSH_SUBJECT = "Y bont yn ailagor, a'r sioe angen gwirfoddolwyr"


def url_edition(page: Page) -> str | None:
    """Return the edition the page's address names."""
    return dict(parse_qsl(urlsplit(page.url).query)).get("edition")


def edition_version(server: PreviewServer, edition: str) -> str:
    issue = server.preview.issue(EDITIONS_SLUG)
    assert issue is not None
    (shown,) = (item for item in issue["editions"] if item["id"] == edition)
    return str(shown["html_version"])


def test_the_edition_switcher_shows_each_edition_and_keeps_it_across_edits(
    browser: Browser, tmp_path: Path
) -> None:
    site = copy_fixture(tmp_path / "site")
    out = site / "out" / EDITIONS_SLUG
    with PreviewServer(site, slug=EDITIONS_SLUG, port=0) as server:
        page = open_page(browser, width=1180)
        try:
            page.goto(server.url)
            page.locator("#status.live").wait_for()
            desktop = page.frame_locator("#frame-desktop")
            phone = page.frame_locator("#frame-phone")
            # The first edition by default, and the URL says which.
            desktop.locator(".masthead-date").filter(has_text="English edition").wait_for()
            assert page.eval_on_selector_all("#edition option", EDITION_OPTIONS) == [
                ["en", "English edition (en)"],
                ["cy", "Rhifyn Cymraeg (cy)"],
            ]
            assert url_edition(page) == "en"

            page.select_option("#edition", "cy")
            page.locator("#subject").filter(has_text=WELSH_SUBJECT).wait_for()
            assert url_edition(page) == "cy"
            for frame in (desktop, phone):
                frame.locator(".masthead-date").filter(has_text="Rhifyn Cymraeg").wait_for()
                assert "Pont droed" in frame.locator(".lead-title").inner_text()
            assert page.inner_text("#crumb") == f"{EDITIONS_SLUG} \u00b7 Rhifyn Cymraeg"
            warnings = page.locator("#warnings li").all_inner_texts()
            assert warnings and all(" at [cy] " in warning for warning in warnings)
            assert page.get_attribute("#link-html", "href") == f"/out/{EDITIONS_SLUG}/cy/email.html"
            page.click("button[data-view=text]")
            page.wait_for_function(
                "document.querySelector('pre#text').textContent.includes('Rhifyn')",
                polling=POLL_MS,
            )
            assert page.text_content("pre#text") == (out / "cy" / "email.txt").read_text(
                encoding="utf-8"
            )
            page.click("button[data-view=both]")
            page.wait_for_function(FRAMES_LOADED, polling=POLL_MS)
            page.evaluate("window.notReloaded = true")

            # A save rebuilds the Welsh edition only; the page stays on it.
            english = edition_version(server, "en")
            welsh = edition_version(server, "cy")
            data, body = issue_data(site, EDITIONS_SLUG)
            data["blocks"][0]["translations"]["cy"]["title"] = "Pont newydd ar agor i bawb"
            edit_until(
                server,
                lambda: write_issue(site, data, body, slug=EDITIONS_SLUG),
                lambda _: edition_version(server, "cy") != welsh,
            )
            assert edition_version(server, "en") == english
            for frame in (desktop, phone):
                frame.locator(".lead-title").filter(has_text="Pont newydd ar agor").wait_for()
            assert page.input_value("#edition") == "cy"
            assert url_edition(page) == "cy"
            assert page.evaluate("window.notReloaded") is True

            # A reload, or the link shared, opens the same edition.
            page.reload()
            page.locator("#subject").filter(has_text=WELSH_SUBJECT).wait_for()
            desktop.locator(".lead-title").filter(has_text="Pont newydd ar agor").wait_for()
            assert page.input_value("#edition") == "cy"
        finally:
            page.context.close()


def test_an_editions_warnings_read_checking_until_its_checks_are_done(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from newsletter import checks

    site = copy_fixture(tmp_path / "site")
    capitals = "ALL IN CAPITALS FOR ONCE, THE WHOLE SUBJECT LINE"
    with PreviewServer(site, slug=EDITIONS_SLUG, port=0) as server:
        page = open_page(browser, width=1180)
        release = threading.Event()
        try:
            page.goto(server.url)
            page.locator("#status.live").wait_for()
            assert url_edition(page) == "en"
            # The checks of the next build wait for the test: the page shows that moment.
            real = checks.check

            def held(*args: Any, **kwargs: Any) -> list[Any]:
                release.wait(WAIT_MS / 1000)
                return real(*args, **kwargs)

            monkeypatch.setattr(checks, "check", held)
            data, body = issue_data(site, EDITIONS_SLUG)
            data["subject"] = capitals
            edit_until(
                server,
                lambda: write_issue(site, data, body, slug=EDITIONS_SLUG),
                lambda _: (server.preview.issue(EDITIONS_SLUG) or {}).get("checking") is True,
            )
            page.locator("#subject").filter(has_text=capitals).wait_for()
            # The English edition was rendered anew: its findings are not known yet.
            assert page.inner_text("#warnings") == "checking\u2026"
            release.set()
            page.locator("#warnings li").filter(has_text="capitals").first.wait_for()
        finally:
            release.set()
            page.context.close()
