"""Admin settings services: sites, kiosks, holiday overrides, retention, queue rules; every change audited.

``sites`` holds sites, kiosks, calendar overrides, test prints and staff calls; ``queues`` the queue
rule and the console calls the queue service lacks. Everything is re-exported here.
"""

from __future__ import annotations

from db.services.site_admin.queues import (
    PRIORITY_RULES,
    QueueRow,
    audit_queue_action,
    audited,
    call_ticket,
    list_queue_rows,
    record_queue_action,
    set_priority_rule,
)
from db.services.site_admin.sites import (
    KIOSK_FIELDS,
    PRINTER_SCHEMES,
    SITE_FIELDS,
    KioskRow,
    OverrideRow,
    SiteAdminError,
    SiteRow,
    acknowledge_call,
    add_kiosk,
    add_override,
    check_printer_url,
    check_public_lookup_url,
    list_kiosks,
    list_overrides,
    list_sites,
    queue_test_print,
    remove_override,
    retry_failed_jobs,
    update_kiosk,
    update_site,
)

__all__ = [
    "KIOSK_FIELDS", "PRINTER_SCHEMES", "PRIORITY_RULES", "SITE_FIELDS", "KioskRow", "OverrideRow", "QueueRow",
    "SiteAdminError", "SiteRow", "acknowledge_call", "add_kiosk", "add_override", "audit_queue_action", "audited",
    "call_ticket", "check_public_lookup_url",
    "check_printer_url", "list_kiosks", "list_overrides", "list_queue_rows", "list_sites", "queue_test_print",
    "record_queue_action", "remove_override", "retry_failed_jobs", "set_priority_rule", "update_kiosk", "update_site",
]
