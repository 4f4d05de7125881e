"""Admin dossier search with hostile text (issue 11): a lone surrogate (a half character pasted into the search
box) is dropped instead of raising UnicodeEncodeError in the driver, on both databases."""

from __future__ import annotations

import pytest

from db.engine import Database
from tests.admin.test_dossiers_service import find, three  # noqa: F401 - fixture used by name


@pytest.mark.parametrize("text", ["\ud800", "Nguy\udfffễn", "\ud83d", "001\ud800090123456", "\ud800-\udc00."])
def test_a_lone_surrogate_in_the_search_is_dropped(database: Database, three: list[int], text: str) -> None:  # noqa: F811
    page = find(database, text)
    names = {row.applicant_name for row in page.items}
    if text == "Nguy\udfffễn":
        assert names == {"Nguyễn Văn An"}
    elif text.startswith("001"):
        assert page.total == 1
    else:
        assert page.total == 0


def test_a_real_pair_still_searches(database: Database, three: list[int]) -> None:  # noqa: F811
    assert find(database, "\ud83d\ude00").total == 0  # an emoji: no dossier, no error
