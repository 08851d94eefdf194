"""newsletter check --render from the command line: screenshots, contact sheet, no browser.

Apart from tests/test_render_example.py, whose module-wide browser would be running
while the command starts its own.
"""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from newsletter.errors import CommandFailed
from tests.browser import unavailable
from tests.support import EXAMPLE_SLUG, copy_example, issue_data, run_cli, write_issue


def test_check_render_shots_writes_a_shot_per_mode_and_a_contact_sheet(tmp_path: Path) -> None:
    from newsletter.checks.render.look import find_browser
    from newsletter.checks.render.modes import modes

    try:
        find_browser()
    except CommandFailed as error:
        unavailable(str(error))
    site = copy_example(tmp_path / "site")
    data, body = issue_data(site)  # a short issue: shots of the whole page are quicker
    data["blocks"] = [block for block in data["blocks"] if block["type"] in ("grid", "button")]
    write_issue(site, data, body)
    shots = tmp_path / "shots"
    result = run_cli("check", "--render", "--shots", str(shots), root=site)
    assert result.returncode == 0, result.stderr
    assert f"{EXAMPLE_SLUG}: no problems found" in result.stdout
    pngs = sorted(path.name for path in shots.glob("*.png"))
    assert pngs == sorted(f"{EXAMPLE_SLUG}-{mode.name}-{mode.shot_width}.png" for mode in modes())
    sheet = lxml_html.fromstring((shots / f"{EXAMPLE_SLUG}.html").read_bytes())
    assert sorted(img.get("src") for img in sheet.iter("img")) == pngs
    assert [path.name for path in shots.iterdir() if path.name.startswith(".")] == []


def test_check_render_without_a_browser_says_so_in_one_line(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    missing = str(tmp_path / "no-such-browser")
    result = run_cli("check", "--render", root=site, env={"NEWSLETTER_BROWSER": missing})
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "NEWSLETTER_BROWSER" in result.stderr and "Traceback" not in result.stderr
