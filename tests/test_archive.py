"""The web archive as built: its pages, links, feeds, drafts, determinism and the preview."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest

from newsletter.archive.feeds import FEED_ENTRIES
from newsletter.archive.pages import PAGE_SIZE
from newsletter.archive.site import load_all, ready_entries, site_files
from newsletter.pipeline import open_newsletter
from newsletter.preview.server import PreviewServer
from newsletter.services import PROFILES
from tests.support import (
    EXAMPLE_SLUG,
    copy_example,
    edit_settings,
    example_lead_url,
    issue_data,
    run_cli,
    tree_bytes,
    write_issue,
)
from tests.test_preview import request

BASE = "https://www.millbrookweekly.example/newsletter/"
SIGNUP = "https://www.millbrookweekly.example/subscribe"
ATOM_NS = "http://www.w3.org/2005/Atom"
OLDER = "2026-05-29"
DRAFT = "2026-06-12"
DRAFT_SUBJECT = "Unfinished: the draft nobody may see yet"
OLDER_SUBJECT = "Late May: the Vale Show programme is out"
Feed = feedparser.FeedParserDict
MERGE_TAGS = sorted(
    {tag for profile in PROFILES.values() for tag in profile.tags()}
    | {
        tag
        for profile in PROFILES.values()
        if profile.if_first_name
        for tag in profile.if_first_name
    }
)


def enable_archive(root: Path, **extra: object) -> None:
    """Turn the web archive on in a test's copy of the example settings."""
    edit_settings(root, archive={"base_url": BASE.rstrip("/"), "signup_url": SIGNUP, **extra})


def add_issue(
    root: Path,
    slug: str,
    *,
    subject: str,
    date: str,
    status: str | None = None,
    number: int | None = None,
    lead: bool = True,
) -> None:
    """Write another issue from the example: a new subject and date, perhaps a status."""
    data, body = issue_data(root)
    data.update(subject=subject, date=date, number=number)
    if status is not None:
        data["status"] = status
    if not lead:
        data["blocks"] = [block for block in data["blocks"] if block["type"] != "lead"]
    write_issue(root, data, body, slug=slug)


