"""Sample ticket and receipt payloads (docs/CONTRACTS.md shapes) for the printing tests."""

from __future__ import annotations

import pytest

TICKET = {
    "number": "HT-012", "queue_name": "Hộ tịch", "counter_group": "Quầy 1-2",
    "issued_at": "2026-11-23T01:15:00+00:00", "people_ahead": 3, "site_name": "Bưu điện văn hóa xã Ấp Quỳnh",
    "priority_reason": "", "qr": "VE|BD-HN-001|2026-11-23|HT-012",
}

RECEIPT = {
    "unit_name": "Bưu điện tỉnh Quảng Trị", "site_name": "Bưu điện văn hóa xã Ấp Quỳnh",
    "site_address": "Thôn Đông, xã Ấp Quỳnh, tỉnh Quảng Trị", "place": "Quảng Trị",
    "reference": "000.00.16.H36-231121-0001", "lookup_secret": "7KQM",
    "applicant": {"name": "Nguyễn Thị Thùy Dương", "id_masked": "0010******56",
                  "address": "Số 12, ngõ 345 đường Nguyễn Trãi, phường Thanh Xuân Trung, quận Thanh Xuân, Hà Nội",
                  "phone": "0912345678", "email": ""},
    "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh", "agency": "UBND xã Ấp Quỳnh"},
    "documents": [
        {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0, "at_counter": False, "pages": 2},
        {"name": "Giấy chứng sinh", "originals": 1, "copies": 1, "at_counter": True, "pages": 1},
    ],
    "sets": 1, "processing_days": 3, "received_at": "2026-11-23T01:15:00+00:00",
    "appointment_at": "2026-11-26T07:30:00+07:00", "return_method": "counter",
    "return_place": "Quầy trả kết quả số 2, Bưu điện văn hóa xã Ấp Quỳnh", "fee": "Miễn lệ phí",
    "hotline": "1900 0000", "qr": "HS|000.00.16.H36-231121-0001|7KQM", "copy_label": "Liên 2: giao người nộp",
}


@pytest.fixture
def ticket_payload() -> dict:
    """A fresh copy of the sample ticket payload."""
    return dict(TICKET)


@pytest.fixture
def receipt_payload() -> dict:
    """A fresh deep-enough copy of the sample receipt payload."""
    out = dict(RECEIPT)
    out["applicant"] = dict(RECEIPT["applicant"])
    out["procedure"] = dict(RECEIPT["procedure"])
    out["documents"] = [dict(d) for d in RECEIPT["documents"]]
    return out
