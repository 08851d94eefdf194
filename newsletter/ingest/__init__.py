"""Turn a news site's own feeds and calendars into draft content blocks.

fetch -> parse (feeds, calendar) -> choose (window, tags, repeats, max) -> draft blocks.
"""
