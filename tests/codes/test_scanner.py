"""ScanDetector: scanner bursts vs human typing, with synthetic key timings."""

from __future__ import annotations

import pytest

from devices.scanner import ScanDetector, ScanEvent

ID_PAYLOAD = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021"


def type_keys(detector: ScanDetector, text: str, start: float, per_char: float, enter: bool = True):
    events: list[ScanEvent] = []
    t = start
    for ch in text:
        events += detector.feed(ch, t)
        t += per_char
    if enter:
        events += detector.feed("\n", t)
    return events, t


@pytest.mark.parametrize("per_char", [0.005, 0.010, 0.015])
def test_fast_burst_with_enter_is_a_scan(per_char):
    events, _ = type_keys(ScanDetector(), ID_PAYLOAD, 10.0, per_char)
    assert [(e.kind, e.text) for e in events] == [("scan", ID_PAYLOAD)]


def test_human_typing_passes_keys_through():
    detector = ScanDetector()
    events, t = type_keys(detector, "0123", 1.0, 0.12)
    assert all(e.kind == "keys" for e in events)
    assert "".join(e.text for e in events) == "0123\n"


def test_human_digit_right_before_a_scan():
    detector = ScanDetector()
    events = detector.feed("7", 5.0)
    scan, _ = type_keys(detector, "HS|000.00.16.H36-231121-0001|7KQM", 5.15, 0.008)
    events += scan
    assert [(e.kind, e.text) for e in events] == [
        ("keys", "7"), ("scan", "HS|000.00.16.H36-231121-0001|7KQM")]


def test_held_keys_are_released_by_flush():
    detector = ScanDetector()
    assert detector.feed("a", 1.0) == []
    assert detector.pending == "a"
    assert detector.flush(1.01) == []
    assert [(e.kind, e.text) for e in detector.flush(1.2)] == [("keys", "a")]
    assert detector.pending == ""


def test_short_fast_burst_is_not_a_scan():
    events, _ = type_keys(ScanDetector(min_length=4), "12", 0.0, 0.01)
    assert [(e.kind, e.text) for e in events] == [("keys", "12\n")]


def test_scan_without_enter_is_released_as_keys():
    detector = ScanDetector()
    events, t = type_keys(detector, "ABCDEFG", 0.0, 0.01, enter=False)
    assert events == []
    assert [(e.kind, e.text) for e in detector.flush(t + 0.1)] == [("keys", "ABCDEFG")]


def test_a_slow_gap_inside_a_burst_splits_it():
    detector = ScanDetector()
    events, t = type_keys(detector, "ABC", 0.0, 0.01, enter=False)
    events += detector.feed("D", t + 0.2)
    events += detector.feed("\n", t + 0.21)
    assert [(e.kind, e.text) for e in events] == [("keys", "ABC"), ("keys", "D\n")]


def test_enter_variants_and_nfc():
    decomposed = "Nguye\u0302\u0303n"  # decomposed ễ
    detector = ScanDetector()
    out, t = type_keys(detector, decomposed, 0.0, 0.005, enter=False)
    out += detector.feed("enter", t)
    assert out == [ScanEvent("scan", "Nguyễn", t)]


def test_invalid_settings():
    with pytest.raises(ValueError):
        ScanDetector(max_interval_s=0)
    with pytest.raises(ValueError):
        ScanDetector(min_length=0)
