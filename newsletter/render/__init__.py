"""Render an issue: Jinja templates, Markdown, CSS inlining and merge tags."""
