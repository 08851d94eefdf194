"""The web archive: every ready issue as a web page, with an index, a latest page and feeds.

A web mode of the email, not a copy of it: the same models and block partials in a
page shell of its own, without merge tags, written to out/archive/ as one atomic folder.
"""

from __future__ import annotations

from newsletter.archive.site import Published, publish, site_files

__all__ = ["Published", "publish", "site_files"]
