"""The checks' shortcuts: the same findings as the plain way, for every email in turn."""

from __future__ import annotations

import random
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from benchmarks.generate import write_issue
from newsletter import checks
from newsletter.checks.engine import Email
from newsletter.checks.plaintext import _Substrings
from newsletter.pipeline import open_newsletter, render_slug
from tests.support import EXAMPLE_SLUG
from tests.test_checks import crafted, of

URLS = [
    "https://a.example/x",
    "https://a.example/x-1",
    "https://a.example/",
    "http://a.example/x",
    "https://b.example/a?u=https://a.example/x",
    "https://a.example/x y",
    "mailto:someone@a.example",
    "httpx",
]


def test_urls_in_text_agree_with_substring_search() -> None:
    rng = random.Random(7)
    pieces = [*URLS, " ", "\n", "<", ">", "[1]", "http", "see ", "\u00a0", "x", "-1"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        found = _Substrings(text, longest=max(map(len, URLS)))
        for url in URLS:
            assert (url in found) == (url in text), (url, text)


def test_text_links_report_each_missing_url_of_a_large_issue(site: Path) -> None:
    write_issue(site, "large", 80, seed=3)
    newsletter = open_newsletter(site)
    rendered = render_slug(newsletter, "large")
    assert not of(checks.check(rendered), "text.links")
    urls = sorted(set(re.findall(r"https://[\w.]+/news/[\w/-]+", rendered.issue.model_dump_json())))
    assert len(urls) > 60
    missing = urls[::7]
    text = rendered.text
    for url in missing:
        text = re.sub(re.escape(url) + r"(?![\w-])", "https://elsewhere.example/", text)
    email = Email.of(rendered)
    email.text = text
    found = {f.message.split(" ")[0] for f in checks.run(email) if f.rule == "text.links"}
    assert found == set(missing)


@pytest.mark.parametrize("first", ["#333333", "#bbbbbb"])
def test_remembered_styles_do_not_carry_over_between_emails(first: str) -> None:
    """A style attribute seen in one email is judged afresh by what the next one says."""
    body = '<table role="presentation"><tr><td><p style="color:{}">Text</p></td></tr></table>'
    for colour in (first, "#bbbbbb", "#333333", first):
        found = of(crafted(body.format(colour)), "a11y.contrast")
        assert bool(found) == (colour == "#bbbbbb")


def test_hidden_style_is_remembered_per_attribute() -> None:
    shown = '<p style="color:#bbbbbb">Faint</p>'
    hidden = '<p style="display:none;color:#bbbbbb">Faint</p>'
    assert not of(crafted(hidden), "a11y.contrast")
    assert of(crafted(shown), "a11y.contrast")
    assert not of(crafted(hidden), "a11y.contrast")


def test_headers_are_those_of_the_whole_message(site: Path) -> None:
    rendered = render_slug(open_newsletter(site), EXAMPLE_SLUG)
    headers = Email.of(rendered).headers
    whole = BytesParser(policy=policy.default).parsebytes(rendered.eml)
    assert headers is not None
    assert headers.items() == whole.items()
    assert headers.get_payload() in ("", None, [])
