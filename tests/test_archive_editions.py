"""The web archive of a newsletter with editions: each edition's own index, pages and feeds.

Built from the English and Welsh newsletter of tests/editions; every page is parsed with
lxml, every relative link followed to a file, every feed read with feedparser.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from tests.support import edit_settings, issue_data, run_cli, write_issue
from tests.test_archive import resolve
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
