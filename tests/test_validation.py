"""Bad input: every problem reported with file, field and line; exit 2; nothing lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from newsletter.commands.build import build
from newsletter.models.fields import check_email
from tests.support import (
    EXAMPLE_SLUG,
    edit_settings,
    issue_data,
    own_template,
    run_cli,
    write_issue,
)

ISSUE_FILE = f"content/issues/{EXAMPLE_SLUG}.md"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built_site(site: Path) -> Path:
    """A site built once, so tests can check that a failed build keeps the output."""
    build(site)
    return site


def fails_cleanly(site: Path) -> list[str]:
    """Run the CLI build, check it failed as a user error, and return its error lines."""
    before_out = snapshot(site / "out")
    before_content = snapshot(site / "content")
    result = run_cli("build", root=site)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site / "out") == before_out
    assert snapshot(site / "content") == before_content
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    return lines


def change_block(site: Path, index: int, **changes: object) -> None:
    data, body = issue_data(site)
    data["blocks"][index].update(changes)
    write_issue(site, data, body)


def test_typo_in_a_field_name(built_site: Path) -> None:
    data, body = issue_data(built_site)
    data["blocks"][1]["sumary"] = data["blocks"][1].pop("summary")
    write_issue(built_site, data, body)
    lines = fails_cleanly(built_site)
    assert any(
        line.startswith(f"error: {ISSUE_FILE}:") and "blocks[1].sumary: unknown field" in line
        for line in lines
    ), lines
    assert any("blocks[1].summary: is required" in line for line in lines)


def test_javascript_url_is_refused(built_site: Path) -> None:
    change_block(built_site, 4, url="javascript:alert(1)")
    [line] = fails_cleanly(built_site)
    assert f"{ISSUE_FILE}:" in line and "blocks[4].url: must be an absolute http" in line


def test_line_number_points_at_the_field(built_site: Path) -> None:
    path = built_site / ISSUE_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "url: https://www.millbrookweekly.example/news/2026/06/bakery-award",
            "url: www.bakery.example",
        ),
        encoding="utf-8",
    )
    line_no = next(
        i for i, line in enumerate(path.read_text().splitlines(), 1) if "www.bakery.example" in line
    )
    [line] = fails_cleanly(built_site)
    assert line.startswith(f"error: {ISSUE_FILE}:{line_no}: blocks[3].stories[1].url: ")


def test_relative_link_in_markdown(built_site: Path) -> None:
    change_block(built_site, 0, summary="See [the plans](/plans.pdf).")
    [line] = fails_cleanly(built_site)
    assert "blocks[0].summary: link '/plans.pdf' must be an absolute" in line


def test_image_needs_alt_unless_decorative(built_site: Path) -> None:
    data, body = issue_data(built_site)
    data["blocks"][0]["image"]["alt"] = ""
    write_issue(built_site, data, body)
    [line] = fails_cleanly(built_site)
    assert "blocks[0].image: alt text is required" in line
    data["blocks"][0]["image"]["decorative"] = True
    write_issue(built_site, data, body)
    assert run_cli("build", root=built_site).returncode == 0


def test_decorative_image_must_have_empty_alt(site: Path) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["image"]["decorative"] = True
    write_issue(site, data, body)
    [line] = fails_cleanly(site)
    assert "blocks[0].image: a decorative image takes an empty alt" in line


def test_image_width_is_required(built_site: Path) -> None:
    data, body = issue_data(built_site)
    del data["blocks"][7]["width"]
    write_issue(built_site, data, body)
    [line] = fails_cleanly(built_site)
    assert "blocks[7].width: is required for an image given by URL; add" in line


def test_impossible_date(built_site: Path) -> None:
    path = built_site / ISSUE_FILE
    path.write_text(path.read_text().replace("date: 2026-06-05", "date: 2026-02-30"))
    [line] = fails_cleanly(built_site)
    assert line == f"error: {ISSUE_FILE}:4: date: must be a real date written YYYY-MM-DD"


def test_unknown_block_type(built_site: Path) -> None:
    change_block(built_site, 9, type="dividr")
    [line] = fails_cleanly(built_site)
    assert "blocks[9]: unknown block type 'dividr'; use one of: lead, story" in line


def test_every_problem_is_reported_at_once(built_site: Path) -> None:
    data, body = issue_data(built_site)
    data["blocks"][0]["url"] = "ftp://example.org"
    data["blocks"][1]["title"] = "   "
    data["blocks"][11]["items"][0]["date"] = "soon"
    write_issue(built_site, data, body)
    lines = fails_cleanly(built_site)
    fields = [line.split(": ")[2] for line in lines]
    assert fields == ["blocks[0].url", "blocks[1].title", "blocks[11].items[0].date"]


def test_duplicate_key(built_site: Path) -> None:
    path = built_site / ISSUE_FILE
    path.write_text(path.read_text().replace("number: 142\n", "number: 142\nnumber: 143\n"))
    [line] = fails_cleanly(built_site)
    assert line == f"error: {ISSUE_FILE}:6: number: appears twice; keep one"


def test_broken_yaml(built_site: Path) -> None:
    path = built_site / ISSUE_FILE
    path.write_text(path.read_text().replace("number: 142", "number: [142"))
    [line] = fails_cleanly(built_site)
    assert line.startswith(f"error: {ISSUE_FILE}:") and "invalid YAML" in line


def test_missing_front_matter(built_site: Path) -> None:
    (built_site / ISSUE_FILE).write_text("Just some text\n")
    [line] = fails_cleanly(built_site)
    assert line == f"error: {ISSUE_FILE}:1: must start with YAML front matter between '---' lines"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sender": {"name": "X", "email": "not-an-address"}}, "sender.email: must be an email"),
        ({"reply_to": "a@b@c"}, "reply_to: must be an email address"),
        # The name belongs in sender.name; the address field holds the address alone.
        ({"reply_to": "Ana <ana@example.org>"}, "reply_to: must be an email address"),
        ({"theme": {"light": {"brand": "blue"}}}, "theme.light.brand: must be a hex colour"),
        ({"language": "english!"}, "language: must be a language tag"),
        ({"website": "millbrook.example"}, "website: must be an absolute http"),
        ({"mailing_service": "mailchimpp"}, "mailing_service: must be one of"),
        ({"postal_address": ""}, "postal_address: must not be empty"),
    ],
)
def test_bad_settings(built_site: Path, change: dict, expected: str) -> None:
    edit_settings(built_site, **change)
    lines = fails_cleanly(built_site)
    assert any(
        line.startswith("error: content/newsletter.yaml:") and expected in line for line in lines
    ), lines


def test_an_address_is_kept_normalised() -> None:
    assert check_email("Ana@Example.ORG") == "Ana@example.org"
    assert check_email(" ana@example.org ") == "ana@example.org"
    with pytest.raises(ValueError, match="must be an email address"):
        check_email("ana@")


def test_bad_colour_names_the_field(built_site: Path) -> None:
    path = built_site / "content/newsletter.yaml"
    path.write_text(path.read_text().replace('brand: "#13315c"', 'brand: "#13315"'))
    [line] = fails_cleanly(built_site)
    assert "theme.light.brand: must be a hex colour such as #1a2b3c" in line


def test_missing_postal_address(built_site: Path) -> None:
    path = built_site / "content/newsletter.yaml"
    text = path.read_text()
    start = text.index("postal_address:")
    end = text.index("# Merge tags")
    path.write_text(text[:start] + text[end:])
    [line] = fails_cleanly(built_site)
    assert line == "error: content/newsletter.yaml: postal_address: is required; add it"


def test_valid_issues_still_build_when_another_is_invalid(built_site: Path) -> None:
    data, body = issue_data(built_site)
    write_issue(built_site, data, body, slug="2026-06-12")
    data["blocks"][0]["url"] = "nope"
    write_issue(built_site, data, body, slug="2026-06-19")
    result = run_cli("build", root=built_site)
    assert result.returncode == 2
    assert "content/issues/2026-06-19.md" in result.stderr
    assert (built_site / "out/2026-06-12/email.html").is_file()
    assert not (built_site / "out/2026-06-19").exists()


def test_undefined_template_variable_is_an_error(built_site: Path) -> None:
    path = own_template(built_site, "blocks/quote.html")
    path.write_text(path.read_text().replace("block.attribution", "block.atribution"))
    [line] = fails_cleanly(built_site)
    assert line.startswith("error: templates/") and "atribution" in line


def test_template_syntax_error_names_the_file_and_line(built_site: Path) -> None:
    path = own_template(built_site, "blocks/jobs.html")
    path.write_text(path.read_text().replace("{% endfor %}", "{% endfo %}"))
    [line] = fails_cleanly(built_site)
    assert line.startswith("error: templates/blocks/jobs.html:")


def test_nested_media_query_in_stylesheet(built_site: Path) -> None:
    path = own_template(built_site, "style.css")
    path.write_text(path.read_text() + "\n@media screen { @media (min-width: 1px) { .x {} } }\n")
    [line] = fails_cleanly(built_site)
    assert line.startswith("error: templates/style.css: @media is nested")


def test_missing_settings_file(site: Path) -> None:
    (site / "content/newsletter.yaml").unlink()
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert result.stderr == (
        "error: content/newsletter.yaml: not found: this is not a newsletter folder; "
        "run 'newsletter init FOLDER' to start one, or pass --root FOLDER\n"
    )


def test_unknown_issue_name(site: Path) -> None:
    result = run_cli("build", "2099-01-01", root=site)
    assert result.returncode == 2
    assert "content/issues/2099-01-01.md: no such issue" in result.stderr


def test_failed_write_keeps_previous_output(built_site: Path, monkeypatch) -> None:
    from newsletter import output

    before = snapshot(built_site / "out")
    data, body = issue_data(built_site)
    data["subject"] = "A new subject"
    write_issue(built_site, data, body)
    real_write = output._write_file
    calls = []

    def failing_third(path: Path, body: bytes) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(path, body)

    monkeypatch.setattr(output, "_write_file", failing_third)
    with pytest.raises(OSError):
        build(built_site)
    monkeypatch.undo()
    assert len(calls) == 3 and snapshot(built_site / "out") == before
    assert [p.name for p in (built_site / "out").iterdir()] == [EXAMPLE_SLUG]


def test_line_break_in_subject_is_refused(built_site: Path) -> None:
    data, body = issue_data(built_site)
    data["subject"] = "Two\nlines"
    write_issue(built_site, data, body)
    [line] = fails_cleanly(built_site)
    assert "subject: must be one line" in line


def test_bad_link_in_intro_names_the_field_and_line(built_site: Path) -> None:
    data, _ = issue_data(built_site)
    path = write_issue(built_site, data, "\nSee [the plans](/plans.pdf).\n")
    line_no = path.read_text().splitlines().index("See [the plans](/plans.pdf).") + 1
    [line] = fails_cleanly(built_site)
    assert line.startswith(f"error: {ISSUE_FILE}:{line_no}: intro: link '/plans.pdf'")


def test_file_that_is_not_utf8(built_site: Path) -> None:
    path = built_site / ISSUE_FILE
    path.write_bytes(path.read_bytes().replace(b"Mill Lane bridge", b"Mill Lane br\xefdge", 1))
    [line] = fails_cleanly(built_site)
    assert line == f"error: {ISSUE_FILE}:2: is not UTF-8 text; save it with UTF-8 encoding"


def test_byte_order_mark_is_accepted(site: Path) -> None:
    path = site / ISSUE_FILE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    settings = site / "content/newsletter.yaml"
    settings.write_bytes(b"\xef\xbb\xbf" + settings.read_bytes())
    assert run_cli("build", root=site).returncode == 0


def test_template_runtime_error_names_the_partial_and_line(built_site: Path) -> None:
    path = own_template(built_site, "blocks/quote.html")
    text = path.read_text()
    path.write_text(text.replace("{{ block.text }}", "{{ block.text.nope.deeper }}"))
    line_no = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if ".nope" in row)
    [line] = fails_cleanly(built_site)
    assert line.startswith(f"error: templates/blocks/quote.html:{line_no}: ")
    path.write_text(text.replace("{{ block.text }}", "{{ 1 // 0 }}"))
    [line] = fails_cleanly(built_site)
    assert line.startswith(f"error: templates/blocks/quote.html:{line_no}: ")
    assert "ZeroDivisionError" in line


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check"],
        ["archive"],
        ["send", EXAMPLE_SLUG, "--to", "editor@example.org", "--dry-run"],
        ["export", EXAMPLE_SLUG, "--service", "mailchimp"],
    ],
    ids=lambda command: command[0],
)
def test_every_command_refuses_an_unknown_rule_naming_file_and_line(
    site: Path, command: list[str]
) -> None:
    settings = site / "content" / "newsletter.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  disable: []", "  disable: [no-such-rule]"), "utf-8")
    line = text.splitlines().index("  disable: []") + 1
    if command[0] == "archive":
        edit = settings.read_text(encoding="utf-8")
        edit += "archive:\n  base_url: https://www.millbrookweekly.example/newsletter/\n"
        settings.write_text(edit, encoding="utf-8")
    result = run_cli(*command, root=site)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"error: content/newsletter.yaml:{line}: checks.disable[0]: unknown check rule "
        "'no-such-rule'; 'newsletter help checks' lists the rule ids"
    ]
