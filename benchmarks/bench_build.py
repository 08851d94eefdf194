"""Time builds against their yardsticks; print medians, spread and each ratio.

Every comparison is timed in the same run, its two sides interleaved, so the ratios
hold on a busy machine even when the milliseconds do not:

1. warm build of one issue (load, render, inline, text, message, checks: all a build
   does but writing the folder) against unmodified premailer inlining the same HTML
   with the build's options, for the example and generated issues of 12, 50 and 200
   blocks (benchmarks/generate.py: every block type, deterministic);
2. cold `newsletter build <slug> --force` in a new process against node's mjml CLI
   compiling benchmarks/example.mjml, the same issue (mjml is found on PATH, in
   --mjml, or installed with npm into a temporary folder; skipped without node);
3. a batch of generated issues built with --jobs 1 and --jobs 2, with the peak
   memory (RSS) of the largest process of each;
4. the same batch again, unchanged, against the cold build of one issue.

The preview's save-to-visible figures come from benchmarks/bench_preview.py.

Run: python benchmarks/bench_build.py [--runs 15] [--batch 200] [--skip cold,batch]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsletter.runtime.cache import default_store

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import write_issue  # noqa: E402
from newsletter import checks, markdown, output  # noqa: E402
from newsletter.commands import buildkey  # noqa: E402
from newsletter.content.loader import load_issue  # noqa: E402
from newsletter.images.resolve import resolve  # noqa: E402
from newsletter.pipeline import open_newsletter, render_issue  # noqa: E402
from newsletter.render import inline as inline_module  # noqa: E402
from newsletter.render import mergetags  # noqa: E402
from newsletter.render.environment import context, render_html, render_text  # noqa: E402
from tests.support import package_sources, page_before_inlining  # noqa: E402

EXAMPLE = "2026-06-05"
MJML = REPO / "benchmarks" / "example.mjml"
SIZES = {"example": None, "12 blocks": 12, "50 blocks": 50, "200 blocks": 200}
TARGETS = {
    "warm example": 1.0,
    "warm 200 blocks": 1.5,
    "cold vs mjml": 0.6,
    "first run vs mjml": 0.6,
    "batch 1 core / 2 cores": 1.7,
    "unchanged batch / cold one": 1.5,
}
RSS_TARGET_MB = 100


class Timings:
    """Samples in milliseconds, summarised as a median with its quartiles."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def add(self, fn: Callable[[], object], *, setup: Callable[[], object] | None = None) -> None:
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        self.samples.append((time.perf_counter() - start) * 1000)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def __str__(self) -> str:
        if len(self.samples) < 4:
            return f"{self.median:8.1f} ms (n={len(self.samples)})"
        low, _, high = statistics.quantiles(self.samples, n=4)
        return f"{self.median:8.1f} ms [{low:.1f}-{high:.1f}]"


def ratio_line(name: str, value: float, *, higher_is_better: bool = False) -> str:
    target = TARGETS.get(name)
    if target is None:
        return f"  {name:<28} {value:6.2f}x"
    met = value >= target if higher_is_better else value <= target
    sign = ">=" if higher_is_better else "<="
    return f"  {name:<28} {value:6.2f}x  (target {sign} {target}x: {'met' if met else 'NOT met'})"


def make_site(folder: Path) -> Path:
    """Copy the example newsletter and add the generated issues of every size."""
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "templates", folder / "templates")
    for name, blocks in SIZES.items():
        if blocks:
            write_issue(folder, slug(name), blocks, seed=blocks)
    return folder


def slug(name: str) -> str:
    return EXAMPLE if name == "example" else "blocks-" + name.split()[0]


# -- 1. warm build of one issue ------------------------------------------------------------


def build_one(newsletter: object, path: Path) -> dict[str, bytes]:
    """Do all a build does for one issue except writing its folder, as for a new issue."""
    markdown.clear_cache()  # every field parsed as if never seen, as in a real batch
    project = newsletter.project  # type: ignore[attr-defined]
    rendered = render_issue(newsletter, load_issue(path, project=project))  # type: ignore[arg-type]
    files = output.email_files(rendered, findings=checks.check(rendered))
    buildkey.record("-", files)
    return files


def warm(root: Path, *, runs: int) -> dict[str, float]:
    # Imported after newsletter.render.inline, which sizes premailer's cache as a build
    # does: plain premailer is timed as the build would run it without its memo.
    import premailer

    newsletter = open_newsletter(root)
    ratios = {}
    print(f"1. warm build of one issue, median [quartiles] of {runs} runs")
    print(f"  {'issue':<12}{'HTML KB':>8}  {'premailer alone':>26}  {'whole build':>26}  ratio")
    for name in SIZES:
        path = newsletter.project.issue_path(slug(name))
        html = page_before_inlining(root, slug(name))
        html = inline_module._DOCTYPE.sub("<!DOCTYPE html>", html, count=1)

        def plain(html: str = html) -> str:
            return premailer.Premailer(html, **inline_module.PREMAILER_OPTIONS).transform()

        plain()
        files = build_one(newsletter, path)  # warm: imports, templates, premailer's memo
        alone, whole = Timings(), Timings()
        for _ in range(runs):
            alone.add(plain)
            # As for an edited issue: its last inlined HTML is not the one asked for.
            whole.add(lambda path=path: build_one(newsletter, path), setup=forget_inlined)
        ratio = whole.median / alone.median
        ratios[name] = ratio
        size = len(files["email.html"]) / 1000
        print(f"  {name:<12}{size:8.1f}  {alone!s:>26}  {whole!s:>26}  {ratio:.2f}x")
    return ratios


