"""Time the picture step against Pillow's own decode, resize and encode of the same files.

Makes twenty 4000 x 3000 JPEGs, then in the same run, on every core (one process
each, the files shared out alike):
- reference: Pillow opens each file, resizes it to 1104 px wide and saves a JPEG;
- ours: newsletter.images.transform on the same bytes, for a 552 px slot (1104 px);
- a rebuild with no picture changed: `newsletter build` of an issue that uses all
  twenty, timed against the same rebuild of the issue without them;
- the peak resident memory of one process transforming the twenty.

Run: python benchmarks/bench_images.py [--files 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support import copy_example, issue_data, write_issue  # noqa: E402

WIDTH = 1104


def make_files(folder: Path, count: int) -> list[Path]:
    """Write ``count`` photo-like 4000 x 3000 JPEGs (gradients and grain)."""
    from PIL import Image

    size = (4000, 3000)
    paths = []
    for number in range(count):
        grain = Image.effect_noise(size, 20 + number)
        picture = Image.merge(
            "RGB",
            (
                Image.linear_gradient("L").resize(size),
                grain,
                Image.radial_gradient("L").resize(size),
            ),
        )
        path = folder / f"photo-{number:02}.jpg"
        picture.save(path, "JPEG", quality=88)
        paths.append(path)
    return paths


def reference(path: Path) -> int:
    """Pillow alone: decode, resize to WIDTH, encode as JPEG."""
    from PIL import Image

    with Image.open(path) as picture:
        height = round(WIDTH * picture.height / picture.width)
        small = picture.resize((WIDTH, height), Image.Resampling.LANCZOS)
        stream = io.BytesIO()
        small.save(stream, "JPEG", quality=80)
    return len(stream.getvalue())


def ours(path: Path) -> int:
    """The build's transform of the same file."""
    from newsletter.images.transform import Spec, transform

    return len(transform(path.read_bytes(), Spec(width=WIDTH)).data)


def timed(work: object, paths: list[Path], workers: int) -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, paths))  # type: ignore[arg-type]
    return time.perf_counter() - started


def peak_rss(paths: list[Path]) -> float:
    """Return the peak resident memory (MB) of a fresh process transforming every file."""
    code = (
        "import sys, resource; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.bench_images import ours;"
        "[ours(Path(p)) for p in sys.argv[2:]];"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(REPO), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024


def rebuild_ms(root: Path, env: dict[str, str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsletter", "build", "--quiet", "--root", str(root)],
            check=True,
            env=env,
        )
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    workers = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        env = {**os.environ, "NEWSLETTER_CACHE_DIR": str(folder / "cache")}
        paths = make_files(folder, options.files)
        rows = []
        for _ in range(options.rounds):
            rows.append((timed(reference, paths, workers), timed(ours, paths, workers)))
        ref = statistics.median(row[0] for row in rows)
        own = statistics.median(row[1] for row in rows)
        print(f"{options.files} files of 4000x3000 on {workers} cores, median of {options.rounds}")
        print(f"  Pillow decode+resize+encode: {ref * 1000:.0f} ms")
        print(f"  newsletter transform:        {own * 1000:.0f} ms  ({own / ref:.2f}x)")
        print(f"  peak RSS, one process, all files: {peak_rss(paths):.0f} MB")

        plain = copy_example(folder / "plain")
        pictured = copy_example(folder / "pictured")
        target = pictured / "content" / "issues" / "images"
        target.mkdir(parents=True, exist_ok=True)
        front, body = issue_data(pictured)
        for path in paths:
            (target / path.name).write_bytes(path.read_bytes())
            front["blocks"].append({"type": "image", "src": f"images/{path.name}", "alt": "A"})
        write_issue(pictured, front, body)
        for root in (plain, pictured):
            subprocess.run(
                [sys.executable, "-m", "newsletter", "build", "--quiet", "--root", str(root)],
                env=env,
                check=False,
            )
        base = rebuild_ms(plain, env, options.rounds * 3)
        with_pictures = rebuild_ms(pictured, env, options.rounds * 3)
        print(
            f"  no-change rebuild: {base:.0f} ms without pictures, {with_pictures:.0f} ms "
            f"with {options.files} ({with_pictures - base:+.0f} ms)"
        )


if __name__ == "__main__":
    main()
