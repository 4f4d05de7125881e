"""Queue mode helpers: today's queues with counts (from db.services.queue_counts) and duration formatting."""

from __future__ import annotations

from db.services.queue_counts import QueueCounts, console_site_id, queue_overview

__all__ = ["QueueCounts", "console_site_id", "duration", "queue_overview"]


def duration(seconds: float | None) -> str:
    """Short human duration: ``45s``, ``12:05`` (min:s), ``1h07`` (hours); empty for None."""
    if seconds is None:
        return ""
    s = max(0, int(round(seconds)))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}:{s % 60:02d}"
    return f"{s // 3600}h{(s % 3600) // 60:02d}"
