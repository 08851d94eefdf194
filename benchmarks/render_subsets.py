"""Run `check --render` on the example cut to every subset of its block types; list findings.

The example has every block type (12), so there are 4,095 subsets: each is written as a
real issue (the example's blocks of those types, in the example's order), built, and
looked at in every mode with one browser. Each subset with render findings is printed
with them; the last line counts them. Exit status 1 when any subset has findings.

It takes about 0.5 s a subset on two cores (some 35 minutes in all); `--part K/N` runs
every N-th subset from the K-th, to spread the run over N processes or machines, and
`--limit` stops early.

Run: python benchmarks/render_subsets.py [--part 1/2] [--limit 100]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: this checkout's package; imported, as is
    sys.path.insert(0, str(REPO))

from newsletter import checks  # noqa: E402
from newsletter.models import BLOCK_TYPES  # noqa: E402
from newsletter.pipeline import open_newsletter, render_slug  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from newsletter.checks.render.modes import Mode

EXAMPLE = "2026-06-05"


def subsets(types: Sequence[str] = BLOCK_TYPES) -> list[frozenset[str]]:
    """Return every non-empty subset of ``types``, smallest first, in a fixed order."""
    return [
        frozenset(chosen)
        for size in range(1, len(types) + 1)
        for chosen in itertools.combinations(types, size)
    ]


def example_issue() -> tuple[dict[str, Any], str]:
    """Return the example issue's front matter and body."""
    text = (REPO / "content" / "issues" / f"{EXAMPLE}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def write_subset(site: Path, types: Iterable[str]) -> Path:
    """Write the example issue into ``site`` keeping only blocks of the given types."""
    front, body = example_issue()
    kept = set(types)
    front["blocks"] = [block for block in front["blocks"] if block["type"] in kept]
    path = site / "content" / "issues" / f"{EXAMPLE}.md"
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n{body}", encoding="utf-8")
    return path


def render_findings(site: Path, page: Page, *, only: Sequence[Mode] | None = None) -> list[str]:
    """Build the site's example issue, look at it in the modes; return its render findings."""
    from newsletter.checks.render.look import look

    email = checks.Email.of(render_slug(open_newsletter(site), EXAMPLE))
    email.looked = look(email, page, only=only)
    return [str(found) for found in checks.run(email) if found.rule.startswith("render.")]


def _part(text: str) -> tuple[int, int]:
    number, _, count = text.partition("/")
    part, parts = int(number), int(count)
    if not 1 <= part <= parts:
        raise argparse.ArgumentTypeError(f"--part {text}: K/N with 1 <= K <= N")
    return part, parts


def main() -> None:
    from newsletter.checks.render.look import browser_page

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", type=_part, default=(1, 1), metavar="K/N")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    part, parts = args.part
    chosen = subsets()[part - 1 :: parts][: args.limit]
    failed = 0
    took: list[float] = []
    with tempfile.TemporaryDirectory() as temp, browser_page() as page:
        site = Path(temp) / "site"
        shutil.copytree(REPO / "content", site / "content")
        shutil.copytree(REPO / "templates", site / "templates")
        for number, types in enumerate(chosen, start=1):
            start = time.perf_counter()
            write_subset(site, types)
            found = render_findings(site, page)
            took.append(time.perf_counter() - start)
            if found:
                failed += 1
                print(f"{'+'.join(sorted(types))}: {len(found)} findings", flush=True)
                for line in found:
                    print(f"  {line}", flush=True)
            if number % 100 == 0:
                print(f"... {number}/{len(chosen)} subsets, {failed} with findings", flush=True)
    print(
        f"{len(chosen)} subsets (part {part}/{parts}), {failed} with render findings; "
        f"median {statistics.median(took):.2f} s a subset, {sum(took):.0f} s in all"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
