"""Starting out: newsletter init, drafts from newsletter new, template copies, messages."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

from newsletter.models.fields import PROMPT
from tests.support import EXAMPLE_SLUG, issue_data, run_cli, tree_bytes, write_issue

T = TypeVar("T")
OPTIONS = [
    "--name",
    "Kenilworth Voice",
    "--website",
    "https://www.kenilworthvoice.example/",
    "--sender-email",
    "news@kenilworthvoice.example",
    "--address",
    "1 High Street, Kenilworth CV8 1LZ",
    "--service",
    "mailchimp",
]


def today_while(action: Callable[[], T]) -> tuple[T, set[str]]:
    """Run ``action``; return what it returns and each date "today" had meanwhile.

    A run across midnight has two, and the command may have taken either.
    """
    before = dt.date.today().isoformat()
    done = action()
    return done, {before, dt.date.today().isoformat()}


def only_issue(folder: Path) -> Path:
    """Return the one issue file of a newsletter folder."""
    (path,) = (folder / "content" / "issues").glob("*.md")
    return path


def fill_prompts(text: str) -> str:
    """Replace every [[...]] prompt as an editor would: URLs where URLs go, words elsewhere."""

    def answer(match: re.Match[str]) -> str:
        key = text[: match.start()].rsplit("\n", 1)[-1]
        if re.search(r"\b(url|src):\s*'?$", key):
            return "https://www.kenilworthvoice.example/news/story"
        if re.search(r"\btime:\s*'?$", key):
            return "19:30"
        return "Town hall agrees the new library opening hours"

    return PROMPT.sub(answer, text)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


# -- init ---------------------------------------------------------------------


def test_init_makes_a_folder_that_builds(tmp_path: Path) -> None:
    folder = tmp_path / "voice"
    result, days = today_while(lambda: run_cli("init", str(folder), *OPTIONS, check=True))
    assert "created content/newsletter.yaml" in result.stdout
    assert (folder / ".gitignore").read_text().splitlines()[1] == "/out/"
    assert (folder / "out").is_dir() and not any((folder / "out").iterdir())
    settings = yaml.safe_load((folder / "content/newsletter.yaml").read_text())
    assert settings["name"] == "Kenilworth Voice"
    assert settings["sender"]["email"] == "news@kenilworthvoice.example"
    assert settings["postal_address"] == "1 High Street, Kenilworth CV8 1LZ"
    draft = only_issue(folder)
    assert draft.stem in days
    assert front(draft)["status"] == "draft" and front(draft)["number"] == 1
    run_cli("build", root=folder, check=True)
    names = sorted(p.name for p in (folder / "out" / draft.stem).iterdir())
    assert names == ["email.eml", "email.html", "email.txt", "manifest.json"]


def test_every_settings_field_is_explained_in_the_starter(tmp_path: Path) -> None:
    from newsletter.models import Settings

    run_cli("init", str(tmp_path), *OPTIONS, check=True)
    text = (tmp_path / "content/newsletter.yaml").read_text()
    for name in Settings.model_fields:
        assert re.search(rf"(?m)^#? ?{name}:", text), f"{name} is not in the starter settings"


def test_init_never_overwrites(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path), *OPTIONS, check=True)
    (tmp_path / "content/newsletter.yaml").write_text("name: mine\n")
    before = tree_bytes(tmp_path)
    result = run_cli("init", str(tmp_path), *OPTIONS)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: content/newsletter.yaml: already exists (and 2 more); nothing was written: "
        "move it away, or use another folder"
    ]
    assert tree_bytes(tmp_path) == before


def test_starter_placeholders_build_but_fail_the_check_naming_each(tmp_path: Path) -> None:
    _, days = today_while(
        lambda: run_cli("init", str(tmp_path), "--name", "Kenilworth Voice", check=True)
    )
    run_cli("build", root=tmp_path, check=True)
    slug = only_issue(tmp_path).stem
    assert slug in days and (tmp_path / "out" / slug / "email.html").is_file()
    result = run_cli("check", "--json", root=tmp_path)
    assert result.returncode == 1
    found = [f["where"] for f in json.loads(result.stdout) if f["rule"] == "content.starter"]
    assert found == [
        f"{field} in content/newsletter.yaml"
        for field in ("website", "sender.email", "postal_address", "unsubscribe_url")
    ]


def test_init_with_templates_copies_every_built_in_template(tmp_path: Path) -> None:
    from newsletter.project import BUILTIN_TEMPLATES

    run_cli("init", str(tmp_path), *OPTIONS, "--templates", check=True)
    built_in = {p.relative_to(BUILTIN_TEMPLATES) for p in BUILTIN_TEMPLATES.rglob("*.*")}
    own = {p.relative_to(tmp_path / "templates") for p in (tmp_path / "templates").rglob("*.*")}
    assert own == built_in


# -- templates ----------------------------------------------------------------


def test_copied_template_overrides_only_itself(site: Path) -> None:
    result = run_cli("templates", "copy", "blocks/quote.html", root=site, check=True)
    assert result.stdout.strip() == "copied templates/blocks/quote.html"
    path = site / "templates/blocks/quote.html"
    path.write_text('<p data-own="yes">{{ block.text }}</p>\n' + path.read_text())
    run_cli("build", root=site, check=True)
    html = (site / "out" / EXAMPLE_SLUG / "email.html").read_text()
    assert html.count('data-own="yes"') == 1 and "masthead" in html
    listed = run_cli("templates", "list", root=site, check=True).stdout
    assert "blocks/quote.html  (overridden in templates/)" in listed
    assert re.search(r"(?m)^blocks/story.html$", listed)


def test_copy_refuses_an_unknown_or_existing_template(site: Path) -> None:
    result = run_cli("templates", "copy", "blocks/nope.html", root=site)
    assert result.returncode == 2 and "not a built-in template" in result.stderr
    run_cli("templates", "copy", "style.css", root=site, check=True)
    result = run_cli("templates", "copy", "style.css", root=site)
    assert result.returncode == 2 and "templates/style.css: already exists" in result.stderr


def test_error_in_a_user_template_names_the_users_file(site: Path) -> None:
    run_cli("templates", "copy", "blocks/jobs.html", root=site, check=True)
    path = site / "templates/blocks/jobs.html"
    path.write_text(path.read_text() + "{% if %}\n")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert result.stderr.startswith("error: templates/blocks/jobs.html:")


# -- new ----------------------------------------------------------------------


def test_new_with_a_date_slug_writes_a_skeleton(site: Path) -> None:
    result = run_cli("new", "2026-06-12", root=site, check=True)
    assert result.stdout.startswith("created content/issues/2026-06-12.md")
    path = site / "content/issues/2026-06-12.md"
    data = front(path)
    assert str(data["date"]) == "2026-06-12" and data["number"] == 143
    assert data["status"] == "draft"
    types = [block["type"] for block in data["blocks"]]
    assert types == ["lead", "story", "story", "promo", "events", "jobs"]
    assert data["blocks"][4]["title"] == "What's on this week"
    assert data["blocks"][4]["items"][0]["date"] == dt.date(2026, 6, 12)
    assert "Mill Lane" not in path.read_text()  # not last week's news
    assert "&" not in path.read_text()  # no YAML anchors


def test_new_with_a_name_slug_takes_the_date_option_or_today(site: Path) -> None:
    run_cli("new", "summer-special", "--date", "2026-07-01", root=site, check=True)
    assert str(front(site / "content/issues/summer-special.md")["date"]) == "2026-07-01"
    _, days = today_while(lambda: run_cli("new", "autumn-special", root=site, check=True))
    assert str(front(site / "content/issues/autumn-special.md")["date"]) in days


def test_new_copy_from_copies_the_issue_whole(site: Path) -> None:
    run_cli("new", "2026-06-12", "--copy-from", EXAMPLE_SLUG, root=site, check=True)
    data = front(site / "content/issues/2026-06-12.md")
    old, _ = issue_data(site)
    assert data["number"] == 143 and str(data["date"]) == "2026-06-12"
    assert data["status"] == "draft" and data["blocks"] == old["blocks"]


def test_placeholder_rule_fails_a_draft_and_passes_it_once_filled(site: Path) -> None:
    run_cli("new", "2026-06-12", root=site, check=True)
    result = run_cli("check", "2026-06-12", root=site)
    assert result.returncode == 1
    assert "content.placeholder" in result.stdout
    assert "blocks[0].title in content/issues/2026-06-12.md" in result.stdout
    path = site / "content/issues/2026-06-12.md"
    path.write_text(fill_prompts(path.read_text()))
    result = run_cli("check", "2026-06-12", "--json", root=site)
    assert "content.placeholder" not in result.stdout
    assert '"severity": "error"' not in result.stdout


def test_new_refuses_a_path(site: Path) -> None:
    before = tree_bytes(site)
    result = run_cli("new", "../escape", root=site)
    assert result.returncode == 2 and "lowercase letters" in result.stderr
    assert tree_bytes(site) == before


# -- build output ---------------------------------------------------------------


def test_build_prints_each_issue_and_a_closing_line(site: Path) -> None:
    data, body = issue_data(site)
    write_issue(site, data, body, slug="2026-06-12")
    data["subject"] = "x\ty" * 3
    data.pop("preheader")
    write_issue(site, data, body, slug="2026-06-19")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith("built out/2026-06-05/") and lines[2].startswith(
        "built out/2026-06-12/"
    )
    assert re.fullmatch(r"built 2 issues in \d+\.\d s; 1 file with errors", lines[-1])
    assert result.stderr.startswith("error: content/issues/2026-06-19.md:")
    assert "\x1b[" not in result.stdout + result.stderr


def test_quiet_and_verbose(site: Path) -> None:
    assert run_cli("build", "-q", root=site, check=True).stdout == ""
    edit = site / "content/issues" / f"{EXAMPLE_SLUG}.md"
    edit.write_text(edit.read_text().replace('subject: "Mill Lane', 'subject: "MILL LANE!!'))
    verbose = run_cli("build", "-v", root=site, check=True).stdout
    assert "    warning: subject." in verbose


def test_stale_folders_are_reported_and_cleaned(site: Path) -> None:
    data, body = issue_data(site)
    path = write_issue(site, data, body, slug="2026-06-12")
    run_cli("build", root=site, check=True)
    path.unlink()
    (site / "out" / "notes").mkdir()  # not made by the build: never touched
    result = run_cli("build", root=site, check=True)
    assert "stale: out/2026-06-12/ has no issue file any more" in result.stdout
    result = run_cli("build", "--clean", root=site, check=True)
    assert "removed stale out/2026-06-12/" in result.stdout
    assert sorted(p.name for p in (site / "out").iterdir()) == [EXAMPLE_SLUG, "notes"]


# -- messages a person understands -------------------------------------------------


def fails(site: Path, *args: str) -> list[str]:
    """Build, expecting exit 2 with one-line errors and nothing changed."""
    run_cli("build", root=site, check=False)
    before = tree_bytes(site)
    result = run_cli(*(args or ("build",)), root=site)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert tree_bytes(site) == before
    return result.stderr.splitlines()


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    label: Transport",
            "    lable: Transport",
            "blocks[0].lable: unknown field; did you mean 'label'?",
        ),
        (
            "    byline: By Priya Shah",
            "    bylin: By Priya Shah",
            "blocks[0].bylin: unknown field; did you mean 'byline'?",
        ),
        ("number: 142", "number: many", "number: must be a whole number"),
        ("number: 142", "numbr: 142", "numbr: unknown field; did you mean 'number'?"),
        (
            "      width: 552\n      height: 310",
            "      width: 552\n      height: 0",
            "blocks[1].image.height: must be 1 or more",
        ),
    ],
)
def test_issue_messages_in_plain_english(site: Path, old: str, new: str, expected: str) -> None:
    replace_in(site / "content/issues" / f"{EXAMPLE_SLUG}.md", old, new)
    lines = fails(site)
    assert any(line.endswith(expected) for line in lines), lines
    assert not any("nput should" in line or "after validation" in line for line in lines)


def test_unquoted_colour_gets_a_quoting_hint(site: Path) -> None:
    replace_in(
        site / "content/newsletter.yaml", '    background: "#f2f0eb"', "    background: #f2f0eb"
    )
    (line,) = fails(site)
    assert re.match(
        r"error: content/newsletter.yaml:\d+: theme.light.background: .*"
        r'a value starting with # must be in quotes, e.g. "#1a2b3c"$',
        line,
    )


def test_tab_indentation_gets_a_hint(site: Path) -> None:
    replace_in(
        site / "content/newsletter.yaml",
        "  name: The Millbrook Weekly\n",
        "\tname: The Millbrook Weekly\n",
    )
    (line,) = fails(site)
    assert line.startswith("error: content/newsletter.yaml:")
    assert line.endswith("a tab is used for indenting; indent with spaces instead")


def test_a_missing_root_says_so(tmp_path: Path) -> None:
    result = run_cli("build", root=tmp_path / "nowhere")
    assert result.returncode == 2
    assert (
        result.stderr == f"error: {(tmp_path / 'nowhere').as_posix()}: no such folder; "
        "check --root\n"
    )


def test_build_accepts_the_issue_file_name(site: Path) -> None:
    result = run_cli("build", f"content/issues/{EXAMPLE_SLUG}.md", root=site, check=True)
    assert result.stdout.startswith(f"built out/{EXAMPLE_SLUG}/")
    result = run_cli("build", f"{EXAMPLE_SLUG}.md", root=site, check=True)
    assert result.stdout.startswith(f"built out/{EXAMPLE_SLUG}/")


def test_unexpected_errors_are_one_line_unless_traceback_is_asked_for(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsletter import pipeline

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "render_issue", broken)
    result = run_cli("build", root=site)
    assert result.returncode == 1
    assert result.stderr == (
        "error: RuntimeError: disk on fire (run again with --traceback to report it)\n"
    )
    result = run_cli("build", "--traceback", root=site)
    assert result.returncode == 1 and "Traceback (most recent call last)" in result.stderr
