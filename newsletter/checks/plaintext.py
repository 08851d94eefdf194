"""Plain-text rules: the text version exists, carries every story link and has no HTML."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from newsletter.checks.engine import Email, Hit, Where, iter_lines, rule, text_line
from newsletter.checks.links import web_links
from newsletter.project import EML_FILE, TEXT_FILE

_TAG = re.compile(
    r"</?(?:a|p|div|span|br|hr|strong|em|b|i|u|table|tbody|tr|td|th|img|h[1-6]|ul|ol|li|"
    r"blockquote|html|head|body|style|font|center)\b[^>]*>",
    re.IGNORECASE,
)
_TEXT_PART = re.compile(rb"^content-type:\s*text/plain", re.IGNORECASE | re.MULTILINE)
_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{2,6}|#x[0-9a-f]{2,5});", re.IGNORECASE)
_RUN = re.compile(r"\S+")
_SPACE = re.compile(r"\s")


@rule(
    "text.missing",
    severity="error",
    rationale="Clients that show plain text, and spam filters that compare both parts, "
    "need a text version with the same content.",
    source="https://www.rfc-editor.org/rfc/rfc2046#section-5.1.4",
)
def missing(email: Email) -> Iterator[Hit]:
    """Flag an empty text version or a message without a text/plain part."""
    if not email.text.strip():
        yield Hit(
            Where(TEXT_FILE, TEXT_FILE),
            "the text version is empty: check templates/email.txt renders the blocks",
        )
    elif email.eml and not _TEXT_PART.search(email.eml):
        yield Hit(
            Where(EML_FILE, EML_FILE),
            "the message has no text/plain part: build it with the text version",
        )


@rule(
    "text.links",
    severity="warning",
    rationale="Text readers can only follow a story if its URL is in the text version.",
    source="https://www.rfc-editor.org/rfc/rfc2046#section-5.1.4",
)
def links(email: Email) -> Iterator[Hit]:
    """Flag story links of the HTML whose URL is missing from the text version."""
    if not email.text.strip():
        return
    in_blocks = {el for cell in email.blocks for el in cell.iter("a")}
    wanted = [
        (el, href)
        for el, href in web_links(email)
        if el in in_blocks and href.startswith(("http://", "https://"))
    ]
    if not wanted:
        return
    in_text = _Substrings(email.text, longest=max((len(href) for _, href in wanted), default=0))
    reported: set[str] = set()
    for el, href in wanted:
        if href not in reported and href not in in_text:
            reported.add(href)
            yield Hit(
                email.locate(el),
                f"{href} is not in the text version: add it to the block's .txt template",
            )


class _Substrings:
    """Answer ``url in text`` for many URLs with one pass over the text, not one per URL.

    Each place the text says "http" starts a run of non-space characters (cut at
    ``longest``, the longest URL asked about); a URL without spaces that starts with
    "http" is in the text exactly when it begins one of those runs, which a sorted
    list of the runs answers by bisection.
    """

    def __init__(self, text: str, *, longest: int) -> None:
        self.text = text
        runs = []
        start = text.find("http")
        while start >= 0:
            match = _RUN.match(text, start, start + longest)
            runs.append(match.group() if match else "")
            start = text.find("http", start + 1)
        self.runs = sorted(runs)

    def __contains__(self, url: str) -> bool:
        if not url.startswith("http") or _SPACE.search(url):
            return url in self.text
        index = bisect.bisect_left(self.runs, url)
        return index < len(self.runs) and self.runs[index].startswith(url)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def written_in_content(email: Email) -> set[str]:
    """Return the tags and entities the issue and settings contain as text, e.g. `<br>`.

    The build shows those as text on purpose, in both versions, so they are not leftovers.
    """
    found: set[str] = set()
    for model in (email.issue, email.settings):
        if model is None:
            continue
        for value in _strings(model.model_dump(mode="json")):
            for pattern in (_TAG, _ENTITY):
                found.update(match.group() for match in pattern.finditer(value))
    return found


@rule(
    "text.html",
    severity="error",
    rationale="HTML tags or entities left in the text version show up literally.",
    source="https://www.rfc-editor.org/rfc/rfc2046#section-4.1.3",
)
def leftover_html(email: Email) -> Iterator[Hit]:
    """Flag HTML tags and entities in the text version, once per line.

    Tags and entities the content itself spells out (as in "use the `<br>` tag") are text.
    """
    if not (_TAG.search(email.text) or _ENTITY.search(email.text)):
        return
    written = written_in_content(email)
    for number, line in iter_lines(email.text):
        for pattern in (_TAG, _ENTITY):
            match = next((m for m in pattern.finditer(line) if m.group() not in written), None)
            if match:
                yield Hit(
                    text_line(number),
                    f"HTML {match.group()!r} in the text version: "
                    "use plain text (templates ending .txt are not escaped)",
                )
                break
