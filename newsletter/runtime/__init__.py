"""The process around a command: the cache store, start-up, and platform calls."""
