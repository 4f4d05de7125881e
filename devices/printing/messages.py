"""English catalogue for printer and virtual-printer messages (domain ``devices``)."""

from __future__ import annotations

from core.i18n import register_catalogue

ENGLISH = {
    "Cần cài gói pyserial để in qua cổng nối tiếp": "Install pyserial to print over a serial port",
    "Cần cài gói pyusb để in qua USB": "Install pyusb to print over USB",
    "Cần cài thư viện libusb-1.0 để in qua USB": "Install the libusb-1.0 library to print over USB",
    "Cần cài pycups hoặc lệnh lp để in qua CUPS": "Install pycups or the lp command to print through CUPS",
    "Không mở được cổng {port} cho máy in ảo: {why}": "Cannot open port {port} for the virtual printer: {why}",
    "Máy in ảo chỉ nhận {got}/{want} lệnh in": "The virtual printer received only {got}/{want} jobs",
    "Trạng thái không hợp lệ {state}": "Invalid state {state}",
    "cần dạng usb://VID:PID (hệ 16)": "expected usb://VID:PID (hexadecimal)",
    "cổng không hợp lệ": "invalid port",
    "kiểu kết nối không hỗ trợ, dùng một trong {names}": "unsupported transport, use one of {names}",
    "thiếu tiền tố như tcp:// hoặc file://": "missing a prefix such as tcp:// or file://",
    "thiếu tên máy": "missing host name",
    "cú pháp không hợp lệ": "malformed address",
    "thiếu đường dẫn thiết bị": "missing device path",
    "Địa chỉ máy in không hợp lệ {url}: {why}": "Invalid printer address {url}: {why}",
    "Không in vào {path}: đó là một tệp có sẵn, không phải tệp lệnh in; tệp không bị ghi đè.":
        "Not printing to {path}: it is an existing file that holds no print jobs; it was not overwritten.",
    "Không in vào {path}: đó không phải thiết bị máy in hay tệp lệnh in.":
        "Not printing to {path}: it is neither a printer device nor a print-job file.",
}

register_catalogue("devices", ENGLISH)
