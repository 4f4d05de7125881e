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
    "Kết quả phát": "Delivery outcome",
    "Đã giao": "Delivered",
    "Không giao được": "Not delivered",
    "Chuyển về quầy": "Back to the counter",
    "Người nhận (khi đã giao)": "Received by (when delivered)",
    "Quan hệ với người nộp": "Relation to the applicant",
    "Bản thân, vợ, con…": "Self, spouse, child…",
    "4 số cuối giấy tờ người nhận": "Last 4 digits of the receiver's ID",
    "Lý do không giao được": "Reason it was not delivered",
    "Ngày phát lại (dd/mm/yyyy)": "Next attempt (dd/mm/yyyy)",
    "Ghi chú": "Note",
    "Ngày không hợp lệ: {text} (dd/mm/yyyy)": "Not a date: {text} (dd/mm/yyyy)",
    "Đã ghi: đã giao tận tay.": "Recorded: delivered.",
    "Lần phát thứ {n}/{limit} không thành công: kết quả chuyển về quầy.":
        "Attempt {n}/{limit} failed: the result goes back to the counter.",
    "Đã ghi lần phát không thành công {n}/{limit}.": "Failed attempt {n}/{limit} recorded.",
    "Kết quả đã chuyển về quầy.": "The result is back at the counter.",
    "Không tìm thấy hồ sơ {reference}": "No dossier {reference}",
    "Tình trạng": "Status",
    "Dải số hiệu bưu gửi (S10)": "S10 tracking number series",
    "Dải số hiệu bưu gửi (S10) — {code}": "S10 tracking number series — {code}",
    "Đã khai báo dải số hiệu bưu gửi cho {code}.": "Tracking number series saved for {code}.",
    "Mã dịch vụ (2 chữ cái)": "Service indicator (2 letters)",
    "Số seri đầu (8 chữ số)": "First serial (8 digits)",
    "Số seri cuối (8 chữ số)": "Last serial (8 digits)",
    "Mã nước": "Country code",
    "Số seri đầu và cuối phải là số (0 đến 99999999).": "First and last serials must be numbers (0 to 99999999).",
}

register_catalogue("admin", ENGLISH)
