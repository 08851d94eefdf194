"""Size rules: Gmail clipping, Gmail's <style> limits and SMTP's line length."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from newsletter.checks.engine import (
    HTML_FILE,
    Email,
    Hit,
    Where,
    html_line,
    iter_lines,
    rule,
    text_line,
)
from newsletter.render.css import nested_at_rules

_nested_at_rules = lru_cache(maxsize=64)(lambda css: tuple(nested_at_rules(css)))

# Gmail clips above "102 KB"; counted in decimal kilobytes to stay on the safe side.
CLIP_BYTES = 102_000
NEAR_CLIP_BYTES = 90_000
STYLE_BYTES = 16_000
MAX_LINE = 998


@rule(
    "size.clip",
    severity="error",
    rationale="Gmail clips HTML above about 102 KB, hiding the footer and the unsubscribe link.",
    source="https://github.com/hteumeuleu/email-bugs/issues/41",
)
def clip(email: Email) -> Iterator[Hit]:
    """Flag HTML too large for Gmail."""
    size = len(email.html.encode())
    if size > CLIP_BYTES:
        yield Hit(
            Where(HTML_FILE),
            f"the HTML is {size:,} bytes and Gmail clips above about "
            "102 KB: cut or shorten blocks, or move stories to the website",
        )


@rule(
    "size.near-clip",
    severity="warning",
    rationale="Close to Gmail's clipping limit, a few more words or merge tags expanded "
    "by the sending service push the email over it.",
    source="https://github.com/hteumeuleu/email-bugs/issues/41",
)
def near_clip(email: Email) -> Iterator[Hit]:
    """Flag HTML close to Gmail's clipping limit."""
    size = len(email.html.encode())
    if NEAR_CLIP_BYTES < size <= CLIP_BYTES:
        yield Hit(
            Where(HTML_FILE),
            f"the HTML is {size:,} bytes, close to Gmail's 102 KB "
            "clipping limit: shorten the issue to leave room",
        )


@rule(
    "size.style",
    severity="error",
    rationale="Gmail drops all <style> when there is more than 16 KB of it, losing the "
    "phone layout and dark mode.",
    source="https://www.caniemail.com/features/html-style/",
)
def style_size(email: Email) -> Iterator[Hit]:
    """Flag more <style> than Gmail keeps."""
    total = sum(len((el.text or "").encode()) for el in email.stylesheets)
    if total > STYLE_BYTES:
        yield Hit(
            email.locate(email.stylesheets[0]),
            f"<style> holds {total:,} bytes and Gmail ignores it above 16 KB: "
            "remove unused rules from templates/style.css",
        )


@rule(
    "size.style-nested",
    severity="error",
    rationale="Gmail drops a whole <style> block that has an @-rule inside another @-rule.",
    source="https://github.com/hteumeuleu/email-bugs/issues/90",
)
def style_nested(email: Email) -> Iterator[Hit]:
    """Flag @-rules nested in other @-rules."""
    for el in email.stylesheets:
        for keyword, line in _nested_at_rules(el.text or ""):
            where = html_line((el.sourceline or 1) + line - 1)
            yield Hit(
                where,
                f"{keyword} is nested inside another @-rule and Gmail drops the "
                "whole <style> for it: move it to the top level",
            )


@rule(
    "size.line",
    severity="error",
    rationale="SMTP limits lines to 998 characters; relays break longer ones, often mid-tag.",
    source="https://www.rfc-editor.org/rfc/rfc5322#section-2.1.1",
)
def line_length(email: Email) -> Iterator[Hit]:
    """Flag lines over 998 characters in the HTML and the text."""
    for text, place in ((email.html, html_line), (email.text, text_line)):
        long = [(n, len(line)) for n, line in iter_lines(text) if len(line) > MAX_LINE]
        if long:
            number, length = long[0]
            more = f" ({len(long)} such lines)" if len(long) > 1 else ""
            yield Hit(
                place(number),
                f"line of {length:,} characters{more}; SMTP allows 998: "
                "break it (templates should not minify onto one line)",
            )
