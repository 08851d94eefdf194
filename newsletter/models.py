"""Settings and issue models: the content format, validated.

The field descriptions double as the content reference in README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    model_validator,
)

from newsletter.markdown import link_targets
from newsletter.mergetags import PROFILES

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]+$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def is_web_url(value: str) -> bool:
    """Tell whether a URL is absolute http(s) with a host."""
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _check_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host and no whitespace."""
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


def _check_language(value: str) -> str:
    """Accept a BCP 47 language tag such as en or en-GB."""
    if not _LANG.match(value):
        raise ValueError("must be a language tag such as en or en-GB")
    return value


def _check_markdown(value: str) -> str:
    """Require every link in Markdown text to be absolute http(s) or mailto."""
    for target in link_targets(value):
        if target.startswith("mailto:"):
            continue
        try:
            _check_url(target)
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


Url = Annotated[str, AfterValidator(_check_url)]
Colour = Annotated[str, AfterValidator(_check_colour)]
FontStack = Annotated[str, AfterValidator(_check_font)]
Markdown = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_markdown)]
Text = Annotated[str, AfterValidator(_check_text)]
Line = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_line)]


class Model(BaseModel):
    """Base for all content models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# -- shared parts -----------------------------------------------------------


class Image(Model):
    """An image shown in the email."""

    src: Url = Field(description="Absolute URL of the image file (use https).")
    alt: str = Field(
        description="Text read aloud and shown when images are off. "
        "Empty only together with `decorative: true`."
    )
    width: int = Field(
        ge=16, le=1200, description="Display width in pixels (the email caps it to the column)."
    )
    height: int | None = Field(
        default=None, ge=1, le=4000, description="Display height in pixels, optional."
    )
    decorative: bool = Field(
        default=False, description="Mark a purely decorative image; its alt must then be empty."
    )

    @model_validator(mode="after")
    def _alt_matches_decorative(self) -> Image:
        if self.decorative and self.alt.strip():
            raise ValueError("a decorative image takes an empty alt: set alt: \"\"")
        if not self.decorative and not self.alt.strip():
            raise ValueError(
                "alt text is required; describe the image, or set decorative: true"
            )
        return self


class Link(Model):
    """A call to action: button text and where it goes."""

    text: Text = Field(description="Button text; say where it leads, not 'click here'.")
    url: Url = Field(description="Absolute http(s) URL the button opens.")


# -- blocks -----------------------------------------------------------------


class LeadBlock(Model):
    """The main story, with a large image."""

    type: Literal["lead"]
    title: Text = Field(description="Headline, linked to the story.")
    url: Url = Field(description="Absolute URL of the full story.")
    summary: Markdown = Field(description="Standfirst or first paragraphs (Markdown).")
    image: Image = Field(description="Lead image, full width.")
    label: str | None = Field(
        default=None, description="Kicker above the headline, e.g. 'Council'."
    )
    byline: str | None = Field(default=None, description="Author line, e.g. 'By Sam Patel'.")
    button: str = Field(
        default="Read the full story", description="Text of the button under the summary."
    )


class StoryBlock(Model):
    """A shorter story with a link to the full version."""

    type: Literal["story"]
    title: Text = Field(description="Headline, linked to the story.")
    url: Url = Field(description="Absolute URL of the full story.")
    summary: Markdown = Field(description="One or two paragraphs (Markdown).")
    image: Image | None = Field(default=None, description="Optional thumbnail.")
    label: str | None = Field(default=None, description="Category, e.g. 'Sport'.")
    byline: str | None = Field(default=None, description="Author line.")


class GridStory(Model):
    """One cell of a grid."""

    title: Text = Field(description="Headline, linked to the story.")
    url: Url = Field(description="Absolute URL of the story.")
    summary: Markdown | None = Field(default=None, description="Short summary (Markdown).")
    image: Image | None = Field(default=None, description="Optional image above the headline.")
    label: str | None = Field(default=None, description="Category.")


class GridBlock(Model):
    """Two or three stories side by side on desktop, stacked on phones."""

    type: Literal["grid"]
    title: str | None = Field(default=None, description="Optional section heading above the grid.")
    stories: list[GridStory] = Field(
        min_length=2, max_length=3, description="Two or three stories."
    )


class TextBlock(Model):
    """Free text: paragraphs, links, emphasis, lists and quotes in Markdown."""

    type: Literal["text"]
    title: str | None = Field(default=None, description="Optional heading.")
    body: Markdown = Field(description="Markdown body.")


class QuoteBlock(Model):
    """A pull quote."""

    type: Literal["quote"]
    text: Text = Field(description="The quoted words, without quotation marks.")
    attribution: Text = Field(description="Who said it, e.g. 'Ana Ruiz, head teacher'.")
    url: Url | None = Field(default=None, description="Optional link to the source.")


class ImageBlock(Image):
    """A standalone image with optional link and caption."""

    type: Literal["image"]
    link: Url | None = Field(default=None, description="Optional URL the image opens.")
    caption: str | None = Field(default=None, description="Optional caption under the image.")


class ButtonBlock(Link):
    """A standalone button."""

    type: Literal["button"]


class HeadingBlock(Model):
    """A section heading that groups the blocks after it."""

    type: Literal["heading"]
    text: Text = Field(description="Heading text.")


class DividerBlock(Model):
    """A horizontal rule between sections."""

    type: Literal["divider"]


class PromoBlock(Model):
    """A clearly labelled promotion or sponsor slot."""

    type: Literal["promo"]
    label: Text = Field(description="Shown above the promotion, e.g. 'Sponsored' or 'Jobs'.")
    title: Text = Field(description="Headline of the promotion.")
    body: Markdown = Field(description="Markdown body.")
    button: Link = Field(description="Call to action: text and url.")
    image: Image | None = Field(default=None, description="Optional image.")


class Event(Model):
    """One listing in an events block."""

    date: dt.date = Field(description="Date, YYYY-MM-DD.")
    time: str | None = Field(default=None, description="Optional time, e.g. '19:30'.")
    title: Text = Field(description="Name of the event.")
    place: Text = Field(description="Where it happens.")
    url: Url | None = Field(default=None, description="Optional link for details or tickets.")


class EventsBlock(Model):
    """What's on: a list of dated events."""

    type: Literal["events"]
    title: str = Field(default="What's on", description="Heading of the list.")
    items: list[Event] = Field(min_length=1, description="The events, in the order to show them.")


