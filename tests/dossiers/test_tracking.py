"""S10 tracking numbers for home delivery: the site's series, the guarded allocation, the address label (issue 14)."""

from __future__ import annotations

import threading

import cv2
import pytest
from sqlalchemy import select

from core import s10
from core.errors import KioskError
from db.engine import Database
from devices.codes import decode_frame
from db.models import AuditEvent, Dossier, PrintJob, TrackingSeries
from db.services import tracking
from db.services.dossier_status import change_status
from db.services.dossiers import submit_dossier
from tests.dossiers.conftest import vn

NOW = vn(2026, 11, 27, 10)


def result_ready(database: Database, make_draft, *, post: bool = True) -> int:
    """A dossier returned by post (or at the counter) whose result is ready."""
    extra = {"return_method": "post", "delivery_address": "Số 2 Ngõ Z, Phường Y, Hà Nội"} if post else {}
    out = submit_dossier(database, make_draft("1.001193", **extra), now=vn(2026, 11, 19, 9))
    for status in ("agency_received", "processing", "result_ready"):
        change_status(database, out.dossier_id, status, actor="nhan.vien", now=vn(2026, 11, 20, 9))
    return out.dossier_id


def test_set_series_retires_the_previous_and_refuses_overlaps(database, place):
    first = tracking.set_series(database, place["site_id"], prefix="rr", first=1000, last=1999, user="quan.tri")
    assert (first.prefix, first.first, first.last, first.country, first.last_used) == ("RR", 1000, 1999, "VN", None)
    second = tracking.set_series(database, place["site_id"], prefix="RR", first=2000, last=2999, user="quan.tri")
    with database.read_session() as s:
        assert tracking.active_series(s, place["site_id"]).id == second.id
        assert [v.active for v in tracking.list_series(s, place["site_id"])] == [True, False]
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.action == "site.tracking_series")).all()
    with pytest.raises(KioskError) as err:
        tracking.set_series(database, place["site_id"], prefix="RR", first=2500, last=3500, user="quan.tri")
    assert err.value.code == "DOS-085"
    with pytest.raises(s10.S10Error) as bad:
        tracking.set_series(database, place["site_id"], prefix="R1", first=1, last=5, user="quan.tri")
    assert bad.value.code == "S10-002"
    with pytest.raises(s10.S10Error) as rng:
        tracking.set_series(database, place["site_id"], prefix="EE", first=5, last=1, user="quan.tri")
    assert rng.value.code == "S10-010"


def test_label_draws_a_number_once_and_a_reprint_reuses_it(database, make_draft, place):
    dossier = result_ready(database, make_draft)
    tracking.set_series(database, place["site_id"], prefix="RR", first=47312482, last=47312581, user="quan.tri")
    first = tracking.print_label(database, dossier, user="nhan.vien", now=NOW, kiosk_id=place["kiosk_id"])
    assert first.tracking_number == "RR473124829VN" and first.new_number and first.job_id is not None
    assert first.payload["recipient"]["address"] == "Số 2 Ngõ Z, Phường Y, Hà Nội"
    assert first.payload["tracking_number"] == first.tracking_number and not first.warning
    again = tracking.print_label(database, dossier, user="nhan.vien", now=NOW, kiosk_id=place["kiosk_id"])
    assert again.tracking_number == first.tracking_number and not again.new_number
    assert again.job_id != first.job_id
    with database.read_session() as s:
        assert s.get(Dossier, dossier).tracking_number == "RR473124829VN"
        assert s.scalar(select(TrackingSeries.last_used)) == 47312482
        jobs = s.scalars(select(PrintJob).where(PrintJob.kind == "label")).all()
        assert [j.payload["tracking_number"] for j in jobs] == ["RR473124829VN"] * 2
    # No kiosk: nothing queued, the payload comes back for a file.
    file_only = tracking.print_label(database, dossier, user="nhan.vien", now=NOW)
    assert file_only.job_id is None and file_only.tracking_number == "RR473124829VN"


