"""The commands: each composes the pipeline with the steps it needs."""
