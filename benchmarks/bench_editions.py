"""Time an issue built as 10 editions against the same issue as 1 edition.

Both sides are timed in the same run, interleaved, from the English and Welsh example
(tests/editions/) with its editions list cut to one, or grown to ten (alternating
English and Welsh, each with its own accent colour). The target is a ratio of at most
4, for the command (`newsletter build --force` in a new process, as an editor runs it)
and, stricter, for the build alone in one process (no start-up to share). A last
figure times a rebuild after one edition's accent changed: only that edition is
rendered again (the others are reused from their manifests), and only the rules of
the stylesheet that the new colour changed are parsed again.

Run: python benchmarks/bench_editions.py [--runs 7]
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
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsletter.commands.build import build  # noqa: E402

FIXTURE = REPO / "tests" / "editions"


def folder(root: Path, count: int) -> Path:
    """Copy the example to ``root`` with ``count`` editions."""
    shutil.copytree(FIXTURE / "content", root / "content")
    path = root / "content" / "newsletter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    english, welsh = data["editions"]
    editions = []
    for index in range(count):
        base = dict(english if index % 2 == 0 else welsh)
        base["id"] = base["id"] if index < 2 else f"{base['id']}-{index}"
        base["accent"] = f"#00{index:02d}2d"
        editions.append(base)
    data["editions"] = editions
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def timed(root: Path) -> float:
    """Return the seconds of one forced build in this process."""
    start = time.perf_counter()
    build(root, jobs=1, force=True)
    return time.perf_counter() - start


def command(root: Path, cache: Path) -> float:
    """Return the seconds of `newsletter build --force` in a new process."""
    env = {**os.environ, "NEWSLETTER_CACHE_DIR": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package has its bytecode
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newsletter", "build", "--quiet", "--force", "--root", str(root)],
        check=True,
        env=env,
        cwd=root,
    )
    return time.perf_counter() - start


def report(name: str, ones: list[float], tens: list[float]) -> None:
    a, b = statistics.median(ones), statistics.median(tens)
    print(f"{name}")
    print(f"  1 edition:   median {a * 1000:.0f} ms")
    print(f"  10 editions: median {b * 1000:.0f} ms")
    print(f"  ratio 10/1:  {b / a:.2f} (target at most 4: {'met' if b / a <= 4 else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temp:
        one, ten = folder(Path(temp) / "one", 1), folder(Path(temp) / "ten", 10)
        cache = Path(temp) / "cache"
        command(one, cache), command(ten, cache)  # bytecode and compiled templates
        ones, tens = [], []
        for _ in range(runs):
            ones.append(command(one, cache))
            tens.append(command(ten, cache))
        report("newsletter build --force, a new process each", ones, tens)
        timed(one), timed(ten)  # warm the caches
        ones, tens = [], []
        for _ in range(runs):
            ones.append(timed(one))
            tens.append(timed(ten))
        report("the build alone, in this process", ones, tens)
        path = ten / "content" / "newsletter.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("#00032d", "#00aa2d"))
        start = time.perf_counter()
        rebuilt = build(ten, jobs=1)
        took = time.perf_counter() - start
        print(
            f"one edition changed: rendered {list(rebuilt.built[0].editions)} "
            f"in {took * 1000:.0f} ms (of 10)"
        )


if __name__ == "__main__":
    main()
