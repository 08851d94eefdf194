"""README.md stays true: the content reference and the commands CI runs."""

from __future__ import annotations

import re

from newsletter.reference import END, START, reference
from tests.support import REPO


def test_reference_page_matches_the_models() -> None:
    text = (REPO / "docs/reference.md").read_text(encoding="utf-8")
    generated = text.split(START, 1)[1].split(END, 1)[0]
    assert generated.strip() == reference().strip(), "run: python -m newsletter.reference"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[0] == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && newsletter build"
    )
    assert commands[1] == "pip install -e '.[test]' && pytest"
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci


def test_every_block_type_is_in_the_example_issue() -> None:
    from newsletter.models import BLOCK_TYPES

    example = (REPO / "content/issues/2026-06-05.md").read_text(encoding="utf-8")
    used = set(re.findall(r"^  - type: (\w+)$", example, flags=re.M))
    assert used == set(BLOCK_TYPES)


def test_settings_page_shows_the_example_settings_in_full() -> None:
    readme = (REPO / "docs/settings.md").read_text(encoding="utf-8")
    settings = (REPO / "content/newsletter.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{settings}```" in readme


def test_readme_is_a_few_screens_and_its_links_lead_to_files() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 200
    for page in ("README.md", *(path.name for path in (REPO / "docs").glob("*.md"))):
        folder = REPO if page == "README.md" else REPO / "docs"
        text = (folder / page).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (folder / target).exists(), f"{page} links to {target}, which is missing"


def test_help_prints_every_topic_from_the_models() -> None:
    from newsletter.reference import text, topics
    from tests.support import run_cli

    listing = run_cli("help").stdout
    for topic in topics():
        assert topic in listing
        shown = run_cli("help", topic)
        assert shown.returncode == 0 and shown.stdout == text(topic)
    settings = run_cli("help", "settings").stdout
    assert "unsubscribe_url" in settings and "sender" in settings
    assert "size.clip" in run_cli("help", "checks").stdout
    assert run_cli("help", "nope").returncode == 2
