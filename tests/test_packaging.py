"""The installed package is complete: a real wheel, installed into a fresh virtual environment.

The new environment finds the dependencies in the test run's own site-packages (a .pth
file names them, so nothing is downloaded), while the package itself comes only from
the wheel: .pth files inside those folders, such as an editable install's, are not
read from a folder that a .pth file adds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import signals
from tests.support import REPO, copy_example, package_sources

pytestmark = pytest.mark.packaging


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command, failing the test with its output if it fails."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a fresh virtual environment with the package installed from a built wheel."""
    base = tmp_path_factory.mktemp("packaging")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        base / "dist",
        package_sources(base / "source"),
    )
    (wheel,) = (base / "dist").glob("newsletter-*.whl")
    venv = base / "venv"
    run(sys.executable, "-m", "venv", venv)
    own = run(
        venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    )
    (Path(own.strip()) / "test-dependencies.pth").write_text(
        "\n".join(dict.fromkeys(_site_folders())) + "\n", encoding="utf-8"
    )
    # As a user's shell installs it: pip makes the bytecode (unless told not to).
    shell = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    run(venv / "bin/python", "-m", "pip", "install", "-q", "--no-deps", wheel, env=shell)
    return venv


def _site_folders() -> list[str]:
    """Return the folders this test run imports its dependencies from."""
    import site
    import sysconfig

    paths = sysconfig.get_paths()
    return [paths["purelib"], paths["platlib"], *site.getsitepackages()]


def test_the_package_comes_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    where = run(
        venv / "bin/python", "-c", "import newsletter; print(newsletter.__file__)", cwd=tmp_path
    )
    assert Path(where.strip()).is_relative_to(venv)


def test_init_and_build_in_an_empty_folder(venv: Path, tmp_path: Path) -> None:
    script = venv / "bin/newsletter"
    run(
        script,
        "init",
        "--name",
        "Kenilworth Voice",
        "--website",
        "https://www.kenilworthvoice.example/",
        "--sender-email",
        "news@kenilworthvoice.example",
        "--address",
        "1 High Street, Kenilworth",
        "--service",
        "mailchimp",
        cwd=tmp_path,
    )
    run(script, "build", cwd=tmp_path)
    (issue,) = (tmp_path / "out").iterdir()
    names = sorted(path.name for path in issue.iterdir())
    assert names == ["email.eml", "email.html", "email.txt", "manifest.json"]
    assert "Kenilworth Voice" in (issue / "email.html").read_text(encoding="utf-8")

    run(script, "templates", "copy", "blocks/story.html", cwd=tmp_path)
    partial = tmp_path / "templates/blocks/story.html"
    marker = '<p data-override="story">{{ block.title }}</p>\n'
    partial.write_text(marker + partial.read_text(), encoding="utf-8")
    run(script, "build", cwd=tmp_path)
    html = (issue / "email.html").read_text(encoding="utf-8")
    assert html.count('data-override="story"') == 2  # the draft has two stories
    assert "masthead" in html  # everything else still from the built-in templates


def readme_commands() -> list[list[str]]:
    """Return the commands of README's "Start your own newsletter" block, as argument lists."""
    import re
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start your own newsletter", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README: Start your own newsletter has no sh block"
    script = block.group(1).replace("\\\n", " ")
    return [shlex.split(line, comments=True) for line in script.splitlines() if line.strip()]


def fill_in_like_an_editor(issue: Path) -> None:
    """Write every [[...]] prompt of a draft: addresses where a URL goes, words elsewhere."""
    import yaml

    from newsletter.models.fields import PROMPT

    _, front, body = issue.read_text(encoding="utf-8").split("---\n", 2)

    def write(value: object, key: str = "") -> object:
        if isinstance(value, dict):
            return {name: write(inner, name) for name, inner in value.items()}
        if isinstance(value, list):
            return [write(inner, key) for inner in value]
        if isinstance(value, str) and PROMPT.search(value):
            if key in ("url", "src"):
                return f"https://www.kenilworthvoice.example/{key}/{len(value)}"
            return "The Abbey Fields lake is full again after the works."
        return value

    data = write(yaml.safe_load(front))
    data["subject"] = "The lake is back"
    data["preheader"] = "Abbey Fields refilled, the market moves and two jobs at the library."
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    intro = "Good news from the Abbey Fields, and a busy week in town."
    assert PROMPT.search(body)
    issue.write_text(f"---\n{text}---\n{intro}\n", encoding="utf-8")