class Job(Model):
    """One listing in a jobs block."""

    title: Text = Field(description="Job title.")
    employer: Text = Field(description="Who is hiring.")
    location: Text = Field(description="Where, e.g. 'Millbrook' or 'Remote'.")
    url: Url = Field(description="Link to the advert.")


class JobsBlock(Model):
    """Job listings."""

    type: Literal["jobs"]
    title: str = Field(default="Jobs", description="Heading of the list.")
    items: list[Job] = Field(min_length=1, description="The jobs.")
    more: Link | None = Field(default=None, description="Optional link to all jobs.")


Block = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads best spelled out
        LeadBlock,
        StoryBlock,
        GridBlock,
        TextBlock,
        QuoteBlock,
        ImageBlock,
        ButtonBlock,
        HeadingBlock,
        DividerBlock,
        PromoBlock,
        EventsBlock,
        JobsBlock,
    ],
    Field(discriminator="type"),
]

BLOCK_TYPES = (
    "lead", "story", "grid", "text", "quote", "image",
    "button", "heading", "divider", "promo", "events", "jobs",
)


class Issue(Model):
    """One issue of the newsletter: front matter of content/issues/<slug>.md."""

    subject: Line = Field(description="Subject line shown in the inbox.")
    preheader: Line = Field(description="Preview text shown after the subject in the inbox.")
    date: dt.date = Field(description="Issue date, YYYY-MM-DD.")
    number: int | None = Field(default=None, ge=1, description="Optional issue number.")
    blocks: list[Block] = Field(min_length=1, description="The content blocks, in order.")
    intro: Annotated[str, AfterValidator(_check_markdown)] = Field(
        default="", description="The Markdown after the front matter: the editor's introduction."
    )


# -- settings ---------------------------------------------------------------


