"""Pictures as a build step: transform files for their slots, host them, keep a ledger."""
