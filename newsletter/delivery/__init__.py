"""Hand a rendered issue on: test sends over SMTP and mailing-service payloads."""