def test_the_readme_start_commands_work_first_time(venv: Path, tmp_path: Path) -> None:
    """Follow README's "Start your own newsletter" literally, then edit it to a passing check."""
    bin_dir = venv / "bin"
    cwd = tmp_path
    ran, printed = [], {}
    for argv in readme_commands():
        if argv[0] in ("python3", "pip"):
            continue  # making the venv and installing: the venv fixture did it from a wheel
        if argv[0] == "cd":
            cwd = cwd / argv[1]
            continue
        assert argv[0] == "newsletter", argv
        printed[argv[1]] = run(bin_dir / "newsletter", *argv[1:], cwd=cwd)
        ran.append(argv[1])
    assert ran == ["init", "build"]
    assert "newsletter preview --open" in printed["init"]
    (issue,) = (cwd / "content/issues").glob("*.md")
    assert (cwd / "out" / issue.stem / "email.html").is_file()

    fill_in_like_an_editor(issue)
    run(bin_dir / "newsletter", "mark", issue.stem, "ready", cwd=cwd)
    report = run(bin_dir / "newsletter", "check", cwd=cwd)
    assert ": 0 errors, " in report, report
    run(bin_dir / "newsletter", "export", issue.stem, "--service", "buttondown", cwd=cwd)


# Moments of the console script's start-up: a module it imports, and seconds after it.
START_UP = [
    ("newsletter.runtime.startup", 0.0),
    ("click", 0.0),
    ("newsletter.cli", 0.0),
    ("newsletter.cli", 0.05),
    ("newsletter.cli", 0.15),
    ("newsletter.cli", 0.3),
    ("newsletter.cli", 0.5),
]


def test_ctrl_c_while_the_console_script_starts_ends_it_quietly(venv: Path, tmp_path: Path) -> None:
    """SIGINT at several moments of start-up: exit 130 without a traceback, or finish first.

    Each moment is the import of one of the package's modules (the first is the one the
    package starts with), and some time after it. Before the first, Python itself is
    starting (its site module, the wrapper's imports), and a Ctrl-C there is Python's.
    """
    site = copy_example(tmp_path / "site")
    quiet = 0
    for module, after in START_UP:
        process = signals.start([venv / "bin" / "newsletter", "build", "--force", "--root", site])
        _, stderr = signals.interrupt(process, after=after, once=module, timeout=120)
        where = (module, after, process.returncode)
        assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, where
        assert process.returncode in (130, 0), where
        assert signals.own_lines(stderr) == [], where
        quiet += process.returncode == 130
    assert quiet >= 3


def test_the_installed_package_has_its_built_in_templates_compiled(
    venv: Path, tmp_path: Path
) -> None:
    """The wheel carries them, installing made their bytecode, and they are current."""
    check = (
        "from newsletter.project import BUILTIN_COMPILED, BUILTIN_TEMPLATES as T\n"
        "from newsletter.render import precompiled\n"
        "from newsletter.render.environment import compile_fingerprint\n"
        "names = [p.relative_to(T).as_posix() for p in T.rglob('*') if p.is_file()]\n"
        "codes = [precompiled.code_for(n, str(T / n), (T / n).read_text(encoding='utf-8'),\n"
        "         options=compile_fingerprint()) for n in names]\n"
        "print(len(names), sum(c is not None for c in codes),\n"
        "      len(list((BUILTIN_COMPILED / '__pycache__').glob('tmpl_*.pyc'))), T)\n"
    )
    # Run outside the repository, whose own newsletter/ would be imported first.
    names, current, bytecode, where = run(venv / "bin/python", "-c", check, cwd=tmp_path).split()
    assert Path(where).is_relative_to(venv)
    assert int(names) > 30 and current == names and bytecode == names
