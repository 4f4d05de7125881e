"""Screens of the console shell that are not modes (login)."""
