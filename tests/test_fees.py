"""One fee label: the procedure screen, the review, the receipt and the console say the same words."""

from __future__ import annotations

import pytest

from core.fees import fee_label


@pytest.mark.parametrize(("vnd", "text", "label"), [
    (0, "", "Miễn lệ phí"),
    (0, "Miễn lệ phí khi đăng ký đúng hạn; quá hạn theo mức HĐND cấp tỉnh",
     "Miễn lệ phí khi đăng ký đúng hạn; quá hạn theo mức HĐND cấp tỉnh"),  # the condition is never dropped
    (50000, "", "50.000 đồng"),
    (1200000, "bản sao 5.000 đồng/trang", "1.200.000 đồng (bản sao 5.000 đồng/trang)"),
    (None, "Theo mức thu của HĐND tỉnh", "Theo mức thu của HĐND tỉnh"),
    (None, "", "Chưa có thông tin"),
])
def test_fee_label(vnd, text, label):
    assert fee_label(vnd, text, lang="vi") == label


def test_the_four_places_agree():
    from types import SimpleNamespace

    from db.catalogue.views import ProcedureDetail
    from db.services.dossiers import fee_label as receipt_label
    from kiosk.widgets.format import fee as screen_label

    for vnd, text in ((0, "Miễn khi đúng hạn"), (25000, ""), (None, "Theo quy định"), (0, "")):
        expected = fee_label(vnd, text, lang="vi")
        assert receipt_label(SimpleNamespace(fee_vnd=vnd, fee_text=text)) == expected
        assert screen_label(vnd, text) == expected
        view = ProcedureDetail.__new__(ProcedureDetail)
        object.__setattr__(view, "fee_vnd", vnd)
        object.__setattr__(view, "fee_text", text)
        assert view.fee_display == expected
