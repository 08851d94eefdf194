"""The greeting: by first name where the service can test for one, else the fallback."""

from __future__ import annotations

import re
from pathlib import Path

import liquid
import lxml.html
import pytest

from newsletter.commands.build import build
from newsletter.services import PROFILES
from tests.support import EXAMPLE_SLUG, edit_settings, greeting_as_sent, run_cli

SERVICES = [name for name in PROFILES if name != "none"]


def built(site: Path) -> tuple[str, str]:
    build(site)
    out = site / "out" / EXAMPLE_SLUG
    return (out / "email.html").read_text("utf-8"), (out / "email.txt").read_text("utf-8")


def greeting_paragraph(page: str) -> lxml.html.HtmlElement:
    (intro,) = lxml.html.fromstring(page).find_class("intro")
    return intro.find(".//p")


def test_a_first_name_greeting_needs_a_fallback(site: Path) -> None:
    settings = site / "content" / "newsletter.yaml"
    lines = settings.read_text("utf-8").splitlines(keepends=True)
    settings.write_text("".join(x for x in lines if not x.startswith("greeting_fallback:")))
    result = run_cli("build", root=site)
    assert result.returncode == 2
    (line,) = [line for line in result.stderr.splitlines() if "greeting_fallback" in line]
    assert line == (
        "error: content/newsletter.yaml: greeting_fallback: is required when greeting has "
        "{first_name}: the greeting for subscribers without a first name, e.g. 'Good morning,'"
    )


def test_the_fallback_cannot_use_the_first_name(site: Path) -> None:
    edit_settings(site, greeting_fallback="Hi {first_name}!")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(
        r"error: content/newsletter\.yaml:\d+: greeting_fallback: is for subscribers without "
        r"a first name: remove \{first_name\}",
        line,
    )


@pytest.mark.parametrize("service", ["none", "postmark", "mailgun", "ses", "sendgrid-api"])
def test_services_without_a_first_name_get_the_fallback_alone(site: Path, service: str) -> None:
    edit_settings(site, mailing_service=service)
    page, text = built(site)
    assert greeting_paragraph(page).text_content() == "Good morning,"
    assert "\nGood morning,\n" in text
    assert "{first_name}" not in page + text


@pytest.mark.parametrize("service", SERVICES)
def test_a_greeting_without_the_first_name_is_the_same_for_every_service(
    site: Path, service: str
) -> None:
    edit_settings(site, mailing_service=service, greeting="Hello, neighbour!")
    page, text = built(site)
    assert ">Hello, neighbour!</p>" in page
    assert "\nHello, neighbour!\n" in text
    assert "Good morning" not in page + text  # the fallback is for {first_name} greetings


def test_greeting_text_is_escaped_in_html_and_the_tags_are_not(site: Path) -> None:
    edit_settings(
        site,
        mailing_service="brevo",
        greeting="Morning {first_name} & <co>,",
        greeting_fallback="Morning & <co>,",
    )
    page, text = built(site)
    sent = greeting_as_sent("brevo", "Morning {first_name} & <co>,", "Morning & <co>,")
    assert sent.startswith("{% if contact.FIRSTNAME %}Morning {{ contact.FIRSTNAME }} & <co>,")
    assert f"\n{sent}\n" in text
    escaped = sent.replace("&", "&amp;").replace("<co>", "&lt;co&gt;")
    assert f">{escaped}</p>" in page
    assert greeting_paragraph(page).text_content() == sent


# What Kit's subscribers have in first_name: a name, nothing, spaces, null, no field.
KIT_SUBSCRIBERS = [
    ({"first_name": "Ana"}, "Good morning Ana,"),
    ({"first_name": ""}, "Good morning,"),
    ({"first_name": "  "}, "Good morning,"),
    ({"first_name": None}, "Good morning,"),
    ({}, "Good morning,"),
]


@pytest.mark.parametrize(("subscriber", "expected"), KIT_SUBSCRIBERS)
def test_kit_greeting_renders_in_liquid_for_every_subscriber(
    site: Path, subscriber: dict[str, str | None], expected: str
) -> None:
    # The whole built email goes through a real Liquid engine, as Kit sends it.
    edit_settings(site, mailing_service="kit")
    page, text = built(site)
    data = {
        "subscriber": subscriber,
        "unsubscribe_url": "https://kit.example/u/1",
        "subscriber_preferences_url": "https://kit.example/p/1",
    }
    sent = liquid.Template(page).render(**data)
    assert greeting_paragraph(sent).text_content() == expected
    assert 'href="https://kit.example/p/1"' in sent
    assert f"\n{expected}\n" in liquid.Template(text).render(**data)
