"""Dossier life (facade): status machine, scan and hand-over purge, citizen look-up, re-exported in one place.

The code lives in :mod:`db.services.dossier_flow`, :mod:`db.services.dossier_purge` and
:mod:`db.services.dossier_lookup`; import from here or from those modules.
"""

from __future__ import annotations

from db.services.dossier_flow import (
    AGENCY_RECEIVED,
    DONE_STATUSES,
    DUE_SOON,
    IN_TRANSIT,
    NEEDS_SUPPLEMENT,
    PROCESSING,
    REASON_REQUIRED,
    RECEIVED,
    REJECTED,
    RESULT_IN_TRANSIT,
    RESULT_READY,
    RETURNED,
    STATUS_LABELS,
    TRANSITIONS,
    WITHDRAWN,
    StatusChange,
    apply_handed_over,
    apply_status,
    change_status,
    deadline_flag,
    load_dossier,
    mark_handed_over,
    stale_error,
    status_label,
)
from db.services.dossier_lookup import (
    FailureLog,
    LookupResult,
    PersonDossier,
    TimelineEntry,
    find_dossier_id,
    id_failure_key,
    lookup,
    lookup_by_id_card,
    lookup_failures,
    parse_receipt_qr,
    receipt_qr_text,
    record_lookup_failure,
    reference_failure_key,
    short_reference,
)
from db.services.dossier_purge import (
    PurgeReport,
    handover_dir,
    handover_pdf_path,
    purge_due_scans,
    purge_old_handover_files,
    purge_personal_files,
    purge_scans,
)

from db.services.dossier_purge import PurgePlan, blank_payload, purge_at_start, purge_closed_scans, purge_plan, purge_print_images, purge_print_payloads  # noqa: E402, F401

from db.services.dossier_lookup import staff_lookup  # noqa: E402, F401

__all__ = [
    "AGENCY_RECEIVED", "DONE_STATUSES", "DUE_SOON", "IN_TRANSIT", "NEEDS_SUPPLEMENT", "PROCESSING", "REASON_REQUIRED",
    "RECEIVED", "REJECTED", "RESULT_IN_TRANSIT", "RESULT_READY", "RETURNED", "STATUS_LABELS", "TRANSITIONS",
    "WITHDRAWN", "FailureLog", "LookupResult", "PersonDossier", "PurgeReport", "StatusChange", "TimelineEntry",
    "apply_handed_over", "apply_status", "change_status", "deadline_flag", "find_dossier_id", "handover_dir",
    "handover_pdf_path", "id_failure_key", "load_dossier", "lookup", "lookup_by_id_card", "lookup_failures",
    "mark_handed_over", "parse_receipt_qr", "purge_due_scans", "purge_old_handover_files", "purge_personal_files",
    "purge_scans", "receipt_qr_text", "record_lookup_failure", "reference_failure_key", "short_reference",
    "stale_error", "status_label",
    "PurgePlan",
    "blank_payload",
    "purge_at_start",
    "purge_closed_scans",
    "purge_plan",
    "purge_print_images",
    "purge_print_payloads",
    "staff_lookup",
]