def make_site(root: Path) -> Path:
    """Return the example with the archive on, an older ready issue and a newer draft."""
    copy_example(root)
    enable_archive(root)
    add_issue(root, OLDER, subject=OLDER_SUBJECT, date=OLDER, number=141, lead=False)
    add_issue(root, DRAFT, subject=DRAFT_SUBJECT, date=DRAFT, number=143, status="draft")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the archive site once for the tests that only read it; return its root."""
    root = make_site(tmp_path_factory.mktemp("archive") / "site")
    run_cli("build", root=root, check=True)
    return root


def archive_of(root: Path) -> Path:
    return root / "out" / "archive"


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def meta(doc: lxml.html.HtmlElement, key: str) -> str:
    """Return the content of the one <meta> named ``key`` (by property or name)."""
    (value,) = doc.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
    return value


def html_files(archive: Path) -> list[Path]:
    return sorted(archive.rglob("*.html"))


# -- the issue page --------------------------------------------------------------------------


def test_issue_page_has_every_tag_a_shared_link_needs(built: Path) -> None:
    data, _ = issue_data(built)
    doc = parse(archive_of(built) / EXAMPLE_SLUG / "index.html")
    lead = data["blocks"][0]["image"]
    url = f"{BASE}{EXAMPLE_SLUG}/"
    assert doc.findtext(".//title") == f"{data['subject']} \u2013 The Millbrook Weekly"
    assert meta(doc, "description") == data["preheader"]
    assert doc.xpath("//link[@rel='canonical']/@href") == [url]
    assert meta(doc, "viewport") == "width=device-width, initial-scale=1"
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == data["subject"]
    assert meta(doc, "og:description") == data["preheader"]
    assert meta(doc, "og:url") == url
    assert meta(doc, "og:image") == example_lead_url()
    assert meta(doc, "og:image:alt") == lead["alt"]
    assert meta(doc, "og:site_name") == "The Millbrook Weekly"
    assert meta(doc, "article:published_time") == "2026-06-05T08:00:00+00:00"
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert meta(doc, "twitter:title") == data["subject"]
    assert meta(doc, "twitter:description") == data["preheader"]
    assert meta(doc, "twitter:image") == example_lead_url()
    feeds = doc.xpath("//link[@rel='alternate']/@href")
    assert feeds == [f"{BASE}feed.xml", f"{BASE}feed.json"]
    assert doc.xpath("//h1/text()") == [data["subject"]]
    assert doc.xpath("//a[.='\u2190 All issues']/@href") == ["../"]


def test_issue_page_is_the_email_in_web_mode(built: Path) -> None:
    doc = parse(archive_of(built) / EXAMPLE_SLUG / "index.html")
    email = lxml.html.fromstring((built / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    blocks = [block.get("class") for block in doc.xpath("//article//*[contains(@class,'block-')]")]
    emailed = [cell.get("class") for cell in email.xpath("//td[contains(@class,'block-')]")]
    assert blocks == emailed, "every block of the email, in order, drawn by the same partials"
    assert doc.xpath("//article//h2/a/@href")[:2] == email.xpath("//td//h2/a/@href")[:2]
    assert not doc.xpath("//*[contains(@class,'preheader')]")
    text = doc.text_content()
    assert "\u034f" not in text and "\u200c" not in text, "no preheader filler"
    greeting = doc.xpath("//div[contains(@class,'intro')]//p[1]/text()")[0]
    assert greeting == "Good morning,", "a greeting that needs a first name: the fallback"
    assert "Unsubscribe" not in text and "View this email" not in text
    assert doc.xpath(f"//a[@href='{SIGNUP}']")


def test_a_greeting_without_a_name_stays_and_no_signup_link_without_signup_url(
    site: Path,
) -> None:
    edit_settings(site, archive={"base_url": BASE}, greeting="Hello, Millbrook.")
    run_cli("archive", root=site, check=True)
    doc = parse(archive_of(site) / EXAMPLE_SLUG / "index.html")
    assert doc.xpath("//div[contains(@class,'intro')]//p[1]/text()")[0] == "Hello, Millbrook."
    assert "Subscribe" not in doc.text_content()
    assert not doc.xpath("//a[contains(@href,'subscribe')]")


def test_no_merge_tag_of_any_service_anywhere_in_the_archive(built: Path) -> None:
    assert {"*|ARCHIVE|*", "{{ unsubscribe }}", "*|IF:FNAME|*", "*|UPDATE_PROFILE|*"} <= set(
        MERGE_TAGS
    )
    for name, body in tree_bytes(archive_of(built)).items():
        text = body.decode()
        for tag in [*MERGE_TAGS, "NLTAG_", "{first_name}"]:
            assert tag not in text, f"{tag} in out/archive/{name}"
        # Also as the feeds spell HTML: escaped.
        assert "*|" not in text and "{{" not in text, name


def test_no_service_puts_a_merge_tag_in_the_archive(built: Path) -> None:
    opened = open_newsletter(built)
    for service in PROFILES:
        settings = opened.settings.model_copy(update={"mailing_service": service})
        newsletter = dataclasses.replace(opened, settings=settings)
        files = site_files(newsletter, ready_entries(newsletter, load_all(newsletter)))
        for name, body in files.items():
            found = [tag for tag in [*MERGE_TAGS, "NLTAG_"] if tag in body.decode()]
            assert not found, f"{service}: {found} in {name}"


# -- links ----------------------------------------------------------------------------------


def resolve(archive: Path, page: Path, href: str) -> Path:
    """Return the file a relative link on ``page`` opens, as a static host serves it."""
    host = "https://host.example/any/folder/"
    url = urljoin(host + page.relative_to(archive).as_posix(), href)
    assert url.startswith(host), f"{href} on {page} leaves the archive"
    path = url.removeprefix(host)
    return archive / (path + "index.html" if path.endswith("/") or not path else path)


def test_links_inside_the_site_are_relative_and_lead_to_files(built: Path) -> None:
    archive = archive_of(built)
    checked = 0
    for page in html_files(archive):
        doc = parse(page)
        refresh = doc.xpath("//meta[@http-equiv='refresh']/@content")
        targets = doc.xpath("//a/@href | //img/@src") + [
            value.split("url=", 1)[1] for value in refresh
        ]
        for href in targets:
            parts = urlsplit(href)
            if parts.scheme:
                assert not href.startswith(BASE), f"{page}: {href} should be relative"
                continue
            target = resolve(archive, page, href)
            assert target.resolve().is_relative_to(archive.resolve()), (page, href)
            assert target.is_file(), f"{page.relative_to(archive)}: {href} -> {target}"
            checked += 1
        for href in doc.xpath("//link/@href | //meta[@property='og:url']/@content"):
            assert href.startswith(BASE), f"{page}: {href} must be absolute"
    assert checked > 10


def test_issue_pages_link_to_the_issues_either_side(built: Path) -> None:
    newest = parse(archive_of(built) / EXAMPLE_SLUG / "index.html")
    older = parse(archive_of(built) / OLDER / "index.html")
    assert newest.xpath("//a[@rel='prev']/@href") == [f"../{OLDER}/"]
    assert not newest.xpath("//a[@rel='next']")
    assert older.xpath("//a[@rel='next']/@href") == [f"../{EXAMPLE_SLUG}/"]


# -- index, latest and drafts ---------------------------------------------------------------


def test_index_lists_the_ready_issues_newest_first(built: Path) -> None:
    data, _ = issue_data(built)
    doc = parse(archive_of(built) / "index.html")
    items = doc.xpath("//li[contains(@class,'archive-item')]")
    assert [item.xpath(".//h2/a/text()")[0] for item in items] == [data["subject"], OLDER_SUBJECT]
    assert [item.xpath(".//h2/a/@href")[0] for item in items] == [
        f"./{EXAMPLE_SLUG}/",
        f"./{OLDER}/",
    ]
    assert [item.xpath(".//time/@datetime")[0] for item in items] == [EXAMPLE_SLUG, OLDER]
    assert items[0].xpath(".//p[contains(@class,'preheader')]/text()") == [data["preheader"]]
    assert doc.xpath("//link[@rel='canonical']/@href") == [BASE]
    assert meta(doc, "description") == "News, events and jobs from Millbrook and the Vale"
    assert meta(doc, "og:type") == "website"
    assert not (archive_of(built) / "page").exists(), "one page holds up to 50 issues"


def test_a_draft_never_reaches_the_archive(built: Path) -> None:
    archive = archive_of(built)
    assert not (archive / DRAFT).exists()
    for name, body in tree_bytes(archive).items():
        assert DRAFT not in name
        assert DRAFT.encode() not in body and DRAFT_SUBJECT.encode() not in body, name
    assert (built / "out" / DRAFT / "email.html").is_file(), "drafts still build as email"


def test_latest_sends_readers_to_the_newest_ready_issue(built: Path) -> None:
    doc = parse(archive_of(built) / "latest" / "index.html")
    assert doc.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url=../{EXAMPLE_SLUG}/"]
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"{BASE}{EXAMPLE_SLUG}/"]
    assert doc.xpath("//main//a/@href") == [f"../{EXAMPLE_SLUG}/"]


def test_with_no_ready_issue_the_archive_is_empty_but_whole(site: Path) -> None:
    data, body = issue_data(site)
    write_issue(site, {**data, "status": "draft"}, body)
    enable_archive(site)
    run_cli("build", root=site, check=True)
    archive = archive_of(site)
    assert sorted(tree_bytes(archive)) == [
        "feed.json",
        "feed.xml",
        "index.html",
        "latest/index.html",
    ]
    assert "No issues yet." in parse(archive / "index.html").text_content()
    latest = parse(archive / "latest" / "index.html")
    assert latest.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../"]
    feed = feedparser.parse((archive / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00+00:00"


def test_marking_an_issue_draft_again_takes_it_off_the_site(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(built / "content", root / "content")
    shutil.copytree(built / "templates", root / "templates")
    shutil.copytree(archive_of(built), archive_of(root))
    data, body = issue_data(root, OLDER)
    write_issue(root, {**data, "status": "draft"}, body, slug=OLDER)
    run_cli("archive", root=root, check=True)
    assert not (archive_of(root) / OLDER).exists()
    assert OLDER_SUBJECT not in (archive_of(root) / "index.html").read_text(encoding="utf-8")


def test_index_pages_past_fifty_issues(site: Path) -> None:
    data, body = issue_data(site)
    small = {**data, "blocks": [data["blocks"][1]]}
    first = dt.date(2024, 1, 5)
    count = PAGE_SIZE + 2
    for week in range(count):
        date = first + dt.timedelta(weeks=week)
        issue = {**small, "subject": f"Week {week + 1}", "date": date.isoformat()}
        write_issue(site, issue, body, slug=date.isoformat())
    (site / "content" / "issues" / f"{EXAMPLE_SLUG}.md").unlink()
    enable_archive(site)
    run_cli("archive", root=site, check=True)
    archive = archive_of(site)
    one = parse(archive / "index.html")
    two = parse(archive / "page" / "2" / "index.html")
    subjects = one.xpath("//li//h2/a/text()") + two.xpath("//li//h2/a/text()")
    assert subjects == [f"Week {n}" for n in range(count, 0, -1)]
    assert len(one.xpath("//li//h2/a")) == PAGE_SIZE
    assert one.xpath("//a[@rel='next']/@href") == ["./page/2/"]
    assert two.xpath("//a[@rel='prev']/@href") == ["../../"]
    assert not two.xpath("//a[@rel='next']")
    assert two.xpath("//link[@rel='canonical']/@href") == [f"{BASE}page/2/"]
    assert two.xpath("//li//h2/a/@href")[0] == "../../2024-01-12/"
    assert (archive / "2024-01-12" / "index.html").is_file()
    assert "Page 2 of 2" in two.text_content()
    feed = feedparser.parse((archive / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == subjects[:FEED_ENTRIES]


# -- feeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atom(built: Path) -> Feed:
    return feedparser.parse((archive_of(built) / "feed.xml").read_bytes())


def test_atom_feed_round_trips_through_feedparser(built: Path, atom: Feed) -> None:
    data, _ = issue_data(built)
    assert not atom.bozo, atom.get("bozo_exception")
    assert atom.version == "atom10"
    assert atom.feed.title == "The Millbrook Weekly"
    assert atom.feed.id == BASE
    assert atom.feed.link == BASE
    assert atom.feed.language == "en-GB"
    assert atom.feed.author == "The Millbrook Weekly"
    assert [link.href for link in atom.feed.links if link.rel == "self"] == [f"{BASE}feed.xml"]
    assert atom.feed.updated == "2026-06-05T08:00:00+00:00"
    assert [entry.id for entry in atom.entries] == [f"{BASE}{EXAMPLE_SLUG}/", f"{BASE}{OLDER}/"]
    assert [entry.link for entry in atom.entries] == [f"{BASE}{EXAMPLE_SLUG}/", f"{BASE}{OLDER}/"]
    assert [entry.title for entry in atom.entries] == [data["subject"], OLDER_SUBJECT]
    times = [dt.datetime(*entry.updated_parsed[:6]) for entry in atom.entries]
    assert times == [dt.datetime(2026, 6, 5, 8), dt.datetime(2026, 5, 29, 8)]
    assert [entry.published for entry in atom.entries] == [entry.updated for entry in atom.entries]
    newest = atom.entries[0]
    assert newest.summary == data["preheader"]
    (content,) = newest.content
    assert content.type == "text/html"
    body = lxml.html.fromstring(content.value)
    assert body.xpath("//h2/a/text()")[0] == data["blocks"][0]["title"]
    assert "<p>Good morning,</p>" in content.value and "masthead" not in content.value


def test_atom_feed_keeps_the_rules_that_matter(built: Path, atom: Feed) -> None:
    ids = [entry.id for entry in atom.entries]
    assert len(ids) == len(set(ids)) == 2, "ids are unique"
    assert atom.feed.get("updated") and all(entry.get("updated") for entry in atom.entries)
    links = [link.href for link in atom.feed.links] + [
        link.href for entry in atom.entries for link in entry.links
    ]
    for href in links:
        parts = urlsplit(href)
        assert parts.scheme == "https" and parts.netloc, f"{href} is not absolute"
    for entry in atom.entries:
        for href in lxml.html.fromstring(entry.content[0].value).xpath("//a/@href | //img/@src"):
            assert urlsplit(href).scheme == "https", f"{href} in {entry.id} is not absolute"
    raw = (archive_of(built) / "feed.xml").read_bytes()
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=")
    assert b"http://www.w3.org/2005/Atom" in raw


def test_json_feed_matches_the_atom_feed(built: Path, atom: Feed) -> None:
    feed = json.loads((archive_of(built) / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{BASE}feed.json"
    assert feed["home_page_url"] == BASE
    items = feed["items"]
    assert [item["id"] for item in items] == [entry.id for entry in atom.entries]
    assert [item["url"] for item in items] == [entry.link for entry in atom.entries]
    assert [item["date_published"] for item in items] == [
        "2026-06-05T08:00:00+00:00",
        "2026-05-29T08:00:00+00:00",
    ]
    raw = lxml.etree.parse(archive_of(built) / "feed.xml")
    contents = raw.xpath("//a:entry/a:content/text()", namespaces={"a": ATOM_NS})
    assert [item["content_html"] for item in items] == contents
    assert items[0]["image"] == example_lead_url()


# -- determinism and safety -----------------------------------------------------------------


def test_two_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = make_site(tmp_path / "elsewhere")
    result = run_cli("archive", root=again, check=True)
    assert result.stdout == "built out/archive/ (2 issues; 1 draft left out)\n"
    assert tree_bytes(archive_of(again)) == tree_bytes(archive_of(built))


def archive_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Spy on the archive's issue loader; return the slugs it reads from files, in order."""
    from newsletter.archive import site as archive_site

    real = archive_site.load_issue
    read: list[str] = []

    def spy(path: Path, **options: Any) -> Any:
        read.append(path.stem)
        return real(path, **options)

    monkeypatch.setattr(archive_site, "load_issue", spy)
    return read


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_archive_reads_only_the_issues_the_build_did_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from newsletter.commands.build import build

    root = make_site(tmp_path / "site")
    read = archive_reads(monkeypatch)
    report = build(root, jobs=jobs)
    assert [built.reused for built in report.built] == [False, False, False]
    assert report.archive is not None and (report.archive.issues, report.archive.drafts) == (2, 1)
    assert read == []  # every issue was rendered, so loaded, by this build
    # One issue edited: the two the build skipped as unchanged are read from their files.
    data, body = issue_data(root, OLDER)
    write_issue(root, {**data, "subject": "Late May, edited"}, body, slug=OLDER)
    report = build(root, jobs=jobs)
    assert [built.slug for built in report.built if not built.reused] == [OLDER]
    assert read == [EXAMPLE_SLUG, DRAFT]
    # The same archive as one made from the files alone.
    made = tree_bytes(archive_of(root))
    assert "Late May, edited" in made["index.html"].decode()
    shutil.rmtree(archive_of(root))
    run_cli("archive", root=root, check=True)
    assert tree_bytes(archive_of(root)) == made


