"""Generate realistic issues of any size, deterministically, for benchmarks and tests.

Every block type is used: an issue of 12 blocks has one of each, larger ones mix them
the way a local weekly does (mostly stories, some grids, lists and quotes). The same
count and seed always give the same file.

Run: python benchmarks/generate.py ROOT --blocks 50 [--seed 1] [--slug large]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

SITE = "https://www.millbrookweekly.example"
IMAGES = f"{SITE}/img"
# One of each type first, so 12 blocks use every type; then a weekly's usual mix.
FIRST = (
    "lead",
    "story",
    "heading",
    "grid",
    "quote",
    "text",
    "image",
    "button",
    "divider",
    "promo",
    "events",
    "jobs",
)
MIX = ("story",) * 8 + ("grid",) * 2 + ("heading", "text", "quote", "image", "events", "jobs")
BLOCK_TYPES = frozenset(FIRST)

_PROSE = (
    "council town river bridge market library school lido station garden volunteers "
    "residents summer festival road works repairs budget plan traders football club "
    "choir bakery vote hustings candidates parish meadow footpath cycle lane bus route "
    "playground museum archive exhibition harvest allotments charity appeal fundraiser "
    "concert theatre cinema pupils teachers nurses surgery pharmacy housing estate "
    "flood defences weather rainfall heatwave picnic parade bandstand swimming"
)
_WORDS = tuple(_PROSE.split())
_PEOPLE = (
    "Priya Shah",
    "Tom Okafor",
    "Margaret Ellis",
    "Jo Marsh",
    "Ana Ruiz",
    "Sam Patel",
    "Li Wei",
    "Fergus Byrne",
)
_LABELS = ("Council", "Transport", "Leisure", "Schools", "Business", "Sport", "Health", "Arts")
_PLACES = ("Market Square", "Millbrook Town Hall", "Millbrook Library", "Riverside Lido")
_EMPLOYERS = ("Vale District Council", "Riverside Lido", "The Millbrook Weekly", "Vale NHS Trust")


class _Writer:
    """Deterministic prose, links and images from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.count = 0

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        text = self.words(5, 10)
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self.title() + self.rng.choice((".", ".", ".", "?", "!"))

    def url(self, section: str = "news") -> str:
        self.count += 1
        slug = "-".join(self.words(2, 4).split())
        return f"{SITE}/{section}/2026/06/{slug}-{self.count}"

    def paragraph(self, *, links: int = 0) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(2, 4))]
        for _ in range(links):
            index = self.rng.randrange(len(sentences))
            sentences[index] += f" See [{self.words(2, 4)}]({self.url()})."
        if self.rng.random() < 0.4:
            index = self.rng.randrange(len(sentences))
            sentences[index] = f"**{sentences[index]}**"
        if self.rng.random() < 0.3:
            index = self.rng.randrange(len(sentences))
            sentences[index] = f"*{sentences[index]}*"
        return " ".join(sentences)

    def markdown(self) -> str:
        """Return one to three paragraphs, sometimes with a list or a quote."""
        parts = [self.paragraph(links=self.rng.randint(0, 2))]
        if self.rng.random() < 0.25:
            items = [f"- {self.sentence()}" for _ in range(self.rng.randint(2, 4))]
            parts.append("\n".join(items))
        if self.rng.random() < 0.15:
            parts.append(f'> "{self.sentence()}"')
        if self.rng.random() < 0.5:
            parts.append(self.paragraph(links=self.rng.randint(0, 1)))
        return "\n\n".join(parts) + "\n"

    def image(self, width: int) -> dict[str, Any]:
        self.count += 1
        image: dict[str, Any] = {
            "src": f"{IMAGES}/2026/06/picture-{self.count}-{width * 2}.jpg",
            "alt": self.title(),
            "width": width,
        }
        if self.rng.random() < 0.5:
            image["height"] = width * 9 // 16
        return image


def _lead(w: _Writer) -> dict[str, Any]:
    return {
        "type": "lead",
        "label": w.rng.choice(_LABELS),
        "title": w.title(),
        "url": w.url(),
        "byline": f"By {w.rng.choice(_PEOPLE)}",
        "image": w.image(552),
        "summary": w.markdown(),
    }


def _story(w: _Writer) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "story", "title": w.title(), "url": w.url()}
    if w.rng.random() < 0.7:
        block["label"] = w.rng.choice(_LABELS)
    if w.rng.random() < 0.6:
        block["byline"] = f"By {w.rng.choice(_PEOPLE)}"
    if w.rng.random() < 0.5:
        block["image"] = w.image(552)
    block["summary"] = w.markdown()
    return block


