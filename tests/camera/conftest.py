"""Helpers for camera and capture tests: decode with devices.codes when present, else zxing-cpp."""

from __future__ import annotations

import numpy as np
import pytest


def decode_texts(frame: np.ndarray) -> list[str]:
    """Return the texts of the codes found in ``frame``."""
    try:
        from devices.codes import decode_frame
    except ImportError:  # the codes package is written in parallel; fall back to zxing-cpp itself
        import zxingcpp

        return [r.text for r in zxingcpp.read_barcodes(frame)]
    return [c.text for c in decode_frame(frame)]


@pytest.fixture
def decode():
    """The decode helper as a fixture."""
    return decode_texts