def test_an_invalid_issue_leaves_the_archive_as_it_was(site: Path) -> None:
    enable_archive(site)
    add_issue(site, OLDER, subject=OLDER_SUBJECT, date=OLDER)
    run_cli("archive", root=site, check=True)
    before = tree_bytes(archive_of(site))
    data, body = issue_data(site, OLDER)
    write_issue(site, {**data, "subject": ""}, body, slug=OLDER)
    result = run_cli("build", EXAMPLE_SLUG, root=site)
    assert result.returncode == 2
    assert "out/archive/ not updated" in result.stdout
    assert f"content/issues/{OLDER}.md" in result.stderr
    assert tree_bytes(archive_of(site)) == before
    assert not [path for path in (site / "out").iterdir() if path.name.startswith(".")]


def test_an_issue_may_not_take_a_name_the_archive_uses(site: Path) -> None:
    enable_archive(site)
    add_issue(site, "latest", subject="Clash", date=OLDER)
    result = run_cli("archive", root=site)
    assert result.returncode == 2
    assert "content/issues/latest.md: the name 'latest' is taken by the web archive" in (
        result.stderr
    )
    assert not archive_of(site).exists()


def test_archive_command_needs_the_setting(site: Path) -> None:
    result = run_cli("archive", root=site)
    assert result.returncode == 2
    assert "content/newsletter.yaml: archive: no web archive is set up" in result.stderr
    assert not archive_of(site).exists()
    assert "out/archive" not in run_cli("build", root=site, check=True).stdout


