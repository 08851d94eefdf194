"""Placeholders cannot be forged: no content turns into the service's merge tags.

The merge-tag placeholders are spelled with control characters that content
validation refuses and Markdown cannot produce; they still come through Jinja,
premailer and lxml (and lxml's percent-encoding of href and src) to be replaced.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import jinja2
import pytest

from newsletter.commands.build import build
from newsletter.models import Settings
from newsletter.render import mergetags
from newsletter.render.inline import inline
from newsletter.runtime.cache import default_store
from newsletter.services import PROFILES
from tests.support import EXAMPLE_SLUG, edit_settings, issue_data, run_cli, write_issue

TOKENS = {
    "unsubscribe": mergetags.UNSUBSCRIBE,
    "view_online": mergetags.VIEW_ONLINE,
    "first_name": mergetags.FIRST_NAME,
}
TAGS = ("*|UNSUB|*", "*|ARCHIVE|*", "*|FNAME|*")  # the example's service: Mailchimp
FORGERIES = [
    "NLTAG_UNSUBSCRIBE_URL",  # the old, typable spelling
    "NLTAG_FIRST_NAME NLTAG_VIEW_ONLINE_URL",
    "%02NLTAG_UNSUBSCRIBE_URL%03",  # how lxml writes the placeholder in an href
    "&#2;NLTAG_UNSUBSCRIBE_URL&#3;",  # character references of the control characters
    "\\u0002NLTAG_UNSUBSCRIBE_URL\\u0003",
    ' href="%02NLTAG_UNSUBSCRIBE_URL%03"',  # an attribute written as text
    '<a href="%02NLTAG_UNSUBSCRIBE_URL%03">x</a>',
]


def tag_counts(site: Path) -> dict[str, tuple[int, int, int]]:
    out = site / "out" / EXAMPLE_SLUG
    html = (out / "email.html").read_text(encoding="utf-8")
    text = (out / "email.txt").read_text(encoding="utf-8")
    eml = (out / "email.eml").read_bytes()
    return {tag: (html.count(tag), text.count(tag), eml.count(tag.encode())) for tag in TAGS}


def test_content_spelling_a_placeholder_gets_no_merge_tag(site: Path) -> None:
    data, body = issue_data(site)
    build(site)
    clean = tag_counts(site)
    blocks = data["blocks"]
    for index, forgery in enumerate(FORGERIES):
        blocks.append({"type": "text", "title": forgery, "body": f"Body {forgery} end."})
        blocks.append({"type": "quote", "text": forgery, "attribution": forgery})
        blocks.append(
            {
                "type": "image",
                "src": f"https://img.example.org/{index}.png?q={quote(forgery, safe='%')}",
                "alt": forgery,
                "width": 100,
                "link": "https://example.org/%02NLTAG_UNSUBSCRIBE_URL%03",
            }
        )
        blocks.append(
            {"type": "button", "text": forgery, "url": f"https://example.org/?{index}=%02NLTAG"}
        )
    write_issue(site, data, body + "\n" + "\n\n".join(FORGERIES) + "\n")
    build(site)
    assert tag_counts(site) == clean
    html = (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")
    assert "NLTAG_UNSUBSCRIBE_URL" in html  # shown as the text it is
    assert "\x02" not in html and "\x03" not in html


@pytest.mark.parametrize(
    "value", ["\\x02NLTAG_UNSUBSCRIBE_URL\\x03", "\\x02", "a\\x03b"], ids=["token", "stx", "etx"]
)
def test_content_cannot_hold_the_placeholder_characters(site: Path, value: str) -> None:
    path = site / "content/issues" / f"{EXAMPLE_SLUG}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("preheader: The", f'preheader: "{value} The', 1).replace(
            "volunteers.\n", 'volunteers."\n', 1
        ),
        encoding="utf-8",
    )
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert "preheader: has the control character" in result.stderr


def test_a_placeholder_url_is_not_a_content_url(site: Path) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["url"] = "%02NLTAG_UNSUBSCRIBE_URL%03"
    write_issue(site, data, body)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert "blocks[0].url: must be an absolute http:// or https:// URL" in result.stderr


def test_placeholders_survive_autoescape_premailer_and_href_encoding() -> None:
    template = jinja2.Environment(autoescape=True).from_string(
        "<!DOCTYPE html><html><head><style>a { color: #0b5cad; }</style></head><body>"
        "{% for name, token in tokens.items() %}"
        '<p class="{{ name }}">Hello {{ token }}!</p>'
        '<a href="{{ token }}" title="{{ token }}">link</a>'
        '<img src="{{ token }}" alt="{{ token }}" width="10">'
        '<!--[if mso]><v:roundrect href="{{ token }}"></v:roundrect><![endif]-->'
        "{% endfor %}</body></html>"
    )
    page = inline(template.render(tokens=TOKENS), store=default_store())
    assert "%02NLTAG_UNSUBSCRIBE_URL%03" in page  # lxml did encode them in href and src
    settings = Settings.model_validate(
        {
            "name": "N",
            "website": "https://example.org",
            "sender": {"name": "N", "email": "n@example.org"},
            "postal_address": "1 Road",
            "mailing_service": "mailchimp",
        }
    )
    result = mergetags.apply(page, settings, html_output=True)
    profile = PROFILES["mailchimp"]
    for tag in (profile.unsubscribe, profile.view_online, profile.first_name):
        assert f'href="{tag}"' in result
        assert f'src="{tag}"' in result
        assert f'alt="{tag}"' in result and f'title="{tag}"' in result
        assert f"Hello {tag}!" in result
        assert f'<v:roundrect href="{tag}">' in result
    assert "NLTAG" not in result and "\x02" not in result and "%02" not in result


@pytest.mark.parametrize("service", sorted(name for name in PROFILES if name != "none"))
def test_every_service_gets_its_tags_and_no_placeholder_is_left(site: Path, service: str) -> None:
    profile = PROFILES[service]
    greeting = "Hi {first_name}," if profile.first_name else "Hi,"
    edit_settings(site, mailing_service=service, greeting=greeting)
    build(site)
    out = site / "out" / EXAMPLE_SLUG
    for name in ("email.html", "email.txt", "email.eml", "manifest.json"):
        body = (out / name).read_bytes()
        assert b"NLTAG" not in body and b"\x02" not in body and b"%02NL" not in body, name
    html = (out / "email.html").read_text(encoding="utf-8")
    assert f'href="{profile.unsubscribe}"' in html
