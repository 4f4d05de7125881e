"""Hand-over batches (courier runs) and their items

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 19:20:00

Issue 14 (courier runs). Hand-written: two new empty tables. ``handover_batch_items.open_dossier_id`` is unique
and set only while the batch is open, so the database itself refuses a dossier in two open batches.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the batch and batch item tables."""
    op.create_table(
        "handover_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("agency", sa.String(length=300), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("closed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=80), nullable=False),
        sa.Column("received_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.String(length=80), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("direction IN ('outbound', 'return')", name=op.f("ck_handover_batches_direction")),
        sa.CheckConstraint("state IN ('open', 'closed', 'received', 'reversed')",
                           name=op.f("ck_handover_batches_state")),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_handover_batches_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_batches")),
        sa.UniqueConstraint("code", name=op.f("uq_handover_batches_code")),
    )
    with op.batch_alter_table("handover_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_batches_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handover_batches_state"), ["state"], unique=False)
    op.create_table(
        "handover_batch_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("open_dossier_id", sa.Integer(), nullable=True),
        sa.Column("missing_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("missing_by", sa.String(length=80), nullable=False),
        sa.Column("resolved_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["handover_batches.id"],
                                name=op.f("fk_handover_batch_items_batch_id_handover_batches")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"],
                                name=op.f("fk_handover_batch_items_dossier_id_dossiers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_batch_items")),
        sa.UniqueConstraint("batch_id", "dossier_id", name=op.f("uq_handover_batch_items_batch_id")),
        sa.UniqueConstraint("open_dossier_id", name=op.f("uq_handover_batch_items_open_dossier_id")),
    )
    with op.batch_alter_table("handover_batch_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_batch_items_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handover_batch_items_dossier_id"), ["dossier_id"], unique=False)


def downgrade() -> None:
    """Drop the batch tables."""
    op.drop_table("handover_batch_items")
    op.drop_table("handover_batches")
