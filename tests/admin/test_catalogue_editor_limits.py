"""The procedure editor takes no more than the catalogue's limits, and opens fast even for a huge stored note."""

from __future__ import annotations

import time

from sqlalchemy import update

from admin_tui.modes.catalogue_editor import WIDGET_LIMITS
from db.catalogue import service
from db.catalogue.schema import LIMITS
from db.models import ProcedureVersion
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for

CODE = "1.001193"


def _store_note(database, note: str) -> None:  # noqa: ANN001
    """Write ``note`` straight into the current version, as a database from before the limits could hold it."""
    with database.session() as s:
        version_id = service.get_procedure(s, CODE).version_id
        s.execute(update(ProcedureVersion).where(ProcedureVersion.id == version_id).values(note=note))


async def _open_editor(app, pilot) -> float:  # noqa: ANN001
    """Open the editor on ``CODE``; seconds from the key press to a filled, saveable form."""
    await sign_in(pilot, USERS["admin"])
    screen = app.screen
    await wait_for(pilot, lambda: screen.query_one("#catalogue-table").row_count > 0)
    screen.query_one("#catalogue-search").value = CODE
    await wait_for(pilot, lambda: screen.selected_code() == CODE)
    start = time.perf_counter()
    await pilot.press("e")
    await wait_for(pilot, lambda: app.screen.id == "procedure-editor"
                   and not app.screen.query_one("#editor-save").disabled)
    return time.perf_counter() - start


async def test_the_editor_opens_fast_with_a_full_length_note(staff_database, admin_app_factory) -> None:
    _store_note(staff_database, ("Ghi chú dài. " * 308)[:4000])  # the most a note may have
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        seconds = await _open_editor(app, pilot)
        editor = app.screen
        assert len(editor.query_one("#edit-note").text) == LIMITS["note"]
        assert str(editor.query_one("#editor-error").render()).strip() == ""
    print(f"\neditor open with a 4,000-character note: {seconds * 1000:.0f} ms")
    assert seconds < 3.0


async def test_a_huge_stored_note_is_shown_cut_with_a_warning(staff_database, admin_app_factory) -> None:
    _store_note(staff_database, "n" * 5_000_000)
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        seconds = await _open_editor(app, pilot)
        editor = app.screen
        assert len(editor.query_one("#edit-note").text) == LIMITS["note"]
        warning = str(editor.query_one("#editor-error").render())
        assert "note" in warning and "5000000" in warning and "4000" in warning
    print(f"\neditor open with a 5,000,000-character stored note: {seconds * 1000:.0f} ms")
    assert seconds < 3.0


async def test_inputs_are_capped_and_a_long_paste_is_refused_naming_the_field(staff_database,
                                                                              admin_app_factory) -> None:
    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor(app, pilot)
        editor = app.screen
        assert editor.query_one("#edit-name").max_length == LIMITS["name"] == WIDGET_LIMITS["name"]
        assert editor.query_one("#edit-agency").max_length == LIMITS["agency"]
        editor.query_one("#edit-note").text = "x" * (LIMITS["note"] + 1)
        await wait_for(pilot, lambda: "4000" in str(editor.query_one("#editor-error").render()))
        editor.query_one("#editor-error").update("")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "4000" in str(editor.query_one("#editor-error").render()))
        text = str(editor.query_one("#editor-error").render())
        assert "Ghi chú (note)" in text and "4001" in text
        assert app.screen is editor  # not saved, not closed
    with staff_database.read_session() as s:
        assert len(service.get_procedure(s, CODE).note) < LIMITS["note"]
