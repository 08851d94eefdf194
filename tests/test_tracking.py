"""Tracked links (UTM): which links get campaign parameters, how, and the rules that watch them.

Each case is a story in a real build of the example folder: its headline link and a
Markdown link in its summary are read back from the HTML (parsed with lxml) and from
the plain text, which must carry the same URL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import html as lxml_html

from newsletter import checks
from newsletter.pipeline import Rendered, open_newsletter, render_slug
from newsletter.render.tracking import add_parameters, slug_of
from tests.support import (
    EXAMPLE_SLUG,
    copy_example,
    edit_settings,
    issue_data,
    own_template,
    run_cli,
    write_issue,
)

SITE = "https://www.millbrookweekly.example"
TRACKING = {
    "utm_source": "millbrook weekly",
    "utm_medium": "email",
    "utm_campaign": "june/{slug}",
    "domains": ["millbrookweekly.example", "shop.partner.example"],
}


def utm(slot: str) -> str:
    """Return the parameters tracking adds for a slot, as the email writes them."""
    return (
        "utm_source=millbrook%20weekly&utm_medium=email"
        f"&utm_campaign=june%2F{EXAMPLE_SLUG}&utm_content={slot}"
    )


class Case(NamedTuple):
    name: str
    url: str
    expected: str
    in_markdown: str | None = None
    """Where Markdown writes the link otherwise: it percent-encodes | { } in targets."""


def _cases() -> list[Case]:
    """Return the table: a story per case, named so that its slot is case-<name>."""
    p = utm
    return [
        Case("plain", f"{SITE}/a", f"{SITE}/a?{p('case-plain')}"),
        Case("query", f"{SITE}/a?b=2&a=1", f"{SITE}/a?b=2&a=1&{p('case-query')}"),
        Case(
            "own-source",
            f"{SITE}/a?utm_source=rss&x=1",
            f"{SITE}/a?utm_source=rss&x=1&utm_medium=email&utm_campaign=june%2F{EXAMPLE_SLUG}"
            "&utm_content=case-own-source",
        ),
        Case(
            "upper-key",
            f"{SITE}/a?UTM_MEDIUM=print",
            f"{SITE}/a?UTM_MEDIUM=print&utm_source=millbrook%20weekly"
            f"&utm_campaign=june%2F{EXAMPLE_SLUG}&utm_content=case-upper-key",
        ),
        Case(
            "complete",
            f"{SITE}/a?utm_content=x&utm_campaign=y&utm_medium=z&utm_source=w",
            f"{SITE}/a?utm_content=x&utm_campaign=y&utm_medium=z&utm_source=w",
        ),
        Case("fragment", f"{SITE}/a#top", f"{SITE}/a?{p('case-fragment')}#top"),
        Case(
            "query-fragment",
            f"{SITE}/a?x=1#sec?not=query",
            f"{SITE}/a?x=1&{p('case-query-fragment')}#sec?not=query",
        ),
        Case(
            "encoded",
            f"{SITE}/caf%C3%A9?q=a%20b%26c&r=%3D",
            f"{SITE}/caf%C3%A9?q=a%20b%26c&r=%3D&{p('case-encoded')}",
        ),
        Case("empty-query", f"{SITE}/a?", f"{SITE}/a?{p('case-empty-query')}"),
        Case(
            "no-path",
            "https://millbrookweekly.example",
            f"https://millbrookweekly.example/?{p('case-no-path')}",
        ),
        Case(
            "subdomain",
            "https://shop.millbrookweekly.example/x",
            f"https://shop.millbrookweekly.example/x?{p('case-subdomain')}",
        ),
        Case(
            "http",
            "http://www.millbrookweekly.example/a",
            f"http://www.millbrookweekly.example/a?{p('case-http')}",
        ),
        Case(
            "listed",
            "https://shop.partner.example/y",
            f"https://shop.partner.example/y?{p('case-listed')}",
        ),
        Case("foreign", "https://www.example.org/x?a=1", "https://www.example.org/x?a=1"),
        Case(
            "lookalike",
            "https://millbrookweekly.example.evil.example/x",
            "https://millbrookweekly.example.evil.example/x",
        ),
        Case(
            "suffix", "https://notmillbrookweekly.example/x", "https://notmillbrookweekly.example/x"
        ),
        Case(
            "mailchimp-tag",
            f"{SITE}/p?e=*|EMAIL|*",
            f"{SITE}/p?e=*|EMAIL|*",
            f"{SITE}/p?e=*%7CEMAIL%7C*",
        ),
        Case(
            "liquid-tag",
            f"{SITE}/p?e={{{{email}}}}",
            f"{SITE}/p?e={{{{email}}}}",
            f"{SITE}/p?e=%7B%7Bemail%7D%7D",
        ),
        Case("unsubscribe", f"{SITE}/unsubscribe?id=7", f"{SITE}/unsubscribe?id=7"),
    ]


CASES = _cases()


def _story(case: Case) -> dict[str, object]:
    return {
        "type": "story",
        "title": f"Case {case.name}",
        "url": case.url,
        "summary": f"See [the {case.name} page]({case.url}) for more.",
    }


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Render the example with tracking on and one story per case."""
    root = copy_example(tmp_path_factory.mktemp("tracked"))
    edit_settings(root, tracking=TRACKING)
    data, _ = issue_data(root)
    data["blocks"] = [_story(case) for case in CASES] + data["blocks"]
    body = "Write to [the editor](mailto:editor@millbrookweekly.example).\n"
    write_issue(root, data, body=body)
    return render_slug(open_newsletter(root), EXAMPLE_SLUG)


