"""Every KIO, WEB and DB code the kiosk uses is listed once, in core.errors.ERROR_CODES."""

from __future__ import annotations

import re
from pathlib import Path

from core.errors import ERROR_CODES

ROOT = Path(__file__).resolve().parents[1]


def test_kiosk_web_and_db_codes_are_in_the_table():
    used = set()
    for folder in ("kiosk", "db"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"\b(?:KIO|WEB)-\d{3}\b|\bDB-00[67]\b", path.read_text(encoding="utf-8")))
    assert used, "no codes found: the scan is broken"
    assert sorted(used - set(ERROR_CODES)) == []
