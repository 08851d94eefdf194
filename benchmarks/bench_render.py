"""Time `newsletter check --render` of the example in every mode; print medians and ratios.

Three figures per run, interleaved so they share the machine's load:

1. the whole `check --render` of the example (render, Chromium started once, every mode
   and width on one page, the rules), against the target of 3 s;
2. the browser part alone: starting Chromium, and looking at the email in all modes;
3. the plain `check` of the same issue, the yardstick: the ratio says what --render adds.

Run: python benchmarks/bench_render.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsletter import checks  # noqa: E402
from newsletter.checks.render.look import browser_page, look  # noqa: E402
from newsletter.checks.render.modes import modes  # noqa: E402
from newsletter.commands.check import check_issues  # noqa: E402
from newsletter.pipeline import open_newsletter, render_slug  # noqa: E402

EXAMPLE = "2026-06-05"
TARGET_S = 3.0


def timed(action: object) -> float:
    """Return the seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def browser_parts(site: Path) -> tuple[float, float]:
    """Return the seconds to start Chromium and to look at the example in every mode."""
    email = checks.Email.of(render_slug(open_newsletter(site), EXAMPLE))
    start = time.perf_counter()
    with browser_page() as page:
        started = time.perf_counter()
        look(email, page)
        looked = time.perf_counter()
    return started - start, looked - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        shutil.copytree(REPO / "content", site / "content")
        shutil.copytree(REPO / "templates", site / "templates")
        check_issues(site, render=True)  # warm caches: templates, imports
        whole, plain, start, looked = [], [], [], []
        for _ in range(runs):
            whole.append(timed(lambda: check_issues(site, render=True)))
            plain.append(timed(lambda: check_issues(site)))
            started, seen = browser_parts(site)
            start.append(started)
            looked.append(seen)
    views = sum(len(mode.widths) for mode in modes())
    mid = {
        name: statistics.median(times)
        for name, times in (
            ("whole", whole),
            ("plain", plain),
            ("start", start),
            ("looked", looked),
        )
    }
    verdict = "met" if mid["whole"] <= TARGET_S else "MISSED"
    print(f"check --render of the example, {len(modes())} modes, {views} views, {runs} runs")
    print(
        f"  whole check --render  median {mid['whole']:.2f} s"
        f"  (min {min(whole):.2f}, max {max(whole):.2f})  target <= {TARGET_S:.1f} s: {verdict}"
    )
    print(f"  start Chromium        median {mid['start']:.2f} s")
    print(
        f"  look in all modes     median {mid['looked']:.2f} s"
        f"  ({1000 * mid['looked'] / views:.0f} ms a view)"
    )
    print(
        f"  plain check           median {mid['plain']:.3f} s"
        f"  ratio --render / plain {mid['whole'] / mid['plain']:.0f}x"
    )


if __name__ == "__main__":
    main()
