"""CCCD issue date on dossiers, site public look-up URL and voice flag, look-up failure log

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 13:10:00

Hand-written on top of 0002 so databases already in service keep their rows (server defaults fill the
new NOT NULL columns of existing sites).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the columns and the table."""
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("public_lookup_url", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("voice_guidance", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("applicant_id_issued_on", sa.Date(), nullable=True))
    op.create_table(
        "lookup_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kiosk_id", sa.Integer(), nullable=True),
        sa.Column("reference_key", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosks.id"], name=op.f("fk_lookup_failures_kiosk_id_kiosks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lookup_failures")),
    )
    op.create_index(op.f("ix_lookup_failures_at"), "lookup_failures", ["at"], unique=False)
    op.create_index(op.f("ix_lookup_failures_kiosk_id"), "lookup_failures", ["kiosk_id"], unique=False)
    op.create_index(op.f("ix_lookup_failures_reference_key"), "lookup_failures", ["reference_key"], unique=False)


def downgrade() -> None:
    """Drop the table and the columns."""
    op.drop_index(op.f("ix_lookup_failures_reference_key"), table_name="lookup_failures")
    op.drop_index(op.f("ix_lookup_failures_kiosk_id"), table_name="lookup_failures")
    op.drop_index(op.f("ix_lookup_failures_at"), table_name="lookup_failures")
    op.drop_table("lookup_failures")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("applicant_id_issued_on")
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("voice_guidance")
        batch.drop_column("public_lookup_url")
