"""Citizen kiosk (Textual): one screen per step of the self-service flow."""
