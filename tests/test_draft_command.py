"""newsletter new SLUG --from-feed: a draft issue from the site's feeds, over real HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.support import edit_settings, run_cli, tree_bytes
from tests.test_editions import copy_fixture, settings_data
from tests.test_ingest_fetch import FeedServer

DRAFT = "content/issues/2026-06-12.md"


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def front(site: Path) -> dict:
    return yaml.safe_load((site / DRAFT).read_text(encoding="utf-8").split("---\n")[1])


def urls(data: object) -> set[str]:
    if isinstance(data, dict):
        return {v for k, v in data.items() if k == "url"} | set().union(
            *(urls(v) for v in data.values())
        )
    if isinstance(data, list):
        return set().union(*(urls(v) for v in data)) if data else set()
    return set()


def test_draft_from_a_feed_builds_and_only_prompts_fail_the_check(
    site: Path, server: FeedServer
) -> None:
    result = run_cli(
        "new",
        "2026-06-12",
        "--from-feed",
        server.url("/feeds/rss2.xml"),
        "--since",
        "2026-05-29",
        root=site,
        check=True,
    )
    assert f"created {DRAFT} (a draft: fill in its " in result.stdout
    data = front(site)
    assert data["status"] == "draft" and data["number"] == 143
    found = urls(data["blocks"])
    # Already sent in the 2026-06-05 issue (and a tracking-tagged copy of one): left out.
    assert not any("mill-lane-footbridge" in url or "lido-opens-early" in url for url in found)
    assert "https://www.millbrookweekly.example/news/2026/05/parking-charges-frozen" in found
    assert not any("library-hours" in url for url in found)  # before --since
    headers = server.headers_of("/feeds/rss2.xml")[-1]
    assert headers["user-agent"].startswith("newsletter/")

    run_cli("build", "2026-06-12", root=site, check=True)
    report = run_cli("check", "2026-06-12", "--json", root=site)
    errors = {f["rule"] for f in json.loads(report.stdout) if f["severity"] == "error"}
    assert errors <= {"content.placeholder"}


def test_draft_from_the_settings_feeds_with_events(site: Path, server: FeedServer) -> None:
    edit_settings(
        site,
        timezone="Europe/London",
        feeds=[
            {"url": server.url("/feeds/atom.xml"), "section": "News", "max": 2},
            {"url": server.url("/feeds/events.ics"), "fills": "events"},
        ],
    )
    run_cli("new", "2026-06-08", "--from-feeds", "--since", "2026-05-01", root=site, check=True)
    text = (site / "content/issues/2026-06-08.md").read_text(encoding="utf-8")
    blocks = yaml.safe_load(text.split("---\n")[1])["blocks"]
    types = [block["type"] for block in blocks]
    assert types[0] == "lead" and {"type": "heading", "text": "News"} in blocks
    assert types.count("story") + types.count("lead") <= 2
    (events,) = [block for block in blocks if block["type"] == "events"]
    quiz = [item for item in events["items"] if item["title"] == "Quiz night"]
    assert [str(item["date"]) for item in quiz] == ["2026-06-09"]
    assert quiz[0]["time"] == "19:30"  # the calendar's Europe/London time
    assert "javascript:" not in text


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/status/404", 1, "404"),
        ("/feeds/page.html", 2, "web page"),
        ("/feeds/malformed.xml", 2, "line"),
        ("/feeds/bomb.xml", 2, "entit"),
    ],
)
def test_a_bad_feed_writes_nothing(
    site: Path, server: FeedServer, path: str, code: int, words: str
) -> None:
    before = tree_bytes(site)
    result = run_cli(
        "new", "2026-06-12", "--from-feed", server.url(path), "--since", "2026-05-01", root=site
    )
    assert result.returncode == code, result
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and server.url(path) in line and words in line.lower()
    assert line.endswith("nothing was written")
    assert tree_bytes(site) == before


def test_no_items_in_the_window_says_which_dates(site: Path, server: FeedServer) -> None:
    result = run_cli("new", "2027-01-08", "--from-feed", server.url("/feeds/rss2.xml"), root=site)
    assert result.returncode == 2
    assert "2026-06-05" in result.stderr and "2027-01-08" in result.stderr
    assert not (site / "content/issues/2027-01-08.md").exists()


def test_from_feeds_needs_feeds_in_the_settings(site: Path) -> None:
    result = run_cli("new", "2026-06-12", "--from-feeds", root=site)
    assert result.returncode == 2
    assert "content/newsletter.yaml: feeds: has no feeds to draft from" in result.stderr


def test_since_without_a_feed_is_a_usage_error(site: Path) -> None:
    result = run_cli("new", "2026-06-12", "--since", "2026-06-01", root=site)
    assert result.returncode == 2 and "--since and --max go with --from-feed" in result.stderr


def vale_feeds(server: FeedServer, folder: Path, *, strict: bool = False) -> Path:
    """Set up the English and Welsh newsletter with its two feeds; return its folder."""
    root = copy_fixture(folder)
    editions = settings_data(root)["editions"]
    editions[1]["strict"] = strict
    edit_settings(
        root,
        timezone="Europe/London",
        editions=editions,
        feeds=[
            {"url": server.url("/feeds/vale.xml"), "section": "News"},
            {"url": server.url("/feeds/vale-cy.xml"), "section": "Newyddion", "editions": ["cy"]},
        ],
    )
    return root


def edition_text(root: Path, slug: str, edition: str) -> str:
    path = root / "out" / slug / edition / "email.html"
    return lxml.html.fromstring(path.read_text(encoding="utf-8")).text_content()


def test_a_draft_with_editions_routes_each_story_by_its_tags_or_its_feed(
    tmp_path: Path, server: FeedServer
) -> None:
    root = vale_feeds(server, tmp_path)
    run_cli("new", "2026-07-10", "--from-feeds", "--since", "2026-07-04", root=root, check=True)
    text = (root / "content/issues/2026-07-10.md").read_text(encoding="utf-8")
    blocks = yaml.safe_load(text.split("---\n")[1])["blocks"]
    by_title = {block.get("title") or block.get("text"): block for block in blocks}
    # The feed's categories become tags; the Welsh feed names its edition.
    assert by_title["Welsh conversation group meets at the library"]["tags"] == ["Cymraeg"]
    assert by_title["Bus timetable changes from Monday"]["tags"] == ["Council"]
    welsh = by_title["Côr y Fro yn ennill yn yr Eisteddfod"]
    assert welsh["editions"] == ["cy"] and welsh["tags"] == ["Diwylliant"]
    # A section heading goes only where its stories go.
    assert by_title["Newyddion"]["editions"] == ["cy"] and "editions" not in by_title["News"]

    run_cli("build", "2026-07-10", root=root, check=True)
    english, cymraeg = (edition_text(root, "2026-07-10", each) for each in ("en", "cy"))
    everywhere = "Riverside path reopens after the winter floods"  # tagged Vale
    english_only = "Bus timetable changes from Monday"  # Council: the Welsh include lacks it
    welsh_only = [
        "Welsh conversation group meets at the library",  # Cymraeg: the English exclude it
        "Côr y Fro yn ennill yn yr Eisteddfod",  # its feed names the Welsh edition
        "Newyddion",
    ]
    assert everywhere in english and everywhere in cymraeg
    assert english_only in english and english_only not in cymraeg
    for title in welsh_only:
        assert title in cymraeg and title not in english, title


def test_a_strict_edition_s_draft_asks_for_each_translation_and_builds(
    tmp_path: Path, server: FeedServer
) -> None:
    root = vale_feeds(server, tmp_path, strict=True)
    run_cli("new", "2026-07-10", "--from-feeds", "--since", "2026-07-04", root=root, check=True)
    front = yaml.safe_load(
        (root / "content/issues/2026-07-10.md").read_text(encoding="utf-8").split("---\n")[1]
    )
    assert set(front["translations"]["cy"]) == {"subject", "preheader", "intro"}
    by_title = {block.get("title") or block.get("text"): block for block in front["blocks"]}
    asked = by_title["Welsh conversation group meets at the library"]["translations"]["cy"]
    assert asked == {"title": "[[The title in cy]]", "summary": "[[The summary in cy]]"}
    # Only the English edition takes this story: nothing to translate.
    assert "translations" not in by_title["Bus timetable changes from Monday"]

    run_cli("build", "2026-07-10", root=root, check=True)
    assert "[[The title in cy]]" in edition_text(root, "2026-07-10", "cy")
    report = run_cli("check", "2026-07-10", "--json", root=root)
    prompts = [f for f in json.loads(report.stdout) if f["rule"] == "content.placeholder"]
    assert any("[[The summary in cy]]" in f["message"] for f in prompts)


@pytest.mark.parametrize(
    ("with_editions", "named", "position", "said"),
    [
        (True, ["en", "fr"], 1, "no edition 'fr' in the settings; use one of cy, en"),
        (False, ["cy"], 0, "no edition 'cy' in the settings; use one of (none: add `editions:`"),
    ],
)
def test_a_feed_naming_an_edition_the_settings_lack_is_refused_with_its_line(
    site: Path, with_editions: bool, named: list[str], position: int, said: str
) -> None:
    root = copy_fixture(site.parent / "vale") if with_editions else site
    edit_settings(root, feeds=[{"url": "feeds/news.xml", "editions": named}])
    before = tree_bytes(root)
    result = run_cli("new", "2026-07-10", "--from-feeds", root=root)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    found = re.fullmatch(
        rf"error: content/newsletter\.yaml:(\d+): feeds\[0\]\.editions\[{position}\]: (.*)", line
    )
    assert found and said in found[2], line
    settings = (root / "content/newsletter.yaml").read_text(encoding="utf-8").splitlines()
    assert settings[int(found[1]) - 1].strip() == f"- {named[position]}"
    assert tree_bytes(root) == before
