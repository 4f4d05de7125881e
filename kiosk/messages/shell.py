"""English catalogue of the kiosk shell (welcome, search, detail, ticket, look-up, rating, staff, agent)."""

from __future__ import annotations

EN: dict[str, str] = {
    # app, header, navigation, errors
    "Dịch vụ công": "Public services",
    "Nhân viên": "Staff",
    "Chế độ nhân viên: {name}": "Agent mode: {name}",
    "Quay lại": "Back",
    "Về trang đầu": "Home",
    "Vui lòng gọi nhân viên nếu cần hỗ trợ.": "Please call a staff member if you need help.",
    "Hệ thống đang gặp sự cố, chưa lưu được. Vui lòng thử lại hoặc gọi nhân viên.":
        "The system has a problem; nothing was saved. Please try again or call a staff member.",
    "Mã vừa quét không dùng được ở bước này.": "The code you scanned cannot be used at this step.",
    # welcome
    "Xin chào! Quý khách cần làm gì?": "Welcome! What would you like to do?",
    "Nộp hồ sơ": "Submit a dossier",
    "Lấy số thứ tự": "Get a queue number",
    "Tra cứu hồ sơ": "Look up a dossier",
    "Đánh giá dịch vụ": "Rate our service",
    "Gọi nhân viên hỗ trợ": "Call a staff member",
    "Aa  Chữ to": "Aa  Large text",
    "Đồng hồ máy ki-ốt lệch {seconds} giây so với máy chủ (đang dùng giờ máy chủ) [KIO-040]": (
        "This kiosk's clock is {seconds} s off the server's (the server's time is used) [KIO-040]"),
    "Đồng hồ của máy đang sai ngày. Vui lòng gọi nhân viên kỹ thuật.": (
        "This machine's clock shows a wrong date. Please call a technician."),
    "Chữ thường": "Normal text",
    "Giờ làm việc: {hours}": "Opening hours: {hours}",
    "Chế độ thử (demo). Bản in xem trước (PNG): {path}": "Demo mode. Print previews (PNG): {path}",
    "Mã PIN nhân viên demo: {pin}": "Demo agent PIN: {pin}",
    "Thứ Hai": "Monday",
    "Thứ Ba": "Tuesday",
    "Thứ Tư": "Wednesday",
    "Thứ Năm": "Thursday",
    "Thứ Sáu": "Friday",
    "Thứ Bảy": "Saturday",
    "Chủ nhật": "Sunday",
    # search and keyboard
    "Tìm thủ tục": "Find the procedure",
    "Gõ tên thủ tục, ví dụ: khai sinh": "Type the procedure's name, e.g. khai sinh (birth)",
    "Xem theo lĩnh vực": "Browse by field",
    "Chọn lĩnh vực": "Choose a field",
    "Lĩnh vực: {name}": "Field: {name}",
    "Thủ tục thường dùng nhất": "Most used procedures",
    "Kết quả tìm kiếm": "Search results",
    "Chưa chắc chắn: các thủ tục dưới đây chỉ là gợi ý. Nếu không đúng, Quý khách có thể:":
        "Not sure: the procedures below are only suggestions. If none is right, you can:",
    "Chưa tìm thấy? Xem theo lĩnh vực hoặc nhờ nhân viên:": "Not found? Browse by field or ask a staff member:",
    "Không tìm thấy thủ tục. Hãy thử từ khác hoặc xem theo lĩnh vực.":
        "No procedure found. Try other words or browse by field.",
    "Điểm này không nhận": "Not accepted at this point",
    "Cách": "Space",
    "Xóa": "Delete",
    "Xóa hết": "Clear",
    "Gõ dấu: Bật": "Tone marks: on",
    "Gõ dấu: Tắt": "Tone marks: off",
    "Chữ hoa": "Capitals",
    "CHỮ HOA": "CAPITALS",
    "Đồng ý": "OK",
    # procedure detail
    "Đang tải…": "Loading…",
    "Giấy tờ cần mang theo": "Documents to bring",
    "Chưa có danh sách giấy tờ. Vui lòng hỏi nhân viên.": "No document list yet. Please ask a staff member.",
    "{n} bản chính": "{n} original(s)",
    "{n} bản sao": "{n} copy(ies)",
    "Khi: {condition}": "When: {condition}",
    "nếu có": "if any",
    "Lệ phí": "Fee",
    "Thời gian giải quyết": "Processing time",
    "Nếu nộp bây giờ, hẹn trả kết quả": "If submitted now, result due",
    "Nộp qua bưu chính": "Submit by post",
    "Nhận kết quả qua bưu chính": "Receive the result by post",
    "Không — cần có mặt trực tiếp": "No — you must be present in person",
    "Có": "Yes",
    "Không": "No",
    "Ghi chú": "Note",
    "Cơ quan giải quyết": "Processing agency",
    "Lưu ý: thủ tục này cần Quý khách có mặt trực tiếp, không nộp thay qua bưu điện được.":
        "Note: this procedure needs you in person; it cannot be submitted for you by post.",
    "Điểm này không nhận thủ tục này. Nơi nộp: {where}": "This point does not accept this procedure. Go to: {where}",
    "Vui lòng hỏi nhân viên nơi nhận hồ sơ.": "Please ask a staff member where to submit it.",
    "Điểm này chưa nhận thủ tục này.": "This point does not take this procedure yet.",
    "Nơi nộp: {where}": "Submit it at: {where}",
    "Quý khách có thể lấy số thứ tự để được nhân viên hướng dẫn, hoặc gọi nhân viên.":
        "You can take a queue number to be advised by staff, or call a staff member.",
    "cấp xã/phường nơi cư trú": "commune/ward level, where you live",
    "cấp tỉnh/thành phố": "province/city level",
    "cấp trung ương": "central level",
    "Chỉ lấy số thứ tự": "Queue number only",
    "Chức năng nộp hồ sơ chưa sẵn sàng. Vui lòng gọi nhân viên.":
        "Dossier submission is not available yet. Please call a staff member.",
    "Chưa có thông tin": "Not known yet",
    "Miễn phí": "Free",
    "{amount} đồng": "{amount} VND",
    "Giải quyết trong ngày": "Same working day",
    "{n} ngày làm việc": "{n} working days",
    # ticket only
    "Chọn lĩnh vực Quý khách cần giải quyết:": "Choose the field you need:",
    "{n} người đang chờ": "{n} waiting",
    "Số thứ tự của Quý khách": "Your queue number",
    "Số người đang chờ trước Quý khách: {n}": "People waiting before you: {n}",
    "Quầy: {counter}": "Counter: {counter}",
    "Vé đang được in. Vui lòng nhận vé và chờ gọi số.": "Your ticket is printing. Please take it and wait to be called.",
    "Xong": "Done",
    "Thuộc diện ưu tiên? Chọn trước khi lấy số (không bắt buộc):":
        "Priority group? Choose before taking a number (optional):",
    "Người cao tuổi": "Elderly person",
    "Người khuyết tật": "Person with a disability",
    "Phụ nữ mang thai": "Pregnant woman",
    "Người đi cùng trẻ nhỏ": "With a small child",
    "Người có công với cách mạng": "Person with meritorious service",
    "Ưu tiên: {group}": "Priority: {group}",
    "Vé đã in xong. Vui lòng nhận vé và chờ gọi số.": "Your ticket has been printed. Please take it and wait to be called.",
    # Unconfirmed prints (the printer took the job but answers no status): ticket-only and Done screens.
    "Đã gửi lệnh in. Quý khách vui lòng nhận vé ở khe máy in; nếu không thấy vé, xin gọi nhân viên.":
        "The ticket was sent to the printer. Please take it from the printer slot; if there is no ticket, please "
        "call staff.",
    "Máy in đang gặp sự cố, nhân viên đã được báo. Vui lòng ghi nhớ số thứ tự ở trên và chờ gọi số; "
    "nhân viên sẽ in vé cho Quý khách.":
        "The printer has a problem and staff have been told. Please remember the number above and wait to be "
        "called; staff will print your ticket for you.",
    "Bản in xem trước (PNG): {path}": "Print previews (PNG): {path}",
    # look-up
    "Đưa mã QR trên giấy biên nhận vào máy quét, hoặc nhập mã hồ sơ (chỉ cần phần cuối, ví dụ 261120-0001) "
    "và mã tra cứu.":
        "Hold the QR code on your receipt to the scanner, or type the dossier reference (the last part is "
        "enough, e.g. 261120-0001) and the lookup code.",
    "Mã hồ sơ": "Dossier reference",
    "Mã tra cứu": "Lookup code",
    "Tra cứu": "Look up",
    "Quét bằng camera": "Scan with the camera",
    "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và mã tra cứu.":
        "No dossier found. Please check the reference and the lookup code.",
    "Thủ tục": "Procedure",
    "Tình trạng": "Status",
    "Ngày nhận": "Received",
    "Hẹn trả kết quả": "Result due",
    "Nhận kết quả": "Result collected",
    "Qua bưu chính tại nhà": "By post at home",
    "Tại quầy": "At the counter",
    "Quá trình xử lý": "Progress",
    "Tra cứu hồ sơ khác": "Look up another dossier",
    "Đã quá hạn hẹn trả": "Overdue",
    "Sắp đến hạn hẹn trả": "Due soon",
    "Đúng hạn": "On time",
    "Đưa mã QR trên giấy biên nhận vào trước camera…": "Hold the QR code on your receipt in front of the camera…",
    "Mã vừa quét không phải giấy biên nhận hồ sơ. Vui lòng quét mã QR trên giấy tiếp nhận.":
        "The scanned code is not a dossier receipt. Please scan the QR code on your receipt slip.",
    "Vui lòng nhập mã hồ sơ (cả mã, hoặc phần cuối như 261120-0001) và mã tra cứu 4 ký tự in trên giấy tiếp nhận.":
        "Please type the dossier reference (in full, or its last part such as 261120-0001) and the 4-character "
        "lookup code printed on your receipt.",
    "Không dùng được camera. Vui lòng dùng máy quét cầm tay hoặc nhập mã.":
        "The camera cannot be used. Please use the handheld scanner or type the codes.",
    # rating
    "Quý khách có hài lòng với dịch vụ không?": "Are you satisfied with our service?",
    "Rất hài lòng": "Very satisfied",
    "Hài lòng": "Satisfied",
    "Không hài lòng": "Unsatisfied",
    "Không bắt buộc: đánh giá từng tiêu chí": "Optional: rate each aspect",
    "Số lần phải đi lại": "Number of trips needed",
    "Thái độ phục vụ": "Staff attitude",
    "Công khai thủ tục": "Publicity of the procedure",
    "Cách trả kết quả": "How the result was returned",
    "Tốt": "Good",
    "Chưa tốt": "Not good",
    "Góp ý thêm (không bắt buộc)": "Comments (optional)",
    "Bàn phím": "Keyboard",
    "Gửi đánh giá": "Send rating",
    "Cảm ơn Quý khách đã đánh giá!": "Thank you for your rating!",
    # call staff
    "Đang gọi nhân viên…": "Calling a staff member…",
    "Đã gọi nhân viên. Vui lòng chờ trong giây lát, nhân viên sẽ đến hỗ trợ Quý khách.":
        "A staff member has been called. Please wait a moment; someone will come to help you.",
    "Gọi lại": "Call again",
    # idle
    "Quý khách còn ở đây không?": "Are you still there?",
    "Phiên sẽ kết thúc sau {n} giây để bảo vệ thông tin của Quý khách.":
        "The session ends in {n} seconds to protect your information.",
    "Tôi vẫn ở đây": "I'm still here",
    # agent mode
    "Chế độ nhân viên": "Agent mode",
    "Nhập mã PIN hoặc quét thẻ nhân viên": "Enter your PIN or scan your staff badge",
    "Hủy": "Cancel",
    "Nhập sai quá nhiều lần. Vui lòng chờ một phút.": "Too many wrong attempts. Please wait a minute.",
    "Đang kiểm tra…": "Checking…",
    "Đã vào chế độ nhân viên: {name}": "Agent mode on: {name}",
    "Mã PIN hoặc thẻ không đúng.": "Wrong PIN or badge.",
    "Nhân viên: {name}": "Agent: {name}",
    "Thoát chế độ nhân viên": "Leave agent mode",
    "Đóng": "Close",
    "Tắt ứng dụng kiosk": "Quit the kiosk app",
    "Quý khách đã nhập sai nhiều lần. Vui lòng thử lại sau {n} giây hoặc gọi nhân viên.":
        "Too many wrong attempts. Please try again in {n} seconds or call a staff member.",
    "Kiosk tạm ngừng phục vụ": "This kiosk is temporarily out of service",
    "Xin lỗi Quý khách. Vui lòng gọi nhân viên hỗ trợ. Kiosk sẽ tự khởi động lại sau ít giây.":
        "We are sorry. Please ask a staff member for help. The kiosk will restart in a few seconds.",
    "Quý khách vui lòng chọn việc cần làm trước (ví dụ “Nộp hồ sơ”), rồi quét giấy tờ khi màn hình yêu cầu.":
        "Please choose what you need first (for example “Submit a dossier”), then scan your papers when asked.",
    "Phiếu chưa in": "Slips not printed",
    "Công dân đã rời đi": "The citizen has left",
    "Đã xử lý tại quầy": "Handled at the counter",
    "Số thứ tự": "Queue number",
    "Giấy tiếp nhận": "Receipt",
    "Không đọc được danh sách ({code}). Vui lòng thử lại.": "Could not read the list ({code}). Please try again.",
    "Không có phiếu nào chờ in.": "No slips are waiting to print.",
    "{n} phiếu chưa in. In lại khi công dân đứng cạnh máy in.":
        "{n} slips not printed. Print again while the citizen stands at the printer.",
    "In lại": "Print again",
    "Hủy: {reason}": "Cancel: {reason}",
    "Không lưu được ({code}). Vui lòng thử lại.": "Could not save ({code}). Please try again.",
    "Danh sách có {n} lĩnh vực, còn tiếp ở phía dưới: kéo hoặc vuốt lên để xem thêm.":
        "The list has {n} fields and continues below: drag or swipe up to see more.",
    "Chưa xem được lượt của vé này. Vui lòng thử lại hoặc hỏi nhân viên.":
        "Could not read this ticket's place. Please try again or ask a staff member.",
    "Không tìm thấy vé này trong hôm nay tại điểm này.": "This ticket is not one of today's tickets at this point.",
    "Số {number}: còn {n} người trước Quý khách.": "Number {number}: {n} people ahead of you.",
    "Số {number} đã được gọi, mời Quý khách đến {counter}.": "Number {number} has been called: please go to {counter}.",
    "quầy": "the counter",
    "Số {number} đã được phục vụ xong hoặc đã qua lượt. Vui lòng hỏi nhân viên nếu cần.":
        "Number {number} has been served or its turn has passed. Please ask a staff member if needed.",
}
