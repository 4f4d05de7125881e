"""Turn a citizen session into a dossier draft and submit it in one transaction (called from a worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import logging
import time

from core.errors import KioskError
from db.engine import CommitInDoubt, DatabaseUnavailable, unavailable
from db.services.dossiers import DocumentDraft, DossierDraft, SubmittedDossier, find_submission, submit_dossier
from kiosk.clock import check_plausible
from kiosk.context import KioskContext
from kiosk.messages import _
from kiosk.state import CitizenSession


log = logging.getLogger(__name__)
IN_DOUBT = ("Chưa rõ hồ sơ đã được lưu hay chưa vì mất kết nối với máy chủ. Xin Quý khách đợi một lát rồi "
            "chạm “Gửi hồ sơ” lần nữa (hồ sơ không bị nộp hai lần), hoặc gọi nhân viên.")
#: After a lost COMMIT, how long to keep asking the database whether the dossier was saved.
DOUBT_CHECK_S = (0.5, 1.0, 2.0)


class SubmissionRefused(KioskError):
    """The session is not complete enough to submit (a step was skipped)."""

    code = "KIO-030"


class SubmissionInDoubt(KioskError):
    """The COMMIT was sent and the database went away: saved or not is unknown until it answers again.

    Submitting again is safe (the consent makes the submission idempotent), so the citizen may retry.
    """

    code = "KIO-031"


@dataclass(frozen=True)
class SubmissionSummary:
    """What the Done screen shows after a successful submission (no personal data but the reference).

    Attributes:
        dossier_id: The new dossier's id.
        reference: Dossier code ``<unit>-<YYMMDD>-<NNNN>``.
        lookup_secret: The 4-character lookup secret printed on the receipt.
        appointment_at: When the result is due (local time), or None when the procedure has no fixed time.
        ticket_number: Queue ticket, e.g. ``HT-012``.
        people_ahead: People waiting before this ticket.
        counter_group: Counters serving the queue.
        return_method: ``counter`` or ``post``.
        print_job_ids: The ticket and receipt jobs written to the outbox.
    """

    dossier_id: int
    reference: str
    lookup_secret: str
    appointment_at: datetime | None
    ticket_number: str
    people_ahead: int
    counter_group: str
    return_method: str
    print_job_ids: tuple[int, ...]


def documents_of(session: CitizenSession) -> list[DocumentDraft]:
    """The documents to submit: scanned ones and those handed over at the counter; skipped ones left out."""
    out = []
    for doc in session.documents:
        if not doc.pages and not doc.at_counter and not doc.presented:
            continue  # a conditional document the citizen does not have
        out.append(
            DocumentDraft(
                requirement_id=doc.requirement_id,
                name=doc.name,
                originals=doc.originals,
                copies=doc.copies,
                at_counter=doc.at_counter,
                pages=list(doc.pages),
            )
        )
    return out


def build_draft(ctx: KioskContext, session: CitizenSession) -> DossierDraft:
    """Build the draft of ``session``.

    Raises:
        SubmissionRefused: No procedure, consent or confirmed ID card, or a required document is open.
    """
    card = session.id_card
    if not session.procedure_code or session.consent_id is None or card is None:
        raise SubmissionRefused("procedure, consent or ID card missing")
    for doc in session.documents:
        if doc.required and not doc.pages and not doc.at_counter and not doc.presented:
            raise SubmissionRefused("a required document has neither pages nor the counter mark")
    return DossierDraft(
        site_id=ctx.site_id,
        kiosk_id=ctx.kiosk_id,
        procedure_code=session.procedure_code,
        consent_id=session.consent_id,
        applicant_name=card.name,
        applicant_id_number=card.id,
        applicant_old_id=card.old_id or "",
        applicant_dob=card.dob,
        applicant_id_issued_on=card.issued,
        applicant_sex=card.sex,
        applicant_address=card.address,
        applicant_phone=session.phone,
        return_method=session.return_method,
        delivery_address=session.delivery_address if session.return_method == "post" else "",
        documents=documents_of(session),
        assisting_agent_id=session.agent_id,
    )


def submit(ctx: KioskContext, session: CitizenSession) -> SubmissionSummary:
    """Submit the session's dossier: dossier, documents, ticket, status event and print jobs at once.

    A submission whose COMMIT was lost (:class:`~db.engine.CommitInDoubt`) is looked up by its consent:
    saved → the summary as if all went well; not saved → :class:`~db.engine.DatabaseUnavailable` (DB-001, its
    plain "cannot reach the database" words, not the in-doubt ones: nothing was written); no
    answer → :class:`SubmissionInDoubt`, and the session keeps its scans (the start-up purge keeps those a
    saved dossier refers to). Any other database error happened before COMMIT: nothing was written.

    Raises:
        SubmissionRefused: The session is incomplete.
        SubmissionInDoubt: Whether the dossier was saved is not known yet.
        db.services.dossiers.DossierError: The draft was refused (the message says why).
        db.engine.DatabaseUnavailable: The database cannot be reached; nothing was written.
    """
    draft = build_draft(ctx, session)
    now = ctx.clock()
    check_plausible(now)
    try:
        result: SubmittedDossier = submit_dossier(ctx.database, draft, now=now)
    except CommitInDoubt as exc:
        saved = _saved_after_all(ctx, draft)
        if saved is False:
            # Asked again and it was not saved: say that plainly. The in-doubt error's own words ("not known
            # whether it was saved") under the review's "nothing was saved" would contradict each other.
            raise unavailable(exc.__cause__ or exc) from exc
        if saved is None:
            session.in_doubt = True
            log.warning("KIO-031 submission outcome unknown (%s); the citizen may retry safely", exc.code)
            raise SubmissionInDoubt(_(IN_DOUBT)) from exc
        result = saved
    session.in_doubt = False
    return _summary(result, draft)


def _saved_after_all(ctx: KioskContext, draft: DossierDraft) -> SubmittedDossier | bool | None:
    """Ask again whether the submission was saved: the dossier, False (not saved), or None (no answer)."""
    if draft.consent_id is None:
        return False
    for pause in DOUBT_CHECK_S:
        time.sleep(pause)
        try:
            found = find_submission(ctx.database, draft.consent_id)
        except DatabaseUnavailable:
            continue
        return found if found is not None else False
    return None


def _summary(result: SubmittedDossier, draft: DossierDraft) -> SubmissionSummary:
    return SubmissionSummary(
        dossier_id=result.dossier_id,
        reference=result.reference,
        lookup_secret=result.lookup_secret,
        appointment_at=result.appointment_at,
        ticket_number=result.ticket.number,
        people_ahead=result.ticket.people_ahead,
        counter_group=result.ticket.counter_group,
        return_method=draft.return_method,
        print_job_ids=tuple(result.print_job_ids),
    )
