"""Turn a citizen session into a dossier draft and submit it in one transaction (called from a worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import KioskError
from db.services.dossiers import DocumentDraft, DossierDraft, SubmittedDossier, submit_dossier
from kiosk.context import KioskContext
from kiosk.state import CitizenSession


class SubmissionRefused(KioskError):
    """The session is not complete enough to submit (a step was skipped)."""

    code = "KIO-020"


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

    Raises:
        SubmissionRefused: The session is incomplete.
        db.services.dossiers.DossierError: The draft was refused (the message says why).
        db.engine.DatabaseUnavailable: The database cannot be reached; nothing was written.
    """
    draft = build_draft(ctx, session)
    result: SubmittedDossier = submit_dossier(ctx.database, draft, now=ctx.clock())
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
