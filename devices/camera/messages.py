"""Camera error codes and human-readable state messages (Vietnamese source, English catalogue)."""

from __future__ import annotations

from core.errors import KioskError
from core.i18n import register_catalogue, translator

_ = translator("devices")

# Vietnamese source strings; the English catalogue is registered below.
MESSAGES: dict[str, str] = {
    "ok": "Camera đang hoạt động",
    "device_missing": "Không tìm thấy camera {spec}; kiểm tra cáp USB",
    "device_lost": "Camera {spec} đã bị ngắt kết nối",
    "device_error": "Camera {spec} không trả về hình ảnh",
    "file_missing": "Không tìm thấy tệp hoặc thư mục {spec}",
    "file_error": "Không mở được tệp video {spec}",
    "folder_empty": "Thư mục {spec} không có ảnh",
    "ended": "Đã hết hình ảnh",
    "closed": "Nguồn hình ảnh đã đóng",
    "bad_demo": "Cảnh mẫu không tồn tại: {spec}",
}

register_catalogue(
    "devices",
    {
        MESSAGES["ok"]: "The camera is working",
        MESSAGES["device_missing"]: "Camera {spec} not found; check the USB cable",
        MESSAGES["device_lost"]: "Camera {spec} was disconnected",
        MESSAGES["device_error"]: "Camera {spec} returns no images",
        MESSAGES["file_missing"]: "File or folder {spec} not found",
        MESSAGES["file_error"]: "Cannot open the video file {spec}",
        MESSAGES["folder_empty"]: "Folder {spec} has no images",
        MESSAGES["ended"]: "No more images",
        MESSAGES["closed"]: "The frame source is closed",
        MESSAGES["bad_demo"]: "No such demo scene: {spec}",
    },
)


def message(key: str, **values: object) -> str:
    """Return the translated message ``key`` with placeholders filled."""
    return _(MESSAGES[key], **values)


class CameraError(KioskError):
    """A frame source that cannot be used (CAM-0xx). Missing cameras are a state, not this error.

    Codes: CAM-001 camera missing, CAM-002 camera returns no frames, CAM-003 file/folder missing,
    CAM-004 video file unreadable, CAM-005 folder without images, CAM-006 unknown demo scene.
    """

    code = "CAM-000"
