"""Block models: the building blocks of an issue, and the parts they share."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from newsletter.models.fields import Markdown, Model, Text, Url, check_image_src, is_local_src
from newsletter.models.routing import Routed

# An image's address: an https URL, or the path of a file in the newsletter folder.
ImageSrc = Annotated[str, AfterValidator(check_image_src)]

# -- shared parts -----------------------------------------------------------


class Image(Model):
    """An image shown in the email."""

    src: ImageSrc = Field(
        description="The image: a file of the newsletter folder, by its path relative to "
        "the issue file or to the images/ folder (e.g. images/2026-06-12/castle.jpg), "
        "which the build resizes and `newsletter images push` hosts; or the absolute "
        "https URL of a file hosted elsewhere."
    )
    alt: str = Field(
        description="Text read aloud and shown when images are off. "
        "Empty only together with `decorative: true`."
    )
    width: int | None = Field(
        default=None,
        validate_default=True,
        ge=16,
        le=1200,
        description="Display width in pixels (the email caps it to the column). Required "
        "for a URL; for a file it defaults to the width of the image's place in the layout.",
    )
    height: int | None = Field(
        default=None,
        ge=1,
        le=4000,
        description="Display height in pixels at `width`. Set it for a URL: the email keeps "
        "the image's space while it loads and when images are off (`newsletter check` "
        "warns without it). For a file, width and height together crop the picture to "
        "their proportions; without them the file's own proportions are kept.",
    )
    focus: (
        tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]] | None
    ) = Field(
        default=None,
        description="For a file that is cropped: the point to keep in view, as [x, y] "
        "fractions of the picture's width and height from its top left corner, e.g. "
        "[0.4, 0.3]; default: the centre.",
    )
    decorative: bool = Field(
        default=False, description="Mark a purely decorative image; its alt must then be empty."
    )

    def height_at(self, width: int) -> int | None:
        """Return the height at a display width, keeping the proportions; None if unknown."""
        if self.height is None or self.width is None:
            return None
        return max(1, round(self.height * width / self.width))

    @property
    def local(self) -> bool:
        """Tell whether the image is a file of the newsletter folder, not a URL."""
        return is_local_src(self.src)

    @field_validator("width")
    @classmethod
    def _width_for_urls(cls, value: int | None, info: ValidationInfo) -> int | None:
        src = info.data.get("src")
        if value is None and isinstance(src, str) and not is_local_src(src):
            raise ValueError("is required for an image given by URL; add its display width in px")
        return value

    @model_validator(mode="after")
    def _alt_matches_decorative(self) -> Image:
        if self.decorative and self.alt.strip():
            raise ValueError('a decorative image takes an empty alt: set alt: ""')
        if not self.decorative and not self.alt.strip():
            raise ValueError("alt text is required; describe the image, or set decorative: true")
        return self


class Link(Model):
    """A call to action: button text and where it goes."""

    text: Text = Field(description="Button text; say where it leads, not 'click here'.")
    url: Url = Field(description="Absolute http(s) URL the button opens.")


# -- blocks -----------------------------------------------------------------


class LeadBlock(Routed):
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


class StoryBlock(Routed):
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


class GridBlock(Routed):
    """Two or three stories side by side on desktop, stacked on phones."""

    type: Literal["grid"]
    title: str | None = Field(default=None, description="Optional section heading above the grid.")
    stories: list[GridStory] = Field(
        min_length=2, max_length=3, description="Two or three stories."
    )


class TextBlock(Routed):
    """Free text: paragraphs, links, emphasis, lists and quotes in Markdown."""

    type: Literal["text"]
    title: str | None = Field(default=None, description="Optional heading.")
    body: Markdown = Field(description="Markdown body.")


class QuoteBlock(Routed):
    """A pull quote."""

    type: Literal["quote"]
    text: Text = Field(description="The quoted words, without quotation marks.")
    attribution: Text = Field(description="Who said it, e.g. 'Ana Ruiz, head teacher'.")
    url: Url | None = Field(default=None, description="Optional link to the source.")


class ImageBlock(Image, Routed):
    """A standalone image with optional link and caption."""

    type: Literal["image"]
    link: Url | None = Field(default=None, description="Optional URL the image opens.")
    caption: str | None = Field(default=None, description="Optional caption under the image.")


class ButtonBlock(Link, Routed):
    """A standalone button."""

    type: Literal["button"]


class HeadingBlock(Routed):
    """A section heading that groups the blocks after it."""

    type: Literal["heading"]
    text: Text = Field(description="Heading text.")


class DividerBlock(Routed):
    """A horizontal rule between sections."""

    type: Literal["divider"]


class PromoBlock(Routed):
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


class EventsBlock(Routed):
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


class JobsBlock(Routed):
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
    "lead",
    "story",
    "grid",
    "text",
    "quote",
    "image",
    "button",
    "heading",
    "divider",
    "promo",
    "events",
    "jobs",
)
