"""Document-capture error codes and retake advice (Vietnamese source, English catalogue)."""

from __future__ import annotations

from core.errors import KioskError
from core.i18n import register_catalogue, translator

_ = translator("devices")

# advice code -> what the citizen should do (Vietnamese source string).
ADVICE: dict[str, str] = {
    "no_page": "Không thấy trang giấy; hãy đặt giấy tờ vào khung hình",
    "too_dark": "Ảnh quá tối; hãy bật thêm đèn hoặc đưa giấy tờ ra chỗ sáng hơn",
    "too_small": "Trang giấy quá nhỏ; hãy đặt giấy tờ gần camera hơn",
    "cut_off": "Trang giấy bị cắt mất một phần; hãy đặt giấy tờ vào giữa khung hình",
    "too_blurry": "Ảnh bị mờ; hãy giữ yên giấy tờ rồi chụp lại",
    "glare": "Ảnh bị lóa; hãy nghiêng giấy tờ hoặc tránh đèn rồi chụp lại",
}

ERRORS: dict[str, str] = {
    "DOC-001": "Chưa có trang nào để xuất PDF",
    "DOC-002": "Ảnh không hợp lệ",
    "DOC-003": "Không đọc được ảnh trang {name}",
    "DOC-004": "Không ghi được tệp {name}",
}

register_catalogue(
    "devices",
    {
        ADVICE["no_page"]: "No page found; place the document in the frame",
        ADVICE["too_dark"]: "The image is too dark; turn on more light or move the document to a brighter place",
        ADVICE["too_small"]: "The page is too small; move the document closer to the camera",
        ADVICE["cut_off"]: "Part of the page is cut off; place the document in the middle of the frame",
        ADVICE["too_blurry"]: "The image is blurred; hold the document still and take it again",
        ADVICE["glare"]: "There is glare; tilt the document or avoid the lamp and take it again",
        ERRORS["DOC-001"]: "There are no pages to export as PDF",
        ERRORS["DOC-002"]: "The image is not valid",
        ERRORS["DOC-003"]: "Cannot read the page image {name}",
        ERRORS["DOC-004"]: "Cannot write the file {name}",
    },
)


class DocumentError(KioskError):
    """A document-capture failure with a stable ``DOC-0xx`` code.

    Args:
        code: One of the codes in :data:`ERRORS`.
        **values: Placeholders of the message.
    """

    code = "DOC-000"

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(_(ERRORS[code], **values), code=code)


def advice_text(code: str) -> str:
    """Return the translated retake advice for an advice code (``too_blurry``, ``glare``, ...)."""
    return _(ADVICE.get(code, code))