class Palette(Model):
    """Colours for one colour scheme."""

    background: Colour = Field(description="Behind the email.")
    surface: Colour = Field(description="Behind the content column.")
    text: Colour = Field(description="Body text.")
    muted: Colour = Field(description="Secondary text: dates, bylines, captions, footer.")
    brand: Colour = Field(description="Masthead and headings.")
    accent: Colour = Field(description="Buttons and labels.")
    accent_text: Colour = Field(description="Text on buttons.")
    link: Colour = Field(description="Links in text.")
    border: Colour = Field(description="Dividers and outlines.")


DEFAULT_LIGHT = Palette(
    background="#f2f0eb", surface="#ffffff", text="#1f2328", muted="#5c6370",
    brand="#13315c", accent="#b3261e", accent_text="#ffffff", link="#0b5cad", border="#dcd8cf",
)
DEFAULT_DARK = Palette(
    background="#111418", surface="#1b1f24", text="#e8e6e3", muted="#a7adb5",
    brand="#9cc3ff", accent="#ff8a80", accent_text="#1b1f24", link="#8ab8ff", border="#3a4048",
)


class Fonts(Model):
    """Font stacks; email clients use the first font installed on the reader's device."""

    body: FontStack = Field(
        default="Helvetica, Arial, sans-serif", description="Body text font stack."
    )
    heading: FontStack = Field(
        default="Georgia, 'Times New Roman', Times, serif", description="Headline font stack."
    )


class Theme(Model):
    """Look of the email."""

    width: int = Field(default=600, ge=320, le=800, description="Content width in pixels.")
    fonts: Fonts = Field(default_factory=Fonts, description="Font stacks.")
    light: Palette = Field(default=DEFAULT_LIGHT, description="Light-mode colours.")
    dark: Palette = Field(default=DEFAULT_DARK, description="Dark-mode colours.")


class Sender(Model):
    """Who the email is from."""

    name: Line = Field(description="Display name, e.g. 'The Millbrook Weekly'.")
    email: EmailStr = Field(description="Sending address.")


class Social(Model):
    """A link to the publication elsewhere."""

    name: Text = Field(description="Link text, e.g. 'Instagram'.")
    url: Url = Field(description="Absolute URL.")


_LIST_ID = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$")


def _check_one_click_url(value: str) -> str:
    """Accept only an ASCII https URL: one-click unsubscribe (RFC 8058) requires https."""
    if not value.startswith("https://") or not value.isascii():
        raise ValueError("must be an https:// URL written in ASCII (encode other characters)")
    return value


def _check_list_id(value: str) -> str:
    """Accept an RFC 2919 list id such as weekly.millbrookweekly.example."""
    if not _LIST_ID.match(value) or len(value) > 255:
        raise ValueError("must be a dotted name such as weekly.millbrookweekly.example")
    return value


class Smtp(Model):
    """The SMTP server for test sends; the password comes from NEWSLETTER_SMTP_PASSWORD."""

    host: Text = Field(description="Server name, e.g. smtp.example.org.")
    port: int | None = Field(
        default=None, ge=1, le=65535,
        description="Port; default 587 for starttls, 465 for ssl, 25 for none.",
    )
    security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="starttls (upgrade a plain connection), ssl (TLS from the start) or none.",
    )
    user: str | None = Field(default=None, description="Login name, if the server needs one.")
    test_subject_prefix: str = Field(
        default="[TEST] ", description="Put before the subject of every test send."
    )
    timeout: float = Field(
        default=30, gt=0, le=300, description="Seconds to wait for each server reply."
    )


Service = Literal[tuple(PROFILES)]  # type: ignore[valid-type]


def _check_rule_ids(value: list[str]) -> list[str]:
    """Accept only ids of known check rules."""
    from newsletter.checks import RULE_IDS  # imported here: the checks import this module

    unknown = [rule for rule in value if rule not in RULE_IDS]
    if unknown:
        raise ValueError(
            f"unknown check rule {unknown[0]!r}; see README: checks for the rule ids"
        )
    return value


