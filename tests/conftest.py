"""Shared pytest set-up: fixtures live in tests/fixtures/, one plugin module per area."""

pytest_plugins = [
    "tests.fixtures.db",
    "tests.fixtures.printer",
    "tests.fixtures.kiosk_app",
    "tests.fixtures.admin_app",
    "tests.fixtures.pilot",
    "tests.fixtures.cli_login",
]
