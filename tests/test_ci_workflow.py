"""`newsletter init --ci github`: the workflow it writes, read as YAML and its scripts run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from newsletter.delivery.publish.adapters import ADAPTERS
from tests.support import copy_example, edit_settings, issue_data, run_cli, write_issue

WORKFLOW = Path(".github/workflows/newsletter.yml")


def _workflow(root: Path) -> dict[Any, Any]:
    data = yaml.safe_load((root / WORKFLOW).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(root: Path) -> dict[str, dict[str, Any]]:
    steps = _workflow(root)["jobs"]["publish"]["steps"]
    return {step.get("name", step.get("uses")): step for step in steps}


def test_a_new_folder_gets_a_workflow_that_publishes_to_its_service(tmp_path: Path) -> None:
    root = tmp_path / "town"
    result = run_cli("init", str(root), "--ci", "github", "--service", "listmonk", check=True)
    assert "created .github/workflows/newsletter.yml" in result.stdout
    workflow = _workflow(root)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "write"}
    steps = _steps(root)
    assert steps["Build"]["run"] == "newsletter build ${{ steps.ready.outputs.slugs }}"
    assert steps["Check"]["run"] == "newsletter check ${{ steps.ready.outputs.slugs }}"
    publish = steps["Publish drafts to listmonk"]
    assert publish["run"].endswith("--service listmonk")
    assert set(publish["env"]) == {"NEWSLETTER_LISTMONK_URL", *ADAPTERS["listmonk"].credentials}
    assert all(value == f"${{{{ secrets.{name} }}}}" for name, value in publish["env"].items())
    ledger = steps["Commit the ledger"]
    assert ledger["if"].startswith("always()")
    assert "git add published.json" in ledger["run"]


def test_an_existing_newsletter_gets_only_the_workflow_for_its_publish_services(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path)
    edit_settings(root, publish={"mailchimp": {"list": "abc123"}, "brevo": {"list": "7"}})
    before = sorted(path.relative_to(root) for path in root.rglob("*"))
    run_cli("init", str(root), "--ci", "github", check=True)
    after = sorted(path.relative_to(root) for path in root.rglob("*"))
    assert set(after) - set(before) == {Path(".github"), WORKFLOW.parent, WORKFLOW}
    steps = _steps(root)
    assert steps["Publish drafts to mailchimp"]["env"] == {
        "NEWSLETTER_MAILCHIMP_KEY": "${{ secrets.NEWSLETTER_MAILCHIMP_KEY }}"
    }
    assert "Publish drafts to brevo" in steps


def test_an_existing_workflow_is_never_overwritten(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / WORKFLOW).parent.mkdir(parents=True)
    (root / WORKFLOW).write_text("name: mine\n", encoding="utf-8")
    result = run_cli("init", str(root), "--ci", "github")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and ".github/workflows/newsletter.yml" in result.stderr
    assert (root / WORKFLOW).read_text(encoding="utf-8") == "name: mine\n"


def test_a_new_folder_is_not_started_when_its_workflow_is_in_the_way(tmp_path: Path) -> None:
    root = tmp_path / "town"
    (root / WORKFLOW).parent.mkdir(parents=True)
    (root / WORKFLOW).write_text("name: mine\n", encoding="utf-8")
    assert run_cli("init", str(root), "--ci", "github").returncode == 2
    assert sorted(p.name for p in root.iterdir()) == [".github"]


def test_the_workflow_picks_only_ready_issues(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    run_cli("init", str(root), "--ci", "github", "--service", "listmonk", check=True)
    data, body = issue_data(root)
    write_issue(root, {**data, "status": "draft"}, body, slug="2026-06-12")
    write_issue(root, {**data, "status": "sent"}, body, slug="2026-05-29")
    script = _steps(root)["Pick the issues that are ready"]["run"]
    output = tmp_path / "github-output"
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_OUTPUT": str(output),
    }
    subprocess.run(["bash", "-e", "-c", script], cwd=root, env=env, check=True, timeout=60)
    assert output.read_text(encoding="utf-8") == "slugs=2026-06-05\n"


def test_the_workflow_commits_and_pushes_the_ledger(tmp_path: Path) -> None:
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git_env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
    }

    def git(*args: str, cwd: Path) -> str:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=git_env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout

    git("init", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    git("clone", str(remote), str(work), cwd=tmp_path)
    run_cli("init", str(work), "--ci", "github", "--service", "listmonk", check=True)
    script = _steps(work)["Commit the ledger"]["run"]
    subprocess.run(["bash", "-e", "-c", script], cwd=work, env=git_env, check=True, timeout=60)
    assert git("for-each-ref", cwd=remote) == ""  # no ledger yet: nothing to commit
    (work / "published.json").write_text("{}\n", encoding="utf-8")
    subprocess.run(["bash", "-e", "-c", script], cwd=work, env=git_env, check=True, timeout=60)
    assert git("show", "--name-only", "--format=%s", "main", cwd=remote).split() == [
        "Record",
        "published",
        "drafts",
        "[skip",
        "ci]",
        "published.json",
    ]
