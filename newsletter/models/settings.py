"""Settings models: the whole publication, content/newsletter.yaml."""

from __future__ import annotations

import ipaddress
import re
import typing
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

from newsletter.models.blocks import Image, ImageSrc, PromoBlock
from newsletter.models.feeds import FeedSource
from newsletter.models.fields import (
    Colour,
    Email,
    FontStack,
    Line,
    Model,
    Name,
    Text,
    Url,
    check_language,
    check_one_line,
    check_url,
)
from newsletter.models.routing import EditionId
from newsletter.services import PROFILES, PUBLISHERS

# -- settings ---------------------------------------------------------------

# Horizontal padding of the content column, in px, on each side.
CONTENT_PADDING = 24


class Logo(Image):
    """The publication's logo, shown above its name."""

    dark_src: ImageSrc | None = Field(
        default=None,
        description="Optional version for dark backgrounds (a file or an https URL, as "
        "src), shown in dark mode where the email client supports it.",
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
    if not _LIST_ID.fullmatch(value) or len(value) > 255:
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
    if not ascii_host or len(ascii_host) > 253 or not all(map(_HOST_LABEL.fullmatch, labels)):
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


if typing.TYPE_CHECKING:
    Service = str
else:
    Service = Literal[tuple(PROFILES)]


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
        if not _RULE_ID.fullmatch(rule):
            raise ValueError(
                f"unknown check rule {rule!r}; 'newsletter help checks' lists the rule ids"
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


class Audience(Model):
    """Who a draft campaign at one mailing service goes to (`newsletter publish`)."""

    list: OneLine | None = Field(
        default=None,
        description="The list the draft is addressed to: listmonk list id, Mailchimp "
        "audience id, Brevo list id, Kit segment id, SendGrid list id or Resend segment "
        "id. Buttondown sends to all subscribers and needs none.",
    )
    segment: OneLine | None = Field(
        default=None,
        description="Optional saved segment within the list (Mailchimp, Brevo).",
    )
    sender_id: OneLine | None = Field(
        default=None, description="SendGrid only: the id of a verified sender."
    )
    unsubscribe_group: OneLine | None = Field(
        default=None,
        description="SendGrid only: the unsubscribe group id that fills the unsubscribe link.",
    )


# The ids each service's API takes as numbers, by Audience field.
_NUMERIC_IDS: dict[str, tuple[str, ...]] = {
    "brevo": ("list", "segment"),
    "kit": ("list",),
    "listmonk": ("list",),
    "mailchimp": ("segment",),
    "sendgrid": ("sender_id", "unsubscribe_group"),
}
_DIGITS = re.compile(r"[0-9]+")
# Services' integer ids are 64-bit at most: 18 digits always fit.
_ID_DIGITS = 18


def _check_publishers(value: dict[str, Audience]) -> dict[str, Audience]:
    """Accept only services that keep draft campaigns, with ids of the kind each takes."""
    for name, audience in value.items():
        if name not in PUBLISHERS:
            raise ValueError(
                f"{name!r} is not a service with draft campaigns; use one of "
                + ", ".join(sorted(PUBLISHERS))
            )
        for field in _NUMERIC_IDS.get(name, ()):
            given = getattr(audience, field)
            if given is None:
                continue
            if not _DIGITS.fullmatch(given):
                problem = f"{given!r} is not a number"
            elif len(given) > _ID_DIGITS:
                problem = f"an id of {len(given)} digits is too long"
            else:
                continue
            raise ValueError(
                f"{name}.{field}: {problem}; {name} {field} ids are numbers of up to "
                # Quoted: YAML reads 7 as a number, and the field takes text.
                f'{_ID_DIGITS} digits, e.g. {field}: "7"'
            )
    return value


_UTM_VALUE_MAX = 100


def _check_utm_value(value: str) -> str:
    """Accept a short one-line value; it is percent-encoded where it goes into a URL."""
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if len(value) > _UTM_VALUE_MAX:
        raise ValueError(f"must be at most {_UTM_VALUE_MAX} characters")
    return value


UtmValue = Annotated[str, AfterValidator(check_one_line), AfterValidator(_check_utm_value)]


def _check_domains(value: list[str]) -> list[str]:
    """Accept server names such as example.com, written in lower case without a final dot."""
    domains = []
    for domain in value:
        try:
            check_host(domain)
        except ValueError:
            raise ValueError(
                f"{domain!r} must be a domain such as example.com (no scheme, no path)"
            ) from None
        domains.append(domain.strip().lower().removesuffix("."))
    return domains


class Tracking(Model):
    """Campaign parameters (UTM) added at build time to the links to your own site."""

    utm_source: UtmValue = Field(
        default="newsletter",
        description="utm_source of every tracked link: who sends the visit, e.g. "
        "'millbrook-weekly'.",
    )
    utm_medium: UtmValue = Field(
        default="email", description="utm_medium of every tracked link: how, e.g. 'email'."
    )
    utm_campaign: UtmValue = Field(
        default="{slug}",
        description="utm_campaign of every tracked link; {slug} becomes the issue's name, "
        "e.g. 'weekly-{slug}'. Default: the issue's name.",
    )
    utm_content: bool = Field(
        default=True,
        description="Add utm_content naming where the link is: the story's headline as a "
        "slug (lead, story, grid), sponsor-1 for the first promo block, intro, website, "
        "social, or the block type and number (button-1, jobs-1).",
    )
    domains: Annotated[list[str], AfterValidator(_check_domains)] = Field(
        default_factory=list,
        description="Domains whose links get the parameters, each with its subdomains, e.g. "
        "[example.com, shop.example.org]. Default: those of website and archive.base_url "
        "(without www.). Links elsewhere are never changed.",
    )


_KEY_PREFIX = re.compile(r"^(?:[A-Za-z0-9._-]+/)*$")


def _check_key_prefix(value: str) -> str:
    """Accept a folder of a bucket such as newsletter/images/ (a missing final / is added)."""
    value = value.strip("/")
    value = f"{value}/" if value else ""
    if not _KEY_PREFIX.match(value) or ".." in value.split("/"):
        raise ValueError(
            "must be a folder name such as newsletter/images/ (letters, digits, . _ -)"
        )
    return value


_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def _check_bucket(value: str) -> str:
    """Accept an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens."""
    if not _BUCKET.match(value):
        raise ValueError("must be a bucket name: 3 to 63 lowercase letters, digits, . and -")
    return value


_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def _check_public_url(value: str) -> str:
    """Accept a folder address as base_url does, or plain http on this machine (testing)."""
    parts = urlsplit(value)
    if parts.scheme == "http" and parts.hostname in (*_LOOPBACK, "::1"):
        value = value.replace("http://", "https://", 1)
        return "http://" + _check_base_url(value).removeprefix("https://")
    return _check_base_url(value)


class Bucket(Model):
    """An S3-compatible bucket for the images (AWS S3, Cloudflare R2, MinIO, Backblaze B2).

    The keys come from the environment or the standard AWS config files
    (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE), never from here.
    """

    bucket: Annotated[str, AfterValidator(_check_bucket)] = Field(
        description="Name of the bucket, e.g. millbrook-newsletter."
    )
    public_url: Annotated[Url, AfterValidator(_check_public_url)] = Field(
        description="https address where the bucket's files are served, e.g. "
        "https://images.example.com/ (a CDN or the bucket's public address); plain http "
        "only for a server on this machine (127.0.0.1 or localhost)."
    )
    endpoint_url: Url | None = Field(
        default=None,
        description="API address of a service other than AWS, e.g. "
        "https://<account>.r2.cloudflarestorage.com; default: AWS S3.",
    )
    region: OneLine | None = Field(
        default=None, description="Region, e.g. eu-west-2 (auto for R2); default: AWS config."
    )
    prefix: Annotated[str, AfterValidator(_check_key_prefix)] = Field(
        default="",
        description="Folder of the bucket the images go in, e.g. newsletter/images/.",
    )
    cache_control: OneLine = Field(
        default="public, max-age=31536000, immutable",
        description="Cache-Control of every uploaded image; a name never changes content.",
    )


class Images(Model):
    """Pictures given as files: how the build resizes them and where they are hosted."""

    host: Literal["archive", "s3"] = Field(
        default="archive",
        description="Where `newsletter images push` puts them: 'archive' (out/archive/images/, "
        "published with the web archive under archive.base_url) or 's3' (the bucket of s3).",
    )
    s3: Bucket | None = Field(default=None, description="The bucket, for host: s3.")
    quality: int = Field(default=80, ge=30, le=95, description="JPEG quality of photos, 30 to 95.")
    image_budget: int = Field(
        default=200_000,
        ge=1_000,
        description="Most bytes one image file should weigh; `newsletter check` warns above.",
    )
    issue_budget: int = Field(
        default=1_000_000,
        ge=1_000,
        description="Most bytes the images of one issue should weigh together; "
        "`newsletter check` warns above.",
    )
    mirror: bool = Field(
        default=False,
        description="Also resize and host images given by http or https URL (e.g. from "
        "feed drafts), as if they were files; the build downloads each one once.",
    )

    @model_validator(mode="after")
    def _bucket_for_s3(self) -> Images:
        if self.host == "s3" and self.s3 is None:
            raise ValueError("host: s3 needs the bucket: set s3 with bucket and public_url")
        return self


EDITIONS_MAX = 50


class EditionTracking(Model):
    """An edition's own campaign parameters, each replacing the one of `tracking:`."""

    utm_source: UtmValue | None = Field(default=None, description="utm_source of the edition.")
    utm_medium: UtmValue | None = Field(default=None, description="utm_medium of the edition.")
    utm_campaign: UtmValue | None = Field(
        default=None, description="utm_campaign of the edition; {slug} becomes the issue's name."
    )


class Edition(Model):
    """One audience's version of every issue, built to out/<slug>/<id>/ (docs/editions.md)."""

    id: EditionId = Field(
        description="Short name of the edition, used for its folder and in block `editions:` "
        "lists: lowercase letters, digits and hyphens, e.g. warwick or cy."
    )
    name: Line = Field(description="Name shown in the masthead, e.g. 'Warwick edition'.")
    language: Annotated[str, AfterValidator(check_language)] | None = Field(
        default=None, description="Language tag of the edition, e.g. cy; default: language."
    )
    direction: Literal["ltr", "rtl"] | None = Field(
        default=None, description="Text direction of the edition; default: direction."
    )
    strict: bool = Field(
        default=False,
        description="Refuse to build when a text lacks a translation into the edition's "
        "language; without it the default language's text is used, with a warning.",
    )
    include: tuple[Name, ...] = Field(
        default=(),
        description="Take blocks with at least one of these tags (and blocks without "
        "tags or editions); empty: every tagged block.",
    )
    exclude: tuple[Name, ...] = Field(
        default=(), description="Leave out blocks with any of these tags; wins over include."
    )
    accent: Colour | None = Field(
        default=None, description="Accent colour (buttons, labels) of the edition, light mode."
    )
    logo: Logo | None = Field(default=None, description="The edition's own logo.")
    promo: PromoBlock | None = Field(
        default=None,
        description="The edition's own promotion or sponsor, put after its first block.",
    )
    tracking: EditionTracking | None = Field(
        default=None,
        description="The edition's own utm values, over those of `tracking:` (which must be set).",
    )
    archive_path: EditionId | None = Field(
        default=None,
        description="Folder of the edition's pages in the web archive; default: the id.",
    )
    publish: Annotated[dict[str, Audience], AfterValidator(_check_publishers)] = Field(
        default_factory=dict,
        description="Per mailing service, who the edition's draft goes to; replaces the "
        "service's entry of `publish:`.",
    )

    @property
    def folder(self) -> str:
        """Return the edition's folder name in the web archive."""
        return self.archive_path or self.id


def _check_editions(value: list[Edition]) -> list[Edition]:
    """Accept at most EDITIONS_MAX editions with different ids and archive folders."""
    seen: set[str] = set()
    for edition in value:
        if edition.folder in seen or edition.id in seen:
            raise ValueError(f"edition id {edition.id!r} is used twice; give each its own")
        seen.update({edition.id, edition.folder})
    return value


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
    tracking: Tracking | None = Field(
        default=None,
        description="Campaign parameters (utm_source, utm_medium, utm_campaign, "
        "utm_content) for the links to your own site; without it no link is changed. "
        "`tracking: {}` uses every default.",
    )
    publish: Annotated[dict[str, Audience], AfterValidator(_check_publishers)] = Field(
        default_factory=dict,
        description="Per mailing service (listmonk, mailchimp, buttondown, brevo, kit, "
        "sendgrid, resend), who `newsletter publish` addresses its draft campaign to.",
    )
    images: Images = Field(
        default_factory=Images,
        description="Pictures given as files: resizing, weight budgets and hosting.",
    )
    editions: Annotated[list[Edition], AfterValidator(_check_editions)] = Field(
        default_factory=list,
        max_length=EDITIONS_MAX,
        description="Versions of every issue for different audiences (towns, languages, "
        "member tiers), each built to out/<slug>/<id>/; see docs/editions.md.",
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

    @model_validator(mode="after")
    def _check_edition_tracking(self) -> Settings:
        for index, edition in enumerate(self.editions):
            if edition.tracking is not None and self.tracking is None:
                raise ValueError(
                    f"editions[{index}].tracking needs tracking: set `tracking: {{}}` "
                    "to use the defaults for the others"
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
