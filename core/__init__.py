"""Cross-cutting pure code shared by every package: settings, text, translation, errors."""
