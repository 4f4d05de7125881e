"""S10 tracking series per site, dossiers.tracking_number, delivery attempts, label/hand-over print kinds

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 15:12:02

Issue 14 (home delivery). Reviewed by hand: the new tables start empty; ``dossiers.tracking_number`` is NULL
for existing rows (unique, so two dossiers never share a number); ``sites.delivery_max_attempts`` gets the
server default 3 for existing sites; ``print_jobs.kind`` widens to 16 characters and its check constraint
admits ``label`` and ``handover_list``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD_KINDS = "kind IN ('ticket', 'receipt', 'test')"
NEW_KINDS = "kind IN ('ticket', 'receipt', 'test', 'label', 'handover_list')"


def _print_kinds(old_length: int, new_length: int, check: str) -> None:
    """Resize ``print_jobs.kind`` and replace its check constraint."""
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_print_jobs_kind"), type_="check")
        batch_op.alter_column("kind", existing_type=sa.String(length=old_length), type_=sa.String(length=new_length),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f("ck_print_jobs_kind"), sa.text(check))


def upgrade() -> None:
    """Add the tracking series, delivery attempts, the dossier's tracking number and the new print kinds."""
    op.create_table('tracking_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=2), nullable=False),
    sa.Column('first_serial', sa.Integer(), nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('last_used', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.CheckConstraint('first_serial <= last_serial', name=op.f('ck_tracking_series_range')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_tracking_series_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracking_series'))
    )
    with op.batch_alter_table('tracking_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracking_series_site_id'), ['site_id'], unique=False)

    op.create_table('delivery_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('attempt_no', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('tracking_number', sa.String(length=13), nullable=True),
    sa.Column('receiver_name', sa.String(length=200), nullable=False),
    sa.Column('receiver_relation', sa.String(length=80), nullable=False),
    sa.Column('receiver_id_last4', sa.String(length=4), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('next_attempt_on', sa.Date(), nullable=True),
    sa.Column('status_event_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("outcome IN ('delivered', 'not_delivered', 'returned_to_counter')", name=op.f('ck_delivery_attempts_outcome')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_delivery_attempts_dossier_id_dossiers')),
    sa.ForeignKeyConstraint(['status_event_id'], ['status_events.id'], name=op.f('fk_delivery_attempts_status_event_id_status_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_attempts')),
    sa.UniqueConstraint('dossier_id', 'attempt_no', name=op.f('uq_delivery_attempts_dossier_id'))
    )
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_attempts_dossier_id'), ['dossier_id'], unique=False)

    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tracking_number', sa.String(length=13), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_dossiers_tracking_number'), ['tracking_number'])

    _print_kinds(12, 16, NEW_KINDS)

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_max_attempts', sa.Integer(), server_default='3', nullable=False))



def downgrade() -> None:
    """Back to 0004: label and hand-over list jobs are dropped (they cannot be stored by 0004)."""
    op.execute("DELETE FROM print_jobs WHERE kind IN ('label', 'handover_list')")
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('delivery_max_attempts')

    _print_kinds(16, 12, OLD_KINDS)

    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_dossiers_tracking_number'), type_='unique')
        batch_op.drop_column('tracking_number')

    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_attempts_dossier_id'))

    op.drop_table('delivery_attempts')
    with op.batch_alter_table('tracking_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracking_series_site_id'))

    op.drop_table('tracking_series')
