"""README.md stays true: the content reference and the commands CI runs."""

from __future__ import annotations

import re

from newsletter.reference import END, START, reference
from tests.support import REPO


def test_readme_reference_matches_the_models() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
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


def test_readme_shows_the_example_settings_in_full() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    settings = (REPO / "content/newsletter.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{settings}```" in readme