def forget_inlined() -> None:
    """Remove the emails' inlined HTML kept in the store, as if every issue were edited."""
    folder = default_store().folder
    if folder is not None:
        shutil.rmtree(folder / inline_module.INLINED, ignore_errors=True)


def stages(root: Path, *, runs: int) -> None:
    """Print where the time of a warm build of the example goes."""
    newsletter = open_newsletter(root)
    settings, env, project = newsletter.settings, newsletter.env, newsletter.project
    path = project.issue_path(EXAMPLE)
    loaded = load_issue(path, project=project)
    resolved = resolve(project, settings, loaded.issue, source=path, cache=newsletter.cache)
    variables = context(resolved.settings, resolved.issue)
    html = render_html(env, variables)
    rendered = render_issue(newsletter, loaded)
    files = output.email_files(rendered, findings=checks.check(rendered))
    target = Path(tempfile.mkdtemp()) / "out" / EXAMPLE

    def load() -> object:
        markdown.clear_cache()
        return load_issue(path, project=project)

    parts: dict[str, Callable[[], object]] = {
        "load+validate": load,
        "render HTML": lambda: render_html(env, variables),
        "render text": lambda: render_text(env, variables),
        "inline": lambda: inline_module.inline(html, store=default_store()),
        "merge tags": lambda: mergetags.apply(html, settings, html_output=True),
        "checks": lambda: checks.check(rendered),
        "write folder": lambda: (
            shutil.rmtree(target, ignore_errors=True),
            output.write_folder(target, files),
        ),
    }
    print(f"\n  stages of the example (median of {runs})")
    for name, fn in parts.items():
        timing = Timings()
        for _ in range(runs):
            timing.add(fn)
        print(f"    {name:<16}{timing}")


# -- 2. cold build against mjml ----------------------------------------------------------


def newsletter_command(*args: str, root: Path, script: Path | None = None) -> list[str]:
    start = [str(script)] if script else [sys.executable, "-m", "newsletter"]
    return [*start, "build", *args, "--quiet", "--root", str(root)]


def process_env(temp: Path) -> dict[str, str]:
    """Return the environment of the timed processes: a private cache, bytecode written.

    An installed package has its bytecode; a shell with PYTHONDONTWRITEBYTECODE set
    would compile every module on every run instead.
    """
    env = {**os.environ, "NEWSLETTER_CACHE_DIR": str(temp / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def find_mjml(given: str | None, temp: Path) -> list[str] | None:
    """Return the mjml command line, installing mjml with npm into ``temp`` if need be."""
    if given:
        return [given]
    found = shutil.which("mjml")
    if found:
        return [found]
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    folder = temp / "mjml"
    folder.mkdir()
    print("  (installing mjml with npm into a temporary folder)", flush=True)
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", "mjml"],
        cwd=folder,
        capture_output=True,
        timeout=600,
    )
    binary = folder / "node_modules" / ".bin" / "mjml"
    return [str(binary)] if done.returncode == 0 and binary.exists() else None


def run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]


def installed_script(temp: Path) -> Path | None:
    """Install the package from a wheel into a new virtual environment; return its script.

    That is the command a user runs. The environment takes the dependencies from this
    interpreter's site-packages through a .pth file, whose folders' own .pth files
    (an editable install's finder, say) are not read.
    """
    import site
    import sysconfig

    source = package_sources(temp / "source")
    venv = temp / "venv"
    try:
        wheel_options = ["-q", "--no-deps", "--no-build-isolation", "-w", str(temp / "dist")]
        run([sys.executable, "-m", "pip", "wheel", *wheel_options, str(source)])
        run([sys.executable, "-m", "venv", str(venv)])
        purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        own = subprocess.run(
            [str(venv / "bin/python"), "-c", purelib], capture_output=True, text=True, check=True
        ).stdout.strip()
        paths = sysconfig.get_paths()
        folders = [paths["purelib"], paths["platlib"], *site.getsitepackages()]
        (Path(own) / "dependencies.pth").write_text("\n".join(dict.fromkeys(folders)) + "\n")
        (wheel,) = (temp / "dist").glob("newsletter-*.whl")
        run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)])
    except (subprocess.CalledProcessError, ValueError) as error:
        print(f"  (could not install the package into a new environment: {error})")
        return None
    return venv / "bin" / "newsletter"


