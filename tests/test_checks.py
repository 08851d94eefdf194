"""Pre-send checks: each rule on a built email that breaks it and on one that does not."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml

from newsletter import checks
from newsletter.checks import Email, Finding, run
from newsletter.commands.check import check_issues
from newsletter.content.loader import load_settings
from newsletter.models import Settings
from newsletter.project import Project
from tests.support import (
    REPO,
    copy_example,
    edit_settings,
    issue_data,
    own_template,
    run_cli,
    write_issue,
)

STORY_URL = "https://www.millbrookweekly.example/news/2026/06/lido-opens-early"


# -- helpers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> list[Finding]:
    """Return the findings of the example issue, built from the repository's content."""
    return check_issues(REPO).findings


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(Project(REPO))


def findings(root: Path) -> list[Finding]:
    """Build every issue of a newsletter folder in memory and return the findings."""
    report = check_issues(root)
    assert not report.problems, report.problems
    return report.findings


def of(found: list[Finding], rule: str) -> list[Finding]:
    return [f for f in found if f.rule == rule]


def page(body: str, *, head: str = "", lang: str = "en") -> str:
    """Return a small but otherwise clean email page around ``body``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Test</title>\n{head}\n</head>\n<body>\n"
        f'<div class="preheader" style="display:none">A preview of what this test issue is '
        f"about, long enough to count.</div>\n"
        f'<div class="wrapper" lang="{lang}">\n'
        f'<table role="presentation"><tr><td class="block block-text">\n{body}\n</td></tr>'
        f"</table>\n</div>\n</body>\n</html>\n"
    )


def crafted(
    body: str,
    *,
    head: str = "",
    text: str = "Plain text.\n",
    eml: bytes = b"",
    settings: Settings | None = None,
    lang: str = "en",
) -> list[Finding]:
    """Run every rule on hand-written HTML (for what valid content cannot produce)."""
    return run(
        Email(
            html=page(body, head=head, lang=lang), text=text, eml=eml, slug="t", settings=settings
        )
    )


def edit_block(root: Path, index: int, **changes: object) -> None:
    data, body = issue_data(root)
    data["blocks"][index].update(changes)
    write_issue(root, data, body)


def edit_template(root: Path, name: str, old: str, new: str) -> None:
    path = own_template(root, name)
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def message(**headers: str) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = "A subject of a sensible length"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("Plain text.\n")
    msg.add_alternative("<p>HTML</p>", subtype="html")
    return msg.as_bytes()


# -- the example and the engine --------------------------------------------------


def test_the_example_issue_passes_every_rule(example: list[Finding]) -> None:
    assert example == []


def test_every_rule_has_an_id_severity_rationale_and_source() -> None:
    assert len(checks.RULES) >= 40
    for rule in checks.RULES.values():
        family, _, name = rule.id.partition(".")
        assert family and name, rule.id
        assert rule.severity in ("error", "warning")
        assert rule.rationale.endswith(".") and rule.source


def test_every_rule_is_documented() -> None:
    docs = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule_id in checks.RULES:
        assert f"`{rule_id}`" in docs, f"{rule_id} is missing from docs/checks.md"


def test_a_finding_names_issue_rule_severity_place_and_advice(site: Path) -> None:
    edit_block(site, 1, url=STORY_URL.replace("https:", "http:"))
    (finding,) = of(findings(site), "link.https")
    data = finding.as_dict()
    assert data["issue"] == "2026-06-05"
    assert data["severity"] == "warning"
    assert data["block"] == 1
    assert data["where"].startswith("blocks[1] (story), <a>, line ")
    assert data["file"] == "email.html" and isinstance(data["line"], int)
    assert "https://" in data["message"]


def test_disabled_rules_do_not_run(site: Path) -> None:
    write_issue(site, {**issue_data(site)[0], "subject": "x" * 80}, issue_data(site)[1])
    assert of(findings(site), "subject.length")
    edit_settings(site, checks={"disable": ["subject.length"]})
    assert not of(findings(site), "subject.length")


def test_unknown_rule_ids_are_refused(site: Path) -> None:
    edit_settings(site, checks={"disable": ["subject.lenght"]})
    result = run_cli("check", root=site)
    assert result.returncode == 2
    assert "unknown check rule 'subject.lenght'" in result.stderr
    assert "checks.disable" in result.stderr


def test_build_records_findings_in_the_manifest_and_prints_a_summary(site: Path) -> None:
    write_issue(site, {**issue_data(site)[0], "subject": "x" * 80}, issue_data(site)[1])
    result = run_cli("build", root=site, check=True)
    assert "  checks: 0 errors, 1 warning (run newsletter check for details)" in result.stdout
    manifest = json.loads((site / "out" / "2026-06-05" / "manifest.json").read_text())
    (entry,) = manifest["checks"]
    assert entry["rule"] == "subject.length" and entry["severity"] == "warning"
    assert entry["where"] == "Subject header"
    assert manifest["warnings"] == [
        f"warning: subject.length at Subject header: {entry['message']}"
    ]


def test_build_of_the_example_reports_passed_checks(site: Path) -> None:
    result = run_cli("build", root=site, check=True)
    assert "  checks: passed" in result.stdout
    manifest = json.loads((site / "out" / "2026-06-05" / "manifest.json").read_text())
    assert manifest["checks"] == [] and manifest["warnings"] == []


# -- size --------------------------------------------------------------------------


def _long_issue(root: Path, paragraphs: int) -> None:
    data, body = issue_data(root)
    words = "Councillors met on Tuesday to discuss the new cycle lanes and bus stops. " * 12
    data["blocks"] += [{"type": "text", "body": words}] * paragraphs
    write_issue(root, data, body)


def test_html_over_102_kb_is_an_error(site: Path) -> None:
    _long_issue(site, 70)
    found = findings(site)
    (clip,) = of(found, "size.clip")
    assert clip.severity == "error" and clip.where == "email.html"
    assert not of(found, "size.near-clip")


def test_html_close_to_102_kb_is_a_warning(site: Path) -> None:
    _long_issue(site, 46)
    found = findings(site)
    (near,) = of(found, "size.near-clip")
    assert near.severity == "warning"
    assert not of(found, "size.clip")


def test_style_over_16_kb_is_an_error(settings: Settings) -> None:
    rules = "".join(f".c{i} {{ color: #123456; padding: 1px 2px 3px 4px; }}\n" for i in range(400))
    (found,) = of(crafted("<p>Hi</p>", head=f"<style>\n{rules}</style>"), "size.style")
    assert found.severity == "error" and "<style>" in found.where
    assert not of(crafted("<p>Hi</p>", head="<style>p { color: #000; }</style>"), "size.style")


def test_nested_at_rules_are_an_error() -> None:
    css = "\n@media screen {\n  @media (min-width: 1px) { p { color: #000; } }\n}\n"
    (found,) = of(crafted("<p>Hi</p>", head=f"<style>{css}</style>"), "size.style-nested")
    assert found.severity == "error"
    assert found.where == "email.html line 8"  # the line of the inner @media
    flat = "@media screen { p { color: #000; } }\n@font-face { font-family: X; }"
    assert not of(crafted("<p>Hi</p>", head=f"<style>{flat}</style>"), "size.style-nested")


def test_lines_over_998_characters_are_an_error(site: Path) -> None:
    edit_block(site, 1, summary="Long " + "a" * 1100 + " line.")
    found = of(findings(site), "size.line")
    assert [(f.severity, f.file) for f in found] == [
        ("error", "email.html"),
        ("error", "email.txt"),
    ]
    assert all(f.where == f"{f.file} line {f.line}" for f in found)


# -- images ------------------------------------------------------------------------


def test_image_without_alt_is_an_error() -> None:
    found = of(crafted('<img src="https://x.example/a.png" width="10">'), "img.alt")
    assert [(f.severity, f.where) for f in found] == [("error", "blocks[0] (text), <img>, line 12")]
    assert "no alt" in found[0].message
    (empty,) = of(crafted('<img src="https://x.example/a.png" width="10" alt="">'), "img.alt")
    assert "empty alt" in empty.message


def test_decorative_images_may_have_an_empty_alt(site: Path) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["image"].update(alt="", decorative=True)
    write_issue(site, data, body)
    assert not of(findings(site), "img.alt")


def test_image_without_width_is_an_error() -> None:
    (found,) = of(crafted('<img src="https://x.example/a.png" alt="A map">'), "img.width")
    assert found.severity == "error" and found.block == 0
    assert not of(crafted('<img src="https://x.example/a.png" alt="A" width="9">'), "img.width")


def test_relative_image_is_an_error() -> None:
    (found,) = of(crafted('<img src="/a.png" alt="A map" width="9">'), "img.src")
    assert found.severity == "error" and "'/a.png'" in found.message


def test_http_image_is_a_warning(site: Path) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["image"].update(
        src="http://www.millbrookweekly.example/img/a.jpg", width=552, height=310
    )
    write_issue(site, data, body)
    (found,) = of(findings(site), "img.https")
    assert found.severity == "warning" and found.where.startswith("blocks[0] (lead), <img>")


def test_data_uri_image_is_an_error() -> None:
    (found,) = of(
        crafted('<img src="data:image/png;base64,iVBORw0KGgo=" alt="A" width="9">'), "img.data-uri"
    )
    assert found.severity == "error"


def test_webp_and_svg_images_are_a_warning(site: Path) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["image"].update(
        src="https://www.millbrookweekly.example/img/a.webp", width=552, height=310
    )
    data["blocks"][1]["image"]["src"] = "https://www.millbrookweekly.example/img/b.svg?v=2"
    write_issue(site, data, body)
    found = of(findings(site), "img.format")
    assert [(f.severity, f.block) for f in found] == [("warning", 0), ("warning", 1)]
    assert found[0].message.startswith("WEBP image") and found[1].message.startswith("SVG")


def test_images_known_to_weigh_over_1_mb_are_a_warning(site: Path) -> None:
    data, body = issue_data(site)
    lead = "https://www.millbrookweekly.example/img/2026/06/footbridge-1104.jpg"
    data["blocks"][0]["image"].update(src=lead, width=552, height=310)
    write_issue(site, data, body)
    edit_settings(site, checks={"image_sizes": {lead: 2_400_000, STORY_URL: 10}})
    (found,) = of(findings(site), "img.weight")
    assert found.severity == "warning" and found.block == 0 and "2.4 MB" in found.message


# -- links -------------------------------------------------------------------------


def test_links_without_href_relative_or_javascript_are_errors() -> None:
    found = crafted(
        '<a>Timetable</a> <a href="/lido">Lido times</a> '
        '<a href="javascript:alert(1)">Pool prices</a> <a href="#top">Back to top</a>'
    )
    assert [f.severity for f in of(found, "link.href")] == ["error"]
    assert [f.message.split(":")[0] for f in of(found, "link.absolute")] == [
        "link '/lido' is not an absolute URL",
        "link '#top' is not an absolute URL",
    ]
    assert [f.severity for f in of(found, "link.javascript")] == ["error"]


def test_merge_tags_and_mailto_are_valid_link_targets(settings: Settings) -> None:
    body = (
        '<a href="*|ARCHIVE|*">View online</a> <a href="mailto:ed@x.example">Email '
        'the editor</a> <a href="*|UNSUB|*">Unsubscribe</a>'
    )
    assert settings.mailing_service == "mailchimp"
    assert not [f for f in crafted(body, settings=settings) if f.rule.startswith("link.")]
    # Without settings, any service's tag may be meant.
    assert not [
        f
        for f in crafted(body.replace("*|UNSUB|*", "{{ unsubscribe }}"))
        if f.rule.startswith("link.")
    ]


def test_another_services_tag_is_not_a_link_target(settings: Settings) -> None:
    # Mailchimp leaves Brevo's tag as it is: the link would go nowhere.
    (found,) = of(
        crafted('<a href="{{ unsubscribe }}">Unsubscribe</a>', settings=settings), "link.absolute"
    )
    assert "'{{ unsubscribe }}'" in found.message


def test_the_settings_own_unsubscribe_url_is_checked_like_any_link(site: Path) -> None:
    edit_settings(
        site,
        mailing_service="none",
        greeting="Good morning,",
        unsubscribe_url="http://www.millbrookweekly.example/newsletter/unsubscribe",
        view_online_url="https://www.millbrookweekly.example/newsletter/latest",
    )
    (found,) = of(findings(site), "link.https")
    assert found.where.startswith("footer, <a>")
    assert "'http://www.millbrookweekly.example/newsletter/unsubscribe'" in found.message


def test_http_links_are_a_warning(site: Path) -> None:
    edit_block(site, 1, url=STORY_URL.replace("https:", "http:"))
    found = of(findings(site), "link.https")
    assert [f.block for f in found] == [1]  # reported once per element; the first is shown


def test_vague_and_raw_url_link_text_is_a_warning(site: Path) -> None:
    edit_block(
        site,
        1,
        summary="For times [click here](https://x.example/times). Or see "
        "[https://x.example/pool](https://x.example/pool) and "
        "[the lido prices](https://x.example/prices).",
    )
    found = of(findings(site), "link.text")
    assert [(f.severity, f.block) for f in found] == [("warning", 1), ("warning", 1)]
    assert "'click here'" in found[0].message and "raw URL" in found[1].message


def test_a_bare_domain_is_acceptable_link_text() -> None:
    # The example's footer links the website as "www.millbrookweekly.example".
    link = '<a href="https://www.millbrookweekly.example">{}</a>'
    assert not of(crafted(link.format("www.millbrookweekly.example")), "link.text")
    (raw,) = of(crafted(link.format("www.millbrookweekly.example/news")), "link.text")
    assert "raw URL" in raw.message


def test_same_text_for_different_urls_is_a_warning(site: Path) -> None:
    edit_block(
        site,
        1,
        summary="See [the timetable](https://x.example/a) and "
        "[the timetable](https://x.example/b).",
    )
    (found,) = of(findings(site), "link.ambiguous")
    assert found.severity == "warning" and found.block == 1
    assert "https://x.example/a" in found.message


# -- compliance --------------------------------------------------------------------


def test_missing_unsubscribe_link_is_an_error(site: Path) -> None:
    edit_template(
        site, "email.html", '<a href="{{ unsubscribe_url }}">{{ _("Unsubscribe") }}</a>', ""
    )
    edit_template(site, "email.txt", '{{ unsubscribe_url | link(_("Unsubscribe")) }}', "")
    found = of(findings(site), "compliance.unsubscribe")
    assert [(f.severity, f.file) for f in found] == [
        ("error", "email.html"),
        ("error", "email.txt"),
    ]


def test_missing_postal_address_is_an_error(site: Path) -> None:
    edit_template(site, "email.txt", "{{ settings.postal_address }}", "")
    (found,) = of(findings(site), "compliance.address")
    assert found.severity == "error" and found.file == "email.txt"
    assert "14 Mill Lane" in found.message


def test_one_click_headers_are_expected_when_the_email_must_carry_them(site: Path) -> None:
    edit_settings(site, mailing_service="none", greeting="Good morning,")
    (found,) = of(findings(site), "compliance.one-click")
    assert found.severity == "warning" and found.where == "List-Unsubscribe header"
    assert found.file == "email.eml" and "list_unsubscribe_url" in found.message


def test_one_click_headers_built_from_the_settings_pass(site: Path) -> None:
    edit_settings(
        site,
        mailing_service="none",
        greeting="Good morning,",
        list_unsubscribe_url="https://www.millbrookweekly.example/unsubscribe/one-click",
    )
    assert not of(findings(site), "compliance.one-click")


def test_a_mailto_alone_is_not_one_click(site: Path) -> None:
    edit_settings(site, list_unsubscribe_mailto="leave@millbrookweekly.example")
    (found,) = of(findings(site), "compliance.one-click")
    assert found.where == "List-Unsubscribe header"


def test_one_click_needs_the_post_header_too(settings: Settings) -> None:
    own = settings.model_copy(update={"mailing_service": "none"})
    body = '<a href="https://www.millbrookweekly.example/newsletter/unsubscribe">Unsubscribe</a>'
    half = message(List_Unsubscribe="<https://www.millbrookweekly.example/u>")
    (found,) = of(crafted(body, eml=half, settings=own), "compliance.one-click")
    assert found.where == "List-Unsubscribe-Post header"
    both = message(
        List_Unsubscribe="<https://www.millbrookweekly.example/u>",
        List_Unsubscribe_Post="List-Unsubscribe=One-Click",
    )
    assert not of(crafted(body, eml=both, settings=own), "compliance.one-click")


def test_services_that_fill_in_their_own_tag_are_not_asked_for_headers(
    settings: Settings,
) -> None:
    # The example sends through Mailchimp, which adds List-Unsubscribe itself.
    body = '<a href="*|UNSUB|*">Unsubscribe</a>'
    assert settings.mailing_service == "mailchimp" and not settings.list_unsubscribe_url
    assert not of(crafted(body, eml=message(), settings=settings), "compliance.one-click")
    own = settings.model_copy(update={"mailing_service": "none"})
    assert of(crafted(body, eml=message(), settings=own), "compliance.one-click")


# -- subject and preheader ---------------------------------------------------------


def _inbox(root: Path, **changes: str) -> list[Finding]:
    data, body = issue_data(root)
    write_issue(root, {**data, **changes}, body)
    return findings(root)


def test_long_subject_is_a_warning(site: Path) -> None:
    (found,) = of(
        _inbox(
            site, subject="Mill Lane bridge reopens after eight months, and a summer of free swims"
        ),
        "subject.length",
    )
    assert found.severity == "warning" and "71 characters" in found.message


def test_shouting_subject_and_preheader_are_a_warning(site: Path) -> None:
    found = of(
        _inbox(
            site,
            subject="BRIDGE REOPENS",
            preheader="Free swims all summer!! The lido opens early and the show needs volunteers.",
        ),
        "subject.shouting",
    )
    assert [f.where for f in found] == ["Subject header", found[1].where]
    assert found[1].where.startswith("preheader, <div>")
    assert "capitals" in found[0].message and "repeated" in found[1].message


def test_preheader_outside_40_to_140_characters_is_a_warning(site: Path) -> None:
    (short,) = of(_inbox(site, preheader="Bridge news."), "preheader.length")
    assert short.severity == "warning" and "12 characters" in short.message
    (long,) = of(_inbox(site, preheader="Bridge news. " * 12), "preheader.length")
    assert "155 characters" in long.message


def test_preheader_repeating_the_subject_is_a_warning(site: Path) -> None:
    data, _ = issue_data(site)
    found = of(
        _inbox(site, preheader=data["subject"] + ": the footbridge is back, and more."),
        "preheader.repeats-subject",
    )
    assert [f.severity for f in found] == ["warning"]


def test_empty_subject_is_an_error_and_missing_preheader_a_warning() -> None:
    bare = "<!DOCTYPE html><html lang='en'><body><div lang='en'><p>Hi</p></div></body></html>"
    email = Email(
        html=bare,
        text="Hi\n",
        eml=message().replace(b"Subject: A subject of a sensible length", b"Subject: "),
    )
    found = run(email)
    assert [f.severity for f in of(found, "subject.empty")] == ["error"]
    assert [f.severity for f in of(found, "preheader.empty")] == ["warning"]


# -- accessibility -----------------------------------------------------------------


def test_missing_lang_is_an_error() -> None:
    found = of(crafted("<p>Hi</p>", lang=""), "a11y.lang")
    assert [f.where for f in found] == ["email.html <html>", "email.html <body>"]
    assert {f.severity for f in found} == {"error"}


def test_skipped_heading_levels_are_a_warning(site: Path) -> None:
    edit_template(
        site,
        "blocks/heading.html",
        "{{ section_title(block.text) }}",
        '{{ section_title(block.text, tag="h4") }}',
    )
    (found,) = of(findings(site), "a11y.headings")
    assert found.severity == "warning" and found.block == 2
    assert found.message.startswith("<h4> follows <h2>")


def test_low_contrast_theme_colours_are_an_error_in_light_and_dark(site: Path) -> None:
    data = yaml.safe_load((site / "content" / "newsletter.yaml").read_text())
    data["theme"]["dark"]["muted"] = "#3a3f45"
    data["theme"]["light"]["link"] = "#7fa6d0"
    edit_settings(site, theme=data["theme"])
    found = of(findings(site), "a11y.contrast")
    assert [(f.severity, f.where) for f in found] == [
        ("error", "newsletter.yaml theme.light.link"),
        ("error", "newsletter.yaml theme.dark.muted"),
    ]
    assert "on surface #1b1f24" in found[1].message


def test_low_contrast_inline_colours_are_an_error() -> None:
    body = (
        '<table role="presentation"><tr><td bgcolor="#ffffff">'
        '<p style="color:#bbbbbb">Faint text</p><p style="color:#333">Fine text</p>'
        '<p style="display:none;color:#fff">Hidden</p></td></tr></table>'
    )
    (found,) = of(crafted(body), "a11y.contrast")
    assert found.where.startswith("blocks[0] (text), <p>")
    assert "#bbbbbb on #ffffff" in found.message


def test_layout_tables_without_role_presentation_are_a_warning() -> None:
    found = of(
        crafted(
            "<table><tr><td>Layout</td></tr></table>"
            "<table><tr><th>Day</th></tr><tr><td>Mon</td></tr></table>"
        ),
        "a11y.tables",
    )
    assert [(f.severity, f.block) for f in found] == [("warning", 0)]


# -- client support ----------------------------------------------------------------


def test_unsupported_css_is_a_warning_once_per_feature() -> None:
    found = of(
        crafted(
            '<div style="display:flex">A</div><div style="display: flex">B</div>'
            '<p style="position:absolute">C</p>',
            head="<style>@import url(https://x.example/a.css);</style>",
        ),
        "support.css",
    )
    messages = sorted(f.message.split(" is not")[0] for f in found)
    assert messages == ["@import", "display-flex (2 times)", "position"]
    assert {f.severity for f in found} == {"warning"}
    assert "https://www.caniemail.com/features/css-display-flex/" in " ".join(
        f.message for f in found
    )


def test_css_with_an_acceptable_fallback_is_not_reported() -> None:
    body = (
        '<td style="border-radius:4px" bgcolor="#b3261e">Button</td>'
        '<td><!--[if mso]><v:rect fill="true"><v:fill src="https://x.example/bg.jpg" />'
        "</v:rect><![endif]-->"
        '<div style="background-image:url(https://x.example/bg.jpg);'
        'background-color:#123456">Hero</div></td>'
    )
    assert not of(
        crafted(
            f"<table role='presentation'><tr>{body}</tr></table>",
            head="<style>@media (max-width: 600px) { p { margin: 0; } }</style>",
        ),
        "support.css",
    )
    (found,) = of(
        crafted('<div style="background-image:url(https://x.example/bg.jpg)">H</div>'),
        "support.css",
    )
    assert "background-image" in found.message and "Outlook for Windows" in found.message


def test_unsupported_html_elements_are_a_warning() -> None:
    (found,) = of(crafted('<svg width="10" height="10"></svg><svg></svg>'), "support.html")
    assert found.severity == "warning" and found.message.startswith("<svg> (2 times)")


def test_class_names_with_dots_or_colons_are_a_warning() -> None:
    (found,) = of(crafted('<p class="text-sm md:text-lg">Hi</p>'), "support.class-name")
    assert found.severity == "warning" and "'md:text-lg'" in found.message


# -- plain text --------------------------------------------------------------------


def test_empty_text_version_is_an_error() -> None:
    (found,) = of(crafted("<p>Hi</p>", text="\n"), "text.missing")
    assert found.severity == "error" and found.file == "email.txt"
    assert not of(crafted("<p>Hi</p>", text="Hi\n"), "text.missing")


def test_story_urls_missing_from_the_text_are_a_warning(site: Path) -> None:
    edit_template(
        site, "blocks/story.txt", '{% include "blocks/_story.txt" %}', "{{ block.title }}"
    )
    found = of(findings(site), "text.links")
    assert [(f.severity, f.block) for f in found] == [
        ("warning", 1),
        ("warning", 1),
        ("warning", 4),
    ]
    assert STORY_URL in found[0].message


def test_html_left_in_the_text_is_an_error(site: Path) -> None:
    edit_template(site, "blocks/heading.txt", "{{ block.text | upper", "<b>{{ block.text | upper")
    (found,) = of(findings(site), "text.html")
    assert found.severity == "error" and found.file == "email.txt"
    assert found.where == f"email.txt line {found.line}" and "'<b>'" in found.message


def _add_text_block(root: Path, body: str) -> None:
    data, intro = issue_data(root)
    data["blocks"].append({"type": "text", "body": body})
    write_issue(root, data, intro)


HTML_AS_TEXT = "Use the `<br>` tag for a line break, and `&nbsp;` for a space that does not wrap."


def test_tags_and_entities_written_in_the_content_are_text(site: Path) -> None:
    _add_text_block(site, HTML_AS_TEXT)
    assert not of(findings(site), "text.html")
    built = run_cli("build", root=site, check=True)
    text = (site / "out" / "2026-06-05" / "email.txt").read_text(encoding="utf-8")
    assert "Use the <br> tag for a line break, and &nbsp; for" in text
    assert "checks: passed" in built.stdout


def test_a_leftover_tag_is_an_error_even_when_the_content_mentions_tags(site: Path) -> None:
    _add_text_block(site, HTML_AS_TEXT)
    edit_template(site, "blocks/text.txt", "{{", "<p>{{")
    found = of(findings(site), "text.html")
    # Once per text block's first line, the added one's included; never the content's own tags.
    assert found and {f.message.split(" in the")[0] for f in found} == {"HTML '<p>'"}


# -- inlining ----------------------------------------------------------------------


def test_styled_classes_missing_from_the_body_are_a_warning() -> None:
    head = "<style>.sidebar-note { color: #333333; } .ok { color: #111111; }</style>"
    (found,) = of(crafted('<p class="ok">Kept</p>', head=head), "inline.unused-class")
    assert found.severity == "warning" and found.message.startswith(".sidebar-note")
    assert found.where.startswith("email.html line ")


def test_rules_for_classes_no_template_uses_are_dropped_not_reported(site: Path) -> None:
    path = own_template(site, "style.css")
    path.write_text(path.read_text() + "\n.sidebar-note { color: #333333; }\n")
    assert of(findings(site), "inline.unused-class") == []
    run_cli("build", "--quiet", root=site, check=True)
    assert ".sidebar-note" not in (site / "out" / "2026-06-05" / "email.html").read_text()


def test_rules_left_only_in_style_are_a_warning() -> None:
    head = "<style>.note { color: #333333; } .ok { color: #111111; }</style>"
    body = '<p class="note">Not inlined</p><p class="ok" style="color:#111111">Inlined</p>'
    (found,) = of(crafted(body, head=head), "inline.not-inlined")
    assert found.severity == "warning" and found.message.startswith(".note is only in <style>")


# -- the check command -------------------------------------------------------------


def test_check_prints_a_table_and_exits_0_when_clean(site: Path) -> None:
    result = run_cli("check", root=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-06-05: no problems found"


def test_check_json_lists_findings_and_strict_fails_on_warnings(site: Path) -> None:
    write_issue(site, {**issue_data(site)[0], "subject": "x" * 80}, issue_data(site)[1])
    result = run_cli("check", "--json", root=site)
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert {"issue", "rule", "severity", "where", "message"} <= set(entry)
    assert (entry["issue"], entry["rule"], entry["severity"]) == (
        "2026-06-05",
        "subject.length",
        "warning",
    )
    strict = run_cli("check", "--strict", "2026-06-05", root=site)
    assert strict.returncode == 1
    assert "warning   subject.length  Subject header" in strict.stdout


def test_check_exits_1_on_errors(site: Path) -> None:
    edit_template(site, "email.txt", "{{ settings.postal_address }}", "")
    result = run_cli("check", root=site)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-06-05: 1 error, 0 warnings"
    assert lines[1].split() == ["severity", "rule", "where", "message"]
    assert "compliance.address" in lines[2]


def test_check_exits_2_on_invalid_content(site: Path) -> None:
    data, body = issue_data(site)
    write_issue(site, {**data, "subject": ""}, body, slug="2026-06-12")
    result = run_cli("check", "--json", root=site)
    assert result.returncode == 2
    assert "content/issues/2026-06-12.md" in result.stderr
    assert json.loads(result.stdout) == []  # the valid issue was still checked


def test_check_of_an_unknown_issue_exits_2(site: Path) -> None:
    result = run_cli("check", "2099-01-01", root=site)
    assert result.returncode == 2 and "no such issue" in result.stderr


def test_check_does_not_touch_out(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "site")
    assert run_cli("check", root=root).returncode == 0
    assert not (root / "out").exists()


def test_image_sizes_must_be_urls_and_byte_counts(site: Path) -> None:
    edit_settings(site, checks={"image_sizes": {"/img/a.jpg": 10}})
    result = run_cli("check", root=site)
    assert result.returncode == 2
    assert "image_sizes: '/img/a.jpg' must be an absolute" in result.stderr
    edit_settings(site, checks={"image_sizes": {"https://x.example/a.jpg": -1}})
    assert "must be a size in bytes" in run_cli("check", root=site).stderr