def test_archive_command_writes_only_the_site(site: Path) -> None:
    enable_archive(site)
    result = run_cli("archive", root=site, check=True)
    assert result.stdout == "built out/archive/ (1 issue)\n"
    assert sorted(path.name for path in (site / "out").iterdir()) == ["archive"]


# -- settings and status --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("http://www.millbrookweekly.example/newsletter/", "must be an https:// URL"),
        ("https://www.millbrookweekly.example/newsletter/?page=1", "without ?query"),
        ("newsletter/", "must be an absolute http:// or https:// URL"),
    ],
)
def test_base_url_must_be_an_https_folder(site: Path, base_url: str, message: str) -> None:
    edit_settings(site, archive={"base_url": base_url})
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert "content/newsletter.yaml" in result.stderr and "archive.base_url" in result.stderr
    assert message in result.stderr


def test_base_url_gets_its_final_slash() -> None:
    from newsletter.models import Archive

    assert Archive(base_url="https://example.org/news").base_url == "https://example.org/news/"
    assert Archive(base_url="https://example.org").issue_url("x") == "https://example.org/x/"


def test_status_must_be_draft_ready_or_sent(site: Path) -> None:
    data, body = issue_data(site)
    write_issue(site, {**data, "status": "published"}, body)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert f"content/issues/{EXAMPLE_SLUG}.md:" in result.stderr
    assert "status" in result.stderr and "'draft', 'ready' or 'sent'" in result.stderr