def _html_hrefs(rendered: Rendered, text: str) -> list[str]:
    """Return the hrefs of the HTML's links whose text is ``text``, parsed with lxml."""
    tree = lxml_html.document_fromstring(rendered.html)
    return [a.get("href") for a in tree.iter("a") if " ".join(a.text_content().split()) == text]


def _text_story_url(rendered: Rendered, name: str) -> str:
    """Return the URL after a case story's "Read more" in the text part."""
    section = rendered.text.split(f"Case {name}\n", 1)[1]
    match = re.search(r"Read more:\s*(\S+)", section)
    assert match, section[:400]
    return match[1]


def _text_reference(rendered: Rendered, name: str) -> str:
    """Return the URL the text part lists for a case's Markdown link."""
    section = rendered.text.split(f"Case {name}\n", 1)[1]
    number = re.search(rf"the {re.escape(name)} page \[(\d+)\]", section)
    assert number, section[:400]
    listed = re.search(rf"^\[{number[1]}\] (\S+)$", rendered.text, flags=re.M)
    assert listed
    return listed[1]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_link_is_tracked_alike_in_both_parts(tracked: Rendered, case: Case) -> None:
    assert _html_hrefs(tracked, f"Case {case.name}") == [case.expected]
    assert _text_story_url(tracked, case.name) == case.expected
    in_markdown = case.in_markdown or case.expected
    assert _html_hrefs(tracked, f"the {case.name} page") == [in_markdown]
    assert _text_reference(tracked, case.name) == in_markdown


def test_the_ledger_records_each_link_with_its_slot(tracked: Rendered) -> None:
    by_url = {(link.slot, link.url): link for link in tracked.links}
    for case in CASES:
        link = by_url[(f"case-{case.name}", case.url)]
        assert link.tracked == case.expected
        assert (link.kept is None) == (case.expected != case.url)
    assert by_url[("case-foreign", "https://www.example.org/x?a=1")].kept == "another site's domain"
    assert by_url[("case-mailchimp-tag", f"{SITE}/p?e=*|EMAIL|*")].kept == "a merge tag"
    assert by_url[("intro", "mailto:editor@millbrookweekly.example")].kept == "not a web link"


def test_the_slots_name_stories_sponsors_and_settings(tracked: Rendered) -> None:
    slots = {link.slot for link in tracked.links}
    assert {"sponsor-1", "website", "social", "intro", "jobs-1", "events-1"} <= slots
    website = [link for link in tracked.links if link.slot == "website"]
    assert website[0].tracked == f"{SITE}/?{utm('website')}"
    assert _html_hrefs(tracked, "www.millbrookweekly.example") == [website[0].tracked]


