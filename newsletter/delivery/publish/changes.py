"""What a service changed in a draft it was sent: a few lines, not a diff of the HTML."""

from __future__ import annotations

from lxml import html as lxml_html


def summary(sent: str, got: str | None) -> list[str]:
    """Return short lines describing how the service's copy differs from what was sent."""
    if got is None:
        return ["the service returned no HTML to compare"]
    if got.strip() == sent.strip():
        return ["unchanged"]
    before, after = _read(sent), _read(got)
    lines = []
    rewritten = sum(1 for a, b in zip(before.links, after.links, strict=False) if a != b)
    if rewritten:
        lines.append(f"{rewritten} of {len(before.links)} links rewritten (click tracking?)")
    if len(after.links) != len(before.links):
        lines.append(f"links: {len(before.links)} sent, {len(after.links)} now")
    if after.styles < before.styles:
        lines.append(f"<style> blocks: {before.styles} sent, {after.styles} kept")
    if after.text.startswith(before.text) and len(after.text) > len(before.text):
        lines.append(f"text added at the end: {_clip(after.text[len(before.text) :])!r}")
    elif after.text != before.text:
        lines.append("visible text changed")
    lines.append(f"HTML {len(sent)} characters sent, {len(got)} now")
    return lines


class _Read:
    def __init__(self, links: list[str], styles: int, text: str) -> None:
        self.links, self.styles, self.text = links, styles, text


def _read(markup: str) -> _Read:
    tree = lxml_html.document_fromstring(markup or "<html></html>")
    links = [el.get("href") or "" for el in tree.iter("a")]
    styles = sum(1 for _ in tree.iter("style"))
    for el in tree.iter("style", "script"):
        el.text = ""
    text = " ".join(tree.text_content().split())
    return _Read(links, styles, text)


def _clip(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