def test_refusals_before_anything_is_printed(database, make_draft, place):
    counter = result_ready(database, make_draft, post=False)
    post = result_ready(database, make_draft)
    with pytest.raises(KioskError) as no_series:
        tracking.print_label(database, post, user="a", now=NOW, kiosk_id=place["kiosk_id"])
    assert no_series.value.code == "DOS-080"
    tracking.set_series(database, place["site_id"], prefix="RR", first=1, last=1, user="quan.tri")
    with pytest.raises(KioskError) as at_counter:
        tracking.print_label(database, counter, user="a", now=NOW, kiosk_id=place["kiosk_id"])
    assert at_counter.value.code == "DOS-081"
    received = submit_dossier(database, make_draft("1.001193", return_method="post", delivery_address="Số 3, Hà Nội"),
                              now=vn(2026, 11, 19, 10)).dossier_id
    with pytest.raises(KioskError) as too_early:
        tracking.print_label(database, received, user="a", now=NOW, kiosk_id=place["kiosk_id"])
    assert too_early.value.code == "DOS-082"
    # The one-number series: the first label takes it (with the warning), the next dossier is refused clearly.
    last = tracking.print_label(database, post, user="a", now=NOW, kiosk_id=place["kiosk_id"])
    assert last.tracking_number == s10.make("RR", 1) and last.used_fraction == 1.0 and "100%" in last.warning
    other = result_ready(database, make_draft)
    with database.read_session() as s:
        jobs_before = len(s.scalars(select(PrintJob.id).where(PrintJob.kind == "label")).all())
    with pytest.raises(s10.S10Error) as used_up:
        tracking.print_label(database, other, user="a", now=NOW, kiosk_id=place["kiosk_id"])
    assert used_up.value.code == "S10-011"
    with database.read_session() as s:
        assert len(s.scalars(select(PrintJob.id).where(PrintJob.kind == "label")).all()) == jobs_before
        assert s.get(Dossier, other).tracking_number is None


def test_ninety_percent_warning(database, make_draft, place):
    tracking.set_series(database, place["site_id"], prefix="RR", first=0, last=9, user="quan.tri")
    database.run(lambda s: s.execute(TrackingSeries.__table__.update().values(last_used=7)))
    dossier = result_ready(database, make_draft)
    out = tracking.print_label(database, dossier, user="a", now=NOW)
    assert out.tracking_number == s10.make("RR", 8) and out.used_fraction == 0.9
    assert "90%" in out.warning and "1" in out.warning


def test_two_consoles_never_share_a_number(database, make_draft, place):
    tracking.set_series(database, place["site_id"], prefix="RR", first=100, last=199, user="quan.tri")
    dossiers = [result_ready(database, make_draft) for _ in range(4)]
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(dossier_id: int) -> None:
        barrier.wait()
        try:
            results.append(tracking.print_label(database, dossier_id, user="a", now=NOW,
                                                kiosk_id=place["kiosk_id"]).tracking_number)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(d,)) for d in dossiers * 2]  # each dossier twice at once
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with database.read_session() as s:
        stored = {d: s.get(Dossier, d).tracking_number for d in dossiers}
        last_used = s.scalar(select(TrackingSeries.last_used))
    assert len(set(stored.values())) == 4 and all(stored.values())
    assert sorted(results) == sorted(list(stored.values()) * 2)  # both prints of a dossier carry its one number
    assert last_used == 103  # four numbers consumed, none twice


def test_label_prints_through_the_virtual_printer(database, make_draft, place, virtual_printer):
    from devices.layouts import render_payload
    from devices.printing import send

    tracking.set_series(database, place["site_id"], prefix="RR", first=47312482, last=47312581, user="quan.tri")
    dossier = result_ready(database, make_draft)
    out = tracking.print_label(database, dossier, user="a", now=NOW, kiosk_id=place["kiosk_id"])
    with database.read_session() as s:
        job = s.get(PrintJob, out.job_id)
        kind, payload = job.kind, dict(job.payload)
    for width in (80, 58):
        result = send(virtual_printer.url, render_payload(kind, payload, width))
        assert result.ok
    jobs = virtual_printer.wait_for_jobs(2)
    for job in jobs:
        assert job.barcodes == [("code128", out.tracking_number)]
        # The emulator's drawing of the label decodes back to the stored number (independent decoder).
        image = cv2.imread(str(job.png_path))
        texts = {c.text for c in decode_frame(image, formats=["Code128"])}
        assert out.tracking_number in texts
        assert s10.validate(out.tracking_number) == out.tracking_number
