"""The kiosk's touch front end in a browser: ``kiosk serve`` (textual-serve with the project's own page)."""
