"""English for the look-up by ID card (CCCD + phone digits) and the look-up limits (issues 9 and 10)."""

from __future__ import annotations

EN: dict[str, str] = {
    # look-up screen
    "Đưa mã QR trên giấy biên nhận vào máy quét, hoặc nhập mã hồ sơ (chỉ cần phần cuối, ví dụ 261120-0001) "
    "và mã tra cứu. Không có giấy biên nhận: quét thẻ căn cước để xem các hồ sơ của Quý khách.":
        "Hold the QR code on your receipt to the scanner, or type the dossier reference (the last part is "
        "enough, e.g. 261120-0001) and the lookup code. No receipt? Scan your ID card to see your dossiers.",
    "Mã vừa quét không phải giấy biên nhận hồ sơ hay thẻ căn cước. Vui lòng quét mã QR trên giấy tiếp nhận "
    "hoặc trên thẻ căn cước.":
        "The code you scanned is neither a dossier receipt nor an ID card. Please scan the QR code on your "
        "receipt or on your ID card.",
    "Không đọc được thẻ căn cước. Vui lòng quét lại thẻ, hoặc nhập mã trên giấy biên nhận.":
        "The ID card could not be read. Please scan the card again, or type the code on your receipt.",
    # look-up by ID card
    "Tra cứu bằng thẻ căn cước": "Look up with your ID card",
    "Xin mời Quý khách nhập 4 số cuối của số điện thoại đã khai khi nộp hồ sơ.":
        "Please enter the last 4 digits of the phone number you gave when you submitted the dossier.",
    "Thẻ căn cước": "ID card",
    "Nhập 4 số cuối của số điện thoại Quý khách đã khai khi nộp hồ sơ, rồi chạm “Đồng ý”.":
        "Enter the last 4 digits of the phone number you gave when you submitted the dossier, then tap “OK”.",
    "Khi chạm “Đồng ý”, Quý khách đồng ý cho máy dùng số căn cước này chỉ để tìm hồ sơ của mình.":
        "By tapping “OK” you agree that the kiosk uses this ID number only to find your dossiers.",
    "Vui lòng nhập đủ 4 số cuối của số điện thoại.": "Please enter all 4 last digits of the phone number.",
    "Đang tìm hồ sơ…": "Looking for your dossiers…",
    "Không tìm thấy hồ sơ đang giải quyết với thẻ căn cước và 4 số điện thoại này. Vui lòng kiểm tra lại 4 số, "
    "hoặc dùng mã trên giấy biên nhận, hoặc hỏi nhân viên tại quầy.":
        "No open dossier was found for this ID card and these 4 digits. Please check the 4 digits, or use the "
        "code on your receipt, or ask staff at the counter.",
    "Tôi không khai số điện thoại": "I gave no phone number",
    "Hồ sơ nộp không kèm số điện thoại thì không tra cứu được bằng thẻ căn cước. Quý khách vui lòng dùng mã "
    "hồ sơ và mã tra cứu trên giấy biên nhận, hoặc hỏi nhân viên tại quầy.":
        "A dossier submitted without a phone number cannot be looked up with the ID card. Please use the "
        "reference and lookup code on your receipt, or ask staff at the counter.",
    "Hồ sơ đang giải quyết của Quý khách. Chạm vào một hồ sơ để xem chi tiết.":
        "Your open dossiers. Tap one to see its details.",
    "Mã": "Code",
    "Hẹn trả": "Result due",
    "Chưa có ngày hẹn": "No appointment date yet",
    "Quay lại danh sách": "Back to the list",
    # look-up limits (kiosk.services)
    "Máy này tạm ngừng tra cứu vì có quá nhiều lần nhập sai. Quý khách vui lòng hỏi nhân viên tại quầy.":
        "Look-ups at this kiosk are paused after too many wrong entries. Please ask staff at the counter.",
    "Mã hồ sơ này đã bị nhập sai mã tra cứu quá nhiều lần nên tạm khóa tra cứu tại máy. Quý khách vui lòng hỏi "
    "nhân viên tại quầy.":
        "This dossier reference was tried with a wrong lookup code too many times, so kiosk look-ups of it are "
        "locked for now. Please ask staff at the counter.",
    "Thẻ căn cước này đã được thử quá nhiều lần nên tạm khóa tra cứu tại máy. Quý khách vui lòng hỏi nhân viên "
    "tại quầy.":
        "This ID card was tried too many times, so kiosk look-ups with it are locked for now. Please ask staff "
        "at the counter.",
}
