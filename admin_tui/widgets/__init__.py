"""Reusable console widgets: the mode screen base and bar, pager, modal forms and dialogs."""
