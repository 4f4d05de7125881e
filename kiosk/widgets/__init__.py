"""Reusable kiosk widgets: header, navigation bar, on-screen keyboard, keypad, scanner burst detection."""
