"""English catalogue of voice guidance: each screen's spoken instruction and the header's sound button."""

from __future__ import annotations

EN: dict[str, str] = {
    # header button (kiosk.widgets.header): what a tap does
    "Tắt tiếng": "Mute",
    "Bật tiếng": "Sound on",
    # spoken instructions (``spoken_instruction()`` of each screen; never a name, number or address)
    "Xin mời Quý khách chọn việc cần làm.": "Please choose what you would like to do.",
    "Xin mời Quý khách chọn thủ tục cần làm, hoặc gõ tên thủ tục để tìm.":
        "Please choose the procedure you need, or type its name to search.",
    "Xin mời Quý khách xem các giấy tờ cần chuẩn bị cho thủ tục này.":
        "Please look at the papers this procedure needs.",
    "Quý khách vui lòng đọc thông báo, rồi chạm Tôi đồng ý để tiếp tục.":
        "Please read the notice, then touch I agree to continue.",
    "Xin mời Quý khách đưa mã QR trên thẻ căn cước vào trước camera.":
        "Please hold the QR code on your citizen ID card in front of the camera.",
    "Quý khách vui lòng kiểm tra thông tin trên màn hình.": "Please check the details on the screen.",
    "Xin mời Quý khách nhập số điện thoại di động.": "Please enter your mobile phone number.",
    "Xin mời Quý khách chụp từng giấy tờ, hoặc chọn nộp bản gốc tại quầy.":
        "Please photograph each paper, or choose to hand in the original at the counter.",
    "Xin mời Quý khách chọn nơi nhận kết quả.": "Please choose where to receive the result.",
    "Quý khách vui lòng kiểm tra lại hồ sơ, rồi chạm Gửi hồ sơ.":
        "Please check your dossier, then touch Submit the dossier.",
    "Đã ghi nhận hồ sơ. Xin mời Quý khách nhận phiếu và chờ gọi số tại quầy.":
        "Your dossier is recorded. Please take your slip and wait for your number at the counter.",
    "Xin mời Quý khách chọn quầy cần đến để lấy số thứ tự.": "Please choose a counter to get a queue number.",
    "Xin mời Quý khách quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ.":
        "Please scan the QR code on your receipt, or enter the dossier code.",
    "Xin mời Quý khách đánh giá mức độ hài lòng.": "Please rate how satisfied you are.",
}
