"""The error raised when a feed cannot be fetched or read, with the exit code to use."""

from __future__ import annotations

NETWORK = 1
CONTENT = 2


class FeedError(Exception):
    """A feed that failed: exit code 1 for fetching, 2 for what the feed holds."""

    def __init__(self, message: str, exit_code: int) -> None:
        self.message = " ".join(message.split())
        self.exit_code = exit_code
        super().__init__(self.message)


def network_error(url: str, what: str, *, fix: str) -> FeedError:
    """Return a FeedError for a feed that could not be fetched."""
    return FeedError(f"feed {url}: {what}; {fix}", NETWORK)


def content_error(url: str, what: str, *, fix: str) -> FeedError:
    """Return a FeedError for a feed whose content cannot be used."""
    return FeedError(f"feed {url}: {what}; {fix}", CONTENT)
