"""Field types shared by the content models: URLs, colours, fonts, text and Markdown."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict

from newsletter.markdown import link_targets

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]+$")
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
    return value


def _check_colour(value: str) -> str:
    """Accept #rgb or #rrggbb and return six-digit lowercase hex (Outlook needs six)."""
    if not _HEX.match(value):
        raise ValueError("must be a hex colour such as #1a2b3c")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _check_font(value: str) -> str:
    """Accept a CSS font stack made of names, quotes, commas and hyphens."""
    if not _FONT.match(value):
        raise ValueError("must be a font stack such as: Georgia, 'Times New Roman', serif")
    return value


def check_language(value: str) -> str:
    """Accept a BCP 47 language tag such as en or en-GB."""
    if not _LANG.match(value):
        raise ValueError("must be a language tag such as en or en-GB")
    return value


def check_markdown(value: str) -> str:
    """Require every link in Markdown text to be absolute http(s) or mailto."""
    for target in link_targets(value):
        if target.startswith("mailto:"):
            continue
        try:
            check_url(target)
        except ValueError:
            raise ValueError(
                f"link {target!r} must be an absolute http(s) or mailto: URL"
            ) from None
    return value


def _check_text(value: str) -> str:
    """Refuse text that is only whitespace."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _check_line(value: str) -> str:
    """Refuse line breaks and control characters: the value goes into a mail header."""
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError("must be one line, without line breaks or control characters")
    return value


Url = Annotated[str, AfterValidator(check_url)]
Colour = Annotated[str, AfterValidator(_check_colour)]
FontStack = Annotated[str, AfterValidator(_check_font)]
Markdown = Annotated[str, AfterValidator(_check_text), AfterValidator(check_markdown)]
Text = Annotated[str, AfterValidator(_check_text)]
Line = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_line)]


class Model(BaseModel):
    """Base for all content models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)