def test_merge_tags_mailto_and_view_online_are_left_alone(tracked: Rendered) -> None:
    tree = lxml_html.document_fromstring(tracked.html)
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert "*|UNSUB|*" in hrefs and "*|ARCHIVE|*" in hrefs
    assert "mailto:editor@millbrookweekly.example" in hrefs
    assert "Unsubscribe: *|UNSUB|*" in tracked.text
    assert not [href for href in hrefs if "utm_" in href and "*|" in href]


def test_every_tracked_url_of_the_html_is_in_the_text(tracked: Rendered) -> None:
    tree = lxml_html.document_fromstring(tracked.html)
    in_html = {a.get("href") for a in tree.iter("a") if "utm_" in (a.get("href") or "")}
    in_text = set(re.findall(r"https?://\S*utm_\S*", tracked.text))
    website = f"{SITE}/?{utm('website')}"  # the text part has no masthead link
    assert in_html - {website} == in_text


def test_the_build_writes_the_ledger_into_the_manifest(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit_settings(root, tracking={"utm_source": "weekly"})
    run_cli("build", root=root, check=True)
    manifest = json.loads((root / "out" / EXAMPLE_SLUG / "manifest.json").read_text())
    links = manifest["links"]
    lead = next(link for link in links if link["url"].endswith("/mill-lane-footbridge-reopens"))
    assert lead["tracked"] == (
        lead["url"] + "?utm_source=weekly&utm_medium=email"
        f"&utm_campaign={EXAMPLE_SLUG}&utm_content={lead['slot']}"
    )
    assert lead["slot"].startswith("mill-lane-footbridge-reopens")
    assert lead["kept"] is None
    sponsor = next(link for link in links if link["slot"] == "sponsor-1")
    assert sponsor["tracked"] == sponsor["url"] and sponsor["kept"] == "another site's domain"
    html = (root / "out" / EXAMPLE_SLUG / "email.html").read_text()
    assert lead["tracked"].replace("&", "&amp;") in html


def test_without_tracking_nothing_changes_and_no_ledger(tmp_path: Path) -> None:
    rendered = render_slug(open_newsletter(copy_example(tmp_path)), EXAMPLE_SLUG)
    assert rendered.links == ()
    assert "utm_" not in rendered.html and "utm_" not in rendered.text


# -- the rules ---------------------------------------------------------------


def _findings(tmp_path: Path, urls: list[str], *, tracking: bool = True) -> list[checks.Finding]:
    root = copy_example(tmp_path)
    if tracking:
        edit_settings(root, tracking=TRACKING)
    data, body = issue_data(root)
    data["blocks"] = [_story(Case(f"c{index}", url, "")) for index, url in enumerate(urls)] + data[
        "blocks"
    ]
    write_issue(root, data, body=body)
    return checks.check(render_slug(open_newsletter(root), EXAMPLE_SLUG))


def _by_rule(findings: list[checks.Finding], rule: str) -> list[checks.Finding]:
    return [finding for finding in findings if finding.rule == rule]


def test_a_doubled_key_is_an_error_in_both_parts(tmp_path: Path) -> None:
    url = f"{SITE}/a?utm_source=a&x=1&utm_source=b"
    found = _by_rule(_findings(tmp_path, [url]), "link.utm-doubled")
    assert {finding.file for finding in found} == {"email.html", "email.txt"}
    assert all(
        finding.severity == "error" and "utm_source 2 times" in finding.message for finding in found
    )


def test_a_links_own_value_that_differs_is_reported(tmp_path: Path) -> None:
    url = f"{SITE}/a?utm_campaign=spring"
    found = _by_rule(_findings(tmp_path, [url]), "link.utm-clobbered")
    assert len(found) == 1  # one link (headline and summary link share it), one report
    assert "utm_campaign=spring" in found[0].message
    assert f"utm_campaign=june/{EXAMPLE_SLUG}" in found[0].message
    assert found[0].where.startswith("blocks[0] (story)")


def test_parameters_on_another_sites_link_are_reported(tmp_path: Path) -> None:
    url = "https://www.example.org/x?utm_source=us&utm_medium=email"
    found = _by_rule(_findings(tmp_path, [url]), "link.utm-foreign")
    assert {finding.file for finding in found} == {"email.html", "email.txt"}
    assert "www.example.org" in found[0].message and "utm_source, utm_medium" in found[0].message


def test_a_templates_own_link_to_the_site_is_reported_missing(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    edit_settings(root, tracking=TRACKING)
    divider = own_template(root, "blocks/divider.html")
    divider.write_text(divider.read_text() + f'<p><a href="{SITE}/about?ref=nl">About us</a></p>\n')
    found = _by_rule(
        checks.check(render_slug(open_newsletter(root), EXAMPLE_SLUG)), "link.utm-missing"
    )
    assert found and all(f"{SITE}/about?ref=nl" in finding.message for finding in found)
    assert "utm_source, utm_medium, utm_campaign, utm_content" in found[0].message


def test_the_tracked_example_passes_the_tracking_rules(tracked: Rendered) -> None:
    rules = {"link.utm-doubled", "link.utm-foreign", "link.utm-missing"}
    assert [finding for finding in checks.check(tracked) if finding.rule in rules] == []


def test_without_tracking_only_a_doubled_key_is_reported(tmp_path: Path) -> None:
    urls = [
        f"{SITE}/a?utm_source=a&utm_source=b",
        "https://www.example.org/x?utm_source=us",
        f"{SITE}/b?utm_campaign=spring",
    ]
    found = {f.rule for f in _findings(tmp_path, urls, tracking=False) if "utm" in f.rule}
    assert found == {"link.utm-doubled"}


# -- pieces --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "values", "expected"),
    [
        ("https://a.example/p", {"k": "a b&c=d/é"}, "https://a.example/p?k=a%20b%26c%3Dd%2F%C3%A9"),
        ("https://a.example/p?x=1&", {"k": "v"}, "https://a.example/p?x=1&k=v"),
        ("https://a.example/p?k", {"k": "v"}, "https://a.example/p?k"),
        ("https://a.example/p?K=1", {"k": "v"}, "https://a.example/p?K=1"),
        ("https://a.example/p?x=%6B", {"k": "v"}, "https://a.example/p?x=%6B&k=v"),
        ("https://a.example:8443#f", {"k": "v"}, "https://a.example:8443/?k=v#f"),
    ],
)
def test_add_parameters(url: str, values: dict[str, str], expected: str) -> None:
    assert add_parameters(url, values) == expected


@pytest.mark.parametrize(
    ("title", "slot"),
    [
        ("Café opens: 3 new tables!", "cafe-opens-3-new-tables"),
        ("¿¿??", ""),
        ("x" * 80, "x" * 50),
    ],
)
def test_slot_names(title: str, slot: str) -> None:
    assert slug_of(title) == slot


def test_the_archive_view_online_link_is_left_alone(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    archive = f"{SITE}/newsletter/"
    edit_settings(root, tracking={}, archive={"base_url": archive})
    data, _ = issue_data(root)
    write_issue(root, data, body=f"Read it on <{SITE}/newsletter/{EXAMPLE_SLUG}/> or <{SITE}/x>.\n")
    rendered = render_slug(open_newsletter(root), EXAMPLE_SLUG)
    page = f"{archive}{EXAMPLE_SLUG}/"
    assert _html_hrefs(rendered, "View online") == [page]
    assert f"View online: {page}\n" in rendered.text
    tracked_x = f"{SITE}/x?utm_source=newsletter&utm_medium=email&utm_campaign={EXAMPLE_SLUG}"
    # A bare address in Markdown shows itself: the text part writes it tracked, once.
    words = " ".join(rendered.text.split())
    assert f"Read it on {page} or {tracked_x}&utm_content=intro." in words
    found = [f for f in checks.check(rendered) if f.rule.startswith("link.utm")]
    assert found == []
