"""Start-up scan clean-up: seconds for N leftover folders and M kept page paths (linear, not N×M).

Run: ``.venv/bin/python -m bench.purge_scans_bench [--folders 10000] [--kept 20000]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from core.settings import Settings  # noqa: E402
from db.engine import Database  # noqa: E402
from db.migrate import ensure_ready  # noqa: E402
from db.models import Dossier, DossierDocument  # noqa: E402
from kiosk.run import purge_scans  # noqa: E402
from tests.kiosk.test_shell_units import _submit_with_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folders", type=int, default=10_000)
    parser.add_argument("--kept", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        database = Database(settings.database_url)
        ensure_ready(database, settings)
        _submit_with_pages(database, [])
        with database.session() as s:
            dossier_id = s.scalars(select(Dossier.id)).first()
        root = settings.scans_dir
        kept = [root / f"kept-{i % (args.folders // 2 or 1)}" / f"doc-{i}" / "page-1.png" for i in range(args.kept)]
        with database.session() as s:
            s.execute(insert(DossierDocument), [
                {"dossier_id": dossier_id, "position": 100 + i, "name": "x", "scan_path": str(p.parent)}
                for i, p in enumerate(kept)])
        for i in range(args.folders):
            (root / (f"kept-{i}" if i < args.folders // 2 else f"stale-{i}")).mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        removed = purge_scans(settings, database)
        seconds = time.perf_counter() - started
        database.dispose()
    print(f"folders: {args.folders}, kept paths: {args.kept}, removed: {removed}, seconds: {seconds:.2f}")


if __name__ == "__main__":
    main()