def _grid(w: _Writer) -> dict[str, Any]:
    stories = []
    for _ in range(w.rng.choice((2, 3))):
        story: dict[str, Any] = {
            "label": w.rng.choice(_LABELS),
            "title": w.title(),
            "url": w.url(),
            "summary": w.sentence(),
        }
        if w.rng.random() < 0.8:
            story["image"] = w.image(260)
        stories.append(story)
    block: dict[str, Any] = {"type": "grid", "stories": stories}
    if w.rng.random() < 0.5:
        block["title"] = w.title()
    return block


def _text(w: _Writer) -> dict[str, Any]:
    items = "\n".join(f"{n}. {w.sentence()}" for n in range(1, w.rng.randint(3, 5)))
    body = f"{w.paragraph(links=1)}\n\n{items}\n\n> {w.sentence()}\n\n{w.paragraph(links=1)}\n"
    return {"type": "text", "title": w.title(), "body": body}


def _events(w: _Writer) -> dict[str, Any]:
    items = []
    for day in range(w.rng.randint(2, 5)):
        item: dict[str, Any] = {
            "date": dt.date(2026, 6, 6 + day),
            "title": w.title(),
            "place": w.rng.choice(_PLACES),
        }
        if w.rng.random() < 0.7:
            item["time"] = w.rng.choice(("10:00", "14:30", "19:30", "10:00\u201316:00"))
        if w.rng.random() < 0.7:
            item["url"] = w.url("whats-on")
        items.append(item)
    return {"type": "events", "title": "What's on this week", "items": items}


def _jobs(w: _Writer) -> dict[str, Any]:
    items = [
        {
            "title": w.title(),
            "employer": w.rng.choice(_EMPLOYERS),
            "location": w.rng.choice(("Millbrook", "Remote", "Millbrook or hybrid")),
            "url": w.url("jobs"),
        }
        for _ in range(w.rng.randint(1, 4))
    ]
    return {
        "type": "jobs",
        "items": items,
        "more": {"text": "See all jobs on Millbrook Jobs", "url": f"{SITE}/jobs"},
    }


def _block(kind: str, w: _Writer) -> dict[str, Any]:
    if kind == "lead":
        return _lead(w)
    if kind == "story":
        return _story(w)
    if kind == "grid":
        return _grid(w)
    if kind == "text":
        return _text(w)
    if kind == "events":
        return _events(w)
    if kind == "jobs":
        return _jobs(w)
    if kind == "heading":
        return {"type": "heading", "text": w.title()}
    if kind == "quote":
        quote = {"type": "quote", "text": w.sentence(), "attribution": w.rng.choice(_PEOPLE)}
        return quote if w.rng.random() < 0.5 else {**quote, "url": w.url()}
    if kind == "image":
        block = {"type": "image", **w.image(552), "caption": w.sentence()}
        return block if w.rng.random() < 0.5 else {**block, "link": w.url("photos")}
    if kind == "button":
        return {"type": "button", "text": f"Read about {w.words(2, 3)}", "url": w.url()}
    if kind == "divider":
        return {"type": "divider"}
    if kind == "promo":
        return {
            "type": "promo",
            "label": "Sponsored",
            "title": w.title(),
            "body": w.paragraph(),
            "button": {"text": f"See the {w.words(1, 2)} offers", "url": w.url("offers")},
            "image": w.image(514),
        }
    raise ValueError(f"unknown block type {kind!r}")


def issue(blocks: int, *, seed: int = 1) -> tuple[dict[str, Any], str]:
    """Return the front matter and Markdown body of an issue with ``blocks`` blocks."""
    w = _Writer(seed * 1000 + blocks)
    kinds = [*FIRST[:blocks]]
    kinds += [w.rng.choice(MIX) for _ in range(blocks - len(kinds))]
    front = {
        "subject": w.title()[:70],
        "preheader": w.sentence()[:120],
        "date": dt.date(2026, 6, 5),
        "number": seed,
        "blocks": [_block(kind, w) for kind in kinds],
    }
    return front, w.paragraph(links=1) + "\n"


def issue_text(blocks: int, *, seed: int = 1) -> str:
    """Return the text of an issue file with ``blocks`` blocks."""
    front, body = issue(blocks, seed=seed)
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=88)
    return f"---\n{text}---\n{body}"


def write_issue(root: Path, slug: str, blocks: int, *, seed: int = 1) -> Path:
    """Write content/issues/<slug>.md of a newsletter folder; return its path."""
    path = root / "content" / "issues" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(issue_text(blocks, seed=seed), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="A newsletter folder.")
    parser.add_argument("--blocks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slug", default="generated")
    args = parser.parse_args()
    print(write_issue(args.root, args.slug, args.blocks, seed=args.seed))


if __name__ == "__main__":
    main()
