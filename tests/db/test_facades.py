"""Split service modules keep their old import paths: the facades re-export every public name as is."""

from __future__ import annotations

import importlib

import pytest

SPLITS = {
    "db.services.accounts": ["db.services.staff_auth", "db.services.user_admin"],
    "db.services.dossier_status": ["db.services.dossier_flow", "db.services.dossier_purge",
                                   "db.services.dossier_lookup"],
    "db.services.dossier_admin": ["db.services.dossier_handover"],
}


def _public(module) -> set[str]:  # noqa: ANN001
    return {name for name, value in vars(module).items() if not name.startswith("_")
            and getattr(value, "__module__", module.__name__) == module.__name__ and callable(value)}


@pytest.mark.parametrize("facade", sorted(SPLITS))
def test_facade_reexports_the_split_modules(facade: str) -> None:
    front = importlib.import_module(facade)
    for name in SPLITS[facade]:
        part = importlib.import_module(name)
        for attr in _public(part):
            assert getattr(front, attr, None) is getattr(part, attr), f"{facade}.{attr} missing"
            assert attr in front.__all__

