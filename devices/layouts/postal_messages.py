"""English catalogue (domain ``devices``) for the postal papers: address label and hand-over list."""

from __future__ import annotations

from core.i18n import register_catalogue

ENGLISH = {
    # Address label
    "BƯU CHÍNH CÔNG ÍCH": "PUBLIC POSTAL SERVICE",
    "Trả kết quả giải quyết thủ tục hành chính": "Delivery of an administrative procedure's result",
    "NGƯỜI GỬI": "SENDER",
    "NGƯỜI NHẬN": "RECIPIENT",
    "Điện thoại: ": "Phone: ",
    "Nội dung: ": "Contents: ",
    "Ngày gửi: {day}": "Sent: {day}",
    "THU HỘ: {amount}": "COLLECT ON DELIVERY: {amount}",
    # Hand-over list
    "BẢNG KÊ GIAO NHẬN HỒ SƠ": "DOSSIER HAND-OVER LIST",
    "BẢNG KÊ GIAO NHẬN KẾT QUẢ": "RESULT HAND-OVER LIST",
    "Số bảng kê: ": "List no.: ",
    "Lập lúc: {time}": "Made: {time}",
    "Bên giao: ": "Handed over by: ",
    "Bên nhận: ": "Received by: ",
    "{d} giấy tờ, {p} trang": "{d} document(s), {p} page(s)",
    "CÓ {n} BẢN CHÍNH": "{n} ORIGINAL(S)",
    "CÓ {n}": "{n}",
    "Tổng cộng: ": "Total: ",
    "{n} hồ sơ, {d} giấy tờ, {p} trang; {o} hồ sơ có bản chính.":
        "{n} dossier(s), {d} document(s), {p} page(s); {o} dossier(s) with originals.",
    "Ghi chú: ": "Note: ",
    "BƯU ĐIỆN": "POST OFFICE",
    "NGƯỜI VẬN CHUYỂN": "COURIER",
    "BỘ PHẬN MỘT CỬA": "ONE-STOP CENTRE",
    "(Ký, ghi rõ họ tên)": "(Signature and full name)",
    "STT": "No.",
    "Mã hồ sơ": "Dossier code",
    "Thủ tục": "Procedure",
    "Người nộp": "Applicant",
    "Giấy tờ": "Documents",
    "Trang": "Pages",
    "Bản chính": "Originals",
    "Bảng kê {code} - trang {n}/{total}": "List {code} - page {n}/{total}",
    # Errors
    "Trường {field} không in được thành mã vạch (ASCII, tối đa {n} ký tự): {value}":
        "Field {field} cannot be printed as a barcode (ASCII, at most {n} characters): {value}",
    "Nhãn thiếu số hiệu bưu gửi hợp lệ: {why}": "The label has no valid tracking number: {why}",
    "Nhãn thiếu tên hoặc địa chỉ người nhận": "The label has no recipient name or address",
    "Số tiền thu hộ không được âm: {value}": "The amount to collect cannot be negative: {value}",
    "Bảng kê thiếu mã bảng kê": "The hand-over list has no code",
    "Bảng kê không có hồ sơ nào": "The hand-over list has no dossiers",
    "Dòng {n} của bảng kê thiếu mã hồ sơ": "Line {n} of the hand-over list has no dossier code",
}

register_catalogue("devices", ENGLISH)
