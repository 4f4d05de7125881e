"""SQLAlchemy 2 typed models for sites, catalogue, dossiers, queues, printing, devices and accounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations are stable on both databases."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


# --- Sites and kiosks -------------------------------------------------------------------------


class Site(Base):
    """A service point (post office, one-stop centre) that receives dossiers."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[str] = mapped_column(String(40))  # document-exchange code for dossier references
    address: Mapped[str] = mapped_column(String(300), default="")
    hotline: Mapped[str] = mapped_column(String(40), default="")
    opening_days: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")  # ISO weekdays
    opening_hours: Mapped[str] = mapped_column(String(80), default="07:30-11:30,13:30-17:00")
    scan_retention_days: Mapped[int] = mapped_column(Integer, default=0)
    # Printed QR codes carry this address (with the reference) when set; empty prints the bare code.
    public_lookup_url: Mapped[str] = mapped_column(String(300), default="")
    voice_guidance: Mapped[bool] = mapped_column(Boolean, default=False)  # spoken step instructions
    # Failed home-delivery attempts after which a result goes back to the counter (issue 14).
    delivery_max_attempts: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    kiosks: Mapped[list[Kiosk]] = relationship(back_populates="site")


class Kiosk(Base):
    """A kiosk terminal at a site, with its printer and camera."""

    __tablename__ = "kiosks"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200), default="")
    printer_url: Mapped[str] = mapped_column(String(300), default="virtual://")
    camera_source: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The install running as this kiosk (kiosk.identity): its generated id, machine name, start and lease. A
    # second install claiming the kiosk while this lease is fresh is refused at start (KIO-060).
    instance_id: Mapped[str | None] = mapped_column(String(64))
    instance_host: Mapped[str] = mapped_column(String(80), default="")
    instance_started_at: Mapped[datetime | None] = mapped_column()
    instance_lease_until: Mapped[datetime | None] = mapped_column()
    site: Mapped[Site] = relationship(back_populates="kiosks")


class HolidayOverride(Base):
    """An extra day off or a make-up working day, for all sites (site_id NULL) or one site."""

    __tablename__ = "holiday_overrides"
    __table_args__ = (
        UniqueConstraint("site_id", "day"),
        CheckConstraint("kind IN ('off', 'work')", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200), default="")


# --- Catalogue --------------------------------------------------------------------------------


