"""Settings models: the whole publication, content/newsletter.yaml."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from newsletter.models.blocks import Image
from newsletter.models.feeds import FeedSource
from newsletter.models.fields import (
    Colour,
    Email,
    FontStack,
    Line,
    Model,
    Text,
    Url,
    check_language,
    check_one_line,
    check_url,
)
from newsletter.services import PROFILES

# -- settings ---------------------------------------------------------------

# Horizontal padding of the content column, in px, on each side.
CONTENT_PADDING = 24


class Logo(Image):
    """The publication's logo, shown above its name."""

    dark_src: Url | None = Field(
        default=None,
        description="Optional absolute URL of a version for dark backgrounds, shown in "
        "dark mode where the email client supports it.",
    )


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
    background="#f2f0eb",
    surface="#ffffff",
    text="#1f2328",
    muted="#5c6370",
    brand="#13315c",
    accent="#b3261e",
    accent_text="#ffffff",
    link="#0b5cad",
    border="#dcd8cf",
)
DEFAULT_DARK = Palette(
    background="#111418",
    surface="#1b1f24",
    text="#e8e6e3",
    muted="#a7adb5",
    brand="#9cc3ff",
    accent="#ff8a80",
    accent_text="#1b1f24",
    link="#8ab8ff",
    border="#3a4048",
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

    @property
    def column_width(self) -> int:
        """Return the width of the content column: the email's width less its side padding."""
        return self.width - 2 * CONTENT_PADDING


class Sender(Model):
    """Who the email is from."""

    name: Line = Field(description="Display name, e.g. 'The Millbrook Weekly'.")
    email: Email = Field(description="Sending address.")


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


_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


def check_host(value: str) -> str:
    """Accept a server name (smtp.example.org, an IDN too) or an IP address, nothing more."""
    host = value.strip()
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host.strip("[]")
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        ascii_host = ""
    labels = ascii_host.removesuffix(".").split(".")
    if not ascii_host or len(ascii_host) > 253 or not all(map(_HOST_LABEL.match, labels)):
        raise ValueError("must be a server name such as smtp.example.org, or an IP address")
    return host


OneLine = Annotated[str, AfterValidator(check_one_line)]


class Smtp(Model):
    """The SMTP server for test sends; the password comes from NEWSLETTER_SMTP_PASSWORD."""

    host: Annotated[str, AfterValidator(check_host)] = Field(
        description="Server name, e.g. smtp.example.org."
    )
    port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Port; default 587 for starttls, 465 for ssl, 25 for none.",
    )
    security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="starttls (upgrade a plain connection), ssl (TLS from the start) or none.",
    )
    user: OneLine | None = Field(default=None, description="Login name, if the server needs one.")
    test_subject_prefix: OneLine = Field(
        default="[TEST] ", description="Put before the subject of every test send."
    )
    timeout: float = Field(
        default=30, gt=0, le=300, description="Seconds to wait for each server reply."
    )


Service = Literal[tuple(PROFILES)]  # type: ignore[valid-type]


def _check_timezone(value: str) -> str:
    """Accept an IANA time zone name such as Europe/London."""
    try:
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise ValueError("must be a time zone name such as Europe/London or UTC") from None
    return value


_RULE_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")


def _check_rule_ids(value: list[str]) -> list[str]:
    """Accept rule ids shaped like link.text; the checks confirm that each one exists."""
    for rule in value:
        if not _RULE_ID.match(rule):
            raise ValueError(f"unknown check rule {rule!r}; see README: checks for the rule ids")
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
                check_url(url)
            except ValueError as error:
                raise ValueError(f"image_sizes: {url!r} {error}") from None
            if size < 0:
                raise ValueError(f"image_sizes: {url!r} must be a size in bytes, 0 or more")
        return self


def _check_base_url(value: str) -> str:
    """Accept an https address without query or fragment, ending in / (added if missing)."""
    parts = urlsplit(value)
    if parts.scheme != "https" or not value.isascii():
        raise ValueError("must be an https:// URL written in ASCII (encode other characters)")
    if parts.query or parts.fragment:
        raise ValueError("must be a folder address, without ?query or #fragment")
    return value if value.endswith("/") else value + "/"


