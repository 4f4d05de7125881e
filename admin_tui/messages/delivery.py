"""English catalogue of home delivery in the console: address labels, S10 series, delivery outcomes (issue 14)."""

from __future__ import annotations

from core.i18n import register_catalogue

ENGLISH: dict[str, str] = {
    "In nhãn gửi": "Print address label",
    "In nhãn gửi ở ki-ốt:": "Print the address label at kiosk:",
    "Số hiệu bưu gửi": "Tracking number",
    "Nhãn gửi {number} đã ghi vào tệp {path} (không có máy in).":
        "Address label {number} written to {path} (no printer).",
    "Đã gửi lệnh in nhãn gửi {number} đến ki-ốt {kiosk} (lệnh in số {job}).":
        "Address label {number} sent to kiosk {kiosk} (print job {job}).",
    "In lại: số hiệu giữ nguyên.": "Reprint: same tracking number.",
    "Không ghi được tệp nhãn gửi: {error}": "Could not write the address label file: {error}",
}

register_catalogue("admin", ENGLISH)
