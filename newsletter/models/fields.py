"""Field types shared by the content models: URLs, colours, fonts, text and Markdown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

from newsletter.markdown import link_targets, refused_links
from newsletter.project import IMAGE_SUFFIXES

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def is_web_url(value: str) -> bool:
    """Tell whether a URL is absolute http(s) with a host."""
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


# A skeleton prompt: text in double square brackets that says what to write, e.g.
# [[Headline of the main story]]. Drafts are full of them; `newsletter check` fails
# an issue that still has one, and a build refuses settings that do.
PROMPT = re.compile(r"\[\[[^\[\]\n]+\]\]")
# The domain of the starter settings' placeholder addresses (reserved by RFC 2606).
STARTER_DOMAIN = "your-newsletter.example"


def prompt(text: str) -> str:
    """Return a skeleton prompt asking the editor to write ``text``."""
    return f"[[{text}]]"


def is_placeholder(value: str) -> bool:
    """Tell whether a value is (or holds) a skeleton prompt or a starter placeholder."""
    return bool(PROMPT.search(value)) or STARTER_DOMAIN in value.lower()


def is_prompt_url(value: str) -> bool:
    """Tell whether a link or image address is a prompt (spaces may be %20-encoded)."""
    return bool(PROMPT.fullmatch(value.replace("%20", " ")))


def check_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host and no whitespace (or a prompt)."""
    if PROMPT.fullmatch(value):
        return value
    if not is_web_url(value):
        raise ValueError("must be an absolute http:// or https:// URL")
    if re.search(r"[\s<>\"]", value):
        raise ValueError("must not contain spaces, quotes or angle brackets; encode them")
    # Python and browsers disagree on the host of https://a.example\@b.example/.
    if "\\" in value:
        raise ValueError("must not contain a backslash; use / or encode it as %5C")
    parts = urlsplit(value)
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "must not hold a user name or password (user:password@): it would be published"
        )
    try:
        parts.port  # noqa: B018 - reading the port is what checks it
    except ValueError:
        raise ValueError("has a port that is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise ValueError("must name a host, e.g. https://www.example.org/")
    return value


_LOCAL_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._ -]*(?:/[A-Za-z0-9_][A-Za-z0-9._ -]*)*$")


def is_local_src(value: str) -> bool:
    """Tell whether an image address is a file path (not a URL nor a prompt)."""
    return not PROMPT.fullmatch(value) and ":" not in value and not value.startswith("//")


def check_image_src(value: str) -> str:
    """Accept an http(s) URL, a prompt, or a relative path to a picture file in the folder."""
    if not is_local_src(value):
        return check_url(value)
    if not _LOCAL_PATH.match(value) or ".." in value.split("/"):
        raise ValueError(
            "must be an https:// URL or a path relative to the issue file or the images/ "
            "folder, written with / and without .. (e.g. images/2026-06-12/castle.jpg)"
        )
    if not value.lower().endswith(IMAGE_SUFFIXES):
        hint = (
            " (export SVG as PNG: Gmail and Outlook show no SVG)"
            if value.lower().endswith(".svg")
            else ""
        )
        raise ValueError(f"must be a JPEG, PNG or GIF picture file{hint}")
    return value


def _check_colour(value: str) -> str:
    """Accept #rgb or #rrggbb and return six-digit lowercase hex (Outlook needs six)."""
    if not _HEX.fullmatch(value):
        raise ValueError("must be a hex colour such as #1a2b3c")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


# A font stack is family names separated by commas, each quoted ('Times New Roman')
# or written as identifiers (Times New Roman, sans-serif). The value goes into CSS
# unescaped, so nothing else is accepted: an unbalanced quote would make premailer
# drop the rest of the stylesheet, and a brace or "<" would end the rule or the <style>.
# Written as negated classes: a class spelling out the range up to U+10FFFF takes
# Python's re about 11 ms to compile, and this pattern holds four of them.
_IDENT_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x9f]"  # A-Z a-z _ and U+00A0 up
_IDENT_REST = r"[^\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x9f]"  # and 0-9 -
_IDENT = rf"-?{_IDENT_START}{_IDENT_REST}*"
_QUOTED_NAME = (
    r"[^'\"\\;{}<>()\x00-\x1f\x7f]*[^'\"\\;{}<>()\x00-\x20\x7f][^'\"\\;{}<>()\x00-\x1f\x7f]*"
)
_FAMILY = rf"(?:'{_QUOTED_NAME}'|\"{_QUOTED_NAME}\"|{_IDENT}(?: +{_IDENT})*)"
_FONT_STACK = rf"{_FAMILY}(?: *, *{_FAMILY})*"
# CSS-wide keywords, which cannot be unquoted family names.
_CSS_KEYWORDS = {"inherit", "initial", "unset", "revert", "revert-layer", "default"}
FONT_STACK_MAX = 300


@lru_cache(maxsize=1)
def _font_stack() -> re.Pattern[str]:
    # Compiled when first used (4 ms): settings a build validated before are not again.
    return re.compile(_FONT_STACK)


