"""Time each build stage on the example issue and on a 50-story issue; print medians.

Run: python benchmarks/bench_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsletter import checks, output  # noqa: E402
from newsletter.content.loader import load_issue  # noqa: E402
from newsletter.pipeline import open_newsletter, render_issue  # noqa: E402
from newsletter.render import mergetags  # noqa: E402
from newsletter.render.environment import context, render_html, render_text  # noqa: E402
from newsletter.render.inline import inline  # noqa: E402


def make_site(folder: Path, *, stories: int) -> Path:
    """Copy the example newsletter and, for stories > 0, add a large issue."""
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "templates", folder / "templates")
    if stories:
        example = next((folder / "content/issues").glob("*.md"))
        _, front, body = example.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        story = next(b for b in data["blocks"] if b["type"] == "story")
        data["blocks"] = [
            {**story, "title": f"{story['title']} ({n})", "url": f"{story['url']}-{n}"}
            for n in range(stories)
        ]
        text = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body
        (folder / "content/issues/large.md").write_text(text, encoding="utf-8")
    return folder


def median_ms(fn: Callable[[], object], *, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_issue(root: Path, slug: str, *, runs: int) -> dict[str, float]:
    newsletter = open_newsletter(root)
    settings, env, project = newsletter.settings, newsletter.env, newsletter.project
    path = project.issue_path(slug)
    loaded = load_issue(path, project=project)
    variables = context(settings, loaded.issue)
    html = render_html(env, variables)
    inline(html)  # warm premailer's caches, as any real run has after its first issue
    rendered = render_issue(newsletter, loaded)
    files = output.email_files(rendered, findings=checks.check(rendered))
    target = project.out_folder(slug)
    return {
        "load+validate": median_ms(lambda: load_issue(path, project=project), runs=runs),
        "render HTML": median_ms(lambda: render_html(env, variables), runs=runs),
        "render text": median_ms(lambda: render_text(env, variables), runs=runs),
        "inline": median_ms(lambda: inline(html), runs=runs),
        "merge tags": median_ms(
            lambda: mergetags.apply(html, settings, html_output=True), runs=runs
        ),
        "write": median_ms(
            lambda: (shutil.rmtree(target, ignore_errors=True), output.write_folder(target, files)),
            runs=runs,
        ),
        "whole issue": median_ms(lambda: checks.check(render_issue(newsletter, loaded)), runs=runs),
        "HTML KB": len(files["email.html"]) / 1000,
    }


def cold_build_ms(root: Path, *, runs: int) -> float:
    command = [sys.executable, "-m", "newsletter", "build", "--root", str(root)]
    return median_ms(lambda: subprocess.run(command, check=True, capture_output=True), runs=runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = make_site(Path(temp) / "site", stories=50)
        example = next(p.stem for p in (root / "content/issues").glob("2*.md"))
        results = {
            "example": bench_issue(root, example, runs=args.runs),
            "50 stories": bench_issue(root, "large", runs=args.runs),
        }
        print(f"median of {args.runs} runs, milliseconds (HTML size in KB)")
        print(f"{'stage':<16}" + "".join(f"{name:>14}" for name in results))
        for stage in results["example"]:
            print(f"{stage:<16}" + "".join(f"{r[stage]:>14.2f}" for r in results.values()))
        cold = cold_build_ms(root, runs=max(3, args.runs // 3))
        print(f"\ncold `newsletter build` of both issues (new process): {cold:.0f} ms median")


if __name__ == "__main__":
    main()
