"""English for the calling board (kiosk.board)."""

from __future__ import annotations

EN: dict[str, str] = {
    "MỜI KHÁCH HÀNG SỐ": "NOW SERVING",
    "Chưa gọi số nào": "No number called yet",
    "Mời đến": "Please go to",
    "Mời đến quầy": "Please go to the counter",
    "Vừa gọi": "Recently called",
    "Đang chờ": "Waiting",
    "{n} người": "{n} people",
    "Mất kết nối máy chủ, đang thử lại…": "Lost the server connection, retrying…",
}
