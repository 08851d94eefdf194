"""The render rules: what the browser saw, one finding per element and rule across modes."""

from __future__ import annotations

from collections.abc import Iterator

from newsletter.checks.engine import Email, Hit, Where, rule
from newsletter.checks.size import CLIP_BYTES
from newsletter.project import HTML_FILE

SOURCE = "newsletter check --render (headless Chromium in emulated client modes)"


def _hits(email: Email, rule_id: str, advice: str) -> Iterator[Hit]:
    """Yield one hit per element the rule saw, naming the modes and widths it saw it in."""
    if email.looked is None:
        return
    grouped: dict[int | None, list] = {}
    for seen in email.looked.seen:
        if seen.rule == rule_id:
            grouped.setdefault(seen.element, []).append(seen)
    for element, found in grouped.items():
        where = Where(HTML_FILE) if element is None else email.locate(email.elements[element])
        yield Hit(where, f"{found[0].detail} ({_modes(found)}): {advice}")


def _modes(found: list) -> str:
    """Return e.g. 'phone at 320, 375 px; no-style at 412 px'."""
    widths: dict[str, list[int]] = {}
    for seen in found:
        widths.setdefault(seen.mode, []).append(seen.width)
    parts = []
    for mode, sizes in widths.items():
        shown = [str(size) for size in sorted(set(sizes)) if size]
        parts.append(f"{mode} at {', '.join(shown)} px" if shown else mode)
    return "; ".join(parts)


@rule(
    "render.overflow",
    severity="error",
    rationale="An email wider than the phone's screen makes readers scroll sideways on "
    "every line, or shrinks all of it to an unreadable size.",
    source=SOURCE,
)
def overflow(email: Email) -> Iterator[Hit]:
    """Flag emails wider than the window, naming what forces the width."""
    yield from _hits(email, "render.overflow", "let it wrap (a link text instead of a bare URL)")


@rule(
    "render.crossing",
    severity="warning",
    rationale="Text or an image that sticks out of its column runs into the next one or "
    "off the screen.",
    source=SOURCE,
)
def crossing(email: Email) -> Iterator[Hit]:
    """Flag text and images that cross the edge of their column."""
    yield from _hits(email, "render.crossing", "make it fit its column")


@rule(
    "render.image-gap",
    severity="warning",
    rationale="Text that touches the image above it looks like a mistake and is hard to read.",
    source=SOURCE,
)
def image_gap(email: Email) -> Iterator[Hit]:
    """Flag text that sits too close below its image."""
    yield from _hits(email, "render.image-gap", "give the text space below the image")


@rule(
    "render.column-align",
    severity="warning",
    rationale="Grid columns that wrap away from the text edge look broken, in clients "
    "that ignore <style> especially.",
    source=SOURCE,
)
def column_align(email: Email) -> Iterator[Hit]:
    """Flag grid columns that start a row away from the text edge."""
    yield from _hits(email, "render.column-align", "check the grid's gutters")


@rule(
    "render.contrast",
    severity="warning",
    rationale="Text below WCAG AA contrast (4.5:1, or 3:1 for large text) is hard to "
    "read, and dark modes change the colours the email was designed with.",
    source="https://www.w3.org/WAI/WCAG21/Understanding/contrast-minimum.html",
)
def contrast(email: Email) -> Iterator[Hit]:
    """Flag text whose contrast with its background is below WCAG AA, mode by mode."""
    yield from _hits(email, "render.contrast", "pick colours with more contrast in that mode")


@rule(
    "render.image-box",
    severity="warning",
    rationale="An image that loses its box while it loads or with images off makes the "
    "email jump and hides its alt text.",
    source="https://html.spec.whatwg.org/multipage/embedded-content-other.html#dimension-attributes",
)
def image_box(email: Email) -> Iterator[Hit]:
    """Flag images whose box collapses when they are not shown."""
    yield from _hits(email, "render.image-box", "give the image its width and height")


@rule(
    "render.button-width",
    severity="error",
    rationale="A button wider than its column pushes the email wider than the screen, "
    "in Outlook for Windows too, whose VML buttons have a fixed width.",
    source=SOURCE,
)
def button_width(email: Email) -> Iterator[Hit]:
    """Flag buttons, and Outlook's VML buttons, wider than their column."""
    yield from _hits(email, "render.button-width", "shorten the button's text")


@rule(
    "render.outlook-dark",
    severity="warning",
    rationale="Outlook.com marks only the elements whose own colour it changes; a "
    "[data-ogsc] or [data-ogsb] rule with no marked ancestor never applies, leaving "
    "Outlook's automatic colours.",
    source='hteumeuleu.com, "Dealing with Outlook.com\'s Dark Mode"',
)
def outlook_dark(email: Email) -> Iterator[Hit]:
    """Flag Outlook.com dark-mode rules that match nothing once Outlook marks the email."""
    if email.looked is None:
        return
    selectors = [seen.detail for seen in email.looked.seen if seen.rule == "render.outlook-dark"]
    if selectors:
        yield Hit(
            Where(HTML_FILE),
            f"{len(selectors)} Outlook.com dark-mode selectors match nothing once Outlook "
            f"marks the email ({', '.join(selectors[:4])}{', …' if len(selectors) > 4 else ''}): "
            "give an ancestor its own inline colour and background",
        )


@rule(
    "render.clipped",
    severity="error",
    rationale="Gmail clips HTML past about 102 KB: what follows, often the unsubscribe "
    "link, is hidden behind 'View entire message'.",
    source="https://github.com/hteumeuleu/email-bugs/issues/41",
)
def clipped(email: Email) -> Iterator[Hit]:
    """Name the first content Gmail hides after its clip point."""
    if email.looked is None:
        return
    line = clip_line(email.html)
    if line is None:
        return
    for el in email.body.iter():
        if not isinstance(el.tag, str) or (el.sourceline or 0) < line:
            continue
        text = " ".join((el.text or "").split())
        if text or el.tag == "img":
            yield Hit(
                email.locate(el),
                f"everything from here on ({text[:40] or el.tag!r}) is past Gmail's clip "
                f"point of {CLIP_BYTES // 1000} KB: cut or shorten blocks",
            )
            return


def clip_line(html: str) -> int | None:
    """Return the line of the HTML where Gmail's clip point falls, or None if it does not."""
    total = 0
    for number, line in enumerate(html.splitlines(keepends=True), start=1):
        total += len(line.encode())
        if total > CLIP_BYTES:
            return number
    return None