def test_sent_issues_are_published_like_ready_ones(site: Path) -> None:
    data, body = issue_data(site)
    write_issue(site, {**data, "status": "sent"}, body)
    enable_archive(site)
    run_cli("archive", root=site, check=True)
    assert (archive_of(site) / EXAMPLE_SLUG / "index.html").is_file()


# -- the email's view-online link ------------------------------------------------------------


def test_view_online_points_at_the_archive_page(built: Path) -> None:
    email = lxml.html.fromstring((built / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    url = f"{BASE}{EXAMPLE_SLUG}/"
    assert email.xpath("//a[.='View this email in your browser']/@href") == [url]
    assert email.xpath("//a[.='View online']/@href") == [url]
    text = (built / "out" / EXAMPLE_SLUG / "email.txt").read_text(encoding="utf-8")
    assert f"View online: {url}" in text
    assert "*|ARCHIVE|*" not in text


def test_view_online_false_keeps_the_service_tag(site: Path) -> None:
    enable_archive(site, view_online=False)
    run_cli("build", root=site, check=True)
    email = lxml.html.fromstring((site / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    assert email.xpath("//a[.='View online']/@href") == ["*|ARCHIVE|*"]


def test_without_an_archive_the_email_is_unchanged(site: Path) -> None:
    run_cli("build", root=site, check=True)
    email = lxml.html.fromstring((site / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    assert email.xpath("//a[.='View online']/@href") == ["*|ARCHIVE|*"]


# -- the preview ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    root = make_site(tmp_path_factory.mktemp("served") / "site")
    with PreviewServer(root, port=0) as server:
        yield server


def test_preview_serves_the_archive_like_a_web_host(served: PreviewServer) -> None:
    archive = served.preview.out / "archive"
    status, headers, body = request(served, "/archive/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.startswith((archive / "index.html").read_bytes().split(b"</body>")[0])
    assert b"new EventSource('/api/events')" in body, "live reload is added while serving"
    assert b"EventSource" not in (archive / "index.html").read_bytes(), "but never to out/"
    status, _, body = request(served, f"/archive/{EXAMPLE_SLUG}/")
    assert status == 200 and b'<h1 class="issue-subject">' in body
    for path, location in [
        ("/archive", "/archive/"),
        (f"/archive/{EXAMPLE_SLUG}", f"/archive/{EXAMPLE_SLUG}/"),
    ]:
        status, headers, _ = request(served, path)
        assert (status, headers["Location"]) == (301, location)
    status, headers, body = request(served, "/archive/feed.xml")
    assert status == 200 and headers["Content-Type"] == "application/xml; charset=utf-8"
    assert body == (archive / "feed.xml").read_bytes()
    status, headers, _ = request(served, "/archive/feed.json")
    assert (status, headers["Content-Type"]) == (200, "application/json")


@pytest.mark.parametrize(
    "path",
    [
        "/archive/../2026-06-05/email.html",
        "/archive/%2e%2e/2026-06-05/email.html",
        f"/archive/{DRAFT}/",
        "/archive/missing/",
        "/archive/page/",
        "/archive//index.html",
    ],
)
def test_preview_archive_refuses_what_a_host_would_not_serve(
    served: PreviewServer, path: str
) -> None:
    status, _, _ = request(served, path)
    assert status == 404


def test_write_folder_takes_files_in_subfolders(tmp_path: Path) -> None:
    from newsletter.output import write_folder

    folder = tmp_path / "archive"
    files = {"index.html": b"top", "a/index.html": b"a", "page/2/index.html": b"2"}
    assert write_folder(folder, files, keep_others=False)
    assert tree_bytes(folder) == files
    assert not write_folder(folder, files, keep_others=False), "unchanged: nothing written"
    assert write_folder(folder, {"index.html": b"top"}, keep_others=False)
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")) == [
        "index.html"
    ]
    assert [path.name for path in tmp_path.iterdir()] == ["archive"]
