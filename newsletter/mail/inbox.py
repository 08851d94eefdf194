"""The line an inbox shows after the subject: the start of an email's text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Roughly how many characters of an email's text an inbox shows after the subject.
INBOX_CHARS = 140
# How much HTML the inbox line is read in at a time.
_INBOX_CHUNK = 4096
# Invisible characters used as preheader filler; clients show them as nothing.
_INVISIBLE = dict.fromkeys(map(ord, "\u034f\u200b\u200c\u200d\u00ad\ufeff"))
# Elements whose edges separate words, as in an inbox's text of the email.
_BREAKS = {
    "br",
    "div",
    "p",
    "td",
    "th",
    "tr",
    "table",
    "li",
    "ul",
    "ol",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}


class _BodyText(HTMLParser):
    """Collect the text of <body>, as an inbox reads it for the preview line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_body = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
        elif tag in ("style", "script", "title"):
            self._skip += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._in_body and not self._skip:
            self.parts.append(data)


def inbox_text(html: str, *, limit: int = INBOX_CHARS) -> str:
    """Return the start of the email's text the way an inbox line shows it after the subject.

    The hidden preheader comes first; its non-breaking-space filler is kept, so
    the body text shows only where the filler does not push it out of the line.
    """
    parser = _BodyText()
    # The line is the first ``limit`` characters: stop reading once they are known
    # (what follows can only be appended after them).
    for start in range(0, len(html), _INBOX_CHUNK):
        parser.feed(html[start : start + _INBOX_CHUNK])
        if len(_inbox_line(parser.parts)) > limit:
            break
    else:
        parser.close()
    return _inbox_line(parser.parts)[:limit]


def _inbox_line(parts: list[str]) -> str:
    text = "".join(parts).translate(_INVISIBLE)
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip(" ")
