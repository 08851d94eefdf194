"""Merge tags come out byte for byte in the HTML, the text and the MIME message."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from newsletter.commands.build import build
from newsletter.render.mergetags import FIRST_NAME, PLACEHOLDERS
from newsletter.services import PROFILES, IfFirstName, Profile
from tests.support import EXAMPLE_SLUG, edit_settings, greeting_as_sent

SERVICES = [name for name in PROFILES if name != "none"]


def link_targets(page: str, text: str) -> list[str]:
    """Return the href of each link whose text is ``text``."""
    return [a.get("href") for a in lxml.html.fromstring(page).iter("a") if a.text_content() == text]


def built_files(site: Path) -> tuple[str, str, bytes]:
    report = build(site)
    (built,) = report.built
    tags = {tag for profile in PROFILES.values() for tag in profile.tags()}
    # The link rules know every tag for what it is: none is reported as a broken link.
    assert not [f for f in built.findings if any(tag in f.message for tag in tags)]
    out = site / "out" / EXAMPLE_SLUG
    return (
        (out / "email.html").read_text(encoding="utf-8"),
        (out / "email.txt").read_text(encoding="utf-8"),
        (out / "email.eml").read_bytes(),
    )


@pytest.mark.parametrize("service", SERVICES)
def test_service_tags_survive_jinja_and_premailer(site: Path, service: str) -> None:
    profile = PROFILES[service]
    edit_settings(
        site, mailing_service=service, greeting="Hello {first_name},", greeting_fallback="Hello,"
    )
    page, text, eml = built_files(site)
    greeting = greeting_as_sent(service, "Hello {first_name},", "Hello,")
    branch = profile.if_first_name
    tags = [*profile.tags(), *((branch.start, branch.otherwise, branch.end) if branch else ())]
    for tag in tags:
        assert tag in page, tag
        assert tag in text, tag
        assert tag.encode() in eml, tag
    assert f">{greeting}</p>" in page
    assert f"\n{greeting}\n" in text
    assert greeting.encode() in eml
    assert f'href="{profile.unsubscribe}"' in page
    assert f"Unsubscribe: {profile.unsubscribe}" in text
    if profile.view_online:
        assert f'href="{profile.view_online}"' in page
    if profile.preferences:
        assert f'href="{profile.preferences}"' in page
        assert link_targets(page, "Manage preferences") == [profile.preferences]
        assert f"Manage preferences: {profile.preferences}" in text
    else:
        assert "Manage preferences" not in page + text
    assert not [token for token in PLACEHOLDERS if token in page + text]
    assert "%20" not in page  # premailer's URL-encoding of spaces in href did not apply


def test_service_without_web_version_tag_uses_the_configured_url(site: Path) -> None:
    edit_settings(
        site,
        mailing_service="postmark",
        greeting=None,
        view_online_url="https://example.org/archive?issue=142&utm_source=email",
    )
    page, text, _ = built_files(site)
    assert 'href="https://example.org/archive?issue=142&amp;utm_source=email"' in page
    assert "https://example.org/archive?issue=142&utm_source=email" in text
    assert 'href="{{{ pm:unsubscribe }}}"' in page


def test_plain_urls_when_no_service(site: Path) -> None:
    edit_settings(
        site,
        mailing_service="none",
        greeting="Hello,",
        unsubscribe_url="https://example.org/unsub?list=weekly&id=1",
    )
    page, text, _ = built_files(site)
    assert 'href="https://example.org/unsub?list=weekly&amp;id=1"' in page
    assert "Unsubscribe: https://example.org/unsub?list=weekly&id=1" in text
    assert "View this email in your browser" not in page  # no tag and no URL: no link
    assert "Manage preferences" not in page + text


def test_preferences_url_is_for_mailing_service_none_only(site: Path) -> None:
    url = "https://example.org/preferences?list=weekly&from=email"
    edit_settings(site, mailing_service="none", preferences_url=url)
    page, text, _ = built_files(site)
    assert 'href="https://example.org/preferences?list=weekly&amp;from=email"' in page
    assert link_targets(page, "Manage preferences") == [url]
    assert f"Manage preferences: {url}" in text

    # A service keeps its subscribers' preferences: its own tag, or no link at all.
    edit_settings(site, mailing_service="postmark")
    page, text, _ = built_files(site)
    assert "Manage preferences" not in page + text
    edit_settings(site, mailing_service="brevo")
    page, text, _ = built_files(site)
    assert link_targets(page, "Manage preferences") == ["{{ update_profile }}"]
    assert url not in page + text


def test_a_settings_url_goes_in_as_it_is_even_if_it_spells_a_placeholder(site: Path) -> None:
    # One pass: the URL put in for the view-online slot is not scanned for placeholders.
    # (A real placeholder cannot be typed at all: its control characters are refused.)
    url = f"https://example.org/archive?ref={FIRST_NAME.strip(chr(2) + chr(3))}"
    edit_settings(site, mailing_service="kit", view_online_url=url)
    page, text, _ = built_files(site)
    assert f'href="{url}"' in page
    assert f"View online: {url}" in text


def test_a_first_name_tag_comes_with_the_if_else_tags() -> None:
    with pytest.raises(ValueError, match="if/else"):
        Profile("{{ unsub }}", None, first_name="{{ name }}")
    with pytest.raises(ValueError, match="if/else"):
        Profile("{{ unsub }}", None, if_first_name=IfFirstName("{% if n %}", "{% else %}", "x"))
