"""The web archive of a newsletter with editions: each edition's own index, pages and feeds.

Built from the English and Welsh newsletter of tests/editions; every page is parsed with
lxml, every relative link followed to a file, every feed read with feedparser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
import yaml
from babel.dates import format_date
from lxml import html as lxml_html

from tests.support import (
    EXAMPLE_SLUG,
    copy_example,
    edit_settings,
    issue_data,
    run_cli,
    write_issue,
)
from tests.test_archive import archive_reads, resolve
from tests.test_editions import SLUG, copy_fixture

BASE = "https://www.valecourier.example/archive/"
ENGLISH_ONLY = "Parking charges stay the same this year"
WELSH_ONLY = "Eisteddfod y Fro"
DRAFT = "2026-07-10"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("editions-archive"))
    edit_settings(root, archive={"base_url": BASE})
    front, body = issue_data(root, SLUG)
    # A draft issue is in no edition's archive.
    write_issue(root, {**front, "date": "2026-07-10", "status": "draft"}, body, slug=DRAFT)
    editions = [{**each} for each in _settings(root)["editions"]]
    editions[1]["archive_path"] = "cymraeg"
    edit_settings(root, editions=editions)
    result = run_cli("archive", root=root)
    assert result.returncode == 0, result.stderr
    return root / "out" / "archive"


def _settings(root: Path) -> dict:
    from tests.test_editions import settings_data

    return settings_data(root)


def page(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def test_each_edition_has_its_own_index_feeds_and_issue_pages(archive: Path) -> None:
    for folder in ("en", "cymraeg"):
        for name in ("index.html", "feed.xml", "feed.json", "latest/index.html"):
            assert (archive / folder / name).is_file(), f"{folder}/{name}"
        assert (archive / folder / SLUG / "index.html").is_file()
        assert not (archive / folder / DRAFT).exists()
    # The Welsh edition lives under its archive_path, not its id; no issue at the top.
    assert not (archive / "cy").exists() and not (archive / SLUG).exists()


def test_each_edition_s_pages_hold_only_its_stories_in_its_language(archive: Path) -> None:
    english = page(archive / "en" / SLUG / "index.html")
    welsh = page(archive / "cymraeg" / SLUG / "index.html")
    assert english.get("lang") == "en-GB" and welsh.get("lang") == "cy"
    english_text, welsh_text = english.text_content(), welsh.text_content()
    assert ENGLISH_ONLY in english_text and WELSH_ONLY not in english_text
    assert WELSH_ONLY in welsh_text and ENGLISH_ONLY not in welsh_text
    assert "Pont droed Lôn y Felin yn ailagor" in welsh_text
    canonical = welsh.xpath("//link[@rel='canonical']/@href")
    assert canonical == [f"{BASE}cymraeg/{SLUG}/"]


def test_each_edition_s_issue_page_names_the_edition_after_the_date(archive: Path) -> None:
    for folder, name in (("en", "English edition"), ("cymraeg", "Rhifyn Cymraeg")):
        (dated,) = page(archive / folder / SLUG / "index.html").cssselect(".masthead-date")
        assert dated.text_content().endswith(f" · {name}"), dated.text_content()
        assert dated.cssselect("time")[0].get("datetime") == "2026-07-03"


def test_each_edition_s_index_lists_its_issues_with_its_subject(archive: Path) -> None:
    english = page(archive / "en" / "index.html")
    welsh = page(archive / "cymraeg" / "index.html")
    href = f"//a[@href='./{SLUG}/']"
    assert english.xpath(href) and welsh.xpath(href)
    assert "The bridge reopens" in english.text_content()
    assert "Y bont yn ailagor" in welsh.text_content()
    assert welsh.get("lang") == "cy"
    assert "Rhifyn Cymraeg" in welsh.findtext(".//title")


def test_each_edition_s_feed_carries_its_email_content(archive: Path) -> None:
    english = feedparser.parse((archive / "en" / "feed.xml").read_bytes())
    welsh = feedparser.parse((archive / "cymraeg" / "feed.xml").read_bytes())
    assert not english.bozo and not welsh.bozo
    (en_entry,) = english.entries
    (cy_entry,) = welsh.entries
    assert en_entry.link == f"{BASE}en/{SLUG}/" and cy_entry.link == f"{BASE}cymraeg/{SLUG}/"
    en_content, cy_content = en_entry.content[0].value, cy_entry.content[0].value
    assert ENGLISH_ONLY in en_content and WELSH_ONLY not in en_content
    assert WELSH_ONLY in cy_content and ENGLISH_ONLY not in cy_content
    assert welsh.feed.title.endswith("Rhifyn Cymraeg")


def test_the_front_page_links_every_edition(archive: Path) -> None:
    front = page(archive / "index.html")
    links = {a.text_content().strip(): a.get("href") for a in front.iter("a")}
    assert links.get("English edition") == "./en/" and links.get("Rhifyn Cymraeg") == "./cymraeg/"
    (welsh_item,) = [li for li in front.iter("li") if "Rhifyn" in li.text_content()]
    assert welsh_item.get("lang") == "cy"
    assert not front.xpath("//link[@rel='alternate']") and "feed.xml" not in front.text_content()


def test_every_relative_link_of_every_page_leads_to_a_file(archive: Path) -> None:
    checked = 0
    for path in sorted(archive.rglob("*.html")):
        for element in page(path).iter("a", "link"):
            href = element.get("href") or ""
            if not href or href.startswith(("http:", "https:", "mailto:", "#")):
                continue
            assert resolve(archive, path, href).is_file(), f"{href} on {path}"
            checked += 1
    assert checked > 10


# -- the archive's own strings, in each edition's language -------------------------

SIGNUP = "https://www.valecourier.example/subscribe"
ISSUES = 52  # more than one index page (pages.PAGE_SIZE is 50)


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the archive of a three-edition newsletter: English, Welsh and Arabic (rtl).

    It has no tagline, so the archive's description is its own default text, and
    enough numbered issues for two index pages and neighbours on every issue page.
    """
    root = copy_fixture(tmp_path_factory.mktemp("editions-languages"))
    data = _settings(root)
    data.pop("tagline")
    arabic = {"id": "ar", "name": "Arabic edition", "language": "ar", "direction": "rtl"}
    (root / "content" / "newsletter.yaml").write_text(
        yaml.safe_dump(
            {
                **data,
                "editions": [*data["editions"], arabic],
                "archive": {"base_url": BASE, "signup_url": SIGNUP},
            },
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    front, body = issue_data(root, SLUG)
    write_issue(root, {**front, "number": 200}, body, slug=SLUG)
    for back in range(1, ISSUES):
        day = dt.date(2026, 7, 3) - dt.timedelta(weeks=back)
        write_issue(
            root, {**front, "date": day.isoformat(), "number": 200 - back}, body, slug=str(day)
        )
    result = run_cli("archive", root=root)
    assert result.returncode == 0, result.stderr
    return root / "out" / "archive"


def texts(tree: lxml_html.HtmlElement, selector: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in tree.cssselect(selector)]


def test_the_welsh_edition_s_archive_pages_are_in_welsh(languages: Path) -> None:
    index = page(languages / "cy" / "index.html")
    assert (index.get("lang"), index.get("dir")) == ("cy", "ltr")
    assert texts(index, ".site-signup") == ["Tanysgrifio"]
    assert texts(index, ".site-footer p a")[:3] == [
        "Pob rhifyn",
        "Ffrwd",
        "Tanysgrifio i The Vale Courier",
    ]
    assert texts(index, ".archive-meta")[0] == "Dydd Gwener, 3 Gorffennaf 2026 · Rhifyn 200"
    (pages,) = index.cssselect("nav.archive-pages")
    assert pages.get("aria-label") == "Tudalennau"
    assert " ".join(pages.text_content().split()) == "Tudalen 1 o 2 Rhifynnau hŷn →"
    description = "Pob rhifyn o The Vale Courier."
    assert texts(index, ".archive-description") == [description]
    assert index.xpath("//meta[@name='description']/@content") == [description]

    second = page(languages / "cy" / "page" / "2" / "index.html")
    assert second.findtext(".//title").endswith(" \N{EN DASH} tudalen 2")
    assert "← Rhifynnau mwy diweddar" in " ".join(second.text_content().split())

    issue = page(languages / "cy" / "2026-06-26" / "index.html")
    (back,) = issue.cssselect("nav.site-nav")
    assert back.get("aria-label") == "Archif" and back.text_content() == "← Pob rhifyn"
    (neighbours,) = issue.cssselect("nav.issue-nav")
    assert neighbours.get("aria-label") == "Rhagor o rifynnau"
    assert texts(neighbours, "span") == ["Rhifyn blaenorol", "Rhifyn nesaf"]
    assert texts(issue, ".masthead-date")[0].startswith("Dydd Gwener, 26 Mehefin 2026 · Rhifyn 199")

    latest = page(languages / "cy" / "latest" / "index.html")
    assert texts(latest, ".archive-latest")[0].startswith("Darllen y rhifyn diweddaraf: ")

    feed = feedparser.parse((languages / "cy" / "feed.xml").read_bytes())
    assert feed.feed.subtitle == description and feed.feed.language == "cy"

    english_strings = ["All issues", "Subscribe", "Older issues", "Previous issue", "Page 1"]
    for path in (languages / "cy").rglob("*.html"):
        shown = page(path).text_content()
        assert not [text for text in english_strings if text in shown], path


def test_the_english_edition_keeps_the_english_strings(languages: Path) -> None:
    index = page(languages / "en" / "index.html")
    assert (index.get("lang"), index.get("dir")) == ("en-GB", "ltr")
    assert texts(index, ".site-footer p a")[:3] == [
        "All issues",
        "Feed",
        "Subscribe to The Vale Courier",
    ]
    assert texts(index, ".archive-meta")[0] == "Friday 3 July 2026 · Issue 200"
    issue = page(languages / "en" / "2026-06-26" / "index.html")
    assert texts(issue, ".issue-nav span") == ["Previous issue", "Next issue"]


def test_an_edition_written_right_to_left_has_its_direction_on_every_page(
    languages: Path,
) -> None:
    for path in (languages / "ar").rglob("*.html"):
        tree = page(path)
        assert (tree.get("lang"), tree.get("dir")) == ("ar", "rtl"), path
    # No catalog for Arabic: its fixed strings stay English, its dates are Babel's.
    index = page(languages / "ar" / "index.html")
    assert texts(index, ".site-footer p a")[0] == "All issues"
    date = format_date(dt.date(2026, 7, 3), "full", locale="ar")
    assert texts(index, ".archive-meta")[0] == f"{date} · Issue 200"


def test_an_archive_without_editions_keeps_its_english_strings(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit_settings(root, archive={"base_url": BASE, "signup_url": SIGNUP})
    run_cli("archive", root=root, check=True)
    archive = root / "out" / "archive"
    index = page(archive / "index.html")
    language = yaml.safe_load((root / "content/newsletter.yaml").read_text("utf-8"))["language"]
    assert (index.get("lang"), index.get("dir")) == (language, "ltr")
    assert texts(index, ".site-signup") == ["Subscribe"]
    assert texts(index, ".site-footer p:last-child a")[:2] == ["All issues", "Feed"]
    assert texts(index, ".archive-meta")[0] == "Friday 5 June 2026 · Issue 142"
    issue = page(archive / EXAMPLE_SLUG / "index.html")
    assert texts(issue, "nav.site-nav") == ["← All issues"]
    latest = page(archive / "latest" / "index.html")
    assert texts(latest, ".archive-latest")[0].startswith("Read the latest issue: ")


def test_a_build_gives_the_archive_the_issues_it_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsletter.commands.build import build

    root = copy_fixture(tmp_path / "site")
    edit_settings(root, archive={"base_url": BASE})
    read = archive_reads(monkeypatch)
    report = build(root, jobs=1)
    assert report.archive is not None and report.archive.issues == 1
    assert read == []  # rendered, so loaded, by the build
    made = (root / "out" / "archive" / "en" / SLUG / "index.html").read_bytes()
    assert not build(root, jobs=1).built[0].editions  # every edition unchanged
    assert read == [SLUG]
    assert (root / "out" / "archive" / "en" / SLUG / "index.html").read_bytes() == made
