"""The fee label, written in one place: the procedure screen, the review, the receipt and the console agree."""

from __future__ import annotations

from core.i18n import register_catalogue, translator

_ = translator("core.fees")
register_catalogue("core.fees", {
    "Miễn lệ phí": "No fee",
    "{amount} đồng": "{amount} VND",
    "Chưa có thông tin": "Not known yet",
})


def vnd(amount: int) -> str:
    """An amount in đồng with Vietnamese digit grouping: ``50.000``."""
    return f"{amount:,}".replace(",", ".")


def fee_label(fee_vnd: int | None, fee_text: str = "", *, lang: str | None = None) -> str:
    """The fee as people read it.

    The catalogue's rule text carries the conditions ("Miễn lệ phí khi đăng ký đúng hạn; quá hạn …"), so it is
    never dropped: it stands alone when there is no amount or the amount is zero, and follows a non-zero
    amount in brackets.

    Args:
        fee_vnd: The amount (0 = no fee; None = unknown or depends on the case).
        fee_text: The catalogue's rule text (may be empty).
        lang: Language (``vi`` for what is stored and printed; default: the current one).

    Returns:
        e.g. "Miễn lệ phí", "50.000 đồng", "50.000 đồng (bản sao: 5.000 đồng/trang)", or the rule text.
    """
    text = (fee_text or "").strip()
    if fee_vnd is None:
        return text or _("Chưa có thông tin", lang=lang)
    if fee_vnd == 0:
        return text or _("Miễn lệ phí", lang=lang)
    amount = _("{amount} đồng", lang=lang, amount=vnd(fee_vnd))
    return f"{amount} ({text})" if text else amount
