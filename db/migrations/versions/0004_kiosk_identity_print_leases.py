"""Kiosk identity (the install running as a kiosk, with a lease) and exactly-once printing (claimed_by,
lease_until, state maybe_printed)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-12 10:00:00

Hand-written on top of 0003 so databases in service keep their rows: the new kiosk columns are empty (no
install holds a kiosk until it starts), ``instance_host`` gets a server default; ``print_jobs.state`` widens
to 20 characters and its check constraint admits ``maybe_printed``. A job an older release left ``sending``
has no ``claimed_by``: the first kiosk start after the upgrade holds it as ``maybe_printed`` for staff.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = "state IN ('pending', 'sending', 'done', 'failed')"
NEW_STATES = "state IN ('pending', 'sending', 'done', 'failed', 'maybe_printed')"


def upgrade() -> None:
    """Add the kiosk instance columns and the print job lease; admit the ``maybe_printed`` state."""
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("instance_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("instance_host", sa.String(length=80), nullable=False, server_default=""))
        batch.add_column(sa.Column("instance_started_at", db.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("instance_lease_until", db.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("print_jobs") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("lease_until", db.types.UTCDateTime(timezone=True), nullable=True))
        batch.drop_constraint(op.f("ck_print_jobs_state"), type_="check")
        batch.alter_column("state", existing_type=sa.String(length=10), type_=sa.String(length=20),
                           existing_nullable=False)
        batch.create_check_constraint(op.f("ck_print_jobs_state"), sa.text(NEW_STATES))


def downgrade() -> None:
    """Back to 0003: maybe-printed jobs become ``failed`` (held for staff), the new columns go."""
    op.execute("UPDATE print_jobs SET state = 'failed', last_outcome = 'maybe_printed' "
               "WHERE state = 'maybe_printed'")
    with op.batch_alter_table("print_jobs") as batch:
        batch.drop_constraint(op.f("ck_print_jobs_state"), type_="check")
        batch.alter_column("state", existing_type=sa.String(length=20), type_=sa.String(length=10),
                           existing_nullable=False)
        batch.create_check_constraint(op.f("ck_print_jobs_state"), sa.text(OLD_STATES))
        batch.drop_column("lease_until")
        batch.drop_column("claimed_by")
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_column("instance_lease_until")
        batch.drop_column("instance_started_at")
        batch.drop_column("instance_host")
        batch.drop_column("instance_id")
