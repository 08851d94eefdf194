"""Merge tags come out byte for byte in the HTML, the text and the MIME message."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.commands.build import build
from newsletter.render.mergetags import FIRST_NAME, PROFILES
from tests.support import EXAMPLE_SLUG, edit_settings

SERVICES = [name for name in PROFILES if name != "none"]


def built_files(site: Path) -> tuple[str, str, bytes]:
    build(site)
    out = site / "out" / EXAMPLE_SLUG
    return (
        (out / "email.html").read_text(encoding="utf-8"),
        (out / "email.txt").read_text(encoding="utf-8"),
        (out / "email.eml").read_bytes(),
    )


@pytest.mark.parametrize("service", SERVICES)
def test_service_tags_survive_jinja_and_premailer(site: Path, service: str) -> None:
    profile = PROFILES[service]
    greeting = "Hello {first_name}," if profile.first_name else "Hello,"
    edit_settings(site, mailing_service=service, greeting=greeting)
    page, text, eml = built_files(site)
    tags = [t for t in (profile.unsubscribe, profile.view_online, profile.first_name) if t]
    for tag in tags:
        assert tag in text, tag
        assert tag.encode() in eml, tag
    assert f'href="{profile.unsubscribe}"' in page
    assert f"Unsubscribe: {profile.unsubscribe}" in text
    if profile.view_online:
        assert f'href="{profile.view_online}"' in page
    if profile.first_name:
        assert f"Hello {profile.first_name}," in page
        assert f"Hello {profile.first_name}," in text
    assert "NLTAG_" not in page + text
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


def test_a_settings_url_goes_in_as_it_is_even_if_it_spells_a_placeholder(site: Path) -> None:
    # One pass: the URL put in for the view-online slot is not scanned for placeholders.
    url = f"https://example.org/archive?ref={FIRST_NAME}"
    edit_settings(site, mailing_service="kit", view_online_url=url)
    page, text, _ = built_files(site)
    assert f'href="{url}"' in page
    assert f"View online: {url}" in text


def test_first_name_needs_a_service_that_has_one(site: Path) -> None:
    from tests.support import run_cli

    edit_settings(site, mailing_service="postmark", greeting="Hi {first_name},")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert "content/newsletter.yaml" in result.stderr and "{first_name}" in result.stderr