class ChecksSettings(Model):
    """Pre-send checks of `newsletter check` and `newsletter build`."""

    disable: Annotated[list[str], AfterValidator(_check_rule_ids)] = Field(
        default_factory=list, description="Ids of rules to switch off, e.g. [link.text]."
    )
    image_sizes: dict[str, int] = Field(
        default_factory=dict,
        description="Known file sizes in bytes of images by URL, for the 1 MB image check.",
    )

    @model_validator(mode="after")
    def _check_image_sizes(self) -> ChecksSettings:
        for url, size in self.image_sizes.items():
            try:
                _check_url(url)
            except ValueError as error:
                raise ValueError(f"image_sizes: {url!r} {error}") from None
            if size < 0:
                raise ValueError(f"image_sizes: {url!r} must be a size in bytes, 0 or more")
        return self


class Settings(Model):
    """The whole publication: content/newsletter.yaml."""

    name: Line = Field(description="Publication name, shown in the masthead.")
    tagline: str | None = Field(default=None, description="Short line under the name.")
    website: Url = Field(description="Home page of the publication.")
    language: Annotated[str, AfterValidator(_check_language)] = Field(
        default="en", description="Language tag, e.g. en-GB."
    )
    direction: Literal["ltr", "rtl"] = Field(default="ltr", description="Text direction.")
    logo: Image | None = Field(default=None, description="Optional logo above the name.")
    sender: Sender = Field(description="From name and address.")
    reply_to: EmailStr | None = Field(default=None, description="Optional Reply-To address.")
    postal_address: Text = Field(
        description="Postal address of the sender, required in every mailing (CAN-SPAM, PECR)."
    )
    mailing_service: Service = Field(
        default="none",
        description="Service whose merge tags fill the unsubscribe, view-online and "
        "first-name slots; 'none' uses unsubscribe_url and view_online_url as they are.",
    )
    unsubscribe_url: Url | None = Field(
        default=None,
        description="Unsubscribe URL; required when the service has no unsubscribe tag.",
    )
    view_online_url: Url | None = Field(
        default=None,
        description="'View in browser' URL, used when the service has no tag for it.",
    )
    list_unsubscribe_url: Annotated[Url, AfterValidator(_check_one_click_url)] | None = Field(
        default=None,
        description="One-click unsubscribe endpoint (RFC 8058) for the List-Unsubscribe "
        "header: https, accepting a POST. Set it only if you run that endpoint.",
    )
    list_unsubscribe_mailto: EmailStr | None = Field(
        default=None,
        description="Address that unsubscribes whoever writes to it, added to List-Unsubscribe.",
    )
    list_id: Annotated[str, AfterValidator(_check_list_id)] | None = Field(
        default=None,
        description="List-Id header (RFC 2919), e.g. weekly.millbrookweekly.example.",
    )
    smtp: Smtp | None = Field(default=None, description="SMTP server for `newsletter send`.")
    greeting: str | None = Field(
        default=None,
        description="Optional greeting before the intro; {first_name} becomes the "
        "service's first-name tag, e.g. 'Hello {first_name},'.",
    )
    footer_note: str | None = Field(
        default=None, description="Optional line in the footer, e.g. why the reader gets this."
    )
    social: list[Social] = Field(default_factory=list, description="Links in the footer.")
    theme: Theme = Field(default_factory=Theme, description="Colours, fonts and width.")
    checks: ChecksSettings = Field(
        default_factory=ChecksSettings, description="Pre-send checks: rules to switch off."
    )

    @model_validator(mode="after")
    def _check_service_links(self) -> Settings:
        profile = PROFILES[self.mailing_service]
        if profile.unsubscribe is None and self.unsubscribe_url is None:
            raise ValueError(
                f"mailing_service {self.mailing_service!r} has no unsubscribe tag: "
                "set unsubscribe_url"
            )
        if self.greeting and "{first_name}" in self.greeting and profile.first_name is None:
            raise ValueError(
                f"mailing_service {self.mailing_service!r} has no first-name tag: "
                "remove {first_name} from greeting"
            )
        return self


def check_slug(slug: str) -> str:
    """Return the slug if it is lowercase letters, digits and hyphens, else raise."""
    if not _SLUG.match(slug):
        raise ValueError(
            f"issue name {slug!r} must use lowercase letters, digits and hyphens, e.g. 2026-06-05"
        )
    return slug
