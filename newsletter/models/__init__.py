"""Settings and issue models: the content format, validated.

The field descriptions double as the content reference (`newsletter help`, docs/reference.md).
"""

from __future__ import annotations

from newsletter.models.blocks import (
    BLOCK_TYPES,
    Block,
    ButtonBlock,
    DividerBlock,
    Event,
    EventsBlock,
    GridBlock,
    GridStory,
    HeadingBlock,
    Image,
    ImageBlock,
    Job,
    JobsBlock,
    LeadBlock,
    Link,
    PromoBlock,
    QuoteBlock,
    StoryBlock,
    TextBlock,
)
from newsletter.models.fields import Model, is_web_url
from newsletter.models.issue import Issue
from newsletter.models.settings import (
    Archive,
    Bucket,
    ChecksSettings,
    Fonts,
    Images,
    Palette,
    Sender,
    Settings,
    Smtp,
    Social,
    Theme,
)

__all__ = [
    "BLOCK_TYPES",
    "Archive",
    "Block",
    "Bucket",
    "ButtonBlock",
    "ChecksSettings",
    "DividerBlock",
    "Event",
    "EventsBlock",
    "Fonts",
    "GridBlock",
    "GridStory",
    "HeadingBlock",
    "Image",
    "ImageBlock",
    "Images",
    "Issue",
    "Job",
    "JobsBlock",
    "LeadBlock",
    "Link",
    "Model",
    "Palette",
    "PromoBlock",
    "QuoteBlock",
    "Sender",
    "Settings",
    "Smtp",
    "Social",
    "StoryBlock",
    "TextBlock",
    "Theme",
    "is_web_url",
]
