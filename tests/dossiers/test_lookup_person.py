"""Look-up by CCCD + the phone's last digits, the failed look-up log and the receipt QR's URL form (SQLite and PG)."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.models import Dossier, Kiosk, LookupFailure, Site
from db.services.dossier_lookup import (
    PersonDossier,
    id_failure_key,
    lookup_by_id_card,
    lookup_failures,
    parse_receipt_qr,
    receipt_qr_text,
    record_lookup_failure,
    reference_failure_key,
    short_reference,
)
from db.services.dossier_status import change_status
from db.services.dossiers import submit_dossier
from tests.dossiers.conftest import vn

ID = "001090123456"
NOW = vn(2026, 11, 25, 10)


def _submit(database, make_draft, code: str = "1.004873", when=None, **kw):  # noqa: ANN001
    return submit_dossier(database, make_draft(code, **kw), now=when or vn(2026, 11, 19, 10))


def test_open_dossiers_of_that_id_with_the_right_digits_only(database, make_draft) -> None:
    mine = _submit(database, make_draft)  # phone +84 912 345 678 → 0912345678
    ready = _submit(database, make_draft, when=vn(2026, 11, 20, 9))
    returned = _submit(database, make_draft)
    withdrawn = _submit(database, make_draft)
    old = _submit(database, make_draft, when=vn(2025, 10, 1, 9))  # more than 12 months before NOW
    other = _submit(database, make_draft, applicant_id_number="001090999999")
    for did, steps in ((ready.dossier_id, ["agency_received", "processing", "result_ready"]),
                       (returned.dossier_id, ["agency_received", "processing", "result_ready", "returned"]),
                       (withdrawn.dossier_id, ["withdrawn"])):
        for hour, status in enumerate(steps, start=11):
            change_status(database, did, status, actor="agent", now=vn(2026, 11, 21, hour))

    found = lookup_by_id_card(database, ID, "5678", now=NOW)
    assert [f.detail.reference for f in found] == [ready.reference, mine.reference]  # newest first
    assert returned.reference not in str(found) and withdrawn.reference not in str(found)
    assert old.reference not in str(found) and other.reference not in str(found)
    first = found[0]
    assert isinstance(first, PersonDossier) and first.status == "result_ready" and first.status_label
    assert first.short_reference == ready.reference.split("-", 1)[1] and len(first.short_reference) == 11
    assert first.procedure_name and first.appointment_at is not None and first.detail.timeline
    with pytest.raises(AttributeError):
        first.status = "x"  # type: ignore[misc] - a frozen read-model
    text = str(asdict(first))
    assert "Nguyễn" not in text and ID not in text and "0912345678" not in text and "Phố X" not in text
    assert {f.name for f in fields(PersonDossier)} == {
        "short_reference", "procedure_name", "status", "status_label", "received_at", "appointment_at", "deadline",
        "detail"}


@pytest.mark.parametrize("digits", ["5677", "1234", "678", "56789", "", "abcd", "5 678"])
def test_wrong_or_malformed_digits_find_nothing(database, make_draft, digits: str) -> None:
    _submit(database, make_draft)
    assert lookup_by_id_card(database, ID, digits, now=NOW) == ()


def test_no_phone_and_no_dossier_give_the_same_empty_answer(database, make_draft) -> None:
    _submit(database, make_draft, applicant_phone="")
    assert lookup_by_id_card(database, ID, "0000", now=NOW) == ()  # a dossier without a phone never matches
    assert lookup_by_id_card(database, "079200000001", "5678", now=NOW) == ()  # no dossier at all
    assert lookup_by_id_card(database, "not-an-id", "5678", now=NOW) == ()


def test_the_issue_date_must_agree_when_both_sides_know_it(database, make_draft) -> None:
    out = _submit(database, make_draft, applicant_id_issued_on=date(2021, 4, 15))
    assert lookup_by_id_card(database, ID, "5678", issued_on=date(2021, 4, 15), now=NOW)
    assert lookup_by_id_card(database, ID, "5678", now=NOW)  # a card QR without an issue date
    assert lookup_by_id_card(database, ID, "5678", issued_on=date(2022, 1, 1), now=NOW) == ()
    with database.session() as s:
        s.get(Dossier, out.dossier_id).applicant_id_issued_on = None  # entered without the date
    assert lookup_by_id_card(database, ID, "5678", issued_on=date(2022, 1, 1), now=NOW)


def test_failure_log_is_shared_by_kiosks_per_key_and_forgets_old_rows(database, place) -> None:
    with database.session() as s:
        kiosk = Kiosk(site_id=place["site_id"], code="K99", name="K99")
        s.add(kiosk)
        s.flush()
        other = kiosk.id
    here = place["kiosk_id"]
    key = reference_failure_key("000.00.16.H26-261120-0001")
    for minutes, kiosk_id in ((1, here), (2, other), (3, other)):
        record_lookup_failure(database, kiosk_id=kiosk_id, key=key, now=NOW + timedelta(minutes=minutes))
    record_lookup_failure(database, kiosk_id=here, key=reference_failure_key("261121-0002"), now=NOW)
    log = lookup_failures(database, kiosk_id=here, key=reference_failure_key("2611200001"), since=NOW)
    assert len(log.key) == 3 and len(log.kiosk) == 2  # the reference at any kiosk; this kiosk for any reference
    assert log.key[0] == NOW + timedelta(minutes=3)  # newest first
    later = NOW + timedelta(days=2)
    record_lookup_failure(database, kiosk_id=here, key=key, now=later, forget_before=later - timedelta(days=1))
    with database.session() as s:
        assert len(s.scalars(select(LookupFailure)).all()) == 1


def test_failure_keys_never_hold_the_id_number() -> None:
    key = id_failure_key(ID)
    assert key.startswith("id:") and ID not in key and len(key) <= 60
    assert key == id_failure_key(" 0010 9012 3456 ") and key != id_failure_key("001090123457")
    assert reference_failure_key("000.00.16.h26-261120-0001") == reference_failure_key("261120-1") \
        == reference_failure_key("2611200001") == "ref:261120-0001"
    assert short_reference("000.00.16.H26-261120-0001") == "261120-0001"


def test_receipt_qr_text_bare_or_public_url_and_back() -> None:
    ref, secret = "000.00.16.H26-261120-0001", "7KQM"
    assert receipt_qr_text(ref, secret) == f"HS|{ref}|{secret}"
    url = receipt_qr_text(ref, secret, "https://tracuu.example.vn/hs")
    assert url == f"https://tracuu.example.vn/hs?ma={ref}&k={secret}"
    assert receipt_qr_text("A&B=C", "7K M", "https://x.vn/t?nguon=qr") == "https://x.vn/t?nguon=qr&ma=A%26B%3DC&k=7K+M"
    own = "https://TRACUU.example.vn/khac"  # the host decides; its case and the path do not
    assert parse_receipt_qr(url, own) == (ref, secret)
    assert parse_receipt_qr(url.replace("7KQM", "7kqm"), own) == (ref, secret)
    assert parse_receipt_qr(url) is None  # no URL configured: a URL is an unknown code
    assert parse_receipt_qr(url, "https://evil.example.vn/hs") is None
    assert parse_receipt_qr(url.replace("tracuu.example.vn", "tracuu.example.vn.evil.vn"), own) is None
    assert parse_receipt_qr(url, "https://tracuu.example.vn:8443/hs") is None  # another port
    assert parse_receipt_qr("https://tracuu.example.vn/hs?ma=X", own) is None  # no secret
    assert parse_receipt_qr("https://tracuu.example.vn/hs?ma=X&ma=Y&k=Z", own) is None  # ambiguous
    assert parse_receipt_qr("ftp://tracuu.example.vn/hs?ma=X&k=Z", own) is None
    assert parse_receipt_qr("https://[bad/hs?ma=X&k=Z", own) is None
    assert parse_receipt_qr(f"HS|{ref}|{secret}", own) == (ref, secret)  # the bare form still works


@pytest.mark.parametrize("url", ["", "https://tracuu.example.vn/hs"])
def test_printed_receipt_qr_carries_the_public_url_when_the_site_sets_one(database, make_draft, place, tmp_path,
                                                                         url: str) -> None:
    from devices.layouts import preview_png, render_receipt
    from tests.printing.helpers import qr_texts

    with database.session() as s:
        s.get(Site, place["site_id"]).public_lookup_url = url
    out = _submit(database, make_draft)
    for width in (80, 58):
        png = tmp_path / f"receipt-{width}.png"
        preview_png(render_receipt(out.receipt_payload, width), png)
        expected = (f"{url}?ma={out.reference}&k={out.lookup_secret}" if url
                    else f"HS|{out.reference}|{out.lookup_secret}")
        assert qr_texts(png) == [expected]
        assert parse_receipt_qr(expected, url) == (out.reference, out.lookup_secret)