class Archive(Model):
    """The web archive: every ready issue as a web page, an index and feeds, in out/archive/."""

    base_url: Annotated[Url, AfterValidator(_check_base_url)] = Field(
        description="https address where out/archive/ will be hosted, e.g. "
        "https://www.example.com/newsletter/ (a missing final / is added).",
    )
    signup_url: Url | None = Field(
        default=None,
        description="Sign-up page, linked from every archive page in place of the email's "
        "unsubscribe link; without it the pages have no such link.",
    )
    title: Line | None = Field(
        default=None,
        description="Name of the archive in page titles and the feeds; default: the name.",
    )
    description: Line | None = Field(
        default=None,
        description="One line about the newsletter for the index and the feeds; "
        "default: the tagline.",
    )
    view_online: bool = Field(
        default=True,
        description="Point the email's 'View online' link at the issue's archive page; "
        "false keeps the service's tag or view_online_url.",
    )

    def issue_url(self, slug: str) -> str:
        """Return the absolute address of an issue's page."""
        return f"{self.base_url}{slug}/"


class Settings(Model):
    """The whole publication: content/newsletter.yaml."""

    name: Line = Field(description="Publication name, shown in the masthead.")
    tagline: str | None = Field(default=None, description="Short line under the name.")
    website: Url = Field(description="Home page of the publication.")
    language: Annotated[str, AfterValidator(check_language)] = Field(
        default="en", description="Language tag, e.g. en-GB."
    )
    direction: Literal["ltr", "rtl"] = Field(default="ltr", description="Text direction.")
    logo: Logo | None = Field(
        default=None,
        description="Optional logo above the name. The name follows as text, so the logo "
        "is shown as decorative (empty alt) there.",
    )
    sender: Sender = Field(description="From name and address.")
    reply_to: Email | None = Field(default=None, description="Optional Reply-To address.")
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
    preferences_url: Url | None = Field(
        default=None,
        description="'Manage preferences' page for mailing_service 'none'; a service's "
        "own preferences tag is used instead, and services without one show no link.",
    )
    list_unsubscribe_url: Annotated[Url, AfterValidator(_check_one_click_url)] | None = Field(
        default=None,
        description="One-click unsubscribe endpoint (RFC 8058) for the List-Unsubscribe "
        "header: https, accepting a POST. Set it only if you run that endpoint.",
    )
    list_unsubscribe_mailto: Email | None = Field(
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
    greeting_fallback: Text | None = Field(
        default=None,
        validate_default=True,
        description="Greeting for subscribers without a first name, e.g. 'Hello,'; required "
        "when greeting has {first_name}, and used alone by services without a first-name tag.",
    )
    footer_note: str | None = Field(
        default=None, description="Optional line in the footer, e.g. why the reader gets this."
    )
    social: list[Social] = Field(default_factory=list, description="Links in the footer.")
    theme: Theme = Field(default_factory=Theme, description="Colours, fonts and width.")
    checks: ChecksSettings = Field(
        default_factory=ChecksSettings, description="Pre-send checks: rules to switch off."
    )
    timezone: Annotated[str, AfterValidator(_check_timezone)] = Field(
        default="UTC",
        description="Time zone of the newsletter, e.g. Europe/London: event times from "
        "calendars are shown in it.",
    )
    feeds: list[FeedSource] = Field(
        default_factory=list,
        description="The site's own feeds and calendars that `newsletter new SLUG "
        "--from-feeds` drafts an issue from.",
    )
    archive: Archive | None = Field(
        default=None,
        description="Web archive of the ready issues, written to out/archive/ by the build.",
    )

    @model_validator(mode="after")
    def _check_service_links(self) -> Settings:
        profile = PROFILES[self.mailing_service]
        if profile.unsubscribe is None and self.unsubscribe_url is None:
            raise ValueError(
                f"mailing_service {self.mailing_service!r} has no unsubscribe tag: "
                "set unsubscribe_url"
            )
        return self

    @field_validator("greeting_fallback")
    @classmethod
    def _check_greeting_fallback(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and "{first_name}" in value:
            raise ValueError("is for subscribers without a first name: remove {first_name}")
        if value is None and "{first_name}" in (info.data.get("greeting") or ""):
            raise ValueError(
                "is required when greeting has {first_name}: the greeting for subscribers "
                "without a first name, e.g. 'Good morning,'"
            )
        return value
