"""Email as mail: the MIME message and its headers."""
