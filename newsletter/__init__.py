"""Build responsive HTML email newsletters from Markdown and YAML content files."""

__version__ = "0.1.0"
