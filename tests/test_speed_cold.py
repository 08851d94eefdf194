"""A new process starts fast: compiled templates kept between runs, nothing imported unused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from newsletter.cache import ENV_VAR
from newsletter.pipeline import open_newsletter, render_slug
from newsletter.render import environment
from tests.support import EXAMPLE_SLUG, own_template, tree_bytes


def fresh_render(root: Path) -> str:
    """Render the example as a new process would: a new environment, the same cache."""
    environment._environment.cache_clear()
    return render_slug(open_newsletter(root), EXAMPLE_SLUG).html


def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    real = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None, *args, **kwargs):
        names.append(name or "")
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return names


def test_compiled_templates_are_reused_by_the_next_run(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    first = fresh_render(site)
    assert list((tmp_path / "cache").glob("jinja-*/__jinja2_*.cache"))
    names = compiled(monkeypatch)
    assert fresh_render(site) == first
    assert names == []


def test_an_edited_template_is_compiled_afresh(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    fresh_render(site)
    partial = own_template(site, "blocks/quote.html")
    partial.write_text(
        partial.read_text(encoding="utf-8").replace(
            "{{ block.text }}", "{{ block.text }} (edited)"
        ),
        encoding="utf-8",
    )
    names = compiled(monkeypatch)
    html = fresh_render(site)
    assert "(edited)" in html
    assert names == ["blocks/quote.html"]


def test_an_unusable_cache_folder_is_skipped(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(blocker))
    assert "<html" in fresh_render(site)


def test_a_damaged_cache_entry_is_compiled_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    first = fresh_render(site)
    for entry in (tmp_path / "cache").glob("jinja-*/__jinja2_*.cache"):
        entry.write_bytes(entry.read_bytes()[:40])
    assert fresh_render(site) == first


BUILD_AND_LIST_MODULES = """
import json, sys
from newsletter.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(sorted(sys.modules)))
"""


def test_a_build_loads_neither_requests_nor_the_network_stack(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_LIST_MODULES, "build", "--quiet", "--root", str(site)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    modules = set(json.loads(result.stdout.splitlines()[-1]))
    assert (site / "out" / EXAMPLE_SLUG / "email.html").is_file()
    assert "premailer" in modules
    assert not modules & {"urllib3", "requests.sessions", "charset_normalizer"}
    # Every selector of the example is one the index takes: cssselect stays unloaded.
    assert not modules & {"cssselect", "lxml.cssselect"}


def test_a_selector_the_index_cannot_take_loads_cssselect_and_is_inlined() -> None:
    code = (
        "import sys\n"
        "from newsletter.render.inline import memo_premailer\n"
        "memo = memo_premailer()\n"
        "import premailer\n"
        "html = '<html><head><style>p:first-child {color: red}</style></head>'"
        " '<body><div><p>a</p><p>b</p></div></body></html>'\n"
        "assert 'cssselect' not in sys.modules\n"
        "for kind in (memo, premailer.Premailer):\n"
        "    print(kind(html, keep_style_tags=True).transform().count('color:red'))\n"
        "print('cssselect' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "True"]


def test_requests_still_works_once_asked_for() -> None:
    code = (
        "from newsletter.render.inline import memo_premailer\n"
        "import sys\n"
        "memo_premailer()\n"
        "assert 'urllib3' not in sys.modules\n"
        "import requests, requests.adapters\n"
        "print(requests.Session.__name__, requests.adapters.HTTPAdapter.__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["Session", "HTTPAdapter"]


def build_in_a_new_process(site: Path, cache: Path) -> tuple[set[str], dict[str, bytes]]:
    """Build the example with --force in a new process; return its modules and files."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BUILD_AND_LIST_MODULES,
            "build",
            "--force",
            "-q",
            "--root",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, ENV_VAR: str(cache)},
    )
    folder = site / "out" / EXAMPLE_SLUG
    return set(json.loads(result.stdout.splitlines()[-1])), tree_bytes(folder)


def test_premailers_work_is_remembered_across_runs(site: Path, tmp_path: Path) -> None:
    first_modules, first = build_in_a_new_process(site, tmp_path / "cache")
    assert "cssutils.css" in first_modules  # the first run parses the stylesheet
    assert list((tmp_path / "cache").glob("premailer-*/memo.json"))
    again_modules, again = build_in_a_new_process(site, tmp_path / "cache")
    assert again == first
    assert not {name for name in again_modules if name.startswith("cssutils.")}


def test_a_damaged_premailer_memo_is_ignored(site: Path, tmp_path: Path) -> None:
    _, first = build_in_a_new_process(site, tmp_path / "cache")
    for memo in (tmp_path / "cache").glob("premailer-*/memo.json"):
        memo.write_text('{"format": 1, "rules": {"x": [[1, 2]]}, "pairs": 3}', encoding="utf-8")
    _, again = build_in_a_new_process(site, tmp_path / "cache")
    assert again == first


def test_validated_settings_are_reused_and_an_edit_is_validated(site: Path, tmp_path: Path) -> None:
    build_in_a_new_process(site, tmp_path / "cache")
    assert list((tmp_path / "cache").glob("settings-*/*.pickle"))
    modules, _ = build_in_a_new_process(site, tmp_path / "cache")
    assert "email_validator" not in modules  # no address validated
    settings = site / "content" / "newsletter.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("newsletter@", "not an address@"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newsletter", "build", "--force", "-q", f"--root={site}"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, ENV_VAR: str(tmp_path / "cache")},
    )
    assert result.returncode == 2
    assert "sender.email" in result.stderr


def test_damaged_saved_settings_are_validated_again(site: Path, tmp_path: Path) -> None:
    _, first = build_in_a_new_process(site, tmp_path / "cache")
    for saved in (tmp_path / "cache").glob("settings-*/*.pickle"):
        saved.write_bytes(b"not a pickle")
    _, again = build_in_a_new_process(site, tmp_path / "cache")
    assert again == first
