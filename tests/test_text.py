"""The plain-text version: rendered from the models, wrapped, with every link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter.commands.build import build
from newsletter.content.loader import load_issue
from newsletter.markdown import to_text
from newsletter.project import Project
from tests.support import EXAMPLE_SLUG, issue_data, write_issue


@pytest.fixture
def text(site: Path) -> str:
    build(site)
    return (site / "out" / EXAMPLE_SLUG / "email.txt").read_text(encoding="utf-8")


def is_lone_url(line: str) -> bool:
    return re.fullmatch(r"\s*(\[\d+\] |[\w ]+: )?https?://\S+", line) is not None


def test_lines_fit_78_columns_except_unbreakable_urls(text: str) -> None:
    long = [line for line in text.splitlines() if len(line) > 78]
    assert all(is_lone_url(line) for line in long), long


def test_no_html_tags_entities_or_preheader_filler(text: str) -> None:
    assert not re.search(r"<[a-zA-Z/][^>]*>", text)
    assert not re.search(r"&[a-zA-Z]+;|&#\d+;", text)
    assert "\u034f" not in text and "\u200c" not in text and "\u00a0" not in text


def test_every_story_url_appears(site: Path, text: str) -> None:
    issue = load_issue(site / "content/issues" / f"{EXAMPLE_SLUG}.md", project=Project(site)).issue
    urls = []
    for block in issue.blocks:
        urls += [getattr(block, "url", None)]
        urls += [s.url for s in getattr(block, "stories", [])]
        urls += [i.url for i in getattr(block, "items", [])]
    urls = [u for u in urls if u]
    assert len(urls) >= 12
    for url in urls:
        assert url in text, url


def test_title_date_headings_and_footer(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "THE MILLBROOK WEEKLY"
    assert "Friday 5 June 2026, issue 142" in lines
    heading = lines.index("AROUND THE VALE")
    assert lines[heading + 1] == "=" * len("AROUND THE VALE")
    assert lines[heading - 1] == "" and lines[heading + 2] == ""
    assert "14 Mill Lane" in text and "Unsubscribe: *|UNSUB|*" in text


def test_lists_quotes_events_and_jobs_are_kept(text: str) -> None:
    assert "1. Photos of the Vale Show from any year before 1990." in text
    assert '> "A town that talks to itself' in text
    assert "Tue 9 Jun, 19:30\n  By-election hustings: meet the candidates\n" in text
    assert "Lifeguard (seasonal)\n  Riverside Lido, Millbrook\n" in text
    assert "    -- Margaret Ellis" in text


def test_markdown_links_become_numbered_references(text: str) -> None:
    assert "timetable [1] for lane swims" in " ".join(text.split())
    refs = text.split("Links\n-----\n")[1]
    assert refs.startswith("[1] https://www.millbrookweekly.example/lido/timetable\n")
    assert "[2] https://www.millbrookweekly.example/letters" in refs


def test_markdown_to_text_wraps_nested_lists_and_quotes() -> None:
    source = (
        "A paragraph " + "word " * 30 + "\n\n"
        "- first item that is long enough " + "to wrap " * 10 + "\n"
        "- second with [a link](https://example.org/x)\n\n"
        "> quoted " + "words " * 20
    )
    refs: list[str] = []
    out = to_text(source, width=40, ref=lambda url: refs.append(url) or f"[{len(refs)}]")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 40
    item = lines.index(next(line for line in lines if line.startswith("- first")))
    assert lines[item + 1].startswith("  ")  # hanging indent
    assert "- second with a link [1]" in out and refs == ["https://example.org/x"]
    assert all(line.startswith(">") for line in out.split("\n\n")[-1].splitlines())


def test_text_keeps_markdown_characters_literal_when_escaped(site: Path) -> None:
    data, _ = issue_data(site)
    write_issue(site, data, "Prices rose 5% & rents *fell*; see <https://example.org/r>.")
    build(site)
    text = (site / "out" / EXAMPLE_SLUG / "email.txt").read_text(encoding="utf-8")
    assert "Prices rose 5% & rents fell; see https://example.org/r." in text
