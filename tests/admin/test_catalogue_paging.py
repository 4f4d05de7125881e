"""10,000 procedures: the catalogue table loads one page at a time and stays fast (search and filters too)."""

from __future__ import annotations

import time

import pytest

from admin_tui.modes.catalogue import PAGE_SIZE
from admin_tui.modes.catalogue_data import AdminSearch, CatalogueQuery, load_page
from db.catalogue import bulk
from db.catalogue.schema import normalise
from db.engine import Database
from tests.fixtures.admin_app import SIZE, USERS, sign_in, wait_for

N = 10_000
FIELDS = ("Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Lao động")


def _fill(database: Database) -> None:
    records = []
    for i in range(N):
        record, issues = normalise({
            "code": f"X-{i:05d}", "name": f"Thủ tục thử số {i} cấp giấy phép", "field": FIELDS[i % 5],
            "level": ("xã", "tỉnh", "trung ương")[i % 3], "postal_allowed": i % 2 == 0,
            "aliases": [f"tên gọi {i}"], "documents": [{"name": "Tờ khai"}]}, 0)
        assert not issues
        records.append(record)
    with database.session() as s:
        bulk.insert_records(s, records, "test")


@pytest.mark.slow
async def test_ten_thousand_procedures_page_quickly(staff_database, admin_app_factory) -> None:
    _fill(staff_database)
    search = AdminSearch()
    timings = {}
    for name, query in {"first": CatalogueQuery(), "middle": CatalogueQuery(offset=5000),
                        "filtered": CatalogueQuery(field="Đất đai", level="tỉnh", postal=True, offset=100),
                        "search": CatalogueQuery(text="giay phep 4242")}.items():
        staff_database.run(search.get, read_only=True)  # index built once per catalogue change, not per page
        start = time.perf_counter()
        page = staff_database.run(lambda s, q=query: load_page(s, q, search), read_only=True)
        timings[name] = time.perf_counter() - start
        assert page.items and len(page.items) <= query.limit
    assert page.items[0].code == "X-04242"
    print({k: f"{v * 1000:.0f} ms" for k, v in timings.items()})
    assert max(timings.values()) < 2.0  # measured ~30–400 ms on a loaded 2-core box

    app = admin_app_factory(staff_database)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, USERS["admin"])
        screen = app.screen
        table = screen.query_one("#catalogue-table")
        await wait_for(pilot, lambda: table.row_count == PAGE_SIZE)
        assert screen.query_one("#catalogue-pager").total >= N
        table.focus()
        start = time.perf_counter()
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: screen.query_one("#catalogue-pager").first_row == PAGE_SIZE
                       and table.row_count == PAGE_SIZE)
        assert time.perf_counter() - start < 3.0
        screen.query_one("#catalogue-search").value = "giay phep 4242"
        await wait_for(pilot, lambda: screen.selected_code() == "X-04242", timeout=20)
