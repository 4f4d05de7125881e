"""English catalogue for printed labels and layout errors (domain ``devices``); Vietnamese is the source."""

from __future__ import annotations

from core.i18n import register_catalogue

ENGLISH = {
    # Ticket
    "SỐ THỨ TỰ CỦA QUÝ KHÁCH": "YOUR NUMBER",
    "Quầy phục vụ: {group}": "Counters: {group}",
    "Ưu tiên: {reason}": "Priority: {reason}",
    "Số người chờ trước Quý khách: ": "People ahead of you: ",
    "Giờ lấy số: {time}": "Issued: {time}",
    "Quét mã để xem lượt gọi số": "Scan to follow the calls",
    "Vui lòng chờ gọi số trên màn hình và loa": "Please wait for your number on the screen and speakers",
    # Receipt (Mẫu 01)
    "Mẫu số 01": "Form 01",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "SOCIALIST REPUBLIC OF VIET NAM",
    "Độc lập - Tự do - Hạnh phúc": "Independence - Freedom - Happiness",
    "{place}, ngày {day:02d} tháng {month:02d} năm {year}": "{place}, {day:02d}/{month:02d}/{year}",
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ": "DOSSIER RECEIPT AND RESULT APPOINTMENT",
    "Mã hồ sơ: ": "Dossier code: ",
    "{unit} tiếp nhận hồ sơ của:": "{unit} received the dossier of:",
    "Ông/Bà: ": "Applicant: ",
    "Số định danh cá nhân: ": "Personal ID number: ",
    "Địa chỉ: ": "Address: ",
    "Số điện thoại: ": "Phone: ",
    "Thư điện tử: ": "Email: ",
    "mã": "code",
    "Nội dung yêu cầu giải quyết: ": "Request: ",
    "Cơ quan giải quyết: ": "Handling agency: ",
    "1. Thành phần hồ sơ nộp gồm:": "1. Documents received:",
    "(không có)": "(none)",
    "{n} bản chính": "{n} original(s)",
    "{n} bản sao": "{n} copy(ies)",
    "nộp tại quầy": "handed in at the counter",
    "xuất trình tại quầy": "shown at the counter",
    "đã xuất trình tại kiosk": "shown at the kiosk",
    "{n} trang": "{n} page(s)",
    "2. Số lượng hồ sơ: ": "2. Number of sets: ",
    "{n} bộ": "{n}",
    "3. Thời gian giải quyết hồ sơ theo quy định: ": "3. Statutory processing time: ",
    "{n} ngày làm việc": "{n} working day(s)",
    "trong ngày làm việc": "within the working day",
    "4. Thời gian nhận hồ sơ: ": "4. Received at: ",
    "5. Thời gian trả kết quả giải quyết hồ sơ: ": "5. Result appointment: ",
    "6. Nhận kết quả qua dịch vụ bưu chính công ích tại địa chỉ: ": "6. Result delivered by post to: ",
    "6. Đăng ký nhận kết quả tại: ": "6. Collect the result at: ",
    "Phí, lệ phí: ": "Fees: ",
    "NGƯỜI NỘP HỒ SƠ": "APPLICANT",
    "NGƯỜI TIẾP NHẬN HỒ SƠ": "RECEIVING OFFICER",
    "(Ký và ghi rõ họ tên)": "(Signature and full name)",
    "Quét mã để tra cứu tình trạng hồ sơ": "Scan to check the dossier status",
    "Mã tra cứu: ": "Lookup code: ",
    "Ghi chú: Ông/Bà có thể đăng ký nhận kết quả tại nhà qua dịch vụ bưu chính công ích.":
        "Note: you can have the result delivered to your home by public postal service.",
    "Đường dây nóng: ": "Hotline: ",
    # Test page
    "TRANG IN THỬ": "TEST PAGE",
    "Máy in: {model}": "Printer: {model}",
    "Thời gian: {time}": "Time: {time}",
    "Mẫu chữ tiếng Việt:": "Vietnamese sample:",
    "Mã vạch CODE128:": "CODE128 barcode:",
    "Nếu các dòng trên in rõ dấu tiếng Việt, máy in đã sẵn sàng.":
        "If the lines above show the Vietnamese marks clearly, the printer is ready.",
    # Errors
    "Phiếu thiếu số thứ tự": "The ticket has no number",
    "Giấy tiếp nhận thiếu mã hồ sơ": "The receipt has no dossier code",
    "Trường {field} không phải thời gian ISO-8601: {value}": "Field {field} is not an ISO-8601 time: {value}",
    "Trường {field} phải là số: {value}": "Field {field} must be a number: {value}",
    "Khổ giấy phải là 80 hoặc 58 mm, nhận {width}": "Paper width must be 80 or 58 mm, got {width}",
    "Số điểm đầu in phải là bội số của 8 từ {low} đến {high}, nhận {dots}":
        "Print head dots must be a multiple of 8 from {low} to {high}, got {dots}",
    "Không tìm thấy phông chữ {path} (cài fonts-dejavu-core hoặc đặt printer_font)":
        "Font {path} not found (install fonts-dejavu-core or set printer_font)",
    "Không đọc được phông chữ {path}: {why}": "Cannot read font {path}: {why}",
    "Loại lệnh in không xác định: {kind}": "Unknown print job kind: {kind}",
}

register_catalogue("devices", ENGLISH)