def cold(root: Path, temp: Path, *, runs: int, mjml: str | None) -> dict[str, float]:
    print(f"\n2. cold `newsletter build {EXAMPLE}` (its out/ folder removed), a new process,")
    print(f"   median of {runs}")
    env = process_env(temp)
    script = installed_script(temp)
    ours = newsletter_command(EXAMPLE, root=root, script=script)
    print(f"  timing {ours[0] if script else ' '.join(ours[:3])}")
    out = root / "out" / EXAMPLE

    def forget_output() -> None:
        shutil.rmtree(out, ignore_errors=True)

    def forget_everything() -> None:
        forget_output()
        shutil.rmtree(temp / "cache", ignore_errors=True)

    command = find_mjml(mjml, temp)
    first, build, forced, node = Timings(), Timings(), Timings(), Timings()
    for _ in range(runs):
        first.add(lambda: run(ours, env=env, cwd=REPO), setup=forget_everything)
        build.add(lambda: run(ours, env=env, cwd=REPO), setup=forget_output)
        forced.add(lambda: run([*ours, "--force"], env=env, cwd=REPO))
        if command:
            node.add(lambda: run([*command, str(MJML), "-o", str(temp / "mjml.html")]))
    print(f"  newsletter build, empty cache folder (a first run)  {first}")
    print(f"  newsletter build, warm cache folder                 {build}")
    print(f"  newsletter build --force (reads no cache)           {forced}")
    if not command:
        print("  mjml: skipped (node, npm or mjml missing; pass --mjml PATH)")
        return {"cold one": build.median}
    print(f"  mjml CLI                                            {node}")
    return {
        "cold one": build.median,
        "cold vs mjml": build.median / node.median,
        "first run vs mjml": first.median / node.median,
    }


# -- 3. and 4. batches ---------------------------------------------------------------------

RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed_with_rss(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command in a new process; return milliseconds and its largest process's RSS, MB."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RSS_WRAPPER, *command],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, int(done.stdout.split()[-1]) / 1024


def batch(temp: Path, *, issues: int, runs: int, cold_one: float | None) -> dict[str, float]:
    root = temp / "batch"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    for n in range(1, issues):
        write_issue(root, f"issue-{n:04d}", 12, seed=n)
    env = process_env(temp)
    print(f"\n3. `newsletter build --force` of {issues} issues, new processes, median of {runs}")
    times: dict[int, list[float]] = {1: [], 2: []}
    rss: dict[int, float] = {1: 0.0, 2: 0.0}
    for _ in range(runs):
        for jobs in (1, 2):
            ms, mb = timed_with_rss(newsletter_command("--force", f"--jobs={jobs}", root=root), env)
            times[jobs].append(ms)
            rss[jobs] = max(rss[jobs], mb)
    for jobs in (1, 2):
        print(
            f"  --jobs {jobs}  {statistics.median(times[jobs]):8.0f} ms"
            f"  (all: {', '.join(f'{t:.0f}' for t in times[jobs])})"
            f"  peak RSS of one process {rss[jobs]:.0f} MB"
        )
    result = {
        "batch 1 core / 2 cores": statistics.median(times[1]) / statistics.median(times[2]),
        "peak RSS MB": max(rss.values()),
    }
    print(f"\n4. `newsletter build` of the {issues} issues again, unchanged, median of {runs}")
    unchanged = Timings()
    one = Timings()
    single = newsletter_command(EXAMPLE, "--force", root=root)
    for _ in range(runs):
        unchanged.add(lambda: run(newsletter_command(root=root), env=env, cwd=REPO))
        one.add(lambda: run(single, env=env, cwd=REPO))
    print(f"  {issues} unchanged   {unchanged}")
    print(f"  one issue, cold {one}")
    result["unchanged batch / cold one"] = unchanged.median / one.median
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="Runs of each in-process timing.")
    parser.add_argument("--cold-runs", type=int, default=7, help="Runs of each new process.")
    parser.add_argument("--batch", type=int, default=200, help="Issues in the batch.")
    parser.add_argument("--batch-runs", type=int, default=3)
    parser.add_argument("--mjml", help="The mjml command to compare with.")
    parser.add_argument("--skip", default="", help="Comma-separated: warm, cold, batch.")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    ratios: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        os.environ["NEWSLETTER_CACHE_DIR"] = str(temp / "cache")
        root = make_site(temp / "site")
        if "warm" not in skip:
            warm_ratios = warm(root, runs=args.runs)
            ratios["warm example"] = warm_ratios["example"]
            ratios["warm 200 blocks"] = warm_ratios["200 blocks"]
            stages(root, runs=args.runs)
        cold_one = None
        if "cold" not in skip:
            found = cold(root, temp, runs=args.cold_runs, mjml=args.mjml)
            cold_one = found.pop("cold one")
            ratios.update(found)
        if "batch" not in skip:
            ratios.update(batch(temp, issues=args.batch, runs=args.batch_runs, cold_one=cold_one))
    print(f"\nratios (cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f})")
    for name, value in ratios.items():
        if name == "peak RSS MB":
            met = "met" if value <= RSS_TARGET_MB else "NOT met"
            print(f"  {'peak RSS of one process':<28} {value:6.0f} MB (target <= 100 MB: {met})")
        else:
            print(ratio_line(name, value, higher_is_better=name.startswith("batch")))


if __name__ == "__main__":
    main()
