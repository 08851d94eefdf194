"""Nothing written outside out/, nothing read outside the folder: a slug is a name, not a path.

Every command that takes a SLUG refuses paths and odd names in one line (exit 2) and
touches nothing; links in content/issues/ lead only to files inside the folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import EXAMPLE_SLUG, run_cli

BAD_SLUGS = [
    "../x",
    "../x.md",
    "../../x",
    "content/x.md",
    "content/issues/../x.md",
    "/etc/passwd",
    "x/../../y",
    "..",
    ".",
    "..md",
    "X",
    "a b",
    "a\nb",
    "x.md.md",
    "é",
    "a" * 81,
]
COMMANDS = {
    "build": lambda slug: ["build", slug],
    "check": lambda slug: ["check", slug],
    "send": lambda slug: ["send", slug, "--to", "ana@example.org", "--dry-run"],
    "export": lambda slug: ["export", slug, "--service", "mailchimp"],
    "new": lambda slug: ["new", slug],
    "preview": lambda slug: ["preview", slug, "--port", "0"],
}


def tree(root: Path) -> dict[str, bytes | str]:
    """Every entry below ``root`` (links by target), to compare before and after."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = f"-> {path.readlink()}"
        elif path.is_file():
            found[key] = path.read_bytes()
        else:
            found[key] = "dir"
    return found


@pytest.fixture
def world(tmp_path: Path, site: Path) -> Path:
    """The example folder with decoy issue files just outside content/issues/."""
    source = (site / "content/issues" / f"{EXAMPLE_SLUG}.md").read_text(encoding="utf-8")
    for decoy in (site / "content" / "x.md", tmp_path / "x.md", site / "x.md"):
        decoy.write_text(source, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_a_slug_that_is_not_a_name(world: Path, command: str) -> None:
    site = world / "site"
    before = tree(world)
    for slug in BAD_SLUGS:
        result = run_cli(*COMMANDS[command](slug), root=site)
        assert result.returncode == 2, (command, slug, result.stdout, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (command, slug, lines)
        assert "Traceback" not in result.stderr
        assert tree(world) == before, (command, slug)


def test_build_of_a_relative_path_builds_nothing(world: Path) -> None:
    site = world / "site"
    for slug in ("../x", "../x.md", "../../x.md"):
        result = run_cli("build", slug, root=site)
        assert result.returncode == 2
        assert not (site / "out").exists()


def test_export_refuses_a_slug_that_climbs_out_of_out(world: Path) -> None:
    site = world / "site"
    before = tree(world)
    for slug in ("../..", "../x", "..%2F..", "../../etc"):
        result = run_cli("export", slug, "--service", "mailchimp", root=site)
        assert result.returncode == 2, result.stderr
    assert tree(world) == before
    assert not list(world.rglob("*.json"))


def test_the_file_name_form_is_still_accepted(site: Path) -> None:
    result = run_cli("build", f"{EXAMPLE_SLUG}.md", "-q", root=site)
    assert result.returncode == 0, result.stderr
    assert (site / "out" / EXAMPLE_SLUG / "email.html").is_file()


def test_new_never_writes_through_a_link(tmp_path: Path, site: Path) -> None:
    outside = tmp_path / "outside.md"
    link = site / "content/issues/2026-06-12.md"
    link.symlink_to(outside)  # dangling: writing through it would create outside.md
    result = run_cli("new", "2026-06-12", root=site)
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert not outside.exists()


def test_new_does_not_read_a_linked_file_outside_the_folder(tmp_path: Path, site: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ndate: 2099-01-01\nsubject: secret\n---\nsecret\n")
    (site / "content/issues/zz-link.md").symlink_to(outside)
    result = run_cli("new", "2026-06-12", root=site)
    created = site / "content/issues/2026-06-12.md"
    if result.returncode == 0:  # the link is passed over as unreadable
        assert "secret" not in created.read_text(encoding="utf-8")
    else:
        assert "outside the newsletter folder" in result.stderr
        assert not created.exists()
