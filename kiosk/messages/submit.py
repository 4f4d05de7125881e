"""English catalogue of the dossier submission steps (consent, ID card, phone, documents, return, review, done)."""

from __future__ import annotations

EN: dict[str, str] = {
    # frame
    "Hệ thống đang gặp sự cố. Vui lòng thử lại hoặc gọi nhân viên.":
        "The system has a problem. Please try again or call staff.",
    "Bước {n}/{total}: {title}": "Step {n}/{total}: {title}",
    # consent
    "Đồng ý xử lý dữ liệu cá nhân": "Consent to process personal data",
    "Đang lưu…": "Saving…",
    "Không lưu được câu trả lời. Vui lòng thử lại hoặc gọi nhân viên.":
        "Your answer could not be saved. Please try again or call staff.",
    "Cảm ơn Quý khách.": "Thank you.",
    "Quý khách đã không đồng ý, nên kiosk không lưu thông tin nào của Quý khách. Quý khách vẫn có thể nộp hồ sơ trực tiếp tại "
    "quầy: hãy lấy số thứ tự và chờ gọi.":
        "You did not agree, so the kiosk keeps none of your information. You can still submit your dossier "
        "in person at the counter: take a queue number and wait to be called.",
    "Về màn hình chính": "Back to the start",
    "Thông báo xử lý dữ liệu cá nhân": "Personal data processing notice",
    "Chạm “Tôi đồng ý” để tiếp tục. Nếu không đồng ý, không có thông tin nào của Quý khách được lưu.":
        "Tap “I agree” to continue. If you do not agree, none of your information is kept.",
    "Tôi đồng ý": "I agree",
    "Tôi không đồng ý": "I do not agree",
    "Mục đích": "Purpose",
    "Tiếp nhận hồ sơ thủ tục hành chính của Quý khách, chuyển đến cơ quan có thẩm quyền giải quyết, báo cho Quý khách "
    "tình trạng hồ sơ và gửi kết quả qua bưu điện nếu Quý khách chọn.":
        "To receive your administrative dossier, forward it to the competent agency, tell you its status and "
        "send you the result by post if you choose so.",
    "Dữ liệu được thu thập": "Data collected",
    "Họ tên, số định danh cá nhân, ngày sinh, giới tính, nơi thường trú (đọc từ mã QR trên thẻ căn cước), "
    "số điện thoại, địa chỉ nhận kết quả và ảnh chụp các giấy tờ trong hồ sơ.":
        "Full name, personal ID number, date of birth, sex, permanent address (read from the QR code on your "
        "ID card), phone number, the address for the result and photos of the documents in the dossier.",
    "Ai xử lý dữ liệu": "Who processes the data",
    "Điểm tiếp nhận (bưu điện) xử lý dữ liệu thay mặt cơ quan giải quyết thủ tục. Dữ liệu chỉ được chuyển "
    "cho cơ quan đó và cho bưu tá khi trả kết quả tại nhà.":
        "The receiving point (post office) processes the data on behalf of the agency handling the procedure. "
        "The data goes only to that agency, and to the postman when the result is delivered to your home.",
    "Thời gian lưu": "How long it is kept",
    "Ảnh chụp giấy tờ bị xóa sau khi hồ sơ được bàn giao và xác nhận. Thông tin hồ sơ được lưu theo thời "
    "hạn lưu trữ hồ sơ thủ tục hành chính.":
        "Document photos are deleted once the dossier has been handed over and acknowledged. Dossier details "
        "are kept for the retention period of administrative dossiers.",
    "Quyền của Quý khách": "Your rights",
    "Quý khách có quyền không đồng ý; khi đó Quý khách vẫn có thể nộp hồ sơ trực tiếp tại quầy. Quý khách có quyền xem, sửa, "
    "rút lại sự đồng ý và yêu cầu xóa dữ liệu theo Luật Bảo vệ dữ liệu cá nhân.":
        "You may refuse; you can then still submit in person at the counter. You may see and correct your "
        "data, withdraw your consent and ask for deletion under the Personal Data Protection Law.",
    # ID card
    "Quét thẻ căn cước": "Scan your ID card",
    "Không tìm thấy camera. Hãy dùng máy quét cầm tay, hoặc chạm “Gọi nhân viên” để được giúp.":
        "No camera found. Use the handheld scanner, or tap “Call staff” for help.",
    "Không dùng được mã vừa quét: {reason} Vui lòng quét lại thẻ hoặc gọi nhân viên.":
        "The code just scanned cannot be used: {reason} Please scan your card again or call a staff member.",
    "Đây không phải mã QR trên thẻ căn cước.": "This is not the QR code on an ID card.",
    "Lấy số thứ tự": "Get a queue number",
    "Tôi không có số di động": "I have no mobile phone",
    "Đã gửi lệnh in. Quý khách vui lòng lấy số thứ tự và giấy tiếp nhận ở khe máy in; "
    "nếu không thấy, xin gọi nhân viên và ghi lại mã hồ sơ, mã tra cứu.":
        "Sent to the printer. Please take your queue number and receipt from the printer slot; if they are not "
        "there, please call staff and write down the reference and lookup code.",
    "Xóa {n} trang đã chụp của giấy tờ này?": "Delete the {n} pages captured for this document?",
    "Xóa các trang": "Delete the pages",
    "Không xóa": "Keep them",
    "Đã xuất trình: thẻ căn cước đã được quét ở bước trước": "Shown: your ID card was scanned at the previous step",
    "Không có số: Quý khách sẽ không nhận được tin nhắn về hồ sơ và chỉ nhận kết quả tại quầy.":
        "Without a number you will not get text messages about your dossier, and the result is collected at the "
        "counter only.",
    "Nhận tại nhà qua bưu điện (cần số điện thoại)": "Delivered home by post (needs a phone number)",
    "Số định danh trên thẻ đọc không đúng.": "The ID number read from the card is not right.",
    "Số định danh trên thẻ không khớp với ngày sinh hoặc giới tính.":
        "The ID number on the card does not match the birth date or sex.",
    "Số định danh trên thẻ không khớp với ngày sinh.": "The ID number on the card does not match the birth date.",
    "Ngày sinh trên thẻ đọc không đúng.": "The birth date read from the card is not right.",
    "Ngày cấp trên thẻ đọc không đúng.": "The issue date read from the card is not right.",
    "Giới tính trên thẻ đọc không đúng.": "The sex read from the card is not right.",
    "Số chứng minh nhân dân cũ trên thẻ đọc không đúng.": "The old ID number read from the card is not right.",
    "Thẻ đọc được không có họ và tên.": "The card read has no full name.",
    "Mã vừa quét không đọc được.": "The code just scanned could not be read.",
    "Đã gọi nhân viên. Vui lòng chờ trong giây lát.": "Staff have been called. Please wait a moment.",
    "Không gọi được nhân viên. Vui lòng đến quầy gần nhất.":
        "Staff could not be called. Please go to the nearest counter.",
    "Họ và tên": "Full name",
    "Số định danh": "ID number",
    "Ngày sinh": "Date of birth",
    "Giới tính": "Sex",
    "Nơi thường trú": "Permanent address",
    "Nam": "Male",
    "Nữ": "Female",
    "Đưa mã QR trên thẻ căn cước vào trước camera, hoặc vào máy quét cầm tay.":
        "Hold the QR code on your ID card in front of the camera, or under the handheld scanner.",
    "Thông tin đọc từ thẻ. Có đúng là Quý khách không?": "Details read from the card. Is this you?",
    "Nhân viên nhập thông tin trên thẻ": "Staff: type the details on the card",
    "Gọi nhân viên": "Call staff",
    "Đúng, tiếp tục": "Yes, continue",
    "Quét lại": "Scan again",
    "12 chữ số": "12 digits",
    "Ngày sinh (ddmmyyyy)": "Date of birth (ddmmyyyy)",
    "Nam hoặc Nữ": "Nam or Nữ",
    "Ngày cấp (ddmmyyyy)": "Issue date (ddmmyyyy)",
    "Bỏ trống nếu không rõ": "Leave empty if unknown",
    "Ngày cấp": "Issue date",
    "Dùng thông tin này": "Use these details",
    "Quét thẻ": "Scan the card",
    "Nhập tay (nhân viên)": "Type by hand (staff)",
    "Đang tìm mã QR…": "Looking for the QR code…",
    "Đã thấy mã QR. Giữ yên thẻ…": "QR code seen. Hold the card still…",
    "Đã đọc được thẻ.": "Card read.",
    # phone
    "Số điện thoại di động": "Mobile phone number",
    "Số điện thoại di động có 10 chữ số. Quý khách mới nhập {n} chữ số.":
        "A mobile number has 10 digits. You have entered {n}.",
    "Số này không phải số di động Việt Nam (bắt đầu bằng 03, 05, 07, 08 hoặc 09).":
        "This is not a Vietnamese mobile number (it starts with 03, 05, 07, 08 or 09).",
    "Nhập số điện thoại di động để nhận tin nhắn về hồ sơ và để bưu tá liên hệ khi trả kết quả.":
        "Enter your mobile number to get messages about your dossier and so the postman can reach you.",
    "Tiếp tục": "Continue",
    # documents
    "Giấy tờ trong hồ sơ": "Documents in the dossier",
    "Chưa chụp, chưa chọn": "Not photographed, not chosen",
    "Bản chính: {o} · Bản sao: {c}": "Originals: {o} · Copies: {c}",
    "Đã chụp {n} trang; nộp bản gốc tại quầy": "{n} page(s) photographed; original handed over at the counter",
    "Đã chụp {n} trang": "{n} page(s) photographed",
    "Nộp bản gốc tại quầy": "Hand over the original at the counter",
    "Không có (bỏ qua)": "Not applicable (skipped)",
    "Chụp trang tiếp theo": "Photograph the next page",
    "Không bắt buộc": "Optional",
    "Ảnh đạt yêu cầu. Chạm “Chụp trang này”.": "The picture is good. Tap “Take this page”.",
    "Chụp lại": "Take it again",
    "Không tìm thấy camera. Hãy chọn “Nộp bản gốc tại quầy” cho giấy tờ này.":
        "No camera found. Choose “Hand over the original at the counter” for this document.",
    "Chụp từng trang bằng camera, hoặc nộp bản gốc tại quầy. Giấy tờ không bắt buộc có thể bỏ qua.":
        "Photograph each page with the camera, or hand the original over at the counter. Optional documents "
        "may be skipped.",
    "Tôi sẽ nộp tất cả bản gốc tại quầy": "I will hand over all originals at the counter",
    "Còn giấy tờ bắt buộc chưa chụp hoặc chưa chọn nộp tại quầy: {names}":
        "Required documents neither photographed nor handed over at the counter: {names}",
    "Chưa lưu trang này: {advice}": "This page was not kept: {advice}",
    "Đặt trang giấy tờ phẳng trước camera, rồi chạm “Chụp trang này”.":
        "Lay the page flat in front of the camera, then tap “Take this page”.",
    "Đang mở camera…": "Opening the camera…",
    "Chụp trang này": "Take this page",
    "Xong": "Done",
    "Xóa các trang đã chụp": "Delete the pages taken",
    "Chụp": "Photograph",
    "Nộp tại quầy": "At the counter",
    "Không có": "Not applicable",
    "Không có số di động": "No mobile number",
    "máy gặp lỗi không mong đợi": "the kiosk hit an unexpected error",
    "Camera chưa sẵn sàng. Vui lòng thử lại.": "The camera is not ready. Please try again.",
    "Ảnh chưa đạt. Vui lòng chụp lại.": "The picture is not good enough. Please take it again.",
    # result return
    "Nhận kết quả": "Receiving the result",
    "Giao đến: ": "Deliver to: ",
    "Quý khách muốn nhận kết quả ở đâu?": "Where do you want to receive the result?",
    "(chưa có địa chỉ)": "(no address yet)",
    "Địa chỉ quá ngắn. Hãy ghi số nhà, đường hoặc thôn, xã/phường, tỉnh/thành phố.":
        "The address is too short. Give the house number, street or hamlet, commune/ward, province/city.",
    "Nhận tại quầy của điểm phục vụ này": "At the counter of this service point",
    "Nhận tại nhà qua bưu điện": "At home, by post",
    "Sửa địa chỉ nhận": "Change the delivery address",
    "Địa chỉ nhận kết quả (số nhà, đường/thôn, xã/phường, tỉnh/thành phố)":
        "Delivery address (house number, street/hamlet, commune/ward, province/city)",
    "Lưu địa chỉ": "Save the address",
    "Không sửa": "Keep it",
    # review
    "Kiểm tra và gửi hồ sơ": "Check and submit",
    "Thủ tục": "Procedure",
    "Người nộp": "Applicant",
    "Đủ 10 số, đang chuyển sang bước sau. Cần sửa, chạm “Xóa”.":
        "10 digits: going on to the next step. To fix it, tap “Delete”.",
    "Số điện thoại": "Phone",
    "Lệ phí": "Fee",
    "Tại nhà qua bưu điện, giao đến {address}": "At home by post, delivered to {address}",
    "Tại quầy": "At the counter",
    "Giấy tờ": "Documents",
    "Nhân viên hỗ trợ": "Assisting staff",
    "Đang gửi hồ sơ…": "Submitting the dossier…",
    "Nếu gửi bây giờ, hẹn trả kết quả: {when}": "If submitted now, the result is due: {when}",
    "Chưa gửi được hồ sơ, chưa có gì được lưu. {reason} Vui lòng thử lại hoặc gọi nhân viên.":
        "The dossier was not submitted and nothing was saved. {reason} Please try again or call staff.",
    ("Chưa rõ hồ sơ đã được lưu hay chưa vì mất kết nối với máy chủ. Xin Quý khách đợi một lát rồi "
     "chạm “Gửi hồ sơ” lần nữa (hồ sơ không bị nộp hai lần), hoặc gọi nhân viên."): (
        "It is not yet known whether the dossier was saved: the connection to the server was lost. Please wait a "
        "moment and tap “Submit the dossier” again (it will not be submitted twice), or call staff."),
    "Vui lòng kiểm tra lại. Cần sửa mục nào, chạm nút “Sửa” của mục đó.":
        "Please check everything. To change something, tap its “Change” button.",
    "Gửi hồ sơ": "Submit the dossier",
    "Sửa thông tin thẻ": "Change the ID card",
    "Sửa số điện thoại": "Change the phone",
    "Sửa giấy tờ": "Change the documents",
    "Sửa cách nhận kết quả": "Change the return",
    # done
    "Cán bộ sẽ báo ngày hẹn qua tin nhắn": "Staff will send you the appointment date by text message",
    "Cầm số thứ tự và giấy tiếp nhận, chờ gọi số{group}, rồi nộp bản gốc giấy tờ tại quầy.":
        "Take your queue number and receipt, wait to be called{group}, then hand the originals over at the counter.",
    "Hẹn trả kết quả: ": "Result due: ",
    "Số người đang chờ trước Quý khách: ": "People waiting before you: ",
    "Việc tiếp theo: ": "What next: ",
    "Tra cứu hồ sơ: quét mã QR trên giấy tiếp nhận tại kiosk, hoặc nhập mã hồ sơ và mã tra cứu.":
        "To look up your dossier, scan the QR code on the receipt at a kiosk, or type the reference and lookup code.",
    "Đã in xong. Vui lòng lấy số thứ tự và giấy tiếp nhận ở khe máy in.":
        "Printed. Please take your queue number and receipt from the printer slot.",
    "Đang in… ({done}/{total})": "Printing… ({done}/{total})",
    "Đã ghi nhận hồ sơ — Quý khách vui lòng chờ gọi số để nộp bản gốc tại quầy":
        "Dossier recorded — please wait for your number to hand in the originals at the counter",
    "Đang in số thứ tự và giấy tiếp nhận…": "Printing your queue number and receipt…",
    "Xong, về màn hình chính": "Done, back to the start",
    "Kết quả sẽ được bưu điện giao đến địa chỉ Quý khách đã chọn.":
        "The post office will deliver the result to the address you chose.",
    "Đã báo nhân viên; nhân viên sẽ in phiếu cho Quý khách. Hãy ghi lại mã hồ sơ và mã tra cứu.":
        "Staff have been told and will print your slips for you. Please note the reference and lookup code.",
    "Mã hồ sơ": "Dossier reference",
    "Mã tra cứu": "Lookup code",
    "Số thứ tự": "Queue number",
    "Máy in hết giấy.": "The printer is out of paper.",
    "Nắp máy in đang mở.": "The printer cover is open.",
    "Máy in không phản hồi.": "The printer does not answer.",
    "Máy in gặp lỗi.": "The printer has a fault.",
}
