"""The search index is never built inside a citizen's keystroke: built at start, rebuilt in the background."""

from __future__ import annotations

import time

from db.catalogue.editing import save_procedure
from kiosk import services


def _wait(check, timeout: float = 20.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_index_is_ready_before_the_first_search_and_an_edit_is_picked_up_in_the_background(kiosk_app_factory):
    app = kiosk_app_factory()
    ctx = app.ctx
    services.warm_search(ctx)  # what the app does in a worker at start
    engine = services._engines[ctx.database]  # noqa: SLF001
    assert services.search(ctx, "khai sinh")[0].code == "1.001193"
    assert services._engines[ctx.database] is engine  # noqa: SLF001 - a search built nothing

    with ctx.database.session() as s:
        from sqlalchemy import select

        from db.models import Procedure

        proc = s.scalars(select(Procedure).where(Procedure.code == "1.001193")).one()
        record = {"name": "Đăng ký khai sinh cho trẻ em", "aliases": ["giấy khai sinh mới tinh"]}
        save_procedure(s, proc.code, record, proc.row_version, actor="test")
    started = time.perf_counter()
    hits = services.search(ctx, "khai sinh")  # the old index answers at once
    assert time.perf_counter() - started < 1.0 and hits
    _wait(lambda: services._engines[ctx.database] is not engine)  # noqa: SLF001 - swapped in by the worker
    assert services.search(ctx, "moi tinh")[0].code == "1.001193"


def test_a_new_site_rule_is_seen_by_the_next_search(kiosk_app_factory):
    from db.models import Procedure, SiteProcedureRule

    app = kiosk_app_factory()
    ctx = app.ctx
    assert services.search(ctx, "khai sinh")[0].accepted
    with ctx.database.session() as s:
        from sqlalchemy import select

        proc = s.scalars(select(Procedure).where(Procedure.code == "1.001193")).one()
        s.add(SiteProcedureRule(site_id=ctx.site_id, procedure_id=proc.id, accepted=False,
                                redirect_note="Nộp tại UBND phường"))
    hit = services.search(ctx, "khai sinh")[0]
    assert hit.code == "1.001193" and not hit.accepted and hit.redirect_note == "Nộp tại UBND phường"
