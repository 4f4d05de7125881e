"""``kiosk-board``: the public calling display (numbers called, counters, waiting counts) with voice."""
