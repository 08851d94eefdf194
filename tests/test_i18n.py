"""The built-in templates' fixed strings and dates in the email's language."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import lxml.html
import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from newsletter import i18n
from newsletter.archive import pages as archive_pages
from newsletter.i18n.compile import compiled, stale
from newsletter.pipeline import open_newsletter, render_slug
from newsletter.project import BUILTIN_TEMPLATES
from tests.support import (
    EXAMPLE_SLUG,
    copy_example,
    edit_settings,
    issue_data,
    run_cli,
    write_issue,
)
from tests.test_editions import SLUG, copy_fixture, settings_data

EXAMPLE_DATE = dt.date(2026, 6, 5)


def po_messages(language: str) -> dict[str, str]:
    """Return a shipped catalog's source: every id with its translation."""
    with i18n.catalog_path(language, ".po").open("rb") as file:
        return {m.id: m.string for m in read_po(file) if m.id}


def template_ids() -> set[str]:
    """Return every literal string the built-in templates pass to _(), and the archive's."""
    found = set()
    for path in BUILTIN_TEMPLATES.rglob("*"):
        if path.suffix in (".html", ".txt"):
            found.update(re.findall(r'_\("([^"]+)"', path.read_text(encoding="utf-8")))
    # The archive's texts made in Python (link texts, page titles) use the same catalogs.
    pages = Path(archive_pages.__file__).read_text(encoding="utf-8")
    found.update(re.findall(r'_text\(\s*settings,\s*"([^"]+)"', pages))
    return found


def test_the_compiled_catalogs_are_those_of_their_sources() -> None:
    assert stale() == [], "run python -m newsletter.i18n and commit the .mo files"
    for language in i18n.LANGUAGES:
        assert i18n.catalog_path(language, ".mo").read_bytes() == compiled(language)


def test_every_catalog_translates_every_string_of_the_templates() -> None:
    english = po_messages("en")
    # The lead's default button text is passed as a value, so it is named here.
    assert template_ids() | {"Read the full story"} == set(english)
    assert all(english[message] == message for message in english)
    for language in i18n.LANGUAGES:
        messages = po_messages(language)
        assert set(messages) == set(english), language
        assert all(messages.values()), f"{language} has empty translations"
        for message, translated in messages.items():
            names = sorted(re.findall(r"%\((\w+)\)s", message))
            assert sorted(re.findall(r"%\((\w+)\)s", translated)) == names, (language, message)


def build_example_in(root: Path, language: str) -> tuple[lxml.html.HtmlElement, str]:
    copy_example(root)
    edit_settings(root, language=language)
    run_cli("build", "--quiet", root=root, check=True)
    out = root / "out" / EXAMPLE_SLUG
    html = (out / "email.html").read_text(encoding="utf-8")
    return lxml.html.fromstring(html), (out / "email.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl", "cy"])
def test_a_newsletter_in_a_shipped_language_reads_in_it(tmp_path: Path, language: str) -> None:
    tree, text = build_example_in(tmp_path, language)
    wanted = po_messages(language)
    footer = [a.text_content() for a in tree.cssselect("td.footer a")]
    assert wanted["Unsubscribe"] in footer and "Unsubscribe" not in footer
    masthead = tree.cssselect("p.masthead-date")[0].text_content()
    long_date = format_date(EXAMPLE_DATE, "full", locale=language)
    assert masthead.startswith(long_date)
    assert wanted["Issue %(number)s"].replace("%(number)s", "142") in masthead
    # The lead names no button text: its default is translated too.
    buttons = [a.text_content() for a in tree.cssselect("a.button")]
    assert wanted["Read the full story"] in buttons
    assert f"{wanted['Unsubscribe']}: " in text and "\nUnsubscribe" not in text
    assert wanted["Read more"] in text and long_date in text
    assert wanted["Links"] + "\n" + "-" * len(wanted["Links"]) in text


