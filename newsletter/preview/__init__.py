"""Preview issues in a browser: a local web server that rebuilds and reloads on change."""
