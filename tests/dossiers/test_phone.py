"""Vietnamese mobile number normalisation (pure)."""

import pytest

from db.services.dossiers import DossierError, normalize_vn_mobile


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"),
     ("0084.912.345.678", "0912345678"), ("(+84) 32-123-4567", "0321234567"), (" 0587 123 456 ", "0587123456"),
     ("0701234567", "0701234567"), ("0861234567", "0861234567")],
)
def test_valid_numbers(text, expected):
    assert normalize_vn_mobile(text) == expected


@pytest.mark.parametrize(
    "text", ["", "091234567", "09123456789", "0212345678", "0412345678", "0612345678", "+1 912 345 678",
             "09l2345678", "０９１２３４５６７８", "84-0912345678"],
)
def test_invalid_numbers(text):
    with pytest.raises(DossierError) as err:
        normalize_vn_mobile(text)
    assert err.value.code == "DOS-004"
