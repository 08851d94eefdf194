"""The command line as a user meets it: commands, help, exit codes, scaffolding."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.browser import in_ci
from tests.support import EXAMPLE_SLUG, run_cli


def test_build_writes_every_output_file(site: Path) -> None:
    result = run_cli("build", root=site, check=True)
    assert result.stdout.startswith(f"built out/{EXAMPLE_SLUG}/ (HTML ")
    out = site / "out" / EXAMPLE_SLUG
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["subject"].startswith("Mill Lane bridge reopens")
    assert manifest["preheader"].startswith("The footbridge is back")
    assert manifest["from"] == "The Millbrook Weekly <newsletter@millbrookweekly.example>"
    import hashlib

    for name in ("email.html", "email.txt", "email.eml"):
        body = (out / name).read_bytes()
        assert manifest["files"][name] == {
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
    assert isinstance(manifest["warnings"], list)


def test_console_script_and_default_root(site: Path) -> None:
    script = shutil.which("newsletter")
    if script is None:
        message = "the newsletter console script is not on PATH (package not installed)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [script, "build", EXAMPLE_SLUG],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert (site / "out" / EXAMPLE_SLUG / "email.eml").is_file()


@pytest.mark.parametrize("command", [[], ["build"], ["new"]])
def test_help(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_usage_error_is_clicks_usual_one() -> None:
    result = run_cli("build", "--colour")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Usage: newsletter build [OPTIONS] [SLUG]...",
        "Try 'newsletter build --help' for help.",
        "",
        "Error: No such option '--colour'.",
    ]


@pytest.mark.parametrize("command", [[], ["templates"]])
def test_a_group_alone_prints_its_help_and_exits_0(command: list[str]) -> None:
    result = run_cli(*command)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Usage: newsletter {' '.join(command)}".replace("  ", " "))
    assert "Commands:" in lines and len(lines) > 8
    assert "\\n" not in result.stdout and result.stderr == ""


def test_a_missing_option_is_a_usage_error() -> None:
    result = run_cli("export", "2026-06-05")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "Usage: newsletter export [OPTIONS] SLUG"
    assert any(line.startswith("Error: Missing option '--service'.") for line in lines)


def test_no_command_summary_is_cut_short() -> None:
    for command in ([], ["templates"]):
        listing = run_cli(*command, "--help").stdout
        assert "..." not in listing[listing.index("Commands:") :]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script_is_printed(shell: str) -> None:
    result = run_cli(env={"_NEWSLETTER_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0
    assert "_NEWSLETTER_COMPLETE" in result.stdout and len(result.stdout.splitlines()) > 5


def test_completion_request_returns_command_names() -> None:
    env = {
        "_NEWSLETTER_COMPLETE": "bash_complete",
        "COMP_WORDS": "newsletter bu",
        "COMP_CWORD": "1",
    }
    result = run_cli(env=env)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["plain,build"]
    env |= {"COMP_WORDS": "newsletter templates ", "COMP_CWORD": "2"}
    assert run_cli(env=env).stdout.splitlines() == ["plain,copy", "plain,list"]


def test_unknown_command_exits_2() -> None:
    result = run_cli("bild")
    assert result.returncode == 2 and "No such command" in result.stderr


def test_unexpected_failure_exits_1_without_traceback(site: Path) -> None:
    (site / "out").write_text("not a folder")
    result = run_cli("build", root=site)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_new_scaffolds_an_issue_that_builds(site: Path) -> None:
    result = run_cli("new", "2026-06-12", "--date", "2026-06-12", root=site, check=True)
    assert result.stdout.startswith("created content/issues/2026-06-12.md (a draft")
    path = site / "content/issues/2026-06-12.md"
    front = yaml.safe_load(path.read_text().split("---\n")[1])
    assert str(front["date"]) == "2026-06-12" and front["number"] == 143
    assert {b["type"] for b in front["blocks"]} >= {"lead", "story", "events", "jobs"}
    run_cli("build", "2026-06-12", root=site, check=True)
    assert (site / "out/2026-06-12/email.html").is_file()


def test_new_refuses_to_overwrite(site: Path) -> None:
    before = (site / "content/issues" / f"{EXAMPLE_SLUG}.md").read_bytes()
    result = run_cli("new", EXAMPLE_SLUG, root=site)
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (site / "content/issues" / f"{EXAMPLE_SLUG}.md").read_bytes() == before


def test_new_refuses_a_bad_name(site: Path) -> None:
    result = run_cli("new", "June Issue", root=site)
    assert result.returncode == 2 and "lowercase letters, digits and hyphens" in result.stderr


def test_templates_fall_back_to_the_built_in_ones(site: Path) -> None:
    shutil.rmtree(site / "templates")
    (site / "templates").mkdir()
    (site / "templates/blocks").mkdir()
    (site / "templates/blocks/divider.html").write_text('<hr class="custom-rule">\n')
    run_cli("build", root=site, check=True)
    page = (site / "out" / EXAMPLE_SLUG / "email.html").read_text()
    assert 'class="custom-rule"' in page and "masthead-name" in page


def test_new_starts_from_the_latest_issue_by_date(site: Path) -> None:
    source = (site / "content/issues" / f"{EXAMPLE_SLUG}.md").read_text()
    older = source.replace("date: 2026-06-05", "date: 2026-05-29").replace(
        'subject: "Mill Lane', 'subject: "Older issue, Mill Lane'
    )
    (site / "content/issues/zz-older-special.md").write_text(older)
    run_cli("new", "2026-06-12", root=site, check=True)
    new = (site / "content/issues/2026-06-12.md").read_text()
    assert "Older issue" not in new and "number: 143" in new


def test_a_profiler_running_the_command_still_gets_to_write_its_report(tmp_path: Path) -> None:
    report = tmp_path / "profile.out"
    result = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(report), "-m", "newsletter", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("newsletter, version ")
    assert report.stat().st_size > 1000


def test_the_process_ends_with_the_commands_exit_code(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsletter", "build", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")


COLLECTOR_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count() > 0))
sys.argv = ["newsletter", *sys.argv[1:]]
from newsletter.cli import main
main()
"""


@pytest.mark.parametrize("command", [["build", "--force", "-q"], ["check"], ["templates", "list"]])
def test_the_garbage_collector_is_back_once_the_command_is_loaded(
    site: Path, command: list[str]
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            COLLECTOR_AT_EXIT,
            *command,
            f"--root={site}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "True True"


# Builds with a Ctrl-C that lands inside a weakref callback, where Python can only
# print the KeyboardInterrupt and go on.
CTRL_C_IN_A_CALLBACK = """
import signal, sys, weakref
import newsletter.commands.build as command
real = command.build
class Thing:
    pass
def build(*args, **kwargs):
    thing = Thing()
    def callback(_):
        signal.raise_signal(signal.SIGINT)
    ref = weakref.ref(thing, callback)
    del thing
    return real(*args, **kwargs)
command.build = build
sys.argv = ["newsletter", *sys.argv[1:]]
from newsletter.cli import main
main()
"""


def test_a_ctrl_c_python_can_only_print_still_interrupts_the_build(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_IN_A_CALLBACK, "build", "-q", f"--root={site}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr == ""
