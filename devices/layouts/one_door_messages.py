"""English catalogue (domain ``devices``) for the one-door forms of TT 03/2025/TT-VPCP."""

from __future__ import annotations

from core.i18n import register_catalogue

ENGLISH = {
    "Mã hồ sơ": "Dossier code",
    "Người nộp": "Applicant",
    "Số định danh": "ID number",
    "Thủ tục hành chính": "Administrative procedure",
    "Thủ tục": "Procedure",
    "Ngày tiếp nhận": "Received",
    "Hẹn trả kết quả": "Result due",
    "Hồ sơ cần bổ sung, hoàn thiện những nội dung sau: {what}": "The dossier must be supplemented with: {what}",
    "Thời gian giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung.":
        "The processing time is paused until the supplement is received.",
    "Cơ quan từ chối tiếp nhận hồ sơ với lý do: {why}": "The office refuses to receive the dossier because: {why}",
    "Hồ sơ giải quyết quá hạn. Lý do: {why}": "The dossier is overdue. Reason: {why}",
    "Cơ quan xin lỗi ông/bà và hẹn lại ngày trả kết quả: {date}":
        "The office apologises and sets a new date for the result: {date}",
    "Thời gian": "Time",
    "Từ": "From",
    "Sang": "To",
    "Người thực hiện": "By",
    "Ghi chú": "Note",
    "Ngày {date}": "Date {date}",
    "Trễ hạn": "Late",
    "Nhận": "Received",
    "Hẹn trả": "Due",
    "Trả": "Returned",
}

register_catalogue("devices", ENGLISH)
