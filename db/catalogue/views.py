"""Read-only views of procedures that the kiosk and the admin console display."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.catalogue.messages import _


@dataclass(frozen=True)
class DocumentView:
    """One document of the dossier: originals, copies, required or conditional (with the condition)."""

    id: int
    position: int
    name: str
    originals: int
    copies: int
    required: bool
    condition: str


@dataclass(frozen=True)
class ProcedureDetail:
    """A procedure at one version (normally the current one), with documents and colloquial names.

    ``record`` is the canonical record (the import/export format); hand a modified copy of it to
    ``save_procedure`` together with ``row_version``.
    """

    id: int
    code: str
    national_code: str | None
    active: bool
    popularity: int
    row_version: int
    version_id: int
    version_no: int
    current_version_no: int
    name: str
    field: str
    level: str
    agency: str
    online_level: str
    postal_allowed: bool
    postal_note: str
    personal_presence: bool
    processing_days: int | None
    cutoff_time: str | None
    fee_vnd: int | None
    fee_text: str
    channels: dict[str, Any]
    result: str
    note: str
    sources: list[str]
    documents: list[DocumentView]
    aliases: list[str]
    created_at: datetime | None = None
    created_by: str = ""
    record: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def fee_display(self) -> str:
        """Fee as citizens read it (``core.fees.fee_label``, the product's one fee label)."""
        from core.fees import fee_label

        return fee_label(self.fee_vnd, self.fee_text)


@dataclass(frozen=True)
class ProcedureSummary:
    """One row of the admin console's procedure list."""

    id: int
    code: str
    name: str
    field: str
    level: str
    postal_allowed: bool
    active: bool
    version_no: int
    row_version: int
    popularity: int
    alias_count: int


@dataclass(frozen=True)
class Page:
    """A page of a list plus the total number of matching rows."""

    items: list[ProcedureSummary]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a procedure's version history."""

    version_id: int
    version_no: int
    name: str
    created_at: datetime
    created_by: str
    current: bool
    dossier_count: int


@dataclass(frozen=True)
class SiteRule:
    """Whether a site accepts a procedure; when not, where the citizen should go instead."""

    site_id: int
    procedure_id: int
    accepted: bool
    redirect_note: str
    explicit: bool  # False when no rule exists (sites accept every procedure by default)