def test_the_welsh_edition_has_welsh_strings_and_the_editions_name(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    run_cli("build", "--quiet", root=tmp_path, check=True)
    out = tmp_path / "out" / SLUG
    welsh = lxml.html.fromstring((out / "cy" / "email.html").read_text(encoding="utf-8"))
    english = lxml.html.fromstring((out / "en" / "email.html").read_text(encoding="utf-8"))
    date = welsh.cssselect("p.masthead-date")[0].text_content()
    assert date == "Dydd Gwener, 3 Gorffennaf 2026 \u00b7 Rhifyn Cymraeg"
    assert english.cssselect("p.masthead-date")[0].text_content() == (
        "Friday 3 July 2026 \u00b7 English edition"
    )
    assert "Dad-danysgrifio" in [a.text_content() for a in welsh.cssselect("td.footer a")]
    assert "Gweld yr e-bost hwn yn eich porwr" in welsh.cssselect("td.top-links")[0].text_content()
    assert "Unsubscribe" in [a.text_content() for a in english.cssselect("td.footer a")]
    text = (out / "cy" / "email.txt").read_text(encoding="utf-8")
    assert text.splitlines()[2] == "Dydd Gwener, 3 Gorffennaf 2026, Rhifyn Cymraeg"


def test_a_language_without_a_catalog_falls_back_to_english_with_a_warning(
    tmp_path: Path,
) -> None:
    copy_fixture(tmp_path)
    settings = settings_data(tmp_path)
    settings["editions"][1]["language"] = "pt"
    edit_settings(tmp_path, editions=settings["editions"])
    data, body = issue_data(tmp_path, SLUG)
    data["translations"]["pt"] = data["translations"].pop("cy")
    for block in data["blocks"]:
        if "cy" in block.get("translations", {}):
            block["translations"]["pt"] = block["translations"].pop("cy")
    write_issue(tmp_path, data, body, slug=SLUG)
    run_cli("build", "--quiet", root=tmp_path, check=True)
    manifest = json.loads((tmp_path / "out" / SLUG / "manifest.json").read_text("utf-8"))
    found = [f for f in manifest["checks"] if f["rule"] == "language.catalog"]
    assert found and all(
        f["where"].startswith("[cy] language in content/newsletter.yaml") for f in found
    )
    assert any("'Unsubscribe' has no pt translation" in f["message"] for f in found)
    html = (tmp_path / "out" / SLUG / "cy" / "email.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    assert "Unsubscribe" in [a.text_content() for a in tree.cssselect("td.footer a")]
    # Babel still knows Portuguese dates.
    assert tree.cssselect("p.masthead-date")[0].text_content().startswith("sexta-feira")


def test_a_strict_edition_without_a_catalog_stops_the_build(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    settings = settings_data(tmp_path)
    settings["editions"][1].update(language="pt", strict=True)
    edit_settings(tmp_path, editions=settings["editions"])
    data, body = issue_data(tmp_path, SLUG)
    data["translations"]["pt"] = data["translations"].pop("cy")
    for block in data["blocks"]:
        if "cy" in block.get("translations", {}):
            block["translations"]["pt"] = block["translations"].pop("cy")
    write_issue(tmp_path, data, body, slug=SLUG)
    result = run_cli("build", "--quiet", root=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "edition 'cy' (strict)" in result.stderr and "'Unsubscribe'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_buttons_own_text_is_escaped_and_kept_as_written(tmp_path: Path) -> None:
    copy_example(tmp_path)
    edit_settings(tmp_path, language="de")
    data, body = issue_data(tmp_path)
    lead = next(block for block in data["blocks"] if block["type"] == "lead")
    lead["button"] = "Save 50% <now>"
    write_issue(tmp_path, data, body)
    run_cli("build", "--quiet", root=tmp_path, check=True)
    html = (tmp_path / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")
    assert "Save 50% &lt;now&gt;" in html
    buttons = [a.text_content() for a in lxml.html.fromstring(html).cssselect("a.button")]
    assert "Save 50% <now>" in buttons


def test_an_empty_text_is_kept_empty_in_every_language(tmp_path: Path) -> None:
    """The empty id of a compiled catalog holds its header, which is no translation."""
    assert not i18n.is_source_id("")
    german = i18n.strings("de")
    assert german.gettext("") == "" and german.missing == []
    copy_example(tmp_path)
    edit_settings(tmp_path, language="de")
    data, body = issue_data(tmp_path)
    lead = next(block for block in data["blocks"] if block["type"] == "lead")
    lead["button"] = ""
    write_issue(tmp_path, data, body)
    html = render_slug(open_newsletter(tmp_path), EXAMPLE_SLUG).html
    assert "Project-Id-Version" not in html


def test_a_plural_the_catalog_lacks_falls_back_to_english() -> None:
    """A built-in id the catalog has only as a singular has no plural forms in it."""
    german = i18n.strings("de")
    assert german.ngettext("Unsubscribe", "Unsubscribes", 2) == "Unsubscribes"
    assert german.ngettext("Unsubscribe", "Unsubscribes", 1) == "Unsubscribe"