def check_font_stack(value: str) -> str:
    """Accept a CSS font stack: family names, quoted or not, separated by commas."""
    stack = value.strip()
    example = "e.g. Georgia, 'Times New Roman', serif"
    if len(stack) > FONT_STACK_MAX:
        raise ValueError(f"must be a font stack of at most {FONT_STACK_MAX} characters")
    for quote in "'\"":
        if stack.count(quote) % 2:
            raise ValueError(f"has a {quote} without its closing {quote}; {example}")
    if not _font_stack().fullmatch(stack):
        raise ValueError(
            "must be font family names separated by commas, each one quoted if it has "
            f"characters other than letters, digits, hyphens and spaces; {example}"
        )
    for name in (part.strip() for part in stack.split(",")):
        if name.lower() in _CSS_KEYWORDS:
            raise ValueError(f"{name!r} is a CSS keyword, not a font; quote it or remove it")
    return stack


def check_email(value: str) -> str:
    """Accept one email address, without a display name, and return it normalised."""
    # Imported here: loading it compiles regular expressions for tens of milliseconds,
    # and a build whose settings were validated before checks no address.
    import email_validator

    try:
        found = email_validator.validate_email(value.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise ValueError(f"must be an email address: {error}") from None
    return found.normalized


def check_language(value: str) -> str:
    """Accept a BCP 47 language tag such as en or en-GB."""
    if not _LANG.fullmatch(value):
        raise ValueError("must be a language tag such as en or en-GB")
    return value


def check_markdown(value: str) -> str:
    """Require every link in Markdown text to be absolute http(s) or mailto."""
    refused = [repr(_shown(target)[:60]) for target in refused_links(value)]
    if refused:
        links = f"link {refused[0]} is" if len(refused) == 1 else f"links {', '.join(refused)} are"
        raise ValueError(
            f"{links} not allowed: javascript:, data: and vbscript: links do nothing in "
            "email (or get it flagged); use an http(s) address"
        )
    for target in link_targets(value):
        if target.startswith("mailto:"):
            continue
        try:
            check_url(target)
        except ValueError as error:
            reason = str(error)
            if reason.startswith("must be an absolute"):
                reason = "must be an absolute http(s) or mailto: URL"
            raise ValueError(f"link {_shown(target)!r} {reason}") from None
    return value


def _shown(url: str) -> str:
    """Return a URL as an error may quote it: without a user name or password."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@]*@", r"\1…@", url)


def _check_text(value: str) -> str:
    """Refuse text that is only whitespace."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


# Characters no content value may hold: control characters other than tab and line
# feed (NUL, escape, carriage return, C1 controls), Unicode line and paragraph
# separators, lone surrogates and noncharacters. Email cannot carry them cleanly, and
# the merge-tag placeholders are spelled with them so that no content can forge one.
_NONCHARACTERS = "".join(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane | low) for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)]
)
REFUSED_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + re.escape(_NONCHARACTERS) + "]"
)
# Line breaks as str.splitlines and the email package count them, and tabs: a header
# value must hold none.
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "line feed",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
    0x2028: "line separator",
    0x2029: "paragraph separator",
}


def describe_character(char: str) -> str:
    """Name a character for a message, e.g. U+2028 (line separator)."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def refused_character(value: str, *, one_line: bool = False) -> str | None:
    """Return why ``value`` cannot be content (None if it can): a character it must not hold."""
    if one_line and (match := _LINE_BREAKS.search(value)):
        return (
            f"must be one line: remove the {describe_character(match[0])}; "
            "it would break the mail header"
        )
    if match := REFUSED_CHARACTER.search(value):
        char = match[0]
        if 0xD800 <= ord(char) <= 0xDFFF or char in _NONCHARACTERS:
            return f"has {describe_character(char)}, which is not a character; remove it"
        if char in "\u2028\u2029\x85":
            return (
                f"has a {describe_character(char)}, which email clients do not show; "
                "use an ordinary line break"
            )
        return (
            f"has the control character {describe_character(char)}, "
            "which email cannot carry; remove it"
        )
    return None


def check_characters(value: str) -> str:
    """Refuse control characters, line separators and noncharacters (tab and LF are fine)."""
    if reason := refused_character(value):
        raise ValueError(reason)
    return value


def check_one_line(value: str) -> str:
    """Refuse every kind of line break, tabs and control characters: the value goes into a
    mail header (or the terminal), where a line break would start a new header."""
    if reason := refused_character(value, one_line=True):
        raise ValueError(reason)
    return value


def _check_strings(value: Any) -> None:
    """Check every string in a field's value: lists, sets and mappings (keys too) included."""
    if isinstance(value, str):
        check_characters(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _check_strings(item)


Url = Annotated[str, AfterValidator(check_url)]
Colour = Annotated[str, AfterValidator(_check_colour)]
Email = Annotated[str, AfterValidator(check_email)]
FontStack = Annotated[str, AfterValidator(check_font_stack)]
Markdown = Annotated[str, AfterValidator(_check_text), AfterValidator(check_markdown)]
Text = Annotated[str, AfterValidator(_check_text)]
Line = Annotated[str, AfterValidator(_check_text), AfterValidator(check_one_line)]


def _check_name(value: str) -> str:
    """Refuse names that are only whitespace or span lines."""
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be empty")
    return value


# A short name such as a tag or a section heading: one line, spaces collapsed.
Name = Annotated[str, AfterValidator(_check_name)]


class Model(BaseModel):
    """Base for all content models: unknown keys are errors, values are frozen.

    Every text value of every field is checked for characters email cannot carry.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_control_characters(cls, value: Any) -> Any:
        _check_strings(value)
        return value
