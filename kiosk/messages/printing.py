"""English for the kiosk's identity refusals and the maybe-printed slips (kiosk.identity, kiosk.screens.held_jobs)."""

from __future__ import annotations

EN = {
    # kiosk.identity: start-up refusals (one line on stderr) and the identity file
    "Không đọc hoặc tạo được tệp định danh ki-ốt {path} ({reason}).":
        "Could not read or create the kiosk identity file {path} ({reason}).",
    "Tệp định danh ki-ốt {path} bị hỏng. Xóa tệp này để máy nhận định danh mới (bảng điều khiển sẽ thấy một máy "
    "mới).": "The kiosk identity file {path} is damaged. Delete it to give this machine a new identity (the console "
             "will see a new machine).",
    "Ki-ốt này đang chạy trong một tiến trình khác trên máy này (tệp {path} đang bị giữ). Chỉ chạy một ki-ốt cho "
    "mỗi thư mục dữ liệu.": "This kiosk is already running in another process on this machine ({path} is held). "
                              "Run one kiosk per data folder.",
    "Mã ki-ốt {code} đang được một máy khác dùng (mã máy {other}, {host}, còn hoạt động). Mỗi máy cần một mã ki-ốt "
    "riêng: đặt kiosk_code khác cho máy này (mã máy {mine}), hoặc tắt ki-ốt ở máy kia (nếu máy kia tắt đột ngột, "
    "chờ {wait} giây).":
        "Kiosk code {code} is in use by another machine (machine id {other}, {host}, alive). Each machine needs its "
        "own kiosk code: set another kiosk_code for this machine (machine id {mine}), or stop the kiosk on the "
        "other machine (if it stopped abruptly, wait {wait} seconds).",
    # kiosk.screens.held_jobs: slips that may be in the paper tray already
    "Có thể đã in — kiểm tra khay giấy": "May have printed — check the paper tray",
    "Đã in rồi": "Already printed",
    "{n} phiếu chưa in, trong đó {maybe} phiếu có thể đã in: kiểm tra khay giấy trước khi in lại.":
        "{n} slips not printed, {maybe} of them may have printed: check the paper tray before printing again.",
}
