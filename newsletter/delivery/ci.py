"""A CI workflow that builds, checks and publishes drafts on every push, keeping the ledger.

The workflow picks the issues that are ready (not ``status: draft`` or ``sent``), builds
and checks them, makes or updates their draft campaign at each service named under
``publish:`` in the settings, and commits the ledger (and nothing else) back to the
branch. Credentials come from the repository's secrets, under the names publish reads.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from newsletter.errors import ContentError, Problem
from newsletter.project import ISSUES_DIR, PUBLISHED_FILE, SETTINGS_FILE, Project
from newsletter.services import PUBLISHERS

WORKFLOW_NAME = "newsletter"
PYTHON_VERSION = "3.12"
BRANCH = "main"
# Prints the ready issues' slugs for a step output: an issue is ready unless its
# front matter says draft or sent.
_PICK_READY = f"""python - <<'EOF' >> "$GITHUB_OUTPUT"
import pathlib
import yaml

ready = []
for path in sorted(pathlib.Path("{ISSUES_DIR}").glob("*.md")):
    front = path.read_text(encoding="utf-8").split("---", 2)[1]
    if (yaml.safe_load(front) or {{}}).get("status", "ready") == "ready":
        ready.append(path.stem)
print("slugs=" + " ".join(ready))
EOF
"""
_COMMIT_LEDGER = f"""[ -f {PUBLISHED_FILE} ] || exit 0
git add {PUBLISHED_FILE}
if git diff --cached --quiet; then exit 0; fi
git config user.name "newsletter publish"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git commit -m "Record published drafts [skip ci]"
git push
"""


def publish_services(project: Project, *, fallback: str) -> list[str]:
    """Return the services under publish: in the settings, else their mailing_service or
    ``fallback`` if it keeps drafts. The settings are only read, not validated: a starter
    folder still holding placeholders gets its workflow too."""
    named: list[str] = []
    if project.settings_path.exists():
        from newsletter.content.yaml import parse_yaml

        text = project.settings_path.read_text(encoding="utf-8")
        data, _ = parse_yaml(text, file=SETTINGS_FILE, offset=0)
        publish = data.get("publish") if isinstance(data, dict) else None
        if isinstance(publish, dict):
            named = [str(name) for name in publish if name in PUBLISHERS]
        if not named and isinstance(data, dict):
            named = [name for name in [data.get("mailing_service")] if name in PUBLISHERS]
    if named:
        return named
    return [fallback] if fallback in PUBLISHERS else []


def write_github_workflow(project: Project, *, services: list[str]) -> Path:
    """Write the GitHub Actions workflow into the folder; refuse if one is there already."""
    path = project.github_workflow_path
    refuse_existing_workflow(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(github_workflow(services=services), encoding="utf-8")
    return path


def refuse_existing_workflow(project: Project) -> None:
    """Raise one problem if the workflow file exists: it is never overwritten."""
    path = project.github_workflow_path
    if path.exists() or path.is_symlink():
        raise ContentError(
            [
                Problem(
                    project.relative(path),
                    "already exists; nothing was written: compare it with docs/publish.md, "
                    "or move it away and run the command again",
                )
            ]
        )


def github_workflow(*, services: list[str]) -> str:
    """Return the workflow's YAML: build, check and publish drafts to each service."""
    ready = "steps.ready.outputs.slugs != ''"
    steps: list[dict[str, Any]] = [
        {"uses": "actions/checkout@v4"},
        {"uses": "actions/setup-python@v5", "with": {"python-version": PYTHON_VERSION}},
        {"name": "Install newsletter", "run": f"pip install {_requirement()}"},
        {"name": "Pick the issues that are ready", "id": "ready", "run": _PICK_READY},
        {
            "name": "Build",
            "if": ready,
            "run": "newsletter build ${{ steps.ready.outputs.slugs }}",
        },
        {
            "name": "Check",
            "if": ready,
            "run": "newsletter check ${{ steps.ready.outputs.slugs }}",
        },
    ]
    steps += [_publish_step(service, condition=ready) for service in services]
    if services:
        # Also after a failed publish: a draft made before the failure must be on record.
        steps.append(
            {"name": "Commit the ledger", "if": f"always() && {ready}", "run": _COMMIT_LEDGER}
        )
    workflow = {
        "name": WORKFLOW_NAME,
        "on": {"push": {"branches": [BRANCH]}, "workflow_dispatch": {}},
        "permissions": {"contents": "write"},
        # One run at a time: two runs publishing at once could both create a draft.
        "concurrency": {"group": "newsletter-publish", "cancel-in-progress": False},
        "jobs": {"publish": {"runs-on": "ubuntu-latest", "steps": steps}},
    }
    return yaml.dump(workflow, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _publish_step(service: str, *, condition: str) -> dict[str, Any]:
    """Return the step that publishes the ready issues to one service, with its secrets."""
    from newsletter.delivery.publish.adapters import ADAPTERS

    adapter = ADAPTERS[service]
    names = list(adapter.credentials)
    if adapter.default_url is None:
        names.insert(0, adapter.url_variable())
    return {
        "name": f"Publish drafts to {service}",
        "if": condition,
        "run": f"newsletter publish ${{{{ steps.ready.outputs.slugs }}}} --service {service}",
        "env": {name: f"${{{{ secrets.{name} }}}}" for name in names},
    }


def _requirement() -> str:
    """Return the package pinned to the version that wrote the workflow, when known."""
    try:
        return f'"newsletter=={metadata.version("newsletter")}"'
    except metadata.PackageNotFoundError:
        return "newsletter"


class _Dumper(yaml.SafeDumper):
    """Write scripts of several lines as literal blocks, as people write workflows."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
