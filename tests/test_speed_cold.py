"""A new process starts fast: compiled templates and parsed stylesheets kept between runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from newsletter.pipeline import open_newsletter, render_slug
from newsletter.project import BUILTIN_COMPILED, BUILTIN_TEMPLATES
from newsletter.render import environment, memo, precompiled
from newsletter.runtime.cache import ENV_VAR, default_store
from tests.support import EXAMPLE_SLUG, own_template, stylesheet_parses, tree_bytes


def fresh_render(root: Path) -> str:
    """Render the example as a new process would: a new environment, the same cache."""
    environment._environment.cache_clear()
    memo.memo_premailer.cache_clear()
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
    own_template(site, "blocks/quote.html")  # the built-in ones are compiled ahead
    first = fresh_render(site)
    assert list((tmp_path / "cache").glob("*/templates/*"))
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
    assert default_store().folder is None
    assert "<html" in fresh_render(site)


def test_the_stylesheet_is_not_parsed_again_by_the_next_run(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    first = fresh_render(site)
    assert list((tmp_path / "cache").glob("*/premailer/*"))
    calls = stylesheet_parses(monkeypatch)
    assert fresh_render(site) == first
    assert calls == []


def build_in_a_new_process(site: Path, cache: Path, *args: str) -> dict[str, bytes]:
    """Build the example in a new process; return its files."""
    subprocess.run(
        [sys.executable, "-m", "newsletter", "build", "-q", *args, "--root", str(site)],
        capture_output=True,
        check=True,
        timeout=120,
        env={**os.environ, ENV_VAR: str(cache)},
    )
    return tree_bytes(site / "out" / EXAMPLE_SLUG)


def test_a_warm_cache_gives_the_same_output_as_none(site: Path, tmp_path: Path) -> None:
    first = build_in_a_new_process(site, tmp_path / "cache", "--force")
    again = build_in_a_new_process(site, tmp_path / "cache", "--force")
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    uncached = build_in_a_new_process(site, blocker, "--force")
    assert first == again == uncached


def test_the_built_in_templates_compiled_ahead_are_current(tmp_path: Path) -> None:
    fresh = tmp_path / "compiled"
    options = environment.compile_fingerprint()
    precompiled.write(environment.builtin_environment(), fresh, options=options)
    made = {path.name: path.read_bytes() for path in fresh.iterdir()}
    kept = {path.name: path.read_bytes() for path in BUILTIN_COMPILED.glob("*.*")}
    assert made == kept, "run python -m newsletter.render.precompiled and commit the result"


def test_a_first_run_compiles_only_the_folders_own_templates(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    own_template(site, "blocks/quote.html")
    names = compiled(monkeypatch)
    html = fresh_render(site)
    own = {path.relative_to(site / "templates").as_posix() for path in own_files(site)}
    assert names == ["blocks/quote.html"]
    monkeypatch.setattr(precompiled, "code_for", lambda *args, **kwargs: None)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "other-cache"))
    assert fresh_render(site) == html  # the same as compiled from the templates' text
    assert set(names) - own  # this time the built-in templates were compiled too


def own_files(site: Path) -> list[Path]:
    return [path for path in (site / "templates").rglob("*") if path.is_file()]


def test_a_built_in_template_compiled_ahead_is_used_only_for_its_own_text() -> None:
    options = environment.compile_fingerprint()
    name = "blocks/quote.html"
    path = BUILTIN_TEMPLATES / name
    source = path.read_text(encoding="utf-8")
    code = precompiled.code_for(name, str(path), source, options=options)
    assert code is not None and code.co_filename == str(path)  # messages name the file
    assert precompiled.code_for(name, str(path), source + " ", options=options) is None
    assert precompiled.code_for(name, str(path), source, options="other") is None
    elsewhere = str(Path("templates") / name)
    assert precompiled.code_for(name, elsewhere, source, options=options) is None


def test_an_error_in_a_built_in_template_compiled_ahead_names_its_file_and_line(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsletter.errors import ContentError

    used: list[str] = []
    real = precompiled.code_for

    def spy(name: str, *args: object, **kwargs: object) -> object:
        code = real(name, *args, **kwargs)  # type: ignore[arg-type]
        if code is not None:
            used.append(name)
        return code

    monkeypatch.setattr(precompiled, "code_for", spy)
    own_template(site, "email.html").write_text(
        '{% set story = {"title": "t"} %}\n{% include "blocks/_story.html" %}\n', encoding="utf-8"
    )
    source = (BUILTIN_TEMPLATES / "blocks/_story.html").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(source, 1) if "story.image" in text)
    environment._environment.cache_clear()
    with pytest.raises(ContentError) as raised:
        render_slug(open_newsletter(site), EXAMPLE_SLUG)
    assert "blocks/_story.html" in used
    problem = raised.value.problems[0]
    assert (problem.file, problem.line) == ("built-in templates/blocks/_story.html", line)
