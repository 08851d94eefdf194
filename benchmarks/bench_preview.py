"""Time the preview from saving an issue to the new text showing in the browser.

Runs `newsletter preview` on a copy of the example, opens the issue page in headless
Chromium (the machine's own, as tests/test_preview_browser.py does), then saves the
issue N times with a new headline and measures, in the page, when the desktop frame
first shows it. Prints the median, spread and maximum in milliseconds.

Run: python benchmarks/bench_preview.py [--edits 20]
"""

from __future__ import annotations

import argparse
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM_ARGS, find_chromium  # noqa: E402
from tests.support import EXAMPLE_SLUG, copy_example  # noqa: E402

# Resolves with the time (ms since the epoch) at which the frame first shows ``marker``,
# checked on every frame the browser paints.
SHOWN_JS = """(marker) => new Promise((resolve) => {
  function check() {
    const frame = document.querySelector('#frame-desktop');
    const doc = frame && frame.contentDocument;
    const title = doc && doc.querySelector('.lead-title');
    if (title && title.textContent.includes(marker)) resolve(Date.now());
    else requestAnimationFrame(check);
  }
  check();
})"""
HEADLINE = "Mill Lane footbridge reopens after eight months of repairs"
# Keeps the browser on this machine: every host name but the preview's fails to resolve,
# inside the browser. (tests/browser.py routes each request through Playwright instead,
# which would add its round trips to what is measured here.)
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def start_preview(root: Path) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "newsletter", "preview", EXAMPLE_SLUG, "--port", "0"]
    process = subprocess.Popen(
        [*command, "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    while True:
        match = re.search(r"preview at (http://\S+)", lines.get(timeout=60))
        if match:
            return process, match[1]


def measure(edits: int, *, pause: float) -> list[float]:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as temp:
        root = copy_example(Path(temp) / "site")
        issue = root / "content" / "issues" / f"{EXAMPLE_SLUG}.md"
        original = issue.read_text(encoding="utf-8")
        process, url = start_preview(root)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=[*CHROMIUM_ARGS, *OFFLINE_ARGS]
                )
                context = browser.new_context(viewport={"width": 1180, "height": 820})
                page = context.new_page()
                page.goto(url)
                page.locator("#status.live").wait_for()
                page.evaluate(SHOWN_JS, "footbridge")
                latencies = []
                for n in range(edits):
                    marker = f"edit number {n}"
                    text = original.replace(HEADLINE, f"{HEADLINE}, {marker}")
                    saved = time.time() * 1000
                    issue.write_text(text, encoding="utf-8")
                    shown = page.evaluate(SHOWN_JS, marker)
                    latencies.append(shown - saved)
                    time.sleep(pause)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.4, help="Seconds between edits.")
    args = parser.parse_args()
    latencies = measure(args.edits, pause=args.pause)
    low, high = statistics.quantiles(latencies, n=4)[0], statistics.quantiles(latencies, n=4)[2]
    print(f"preview, save to visible, {len(latencies)} edits (ms)")
    print(
        f"  median {statistics.median(latencies):.0f}  (quartiles {low:.0f}-{high:.0f})"
        f"  min {min(latencies):.0f}  max {max(latencies):.0f}"
    )
    print("  each: " + " ".join(f"{value:.0f}" for value in latencies))


if __name__ == "__main__":
    main()