class Procedure(Base):
    """Stable identity of an administrative procedure; its content lives in versions."""

    __tablename__ = "procedures"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)  # national code, local suffix or local code
    national_code: Mapped[str | None] = mapped_column(String(20), index=True)  # D.NNNNNN when known
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    current_version_no: Mapped[int] = mapped_column(Integer, default=1)
    popularity: Mapped[int] = mapped_column(Integer, default=0)  # used to list most-used first
    row_version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic locking for editors
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    versions: Mapped[list[ProcedureVersion]] = relationship(
        back_populates="procedure", order_by="ProcedureVersion.version_no"
    )
    aliases: Mapped[list[ProcedureAlias]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": row_version}


class ProcedureVersion(Base):
    """One immutable version of a procedure's content; dossiers point at the version they used."""

    __tablename__ = "procedure_versions"
    __table_args__ = (UniqueConstraint("procedure_id", "version_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    field: Mapped[str] = mapped_column(String(200), index=True)  # lĩnh vực
    level: Mapped[str] = mapped_column(String(20))  # trung ương | tỉnh | xã
    agency: Mapped[str] = mapped_column(String(300), default="")
    online_level: Mapped[str] = mapped_column(String(40), default="")  # toàn trình | một phần
    postal_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    postal_note: Mapped[str] = mapped_column(Text, default="")
    personal_presence: Mapped[bool] = mapped_column(Boolean, default=False)
    processing_days: Mapped[int | None] = mapped_column(Integer)  # working days; 0 same day; None unknown
    cutoff_time: Mapped[str | None] = mapped_column(String(5))  # "15:00": later receipts count from next day
    fee_vnd: Mapped[int | None] = mapped_column(BigInteger)  # single amount, 0 = free
    fee_text: Mapped[str] = mapped_column(Text, default="")  # rule when no single amount applies
    channels: Mapped[dict[str, Any]] = mapped_column(default=dict)  # per channel: days, fee
    result: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="seed")
    procedure: Mapped[Procedure] = relationship(back_populates="versions")
    documents: Mapped[list[DocumentRequirement]] = relationship(
        back_populates="version", order_by="DocumentRequirement.position", cascade="all, delete-orphan"
    )


class DocumentRequirement(Base):
    """A document of a procedure version's dossier (originals/copies, required or conditional)."""

    __tablename__ = "document_requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    originals: Mapped[int] = mapped_column(Integer, default=1)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    condition: Mapped[str] = mapped_column(Text, default="")  # when conditional: in which case
    version: Mapped[ProcedureVersion] = relationship(back_populates="documents")


class ProcedureAlias(Base):
    """A colloquial name, abbreviation or common phrasing citizens use for a procedure."""

    __tablename__ = "procedure_aliases"
    __table_args__ = (UniqueConstraint("procedure_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    procedure: Mapped[Procedure] = relationship(back_populates="aliases")


class SiteProcedureRule(Base):
    """Whether a site accepts a procedure; when not, where the citizen should go instead."""

    __tablename__ = "site_procedure_rules"
    __table_args__ = (UniqueConstraint("site_id", "procedure_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    redirect_note: Mapped[str] = mapped_column(Text, default="")


# --- Numbering ----------------------------------------------------------------------------------


class Counter(Base):
    """A sequence row advanced by one atomic upsert ... RETURNING (tickets, dossier references)."""

    __tablename__ = "counters"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # "ticket" | "dossier"
    scope: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<site>:<queue prefix>" | unit code
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # business day, Asia/Ho_Chi_Minh
    value: Mapped[int] = mapped_column(Integer)


# --- Queues and tickets -------------------------------------------------------------------------


class Queue(Base):
    """A queue at a site: one per field or counter group, with a ticket prefix."""

    __tablename__ = "queues"
    __table_args__ = (UniqueConstraint("site_id", "prefix"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    prefix: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(200))
    fields: Mapped[list[Any]] = mapped_column(default=list)  # lĩnh vực served; empty = general
    counter_group: Mapped[str] = mapped_column(String(80), default="")
    priority_rule: Mapped[str] = mapped_column(String(10), default="strict")  # strict | every_n
    priority_every_n: Mapped[int] = mapped_column(Integer, default=3)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Ticket(Base):
    """A queue ticket: prefix + 3-digit sequence per business day, optional priority and reason."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("site_id", "business_day", "number"),
        Index("ix_tickets_queue_state", "queue_id", "business_day", "state"),
        CheckConstraint("state IN ('waiting', 'called', 'serving', 'done', 'no_show')", name="state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"))
    business_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(12))  # "HT-012"
    priority_class: Mapped[str | None] = mapped_column(String(40))
    priority_reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="waiting")  # waiting|called|serving|done|no_show
    counter: Mapped[str] = mapped_column(String(40), default="")
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column()
    served_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


# --- Dossiers -----------------------------------------------------------------------------------


class Dossier(Base):
    """A dossier received at a point, with its reference, lookup secret and deadline."""

    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)  # <unit>-<YYMMDD>-<NNNN>
    lookup_secret: Mapped[str] = mapped_column(String(8))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"))
    procedure_version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"))
    assisting_agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applicant_name: Mapped[str] = mapped_column(String(200), index=True)
    applicant_id_number: Mapped[str] = mapped_column(String(12), index=True)
    applicant_old_id: Mapped[str] = mapped_column(String(12), default="")
    applicant_id_issued_on: Mapped[date | None] = mapped_column(Date)  # CCCD issue date (QR or agent)
    applicant_dob: Mapped[date | None] = mapped_column(Date)
    applicant_sex: Mapped[str] = mapped_column(String(4), default="")
    applicant_address: Mapped[str] = mapped_column(Text, default="")
    applicant_phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    applicant_email: Mapped[str] = mapped_column(String(200), default="")
    return_method: Mapped[str] = mapped_column(String(10), default="counter")  # counter | post
    delivery_address: Mapped[str] = mapped_column(Text, default="")
    sets_count: Mapped[int] = mapped_column(Integer, default=1)
    fee_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), default="received", index=True)
    agency_code: Mapped[str] = mapped_column(String(80), default="")  # official code at the agency
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    clock_paused_at: Mapped[datetime | None] = mapped_column()  # deadline stopped (needs supplement)
    returned_at: Mapped[datetime | None] = mapped_column()
    handed_over_at: Mapped[datetime | None] = mapped_column()  # scans purged after this
    # UPU S10 number of the result sent by post, stored when its address label is first printed (never reused).
    tracking_number: Mapped[str | None] = mapped_column(String(13), unique=True)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", order_by="DossierDocument.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="dossier", order_by="StatusEvent.at", cascade="all, delete-orphan"
    )
    procedure_version: Mapped[ProcedureVersion] = relationship()
    __mapper_args__ = {"version_id_col": row_version}


class TrackingSeries(Base):
    """A site's series of S10 tracking numbers (``core.s10.SerialRange``) and the last serial drawn from it."""

    __tablename__ = "tracking_series"
    __table_args__ = (CheckConstraint("first_serial <= last_serial", name="range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(2))  # service indicator, e.g. "RR"
    first_serial: Mapped[int] = mapped_column(Integer)
    last_serial: Mapped[int] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(2), default="VN")
    last_used: Mapped[int | None] = mapped_column(Integer)  # None before the first number
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # one active series per site
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")


class DeliveryAttempt(Base):
    """One home-delivery attempt of a dossier's result: delivered, not delivered, or sent back to the counter."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (
        UniqueConstraint("dossier_id", "attempt_no"),  # two consoles recording at once: one wins
        CheckConstraint("outcome IN ('delivered', 'not_delivered', 'returned_to_counter')", name="outcome"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    attempt_no: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
    tracking_number: Mapped[str | None] = mapped_column(String(13))
    receiver_name: Mapped[str] = mapped_column(String(200), default="")
    receiver_relation: Mapped[str] = mapped_column(String(80), default="")
    receiver_id_last4: Mapped[str] = mapped_column(String(4), default="")
    reason: Mapped[str] = mapped_column(String(40), default="")  # no_one_home | wrong_address | refused | other
    note: Mapped[str] = mapped_column(Text, default="")
    next_attempt_on: Mapped[date | None] = mapped_column(Date)
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"))


class HandoverBatch(Base):
    """A courier run: dossiers for one agency and day carried together under one batch code."""

    __tablename__ = "handover_batches"
    __table_args__ = (
        CheckConstraint("direction IN ('outbound', 'return')", name="direction"),
        CheckConstraint("state IN ('open', 'closed', 'received', 'reversed')", name="state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # printed as Code128 and QR
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10), default="outbound")
    agency: Mapped[str] = mapped_column(String(300), default="")
    day: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by: Mapped[str] = mapped_column(String(80), default="")
    received_at: Mapped[datetime | None] = mapped_column()
    received_by: Mapped[str] = mapped_column(String(80), default="")
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    items: Mapped[list[HandoverBatchItem]] = relationship(order_by="HandoverBatchItem.id")
    __mapper_args__ = {"version_id_col": row_version}


class HandoverBatchItem(Base):
    """A dossier in a batch; ``open_dossier_id`` (unique) is set while the batch is open, so never two open."""

    __tablename__ = "handover_batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "dossier_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("handover_batches.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    open_dossier_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    missing_at: Mapped[datetime | None] = mapped_column()  # not in the box at arrival: a staff alert
    missing_by: Mapped[str] = mapped_column(String(80), default="")
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str] = mapped_column(String(80), default="")


class DossierDocument(Base):
    """A document handed in or scanned for a dossier; scan files are purged after hand-over."""

    __tablename__ = "dossier_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    requirement_id: Mapped[int | None] = mapped_column(ForeignKey("document_requirements.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    at_counter: Mapped[bool] = mapped_column(Boolean, default=False)  # original handed over at the counter
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    scan_path: Mapped[str | None] = mapped_column(Text)  # folder of page images; NULL once purged
    file_hash: Mapped[str] = mapped_column(String(64), default="")  # sha256 of the pages, kept after purge
    purged_at: Mapped[datetime | None] = mapped_column()
    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class StatusEvent(Base):
    """One status change of a dossier: time, actor, note (never overwritten)."""

    __tablename__ = "status_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)  # e.g. missing documents
    dossier: Mapped[Dossier] = relationship(back_populates="events")


class Consent(Base):
    """An explicit consent (or refusal) to process personal data, with the notice text version."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"))
    purpose: Mapped[str] = mapped_column(String(80))
    text_version: Mapped[str] = mapped_column(String(40))
    accepted: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Rating(Base):
    """A satisfaction rating: Rất hài lòng / Hài lòng / Không hài lòng, optional criteria and comment."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    level: Mapped[str] = mapped_column(String(20))  # very_satisfied | satisfied | unsatisfied
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# --- Printing and devices -----------------------------------------------------------------------


class PrintJob(Base):
    """A print outbox row: written with the dossier/ticket, sent by the kiosk's print worker."""

    __tablename__ = "print_jobs"
    __table_args__ = (
        Index("ix_print_jobs_kiosk_state", "kiosk_id", "state"),
        CheckConstraint("state IN ('pending', 'sending', 'done', 'failed', 'maybe_printed')", name="state"),
        CheckConstraint("kind IN ('ticket', 'receipt', 'test', 'label', 'handover_list')", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"))
    kind: Mapped[str] = mapped_column(String(16))  # ticket | receipt | test | label | handover_list
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)  # layout data, rendered at send time
    # pending | sending | done | failed | maybe_printed (see db.services.outbox)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_outcome: Mapped[str] = mapped_column(String(20), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()  # when a worker took it (marked "sending")
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # kiosk instance that took it (kiosk.identity)
    lease_until: Mapped[datetime | None] = mapped_column()  # another instance of the kiosk waits until then
    printed_at: Mapped[datetime | None] = mapped_column()


class DeviceHeartbeat(Base):
    """Latest device state of a kiosk (one row per kiosk, upserted every few seconds)."""

    __tablename__ = "device_heartbeats"
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    printer_online: Mapped[bool | None] = mapped_column(Boolean)
    printer_paper: Mapped[str] = mapped_column(String(10), default="unknown")  # ok|near_end|out|unknown
    printer_cover_open: Mapped[bool | None] = mapped_column(Boolean)
    printer_error: Mapped[str | None] = mapped_column(Text)
    camera_state: Mapped[str] = mapped_column(String(20), default="unknown")  # ok | missing | demo | ...
    camera_fps: Mapped[float | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    pending_jobs: Mapped[int] = mapped_column(Integer, default=0)
    app_version: Mapped[str] = mapped_column(String(40), default="")


class StaffCall(Base):
    """A kiosk asked for staff (citizen tapped "call staff", or a printer fault needs a person)."""

    __tablename__ = "staff_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"))
    reason: Mapped[str] = mapped_column(String(40))  # citizen | printer | camera | ...
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    acknowledged_by: Mapped[str] = mapped_column(String(80), default="")


class LookupFailure(Base):
    """A failed dossier look-up, counted per kiosk and per reference so secrets cannot be guessed."""

    __tablename__ = "lookup_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"), index=True)
    reference_key: Mapped[str] = mapped_column(String(60), default="", index=True)  # normalised reference


# --- Accounts and audit -------------------------------------------------------------------------


class User(Base):
    """A staff account: admin, agent or technician; argon2 password, optional agent PIN and badge."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'agent', 'technician')", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(Text)
    pin_hash: Mapped[str | None] = mapped_column(Text)
    badge_code: Mapped[str | None] = mapped_column(String(80), unique=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only record of every change: who, when, what, before/after."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(80), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
