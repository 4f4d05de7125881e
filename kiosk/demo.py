"""Demo-only rows: procedures the demo point refuses, so the "where to go instead" path can be seen."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models as m

#: Well-known procedures a post office does not take (both need the citizen in person at another office).
#: An empty note lets the kiosk derive "where to go" from the catalogue's agency and level.
REFUSED_AT_DEMO_SITE: tuple[tuple[str, str], ...] = (
    ("1.000894", "Ủy ban nhân dân cấp xã nơi cư trú của bên nam hoặc bên nữ (cả hai cùng đến nộp)"),
    ("2.000200", ""),
)


def seed_demo_rules(session: Session, site_id: int) -> int:
    """Mark :data:`REFUSED_AT_DEMO_SITE` as not accepted at ``site_id`` unless a rule already exists.

    An existing rule (e.g. set from the admin console) is never overwritten, so seeding twice changes nothing.

    Returns:
        Number of rules created.
    """
    created = 0
    for code, note in REFUSED_AT_DEMO_SITE:
        proc = session.scalars(select(m.Procedure).where(m.Procedure.code == code)).first()
        if proc is None:
            continue  # a trimmed catalogue: nothing to refuse
        exists = session.scalars(select(m.SiteProcedureRule.id).where(
            m.SiteProcedureRule.site_id == site_id, m.SiteProcedureRule.procedure_id == proc.id)).first()
        if exists is None:
            session.add(m.SiteProcedureRule(site_id=site_id, procedure_id=proc.id, accepted=False, redirect_note=note))
            created += 1
    session.flush()
    return created
