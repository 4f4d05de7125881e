"""Consent records and satisfaction ratings on both databases."""

from __future__ import annotations

from datetime import datetime

import pytest

from db.calendar import VN_TZ
from db.models import Consent, Rating
from db.services.dossiers import submit_dossier
from db.services.feedback import COMMENT_MAX, FeedbackError, record_consent, record_rating

NOW = datetime(2026, 11, 19, 10, tzinfo=VN_TZ)


def test_consent_is_recorded_with_purpose_and_version(database, place):
    cid = record_consent(database, site_id=place["site_id"], kiosk_id=place["kiosk_id"], purpose="id_scan",
                         text_version="v3", accepted=False, now=NOW)
    with database.session() as s:
        c = s.get(Consent, cid)
        assert (c.purpose, c.text_version, c.accepted, c.at) == ("id_scan", "v3", False, NOW)
    for bad in ({"purpose": "Marketing!"}, {"text_version": " "}, {"accepted": None}):
        args = dict(site_id=place["site_id"], kiosk_id=place["kiosk_id"], purpose="dossier", text_version="v3",
                    accepted=True, now=NOW) | bad
        with pytest.raises(FeedbackError) as err:
            record_consent(database, **args)
        assert err.value.code == "DOS-063"


def test_rating_sanitised_limited_and_linked(database, place, make_draft):
    out = submit_dossier(database, make_draft(), now=NOW)
    rid = record_rating(database, site_id=place["site_id"], kiosk_id=place["kiosk_id"], level="satisfied",
                        criteria={"attitude": "very_satisfied", "time": "unsatisfied"},
                        comment="Nhanh\u202e gọn\x00 " + "x" * 900, dossier_reference=out.reference.lower(), now=NOW)
    with database.session() as s:
        r = s.get(Rating, rid)
        assert r.dossier_id == out.dossier_id and r.criteria["time"] == "unsatisfied"
        assert r.comment.startswith("Nhanh gọn x") and len(r.comment) <= COMMENT_MAX


@pytest.mark.parametrize(
    ("kw", "code"),
    [({"level": "ok"}, "DOS-060"), ({"criteria": {"food": "satisfied"}}, "DOS-062"),
     ({"dossier_reference": "NOPE-000000-0000"}, "DOS-061"), ({"kiosk_id": 987654}, "DOS-064")],
)
def test_rating_errors(database, place, kw, code):
    args = dict(site_id=place["site_id"], kiosk_id=place["kiosk_id"], level="very_satisfied", now=NOW) | kw
    with pytest.raises(FeedbackError) as err:
        record_rating(database, **args)
    assert err.value.code == code
